/* ELF section names libbpf turns into programs (libbpf.c section_defs, 1.x), with the first
 * libbpf release that knows each.
 * "name+" accepts "name" or "name/anything"; "name/" requires something after the slash;
 * anything else must match exactly. A section libbpf does not know leaves the program
 * without a type, and loading fails ("missing BPF prog type"), so tbpf-core refuses it up
 * front with the closest known name; given the libbpf that will load the object
 * (--libbpf-version), it also refuses names that libbpf is too old for.
 *
 * Release of each name: checked against the section names in Debian's builds of libbpf
 * 1.1.2, 1.4.6, 1.5.0 and 1.7.0 and the 1.2 and 1.3 release notes. Names that 1.1 knows are
 * given as 1.0 (unchecked before 1.1). Where the check leaves a range (BETWEEN), a libbpf
 * older than the range is refused, one inside it is let through. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sections.h"

/* ALL: every libbpf 1.x; SINCE: libbpf 1.MINOR on, and what older ones accept instead;
 * BETWEEN: added by one of 1.MINOR ... 1.LAST, not known which */
#define ALL(def) {def, TBPF_LIBBPF_VERSION(1, 0), TBPF_LIBBPF_VERSION(1, 0), NULL}
#define SINCE(def, minor, older) {def, TBPF_LIBBPF_VERSION(1, minor), TBPF_LIBBPF_VERSION(1, minor), older}
#define BETWEEN(def, minor, last, older) {def, TBPF_LIBBPF_VERSION(1, minor), TBPF_LIBBPF_VERSION(1, last), older}

static const struct section_def {
	const char *def;
	int since;       /* the oldest release that may know it */
	int known_since; /* the oldest release known to know it */
	const char *older; /* what libbpf before `since` accepts instead, if anything */
} libbpf_sections[] = {
	ALL("socket"), ALL("sk_reuseport/migrate"), ALL("sk_reuseport"),
	ALL("kprobe+"), ALL("uprobe+"), ALL("uprobe.s+"), ALL("kretprobe+"),
	ALL("uretprobe+"), ALL("uretprobe.s+"),
	ALL("kprobe.multi+"), ALL("kretprobe.multi+"),
	SINCE("kprobe.session+", 5, "a kprobe.multi program and a kretprobe.multi program"),
	SINCE("uprobe.multi+", 3, "'uprobe/...', one program per probe"),
	SINCE("uretprobe.multi+", 3, "'uretprobe/...', one program per probe"),
	SINCE("uprobe.multi.s+", 3, "'uprobe.s/...', one program per probe"),
	SINCE("uretprobe.multi.s+", 3, "'uretprobe.s/...', one program per probe"),
	BETWEEN("uprobe.session+", 6, 7, "a uprobe.multi program and a uretprobe.multi program (libbpf 1.3)"),
	BETWEEN("uprobe.session.s+", 6, 7, "a uprobe.multi.s program and a uretprobe.multi.s program (libbpf 1.3)"),
	ALL("ksyscall+"), ALL("kretsyscall+"), ALL("usdt+"),
	SINCE("usdt.s+", 3, "'usdt' (not sleepable)"),
	SINCE("tc/ingress", 3, "'tc', the same program type, attached to ingress by the loader"),
	SINCE("tc/egress", 3, "'tc', the same program type, attached to egress by the loader"),
	SINCE("tcx/ingress", 3, "'tc', the same program type, attached to ingress by the loader"),
	SINCE("tcx/egress", 3, "'tc', the same program type, attached to egress by the loader"),
	ALL("tc"), ALL("classifier"), ALL("action"),
	SINCE("netkit/primary", 3, NULL), SINCE("netkit/peer", 3, NULL),
	ALL("tracepoint+"), ALL("tp+"), ALL("raw_tracepoint+"), ALL("raw_tp+"),
	ALL("raw_tracepoint.w+"), ALL("raw_tp.w+"), ALL("tp_btf+"),
	ALL("fentry+"), ALL("fmod_ret+"), ALL("fexit+"), ALL("fentry.s+"),
	ALL("fmod_ret.s+"), ALL("fexit.s+"),
	BETWEEN("fsession+", 6, 7, "an fentry program and an fexit program"),
	BETWEEN("fsession.s+", 6, 7, "an fentry.s program and an fexit.s program"),
	ALL("freplace+"),
	ALL("lsm+"), ALL("lsm.s+"), ALL("lsm_cgroup+"), ALL("iter+"), ALL("iter.s+"),
	ALL("syscall"),
	ALL("xdp.frags/devmap"), ALL("xdp/devmap"), ALL("xdp.frags/cpumap"),
	ALL("xdp/cpumap"), ALL("xdp.frags"), ALL("xdp"),
	ALL("perf_event"), ALL("lwt_in"), ALL("lwt_out"), ALL("lwt_xmit"),
	ALL("lwt_seg6local"), ALL("sockops"),
	ALL("sk_skb/stream_parser"), ALL("sk_skb/stream_verdict"),
	BETWEEN("sk_skb/verdict", 2, 4, "'sk_skb', attached with BPF_SK_SKB_VERDICT by the loader"),
	ALL("sk_skb"), ALL("sk_msg"),
	ALL("lirc_mode2"), ALL("flow_dissector"), ALL("cgroup_skb/ingress"),
	ALL("cgroup_skb/egress"), ALL("cgroup/skb"),
	ALL("cgroup/sock_create"), ALL("cgroup/sock_release"), ALL("cgroup/sock"),
	ALL("cgroup/post_bind4"), ALL("cgroup/post_bind6"), ALL("cgroup/bind4"),
	ALL("cgroup/bind6"), ALL("cgroup/connect4"), ALL("cgroup/connect6"),
	SINCE("cgroup/connect_unix", 3, NULL), ALL("cgroup/sendmsg4"), ALL("cgroup/sendmsg6"),
	SINCE("cgroup/sendmsg_unix", 3, NULL), ALL("cgroup/recvmsg4"), ALL("cgroup/recvmsg6"),
	SINCE("cgroup/recvmsg_unix", 3, NULL), ALL("cgroup/getpeername4"), ALL("cgroup/getpeername6"),
	SINCE("cgroup/getpeername_unix", 3, NULL), ALL("cgroup/getsockname4"),
	ALL("cgroup/getsockname6"), SINCE("cgroup/getsockname_unix", 3, NULL), ALL("cgroup/sysctl"),
	ALL("cgroup/getsockopt"), ALL("cgroup/setsockopt"), ALL("cgroup/dev"),
	ALL("struct_ops+"), SINCE("struct_ops.s+", 2, NULL), ALL("sk_lookup"),
	SINCE("netfilter", 3, NULL),
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

/* The definition libbpf picks for SEC: the first that matches, in libbpf's order. */
static const struct section_def *find_def(const char *sec)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (matches(libbpf_sections[i].def, sec))
			return &libbpf_sections[i];
	return NULL;
}

