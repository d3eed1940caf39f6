//go:build tinygo

// tp_btf_fork: BTF-typed tracepoint tp_btf/sched_process_fork (BPF_PROG_TYPE_TRACING,
// attach type BPF_TRACE_RAW_TP). The context is the tracepoint's argument list as u64
// slots, (struct task_struct *parent, struct task_struct *child); the verifier knows
// their BTF types, so the program reads the tasks directly (no probe_read), and the
// field offsets are CO-RE relocations (bpfCoreTaskStruct). Maps each new child's pid to
// its parent's tgid.
package main

import "unsafe"

const (
	bpfMapTypeHash = 1

	bpfAny = 0
)

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

// forkArgs: the context, the arguments of the sched_process_fork tracepoint.
type forkArgs struct {
	Parent *bpfCoreTaskStruct
	Child  *bpfCoreTaskStruct
}

// forkParents: child pid -> parent tgid. HASH, u32 -> u32.
var forkParents = bpfMapDef{Type: bpfMapTypeHash, KeySize: 4, ValueSize: 4, MaxEntries: 1024}

//go:extern bpf_map_update_elem
func bpfMapUpdateElem(m unsafe.Pointer, key, value unsafe.Pointer, flags uint64) int64

//export tp_btf_fork
func tp_btf_fork(ctx unsafe.Pointer) int32 {
	args := (*forkArgs)(ctx)
	parent := args.Parent
	if parent == nil || args.Child == nil {
		return 0
	}
	// The child is read through args without a variable of its own: tbpf-core knows it is
	// a *bpfCoreTaskStruct from forkArgs' field type.
	key := uint32(args.Child.Pid)
	val := uint32(parent.Tgid)
	bpfMapUpdateElem(unsafe.Pointer(&forkParents), unsafe.Pointer(&key), unsafe.Pointer(&val), bpfAny)
	return 0
}

func main() {}
