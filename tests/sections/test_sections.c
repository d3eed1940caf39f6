/* test_sections.c - the section table (tool/src/sections.c) against the libbpf installed.
 *
 * For every definition in the table ("kprobe+", "xdp", ...), the names it stands for
 * ("kprobe", "kprobe/x"; "xdp") must be known to this libbpf (libbpf_prog_type_by_name)
 * when the table says this release knows them, and unknown when it says this release is
 * too old, so a too-old release is refused at build time for the right names and for no
 * others.  (It cannot find a name this libbpf has that the table lacks: libbpf does not
 * list its names.)  The releases of the names newer than 1.0 are pinned below, so a
 * change to them shows here whatever libbpf is installed.  Also: the lookups that
 * tbpf-core's --libbpf-version check uses, the attach targets and flags tbpf-gen-go
 * derives from a section name, and the version parser.
 *
 * Against another libbpf build: LD_LIBRARY_PATH=<dir with its libbpf.so.1> test_sections
 *
 * Prints one line per failed check, then "N passed, M failed"; exits 1 on failure.
 */
#include "sections.h"

#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static bool libbpf_knows(const char *name)
{
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	return libbpf_prog_type_by_name(name, &type, &attach) == 0;
}

/* Releases of the names libbpf 1.0 did not know (1.1 unchecked), as the table has them. */
static const struct {
	const char *def;
	int since, known_since;
} pinned[] = {
	{"kprobe.session+", 105, 105},   {"uprobe.multi+", 103, 103},     {"uretprobe.multi+", 103, 103},
	{"uprobe.multi.s+", 103, 103},   {"uretprobe.multi.s+", 103, 103}, {"uprobe.session+", 106, 107},
	{"uprobe.session.s+", 106, 107}, {"usdt.s+", 103, 103},           {"tc/ingress", 103, 103},
	{"tc/egress", 103, 103},         {"tcx/ingress", 103, 103},       {"tcx/egress", 103, 103},
	{"netkit/primary", 103, 103},    {"netkit/peer", 103, 103},       {"fsession+", 106, 107},
	{"fsession.s+", 106, 107},       {"sk_skb/verdict", 102, 104},    {"cgroup/connect_unix", 103, 103},
	{"cgroup/sendmsg_unix", 103, 103}, {"cgroup/recvmsg_unix", 103, 103},
	{"cgroup/getpeername_unix", 103, 103}, {"cgroup/getsockname_unix", 103, 103},
	{"struct_ops.s+", 102, 102},     {"netfilter", 103, 103},
};

static void check_pinned(const char *def, int since, int known_since)
{
	for (size_t i = 0; i < sizeof pinned / sizeof *pinned; i++)
		if (strcmp(pinned[i].def, def) == 0) {
			check(since == pinned[i].since && known_since == pinned[i].known_since,
			      "'%s': the table says libbpf %d..%d, pinned %d..%d", def, since, known_since,
			      pinned[i].since, pinned[i].known_since);
			return;
		}
	check(since == 100 && known_since == 100, "'%s' is newer than 1.0 (%d..%d) but not pinned", def, since,
	      known_since);
}

