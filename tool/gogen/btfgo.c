/* BTF types as Go types (for encoding/binary and cilium/ebpf's Map.Lookup/Update):
 *   integers        -> int8..int64 / uint8..uint64 by size and signedness; BOOL -> bool
 *   enums           -> the integer of their size and signedness
 *   floats          -> float32 / float64
 *   pointers        -> uint64 (BPF pointers are 64-bit)
 *   arrays          -> [N]T
 *   structs         -> struct with one field per member at its offset and explicit
 *                      `_ [N]byte` padding, so the Go size (binary.Size) is the BTF size;
 *                      named ones (or typedef'd anonymous ones) become declared types
 *                      <prefix><Ident(name)>, anonymous ones are written inline
 *   unions          -> their first member plus padding to the union's size
 *   typedefs, const, volatile, restrict, type tags -> the type they name
 * A type requested by --type that is not a struct or union (a typedef of an integer, array,
 * ...; an enum) is declared as `type <prefix><Ident(name)> <its Go type>`; a requested enum's
 * uses elsewhere then have that type.
 * Bitfields and members at non-byte offsets are left to the padding. Other kinds (void,
 * functions, forward declarations) cannot be expressed: an error names them. */
#include "gogen.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct alias {
  uint32_t id, decl_id;
};

struct gotypes {
  const struct btf *btf;
  char *prefix;
  struct nameset *top;
  struct gotype_decl *decls;
  size_t n, cap;
  uint32_t *layout; /* per decl: the struct/union id whose members are the fields */
  char **base;      /* per decl: BTF name (or fallback) the Go name is made from */
  struct alias *aliases;
  size_t nalias, capalias;
};

enum { MAX_DEPTH = 32 };

static const char *kind_name(const struct btf_type *t) {
  static const char *names[] = {"void",   "int",   "pointer",  "array",    "struct",   "union",
                                "enum",   "forward declaration", "typedef", "volatile", "const",
                                "restrict", "function", "function prototype", "variable",
                                "data section", "float", "declaration tag", "type tag", "enum64"};
  unsigned k = btf_kind(t);
  return k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown kind";
}

struct gotypes *gotypes_new(const struct btf *btf, const char *prefix, struct nameset *top) {
  struct gotypes *g = xcalloc(1, sizeof(*g));
  g->btf = btf;
  g->prefix = xstrdup(prefix);
  g->top = top;
  return g;
}

void gotypes_free(struct gotypes *g) {
  if (!g)
    return;
  for (size_t i = 0; i < g->n; i++) {
    free(g->decls[i].go);
    free(g->decls[i].origin);
    free(g->decls[i].requested);
    free(g->decls[i].decl);
    free(g->base[i]);
  }
  free(g->decls);
  free(g->layout);
  free(g->base);
  free(g->aliases);
  free(g->prefix);
  free(g);
}

size_t gotypes_count(const struct gotypes *g) { return g->n; }
const struct gotype_decl *gotypes_at(const struct gotypes *g, size_t i) { return &g->decls[i]; }

static const char *tname(const struct btf *btf, const struct btf_type *t) {
  return btf__name_by_offset(btf, t->name_off) ?: "";
}

static bool is_modifier(const struct btf_type *t) {
  switch (btf_kind(t)) {
  case BTF_KIND_CONST:
  case BTF_KIND_VOLATILE:
  case BTF_KIND_RESTRICT:
  case BTF_KIND_TYPE_TAG:
    return true;
  default:
    return false;
  }
}

static uint32_t skip_mods(const struct btf *btf, uint32_t id) {
  for (int i = 0; i < MAX_DEPTH; i++) {
    const struct btf_type *t = btf__type_by_id(btf, id);
    if (!t || !is_modifier(t))
      return id;
    id = t->type;
  }
  return id;
}

/* Follows modifiers and typedefs to the type that decides the Go shape. *decl is set to the
 * id a declaration is keyed by (a named struct/union, or a typedef of an anonymous one), else 0. */
