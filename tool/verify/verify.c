/* tbpf-verify: load each program of a BPF object into the kernel and, when the verifier
 * rejects one, say where in the Go source and what usually fixes it.
 *
 *   tbpf-verify OBJ [--section-filter GLOB]... [--program NAME]... [--log-lines N] [-v]
 *               [--source-dir DIR] [--skip-if-unprivileged]
 *
 * Each program is loaded on its own (a fresh bpf_object with only that program set to
 * autoload; pinned maps are not pinned), with a verifier log at level 1 (retried at level
 * 2 when the log stays empty). For a rejected program it prints
 *   FILE:LINE[:COL]: error: <the verifier's complaint>      the failing instruction's Go line
 *     LINE | <source text>                                  when the source file is readable
 *     hint: ...                                             for the common cases
 *     verifier log (last N lines): ...
 * The Go position comes from the object's .BTF.ext line info for the failing instruction
 * (the "N: (..)" line of the log that the error follows); when that cannot be mapped (an
 * instruction in a static subprogram libbpf appended), from the log's own
 * "; <source> @ file:line" annotation, which the kernel derives from the same line info.
 *
 * Exit status: 0 every selected program loads; 1 a program was rejected or could not be
 * loaded; 2 usage error or the object cannot be opened. With --skip-if-unprivileged, a
 * program the kernel refuses before verifying it (EPERM, empty log: no privileges, or a
 * program type this kernel does not allow) gets a note and does not count as a failure
 * (for build steps that run everywhere).
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "sections.h"
#include <gelf.h>
#include <libelf.h>

#define MAX_PROGRAMS 256
#define MAX_FILTERS 32

struct options {
	const char *object;
	const char *filters[MAX_FILTERS];
	size_t nfilters;
	const char *names[MAX_FILTERS];
	size_t nnames;
	int log_lines;
	bool verbose;
	bool skip_unprivileged;
	const char *source_dir;
};

/* --- libbpf's own messages: kept per load attempt, shown when there is no verifier log */

static char libbpf_msgs[16384];
static size_t libbpf_len;
static bool libbpf_echo;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	if (libbpf_echo)
		return vfprintf(stderr, fmt, ap);
	if (libbpf_len < sizeof libbpf_msgs - 1) {
		int n = vsnprintf(libbpf_msgs + libbpf_len, sizeof libbpf_msgs - libbpf_len, fmt, ap);
		if (n > 0)
			libbpf_len += (size_t)n;
		if (libbpf_len > sizeof libbpf_msgs - 1)
			libbpf_len = sizeof libbpf_msgs - 1;
	}
	return 0;
}

/* --- .BTF.ext line info -------------------------------------------------------------- */

struct line_info {
	const char *file; /* as the compiler recorded it (TinyGo: the full path) */
	const char *text; /* source text llc embedded, often "" */
	unsigned line, col;
};

struct btf_ext_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
};

struct btf_line_rec {
	uint32_t insn_off; /* bytes from the start of the ELF section */
	uint32_t file_name_off, line_off, line_col;
};

struct object_lines {
	struct btf *btf; /* .BTF: strings */
	void *ext;       /* .BTF.ext, read from the ELF file (libbpf 1.1 declares
			  * btf_ext__raw_data but does not export it) */
	size_t ext_size;
};

static void read_btf_ext(const char *path, struct object_lines *ol)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	size_t shstrndx;
	if (elf && elf_getshdrstrndx(elf, &shstrndx) == 0) {
		for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
			GElf_Shdr sh;
			const char *name;
			Elf_Data *data;
			if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
			    strcmp(name, ".BTF.ext") != 0 || !(data = elf_getdata(scn, NULL)) || !data->d_buf)
				continue;
			ol->ext = malloc(data->d_size);
			memcpy(ol->ext, data->d_buf, data->d_size);
			ol->ext_size = data->d_size;
			break;
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
}

/* Line info of instruction `insn` of ELF section `sec`: the record with the largest
 * offset <= insn (a record covers the instructions up to the next one). */
