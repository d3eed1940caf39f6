/* tbpf-doctor (tbpf-core doctor): checks what a TinyBPF build and a load need, one line per
 * check, with what to do when it fails. The "what to do" texts are the ones
 * cmake/TinyBPF.cmake stops with at configure time. See README.md next to this file. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TBPF_LLVM_MAJOR
#define TBPF_LLVM_MAJOR 19
#endif
#ifndef TBPF_LLVM_BINDIR
#define TBPF_LLVM_BINDIR "/usr/lib/llvm-19/bin"
#endif
#define DEFAULT_BTF "/sys/kernel/btf/vmlinux"
#define STR2(x) #x
#define STR(x) STR2(x)
#define M STR(TBPF_LLVM_MAJOR)

static const char usage[] =
	"usage: tbpf-doctor [--ir-only] [--build-only] [--tinygo PATH] [--llc PATH] [--llvm-link PATH]\n"
	"                   [--clang PATH] [--bpftool PATH] [--pkg-config PATH] [--libbpf-include DIR] [--btf FILE]\n"
	"                   [--mounts FILE] [--llvm-bindir DIR]\n"
	"\n"
	"Checks the tools a TinyBPF build needs and what loading a program needs, one line per\n"
	"check: `ok   ...`, `warn ...` or `FAIL ... -> what to do`. Exit status 0 when a build and a\n"
	"load would work, 1 otherwise.\n"
	"\n"
	"  --ir-only        programs are built from TinyGo IR (.ll/.bc): TinyGo missing is a warning\n"
	"  --build-only     skip the load checks (bpffs, tracefs, privileges)\n"
	"  --tinygo PATH    TinyGo (default: $TINYGO, else tinygo on PATH)\n"
	"  --llc PATH       llc (default: $TBPF_LLC, else llc-" M " or llc on PATH, else in the LLVM\n"
	"                   directory)\n"
	"  --llvm-link PATH llvm-link (default: $TBPF_LLVM_LINK, else like llc)\n"
	"  --clang PATH     clang, for BPF C modules (default: $TBPF_CLANG, else like llc)\n"
	"  --llvm-bindir DIR  that LLVM directory (default: $TBPF_LLVM_BINDIR, else " TBPF_LLVM_BINDIR ")\n"
	"  --bpftool PATH   bpftool (default: $TBPF_BPFTOOL, else PATH, /usr/sbin, /usr/local/sbin, /sbin)\n"
	"  --pkg-config PATH  pkg-config (default: $PKG_CONFIG, else pkg-config on PATH)\n"
	"  --libbpf-include DIR  where bpf/libbpf.h is (default: pkg-config's includedir of libbpf)\n"
	"  --btf FILE       kernel BTF (default: $TBPF_KERNEL_BTF, else " DEFAULT_BTF ")\n"
	"  --mounts FILE    mount table (default /proc/mounts)\n";

static int failures, warnings;

/* One line: "ok   what: detail" / "warn what: detail -> fix" / "FAIL what: detail -> fix". */
static void report(const char *status, const char *what, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void report(const char *status, const char *what, const char *fix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%-4s %s: ", status, what);
	vprintf(fmt, ap);
	if (fix && fix[0])
		printf(" -> %s", fix);
	putchar('\n');
	va_end(ap);
	if (!strcmp(status, "FAIL"))
		failures++;
	else if (!strcmp(status, "warn"))
		warnings++;
	fflush(stdout);
}

/* Every string lives until exit in this pool (freed by an atexit handler), so no exit path
 * leaks and no caller has to free: drop() marks where a value is no longer needed. */
static void **pool;
static size_t npool, cappool;

static void *keep(void *p)
{
	if (!p) {
		fputs("tbpf-doctor: out of memory\n", stderr);
		exit(70);
	}
	if (npool == cappool) {
		cappool = cappool ? 2 * cappool : 64;
		void **n = realloc(pool, cappool * sizeof *n);
		if (!n) {
			fputs("tbpf-doctor: out of memory\n", stderr);
			exit(70);
		}
		pool = n;
	}
	pool[npool++] = p;
	return p;
}

static void free_pool(void)
{
	for (size_t i = 0; i < npool; i++)
		free(pool[i]);
	free(pool);
	pool = NULL;
	npool = cappool = 0;
}

static void drop(void *p)
{
	(void)p;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0 || !keep(s)) {
		fputs("tbpf-doctor: out of memory\n", stderr);
		exit(70);
	}
	va_end(ap);
	return s;
}

