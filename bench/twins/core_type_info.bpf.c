// C twin of tests/programs/core_type_info (proves the tbpf-behave check).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

struct tbpf_no_such_type {
	int unused;
} __attribute__((preserve_access_index));

SEC("raw_tracepoint/sys_enter")
int core_type_info(void *ctx)
{
	unsigned int info = bpf_core_type_exists(struct task_struct);
	if (bpf_core_type_exists(struct tbpf_no_such_type))
		info |= 2;
	info |= bpf_core_type_size(struct task_struct) << 2;
	return info;
}

char LICENSE[] SEC("license") = "GPL";
