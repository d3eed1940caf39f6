/* tbpf-gen-types (tbpf-core gen-types): Go declarations of kernel types from BTF, in
 * tbpf-core's CO-RE convention. See README.md next to this file for every spelling. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel_names.h"
#include "util.h"

#define DEFAULT_BTF "/sys/kernel/btf/vmlinux"

static const char usage[] =
	"usage: tbpf-gen-types [--btf FILE] TYPE[.FIELD,...]... -o FILE.go --package NAME\n"
	"                      [--stub FILE | --no-stub]\n"
	"\n"
	"Writes Go declarations of the named kernel types (struct, union, enum or typedef names)\n"
	"in tbpf-core's CO-RE convention: struct task_struct -> bpfCoreTaskStruct, member\n"
	"real_parent -> RealParent. TYPE.FIELD,... keeps only those members, at their offsets,\n"
	"with explicit padding. Types the members need by value come along; pointers to types\n"
	"not generated are uintptr (name the pointed-to type to get a typed pointer).\n"
	"\n"
	"  --btf FILE     BTF to read: raw BTF or an ELF file with .BTF (default: the running\n"
	"                 kernel's, $TBPF_KERNEL_BTF or " DEFAULT_BTF ")\n"
	"  -o FILE.go     output, built for TinyGo (//go:build tinygo)\n"
	"  --package NAME Go package name (default main)\n"
	"  --stub FILE    the same declarations for other builds (//go:build !tinygo), so IDEs and\n"
	"                 go vet see them; default FILE_stub.go next to -o\n"
	"  --no-stub      do not write the stub\n";

/* ------------------------------------------------------------------------------------- */
/* Command line                                                                          */

struct spec {
	char *arg;  /* as given */
	char *name; /* TYPE */
	char **fields;
	size_t nfields; /* 0: all members */
	uint32_t id;    /* resolved BTF type */
};

static struct btf *btf;
static const char *btf_label;
static bool btf_given; /* --btf on the command line */

/* ------------------------------------------------------------------------------------- */
/* Go names                                                                              */

static bool go_keyword(const char *s)
{
	static const char *const kw[] = {"break",  "case",   "chan",      "const",       "continue", "default",
					 "defer",  "else",   "fallthrough", "for",      "func",     "go",
					 "goto",   "if",     "import",    "interface",   "map",      "package",
					 "range",  "return", "select",    "struct",      "switch",   "type",
					 "var",    NULL};
	for (size_t i = 0; kw[i]; i++)
		if (strcmp(s, kw[i]) == 0)
			return true;
	return false;
}

static bool maps_back(const char *go, const char *kernel)
{
	char *k = tbpf_kernel_name(go, strlen(go));
	bool ok = strcmp(k, kernel) == 0;
	free(k);
	return ok;
}

/* The Go spelling of a kernel name: CamelCase ("real_parent" -> "RealParent") when
 * tbpf-core maps it back exactly, else the kernel name plus "_" ("__state" -> "__state_"),
 * which tbpf-core takes verbatim. */
static char *go_ident(const char *kernel)
{
	size_t n = strlen(kernel);
	char *c = gt_xmalloc(n + 1);
	size_t o = 0;
	bool up = true;
	for (size_t i = 0; i < n; i++) {
		if (kernel[i] == '_') {
			up = true;
			continue;
		}
		c[o++] = up ? (char)toupper((unsigned char)kernel[i]) : kernel[i];
		up = false;
	}
	c[o] = 0;
	if (o && isupper((unsigned char)c[0]) && maps_back(c, kernel))
		return c;
	gt_free(c);
	c = gt_printf("%s_", kernel);
	if (!maps_back(c, kernel))
		gt_die("internal: no Go spelling for kernel name '%s'", kernel);
	return c;
}

/* ------------------------------------------------------------------------------------- */
/* BTF helpers                                                                           */

static const struct btf_type *bt(uint32_t id)
{
	return btf__type_by_id(btf, id);
}

static const char *bname(const struct btf_type *t)
{
	const char *s = btf__name_by_offset(btf, t->name_off);
	return s ? s : "";
}

static uint32_t skip_mods(uint32_t id)
{
	const struct btf_type *t = bt(id);
	while (t && btf_is_mod(t)) {
		id = t->type;
		t = bt(id);
	}
	return id;
}

static uint32_t skip_mods_typedefs(uint32_t id)
{
	const struct btf_type *t = bt(id);
	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = bt(id);
	}
	return id;
}

static const char *kind_word(const struct btf_type *t)
{
	if (btf_is_struct(t))
		return "struct";
	if (btf_is_union(t))
		return "union";
	if (btf_is_any_enum(t))
		return "enum";
	if (btf_is_typedef(t))
		return "typedef";
	return "type";
}

/* ------------------------------------------------------------------------------------- */
/* Generated types                                                                       */

