// Go loader for tests/gogen/datasec_holes.bpf.c: the data section structs write only the
// bytes of the variables they hold. Each section has bytes that no BTF variable covers
// (clang's constant table in .rodata, nodebug variables in .data and .bss), which the
// generated structs hold as blank padding:
//   - FromSpec -> change one variable -> SetSpec leaves every other byte of the section's
//     initial contents as it was, and the program, run with BPF_PROG_TEST_RUN, still sees
//     the table and the initial value of hidden_hits;
//   - Lookup -> the program runs and changes the uncovered bytes -> Update keeps the
//     program's bytes and writes only the struct's variables.
//
// The expected bytes come from the object's BTF (the variables' offsets and sizes), not
// from the generated code. Exits non-zero on a mismatch.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/rlimit"
)

const xdpPass = 2

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

var failed bool

// bad reports a mismatch and goes on, so that one run shows every check that fails.
func bad(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	failed = true
}

// table is the local constant table of holes(): table[i] = 0xa1b2c300 + i.
func table(i uint32) uint32 { return 0xa1b2c300 + i }

func tableBytes() []byte {
	b := make([]byte, 64)
	for i := uint32(0); i < 16; i++ {
		binary.LittleEndian.PutUint32(b[4*i:], table(i))
	}
	return b
}

// vars returns [offset, end) of each BTF variable of the data section map ms that the Go
// struct holds: all but those named _ (blank fields, which Go cannot set).
func vars(ms *ebpf.MapSpec) [][2]int {
	ds, ok := ms.Value.(*btf.Datasec)
	if !ok {
		fail("%s: no BTF DATASEC (%T)", ms.Name, ms.Value)
	}
	var r [][2]int
	for _, v := range ds.Vars {
		if v.Type.TypeName() == "_" {
			continue
		}
		r = append(r, [2]int{int(v.Offset), int(v.Offset + v.Size)})
	}
	return r
}

func covered(r [][2]int, i int) bool {
	for _, x := range r {
		if i >= x[0] && i < x[1] {
			return true
		}
	}
	return false
}

// onlyVars checks that after is before with the bytes of each variable in r replaced by
// those of v (the whole struct encoded like the object): nothing else changed.
func onlyVars(what string, before, after []byte, r [][2]int, v interface{}) {
	var enc bytes.Buffer
	if err := binary.Write(&enc, binary.LittleEndian, v); err != nil {
		fail("%s: encoding %T: %v", what, v, err)
	}
	if len(before) != len(after) || enc.Len() != len(after) {
		fail("%s: %d bytes before, %d after, %d in Go", what, len(before), len(after), enc.Len())
	}
	want := append([]byte(nil), before...)
	for _, x := range r {
		copy(want[x[0]:x[1]], enc.Bytes()[x[0]:x[1]])
	}
	for i := range want {
		if after[i] != want[i] {
			kind := "a byte no variable covers"
			if covered(r, i) {
				kind = "a variable's byte"
			}
			bad("%s: byte %d (%s) is %#02x, want %#02x\n  before % x\n  after  % x", what, i,
				kind, after[i], want[i], before, after)
			return
		}
	}
	n := 0
	for i := range want {
		if !covered(r, i) {
			n++
		}
	}
	if n == 0 {
		fail("%s: every byte is a variable's; the test needs bytes no variable covers", what)
	}
	fmt.Printf("ok   %s: only the variables' bytes changed, %d other bytes kept\n", what, n)
}

// contents returns a copy of the initial contents of data section map name (zeros for .bss).
func contents(spec *ebpf.CollectionSpec, name string) []byte {
	ms := spec.Maps[name]
	if ms == nil {
		fail("no map %s in the spec", name)
	}
	b := make([]byte, ms.ValueSize)
	if len(ms.Contents) > 0 {
		v, ok := ms.Contents[0].Value.([]byte)
		if !ok || len(v) != len(b) {
			fail("%s: contents %T of %d bytes", name, ms.Contents[0].Value, len(v))
		}
		copy(b, v)
	}
	return b
}

func lookupBytes(m *ebpf.Map, name string) []byte {
	b, err := m.LookupBytes(uint32(0))
	if err != nil || b == nil {
		fail("lookup %s: %v", name, err)
	}
	return b
}

func run(p *ebpf.Program) {
	ret, _, err := p.Test(make([]byte, 64))
	if err != nil {
		fail("test run of holes: %v", err)
	}
	if ret != xdpPass {
		fail("holes returned %d, want XDP_PASS", ret)
	}
}

