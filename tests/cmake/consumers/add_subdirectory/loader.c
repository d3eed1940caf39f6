/* Loads tc_mark through its skeleton and test-runs a TCP frame and a UDP frame with a
 * struct __sk_buff context: TCP gets mark 0x42, UDP none; both return TC_ACT_OK (0).
 * Exit 77 when not root. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include <linux/bpf.h>

#include "tc_mark.skel.h"

static int run(struct tc_mark *skel, const char *hex, unsigned int *mark)
{
	unsigned char pkt[128];
	size_t n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned int b;
		sscanf(hex, "%2x", &b);
		pkt[n++] = (unsigned char)b;
	}
	struct __sk_buff in, out;
	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = (unsigned int)n, .ctx_in = &in,
		    .ctx_size_in = sizeof in, .ctx_out = &out, .ctx_size_out = sizeof out, .repeat = 1);
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.tc_mark), &opts)) {
		fprintf(stderr, "BPF_PROG_TEST_RUN: %s\n", strerror(errno));
		return -1;
	}
	*mark = out.mark;
	return (int)opts.retval;
}

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "not root: cannot load BPF programs\n");
		return 77;
	}
	struct tc_mark *skel = tc_mark__open_and_load();
	if (!skel) {
		fprintf(stderr, "tc_mark__open_and_load: %s\n", strerror(errno));
		return 1;
	}
	unsigned int mark_tcp = ~0u, mark_udp = ~0u;
	int rt = run(skel, "020000000002020000000001080045000028000100004006f77bc0a80101c0a801029c40005000000001000000005002200000000000", &mark_tcp);
	int ru = run(skel, "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f", &mark_udp);
	printf("TCP -> %d mark 0x%x, UDP -> %d mark 0x%x\n", rt, mark_tcp, ru, mark_udp);
	tc_mark__destroy(skel);
	if (rt != 0 || ru != 0 || mark_tcp != 0x42 || mark_udp != 0) {
		printf("FAIL: expected 0/0x42 and 0/0\n");
		return 1;
	}
	printf("PASS\n");
	return 0;
}