enum gkind {
	G_CORE,  /* named struct: bpfCore<Name>, relocated by tbpf-core */
	G_UNION, /* named union: bpfUnion<Name> */
	G_ENUM,  /* named enum: bpfEnum<Name> + constants */
	G_PLAIN, /* anonymous struct/union: bpfTypedef<Name> or bpfAnon<Parent>_<Member> */
};

struct ent { /* a member, with anonymous members flattened */
	const char *name;
	uint32_t type, bit_off, bitfield;
	bool alt;       /* in a union member other than the first */
	int group_head; /* first entry of union #n's first member */
	int group;      /* entry of union #n's other members */
};

struct gfield {
	char *go;          /* "_" for padding */
	const char *kname; /* NULL for padding */
	uint32_t type, off, size;
	bool bytes; /* spelt [size]byte */
	char *comment;
};

struct gtype {
	uint32_t id;
	enum gkind kind;
	char *go;
	const char *kname;
	char *origin; /* "struct task_struct" */
	bool restricted;
	char **sel;
	size_t nsel;
	struct gfield *f;
	size_t nf;
	uint32_t size, align;
	int state; /* 0 new, 1 in layout, 2 done */
};

static struct gtype **types;
static size_t ntypes;
static struct gtype **by_id; /* per BTF id */
static struct spec *specs;
static size_t nspecs;
static int ngroups;

static struct gtype *gtype_of(uint32_t id)
{
	return by_id[id];
}

static bool go_name_taken(const char *go)
{
	for (size_t i = 0; i < ntypes; i++)
		if (strcmp(types[i]->go, go) == 0)
			return true;
	return false;
}

/* bpfCore<Go(name)>, or for a second definition of the same name the CO-RE flavour
 * name___2 (libbpf ignores ___suffixes when matching kernel types). */
static char *unique_kernel_type_name(const char *prefix, const char *kname)
{
	for (int n = 1;; n++) {
		char *k = n == 1 ? gt_xstrdup(kname) : gt_printf("%s___%d", kname, n);
		char *id = go_ident(k);
		char *go = gt_printf("%s%s", prefix, id);
		gt_free(k);
		gt_free(id);
		if (!go_name_taken(go))
			return go;
		gt_free(go);
	}
}

static char *unique_plain_name(const char *base)
{
	if (!go_name_taken(base))
		return gt_xstrdup(base);
	for (int n = 2;; n++) {
		char *go = gt_printf("%s_%d", base, n);
		if (!go_name_taken(go))
			return go;
		gt_free(go);
	}
}

static const char *go_stem(const struct gtype *g)
{
	static const char *const prefixes[] = {"bpfCore", "bpfUnion", "bpfTypedef", "bpfAnon", "bpfEnum"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strncmp(g->go, prefixes[i], strlen(prefixes[i])) == 0)
			return g->go + strlen(prefixes[i]);
	return g->go;
}

static void layout(struct gtype *g);

static struct gtype *need_type(uint32_t id, const char *typedef_name, struct gtype *parent, const char *member_go)
{
	if (by_id[id])
		return by_id[id];
	const struct btf_type *t = bt(id);
	const char *name = bname(t);
	struct gtype *g = gt_xmalloc(sizeof *g);
	g->id = id;
	g->kname = name;
	if (btf_is_any_enum(t)) {
		g->kind = G_ENUM;
		g->go = unique_kernel_type_name("bpfEnum", name);
		g->origin = gt_printf("enum %s", name);
	} else if (name[0]) {
		g->kind = btf_is_union(t) ? G_UNION : G_CORE;
		g->go = unique_kernel_type_name(g->kind == G_UNION ? "bpfUnion" : "bpfCore", name);
		g->origin = gt_printf("%s %s", kind_word(t), name);
	} else {
		g->kind = G_PLAIN;
		char *base;
		if (typedef_name) {
			char *id_ = go_ident(typedef_name);
			base = gt_printf("bpfTypedef%s", id_);
			gt_free(id_);
			g->origin = gt_printf("typedef %s, an anonymous %s", typedef_name, kind_word(t));
		} else {
			base = gt_printf("bpfAnon%s_%s", parent ? go_stem(parent) : "", member_go ? member_go : "");
			g->origin = gt_printf("the anonymous %s of %s.%s", kind_word(t), parent ? parent->go : "?",
					      member_go ? member_go : "?");
		}
		g->go = unique_plain_name(base);
		gt_free(base);
	}
	g->size = btf_is_any_enum(t) || btf_is_composite(t) ? t->size : 0;
	g->align = 1;
	by_id[id] = g;
	types = gt_xrealloc(types, (ntypes + 1) * sizeof *types);
	types[ntypes++] = g;

	for (size_t i = 0; i < nspecs; i++) {
		if (specs[i].id != id)
			continue;
		if (!specs[i].nfields) {
			g->restricted = false;
			g->nsel = (size_t)-1;
		} else if (g->nsel != (size_t)-1) {
			g->restricted = true;
			for (size_t k = 0; k < specs[i].nfields; k++) {
				bool dup = false;
				for (size_t j = 0; j < g->nsel; j++)
					dup |= strcmp(g->sel[j], specs[i].fields[k]) == 0;
				if (dup)
					continue;
				g->sel = gt_xrealloc(g->sel, (g->nsel + 1) * sizeof *g->sel);
				g->sel[g->nsel++] = specs[i].fields[k];
			}
		}
	}
	if (g->nsel == (size_t)-1)
		g->nsel = 0;

