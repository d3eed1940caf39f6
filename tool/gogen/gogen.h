/* tbpf-gen-go: Go (cilium/ebpf) bindings for a BPF object, rendered from a template.
 *
 *   util.c      growable strings, allocation, Go identifiers, name sets
 *   template.c  the template language (see templates/bpf2go.go.tmpl) and the gofmt alignment pass
 *   btfgo.c     BTF types -> Go type expressions and declarations
 *   object.c    the object (libbpf) -> the template's data (programs, maps, data sections, types)
 *   main.c      command line
 */
#ifndef TBPF_GOGEN_H
#define TBPF_GOGEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GG_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* ---- util.c ---------------------------------------------------------------------------- */

struct sbuf {
  char *s;
  size_t len, cap;
};

void sb_init(struct sbuf *b);
void sb_free(struct sbuf *b);
void sb_putc(struct sbuf *b, char c);
void sb_putn(struct sbuf *b, const char *s, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_printf(struct sbuf *b, const char *fmt, ...) GG_PRINTF(2, 3);
void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap);
void sb_indent(struct sbuf *b, int n);     /* n tabs */
char *sb_steal(struct sbuf *b);            /* the string (never NULL); b is empty again */
const char *sb_str(struct sbuf *b);        /* NUL-terminated view */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) GG_PRINTF(1, 2);

/* Go identifier for a BPF-side name (the rule documented in templates/bpf2go.go.tmpl):
 * split at every character that is not an ASCII letter or digit, upper-case the first
 * letter of each part, join; "X" is prepended if the result is empty or starts with a digit.
 *   xdp_port_drop -> XdpPortDrop, blockedPorts -> BlockedPorts, .rodata.str1.1 -> RodataStr11 */
char *go_ident(const char *name);
bool is_go_ident(const char *s);
char *upper_first(const char *s);
/* Levenshtein distance between a and b (for did-you-mean hints). */
size_t edit_distance(const char *a, const char *b);

/* A set of names taken in one Go scope. */
struct nameset {
  char **names;
  size_t n, cap;
};
void ns_add(struct nameset *ns, const char *name);
bool ns_has(const struct nameset *ns, const char *name);
/* base if free, else base2, base3, ...: the first free one, which is added to the set. */
char *ns_claim(struct nameset *ns, const char *base);
void ns_free(struct nameset *ns);

/* ---- template.c ------------------------------------------------------------------------ */

/* Template data: an object maps keys to strings, booleans or lists of objects. */
struct tobj;
struct tobj *tobj_new(void);
void tobj_free(struct tobj *o);
void tobj_str(struct tobj *o, const char *key, const char *val);
void tobj_strf(struct tobj *o, const char *key, const char *fmt, ...) GG_PRINTF(3, 4);
void tobj_bool(struct tobj *o, const char *key, bool val);
void tobj_list(struct tobj *o, const char *key);           /* an empty list */
struct tobj *tobj_append(struct tobj *o, const char *key); /* a new item of list key */

struct tmpl;
/* NULL on a syntax error, which is written to err as "FILE:LINE: message". */
struct tmpl *tmpl_parse(const char *text, const char *file, char *err, size_t errlen);
void tmpl_free(struct tmpl *t);
/* Words the template reserved for SCOPE with {{%reserve SCOPE WORD...}}. */
void tmpl_reserved(const struct tmpl *t, const char *scope, struct nameset *into);
/* Renders into out (raw: alignment marks not yet applied). -1 with err on an error. */
int tmpl_render(const struct tmpl *t, const struct tobj *data, struct sbuf *out, char *err,
                size_t errlen);

/* gofmt's layout of rendered text: leading tabs are indentation, cells separated by '\v'
 * are aligned in columns exactly like go/printer's text/tabwriter (tabwidth 8, padding 1, spaces,
 * DiscardEmptyColumns|TabIndent); '\f' ends a line and every column block. Then trailing
 * blanks are trimmed, runs of blank lines collapse into one, the text ends in one newline. */
