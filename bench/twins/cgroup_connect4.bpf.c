// C twin of tests/programs/cgroup_connect4/prog.go: cgroup/connect4 hook
// (BPF_CGROUP_INET4_CONNECT) that counts connect() calls on AF_INET sockets by
// destination port (host order) and rewrites destination port 7777 to 7778.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1
#define CONNECT_ALLOW 1
#define PORT_FROM 7777
#define PORT_TO 7778

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} connectPorts SEC(".maps");

SEC("cgroup/connect4")
int cgroup_connect4(struct bpf_sock_addr *sa)
{
	__u32 p = sa->user_port; /* network order in the low 16 bits */
	__u32 port = ((p & 0xff) << 8) | ((p >> 8) & 0xff);
	__u64 *n = bpf_map_lookup_elem(&connectPorts, &port);

	if (n) {
		__sync_fetch_and_add(n, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&connectPorts, &port, &one, BPF_NOEXIST_FLAG);
	}
	if (port == PORT_FROM)
		sa->user_port = ((PORT_TO & 0xff) << 8) | (PORT_TO >> 8);
	return CONNECT_ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