static void check_against_libbpf(int installed)
{
	const char *def;
	int since, known_since;
	size_t n = 0, newer = 0, unsure = 0, npinned = 0;
	for (size_t i = 0; tbpf_section_def_at(i, &def, &since, &known_since); i++, n++) {
		char name[128], with_arg[140];
		size_t len = strlen(def);
		bool takes_arg = def[len - 1] == '+';
		snprintf(name, sizeof name, "%.*s", (int)(takes_arg ? len - 1 : len), def);
		snprintf(with_arg, sizeof with_arg, "%s/x", name);
		check_pinned(def, since, known_since);
		npinned += since != 100;
		check(tbpf_section_known(name), "tbpf_section_known(\"%s\")", name);
		check(tbpf_section_libbpf_since(name) == since, "since(\"%s\") = %d, table says %d", name,
		      tbpf_section_libbpf_since(name), since);
		if (installed >= since && installed < known_since) {
			unsure++; /* the table does not say whether this release knows it */
			continue;
		}
		bool expect = installed >= known_since;
		newer += !expect;
		check(libbpf_knows(name) == expect, "libbpf %d.%d %s section '%s'; the table says libbpf %d.%d added it",
		      installed / 100, installed % 100, expect ? "does not know" : "knows", name, since / 100,
		      since % 100);
		if (takes_arg)
			check(libbpf_knows(with_arg) == expect, "libbpf %d.%d %s section '%s' (table: %d.%d)",
			      installed / 100, installed % 100, expect ? "does not know" : "knows", with_arg,
			      since / 100, since % 100);
	}
	printf("%zu section definitions checked against libbpf %d.%d: %zu newer than it, %zu not known "
	       "to be older or newer\n",
	       n, installed / 100, installed % 100, newer, unsure);
	check(n > 100, "table has %zu definitions", n);
	check(npinned == sizeof pinned / sizeof *pinned, "%zu pinned names, %zu in the table newer than 1.0",
	      sizeof pinned / sizeof *pinned, npinned);
}

static void check_lookups(void)
{
	check(!tbpf_section_known("tcx"), "bare 'tcx' is not a section");
	check(!tbpf_section_known("xdpx"), "'xdpx' is not a section");
	check(tbpf_section_libbpf_since("xdpx") == 0, "unknown section: since 0");
	check(tbpf_section_libbpf_since("tcx/ingress") == TBPF_LIBBPF_VERSION(1, 3), "tcx/ingress since 1.3");
	check(tbpf_section_libbpf_since("sk_skb/verdict") == TBPF_LIBBPF_VERSION(1, 2) &&
		      tbpf_section_libbpf_known_since("sk_skb/verdict") == TBPF_LIBBPF_VERSION(1, 4),
	      "sk_skb/verdict: added by one of 1.2 to 1.4");
	check(tbpf_section_libbpf_since("uprobe.multi/libc.so.6:getpid") == TBPF_LIBBPF_VERSION(1, 3),
	      "uprobe.multi/... since 1.3");
	check(tbpf_section_libbpf_since("uprobe/libc.so.6:getpid") == TBPF_LIBBPF_VERSION(1, 0),
	      "uprobe/... in every 1.x");
	const char *older = tbpf_section_older_spelling("tcx/egress");
	check(older && strstr(older, "'tc'"), "tcx/egress: older libbpf takes 'tc' (got %s)", older ? older : "NULL");
	check(tbpf_section_older_spelling("netfilter") == NULL, "netfilter has no older spelling");
	check(tbpf_section_older_spelling("xdp") == NULL, "xdp needs none");
}

