/* runtime.alloc of a constant size becomes a zeroed, 8-aligned stack slot.
 *
 * Every Go local whose address escapes (nearly every map key and value handed to a
 * helper) is a runtime.alloc call, often in a non-entry block and inside inlined code.
 * The slot goes to the entry block (a static frame the verifier can size); the zeroing
 * stays where the call was, because Go promises zeroed memory on every execution of
 * the allocation and programs pass never-written slots to helpers. A slot that can hold
 * an 8-byte value is 8-aligned: the verifier rejects misaligned 8-byte stack access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

/* 8 for every slot that can hold an 8-byte value; smaller slots get their natural
 * alignment, so that small slots pack the way clang packs C locals. */
static unsigned slot_align(unsigned long long size)
{
	unsigned a = 1;
	while (a < 8 && a < size)
		a *= 2;
	return a;
}

/* Innermost inlined function of an instruction, e.g. "runtime.stringFromBytes". */
static bool inlined_from_runtime_strings(LLVMValueRef call)
{
	char inlining[1024];
	tbpf_describe_inlining(call, inlining, sizeof inlining);
	return strstr(inlining, "(in runtime.string") != NULL || strstr(inlining, "(in runtime.concat") != NULL;
}

/* Collects the instructions that use a slot, through address arithmetic; false when the
 * address escapes into something we cannot follow (phi, select, a store of the pointer). */
static bool collect_uses(LLVMValueRef v, LLVMValueRef *out, size_t *n, size_t max, int depth)
{
	for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		if (*n == max || depth > 8 || LLVMIsAPHINode(user) || LLVMIsASelectInst(user))
			return false;
		if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 0) == v)
			return false; /* the address itself is stored */
		out[(*n)++] = user;
		if (LLVMIsAGetElementPtrInst(user) && !collect_uses(user, out, n, max, depth + 1))
			return false;
	}
	return true;
}

/* A slot whose every use sits in the block where it is zeroed lives only there: say so
 * with lifetime markers, so that llc's stack colouring lets such slots share space (TinyGo
 * emits none; clang does for C's block-scoped locals). */
static void mark_lifetime(struct tbpf *t, LLVMValueRef slot, unsigned long long size)
{
	LLVMValueRef uses[64];
	size_t n = 0;
	if (!collect_uses(slot, uses, &n, 64, 0) || !n)
		return;
	LLVMValueRef zeroing = NULL;
	for (size_t i = 0; i < n; i++)
		if (LLVMIsACallInst(uses[i]) && LLVMGetIntrinsicID(LLVMGetCalledValue(uses[i])) &&
		    strncmp(tbpf_value_name(LLVMGetCalledValue(uses[i])), "llvm.memset", 11) == 0)
			zeroing = uses[i];
	if (!zeroing)
		return;
	LLVMBasicBlockRef bb = LLVMGetInstructionParent(zeroing);
	for (size_t i = 0; i < n; i++)
		if (LLVMGetInstructionParent(uses[i]) != bb)
			return;
	LLVMValueRef last = zeroing;
	for (LLVMValueRef i = zeroing; i; i = LLVMGetNextInstruction(i))
		for (size_t k = 0; k < n; k++)
			if (uses[k] == i)
				last = i;
	if (LLVMIsATerminatorInst(last))
		return;
	LLVMTypeRef ptr = LLVMPointerTypeInContext(t->ctx, 0);
	/* LLVM 22 dropped the size operand of the lifetime intrinsics. */
#if TBPF_LLVM_MAJOR >= 22
	LLVMValueRef args[1] = {slot};
#else
	LLVMValueRef args[2] = {LLVMConstInt(LLVMInt64TypeInContext(t->ctx), size, 0), slot};
#endif
	unsigned nargs = sizeof args / sizeof *args;
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	const char *names[2] = {"llvm.lifetime.start", "llvm.lifetime.end"};
	LLVMValueRef at[2] = {zeroing, LLVMGetNextInstruction(last)};
	for (int k = 0; k < 2; k++) {
		unsigned id = LLVMLookupIntrinsicID(names[k], strlen(names[k]));
		LLVMValueRef fn = LLVMGetIntrinsicDeclaration(t->mod, id, &ptr, 1);
		LLVMPositionBuilderBefore(b, at[k]);
		LLVMBuildCall2(b, LLVMIntrinsicGetType(t->ctx, id, &ptr, 1), fn, args, nargs, "");
	}
	LLVMDisposeBuilder(b);
}

