// C twin of tests/programs/cgroup_sock_create/prog.go: cgroup/sock_create hook
// (BPF_CGROUP_INET_SOCK_CREATE) that counts the sockets created in the cgroup
// by address family (struct bpf_sock.family) and allows every one of them.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SOCK_CREATE_ALLOW 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} sockCounts SEC(".maps");

SEC("cgroup/sock_create")
int cgroup_sock_create(struct bpf_sock *sk)
{
	__u32 family = sk->family;
	__u64 *n = bpf_map_lookup_elem(&sockCounts, &family);

	if (n)
		__sync_fetch_and_add(n, 1);
	return SOCK_CREATE_ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
