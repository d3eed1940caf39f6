//go:build tinygo

// cgroup_sock_create: cgroup/sock_create hook (BPF_CGROUP_INET_SOCK_CREATE) that counts
// the sockets created in the cgroup by address family and allows every one of them. The
// context is struct bpf_sock; the hook runs for AF_INET and AF_INET6 sockets only.
package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypeArray = 2

	sockCreateAllow = 1
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

// bpfSock: the first fields of struct bpf_sock (linux/bpf.h).
type bpfSock struct {
	BoundDevIf uint32 // offset 0
	Family     uint32 // offset 4
	Type       uint32 // offset 8
	Protocol   uint32 // offset 12
}

// sockCounts: address family -> sockets created. ARRAY, u32 -> u64, 16 entries.
var sockCounts = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 16}

//go:extern bpf_map_lookup_elem
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export cgroup_sock_create
func cgroup_sock_create(ctx unsafe.Pointer) int32 {
	sk := (*bpfSock)(ctx)
	family := sk.Family
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&sockCounts), unsafe.Pointer(&family))); n != nil {
		atomic.AddUint64(n, 1)
	}
	return sockCreateAllow
}

func main() {}
