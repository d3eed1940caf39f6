/* Packet bounds checks as pointer arithmetic, the way clang writes them for C.
 *
 * Go reads xdp_md.data as a uint32 and does its address arithmetic on uintptr:
 *   %data = zext i32 (load ctx->data) to i64 ; %end = zext i32 (load ctx->data_end) to i64
 *   %a = add nuw i64 %data, 1 ; %c = icmp ugt i64 %a, %end ; ... inttoptr i64 %data
 * The optimizer may then fold `data + 1 > end` into `data >= end` and narrow the compare of
 * two zero-extended u32 values to 32 bits (`if w1 < w2`). The verifier only tracks packet
 * pointers through 64-bit compares, so the program is rejected. C compares pointers
 * (`data + 1 > data_end`), which nothing narrows. This pass gives Go's integer address
 * arithmetic that shape: every widened ctx field that ends up as an address becomes an
 * inttoptr, additions on it become byte GEPs, and compares between such values become
 * pointer compares.
 */
#include <stdlib.h>

#include "tbpf.h"

#define MAX_DEPTH 16

/* zext of a load of 32 bits or fewer: how ctx->data and ctx->data_end are widened. */
static bool is_widened_load(LLVMValueRef v)
{
	if (!LLVMIsAZExtInst(v) || LLVMGetTypeKind(LLVMTypeOf(v)) != LLVMIntegerTypeKind ||
	    LLVMGetIntTypeWidth(LLVMTypeOf(v)) != 64)
		return false;
	return LLVMIsALoadInst(LLVMGetOperand(v, 0)) != NULL;
}

static bool is_add(LLVMValueRef v)
{
	return LLVMIsABinaryOperator(v) && LLVMGetInstructionOpcode(v) == LLVMAdd;
}

/* The widened load an address is computed from (through additions), or NULL. */
static LLVMValueRef address_root(LLVMValueRef v, int depth)
{
	if (depth > MAX_DEPTH)
		return NULL;
	if (is_widened_load(v))
		return v;
	if (!is_add(v))
		return NULL;
	LLVMValueRef r = address_root(LLVMGetOperand(v, 0), depth + 1);
	return r ? r : address_root(LLVMGetOperand(v, 1), depth + 1);
}

struct mapping {
	LLVMValueRef *from, *to;
	size_t n, cap;
};

static LLVMValueRef lookup(struct mapping *m, LLVMValueRef v)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->from[i] == v)
			return m->to[i];
	return NULL;
}

static void remember(struct mapping *m, LLVMValueRef from, LLVMValueRef to)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 32;
		LLVMValueRef *f = tbpf_xmalloc(m->cap * sizeof *f), *t = tbpf_xmalloc(m->cap * sizeof *t);
		for (size_t i = 0; i < m->n; i++)
			f[i] = m->from[i], t[i] = m->to[i];
		free(m->from);
		free(m->to);
		m->from = f;
		m->to = t;
	}
	m->from[m->n] = from;
	m->to[m->n++] = to;
}

/* The pointer form of an address value, created right after the value it replaces. */
static LLVMValueRef as_pointer(struct tbpf *t, struct mapping *m, LLVMValueRef v, int depth)
{
	LLVMValueRef done = lookup(m, v);
	if (done)
		return done;
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMValueRef next = LLVMGetNextInstruction(v);
	while (next && LLVMIsAPHINode(next))
		next = LLVMGetNextInstruction(next);
	LLVMPositionBuilderBefore(b, next);
	LLVMValueRef p;
	if (is_add(v) && depth < MAX_DEPTH) {
		LLVMValueRef a = LLVMGetOperand(v, 0), c = LLVMGetOperand(v, 1);
		if (!address_root(a, 0)) {
			LLVMValueRef tmp = a;
			a = c;
			c = tmp;
		}
		LLVMValueRef base = as_pointer(t, m, a, depth + 1);
		LLVMPositionBuilderBefore(b, next);
		p = LLVMBuildGEP2(b, LLVMInt8TypeInContext(t->ctx), base, &c, 1, "");
	} else {
		p = LLVMBuildIntToPtr(b, v, LLVMPointerTypeInContext(t->ctx, 0), "");
	}
	if (LLVMIsAInstruction(p))
		LLVMInstructionSetDebugLoc(p, LLVMInstructionGetDebugLoc(v));
	LLVMDisposeBuilder(b);
	remember(m, v, p);
	return p;
}

static bool root_addressed(LLVMValueRef root, LLVMValueRef *roots, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (roots[i] == root)
			return true;
	return false;
}

/* TinyGo's own optimizer may already have narrowed `data + 1 > end` to a compare of the
 * two u32 loads. A load counts as an address when a widening of it is one. */
