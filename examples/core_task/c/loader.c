/* core_task: CO-RE from Go. `type bpfCoreTaskStruct struct { Pid, Tgid int32; RealParent
 * *bpfCoreTaskStruct }` stands for the kernel's struct task_struct; the Go offsets (0, 4, 8)
 * are not the kernel's, and libbpf relocates every access at load time against this
 * kernel's BTF. The program compares task->pid/tgid with bpf_get_current_pid_tgid() on every
 * getpid(2) and records the last sample; the loader checks both, and the parent. */
#include "tinybpf_example.h"

#include <sys/syscall.h>

#include "core_task.skel.h"

#define CALLS 50

struct task_sample {
	uint32_t task_pid, task_tgid, helper_pid, helper_tgid, parent_tgid, pad;
};

int main(void)
{
	example_init("core_task");
	struct core_task *skel = core_task__open_and_load();
	if (!skel)
		example_die("core_task__open_and_load", errno);
	int err = core_task__attach(skel);
	if (err)
		example_die("attach tracepoint/syscalls/sys_enter_getpid", err);
	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getpid);
	core_task__detach(skel);

	uint32_t k0 = 0, k1 = 1;
	uint64_t matches = 0, mismatches = 0;
	struct task_sample s = {0};
	bpf_map__lookup_elem(skel->maps.coreChecks, &k0, sizeof k0, &matches, sizeof matches, 0);
	bpf_map__lookup_elem(skel->maps.coreChecks, &k1, sizeof k1, &mismatches, sizeof mismatches, 0);
	bpf_map__lookup_elem(skel->maps.coreSample, &k0, sizeof k0, &s, sizeof s, 0);
	printf("task_struct read through CO-RE: pid %u tgid %u parent tgid %u; helper: pid %u tgid %u\n",
	       s.task_pid, s.task_tgid, s.parent_tgid, s.helper_pid, s.helper_tgid);
	printf("getpid calls where task->pid/tgid matched bpf_get_current_pid_tgid(): %llu, mismatched: %llu\n",
	       (unsigned long long)matches, (unsigned long long)mismatches);
	example_check(matches >= CALLS, "matches = %llu, >= %d", (unsigned long long)matches, CALLS);
	example_check(mismatches == 0, "no mismatches (without CO-RE every call mismatches)");
	example_check(s.task_pid == s.helper_pid && s.task_tgid == s.helper_tgid,
		      "last sample: task fields == helper values");
	if (s.helper_tgid == (uint32_t)getpid())
		example_check(s.parent_tgid == (uint32_t)getppid(), "task->real_parent->tgid == getppid() (%u)",
			      (unsigned)getppid());
	core_task__destroy(skel);
	return example_finish("core_task");
}
