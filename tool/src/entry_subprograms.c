/* Program entry points get a global BTF FUNC, as clang gives `SEC("xdp") int prog(...)`.
 *
 * TinyGo marks the subprogram of an //export function local to the unit, so llc writes a
 * static BTF FUNC for a global ELF symbol, and libbpf's linker (`bpftool gen object`)
 * refuses the object ("failed to find BTF info for global/extern symbol"). The C API
 * cannot change a subprogram's flags, so each entry point gets a new, global subprogram
 * with the old one's name, type, unit and variables, and every debug node of the
 * function that referred to the old one (locations, lexical blocks, variables, also
 * those only debug records use) is pointed at the new one. Static subprograms (non-entry
 * Go functions) stay static: the verifier checks global functions on their own.
 */
#include <stdlib.h>
#include <string.h>

#include "mdwalk.h"
#include "tbpf.h"

#define SP_UNIT_OPERAND 5
#define SP_RETAINED_NODES_OPERAND 7

static void add_root(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	md_walk_add_root(arg, node);
}

struct retarget {
	LLVMMetadataRef from, to;
};

static void repoint(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	struct retarget *r = arg;
	if (node == r->from || node == r->to)
		return;
	LLVMValueRef v = LLVMMetadataAsValue(t->ctx, node);
	unsigned n = LLVMGetMDNodeNumOperands(v);
	if (!n)
		return;
	LLVMValueRef *ops = tbpf_xmalloc(n * sizeof *ops);
	LLVMGetMDNodeOperands(v, ops);
	for (unsigned k = 0; k < n; k++)
		if (ops[k] && LLVMIsAMDNode(ops[k]) && LLVMValueAsMetadata(ops[k]) == r->from)
			LLVMReplaceMDNodeOperandWith(v, k, r->to);
	free(ops);
}

/* The context parameter's type: a pointer to the kernel's context struct of the program
 * type, by name only (the kernel compares names; an empty struct is enough, as C's
 * `struct __sk_buff {};`), or void * where the context has no struct name. */
static LLVMMetadataRef context_type(LLVMDIBuilderRef dib, LLVMValueRef fn, LLVMMetadataRef file)
{
	const char *name = tbpf_section_context_struct(LLVMGetSection(fn));
	LLVMMetadataRef pointee = NULL;
	if (name)
		pointee = LLVMDIBuilderCreateStructType(dib, file, name, strlen(name), file, 0, 0, 0,
							LLVMDIFlagZero, NULL, NULL, 0, 0, NULL, "", 0);
	return LLVMDIBuilderCreatePointerType(dib, pointee, 64, 64, 0, NULL, 0);
}

/* TinyGo's subroutine type for an //export function lists no parameters and a pointer
 * result; BTF should say what C would: int prog(struct xdp_md *ctx), int prog(void *ctx). */
static LLVMMetadataRef entry_type(LLVMDIBuilderRef dib, LLVMValueRef fn, LLVMMetadataRef file)
{
	LLVMTypeRef fty = LLVMGlobalGetValueType(fn);
	LLVMTypeRef ret = LLVMGetReturnType(fty);
	unsigned n = LLVMCountParamTypes(fty);
	if (n > 5 || LLVMGetTypeKind(ret) != LLVMIntegerTypeKind)
		return NULL;
	LLVMMetadataRef types[6];
	unsigned bits = LLVMGetIntTypeWidth(ret);
	types[0] = LLVMDIBuilderCreateBasicType(dib, bits > 32 ? "long long" : "int", bits > 32 ? 9 : 3,
						bits > 32 ? 64 : 32, 0x05 /* signed */, LLVMDIFlagZero);
	LLVMMetadataRef void_ptr = LLVMDIBuilderCreatePointerType(dib, NULL, 64, 64, 0, NULL, 0);
	for (unsigned i = 0; i < n; i++)
		types[i + 1] = i == 0 ? context_type(dib, fn, file) : void_ptr;
	return LLVMDIBuilderCreateSubroutineType(dib, file, types, n + 1, LLVMDIFlagZero);
}

static void globalize(struct tbpf *t, LLVMDIBuilderRef dib, LLVMValueRef fn)
{
	LLVMMetadataRef old = LLVMGetSubprogram(fn);
	if (!old)
		return;
	unsigned nlen = 0, llen = 0;
	const char *name = tbpf_md_string_operand(t->ctx, old, 2, &nlen);
	const char *linkage = tbpf_md_string_operand(t->ctx, old, 3, &llen);
	LLVMMetadataRef scope = tbpf_md_node_operand(t->ctx, old, 1);
	LLVMMetadataRef file = LLVMDIScopeGetFile(old);
	LLVMMetadataRef type = entry_type(dib, fn, file);
	if (!type)
		type = tbpf_md_node_operand(t->ctx, old, 4);
	unsigned line = LLVMDISubprogramGetLine(old);
	LLVMMetadataRef sp = LLVMDIBuilderCreateFunction(
		dib, scope ? scope : file, name ? name : "", name ? nlen : 0, linkage ? linkage : "",
		linkage ? llen : 0, file, line, type, 0 /* local to unit */, 1 /* definition */, line,
		LLVMDIFlagPrototyped, 1 /* optimized */);
	LLVMValueRef spv = LLVMMetadataAsValue(t->ctx, sp);
	LLVMReplaceMDNodeOperandWith(spv, SP_UNIT_OPERAND, tbpf_md_node_operand(t->ctx, old, SP_UNIT_OPERAND));
	LLVMReplaceMDNodeOperandWith(spv, SP_RETAINED_NODES_OPERAND,
				     tbpf_md_node_operand(t->ctx, old, SP_RETAINED_NODES_OPERAND));

	/* Everything the function's code and variables reach, minus the subprograms
	 * themselves (walking into them would touch other functions' nodes). */
	struct md_walk walk;
	md_walk_init(&walk, t);
	md_walk_exclude(&walk, old);
	md_walk_exclude(&walk, sp);
	tbpf_for_each_debug_node(t, fn, add_root, &walk);
	LLVMMetadataRef retained = tbpf_md_node_operand(t->ctx, old, SP_RETAINED_NODES_OPERAND);
	if (retained)
		md_walk_add_root(&walk, retained);
	struct retarget r = {old, sp};
	md_walk_each(&walk, repoint, &r);
	md_walk_free(&walk);
	LLVMSetSubprogram(fn, sp);
}

int tbpf_globalize_entry_subprograms(struct tbpf *t)
{
	LLVMDIBuilderRef dib = LLVMCreateDIBuilderDisallowUnresolved(t->mod);
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f) && tbpf_is_entry(t, f))
			globalize(t, dib, f);
	LLVMDIBuilderFinalize(dib);
	LLVMDisposeDIBuilder(dib);
	return 0;
}