/* ------------------------------------------------------------------------------------- */
/* Finding and running tools                                                            */

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static char *search_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		return NULL;
	char *copy = keep(strdup(path)), *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *p = xprintf("%s/%s", dir[0] ? dir : ".", name);
		if (executable(p)) {
			drop(copy);
			return p;
		}
		drop(p);
	}
	drop(copy);
	return NULL;
}

struct found {
	char *path;    /* NULL: not found */
	char *where;   /* where it was looked for, for messages */
	bool explicit; /* given by option or environment */
};

/* The tool given by `option` (or the environment variable `env`), else the first of `names`
 * on PATH, else in `dirs`. */
static struct found find_tool(const char *option, const char *option_name, const char *env, const char *const *names,
			      const char *const *dirs)
{
	struct found f = {0};
	const char *given = option;
	const char *how = option_name;
	if (!given && env && getenv(env) && getenv(env)[0]) {
		given = getenv(env);
		how = env;
	}
	if (given) {
		f.explicit = true;
		f.where = xprintf("%s=%s", how, given);
		if (strchr(given, '/')) {
			if (executable(given))
				f.path = keep(strdup(given));
		} else {
			f.path = search_path(given);
		}
		return f;
	}
	for (size_t i = 0; names[i] && !f.path; i++)
		f.path = search_path(names[i]);
	for (size_t d = 0; dirs && dirs[d] && !f.path; d++)
		for (size_t i = 0; names[i] && !f.path; i++) {
			char *p = xprintf("%s/%s", dirs[d], names[i]);
			if (executable(p))
				f.path = p;
			else
				drop(p);
		}
	char names_text[256] = "";
	for (size_t i = 0; names[i]; i++)
		snprintf(names_text + strlen(names_text), sizeof names_text - strlen(names_text), "%s%s", i ? ", " : "",
			 names[i]);
	char dirs_text[512] = "";
	for (size_t d = 0; dirs && dirs[d]; d++)
		snprintf(dirs_text + strlen(dirs_text), sizeof dirs_text - strlen(dirs_text), ", %s", dirs[d]);
	f.where = xprintf("%s on PATH%s", names_text, dirs_text);
	return f;
}

/* Runs argv with stdout and stderr captured (at most 64 KiB), 20 s at most. Returns the exit
 * status (-1: could not run, 128+N: killed by signal N). */
