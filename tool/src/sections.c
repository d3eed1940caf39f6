/* ELF section names libbpf turns into programs (libbpf.c section_defs, 1.x).
 * "name+" accepts "name" or "name/anything"; "name/" requires something after the slash;
 * anything else must match exactly. A section libbpf does not know makes bpf_object__open
 * fail, so tbpf-core refuses it up front with the closest known name. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "tbpf.h"

static const char *const libbpf_sections[] = {
	"socket", "sk_reuseport/migrate", "sk_reuseport",
	"kprobe+", "uprobe+", "uprobe.s+", "kretprobe+", "uretprobe+", "uretprobe.s+",
	"kprobe.multi+", "kretprobe.multi+", "kprobe.session+", "uprobe.multi+", "uretprobe.multi+",
	"uprobe.multi.s+", "uretprobe.multi.s+", "uprobe.session+", "uprobe.session.s+",
	"ksyscall+", "kretsyscall+", "usdt+", "usdt.s+",
	"tc/ingress", "tc/egress", "tcx/ingress", "tcx/egress", "tc", "classifier", "action",
	"netkit/primary", "netkit/peer",
	"tracepoint+", "tp+", "raw_tracepoint+", "raw_tp+", "raw_tracepoint.w+", "raw_tp.w+", "tp_btf+",
	"fentry+", "fmod_ret+", "fexit+", "fentry.s+", "fmod_ret.s+", "fexit.s+", "freplace+",
	"lsm+", "lsm.s+", "lsm_cgroup+", "iter+", "iter.s+", "syscall",
	"xdp.frags/devmap", "xdp/devmap", "xdp.frags/cpumap", "xdp/cpumap", "xdp.frags", "xdp",
	"perf_event", "lwt_in", "lwt_out", "lwt_xmit", "lwt_seg6local", "sockops",
	"sk_skb/stream_parser", "sk_skb/stream_verdict", "sk_skb/verdict", "sk_skb", "sk_msg",
	"lirc_mode2", "flow_dissector", "cgroup_skb/ingress", "cgroup_skb/egress", "cgroup/skb",
	"cgroup/sock_create", "cgroup/sock_release", "cgroup/sock", "cgroup/post_bind4",
	"cgroup/post_bind6", "cgroup/bind4", "cgroup/bind6", "cgroup/connect4", "cgroup/connect6",
	"cgroup/connect_unix", "cgroup/sendmsg4", "cgroup/sendmsg6", "cgroup/sendmsg_unix",
	"cgroup/recvmsg4", "cgroup/recvmsg6", "cgroup/recvmsg_unix", "cgroup/getpeername4",
	"cgroup/getpeername6", "cgroup/getpeername_unix", "cgroup/getsockname4", "cgroup/getsockname6",
	"cgroup/getsockname_unix", "cgroup/sysctl", "cgroup/getsockopt", "cgroup/setsockopt",
	"cgroup/dev", "struct_ops+", "struct_ops.s+", "sk_lookup", "netfilter",
};

#define NSECTIONS (sizeof libbpf_sections / sizeof *libbpf_sections)

static bool matches(const char *def, const char *sec)
{
	size_t len = strlen(def);
	if (def[len - 1] == '+') {
		len--;
		return strncmp(sec, def, len) == 0 && (sec[len] == 0 || sec[len] == '/');
	}
	return strcmp(sec, def) == 0;
}

bool tbpf_section_known(const char *sec)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (matches(libbpf_sections[i], sec))
			return true;
	return false;
}

/* Closest known section for an unknown one. Definitions that take an argument ("kprobe+")
 * are compared on the program type before the first '/'; exact ones on the whole name.
 * Ties go to a name with the same first letter (xpd -> xdp, not tp). */
const char *tbpf_section_suggest(const char *sec, char *buf, size_t len)
{
	const char *slash = strchr(sec, '/');
	size_t type_len = slash ? (size_t)(slash - sec) : strlen(sec);
	const char *best = NULL;
	size_t best_score = (size_t)-1;
	for (size_t i = 0; i < NSECTIONS; i++) {
		const char *def = libbpf_sections[i];
		size_t dlen = strlen(def);
		bool with_arg = def[dlen - 1] == '+';
		size_t d = with_arg ? tbpf_edit_distance(sec, type_len, def, dlen - 1)
				    : tbpf_edit_distance(sec, strlen(sec), def, dlen);
		size_t score = 2 * d + (def[0] != sec[0]);
		if (score < best_score) {
			best_score = score;
			best = def;
		}
	}
	size_t limit = type_len / 3 > 2 ? type_len / 3 : 2;
	if (!best || best_score / 2 > limit)
		return NULL;
	size_t blen = strlen(best);
	if (best[blen - 1] == '+')
		snprintf(buf, len, "%.*s%s", (int)(blen - 1), best, slash ? slash : "");
	else
		snprintf(buf, len, "%s", best);
	return buf;
}

