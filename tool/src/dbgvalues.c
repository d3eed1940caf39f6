/* Which IR value holds a Go local variable, from the debug records TinyGo emits
 * (#dbg_value(ptr %2, !task, ...)): the only place the Go type of a pointer survives,
 * since field accesses are byte-offset GEPs.
 *
 * LLVM 21+ reads debug records through the C API; older versions only through the
 * llvm.dbg.value intrinsics, so the module is switched to that form for the scan and
 * back afterwards. Keep the switch around the scan only: with the CO-RE pass rewriting
 * inside one switch for all functions, LLVM 19 gave output that changed from run to run
 * (tests/determinism).
 */
#include <string.h>

#include "tbpf.h"

static void report(struct tbpf *t, LLVMValueRef value, LLVMMetadataRef var, tbpf_dbg_value_fn cb, void *arg)
{
	if (value && var && LLVMGetMetadataKind(var) == LLVMDILocalVariableMetadataKind)
		cb(t, value, var, arg);
}

static void report_location(struct tbpf *t, LLVMMetadataRef loc, tbpf_debug_node_fn cb, void *arg)
{
	if (loc)
		cb(t, loc, arg);
}

#if TBPF_LLVM_MAJOR >= 21

void tbpf_for_each_debug_node(struct tbpf *t, LLVMValueRef fn, tbpf_debug_node_fn cb, void *arg)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			report_location(t, LLVMInstructionGetDebugLoc(i), cb, arg);
			for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(i); r; r = LLVMGetNextDbgRecord(r)) {
				report_location(t, LLVMDbgRecordGetDebugLoc(r), cb, arg);
				LLVMDbgRecordKind kind = LLVMDbgRecordGetKind(r);
				if (kind == LLVMDbgRecordValue || kind == LLVMDbgRecordDeclare ||
				    kind == LLVMDbgRecordAssign)
					report_location(t, LLVMDbgVariableRecordGetVariable(r), cb, arg);
			}
		}
}

void tbpf_for_each_dbg_value(struct tbpf *t, LLVMValueRef fn, tbpf_dbg_value_fn cb, void *arg)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(i); r; r = LLVMGetNextDbgRecord(r)) {
				LLVMDbgRecordKind kind = LLVMDbgRecordGetKind(r);
				if (kind != LLVMDbgRecordValue && kind != LLVMDbgRecordDeclare)
					continue;
				report(t, LLVMDbgVariableRecordGetValue(r, 0), LLVMDbgVariableRecordGetVariable(r), cb,
				       arg);
			}
}

#else

void tbpf_for_each_debug_node(struct tbpf *t, LLVMValueRef fn, tbpf_debug_node_fn cb, void *arg)
{
	bool was_new = LLVMIsNewDbgInfoFormat(t->mod);
	if (was_new)
		LLVMSetIsNewDbgInfoFormat(t->mod, 0);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			report_location(t, LLVMInstructionGetDebugLoc(i), cb, arg);
			if (!LLVMIsACallInst(i))
				continue;
			unsigned n = (unsigned)LLVMGetNumArgOperands(i);
			for (unsigned k = 0; k < n; k++) {
				LLVMValueRef op = LLVMGetOperand(i, k);
				if (op && LLVMIsAMDNode(op))
					report_location(t, LLVMValueAsMetadata(op), cb, arg);
			}
		}
	if (was_new)
		LLVMSetIsNewDbgInfoFormat(t->mod, 1);
}

static LLVMValueRef wrapped_value(LLVMValueRef md)
{
	if (!md)
		return NULL;
	LLVMMetadataKind kind = LLVMGetMetadataKind(LLVMValueAsMetadata(md));
	if (kind != LLVMLocalAsMetadataMetadataKind && kind != LLVMConstantAsMetadataMetadataKind)
		return NULL; /* DIArgList and friends: not a single value */
	LLVMValueRef v = NULL;
	LLVMGetMDNodeOperands(md, &v);
	return v && !LLVMIsAMDNode(v) && !LLVMIsAMDString(v) ? v : NULL;
}

void tbpf_for_each_dbg_value(struct tbpf *t, LLVMValueRef fn, tbpf_dbg_value_fn cb, void *arg)
{
	bool was_new = LLVMIsNewDbgInfoFormat(t->mod);
	if (was_new)
		LLVMSetIsNewDbgInfoFormat(t->mod, 0);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (!LLVMIsACallInst(i))
				continue;
			LLVMValueRef callee = LLVMGetCalledValue(i);
			size_t len;
			const char *name = LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : "";
			if (strcmp(name, "llvm.dbg.value") != 0 && strcmp(name, "llvm.dbg.declare") != 0)
				continue;
			LLVMValueRef var = LLVMGetOperand(i, 1);
			report(t, wrapped_value(LLVMGetOperand(i, 0)), var ? LLVMValueAsMetadata(var) : NULL, cb, arg);
		}
	if (was_new)
		LLVMSetIsNewDbgInfoFormat(t->mod, 1);
}

#endif