	if (g->kind == G_ENUM) {
		g->align = g->size == 1 || g->size == 2 || g->size == 4 || g->size == 8 ? g->size : 1;
		g->state = 2;
	} else {
		layout(g);
	}
	return g;
}

/* Makes sure the types a member of type `id` holds by value are generated. */
static void prepare(uint32_t id, struct gtype *parent, const char *member_go)
{
	id = skip_mods(id);
	const struct btf_type *t = bt(id);
	if (!t)
		return;
	if (btf_is_array(t)) {
		prepare(btf_array(t)->type, parent, member_go);
	} else if (btf_is_typedef(t)) {
		uint32_t inner = skip_mods(t->type);
		const struct btf_type *it = bt(inner);
		if (it && btf_is_composite(it) && !bname(it)[0])
			need_type(inner, bname(t), parent, member_go);
		else
			prepare(t->type, parent, member_go);
	} else if (btf_is_composite(t)) {
		need_type(id, NULL, parent, member_go);
	} else if (btf_is_any_enum(t) && bname(t)[0]) {
		need_type(id, NULL, parent, member_go);
	}
}

static uint32_t go_align(uint32_t id)
{
	id = skip_mods(id);
	const struct btf_type *t = bt(id);
	if (!t)
		return 1;
	if (btf_is_int(t)) {
		if (t->size >= 8)
			return t->size == 8 || t->size == 16 ? 8 : 1;
		return t->size == 1 || t->size == 2 || t->size == 4 ? t->size : 1;
	}
	if (btf_is_ptr(t))
		return 8;
	if (btf_is_array(t))
		return go_align(btf_array(t)->type);
	if (btf_is_typedef(t)) {
		uint32_t inner = skip_mods(t->type);
		if (btf_is_composite(bt(inner)) && !bname(bt(inner))[0] && gtype_of(inner))
			return gtype_of(inner)->align;
		return go_align(t->type);
	}
	if (btf_is_composite(t))
		return gtype_of(id) ? gtype_of(id)->align : 1;
	if (btf_is_any_enum(t))
		return t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8 ? t->size : 1;
	return 1;
}

static char *int_type(uint32_t size, bool is_signed)
{
	switch (size) {
	case 1: return gt_xstrdup(is_signed ? "int8" : "uint8");
	case 2: return gt_xstrdup(is_signed ? "int16" : "uint16");
	case 4: return gt_xstrdup(is_signed ? "int32" : "uint32");
	case 8: return gt_xstrdup(is_signed ? "int64" : "uint64");
	case 16: return gt_xstrdup("[2]uint64");
	default: return gt_printf("[%u]byte", size);
	}
}

static struct gtype *generated_named(const struct btf_type *t)
{
	struct gtype *best = NULL;
	enum gkind want = btf_is_union(t) ? G_UNION : G_CORE;
	for (size_t i = 0; i < ntypes; i++)
		if (types[i]->kind == want && strcmp(types[i]->kname, bname(t)) == 0 && (!best || types[i]->id < best->id))
			best = types[i];
	return best;
}

/* The Go type of a member of BTF type `id`. */
static char *go_type(uint32_t id)
{
	id = skip_mods(id);
	const struct btf_type *t = bt(id);
	if (!t || id == 0)
		return gt_xstrdup("[0]byte");
	if (btf_is_int(t)) {
		uint8_t enc = btf_int_encoding(t);
		if (enc & BTF_INT_BOOL && t->size == 1)
			return gt_xstrdup("bool");
		if (t->size == 1 && (enc & BTF_INT_CHAR || strcmp(bname(t), "char") == 0))
			return gt_xstrdup("byte");
		return int_type(t->size, enc & BTF_INT_SIGNED);
	}
	if (btf_is_ptr(t)) {
		const struct btf_type *p = bt(skip_mods_typedefs(t->type));
		struct gtype *g = p && btf_is_composite(p) && bname(p)[0] ? generated_named(p) : NULL;
		return g ? gt_printf("*%s", g->go) : gt_xstrdup("uintptr");
	}
	if (btf_is_array(t)) {
		char *elem = go_type(btf_array(t)->type);
		char *s = gt_printf("[%u]%s", btf_array(t)->nelems, elem);
		gt_free(elem);
		return s;
	}
	if (btf_is_typedef(t)) {
		uint32_t inner = skip_mods(t->type);
		if (btf_is_composite(bt(inner)) && !bname(bt(inner))[0] && gtype_of(inner))
			return gt_xstrdup(gtype_of(inner)->go);
		return go_type(t->type);
	}
	if (btf_is_composite(t) && gtype_of(id))
		return gt_xstrdup(gtype_of(id)->go);
	if (btf_is_any_enum(t)) {
		if (gtype_of(id))
			return gt_xstrdup(gtype_of(id)->go);
		return int_type(t->size, btf_kflag(t));
	}
	return gt_printf("[%u]byte", t->size);
}