static int run(char *const argv[], char **out)
{
	int fd[2];
	char *buf = keep(calloc(1, 65536 + 1));
	*out = buf;
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		alarm(20);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0;
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd[0], chunk, sizeof chunk)) > 0) {
		size_t take = (size_t)n < 65536 - len ? (size_t)n : 65536 - len;
		memcpy(buf + len, chunk, take);
		len += take;
	}
	buf[len] = 0;
	close(fd[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static char *first_line(const char *s)
{
	while (*s == '\n' || *s == ' ')
		s++;
	size_t n = strcspn(s, "\n");
	char *l = keep(strndup(s, n));
	return l;
}

/* "LLVM version 19.1.7" -> 19 and "19.1.7"; 0 if absent. */
static int llvm_version(const char *text, char *full, size_t fullsz)
{
	const char *p = strstr(text, "LLVM version ");
	if (!p)
		return 0;
	p += strlen("LLVM version ");
	size_t n = strspn(p, "0123456789.");
	snprintf(full, fullsz, "%.*s", (int)n, p);
	return atoi(p);
}

/* ------------------------------------------------------------------------------------- */
/* Checks                                                                                */

struct opts {
	bool ir_only, build_only;
	const char *tinygo, *llc, *llvm_link, *clang, *bpftool, *pkg_config, *libbpf_include, *btf, *mounts,
		*llvm_bindir;
};

static const char tinygo_install[] =
	"install TinyGo (https://tinygo.org/getting-started/install/linux/ ; it needs Go 1.19-1.25 on PATH); "
	"if it is not on PATH: --tinygo PATH or TINYGO=PATH (CMake: -DTINYGO_EXECUTABLE=/path/to/tinygo)";
static const char tinygo_or_ir[] =
	"; or build from TinyGo's IR instead of Go (--ir-only): prog.ll made by `tinygo build -gc=none "
	"-scheduler=none -panic=trap -opt=1 -o prog.ll .` in the package directory";

/* Returns TinyGo's LLVM major version, 0 if unknown. */
static int check_tinygo(const struct opts *o)
{
	static const char *const names[] = {"tinygo", NULL};
	const char *status_missing = o->ir_only ? "warn" : "FAIL";
	struct found f = find_tool(o->tinygo, "--tinygo", "TINYGO", names, NULL);
	if (!f.path) {
		char *fix = o->ir_only ? xprintf("for Go sources %s", tinygo_install)
				       : xprintf("%s%s", tinygo_install, tinygo_or_ir);
		report(status_missing, "tinygo", fix, "not found (%s)%s", f.where,
		       o->ir_only ? "; IR inputs (.ll/.bc) build without it" : "; Go sources cannot be compiled");
		drop(fix);
		return 0;
	}
	char *out;
	char *argv[] = {f.path, "version", NULL};
	int rc = run(argv, &out);
	int major = 0;
	char full[64] = "", go[64] = "", ver[64] = "";
	const char *p = strstr(out, "tinygo version ");
	if (p)
		sscanf(p, "tinygo version %63s", ver);
	p = strstr(out, "using go version ");
	if (p)
		sscanf(p, "using go version %63[^ )]", go);
	if (!strncmp(go, "go", 2))
		memmove(go, go + 2, strlen(go + 2) + 1);
	major = llvm_version(out, full, sizeof full);
	if (rc != 0 || !ver[0]) {
		char *l = first_line(out);
		report(status_missing, "tinygo", "TinyGo needs a supported `go` on PATH (Go 1.19-1.25); check "
						 "`tinygo version` by hand, or use --ir-only and build from TinyGo's IR",
		       "%s: `tinygo version` failed (exit %d): %s", f.path, rc, l);
		drop(l);
		drop(out);
		return 0;
	}
	if (major > TBPF_LLVM_MAJOR) {
		char *fix = xprintf("build TinyBPF against LLVM %d or newer (-DTINYBPF_LLVM_VERSION=%d), or use a TinyGo "
				    "built with LLVM " M " or older",
				    major, major);
		report(status_missing, "tinygo", fix,
		       "%s: TinyGo %s (LLVM %s): its IR is LLVM %d, newer than the LLVM " M
		       " tbpf-core and llc were built with (TinyGo 0.40 release binaries use LLVM 20)",
		       f.path, ver, full, major);
		drop(fix);
	} else if (!major) {
		report("warn", "tinygo", "check that its IR is LLVM " M " or older",
		       "%s: TinyGo %s: `tinygo version` does not name its LLVM", f.path, ver);
	} else {
		report("ok", "tinygo", NULL, "%s: TinyGo %s, Go %s, LLVM %s (tbpf-core reads LLVM " M " IR and older)",
		       f.path, ver, go[0] ? go : "?", full);
	}
	drop(out);
	return major;
}

static void check_llvm_tool(const struct opts *o, const char *tool, const char *option, const char *optval,
			    const char *env, const char *cmake_var, int tinygo_major)
{
	char *n1 = xprintf("%s-" M, tool);
	const char *names[] = {n1, tool, NULL};
	const char *bindir = o->llvm_bindir ? o->llvm_bindir
			     : getenv("TBPF_LLVM_BINDIR") ? getenv("TBPF_LLVM_BINDIR")
							   : TBPF_LLVM_BINDIR;
	const char *dirs[] = {bindir, NULL};
	struct found f = find_tool(optval, option, env, names, dirs);
	char *point = xprintf("%s /path/to/%s-" M " or %s=... (CMake: -D%s=/path/to/%s-" M ")", option, tool, env,
			      cmake_var, tool);
	if (!f.path) {
		char *fix = xprintf("install LLVM " M " (Debian/Ubuntu: apt install llvm-" M ") or pass %s", point);
		report("FAIL", tool, fix,
		       "not found (%s). tbpf-core writes LLVM " M " bitcode, which needs %s of the same LLVM major "
		       "version",
		       f.where, tool);
		drop(fix);
		goto out;
	}
	char *out;
	char *argv[] = {f.path, "--version", NULL};
	int rc = run(argv, &out);
	char full[64] = "";
	int major = llvm_version(out, full, sizeof full);
	bool bpf = strstr(out, "\n    bpf ") != NULL;
	if (rc != 0 || !major) {
		char *l = first_line(out);
		char *fix = xprintf("pass %s", point);
		report("FAIL", tool, fix, "%s: `%s --version` failed or names no LLVM version (exit %d): %s", f.path,
		       tool, rc, l);
		drop(fix);
		drop(l);
	} else if (major != TBPF_LLVM_MAJOR) {
		char *fix = xprintf("pass %s (Debian/Ubuntu: apt install llvm-" M ")", point);
		report("FAIL", tool, fix,
		       "%s is LLVM %s, but tbpf-core was built with LLVM " M " and its bitcode needs %s of that "
		       "version%s",
		       f.path, full, tool,
		       tinygo_major && major < tinygo_major ? xprintf(" (and it is older than TinyGo's LLVM %d, "
								      "whose IR it could not read)",
								      tinygo_major)
							   : "");
		drop(fix);
	} else if (!strcmp(tool, "llc") && !bpf) {
		char *fix = xprintf("install an LLVM " M " built with the BPF target (Debian/Ubuntu: apt install "
				    "llvm-" M ") or pass %s",
				    point);
		report("FAIL", tool, fix, "%s: LLVM %s without the BPF target (`llc --version` lists no bpf)", f.path,
		       full);
		drop(fix);
	} else if (tinygo_major && major < tinygo_major) {
		char *fix = xprintf("build TinyBPF against LLVM %d (-DTINYBPF_LLVM_VERSION=%d) and use its %s, or use a "
				    "TinyGo built with LLVM " M " or older",
				    tinygo_major, tinygo_major, tool);
		report("FAIL", tool, fix, "%s: LLVM %s is older than TinyGo's LLVM %d, whose IR it cannot read", f.path,
		       full, tinygo_major);
		drop(fix);
	} else {
		report("ok", tool, NULL, "%s: LLVM %s%s", f.path, full,
		       !strcmp(tool, "llc") ? ", BPF target" : "");
	}
	drop(out);
out:
	drop(point);
	drop(n1);
}

/* clang of tbpf-core's LLVM compiles BPF C modules (.c in add_tinybpf_program's SOURCES);
 * programs of Go alone do not need it, so its absence is a warning. */
static void check_clang(const struct opts *o)
{
	const char *names[] = {"clang-" M, "clang", NULL};
	const char *bindir = o->llvm_bindir ? o->llvm_bindir
			     : getenv("TBPF_LLVM_BINDIR") ? getenv("TBPF_LLVM_BINDIR")
							   : TBPF_LLVM_BINDIR;
	const char *dirs[] = {bindir, NULL};
	struct found f = find_tool(o->clang, "--clang", "TBPF_CLANG", names, dirs);
	static const char fix[] = "install clang " M " (Debian/Ubuntu: apt install clang-" M ") or pass --clang "
				  "/path/to/clang-" M " (CMake: -DTINYBPF_CLANG=/path/to/clang-" M ")";
	if (!f.path) {
		report("warn", "clang", fix,
		       "not found (%s); only programs with BPF C modules (.c in SOURCES) need it", f.where);
		return;
	}
	char *out;
	char *argv[] = {f.path, "--version", NULL};
	int rc = run(argv, &out);
	const char *v = strstr(out, "clang version ");
	int major = v ? atoi(v + strlen("clang version ")) : 0;
	if (rc != 0 || !major)
		report("warn", "clang", fix, "%s: `clang --version` failed or names no version (exit %d)", f.path, rc);
	else if (major != TBPF_LLVM_MAJOR)
		report("warn", "clang", fix,
		       "%s is clang %d, but BPF C modules must be bitcode of tbpf-core's LLVM " M
		       "; only programs with C modules need it",
		       f.path, major);
	else
		report("ok", "clang", NULL, "%s: clang %d (for BPF C modules)", f.path, major);
	drop(out);
}

static void check_bpftool(const struct opts *o)
{
	static const char *const names[] = {"bpftool", NULL};
	static const char *const dirs[] = {"/usr/sbin", "/usr/local/sbin", "/sbin", NULL};
	static const char install[] =
		"install it (Debian: apt install bpftool; Ubuntu: apt install linux-tools-common "
		"linux-tools-$(uname -r); Fedora: dnf install bpftool) or pass --bpftool /path/to/bpftool or "
		"TBPF_BPFTOOL=... (CMake: -DTINYBPF_BPFTOOL=/path/to/bpftool)";
	struct found f = find_tool(o->bpftool, "--bpftool", "TBPF_BPFTOOL", names, dirs);
	if (!f.path) {
		report("FAIL", "bpftool", install, "not found (%s); it links the objects and writes the skeletons",
		       f.where);
		return;
	}
	char *help, *ver;
	char *argv[] = {f.path, "gen", "help", NULL};
	run(argv, &help);
	char *argv2[] = {f.path, "version", NULL};
	run(argv2, &ver);
	char *v = first_line(ver); /* "/usr/sbin/bpftool v7.1.0" */
	char *word = strrchr(v, ' ');
	if (word)
		memmove(v, word + 1, strlen(word + 1) + 1);
	const char *using = strstr(ver, "using libbpf ");
	if (using && v[0]) {
		char *lib = first_line(using + strlen("using "));
		char *both = xprintf("%s (%s)", v, lib);
		drop(lib);
		drop(v);
		v = both;
	}
	if (!strstr(help, "gen skeleton") || !strstr(help, "gen object")) {
		char *l = first_line(help);
		report("FAIL", "bpftool",
		       "install a newer bpftool (5.13 or newer) or pass --bpftool /path/to/bpftool or TBPF_BPFTOOL=... "
		       "(CMake: -DTINYBPF_BPFTOOL=/path/to/bpftool)",
		       "%s (%s) does not support `gen object` and `gen skeleton` (`bpftool gen help` says: %s)", f.path,
		       v[0] ? v : "version unknown", l);
		drop(l);
	} else {
		report("ok", "bpftool", NULL, "%s: %s, gen object and gen skeleton", f.path, v[0] ? v : "version unknown");
	}
	drop(v);
	drop(help);
	drop(ver);
}

static int header_define(const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	int v = -1;
	size_t n = strlen(name);
	while (fgets(line, sizeof line, f)) {
		const char *p = line;
		if (strncmp(p, "#define ", 8) != 0)
			continue;
		p += 8;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, name, n) == 0 && (p[n] == ' ' || p[n] == '\t'))
			v = atoi(p + n);
	}
	fclose(f);
	return v;
}

