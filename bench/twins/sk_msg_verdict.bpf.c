// C twin of tests/programs/sk_msg_verdict/prog.go: sk_msg program attached to a
// SOCKMAP (BPF_SK_MSG_VERDICT). Counts messages and bytes (sk_msg_md.size) sent
// on sockets of the map; drops 3-byte messages (SK_DROP), redirects 4-byte
// messages to the receive queue of the socket in slot 0 (bpf_msg_redirect_map
// with BPF_F_INGRESS), passes the others (SK_PASS).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 2);
} sockMap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} msgStats SEC(".maps");

static __always_inline void add(__u32 key, __u64 delta)
{
	__u64 *v = bpf_map_lookup_elem(&msgStats, &key);

	if (v)
		__sync_fetch_and_add(v, delta);
}

SEC("sk_msg")
int sk_msg_verdict(struct sk_msg_md *msg)
{
	__u32 size = msg->size;

	add(0, 1);
	add(1, size);
	if (size == 3)
		return SK_DROP;
	if (size == 4)
		return (int)bpf_msg_redirect_map(msg, &sockMap, 0, BPF_F_INGRESS);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
