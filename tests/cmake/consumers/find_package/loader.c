/* Loads xdp_port_drop through its skeleton, blocks UDP port 53 and test-runs two
 * frames: port 53 must be dropped (XDP_DROP = 1), port 54 passed (XDP_PASS = 2), and the
 * drop counter must read 1. Exit 77 when not root. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "xdp_port_drop.skel.h"

static unsigned int run(struct xdp_port_drop *skel, const char *hex)
{
	unsigned char pkt[128];
	size_t n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned int b;
		sscanf(hex, "%2x", &b);
		pkt[n++] = (unsigned char)b;
	}
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = (unsigned int)n, .repeat = 1);
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xdp_port_drop), &opts)) {
		fprintf(stderr, "BPF_PROG_TEST_RUN: %s\n", strerror(errno));
		return ~0u;
	}
	return opts.retval;
}

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "not root: cannot load BPF programs\n");
		return 77;
	}
	struct xdp_port_drop *skel = xdp_port_drop__open_and_load();
	if (!skel) {
		fprintf(stderr, "xdp_port_drop__open_and_load: %s\n", strerror(errno));
		return 1;
	}
	uint16_t port = 53;
	uint8_t one = 1;
	if (bpf_map__update_elem(skel->maps.blockedPorts, &port, sizeof port, &one, sizeof one, BPF_ANY)) {
		fprintf(stderr, "blockedPorts update: %s\n", strerror(errno));
		return 1;
	}
	unsigned int v53 = run(skel, "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f");
	unsigned int v54 = run(skel, "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390036000d000068656c6c6f");
	uint32_t key = 0;
	uint64_t drops = ~0ull;
	bpf_map__lookup_elem(skel->maps.dropCount, &key, sizeof key, &drops, sizeof drops, 0);
	printf("UDP :53 -> %u, UDP :54 -> %u, dropCount[0] = %llu\n", v53, v54, (unsigned long long)drops);
	xdp_port_drop__destroy(skel);
	if (v53 != 1 || v54 != 2 || drops != 1) {
		printf("FAIL: expected 1, 2 and 1\n");
		return 1;
	}
	printf("PASS\n");
	return 0;
}
