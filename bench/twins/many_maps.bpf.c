// C twin of tests/fixtures/many_maps/prog.go: kill(2) monitor touching four
// maps of four types and key/value shapes from one program:
//	killConfig  ARRAY         u32 -> kill_config_val (12 bytes)
//	killSenders HASH          u32 tgid -> sender_stats (16 bytes)
//	sigCounts   PERCPU_ARRAY  u32 signal -> u64 count
//	killEvents  RINGBUF       kill_event records (32 bytes)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BPF_NOEXIST_FLAG 1
#define MAX_SIGNAL 64
#define FLAG_NO_EVENTS 1 /* killConfig[0].flags: count only, no records */

/* sys_enter_kill record: pid at 16, sig at 24 (both 8-byte slots). */
struct sys_enter_kill_args {
	__u8 common[8];
	__s32 syscall_nr;
	__s32 pad;
	__s64 pid;
	__s64 sig;
};

struct kill_config_val {
	__u32 sig_filter;   /* 0: every signal, otherwise only this signal */
	__u32 flags;
	__s32 target_filter; /* 0: every target, otherwise only kill(target_filter, ...) */
};

struct sender_stats {
	__u64 count;
	__u32 last_sig;
	__s32 last_target;
};

struct kill_event {
	__u32 sender_tgid;
	__s32 target_pid;
	__u32 sig;
	__u32 pad;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct kill_config_val);
	__uint(max_entries, 1);
} killConfig SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct sender_stats);
	__uint(max_entries, 1024);
} killSenders SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, MAX_SIGNAL + 1);
} sigCounts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 15);
} killEvents SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_kill")
int kill_monitor(struct sys_enter_kill_args *args)
{
	__u32 sig = (__u32)args->sig;

	if (sig > MAX_SIGNAL)
		return 0;
	__u32 cfg_key = 0;
	struct kill_config_val *cfg = bpf_map_lookup_elem(&killConfig, &cfg_key);
	if (!cfg)
		return 0;
	if (cfg->sig_filter != 0 && cfg->sig_filter != sig)
		return 0;
	if (cfg->target_filter != 0 && cfg->target_filter != (__s32)args->pid)
		return 0;
	__u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);

	/* per-sender statistics (HASH, created on first use) */
	struct sender_stats *st = bpf_map_lookup_elem(&killSenders, &tgid);
	if (st) {
		__sync_fetch_and_add(&st->count, 1);
		st->last_sig = sig;
		st->last_target = (__s32)args->pid;
	} else {
		struct sender_stats first = {
			.count = 1, .last_sig = sig, .last_target = (__s32)args->pid};
		bpf_map_update_elem(&killSenders, &tgid, &first, BPF_NOEXIST_FLAG);
	}
	/* per-signal count (PERCPU_ARRAY, plain increment) */
	__u64 *n = bpf_map_lookup_elem(&sigCounts, &sig);
	if (n)
		(*n)++;
	if (cfg->flags & FLAG_NO_EVENTS)
		return 0;
	struct kill_event ev = {};
	ev.sender_tgid = tgid;
	ev.target_pid = (__s32)args->pid;
	ev.sig = sig;
	bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
	bpf_ringbuf_output(&killEvents, &ev, sizeof(ev), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
