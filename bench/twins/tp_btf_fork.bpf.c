// C twin of tests/programs/tp_btf_fork/prog.go: BTF-typed tracepoint
// (tp_btf/sched_process_fork, BPF_PROG_TYPE_TRACING + BPF_TRACE_RAW_TP): the
// context is the array of the tracepoint's arguments (struct task_struct
// *parent, struct task_struct *child), read directly with CO-RE. Maps each new
// child's pid to its parent's tgid.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

struct fork_args {
	struct task_struct *parent;
	struct task_struct *child;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1024);
} forkParents SEC(".maps");

SEC("tp_btf/sched_process_fork")
int tp_btf_fork(struct fork_args *args)
{
	struct task_struct *parent = args->parent, *child = args->child;

	if (!parent || !child)
		return 0;
	__u32 key = (__u32)child->pid;
	__u32 val = (__u32)parent->tgid;
	bpf_map_update_elem(&forkParents, &key, &val, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
