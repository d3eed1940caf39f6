// C twin of tests/programs/timer_value/prog.go: a bpf_timer in an ARRAY value, armed by an
// XDP program on each packet; the callback counts its runs and copies the packet count.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct timer_value {
	struct bpf_timer timer;
	__u64 packets;
	__u64 fired;
	__u64 seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct timer_value);
} timers SEC(".maps");

static int fired(void *map, __u32 *key, struct timer_value *v)
{
	v->fired++;
	v->seen = v->packets;
	return 0;
}

SEC("xdp")
int timer_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct timer_value *v = bpf_map_lookup_elem(&timers, &zero);

	if (!v)
		return XDP_PASS;
	v->packets++;
	bpf_timer_init(&v->timer, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&v->timer, fired);
	bpf_timer_start(&v->timer, 1000000, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
