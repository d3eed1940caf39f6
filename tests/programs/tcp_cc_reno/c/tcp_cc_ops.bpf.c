// The C half of tcp_cc_reno (prog.go): the .struct_ops map that registers the three Go
// functions as the TCP congestion control "tbpf_go_reno", which Go cannot write (a struct
// of function pointers in a section of its own). libbpf matches this struct with the
// kernel's tcp_congestion_ops by name, member by member: only the members used need
// declaring. The Go functions are //exported under these names.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

extern __u32 go_reno_ssthresh(struct sock *sk);
extern void go_reno_cong_avoid(struct sock *sk, __u32 ack, __u32 acked);
extern __u32 go_reno_undo_cwnd(struct sock *sk);

SEC(".struct_ops")
struct tcp_congestion_ops tbpf_go_reno = {
	.ssthresh = (void *)go_reno_ssthresh,
	.cong_avoid = (void *)go_reno_cong_avoid,
	.undo_cwnd = (void *)go_reno_undo_cwnd,
	.name = "tbpf_go_reno",
};