static LLVMValueRef entry_insertion_point(LLVMValueRef fn)
{
	LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
	LLVMValueRef i = LLVMGetFirstInstruction(entry);
	while (i && LLVMIsAAllocaInst(i))
		i = LLVMGetNextInstruction(i);
	return i;
}

static void replace_with_slot(struct tbpf *t, LLVMValueRef call, unsigned long long size)
{
	LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMTypeRef i8 = LLVMInt8TypeInContext(t->ctx);
	LLVMTypeRef slot_ty = LLVMArrayType2(i8, size);

	size_t len;
	const char *name = LLVMGetValueName2(call, &len);
	char *saved = tbpf_xstrndup(name, len);

	LLVMPositionBuilderBefore(b, entry_insertion_point(fn));
	LLVMValueRef slot = LLVMBuildAlloca(b, slot_ty, "");
	LLVMSetAlignment(slot, slot_align(size));
	LLVMInstructionSetDebugLoc(slot, LLVMInstructionGetDebugLoc(call));

	LLVMPositionBuilderBefore(b, call);
	LLVMValueRef zero = LLVMBuildMemSet(b, slot, LLVMConstInt(i8, 0, 0),
					    LLVMConstInt(LLVMInt64TypeInContext(t->ctx), size, 0), slot_align(size));
	LLVMInstructionSetDebugLoc(zero, LLVMInstructionGetDebugLoc(call));

	LLVMReplaceAllUsesWith(call, slot);
	LLVMInstructionEraseFromParent(call);
	LLVMSetValueName2(slot, saved, len);
	free(saved);
	LLVMDisposeBuilder(b);
	mark_lifetime(t, slot, size);
}

static void rewrite_call(struct tbpf *t, LLVMValueRef call)
{
	LLVMValueRef size = LLVMGetOperand(call, 0);
	const char *var = tbpf_value_name(call);
	if (!LLVMIsAConstantInt(size)) {
		if (inlined_from_runtime_strings(call))
			tbpf_error_at(t, call,
				      "Go string of run-time length: the string conversion or concatenation "
				      "allocates a buffer of non-constant size (runtime.alloc) and copies into it; "
				      "Go strings are unsupported in BPF programs, compare [N]byte arrays instead");
		else
			tbpf_error_at(t, call,
				      "heap allocation of non-constant size%s%s (runtime.alloc with a run-time "
				      "size, e.g. make([]T, n)); BPF has no heap and stack slots need a constant "
				      "size: use a fixed-size array",
				      var[0] ? " for " : "", var);
		return;
	}
	unsigned long long bytes = LLVMConstIntGetZExtValue(size);
	if (bytes > TBPF_MAX_STACK) {
		tbpf_error_at(t, call,
			      "stack allocation of %llu bytes%s%s exceeds the %d-byte BPF stack; keep large "
			      "buffers in a map value (e.g. a one-entry PERCPU_ARRAY used as scratch space)",
			      bytes, var[0] ? " for " : "", var, TBPF_MAX_STACK);
		return;
	}
	replace_with_slot(t, call, bytes ? bytes : 1);
}

int tbpf_rewrite_allocations(struct tbpf *t)
{
	LLVMValueRef alloc = LLVMGetNamedFunction(t->mod, "runtime.alloc");
	if (!alloc)
		return 0;
	unsigned before = t->errors;
	LLVMUseRef u = LLVMGetFirstUse(alloc);
	while (u) {
		LLVMUseRef next = LLVMGetNextUse(u);
		LLVMValueRef user = LLVMGetUser(u);
		if (LLVMIsACallInst(user) && LLVMGetCalledValue(user) == alloc)
			rewrite_call(t, user);
		else
			tbpf_error_at(t, LLVMIsAInstruction(user) ? user : NULL,
				      "runtime.alloc used other than by a direct call; cannot place it on the stack");
		u = next;
	}
	if (t->errors > before)
		return -1;
	if (!LLVMGetFirstUse(alloc))
		LLVMDeleteFunction(alloc);
	return 0;
}
