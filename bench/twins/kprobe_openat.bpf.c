// C twin of tests/fixtures/kprobe_openat/prog.go: kprobe on
// do_sys_openat2(int dfd, const char __user *filename, struct open_how *how);
// arguments from the x86-64 struct pt_regs (di = 1st, si = 2nd). One ring
// buffer record per call; calls whose path read fails are discarded.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* struct pt_regs, x86-64 (arch/x86/include/asm/ptrace.h) */
struct x86_pt_regs {
	__u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	__u64 ax, cx, dx, si, di;
	__u64 orig_ax, ip, cs, flags, sp, ss;
};

struct openat_event {
	__u32 tgid;
	__s32 dfd;
	char filename[120];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} openatEvents SEC(".maps");

SEC("kprobe/do_sys_openat2")
int kprobe_openat(struct x86_pt_regs *regs)
{
	struct openat_event *ev = bpf_ringbuf_reserve(&openatEvents, sizeof(struct openat_event), 0);

	if (!ev)
		return 0;
	ev->tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	ev->dfd = (__s32)regs->di;
	long n = bpf_probe_read_user_str(&ev->filename[0], sizeof(ev->filename),
					 (const void *)(unsigned long)regs->si);
	if (n <= 0) {
		bpf_ringbuf_discard(ev, 0);
		return 0;
	}
	bpf_ringbuf_submit(ev, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
