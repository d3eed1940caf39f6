/* C functions that Go calls: each counts its calls in .bss, then calls the kfunc the Go code
 * called directly before (tests/fixtures/edited/go_calls_c/edit.sed). __hidden: libbpf
 * loads them as static functions, which the verifier checks in their caller's context (a
 * global function is checked alone, from its BTF argument types only). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The kernel's, as far as libbpf compares the kfunc's prototype: a struct, not a forward
 * declaration. */
struct task_struct {
	int pid;
};

extern void bpf_rcu_read_unlock(void) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

__u64 rcu_unlocks;
__u64 task_releases;

__hidden __noinline void count_rcu_unlock(void)
{
	rcu_unlocks++;
	bpf_rcu_read_unlock();
}

#ifndef TBPF_LEAVE_OUT_TASK_RELEASE
#ifdef TBPF_TASK_RELEASE_EXTRA_ARG
__hidden __noinline void count_task_release(struct task_struct *p, int extra)
#else
__hidden __noinline void count_task_release(struct task_struct *p)
#endif
{
	task_releases++;
	bpf_task_release(p);
}
#endif
