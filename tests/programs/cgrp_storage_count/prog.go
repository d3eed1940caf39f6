//go:build tinygo

// cgrp_storage_count: getpid() counter kept in BPF cgroup-local storage. On every
// sys_enter_getpid the program reaches the caller's default-hierarchy cgroup through CO-RE
// reads (task->cgroups->dfl_cgrp, from bpf_get_current_task_btf), gets its value with
// bpf_cgrp_storage_get(..., BPF_LOCAL_STORAGE_GET_F_CREATE), counts the call and stores the
// cgroup's level and the caller's tgid. CGRP_STORAGE needs BTF key (int) and value types: a
// typed map, bpfMap[K, V].
package main

import "unsafe"

const (
	bpfMapTypeCgrpStorage = 32

	bpfFNoPrealloc = 1

	bpfLocalStorageGetFCreate = 1
)

type bpfMap[K, V any] struct {
	Type, MaxEntries, MapFlags uint32
	key                        [0]K
	value                      [0]V
}

// Kernel types, read in place through CO-RE (struct task_struct, css_set, cgroup).
type bpfCoreTaskStruct struct {
	Cgroups *bpfCoreCssSet
}

type bpfCoreCssSet struct {
	DflCgrp *bpfCoreCgroup
}

type bpfCoreCgroup struct {
	Level int32
}

type cgroupCounter struct {
	Calls uint64
	Level int32  // cgrp->level
	Tgid  uint32 // of the last caller
}

// cgroupCounts: cgroup (user space: the cgroup directory's fd) -> cgroupCounter.
// max_entries must be 0.
var cgroupCounts = bpfMap[int32, cgroupCounter]{Type: bpfMapTypeCgrpStorage, MapFlags: bpfFNoPrealloc}

//go:extern bpf_get_current_task_btf
func bpfGetCurrentTaskBtf() unsafe.Pointer

//go:extern bpf_cgrp_storage_get
func bpfCgrpStorageGet(m unsafe.Pointer, cgroup unsafe.Pointer, value unsafe.Pointer, flags uint64) unsafe.Pointer

//go:extern bpf_get_current_pid_tgid
func bpfGetCurrentPidTgid() uint64

//export cgrp_storage_count
func cgrp_storage_count(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(bpfGetCurrentTaskBtf())
	cgrp := task.Cgroups.DflCgrp
	c := (*cgroupCounter)(bpfCgrpStorageGet(unsafe.Pointer(&cgroupCounts), unsafe.Pointer(cgrp), nil, bpfLocalStorageGetFCreate))
	if c == nil {
		return 0
	}
	c.Calls++
	c.Level = cgrp.Level
	c.Tgid = uint32(bpfGetCurrentPidTgid() >> 32)
	return 0
}

func main() {}
