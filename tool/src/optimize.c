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

/* A narrow shift whose result is only zero-extended or compared (unsigned, or for
 * equality, with a constant) is done in the extended type, masked once:
 *   %15 = shl i8 %14, 2 ; %16 = zext i8 %15 to i64 ; %17 = icmp ult i8 %15, 20
 * becomes
 *   %w = and i64 (shl i64 (zext i8 %14 to i64), 2), 255 ; %17 = icmp ult i64 %w, 20
 * BPF registers are 64-bit: the i8 form masks the shifted value once for the compare and
 * again where CodeGenPrepare sinks the zext into the block that uses it (xdp_port_drop's IP
 * header length, 2 of its 52 instructions). */
static bool unsigned_or_equality(LLVMIntPredicate p)
{
	return p == LLVMIntEQ || p == LLVMIntNE || p == LLVMIntUGT || p == LLVMIntUGE || p == LLVMIntULT ||
	       p == LLVMIntULE;
}

/* Every user is a zext to WIDE or an unsigned/equality icmp of the value against a
 * constant; at least one zext. */
static LLVMTypeRef widenable_users(LLVMValueRef v)
{
	LLVMTypeRef wide = NULL;
	for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		if (LLVMIsAZExtInst(user)) {
			if (wide && LLVMTypeOf(user) != wide)
				return NULL;
			wide = LLVMTypeOf(user);
		} else if (!(LLVMIsAICmpInst(user) && unsigned_or_equality(LLVMGetICmpPredicate(user)) &&
			     LLVMGetOperand(user, 0) == v && LLVMIsAConstantInt(LLVMGetOperand(user, 1)))) {
			return NULL;
		}
	}
	return wide;
}

static void widen_narrow_shifts(LLVMContextRef ctx, LLVMValueRef fn)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
		LLVMValueRef next;
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = next) {
			next = LLVMGetNextInstruction(i);
			if (LLVMGetInstructionOpcode(i) != LLVMShl || !LLVMIsAConstantInt(LLVMGetOperand(i, 1)))
				continue;
			LLVMTypeRef narrow = LLVMTypeOf(i);
			if (LLVMGetTypeKind(narrow) != LLVMIntegerTypeKind)
				continue; /* vectors */
			unsigned bits = LLVMGetIntTypeWidth(narrow);
			LLVMTypeRef wide = bits < 32 ? widenable_users(i) : NULL;
			if (!wide)
				continue;
			LLVMPositionBuilderBefore(b, i);
			LLVMValueRef x = LLVMBuildZExt(b, LLVMGetOperand(i, 0), wide, "");
			LLVMValueRef shift = LLVMConstInt(wide, LLVMConstIntGetZExtValue(LLVMGetOperand(i, 1)), 0);
			LLVMValueRef w = LLVMBuildAnd(b, LLVMBuildShl(b, x, shift, ""),
						      LLVMConstInt(wide, (1ull << bits) - 1, 0), "");
			LLVMUseRef u = LLVMGetFirstUse(i);
			while (u) {
				LLVMUseRef after = LLVMGetNextUse(u);
				LLVMValueRef user = LLVMGetUser(u);
				if (LLVMIsAZExtInst(user)) {
					if (user == next)
						next = LLVMGetNextInstruction(user);
					LLVMReplaceAllUsesWith(user, w);
					LLVMInstructionEraseFromParent(user);
				} else {
					LLVMValueRef c = LLVMGetOperand(user, 1);
					LLVMSetOperand(user, 0, w);
					LLVMSetOperand(user, 1, LLVMConstInt(wide, LLVMConstIntGetZExtValue(c), 0));
				}
				u = after;
			}
			for (LLVMValueRef k = x; k != i; k = LLVMGetNextInstruction(k))
				LLVMInstructionSetDebugLoc(k, LLVMInstructionGetDebugLoc(i));
			LLVMInstructionEraseFromParent(i);
		}
	}
	LLVMDisposeBuilder(b);
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
		if (!LLVMIsDeclaration(f)) {
			widen_narrow_shifts(t->ctx, f);
			place_returns_last(f);
		}
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
