// Go loader of the xdp_port_drop example, on the bindings `tbpf-core gen-go` writes
// (xdp_port_drop_bpf.go next to this file, with the object xdp_port_drop.bpf.o): loads the
// program with LoadXdpPortDropObjects, blocks UDP port 53 in the blockedPorts map and checks
// the exact XDP verdicts of BPF_PROG_TEST_RUN (Program.Test). Exits 1 on a wrong verdict.
// Run by ctest as gogen.xdp_port_drop (tests/gogen); needs root.
package main

import (
	"encoding/hex"
	"fmt"
	"os"

	"github.com/cilium/ebpf/rlimit"
)

const (
	xdpDrop = 1
	xdpPass = 2
)

// Test frames (tests/fixtures/xdp_port_drop/spec.json).
var packets = []struct {
	name, hex string
	blocked   uint32 // verdict while port 53 is blocked
}{
	{"udp4_dport53", "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f", xdpDrop},
	{"udp4_dport53_ipopts", "020000000002020000000001080046000025000100004011f471c0a80101c0a801020101010130390035000d000068656c6c6f", xdpDrop},
	{"udp4_dport54", "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390036000d000068656c6c6f", xdpPass},
	{"tcp4_dport53", "020000000002020000000001080045000028000100004006f77bc0a80101c0a801023039003500000001000000005002200000000000", xdpPass},
	{"udp6_dport53", "02000000000202000000000186dd60000000000d1140000000000000000000000000000000000000000000000000000000000000000000010035000d000068656c6c6f", xdpPass},
	{"ipv4_truncated", "02000000000202000000000108004500001c", xdpPass},
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	objs := XdpPortDropObjects{}
	if err := LoadXdpPortDropObjects(&objs, nil); err != nil {
		fail("LoadXdpPortDropObjects: %v", err)
	}
	defer objs.Close()

	run := func(name, hexFrame string, want uint32) {
		frame, err := hex.DecodeString(hexFrame)
		if err != nil {
			fail("%s: %v", name, err)
		}
		got, _, err := objs.XdpPortDrop.Test(frame)
		if err != nil {
			fail("test run %s: %v", name, err)
		}
		if got != want {
			fail("%s: XDP verdict %d, want %d", name, got, want)
		}
		fmt.Printf("ok   %-20s -> %d\n", name, got)
	}
	dropCount := func() uint64 {
		var n uint64
		if err := objs.DropCount.Lookup(uint32(0), &n); err != nil {
			fail("dropCount[0]: %v", err)
		}
		return n
	}

	// Nothing blocked yet: every frame passes.
	run(packets[0].name, packets[0].hex, xdpPass)
	if n := dropCount(); n != 0 {
		fail("dropCount[0] = %d before any drop", n)
	}

	// blockedPorts: key = UDP port (host byte order, 2 bytes), value = 1 byte.
	if err := objs.BlockedPorts.Put(uint16(53), uint8(1)); err != nil {
		fail("blockedPorts[53] = 1: %v", err)
	}
	for _, p := range packets {
		run(p.name, p.hex, p.blocked)
	}
	if n := dropCount(); n != 2 {
		fail("dropCount[0] = %d, want 2", n)
	}
	fmt.Println("ok   dropCount[0] == 2")
	fmt.Println("PASS xdp_port_drop (Go bindings, cilium/ebpf)")
}
