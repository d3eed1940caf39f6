/* The template language of tbpf-gen-go and the gofmt alignment pass.
 *
 * Templates (documented for users at the top of templates/bpf2go.go.tmpl):
 *   {{key}}                 the string value of key (innermost list item first, then outwards)
 *   {{#key}} ... {{/key}}   list: once per item; boolean: if true; string: if not empty
 *   {{^key}} ... {{/key}}   if the list is empty, the boolean false or the string empty
 *   {{|}}                   column break: the cells around it are aligned like gofmt aligns
 *                           struct fields (text/tabwriter)
 *   {{! comment }}          nothing (may span lines, may contain balanced tags)
 *   {{%reserve SCOPE W...}} the template itself declares W... in SCOPE; generated names avoid them
 * A tag other than {{key}} and {{|}} alone on its line (blanks around it) removes that line.
 * An unknown key is an error. There is no escape for a literal "{{".
 */
#include "gogen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- data ------------------------------------------------------------------------------ */

enum tv_kind { TV_STR, TV_BOOL, TV_LIST };

struct tval {
  enum tv_kind kind;
  char *str;
  bool b;
  struct tobj **items;
  size_t n, cap;
};

struct tobj {
  char **keys;
  struct tval *vals;
  size_t n, cap;
};

struct tobj *tobj_new(void) { return xcalloc(1, sizeof(struct tobj)); }

static void tval_clear(struct tval *v) {
  free(v->str);
  for (size_t i = 0; i < v->n; i++)
    tobj_free(v->items[i]);
  free(v->items);
  memset(v, 0, sizeof(*v));
}

void tobj_free(struct tobj *o) {
  if (!o)
    return;
  for (size_t i = 0; i < o->n; i++) {
    free(o->keys[i]);
    tval_clear(&o->vals[i]);
  }
  free(o->keys);
  free(o->vals);
  free(o);
}

static struct tval *tobj_slot(struct tobj *o, const char *key) {
  for (size_t i = 0; i < o->n; i++)
    if (strcmp(o->keys[i], key) == 0)
      return &o->vals[i];
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 8;
    o->keys = xrealloc(o->keys, o->cap * sizeof(*o->keys));
    o->vals = xrealloc(o->vals, o->cap * sizeof(*o->vals));
  }
  o->keys[o->n] = xstrdup(key);
  memset(&o->vals[o->n], 0, sizeof(struct tval));
  return &o->vals[o->n++];
}

void tobj_str(struct tobj *o, const char *key, const char *val) {
  struct tval *v = tobj_slot(o, key);
  tval_clear(v);
  v->kind = TV_STR;
  v->str = xstrdup(val ? val : "");
}

void tobj_strf(struct tobj *o, const char *key, const char *fmt, ...) {
  struct sbuf b;
  va_list ap;
  sb_init(&b);
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  struct tval *v = tobj_slot(o, key);
  tval_clear(v);
  v->kind = TV_STR;
  v->str = sb_steal(&b);
}

void tobj_bool(struct tobj *o, const char *key, bool val) {
  struct tval *v = tobj_slot(o, key);
  tval_clear(v);
  v->kind = TV_BOOL;
  v->b = val;
}

void tobj_list(struct tobj *o, const char *key) {
  struct tval *v = tobj_slot(o, key);
  if (v->kind != TV_LIST) {
    tval_clear(v);
    v->kind = TV_LIST;
  }
}

struct tobj *tobj_append(struct tobj *o, const char *key) {
  tobj_list(o, key);
  struct tval *v = tobj_slot(o, key);
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->items = xrealloc(v->items, v->cap * sizeof(*v->items));
  }
  return v->items[v->n++] = tobj_new();
}

/* ---- parsing --------------------------------------------------------------------------- */

enum tok_kind { T_TEXT, T_VAR, T_SECTION, T_INVERTED, T_END, T_CELL };

struct tok {
  enum tok_kind kind;
  char *text; /* T_TEXT: the text; others: the key */
  size_t len;
  int line;
  size_t match; /* T_SECTION/T_INVERTED: index of the T_END */
};