static uint32_t resolve(const struct btf *btf, uint32_t id, uint32_t *decl) {
  *decl = 0;
  for (int i = 0; i < MAX_DEPTH; i++) {
    id = skip_mods(btf, id);
    const struct btf_type *t = btf__type_by_id(btf, id);
    if (!t)
      return id;
    if (btf_is_typedef(t)) {
      uint32_t target = skip_mods(btf, t->type);
      const struct btf_type *tt = btf__type_by_id(btf, target);
      if (tt && btf_is_composite(tt) && tt->name_off == 0) {
        *decl = id;
        return target;
      }
      id = t->type;
      continue;
    }
    if (btf_is_composite(t) && t->name_off != 0)
      *decl = id;
    return id;
  }
  return id;
}

/* Structural equality, for duplicate definitions in BTF that was not deduplicated. */
static bool same_type(const struct btf *btf, uint32_t a, uint32_t b, int depth) {
  if (a == b)
    return true;
  if (depth > MAX_DEPTH)
    return false;
  const struct btf_type *ta = btf__type_by_id(btf, a), *tb = btf__type_by_id(btf, b);
  if (!ta || !tb || btf_kind(ta) != btf_kind(tb) || btf_vlen(ta) != btf_vlen(tb) ||
      strcmp(tname(btf, ta), tname(btf, tb)) != 0)
    return false;
  switch (btf_kind(ta)) {
  case BTF_KIND_INT:
    return ta->size == tb->size && btf_int_encoding(ta) == btf_int_encoding(tb) &&
           btf_int_bits(ta) == btf_int_bits(tb) && btf_int_offset(ta) == btf_int_offset(tb);
  case BTF_KIND_FLOAT:
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64:
    return ta->size == tb->size && btf_kflag(ta) == btf_kflag(tb);
  case BTF_KIND_PTR:
    return true; /* every pointer is a uint64 */
  case BTF_KIND_ARRAY:
    return btf_array(ta)->nelems == btf_array(tb)->nelems &&
           same_type(btf, btf_array(ta)->type, btf_array(tb)->type, depth + 1);
  case BTF_KIND_STRUCT:
  case BTF_KIND_UNION: {
    if (ta->size != tb->size || btf_kflag(ta) != btf_kflag(tb))
      return false;
    const struct btf_member *ma = btf_members(ta), *mb = btf_members(tb);
    for (unsigned i = 0; i < btf_vlen(ta); i++) {
      if (ma[i].offset != mb[i].offset ||
          strcmp(btf__name_by_offset(btf, ma[i].name_off) ?: "",
                 btf__name_by_offset(btf, mb[i].name_off) ?: "") != 0 ||
          !same_type(btf, ma[i].type, mb[i].type, depth + 1))
        return false;
    }
    return true;
  }
  case BTF_KIND_TYPEDEF:
  case BTF_KIND_CONST:
  case BTF_KIND_VOLATILE:
  case BTF_KIND_RESTRICT:
  case BTF_KIND_TYPE_TAG:
    return same_type(btf, ta->type, tb->type, depth + 1);
  default:
    return false;
  }
}

static struct gotype_decl *find_decl(struct gotypes *g, uint32_t id) {
  for (size_t i = 0; i < g->nalias; i++)
    if (g->aliases[i].id == id) {
      id = g->aliases[i].decl_id;
      break;
    }
  for (size_t i = 0; i < g->n; i++)
    if (g->decls[i].id == id)
      return &g->decls[i];
  return NULL;
}

static void add_alias(struct gotypes *g, uint32_t id, uint32_t decl_id) {
  if (g->nalias == g->capalias) {
    g->capalias = g->capalias ? g->capalias * 2 : 16;
    g->aliases = xrealloc(g->aliases, g->capalias * sizeof(*g->aliases));
  }
  g->aliases[g->nalias++] = (struct alias){id, decl_id};
}

