//go:build tinygo

// cgroup_connect4: cgroup/connect4 hook (BPF_CGROUP_INET4_CONNECT) that counts connect()
// calls on AF_INET sockets by destination port and rewrites destination port 7777 to 7778.
// The context is struct bpf_sock_addr; user_port holds the port in network byte order in
// its low 16 bits and may be written (4-byte store).
package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypeHash = 1

	bpfNoexist = 1

	connectAllow = 1

	portFrom = 7777
	portTo   = 7778
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

// bpfSockAddr: the first fields of struct bpf_sock_addr (linux/bpf.h).
type bpfSockAddr struct {
	UserFamily uint32    // offset 0
	UserIP4    uint32    // offset 4, network byte order
	UserIP6    [4]uint32 // offset 8
	UserPort   uint32    // offset 24, network byte order
	Family     uint32    // offset 28
	Type       uint32    // offset 32
	Protocol   uint32    // offset 36
}

// connectPorts: destination port (host order) -> connect() calls. HASH, u32 -> u64.
var connectPorts = bpfMapDef{Type: bpfMapTypeHash, KeySize: 4, ValueSize: 8, MaxEntries: 64}

//go:extern bpf_map_lookup_elem
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:extern bpf_map_update_elem
func bpfMapUpdateElem(m unsafe.Pointer, key, value unsafe.Pointer, flags uint64) int64

// swap16 converts the low 16 bits between network and host byte order.
func swap16(v uint32) uint32 {
	return (v&0xff)<<8 | (v>>8)&0xff
}

//export cgroup_connect4
func cgroup_connect4(ctx unsafe.Pointer) int32 {
	sa := (*bpfSockAddr)(ctx)
	port := swap16(sa.UserPort)
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&connectPorts), unsafe.Pointer(&port))); n != nil {
		atomic.AddUint64(n, 1)
	} else {
		one := uint64(1)
		bpfMapUpdateElem(unsafe.Pointer(&connectPorts), unsafe.Pointer(&port), unsafe.Pointer(&one), bpfNoexist)
	}
	if port == portFrom {
		sa.UserPort = swap16(portTo)
	}
	return connectAllow
}

func main() {}
