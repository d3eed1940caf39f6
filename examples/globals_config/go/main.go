// Go loader of the globals_config example, on the bindings `tbpf-core gen-go` writes
// (globals_config_bpf.go next to this file, with the object globals_config.bpf.o): reads the
// initial globals from the spec (FromSpec), sets new ones in .bss, .data and .rodata before
// load (SetSpec), attaches the sys_enter_getpid tracepoint, calls getpid 100 times and checks
// the globals read back from the kernel (Lookup) against the same computation in Go.
// Exits 1 on a wrong result. Run by ctest as gogen.globals_config (tests/gogen); needs root.
package main

import (
	"fmt"
	"os"
	"syscall"

	"github.com/cilium/ebpf/rlimit"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func xorshift(x uint32) uint32 {
	x ^= x << 13
	x ^= x >> 17
	x ^= x << 5
	return x
}

func main() {
	requireTracefs()
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	spec, err := LoadGlobalsConfig()
	if err != nil {
		fail("LoadGlobalsConfig: %v", err)
	}

	// The object's initial values.
	var data GlobalsConfigData
	var ro GlobalsConfigRodata
	var bss GlobalsConfigBss
	if err := data.FromSpec(spec); err != nil || data.MixState != 2463534242 {
		fail(".data from spec: %+v %v", data, err)
	}
	if err := ro.FromSpec(spec); err != nil || ro.Weights != [8]uint32{1, 2, 3, 5, 8, 13, 21, 34} {
		fail(".rodata from spec: %+v %v", ro, err)
	}
	if err := bss.FromSpec(spec); err != nil || bss != (GlobalsConfigBss{}) {
		fail(".bss from spec: %+v %v", bss, err)
	}
	fmt.Println("ok   initial globals from the spec: mixState 2463534242, weights 1..34, .bss zero")

	// New ones, set before load.
	const seed, preset = 0x12345678, 1000
	weights := [8]uint32{2, 3, 5, 7, 11, 13, 17, 19}
	data.MixState = seed
	ro.Weights = weights
	bss.Calls = preset
	for _, err := range []error{data.SetSpec(spec), ro.SetSpec(spec), bss.SetSpec(spec)} {
		if err != nil {
			fail("SetSpec: %v", err)
		}
	}
	objs := GlobalsConfigObjects{}
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("LoadAndAssign: %v", err)
	}
	defer objs.Close()

	tp, err := attachTracepoint("syscalls", "sys_enter_getpid", objs.GetpidGlobals)
	if err != nil {
		fail("attach: %v", err)
	}
	for i := 0; i < 100; i++ {
		syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	}
	tp.Close()

	if err := bss.Lookup(objs.Bss); err != nil {
		fail(".bss: %v", err)
	}
	if err := data.Lookup(objs.Data); err != nil {
		fail(".data: %v", err)
	}
	if err := ro.Lookup(objs.Rodata); err != nil {
		fail(".rodata: %v", err)
	}
	n := bss.Calls - preset
	if bss.Calls < preset+100 {
		fail("calls = %d, want >= %d (preset %d + 100 getpid)", bss.Calls, preset+100, preset)
	}
	x, sum := uint32(seed), uint64(0)
	for i := uint64(0); i < n; i++ {
		x = xorshift(x)
		sum += uint64(weights[x&7])
	}
	if data.MixState != x || bss.WeightedSum != sum || ro.Weights != weights {
		fail("after %d calls: mixState %#x weightedSum %d weights %v; want %#x %d %v",
			n, data.MixState, bss.WeightedSum, ro.Weights, x, sum, weights)
	}
	fmt.Printf("ok   calls %d (preset %d), mixState %#x, weightedSum %d, weights %v\n",
		bss.Calls, preset, data.MixState, bss.WeightedSum, ro.Weights)
	fmt.Println("PASS globals_config (Go bindings, cilium/ebpf)")
}
