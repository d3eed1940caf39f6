/* test_sections.c - the section table (tool/src/sections.c) against the libbpf installed.
 *
 * For every definition in the table ("kprobe+", "xdp", ...), the names it stands for
 * ("kprobe", "kprobe/x"; "xdp") must be known to this libbpf (libbpf_prog_type_by_name)
 * exactly when the table says this libbpf's release knows them, so a too-old release is
 * refused at build time for the right names and for no others.  Also: the lookups that
 * tbpf-core's --libbpf-version check uses, and the version parser.
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

static void check_against_libbpf(int installed)
{
	const char *def;
	int since;
	size_t n = 0, newer = 0;
	for (size_t i = 0; tbpf_section_def_at(i, &def, &since); i++, n++) {
		char name[128], with_arg[140];
		size_t len = strlen(def);
		bool takes_arg = def[len - 1] == '+';
		snprintf(name, sizeof name, "%.*s", (int)(takes_arg ? len - 1 : len), def);
		snprintf(with_arg, sizeof with_arg, "%s/x", name);
		bool expect = since <= installed;
		newer += !expect;
		check(tbpf_section_known(name), "tbpf_section_known(\"%s\")", name);
		check(tbpf_section_libbpf_since(name) == since, "since(\"%s\") = %d, table says %d", name,
		      tbpf_section_libbpf_since(name), since);
		check(libbpf_knows(name) == expect, "libbpf %d.%d %s section '%s'; the table says libbpf %d.%d added it",
		      installed / 100, installed % 100, expect ? "does not know" : "knows", name, since / 100,
		      since % 100);
		if (takes_arg)
			check(libbpf_knows(with_arg) == expect, "libbpf %d.%d %s section '%s' (table: %d.%d)",
			      installed / 100, installed % 100, expect ? "does not know" : "knows", with_arg,
			      since / 100, since % 100);
	}
	printf("%zu section definitions checked against libbpf %d.%d; %zu of them newer than it\n", n,
	       installed / 100, installed % 100, newer);
	check(n > 100, "table has %zu definitions", n);
}

static void check_lookups(void)
{
	check(!tbpf_section_known("tcx"), "bare 'tcx' is not a section");
	check(!tbpf_section_known("xdpx"), "'xdpx' is not a section");
	check(tbpf_section_libbpf_since("xdpx") == 0, "unknown section: since 0");
	check(tbpf_section_libbpf_since("tcx/ingress") == TBPF_LIBBPF_VERSION(1, 3), "tcx/ingress since 1.3");
	check(tbpf_section_libbpf_since("uprobe.multi/libc.so.6:getpid") == TBPF_LIBBPF_VERSION(1, 3),
	      "uprobe.multi/... since 1.3");
	check(tbpf_section_libbpf_since("uprobe/libc.so.6:getpid") == TBPF_LIBBPF_VERSION(1, 0),
	      "uprobe/... in every 1.x");
	const char *older = tbpf_section_older_spelling("tcx/egress");
	check(older && strstr(older, "'tc'"), "tcx/egress: older libbpf takes 'tc' (got %s)", older ? older : "NULL");
	check(tbpf_section_older_spelling("netfilter") == NULL, "netfilter has no older spelling");
	check(tbpf_section_older_spelling("xdp") == NULL, "xdp needs none");
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
	check_versions();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
