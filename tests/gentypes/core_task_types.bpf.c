// C twin of examples/core_task_types/prog.go (same globals, same section), built with clang to
// check the example's loader (examples/core_task_types/c/loader.c) before TinyGo's IR of the Go
// program exists: the loader must pass on this object exactly as on the Go program's.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct new_utsname {
	char nodename[65];
} __attribute__((preserve_access_index));

struct uts_namespace {
	struct new_utsname name;
} __attribute__((preserve_access_index));

struct nsproxy {
	struct uts_namespace *uts_ns;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct nsproxy *nsproxy;
} __attribute__((preserve_access_index));

volatile unsigned int targetTgid;
unsigned int taskPid, taskTgid, taskParentTgid, taskCalls;
unsigned char taskNodename[65];

SEC("tracepoint/syscalls/sys_enter_getpid")
int core_task_types(void *ctx)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != targetTgid)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	if (!task)
		return 0;
	int pid = 0, tgid = 0, ptgid = 0;
	struct task_struct *parent = 0;
	struct nsproxy *ns = 0;
	struct uts_namespace *uts = 0;
	bpf_probe_read_kernel(&pid, sizeof(pid), &task->pid);
	bpf_probe_read_kernel(&tgid, sizeof(tgid), &task->tgid);
	bpf_probe_read_kernel(&parent, sizeof(parent), &task->real_parent);
	if (parent)
		bpf_probe_read_kernel(&ptgid, sizeof(ptgid), &parent->tgid);
	bpf_probe_read_kernel(&ns, sizeof(ns), &task->nsproxy);
	if (ns)
		bpf_probe_read_kernel(&uts, sizeof(uts), &ns->uts_ns);
	if (uts)
		bpf_probe_read_kernel(taskNodename, sizeof(taskNodename), &uts->name.nodename);
	taskPid = (unsigned int)pid;
	taskTgid = (unsigned int)tgid;
	taskParentTgid = (unsigned int)ptgid;
	taskCalls++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
