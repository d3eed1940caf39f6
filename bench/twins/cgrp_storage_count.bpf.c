// C twin of tests/programs/cgrp_storage_count/prog.go: getpid() counter kept in BPF
// cgroup-local storage (BPF_MAP_TYPE_CGRP_STORAGE, BTF key int), created on first use by
// bpf_cgrp_storage_get(..., BPF_LOCAL_STORAGE_GET_F_CREATE) for the caller's default-hierarchy
// cgroup, reached through CO-RE reads task->cgroups->dfl_cgrp; the cgroup's level is read
// the same way.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Kernel 6.2 UAPI; Debian 12's linux/bpf.h (6.1) does not have it yet. */
#define TBPF_MAP_TYPE_CGRP_STORAGE 32

struct cgroup {
	int level;
} __attribute__((preserve_access_index));

struct css_set {
	struct cgroup *dfl_cgrp;
} __attribute__((preserve_access_index));

struct task_struct {
	struct css_set *cgroups;
} __attribute__((preserve_access_index));

struct cgroup_counter {
	__u64 calls;
	__s32 level; /* cgrp->level */
	__u32 tgid;  /* of the last caller */
};

struct {
	__uint(type, TBPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct cgroup_counter);
} cgroupCounts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int cgrp_storage_count(void *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct cgroup *cgrp = task->cgroups->dfl_cgrp;
	struct cgroup_counter *c = bpf_cgrp_storage_get(&cgroupCounts, cgrp, 0,
						      BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!c)
		return 0;
	c->calls++;
	c->level = cgrp->level;
	c->tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
