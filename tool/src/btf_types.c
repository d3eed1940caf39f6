/* Go types a loader needs that no map or global carries, such as a ring buffer record
 * (`--keep-type openEvent`, add_tinybpf_program's TYPES), kept in the object's BTF as
 * bpf2go's -type and libbpf-bootstrap's `struct event *unused` do: through a pointer-typed
 * variable per type, in a section named like DWARF's (.debug_tbpf_types). libbpf's loader
 * and linker (bpftool gen object) drop such sections without a word, and with it the
 * variable, but the type stays in BTF: tbpf-gen-go --type writes a Go type for it,
 * `bpftool btf dump file X.bpf.o format c` a C one. (A section of another name also works,
 * but every libbpf load would log "skipping unrecognized data section".)
 *
 * TinyGo describes `type openEvent struct {...}` as the typedef main.openEvent over an
 * anonymous struct; that typedef is what is found (by its name without the package) among
 * the debug-info nodes of the code that is kept, e.g. the type of `ev := (*openEvent)(rec)`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mdwalk.h"
#include "tbpf.h"

#define KEPT_TYPES_SECTION ".debug_tbpf_types"

struct type_search {
	const char *want;
	LLVMMetadataRef found;
	const char *closest; /* a user type's name, for did-you-mean */
	size_t closest_distance;
	char *names_seen;    /* "a, b, c" of user types, for the message when nothing is close */
};

/* "main.openEvent" -> "openEvent"; "example.com/p.flow" -> "flow"; NULL for names that are
 * not a package's named type (pointers "*main.x", slices "[]uint8", builtins "uint32"). */
static const char *go_type_name(const char *name, unsigned len, unsigned *out_len)
{
	if (!name || !len || name[0] == '*' || name[0] == '[' || memchr(name, ' ', len))
		return NULL;
	const char *dot = NULL;
	for (unsigned i = 0; i < len; i++)
		if (name[i] == '.')
			dot = name + i;
	if (!dot)
		return NULL;
	*out_len = len - (unsigned)(dot + 1 - name);
	return dot + 1;
}

static void note_name(struct type_search *s, const char *name, unsigned len)
{
	char *copy = tbpf_xstrndup(name, len);
	if (s->names_seen && strstr(s->names_seen, copy)) {
		free(copy);
		return;
	}
	size_t old = s->names_seen ? strlen(s->names_seen) : 0;
	char *grown = tbpf_xmalloc(old + len + 3);
	if (old)
		snprintf(grown, old + len + 3, "%s, %s", s->names_seen, copy);
	else
		snprintf(grown, len + 1, "%s", copy);
	free(s->names_seen);
	s->names_seen = grown;
	size_t d = tbpf_edit_distance(s->want, strlen(s->want), name, len);
	if (!s->closest || d < s->closest_distance) {
		free((char *)s->closest);
		s->closest = tbpf_xstrdup(copy);
		s->closest_distance = d;
	}
	free(copy);
}

static void visit(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	struct type_search *s = arg;
	LLVMMetadataKind kind = LLVMGetMetadataKind(node);
	bool typedef_ = kind == LLVMDIDerivedTypeMetadataKind && LLVMGetDINodeTag(node) == TBPF_DW_TAG_typedef;
	if (s->found || !(typedef_ || kind == LLVMDICompositeTypeMetadataKind))
		return;
	unsigned len = 0, base_len = 0;
	const char *name = tbpf_md_string_operand(t->ctx, node, 2, &len);
	const char *base = go_type_name(name, len, &base_len);
	if (!base)
		return;
	char *go_name = tbpf_xstrndup(name, len);
	bool user = tbpf_is_user_go_name(go_name);
	free(go_name);
	if (!user)
		return;
	if (base_len == strlen(s->want) && memcmp(base, s->want, base_len) == 0)
		s->found = node;
	else
		note_name(s, base, base_len);
}

/* The global whose BTF VAR carries `*T`: weak, so that llvm-link merges the same type kept
 * by several modules of one program into one variable. */
static void keep_type(struct tbpf *t, LLVMDIBuilderRef dib, LLVMMetadataRef cu, LLVMMetadataRef type,
		      const char *name)
{
	size_t len = strlen(name) + 16;
	char *var = tbpf_xmalloc(len);
	snprintf(var, len, "tbpf_type_%s", name);
	if (LLVMGetNamedGlobal(t->mod, var)) {
		free(var);
		return;
	}
	LLVMTypeRef ptr = LLVMPointerTypeInContext(t->ctx, 0);
	LLVMValueRef g = LLVMAddGlobal(t->mod, ptr, var);
	LLVMSetInitializer(g, LLVMConstNull(ptr));
	LLVMSetLinkage(g, LLVMWeakAnyLinkage);
	LLVMSetSection(g, KEPT_TYPES_SECTION);
	LLVMSetAlignment(g, 8);
	LLVMMetadataRef pointer = LLVMDIBuilderCreatePointerType(dib, type, 64, 64, 0, NULL, 0);
	LLVMMetadataRef file = LLVMDIScopeGetFile(cu);
	LLVMMetadataRef expr = LLVMDIBuilderCreateExpression(dib, NULL, 0);
	LLVMMetadataRef gve = LLVMDIBuilderCreateGlobalVariableExpression(
		dib, cu, var, strlen(var), var, strlen(var), file, 0, pointer, 0, expr, NULL, 64);
	LLVMGlobalSetMetadata(g, LLVMGetMDKindIDInContext(t->ctx, "dbg", 3), gve);
	tbpf_keep_global(t, g);
	free(var);
}

static LLVMMetadataRef compile_unit(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		LLVMMetadataRef sp = LLVMGetSubprogram(f);
		LLVMMetadataRef cu = sp ? tbpf_md_node_operand(t->ctx, sp, 5) : NULL; /* DISubprogram unit */
		if (cu && LLVMGetMetadataKind(cu) == LLVMDICompileUnitMetadataKind)
			return cu;
	}
	return NULL;
}

int tbpf_keep_btf_types(struct tbpf *t)
{
	if (!t->opts->nkeep_types)
		return 0;
	LLVMMetadataRef cu = compile_unit(t);
	if (!cu) {
		tbpf_error(t, "--keep-type needs debug info (TinyGo's default; not -no-debug), which this "
			      "module has none of");
		return -1;
	}
	struct md_walk w;
	md_walk_init(&w, t);
	md_walk_module_roots(&w);
	LLVMDIBuilderRef dib = LLVMCreateDIBuilderDisallowUnresolved(t->mod);
	for (size_t i = 0; i < t->opts->nkeep_types; i++) {
		const struct tbpf_kept_type *k = &t->opts->keep_types[i];
		struct type_search s = {.want = k->name};
		md_walk_each(&w, visit, &s);
		if (s.found) {
			keep_type(t, dib, cu, s.found, k->name);
		} else if (!k->if_present) {
			if (s.closest && s.closest_distance <= 3)
				tbpf_error(t, "--keep-type %s: no Go type of that name in the code that is kept; "
					      "did you mean %s?",
					   k->name, s.closest);
			else
				tbpf_error(t, "--keep-type %s: no Go type of that name in the code that is kept "
					      "(a type only some other code uses is gone with that code); Go types "
					      "here: %s",
					   k->name, s.names_seen ? s.names_seen : "none");
		}
		free((char *)s.closest);
		free(s.names_seen);
	}
	LLVMDIBuilderFinalize(dib);
	LLVMDisposeDIBuilder(dib);
	md_walk_free(&w);
	return t->errors ? -1 : 0;
}
