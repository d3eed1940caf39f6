// Go loader for gogen.sections: globals_config's program built in sections that cilium/ebpf
// 0.9 does not know (it leaves such a program out of the collection) or knows without the
// attach type or flags libbpf gives them. The bindings set what libbpf derives from the
// section name, so each program loads as libbpf would load it:
//   - the spec has libbpf's type, attach type, flags and attach target (plain xdp keeps
//     cilium/ebpf's empty attach type, which libbpf may leave out too);
//   - the kernel reports that program type;
//   - uprobe.s runs as a uprobe on a function of this loader, counted in .bss (the kernel
//     does not show its sleepable flag: checked in the spec only);
//   - xdp/devmap is accepted into a DEVMAP (the kernel wants expected_attach_type
//     BPF_XDP_DEVMAP there);
//   - xdp.frags runs a test, and its frags flag reaches the kernel: a PROG_ARRAY that holds it
//     takes a second xdp.frags program but refuses a plain XDP one of the same attach type;
//   - sk_lookup, kprobe.multi and ksyscall load only: this test does not attach them.
// With the argument "iter": iter.s/task runs as a (sleepable) task iterator, counted in
// .bss. That needs cilium/ebpf to read the kernel's BTF, which 0.9 cannot for Linux 6.x:
// then it exits 77 (skipped), saying so.
// Exits 1 on the first mismatch.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
)

// The kernel's enum values (linux/bpf.h), as numbers: not every cilium/ebpf release names them.
const (
	progKprobe    = 2
	progXDP       = 6
	progTracing   = 26
	progSkLookup  = 30
	attachNone    = 0
	attachIter    = 28
	attachXDPDev  = 33
	attachSkLook  = 36
	attachXDP     = 37
	attachKMulti  = 42
	flagSleepable = 1 << 4
	flagXDPFrags  = 1 << 5
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

type want struct {
	typ      ebpf.ProgramType
	attach   ebpf.AttachType
	flags    uint32
	attachTo string
}

func checkSpec(name string, load func() (*ebpf.CollectionSpec, error), w want) *ebpf.CollectionSpec {
	spec, err := load()
	if err != nil {
		fail("%s: load the spec: %v", name, err)
	}
	ps := spec.Programs["getpid_globals"]
	if ps == nil {
		fail("%s: no program getpid_globals in the spec", name)
	}
	got := want{ps.Type, ps.AttachType, ps.Flags, ps.AttachTo}
	if got != w {
		fail("%s: spec has type %d, attach type %d, flags %#x, attach target %q; libbpf: %d, %d, %#x, %q",
			name, got.typ, got.attach, got.flags, got.attachTo, w.typ, w.attach, w.flags, w.attachTo)
	}
	return spec
}

func checkKernelType(name string, p *ebpf.Program, typ ebpf.ProgramType) {
	info, err := p.Info()
	if err != nil {
		fail("%s: program info: %v", name, err)
	}
	if info.Type != typ {
		fail("%s: the kernel has program type %d, want %d", name, info.Type, typ)
	}
	fmt.Printf("%s: loaded as program type %d\n", name, info.Type)
}

func iterS() {
	spec := checkSpec("iter.s/task", LoadIterS, want{progTracing, attachIter, flagSleepable, "task"})
	var objs IterSObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		if strings.Contains(err.Error(), "load kernel spec") {
			fmt.Printf("SKIP: iter.s/task: the spec was checked, but this cilium/ebpf cannot read "+
				"the kernel's BTF, which loading an iterator needs (%v)\n", err)
			os.Exit(77)
		}
		fail("iter.s/task: load: %v", err)
	}
	defer objs.Close()
	checkKernelType("iter.s/task", objs.GetpidGlobals, progTracing)
	it, err := link.AttachIter(link.IterOptions{Program: objs.GetpidGlobals})
	if err != nil {
		fail("iter.s/task: attach: %v", err)
	}
	defer it.Close()
	r, err := it.Open()
	if err != nil {
		fail("iter.s/task: open: %v", err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		fail("iter.s/task: read: %v", err)
	}
	r.Close()
	var bss IterSBss
	if err := bss.Lookup(objs.Bss); err != nil {
		fail("iter.s/task: .bss: %v", err)
	}
	if bss.Calls == 0 {
		fail("iter.s/task: the iterator never ran the program (calls = 0)")
	}
	fmt.Printf("iter.s/task: ran %d times (once per task, and once at the end)\n", bss.Calls)
}

func loadOnly(name string, load func() (*ebpf.CollectionSpec, error), w want, assign func(*ebpf.CollectionSpec) (*ebpf.Program, io.Closer, error)) {
	spec := checkSpec(name, load, w)
	p, c, err := assign(spec)
	if err != nil {
		fail("%s: load: %v", name, err)
	}
	defer c.Close()
	checkKernelType(name, p, w.typ)
	fmt.Printf("%s: not attached here (load only)\n", name)
}

// uprobeTarget is where uprobeS attaches its program.
//
//go:noinline
func uprobeTarget(i int) int { return i * 3 }

func uprobeS() {
	spec := checkSpec("uprobe.s", LoadUprobeS, want{progKprobe, attachNone, flagSleepable, "libc.so.6:getpid"})
	var objs UprobeSObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("uprobe.s: load: %v", err)
	}
	defer objs.Close()
	checkKernelType("uprobe.s", objs.GetpidGlobals, progKprobe)
	exe, err := link.OpenExecutable("/proc/self/exe")
	if err != nil {
		fail("uprobe.s: open this executable: %v", err)
	}
	up, err := exe.Uprobe("main.uprobeTarget", objs.GetpidGlobals, nil)
	if err != nil {
		fail("uprobe.s: attach to main.uprobeTarget: %v", err)
	}
	sum := 0
	for i := 0; i < 5; i++ {
		sum += uprobeTarget(i)
	}
	up.Close()
	var bss UprobeSBss
	if err := bss.Lookup(objs.Bss); err != nil {
		fail("uprobe.s: .bss: %v", err)
	}
	if bss.Calls != 5 {
		fail("uprobe.s: the program ran %d times for 5 calls of main.uprobeTarget (sum %d)", bss.Calls, sum)
	}
	fmt.Println("uprobe.s: ran once for each of 5 calls of main.uprobeTarget")
}

