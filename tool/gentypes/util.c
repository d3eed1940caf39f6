#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *gt_prog = "tbpf-gen-types";

/* Every allocation comes from an arena that lives until exit and is reachable from a global:
 * a short-lived generator needs no frees, and leak checkers (LeakSanitizer, valgrind) see no
 * leak on any exit path, errors included. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(16) char data[];
};
static struct chunk *arena;
#define HEADER 16 /* the block's size, keeping 16-byte alignment */

void *gt_xmalloc(size_t n)
{
	size_t need = (n + HEADER + 15) & ~(size_t)15;
	if (!arena || arena->used + need > arena->cap) {
		size_t cap = need > (1u << 20) ? need : (1u << 20);
		struct chunk *c = calloc(1, sizeof *c + cap);
		if (!c) {
			fprintf(stderr, "%s: out of memory\n", gt_prog);
			exit(70);
		}
		c->cap = cap;
		c->next = arena;
		arena = c;
	}
	char *p = arena->data + arena->used;
	arena->used += need;
	*(size_t *)p = n;
	return p + HEADER;
}

void *gt_xrealloc(void *p, size_t n)
{
	if (!p)
		return gt_xmalloc(n);
	size_t old = *(size_t *)((char *)p - HEADER);
	if (n <= old)
		return p;
	void *q = gt_xmalloc(n);
	memcpy(q, p, old);
	return q;
}

void gt_free(void *p)
{
	(void)p; /* arena memory: released at exit */
}

char *gt_xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = gt_xmalloc(n + 1);
	memcpy(p, s, n + 1);
	return p;
}

static char *vprintf_alloc(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *p = gt_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *gt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = vprintf_alloc(fmt, ap);
	va_end(ap);
	return p;
}

void gt_buf_addn(struct gt_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = gt_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void gt_buf_add(struct gt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = vprintf_alloc(fmt, ap);
	va_end(ap);
	gt_buf_addn(b, p, strlen(p));
	gt_free(p);
}

void gt_buf_free(struct gt_buf *b)
{
	gt_free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void gt_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", gt_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters ("anon_u46" is one edit from "anon_u64"). */
size_t gt_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	size_t w = lb + 1;
	size_t *d = malloc((la + 1) * w * sizeof *d); /* freed below: called for every name in a BTF */
	if (!d) {
		fprintf(stderr, "%s: out of memory\n", gt_prog);
		exit(70);
	}
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		d[i * w] = i;
		size_t best = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = d[(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]);
			if (d[(i - 1) * w + j] + 1 < v)
				v = d[(i - 1) * w + j] + 1;
			if (d[i * w + j - 1] + 1 < v)
				v = d[i * w + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[(i - 2) * w + j - 2] + 1 < v)
				v = d[(i - 2) * w + j - 2] + 1;
			d[i * w + j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit + 1) { /* a swap can lower the next row by one at most */
			free(d);
			return limit + 1;
		}
	}
	size_t r = d[la * w + lb];
	free(d);
	return r > limit ? limit + 1 : r;
}

/* text/tabwriter's algorithm: a column block is a run of consecutive lines that all have a
 * cell in that column; its width is the widest cell plus one space. */
static void format_block(size_t *widths, unsigned col, const struct gt_row *rows, size_t line0, size_t line1,
			 size_t **out_widths)
{
	for (size_t this = line0; this < line1; this++) {
		if (col >= rows[this].ncells)
			continue;
		size_t w = 0, end = this;
		for (; end < line1 && col < rows[end].ncells; end++) {
			size_t cw = strlen(rows[end].cells[col]) + 1;
			if (cw > w)
				w = cw;
		}
		for (size_t l = this; l < end; l++)
			out_widths[l][col] = w;
		widths[col] = w;
		format_block(widths, col + 1, rows, this, end, out_widths);
		this = end - 1;
	}
}

void gt_format_rows(struct gt_buf *out, const char *indent, const struct gt_row *rows, size_t n)
{
	size_t **w = gt_xmalloc((n + 1) * sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i] = gt_xmalloc(3 * sizeof **w);
	size_t widths[3] = {0};
	format_block(widths, 0, rows, 0, n, w);
	for (size_t i = 0; i < n; i++) {
		gt_buf_add(out, "%s", indent);
		for (unsigned c = 0; c < rows[i].ncells; c++) {
			const char *cell = rows[i].cells[c];
			bool last = c + 1 == rows[i].ncells && !(rows[i].tail && rows[i].tail[0]);
			if (last) { /* tabwriter drops trailing padding */
				gt_buf_add(out, "%s", cell);
				continue;
			}
			gt_buf_add(out, "%-*s", (int)w[i][c], cell);
		}
		if (rows[i].tail)
			gt_buf_add(out, "%s", rows[i].tail);
		gt_buf_add(out, "\n");
		gt_free(w[i]);
	}
	gt_free(w);
}
