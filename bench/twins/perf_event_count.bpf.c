// C twin of tests/programs/perf_event_count/prog.go: perf_event program that
// counts the samples of a software perf event per process (tgid) and keeps the
// sample period it was given (struct bpf_perf_event_data.sample_period).
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1

struct sample_stats {
	__u64 samples;
	__u64 period;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct sample_stats);
	__uint(max_entries, 64);
} samplesByTgid SEC(".maps");

SEC("perf_event")
int perf_event_count(struct bpf_perf_event_data *ctx)
{
	__u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	struct sample_stats *s = bpf_map_lookup_elem(&samplesByTgid, &tgid);

	if (s) {
		__sync_fetch_and_add(&s->samples, 1);
		s->period = ctx->sample_period;
		return 0;
	}
	struct sample_stats first = {.samples = 1, .period = ctx->sample_period};
	bpf_map_update_elem(&samplesByTgid, &tgid, &first, BPF_NOEXIST_FLAG);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
