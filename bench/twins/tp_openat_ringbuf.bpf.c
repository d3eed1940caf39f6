// C twin of tests/fixtures/tp_openat_ringbuf/prog.go: one ring buffer record
// per openat(2) call with the caller's ids, comm and the user-space file name;
// optional tgid filter in the .bss global targetTgid, set before load.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Layout of /sys/kernel/tracing/events/syscalls/sys_enter_openat/format. */
struct sys_enter_openat_args {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
	__s32 syscall_nr;
	__u8 pad[4];
	__s64 dfd;
	__u64 filename; /* const char __user * */
	__s64 flags;
	__u64 mode;
};

struct open_event {
	__u32 pid;  /* thread id (lower half of pid_tgid) */
	__u32 tgid; /* process id (upper half of pid_tgid) */
	__u32 uid;
	__s32 flags;
	char comm[16];
	char filename[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

/* targetTgid restricts the events to one process; 0 means every process.
 * Zero-initialised, so it lives in .bss; a loader sets it before loading. */
__u32 targetTgid = 0;

SEC("tracepoint/syscalls/sys_enter_openat")
int tp_openat_ringbuf(struct sys_enter_openat_args *args)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = (__u32)(pid_tgid >> 32);
	/* Go reads it with runtime/volatile.LoadUint32 */
	__u32 want = *(volatile __u32 *)&targetTgid;

	if (want != 0 && want != tgid)
		return 0;
	struct open_event *ev = bpf_ringbuf_reserve(&events, sizeof(struct open_event), 0);
	if (!ev)
		return 0;
	ev->pid = (__u32)pid_tgid;
	ev->tgid = tgid;
	ev->uid = (__u32)bpf_get_current_uid_gid();
	ev->flags = (__s32)args->flags;
	bpf_get_current_comm(&ev->comm, sizeof(ev->comm));
	bpf_probe_read_user_str(&ev->filename, sizeof(ev->filename),
				(const void *)(unsigned long)args->filename);
	bpf_ringbuf_submit(ev, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
