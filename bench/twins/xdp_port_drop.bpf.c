// C twin of tests/fixtures/xdp_port_drop/prog.go: drop IPv4/UDP datagrams whose
// destination port (host byte order) is a key of blockedPorts, count drops.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XDP_DROP_RC 1
#define XDP_PASS_RC 2
#define IPPROTO_UDP_NR 17

struct udp_hdr {
	__u8 source[2];
	__u8 dest[2];
	__u8 len[2];
	__u8 check[2];
};

/* blockedPorts: u16 UDP destination port (host byte order) -> u8 (any value). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u8);
	__uint(max_entries, 64);
} blockedPorts SEC(".maps");

/* dropCount[0]: number of dropped datagrams. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} dropCount SEC(".maps");

static __always_inline __u16 be16(const __u8 b[2])
{
	return (__u16)b[0] << 8 | b[1];
}

SEC("xdp")
int xdp_port_drop(struct xdp_md *md)
{
	unsigned long data = md->data;
	unsigned long end = md->data_end;

	/* Ethernet (14) + fixed part of IPv4 (20). */
	if (data + 14 + 20 > end)
		return XDP_PASS_RC;
	__u8 *pkt = (__u8 *)data;
	if (pkt[12] != 0x08 || pkt[13] != 0x00)
		return XDP_PASS_RC;
	__u8 ver_ihl = pkt[14];
	if (ver_ihl >> 4 != 4)
		return XDP_PASS_RC;
	unsigned long ihl = (unsigned long)(ver_ihl & 0x0f) * 4;
	if (ihl < 20)
		return XDP_PASS_RC;
	if (pkt[14 + 9] != IPPROTO_UDP_NR)
		return XDP_PASS_RC;
	unsigned long l4 = data + 14 + ihl;
	if (l4 + 8 > end)
		return XDP_PASS_RC;
	struct udp_hdr *udp = (struct udp_hdr *)l4;
	__u16 port = be16(udp->dest);
	if (!bpf_map_lookup_elem(&blockedPorts, &port))
		return XDP_PASS_RC;
	__u32 zero = 0;
	__u64 *cnt = bpf_map_lookup_elem(&dropCount, &zero);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_DROP_RC;
}

char LICENSE[] SEC("license") = "GPL";
