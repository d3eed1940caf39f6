// Go loader for gogen.sections: globals_config's program built in sections that cilium/ebpf
// 0.9 does not know (it leaves such a program out of the collection) or knows without the
// attach type or flags libbpf gives them. The bindings set what libbpf derives from the
// section name, so each program loads as libbpf would load it:
//   - the spec has libbpf's type, attach type, flags and attach target;
//   - the kernel reports that program type;
//   - iter.s/task runs as a (sleepable) task iterator, counted in .bss (where cilium/ebpf can
//     read the kernel's BTF: 0.9 cannot read Linux 6.x's, and the test says it skips this);
//   - uprobe.s runs as a uprobe on a function of this loader, counted in .bss;
//   - xdp/devmap is accepted into a DEVMAP (the kernel wants expected_attach_type
//     BPF_XDP_DEVMAP there), xdp.frags runs a test;
//   - sk_lookup, kprobe.multi and ksyscall load only: this test does not attach them.
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
			fmt.Printf("SKIP iter.s/task load and run: this cilium/ebpf cannot read the kernel's "+
				"BTF, which an iterator needs (%v); the spec was checked\n", err)
			return
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
	var objs XdpFragsObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("xdp.frags: load: %v", err)
	}
	defer objs.Close()
	checkKernelType("xdp.frags", objs.GetpidGlobals, progXDP)
	ret, _, err := objs.GetpidGlobals.Test(make([]byte, 64))
	if err != nil || ret != 0 {
		fail("xdp.frags: test run: %d %v (want 0, what the program returns)", ret, err)
	}
	fmt.Println("xdp.frags: test run returned 0")
}

func main() {
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	iterS()
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
