/* The object, read with libbpf, as the template's data.
 *
 * Top level   package name Name load source embed has_maps has_datasecs has_writable_datasecs
 *             programs maps datasecs types (lists)
 * programs    go prog section prog_type
 * maps        go map map_type key_size value_size max_entries flags pinned key_type value_type
 * datasecs    go section type skel size readonly has_fields fields vars
 *   vars      field var offset size blank
 * types       go origin size decl struct requested
 *
 * Names (Go identifiers by go_ident()):
 *   - fields of <Name>Programs/<Name>Maps (one scope, as <Name>Objects embeds both): the
 *     template's {{%reserve objects}} words first, then programs, then maps, then data
 *     sections, each sorted by name; a taken identifier gets the first free suffix 2, 3, ...
 *   - top-level types: <Name> + the template's {{%reserve types}} suffixes, then the data
 *     section types <Name><Ident(section)>, then BTF types <Name><Ident(BTF name)> sorted:
 *     those of map keys/values and globals, and those --type names (bpf2go's -type).
 *   - fields of a data section struct: the {{%reserve globals}} words, then the variables
 *     in offset order.
 * Everything is sorted, so the output depends only on the object's content.
 */
#include "gogen.h"
#include "sections.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap) {
  if (level == LIBBPF_DEBUG || level == LIBBPF_INFO)
    return 0;
  fputs("tbpf-gen-go: ", stderr); /* libbpf's messages start with "libbpf: " */
  return vfprintf(stderr, fmt, ap);
}

struct prog_info {
  char *name, *section;
  const char *type;
  /* what libbpf derives from the section name, for loaders that do not know it */
  int type_id, attach_type_id;
  bool attach_type_optional;
  uint32_t flags;
  const char *attach_to; /* NULL: a section libbpf does not know */
};

/* S as a Go interpreted string literal, quotes included. */
static char *go_quote(const char *s) {
  char *out = xmalloc(4 * strlen(s) + 3), *o = out;
  *o++ = '"';
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\') {
      *o++ = '\\';
      *o++ = (char)*c;
    } else if (*c < 0x20 || *c >= 0x7f) {
      o += sprintf(o, "\\x%02x", *c);
    } else {
      *o++ = (char)*c;
    }
  }
  *o++ = '"';
  *o = 0;
  return out;
}

struct map_info {
  char *name;
  const char *type;
  uint32_t key_size, value_size, max_entries, flags, key_id, value_id;
  bool pinned, struct_ops;
};

struct sec_info {
  char *name;
  uint32_t id;
};

static int cmp_prog(const void *a, const void *b) {
  return strcmp(((const struct prog_info *)a)->name, ((const struct prog_info *)b)->name);
}
static int cmp_map(const void *a, const void *b) {
  return strcmp(((const struct map_info *)a)->name, ((const struct map_info *)b)->name);
}
static int cmp_sec(const void *a, const void *b) {
  return strcmp(((const struct sec_info *)a)->name, ((const struct sec_info *)b)->name);
}

/* The sections cilium/ebpf loads as data maps: .bss, .data*, .rodata*. */
static bool data_section(const char *name) {
  return strcmp(name, ".bss") == 0 || strncmp(name, ".data", 5) == 0 ||
         strncmp(name, ".rodata", 7) == 0;
}

/* Go type expression for a map's key/value type, "" without BTF type or if multi-line. */
static int map_type_expr(struct gotypes *g, uint32_t id, char **out, char *err, size_t errlen) {
  struct sbuf b;
  bool multi = false;
  sb_init(&b);
  if (id && gotypes_expr(g, id, 0, &b, &multi, err, errlen) < 0) {
    sb_free(&b);
    return -1;
  }
  if (multi)
    sb_free(&b);
  *out = sb_steal(&b);
  return 0;
}

static bool named_type_kind(const struct btf_type *t) {
  return btf_is_typedef(t) || btf_is_composite(t) || btf_is_any_enum(t);
}

/* The BTF type --type NAME names: the typedef of that name (TinyGo declares each Go type as a
 * typedef, of an anonymous struct for a struct type), else the struct, union or enum of that
 * name; the first one by id. 0 if there is none. */
