/* Small helpers shared by the example loaders: root check, libbpf logging, packets
 * written as hex, BPF_PROG_TEST_RUN, and a pass/fail tally. Include it before the
 * skeleton: it also names Go's basic types for the skeleton's global-data structs. */
#ifndef TINYBPF_EXAMPLE_H
#define TINYBPF_EXAMPLE_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* Exit status when the example cannot run here (not root): ctest SKIP_RETURN_CODE. */
#define EXAMPLE_SKIP 77

static int example_failures __attribute__((unused));

static inline int example_libbpf_log(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static inline void example_init(const char *name)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		fprintf(stderr, "%s: needs root to load BPF programs; skipped\n", name);
		exit(EXAMPLE_SKIP);
	}
	libbpf_set_print(example_libbpf_log);
}

static inline void example_die(const char *what, int err)
{
	fprintf(stderr, "error: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* Records one check; the loader's exit status is non-zero if any failed. */
static inline void example_check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("  [%s] ", ok ? " ok " : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!ok)
		example_failures++;
}

static inline int example_finish(const char *name)
{
	if (example_failures) {
		printf("%s: %d check(s) FAILED\n", name, example_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

static inline size_t example_hex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	for (; hex[0] && hex[1] && n < cap; hex += 2) {
		unsigned int byte;
		if (sscanf(hex, "%2x", &byte) != 1)
			break;
		out[n++] = (unsigned char)byte;
	}
	return n;
}

/* BPF_PROG_TEST_RUN of one frame (hex); optional context in/out. Returns the program's
 * return value. */
static inline unsigned int example_test_run(const struct bpf_program *prog, const char *hex, void *ctx_in,
				     void *ctx_out, size_t ctx_size)
{
	unsigned char pkt[256];
	size_t len = example_hex(hex, pkt, sizeof pkt);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = (unsigned int)len,
		    .ctx_in = ctx_in, .ctx_size_in = ctx_in ? (unsigned int)ctx_size : 0, .ctx_out = ctx_out,
		    .ctx_size_out = ctx_out ? (unsigned int)ctx_size : 0, .repeat = 1);
	int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	if (err)
		example_die("BPF_PROG_TEST_RUN", errno ? errno : err);
	return opts.retval;
}

/* Sum of a per-CPU u64 value. */
static inline uint64_t example_percpu_sum(const struct bpf_map *map, const void *key, size_t key_size, bool *found)
{
	int ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		example_die("libbpf_num_possible_cpus", ncpu);
	uint64_t *vals = calloc((size_t)ncpu, sizeof *vals);
	uint64_t sum = 0;
	int err = bpf_map__lookup_elem(map, key, key_size, vals, (size_t)ncpu * sizeof *vals, 0);
	*found = err == 0;
	for (int i = 0; !err && i < ncpu; i++)
		sum += vals[i];
	free(vals);
	return sum;
}

#endif
