// C twin of tests/fixtures/socket_len_filter/prog.go: socket filter that keeps
// IPv4 packets whole (returns skb->len) and drops everything else. The IP
// header is copied out with bpf_skb_load_bytes from offset 0 (the network
// header for a socket filter).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct ipv4_hdr {
	__u8 ver_ihl;
	__u8 tos;
	__u16 tot_len;
	__u16 id;
	__u16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__u16 check;
	__u32 saddr;
	__u32 daddr;
};

SEC("socket")
int socket_len_filter(struct __sk_buff *skb)
{
	struct ipv4_hdr ip = {};

	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)) < 0)
		return 0; /* shorter than an IPv4 header */
	if (ip.ver_ihl >> 4 != 4 || (ip.ver_ihl & 0x0f) < 5)
		return 0;
	return (int)skb->len;
}

char LICENSE[] SEC("license") = "GPL";
