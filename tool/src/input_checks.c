/* Checks on the module as read, before any pass looks at it (issue 7, found by fuzzing).
 *
 * - The LLVM verifier. LLVM's IR parser verifies only modules that carry the
 *   "Debug Info Version" flag (TinyGo's do); without it, invalid IR (an instruction that
 *   does not dominate its uses, a call with the wrong argument types...) would reach the
 *   rewrites, which assume valid IR.
 * - Debug-info type chains that loop: a typedef, const, pointer, member... or array type
 *   whose base type leads back to itself without passing through a struct. The LLVM
 *   verifier accepts it; LLVM's BPF passes (BPFAbstractMemberAccess's CheckAnonRecordType,
 *   run by our optimisation) and llc's BTF writer follow such chains without a bound and
 *   hang. C cannot express one; Go can (`type P *P`), but such a type has no BTF either.
 *   It is an error.
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

int tbpf_check_input(struct tbpf *t)
{
	if (verify_input(t))
		return -1;
	struct md_walk w;
	bool reported = false;
	md_walk_init(&w, t);
	md_walk_module_roots(&w);
	md_walk_each(&w, check_chain, &reported);
	md_walk_free(&w);
	return reported ? -1 : 0;
}
