//go:build tinygo

// sk_msg_verdict: sk_msg program attached to a SOCKMAP (BPF_SK_MSG_VERDICT), run for every
// sendmsg on a socket of the map. Counts messages and bytes (sk_msg_md.size); drops
// 3-byte messages (SK_DROP: the send fails with EACCES), redirects 4-byte messages to
// the receive queue of the socket in slot 0 of sockMap (bpf_msg_redirect_map with
// BPF_F_INGRESS), passes the others (SK_PASS).
package main

import (
	"sync/atomic"
	"unsafe"
)

const (
	bpfMapTypeArray   = 2
	bpfMapTypeSockmap = 15

	bpfFIngress = 1

	skDrop = 0
	skPass = 1
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

// skMsgMd: the first fields of struct sk_msg_md (linux/bpf.h).
type skMsgMd struct {
	Data       uint64    // offset 0: __bpf_md_ptr(void *, data)
	DataEnd    uint64    // offset 8: __bpf_md_ptr(void *, data_end)
	Family     uint32    // offset 16
	RemoteIP4  uint32    // offset 20
	LocalIP4   uint32    // offset 24
	RemoteIP6  [4]uint32 // offset 28
	LocalIP6   [4]uint32 // offset 44
	RemotePort uint32    // offset 60
	LocalPort  uint32    // offset 64
	Size       uint32    // offset 68: total size of the message
}

// sockMap: the sockets whose sends the program sees; the test puts the client in slot 0.
var sockMap = bpfMapDef{Type: bpfMapTypeSockmap, KeySize: 4, ValueSize: 4, MaxEntries: 2}

// msgStats: [0] messages, [1] bytes. ARRAY, u32 -> u64.
var msgStats = bpfMapDef{Type: bpfMapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 2}

//go:extern bpf_map_lookup_elem
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//go:extern bpf_msg_redirect_map
func bpfMsgRedirectMap(msg unsafe.Pointer, m unsafe.Pointer, key uint32, flags uint64) int64

func add(key uint32, delta uint64) {
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&msgStats), unsafe.Pointer(&key))); v != nil {
		atomic.AddUint64(v, delta)
	}
}

//export sk_msg_verdict
func sk_msg_verdict(ctx unsafe.Pointer) int32 {
	msg := (*skMsgMd)(ctx)
	size := msg.Size
	add(0, 1)
	add(1, uint64(size))
	switch size {
	case 3:
		return skDrop
	case 4:
		return int32(bpfMsgRedirectMap(ctx, unsafe.Pointer(&sockMap), 0, bpfFIngress))
	}
	return skPass
}

func main() {}
