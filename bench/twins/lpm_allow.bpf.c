// C twin of tests/fixtures/lpm_allow/prog.go: XDP source-address filter backed
// by an LPM trie. A packet whose IPv4 source address is inside a prefix of
// denyPrefixes is dropped and the entry's u32 hit counter incremented.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XDP_DROP_RC 1
#define XDP_PASS_RC 2

/* struct bpf_lpm_trie_key with a 4-byte IPv4 address (network byte order).
 * A struct key type: the kernel only accepts BTF for LPM keys that are structs. */
struct lpm_key_v4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct eth_ipv4 {
	__u8 dst[6], src[6];
	__u8 ether_type[2];
	__u8 ver_ihl;
	__u8 tos;
	__u8 tot_len[2];
	__u8 id[2];
	__u8 frag_off[2];
	__u8 ttl;
	__u8 protocol;
	__u8 check[2];
	__u8 saddr[4];
	__u8 daddr[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_key_v4);
	__type(value, __u32);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} denyPrefixes SEC(".maps");

SEC("xdp")
int lpm_allow(struct xdp_md *md)
{
	void *data = (void *)(unsigned long)md->data;

	if ((unsigned long)data + sizeof(struct eth_ipv4) > (unsigned long)md->data_end)
		return XDP_PASS_RC;
	struct eth_ipv4 *pkt = data;
	if (pkt->ether_type[0] != 0x08 || pkt->ether_type[1] != 0x00)
		return XDP_PASS_RC;
	struct lpm_key_v4 key = {.prefixlen = 32};
	key.addr[0] = pkt->saddr[0];
	key.addr[1] = pkt->saddr[1];
	key.addr[2] = pkt->saddr[2];
	key.addr[3] = pkt->saddr[3];
	__u32 *hits = bpf_map_lookup_elem(&denyPrefixes, &key);
	if (!hits)
		return XDP_PASS_RC;
	__sync_fetch_and_add(hits, 1);
	return XDP_DROP_RC;
}

char LICENSE[] SEC("license") = "GPL";