static void check_libbpf(const struct opts *o)
{
	static const char *const names[] = {"pkg-config", NULL};
	static const char install[] = "install it (Debian/Ubuntu: apt install pkg-config libbpf-dev; Fedora: dnf "
				      "install libbpf-devel) or add its lib/pkgconfig directory to PKG_CONFIG_PATH";
	struct found pc = find_tool(o->pkg_config, "--pkg-config", "PKG_CONFIG", names, NULL);
	char modversion[64] = "", includedir[512] = "";
	bool pc_ok = false;
	char *pc_err = NULL;
	if (!pc.path) {
		pc_err = xprintf("pkg-config not found (%s); it locates libbpf for the skeletons", pc.where);
	} else {
		char *out;
		char *argv[] = {pc.path, "--modversion", "libbpf", NULL};
		int rc = run(argv, &out);
		char *l = first_line(out);
		if (rc == 0 && l[0]) {
			pc_ok = true;
			snprintf(modversion, sizeof modversion, "%s", l);
		} else {
			pc_err = xprintf("libbpf not found by pkg-config (module libbpf): %s", l[0] ? l : "no output");
		}
		drop(l);
		drop(out);
		if (pc_ok) {
			char *argv2[] = {pc.path, "--variable=includedir", "libbpf", NULL};
			rc = run(argv2, &out);
			l = first_line(out);
			if (rc == 0 && l[0])
				snprintf(includedir, sizeof includedir, "%s", l);
			drop(l);
			drop(out);
		}
	}
	const char *inc = o->libbpf_include ? o->libbpf_include : includedir[0] ? includedir : "/usr/include";
	char *header = xprintf("%s/bpf/libbpf.h", inc);
	char *vheader = xprintf("%s/bpf/libbpf_version.h", inc);
	bool have_header = access(header, R_OK) == 0;
	int major = header_define(vheader, "LIBBPF_MAJOR_VERSION");
	int minor = header_define(vheader, "LIBBPF_MINOR_VERSION");
	if (!have_header) {
		report("FAIL", "libbpf", install, "no %s (the skeletons include <bpf/libbpf.h>)%s%s", header,
		       pc_err ? "; " : "", pc_err ? pc_err : "");
	} else if (!pc_ok) {
		report("FAIL", "libbpf", install, "headers in %s/bpf, but %s", inc, pc_err);
	} else {
		char hv[32] = "version unknown";
		if (major >= 0 && minor >= 0)
			snprintf(hv, sizeof hv, "%d.%d", major, minor);
		char want[32];
		snprintf(want, sizeof want, "%d.%d.", major, minor);
		char want2[32];
		snprintf(want2, sizeof want2, "%d.%d", major, minor);
		if (major >= 0 && strncmp(modversion, want, strlen(want)) != 0 && strcmp(modversion, want2) != 0)
			report("warn", "libbpf", "install matching libbpf headers and library (one libbpf-dev)",
			       "headers %s/bpf say %s, pkg-config libbpf says %s", inc, hv, modversion);
		else
			report("ok", "libbpf", NULL, "headers %s/bpf (libbpf %s), pkg-config libbpf %s", inc, hv, modversion);
	}
	drop(header);
	drop(vheader);
	drop(pc_err);
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static void check_btf(const struct opts *o)
{
	const char *path = o->btf ? o->btf : getenv("TBPF_KERNEL_BTF") ? getenv("TBPF_KERNEL_BTF") : DEFAULT_BTF;
	static const char fix[] =
		"use a kernel built with CONFIG_DEBUG_INFO_BTF=y (it publishes its types at " DEFAULT_BTF
		"), or give tbpf-core gen-types a BTF file with --btf FILE (CMake: tinybpf_kernel_types(... BTF "
		"FILE)): the kernel's vmlinux (an ELF file with a .BTF section) or raw BTF (for example from "
		"btfhub, or `pahole --btf_encode_detached`); without kernel BTF libbpf cannot apply CO-RE "
		"relocations";
	struct stat st;
	if (stat(path, &st) != 0) {
		report("FAIL", "kernel BTF", fix, "no %s (%s)", path, strerror(errno));
		return;
	}
	libbpf_set_print(silent_print);
	errno = 0;
	struct btf *btf = btf__parse(path, NULL);
	if (!btf) {
		report("FAIL", "kernel BTF", fix, "%s is neither raw BTF nor an ELF file with a .BTF section (%s)", path,
		       strerror(errno ? errno : EINVAL));
		return;
	}
	report("ok", "kernel BTF", NULL, "%s (%u types)", path, btf__type_cnt(btf) - 1);
	btf__free(btf);
}

static bool mounted(const char *table, const char *type, const char *const *points, char *at, size_t atsz)
{
	FILE *f = fopen(table, "r");
	if (!f)
		return false;
	char line[4096];
	bool hit = false;
	while (!hit && fgets(line, sizeof line, f)) {
		char dev[1024], point[1024], fstype[256];
		if (sscanf(line, "%1023s %1023s %255s", dev, point, fstype) != 3)
			continue;
		if (strcmp(fstype, type) != 0)
			continue;
		for (size_t i = 0; points[i]; i++)
			if (!strcmp(point, points[i])) {
				snprintf(at, atsz, "%s", point);
				hit = true;
			}
	}
	fclose(f);
	return hit;
}

static void check_mounts(const struct opts *o)
{
	const char *table = o->mounts ? o->mounts : "/proc/mounts";
	char at[1024];
	if (access(table, R_OK) != 0) {
		report("FAIL", "bpffs", "check that /proc is mounted (mount -t proc proc /proc)", "cannot read %s: %s",
		       table, strerror(errno));
		report("FAIL", "tracefs", "check that /proc is mounted", "cannot read %s", table);
		return;
	}
	static const char *const bpf_points[] = {"/sys/fs/bpf", NULL};
	if (mounted(table, "bpf", bpf_points, at, sizeof at))
		report("ok", "bpffs", NULL, "mounted at %s", at);
	else
		report("FAIL", "bpffs", "mount -t bpf bpf /sys/fs/bpf (as root; or add it to /etc/fstab)",
		       "no bpf file system at /sys/fs/bpf (%s); pinned maps and objects live there", table);
	static const char *const trace_points[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing", NULL};
	if (mounted(table, "tracefs", trace_points, at, sizeof at))
		report("ok", "tracefs", NULL, "mounted at %s", at);
	else
		report("FAIL", "tracefs", "mount -t tracefs tracefs /sys/kernel/tracing (as root)",
		       "no tracefs at /sys/kernel/tracing (%s); tracepoint and kprobe programs attach through it",
		       table);
}

static void check_privileges(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {{0}};
	bool have_caps = syscall(SYS_capget, &hdr, data) == 0;
#define HAS(cap) (have_caps && (data[(cap) / 32].effective & (1u << ((cap) % 32))))
	const int cap_sys_admin = 21, cap_perfmon = 38, cap_bpf = 39, cap_net_admin = 12;
	uid_t euid = geteuid();
	bool bpf = HAS(cap_bpf) || HAS(cap_sys_admin);
	bool perfmon = HAS(cap_perfmon) || HAS(cap_sys_admin);
	static const char fix[] = "run the loader as root (sudo), or give it CAP_BPF and CAP_PERFMON (and "
				  "CAP_NET_ADMIN for XDP and TC): setcap cap_bpf,cap_perfmon,cap_net_admin+ep LOADER";
	if (bpf && perfmon) {
		report("ok", "privileges", NULL, "%s (CAP_BPF, CAP_PERFMON%s effective)",
		       euid == 0 ? "root" : xprintf("uid %u", (unsigned)euid), HAS(cap_net_admin) ? ", CAP_NET_ADMIN" : "");
	} else {
		report("FAIL", "privileges", fix, "%s without %s%s%s: loading BPF programs needs them",
		       euid == 0 ? "root" : xprintf("uid %u", (unsigned)euid), bpf ? "" : "CAP_BPF",
		       !bpf && !perfmon ? " and " : "", perfmon ? "" : "CAP_PERFMON");
	}
#undef HAS
}

int main(int argc, char **argv)
{
	atexit(free_pool);
	struct opts o = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **value = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--ir-only")) {
			o.ir_only = true;
		} else if (!strcmp(a, "--build-only")) {
			o.build_only = true;
		} else if (!strcmp(a, "--tinygo")) {
			value = &o.tinygo;
		} else if (!strcmp(a, "--llc")) {
			value = &o.llc;
		} else if (!strcmp(a, "--llvm-link")) {
			value = &o.llvm_link;
		} else if (!strcmp(a, "--llvm-bindir")) {
			value = &o.llvm_bindir;
		} else if (!strcmp(a, "--clang")) {
			value = &o.clang;
		} else if (!strcmp(a, "--bpftool")) {
			value = &o.bpftool;
		} else if (!strcmp(a, "--pkg-config")) {
			value = &o.pkg_config;
		} else if (!strcmp(a, "--libbpf-include")) {
			value = &o.libbpf_include;
		} else if (!strcmp(a, "--btf")) {
			value = &o.btf;
		} else if (!strcmp(a, "--mounts")) {
			value = &o.mounts;
		} else {
			fprintf(stderr, "tbpf-doctor: error: unknown argument %s\n%s", a, usage);
			return 2;
		}
		if (value) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tbpf-doctor: error: %s needs a value\n%s", a, usage);
				return 2;
			}
			*value = argv[++i];
		}
	}

	/* Build: TinyGo (Go sources), llvm-link, llc, bpftool, libbpf; CO-RE types: kernel BTF. */
	int tinygo_major = check_tinygo(&o);
	check_llvm_tool(&o, "llvm-link", "--llvm-link", o.llvm_link, "TBPF_LLVM_LINK", "TINYBPF_LLVM_LINK", tinygo_major);
	check_llvm_tool(&o, "llc", "--llc", o.llc, "TBPF_LLC", "TINYBPF_LLC", tinygo_major);
	check_clang(&o);
	check_bpftool(&o);
	check_libbpf(&o);
	check_btf(&o);
	/* Load. */
	if (o.build_only) {
		report("skip", "bpffs", NULL, "--build-only");
		report("skip", "tracefs", NULL, "--build-only");
		report("skip", "privileges", NULL, "--build-only");
	} else {
		check_mounts(&o);
		check_privileges();
	}
	if (failures)
		printf("tbpf-doctor: %d check%s failed%s\n", failures, failures == 1 ? "" : "s",
		       o.build_only ? ": a build would not work" : ": a build or a load would not work");
	else
		printf("tbpf-doctor: all checks passed%s%s\n", warnings ? " (with warnings)" : "",
		       o.build_only ? ": a build would work" : ": a build and a load would work");
	return failures ? 1 : 0;
}
