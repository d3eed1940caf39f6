/* The part of the tcp_cc program that Go cannot write: the struct_ops map. Its `init`
 * member names the Go function getpid_globals (the program TinyBPF built from Go, in
 * section struct_ops/init); the members the kernel requires besides are small C programs.
 * libbpf matches this struct with the kernel's by name, member by member: only the members
 * used need declaring, in any order. */
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

/* In Go: //export getpid_globals, func getpid_globals(ctx unsafe.Pointer) int32 */
extern int getpid_globals(void *ctx);

SEC("struct_ops/ssthresh")
__u32 tbpf_cc_ssthresh(unsigned long long *ctx)
{
	return 10;
}

SEC("struct_ops/undo_cwnd")
__u32 tbpf_cc_undo_cwnd(unsigned long long *ctx)
{
	return 10;
}

SEC("struct_ops/cong_avoid")
void tbpf_cc_cong_avoid(unsigned long long *ctx)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops tbpf_cc = {
	.init = (void *)getpid_globals,
	.ssthresh = (void *)tbpf_cc_ssthresh,
	.cong_avoid = (void *)tbpf_cc_cong_avoid,
	.undo_cwnd = (void *)tbpf_cc_undo_cwnd,
	.name = TBPF_CC_NAME,
};
