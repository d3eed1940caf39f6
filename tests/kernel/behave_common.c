/* Shared helpers of tbpf-behave (see behave_common.h). */
#define _GNU_SOURCE
#include "behave_common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

#define TRACEFS_DIR "/sys/kernel/tracing"
#define BPFFS_DIR "/sys/fs/bpf"

/* ---- check reporting ---------------------------------------------------------- */

static int n_failures;

static void vreport(const char *tag, const char *fmt, va_list ap)
{
	fputs(tag, stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
}

bool check(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cond ? "ok   " : "FAIL ", fmt, ap);
	va_end(ap);
	if (!cond)
		n_failures++;
	return cond;
}

void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("FAIL ", fmt, ap);
	va_end(ap);
	n_failures++;
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("     ", fmt, ap);
	va_end(ap);
}

bool check_u64(const char *what, uint64_t expected, uint64_t got)
{
	if (expected == got && got < 0x10000)
		return check(true, "%s == %" PRIu64, what, got);
	if (expected == got)
		return check(true, "%s == %" PRIu64 " (0x%" PRIx64 ")", what, got, got);
	return check(false, "%s: expected %" PRIu64 " (0x%" PRIx64 ") got %" PRIu64 " (0x%" PRIx64 ")",
		     what, expected, expected, got, got);
}

bool check_u64_ge(const char *what, uint64_t min, uint64_t got)
{
	if (got >= min)
		return check(true, "%s == %" PRIu64 " (>= %" PRIu64 ")", what, got, min);
	return check(false, "%s: expected >= %" PRIu64 " got %" PRIu64, what, min, got);
}

bool check_i64(const char *what, int64_t expected, int64_t got)
{
	if (expected == got)
		return check(true, "%s == %" PRId64, what, got);
	return check(false, "%s: expected %" PRId64 " got %" PRId64, what, expected, got);
}

static void printable(char *out, size_t out_size, const char *field, size_t field_size)
{
	size_t o = 0;

	for (size_t i = 0; i < field_size && o + 5 < out_size; i++) {
		unsigned char c = (unsigned char)field[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, out_size - o, "\\x%02x", c);
	}
	out[o] = 0;
}

bool check_cstr(const char *what, const char *expected, const char *field, size_t field_size)
{
	size_t len = strlen(expected);
	char shown[4 * 256 + 1];

	if (len < field_size && memcmp(field, expected, len + 1) == 0)
		return check(true, "%s == \"%s\"", what, expected);
	printable(shown, sizeof(shown), field, field_size < 256 ? field_size : 256);
	return check(false, "%s: expected \"%s\" (NUL-terminated) got \"%s\"", what, expected, shown);
}

int failures(void)
{
	return n_failures;
}

int skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("SKIP: ", fmt, ap);
	va_end(ap);
	return BEHAVE_SKIP;
}

int verdict(void)
{
	if (n_failures) {
		printf("%d check(s) FAILED\n", n_failures);
		return BEHAVE_FAIL;
	}
	printf("all checks passed\n");
	return BEHAVE_PASS;
}

/* ---- environment ---------------------------------------------------------------- */

static bool libbpf_debug;

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !libbpf_debug)
		return 0;
	/* libbpf loads on without BTF the kernel refused ("BTF is optional, ignoring"): no
	 * line info, no BTF for maps. Every object we build must have BTF the kernel takes. */
	if (strstr(fmt, "Error loading .BTF into kernel"))
		fail("the kernel refused the object's .BTF (libbpf went on without it; its log is below)");
	return vfprintf(stderr, fmt, ap);
}

