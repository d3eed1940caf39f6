/* many_maps: one program, four maps of four types (ARRAY config, HASH per sender,
 * PERCPU_ARRAY per signal, RINGBUF events). The loader sends itself signal 0 seven
 * times and reads all four back, then uses the config map to filter and to mute events. */
#include "tinybpf_example.h"

#include <signal.h>

#include "many_maps.skel.h"

struct kill_config { /* killConfigVal */
	uint32_t sig_filter, flags;
	int32_t target_filter;
};
struct sender_stats { /* senderStats */
	uint64_t count;
	uint32_t last_sig;
	int32_t last_target;
};
struct kill_event { /* killEvent */
	uint32_t sender_tgid;
	int32_t target_pid;
	uint32_t sig, pad;
	char comm[16];
};

static int events;

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	const struct kill_event *ev = data;
	if (size != sizeof *ev || ev->sender_tgid != (uint32_t)getpid())
		return 0;
	if (events++ == 0)
		printf("event: tgid %u sent signal %u to %d (comm \"%.16s\")\n", ev->sender_tgid, ev->sig, ev->target_pid,
		       ev->comm);
	example_check(ev->target_pid == getpid() && ev->sig == 0 && ev->pad == 0, "event %d: kill(%d, %u)", events,
		      ev->target_pid, ev->sig);
	return 0;
}

static void send_kills(int n, struct ring_buffer *rb)
{
	for (int i = 0; i < n; i++)
		kill(getpid(), 0);
	for (int i = 0; i < 3; i++)
		ring_buffer__poll(rb, 50);
}

static void set_config(struct many_maps *skel, uint32_t sig_filter, uint32_t flags)
{
	struct kill_config cfg = {sig_filter, flags, 0};
	uint32_t key = 0;
	int err = bpf_map__update_elem(skel->maps.killConfig, &key, sizeof key, &cfg, sizeof cfg, BPF_ANY);
	if (err)
		example_die("killConfig[0] update", err);
}

static uint64_t sender_count(struct many_maps *skel, struct sender_stats *st)
{
	uint32_t tgid = (uint32_t)getpid();
	memset(st, 0, sizeof *st);
	bpf_map__lookup_elem(skel->maps.killSenders, &tgid, sizeof tgid, st, sizeof *st, 0);
	return st->count;
}

int main(void)
{
	example_init("many_maps");
	struct many_maps *skel = many_maps__open_and_load();
	if (!skel)
		example_die("many_maps__open_and_load", errno);
	int err = many_maps__attach(skel);
	if (err)
		example_die("attach tracepoint/syscalls/sys_enter_kill", err);
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.killEvents), on_event, NULL, NULL);
	if (!rb)
		example_die("ring_buffer__new", errno);

	send_kills(7, rb);
	struct sender_stats st;
	sender_count(skel, &st);
	example_check(st.count == 7 && st.last_sig == 0 && st.last_target == getpid(),
		      "killSenders[%d] = {count %llu, last_sig %u, last_target %d}", getpid(),
		      (unsigned long long)st.count, st.last_sig, st.last_target);
	uint32_t sig0 = 0;
	bool found;
	uint64_t per_sig = example_percpu_sum(skel->maps.sigCounts, &sig0, sizeof sig0, &found);
	example_check(found && per_sig >= 7, "sigCounts[0] (per-CPU sum) = %llu, >= 7", (unsigned long long)per_sig);
	example_check(events == 7, "7 ring buffer events from this process (got %d)", events);

	set_config(skel, 10, 0); /* only signal 10 */
	send_kills(3, rb);
	uint64_t count = sender_count(skel, &st);
	example_check(count == 7 && events == 7, "filter sig 10: signal 0 ignored (count %llu, events %d)",
		      (unsigned long long)count, events);

	set_config(skel, 0, 1); /* count only, no events */
	send_kills(2, rb);
	count = sender_count(skel, &st);
	example_check(count == 9 && events == 7, "flags = 1 (count only): count %llu, events %d",
		      (unsigned long long)count, events);

	ring_buffer__free(rb);
	many_maps__destroy(skel);
	return example_finish("many_maps");
}
