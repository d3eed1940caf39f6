/* Checks on the module as read, before any pass looks at it (issue 7, found by fuzzing).
 * In this order:
 * - !dbg attachments of globals and functions, and the compile units' globals lists, that
 *   hold the wrong kind of node (the verifier crashes on some; maps.c reads the lists).
 * - Debug-info operands of the wrong kind (a tuple where a type belongs, a global's !dbg
 *   naming something other than a variable...). The LLVM verifier misses those only a
 *   global's !dbg attachment reaches, and crashes on some; our passes read type operands
 *   with the LLVMDIType* functions, which assume a DIType.
 * - Debug-info type chains that loop: a typedef, const, pointer, member... or array type
 *   whose base type leads back to itself without passing through a struct. The LLVM
 *   verifier accepts it; LLVM's BPF passes (BPFAbstractMemberAccess's CheckAnonRecordType,
 *   run by our optimisation) and llc's BTF writer follow such chains without a bound and
 *   hang. C cannot express one; Go can (`type P *P`), but such a type has no BTF either.
 * - Inlining chains of locations that loop (LLVM's verifier follows them forever).
 * - The LLVM verifier. tbpf-core turns off the verification LLVM's reader does for modules
 *   with debug info (main.c: it aborts or drops the debug info); without this, invalid IR
 *   would reach the rewrites, which assume valid IR. Its first finding is the error.
 * - Direct calls whose function type differs from the callee's (opaque pointers allow it).
 * - A function's debug info without a subroutine type (LLVM's BPF passes dereference it).
 * Each is an error (of these only `type P *P` can come from TinyGo, and it has no BTF).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>

#include "tbpf.h"
#include "mdwalk.h"

#define MAX_CHAIN 64

static int verify_input(struct tbpf *t)
{
	char *msg = NULL;
	if (!LLVMVerifyModule(t->mod, LLVMReturnStatusAction, &msg)) {
		LLVMDisposeMessage(msg);
		return 0;
	}
	/* The verifier's first line says what is wrong; the next ones show where. */
	char *nl = msg ? strchr(msg, '\n') : NULL;
	if (nl)
		*nl = 0;
	tbpf_error(t, "the input is not valid LLVM IR: %s", msg && *msg ? msg : "the LLVM verifier rejects it");
	if (nl && nl[1])
		fprintf(stderr, "%s: note: %.*s\n", t->opts->input, (int)strcspn(nl + 1, "\n"), nl + 1);
	LLVMDisposeMessage(msg);
	return -1;
}

/* The next type in a chain: a derived type's (typedef, const, pointer, member...) or an
 * array's base type. A struct, union, basic or subroutine type ends the chain. */
static LLVMMetadataRef chain_next(struct tbpf *t, LLVMMetadataRef type)
{
	LLVMMetadataKind kind = LLVMGetMetadataKind(type);
	if (kind != LLVMDIDerivedTypeMetadataKind &&
	    !(kind == LLVMDICompositeTypeMetadataKind && LLVMGetDINodeTag(type) == TBPF_DW_TAG_array_type))
		return NULL;
	return tbpf_md_node_operand(t->ctx, type, TBPF_DI_BASE_TYPE_OPERAND);
}

static void check_chain(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	bool *reported = arg;
	LLVMMetadataRef type = node;
	if (*reported)
		return;
	for (int depth = 0; depth < MAX_CHAIN; depth++)
		if (!type || !(type = chain_next(t, type)))
			return;
	/* 64 steps without reaching a struct or a basic type: a loop. Name a type on it. */
	size_t len = 0;
	const char *name = NULL;
	for (int i = 0; i < MAX_CHAIN && type && !len; i++, type = chain_next(t, type))
		name = LLVMDITypeGetName(type, &len);
	tbpf_error(t,
		   "debug info: a type refers to itself through typedefs, pointers or arrays without a "
		   "struct in between%s%.*s%s; LLVM's BPF passes and BTF cannot follow such a loop (the "
		   "input's debug info is corrupt, or a Go type like `type P *P`)",
		   len ? " (at '" : "", (int)len, len ? name : "", len ? "')" : "");
	*reported = true;
}

/* A direct call whose function type is not its callee's: valid IR since pointers are
 * opaque (the call site names its own type), never emitted by TinyGo, and the rewrites
 * read the callee's parameters from the call's arguments. */
