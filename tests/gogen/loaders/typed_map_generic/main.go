// Go loader for tests/fixtures/idioms/typed_map_generic (a tbpf-core typed map,
// bpfMap[flowKey, flowStats]): the generated key and value structs have the map's sizes, and
// after three test runs of an IPv4/UDP frame the flows map holds exactly one entry, read
// through the generated types: {192.168.1.1, 192.168.1.2, UDP} -> {3 packets, 3*47 bytes}.
// Exits 1 on a mismatch.
package main

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/cilium/ebpf/rlimit"
)

const xdpPass = 2

// 47-byte Ethernet/IPv4/UDP frame, 192.168.1.1:12345 -> 192.168.1.2:53.
const frameHex = "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f"

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	spec, err := LoadTypedMapGeneric()
	if err != nil {
		fail("LoadTypedMapGeneric: %v", err)
	}
	m := spec.Maps["flows"]
	if k, v := binary.Size(TypedMapGenericFlowKey{}), binary.Size(TypedMapGenericFlowStats{}); k != int(m.KeySize) || v != int(m.ValueSize) {
		fail("Go key/value %d/%d bytes, map %d/%d", k, v, m.KeySize, m.ValueSize)
	}
	objs := TypedMapGenericObjects{}
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("LoadAndAssign: %v", err)
	}
	defer objs.Close()

	frame, _ := hex.DecodeString(frameHex)
	for i := 0; i < 3; i++ {
		if ret, _, err := objs.XdpFlowCount.Test(frame); err != nil || ret != xdpPass {
			fail("test run: %d %v", ret, err)
		}
	}

	var key TypedMapGenericFlowKey
	var stats TypedMapGenericFlowStats
	n := 0
	it := objs.Flows.Iterate()
	for it.Next(&key, &stats) {
		n++
	}
	if err := it.Err(); err != nil {
		fail("iterate: %v", err)
	}
	want := TypedMapGenericFlowKey{Saddr: 0x0101a8c0, Daddr: 0x0201a8c0, Proto: 17}
	if n != 1 || key != want || stats.Packets != 3 || stats.Bytes != 3*uint64(len(frame)) {
		fail("flows: %d entries, last %+v -> %+v; want 1: %+v -> {3 %d}", n, key, stats, want, 3*len(frame))
	}
	fmt.Printf("ok   flows[%+v] = %+v (typed key and value)\n", key, stats)
	fmt.Println("PASS typed_map_generic (Go bindings, cilium/ebpf)")
}