func xdpDevmap() {
	spec := checkSpec("xdp/devmap", LoadXdpDevmap, want{progXDP, attachXDPDev, 0, ""})
	var objs XdpDevmapObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("xdp/devmap: load: %v", err)
	}
	defer objs.Close()
	checkKernelType("xdp/devmap", objs.GetpidGlobals, progXDP)
	devmap, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.DevMap, KeySize: 4, ValueSize: 8, MaxEntries: 1})
	if err != nil {
		fail("xdp/devmap: create a DEVMAP: %v", err)
	}
	defer devmap.Close()
	// struct bpf_devmap_val: ifindex (1, lo), then the program fd
	if err := devmap.Put(uint32(0), [2]uint32{1, uint32(objs.GetpidGlobals.FD())}); err != nil {
		fail("xdp/devmap: the DEVMAP refuses the program (wrong expected attach type?): %v", err)
	}
	fmt.Println("xdp/devmap: accepted into a DEVMAP entry")
}

func xdpFrags() {
	spec := checkSpec("xdp.frags", LoadXdpFrags, want{progXDP, attachXDP, flagXDPFrags, ""})
	var frags, frags2 XdpFragsObjects
	if err := spec.LoadAndAssign(&frags, nil); err != nil {
		fail("xdp.frags: load: %v", err)
	}
	defer frags.Close()
	checkKernelType("xdp.frags", frags.GetpidGlobals, progXDP)
	ret, _, err := frags.GetpidGlobals.Test(make([]byte, 64))
	if err != nil || ret != 0 {
		fail("xdp.frags: test run: %d %v (want 0, what the program returns)", ret, err)
	}
	fmt.Println("xdp.frags: test run returned 0")

	if err := spec.LoadAndAssign(&frags2, nil); err != nil {
		fail("xdp.frags: second load: %v", err)
	}
	defer frags2.Close()
	plainSpec := checkSpec("xdp", LoadXdp, want{progXDP, attachNone, 0, ""})
	plainSpec.Programs["getpid_globals"].AttachType = attachXDP // as xdp.frags, to differ in the flag only
	var plain XdpObjects
	if err := plainSpec.LoadAndAssign(&plain, nil); err != nil {
		fail("xdp: load: %v", err)
	}
	defer plain.Close()
	tails, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.ProgramArray, KeySize: 4, ValueSize: 4, MaxEntries: 3})
	if err != nil {
		fail("xdp.frags: create a PROG_ARRAY: %v", err)
	}
	defer tails.Close()
	if err := tails.Put(uint32(0), uint32(frags.GetpidGlobals.FD())); err != nil {
		fail("xdp.frags: PROG_ARRAY refuses the first program: %v", err)
	}
	if err := tails.Put(uint32(1), uint32(frags2.GetpidGlobals.FD())); err != nil {
		fail("xdp.frags: PROG_ARRAY refuses a second xdp.frags program: %v", err)
	}
	if err := tails.Put(uint32(2), uint32(plain.GetpidGlobals.FD())); err == nil {
		fail("xdp.frags: PROG_ARRAY of xdp.frags programs took a plain XDP program: the frags flag did not reach the kernel")
	}
	fmt.Println("xdp.frags: the kernel has the frags flag (a PROG_ARRAY holding it refuses plain XDP)")
}

func main() {
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	if len(os.Args) > 1 && os.Args[1] == "iter" {
		iterS()
		fmt.Println("PASS: iter.s/task loaded with libbpf's program type, attach type and flags, and ran")
		return
	}
	loadOnly("sk_lookup", LoadSkLookup, want{progSkLookup, attachSkLook, 0, ""},
		func(s *ebpf.CollectionSpec) (*ebpf.Program, io.Closer, error) {
			var o SkLookupObjects
			err := s.LoadAndAssign(&o, nil)
			return o.GetpidGlobals, &o, err
		})
	uprobeS()
	loadOnly("kprobe.multi", LoadKprobeMulti, want{progKprobe, attachKMulti, 0, "do_unlinkat"},
		func(s *ebpf.CollectionSpec) (*ebpf.Program, io.Closer, error) {
			var o KprobeMultiObjects
			err := s.LoadAndAssign(&o, nil)
			return o.GetpidGlobals, &o, err
		})
	loadOnly("ksyscall", LoadKsyscall, want{progKprobe, attachNone, 0, "getpid"},
		func(s *ebpf.CollectionSpec) (*ebpf.Program, io.Closer, error) {
			var o KsyscallObjects
			err := s.LoadAndAssign(&o, nil)
			return o.GetpidGlobals, &o, err
		})
	xdpDevmap()
	xdpFrags()
	fmt.Println("PASS: every program loaded with libbpf's program type, attach type and flags")
}
