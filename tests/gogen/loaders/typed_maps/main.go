// Go loader for tests/gogen/typed_maps.bpf.c (BTF struct keys and values): every generated
// type has the size the object says (encoding/binary), the renamed identifiers (Close2,
// Bss2) reach the right objects, globals set before load arrive, and a test run of the XDP
// program updates the typed map values as the C code says. Exits non-zero on a mismatch.
package main

import (
	"encoding/binary"
	"fmt"
	"os"

	"github.com/cilium/ebpf/rlimit"
)

const xdpDrop = 1

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	spec, err := LoadTypedMaps()
	if err != nil {
		fail("LoadTypedMaps: %v", err)
	}

	// Sizes of the generated Go types against the object's maps.
	sizes := []struct {
		what string
		got  int
		want uint32
	}{
		{"flows key", binary.Size(TypedMapsFlowKey{}), spec.Maps["flows"].KeySize},
		{"flows value", binary.Size(TypedMapsFlowStats{}), spec.Maps["flows"].ValueSize},
		{"points value", binary.Size(TypedMapsPointT{}), spec.Maps["points"].ValueSize},
		{"bss value", binary.Size(TypedMapsBssValue{}), spec.Maps["bss"].ValueSize},
		{".bss", binary.Size(TypedMapsBss{}), spec.Maps[".bss"].ValueSize},
		{".data", binary.Size(TypedMapsData{}), spec.Maps[".data"].ValueSize},
		{".rodata", binary.Size(TypedMapsRodata{}), spec.Maps[".rodata"].ValueSize},
	}
	for _, s := range sizes {
		if s.got != int(s.want) {
			fail("%s: Go type is %d bytes, the object says %d", s.what, s.got, s.want)
		}
	}
	fmt.Printf("ok   %d generated types have the object's sizes\n", len(sizes))

	var specs TypedMapsSpecs
	if err := spec.Assign(&specs); err != nil {
		fail("Assign: %v", err)
	}
	if specs.Close2.SectionName != "tracepoint/syscalls/sys_enter_getpid" || specs.Bss2.Name != ".bss" ||
		specs.Bss.ValueSize != 8 || specs.XdpTyped.SectionName != "xdp" {
		fail("specs: close -> %q, .bss -> %q, bss -> %d bytes", specs.Close2.SectionName, specs.Bss2.Name,
			specs.Bss.ValueSize)
	}
	fmt.Println("ok   program close -> Close2, section .bss -> Bss2, map bss -> Bss")

	var ro TypedMapsRodata
	var data TypedMapsData
	if err := ro.FromSpec(spec); err != nil || ro.CfgLimit != 10 || ro.CfgBias != -2 {
		fail(".rodata from spec: %+v %v", ro, err)
	}
	if err := data.FromSpec(spec); err != nil || data.Counter != 5 || !data.Enabled {
		fail(".data from spec: %+v %v", data, err)
	}
	ro.CfgLimit = 7
	if err := ro.SetSpec(spec); err != nil {
		fail("SetSpec: %v", err)
	}

	objs := TypedMapsObjects{}
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("LoadAndAssign: %v", err)
	}
	defer objs.Close()

	key := TypedMapsFlowKey{Saddr: 1, Daddr: 2, Sport: 3, Dport: 4, Proto: 17}
	stats := TypedMapsFlowStats{Seen: true, Tag: 0xbeef, Delta: -1, State: 3, Last: key}
	stats.Nested.A, stats.Nested.B = 0x11223344, 0x5566
	if err := objs.Flows.Put(key, stats); err != nil {
		fail("flows put: %v", err)
	}
	packet := make([]byte, 64)
	ret, _, err := objs.XdpTyped.Test(packet)
	if err != nil || ret != xdpDrop {
		fail("test run: %d %v, want %d", ret, err, xdpDrop)
	}

	var got TypedMapsFlowStats
	if err := objs.Flows.Lookup(key, &got); err != nil {
		fail("flows lookup: %v", err)
	}
	want := stats
	want.Packets, want.Bytes = 1, uint64(len(packet))
	if got != want {
		fail("flows value %+v, want %+v", got, want)
	}
	var pt TypedMapsPointT
	if err := objs.Points.Lookup(uint32(0), &pt); err != nil || pt.X != 7 {
		fail("points[0] = %+v %v, want X 7 (cfg_limit set before load)", pt, err)
	}
	var bv TypedMapsBssValue
	if err := objs.Bss.Lookup(uint32(0), &bv); err != nil || bv.Hits != 1 || bv.LastProto != 17 {
		fail("bss[0] = %+v %v", bv, err)
	}
	var bss TypedMapsBss
	if err := bss.Lookup(objs.Bss2); err != nil || bss.BigCounter != 1 || bss.SmallFlag != 1 || bss.LastKey != key ||
		bss.LastSeen.Seen != 1 || bss.LastSeen.Proto != 17 || bss.AfterLastSeen != 42 {
		fail(".bss = %+v %v", bss, err)
	}
	if err := data.Lookup(objs.Data); err != nil || data.Counter != 5 || !data.Enabled {
		fail(".data = %+v %v", data, err)
	}
	fmt.Println("ok   XDP_DROP; flows, points, bss and the globals hold what the program wrote")
	fmt.Println("PASS typed_maps (Go bindings, cilium/ebpf)")
}
