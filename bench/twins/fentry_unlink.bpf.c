// C twin of tests/fixtures/fentry_unlink/prog.go: fentry on the kernel's
// do_unlinkat(int dfd, struct filename *name); the context is the array of u64
// arguments. Counts unlink calls per process and remembers the last dfd.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1

struct unlink_args {
	__u64 dfd;  /* int, in a u64 slot */
	__u64 name; /* struct filename * */
};

struct unlink_stats {
	__u64 calls;
	__s32 last_dfd;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct unlink_stats);
	__uint(max_entries, 4096);
} unlinksByTgid SEC(".maps");

SEC("fentry/do_unlinkat")
int fentry_unlink(struct unlink_args *args)
{
	__u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	struct unlink_stats *st = bpf_map_lookup_elem(&unlinksByTgid, &tgid);

	if (st) {
		__sync_fetch_and_add(&st->calls, 1);
		st->last_dfd = (__s32)args->dfd;
		return 0;
	}
	struct unlink_stats first = {.calls = 1, .last_dfd = (__s32)args->dfd};
	bpf_map_update_elem(&unlinksByTgid, &tgid, &first, BPF_NOEXIST_FLAG);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