/* 1 if added, 0 if id (or an identical type of the same name) was already declared. */
static int add_decl(struct gotypes *g, uint32_t id, uint32_t layout, const char *base,
                    const char *origin) {
  if (find_decl(g, id))
    return 0;
  const struct btf_type *t = btf__type_by_id(g->btf, id);
  for (size_t i = 0; i < g->n; i++) {
    const struct btf_type *o = btf__type_by_id(g->btf, g->decls[i].id);
    if (t->name_off && o->name_off && strcmp(tname(g->btf, t), tname(g->btf, o)) == 0 &&
        same_type(g->btf, id, g->decls[i].id, 0)) {
      add_alias(g, id, g->decls[i].id);
      return 0;
    }
  }
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 16;
    g->decls = xrealloc(g->decls, g->cap * sizeof(*g->decls));
    g->layout = xrealloc(g->layout, g->cap * sizeof(*g->layout));
    g->base = xrealloc(g->base, g->cap * sizeof(*g->base));
  }
  const struct btf_type *l = btf__type_by_id(g->btf, layout);
  struct gotype_decl *d = &g->decls[g->n];
  memset(d, 0, sizeof(*d));
  d->id = id;
  d->composite = btf_is_composite(l);
  d->size = d->composite ? l->size : (uint32_t)btf__resolve_size(g->btf, layout);
  d->origin = xstrdup(origin);
  g->layout[g->n] = layout;
  g->base[g->n] = xstrdup(base);
  g->n++;
  return 1;
}

static int walk(struct gotypes *g, uint32_t id, int depth, char *err, size_t errlen);

static int walk_members(struct gotypes *g, uint32_t layout, int depth, char *err, size_t errlen) {
  const struct btf_type *t = btf__type_by_id(g->btf, layout);
  const struct btf_member *m = btf_members(t);
  for (unsigned i = 0; i < btf_vlen(t); i++)
    if (walk(g, m[i].type, depth + 1, err, errlen) < 0)
      return -1;
  return 0;
}

static int walk(struct gotypes *g, uint32_t id, int depth, char *err, size_t errlen) {
  if (depth > MAX_DEPTH) {
    snprintf(err, errlen, "BTF type %u: types nested deeper than %d", id, MAX_DEPTH);
    return -1;
  }
  uint32_t decl, u = resolve(g->btf, id, &decl);
  const struct btf_type *t = btf__type_by_id(g->btf, u);
  if (!t)
    return 0;
  if (decl) {
    const struct btf_type *dt = btf__type_by_id(g->btf, decl);
    char *origin = xasprintf("%s %s", btf_is_union(t) ? "union" : btf_is_typedef(dt) ? "typedef"
                                                                                     : "struct",
                             tname(g->btf, dt));
    int added = add_decl(g, decl, u, tname(g->btf, dt), origin);
    free(origin);
    return added ? walk_members(g, u, depth, err, errlen) : 0;
  }
  if (btf_is_array(t))
    return walk(g, btf_array(t)->type, depth + 1, err, errlen);
  if (btf_is_composite(t))
    return walk_members(g, u, depth, err, errlen);
  return 0;
}

int gotypes_collect(struct gotypes *g, uint32_t id, const char *fallback, const char *origin,
                    char *err, size_t errlen) {
  uint32_t decl, u = resolve(g->btf, id, &decl);
  const struct btf_type *t = btf__type_by_id(g->btf, u);
  if (!decl && t && btf_is_composite(t) && fallback) {
    if (add_decl(g, u, u, fallback, origin))
      return walk_members(g, u, 0, err, errlen);
    return 0;
  }
  return walk(g, id, 0, err, errlen);
}