static bool is_narrow_load(LLVMValueRef v)
{
	return LLVMIsALoadInst(v) && LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMIntegerTypeKind &&
	       LLVMGetIntTypeWidth(LLVMTypeOf(v)) <= 32;
}

static bool load_addressed(LLVMValueRef load, LLVMValueRef *roots, size_t n)
{
	for (LLVMUseRef u = LLVMGetFirstUse(load); u; u = LLVMGetNextUse(u))
		if (root_addressed(LLVMGetUser(u), roots, n))
			return true;
	return false;
}

static bool is_unsigned_or_equality(LLVMIntPredicate p)
{
	return p == LLVMIntEQ || p == LLVMIntNE || p == LLVMIntUGT || p == LLVMIntUGE || p == LLVMIntULT ||
	       p == LLVMIntULE;
}

/* `data < end` says one byte is readable, but the verifier derives no range from a strict
 * compare at offset 0; TinyGo writes Go's `data+1 > end` that way. Compare `data + 1`
 * instead, as C does. `addressed` is the side used as an address. */
static LLVMValueRef packet_compare(struct tbpf *t, LLVMBuilderRef b, LLVMIntPredicate pred, LLVMValueRef pa,
				   LLVMValueRef pc, bool a_addressed)
{
	LLVMValueRef one = LLVMConstInt(LLVMInt64TypeInContext(t->ctx), 1, 0);
	LLVMTypeRef i8 = LLVMInt8TypeInContext(t->ctx);
	if (a_addressed && !LLVMIsAGetElementPtrInst(pa) && (pred == LLVMIntULT || pred == LLVMIntUGE)) {
		LLVMValueRef next = LLVMBuildInBoundsGEP2(b, i8, pa, &one, 1, "");
		return LLVMBuildICmp(b, pred == LLVMIntULT ? LLVMIntULE : LLVMIntUGT, next, pc, "");
	}
	if (!a_addressed && !LLVMIsAGetElementPtrInst(pc) && (pred == LLVMIntUGT || pred == LLVMIntULE)) {
		LLVMValueRef next = LLVMBuildInBoundsGEP2(b, i8, pc, &one, 1, "");
		return LLVMBuildICmp(b, pred == LLVMIntUGT ? LLVMIntUGE : LLVMIntULT, pa, next, "");
	}
	return LLVMBuildICmp(b, pred, pa, pc, "");
}

/* The pointer form of a narrow load: zext + inttoptr right after it. */
static LLVMValueRef load_as_pointer(struct tbpf *t, struct mapping *m, LLVMValueRef load)
{
	LLVMValueRef done = lookup(m, load);
	if (done)
		return done;
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	LLVMPositionBuilderBefore(b, LLVMGetNextInstruction(load));
	LLVMValueRef wide = LLVMBuildZExt(b, load, LLVMInt64TypeInContext(t->ctx), "");
	LLVMValueRef p = LLVMBuildIntToPtr(b, wide, LLVMPointerTypeInContext(t->ctx, 0), "");
	LLVMInstructionSetDebugLoc(wide, LLVMInstructionGetDebugLoc(load));
	LLVMInstructionSetDebugLoc(p, LLVMInstructionGetDebugLoc(load));
	LLVMDisposeBuilder(b);
	remember(m, load, p);
	remember(m, wide, p);
	return p;
}

