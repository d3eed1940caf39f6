/* A BPF C module joining a Go program (with_c): a C program beside tc_mark's Go one. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "extra.h"

SEC("xdp")
int c_pass(struct xdp_md *ctx)
{
	return EXTRA_VERDICT;
}
