//go:build tinygo

// timer_value: a map value holding a bpf_timer (which needs the value's BTF type). Each
// packet the XDP program sees arms the timer of timers[0] to fire 1 ms later; the callback
// counts its runs and stores the packet count it saw. Tracing programs may not use
// bpf_timer, so this is XDP, run with BPF_PROG_TEST_RUN.
package main

import "unsafe"

const (
	xdpPass = 2

	clockMonotonic = 1
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

// bpf_timer: the kernel's struct bpf_timer (16 bytes, 8-aligned); the name makes it that
// struct in BTF.
type bpf_timer struct {
	Opaque [2]uint64
}

type timerValue struct {
	Timer   bpf_timer
	Packets uint64 // packets seen by the program
	Fired   uint64 // runs of the callback
	Seen    uint64 // Packets when the callback last ran
}

// timers: ARRAY, u32 -> timerValue, one entry (libbpf's pointer-field spelling).
var timers struct {
	Type       *[2]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *timerValue
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

func bpfTimerInit(timer unsafe.Pointer, m unsafe.Pointer, flags uint64) int64

func bpfTimerSetCallback(timer unsafe.Pointer, callback func(m, key, value unsafe.Pointer) int64) int64

func bpfTimerStart(timer unsafe.Pointer, nsecs uint64, flags uint64) int64

func fired(m, key, value unsafe.Pointer) int64 {
	v := (*timerValue)(value)
	v.Fired++
	v.Seen = v.Packets
	return 0
}

//export timer_value
func timer_value(ctx unsafe.Pointer) int32 {
	var zero uint32
	v := (*timerValue)(bpfMapLookupElem(unsafe.Pointer(&timers), unsafe.Pointer(&zero)))
	if v == nil {
		return xdpPass
	}
	v.Packets++
	bpfTimerInit(unsafe.Pointer(&v.Timer), unsafe.Pointer(&timers), clockMonotonic)
	bpfTimerSetCallback(unsafe.Pointer(&v.Timer), fired)
	bpfTimerStart(unsafe.Pointer(&v.Timer), 1000000, 0)
	return xdpPass
}

func main() {}