int gotypes_request(struct gotypes *g, uint32_t id, const char *name, char *err, size_t errlen) {
  const struct btf_type *t = btf__type_by_id(g->btf, id);
  uint32_t decl, u = resolve(g->btf, id, &decl);
  const struct btf_type *ut = btf__type_by_id(g->btf, u);
  if (!t || !ut) {
    snprintf(err, errlen, "--type %s: BTF type %u does not exist", name, id);
    return -1;
  }
  if (decl) {
    /* a struct or union: declared like a map's key or value. A typedef'd anonymous one that
     * a map has without the typedef is declared already (as <Map>Key/Value): that one. */
    if (btf_is_typedef(btf__type_by_id(g->btf, decl)) && !find_decl(g, decl) && find_decl(g, u))
      add_alias(g, decl, u);
    if (walk(g, id, 0, err, errlen) < 0)
      return -1;
  } else {
    /* an integer, enum, float, pointer or array type: `type X <its Go type>`, keyed by the
     * typedef or enum, so that only the enum's uses elsewhere become X */
    uint32_t key = btf_is_typedef(t) ? id : u;
    const struct btf_type *kt = btf__type_by_id(g->btf, key);
    char *origin = xasprintf("%s %s", btf_is_typedef(kt) ? "typedef" : "enum", tname(g->btf, kt));
    int added = add_decl(g, key, u, tname(g->btf, kt), origin);
    free(origin);
    if (added && walk(g, u, 0, err, errlen) < 0)
      return -1;
    decl = key;
  }
  struct gotype_decl *d = find_decl(g, decl);
  if (d && !d->requested)
    d->requested = xstrdup(name);
  return 0;
}

/* ---- Go text --------------------------------------------------------------------------- */

static void int_expr(const struct btf_type *t, struct sbuf *out) {
  uint8_t enc = btf_int_encoding(t);
  if ((enc & BTF_INT_BOOL) && t->size == 1) {
    sb_puts(out, "bool");
    return;
  }
  bool sign = enc & BTF_INT_SIGNED;
  switch (t->size) {
  case 1:
  case 2:
  case 4:
  case 8:
    sb_printf(out, "%s%u", sign ? "int" : "uint", t->size * 8);
    break;
  default:
    sb_printf(out, "[%u]byte", t->size);
  }
}

static void sized_int(uint32_t size, bool sign, struct sbuf *out) {
  if (size == 1 || size == 2 || size == 4 || size == 8)
    sb_printf(out, "%s%u", sign ? "int" : "uint", size * 8);
  else
    sb_printf(out, "[%u]byte", size);
}

struct field_vec {
  struct gofield *f;
  size_t n, cap;
};

static void push_field(struct field_vec *v, const char *name, uint32_t type, uint32_t off,
                       uint32_t size) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 16;
    v->f = xrealloc(v->f, v->cap * sizeof(*v->f));
  }
  v->f[v->n++] = (struct gofield){name, type, off, size};
}

/* Members of a struct/union as fields; anonymous struct/union members are flattened (a
 * union contributes its first member), bitfields and odd offsets are skipped. */
static void flatten(struct gotypes *g, uint32_t layout, uint32_t base_bits, int depth,
                    struct field_vec *v) {
  const struct btf_type *t = btf__type_by_id(g->btf, layout);
  const struct btf_member *m = btf_members(t);
  bool uni = btf_is_union(t);
  if (depth > MAX_DEPTH)
    return;
  for (unsigned i = 0; i < btf_vlen(t); i++) {
    if (btf_member_bitfield_size(t, i))
      continue;
    uint32_t bits = base_bits + btf_member_bit_offset(t, i);
    if (bits % 8)
      continue;
    const char *name = btf__name_by_offset(g->btf, m[i].name_off) ?: "";
    if (!*name) {
      uint32_t decl, u = resolve(g->btf, m[i].type, &decl);
      const struct btf_type *ut = btf__type_by_id(g->btf, u);
      if (ut && btf_is_composite(ut) && !decl) {
        flatten(g, u, bits, depth + 1, v);
        if (uni)
          break;
      }
      continue;
    }
    long long size = btf__resolve_size(g->btf, m[i].type);
    if (size <= 0)
      continue;
    push_field(v, name, m[i].type, bits / 8, (uint32_t)size);
    if (uni)
      break;
  }
}

