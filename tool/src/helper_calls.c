/* Calls of Go helper declarations become calls through the kernel helper ID.
 *
 *   declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr)          ; last ptr: TinyGo's context
 *   %v = call ptr @main.bpfMapLookupElem(ptr @m, ptr %k, ptr undef)
 * becomes
 *   %v = call ptr inttoptr (i64 1 to ptr)(ptr @m, ptr %k)
 * which is how clang spells a helper call, and what the BPF backend lowers to `call 1`.
 */
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

static bool looks_like_go_helper(const char *base)
{
	return tbpf_has_prefix(base, "bpf") && base[3] >= 'A' && base[3] <= 'Z';
}

static bool is_undefined_value(LLVMValueRef v)
{
	return LLVMIsUndef(v) || LLVMIsPoison(v);
}

/* TinyGo appends a context pointer to every Go function and passes undef for it.
 * A declaration made with //export has none, so decide from the call sites. */
static bool has_trailing_context(LLVMValueRef decl)
{
	LLVMTypeRef fty = LLVMGlobalGetValueType(decl);
	unsigned n = LLVMCountParamTypes(fty);
	if (!n)
		return false;
	LLVMTypeRef *params = tbpf_xmalloc(n * sizeof *params);
	LLVMGetParamTypes(fty, params);
	bool last_is_ptr = LLVMGetTypeKind(params[n - 1]) == LLVMPointerTypeKind;
	free(params);
	if (!last_is_ptr)
		return false;
	for (LLVMUseRef u = LLVMGetFirstUse(decl); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u);
		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != decl)
			continue;
		if (!is_undefined_value(LLVMGetOperand(call, n - 1)))
			return false;
	}
	return true;
}

static LLVMValueRef first_call(LLVMValueRef decl)
{
	for (LLVMUseRef u = LLVMGetFirstUse(decl); u; u = LLVMGetNextUse(u))
		if (LLVMIsACallInst(LLVMGetUser(u)))
			return LLVMGetUser(u);
	return NULL;
}

static void rewrite_calls(struct tbpf *t, LLVMValueRef decl, const struct bpf_helper *h)
{
	LLVMTypeRef fty = LLVMGlobalGetValueType(decl);
	unsigned nparams = LLVMCountParamTypes(fty);
	LLVMTypeRef *params = tbpf_xmalloc((nparams + 1) * sizeof *params);
	LLVMGetParamTypes(fty, params);
	unsigned keep = has_trailing_context(decl) ? nparams - 1 : nparams;
	LLVMTypeRef helper_ty = LLVMFunctionType(LLVMGetReturnType(fty), params, keep, 0);
	LLVMValueRef callee = LLVMConstIntToPtr(LLVMConstInt(LLVMInt64TypeInContext(t->ctx), h->id, 0),
						LLVMPointerTypeInContext(t->ctx, 0));
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMValueRef *args = tbpf_xmalloc((nparams + 1) * sizeof *args);

	LLVMUseRef u = LLVMGetFirstUse(decl);
	while (u) {
		LLVMUseRef next = LLVMGetNextUse(u);
		LLVMValueRef call = LLVMGetUser(u);
		if (LLVMIsACallInst(call) && LLVMGetCalledValue(call) == decl) {
			for (unsigned i = 0; i < keep; i++)
				args[i] = LLVMGetOperand(call, i);
			LLVMPositionBuilderBefore(b, call);
			LLVMValueRef repl = LLVMBuildCall2(b, helper_ty, callee, args, keep, "");
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
	free(params);
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

int tbpf_rewrite_helpers(struct tbpf *t)
{
	unsigned before = t->errors;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (!LLVMIsDeclaration(f) || LLVMGetIntrinsicID(f))
			continue;
		const char *name = tbpf_value_name(f);
		const char *base = go_base_name(name);
		const struct bpf_helper *h = NULL;
		if (looks_like_go_helper(base))
			h = bpf_helper_by_go_name(base);
		else if (tbpf_has_prefix(name, "bpf_"))
			h = bpf_helper_by_kernel_name(name);
		else
			continue;
		if (!h) {
			if (looks_like_go_helper(base) && first_call(f))
				report_unknown(t, f, name, base);
			continue;
		}
		rewrite_calls(t, f, h);
	}
	if (t->errors > before)
		return -1;
	return tbpf_cleanup(t);
}
