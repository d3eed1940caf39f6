/* Calls of Go helper declarations become calls through the kernel helper ID.
 *
 *   declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr)          ; last ptr: TinyGo's context
 *   %v = call ptr @main.bpfMapLookupElem(ptr @m, ptr %k, ptr undef)
 * becomes
 *   %v = call ptr inttoptr (i64 1 to ptr)(ptr @m, ptr %k)
 * which is how clang spells a helper call, and what the BPF backend lowers to `call 1`.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "tbpf.h"

/* "main.bpfMapLookupElem" -> "bpfMapLookupElem"; "example.com/x/pkg.bpfFoo" -> "bpfFoo". */
static const char *go_base_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : name;
}

/* bpfCore* declarations are CO-RE builtins (core.c), not helpers or kfuncs. */
static bool looks_like_go_helper(const char *base)
{
	return tbpf_has_prefix(base, "bpf") && base[3] >= 'A' && base[3] <= 'Z' && !tbpf_has_prefix(base, "bpfCore");
}

#define GO_KFUNC_PREFIX "kfunc"

/* The part of a kfuncXxx name after "kfunc", or NULL when the name is no such spelling. */
static const char *go_kfunc_rest(const char *name)
{
	const char *base = go_base_name(name);
	if (!tbpf_has_prefix(base, GO_KFUNC_PREFIX))
		return NULL;
	const char *rest = base + strlen(GO_KFUNC_PREFIX);
	size_t len = strlen(rest);
	return len && (isupper((unsigned char)rest[0]) || rest[len - 1] == '_') ? rest : NULL;
}

bool tbpf_is_go_kfunc_name(const char *name)
{
	return go_kfunc_rest(name) != NULL;
}

char *tbpf_go_kfunc_kernel_name(const char *name)
{
	const char *rest = go_kfunc_rest(name);
	return rest ? tbpf_kernel_name(rest, strlen(rest)) : NULL;
}

char *tbpf_go_kfunc_spelling(const char *kernel_name)
{
	size_t len = strlen(kernel_name);
	char *go = tbpf_xmalloc(strlen(GO_KFUNC_PREFIX) + len + 2);
	char *o = go + sprintf(go, "%s", GO_KFUNC_PREFIX);
	for (const char *c = kernel_name; *c; c++) {
		if (*c == '_')
			continue;
		*o++ = c == kernel_name || c[-1] == '_' ? (char)toupper((unsigned char)*c) : *c;
	}
	*o = 0;
	char *back = tbpf_go_kfunc_kernel_name(go);
	bool round_trip = back && strcmp(back, kernel_name) == 0;
	free(back);
	if (!round_trip) /* __bpf_trap, names with capitals: the verbatim spelling */
		sprintf(go, "%s%s_", GO_KFUNC_PREFIX, kernel_name);
	return go;
}

char *tbpf_kfunc_hint(const char *name)
{
	char *go = tbpf_go_kfunc_spelling(name);
	const char *fmt = "if %s is a kernel function (kfunc), drop the //export or //go:linkname "
			  "line and name the Go function %s";
	size_t len = strlen(fmt) + strlen(name) + strlen(go);
	char *hint = tbpf_xmalloc(len);
	snprintf(hint, len, fmt, name, go);
	free(go);
	return hint;
}

static bool is_undefined_value(LLVMValueRef v)
{
	return LLVMIsUndef(v) || LLVMIsPoison(v);
}

/* Which declared parameters a kernel call keeps. TinyGo adds two kinds of arguments the
 * kernel does not expect, and passes undef for both:
 *   - a trailing context pointer on every Go function (not on //export declarations);
 *   - a context pointer in front of every func value (bpf_loop's callback).
 * Decided from the call sites, so every spelling of a declaration is covered. */