static bool find_line(const struct object_lines *ol, const char *sec, unsigned insn, struct line_info *out)
{
	if (!ol->btf || !ol->ext)
		return false;
	uint64_t size = ol->ext_size;
	const uint8_t *raw = ol->ext;
	struct btf_ext_header h;
	if (!raw || size < sizeof h)
		return false;
	memcpy(&h, raw, sizeof h);
	if (h.magic != 0xeB9F || h.hdr_len < sizeof h || (uint64_t)h.hdr_len + h.line_info_off + h.line_info_len > size ||
	    h.line_info_len < 4)
		return false;
	const uint8_t *p = raw + h.hdr_len + h.line_info_off, *end = p + h.line_info_len;
	uint32_t rec_size;
	memcpy(&rec_size, p, 4);
	p += 4;
	if (rec_size < sizeof(struct btf_line_rec))
		return false;
	while (end - p >= 8) {
		uint32_t name_off, n;
		memcpy(&name_off, p, 4);
		memcpy(&n, p + 4, 4);
		p += 8;
		if ((uint64_t)n * rec_size > (uint64_t)(end - p))
			return false;
		const char *name = btf__name_by_offset(ol->btf, name_off);
		if (name && strcmp(name, sec) == 0) {
			const struct btf_line_rec *best = NULL;
			struct btf_line_rec r, b;
			for (uint32_t i = 0; i < n; i++) {
				memcpy(&r, p + (size_t)i * rec_size, sizeof r);
				if (r.insn_off / 8 <= insn && (!best || r.insn_off >= b.insn_off)) {
					b = r;
					best = &b;
				}
			}
			if (!best)
				return false;
			out->file = btf__name_by_offset(ol->btf, b.file_name_off);
			out->text = btf__name_by_offset(ol->btf, b.line_off);
			out->line = b.line_col >> 10;
			out->col = b.line_col & 0x3ff;
			return out->file != NULL;
		}
		p += (size_t)n * rec_size;
	}
	return false;
}

/* --- the verifier log ---------------------------------------------------------------- */

struct log_lines {
	char **line;
	size_t n;
};

static void split_lines(char *log, struct log_lines *ll)
{
	size_t cap = 64;
	ll->n = 0;
	ll->line = malloc(cap * sizeof *ll->line);
	for (char *s = log; s && *s;) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = 0;
		if (ll->n == cap)
			ll->line = realloc(ll->line, (cap *= 2) * sizeof *ll->line);
		ll->line[ll->n++] = s;
		s = nl ? nl + 1 : NULL;
	}
}

/* "12: (79) r9 = *(u64 *)(r9 +0)" -> 12 */
static bool insn_line(const char *s, unsigned *idx)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (end == s || end[0] != ':' || end[1] != ' ' || end[2] != '(')
		return false;
	*idx = (unsigned)v;
	return true;
}

static bool is_summary(const char *s)
{
	return !strncmp(s, "processed ", 10) || !strncmp(s, "verification time", 17) ||
	       !strncmp(s, "stack depth", 11) || !strncmp(s, "-- END", 6) || !*s;
}

struct diagnosis {
	const char *error;    /* the verifier's complaint (first line after the failing insn) */
	int insn;             /* failing instruction index, -1 if unknown */
	const char *log_file; /* from the last "; ... @ file:line" before it (in log_file_buf) */
	char log_file_buf[1024];
	unsigned log_line;
	const char *log_text;
	size_t log_text_len;
	size_t first_tail; /* first log line of the shown tail */
};

static void diagnose(struct log_lines *ll, struct diagnosis *d)
{
	memset(d, 0, sizeof *d);
	d->insn = -1;
	size_t last_insn = ll->n;
	unsigned idx;
	for (size_t i = ll->n; i-- > 0;)
		if (insn_line(ll->line[i], &idx)) {
			last_insn = i;
			d->insn = (int)idx;
			break;
		}
	/* The complaint: the first non-summary line after the failing instruction; without
	 * instruction lines (back-edge, stack size, ...), the last non-summary line. */
	size_t from = last_insn < ll->n ? last_insn + 1 : 0;
	for (size_t i = from; i < ll->n; i++)
		if (!is_summary(ll->line[i])) {
			d->error = ll->line[i];
			break;
		}
	if (last_insn == ll->n)
		for (size_t i = ll->n; i-- > 0;)
			if (!is_summary(ll->line[i])) {
				d->error = ll->line[i];
				break;
			}
	/* Instructions the error names itself. */
	const char *m;
	if (d->error && ((m = strstr(d->error, "back-edge from insn ")) || (m = strstr(d->error, "infinite loop detected at insn "))))
		d->insn = atoi(strstr(m, "insn ") + 5);
	/* The kernel's annotation for the failing instruction: the nearest one above it. */
	for (size_t i = last_insn < ll->n ? last_insn : ll->n; i-- > 0;) {
		const char *s = ll->line[i];
		const char *at = strstr(s, " @ ");
		if (s[0] != ';' || !at)
			continue;
		const char *colon = strrchr(at, ':');
		if (!colon)
			continue;
		snprintf(d->log_file_buf, sizeof d->log_file_buf, "%.*s", (int)(colon - (at + 3)), at + 3);
		d->log_file = d->log_file_buf;
		d->log_line = (unsigned)atoi(colon + 1);
		d->log_text = s + 1;
		while (*d->log_text == ' ')
			d->log_text++;
		d->log_text_len = d->log_text < at ? (size_t)(at - d->log_text) : 0;
		break;
	}
}

