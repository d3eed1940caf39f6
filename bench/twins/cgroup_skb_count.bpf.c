// C twin of tests/fixtures/cgroup_skb_count/prog.go: cgroup egress hook that
// accounts IPv4 packets and bytes per IP protocol in an LRU per-CPU hash and
// never blocks traffic. For cgroup skb programs skb->data is the IP header.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1
#define CGROUP_SKB_ALLOW 1

struct traffic_key {
	__u8 proto;
	__u8 pad[3];
};

struct traffic_val {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__type(key, struct traffic_key);
	__type(value, struct traffic_val);
	__uint(max_entries, 256);
} egressTraffic SEC(".maps");

SEC("cgroup_skb/egress")
int cgroup_skb_count(struct __sk_buff *skb)
{
	if (skb->protocol != 0x0008) /* htons(ETH_P_IP) */
		return CGROUP_SKB_ALLOW;
	void *ip = (void *)(unsigned long)skb->data;
	if ((unsigned long)ip + 20 > (unsigned long)skb->data_end)
		return CGROUP_SKB_ALLOW;
	struct traffic_key key = {};
	key.proto = *(__u8 *)(ip + 9);
	struct traffic_val *v = bpf_map_lookup_elem(&egressTraffic, &key);
	if (!v) {
		struct traffic_val init = {.packets = 1, .bytes = skb->len};
		bpf_map_update_elem(&egressTraffic, &key, &init, BPF_NOEXIST_FLAG);
		return CGROUP_SKB_ALLOW;
	}
	v->packets++;
	v->bytes += skb->len;
	return CGROUP_SKB_ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
