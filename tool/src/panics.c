/* Go panic paths (-panic=trap: `call @llvm.trap()` + `unreachable`) become returns.
 *
 * LLVM lowers llvm.trap to a call of `abort`, which BPF does not have, and turning the
 * path into plain `unreachable` would let the optimizer delete the nil and bounds checks
 * that guard it, which the verifier then misses. The policy:
 *   - in an entry point, a panic returns the program's panic value (--panic-return,
 *     default 0; per program with --section FN=SEC --panic-return FN=N);
 *   - in any other Go function, a panic returns that function's zero value and the
 *     caller carries on.
 * The checks stay in the code and the program always terminates.
 */
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

static bool is_trap_call(LLVMValueRef inst)
{
	if (!inst || !LLVMIsACallInst(inst))
		return false;
	LLVMValueRef callee = LLVMGetCalledValue(inst);
	if (!LLVMIsAFunction(callee))
		return false;
	size_t len;
	const char *name = LLVMGetValueName2(callee, &len);
	return len == 9 && tbpf_has_prefix(name, "llvm.trap");
}

static LLVMValueRef panic_value(struct tbpf *t, LLVMValueRef fn, LLVMTypeRef ret)
{
	const struct tbpf_section *s = tbpf_entry_section(t, fn);
	if (s && LLVMGetTypeKind(ret) == LLVMIntegerTypeKind) {
		long long v = s->has_panic_return ? s->panic_return : t->opts->panic_return;
		return LLVMConstInt(ret, (unsigned long long)v, 1);
	}
	return LLVMConstNull(ret);
}

static void rewrite_block(struct tbpf *t, LLVMValueRef fn, LLVMValueRef trap)
{
	LLVMValueRef term = LLVMGetNextInstruction(trap);
	LLVMTypeRef ret = LLVMGetReturnType(LLVMGlobalGetValueType(fn));
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMPositionBuilderBefore(b, trap);
	LLVMValueRef r = LLVMGetTypeKind(ret) == LLVMVoidTypeKind ? LLVMBuildRetVoid(b)
								   : LLVMBuildRet(b, panic_value(t, fn, ret));
	LLVMInstructionSetDebugLoc(r, LLVMInstructionGetDebugLoc(trap));
	LLVMInstructionEraseFromParent(term);
	LLVMInstructionEraseFromParent(trap);
	LLVMDisposeBuilder(b);
}

/* TinyGo proved facts about the return value that held because a panic never returned
 * (`range(i32 1, 3)` on a program that now returns 0 on a panic): with the panic path
 * returning, they would make that return poison. */
static const char *const return_facts[] = {"range", "nonnull", "dereferenceable", "dereferenceable_or_null",
					   "align", "noalias"};

static void drop_return_facts(LLVMValueRef fn)
{
	for (size_t k = 0; k < sizeof return_facts / sizeof *return_facts; k++) {
		unsigned kind = LLVMGetEnumAttributeKindForName(return_facts[k], strlen(return_facts[k]));
		if (!kind)
			continue;
		LLVMRemoveEnumAttributeAtIndex(fn, LLVMAttributeReturnIndex, kind);
		for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u)) {
			LLVMValueRef call = LLVMGetUser(u);
			if (LLVMIsACallInst(call) && LLVMGetCalledValue(call) == fn)
				LLVMRemoveCallSiteEnumAttribute(call, LLVMAttributeReturnIndex, kind);
		}
	}
}

int tbpf_rewrite_panics(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (LLVMIsDeclaration(f))
			continue;
		bool rewritten = false;
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb)) {
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				LLVMValueRef next = LLVMGetNextInstruction(i);
				if (is_trap_call(i) && next && LLVMIsAUnreachableInst(next)) {
					rewrite_block(t, f, i);
					rewritten = true;
					break;
				}
			}
		}
		if (rewritten)
			drop_return_facts(f);
	}
	LLVMValueRef trap = LLVMGetNamedFunction(t->mod, "llvm.trap");
	if (trap && LLVMGetFirstUse(trap)) {
		tbpf_error_at(t, LLVMGetUser(LLVMGetFirstUse(trap)),
			      "llvm.trap outside a panic path cannot be lowered to BPF");
		return -1;
	}
	if (trap)
		LLVMDeleteFunction(trap);
	return 0;
}
