/* typed_flows: a typed map from Go. `var flows = bpfMap[flowKey, flowStats]{Type: 1, ...}`
 * gives the map BTF key and value types (struct flowKey / flowStats), so the kernel, bpftool
 * map dump and this loader all see the structs. The loader test-runs frames through the XDP
 * program and prints the per-flow counters it finds, keyed by the Go struct. */
#include "tinybpf_example.h"

#include <arpa/inet.h>

#include "typed_flows.skel.h"

/* The Go types, as the map's BTF describes them (12 and 16 bytes). */
struct flow_key {
	uint32_t saddr, daddr;
	uint8_t proto, pad[3];
};
struct flow_stats {
	uint64_t packets, bytes;
};

static const char udp4[] = "020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f";
static const char tcp4[] = "020000000002020000000001080045000028000100004006f77bc0a80101c0a801029c40005000000001000000005002200000000000";
static const char udp6[] = "02000000000202000000000186dd60000000000d1140000000000000000000000000000000000000000000000000000000000000000000010035000d000068656c6c6f";

int main(void)
{
	example_init("typed_flows");
	struct typed_flows *skel = typed_flows__open_and_load();
	if (!skel)
		example_die("typed_flows__open_and_load", errno);

	struct bpf_map_info info = {0};
	uint32_t len = sizeof info;
	int err = bpf_obj_get_info_by_fd(bpf_map__fd(skel->maps.flows), &info, &len);
	if (err)
		example_die("bpf_map_get_info_by_fd(flows)", errno);
	example_check(info.btf_key_type_id && info.btf_value_type_id,
		      "flows carries BTF key/value types in the kernel (key type %u, value type %u, %u/%u bytes)",
		      info.btf_key_type_id, info.btf_value_type_id, info.key_size, info.value_size);
	example_check(info.key_size == sizeof(struct flow_key) && info.value_size == sizeof(struct flow_stats),
		      "key and value sizes match the Go structs");

	const char *frames[] = {udp4, udp4, tcp4, udp6};
	for (size_t i = 0; i < sizeof frames / sizeof *frames; i++)
		example_check(example_test_run(skel->progs.xdp_flow_count, frames[i], NULL, NULL, 0) == 2,
			      "frame %zu -> XDP_PASS", i);

	printf("flows (BTF-typed HASH map):\n");
	struct flow_key key, next;
	struct flow_stats st;
	int n = 0;
	void *prev = NULL;
	while (bpf_map__get_next_key(skel->maps.flows, prev, &next, sizeof next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map__lookup_elem(skel->maps.flows, &key, sizeof key, &st, sizeof st, 0))
			continue;
		char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &key.saddr, s, sizeof s);
		inet_ntop(AF_INET, &key.daddr, d, sizeof d);
		printf("  %s -> %s proto %u: %llu packets, %llu bytes\n", s, d, key.proto,
		       (unsigned long long)st.packets, (unsigned long long)st.bytes);
		n++;
	}
	struct flow_key udp = {htonl(0xc0a80101), htonl(0xc0a80102), 17, {0}};
	struct flow_key tcp = {htonl(0xc0a80101), htonl(0xc0a80102), 6, {0}};
	example_check(n == 2, "two IPv4 flows (IPv6 is not counted): %d", n);
	err = bpf_map__lookup_elem(skel->maps.flows, &udp, sizeof udp, &st, sizeof st, 0);
	example_check(!err && st.packets == 2 && st.bytes == 94, "UDP flow = {2 packets, 94 bytes}");
	err = bpf_map__lookup_elem(skel->maps.flows, &tcp, sizeof tcp, &st, sizeof st, 0);
	example_check(!err && st.packets == 1 && st.bytes == 54, "TCP flow = {1 packet, 54 bytes}");

	typed_flows__destroy(skel);
	return example_finish("typed_flows");
}