struct reserve {
  char *scope;
  char *word;
};

struct tmpl {
  char *file;
  struct tok *toks;
  size_t n, cap;
  struct reserve *res;
  size_t nres, capres;
};

static void add_tok(struct tmpl *t, enum tok_kind kind, const char *s, size_t len, int line) {
  if (kind == T_TEXT && len == 0)
    return;
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->toks = xrealloc(t->toks, t->cap * sizeof(*t->toks));
  }
  struct tok *k = &t->toks[t->n++];
  memset(k, 0, sizeof(*k));
  k->kind = kind;
  k->text = xmalloc(len + 1);
  memcpy(k->text, s, len);
  k->text[len] = '\0';
  k->len = len;
  k->line = line;
}

void tmpl_free(struct tmpl *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++)
    free(t->toks[i].text);
  for (size_t i = 0; i < t->nres; i++) {
    free(t->res[i].scope);
    free(t->res[i].word);
  }
  free(t->toks);
  free(t->res);
  free(t->file);
  free(t);
}

static int line_at(const char *text, const char *p) {
  int line = 1;
  for (const char *q = text; q < p; q++)
    line += *q == '\n';
  return line;
}

static bool blank_span(const char *a, const char *b) {
  for (; a < b; a++)
    if (*a != ' ' && *a != '\t')
      return false;
  return true;
}