static void check_call_types(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				if (!LLVMIsACallInst(i) && !LLVMIsAInvokeInst(i))
					continue;
				LLVMValueRef callee = LLVMGetCalledValue(i);
				if (!LLVMIsAFunction(callee) ||
				    LLVMGetCalledFunctionType(i) == LLVMGlobalGetValueType(callee))
					continue;
				tbpf_error_at(t, i,
					      "call of %s with %u argument%s does not match its declaration (%u "
					      "parameter%s); the input is not a module TinyGo wrote",
					      tbpf_value_name(callee), LLVMGetNumArgOperands(i),
					      LLVMGetNumArgOperands(i) == 1 ? "" : "s",
					      LLVMCountParamTypes(LLVMGlobalGetValueType(callee)),
					      LLVMCountParamTypes(LLVMGlobalGetValueType(callee)) == 1 ? "" : "s");
			}
}

/* A function's DISubprogram without a type: the verifier accepts it, LLVM's
 * BPFAbstractMemberAccess (run by our optimisation) dereferences it (SEGV). TinyGo always
 * writes one. Operand 4 of DISubprogram is its type. */
static void check_subprogram_types(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		LLVMMetadataRef sp = LLVMIsDeclaration(f) ? NULL : LLVMGetSubprogram(f);
		if (sp && !tbpf_md_node_operand(t->ctx, sp, 4)) {
			tbpf_error(t, "debug info: the subprogram of %s has no type (DISubprogram type: null); "
				      "LLVM's BPF passes need it (the input's debug info is corrupt)",
				   tbpf_value_name(f));
			return;
		}
	}
}

/* Debug-info operands of the wrong kind. The LLVM verifier checks the nodes it reaches
 * from functions and compile units, but not those reached only through a global's !dbg
 * attachment, and our passes read type operands with the LLVMDIType* functions, which
 * assume a DIType (a tuple as a member's base type read past its operands: SEGV). */
static bool is_type_or_null(LLVMMetadataRef m)
{
	if (!m)
		return true;
	switch (LLVMGetMetadataKind(m)) {
	case LLVMDIBasicTypeMetadataKind:
	case LLVMDIDerivedTypeMetadataKind:
	case LLVMDICompositeTypeMetadataKind:
	case LLVMDISubroutineTypeMetadataKind:
	case LLVMDIStringTypeMetadataKind:
		return true;
	default:
		return false;
	}
}

static bool is_di_node(LLVMMetadataRef m)
{
	switch (LLVMGetMetadataKind(m)) {
	case LLVMMDStringMetadataKind:
	case LLVMConstantAsMetadataMetadataKind:
	case LLVMLocalAsMetadataMetadataKind:
	case LLVMDistinctMDOperandPlaceholderMetadataKind:
	case LLVMMDTupleMetadataKind:
	case LLVMDILocationMetadataKind:
	case LLVMDIExpressionMetadataKind:
	case LLVMDIGlobalVariableExpressionMetadataKind:
	case LLVMDIArgListMetadataKind:
	case LLVMDIAssignIDMetadataKind:
		return false;
	default:
		return true;
	}
}

static const char *bad_operand(struct tbpf *t, LLVMMetadataRef node)
{
	LLVMContextRef ctx = t->ctx;
	switch (LLVMGetMetadataKind(node)) {
	case LLVMDIDerivedTypeMetadataKind:
		return is_type_or_null(tbpf_md_node_operand(ctx, node, TBPF_DI_BASE_TYPE_OPERAND)) ? NULL : "base type";
	case LLVMDICompositeTypeMetadataKind: {
		if (!is_type_or_null(tbpf_md_node_operand(ctx, node, TBPF_DI_BASE_TYPE_OPERAND)))
			return "base type";
		LLVMMetadataRef el = tbpf_md_node_operand(ctx, node, TBPF_DI_ELEMENTS_OPERAND);
		if (!el)
			return NULL;
		if (LLVMGetMetadataKind(el) != LLVMMDTupleMetadataKind)
			return "element list";
		LLVMValueRef v = LLVMMetadataAsValue(ctx, el);
		unsigned n = LLVMGetMDNodeNumOperands(v);
		LLVMValueRef *ops = tbpf_xmalloc((n + 1) * sizeof *ops);
		LLVMGetMDNodeOperands(v, ops);
		const char *bad = NULL;
		for (unsigned i = 0; i < n && !bad; i++) {
			if (!ops[i])
				continue;
			LLVMMetadataRef e = LLVMIsAMDNode(ops[i]) ? LLVMValueAsMetadata(ops[i]) : NULL;
			if (!e || !is_di_node(e) ||
			    (LLVMGetDINodeTag(e) == TBPF_DW_TAG_member &&
			     LLVMGetMetadataKind(e) != LLVMDIDerivedTypeMetadataKind))
				bad = "element";
		}
		free(ops);
		return bad;
	}
	case LLVMDILocalVariableMetadataKind:
	case LLVMDIGlobalVariableMetadataKind:
		return is_type_or_null(tbpf_md_node_operand(ctx, node, 3)) ? NULL : "type"; /* DIVariable: type */
	case LLVMDIGlobalVariableExpressionMetadataKind: {
		LLVMMetadataRef var = tbpf_md_node_operand(ctx, node, 0);
		return !var || LLVMGetMetadataKind(var) == LLVMDIGlobalVariableMetadataKind ? NULL : "variable";
	}
	case LLVMDISubprogramMetadataKind: {
		LLVMMetadataRef type = tbpf_md_node_operand(ctx, node, 4); /* DISubprogram: type */
		return !type || LLVMGetMetadataKind(type) == LLVMDISubroutineTypeMetadataKind ? NULL : "type";
	}
	default:
		return NULL;
	}
}