/* ------------------------------------------------------------------------------------- */
/* Layout                                                                                */

struct ents {
	struct ent *v;
	size_t n;
};

static void flatten(uint32_t id, uint32_t base, bool alt, struct ents *e)
{
	const struct btf_type *t = bt(id);
	bool is_union = btf_is_union(t);
	int gid = is_union ? ++ngroups : 0;
	const struct btf_member *m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(btf, m[i].name_off);
		uint32_t off = base + btf_member_bit_offset(t, i);
		uint32_t bf = btf_member_bitfield_size(t, i);
		bool a = alt || (is_union && i > 0);
		size_t before = e->n;
		if (!name || !name[0]) {
			uint32_t inner = skip_mods_typedefs(m[i].type);
			if (!bf && btf_is_composite(bt(inner)))
				flatten(inner, off, a, e);
			/* else: an unnamed bitfield, padding */
		} else {
			e->v = gt_xrealloc(e->v, (e->n + 1) * sizeof *e->v);
			e->v[e->n++] = (struct ent){name, m[i].type, off, bf, a, 0, 0};
		}
		if (!is_union || e->n == before)
			continue;
		if (i == 0) {
			if (!e->v[before].group_head)
				e->v[before].group_head = gid;
		} else {
			for (size_t k = before; k < e->n; k++)
				if (!e->v[k].group)
					e->v[k].group = gid;
		}
	}
}

static int cmp_ent_ptr(const void *a, const void *b)
{
	const struct ent *x = *(const struct ent *const *)a, *y = *(const struct ent *const *)b;
	if (x->bit_off != y->bit_off)
		return x->bit_off < y->bit_off ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void suggest(struct gt_buf *b, const char *want, const char *const *names, size_t n)
{
	size_t limit = strlen(want) / 3 + 1, best = limit + 1;
	const char *pick = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = gt_edit_distance(want, names[i], best < limit + 1 ? best : limit);
		if (d < best || (d == best && pick && strcmp(names[i], pick) < 0)) {
			if (d <= limit) {
				best = d;
				pick = names[i];
			}
		}
	}
	if (pick)
		gt_buf_add(b, "; did you mean '%s'?", pick);
}

static void add_field(struct gtype *g, struct gfield f)
{
	g->f = gt_xrealloc(g->f, (g->nf + 1) * sizeof *g->f);
	g->f[g->nf++] = f;
}

static void add_pad(struct gtype *g, uint32_t off, uint32_t n, struct gt_buf *pending)
{
	char *comment = NULL;
	if (pending->len) {
		comment = gt_xstrdup(pending->s);
		gt_buf_free(pending);
	}
	add_field(g, (struct gfield){gt_xstrdup("_"), NULL, 0, off, n, true, comment});
}

