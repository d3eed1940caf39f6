//go:build tinygo

// core_field_exists: CO-RE field questions answered by the running kernel. On every getpid
// the program stores, in fieldInfo:
//   [0] bpfCoreFieldExists(&task.Tgid)          -> 1 (task_struct has tgid)
//   [1] bpfCoreFieldExists(&task.NoSuchMember)  -> 0 (it has no no_such_member)
//   [2] bpfCoreFieldSize(&task.Tgid)            -> 4
//   [3] task.Tgid read through CO-RE            -> the tgid of the caller
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type bpfCoreTaskStruct struct {
	Pid          int32
	Tgid         int32
	NoSuchMember uint64
}

// fieldInfo: ARRAY, u32 -> u32, 4 entries.
var fieldInfo = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 4, MaxEntries: 4}

//go:extern bpf_get_current_task
func bpfGetCurrentTask() uint64

//go:extern bpf_probe_read_kernel
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//go:extern bpf_map_update_elem
func bpfMapUpdateElem(m unsafe.Pointer, key, value unsafe.Pointer, flags uint64) int64

//go:extern bpf_core_field_exists
func bpfCoreFieldExists(field unsafe.Pointer) uint32

//go:extern bpf_core_field_size
func bpfCoreFieldSize(field unsafe.Pointer) uint32

func store(key uint32, value uint32) {
	bpfMapUpdateElem(unsafe.Pointer(&fieldInfo), unsafe.Pointer(&key), unsafe.Pointer(&value), 0)
}

//export core_field_exists
func core_field_exists(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	if task == nil {
		return 0
	}
	store(0, bpfCoreFieldExists(unsafe.Pointer(&task.Tgid)))
	store(1, bpfCoreFieldExists(unsafe.Pointer(&task.NoSuchMember)))
	store(2, bpfCoreFieldSize(unsafe.Pointer(&task.Tgid)))
	var tgid int32
	bpfProbeReadKernel(unsafe.Pointer(&tgid), 4, unsafe.Pointer(&task.Tgid))
	store(3, uint32(tgid))
	return 0
}

func main() {}
