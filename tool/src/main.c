/* tbpf-core: command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/ErrorHandling.h>
#include <llvm-c/Support.h>

#include "tbpf.h"
#include "transform.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: tbpf-core transform IN.ll|IN.bc -o OUT.bc --section FN=SEC [--section FN=SEC]...\n"
		"                 [--panic-return N | --panic-return FN=N] [--license STR] [--cpu v3]\n"
		"                 [--libbpf-version X.Y] [--linked-with-c] [--keep-type T]... [-O0] [-S]\n"
		"       tbpf-core check-linked LINKED.bc [--keep-type T]...\n"
		"       tbpf-core gen-go | verify | gen-types | doctor ...   (see each one's --help)\n"
		"       tbpf-core --version\n"
		"\n"
		"transform rewrites one module that TinyGo emitted for the host\n"
		"(tinygo build -gc=none -scheduler=none -panic=trap -opt=1 -o prog.ll .) into a BPF module\n"
		"for llvm-link and `llc -march=bpf -mcpu=v3 -filetype=obj`.\n"
		"check-linked checks llvm-link's output of a program's modules: each C function the Go\n"
		"code calls is defined by a C module, with the type Go calls it with, and each T was kept.\n"
		"  --section FN=SEC    FN (a Go function marked //export FN) is a program in ELF section SEC\n"
		"  --panic-return N    value a program returns when a Go panic (nil or bounds check) fires;\n"
		"                      default 0; FN=N sets it for one program\n"
		"  --license STR       license string (default GPL)\n"
		"  --cpu NAME          BPF CPU the optimiser targets (default v3, as llc -mcpu)\n"
		"  --libbpf-version X.Y  the libbpf that will load the object: sections it does not\n"
		"                      know yet (tcx/ingress before 1.3, ...) are errors\n"
		"  --linked-with-c     BPF C modules are linked with the output (add_tinybpf_program's C\n"
		"                      SOURCES): a struct_ops program's map may be defined there, and Go\n"
		"                      may call their functions (declared without a body, //export NAME)\n"
		"  --keep-type T       keep the Go type T (e.g. a ring buffer record) in the object's BTF,\n"
		"                      for tbpf-gen-go and `bpftool btf dump`; an error if the kept code\n"
		"                      has no such type (--keep-type-if-present T: not an error)\n"
		"  -O0                 skip optimisation\n"
		"  -S                  write textual IR instead of bitcode\n");
}

static int parse_number(const char *s, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 0);
	if (errno || !*s || *end)
		return -1;
	*out = v;
	return 0;
}

static struct tbpf_section *find_section(struct tbpf_options *o, const char *fn)
{
	for (size_t i = 0; i < o->nsections; i++)
		if (strcmp(o->sections[i].function, fn) == 0)
			return &o->sections[i];
	return NULL;
}

static int add_section(struct tbpf_options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		fprintf(stderr, "tbpf-core: error: --section wants FN=SEC (e.g. --section xdp_prog=xdp), got '%s'\n",
			arg);
		return -1;
	}
	struct tbpf_section *grown = tbpf_xmalloc((o->nsections + 1) * sizeof *grown);
	if (o->nsections)
		memcpy(grown, o->sections, o->nsections * sizeof *grown);
	free(o->sections);
	o->sections = grown;
	struct tbpf_section *s = &o->sections[o->nsections++];
	s->function = tbpf_xstrndup(arg, (size_t)(eq - arg));
	s->section = tbpf_xstrdup(eq + 1);
	return 0;
}

/* Per-program values apply after all --section options are known. */

static int apply_panic_return(struct tbpf_options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	long long v;
	if (!eq) {
		if (parse_number(arg, &v)) {
			fprintf(stderr, "tbpf-core: error: --panic-return wants a number or FN=N, got '%s'\n", arg);
			return -1;
		}
		o->panic_return = v;
		return 0;
	}
	char *fn = tbpf_xstrndup(arg, (size_t)(eq - arg));
	struct tbpf_section *s = find_section(o, fn);
	int rc = 0;
	if (!s) {
		fprintf(stderr, "tbpf-core: error: --panic-return %s: %s is not a program given with --section\n",
			arg, fn);
		rc = -1;
	} else if (parse_number(eq + 1, &v)) {
		fprintf(stderr, "tbpf-core: error: --panic-return %s: '%s' is not a number\n", arg, eq + 1);
		rc = -1;
	} else {
		s->panic_return = v;
		s->has_panic_return = true;
	}
	free(fn);
	return rc;
}

/* LLVM's report_fatal_error (e.g. "Broken module found" from the IR parser, which verifies
 * modules carrying debug info) would abort with a core dump; make it an ordinary error. */
static const char *fatal_input = "tbpf-core";

static void llvm_fatal_error(const char *reason)
{
	if (strstr(reason, "Broken module found"))
		fprintf(stderr, "%s: error: the input is not valid LLVM IR (the LLVM verifier's findings are above)\n",
			fatal_input);
	else
		fprintf(stderr, "%s: error: LLVM failed: %s\n", fatal_input, reason);
	exit(1);
}

static int need_value(int argc, char **argv, int i)
{
	if (i + 1 >= argc) {
		fprintf(stderr, "tbpf-core: error: %s needs a value\n", argv[i]);
		return -1;
	}
	return 0;
}