static void rewrite_function(struct tbpf *t, LLVMValueRef fn)
{
	/* Pass 1: the widened loads that are used as addresses somewhere. */
	size_t nroots = 0, cap = 16;
	LLVMValueRef *roots = tbpf_xmalloc(cap * sizeof *roots);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (!LLVMIsAIntToPtrInst(i))
				continue;
			LLVMValueRef r = address_root(LLVMGetOperand(i, 0), 0);
			if (!r || root_addressed(r, roots, nroots))
				continue;
			if (nroots == cap) {
				LLVMValueRef *n = tbpf_xmalloc(2 * cap * sizeof *n);
				for (size_t k = 0; k < nroots; k++)
					n[k] = roots[k];
				free(roots);
				roots = n;
				cap *= 2;
			}
			roots[nroots++] = r;
		}
	if (!nroots) {
		free(roots);
		return;
	}
	/* Pass 2: compares of address values, and the inttoptrs themselves. */
	struct mapping m = {0};
	LLVMBuilderRef b = LLVMCreateBuilderInContext(t->ctx);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
		LLVMValueRef i = LLVMGetFirstInstruction(bb);
		while (i) {
			LLVMValueRef next = LLVMGetNextInstruction(i);
			if (LLVMIsAICmpInst(i)) {
				LLVMValueRef a = LLVMGetOperand(i, 0), c = LLVMGetOperand(i, 1);
				LLVMValueRef ra = address_root(a, 0), rc = address_root(c, 0);
				bool narrow = is_narrow_load(a) && is_narrow_load(c) &&
					      is_unsigned_or_equality(LLVMGetICmpPredicate(i)) &&
					      (load_addressed(a, roots, nroots) || load_addressed(c, roots, nroots));
				if (narrow) {
					LLVMValueRef pa = load_as_pointer(t, &m, a), pc = load_as_pointer(t, &m, c);
					LLVMPositionBuilderBefore(b, i);
					LLVMValueRef cmp = packet_compare(t, b, LLVMGetICmpPredicate(i), pa, pc,
									  load_addressed(a, roots, nroots));
					LLVMInstructionSetDebugLoc(cmp, LLVMInstructionGetDebugLoc(i));
					LLVMReplaceAllUsesWith(i, cmp);
					LLVMInstructionEraseFromParent(i);
				} else if (ra && rc &&
					   (root_addressed(ra, roots, nroots) || root_addressed(rc, roots, nroots))) {
					LLVMValueRef pa = as_pointer(t, &m, a, 0), pc = as_pointer(t, &m, c, 0);
					LLVMPositionBuilderBefore(b, i);
					LLVMValueRef cmp = packet_compare(t, b, LLVMGetICmpPredicate(i), pa, pc,
									  root_addressed(ra, roots, nroots));
					LLVMInstructionSetDebugLoc(cmp, LLVMInstructionGetDebugLoc(i));
					LLVMReplaceAllUsesWith(i, cmp);
					LLVMInstructionEraseFromParent(i);
				}
			} else if (LLVMIsAIntToPtrInst(i) && address_root(LLVMGetOperand(i, 0), 0)) {
				LLVMValueRef p = as_pointer(t, &m, LLVMGetOperand(i, 0), 0);
				if (p != i) {
					LLVMReplaceAllUsesWith(i, p);
					LLVMInstructionEraseFromParent(i);
				}
			}
			i = next;
		}
	}
	LLVMDisposeBuilder(b);
	free(m.from);
	free(m.to);
	free(roots);
}

/* A widened u32 plus a positive constant below 2^32 lies in [C, 2^33): never NULL.
 * TinyGo nil-checks every pointer it derives (`unsafe.Add(data, 14)`); for packet
 * addresses the check, and the panic path behind it, cannot fire. */
static bool never_null(LLVMValueRef p, int depth)
{
	if (depth > MAX_DEPTH)
		return false;
	if (LLVMIsAGetElementPtrInst(p) && LLVMGetNumIndices(p) == 1 &&
	    LLVMIsAConstantInt(LLVMGetOperand(p, 1)) &&
	    LLVMGetTypeKind(LLVMGetGEPSourceElementType(p)) == LLVMIntegerTypeKind &&
	    LLVMGetIntTypeWidth(LLVMGetGEPSourceElementType(p)) == 8) {
		long long c = LLVMConstIntGetSExtValue(LLVMGetOperand(p, 1));
		LLVMValueRef base = LLVMGetOperand(p, 0);
		if (c > 0 && c < (1ll << 32) && LLVMIsAIntToPtrInst(base) &&
		    is_widened_load(LLVMGetOperand(base, 0)))
			return true;
		return c >= 0 && never_null(base, depth + 1);
	}
	return false;
}

static void fold_packet_nil_checks(struct tbpf *t, LLVMValueRef fn)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
		LLVMValueRef i = LLVMGetFirstInstruction(bb);
		while (i) {
			LLVMValueRef next = LLVMGetNextInstruction(i);
			if (LLVMIsAICmpInst(i) && LLVMIsNull(LLVMGetOperand(i, 1)) &&
			    LLVMGetTypeKind(LLVMTypeOf(LLVMGetOperand(i, 0))) == LLVMPointerTypeKind &&
			    (LLVMGetICmpPredicate(i) == LLVMIntEQ || LLVMGetICmpPredicate(i) == LLVMIntNE) &&
			    never_null(LLVMGetOperand(i, 0), 0)) {
				bool ne = LLVMGetICmpPredicate(i) == LLVMIntNE;
				LLVMReplaceAllUsesWith(i, LLVMConstInt(LLVMInt1TypeInContext(t->ctx), ne, 0));
				LLVMInstructionEraseFromParent(i);
			}
			i = next;
		}
	}
}

int tbpf_rewrite_packet_pointers(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f)) {
			rewrite_function(t, f);
			fold_packet_nil_checks(t, f);
		}
	return 0;
}
