//go:build tinygo

// sock_create_storage: cgroup/sock_create hook (BPF_CGROUP_INET_SOCK_CREATE) that attaches
// a record to every socket created in the cgroup, in socket-local storage
// (bpf_sk_storage_get on the context, which is the socket, with
// BPF_SK_STORAGE_GET_F_CREATE): creating tgid, family, type, protocol. Allows every
// socket. SK_STORAGE needs BTF key (int) and value types: a typed map, bpfMap[K, V].
package main

import "unsafe"

const (
	bpfMapTypeSkStorage = 24

	bpfFNoPrealloc = 1

	bpfSkStorageGetFCreate = 1

	sockCreateAllow = 1
)

type bpfMap[K, V any] struct {
	Type, MaxEntries, MapFlags uint32
	key                        [0]K
	value                      [0]V
}

// bpfSock: the first fields of struct bpf_sock (linux/bpf.h).
type bpfSock struct {
	BoundDevIf uint32 // offset 0
	Family     uint32 // offset 4
	Type       uint32 // offset 8
	Protocol   uint32 // offset 12
}

type sockRecord struct {
	Tgid     uint32
	Family   uint32
	Type     uint32
	Protocol uint32
}

// sockInfo: socket (user space: a socket fd) -> sockRecord. max_entries must be 0.
var sockInfo = bpfMap[int32, sockRecord]{Type: bpfMapTypeSkStorage, MapFlags: bpfFNoPrealloc}

//go:extern bpf_sk_storage_get
func bpfSkStorageGet(m unsafe.Pointer, sk unsafe.Pointer, value unsafe.Pointer, flags uint64) unsafe.Pointer

//go:extern bpf_get_current_pid_tgid
func bpfGetCurrentPidTgid() uint64

//export sock_create_storage
func sock_create_storage(ctx unsafe.Pointer) int32 {
	sk := (*bpfSock)(ctx)
	rec := (*sockRecord)(bpfSkStorageGet(unsafe.Pointer(&sockInfo), ctx, nil, bpfSkStorageGetFCreate))
	if rec == nil {
		return sockCreateAllow
	}
	rec.Tgid = uint32(bpfGetCurrentPidTgid() >> 32)
	rec.Family = sk.Family
	rec.Type = sk.Type
	rec.Protocol = sk.Protocol
	return sockCreateAllow
}

func main() {}
