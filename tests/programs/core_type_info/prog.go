//go:build tinygo

// core_type_info: CO-RE questions about kernel types, answered by the running kernel. The
// type is in the function's name (bpfCoreTypeExists<Type>, bpfCoreTypeSize<Type>, spelled
// like bpfCore<Type> structs): Go cannot pass a type without a value. A test run of the
// raw_tracepoint returns
//   bit 0      bpfCoreTypeExistsTaskStruct()      -> 1
//   bit 1      bpfCoreTypeExistsTbpfNoSuchType()  -> 0
//   bits 2...  bpfCoreTypeSizeTaskStruct()        -> sizeof(struct task_struct) in the kernel's BTF
package main

import "unsafe"

// Declarations without a body, like the helpers'; tbpf-core answers them (C's
// bpf_core_type_exists and bpf_core_type_size).
func bpfCoreTypeExistsTaskStruct() uint32
func bpfCoreTypeExistsTbpfNoSuchType() bool
func bpfCoreTypeSizeTaskStruct() uint32

//export core_type_info
func core_type_info(ctx unsafe.Pointer) int32 {
	info := bpfCoreTypeExistsTaskStruct()
	if bpfCoreTypeExistsTbpfNoSuchType() {
		info |= 2
	}
	info |= bpfCoreTypeSizeTaskStruct() << 2
	return int32(info)
}

func main() {}
