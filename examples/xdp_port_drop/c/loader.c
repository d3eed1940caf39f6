/* xdp_port_drop: block UDP port 53, then push six frames through the XDP program with
 * BPF_PROG_TEST_RUN and print each verdict and the kernel's drop counter. */
#include "tinybpf_example.h"

#include "xdp_port_drop.skel.h"

static const struct {
	const char *name, *hex;
	unsigned int want;
} frames[] = {
	{"IPv4 UDP -> :53", "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f", 1},
	{"IPv4 UDP -> :53, IP options", "020000000002020000000001080046000025000100004011f471c0a80101c0a801020101010130390035000d000068656c6c6f", 1},
	{"IPv4 UDP -> :54", "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390036000d000068656c6c6f", 2},
	{"IPv4 TCP -> :53", "020000000002020000000001080045000028000100004006f77bc0a80101c0a801023039003500000001000000005002200000000000", 2},
	{"IPv6 UDP -> :53", "02000000000202000000000186dd60000000000d1140000000000000000000000000000000000000000000000000000000000000000000010035000d000068656c6c6f", 2},
	{"truncated IPv4", "02000000000202000000000108004500001c", 2},
};

static const char *verdict(unsigned int v)
{
	static const char *names[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};
	return v < 5 ? names[v] : "?";
}

int main(void)
{
	example_init("xdp_port_drop");
	struct xdp_port_drop *skel = xdp_port_drop__open_and_load();
	if (!skel)
		example_die("xdp_port_drop__open_and_load", errno);

	uint16_t port = 53; /* key: port in host byte order */
	uint8_t one = 1;
	int err = bpf_map__update_elem(skel->maps.blockedPorts, &port, sizeof port, &one, sizeof one, BPF_ANY);
	if (err)
		example_die("blockedPorts[53] = 1", err);
	printf("blocked UDP port %u\n", port);

	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++) {
		unsigned int v = example_test_run(skel->progs.xdp_port_drop, frames[i].hex, NULL, NULL, 0);
		example_check(v == frames[i].want, "%-28s -> %s (%u)", frames[i].name, verdict(v), v);
	}

	uint32_t key = 0;
	uint64_t drops = 0;
	err = bpf_map__lookup_elem(skel->maps.dropCount, &key, sizeof key, &drops, sizeof drops, 0);
	if (err)
		example_die("dropCount[0]", err);
	example_check(drops == 2, "dropCount[0] = %llu (kernel counter)", (unsigned long long)drops);

	xdp_port_drop__destroy(skel);
	return example_finish("xdp_port_drop");
}
