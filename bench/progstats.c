/* progstats: load a BPF object with libbpf and print, per program, what the
 * kernel made of it. Used by bench/run (compiled into a temporary directory).
 *
 *   progstats OBJ.o
 *
 * Output, one line per program (tab-separated):
 *   prog NAME SECTION xlated=N verified=N stack=A+B+...  jited=BYTES
 * where xlated is bpf_prog_info.xlated_prog_len / 8 (instructions after the
 * verifier's rewrites, BPF-to-BPF subprograms included), verified is
 * bpf_prog_info.verified_insns (instructions the verifier processed), and
 * stack is the verifier's "stack depth" line (one number per subprogram, main
 * program first), read from the log at BPF_LOG_STATS (level 4).
 * If the object does not load: "error ERRNO MESSAGE" and the first lines of
 * the verifier/libbpf output, exit status 1.
 *
 * Maps are not pinned (pin paths cleared), so loading the C twin and our object
 * of the same program never share a pinned map and nothing is left in bpffs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define LOG_SIZE (1 << 20)
#define MAX_PROGS 64

static char errbuf[8192];
static size_t errlen;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	if (errlen < sizeof(errbuf) - 1) {
		int n = vsnprintf(errbuf + errlen, sizeof(errbuf) - errlen, fmt, ap);
		if (n > 0)
			errlen += (size_t)n < sizeof(errbuf) - errlen ? (size_t)n : sizeof(errbuf) - errlen - 1;
	}
	return 0;
}

/* "stack depth 8+0" -> "8+0"; "?" if the log has no such line. */
static void stack_depth(const char *log, char *out, size_t outsz)
{
	const char *p = strstr(log, "stack depth ");
	size_t n = 0;

	if (!p) {
		snprintf(out, outsz, "?");
		return;
	}
	p += strlen("stack depth ");
	while (p[n] && p[n] != '\n' && n + 1 < outsz)
		n++;
	memcpy(out, p, n);
	out[n] = 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	char *logs[MAX_PROGS] = {0};
	int nprog = 0, err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJ.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(print_fn);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		printf("error %d open: %s", errno, errbuf);
		return 1;
	}
	bpf_object__for_each_map(map, obj)
		bpf_map__set_pin_path(map, NULL);
	bpf_object__for_each_program(prog, obj) {
		if (nprog == MAX_PROGS)
			break;
		logs[nprog] = calloc(1, LOG_SIZE);
		bpf_program__set_log_buf(prog, logs[nprog], LOG_SIZE);
		bpf_program__set_log_level(prog, 4 /* BPF_LOG_STATS */);
		nprog++;
	}
	err = bpf_object__load(obj);
	if (err) {
		printf("error %d load: ", -err);
		/* first line of libbpf's complaint, then nothing else: the table cell */
		for (char *c = errbuf; *c; c++)
			if (*c == '\n')
				*c = ' ';
		printf("%.300s\n", errbuf);
		bpf_object__close(obj);
		return 1;
	}
	nprog = 0;
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		char stack[128];

		if (nprog == MAX_PROGS)
			break;
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len)) {
			printf("error %d info %s\n", errno, bpf_program__name(prog));
			return 1;
		}
		stack_depth(logs[nprog], stack, sizeof(stack));
		printf("prog\t%s\t%s\txlated=%u\tverified=%u\tstack=%s\tjited=%u\n",
		       bpf_program__name(prog), bpf_program__section_name(prog),
		       info.xlated_prog_len / 8, info.verified_insns, stack, info.jited_prog_len);
		nprog++;
	}
	bpf_object__close(obj);
	for (int i = 0; i < MAX_PROGS; i++)
		free(logs[i]);
	return 0;
}
