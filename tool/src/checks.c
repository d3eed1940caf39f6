/* Go constructs BPF cannot run, reported at their Go line before anything is rewritten:
 * floating point, calls through func values, recursion, calls into TinyGo's runtime
 * (what is left of maps, interfaces, fmt... after dead code elimination), and Go
 * interfaces (TinyGo's lowered dispatch over type descriptors). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

static bool is_fp_type(LLVMTypeRef ty)
{
	switch (LLVMGetTypeKind(ty)) {
	case LLVMHalfTypeKind:
	case LLVMBFloatTypeKind:
	case LLVMFloatTypeKind:
	case LLVMDoubleTypeKind:
	case LLVMX86_FP80TypeKind:
	case LLVMFP128TypeKind:
	case LLVMPPC_FP128TypeKind:
		return true;
	case LLVMVectorTypeKind:
		return is_fp_type(LLVMGetElementType(ty));
	default:
		return false;
	}
}

static bool uses_fp(LLVMValueRef inst)
{
	if (is_fp_type(LLVMTypeOf(inst)))
		return true;
	int n = LLVMGetNumOperands(inst);
	for (int i = 0; i < n; i++) {
		LLVMValueRef op = LLVMGetOperand(inst, i);
		if (op && !LLVMIsABasicBlock(op) && is_fp_type(LLVMTypeOf(op)))
			return true;
	}
	return false;
}

static unsigned inst_line(LLVMValueRef inst)
{
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(inst);
	/* Report the outermost (user) line for a span; inlined runtime lines would mislead. */
	while (loc && LLVMDILocationGetInlinedAt(loc))
		loc = LLVMDILocationGetInlinedAt(loc);
	return loc ? LLVMDILocationGetLine(loc) : 0;
}

static void check_floating_point(struct tbpf *t, LLVMValueRef fn)
{
	LLVMValueRef first = NULL;
	unsigned count = 0, lo = 0, hi = 0;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (!uses_fp(i))
				continue;
			unsigned line = inst_line(i);
			if (!first)
				first = i;
			count++;
			if (line && (!lo || line < lo))
				lo = line;
			if (line > hi)
				hi = line;
		}
	if (!first)
		return;
	char span[64] = "";
	if (lo && hi > lo)
		snprintf(span, sizeof span, " (float code on lines %u-%u)", lo, hi);
	tbpf_error_at(t, first,
		      "floating point is not supported in BPF programs: %u float instruction%s in %s%s; "
		      "use integer (fixed-point) arithmetic",
		      count, count == 1 ? "" : "s", tbpf_value_name(fn), span);
}

static bool is_runtime_function_name(const char *name)
{
	return tbpf_has_prefix(name, "runtime.") || tbpf_has_prefix(name, "internal/") ||
	       tbpf_has_prefix(name, "tinygo_") || tbpf_has_prefix(name, "reflect.") ||
	       tbpf_has_prefix(name, "sync.") || tbpf_has_prefix(name, "fmt.");
}

/* bpfXxx (a helper or kfunc) or kfuncXxx (a kfunc), in TinyGo's spelling of a Go name */
static bool is_tinygo_kernel_decl(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *base = dot ? dot + 1 : name;
	return (tbpf_has_prefix(base, "bpf") && base[3] >= 'A' && base[3] <= 'Z') ||
	       tbpf_is_go_kfunc_name(name);
}

/* `//export count_unlock` or `//go:linkname f count_unlock` on a Go function without a body:
 * a plain C name that is neither the kernel's (bpf_...) nor TinyGo's own. */
bool tbpf_names_c_function(const char *name)
{
	if (!name[0] || (name[0] >= '0' && name[0] <= '9') || tbpf_has_prefix(name, "bpf_") ||
	    is_tinygo_kernel_decl(name) || is_runtime_function_name(name))
		return false; /* a kernel name, a helper or bpfCore* builtin in Go spelling, TinyGo's */
	for (const char *c = name; *c; c++)
		if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			return false;
	return true;
}