static int layout_fields(struct gotypes *g, uint32_t layout, int indent, struct sbuf *out,
                         char *err, size_t errlen) {
  struct field_vec v = {0};
  const struct btf_type *t = btf__type_by_id(g->btf, layout);
  flatten(g, layout, 0, 0, &v);
  struct nameset none = {0};
  int rc = gotypes_fields(g, v.f, v.n, t->size, indent, &none, NULL, out, err, errlen);
  free(v.f);
  return rc;
}

int gotypes_expr(struct gotypes *g, uint32_t id, int indent, struct sbuf *out, bool *multiline,
                 char *err, size_t errlen) {
  uint32_t decl, u = resolve(g->btf, id, &decl);
  const struct btf_type *t = btf__type_by_id(g->btf, u);
  struct gotype_decl *d = find_decl(g, decl ? decl : u);
  if (d) {
    sb_puts(out, d->go);
    return 0;
  }
  if (!t) {
    snprintf(err, errlen, "BTF type %u does not exist", u);
    return -1;
  }
  switch (btf_kind(t)) {
  case BTF_KIND_INT:
    int_expr(t, out);
    return 0;
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64:
    sized_int(t->size, btf_kflag(t), out);
    return 0;
  case BTF_KIND_FLOAT:
    if (t->size == 4 || t->size == 8)
      sb_printf(out, "float%u", t->size * 8);
    else
      sb_printf(out, "[%u]byte", t->size);
    return 0;
  case BTF_KIND_PTR:
    sb_puts(out, "uint64");
    return 0;
  case BTF_KIND_ARRAY:
    sb_printf(out, "[%u]", btf_array(t)->nelems);
    return gotypes_expr(g, btf_array(t)->type, indent, out, multiline, err, errlen);
  case BTF_KIND_STRUCT:
  case BTF_KIND_UNION: {
    struct sbuf body;
    sb_init(&body);
    if (layout_fields(g, u, indent + 1, &body, err, errlen) < 0) {
      sb_free(&body);
      return -1;
    }
    if (body.len == 0) {
      sb_puts(out, "struct{}");
    } else {
      /* go/printer ends the lines after "{" and before "}" of a struct type with formfeeds:
       * the inner fields are aligned on their own */
      sb_printf(out, "struct {%c", GO_FF);
      sb_puts(out, sb_str(&body));
      sb_putc(out, GO_FF);
      sb_indent(out, indent);
      sb_putc(out, '}');
      *multiline = true;
    }
    sb_free(&body);
    return 0;
  }
  default:
    snprintf(err, errlen, "BTF type %u (%s%s%s) has no Go equivalent", u, kind_name(t),
             t->name_off ? " " : "", tname(g->btf, t));
    return -1;
  }
}