static unsigned keep_mask(LLVMValueRef decl, bool *keep, unsigned nparams)
{
	for (unsigned i = 0; i < nparams; i++)
		keep[i] = true;
	bool first = true;
	for (LLVMUseRef u = LLVMGetFirstUse(decl); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u);
		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != decl)
			continue;
		for (unsigned i = 0; i < nparams; i++) {
			LLVMValueRef a = LLVMGetOperand(call, i);
			bool ctx_of_func = i + 1 < nparams && is_undefined_value(a) &&
					   LLVMIsAFunction(LLVMGetOperand(call, i + 1));
			bool trailing = i + 1 == nparams && is_undefined_value(a) &&
					LLVMGetTypeKind(LLVMTypeOf(a)) == LLVMPointerTypeKind;
			bool drop = ctx_of_func || trailing;
			/* every call site must agree, else keep the argument */
			keep[i] = first ? !drop : (keep[i] || !drop);
		}
		first = false;
	}
	unsigned kept = 0;
	for (unsigned i = 0; i < nparams; i++)
		kept += keep[i];
	return kept;
}

static LLVMValueRef first_call(LLVMValueRef decl)
{
	for (LLVMUseRef u = LLVMGetFirstUse(decl); u; u = LLVMGetNextUse(u))
		if (LLVMIsACallInst(LLVMGetUser(u)))
			return LLVMGetUser(u);
	return NULL;
}

/* Calls of `decl` become calls of `callee` (of type `callee_ty`) with the kept arguments. */
static void redirect_calls(struct tbpf *t, LLVMValueRef decl, LLVMValueRef callee, LLVMTypeRef callee_ty,
			   const bool *keep, unsigned nparams)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMValueRef *args = tbpf_xmalloc((nparams + 1) * sizeof *args);
	LLVMUseRef u = LLVMGetFirstUse(decl);
	while (u) {
		LLVMUseRef next = LLVMGetNextUse(u);
		LLVMValueRef call = LLVMGetUser(u);
		if (LLVMIsACallInst(call) && LLVMGetCalledValue(call) == decl) {
			unsigned n = 0;
			for (unsigned i = 0; i < nparams; i++)
				if (keep[i])
					args[n++] = LLVMGetOperand(call, i);
			LLVMPositionBuilderBefore(b, call);
			LLVMValueRef repl = LLVMBuildCall2(b, callee_ty, callee, args, n, "");
			LLVMInstructionSetDebugLoc(repl, LLVMInstructionGetDebugLoc(call));
			if (LLVMGetTypeKind(LLVMTypeOf(call)) != LLVMVoidTypeKind) {
				size_t len;
				const char *name = LLVMGetValueName2(call, &len);
				char *saved = tbpf_xstrndup(name, len);
				LLVMReplaceAllUsesWith(call, repl);
				LLVMSetValueName2(repl, saved, len);
				free(saved);
			}
			LLVMInstructionEraseFromParent(call);
		}
		u = next;
	}
	LLVMDisposeBuilder(b);
	free(args);
}

static LLVMTypeRef kept_function_type(LLVMValueRef decl, const bool *keep, unsigned nparams)
{
	LLVMTypeRef fty = LLVMGlobalGetValueType(decl);
	LLVMTypeRef *params = tbpf_xmalloc((nparams + 1) * sizeof *params);
	LLVMGetParamTypes(fty, params);
	unsigned n = 0;
	for (unsigned i = 0; i < nparams; i++)
		if (keep[i])
			params[n++] = params[i];
	LLVMTypeRef ty = LLVMFunctionType(LLVMGetReturnType(fty), params, n, 0);
	free(params);
	return ty;
}

static void rewrite_helper_calls(struct tbpf *t, LLVMValueRef decl, const struct bpf_helper *h)
{
	unsigned nparams = LLVMCountParamTypes(LLVMGlobalGetValueType(decl));
	bool *keep = tbpf_xmalloc(nparams + 1);
	keep_mask(decl, keep, nparams);
	LLVMTypeRef ty = kept_function_type(decl, keep, nparams);
	LLVMValueRef callee = LLVMConstIntToPtr(LLVMConstInt(LLVMInt64TypeInContext(t->ctx), h->id, 0),
						LLVMPointerTypeInContext(t->ctx, 0));
	redirect_calls(t, decl, callee, ty, keep, nparams);
	free(keep);
}

/* --- kfuncs: externs in .ksyms that libbpf resolves against the kernel's BTF --- */