void setup_libbpf(void)
{
	const char *v = getenv("TBPF_BEHAVE_DEBUG");

	libbpf_debug = v && *v && strcmp(v, "0") != 0;
	libbpf_set_print(print_libbpf);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

bool ensure_tracefs(void)
{
	if (access(TRACEFS_DIR "/events", F_OK) == 0)
		return true;
	if (mount("nodev", TRACEFS_DIR, "tracefs", 0, NULL) != 0) {
		fail("mount -t tracefs nodev %s: %s", TRACEFS_DIR, strerror(errno));
		return false;
	}
	note("mounted tracefs at %s", TRACEFS_DIR);
	return true;
}

bool ensure_bpffs(void)
{
	struct statfs st;

	if (statfs(BPFFS_DIR, &st) == 0 && (uint32_t)st.f_type == BPF_FS_MAGIC)
		return true;
	if (mount("bpf", BPFFS_DIR, "bpf", 0, NULL) != 0) {
		fail("mount -t bpf bpf %s: %s", BPFFS_DIR, strerror(errno));
		return false;
	}
	note("mounted bpffs at %s", BPFFS_DIR);
	return true;
}

void process_comm(char comm[16])
{
	memset(comm, 0, 16);
	if (prctl(PR_GET_NAME, comm) != 0)
		snprintf(comm, 16, "?");
}

int possible_cpus(void)
{
	int n = libbpf_num_possible_cpus();

	return n > 0 ? n : 1;
}

uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- objects, programs, maps ---------------------------------------------------- */

struct bpf_object *open_object(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);

	if (!obj) {
		fail("open %s with libbpf: %s", path, strerror(errno));
		return NULL;
	}
	return obj;
}

static const char *prog_type_str(enum bpf_prog_type t)
{
	const char *s = libbpf_bpf_prog_type_str(t);

	return s ? s : "?";
}

static const char *map_type_str(enum bpf_map_type t)
{
	const char *s = libbpf_bpf_map_type_str(t);

	return s ? s : "?";
}

static bool check_prog(struct bpf_object *obj, const struct prog_spec *ps)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, ps->name);
	bool good = true;

	if (!p) {
		fail("program %s: no program of that name in the object", ps->name);
		return false;
	}
	const char *sec = bpf_program__section_name(p);
	enum bpf_prog_type type = bpf_program__type(p);
	if (strcmp(sec, ps->section) != 0) {
		fail("program %s: expected section \"%s\" got \"%s\"", ps->name, ps->section, sec);
		good = false;
	}
	if (type != ps->type) {
		fail("program %s: expected type %s got %s", ps->name, prog_type_str(ps->type),
		     prog_type_str(type));
		good = false;
	}
	if (ps->attach && bpf_program__expected_attach_type(p) != ps->attach) {
		const char *want = libbpf_bpf_attach_type_str(ps->attach);
		const char *got = libbpf_bpf_attach_type_str(bpf_program__expected_attach_type(p));
		fail("program %s: expected attach type %s got %s", ps->name, want ? want : "?",
		     got ? got : "?");
		good = false;
	}
	if (good)
		check(true, "program %s in section \"%s\" (type %s)", ps->name, sec, prog_type_str(type));
	return good;
}

static bool check_map(struct bpf_object *obj, const struct map_spec *ms)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, ms->name);

	if (!m) {
		fail("map %s: no map of that name in the object", ms->name);
		return false;
	}
	enum bpf_map_type type = bpf_map__type(m);
	uint32_t k = bpf_map__key_size(m), v = bpf_map__value_size(m);
	uint32_t n = bpf_map__max_entries(m), f = bpf_map__map_flags(m);
	bool good = type == ms->type && k == ms->key_size && v == ms->value_size &&
		    n == ms->max_entries && f == ms->flags;
	if (good)
		return check(true, "map %s: %s key %u value %u max_entries %u flags %u", ms->name,
			     map_type_str(type), k, v, n, f);
	return check(false,
		     "map %s: expected %s key %u value %u max_entries %u flags %u, "
		     "got %s key %u value %u max_entries %u flags %u",
		     ms->name, map_type_str(ms->type), ms->key_size, ms->value_size,
		     ms->max_entries, ms->flags, map_type_str(type), k, v, n, f);
}

bool check_object(struct bpf_object *obj, const struct prog_spec *progs, size_t nprogs,
		  const struct map_spec *maps, size_t nmaps)
{
	bool good = true;

	for (size_t i = 0; i < nprogs; i++)
		good &= check_prog(obj, &progs[i]);
	for (size_t i = 0; i < nmaps; i++)
		good &= check_map(obj, &maps[i]);
	return good;
}