static void check_di_kinds(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	bool *reported = arg;
	const char *what = *reported ? NULL : bad_operand(t, node);
	if (!what)
		return;
	size_t len = 0;
	const char *name = LLVMGetMetadataKind(node) == LLVMDIDerivedTypeMetadataKind ||
					   LLVMGetMetadataKind(node) == LLVMDICompositeTypeMetadataKind
				   ? LLVMDITypeGetName(node, &len)
				   : NULL;
	tbpf_error(t,
		   "debug info: the %s of a debug-info node%s%.*s%s is not a node of the right kind; the "
		   "input's debug info is corrupt",
		   what, len ? " ('" : "", (int)len, len ? name : "", len ? "')" : "");
	*reported = true;
}

/* A location whose inlinedAt chain loops (!80 = !DILocation(..., inlinedAt: !80)): LLVM's
 * verifier and every walk of the inlining chain (diagnostics) would follow it forever. */
static bool location_loops(LLVMMetadataRef loc)
{
	for (int depth = 0; loc; depth++, loc = LLVMDILocationGetInlinedAt(loc))
		if (depth == 1024)
			return true;
	return false;
}

static void check_inlining_chains(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(i);
				if (loc && LLVMGetMetadataKind(loc) == LLVMDILocationMetadataKind && location_loops(loc)) {
					tbpf_error(t, "debug info: the inlining chain (inlinedAt) of a location in %s "
						      "loops; the input's debug info is corrupt",
						   tbpf_value_name(f));
					return;
				}
			}
}

/* What the rewrites take for granted about attachments and the compile units' lists:
 * a global's !dbg is a DIGlobalVariableExpression of a DIGlobalVariable, a function's a
 * DISubprogram, and the entries of a compile unit's globals: list are such expressions
 * (maps.c reads them). LLVM's verifier crashes on some of these before it says so. */
static bool is_global_var_expression(LLVMMetadataRef m)
{
	if (!m || LLVMGetMetadataKind(m) != LLVMDIGlobalVariableExpressionMetadataKind)
		return false;
	LLVMMetadataRef var = LLVMDIGlobalVariableExpressionGetVariable(m);
	return var && LLVMGetMetadataKind(var) == LLVMDIGlobalVariableMetadataKind;
}

