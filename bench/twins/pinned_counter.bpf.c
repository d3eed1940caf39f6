// C twin of tests/fixtures/pinned_counter/prog.go: socket filter counting
// packets per EtherType in a HASH map pinned by name (LIBBPF_PIN_BY_NAME), so
// the counts outlive the program. Accepts every packet unchanged.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1

/* tbpfPinnedCnt: EtherType (host byte order) -> packets. Pinned at
 * /sys/fs/bpf/tbpfPinnedCnt by libbpf. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tbpfPinnedCnt SEC(".maps");

static __always_inline __u16 ntohs16(__u16 v)
{
	return v >> 8 | v << 8;
}

SEC("socket")
int pinned_counter(struct __sk_buff *skb)
{
	__u32 key = ntohs16((__u16)skb->protocol);
	__u64 *cnt = bpf_map_lookup_elem(&tbpfPinnedCnt, &key);

	if (cnt) {
		__sync_fetch_and_add(cnt, 1);
	} else {
		__u64 first = 1;
		if (bpf_map_update_elem(&tbpfPinnedCnt, &key, &first, BPF_NOEXIST_FLAG) != 0) {
			/* lost a race with another CPU: the slot exists now */
			cnt = bpf_map_lookup_elem(&tbpfPinnedCnt, &key);
			if (cnt)
				__sync_fetch_and_add(cnt, 1);
		}
	}
	return (int)skb->len;
}

char LICENSE[] SEC("license") = "GPL";