static const char *hint_for(struct log_lines *ll, const struct diagnosis *d)
{
	static const struct {
		const char *pattern;
		const char *hint;
	} hints[] = {
		{"_or_null'",
		 "missing nil check: a map lookup (or another helper) may return nil, and this "
		 "dereferences its result before comparing it with nil. Check `if v == nil { return ... }` "
		 "first. (Go code built by tbpf-core keeps Go's own nil checks, which return the panic "
		 "value; this happens when the pointer went through uintptr or the IR was hand-made.)"},
		{"invalid access to packet",
		 "packet access without a bounds check: before reading N bytes at data+off, return "
		 "when data+off+N > dataEnd, comparing the same pointer the access uses (the verifier "
		 "tracks the comparison, not the arithmetic on integers copied elsewhere)."},
		{"outside of the packet", "packet access without a bounds check: compare data+off+N with dataEnd before the access."},
		{"back-edge", "loop the verifier cannot bound: give the loop a constant upper bound "
			      "(for i := 0; i < N && cond; i++) or use bpf_loop for long loops."},
		{"infinite loop detected", "loop the verifier cannot bound: give the loop a constant upper bound "
					   "(for i := 0; i < N && cond; i++) or use bpf_loop for long loops."},
		{"BPF program is too large", "too many instructions to verify (loops are verified once per "
					     "iteration): lower the loop bounds, or use bpf_loop / a tail call."},
		{"is too complex", "too many branches to verify: simplify the loop body or lower its bound; "
				   "bpf_loop verifies the body once."},
		{"combined stack size", "stack too large: a program and the functions it calls share 512 "
					"bytes of stack; move large buffers into a map value (a one-entry "
					"PERCPU_ARRAY used as scratch space)."},
		{"invalid mem access 'scalar'", "dereference of a number the verifier does not know as a "
						"pointer (a pointer rebuilt from uintptr arithmetic, or an "
						"unchecked helper result)."},
		{"invalid indirect read from stack", "a helper reads stack memory that was never written: "
						     "initialise the whole variable first."},
		{"unknown func", "the kernel does not offer this helper, or not to this program type (see "
				 "`bpftool feature probe`)."},
		{"program of this type cannot use helper", "this program type may not call this helper; use "
							   "another program type or helper."},
		{"should have been in", "this program type accepts only the return values in the brackets "
					"(cgroup/recvmsg*, getpeername*, getsockname* must return 1; other "
					"cgroup hooks 1 = allow, 0 = refuse): return one of them on every path, "
					"including the value a Go panic path returns (--panic-return, "
					"add_tinybpf_program(PANIC_RETURN))."},
		{"tracing progs cannot use bpf_timer", "kprobe, tracepoint, perf_event and raw_tracepoint "
						       "programs may not use a map value holding a bpf_timer; arm "
						       "timers from another program type (xdp, tc, syscall)."},
	};
	for (size_t h = 0; h < sizeof hints / sizeof *hints; h++) {
		if (d->error && strstr(d->error, hints[h].pattern))
			return hints[h].hint;
	}
	/* The complaint may span two lines ("R1 offset is outside of the packet" follows). */
	for (size_t i = ll->n > 6 ? ll->n - 6 : 0; i < ll->n; i++)
		for (size_t h = 0; h < sizeof hints / sizeof *hints; h++)
			if (strstr(ll->line[i], hints[h].pattern))
				return hints[h].hint;
	return NULL;
}