static bool valid_key(const char *s, size_t n) {
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

/* Trims blanks; returns the trimmed span. */
static const char *trim(const char *s, size_t *n) {
  while (*n && (*s == ' ' || *s == '\t' || *s == '\n')) {
    s++;
    (*n)--;
  }
  while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\n'))
    (*n)--;
  return s;
}

static int parse_directive(struct tmpl *t, const char *s, size_t n, int line, char *err,
                           size_t errlen) {
  char *d = xmalloc(n + 1), *save = NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  char *w = strtok_r(d, " \t\n", &save);
  if (!w || strcmp(w, "reserve") != 0) {
    snprintf(err, errlen, "%s:%d: unknown directive {{%%%s}} (only {{%%reserve SCOPE WORD...}})",
             t->file, line, w ? w : "");
    free(d);
    return -1;
  }
  char *scope = strtok_r(NULL, " \t\n", &save);
  if (!scope) {
    snprintf(err, errlen, "%s:%d: {{%%reserve}} needs a scope", t->file, line);
    free(d);
    return -1;
  }
  for (w = strtok_r(NULL, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
    if (t->nres == t->capres) {
      t->capres = t->capres ? t->capres * 2 : 16;
      t->res = xrealloc(t->res, t->capres * sizeof(*t->res));
    }
    t->res[t->nres].scope = xstrdup(scope);
    t->res[t->nres].word = xstrdup(w);
    t->nres++;
  }
  free(d);
  return 0;
}

struct tmpl *tmpl_parse(const char *text, const char *file, char *err, size_t errlen) {
  struct tmpl *t = xcalloc(1, sizeof(*t));
  t->file = xstrdup(file);
  const char *pending = text; /* start of text not yet emitted */
  const char *p = text;

  for (;;) {
    const char *open = strstr(p, "{{");
    if (!open) {
      add_tok(t, T_TEXT, pending, strlen(pending), line_at(text, pending));
      break;
    }
    int line = line_at(text, open);
    const char *close = strstr(open + 2, "}}");
    if (open[2] == '!') { /* comments may contain balanced tags */
      int depth = 1;
      close = NULL;
      for (const char *q = open + 2; *q; q++) {
        if (q[0] == '{' && q[1] == '{') {
          depth++;
          q++;
        } else if (q[0] == '}' && q[1] == '}') {
          if (--depth == 0) {
            close = q;
            break;
          }
          q++;
        }
      }
    }
    if (!close) {
      snprintf(err, errlen, "%s:%d: '{{' without '}}'", file, line);
      goto fail;
    }
    const char *in = open + 2;
    size_t inlen = (size_t)(close - in);
    char sigil = inlen ? in[0] : '\0';
    enum tok_kind kind;
    bool quiet = false; /* produces no output: may stand alone on a line */
    switch (sigil) {
    case '#': kind = T_SECTION; quiet = true; in++; inlen--; break;
    case '^': kind = T_INVERTED; quiet = true; in++; inlen--; break;
    case '/': kind = T_END; quiet = true; in++; inlen--; break;
    case '!': kind = T_TEXT; quiet = true; break; /* comment */
    case '%': kind = T_TEXT; quiet = true; break; /* directive */
    case '|': kind = T_CELL; break;
    default: kind = T_VAR; break;
    }
    /* Standalone: only blanks around the tag on its line(s). */
    const char *ls = open;
    while (ls > text && ls[-1] != '\n')
      ls--;
    const char *le = close + 2;
    while (*le && *le != '\n')
      le++;
    bool standalone = quiet && ls >= pending && blank_span(ls, open) && blank_span(close + 2, le);

    add_tok(t, T_TEXT, pending, (size_t)((standalone ? ls : open) - pending),
            line_at(text, pending));
    const char *next = standalone ? (*le ? le + 1 : le) : close + 2;

    if (sigil == '%') {
      if (parse_directive(t, in + 1, inlen - 1, line, err, errlen) < 0)
        goto fail;
    } else if (sigil == '|') {
      if (inlen != 1) {
        snprintf(err, errlen, "%s:%d: bad tag {{%.*s}}", file, line, (int)(close - open - 2),
                 open + 2);
        goto fail;
      }
      add_tok(t, T_CELL, "", 0, line);
    } else if (sigil != '!') {
      size_t n = inlen;
      const char *key = trim(in, &n);
      if (!valid_key(key, n)) {
        snprintf(err, errlen, "%s:%d: bad tag {{%.*s}} (keys are letters, digits and '_')", file,
                 line, (int)(close - open - 2), open + 2);
        goto fail;
      }
      add_tok(t, kind, key, n, line);
    }
    pending = p = next;
  }

  /* Match sections. */
  size_t *stack = xcalloc(t->n + 1, sizeof(size_t)), depth = 0;
  for (size_t i = 0; i < t->n; i++) {
    struct tok *k = &t->toks[i];
    if (k->kind == T_SECTION || k->kind == T_INVERTED) {
      stack[depth++] = i;
    } else if (k->kind == T_END) {
      if (depth == 0) {
        snprintf(err, errlen, "%s:%d: {{/%s}} closes no section", file, k->line, k->text);
        free(stack);
        goto fail;
      }
      struct tok *o = &t->toks[stack[--depth]];
      if (strcmp(o->text, k->text) != 0) {
        snprintf(err, errlen, "%s:%d: {{/%s}} closes {{%c%s}} of line %d", file, k->line, k->text,
                 o->kind == T_SECTION ? '#' : '^', o->text, o->line);
        free(stack);
        goto fail;
      }
      o->match = i;
    }
  }
  if (depth) {
    struct tok *o = &t->toks[stack[depth - 1]];
    snprintf(err, errlen, "%s:%d: {{%c%s}} is never closed", file, o->line,
             o->kind == T_SECTION ? '#' : '^', o->text);
    free(stack);
    goto fail;
  }
  free(stack);
  return t;

fail:
  tmpl_free(t);
  return NULL;
}

void tmpl_reserved(const struct tmpl *t, const char *scope, struct nameset *into) {
  for (size_t i = 0; i < t->nres; i++)
    if (strcmp(t->res[i].scope, scope) == 0 && !ns_has(into, t->res[i].word))
      ns_add(into, t->res[i].word);
}

/* ---- rendering ------------------------------------------------------------------------- */

struct ctx {
  const struct tobj *obj;
  const struct ctx *up;
};

static const struct tval *lookup(const struct ctx *c, const char *key) {
  for (; c; c = c->up)
    for (size_t i = 0; i < c->obj->n; i++)
      if (strcmp(c->obj->keys[i], key) == 0)
        return &c->obj->vals[i];
  return NULL;
}

static bool truthy(const struct tval *v) {
  switch (v->kind) {
  case TV_STR: return v->str && *v->str;
  case TV_BOOL: return v->b;
  case TV_LIST: return v->n > 0;
  }
  return false;
}

static int render(const struct tmpl *t, size_t from, size_t to, const struct ctx *c,
                  struct sbuf *out, char *err, size_t errlen) {
  for (size_t i = from; i < to; i++) {
    const struct tok *k = &t->toks[i];
    const struct tval *v;
    switch (k->kind) {
    case T_TEXT:
      sb_putn(out, k->text, k->len);
      break;
    case T_CELL:
      sb_putc(out, GO_CELL);
      break;
    case T_VAR:
      v = lookup(c, k->text);
      if (!v) {
        snprintf(err, errlen, "%s:%d: unknown key {{%s}}", t->file, k->line, k->text);
        return -1;
      }
      if (v->kind != TV_STR) {
        snprintf(err, errlen, "%s:%d: {{%s}} is a %s, use {{#%s}}", t->file, k->line, k->text,
                 v->kind == TV_LIST ? "list" : "boolean", k->text);
        return -1;
      }
      sb_puts(out, v->str);
      break;
    case T_SECTION:
    case T_INVERTED:
      v = lookup(c, k->text);
      if (!v) {
        snprintf(err, errlen, "%s:%d: unknown key {{%c%s}}", t->file, k->line,
                 k->kind == T_SECTION ? '#' : '^', k->text);
        return -1;
      }
      if (k->kind == T_INVERTED) {
        if (!truthy(v) && render(t, i + 1, k->match, c, out, err, errlen) < 0)
          return -1;
      } else if (v->kind == TV_LIST) {
        for (size_t j = 0; j < v->n; j++) {
          struct ctx child = {v->items[j], c};
          if (render(t, i + 1, k->match, &child, out, err, errlen) < 0)
            return -1;
        }
      } else if (truthy(v) && render(t, i + 1, k->match, c, out, err, errlen) < 0) {
        return -1;
      }
      i = k->match;
      break;
    case T_END:
      break;
    }
  }
  return 0;
}

int tmpl_render(const struct tmpl *t, const struct tobj *data, struct sbuf *out, char *err,
                size_t errlen) {
  struct ctx root = {data, NULL};
  return render(t, 0, t->n, &root, out, err, errlen);
}

/* ---- gofmt alignment (go/printer's use of text/tabwriter) ------------------------------ */

enum { TW_TABWIDTH = 8, TW_PADDING = 1 };

struct cell {
  const char *text;
  size_t size;
  int width; /* runes */
  bool htab; /* terminated by '\t' (not discardable) */
};

struct tline {
  struct cell *cells;
  size_t n;
  bool terminated;
};

struct tw {
  struct tline *lines;
  size_t nlines;
  int *widths;
  size_t nwidths;
  struct sbuf *out;
};

static void tw_padding(struct sbuf *o, int textw, int cellw, bool usetabs) {
  if (usetabs) {
    cellw = (cellw + TW_TABWIDTH - 1) / TW_TABWIDTH * TW_TABWIDTH;
    for (int k = (cellw - textw + TW_TABWIDTH - 1) / TW_TABWIDTH; k > 0; k--)
      sb_putc(o, '\t');
    return;
  }
  for (int k = cellw - textw; k > 0; k--)
    sb_putc(o, ' ');
}

static void tw_write_lines(struct tw *w, size_t line0, size_t line1) {
  for (size_t i = line0; i < line1; i++) {
    const struct tline *l = &w->lines[i];
    bool usetabs = true; /* TabIndent */
    for (size_t j = 0; j < l->n; j++) {
      const struct cell *c = &l->cells[j];
      if (c->size == 0) {
        if (j < w->nwidths)
          tw_padding(w->out, c->width, w->widths[j], usetabs);
      } else {
        usetabs = false;
        sb_putn(w->out, c->text, c->size);
        if (j < w->nwidths)
          tw_padding(w->out, c->width, w->widths[j], false);
      }
    }
    if (l->terminated)
      sb_putc(w->out, '\n');
  }
}

static void tw_format(struct tw *w, size_t line0, size_t line1) {
  size_t column = w->nwidths;
  for (size_t this = line0; this < line1; this++) {
    if (column + 1 >= w->lines[this].n)
      continue;
    tw_write_lines(w, line0, this);
    line0 = this;
    int width = 0;
    bool discardable = true;
    for (; this < line1; this++) {
      const struct tline *l = &w->lines[this];
      if (column + 1 >= l->n)
        break;
      const struct cell *c = &l->cells[column];
      if (c->width + TW_PADDING > width)
        width = c->width + TW_PADDING;
      if (c->width > 0 || c->htab)
        discardable = false;
    }
    if (discardable) /* DiscardEmptyColumns */
      width = 0;
    w->widths[w->nwidths++] = width;
    tw_format(w, line0, this);
    w->nwidths--;
    line0 = this;
  }
  tw_write_lines(w, line0, line1);
}

static int rune_count(const char *s, size_t n) {
  int r = 0;
  for (size_t i = 0; i < n; i++)
    r += ((unsigned char)s[i] & 0xC0) != 0x80;
  return r;
}

static void add_cell(struct tline *l, size_t *cap, const char *s, size_t n, bool htab) {
  if (l->n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    l->cells = xrealloc(l->cells, *cap * sizeof(*l->cells));
  }
  l->cells[l->n++] = (struct cell){s, n, rune_count(s, n), htab};
}

/* Trailing blanks trimmed, blank-line runs collapsed, one final newline. */
static void tidy(const char *s, struct sbuf *out) {
  int blanks = 0;
  bool any = false;
  while (*s) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    size_t m = n;
    while (m && (s[m - 1] == ' ' || s[m - 1] == '\t'))
      m--;
    if (m == 0) {
      blanks++;
    } else {
      if (any && blanks)
        sb_putc(out, '\n');
      sb_putn(out, s, m);
      sb_putc(out, '\n');
      any = true;
      blanks = 0;
    }
    s += n + (e ? 1 : 0);
  }
}

void go_layout(const char *in, struct sbuf *out) {
  struct tw w = {0};
  size_t cap = 0, maxcells = 1;
  struct sbuf raw;
  sb_init(&raw);
  w.out = &raw;

  const char *p = in;
  while (*p) {
    /* One flush unit: lines up to and including one ending in '\f' (or the end). */
    bool flush = false;
    while (*p && !flush) {
      if (w.nlines == cap) {
        cap = cap ? cap * 2 : 64;
        w.lines = xrealloc(w.lines, cap * sizeof(*w.lines));
      }
      struct tline *l = &w.lines[w.nlines++];
      size_t ccap = 0;
      memset(l, 0, sizeof(*l));
      const char *cs = p, *cs_line = p;
      for (;; p++) {
        char ch = *p;
        bool indent = ch == '\t' && l->n == (size_t)(p - cs_line); /* leading tabs only */
        if (indent || ch == GO_CELL) {
          add_cell(l, &ccap, cs, (size_t)(p - cs), ch == '\t');
          cs = p + 1;
        } else if (ch == '\n' || ch == GO_FF || ch == '\0') {
          add_cell(l, &ccap, cs, (size_t)(p - cs), false);
          l->terminated = ch != '\0';
          flush = ch == GO_FF;
          if (ch)
            p++;
          break;
        }
      }
      if (l->n > maxcells)
        maxcells = l->n;
    }
    w.widths = xrealloc(w.widths, maxcells * sizeof(*w.widths));
    w.nwidths = 0;
    tw_format(&w, 0, w.nlines);
    for (size_t i = 0; i < w.nlines; i++)
      free(w.lines[i].cells);
    w.nlines = 0;
  }
  tidy(sb_str(&raw), out);
  free(w.lines);
  free(w.widths);
  sb_free(&raw);
}