int load_object(struct bpf_object *obj)
{
	int err = bpf_object__load(obj);

	if (err) {
		fail("load %s: %s (error %d; the verifier log, if any, is above)",
		     bpf_object__name(obj), strerror(-err), err);
		return err;
	}
	check(true, "object loaded (verifier accepted every program)");
	return 0;
}

struct bpf_program *prog_by_name(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	if (!p)
		fail("program %s not found", name);
	return p;
}

struct bpf_map *map_by_name(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		fail("map %s not found", name);
	return m;
}

struct bpf_link *attach_prog(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = prog_by_name(obj, name);

	if (!p)
		return NULL;
	struct bpf_link *l = bpf_program__attach(p);
	if (!l) {
		fail("attach %s (section \"%s\"): %s", name, bpf_program__section_name(p),
		     strerror(errno));
		return NULL;
	}
	check(true, "attached %s (section \"%s\")", name, bpf_program__section_name(p));
	return l;
}

/* ---- globals by BTF name ----------------------------------------------------------- */

/* Index of NAME among the VARs of DATASEC type T, or -1. */
static int datasec_var(const struct btf *btf, const struct btf_type *t, const char *name)
{
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);

	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *vt = btf__type_by_id(btf, vs[i].type);
		if (vt && strcmp(btf__name_by_offset(btf, vt->name_off), name) == 0)
			return i;
	}
	return -1;
}

/* Name of the DATASEC other than SKIP that holds NAME, for diagnostics. */
static const char *datasec_holding(const struct btf *btf, const char *name, const char *skip)
{
	for (uint32_t id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!btf_is_datasec(t))
			continue;
		const char *sec = btf__name_by_offset(btf, t->name_off);
		if (strcmp(sec, skip) != 0 && datasec_var(btf, t, name) >= 0)
			return sec;
	}
	return NULL;
}

/* libbpf's internal map for a global-data section (".bss" -> "prog.bss"). */
static struct bpf_map *section_map(struct bpf_object *obj, const char *section)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, section);
	size_t sl = strlen(section);

	if (m)
		return m;
	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t nl = strlen(n);
		if (bpf_map__is_internal(m) && nl >= sl && strcmp(n + nl - sl, section) == 0)
			return m;
	}
	return NULL;
}

bool find_global(struct bpf_object *obj, const char *section, const char *name,
		 uint32_t size, struct global_var *out)
{
	struct btf *btf = bpf_object__btf(obj);

	memset(out, 0, sizeof(*out));
	if (!btf) {
		fail("global %s: the object has no BTF (need DATASEC %s)", name, section);
		return false;
	}
	int id = btf__find_by_name_kind(btf, section, BTF_KIND_DATASEC);
	int idx = -1;
	const struct btf_type *t = NULL;
	if (id > 0) {
		t = btf__type_by_id(btf, (uint32_t)id);
		idx = datasec_var(btf, t, name);
	}
	if (idx < 0) {
		const char *other = datasec_holding(btf, name, section);
		if (other)
			fail("global %s: expected in DATASEC %s, found in %s instead", name, section, other);
		else
			fail("global %s: no BTF VAR of that name in DATASEC %s%s", name, section,
			     id > 0 ? "" : " (the object has no such DATASEC)");
		return false;
	}
	const struct btf_var_secinfo *vs = &btf_var_secinfos(t)[idx];
	out->name = name;
	out->section = section;
	out->offset = vs->offset;
	out->size = vs->size;
	out->map = section_map(obj, section);
	if (!out->map) {
		fail("global %s: libbpf has no internal map for %s", name, section);
		return false;
	}
	if (vs->size != size) {
		fail("global %s (%s+%u): expected size %u got %u", name, section, vs->offset, size,
		     vs->size);
		return false;
	}
	return check(true, "global %s in %s at offset %u, size %u (internal map %s)", name, section,
		     out->offset, out->size, bpf_map__name(out->map));
}