/* Line `line` of `path` (or of DIR/basename(path) for --source-dir DIR when path is not
 * there: the object names the files where TinyGo saw them), without its newline, or NULL. */
static char *source_line(const struct options *o, const char *path, unsigned line)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f && path && o->source_dir) {
		const char *base = strrchr(path, '/');
		char alt[4096];
		snprintf(alt, sizeof alt, "%s/%s", o->source_dir, base ? base + 1 : path);
		f = fopen(alt, "r");
	}
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	for (unsigned i = 1; (n = getline(&buf, &cap, f)) >= 0; i++)
		if (i == line)
			break;
	fclose(f);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/* --- loading ----------------------------------------------------------------------- */

struct program {
	char *name, *section;
	size_t insns;
	bool shares_section;
	bool typed_by_hand; /* a section this libbpf is too old for (see type_newer_section) */
};

/* A section only newer libbpf releases name (tcx/ingress, netfilter, ...) leaves the program
 * without a type in an older libbpf, which then refuses to load it. Give it the program and
 * attach type (and sleepable flag) those releases give, from tbpf-core's section table, so
 * the kernel's verifier still gets to see it. True when it did. */
static bool type_newer_section(struct bpf_program *p)
{
	int type, attach;
	if (bpf_program__type(p) != BPF_PROG_TYPE_UNSPEC ||
	    !tbpf_section_newer_types(bpf_program__section_name(p), &type, &attach))
		return false;
	bpf_program__set_type(p, (enum bpf_prog_type)type);
	bpf_program__set_expected_attach_type(p, (enum bpf_attach_type)attach);
	bpf_program__set_flags(p, bpf_program__flags(p) | tbpf_section_prog_flags(bpf_program__section_name(p)));
	return true;
}

static struct bpf_object *open_object(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	long err = libbpf_get_error(obj);
	if (err) {
		errno = (int)-err;
		return NULL;
	}
	return obj;
}

