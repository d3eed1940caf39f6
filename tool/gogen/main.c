/* tbpf-gen-go: Go bindings (cilium/ebpf, bpf2go's shape) for a BPF object.
 *
 *   tbpf-gen-go OBJECT.o -o OUT.go [--name NAME] [--package PKG] [--template FILE]
 *               [--embed FILE] [--source NAME] [--type TYPE]...
 *
 * Reads the object with libbpf (programs, maps, .BTF), renders the template (default: the
 * copy of templates/bpf2go.go.tmpl built into the tool), lays it out like gofmt and writes
 * OUT.go atomically (a temporary file renamed; "-o -" writes to standard output).
 */
#include "gogen.h"
#include "gogen_default_template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f) {
  fputs("usage: tbpf-gen-go OBJECT.o -o OUT.go [--name NAME] [--package PKG]\n"
        "                   [--template FILE] [--embed FILE] [--source NAME] [--type TYPE]...\n"
        "Writes Go bindings for cilium/ebpf (the shape of bpf2go's output) for a BPF object.\n"
        "  -o OUT.go         output file (- for standard output)\n"
        "  --name NAME       prefix of the generated identifiers: NAMEObjects, LoadNAME, ...\n"
        "                    (default: the object's file name up to its first '.', as a Go\n"
        "                    identifier: xdp_port_drop.bpf.o -> XdpPortDrop)\n"
        "  --package PKG     Go package of the file (default: main); a Go identifier, not a\n"
        "                    keyword or _\n"
        "  --template FILE   template to render (default: the built-in copy of\n"
        "                    templates/bpf2go.go.tmpl)\n"
        "  --embed FILE      file named by //go:embed (default: the object's base name); it\n"
        "                    must be in the Go package's directory\n"
        "  --source NAME     object name in the header comment (default: as --embed)\n"
        "  --type TYPE       also declare the BTF type TYPE (a typedef, struct, union or enum;\n"
        "                    the typedef when several have that name) like map keys and\n"
        "                    values, as NAME + TYPE as a Go identifier (openEvent ->\n"
        "                    NAMEOpenEvent): a type no map or global has, such as a ring\n"
        "                    buffer record (bpf2go's -type); repeatable. TinyGo keeps a Go type\n"
        "                    in BTF only if asked: add_tinybpf_program(... TYPES TYPE) or\n"
        "                    tbpf-core transform --keep-type TYPE\n",
        f);
}

static char *read_file(const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return NULL;
  }
  struct sbuf b;
  char chunk[8192];
  size_t n;
  sb_init(&b);
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    sb_putn(&b, chunk, n);
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    snprintf(err, errlen, "%s: read error", path);
    sb_free(&b);
    return NULL;
  }
  if (memchr(sb_str(&b), '\0', b.len)) {
    snprintf(err, errlen, "%s: not a text file", path);
    sb_free(&b);
    return NULL;
  }
  return sb_steal(&b);
}

