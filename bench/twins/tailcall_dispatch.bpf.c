// C twin of tests/fixtures/tailcall_dispatch/prog.go: an XDP entry program
// that tail-calls a per-EtherType handler through a PROG_ARRAY; the three
// programs live in the same object and section.
//	jumpTable[0] = xdp_ipv4  (drops IPv4)
//	jumpTable[1] = xdp_ipv6  (bounces IPv6 with XDP_TX)
// verdicts[0..2] count handled IPv4, handled IPv6 and missed tail calls.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XDP_DROP_RC 1
#define XDP_PASS_RC 2
#define XDP_TX_RC 3
#define SLOT_IPV4 0
#define SLOT_IPV6 1
#define VERDICT_IPV4 0
#define VERDICT_IPV6 1
#define VERDICT_MISSED 2

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 4);
} jumpTable SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} verdicts SEC(".maps");

/* countVerdict is shared by all three programs and kept out of line. */
static __noinline void countVerdict(__u32 idx)
{
	__u64 *p = bpf_map_lookup_elem(&verdicts, &idx);
	if (p)
		__sync_fetch_and_add(p, 1);
}

/* etherType returns the EtherType of the frame, or 0 if it is too short. */
static __always_inline __u16 etherType(struct xdp_md *md)
{
	unsigned long data = md->data;
	if (data + 14 > (unsigned long)md->data_end)
		return 0;
	__u8 *b = (__u8 *)data;
	return (__u16)b[12] << 8 | b[13];
}

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	__u32 slot;

	switch (etherType(ctx)) {
	case 0x0800:
		slot = SLOT_IPV4;
		break;
	case 0x86dd:
		slot = SLOT_IPV6;
		break;
	default:
		return XDP_PASS_RC;
	}
	bpf_tail_call(ctx, &jumpTable, slot);
	/* Only reached when the slot is empty. */
	countVerdict(VERDICT_MISSED);
	return XDP_PASS_RC;
}

SEC("xdp")
int xdp_ipv4(struct xdp_md *ctx)
{
	countVerdict(VERDICT_IPV4);
	return XDP_DROP_RC;
}

SEC("xdp")
int xdp_ipv6(struct xdp_md *ctx)
{
	countVerdict(VERDICT_IPV6);
	return XDP_TX_RC;
}

char LICENSE[] SEC("license") = "GPL";
