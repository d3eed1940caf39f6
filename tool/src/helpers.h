/* helpers.h - the BPF helper table: kernel helper IDs and their Go spellings.
 *
 * A kernel helper bpf_xxx_yyy is declared in Go as the body-less function
 * bpfXxxYyy (TinyGo IR: `declare ... @main.bpfXxxYyy(...)`); calls of such
 * declarations are rewritten into calls through the helper's ID.  The table
 * itself is generated into helper_table.inc by tool/scripts/gen_helper_table.py.
 *
 * Plain C11, no LLVM dependency.
 */
#ifndef TBPF_HELPERS_H
#define TBPF_HELPERS_H

#include <stddef.h>

struct bpf_helper {
    unsigned id;             /* BPF_FUNC_* value, the imm of the BPF call */
    const char *kernel_name; /* "bpf_map_lookup_elem" */
    const char *go_name;     /* "bpfMapLookupElem" */
};

/* Exact, case-sensitive match on the Go name without package prefix
 * ("bpfMapLookupElem", not "main.bpfMapLookupElem").  NULL if unknown. */
const struct bpf_helper *bpf_helper_by_go_name(const char *go_name);

/* Exact match on the kernel name ("bpf_map_lookup_elem").  NULL if unknown. */
const struct bpf_helper *bpf_helper_by_kernel_name(const char *name);

/* The closest helper to an unknown spelling, for "did you mean" messages.
 * A name containing '_' is compared with kernel names, any other with Go
 * names; case-insensitive; a missing "bpf"/"bpf_" prefix and a package
 * prefix ("main.") are tolerated.  A name that is the start of a helper's
 * name ("bpfGetCurrentPid") counts as one edit away; ties go to the shorter
 * edit distance, then the lower ID.  NULL when no helper is within
 * max(2, n/3) edits, n being the length of the name with the "bpf" prefix. */
const struct bpf_helper *bpf_helper_suggest(const char *name);

/* The table, sorted by ID: bpf_helper_at(i) for i < bpf_helper_count(),
 * NULL beyond. */
size_t bpf_helper_count(void);
const struct bpf_helper *bpf_helper_at(size_t i);

/* Levenshtein distance (names shorter than 128 bytes; longer ones count as far). */
size_t tbpf_edit_distance(const char *a, size_t la, const char *b, size_t lb);

#endif /* TBPF_HELPERS_H */