static int transform_main(int argc, char **argv)
{
	struct tbpf_options o = {.cpu = "v3", .optimize = true};
	const char **panics = tbpf_xmalloc((size_t)argc * sizeof *panics);
	size_t npanics = 0;
	o.keep_types = tbpf_xmalloc((size_t)argc * sizeof *o.keep_types);
	int rc = 2;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 || strcmp(a, "--section") == 0 || strcmp(a, "--panic-return") == 0 ||
		    strcmp(a, "--license") == 0 || strcmp(a, "--cpu") == 0 ||
		    strcmp(a, "--libbpf-version") == 0) {
			if (need_value(argc, argv, i))
				goto out;
			const char *v = argv[++i];
			if (strcmp(a, "-o") == 0)
				o.output = v;
			else if (strcmp(a, "--section") == 0) {
				if (add_section(&o, v))
					goto out;
			} else if (strcmp(a, "--panic-return") == 0)
				panics[npanics++] = v;
			else if (strcmp(a, "--license") == 0)
				o.license = v;
			else if (strcmp(a, "--libbpf-version") == 0) {
				o.libbpf_target = tbpf_parse_libbpf_version(v);
				if (o.libbpf_target < 0) {
					fprintf(stderr, "tbpf-core: error: --libbpf-version wants MAJOR.MINOR "
							"(e.g. 1.1 or 1.4.6), got '%s'\n", v);
					goto out;
				}
				if (o.libbpf_target < TBPF_LIBBPF_VERSION(1, 0))
					fprintf(stderr, "tbpf-core: warning: --libbpf-version %s: libbpf before 1.0 "
							"named sections its own way; section names are not checked "
							"against it\n", v);
			} else
				o.cpu = v;
		} else if (strcmp(a, "--keep-type") == 0 || strcmp(a, "--keep-type-if-present") == 0) {
			if (need_value(argc, argv, i))
				goto out;
			struct tbpf_kept_type *k = &o.keep_types[o.nkeep_types++];
			k->name = argv[++i];
			k->if_present = strcmp(a, "--keep-type-if-present") == 0;
		} else if (strcmp(a, "--linked-with-c") == 0) {
			o.linked_with_c = true;
		} else if (strcmp(a, "-S") == 0) {
			o.emit_text = true;
		} else if (strcmp(a, "-O0") == 0) {
			o.optimize = false;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			rc = 0;
			goto out;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tbpf-core: error: unknown option %s\n", a);
			usage(stderr);
			goto out;
		} else if (!o.input) {
			o.input = a;
		} else {
			fprintf(stderr, "tbpf-core: error: one input per transform (got %s and %s); link the "
					"outputs with llvm-link\n",
				o.input, a);
			goto out;
		}
	}
	if (!o.input || !o.output) {
		fprintf(stderr, "tbpf-core: error: transform needs an input and -o OUTPUT\n");
		usage(stderr);
		goto out;
	}
	for (size_t i = 0; i < npanics; i++)
		if (apply_panic_return(&o, panics[i]))
			goto out;
	fatal_input = o.input;
	LLVMInstallFatalErrorHandler(llvm_fatal_error);
	/* LLVM's reader verifies modules that carry debug info itself, and on a broken one
	 * aborts ("Broken module found"), silently drops invalid debug info, or loops forever
	 * (a location that is its own inlinedAt). Without that step the module reaches
	 * input_checks.c, which checks the debug info's shape first and then runs the
	 * verifier, reporting its first finding as an error. */
	const char *llvm_args[] = {"tbpf-core", "-disable-auto-upgrade-debug-info"};
	LLVMParseCommandLineOptions(2, llvm_args, NULL);
	rc = tbpf_transform(&o) ? 1 : 0;
out:
	for (size_t i = 0; i < o.nsections; i++) {
		free(o.sections[i].function);
		free(o.sections[i].section);
	}
	free(o.sections);
	free(o.keep_types);
	free(panics);
	return rc;
}

/* Subcommands that live in their own executables beside tbpf-core (they link libbpf,
 * tbpf-core links LLVM): `tbpf-core gen-go ...` runs `tbpf-gen-go ...`. */
static const char *const sibling_commands[] = {"gen-go", "verify", "gen-types", "doctor"};

static int run_sibling(const char *self, const char *command, int argc, char **argv)
{
	char dir[4096];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0) {
		snprintf(dir, sizeof dir, "%s", self);
		n = (ssize_t)strlen(dir);
	}
	dir[n] = 0;
	char *slash = strrchr(dir, '/');
	char path[4200];
	if (slash) {
		*slash = 0;
		snprintf(path, sizeof path, "%s/tbpf-%s", dir, command);
	} else {
		snprintf(path, sizeof path, "tbpf-%s", command);
	}
	argv[0] = path;
	execv(path, argv);
	fprintf(stderr, "tbpf-core: error: cannot run %s for '%s': %s (it is installed beside tbpf-core)\n",
		path, command, strerror(errno));
	return 127;
}

int main(int argc, char **argv)
{
	for (size_t i = 0; argc >= 2 && i < sizeof sibling_commands / sizeof *sibling_commands; i++)
		if (strcmp(argv[1], sibling_commands[i]) == 0)
			return run_sibling(argv[0], argv[1], argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "transform") == 0)
		return transform_main(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "check-linked") == 0)
		return tbpf_check_linked_main(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("tbpf-core %s (LLVM %d)\n", TBPF_VERSION, TBPF_LLVM_MAJOR);
		return 0;
	}
	if (argc >= 2 && (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