static const char *runtime_hint(const char *name)
{
	if (strstr(name, "hashmap"))
		return "Go maps need TinyGo's heap; use a bpfMapDef map";
	if (strstr(name, "string") || strstr(name, "String"))
		return "Go strings are unsupported; use [N]byte arrays";
	if (strstr(name, "interface") || strstr(name, "typeAssert"))
		return "interfaces need run-time type dispatch; use concrete types";
	if (strstr(name, "chan") || strstr(name, "deadlock") || strstr(name, "task"))
		return "goroutines and channels do not exist in BPF";
	if (strstr(name, "slice") || strstr(name, "Append") || strstr(name, "append"))
		return "growing slices needs a heap; use fixed-size arrays";
	if (strstr(name, "print"))
		return "printing needs the runtime; use bpfTracePrintk or a ring buffer";
	return "it needs TinyGo's runtime, which BPF programs do not have";
}


static void check_calls(struct tbpf *t, LLVMValueRef fn)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (!LLVMIsACallInst(i) && !LLVMIsAInvokeInst(i))
				continue;
			LLVMValueRef callee = LLVMGetCalledValue(i);
			if (LLVMIsAInlineAsm(callee)) {
				tbpf_error_at(t, i, "inline assembly cannot be retargeted to BPF");
				continue;
			}
			if (!LLVMIsAFunction(callee)) {
				tbpf_error_at(t, i,
					      "indirect call through a Go func value in %s; BPF has no indirect calls "
					      "(call the function directly, or switch over the choices)",
					      tbpf_value_name(fn));
				continue;
			}
			const char *name = tbpf_value_name(callee);
			if (!LLVMIsDeclaration(callee) || LLVMGetIntrinsicID(callee))
				continue;
			if (strcmp(name, "runtime.alloc") == 0 || is_tinygo_kernel_decl(name))
				continue;
			if (tbpf_has_prefix(name, "bpf_"))
				continue; /* kernel name declared with //go:linkname or //export */
			if (tbpf_names_c_function(name)) {
				if (!t->opts->linked_with_c) {
					char *hint = tbpf_kfunc_hint(name);
					tbpf_error_at(t, i,
						      "call to external function %s: BPF programs can only call kernel "
						      "helpers (func bpfXxx declared with //go:extern bpf_xxx), kfuncs "
						      "and their own Go functions; if a BPF C module defines %s, add "
						      "the .c file to add_tinybpf_program's SOURCES (tbpf-core "
						      "transform --linked-with-c); %s",
						      name, name, hint);
					free(hint);
				}
				continue;
			}
			if (is_runtime_function_name(name))
				tbpf_error_at(t, i, "call to %s, which BPF cannot run: %s", name, runtime_hint(name));
			else
				tbpf_error_at(t, i,
					      "call to external function %s: BPF programs can only call kernel "
					      "helpers (func bpfXxx declared with //go:extern bpf_xxx) and their own "
					      "Go functions",
					      name);
		}
}

/* Depth-first search over direct calls; a call back into a function still on the
 * stack closes a cycle. */
struct cg_state {
	LLVMValueRef *fns;
	unsigned char *color; /* 0 new, 1 on stack, 2 done */
	unsigned char *reported; /* a cycle into this function was already reported */
	size_t n;
	LLVMValueRef *stack;
	size_t depth;
};

static size_t fn_index(struct cg_state *s, LLVMValueRef fn)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->fns[i] == fn)
			return i;
	return (size_t)-1;
}

static void report_cycle(struct tbpf *t, struct cg_state *s, LLVMValueRef call, LLVMValueRef callee)
{
	char path[1024];
	size_t used = 0;
	size_t start = 0;
	while (start < s->depth && s->stack[start] != callee)
		start++;
	for (size_t k = start; k < s->depth && used < sizeof path; k++)
		used += snprintf(path + used, sizeof path - used, "%s -> ", tbpf_value_name(s->stack[k]));
	if (used < sizeof path)
		snprintf(path + used, sizeof path - used, "%s", tbpf_value_name(callee));
	if (s->stack[s->depth - 1] == callee)
		tbpf_error_at(t, call, "recursive call: %s calls itself; the BPF call graph must be acyclic "
				       "(rewrite it as a bounded loop)",
			      tbpf_value_name(callee));
	else
		tbpf_error_at(t, call, "recursive call cycle %s; the BPF call graph must be acyclic", path);
}