bool tbpf_section_known(const char *sec)
{
	return find_def(sec) != NULL;
}

int tbpf_section_libbpf_since(const char *sec)
{
	const struct section_def *d = find_def(sec);
	return d ? d->since : 0;
}

int tbpf_section_libbpf_known_since(const char *sec)
{
	const struct section_def *d = find_def(sec);
	return d ? d->known_since : 0;
}

const char *tbpf_section_older_spelling(const char *sec)
{
	const struct section_def *d = find_def(sec);
	return d ? d->older : NULL;
}

const char *tbpf_section_attach_to(const char *sec)
{
	const struct section_def *d = find_def(sec);
	if (!d)
		return NULL;
	size_t len = strlen(d->def);
	if (d->def[len - 1] != '+' || sec[len - 1] != '/')
		return "";
	return sec + len;
}

/* bpf_prog_type and bpf_attach_type values (Linux 6.18's uapi/linux/bpf.h) */
enum { PT_KPROBE = 2, PT_SCHED_CLS = 3, PT_SK_SKB = 14, PT_CGROUP_SOCK_ADDR = 18, PT_STRUCT_OPS = 27,
       PT_NETFILTER = 32 };
enum { AT_SK_SKB_VERDICT = 38, AT_NETFILTER = 45, AT_TCX_INGRESS, AT_TCX_EGRESS, AT_TRACE_UPROBE_MULTI,
       AT_CGROUP_UNIX_CONNECT, AT_CGROUP_UNIX_SENDMSG, AT_CGROUP_UNIX_RECVMSG, AT_CGROUP_UNIX_GETPEERNAME,
       AT_CGROUP_UNIX_GETSOCKNAME, AT_NETKIT_PRIMARY, AT_NETKIT_PEER, AT_TRACE_KPROBE_SESSION,
       AT_TRACE_UPROBE_SESSION };