static LLVMMetadataRef di_type_of(LLVMDIBuilderRef dib, LLVMTypeRef ty)
{
	switch (LLVMGetTypeKind(ty)) {
	case LLVMVoidTypeKind:
		return NULL;
	case LLVMPointerTypeKind:
		return LLVMDIBuilderCreatePointerType(dib, NULL, 64, 64, 0, NULL, 0);
	case LLVMIntegerTypeKind: {
		unsigned bits = LLVMGetIntTypeWidth(ty);
		const char *name = bits <= 8 ? "char" : bits <= 16 ? "short" : bits <= 32 ? "int" : "long long";
		return LLVMDIBuilderCreateBasicType(dib, name, strlen(name), bits < 8 ? 8 : bits, 0x05 /* signed */,
						    LLVMDIFlagZero);
	}
	default:
		return NULL;
	}
}

/* Go types of a kfunc call's result and arguments, from the debug values of the Go
 * variables that hold them (`task := kfTaskFromPid(pid)`): libbpf checks that pointer
 * parameters point to the same kind of type as the kernel's. */
struct call_types {
	LLVMValueRef call;
	LLVMMetadataRef *types; /* [0] result, [1 + i] argument i */
	unsigned n;
};

static void match_call_value(struct tbpf *t, LLVMValueRef value, LLVMMetadataRef var, void *arg)
{
	struct call_types *ct = arg;
	LLVMMetadataRef type = tbpf_md_node_operand(t->ctx, var, 3); /* DIVariable type */
	LLVMMetadataRef bare = type ? tbpf_di_strip_typedefs(t->ctx, type) : NULL;
	if (!bare || LLVMGetMetadataKind(bare) != LLVMDIDerivedTypeMetadataKind ||
	    LLVMGetDINodeTag(bare) != TBPF_DW_TAG_pointer_type)
		return;
	if (value == ct->call && !ct->types[0])
		ct->types[0] = bare;
	for (unsigned i = 0; i < ct->n; i++)
		if (LLVMGetOperand(ct->call, i) == value && !ct->types[i + 1])
			ct->types[i + 1] = bare;
}

/* libbpf compares a kfunc's BTF prototype with the kernel's: a void * where the kernel's
 * parameter points to a struct fails the load, far from the Go line that caused it. */
static void warn_untyped_pointer(struct tbpf *t, LLVMValueRef call, const char *kfunc, unsigned index)
{
	char what[32] = "its result";
	if (index)
		snprintf(what, sizeof what, "argument %u", index);
	tbpf_warning_at(t, call,
			"kfunc %s: %s is a pointer that no Go variable holds, so its BTF type is void *; "
			"libbpf refuses the object (\"func_proto incompatible with kernel\") when the "
			"kernel's points to a struct: hold it in a Go variable of its pointer type "
			"(v := ...) and use that (harmless where the kernel's is void *)",
			kfunc, what);
}

/* A declaration-only DISubprogram gives llc what it needs for a BTF FUNC (extern) in
 * the .ksyms DATASEC. */
static void describe_kfunc(struct tbpf *t, LLVMDIBuilderRef dib, LLVMValueRef fn, const char *name)
{
	LLVMTypeRef fty = LLVMGlobalGetValueType(fn);
	unsigned n = LLVMCountParamTypes(fty);
	LLVMTypeRef *params = tbpf_xmalloc((n + 1) * sizeof *params);
	LLVMGetParamTypes(fty, params);
	LLVMMetadataRef *types = tbpf_xmalloc((n + 2) * sizeof *types);
	struct call_types ct = {.call = first_call(fn), .types = types, .n = n};
	if (ct.call)
		tbpf_for_each_dbg_value(t, LLVMGetBasicBlockParent(LLVMGetInstructionParent(ct.call)),
					match_call_value, &ct);
	for (unsigned i = 0; i <= n; i++) {
		LLVMTypeRef ty = i ? params[i - 1] : LLVMGetReturnType(fty);
		if (types[i])
			continue;
		types[i] = di_type_of(dib, ty);
		if (ct.call && LLVMGetTypeKind(ty) == LLVMPointerTypeKind)
			warn_untyped_pointer(t, ct.call, name, i);
	}
	LLVMMetadataRef file = LLVMDIBuilderCreateFile(dib, "kfuncs", 6, "", 0);
	LLVMMetadataRef sub = LLVMDIBuilderCreateSubroutineType(dib, file, types, n + 1, LLVMDIFlagZero);
	LLVMMetadataRef sp = LLVMDIBuilderCreateFunction(dib, file, name, strlen(name), name, strlen(name), file, 0,
							 sub, 0, 0, 0, LLVMDIFlagPrototyped, 1);
	LLVMSetSubprogram(fn, sp);
	free(types);
	free(params);
}

