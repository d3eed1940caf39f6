/* Shared helpers of tbpf-behave: check reporting, libbpf object handling,
 * globals by BTF name, map reads, BPF_PROG_TEST_RUN, ring/perf buffers. */
#ifndef TBPF_BEHAVE_COMMON_H
#define TBPF_BEHAVE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define BEHAVE_PASS 0
#define BEHAVE_FAIL 1
#define BEHAVE_SKIP 77

/* ---- check reporting: one line per check ---------------------------------- */

/* "ok   <what>" when cond holds, else "FAIL <what>"; returns cond. */
bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "FAIL <what>" unconditionally (an error that is not a value comparison). */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "     <text>": information that is not a check. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool check_u64(const char *what, uint64_t expected, uint64_t got);
bool check_u64_ge(const char *what, uint64_t min, uint64_t got);
bool check_i64(const char *what, int64_t expected, int64_t got);
/* Compares a fixed-size char field with a C string: equal up to and including
 * the NUL (the field must hold the NUL within its size). */
bool check_cstr(const char *what, const char *expected, const char *field, size_t field_size);
int failures(void);
/* Prints "SKIP: <reason>" and returns BEHAVE_SKIP. */
int skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* BEHAVE_FAIL if any check failed, else BEHAVE_PASS. */
int verdict(void);

/* ---- environment ------------------------------------------------------------ */

void setup_libbpf(void); /* print callback (verifier log on failures) */
bool ensure_tracefs(void);
bool ensure_bpffs(void);
void process_comm(char comm[16]);
int possible_cpus(void);
uint64_t mono_ns(void);
void sleep_ms(unsigned int ms);

/* ---- objects, programs, maps ------------------------------------------------ */

struct prog_spec {
	const char *name;    /* ELF symbol = Go exported function */
	const char *section; /* ELF section from spec.json */
	enum bpf_prog_type type;
	enum bpf_attach_type attach; /* expected attach type, checked when nonzero */
};

struct map_spec {
	const char *name;
	enum bpf_map_type type;
	uint32_t key_size, value_size, max_entries, flags;
};

struct bpf_object *open_object(const char *path);
/* Checks that every program and map of the lists exists with the given
 * section/type/definition (after open, before load). */
bool check_object(struct bpf_object *obj, const struct prog_spec *progs, size_t nprogs,
		  const struct map_spec *maps, size_t nmaps);
/* Loads; on failure prints FAIL with the error and returns -errno. */
int load_object(struct bpf_object *obj);
struct bpf_program *prog_by_name(struct bpf_object *obj, const char *name);
struct bpf_map *map_by_name(struct bpf_object *obj, const char *name);
/* Attaches by section name (libbpf auto-attach); FAIL and NULL on error. */
struct bpf_link *attach_prog(struct bpf_object *obj, const char *name);

/* ---- globals by name through the object's BTF DATASEC ---------------------- */

struct global_var {
	const char *name;
	const char *section;
	struct bpf_map *map; /* libbpf's internal map of the section */
	uint32_t offset, size;
};

/* Finds NAME among the VARs of DATASEC SECTION (".bss", ".data", ".rodata"):
 * offset and size from the BTF, map = the internal map of that section.
 * Reports a FAIL line (naming the section it is in, if any) when missing. */
bool find_global(struct bpf_object *obj, const char *section, const char *name,
		 uint32_t size, struct global_var *out);
/* Before load: copy of the initial value. */
bool global_initial(const struct global_var *g, void *buf);
/* Before load: new initial value (bpf_map__set_initial_value). */
bool global_set_initial(const struct global_var *g, const void *val);
/* After load: current value (lookup of the internal map's single element). */
bool global_read(const struct global_var *g, void *buf);

/* ---- map access --------------------------------------------------------------- */

bool map_lookup(struct bpf_map *map, const void *key, void *value); /* false: absent */
bool map_update(struct bpf_map *map, const void *key, const void *value, uint64_t flags);
/* Per-CPU map: sums NFIELDS consecutive u64 fields of the value over all
 * possible CPUs. Returns false when the key is absent. */
bool percpu_sum_u64(struct bpf_map *map, const void *key, size_t nfields, uint64_t *sums);
/* Number of keys of a hash-like map; keys copied to KEYS (up to MAX). */
size_t map_keys(struct bpf_map *map, void *keys, size_t max);

/* ---- BPF_PROG_TEST_RUN ------------------------------------------------------ */

struct packet {
	const char *name;
	const char *hex;
};

/* Runs PROG once on the frame; ctx_in/ctx_out optional (same size). */
bool test_run(struct bpf_program *prog, const struct packet *pkt, const void *ctx_in,
	      void *ctx_out, size_t ctx_size, uint32_t *retval);
/* Runs PROG once with no data, context or repeat count (raw_tracepoint, syscall), with
 * one FAIL line naming the error when the kernel refuses. */
bool test_run_no_data(struct bpf_program *prog, uint32_t *retval);
/* Runs and checks the return value; prints one check line. */
bool expect_retval(struct bpf_program *prog, const struct packet *pkt, uint32_t expected);

/* ---- ring buffer / perf buffer collection ----------------------------------- */

struct record {
	size_t size;
	unsigned char data[256];
	bool truncated;
};

struct collector {
	struct record *recs;
	size_t n, cap;
	uint64_t lost;
	struct ring_buffer *rb;
	struct perf_buffer *pb;
};

bool collector_ringbuf(struct collector *c, struct bpf_map *map);
bool collector_perfbuf(struct collector *c, struct bpf_map *map);
/* Consumes what is there, then polls for up to TIMEOUT_MS more; stops early
 * when DONE (optional) says so. Returns the number of new records. */
size_t collector_poll(struct collector *c, unsigned int timeout_ms,
		      bool (*done)(const struct collector *c, void *arg), void *arg);
void collector_reset(struct collector *c); /* forget collected records */
void collector_free(struct collector *c);

#endif