int gotypes_fields(struct gotypes *g, const struct gofield *f, size_t n, uint32_t size,
                   int indent, const struct nameset *reserved, char **names_out, struct sbuf *out,
                   char *err, size_t errlen) {
  struct nameset names = {0};
  for (size_t i = 0; i < reserved->n; i++)
    ns_add(&names, reserved->names[i]);
  /* offset order, stable */
  size_t *order = xcalloc(n + 1, sizeof(size_t));
  for (size_t i = 0; i < n; i++) {
    size_t j = i;
    while (j > 0 && f[order[j - 1]].offset > f[i].offset) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  uint32_t cur = 0;
  bool first = true, prev_multi = false;
  int rc = 0;
  for (size_t k = 0; k <= n; k++) {
    const struct gofield *x = k < n ? &f[order[k]] : NULL;
    if (names_out && x)
      names_out[order[k]] = NULL;
    if (x && (x->size == 0 || x->offset < cur || x->offset + x->size > size))
      continue; /* overlapping (union), empty or out of bounds: left to the padding */
    uint32_t end = x ? x->offset : size;
    if (end > cur) {
      if (!first)
        sb_putc(out, prev_multi ? GO_FF : '\n');
      sb_indent(out, indent);
      sb_printf(out, "_%c[%u]byte", GO_CELL, end - cur);
      first = false;
      prev_multi = false;
    }
    if (!x)
      break;
    struct sbuf ty;
    bool multi = false;
    sb_init(&ty);
    if (gotypes_expr(g, x->type_id, indent, &ty, &multi, err, errlen) < 0) {
      sb_free(&ty);
      rc = -1;
      break;
    }
    char *id = NULL;
    if (strcmp(x->name, "_") == 0) {
      id = xstrdup("_");
    } else {
      char *base = go_ident(x->name);
      id = ns_claim(&names, base);
      free(base);
    }
    if (!first)
      sb_putc(out, prev_multi ? GO_FF : '\n');
    sb_indent(out, indent);
    sb_printf(out, "%s%c%s", id, GO_CELL, sb_str(&ty));
    if (names_out)
      names_out[order[k]] = id;
    else
      free(id);
    sb_free(&ty);
    first = false;
    prev_multi = multi;
    cur = x->offset + x->size;
  }
  free(order);
  ns_free(&names);
  return rc;
}

struct sort_item {
  char *name;
  uint32_t id;
  size_t idx;
};

static int cmp_items(const void *a, const void *b) {
  const struct sort_item *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (c)
    return c;
  return x->id < y->id ? -1 : x->id > y->id;
}

int gotypes_finish(struct gotypes *g, char *err, size_t errlen) {
  struct sort_item *items = xcalloc(g->n + 1, sizeof(*items));
  for (size_t i = 0; i < g->n; i++) {
    char *id = go_ident(g->base[i]);
    items[i].name = xasprintf("%s%s", g->prefix, id);
    items[i].id = g->decls[i].id;
    items[i].idx = i;
    free(id);
  }
  qsort(items, g->n, sizeof(*items), cmp_items);
  struct gotype_decl *decls = xcalloc(g->n + 1, sizeof(*decls));
  uint32_t *layout = xcalloc(g->n + 1, sizeof(*layout));
  char **base = xcalloc(g->n + 1, sizeof(*base));
  for (size_t i = 0; i < g->n; i++) {
    decls[i] = g->decls[items[i].idx];
    layout[i] = g->layout[items[i].idx];
    base[i] = g->base[items[i].idx];
    decls[i].go = ns_claim(g->top, items[i].name);
    free(items[i].name);
  }
  free(items);
  free(g->decls);
  free(g->layout);
  free(g->base);
  g->decls = decls;
  g->layout = layout;
  g->base = base;

  for (size_t i = 0; i < g->n; i++) {
    struct sbuf b;
    sb_init(&b);
    if (!g->decls[i].composite) {
      /* requested by --type: a typedef (of what it names) or an enum (an integer) */
      const struct btf_type *t = btf__type_by_id(g->btf, g->decls[i].id);
      bool multi = false;
      sb_printf(&b, "type %s ", g->decls[i].go);
      if (btf_is_typedef(t)) {
        if (gotypes_expr(g, t->type, 0, &b, &multi, err, errlen) < 0) {
          char *msg = xstrdup(err);
          snprintf(err, errlen, "--type %s: %s", g->decls[i].requested ?: g->base[i], msg);
          free(msg);
          sb_free(&b);
          return -1;
        }
      } else {
        sized_int(t->size, btf_kflag(t), &b);
      }
      g->decls[i].decl = sb_steal(&b);
      continue;
    }
    sb_printf(&b, "type %s struct {\n", g->decls[i].go);
    size_t before = b.len;
    if (layout_fields(g, g->layout[i], 1, &b, err, errlen) < 0) {
      sb_free(&b);
      return -1;
    }
    if (b.len > before)
      sb_putc(&b, '\n');
    sb_putc(&b, '}');
    g->decls[i].decl = sb_steal(&b);
  }
  return 0;
}