func main() {
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}
	spec, err := LoadDatasecHoles()
	if err != nil {
		fail("LoadDatasecHoles: %v", err)
	}
	roVars, dataVars, bssVars := vars(spec.Maps[".rodata"]), vars(spec.Maps[".data"]), vars(spec.Maps[".bss"])

	// .rodata: limit and the table clang put there without a BTF variable.
	before := contents(spec, ".rodata")
	if !bytes.Contains(before, tableBytes()) {
		fail(".rodata: the table is not in the object's contents: % x", before)
	}
	var ro DatasecHolesRodata
	if err := ro.FromSpec(spec); err != nil {
		fail("Rodata.FromSpec: %v", err)
	}
	if ro.Limit != 7 {
		fail("Rodata.FromSpec: limit %d, want 7", ro.Limit)
	}
	ro.Limit = 1000
	if err := ro.SetSpec(spec); err != nil {
		fail("Rodata.SetSpec: %v", err)
	}
	roSet := contents(spec, ".rodata")
	onlyVars(".rodata SetSpec", before, roSet, roVars, &ro)
	var ro2 DatasecHolesRodata
	if err := ro2.FromSpec(spec); err != nil || ro2.Limit != 1000 {
		fail("Rodata.FromSpec after SetSpec: limit %d (%v), want 1000", ro2.Limit, err)
	}

	// .data: pick and hidden_hits (1000, no BTF variable).
	before = contents(spec, ".data")
	var data DatasecHolesData
	if err := data.FromSpec(spec); err != nil {
		fail("Data.FromSpec: %v", err)
	}
	if data.Pick != 3 {
		fail("Data.FromSpec: pick %d, want 3", data.Pick)
	}
	data.Pick = 5
	if err := data.SetSpec(spec); err != nil {
		fail("Data.SetSpec: %v", err)
	}
	onlyVars(".data SetSpec", before, contents(spec, ".data"), dataVars, &data)

	// .bss: no contents in the spec (zeros); SetSpec gives it some.
	before = contents(spec, ".bss")
	var bss DatasecHolesBss
	if err := bss.FromSpec(spec); err != nil {
		fail("Bss.FromSpec: %v", err)
	}
	bss.Result = 77
	if err := bss.SetSpec(spec); err != nil {
		fail("Bss.SetSpec: %v", err)
	}
	onlyVars(".bss SetSpec", before, contents(spec, ".bss"), bssVars, &bss)

	var objs DatasecHolesObjects
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("LoadAndAssign: %v", err)
	}
	defer objs.Close()

	// The kernel got the patched contents; the program sees the table and hidden_hits.
	if live := lookupBytes(objs.Rodata, ".rodata"); !bytes.Equal(live, roSet) {
		bad(".rodata in the kernel:\n  % x\nwant\n  % x", live, roSet)
	}
	if err := bss.Lookup(objs.Bss); err != nil || bss.Result != 77 {
		fail("Bss.Lookup before the first run: result %d (%v), want 77", bss.Result, err)
	}
	run(objs.Holes)
	if err := bss.Lookup(objs.Bss); err != nil {
		fail("Bss.Lookup: %v", err)
	}
	if bss.Result != table(5)+1000+0x5eed || bss.SeenHidden != 1001 {
		bad("first run: result %#x (want table[5] + 1000 + _ = %#x), hidden_hits %d (want 1001)",
			bss.Result, table(5)+1000+0x5eed, bss.SeenHidden)
	} else {
		fmt.Printf("ok   the program sees the table (result %#x) and hidden_hits (%d)\n", bss.Result,
			bss.SeenHidden)
	}

	// .data Update: Lookup, the program changes hidden_hits, Update must keep its value.
	if err := data.Lookup(objs.Data); err != nil || data.Pick != 5 {
		fail("Data.Lookup: pick %d (%v), want 5", data.Pick, err)
	}
	run(objs.Holes)
	before = lookupBytes(objs.Data, ".data")
	data.Pick = 9
	if err := data.Update(objs.Data); err != nil {
		fail("Data.Update: %v", err)
	}
	onlyVars(".data Update", before, lookupBytes(objs.Data, ".data"), dataVars, &data)
	run(objs.Holes)
	if err := bss.Lookup(objs.Bss); err != nil {
		fail("Bss.Lookup: %v", err)
	}
	if bss.Result != table(9)+1000+0x5eed || bss.SeenHidden != 1003 {
		bad("after Data.Update: result %#x (want %#x), hidden_hits %d (want 1003)", bss.Result,
			table(9)+1000+0x5eed, bss.SeenHidden)
	}

	// .bss Update: Lookup, the program changes hidden_runs, Update must keep its value.
	run(objs.Holes)
	before = lookupBytes(objs.Bss, ".bss")
	bss.Result = 4242
	if err := bss.Update(objs.Bss); err != nil {
		fail("Bss.Update: %v", err)
	}
	after := lookupBytes(objs.Bss, ".bss")
	onlyVars(".bss Update", before, after, bssVars, &bss)
	var check DatasecHolesBss
	if err := check.Lookup(objs.Bss); err != nil || check.Result != 4242 || check.SeenHidden != 1003 {
		bad("Bss.Lookup after Update: %+v (%v), want result 4242, seen_hidden 1003", check, err)
	}
	if failed {
		objs.Close()
		os.Exit(1)
	}
	fmt.Println("PASS datasec_holes: SetSpec and Update write only the variables' bytes")
}
