/* A struct_ops object for the Go bindings: cilium/ebpf cannot load its map, so tbpf-gen-go
 * warns and says so in the generated Go (gogen.struct_ops.warning), while the bindings still
 * compile (gogen.compile.struct_ops). Built with clang: the map side is C in TinyBPF too. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct sock;

struct tcp_congestion_ops {
	void (*init)(struct sock *sk);
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/init")
void gogen_cc_init(unsigned long long *ctx)
{
}

SEC("struct_ops/ssthresh")
__u32 gogen_cc_ssthresh(unsigned long long *ctx)
{
	return 10;
}

SEC("struct_ops/cong_avoid")
void gogen_cc_cong_avoid(unsigned long long *ctx)
{
}

SEC("struct_ops/undo_cwnd")
__u32 gogen_cc_undo_cwnd(unsigned long long *ctx)
{
	return 10;
}

SEC(".struct_ops")
struct tcp_congestion_ops gogen_cc = {
	.init = (void *)gogen_cc_init,
	.ssthresh = (void *)gogen_cc_ssthresh,
	.cong_avoid = (void *)gogen_cc_cong_avoid,
	.undo_cwnd = (void *)gogen_cc_undo_cwnd,
	.name = "gogen_cc",
};
