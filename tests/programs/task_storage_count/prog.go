//go:build tinygo

// task_storage_count: getpid() counter kept in BPF task-local storage. On every
// sys_enter_getpid, bpf_task_storage_get(..., BPF_LOCAL_STORAGE_GET_F_CREATE) returns the
// value of the current task (bpf_get_current_task_btf), created zeroed on first use; the
// program counts the call and stores the caller's thread id and tgid. Each thread has its
// own value. TASK_STORAGE needs BTF key (int) and value types: a typed map, bpfMap[K, V].
package main

import "unsafe"

const (
	bpfMapTypeTaskStorage = 29

	bpfFNoPrealloc = 1

	bpfLocalStorageGetFCreate = 1
)

type bpfMap[K, V any] struct {
	Type, MaxEntries, MapFlags uint32
	key                        [0]K
	value                      [0]V
}

type taskCounter struct {
	Calls uint64
	Pid   uint32 // thread id, from bpf_get_current_pid_tgid
	Tgid  uint32
}

// taskCounts: task (user space: a pidfd) -> taskCounter. max_entries must be 0.
var taskCounts = bpfMap[int32, taskCounter]{Type: bpfMapTypeTaskStorage, MapFlags: bpfFNoPrealloc}

//go:extern bpf_get_current_task_btf
func bpfGetCurrentTaskBtf() unsafe.Pointer

//go:extern bpf_task_storage_get
func bpfTaskStorageGet(m unsafe.Pointer, task unsafe.Pointer, value unsafe.Pointer, flags uint64) unsafe.Pointer

//go:extern bpf_get_current_pid_tgid
func bpfGetCurrentPidTgid() uint64

//export task_storage_count
func task_storage_count(ctx unsafe.Pointer) int32 {
	task := bpfGetCurrentTaskBtf()
	c := (*taskCounter)(bpfTaskStorageGet(unsafe.Pointer(&taskCounts), task, nil, bpfLocalStorageGetFCreate))
	if c == nil {
		return 0
	}
	id := bpfGetCurrentPidTgid()
	c.Calls++
	c.Pid = uint32(id)
	c.Tgid = uint32(id >> 32)
	return 0
}

func main() {}