static void check_attachments(struct tbpf *t)
{
	unsigned dbg = LLVMGetMDKindIDInContext(t->ctx, "dbg", 3);
	LLVMValueRef objs[2] = {LLVMGetFirstGlobal(t->mod), LLVMGetFirstFunction(t->mod)};
	for (int fn = 0; fn < 2; fn++)
		for (LLVMValueRef g = objs[fn]; g; g = fn ? LLVMGetNextFunction(g) : LLVMGetNextGlobal(g)) {
			size_t n = 0;
			LLVMValueMetadataEntry *e = LLVMGlobalCopyAllMetadata(g, &n);
			for (size_t i = 0; i < n; i++) {
				if (LLVMValueMetadataEntriesGetKind(e, (unsigned)i) != dbg)
					continue;
				LLVMMetadataRef md = LLVMValueMetadataEntriesGetMetadata(e, (unsigned)i);
				bool ok = fn ? md && LLVMGetMetadataKind(md) == LLVMDISubprogramMetadataKind
					     : is_global_var_expression(md);
				if (!ok && !t->errors)
					tbpf_error(t, "debug info: the !dbg of %s is not a %s; the input's debug info "
						      "is corrupt",
						   tbpf_value_name(g), fn ? "subprogram" : "global variable expression");
			}
			if (e)
				LLVMDisposeValueMetadataEntries(e);
		}
	unsigned ncu = LLVMGetNamedMetadataNumOperands(t->mod, "llvm.dbg.cu");
	LLVMValueRef *cus = tbpf_xmalloc((ncu + 1) * sizeof *cus);
	LLVMGetNamedMetadataOperands(t->mod, "llvm.dbg.cu", cus);
	for (unsigned c = 0; c < ncu && !t->errors; c++) {
		LLVMMetadataRef cu = cus[c] ? LLVMValueAsMetadata(cus[c]) : NULL;
		if (!cu || LLVMGetMetadataKind(cu) != LLVMDICompileUnitMetadataKind) {
			tbpf_error(t, "debug info: llvm.dbg.cu lists something other than a compile unit; the "
				      "input's debug info is corrupt");
			break;
		}
		LLVMMetadataRef list = tbpf_md_node_operand(t->ctx, cu, 6); /* DICompileUnit: globals */
		if (!list)
			continue;
		LLVMValueRef lv = LLVMMetadataAsValue(t->ctx, list);
		unsigned n = LLVMGetMetadataKind(list) == LLVMMDTupleMetadataKind ? LLVMGetMDNodeNumOperands(lv) : 1;
		LLVMValueRef *ops = tbpf_xmalloc((n + 1) * sizeof *ops);
		if (LLVMGetMetadataKind(list) == LLVMMDTupleMetadataKind)
			LLVMGetMDNodeOperands(lv, ops);
		else
			ops[0] = NULL; /* not a list at all */
		for (unsigned i = 0; i < n; i++)
			if (!ops[i] || !LLVMIsAMDNode(ops[i]) || !is_global_var_expression(LLVMValueAsMetadata(ops[i]))) {
				tbpf_error(t, "debug info: a compile unit's globals list holds something other than "
					      "a global variable expression; the input's debug info is corrupt");
				break;
			}
		free(ops);
	}
	free(cus);
}

int tbpf_check_input(struct tbpf *t)
{
	/* The debug-info shape first: LLVM's verifier itself crashes on some wrong operand
	 * kinds (a global's !dbg naming something other than a variable). */
	check_attachments(t);
	if (t->errors)
		return -1;
	struct md_walk w;
	bool reported = false;
	md_walk_init(&w, t);
	md_walk_module_roots(&w);
	md_walk_each(&w, check_di_kinds, &reported);
	if (!reported)
		md_walk_each(&w, check_chain, &reported);
	md_walk_free(&w);
	if (!reported)
		check_inlining_chains(t);
	if (reported || t->errors || verify_input(t))
		return -1;
	check_call_types(t);
	check_subprogram_types(t);
	return t->errors ? -1 : 0;
}

/* After the maps step: a module without debug info (opt -strip-debug, tinygo -no-debug,
 * or debug info LLVM's reader dropped as invalid) gives an object without BTF. Maps in
 * .maps are BTF definitions, so libbpf refuses such an object ("BTF is required"): an
 * error naming the maps. Without maps the object loads, but loses what BTF gives: Go
 * lines in verifier messages, typed globals in skeletons, CO-RE and kfuncs: a warning. */
int tbpf_check_debug_info(struct tbpf *t)
{
	if (LLVMGetNamedMetadataNumOperands(t->mod, "llvm.dbg.cu") > 0)
		return 0;
	char maps[1024] = "";
	size_t used = 0, n = 0;
	for (LLVMValueRef g = LLVMGetFirstGlobal(t->mod); g; g = LLVMGetNextGlobal(g)) {
		const char *sec = LLVMGetSection(g);
		if (!sec || strcmp(sec, ".maps") != 0)
			continue;
		n++;
		if (used < sizeof maps)
			used += (size_t)snprintf(maps + used, sizeof maps - used, "%s%s", used ? ", " : "",
						 tbpf_value_name(g));
	}
	if (n) {
		tbpf_error(t,
			   "the input has no debug info, and map%s %s need%s it: libbpf reads maps from the "
			   ".maps section as BTF, which llc builds from debug info; build with debug info "
			   "(TinyGo emits it unless given -no-debug)",
			   n == 1 ? "" : "s", maps, n == 1 ? "s" : "");
		return -1;
	}
	fprintf(stderr,
		"%s: warning: the input has no debug info (tinygo -no-debug?): the object gets no BTF, so "
		"verifier messages and tbpf-verify cannot name Go lines, and globals in skeletons, CO-RE "
		"accesses and kfuncs have no types\n",
		t->opts->input);
	t->warnings++;
	return 0;
}
