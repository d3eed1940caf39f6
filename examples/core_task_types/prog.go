//go:build tinygo

// core_task_types: CO-RE reads written only against kernel types that tbpf-core gen-types
// generated from the kernel's BTF (kernel_types.go; nothing here is hand-typed):
//
//	task->pid, task->tgid, task->real_parent->tgid, task->nsproxy->uts_ns->name.nodename
//
// On getpid(2) by the process whose tgid the loader put in targetTgid (before load), the
// program stores what it read in globals (.bss); the loader compares it with
// getpid(), getppid() and uname(2). The padding in kernel_types.go is the generating
// kernel's layout; tbpf-core turns every field access into a CO-RE relocation, so libbpf
// moves the reads to wherever the running kernel has these fields.
package main

import (
	"runtime/volatile"
	"unsafe"
)

//go:generate tbpf-core gen-types task_struct.pid,tgid,real_parent,nsproxy nsproxy.uts_ns uts_namespace.name -o kernel_types.go --package main

// Set by the loader through skel->bss->targetTgid before load.
var targetTgid uint32

// What the program read (.bss, skel->bss->... in the loader).
var (
	taskPid        uint32 // task->pid
	taskTgid       uint32 // task->tgid
	taskParentTgid uint32 // task->real_parent->tgid
	taskCalls      uint32 // getpid calls seen
	taskNodename   [65]byte
)

//go:extern bpf_get_current_task
func bpfGetCurrentTask() uint64

//go:extern bpf_get_current_pid_tgid
func bpfGetCurrentPidTgid() uint64

//go:extern bpf_probe_read_kernel
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//export core_task_types
func core_task_types(ctx unsafe.Pointer) int32 {
	if uint32(bpfGetCurrentPidTgid()>>32) != volatile.LoadUint32(&targetTgid) {
		return 0
	}
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}

	var pid, tgid, ptgid int32
	var parent *bpfCoreTaskStruct
	var ns *bpfCoreNsproxy
	var uts *bpfCoreUtsNamespace
	bpfProbeReadKernel(unsafe.Pointer(&pid), uint32(unsafe.Sizeof(pid)), unsafe.Pointer(&task.Pid))
	bpfProbeReadKernel(unsafe.Pointer(&tgid), uint32(unsafe.Sizeof(tgid)), unsafe.Pointer(&task.Tgid))
	bpfProbeReadKernel(unsafe.Pointer(&parent), uint32(unsafe.Sizeof(parent)), unsafe.Pointer(&task.RealParent))
	if parent != nil {
		bpfProbeReadKernel(unsafe.Pointer(&ptgid), uint32(unsafe.Sizeof(ptgid)), unsafe.Pointer(&parent.Tgid))
	}
	bpfProbeReadKernel(unsafe.Pointer(&ns), uint32(unsafe.Sizeof(ns)), unsafe.Pointer(&task.Nsproxy))
	if ns != nil {
		bpfProbeReadKernel(unsafe.Pointer(&uts), uint32(unsafe.Sizeof(uts)), unsafe.Pointer(&ns.UtsNs))
	}
	if uts != nil {
		bpfProbeReadKernel(unsafe.Pointer(&taskNodename), uint32(len(taskNodename)), unsafe.Pointer(&uts.Name.Nodename))
	}

	taskPid = uint32(pid)
	taskTgid = uint32(tgid)
	taskParentTgid = uint32(ptgid)
	taskCalls++
	return 0
}

func main() {}