static void rewrite_kfunc(struct tbpf *t, LLVMDIBuilderRef dib, LLVMValueRef decl, const char *kernel_name)
{
	unsigned nparams = LLVMCountParamTypes(LLVMGlobalGetValueType(decl));
	bool *keep = tbpf_xmalloc(nparams + 1);
	keep_mask(decl, keep, nparams);
	LLVMTypeRef ty = kept_function_type(decl, keep, nparams);
	LLVMSetValueName2(decl, "", 0); /* free the kernel name when the declaration has it */
	LLVMValueRef fn = LLVMGetNamedFunction(t->mod, kernel_name);
	if (!fn) {
		fn = LLVMAddFunction(t->mod, kernel_name, ty);
		LLVMSetSection(fn, ".ksyms");
		LLVMSetLinkage(fn, LLVMExternalLinkage);
	}
	bool described = LLVMGetSubprogram(fn) != NULL;
	redirect_calls(t, decl, fn, LLVMGlobalGetValueType(fn), keep, nparams);
	if (!described)
		describe_kfunc(t, dib, fn, kernel_name);
	free(keep);
}

/* --- functions of BPF C modules, linked in after tbpf-core (--linked-with-c) --- */

bool tbpf_read_c_function_record(LLVMValueRef node, char **name, char **where)
{
	if (LLVMGetMDNodeNumOperands(node) != 2)
		return false;
	LLVMValueRef ops[2];
	unsigned name_len = 0, where_len = 0;
	LLVMGetMDNodeOperands(node, ops);
	const char *n = ops[0] ? LLVMGetMDString(ops[0], &name_len) : NULL;
	const char *w = ops[1] ? LLVMGetMDString(ops[1], &where_len) : NULL;
	if (!n || !w)
		return false;
	*name = tbpf_xstrndup(n, name_len);
	*where = tbpf_xstrndup(w, where_len);
	return true;
}

static bool c_function_recorded(struct tbpf *t, const char *c_name)
{
	unsigned n = LLVMGetNamedMetadataNumOperands(t->mod, TBPF_C_FUNCTIONS_MD);
	LLVMValueRef *nodes = tbpf_xmalloc((n + 1) * sizeof *nodes);
	LLVMGetNamedMetadataOperands(t->mod, TBPF_C_FUNCTIONS_MD, nodes);
	bool found = false;
	for (unsigned i = 0; i < n && !found; i++) {
		char *name, *where;
		if (!tbpf_read_c_function_record(nodes[i], &name, &where))
			continue;
		found = strcmp(name, c_name) == 0;
		free(name);
		free(where);
	}
	free(nodes);
	return found;
}

/* Calls lose TinyGo's context arguments, as a kernel call does (a //go:linkname
 * declaration has the trailing one), and the name is recorded for `check-linked`, which
 * checks after llvm-link that a C module defines the function with the type Go calls:
 * !tbpf.c_functions = !{!{!"name", !"file:line:col of the first call"}, ...} */
static void rewrite_c_function(struct tbpf *t, LLVMValueRef decl, const char *c_name)
{
	char where[1024];
	tbpf_describe_loc(first_call(decl), where, sizeof where);
	unsigned nparams = LLVMCountParamTypes(LLVMGlobalGetValueType(decl));
	bool *keep = tbpf_xmalloc(nparams + 1);
	if (keep_mask(decl, keep, nparams) < nparams) {
		LLVMTypeRef ty = kept_function_type(decl, keep, nparams);
		LLVMSetValueName2(decl, "", 0);
		LLVMValueRef fn = LLVMAddFunction(t->mod, c_name, ty);
		LLVMSetLinkage(fn, LLVMExternalLinkage);
		redirect_calls(t, decl, fn, ty, keep, nparams);
	}
	free(keep);
	if (c_function_recorded(t, c_name))
		return; /* the declaration made above, met again further down the function list */
	LLVMMetadataRef ops[2] = {LLVMMDStringInContext2(t->ctx, c_name, strlen(c_name)),
				  LLVMMDStringInContext2(t->ctx, where, strlen(where))};
	LLVMAddNamedMetadataOperand(t->mod, TBPF_C_FUNCTIONS_MD,
				    LLVMMetadataAsValue(t->ctx, LLVMMDNodeInContext2(t->ctx, ops, 2)));
}