/* Go's keywords, which are not identifiers: `package go` does not parse. */
static bool is_go_keyword(const char *s) {
  static const char *const keywords[] = {
      "break",  "case",        "chan", "const",   "continue", "default", "defer",
      "else",   "fallthrough", "for",  "func",    "go",       "goto",    "if",
      "import", "interface",   "map",  "package", "range",    "return",  "select",
      "struct", "switch",      "type", "var",
  };
  for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
    if (strcmp(s, keywords[i]) == 0)
      return true;
  return false;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static int write_output(const char *path, const char *text, char *err, size_t errlen) {
  size_t n = strlen(text);
  if (strcmp(path, "-") == 0) {
    if (fwrite(text, 1, n, stdout) != n || fflush(stdout) != 0) {
      snprintf(err, errlen, "standard output: %s", strerror(errno));
      return -1;
    }
    return 0;
  }
  /* An output that exists and is not a regular file (/dev/null, a FIFO) is written in place:
   * renaming a finished file over it would replace the device with a file. */
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    FILE *f = fopen(path, "wb");
    bool bad = !f || fwrite(text, 1, n, f) != n;
    if (f)
      bad |= fclose(f) != 0;
    if (bad)
      snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return bad ? -1 : 0;
  }
  char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  bool bad = fwrite(text, 1, n, f) != n;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path) != 0) {
    snprintf(err, errlen, "%s: %s", bad ? tmp : path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

int main(int argc, char **argv) {
  const char *object = NULL, *out = NULL, *name = NULL, *package = "main", *tpath = NULL,
             *embed = NULL, *source = NULL;
  char err[1024] = "";
  const char *types[argc]; /* --type names (fewer than the arguments) */
  size_t ntypes = 0;
  const char *type_arg = NULL;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(a, "-o") == 0) {
      slot = &out;
    } else if (strcmp(a, "--name") == 0) {
      slot = &name;
    } else if (strcmp(a, "--package") == 0) {
      slot = &package;
    } else if (strcmp(a, "--template") == 0) {
      slot = &tpath;
    } else if (strcmp(a, "--embed") == 0) {
      slot = &embed;
    } else if (strcmp(a, "--source") == 0) {
      slot = &source;
    } else if (strcmp(a, "--type") == 0) {
      slot = &type_arg;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "tbpf-gen-go: unknown option %s\n", a);
      usage(stderr);
      return 2;
    } else if (!object) {
      object = a;
      continue;
    } else {
      fprintf(stderr, "tbpf-gen-go: more than one object (%s, %s)\n", object, a);
      return 2;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "tbpf-gen-go: %s needs a value\n", a);
      return 2;
    }
    *slot = argv[++i];
    if (slot == &type_arg) {
      if (!*type_arg) {
        fprintf(stderr, "tbpf-gen-go: --type needs a type name\n");
        return 2;
      }
      types[ntypes++] = type_arg;
    }
  }
  if (!object || !out) {
    fprintf(stderr, "tbpf-gen-go: %s\n", !object ? "no object given" : "no output (-o) given");
    usage(stderr);
    return 2;
  }

  char *default_name = NULL;
  if (!name) {
    char *stem = xstrdup(base_name(object));
    char *dot = strchr(stem, '.');
    if (dot)
      *dot = '\0';
    name = default_name = go_ident(stem);
    free(stem);
  }
  if (!is_go_ident(name) || !is_go_ident(package)) {
    fprintf(stderr, "tbpf-gen-go: %s '%s' is not a Go identifier\n",
            is_go_ident(name) ? "--package" : "--name", is_go_ident(name) ? package : name);
    free(default_name);
    return 2;
  }
  /* Predeclared identifiers (string, nil, ...) and the names of the imported packages are
   * valid package names; the blank identifier is not (the spec says so). */
  if (is_go_keyword(package) || strcmp(package, "_") == 0) {
    fprintf(stderr, "tbpf-gen-go: --package '%s' is %s, which cannot name a Go package\n", package,
            package[0] == '_' ? "the blank identifier" : "a Go keyword");
    free(default_name);
    return 2;
  }
  if (!embed)
    embed = base_name(object);
  if (!source)
    source = embed;
  if (strchr(embed, '\n') || strchr(embed, ' ') || strchr(source, '\n')) {
    fprintf(stderr, "tbpf-gen-go: --embed/--source must not contain blanks or newlines\n");
    free(default_name);
    return 2;
  }

  int rc = 1;
  char *ttext = NULL;
  struct tmpl *t = NULL;
  struct tobj *data = NULL;
  struct sbuf raw, text;
  sb_init(&raw);
  sb_init(&text);

  if (tpath) {
    ttext = read_file(tpath, err, sizeof(err));
    if (!ttext)
      goto done;
  } else {
    ttext = xstrdup(gogen_default_template);
    tpath = GOGEN_DEFAULT_TEMPLATE_NAME;
  }
  t = tmpl_parse(ttext, tpath, err, sizeof(err));
  if (!t)
    goto done;

  struct gen_opts o = {object, name, package, embed, source, types, ntypes};
  data = object_model(&o, t, err, sizeof(err));
  if (!data) {
    char *msg = xstrdup(err);
    snprintf(err, sizeof(err), "%s: %s", object, msg);
    free(msg);
    goto done;
  }
  if (tmpl_render(t, data, &raw, err, sizeof(err)) < 0)
    goto done;
  go_layout(sb_str(&raw), &text);
  if (write_output(out, sb_str(&text), err, sizeof(err)) < 0)
    goto done;
  rc = 0;

done:
  if (rc)
    fprintf(stderr, "tbpf-gen-go: %s\n", err);
  tobj_free(data);
  tmpl_free(t);
  free(ttext);
  free(default_name);
  sb_free(&raw);
  sb_free(&text);
  return rc;
}