static void layout(struct gtype *g)
{
	g->state = 1;
	struct ents e = {0};
	flatten(g->id, 0, false, &e);
	const struct btf_type *t = bt(g->id);

	struct ent **sel = gt_xmalloc((e.n + 1) * sizeof *sel);
	size_t nsel = 0;
	if (!g->restricted) {
		for (size_t i = 0; i < e.n; i++)
			if (!e.v[i].alt)
				sel[nsel++] = &e.v[i];
	} else {
		for (size_t k = 0; k < g->nsel; k++) {
			struct ent *hit = NULL;
			for (size_t i = 0; i < e.n && !hit; i++)
				if (strcmp(e.v[i].name, g->sel[k]) == 0)
					hit = &e.v[i];
			if (!hit) {
				struct gt_buf b = {0};
				const char **names = gt_xmalloc((e.n + 1) * sizeof *names);
				for (size_t i = 0; i < e.n; i++)
					names[i] = e.v[i].name;
				gt_buf_add(&b, "%s has no member '%s'", g->origin, g->sel[k]);
				suggest(&b, g->sel[k], names, e.n);
				gt_die("%s", b.s);
			}
			if (hit->bitfield)
				gt_die("%s.%s is a bitfield (%u bit%s): Go cannot address it; generate the type "
				       "without a field list to see its bytes (padding named in a comment)",
				       g->origin, hit->name, hit->bitfield, hit->bitfield == 1 ? "" : "s");
			sel[nsel++] = hit;
		}
	}
	qsort(sel, nsel, sizeof *sel, cmp_ent_ptr);

	uint32_t pos = 0;
	const struct ent *prev = NULL;
	struct gt_buf pending = {0};
	for (size_t i = 0; i < nsel; i++) {
		const struct ent *x = sel[i];
		if (x->bitfield || x->bit_off % 8) {
			gt_buf_add(&pending, "%s%s:%u", pending.len ? ", " : "bitfields: ", x->name,
				   x->bitfield ? x->bitfield : 0);
			continue;
		}
		uint32_t off = x->bit_off / 8;
		int sz = btf__resolve_size(btf, x->type);
		if (sz < 0)
			gt_die("cannot size %s.%s in BTF %s", g->origin, x->name, btf_label);
		if (off < pos) {
			if (g->restricted)
				gt_die("%s: members %s and %s share bytes (members of one union): a Go struct "
				       "holds one of them; list only one",
				       g->origin, prev ? prev->name : "?", x->name);
			gt_buf_add(&pending, "%s%s (overlaps)", pending.len ? ", " : "", x->name);
			continue;
		}
		if (off > pos)
			add_pad(g, pos, off - pos, &pending);
		char *go = go_ident(x->name);
		prepare(x->type, g, go);
		struct gfield f = {go, x->name, x->type, off, (uint32_t)sz, false, NULL};
		uint32_t a = go_align(x->type);
		if (off % a) {
			f.bytes = true;
			f.comment = gt_xstrdup("misaligned for Go: bytes");
		}
		if (x->group_head && !g->restricted) {
			struct gt_buf alts = {0};
			unsigned n = 0;
			for (size_t k = 0; k < e.n; k++) {
				if (e.v[k].group != x->group_head)
					continue;
				if (n < 6)
					gt_buf_add(&alts, "%s%s", n ? ", " : "", e.v[k].name);
				n++;
			}
			if (n > 6)
				gt_buf_add(&alts, ", ... (%u in all)", n);
			if (n) {
				char *c = gt_printf("union: also %s", alts.s);
				if (f.comment) {
					char *both = gt_printf("%s; %s", f.comment, c);
					gt_free(c);
					gt_free(f.comment);
					c = both;
				}
				f.comment = c;
			}
			gt_buf_free(&alts);
		}
		add_field(g, f);
		pos = off + (uint32_t)sz;
		prev = x;
	}
	if (t->size > pos)
		add_pad(g, pos, t->size - pos, &pending);
	gt_buf_free(&pending);

	/* A packed struct's size need not be a multiple of its members' Go alignment: spell the
	 * members that force it as bytes, so unsafe.Sizeof equals the kernel's size. */
	uint32_t align = 1;
	for (size_t i = 0; i < g->nf; i++)
		if (!g->f[i].bytes && go_align(g->f[i].type) > align)
			align = go_align(g->f[i].type);
	if (t->size % align) {
		align = 1;
		for (size_t i = 0; i < g->nf; i++) {
			if (g->f[i].bytes)
				continue;
			uint32_t a = go_align(g->f[i].type);
			if (t->size % a) {
				g->f[i].bytes = true;
				gt_free(g->f[i].comment);
				g->f[i].comment = gt_xstrdup("packed struct: bytes");
			} else if (a > align) {
				align = a;
			}
		}
	}
	g->align = align;
	gt_free(sel);
	gt_free(e.v);
	g->state = 2;
}

/* ------------------------------------------------------------------------------------- */
/* Output                                                                                */

static void render_doc(struct gt_buf *out, struct gtype *g)
{
	switch (g->kind) {
	case G_CORE:
		gt_buf_add(out, "// %s is %s (%u bytes), relocated by tbpf-core (CO-RE).\n", g->go, g->origin, g->size);
		break;
	case G_UNION:
		gt_buf_add(out, "// %s is %s (%u bytes): one member at offset 0, then padding.\n", g->go, g->origin,
			   g->size);
		gt_buf_add(out, "// Not a CO-RE root (libbpf matches roots by kind); the member holding it is relocated.\n");
		break;
	case G_PLAIN:
		gt_buf_add(out, "// %s is %s (%u bytes).\n", g->go, g->origin, g->size);
		gt_buf_add(out, "// Not a CO-RE root (no kernel name); the member holding it is relocated.\n");
		break;
	case G_ENUM:
		gt_buf_add(out, "// %s is %s.\n", g->go, g->origin);
		break;
	}
	if (g->restricted) {
		gt_buf_add(out, "// Only");
		for (size_t i = 0; i < g->nsel; i++)
			gt_buf_add(out, "%s %s", i ? "," : "", g->sel[i]);
		gt_buf_add(out, "; the other bytes are padding.\n");
	}
}

static void render_struct(struct gt_buf *out, struct gtype *g)
{
	render_doc(out, g);
	if (!g->nf) {
		gt_buf_add(out, "type %s struct{}\n", g->go);
		return;
	}
	gt_buf_add(out, "type %s struct {\n", g->go);
	struct gt_row *rows = gt_xmalloc(g->nf * sizeof *rows);
	char **typestr = gt_xmalloc(g->nf * sizeof *typestr);
	char **tails = gt_xmalloc(g->nf * sizeof *tails);
	for (size_t i = 0; i < g->nf; i++) {
		struct gfield *f = &g->f[i];
		typestr[i] = f->bytes ? gt_printf("[%u]byte", f->size) : go_type(f->type);
		rows[i].cells[0] = f->go;
		if (f->comment) {
			rows[i].cells[1] = typestr[i];
			rows[i].ncells = 2;
			tails[i] = gt_printf("// %s", f->comment);
		} else {
			rows[i].ncells = 1;
			tails[i] = gt_xstrdup(typestr[i]);
		}
		rows[i].tail = tails[i];
	}
	gt_format_rows(out, "\t", rows, g->nf);
	gt_buf_add(out, "}\n");
	for (size_t i = 0; i < g->nf; i++) {
		gt_free(typestr[i]);
		gt_free(tails[i]);
	}
	gt_free(typestr);
	gt_free(tails);
	gt_free(rows);
}

