//go:build tinygo

// sockops_count: sockops program (BPF_CGROUP_SOCK_OPS) that counts the callbacks it gets
// by op code, and keeps the local port (host order) seen at ACTIVE_ESTABLISHED_CB (the
// client side of a connection) and at PASSIVE_ESTABLISHED_CB (the server side). The
// context is struct bpf_sock_ops.
package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypeArray = 2

	bpfAny = 0

	sockOpsActiveEstablishedCB  = 4
	sockOpsPassiveEstablishedCB = 5

	sockOpsOK = 1
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

// bpfSockOps: the first fields of struct bpf_sock_ops (linux/bpf.h).
type bpfSockOps struct {
	Op         uint32    // offset 0
	Args       [4]uint32 // offset 4: union { args[4]; reply; replylong[4] }
	Family     uint32    // offset 20
	RemoteIP4  uint32    // offset 24
	LocalIP4   uint32    // offset 28
	RemoteIP6  [4]uint32 // offset 32
	LocalIP6   [4]uint32 // offset 48
	RemotePort uint32    // offset 64
	LocalPort  uint32    // offset 68, host byte order
}

// opCounts: BPF_SOCK_OPS_* op code -> callbacks. ARRAY, u32 -> u64, 16 entries.
var opCounts = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 16}

// establishedPorts: [0] local port at ACTIVE_ESTABLISHED_CB, [1] at PASSIVE_ESTABLISHED_CB.
var establishedPorts = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: 4, MaxEntries: 2}

//go:extern bpf_map_lookup_elem
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:extern bpf_map_update_elem
func bpfMapUpdateElem(m unsafe.Pointer, key, value unsafe.Pointer, flags uint64) int64

func recordPort(slot uint32, port uint32) {
	bpfMapUpdateElem(unsafe.Pointer(&establishedPorts), unsafe.Pointer(&slot), unsafe.Pointer(&port), bpfAny)
}

//export sockops_count
func sockops_count(ctx unsafe.Pointer) int32 {
	ops := (*bpfSockOps)(ctx)
	op := ops.Op
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&opCounts), unsafe.Pointer(&op))); n != nil {
		atomic.AddUint64(n, 1)
	}
	switch op {
	case sockOpsActiveEstablishedCB:
		recordPort(0, ops.LocalPort)
	case sockOpsPassiveEstablishedCB:
		recordPort(1, ops.LocalPort)
	}
	return sockOpsOK
}

func main() {}
