/* tbpf-gen-types: small helpers (allocation, string building, messages). */
#ifndef GENTYPES_UTIL_H
#define GENTYPES_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

extern const char *gt_prog; /* "tbpf-gen-types" */

void *gt_xmalloc(size_t n); /* zeroed; from an arena released at exit */
void *gt_xrealloc(void *p, size_t n);
void gt_free(void *p); /* no-op: arena memory */
char *gt_xstrdup(const char *s);
char *gt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends to a growing, NUL-terminated string. */
struct gt_buf {
	char *s;
	size_t len, cap;
};
void gt_buf_add(struct gt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gt_buf_addn(struct gt_buf *b, const char *s, size_t n);
void gt_buf_free(struct gt_buf *b);

/* Prints "tbpf-gen-types: error: ..." and exits 1. */
void gt_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Edit distance (with swaps of neighbouring characters), or limit+1 once it exceeds limit. */
size_t gt_edit_distance(const char *a, const char *b, size_t limit);

/* Lines of aligned columns the way gofmt (text/tabwriter, padding 1, spaces) lays them
 * out: each line is an indentation, tab-terminated cells and a trailing text. */
struct gt_row {
	const char *cells[3];
	unsigned ncells; /* cells that end in a tab (aligned) */
	const char *tail; /* text after the last cell, not aligned */
};
void gt_format_rows(struct gt_buf *out, const char *indent, const struct gt_row *rows, size_t n);

#endif