static void check_attach_to_and_flags(void)
{
	static const struct {
		const char *sec, *attach_to;
		unsigned flags;
	} cases[] = {
		{"kprobe/do_unlinkat", "do_unlinkat", 0},
		{"kprobe", "", 0},
		{"tracepoint/syscalls/sys_enter_getpid", "syscalls/sys_enter_getpid", 0},
		{"uprobe.s/libc.so.6:getpid", "libc.so.6:getpid", TBPF_F_SLEEPABLE},
		{"iter.s/task", "task", TBPF_F_SLEEPABLE},
		{"lsm.s/file_open", "file_open", TBPF_F_SLEEPABLE},
		{"syscall", "", TBPF_F_SLEEPABLE},
		{"cgroup/connect4", "", 0},
		{"sk_reuseport/migrate", "", 0},
		{"xdp", "", 0},
		{"xdp.frags", "", TBPF_F_XDP_HAS_FRAGS},
		{"xdp.frags/devmap", "", TBPF_F_XDP_HAS_FRAGS},
		{"xdp/devmap", "", 0},
		{"struct_ops.s/dequeue", "dequeue", TBPF_F_SLEEPABLE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = tbpf_section_attach_to(cases[i].sec);
		check(got && strcmp(got, cases[i].attach_to) == 0, "attach target of '%s': '%s', want '%s'",
		      cases[i].sec, got ? got : "(null)", cases[i].attach_to);
		check(tbpf_section_prog_flags(cases[i].sec) == cases[i].flags, "flags of '%s': %#x, want %#x",
		      cases[i].sec, tbpf_section_prog_flags(cases[i].sec), cases[i].flags);
	}
	check(tbpf_section_attach_type_optional("xdp") && tbpf_section_attach_type_optional("cgroup_skb/egress") &&
		      tbpf_section_attach_type_optional("sockops"),
	      "xdp, cgroup_skb/egress, sockops: attach type optional");
	check(!tbpf_section_attach_type_optional("xdp.frags") && !tbpf_section_attach_type_optional("xdp/devmap") &&
		      !tbpf_section_attach_type_optional("cgroup/connect4") && !tbpf_section_attach_type_optional("xdpx"),
	      "xdp.frags, xdp/devmap, cgroup/connect4: attach type required; unknown: not optional");
	check(tbpf_section_attach_to("xdpx") == NULL, "unknown section: no attach target");
	check(tbpf_section_prog_flags("xdpx") == 0, "unknown section: no flags");
}

/* The program and attach types given by hand to names this libbpf may not know: exactly
 * the names newer than 1.1 have them (but fsession, whose attach type is newer than the
 * kernels here), and they equal libbpf's own where the installed libbpf knows the name. */
static void check_newer_types(void)
{
	const char *def;
	int since, known_since, compared = 0;
	for (size_t i = 0; tbpf_section_def_at(i, &def, &since, &known_since); i++) {
		char name[128];
		size_t len = strlen(def);
		snprintf(name, sizeof name, "%.*s", (int)(def[len - 1] == '+' ? len - 1 : len), def);
		int type, attach;
		bool has = tbpf_section_newer_types(name, &type, &attach);
		bool want = since > TBPF_LIBBPF_VERSION(1, 1) && strncmp(name, "fsession", 8) != 0;
		check(has == want, "'%s': %s program/attach types for the hand-set path", name,
		      want ? "needs" : "must not have");
		size_t n = strlen(name);
		bool sleepable = strcmp(name, "syscall") == 0 || (n > 2 && strcmp(name + n - 2, ".s") == 0);
		bool frags = strncmp(name, "xdp.frags", 9) == 0;
		check(tbpf_section_prog_flags(name) ==
			      (sleepable ? TBPF_F_SLEEPABLE : 0) + (frags ? TBPF_F_XDP_HAS_FRAGS : 0),
		      "'%s': flags %#x (sleepable %d, frags %d)", name, tbpf_section_prog_flags(name), sleepable,
		      frags);
		enum bpf_prog_type lt;
		enum bpf_attach_type la;
		if (has && libbpf_prog_type_by_name(name, &lt, &la) == 0) {
			compared++;
			check((int)lt == type && (int)la == attach, "'%s': libbpf gives %d/%d, the table %d/%d", name,
			      (int)lt, (int)la, type, attach);
		}
	}
	printf("hand-set types compared with this libbpf's own for %d names\n", compared);
}

static void check_versions(void)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{"1.1", 101}, {"1.1.2", 101}, {"1.10", 110}, {"0.8", 8}, {"2.0.0", 200},
		{"1", -1}, {"1.", -1}, {"1.x", -1}, {"v1.1", -1}, {"1.1.", -1}, {"1.1 ", -1},
		{"", -1}, {"1.1.2.3", -1}, {"100.1", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check(tbpf_parse_libbpf_version(cases[i].text) == cases[i].want,
		      "tbpf_parse_libbpf_version(\"%s\") = %d, want %d", cases[i].text,
		      tbpf_parse_libbpf_version(cases[i].text), cases[i].want);
}

int main(void)
{
	libbpf_set_print(quiet);
	int installed = TBPF_LIBBPF_VERSION((int)libbpf_major_version(), (int)libbpf_minor_version());
	check_against_libbpf(installed);
	check_lookups();
	check_attach_to_and_flags();
	check_newer_types();
	check_versions();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
