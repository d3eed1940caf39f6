// C twin of tests/programs/task_storage_count/prog.go: getpid() counter kept in
// BPF task-local storage (BPF_MAP_TYPE_TASK_STORAGE, BTF key int), created on
// first use by bpf_task_storage_get(..., BPF_LOCAL_STORAGE_GET_F_CREATE) for
// the task bpf_get_current_task_btf() returns; each thread has its own value.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_counter {
	__u64 calls;
	__u32 pid;  /* thread id of the task, from bpf_get_current_pid_tgid */
	__u32 tgid;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_counter);
} taskCounts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int task_storage_count(void *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_counter *c = bpf_task_storage_get(&taskCounts, task, 0,
						      BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!c)
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	c->calls++;
	c->pid = (__u32)id;
	c->tgid = (__u32)(id >> 32);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