/* Loads only `name` from a fresh bpf_object; the verifier log goes to log. */
static int load_one(const char *path, const char *name, int level, char *log, size_t size)
{
	struct bpf_object *obj = open_object(path);
	if (!obj)
		return -errno;
	struct bpf_program *p;
	struct bpf_map *m;
	bpf_object__for_each_program(p, obj)
	{
		bpf_program__set_autoload(p, strcmp(bpf_program__name(p), name) == 0);
		type_newer_section(p);
	}
	bpf_object__for_each_map(m, obj) bpf_map__set_pin_path(m, NULL); /* no pins from a check */
	p = bpf_object__find_program_by_name(obj, name);
	log[0] = 0;
	bpf_program__set_log_buf(p, log, size);
	bpf_program__set_log_level(p, level);
	libbpf_len = 0;
	libbpf_msgs[0] = 0;
	int err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

enum outcome { OK, REJECTED, UNPRIVILEGED };

static enum outcome verify_program(const struct options *o, const struct object_lines *ol, const struct program *prog)
{
	if (prog->typed_by_hand)
		fprintf(stderr, "%s: %s (%s): note: libbpf %u.%u does not know this section; loading it with the "
				"program and attach type newer libbpf releases give it\n",
			o->object, prog->name, prog->section, libbpf_major_version(), libbpf_minor_version());
	size_t size = 4u << 20;
	char *log = malloc(size);
	int level = 1, err;
	for (;;) {
		err = load_one(o->object, prog->name, level, log, size);
		if (err == -ENOSPC && size < (256u << 20)) { /* kernels before 6.4 keep the head */
			free(log);
			log = malloc(size *= 8);
			continue;
		}
		if (err && !log[0] && level == 1) {
			level = 2;
			continue;
		}
		break;
	}
	struct log_lines ll;
	split_lines(log, &ll);
	if (!err) {
		const char *stats = "";
		for (size_t i = ll.n; i-- > 0;)
			if (!strncmp(ll.line[i], "processed ", 10)) {
				stats = ll.line[i];
				break;
			}
		int len = (int)strcspn(stats, "(");
		while (len > 0 && stats[len - 1] == ' ')
			len--;
		printf("%s: %s (%s): ok%s%.*s\n", o->object, prog->name, prog->section, *stats ? ": " : "", len,
		       stats);
		free(ll.line);
		free(log);
		return OK;
	}
	if (!log[0]) {
		if (err == -EPERM && o->skip_unprivileged) {
			fprintf(stderr, "%s: %s (%s): note: not verified: loading BPF programs is not permitted "
					"here (%s); run as root (or with CAP_BPF) on a kernel that allows this "
					"program type to check\n",
				o->object, prog->name, prog->section, strerror(EPERM));
			free(ll.line);
			free(log);
			return UNPRIVILEGED;
		}
		fprintf(stderr, "%s: %s (%s): error: cannot load: %s (no verifier log; libbpf says:)\n%s", o->object,
			prog->name, prog->section, strerror(-err), libbpf_msgs);
		if (err == -EPERM && geteuid() != 0)
			fprintf(stderr, "%s: note: loading BPF programs needs root (or CAP_BPF + CAP_PERFMON)\n", o->object);
		else if (err == -EPERM)
			fprintf(stderr, "%s: note: the kernel refuses this program even to root (kernel lockdown, "
					"or a program type or attach target this kernel does not allow)\n",
				o->object);
		free(ll.line);
		free(log);
		return REJECTED;
	}

	struct diagnosis d;
	diagnose(&ll, &d);
	struct line_info li = {0};
	bool have_li = d.insn >= 0 && !prog->shares_section && (size_t)d.insn < prog->insns &&
		       find_line(ol, prog->section, (unsigned)d.insn, &li);
	/* A failing instruction in an appended subprogram: only the log's annotation knows. */
	if (have_li && d.log_file && li.line != d.log_line)
		have_li = false;
	const char *error = d.error ? d.error : "rejected (see the log)";
	char where[4096];
	if (have_li && li.col)
		snprintf(where, sizeof where, "%s:%u:%u", li.file, li.line, li.col);
	else if (have_li)
		snprintf(where, sizeof where, "%s:%u", li.file, li.line);
	else if (d.log_file)
		snprintf(where, sizeof where, "%s:%u", d.log_file, d.log_line);
	else
		snprintf(where, sizeof where, "%s", o->object);
	fprintf(stderr, "%s: program %s (%s): rejected by the kernel verifier\n", o->object, prog->name,
		prog->section);
	fprintf(stderr, "%s: error: %s\n", where, error);
	unsigned line = have_li ? li.line : d.log_line;
	char *src = source_line(o, have_li ? li.file : d.log_file, line);
	if (src && *src)
		fprintf(stderr, "%6u | %s\n", line, src);
	else if (have_li && li.text && *li.text)
		fprintf(stderr, "%6u | %s\n", line, li.text);
	else if (d.log_text && d.log_text_len)
		fprintf(stderr, "%6u | %.*s\n", line, (int)d.log_text_len, d.log_text);
	free(src);
	if (d.insn >= 0)
		fprintf(stderr, "  (instruction %d of %s%s)\n", d.insn, prog->name,
			(size_t)d.insn >= prog->insns ? ", in a function it calls" : "");
	const char *hint = hint_for(&ll, &d);
	if (hint)
		fprintf(stderr, "hint: %s\n", hint);
	if (!have_li && !d.log_file)
		fprintf(stderr, "note: no Go line: the object has no line info (.BTF.ext); build with debug info\n");
	size_t show = o->verbose ? ll.n : (size_t)o->log_lines;
	size_t first = ll.n > show ? ll.n - show : 0;
	fprintf(stderr, "verifier log (%s%zu lines%s):\n", first ? "last " : "", ll.n - first,
		o->verbose ? "" : "; -v for all");
	for (size_t i = first; i < ll.n; i++)
		fprintf(stderr, "  | %s\n", ll.line[i]);
	free(ll.line);
	free(log);
	return REJECTED;
}

static bool selected(const struct options *o, const char *name, const char *section)
{
	bool by_filter = o->nfilters == 0, by_name = o->nnames == 0;
	for (size_t i = 0; i < o->nfilters; i++)
		if (fnmatch(o->filters[i], section, 0) == 0)
			by_filter = true;
	for (size_t i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i], name) == 0)
			by_name = true;
	return by_filter && by_name;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: tbpf-verify OBJ [--section-filter GLOB]... [--program NAME]... [--log-lines N] [-v]\n"
		"                   [--source-dir DIR] [--skip-if-unprivileged]\n"
		"Loads each program of the BPF object OBJ into the kernel (one at a time, maps created,\n"
		"nothing pinned or attached) and explains verifier rejections at the Go source line.\n"
		"  --section-filter GLOB   only programs whose ELF section matches (fnmatch), e.g. 'xdp*'\n"
		"  --program NAME          only this program (repeatable)\n"
		"  --log-lines N           verifier log lines shown for a rejection (default 20)\n"
		"  --source-dir DIR        look for Go files in DIR when the paths in the object's line\n"
		"                          info do not exist here (shows the failing source line)\n"
		"  -v                      the whole verifier log, and libbpf's messages\n"
		"  --skip-if-unprivileged  a program the kernel refuses to load at all (EPERM, no log)\n"
		"                          gets a note instead of failing\n"
		"Exit status: 0 all load, 1 a program is rejected or cannot be loaded, 2 usage/open error.\n");
}

