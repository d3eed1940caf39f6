// C twin of tests/fixtures/core_task/prog.go: CO-RE reads of task_struct pid,
// tgid and real_parent->tgid (the struct below lists only those fields, in a
// layout that is NOT the kernel's: the reads are right only through CO-RE
// relocations), checked against bpf_get_current_pid_tgid().
// coreSample[0] = last sample; coreChecks[0]/[1] = matches/mismatches.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct task_sample {
	__u32 task_pid;    /* task->pid */
	__u32 task_tgid;   /* task->tgid */
	__u32 helper_pid;  /* bpf_get_current_pid_tgid() & 0xffffffff */
	__u32 helper_tgid; /* bpf_get_current_pid_tgid() >> 32 */
	__u32 parent_tgid; /* task->real_parent->tgid */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct task_sample);
	__uint(max_entries, 1);
} coreSample SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} coreChecks SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int core_task(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	if (!task)
		return 0;
	int pid = 0, tgid = 0, ptgid = 0;
	struct task_struct *parent = 0;
	bpf_probe_read_kernel(&pid, sizeof(pid), &task->pid);
	bpf_probe_read_kernel(&tgid, sizeof(tgid), &task->tgid);
	bpf_probe_read_kernel(&parent, sizeof(parent), &task->real_parent);
	if (parent)
		bpf_probe_read_kernel(&ptgid, sizeof(ptgid), &parent->tgid);
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 zero = 0;
	struct task_sample *s = bpf_map_lookup_elem(&coreSample, &zero);
	if (s) {
		s->task_pid = (__u32)pid;
		s->task_tgid = (__u32)tgid;
		s->helper_pid = (__u32)pid_tgid;
		s->helper_tgid = (__u32)(pid_tgid >> 32);
		s->parent_tgid = (__u32)ptgid;
	}
	__u32 check = 1;
	if ((__u32)pid == (__u32)pid_tgid && (__u32)tgid == (__u32)(pid_tgid >> 32))
		check = 0;
	__u64 *c = bpf_map_lookup_elem(&coreChecks, &check);
	if (c)
		__sync_fetch_and_add(c, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