struct cname {
	const char *name;
	uint32_t id;
};
static struct cname *consts;
static size_t nconsts;

static void render_enum(struct gt_buf *out, struct gtype *g)
{
	const struct btf_type *t = bt(g->id);
	bool is_signed = btf_kflag(t);
	char *under = int_type(t->size, is_signed);
	render_doc(out, g);
	gt_buf_add(out, "type %s %s\n", g->go, under);
	gt_free(under);
	unsigned n = btf_vlen(t);
	if (!n)
		return;
	struct gt_row *rows = gt_xmalloc(n * sizeof *rows);
	char **tails = gt_xmalloc(n * sizeof *tails);
	size_t nr = 0;
	for (unsigned i = 0; i < n; i++) {
		const char *name;
		char *value;
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;
			name = btf__name_by_offset(btf, e->name_off);
			value = is_signed ? gt_printf("%d", e->val) : gt_printf("%u", (uint32_t)e->val);
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;
			name = btf__name_by_offset(btf, e->name_off);
			uint64_t v = btf_enum64_value(e);
			value = is_signed ? gt_printf("%lld", (long long)v) : gt_printf("%llu", (unsigned long long)v);
		}
		const char *why = NULL;
		if (!name || !name[0] || go_keyword(name) || strcmp(name, "_") == 0)
			why = "not a Go identifier";
		for (size_t k = 0; k < nconsts && !why; k++)
			if (strcmp(consts[k].name, name) == 0)
				why = "declared by another enum";
		if (why) {
			rows[nr].ncells = 0;
			tails[nr] = gt_printf("// %s = %s: skipped, %s", name ? name : "?", value, why);
		} else {
			consts = gt_xrealloc(consts, (nconsts + 1) * sizeof *consts);
			consts[nconsts++] = (struct cname){name, g->id};
			rows[nr].ncells = 2;
			rows[nr].cells[0] = name;
			rows[nr].cells[1] = g->go;
			tails[nr] = gt_printf("= %s", value);
		}
		rows[nr].tail = tails[nr];
		nr++;
		gt_free(value);
	}
	gt_buf_add(out, "\nconst (\n");
	gt_format_rows(out, "\t", rows, nr);
	gt_buf_add(out, ")\n");
	for (size_t i = 0; i < nr; i++)
		gt_free(tails[i]);
	gt_free(tails);
	gt_free(rows);
}

static int cmp_gtype(const void *a, const void *b)
{
	const struct gtype *x = *(struct gtype *const *)a, *y = *(struct gtype *const *)b;
	return strcmp(x->go, y->go);
}

static char *render(const char *build_tag, const char *package, int argc_specs, char **spec_args)
{
	struct gt_buf out = {0};
	gt_buf_add(&out, "// Code generated by tbpf-gen-types from %s; DO NOT EDIT.\n", btf_label);
	gt_buf_add(&out, "//\n//\ttbpf-gen-types");
	if (btf_given)
		gt_buf_add(&out, " --btf %s", btf_label);
	for (int i = 0; i < argc_specs; i++)
		gt_buf_add(&out, " %s", spec_args[i]);
	gt_buf_add(&out, " --package %s\n", package);
	gt_buf_add(&out,
		   "//\n"
		   "// Kernel types in tbpf-core's CO-RE convention (tool/gentypes/README.md): struct foo_bar\n"
		   "// is bpfCoreFooBar and its member foo_bar is FooBar, or foo_bar_ (the kernel's name and\n"
		   "// an underscore) where CamelCase cannot spell it; unions are bpfUnion*, anonymous structs\n"
		   "// bpfTypedef*/bpfAnon*, enums bpfEnum* with the kernel's constants; pointers to types not\n"
		   "// generated here are uintptr; bitfields are padding.\n"
		   "\n"
		   "//go:build %s\n"
		   "\n"
		   "package %s\n",
		   build_tag, package);
	struct gtype **sorted = gt_xmalloc((ntypes + 1) * sizeof *sorted);
	memcpy(sorted, types, ntypes * sizeof *sorted);
	qsort(sorted, ntypes, sizeof *sorted, cmp_gtype);
	nconsts = 0;
	for (size_t i = 0; i < ntypes; i++) {
		gt_buf_add(&out, "\n");
		if (sorted[i]->kind == G_ENUM)
			render_enum(&out, sorted[i]);
		else
			render_struct(&out, sorted[i]);
	}
	gt_free(sorted);
	return out.s;
}

