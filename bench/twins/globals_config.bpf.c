// C twin of tests/fixtures/globals_config/prog.go: package-level variables as
// BPF global data.
//	calls        zero-initialised, written           -> .bss
//	mixState     non-zero initialised, written       -> .data
//	weights      never written, bounded index        -> .rodata
//	weightedSum  zero-initialised, written           -> .bss
// Every getpid(2) advances a xorshift32 state and adds weights[state&7].
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 calls = 0;
__u32 mixState = 2463534242u;
const __u32 weights[8] = {1, 2, 3, 5, 8, 13, 21, 34};
__u64 weightedSum = 0;

SEC("tracepoint/syscalls/sys_enter_getpid")
int getpid_globals(void *ctx)
{
	calls++;
	__u32 x = mixState;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	mixState = x;
	weightedSum += weights[x & 7];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
