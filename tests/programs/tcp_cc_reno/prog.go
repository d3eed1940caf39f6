//go:build tinygo

// tcp_cc_reno: a TCP congestion control written in Go (struct_ops). Its three operations
// call the kernel's own Reno through kernel functions whose names do not start with bpf_,
// declared in the kfuncXxx spelling (kfuncTcpRenoCongAvoid is tcp_reno_cong_avoid), and
// count their calls; cong_avoid also keeps the largest congestion window it has seen, read
// from the socket with CO-RE (tcp_sock.snd_cwnd). The .struct_ops map that registers the
// three as the congestion control "tbpf_go_reno", which Go cannot write, is the C module
// c/tcp_cc_ops.bpf.c.
package main

import "unsafe"

// The kernel's struct tcp_sock, as much of it as this program reads. A congestion
// control's socket argument is a tcp_sock for the verifier (struct_ops promotes it).
type bpfCoreTcpSock struct {
	SndCwnd uint32
}

//go:extern tcp_reno_ssthresh
func kfuncTcpRenoSsthresh(tp *bpfCoreTcpSock) uint32

//go:extern tcp_reno_cong_avoid
func kfuncTcpRenoCongAvoid(tp *bpfCoreTcpSock, ack uint32, acked uint32)

//go:extern tcp_reno_undo_cwnd
func kfuncTcpRenoUndoCwnd(tp *bpfCoreTcpSock) uint32

var (
	ssthreshCalls  uint64
	congAvoidCalls uint64
	undoCwndCalls  uint64
	maxCwnd        uint32
)

// A struct_ops program's context holds its operation's arguments, each widened to 64 bits.
type sockArgs struct {
	Tp *bpfCoreTcpSock
}

type congAvoidArgs struct {
	Tp    *bpfCoreTcpSock
	Ack   uint64
	Acked uint64
}

//export go_reno_ssthresh
func go_reno_ssthresh(ctx unsafe.Pointer) uint32 {
	tp := (*sockArgs)(ctx).Tp // a variable: the kfunc's BTF prototype takes its Go type
	ssthreshCalls++
	return kfuncTcpRenoSsthresh(tp)
}

//export go_reno_cong_avoid
func go_reno_cong_avoid(ctx unsafe.Pointer) {
	args := (*congAvoidArgs)(ctx)
	tp := args.Tp
	congAvoidCalls++
	kfuncTcpRenoCongAvoid(tp, uint32(args.Ack), uint32(args.Acked))
	if cwnd := tp.SndCwnd; cwnd > maxCwnd {
		maxCwnd = cwnd
	}
}

//export go_reno_undo_cwnd
func go_reno_undo_cwnd(ctx unsafe.Pointer) uint32 {
	tp := (*sockArgs)(ctx).Tp
	undoCwndCalls++
	return kfuncTcpRenoUndoCwnd(tp)
}

func main() {}
