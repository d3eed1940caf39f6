//go:build tinygo

// perf_event_count: perf_event program attached to a software perf event: counts the
// samples per process (tgid) and keeps the sample period it was given. The context is
// struct bpf_perf_event_data: the sampled registers (x86-64 struct pt_regs, 21 u64s),
// then sample_period and addr.
package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypeHash = 1

	bpfNoexist = 1
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

// bpfPerfEventData: struct bpf_perf_event_data (linux/bpf_perf_event.h) on x86-64.
type bpfPerfEventData struct {
	Regs         [21]uint64 // offset 0: struct pt_regs
	SamplePeriod uint64     // offset 168
	Addr         uint64     // offset 176
}

type sampleStats struct {
	Samples uint64
	Period  uint64
}

// samplesByTgid: tgid -> {samples, last sample_period}. HASH, u32 -> 16 bytes.
var samplesByTgid = bpfMapDef{Type: bpfMapTypeHash, KeySize: 4, ValueSize: 16, MaxEntries: 64}

//go:extern bpf_get_current_pid_tgid
func bpfGetCurrentPidTgid() uint64

//go:extern bpf_map_lookup_elem
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:extern bpf_map_update_elem
func bpfMapUpdateElem(m unsafe.Pointer, key, value unsafe.Pointer, flags uint64) int64

//export perf_event_count
func perf_event_count(ctx unsafe.Pointer) int32 {
	data := (*bpfPerfEventData)(ctx)
	tgid := uint32(bpfGetCurrentPidTgid() >> 32)
	if s := (*sampleStats)(bpfMapLookupElem(unsafe.Pointer(&samplesByTgid), unsafe.Pointer(&tgid))); s != nil {
		atomic.AddUint64(&s.Samples, 1)
		s.Period = data.SamplePeriod
		return 0
	}
	first := sampleStats{Samples: 1, Period: data.SamplePeriod}
	bpfMapUpdateElem(unsafe.Pointer(&samplesByTgid), unsafe.Pointer(&tgid), unsafe.Pointer(&first), bpfNoexist)
	return 0
}

func main() {}