bool global_initial(const struct global_var *g, void *buf)
{
	size_t sz = 0;
	const void *init = bpf_map__initial_value(g->map, &sz);

	if (!init || g->offset + g->size > sz) {
		fail("global %s: no initial value of %s (size %zu)", g->name, g->section, sz);
		return false;
	}
	memcpy(buf, (const char *)init + g->offset, g->size);
	return true;
}

bool global_set_initial(const struct global_var *g, const void *val)
{
	size_t sz = 0;
	const void *init = bpf_map__initial_value(g->map, &sz);

	if (!init || g->offset + g->size > sz) {
		fail("global %s: no initial value of %s to modify", g->name, g->section);
		return false;
	}
	char *copy = malloc(sz);
	if (!copy) {
		fail("out of memory");
		return false;
	}
	memcpy(copy, init, sz);
	memcpy(copy + g->offset, val, g->size);
	int err = bpf_map__set_initial_value(g->map, copy, sz);
	free(copy);
	if (err) {
		fail("global %s: bpf_map__set_initial_value: %s", g->name, strerror(-err));
		return false;
	}
	return true;
}

bool global_read(const struct global_var *g, void *buf)
{
	uint32_t vsz = bpf_map__value_size(g->map), zero = 0;
	char *val = calloc(1, vsz);

	if (!val) {
		fail("out of memory");
		return false;
	}
	int err = bpf_map_lookup_elem(bpf_map__fd(g->map), &zero, val);
	if (err)
		fail("global %s: lookup of %s: %s", g->name, bpf_map__name(g->map), strerror(errno));
	else
		memcpy(buf, val + g->offset, g->size);
	free(val);
	return err == 0;
}

/* ---- map access -------------------------------------------------------------------- */

bool map_lookup(struct bpf_map *map, const void *key, void *value)
{
	return bpf_map_lookup_elem(bpf_map__fd(map), key, value) == 0;
}

bool map_update(struct bpf_map *map, const void *key, const void *value, uint64_t flags)
{
	if (bpf_map_update_elem(bpf_map__fd(map), key, value, flags) != 0) {
		fail("update of map %s: %s", bpf_map__name(map), strerror(errno));
		return false;
	}
	return true;
}

bool percpu_sum_u64(struct bpf_map *map, const void *key, size_t nfields, uint64_t *sums)
{
	int ncpu = possible_cpus();
	size_t stride = (bpf_map__value_size(map) + 7) / 8 * 8;
	unsigned char *buf = calloc((size_t)ncpu, stride);
	bool found;

	memset(sums, 0, nfields * sizeof(*sums));
	if (!buf)
		return false;
	found = bpf_map_lookup_elem(bpf_map__fd(map), key, buf) == 0;
	for (int c = 0; found && c < ncpu; c++) {
		for (size_t f = 0; f < nfields; f++) {
			uint64_t v;
			memcpy(&v, buf + (size_t)c * stride + f * 8, 8);
			sums[f] += v;
		}
	}
	free(buf);
	return found;
}

size_t map_keys(struct bpf_map *map, void *keys, size_t max)
{
	uint32_t ksz = bpf_map__key_size(map);
	unsigned char *prev = NULL, *cur = calloc(1, ksz), *last = calloc(1, ksz);
	size_t n = 0;

	if (!cur || !last)
		goto out;
	while (bpf_map_get_next_key(bpf_map__fd(map), prev, cur) == 0) {
		if (n < max)
			memcpy((unsigned char *)keys + n * ksz, cur, ksz);
		n++;
		memcpy(last, cur, ksz);
		prev = last;
	}
out:
	free(cur);
	free(last);
	return n;
}

/* ---- BPF_PROG_TEST_RUN --------------------------------------------------------------- */

static size_t hex_decode(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < cap; hex += 2) {
		unsigned int b;
		if (sscanf(hex, "%2x", &b) != 1)
			break;
		out[n++] = (unsigned char)b;
	}
	return n;
}

