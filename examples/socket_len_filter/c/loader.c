/* socket_len_filter: a socket filter returns how many bytes of a packet to keep. Run it
 * on five frames: IPv4 packets are kept whole (skb->len), everything else is dropped (0). */
#include "tinybpf_example.h"

#include "socket_len_filter.skel.h"

/* Under BPF_PROG_TEST_RUN a socket filter sees the packet without its 14-byte Ethernet
 * header, so skb->len is the frame length minus 14. */
static const struct {
	const char *name, *hex;
	unsigned int want;
} frames[] = {
	{"IPv4 UDP, 47-byte frame", "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f", 33},
	{"IPv4 TCP, 54-byte frame", "020000000002020000000001080045000028000100004006f77bc0a80101c0a801029c40005000000001000000005002200000000000", 40},
	{"IPv4 + options, 51 bytes", "020000000002020000000001080046000025000100004011f471c0a80101c0a801020101010130390035000d000068656c6c6f", 37},
	{"IPv6 UDP", "02000000000202000000000186dd60000000000d1140000000000000000000000000000000000000000000000000000000000000000000010035000d000068656c6c6f", 0},
	{"ARP request", "020000000002020000000001080600010800060400010000000000000000000000000000000000000000", 0},
};

int main(void)
{
	example_init("socket_len_filter");
	struct socket_len_filter *skel = socket_len_filter__open_and_load();
	if (!skel)
		example_die("socket_len_filter__open_and_load", errno);

	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++) {
		unsigned int keep = example_test_run(skel->progs.socket_len_filter, frames[i].hex, NULL, NULL, 0);
		example_check(keep == frames[i].want, "%-26s -> keep %u bytes%s", frames[i].name, keep,
			      keep ? "" : " (dropped)");
	}

	socket_len_filter__destroy(skel);
	return example_finish("socket_len_filter");
}