/* Writes `text` to `path` through a temporary file, leaving an identical file untouched (its
 * time stamp too, so a build that regenerates the same types rebuilds nothing). */
static void write_if_changed(const char *path, const char *text)
{
	size_t n = strlen(text);
	struct stat st;
	bool special = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
	FILE *f = special ? NULL : fopen(path, "rb"); /* reading a FIFO would wait for a writer */
	if (f) {
		char *old = gt_xmalloc(n + 2);
		size_t got = fread(old, 1, n + 1, f);
		fclose(f);
		bool same = got == n && memcmp(old, text, n) == 0;
		gt_free(old);
		if (same)
			return;
	}
	/* An output that exists and is not a regular file (/dev/null, a FIFO) is written in
	 * place: renaming a finished file over it would replace the device with a file. */
	if (special) {
		f = fopen(path, "wb");
		if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0)
			gt_die("cannot write %s: %s", path, strerror(errno));
		return;
	}
	char *tmp = gt_printf("%s.tmp.%d", path, (int)getpid());
	f = fopen(tmp, "wb");
	if (!f)
		gt_die("cannot write %s: %s", path, strerror(errno));
	if (fwrite(text, 1, n, f) != n || fclose(f) != 0) {
		int err = errno;
		unlink(tmp);
		gt_die("cannot write %s: %s", path, strerror(err));
	}
	if (rename(tmp, path) != 0) {
		int err = errno;
		unlink(tmp);
		gt_die("cannot write %s: %s", path, strerror(err));
	}
	gt_free(tmp);
}

/* ------------------------------------------------------------------------------------- */
/* Inputs                                                                                */

static bool c_ident(const char *s)
{
	if (!s[0] || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	return true;
}

static void parse_spec(struct spec *s, const char *arg)
{
	s->arg = gt_xstrdup(arg);
	char *dot = strchr(s->arg, '.');
	s->name = dot ? gt_printf("%.*s", (int)(dot - s->arg), s->arg) : gt_xstrdup(s->arg);
	if (!c_ident(s->name))
		gt_die("'%s' is not TYPE or TYPE.FIELD,...: '%s' is not a C identifier", arg, s->name);
	if (!dot)
		return;
	char *list = gt_xstrdup(dot + 1);
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!c_ident(tok))
			gt_die("'%s': field '%s' is not a C identifier (fields are kernel member names, "
			       "e.g. task_struct.pid,real_parent)",
			       arg, tok);
		s->fields = gt_xrealloc(s->fields, (s->nfields + 1) * sizeof *s->fields);
		s->fields[s->nfields++] = gt_xstrdup(tok);
	}
	if (!s->nfields)
		gt_die("'%s': no fields after '.'", arg);
}

/* struct, union, enum, or typedef (of one of those) named `name`. */
static uint32_t find_type(const char *name)
{
	uint32_t n = btf__type_cnt(btf), typedef_hit = 0, fwd_hit = 0;
	static const int order[] = {0, 1, 2};
	for (size_t pass = 0; pass < sizeof order / sizeof *order; pass++) {
		for (uint32_t id = 1; id < n; id++) {
			const struct btf_type *t = bt(id);
			if (strcmp(bname(t), name) != 0)
				continue;
			if ((pass == 0 && btf_is_struct(t)) || (pass == 1 && btf_is_union(t)) ||
			    (pass == 2 && btf_is_any_enum(t)))
				return id;
			if (btf_is_typedef(t) && !typedef_hit)
				typedef_hit = id;
			if (btf_is_fwd(t))
				fwd_hit = id;
		}
	}
	if (typedef_hit) {
		uint32_t inner = skip_mods_typedefs(typedef_hit);
		const struct btf_type *t = bt(inner);
		if (t && (btf_is_composite(t) || btf_is_any_enum(t)))
			return bname(t)[0] ? find_type(bname(t)) : inner;
		const char *what = !t || inner == 0 ? "void"
				   : btf_is_ptr(t)   ? "a pointer"
				   : btf_is_array(t) ? "an array"
				   : bname(t)[0]     ? bname(t)
						     : "an anonymous type";
		gt_die("%s is a typedef of %s, not of a struct, union or enum: nothing to generate (a member "
		       "of that type gets its Go spelling with the struct that holds it)",
		       name, what);
	}
	if (fwd_hit)
		gt_die("BTF %s only declares %s (no definition of its members)", btf_label, name);
	struct gt_buf b = {0};
	gt_buf_add(&b, "BTF %s has no struct, union, enum or typedef named '%s'", btf_label, name);
	const char **names = gt_xmalloc(n * sizeof *names);
	size_t k = 0;
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = bt(id);
		if ((btf_is_composite(t) || btf_is_any_enum(t) || btf_is_typedef(t)) && bname(t)[0])
			names[k++] = bname(t);
	}
	suggest(&b, name, names, k);
	gt_die("%s", b.s);
}