bool test_run(struct bpf_program *prog, const struct packet *pkt, const void *ctx_in,
	      void *ctx_out, size_t ctx_size, uint32_t *retval)
{
	unsigned char frame[256];
	size_t len = hex_decode(pkt->hex, frame, sizeof(frame));
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (uint32_t)len,
		    .repeat = 1);

	if (ctx_in) {
		opts.ctx_in = ctx_in;
		opts.ctx_size_in = (uint32_t)ctx_size;
	}
	if (ctx_out) {
		opts.ctx_out = ctx_out;
		opts.ctx_size_out = (uint32_t)ctx_size;
	}
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) != 0) {
		fail("BPF_PROG_TEST_RUN of %s on %s (%zu bytes): %s", bpf_program__name(prog),
		     pkt->name, len, strerror(errno));
		return false;
	}
	*retval = opts.retval;
	return true;
}

bool test_run_no_data(struct bpf_program *prog, uint32_t *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) != 0) {
		fail("BPF_PROG_TEST_RUN of %s: %s", bpf_program__name(prog), strerror(errno));
		return false;
	}
	*retval = opts.retval;
	return true;
}

bool expect_retval(struct bpf_program *prog, const struct packet *pkt, uint32_t expected)
{
	uint32_t ret;
	char what[128];

	if (!test_run(prog, pkt, NULL, NULL, 0, &ret))
		return false;
	snprintf(what, sizeof(what), "test_run %s(%s) retval", bpf_program__name(prog), pkt->name);
	return check_u64(what, expected, ret);
}

/* ---- ring buffer / perf buffer collection ----------------------------------------- */

static void collect(struct collector *c, const void *data, size_t size)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct record *r = realloc(c->recs, cap * sizeof(*r));
		if (!r)
			return;
		c->recs = r;
		c->cap = cap;
	}
	struct record *r = &c->recs[c->n++];
	r->size = size;
	r->truncated = size > sizeof(r->data);
	memset(r->data, 0, sizeof(r->data));
	memcpy(r->data, data, r->truncated ? sizeof(r->data) : size);
}

static int on_ringbuf(void *ctx, void *data, size_t size)
{
	collect(ctx, data, size);
	return 0;
}

static void on_perf_sample(void *ctx, int cpu, void *data, uint32_t size)
{
	collect(ctx, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 cnt)
{
	((struct collector *)ctx)->lost += cnt;
}

bool collector_ringbuf(struct collector *c, struct bpf_map *map)
{
	memset(c, 0, sizeof(*c));
	c->rb = ring_buffer__new(bpf_map__fd(map), on_ringbuf, c, NULL);
	if (!c->rb) {
		fail("ring_buffer__new(%s): %s", bpf_map__name(map), strerror(errno));
		return false;
	}
	return true;
}

bool collector_perfbuf(struct collector *c, struct bpf_map *map)
{
	memset(c, 0, sizeof(*c));
	c->pb = perf_buffer__new(bpf_map__fd(map), 8, on_perf_sample, on_perf_lost, c, NULL);
	if (!c->pb) {
		fail("perf_buffer__new(%s): %s", bpf_map__name(map), strerror(errno));
		return false;
	}
	return true;
}

static void collector_consume(struct collector *c)
{
	if (c->rb)
		ring_buffer__consume(c->rb);
	if (c->pb)
		perf_buffer__consume(c->pb);
}

static void collector_poll_once(struct collector *c, int ms)
{
	if (c->rb)
		ring_buffer__poll(c->rb, ms);
	if (c->pb)
		perf_buffer__poll(c->pb, ms);
}

size_t collector_poll(struct collector *c, unsigned int timeout_ms,
		      bool (*done)(const struct collector *c, void *arg), void *arg)
{
	size_t before = c->n;
	uint64_t deadline = mono_ns() + (uint64_t)timeout_ms * 1000000ull;

	collector_consume(c);
	while (!(done && done(c, arg))) {
		uint64_t now = mono_ns();
		if (now >= deadline)
			break;
		uint64_t left_ms = (deadline - now) / 1000000ull;
		collector_poll_once(c, left_ms > 50 ? 50 : (int)left_ms + 1);
	}
	return c->n - before;
}

void collector_reset(struct collector *c)
{
	c->n = 0;
}

void collector_free(struct collector *c)
{
	ring_buffer__free(c->rb);
	perf_buffer__free(c->pb);
	free(c->recs);
	memset(c, 0, sizeof(*c));
}
