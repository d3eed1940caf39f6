// C twin of tests/fixtures/tc_mark/prog.go: TC classifier that sets
// skb->mark = 0x42 on IPv4/TCP packets. stats[0] counts every packet seen,
// stats[1] counts marked packets.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK_RC 0
#define ETH_P_IPV4 0x0800
#define IPPROTO_TCP_NR 6
#define TCP_MARK 0x42
#define STAT_SEEN 0
#define STAT_MARKED 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} stats SEC(".maps");

/* bump is small enough to be inlined into the classifier (as in Go). */
static __always_inline void bump(__u32 idx)
{
	__u64 *p = bpf_map_lookup_elem(&stats, &idx);
	if (p)
		(*p)++;
}

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	bump(STAT_SEEN);
	/* skb->protocol holds the EtherType in network byte order. */
	if (skb->protocol != (ETH_P_IPV4 >> 8 | (ETH_P_IPV4 & 0xff) << 8))
		return TC_ACT_OK_RC;
	void *data = (void *)(unsigned long)skb->data;
	void *data_end = (void *)(unsigned long)skb->data_end;
	void *ip = data + 14;
	if (ip + 20 > data_end)
		return TC_ACT_OK_RC;
	if (*(__u8 *)(ip + 9) != IPPROTO_TCP_NR)
		return TC_ACT_OK_RC;
	skb->mark = TCP_MARK;
	bump(STAT_MARKED);
	return TC_ACT_OK_RC;
}

char LICENSE[] SEC("license") = "GPL";