static void load_btf(const char *path, bool is_default)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		int err = errno;
		if (is_default)
			gt_die("no kernel BTF at %s (%s). Kernels built with CONFIG_DEBUG_INFO_BTF=y publish "
			       "their types there; on a kernel without it, pass a BTF file with --btf FILE: the "
			       "kernel's vmlinux (an ELF file with a .BTF section) or raw BTF (for example from "
			       "btfhub, or `pahole --btf_encode_detached`)",
			       path, strerror(err));
		gt_die("cannot read BTF file %s: %s", path, strerror(err));
	}
	if (S_ISDIR(st.st_mode))
		gt_die("cannot read BTF file %s: is a directory", path);
	errno = 0;
	btf = btf__parse(path, NULL);
	if (!btf) {
		int err = errno;
		gt_die("%s is neither raw BTF nor an ELF file with a .BTF section (libbpf: %s)", path,
		       strerror(err ? err : EINVAL));
	}
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	const char *btf_path = NULL, *output = NULL, *package = "main", *stub = NULL;
	bool no_stub = false;
	char **spec_args = gt_xmalloc((size_t)argc * sizeof *spec_args);
	int nspec_args = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **value = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--btf")) {
			value = &btf_path;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			value = &output;
		} else if (!strcmp(a, "--package")) {
			value = &package;
		} else if (!strcmp(a, "--stub")) {
			value = &stub;
		} else if (!strcmp(a, "--no-stub")) {
			no_stub = true;
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: error: unknown option %s\n%s", gt_prog, a, usage);
			return 2;
		} else {
			spec_args[nspec_args++] = argv[i];
		}
		if (value) {
			if (i + 1 >= argc) {
				fprintf(stderr, "%s: error: %s needs a value\n%s", gt_prog, a, usage);
				return 2;
			}
			*value = argv[++i];
		}
	}
	if (!nspec_args || !output) {
		fprintf(stderr, "%s: error: %s\n%s", gt_prog, !nspec_args ? "no types given" : "no output (-o FILE.go)",
			usage);
		return 2;
	}
	if (!c_ident(package) || go_keyword(package))
		gt_die("--package %s is not a Go package name", package);
	size_t olen = strlen(output);
	if (olen < 4 || strcmp(output + olen - 3, ".go") != 0)
		gt_die("-o %s: the output must be a .go file", output);
	char *stub_path = NULL;
	if (!no_stub)
		stub_path = stub ? gt_xstrdup(stub) : gt_printf("%.*s_stub.go", (int)(olen - 3), output);

	libbpf_set_print(silent_print);
	/* TBPF_KERNEL_BTF: where this system keeps the running kernel's BTF, if not in sysfs. */
	const char *kernel_btf = getenv("TBPF_KERNEL_BTF") && getenv("TBPF_KERNEL_BTF")[0] ? getenv("TBPF_KERNEL_BTF")
											   : DEFAULT_BTF;
	btf_label = btf_path ? btf_path : kernel_btf;
	btf_given = btf_path != NULL;
	load_btf(btf_label, !btf_path);

	specs = gt_xmalloc((size_t)nspec_args * sizeof *specs);
	nspecs = (size_t)nspec_args;
	for (size_t i = 0; i < nspecs; i++) {
		parse_spec(&specs[i], spec_args[i]);
		specs[i].id = find_type(specs[i].name);
		const struct btf_type *t = bt(specs[i].id);
		if (btf_is_any_enum(t) && specs[i].nfields)
			gt_die("'%s': %s is an enum; it has constants, not fields", specs[i].arg, specs[i].name);
	}
	by_id = gt_xmalloc(btf__type_cnt(btf) * sizeof *by_id);
	/* Roots in name order, so names given to anonymous types do not depend on the order of
	 * the command line. */
	uint32_t *roots = gt_xmalloc(nspecs * sizeof *roots);
	for (size_t i = 0; i < nspecs; i++)
		roots[i] = specs[i].id;
	for (size_t i = 0; i < nspecs; i++)
		for (size_t j = i + 1; j < nspecs; j++)
			if (strcmp(bname(bt(roots[j])), bname(bt(roots[i]))) < 0 ||
			    (strcmp(bname(bt(roots[j])), bname(bt(roots[i]))) == 0 && roots[j] < roots[i])) {
				uint32_t tmp = roots[i];
				roots[i] = roots[j];
				roots[j] = tmp;
			}
	for (size_t i = 0; i < nspecs; i++) {
		const char *typedef_name = NULL; /* a typedef of an anonymous struct: named after it */
		for (size_t k = 0; k < nspecs; k++)
			if (specs[k].id == roots[i] && !bname(bt(roots[i]))[0])
				typedef_name = specs[k].name;
		need_type(roots[i], typedef_name, NULL, NULL);
	}

	char *text = render("tinygo", package, nspec_args, spec_args);
	write_if_changed(output, text);
	if (stub_path) {
		char *stub_text = render("!tinygo", package, nspec_args, spec_args);
		write_if_changed(stub_path, stub_text);
		gt_free(stub_text);
	}
	gt_free(text);
	gt_free(stub_path);
	gt_free(roots);
	gt_free(spec_args);
	btf__free(btf);
	return 0;
}
