// C twin of tests/programs/sockops_count/prog.go: sockops program
// (BPF_CGROUP_SOCK_OPS) that counts the callbacks it gets by op code and keeps
// the local port (host order) seen at ACTIVE_ESTABLISHED_CB (the client side)
// and at PASSIVE_ESTABLISHED_CB (the server side).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SOCKOPS_OK 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} opCounts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 2);
} establishedPorts SEC(".maps");

static __always_inline void record_port(__u32 slot, __u32 port)
{
	bpf_map_update_elem(&establishedPorts, &slot, &port, BPF_ANY);
}

SEC("sockops")
int sockops_count(struct bpf_sock_ops *ops)
{
	__u32 op = ops->op;
	__u64 *n = bpf_map_lookup_elem(&opCounts, &op);

	if (n)
		__sync_fetch_and_add(n, 1);
	switch (op) {
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
		record_port(0, ops->local_port);
		break;
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		record_port(1, ops->local_port);
		break;
	}
	return SOCKOPS_OK;
}

char LICENSE[] SEC("license") = "GPL";
