// C twin of tests/fixtures/bounded_loop_hash/prog.go: FNV-1a (64-bit) over the
// file name passed to execve(2), at most 32 bytes, stopping at the NUL;
// execHashes counts execs per hash.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1
#define FNV_OFFSET64 14695981039346656037ULL
#define FNV_PRIME64 1099511628211ULL
#define HASH_LEN 32

/* sys_enter_execve record: filename pointer at offset 16. */
struct sys_enter_execve_args {
	__u8 common[8];
	__s32 syscall_nr;
	__s32 pad;
	__u64 filename;
	__u64 argv;
	__u64 envp;
};

/* execHashes: FNV-1a-64 of the first <= 31 bytes of the path -> execs. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u64);
	__uint(max_entries, 4096);
} execHashes SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_hash(struct sys_enter_execve_args *args)
{
	__u8 name[HASH_LEN] = {};

	if (bpf_probe_read_user_str(&name, HASH_LEN, (const void *)(unsigned long)args->filename) <= 0)
		return 0;
	__u64 h = FNV_OFFSET64;
	for (int i = 0; i < HASH_LEN; i++) {
		__u8 c = name[i];
		if (c == 0)
			break;
		h ^= c;
		h *= FNV_PRIME64;
	}
	__u64 *cnt = bpf_map_lookup_elem(&execHashes, &h);
	if (cnt) {
		*cnt += 1;
		return 0;
	}
	__u64 one = 1;
	bpf_map_update_elem(&execHashes, &h, &one, BPF_NOEXIST_FLAG);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