/* The context struct the kernel gives programs of section SEC, by the name it checks in a
 * function's BTF prototype (kernel/bpf/btf.c, btf_is_prog_ctx_type): "struct xdp_md *ctx"
 * is taken as the context without a word, where "void *ctx" makes the verifier log
 * (level 2; every level on older kernels) begin with "arg#0 reference type('UNKNOWN ')
 * size cannot be determined" and mark the function's BTF as unreliable.
 * NULL for the program types whose context has no struct name (tracepoint, fentry, ...),
 * which keep void *. Longer prefixes first. */
static const struct {
	const char *prefix; /* as in libbpf_sections: '+' takes "name" or "name/..." */
	const char *ctx;
} context_structs[] = {
	{"xdp.frags+", "xdp_md"}, {"xdp+", "xdp_md"},
	{"socket", "__sk_buff"}, {"tc+", "__sk_buff"}, {"tcx+", "__sk_buff"},
	{"classifier", "__sk_buff"}, {"action", "__sk_buff"}, {"netkit+", "__sk_buff"},
	{"cgroup_skb+", "__sk_buff"}, {"cgroup/skb", "__sk_buff"}, {"lwt_in", "__sk_buff"},
	{"lwt_out", "__sk_buff"}, {"lwt_xmit", "__sk_buff"}, {"lwt_seg6local", "__sk_buff"},
	{"sk_skb+", "__sk_buff"}, {"flow_dissector", "__sk_buff"},
	{"cgroup/sock_create", "bpf_sock"}, {"cgroup/sock_release", "bpf_sock"},
	{"cgroup/sock", "bpf_sock"}, {"cgroup/post_bind4", "bpf_sock"}, {"cgroup/post_bind6", "bpf_sock"},
	{"cgroup/bind4", "bpf_sock_addr"}, {"cgroup/bind6", "bpf_sock_addr"},
	{"cgroup/connect4", "bpf_sock_addr"}, {"cgroup/connect6", "bpf_sock_addr"},
	{"cgroup/connect_unix", "bpf_sock_addr"}, {"cgroup/sendmsg4", "bpf_sock_addr"},
	{"cgroup/sendmsg6", "bpf_sock_addr"}, {"cgroup/sendmsg_unix", "bpf_sock_addr"},
	{"cgroup/recvmsg4", "bpf_sock_addr"}, {"cgroup/recvmsg6", "bpf_sock_addr"},
	{"cgroup/recvmsg_unix", "bpf_sock_addr"}, {"cgroup/getpeername4", "bpf_sock_addr"},
	{"cgroup/getpeername6", "bpf_sock_addr"}, {"cgroup/getpeername_unix", "bpf_sock_addr"},
	{"cgroup/getsockname4", "bpf_sock_addr"}, {"cgroup/getsockname6", "bpf_sock_addr"},
	{"cgroup/getsockname_unix", "bpf_sock_addr"},
	{"sockops", "bpf_sock_ops"}, {"sk_msg", "sk_msg_md"},
	{"cgroup/getsockopt", "bpf_sockopt"}, {"cgroup/setsockopt", "bpf_sockopt"},
	{"cgroup/sysctl", "bpf_sysctl"}, {"cgroup/dev", "bpf_cgroup_dev_ctx"},
	{"sk_reuseport+", "sk_reuseport_md"}, {"sk_lookup", "bpf_sk_lookup"},
	{"perf_event", "bpf_perf_event_data"}, {"netfilter", "bpf_nf_ctx"},
	{"raw_tracepoint.w+", "bpf_raw_tracepoint_args"}, {"raw_tp.w+", "bpf_raw_tracepoint_args"},
	{"raw_tracepoint+", "bpf_raw_tracepoint_args"}, {"raw_tp+", "bpf_raw_tracepoint_args"},
	/* kprobe's context is the typedef bpf_user_pt_regs_t, which the kernel also takes as
	 * the struct under it: pt_regs on x86-64 */
	{"kprobe+", "pt_regs"}, {"kretprobe+", "pt_regs"}, {"kprobe.multi+", "pt_regs"},
	{"kretprobe.multi+", "pt_regs"}, {"kprobe.session+", "pt_regs"}, {"uprobe+", "pt_regs"},
	{"uretprobe+", "pt_regs"}, {"uprobe.s+", "pt_regs"}, {"uretprobe.s+", "pt_regs"},
	{"uprobe.multi+", "pt_regs"}, {"uretprobe.multi+", "pt_regs"}, {"uprobe.multi.s+", "pt_regs"},
	{"uretprobe.multi.s+", "pt_regs"}, {"uprobe.session+", "pt_regs"},
	{"uprobe.session.s+", "pt_regs"}, {"ksyscall+", "pt_regs"}, {"kretsyscall+", "pt_regs"},
	{"usdt+", "pt_regs"}, {"usdt.s+", "pt_regs"},
};

const char *tbpf_section_context_struct(const char *sec)
{
	if (!sec)
		return NULL;
	for (size_t i = 0; i < sizeof context_structs / sizeof *context_structs; i++)
		if (matches(context_structs[i].prefix, sec))
			return context_structs[i].ctx;
	return NULL;
}
