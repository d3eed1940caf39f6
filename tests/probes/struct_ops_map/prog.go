//go:build tinygo

// struct_ops_map: shape probe (tests/probes/README.md). Candidate Go spelling of a
// struct_ops map (libbpf: SEC(".struct_ops.link") struct tcp_congestion_ops x = {...}):
// a global of the kernel's ops struct, named as in C, whose func-typed fields name the
// programs. Three globals, to see what TinyGo keeps and how:
//
//	ccExported   fields set to //export'ed functions; its address is taken by keep_maps
//	ccPlain      fields set to plain (unexported) Go functions; address taken by keep_maps
//	ccUnused     like ccPlain, referenced by nothing (does //go:section keep it alive?)
//
// As a program: a TCP congestion control whose init counts sockets (inits), ssthresh and
// undo_cwnd return 10, cong_avoid does nothing.
package main

import "unsafe"

// tcp_congestion_ops: the kernel's struct, by name; only the members used, in CamelCase.
type tcp_congestion_ops struct {
	Init      func(ctx unsafe.Pointer)
	Ssthresh  func(ctx unsafe.Pointer) uint32
	CongAvoid func(ctx unsafe.Pointer)
	UndoCwnd  func(ctx unsafe.Pointer) uint32
	Name      [16]byte
}

var inits uint64

//export cc_init
func ccInit(ctx unsafe.Pointer) { inits++ }

//export cc_ssthresh
func ccSsthresh(ctx unsafe.Pointer) uint32 { return 10 }

//export cc_cong_avoid
func ccCongAvoid(ctx unsafe.Pointer) {}

//export cc_undo_cwnd
func ccUndoCwnd(ctx unsafe.Pointer) uint32 { return 10 }

func plainInit(ctx unsafe.Pointer) { inits += 2 }

func plainSsthresh(ctx unsafe.Pointer) uint32 { return 10 }

func plainCongAvoid(ctx unsafe.Pointer) {}

func plainUndoCwnd(ctx unsafe.Pointer) uint32 { return 10 }

//go:section .struct_ops.link
var ccExported = tcp_congestion_ops{
	Init:      ccInit,
	Ssthresh:  ccSsthresh,
	CongAvoid: ccCongAvoid,
	UndoCwnd:  ccUndoCwnd,
	Name:      [16]byte{'p', 'r', 'o', 'b', 'e', '_', 'e', 'x', 'p'},
}

//go:section .struct_ops.link
var ccPlain = tcp_congestion_ops{
	Init:      plainInit,
	Ssthresh:  plainSsthresh,
	CongAvoid: plainCongAvoid,
	UndoCwnd:  plainUndoCwnd,
	Name:      [16]byte{'p', 'r', 'o', 'b', 'e', '_', 'p', 'l', 'a', 'i', 'n'},
}

//go:section .struct_ops.link
var ccUnused = tcp_congestion_ops{
	Init:      plainInit,
	Ssthresh:  plainSsthresh,
	CongAvoid: plainCongAvoid,
	UndoCwnd:  plainUndoCwnd,
	Name:      [16]byte{'p', 'r', 'o', 'b', 'e', '_', 'u', 'n', 'u', 's', 'e', 'd'},
}

var sink unsafe.Pointer

//export keep_maps
func keepMaps(ctx unsafe.Pointer) int32 {
	sink = unsafe.Pointer(&ccExported)
	if sink == unsafe.Pointer(&ccPlain) {
		return 1
	}
	return 0
}

func main() {}
