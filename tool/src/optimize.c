/* In-process optimisation with the BPF target machine (so the BPF backend's own IR
 * passes run, as under clang -O2), then the stack budget check on the result.
 *
 * The verifier allows 512 bytes of stack for a program and the BPF functions it calls
 * together. After optimisation the remaining allocas are the real frame, so the check
 * adds each function's slots to the deepest chain of callees below it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

#ifndef TBPF_PIPELINE
#define TBPF_PIPELINE "attributor-light,default<O2>,function(typepromotion)"
#endif

/* The return block last, as clang lays C out: TinyGo's IR puts the shared `ret` early, so
 * every early exit jumps back to it, one extra instruction per path in BPF. */
static void place_returns_last(LLVMValueRef fn)
{
	LLVMBasicBlockRef last = LLVMGetLastBasicBlock(fn), ret = NULL;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
		LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
		if (term && LLVMIsAReturnInst(term)) {
			if (ret)
				return; /* several returns: leave the layout alone */
			ret = bb;
		}
	}
	if (ret && ret != last && ret != LLVMGetEntryBasicBlock(fn))
		LLVMMoveBasicBlockAfter(ret, last);
}

/* attributor-light first: it carries facts such as the ctx argument's nonnull into the
 * Go functions a program calls, so their nil checks fold as C's never existed. After
 * O2, typepromotion keeps narrow arithmetic in registers without masking it again. */
int tbpf_optimize(struct tbpf *t)
{
	if (!t->opts->optimize)
		return 0;
	if (tbpf_run_passes(t, TBPF_PIPELINE))
		return -1;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f))
			place_returns_last(f);
	return 0;
}

static unsigned long long round8(unsigned long long n)
{
	return (n + 7) & ~7ull;
}

static unsigned long long frame_size(LLVMTargetDataRef td, LLVMValueRef fn)
{
	unsigned long long total = 0;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (LLVMIsAAllocaInst(i))
				total += round8(LLVMABISizeOfType(td, LLVMGetAllocatedType(i)));
	return total;
}

/* Deepest stack below and including fn; call graph is acyclic (checked earlier). */
static unsigned long long chain_size(LLVMTargetDataRef td, LLVMValueRef fn, int depth)
{
	unsigned long long deepest = 0;
	if (depth > 64)
		return 0;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			LLVMValueRef callee = tbpf_defined_callee(i);
			if (!callee)
				continue;
			unsigned long long c = chain_size(td, callee, depth + 1);
			if (c > deepest)
				deepest = c;
		}
	return frame_size(td, fn) + deepest;
}

static void describe_slots(LLVMTargetDataRef td, LLVMValueRef fn, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && used < len; i = LLVMGetNextInstruction(i)) {
			if (!LLVMIsAAllocaInst(i))
				continue;
			unsigned long long size = LLVMABISizeOfType(td, LLVMGetAllocatedType(i));
			if (size < 32)
				continue;
			char where[512];
			tbpf_describe_loc(i, where, sizeof where);
			const char *slash = strrchr(where, '/');
			const char *name = tbpf_value_name(i);
			used += snprintf(buf + used, len - used, "%s%s%s (%s, %llu bytes)", used ? ", " : "",
					 name[0] ? name : "a temporary", "", slash ? slash + 1 : where, size);
		}
}

int tbpf_check_stack(struct tbpf *t)
{
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(t->tm);
	unsigned before = t->errors;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (LLVMIsDeclaration(f) || !tbpf_is_entry(t, f))
			continue;
		unsigned long long total = chain_size(td, f, 0);
		if (total <= TBPF_MAX_STACK)
			continue;
		char slots[2048];
		describe_slots(td, f, slots, sizeof slots);
		LLVMValueRef first = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f));
		tbpf_error_at(t, first,
			      "total stack of %llu bytes in %s exceeds the %d-byte BPF stack: these stack "
			      "objects are live at the same time: %s; move large buffers into a map value "
			      "(e.g. a one-entry PERCPU_ARRAY used as scratch space)",
			      total, tbpf_value_name(f), TBPF_MAX_STACK, slots[0] ? slots : "(small slots)");
	}
	LLVMDisposeTargetData(td);
	return t->errors > before ? -1 : 0;
}
