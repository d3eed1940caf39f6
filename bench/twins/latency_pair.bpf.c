// C twin of tests/fixtures/latency_pair/prog.go: nanosleep(2) latency
// histogram. The enter program stores a start timestamp per thread, the exit
// program computes the elapsed time and bumps a per-CPU log2 histogram bucket
// (bucket = floor(log2(microseconds))).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_ANY_FLAG 0
#define BPF_NOEXIST_FLAG 1
#define MAX_BUCKETS 32

/* sys_exit_nanosleep record: ret is at offset 16. */
struct sys_exit_args {
	__u8 common[8];
	__s32 syscall_nr;
	__s32 pad;
	__s64 ret;
};

/* start: pid_tgid -> bpf_ktime_get_ns() at syscall entry. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u64);
	__uint(max_entries, 10240);
} start SEC(".maps");

/* hist: log2(usec) bucket -> count (per CPU). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MAX_BUCKETS);
} hist SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_nanosleep")
int nanosleep_enter(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &id, &ts, BPF_ANY_FLAG);
	return 0;
}

/* floor(log2(v)) for v > 0 and 0 for v == 0, clamped to the histogram size.
 * Out of line on purpose (//go:noinline in Go): a BPF-to-BPF subprogram. */
static __noinline __u32 log2Bucket(__u64 v)
{
	__u32 r = 0;

	if (v >= 1ULL << 32) {
		v >>= 32;
		r += 32;
	}
	if (v >= 1 << 16) {
		v >>= 16;
		r += 16;
	}
	if (v >= 1 << 8) {
		v >>= 8;
		r += 8;
	}
	if (v >= 1 << 4) {
		v >>= 4;
		r += 4;
	}
	if (v >= 1 << 2) {
		v >>= 2;
		r += 2;
	}
	if (v >= 1 << 1)
		r++;
	if (r >= MAX_BUCKETS)
		r = MAX_BUCKETS - 1;
	return r;
}

SEC("tracepoint/syscalls/sys_exit_nanosleep")
int nanosleep_exit(struct sys_exit_args *args)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 *tsp = bpf_map_lookup_elem(&start, &id);

	if (!tsp)
		return 0; /* entry missed */
	__u64 delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&start, &id);
	if (args->ret != 0)
		return 0; /* interrupted sleeps are not counted */
	__u32 bucket = log2Bucket(delta / 1000);
	__u64 *cnt = bpf_map_lookup_elem(&hist, &bucket);
	if (!cnt) {
		__u64 one = 1;
		bpf_map_update_elem(&hist, &bucket, &one, BPF_NOEXIST_FLAG);
		return 0;
	}
	(*cnt)++; /* per-CPU value: no atomic needed */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
