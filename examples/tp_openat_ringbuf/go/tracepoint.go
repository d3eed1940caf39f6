// Part of this Go loader: attaching a tracepoint with cilium/ebpf 0.9.1 where only tracefs is
// mounted (same file in examples/tp_openat_ringbuf/go and examples/globals_config/go).
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

type perfEventFD int

func (fd perfEventFD) Close() error { return unix.Close(int(fd)) }

// attachTracepoint is link.Tracepoint, with a fallback for cilium/ebpf 0.9.1, which reads
// trace event ids only from /sys/kernel/debug/tracing: where debugfs is not mounted but
// tracefs is (/sys/kernel/tracing), the program is attached with perf_event_open and
// PERF_EVENT_IOC_SET_BPF, as link.Tracepoint does.
func attachTracepoint(group, name string, prog *ebpf.Program) (io.Closer, error) {
	l, err := link.Tracepoint(group, name, prog, nil)
	if err == nil {
		return l, nil
	}
	raw, rerr := os.ReadFile(filepath.Join("/sys/kernel/tracing/events", group, name, "id"))
	if rerr != nil {
		return nil, fmt.Errorf("%v (and no tracefs at /sys/kernel/tracing: %v)", err, rerr)
	}
	fmt.Printf("note: link.Tracepoint: %v; attaching through /sys/kernel/tracing\n", err)
	id, perr := strconv.ParseUint(strings.TrimSpace(string(raw)), 10, 64)
	if perr != nil {
		return nil, perr
	}
	attr := unix.PerfEventAttr{Type: unix.PERF_TYPE_TRACEPOINT, Config: id, Sample: 1, Wakeup: 1}
	attr.Size = uint32(unsafe.Sizeof(attr))
	fd, err := unix.PerfEventOpen(&attr, -1, 0, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("perf_event_open %s/%s: %w", group, name, err)
	}
	if err := unix.IoctlSetInt(fd, unix.PERF_EVENT_IOC_SET_BPF, prog.FD()); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("PERF_EVENT_IOC_SET_BPF: %w", err)
	}
	if err := unix.IoctlSetInt(fd, unix.PERF_EVENT_IOC_ENABLE, 0); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("PERF_EVENT_IOC_ENABLE: %w", err)
	}
	return perfEventFD(fd), nil
}

// requireTracefs exits 77 (the tests' "skipped") when no tracefs with syscall events is mounted.
func requireTracefs() {
	for _, dir := range []string{"/sys/kernel/tracing/events/syscalls", "/sys/kernel/debug/tracing/events/syscalls"} {
		if _, err := os.Stat(dir); err == nil {
			return
		}
	}
	fmt.Println("SKIP: no tracefs with syscall events (mount -t tracefs nodev /sys/kernel/tracing)")
	os.Exit(77)
}
