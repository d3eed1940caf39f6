/* tc_mark: run the TC classifier on four frames with a struct __sk_buff context and
 * show the mark it sets on TCP, then the kernel's seen/marked counters. */
#include "tinybpf_example.h"

#include <linux/bpf.h>

#include "tc_mark.skel.h"

static const struct {
	const char *name, *hex;
	unsigned int want_mark;
} frames[] = {
	{"IPv4 TCP -> :80", "020000000002020000000001080045000028000100004006f77bc0a80101c0a801029c40005000000001000000005002200000000000", 0x42},
	{"IPv4 UDP -> :53", "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f", 0},
	{"IPv6 UDP -> :53", "02000000000202000000000186dd60000000000d1140000000000000000000000000000000000000000000000000000000000000000000010035000d000068656c6c6f", 0},
	{"IPv4 TCP -> :53", "020000000002020000000001080045000028000100004006f77bc0a80101c0a801023039003500000001000000005002200000000000", 0x42},
};

int main(void)
{
	example_init("tc_mark");
	struct tc_mark *skel = tc_mark__open_and_load();
	if (!skel)
		example_die("tc_mark__open_and_load", errno);

	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++) {
		struct __sk_buff in, out;
		memset(&in, 0, sizeof in);
		memset(&out, 0, sizeof out);
		unsigned int v = example_test_run(skel->progs.tc_mark, frames[i].hex, &in, &out, sizeof in);
		example_check(v == 0 && out.mark == frames[i].want_mark, "%-16s -> TC_ACT_OK=%u, skb->mark = 0x%x",
			      frames[i].name, v, out.mark);
	}

	const char *stat_name[] = {"seen", "marked"};
	const uint64_t want[] = {4, 2};
	for (uint32_t key = 0; key < 2; key++) {
		uint64_t n = 0;
		int err = bpf_map__lookup_elem(skel->maps.stats, &key, sizeof key, &n, sizeof n, 0);
		if (err)
			example_die("stats lookup", err);
		example_check(n == want[key], "stats[%u] (%s) = %llu", key, stat_name[key], (unsigned long long)n);
	}

	tc_mark__destroy(skel);
	return example_finish("tc_mark");
}
