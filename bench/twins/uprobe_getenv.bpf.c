// C twin of tests/fixtures/uprobe_getenv/prog.go: uprobe on glibc's
// getenv(const char *name). The name (1st argument, rdi) is read into a zeroed
// stack event which is then copied whole into a ring buffer record (struct
// assignment); getenvCalls[0] counts calls.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* x86-64 struct pt_regs; only the argument registers are named. */
struct x86_pt_regs {
	__u64 pad0[13]; /* r15 .. dx */
	__u64 si;       /* offset 104: 2nd argument */
	__u64 di;       /* offset 112: 1st argument */
	__u64 pad1[6];  /* orig_ax .. ss */
};

struct getenv_event {
	__u32 tgid;
	__s32 len; /* bpf_probe_read_user_str result (bytes incl. NUL) */
	char name[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 14);
} getenvEvents SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} getenvCalls SEC(".maps");

SEC("uprobe//lib/x86_64-linux-gnu/libc.so.6:getenv")
int uprobe_getenv(struct x86_pt_regs *regs)
{
	__u32 key = 0;
	__u64 *c = bpf_map_lookup_elem(&getenvCalls, &key);

	if (c)
		__sync_fetch_and_add(c, 1);
	struct getenv_event ev = {};
	ev.tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	ev.len = (__s32)bpf_probe_read_user_str(&ev.name, sizeof(ev.name),
						(const void *)(unsigned long)regs->di);
	if (ev.len <= 0)
		return 0;
	struct getenv_event *rec = bpf_ringbuf_reserve(&getenvEvents, sizeof(ev), 0);
	if (!rec)
		return 0;
	*rec = ev;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