void go_layout(const char *in, struct sbuf *out);

/* Alignment marks the generator writes into Go text. */
#define GO_CELL '\v' /* next column */
#define GO_FF '\f'   /* end of line that also ends alignment */

/* ---- btfgo.c --------------------------------------------------------------------------- */

struct btf;

struct gotypes; /* named Go types declared for BTF types */

struct gotype_decl {
  uint32_t id;       /* BTF type id (struct, union or typedef of one) */
  char *go;          /* Go type name: <prefix><Ident(BTF name)> */
  char *origin;      /* "struct foo", "the key of map bar" */
  uint32_t size;
  bool composite;    /* a struct (or union): `type X struct {...}` with explicit padding;
                      * else a type requested by --type over an integer, enum, array, ... */
  char *requested;   /* the --type name that asked for it, NULL if none did */
  char *decl;        /* "type X struct {...}" with alignment marks, filled by gotypes_render */
};

/* Declared names are <prefix><Ident(name)>, claimed in top (the file's top-level names). */
struct gotypes *gotypes_new(const struct btf *btf, const char *prefix, struct nameset *top);
void gotypes_free(struct gotypes *g);
/* Registers the named composite types reachable from id. If id itself is an anonymous
 * struct/union, it is declared as <prefix><fallback> with the given origin. 0 or -1. */
int gotypes_collect(struct gotypes *g, uint32_t id, const char *fallback, const char *origin,
                    char *err, size_t errlen);
/* Declares the BTF type id, named NAME in BTF (a typedef, struct, union or enum; --type NAME),
 * with the types reachable from it, unless it is declared already (a map's key or value):
 * then that declaration is marked as requested by NAME. 0 or -1. */
int gotypes_request(struct gotypes *g, uint32_t id, const char *name, char *err, size_t errlen);
/* Assigns Go names (sorted, collisions resolved) and renders every declaration. */
int gotypes_finish(struct gotypes *g, char *err, size_t errlen);
size_t gotypes_count(const struct gotypes *g);
const struct gotype_decl *gotypes_at(const struct gotypes *g, size_t i);
/* Go type expression for id (after gotypes_finish), at indentation depth indent; *multiline
 * is set when it is an inline struct spanning lines. */
int gotypes_expr(struct gotypes *g, uint32_t id, int indent, struct sbuf *out, bool *multiline,
                 char *err, size_t errlen);

/* A field of a struct laid out by gotypes_fields. */
struct gofield {
  const char *name; /* BTF name; "_" stays a blank field */
  uint32_t type_id;
  uint32_t offset;  /* bytes */
  uint32_t size;    /* bytes */
};
/* Field lines "NAME\vTYPE" at indentation indent, in offset order, with `_ [N]byte`
 * padding up to size; reserved names are avoided; fields that overlap an earlier one or do
 * not fit are left to the padding. names_out (n entries, or NULL) gets each field's Go name
 * (NULL when skipped). No trailing newline. */
int gotypes_fields(struct gotypes *g, const struct gofield *f, size_t n, uint32_t size,
                   int indent, const struct nameset *reserved, char **names_out, struct sbuf *out,
                   char *err, size_t errlen);

/* ---- object.c -------------------------------------------------------------------------- */

struct gen_opts {
  const char *object;  /* path of the BPF object */
  const char *name;    /* prefix of the generated identifiers (bpf2go's ident) */
  const char *package; /* Go package */
  const char *embed;   /* file name for //go:embed */
  const char *source;  /* object name shown in the header comment */
  const char *const *types; /* --type NAME...: BTF types to declare although no map or */
  size_t ntypes;            /* global has them (bpf2go's -type) */
};

/* Reads the object with libbpf and returns the template's data; NULL with err on an error. */
struct tobj *object_model(const struct gen_opts *o, const struct tmpl *t, char *err,
                          size_t errlen);

#endif
