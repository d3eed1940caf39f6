/* core_task_types: the program reads task_struct fields (and task->nsproxy->uts_ns->name)
 * through Go types generated from the kernel's BTF by tbpf-core gen-types. The loader limits
 * it to this process (targetTgid, set before load), calls getpid(2) and compares what the
 * kernel's task_struct said with getpid(), getppid() and uname(2). */
#include "tinybpf_example.h"

#include <sys/syscall.h>
#include <sys/utsname.h>

#include "core_task_types.skel.h"

#define CALLS 10

int main(void)
{
	example_init("core_task_types");
	struct core_task_types *skel = core_task_types__open();
	if (!skel)
		example_die("core_task_types__open", errno);
	skel->bss->targetTgid = (uint32_t)getpid();
	int err = core_task_types__load(skel);
	if (err)
		example_die("core_task_types__load", err);
	err = core_task_types__attach(skel);
	if (err)
		example_die("attach tracepoint/syscalls/sys_enter_getpid", err);

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getpid); /* the raw syscall, in case the C library caches getpid() */
	core_task_types__detach(skel);

	struct core_task_types__bss *r = skel->bss;
	struct utsname uts;
	uname(&uts);
	char nodename[sizeof r->taskNodename + 1] = {0};
	memcpy(nodename, (const void *)r->taskNodename, sizeof r->taskNodename);
	printf("task->pid = %u, task->tgid = %u, task->real_parent->tgid = %u, "
	       "task->nsproxy->uts_ns->name.nodename = \"%s\" (%u calls)\n",
	       (unsigned)r->taskPid, (unsigned)r->taskTgid, (unsigned)r->taskParentTgid, nodename,
	       (unsigned)r->taskCalls);
	example_check(r->taskCalls >= CALLS, "calls = %u, >= %d", (unsigned)r->taskCalls, CALLS);
	example_check(r->taskPid == (uint32_t)getpid(), "task->pid = %u = getpid() (main thread)",
		      (unsigned)r->taskPid);
	example_check(r->taskTgid == (uint32_t)getpid(), "task->tgid = %u = getpid()", (unsigned)r->taskTgid);
	example_check(r->taskParentTgid == (uint32_t)getppid(), "task->real_parent->tgid = %u = getppid() = %u",
		      (unsigned)r->taskParentTgid, (unsigned)getppid());
	example_check(strcmp(nodename, uts.nodename) == 0, "nodename \"%s\" = uname().nodename \"%s\"", nodename,
		      uts.nodename);

	core_task_types__destroy(skel);
	return example_finish("core_task_types");
}
