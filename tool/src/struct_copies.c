/* Struct copies as memcpy.
 *
 * TinyGo writes `*rec = ev` (a 72-byte struct) as 72 scalar loads from the stack slot
 * followed by 72 stores to the same offsets of the destination. llc then keeps many of the
 * loaded values in registers at once and spills them to the stack, where clang's C code
 * has one memcpy. This pass finds such a run in a basic block: loads from one stack slot
 * at constant offsets, then stores of exactly those values at the same offsets of another
 * object, the offsets tiling [0, N), with nothing else touching memory in between; and
 * replaces it by llvm.memcpy(dst, src, N).
 */
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

#define MAX_RUN 512

struct access {
	LLVMValueRef inst;
	LLVMValueRef base;
	unsigned long long offset, size;
};

/* base + constant byte offset of an address; false for anything else. */
static bool split_address(LLVMValueRef addr, LLVMValueRef *base, unsigned long long *offset)
{
	*offset = 0;
	if (LLVMIsAGetElementPtrInst(addr) && LLVMGetNumIndices(addr) == 1 &&
	    LLVMIsAConstantInt(LLVMGetOperand(addr, 1)) &&
	    LLVMGetTypeKind(LLVMGetGEPSourceElementType(addr)) == LLVMIntegerTypeKind &&
	    LLVMGetIntTypeWidth(LLVMGetGEPSourceElementType(addr)) == 8) {
		long long off = LLVMConstIntGetSExtValue(LLVMGetOperand(addr, 1));
		if (off < 0)
			return false;
		*offset = (unsigned long long)off;
		addr = LLVMGetOperand(addr, 0);
	}
	*base = addr;
	return true;
}

static bool touches_memory(LLVMValueRef i)
{
	return LLVMIsALoadInst(i) || LLVMIsAStoreInst(i) || LLVMIsACallInst(i) || LLVMIsAAtomicRMWInst(i) ||
	       LLVMIsAAtomicCmpXchgInst(i) || LLVMIsAFenceInst(i);
}

static unsigned long long scalar_size(LLVMTargetDataRef td, LLVMTypeRef ty)
{
	LLVMTypeKind k = LLVMGetTypeKind(ty);
	if (k != LLVMIntegerTypeKind && k != LLVMPointerTypeKind)
		return 0;
	return LLVMABISizeOfType(td, ty);
}

static int by_offset(const void *a, const void *b)
{
	const struct access *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Offsets of the accesses tile [0, n) exactly. */
static bool tiles(struct access *acc, size_t count, unsigned long long *n)
{
	struct access *sorted = tbpf_xmalloc(count * sizeof *sorted);
	memcpy(sorted, acc, count * sizeof *sorted);
	qsort(sorted, count, sizeof *sorted, by_offset);
	unsigned long long pos = 0;
	bool ok = true;
	for (size_t i = 0; i < count && ok; i++) {
		ok = sorted[i].offset == pos;
		pos += sorted[i].size;
	}
	free(sorted);
	*n = pos;
	return ok;
}

/* Tries a run of loads starting at `first`; returns the instruction to continue from. */
static LLVMValueRef try_run(struct tbpf *t, LLVMTargetDataRef td, LLVMValueRef first)
{
	static struct access loads[MAX_RUN], stores[MAX_RUN];
	size_t nl = 0, ns = 0;
	LLVMValueRef src = NULL, dst = NULL, i = first;

	/* Loads from one base (a stack slot). GEPs may sit between them. */
	for (; i && nl < MAX_RUN; i = LLVMGetNextInstruction(i)) {
		if (LLVMIsAGetElementPtrInst(i))
			continue;
		if (!LLVMIsALoadInst(i) || LLVMGetVolatile(i))
			break;
		LLVMValueRef base;
		unsigned long long off, size = scalar_size(td, LLVMTypeOf(i));
		if (!size || !split_address(LLVMGetOperand(i, 0), &base, &off) || (src && base != src))
			break;
		src = base;
		loads[nl++] = (struct access){i, base, off, size};
	}
	if (nl < 4 || !src || !LLVMIsAAllocaInst(src))
		return LLVMGetNextInstruction(first);

	/* Then the stores of exactly those values, each to the same offset of one other base. */
	for (; i && ns < nl; i = LLVMGetNextInstruction(i)) {
		if (LLVMIsAGetElementPtrInst(i))
			continue;
		if (!LLVMIsAStoreInst(i) || LLVMGetVolatile(i))
			break;
		LLVMValueRef value = LLVMGetOperand(i, 0), base;
		unsigned long long off;
		if (!split_address(LLVMGetOperand(i, 1), &base, &off) || (dst && base != dst) || base == src)
			break;
		size_t k = 0;
		while (k < nl && loads[k].inst != value)
			k++;
		if (k == nl || loads[k].offset != off)
			break;
		LLVMUseRef only = LLVMGetFirstUse(value);
		if (!only || LLVMGetNextUse(only))
			break;
		dst = base;
		stores[ns++] = (struct access){i, base, off, loads[k].size};
	}
	unsigned long long n;
	if (ns != nl || !tiles(loads, nl, &n))
		return LLVMGetNextInstruction(first);
	/* Nothing else may read or write memory between the first load and the last store. */
	LLVMValueRef last = stores[ns - 1].inst;
	for (LLVMValueRef j = first; j != last; j = LLVMGetNextInstruction(j)) {
		bool ours = false;
		for (size_t k = 0; k < nl && !ours; k++)
			ours = loads[k].inst == j || stores[k].inst == j;
		if (!ours && touches_memory(j))
			return LLVMGetNextInstruction(first);
	}

	unsigned align = LLVMGetAlignment(src);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMPositionBuilderBefore(b, stores[0].inst);
	unsigned dst_align = LLVMGetAlignment(stores[0].inst);
	for (size_t k = 0; k < ns; k++)
		if (stores[k].offset == 0)
			dst_align = LLVMGetAlignment(stores[k].inst);
	LLVMValueRef copy = LLVMBuildMemCpy(b, dst, dst_align ? dst_align : 1, src, align ? align : 1,
					    LLVMConstInt(LLVMInt64TypeInContext(t->ctx), n, 0));
	LLVMInstructionSetDebugLoc(copy, LLVMInstructionGetDebugLoc(stores[0].inst));
	LLVMDisposeBuilder(b);
	LLVMValueRef next = LLVMGetNextInstruction(last);
	for (size_t k = 0; k < ns; k++)
		LLVMInstructionEraseFromParent(stores[k].inst);
	for (size_t k = 0; k < nl; k++)
		LLVMInstructionEraseFromParent(loads[k].inst);
	return next;
}

int tbpf_form_struct_copies(struct tbpf *t)
{
	LLVMTargetDataRef td = LLVMGetModuleDataLayout(t->mod);
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb)) {
			LLVMValueRef i = LLVMGetFirstInstruction(bb);
			while (i)
				i = LLVMIsALoadInst(i) ? try_run(t, td, i) : LLVMGetNextInstruction(i);
		}
	return 0;
}
