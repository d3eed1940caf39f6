// C twin of tests/programs/tcp_cc_reno/prog.go with its C module tcp_cc_ops.bpf.c: a TCP
// congestion control whose three operations call the kernel's Reno through kfuncs and count
// their calls; cong_avoid keeps the largest snd_cwnd it has seen (CO-RE). The kfuncs are
// declared with struct tcp_sock * as Go declares them (the kernel's take struct sock *).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct tcp_sock {
	__u32 snd_cwnd;
} __attribute__((preserve_access_index));

extern __u32 tcp_reno_ssthresh(struct tcp_sock *tp) __ksym;
extern void tcp_reno_cong_avoid(struct tcp_sock *tp, __u32 ack, __u32 acked) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct tcp_sock *tp) __ksym;

__u64 ssthreshCalls, congAvoidCalls, undoCwndCalls;
__u32 maxCwnd;

static __always_inline struct tcp_sock *sock_of(unsigned long long *ctx)
{
	return (struct tcp_sock *)ctx[0];
}

SEC("struct_ops/go_reno_ssthresh")
__u32 go_reno_ssthresh(unsigned long long *ctx)
{
	ssthreshCalls++;
	return tcp_reno_ssthresh(sock_of(ctx));
}

SEC("struct_ops/go_reno_cong_avoid")
void go_reno_cong_avoid(unsigned long long *ctx)
{
	struct tcp_sock *tp = sock_of(ctx);
	congAvoidCalls++;
	tcp_reno_cong_avoid(tp, (__u32)ctx[1], (__u32)ctx[2]);
	__u32 cwnd = tp->snd_cwnd;
	if (cwnd > maxCwnd)
		maxCwnd = cwnd;
}

SEC("struct_ops/go_reno_undo_cwnd")
__u32 go_reno_undo_cwnd(unsigned long long *ctx)
{
	undoCwndCalls++;
	return tcp_reno_undo_cwnd(sock_of(ctx));
}

/* tests/programs/tcp_cc_reno/c/tcp_cc_ops.bpf.c, with the functions above */
struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

SEC(".struct_ops")
struct tcp_congestion_ops tbpf_go_reno = {
	.ssthresh = (void *)go_reno_ssthresh,
	.cong_avoid = (void *)go_reno_cong_avoid,
	.undo_cwnd = (void *)go_reno_undo_cwnd,
	.name = "tbpf_go_reno",
};

char LICENSE[] SEC("license") = "GPL";
