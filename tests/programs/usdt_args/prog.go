//go:build tinygo

// usdt_args: a usdt program that reads its probe's arguments through a function of a BPF C
// module: usdt_arg.bpf.c wraps libbpf's bpf_usdt_arg (<bpf/usdt.bpf.h>, C only), and Go
// calls it like a kfunc, through a Go function without a body named by //export. Attached to
// tbpf-behave's probe tinybpf:args (two integer arguments), fired 5 times with (i, 7*i+1) for
// i = 1..5: hits == 5, argSum == the sum of 1000*a + b (15110), failures == 0.
package main

import "unsafe"

// usdtArg is the C module's usdt_arg: argument n of the probe that fired into *res; 0 on
// success, a negative errno else.
//
//export usdt_arg
func usdtArg(ctx unsafe.Pointer, n uint64, res *int64) int32

var hits uint64
var argSum int64
var failures uint64

//export usdt_args
func usdt_args(ctx unsafe.Pointer) int32 {
	var a, b int64
	if usdtArg(ctx, 0, &a) != 0 || usdtArg(ctx, 1, &b) != 0 {
		failures++
		return 0
	}
	hits++
	argSum += a*1000 + b
	return 0
}

func main() {}
