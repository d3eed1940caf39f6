// C twin of tests/fixtures/rawtp_syscall_count/prog.go: count system calls by
// number from the raw sys_enter tracepoint (args[0] = struct pt_regs *,
// args[1] = syscall id).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1

/* struct bpf_raw_tracepoint_args for sys_enter */
struct raw_sys_enter_args {
	__u64 regs; /* struct pt_regs * */
	__s64 id;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
} syscallCounts SEC(".maps");

SEC("raw_tracepoint/sys_enter")
int rawtp_syscall_count(struct raw_sys_enter_args *args)
{
	if (args->id < 0)
		return 0;
	__u32 id = (__u32)args->id;
	/* Create the slot if it is missing (fails harmlessly with -EEXIST),
	 * then bump it in place. */
	__u64 zero = 0;
	bpf_map_update_elem(&syscallCounts, &id, &zero, BPF_NOEXIST_FLAG);
	__u64 *cnt = bpf_map_lookup_elem(&syscallCounts, &id);
	if (!cnt)
		return 0; /* evicted in between */
	__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