int main(int argc, char **argv)
{
	struct options o = {.log_lines = 20};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = i + 1 < argc;
		if ((!strcmp(a, "--section-filter") || !strcmp(a, "--program") || !strcmp(a, "--log-lines") ||
		     !strcmp(a, "--source-dir")) &&
		    !has_value) {
			fprintf(stderr, "tbpf-verify: error: %s needs a value\n", a);
			return 2;
		}
		if (!strcmp(a, "--section-filter") && o.nfilters < MAX_FILTERS)
			o.filters[o.nfilters++] = argv[++i];
		else if (!strcmp(a, "--program") && o.nnames < MAX_FILTERS)
			o.names[o.nnames++] = argv[++i];
		else if (!strcmp(a, "--source-dir"))
			o.source_dir = argv[++i];
		else if (!strcmp(a, "--log-lines"))
			o.log_lines = atoi(argv[++i]);
		else if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
			o.verbose = true;
		else if (!strcmp(a, "--skip-if-unprivileged"))
			o.skip_unprivileged = true;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tbpf-verify: error: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else if (!o.object)
			o.object = a;
		else {
			fprintf(stderr, "tbpf-verify: error: one object at a time (got %s and %s)\n", o.object, a);
			return 2;
		}
	}
	if (!o.object) {
		usage(stderr);
		return 2;
	}
	if (o.log_lines < 1)
		o.log_lines = 1;
	libbpf_echo = o.verbose;
	libbpf_set_print(libbpf_print);

	struct bpf_object *obj = open_object(o.object);
	if (!obj) {
		fprintf(stderr, "%s: error: libbpf cannot open the object (%s)%s\n%s", o.object, strerror(errno),
			libbpf_len ? "; libbpf says:" : "", libbpf_msgs);
		return 2;
	}
	struct program progs[MAX_PROGRAMS];
	size_t n = 0, nsel = 0;
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
	{
		if (n == MAX_PROGRAMS)
			break;
		progs[n].name = strdup(bpf_program__name(p));
		progs[n].section = strdup(bpf_program__section_name(p));
		progs[n].insns = bpf_program__insn_cnt(p);
		progs[n].shares_section = false;
		progs[n].typed_by_hand = type_newer_section(p);
		for (size_t j = 0; j < n; j++)
			if (!strcmp(progs[j].section, progs[n].section))
				progs[j].shares_section = progs[n].shares_section = true;
		n++;
	}
	bpf_object__close(obj);

	struct object_lines ol = {0};
	ol.btf = btf__parse_elf(o.object, NULL);
	if (libbpf_get_error(ol.btf))
		ol.btf = NULL;
	else
		read_btf_ext(o.object, &ol);

	int status = 0;
	for (size_t i = 0; i < n; i++) {
		if (!selected(&o, progs[i].name, progs[i].section))
			continue;
		nsel++;
		enum outcome r = verify_program(&o, &ol, &progs[i]);
		if (r == REJECTED)
			status = 1;
	}
	if (!nsel) {
		fprintf(stderr, "%s: error: no program%s\n", o.object, o.nfilters || o.nnames ? " matches the filters" : "s in the object");
		status = 1;
	}
	for (size_t i = 0; i < n; i++) {
		free(progs[i].name);
		free(progs[i].section);
	}
	free(ol.ext);
	btf__free(ol.btf);
	return status;
}