bool tbpf_section_newer_types(const char *sec, int *prog_type, int *attach_type)
{
	static const struct {
		const char *def;
		int prog_type, attach_type;
	} newer[] = {
		{"kprobe.session+", PT_KPROBE, AT_TRACE_KPROBE_SESSION},
		{"uprobe.multi+", PT_KPROBE, AT_TRACE_UPROBE_MULTI},
		{"uretprobe.multi+", PT_KPROBE, AT_TRACE_UPROBE_MULTI},
		{"uprobe.multi.s+", PT_KPROBE, AT_TRACE_UPROBE_MULTI},
		{"uretprobe.multi.s+", PT_KPROBE, AT_TRACE_UPROBE_MULTI},
		{"uprobe.session+", PT_KPROBE, AT_TRACE_UPROBE_SESSION},
		{"uprobe.session.s+", PT_KPROBE, AT_TRACE_UPROBE_SESSION},
		/* libbpf 1.3+ loads usdt programs with BPF_TRACE_UPROBE_MULTI where the kernel has
		 * uprobe_multi links, else 0; both verify alike */
		{"usdt.s+", PT_KPROBE, 0},
		{"tc/ingress", PT_SCHED_CLS, AT_TCX_INGRESS},
		{"tc/egress", PT_SCHED_CLS, AT_TCX_EGRESS},
		{"tcx/ingress", PT_SCHED_CLS, AT_TCX_INGRESS},
		{"tcx/egress", PT_SCHED_CLS, AT_TCX_EGRESS},
		{"netkit/primary", PT_SCHED_CLS, AT_NETKIT_PRIMARY},
		{"netkit/peer", PT_SCHED_CLS, AT_NETKIT_PEER},
		{"sk_skb/verdict", PT_SK_SKB, AT_SK_SKB_VERDICT},
		{"cgroup/connect_unix", PT_CGROUP_SOCK_ADDR, AT_CGROUP_UNIX_CONNECT},
		{"cgroup/sendmsg_unix", PT_CGROUP_SOCK_ADDR, AT_CGROUP_UNIX_SENDMSG},
		{"cgroup/recvmsg_unix", PT_CGROUP_SOCK_ADDR, AT_CGROUP_UNIX_RECVMSG},
		{"cgroup/getpeername_unix", PT_CGROUP_SOCK_ADDR, AT_CGROUP_UNIX_GETPEERNAME},
		{"cgroup/getsockname_unix", PT_CGROUP_SOCK_ADDR, AT_CGROUP_UNIX_GETSOCKNAME},
		{"struct_ops.s+", PT_STRUCT_OPS, 0},
		{"netfilter", PT_NETFILTER, AT_NETFILTER},
		/* fsession: its attach type is newer than Linux 6.18 */
	};
	const struct section_def *d = find_def(sec);
	for (size_t i = 0; d && i < sizeof newer / sizeof *newer; i++)
		if (strcmp(d->def, newer[i].def) == 0) {
			*prog_type = newer[i].prog_type;
			*attach_type = newer[i].attach_type;
			return true;
		}
	return false;
}

bool tbpf_section_attach_type_optional(const char *sec)
{
	static const char *const optional[] = {
		"xdp", "sockops", "sk_skb/stream_parser", "sk_skb/stream_verdict", "sk_skb/verdict",
		"sk_msg", "lirc_mode2", "flow_dissector", "cgroup_skb/ingress", "cgroup_skb/egress",
		"cgroup/sock", "cgroup/dev",
	};
	const struct section_def *d = find_def(sec);
	for (size_t i = 0; d && i < sizeof optional / sizeof *optional; i++)
		if (strcmp(d->def, optional[i]) == 0)
			return true;
	return false;
}

unsigned tbpf_section_prog_flags(const char *sec)
{
	const struct section_def *d = find_def(sec);
	if (!d)
		return 0;
	size_t len = strlen(d->def);
	if (d->def[len - 1] == '+')
		len--;
	if (strcmp(d->def, "syscall") == 0 || (len > 2 && strncmp(d->def + len - 2, ".s", 2) == 0))
		return TBPF_F_SLEEPABLE;
	if (strncmp(d->def, "xdp.frags", 9) == 0)
		return TBPF_F_XDP_HAS_FRAGS;
	return 0;
}

bool tbpf_section_def_at(size_t i, const char **def, int *since, int *known_since)
{
	if (i >= NSECTIONS)
		return false;
	*def = libbpf_sections[i].def;
	*since = libbpf_sections[i].since;
	*known_since = libbpf_sections[i].known_since;
	return true;
}

int tbpf_parse_libbpf_version(const char *s)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	long major = strtol(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return -1;
	long minor = strtol(end + 1, &end, 10);
	if (*end == '.') {
		if (end[1] < '0' || end[1] > '9')
			return -1;
		strtol(end + 1, &end, 10);
	}
	if (*end || major > 99 || minor > 99)
		return -1;
	return TBPF_LIBBPF_VERSION((int)major, (int)minor);
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
		const char *def = libbpf_sections[i].def;
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
