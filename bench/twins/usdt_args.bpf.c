// C twin of tests/programs/usdt_args/prog.go: bpf_usdt_arg called directly (Go calls it
// through usdt_arg.bpf.c's usdt_arg).
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

__u64 hits;
__s64 argSum;
__u64 failures;

SEC("usdt")
int usdt_args(void *ctx)
{
	long a = 0, b = 0;

	if (bpf_usdt_arg(ctx, 0, &a) != 0 || bpf_usdt_arg(ctx, 1, &b) != 0) {
		failures++;
		return 0;
	}
	hits++;
	argSum += a * 1000 + b;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
