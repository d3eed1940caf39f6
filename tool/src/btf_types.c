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
 * anonymous struct; that typedef is what is found (by its name in BTF: openEvent) among the
 * debug-info nodes of the code that is kept, e.g. the type of `ev := (*openEvent)(rec)`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mdwalk.h"
#include "tbpf.h"

#define KEPT_TYPES_SECTION ".debug_tbpf_types"

/* Names are compared as they will be in BTF (tbpf_c_identifier): "main.openEvent" is
 * openEvent, "example.com/p.flow" example_com_p_flow, which is also what tbpf-gen-go --type
 * finds. */
struct type_search {
	const char *want;
	LLVMMetadataRef found;
	char *other_package; /* a Go name whose last part is want, in another package */
	char *closest;       /* a user type's BTF name, for did-you-mean */
	size_t closest_distance;
	char **seen; /* BTF names of the user types, once each, for the message */
	size_t nseen;
};

/* "main.openEvent" -> "openEvent", "example.com/p.flow" -> "flow"; NULL for names that are
 * not a package's named type (pointers "*main.x", slices "[]uint8", builtins "uint32"). */
static const char *go_type_base(const char *name, unsigned len)
{
	if (!name || !len || name[0] == '*' || name[0] == '[' || memchr(name, ' ', len))
		return NULL;
	const char *dot = NULL;
	for (unsigned i = 0; i < len; i++)
		if (name[i] == '.')
			dot = name + i;
	return dot ? dot + 1 : NULL;
}

static void note_name(struct type_search *s, char *btf_name)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (strcmp(s->seen[i], btf_name) == 0) {
			free(btf_name);
			return;
		}
	char **grown = tbpf_xmalloc((s->nseen + 1) * sizeof *grown);
	if (s->nseen)
		memcpy(grown, s->seen, s->nseen * sizeof *grown);
	free(s->seen);
	s->seen = grown;
	s->seen[s->nseen++] = btf_name;
	size_t d = tbpf_edit_distance(s->want, strlen(s->want), btf_name, strlen(btf_name));
	if (!s->closest || d < s->closest_distance) {
		s->closest = btf_name;
		s->closest_distance = d;
	}
}

static void visit(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	struct type_search *s = arg;
	LLVMMetadataKind kind = LLVMGetMetadataKind(node);
	bool typedef_ = kind == LLVMDIDerivedTypeMetadataKind && LLVMGetDINodeTag(node) == TBPF_DW_TAG_typedef;
	if (s->found || !(typedef_ || kind == LLVMDICompositeTypeMetadataKind))
		return;
	unsigned len = 0;
	const char *name = tbpf_md_string_operand(t->ctx, node, 2, &len);
	const char *base = go_type_base(name, len);
	if (!base)
		return;
	char *go_name = tbpf_xstrndup(name, len);
	bool user = tbpf_is_user_go_name(go_name);
	if (!user) {
		free(go_name);
		return;
	}
	char *btf_name = tbpf_c_identifier(name, len);
	if (strcmp(btf_name, s->want) == 0) {
		s->found = node;
		free(btf_name);
	} else {
		if (!s->other_package && strcmp(base, s->want) == 0)
			s->other_package = tbpf_xstrdup(go_name);
		note_name(s, btf_name);
	}
	free(go_name);
}

static void report_missing(struct tbpf *t, const struct type_search *s)
{
	if (s->other_package) {
		char *btf_name = tbpf_c_identifier(s->other_package, strlen(s->other_package));
		tbpf_error(t, "--keep-type %s: the Go type %s is not in package main; name it as BTF and "
			      "tbpf-gen-go --type will: %s",
			   s->want, s->other_package, btf_name);
		free(btf_name);
		return;
	}
	if (s->closest && s->closest_distance <= 3) {
		tbpf_error(t, "--keep-type %s: no Go type of that name in the code that is kept; did you mean %s?",
			   s->want, s->closest);
		return;
	}
	size_t len = 1;
	for (size_t i = 0; i < s->nseen; i++)
		len += strlen(s->seen[i]) + 2;
	char *list = tbpf_xmalloc(len);
	for (size_t i = 0; i < s->nseen; i++)
		snprintf(list + strlen(list), len - strlen(list), "%s%s", i ? ", " : "", s->seen[i]);
	tbpf_error(t, "--keep-type %s: no Go type of that name in the code that is kept (a type only some "
		      "other code uses is gone with that code); Go types here: %s",
		   s->want, s->nseen ? list : "none");
	free(list);
}

static void free_search(struct type_search *s)
{
	for (size_t i = 0; i < s->nseen; i++)
		free(s->seen[i]);
	free(s->seen);
	free(s->other_package);
}

char *tbpf_kept_type_variable(const char *type)
{
	size_t len = strlen(type) + sizeof "tbpf_type_";
	char *var = tbpf_xmalloc(len);
	snprintf(var, len, "tbpf_type_%s", type);
	return var;
}

/* The global whose BTF VAR carries `*T`: weak, so that llvm-link merges the same type kept
 * by several modules of one program into one variable. */
static void keep_type(struct tbpf *t, LLVMDIBuilderRef dib, LLVMMetadataRef cu, LLVMMetadataRef type,
		      const char *name)
{
	char *var = tbpf_kept_type_variable(name);
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
		bool required = false;
		for (size_t i = 0; i < t->opts->nkeep_types; i++)
			required |= !t->opts->keep_types[i].if_present;
		if (!required)
			return 0; /* one of several modules; check-linked looks for the type */
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
		if (s.found)
			keep_type(t, dib, cu, s.found, k->name);
		else if (!k->if_present)
			report_missing(t, &s);
		free_search(&s);
	}
	LLVMDIBuilderFinalize(dib);
	LLVMDisposeDIBuilder(dib);
	md_walk_free(&w);
	return t->errors ? -1 : 0;
}