static uint32_t find_named_type(const struct btf *btf, const char *name) {
  uint32_t found = 0;
  for (uint32_t id = 1; id < btf__type_cnt(btf); id++) {
    const struct btf_type *t = btf__type_by_id(btf, id);
    if (!named_type_kind(t) || strcmp(btf__name_by_offset(btf, t->name_off) ?: "", name) != 0)
      continue;
    if (btf_is_typedef(t))
      return id;
    if (!found)
      found = id;
  }
  return found;
}

/* The error for a --type NAME the BTF does not have, with the closest named type (edit
 * distance; ties: the first by name) when one is close enough to be a misspelling. */
static void unknown_type(const struct btf *btf, const char *name, char *err, size_t errlen) {
  const char *best = NULL;
  size_t best_d = 0, len = strlen(name), limit = len / 3 > 2 ? len / 3 : 2;
  for (uint32_t id = 1; btf && id < btf__type_cnt(btf); id++) {
    const struct btf_type *t = btf__type_by_id(btf, id);
    const char *n = btf__name_by_offset(btf, t->name_off);
    if (!named_type_kind(t) || !n || !*n)
      continue;
    size_t d = edit_distance(name, n);
    if (d > limit || d >= len || d >= strlen(n))
      continue;
    if (!best || d < best_d || (d == best_d && strcmp(n, best) < 0)) {
      best = n;
      best_d = d;
    }
  }
  char hint[256] = "";
  if (best)
    snprintf(hint, sizeof(hint), "; did you mean %s?", best);
  snprintf(err, errlen,
           "--type %s: no type (typedef, struct, union or enum) of that name in the object's "
           "BTF%s A Go type that no map or global has is in the BTF only if it is kept: keep it "
           "with add_tinybpf_program(... TYPES %s) / tbpf-core transform --keep-type %s",
           name, best ? hint : ".", name, name);
}

