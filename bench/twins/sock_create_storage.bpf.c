// C twin of tests/programs/sock_create_storage/prog.go: cgroup/sock_create hook
// that attaches a record to every socket created in the cgroup, in socket-local
// storage (BPF_MAP_TYPE_SK_STORAGE, BTF key int): creating tgid, family, type,
// protocol. Allows every socket.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SOCK_CREATE_ALLOW 1

struct sock_info {
	__u32 tgid, family, type, protocol;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sock_info);
} sockInfo SEC(".maps");

SEC("cgroup/sock_create")
int sock_create_storage(struct bpf_sock *sk)
{
	struct sock_info *info = bpf_sk_storage_get(&sockInfo, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);

	if (!info)
		return SOCK_CREATE_ALLOW;
	info->tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	info->family = sk->family;
	info->type = sk->type;
	info->protocol = sk->protocol;
	return SOCK_CREATE_ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
