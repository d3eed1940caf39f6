/* Line info in the user's code.
 *
 * TinyGo inlines parts of its runtime and of the standard library into user functions (an
 * atomic add, a volatile load), and those instructions keep the runtime's position:
 *   atomicrmw add ptr %30, i64 1 ..., !dbg !1808
 *   !1808 = !DILocation(line: 138, scope: sync/atomic.AddUint64, inlinedAt: !1809)
 *   !1809 = !DILocation(line: 89, column: 19, scope: main.core_task)
 * llc turns positions into BTF line info, so bpftool's and the verifier's source
 * annotations would show sync/atomic/doc.go:138. Each such instruction takes the position
 * of the innermost user frame of its chain (prog.go:89:19), the line the user wrote; the
 * diagnostics pick the same frame (diag.c).
 */
#include "tbpf.h"

int tbpf_attribute_lines_to_user(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(i);
				LLVMMetadataRef user = loc ? tbpf_user_frame(t->ctx, loc) : NULL;
				if (user != loc)
					LLVMInstructionSetDebugLoc(i, user);
			}
	return 0;
}
