/* Growable strings, allocation that cannot fail, Go identifiers, name sets. */
#include "gogen.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void) {
  fputs("tbpf-gen-go: out of memory\n", stderr);
  exit(1);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    out_of_memory();
  return p;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...) {
  struct sbuf b;
  va_list ap;
  sb_init(&b);
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  return sb_steal(&b);
}

void sb_init(struct sbuf *b) { memset(b, 0, sizeof(*b)); }

void sb_free(struct sbuf *b) {
  free(b->s);
  sb_init(b);
}

static void sb_grow(struct sbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->s = xrealloc(b->s, cap);
  b->cap = cap;
}

void sb_putn(struct sbuf *b, const char *s, size_t n) {
  sb_grow(b, n);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void sb_putc(struct sbuf *b, char c) { sb_putn(b, &c, 1); }

void sb_puts(struct sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

void sb_indent(struct sbuf *b, int n) {
  for (int i = 0; i < n; i++)
    sb_putc(b, '\t');
}

void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return;
  sb_grow(b, (size_t)n);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void sb_printf(struct sbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}

char *sb_steal(struct sbuf *b) {
  char *s = b->s ? b->s : xstrdup("");
  sb_init(b);
  return s;
}

const char *sb_str(struct sbuf *b) { return b->s ? b->s : ""; }

char *go_ident(const char *name) {
  struct sbuf b;
  bool start = true;
  sb_init(&b);
  for (const char *p = name; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (!isascii(c) || !isalnum(c)) {
      start = true;
      continue;
    }
    sb_putc(&b, start ? (char)toupper(c) : (char)c);
    start = false;
  }
  if (b.len == 0 || isdigit((unsigned char)b.s[0])) {
    char *rest = sb_steal(&b);
    sb_putc(&b, 'X');
    sb_puts(&b, rest);
    free(rest);
  }
  return sb_steal(&b);
}

bool is_go_ident(const char *s) {
  if (!*s || isdigit((unsigned char)*s))
    return false;
  for (; *s; s++)
    if (!isascii((unsigned char)*s) || !(isalnum((unsigned char)*s) || *s == '_'))
      return false;
  return true;
}

char *upper_first(const char *s) {
  char *r = xstrdup(s);
  r[0] = (char)toupper((unsigned char)r[0]);
  return r;
}

size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  size_t *row = xcalloc(lb + 1, sizeof(*row));
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0]; /* row[i-1][j-1] */
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], d = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < d)
        d = up + 1;
      if (row[j - 1] + 1 < d)
        d = row[j - 1] + 1;
      diag = up;
      row[j] = d;
    }
  }
  size_t d = row[lb];
  free(row);
  return d;
}

void ns_add(struct nameset *ns, const char *name) {
  if (ns->n == ns->cap) {
    ns->cap = ns->cap ? ns->cap * 2 : 16;
    ns->names = xrealloc(ns->names, ns->cap * sizeof(*ns->names));
  }
  ns->names[ns->n++] = xstrdup(name);
}

bool ns_has(const struct nameset *ns, const char *name) {
  for (size_t i = 0; i < ns->n; i++)
    if (strcmp(ns->names[i], name) == 0)
      return true;
  return false;
}

char *ns_claim(struct nameset *ns, const char *base) {
  char *name = xstrdup(base);
  for (unsigned k = 2; ns_has(ns, name); k++) {
    free(name);
    name = xasprintf("%s%u", base, k);
  }
  ns_add(ns, name);
  return name;
}

void ns_free(struct nameset *ns) {
  for (size_t i = 0; i < ns->n; i++)
    free(ns->names[i]);
  free(ns->names);
  memset(ns, 0, sizeof(*ns));
}
