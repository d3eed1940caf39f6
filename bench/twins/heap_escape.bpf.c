// C twin of tests/fixtures/heap_escape/prog.go: one perf event per fork. The
// event (new(forkEvent) in Go, a zeroed stack object here) is filled by an
// out-of-line function that also reads the __data_loc parent_comm string of
// the tracepoint record, then sent with bpf_perf_event_output.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CURRENT_CPU 0xffffffffULL

/* /sys/kernel/tracing/events/sched/sched_process_fork/format (kernel 6.18):
 * parent_comm and child_comm are __data_loc strings. */
struct sched_process_fork_args {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
	__u32 parent_comm_loc; /* offset in low 16 bits, length in high 16 */
	__s32 parent_pid;
	__u32 child_comm_loc;
	__s32 child_pid;
};

struct fork_event {
	__u32 parent_pid;
	__u32 child_pid;
	__u64 timestamp_ns;
	char parent_comm[16];
	__u32 cpu;
	__u32 pad;
};

/* max_entries 0: libbpf sizes it to the number of possible CPUs. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 0);
} forkEvents SEC(".maps");

/* fillForkEvent copies the tracepoint fields into ev (//go:noinline). */
static __noinline void fillForkEvent(struct fork_event *ev, struct sched_process_fork_args *args)
{
	ev->parent_pid = (__u32)args->parent_pid;
	ev->child_pid = (__u32)args->child_pid;
	ev->timestamp_ns = bpf_ktime_get_ns();
	ev->cpu = bpf_get_smp_processor_id();
	/* The comm bytes live inside the tracepoint record at a dynamic offset. */
	unsigned long off = args->parent_comm_loc & 0xffff;
	bpf_probe_read_kernel_str(&ev->parent_comm, sizeof(ev->parent_comm), (void *)args + off);
}

SEC("tracepoint/sched/sched_process_fork")
int sched_fork(void *ctx)
{
	struct fork_event ev = {};

	fillForkEvent(&ev, ctx);
	bpf_perf_event_output(ctx, &forkEvents, CURRENT_CPU, &ev, sizeof(ev));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