struct tobj *object_model(const struct gen_opts *o, const struct tmpl *t, char *err,
                          size_t errlen) {
  struct tobj *root = NULL;
  struct prog_info *progs = NULL;
  struct map_info *maps = NULL;
  struct sec_info *secs = NULL;
  size_t nprogs = 0, nmaps = 0, nsecs = 0;
  struct nameset objects = {0}, top = {0}, globals = {0};
  struct gotypes *g = NULL;
  char **sec_types = NULL;
  bool ok = false;

  libbpf_set_print(libbpf_print);
  struct bpf_object *obj = bpf_object__open_file(o->object, NULL);
  if (!obj) {
    char msg[256];
    libbpf_strerror(errno, msg, sizeof(msg));
    snprintf(err, errlen, "cannot open as a BPF object: %s", msg);
    return NULL;
  }
  const struct btf *btf = bpf_object__btf(obj);

  /* programs */
  struct bpf_program *p;
  bpf_object__for_each_program(p, obj) {
    progs = xrealloc(progs, (nprogs + 1) * sizeof(*progs));
    progs[nprogs].name = xstrdup(bpf_program__name(p));
    progs[nprogs].section = xstrdup(bpf_program__section_name(p));
    progs[nprogs].type = libbpf_bpf_prog_type_str(bpf_program__type(p)) ?: "unspec";
    progs[nprogs].type_id = (int)bpf_program__type(p);
    progs[nprogs].attach_type_id = (int)bpf_program__expected_attach_type(p);
    /* libbpf adds the section's flags (sleepable, XDP frags) only when it loads */
    progs[nprogs].flags = tbpf_section_prog_flags(progs[nprogs].section);
    progs[nprogs].attach_type_optional = tbpf_section_attach_type_optional(progs[nprogs].section);
    progs[nprogs].attach_to = bpf_program__type(p) == BPF_PROG_TYPE_UNSPEC
                                  ? NULL
                                  : tbpf_section_attach_to(progs[nprogs].section);
    nprogs++;
  }
  if (nprogs == 0) {
    snprintf(err, errlen, "no programs (no function in an executable section)");
    goto out;
  }
  qsort(progs, nprogs, sizeof(*progs), cmp_prog);

  /* maps (libbpf's internal .bss/.data/.rodata/.kconfig maps come from BTF below) */
  struct bpf_map *m;
  bpf_object__for_each_map(m, obj) {
    if (bpf_map__is_internal(m))
      continue;
    maps = xrealloc(maps, (nmaps + 1) * sizeof(*maps));
    struct map_info *mi = &maps[nmaps++];
    mi->name = xstrdup(bpf_map__name(m));
    mi->type = libbpf_bpf_map_type_str(bpf_map__type(m)) ?: "unspec";
    mi->key_size = bpf_map__key_size(m);
    mi->value_size = bpf_map__value_size(m);
    mi->max_entries = bpf_map__max_entries(m);
    mi->flags = bpf_map__map_flags(m);
    mi->key_id = bpf_map__btf_key_type_id(m);
    mi->value_id = bpf_map__btf_value_type_id(m);
    mi->pinned = bpf_map__pin_path(m) != NULL;
    mi->struct_ops = bpf_map__type(m) == BPF_MAP_TYPE_STRUCT_OPS;
    if (mi->struct_ops)
      fprintf(stderr,
              "tbpf-gen-go: warning: %s: map %s is a struct_ops map, which cilium/ebpf 0.9.1 (the "
              "release TinyBPF tests) does not load: loading these bindings fails there; load "
              "this object with libbpf (its skeleton), or try a cilium/ebpf with struct_ops "
              "support (untested)\n",
              o->object, mi->name);
  }
  if (nmaps)
    qsort(maps, nmaps, sizeof(*maps), cmp_map);

  /* data sections with variables */
  for (uint32_t id = 1; btf && id < btf__type_cnt(btf); id++) {
    const struct btf_type *bt = btf__type_by_id(btf, id);
    const char *name = btf__name_by_offset(btf, bt->name_off);
    if (!btf_is_datasec(bt) || !name || !data_section(name) || btf_vlen(bt) == 0)
      continue;
    if (bt->size == 0) {
      snprintf(err, errlen, "BTF DATASEC %s has size 0 (libbpf did not finalize the BTF)", name);
      goto out;
    }
    secs = xrealloc(secs, (nsecs + 1) * sizeof(*secs));
    secs[nsecs].name = xstrdup(name);
    secs[nsecs].id = id;
    nsecs++;
  }
  if (nsecs)
    qsort(secs, nsecs, sizeof(*secs), cmp_sec);

  /* top-level names: reserved, data section types, then BTF types */
  struct nameset reserved_types = {0};
  tmpl_reserved(t, "types", &reserved_types);
  for (size_t i = 0; i < reserved_types.n; i++) {
    char *n = xasprintf("%s%s", o->name, reserved_types.names[i]);
    ns_add(&top, n);
    free(n);
  }
  ns_free(&reserved_types);
  sec_types = xcalloc(nsecs + 1, sizeof(char *));
  for (size_t i = 0; i < nsecs; i++) {
    char *id = go_ident(secs[i].name), *n = xasprintf("%s%s", o->name, id);
    sec_types[i] = ns_claim(&top, n);
    free(id);
    free(n);
  }

  if (btf) {
    g = gotypes_new(btf, o->name, &top);
    for (size_t i = 0; i < nmaps; i++) {
      char *id = go_ident(maps[i].name);
      char *kf = xasprintf("%sKey", id), *vf = xasprintf("%sValue", id);
      char *ko = xasprintf("the key of map %s", maps[i].name);
      char *vo = xasprintf("the value of map %s", maps[i].name);
      int rc = 0;
      if (maps[i].key_id)
        rc = gotypes_collect(g, maps[i].key_id, kf, ko, err, errlen);
      if (!rc && maps[i].value_id)
        rc = gotypes_collect(g, maps[i].value_id, vf, vo, err, errlen);
      free(id);
      free(kf);
      free(vf);
      free(ko);
      free(vo);
      if (rc < 0)
        goto out;
    }
    for (size_t i = 0; i < nsecs; i++) {
      const struct btf_type *ds = btf__type_by_id(btf, secs[i].id);
      const struct btf_var_secinfo *vi = btf_var_secinfos(ds);
      for (unsigned k = 0; k < btf_vlen(ds); k++) {
        const struct btf_type *var = btf__type_by_id(btf, vi[k].type);
        if (btf_is_var(var) && gotypes_collect(g, var->type, NULL, NULL, err, errlen) < 0)
          goto out;
      }
    }
    for (size_t i = 0; i < o->ntypes; i++) {
      uint32_t id = find_named_type(btf, o->types[i]);
      if (!id) {
        unknown_type(btf, o->types[i], err, errlen);
        goto out;
      }
      if (gotypes_request(g, id, o->types[i], err, errlen) < 0)
        goto out;
    }
    if (gotypes_finish(g, err, errlen) < 0)
      goto out;
  } else if (o->ntypes) {
    snprintf(err, errlen, "--type %s: the object has no BTF (.BTF section), which --type needs",
             o->types[0]);
    goto out;
  }

  /* the data */
  root = tobj_new();
  char *upper = upper_first(o->name);
  tobj_str(root, "package", o->package);
  tobj_str(root, "name", o->name);
  tobj_str(root, "Name", upper);
  tobj_strf(root, "load", "%s%s", isupper((unsigned char)o->name[0]) ? "Load" : "load", upper);
  free(upper);
  tobj_str(root, "source", o->source);
  tobj_str(root, "embed", o->embed);
  tobj_bool(root, "has_maps", nmaps + nsecs > 0);
  tobj_bool(root, "has_datasecs", nsecs > 0);
  tobj_list(root, "programs");
  tobj_list(root, "maps");
  tobj_list(root, "datasecs");
  tobj_list(root, "types");

  bool any_libbpf_type = false;
  for (size_t i = 0; i < nprogs; i++)
    any_libbpf_type |= progs[i].attach_to != NULL;
  tobj_bool(root, "has_libbpf_types", any_libbpf_type);
  tmpl_reserved(t, "objects", &objects);
  for (size_t i = 0; i < nprogs; i++) {
    struct tobj *it = tobj_append(root, "programs");
    char *id = go_ident(progs[i].name), *go = ns_claim(&objects, id);
    tobj_str(it, "go", go);
    tobj_str(it, "prog", progs[i].name);
    tobj_str(it, "section", progs[i].section);
    tobj_str(it, "prog_type", progs[i].type);
    tobj_bool(it, "libbpf_type", progs[i].attach_to != NULL);
    tobj_strf(it, "prog_type_id", "%d", progs[i].type_id);
    tobj_strf(it, "attach_type_id", "%d", progs[i].attach_type_id);
    tobj_strf(it, "prog_flags", "%u", progs[i].flags);
    tobj_str(it, "attach_type_optional", progs[i].attach_type_optional ? "true" : "false");
    char *section_go = go_quote(progs[i].section);
    tobj_str(it, "section_go", section_go);
    free(section_go);
    char *quoted = go_quote(progs[i].attach_to ? progs[i].attach_to : "");
    tobj_str(it, "attach_to", quoted);
    free(quoted);
    free(id);
    free(go);
  }
  for (size_t i = 0; i < nmaps; i++) {
    struct tobj *it = tobj_append(root, "maps");
    char *id = go_ident(maps[i].name), *go = ns_claim(&objects, id), *kt = NULL, *vt = NULL;
    tobj_str(it, "go", go);
    tobj_str(it, "map", maps[i].name);
    tobj_str(it, "map_type", maps[i].type);
    tobj_strf(it, "key_size", "%u", maps[i].key_size);
    tobj_strf(it, "value_size", "%u", maps[i].value_size);
    tobj_strf(it, "max_entries", "%u", maps[i].max_entries);
    tobj_strf(it, "flags", "%#x", maps[i].flags);
    tobj_bool(it, "pinned", maps[i].pinned);
    tobj_bool(it, "struct_ops", maps[i].struct_ops);
    free(id);
    free(go);
    if (g && (map_type_expr(g, maps[i].key_id, &kt, err, errlen) < 0 ||
              map_type_expr(g, maps[i].value_id, &vt, err, errlen) < 0)) {
      free(kt);
      goto out;
    }
    tobj_str(it, "key_type", kt ? kt : "");
    tobj_str(it, "value_type", vt ? vt : "");
    free(kt);
    free(vt);
  }
  tmpl_reserved(t, "globals", &globals);
  bool any_writable = false;
  for (size_t i = 0; i < nsecs; i++) {
    const struct btf_type *ds = btf__type_by_id(btf, secs[i].id);
    const struct btf_var_secinfo *vi = btf_var_secinfos(ds);
    unsigned nv = btf_vlen(ds);
    struct gofield *f = xcalloc(nv + 1, sizeof(*f));
    char **names = xcalloc(nv + 1, sizeof(char *));
    size_t nf = 0;
    for (unsigned k = 0; k < nv; k++) {
      const struct btf_type *var = btf__type_by_id(btf, vi[k].type);
      if (!btf_is_var(var))
        continue;
      f[nf++] = (struct gofield){btf__name_by_offset(btf, var->name_off) ?: "", var->type,
                                 vi[k].offset, vi[k].size};
    }
    struct sbuf fields;
    sb_init(&fields);
    int rc = gotypes_fields(g, f, nf, ds->size, 1, &globals, names, &fields, err, errlen);
    if (rc == 0) {
      struct tobj *it = tobj_append(root, "datasecs");
      char *id = go_ident(secs[i].name), *go = ns_claim(&objects, id);
      tobj_str(it, "go", go);
      tobj_str(it, "section", secs[i].name);
      tobj_str(it, "type", sec_types[i]);
      char *skel = xstrdup(secs[i].name + (secs[i].name[0] == '.'));
      for (char *c = skel; *c; c++)
        if (!isalnum((unsigned char)*c))
          *c = '_';
      tobj_str(it, "skel", skel); /* bpftool's skeleton member: skel->bss, skel->rodata_str1_1 */
      free(skel);
      tobj_strf(it, "size", "%u", ds->size);
      bool readonly = strncmp(secs[i].name, ".rodata", 7) == 0;
      tobj_bool(it, "readonly", readonly);
      any_writable |= !readonly;
      tobj_str(it, "fields", sb_str(&fields));
      tobj_list(it, "vars");
      bool has_fields = false;
      for (size_t k = 0; k < nf; k++) {
        if (!names[k])
          continue;
        struct tobj *v = tobj_append(it, "vars");
        tobj_str(v, "field", names[k]);
        tobj_str(v, "var", f[k].name);
        tobj_strf(v, "offset", "%u", f[k].offset);
        tobj_strf(v, "size", "%u", f[k].size);
        /* a blank field holds no value: SetSpec and Update must leave its bytes alone */
        bool blank = strcmp(names[k], "_") == 0;
        tobj_bool(v, "blank", blank);
        has_fields |= !blank;
      }
      tobj_bool(it, "has_fields", has_fields);
      free(id);
      free(go);
    }
    for (size_t k = 0; k < nf; k++)
      free(names[k]);
    free(names);
    free(f);
    sb_free(&fields);
    if (rc < 0) {
      char *msg = xstrdup(err);
      snprintf(err, errlen, "section %s: %s", secs[i].name, msg);
      free(msg);
      goto out;
    }
  }
  tobj_bool(root, "has_writable_datasecs", any_writable);
  for (size_t i = 0; g && i < gotypes_count(g); i++) {
    const struct gotype_decl *d = gotypes_at(g, i);
    struct tobj *it = tobj_append(root, "types");
    tobj_str(it, "go", d->go);
    tobj_str(it, "origin", d->origin);
    tobj_strf(it, "size", "%u", d->size);
    tobj_str(it, "decl", d->decl);
    tobj_bool(it, "struct", d->composite);
    tobj_str(it, "requested", d->requested ? d->requested : "");
  }
  ok = true;

out:
  if (!ok) {
    tobj_free(root);
    root = NULL;
  }
  for (size_t i = 0; i < nprogs; i++) {
    free(progs[i].name);
    free(progs[i].section);
  }
  for (size_t i = 0; i < nmaps; i++)
    free(maps[i].name);
  for (size_t i = 0; i < nsecs; i++) {
    free(secs[i].name);
    if (sec_types)
      free(sec_types[i]);
  }
  free(sec_types);
  free(progs);
  free(maps);
  free(secs);
  ns_free(&objects);
  ns_free(&top);
  ns_free(&globals);
  gotypes_free(g);
  bpf_object__close(obj);
  return root;
}
