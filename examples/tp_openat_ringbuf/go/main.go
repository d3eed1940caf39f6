// Go loader of the tp_openat_ringbuf example, on the bindings `tbpf-core gen-go` writes
// (tp_openat_ringbuf_bpf.go next to this file, with the object tp_openat_ringbuf.bpf.o): the
// .bss global targetTgid is set to this process before load (TpOpenatRingbufBss.SetSpec),
// the tracepoint is attached, an openat(2) of a probe path must produce one ring buffer
// record with this thread's ids, comm and the path; after targetTgid = 1 (Update on the
// loaded .bss map) the same openat must produce none. Records are decoded into
// TpOpenatRingbufOpenEvent, which the bindings declare from the object's BTF: prog.go's
// openEvent, kept in the BTF by TYPES openEvent (tbpf-core --keep-type) and declared by
// tbpf-gen-go --type openEvent (bpf2go's -type). Exits 1 on a wrong result, 77 when tracefs
// is missing. Run by ctest as examples.tp_openat_ringbuf.go and gogen.tp_openat_ringbuf
// (tests/gogen); needs root.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/cilium/ebpf/ringbuf"
	"github.com/cilium/ebpf/rlimit"
)

const probePath = "/tmp/tbpf-corpus-openat-probe"

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// records reads records for the given time, calling fn for each; the reader is closed
// by a timer (cilium/ebpf 0.9.1's ringbuf.Reader has no deadline).
func records(rd *ringbuf.Reader, d time.Duration, fn func(TpOpenatRingbufOpenEvent) bool) {
	done := make(chan struct{})
	timer := time.AfterFunc(d, func() { rd.Close(); close(done) })
	defer func() {
		if timer.Stop() {
			rd.Close()
		}
	}()
	for {
		rec, err := rd.Read()
		if errors.Is(err, ringbuf.ErrClosed) {
			<-done
			return
		}
		if err != nil {
			fail("ringbuf read: %v", err)
		}
		var ev TpOpenatRingbufOpenEvent
		if len(rec.RawSample) < binary.Size(ev) {
			fail("record of %d bytes, want %d", len(rec.RawSample), binary.Size(ev))
		}
		if err := binary.Read(bytes.NewReader(rec.RawSample), binary.LittleEndian, &ev); err != nil {
			fail("decode record: %v", err)
		}
		if !fn(ev) {
			return
		}
	}
}

func main() {
	runtime.LockOSThread() // openat and gettid from the same thread

	requireTracefs()
	if err := rlimit.RemoveMemlock(); err != nil {
		fail("rlimit: %v", err)
	}

	spec, err := LoadTpOpenatRingbuf()
	if err != nil {
		fail("LoadTpOpenatRingbuf: %v", err)
	}
	var bss TpOpenatRingbufBss
	if err := bss.FromSpec(spec); err != nil || bss.TargetTgid != 0 {
		fail("initial .bss: %+v, %v (want zero)", bss, err)
	}
	bss.TargetTgid = uint32(os.Getpid())
	if err := bss.SetSpec(spec); err != nil {
		fail("SetSpec: %v", err)
	}
	objs := TpOpenatRingbufObjects{}
	if err := spec.LoadAndAssign(&objs, nil); err != nil {
		fail("LoadAndAssign: %v", err)
	}
	defer objs.Close()

	var inKernel TpOpenatRingbufBss
	if err := inKernel.Lookup(objs.Bss); err != nil || inKernel.TargetTgid != uint32(os.Getpid()) {
		fail("targetTgid in the kernel = %d (%v), want %d", inKernel.TargetTgid, err, os.Getpid())
	}
	fmt.Printf("ok   targetTgid set before load: %d\n", inKernel.TargetTgid)

	tp, err := attachTracepoint("syscalls", "sys_enter_openat", objs.TpOpenatRingbuf)
	if err != nil {
		fail("attach: %v", err)
	}
	defer tp.Close()
	rd, err := ringbuf.NewReader(objs.Events)
	if err != nil {
		fail("ringbuf reader: %v", err)
	}

	open := func() {
		fd, err := syscall.Open(probePath, syscall.O_RDONLY, 0) // openat(AT_FDCWD, ...)
		if err == nil {
			syscall.Close(fd)
		}
	}
	comm, _ := os.ReadFile("/proc/self/task/" + fmt.Sprint(syscall.Gettid()) + "/comm")
	wantComm := strings.TrimSuffix(string(comm), "\n")

	open()
	found := false
	records(rd, 3*time.Second, func(ev TpOpenatRingbufOpenEvent) bool {
		if ev.Tgid != uint32(os.Getpid()) {
			fail("record of tgid %d while targetTgid = %d", ev.Tgid, os.Getpid())
		}
		if cstr(ev.Filename[:]) != probePath {
			return true // another openat of this process (Go runtime)
		}
		if ev.Pid != uint32(syscall.Gettid()) || ev.Uid != uint32(os.Getuid()) || ev.Flags != 0 ||
			cstr(ev.Comm[:]) != wantComm {
			fail("record %+v: want pid %d uid %d flags 0 comm %q", ev, syscall.Gettid(), os.Getuid(), wantComm)
		}
		fmt.Printf("ok   decoded %d-byte record: pid %d tgid %d uid %d flags %d comm %q filename %q\n",
			binary.Size(ev), ev.Pid, ev.Tgid, ev.Uid, ev.Flags, cstr(ev.Comm[:]), cstr(ev.Filename[:]))
		found = true
		return false
	})
	if !found {
		fail("no ring buffer record for openat(%s)", probePath)
	}
	fmt.Printf("ok   record: pid == gettid, tgid == getpid, uid, flags 0, comm %q, %s\n", wantComm, probePath)

	// Reader closed by records(): open a new one after changing the global in the kernel.
	bss.TargetTgid = 1
	if err := bss.Update(objs.Bss); err != nil {
		fail("Update .bss: %v", err)
	}
	rd, err = ringbuf.NewReader(objs.Events)
	if err != nil {
		fail("ringbuf reader: %v", err)
	}
	open()
	records(rd, 500*time.Millisecond, func(ev TpOpenatRingbufOpenEvent) bool {
		if ev.Tgid != 1 {
			fail("record of tgid %d while targetTgid = 1: %+v", ev.Tgid, ev)
		}
		return true
	})
	fmt.Println("ok   targetTgid = 1 (Update): no record of this process")
	fmt.Println("PASS tp_openat_ringbuf (Go bindings, cilium/ebpf)")
}