static void visit(struct tbpf *t, struct cg_state *s, size_t idx)
{
	s->color[idx] = 1;
	s->stack[s->depth++] = s->fns[idx];
	LLVMValueRef fn = s->fns[idx];
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			LLVMValueRef callee = tbpf_defined_callee(i);
			if (!callee)
				continue;
			size_t c = fn_index(s, callee);
			if (c == (size_t)-1)
				continue;
			if (s->color[c] == 1 && !s->reported[c]) {
				s->reported[c] = 1;
				report_cycle(t, s, i, callee);
			}
			else if (s->color[c] == 0)
				visit(t, s, c);
		}
	s->depth--;
	s->color[idx] = 2;
}

static void check_recursion(struct tbpf *t)
{
	struct cg_state s = {0};
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f))
			s.n++;
	s.fns = tbpf_xmalloc(s.n * sizeof *s.fns);
	s.color = tbpf_xmalloc(s.n);
	s.reported = tbpf_xmalloc(s.n);
	s.stack = tbpf_xmalloc(s.n * sizeof *s.stack);
	size_t k = 0;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f))
			s.fns[k++] = f;
	for (size_t i = 0; i < s.n; i++)
		if (!s.color[i])
			visit(t, &s, i);
	free(s.fns);
	free(s.color);
	free(s.reported);
	free(s.stack);
}

/* Go interfaces. TinyGo lowers a method call on an interface value to a call of a
 * generated "interface:{...}.M$invoke" that compares the value's type code with each
 * implementing type's descriptor ("reflect/types.type:..." globals), and a type switch or
 * assertion to "...$typeassert" calls or such compares. The descriptors point to each
 * other: a BPF object cannot relocate them (bpftool/libbpf reject the object with "sec
 * .rodata flags mismatch"), so any use is an error at the user's line. */
static bool is_interface_glue(const char *name)
{
	return strstr(name, "$invoke") || strstr(name, "$typeassert") || tbpf_has_prefix(name, "interface:");
}

static void check_interfaces(struct tbpf *t, LLVMValueRef fn)
{
	if (is_interface_glue(tbpf_value_name(fn)))
		return; /* TinyGo's generated dispatch: reported at its caller */
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			const char *callee = NULL;
			if (LLVMIsACallInst(i) && LLVMIsAFunction(LLVMGetCalledValue(i)))
				callee = tbpf_value_name(LLVMGetCalledValue(i));
			const char *invoke = callee ? strstr(callee, "$invoke") : NULL;
			if (invoke && tbpf_has_prefix(callee, "interface:")) {
				const char *dot = invoke;
				while (dot > callee && dot[-1] != '.')
					dot--;
				tbpf_error_at(t, i,
					      "Go interface method call (%.*s) in %s: BPF programs cannot use "
					      "interfaces, whose dynamic dispatch needs TinyGo's type descriptors "
					      "(tables of pointers a BPF object cannot relocate); call the method "
					      "on the concrete type",
					      (int)(invoke - dot), dot, tbpf_value_name(fn));
				return;
			}
			/* A runtime call's arguments (panic(v) passes an interface) are check_calls' and
			 * the panic rewrite's business. */
			if (callee && tbpf_has_prefix(callee, "runtime."))
				continue;
			int n = LLVMGetNumOperands(i);
			for (int k = 0; k < n; k++) {
				LLVMValueRef op = LLVMGetOperand(i, k);
				if (!op || !(LLVMIsAFunction(op) || LLVMIsAGlobalVariable(op)))
					continue;
				const char *name = tbpf_value_name(op);
				if (is_interface_glue(name) || tbpf_has_prefix(name, "reflect/types.type:")) {
					tbpf_error_at(t, i,
						      "Go interface value in %s (type switch, type assertion or "
						      "conversion to an interface, using %s): BPF programs cannot "
						      "use interfaces, which need TinyGo's type descriptors (tables "
						      "of pointers a BPF object cannot relocate); use concrete types",
						      tbpf_value_name(fn), name);
					return;
				}
			}
		}
}

int tbpf_check_unsupported(struct tbpf *t)
{
	unsigned before = t->errors;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (LLVMIsDeclaration(f))
			continue;
		check_floating_point(t, f);
		check_calls(t, f);
		check_interfaces(t, f);
	}
	check_recursion(t);
	return t->errors > before ? -1 : 0;
}
