// C twin of tests/fixtures/xdp_proto_count/prog.go: count IPv4 packets per IP
// protocol number in a per-CPU array and let every packet through.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XDP_PASS_RC 2
#define ETH_HDR_LEN 14
#define ETH_P_IPV4 0x0800
#define IPV4_MIN_LEN 20

struct eth_hdr {
	__u8 dst[6];
	__u8 src[6];
	__u8 proto[2]; /* big endian */
};

struct ipv4_hdr {
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

/* protoCounts[ip protocol] = packets seen on this CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} protoCounts SEC(".maps");

SEC("xdp")
int xdp_proto_count(struct xdp_md *md)
{
	void *data = (void *)(unsigned long)md->data;
	void *data_end = (void *)(unsigned long)md->data_end;

	if (data + ETH_HDR_LEN > data_end)
		return XDP_PASS_RC;
	struct eth_hdr *eth = data;
	if (((__u16)eth->proto[0] << 8 | eth->proto[1]) != ETH_P_IPV4)
		return XDP_PASS_RC;
	void *ip_start = data + ETH_HDR_LEN;
	if (ip_start + IPV4_MIN_LEN > data_end)
		return XDP_PASS_RC;
	struct ipv4_hdr *ip = ip_start;
	__u32 key = ip->protocol;
	__u64 *v = bpf_map_lookup_elem(&protoCounts, &key);
	if (v)
		*v += 1;
	return XDP_PASS_RC;
}

char LICENSE[] SEC("license") = "GPL";