/* bpfRcuReadLock -> bpf_rcu_read_lock */
static char *kernel_name_of(const char *go_base)
{
	char *snake = tbpf_snake_case(go_base + 3, strlen(go_base + 3));
	size_t len = strlen(snake) + 5;
	char *name = tbpf_xmalloc(len);
	snprintf(name, len, "bpf_%s", snake);
	free(snake);
	return name;
}

static void report_unknown(struct tbpf *t, LLVMValueRef decl, const char *name, const char *base)
{
	const struct bpf_helper *s = bpf_helper_suggest(base);
	LLVMValueRef at = first_call(decl);
	if (s)
		tbpf_error_at(t, at,
			      "unknown BPF helper %s: there is no kernel helper of that name; did you mean %s "
			      "(%s, id %u)?",
			      name, tbpf_has_prefix(base, "bpf_") ? s->kernel_name : s->go_name, s->kernel_name,
			      s->id);
	else
		tbpf_error_at(t, at,
			      "unknown BPF helper %s: helpers are declared as func bpfXxx with //go:extern "
			      "bpf_xxx, named after one of the kernel's 211 helpers",
			      name);
}

/* How a declaration is meant: a helper, a kfunc (bpf_xxx, bpfXxx, kfuncXxx), a misspelt
 * helper, or a C module's function. */
int tbpf_rewrite_helpers(struct tbpf *t)
{
	unsigned before = t->errors;
	LLVMDIBuilderRef dib = LLVMCreateDIBuilderDisallowUnresolved(t->mod);
	LLVMValueRef f = LLVMGetFirstFunction(t->mod);
	while (f) {
		LLVMValueRef next = LLVMGetNextFunction(f);
		const char *name = tbpf_value_name(f);
		const char *base = go_base_name(name);
		bool go_spelling = looks_like_go_helper(base);
		bool c_spelling = tbpf_has_prefix(name, "bpf_");
		const char *section = LLVMGetSection(f);
		bool done = section && strcmp(section, ".ksyms") == 0;
		char *kfunc = LLVMIsDeclaration(f) && first_call(f) ? tbpf_go_kfunc_kernel_name(name) : NULL;
		if (kfunc) {
			const struct bpf_helper *h = bpf_helper_by_kernel_name(kfunc);
			if (h)
				tbpf_error_at(t, first_call(f),
					      "%s declares %s, which is a BPF helper (id %u), not a kernel function "
					      "(kfunc): name the Go function %s (//go:extern %s)",
					      name, kfunc, h->id, h->go_name, h->kernel_name);
			else
				rewrite_kfunc(t, dib, f, kfunc);
			free(kfunc);
			f = next;
			continue;
		}
		if (t->opts->linked_with_c && tbpf_names_c_function(name) && !LLVMGetIntrinsicID(f) &&
		    LLVMIsDeclaration(f) && first_call(f)) {
			char *c_name = tbpf_xstrdup(name);
			rewrite_c_function(t, f, c_name);
			free(c_name);
			f = next;
			continue;
		}
		if (!LLVMIsDeclaration(f) || LLVMGetIntrinsicID(f) || !(go_spelling || c_spelling) || done ||
		    !first_call(f)) {
			f = next;
			continue;
		}
		const struct bpf_helper *h = go_spelling ? bpf_helper_by_go_name(base) : bpf_helper_by_kernel_name(name);
		if (h) {
			rewrite_helper_calls(t, f, h);
		} else if (c_spelling) {
			char *kname = tbpf_xstrdup(name);
			rewrite_kfunc(t, dib, f, kname);
			free(kname);
		} else if (bpf_helper_suggest(base)) {
			/* close to a helper: a typo, not a kfunc */
			report_unknown(t, f, name, base);
		} else {
			/* The helper list is frozen at 211; other bpfXxx names are kfuncs. */
			char *kname = kernel_name_of(base);
			rewrite_kfunc(t, dib, f, kname);
			free(kname);
		}
		f = next;
	}
	LLVMDIBuilderFinalize(dib);
	LLVMDisposeDIBuilder(dib);
	if (t->errors > before)
		return -1;
	return tbpf_cleanup(t);
}
