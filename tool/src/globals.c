/* Go package variables go where libbpf and `bpftool gen skeleton` expect them:
 *   constant (never written)       -> .rodata   skel->rodata->x
 *   zero-initialised and written   -> .bss      skel->bss->x
 *   initialised and written        -> .data     skel->data->x
 * They take their Go name without the package and become global symbols, because
 * skeletons leave static variables out.
 *
 * A knob that user space sets before load must survive TinyGo's optimizer, which
 * folds a variable the program never writes: read it with runtime/volatile
 * (volatile.LoadUint32(&knob)). It then stays a zeroed, writable global in .bss.
 */
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

static bool has_debug_info(struct tbpf *t, LLVMValueRef g)
{
	size_t n;
	LLVMValueMetadataEntry *md = LLVMGlobalCopyAllMetadata(g, &n);
	unsigned dbg = LLVMGetMDKindIDInContext(t->ctx, "dbg", 3);
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		found = LLVMValueMetadataEntriesGetKind(md, (unsigned)i) == dbg;
	if (md)
		LLVMDisposeValueMetadataEntries(md);
	return found;
}

/* A Go package variable of the user's: main.x, or example.com/p.x or myprog/p.x; not TinyGo's
 * runtime.*, nor what the compiler makes ("main$string", "reflect/types.type:...", LLVM's
 * "switch.table.main.f"), which has no DIGlobalVariable where the module has debug info. */
static bool is_user_global(struct tbpf *t, LLVMValueRef g, const char *name)
{
	if (!tbpf_is_user_go_name(name) || strpbrk(name, "$:"))
		return false;
	return LLVMGetNamedMetadataNumOperands(t->mod, "llvm.dbg.cu") == 0 || has_debug_info(t, g);
}

static const char *section_for(LLVMValueRef g)
{
	if (LLVMIsGlobalConstant(g))
		return ".rodata";
	LLVMValueRef init = LLVMGetInitializer(g);
	if (!init || LLVMIsNull(init))
		return ".bss";
	return ".data";
}

int tbpf_assign_global_sections(struct tbpf *t)
{
	for (LLVMValueRef g = LLVMGetFirstGlobal(t->mod); g; g = LLVMGetNextGlobal(g)) {
		if (LLVMIsDeclaration(g))
			continue;
		const char *section = LLVMGetSection(g);
		if (section && section[0])
			continue; /* .maps, license, or set by the user */
		size_t len;
		const char *name = LLVMGetValueName2(g, &len);
		if (tbpf_has_prefix(name, "llvm."))
			continue;
		LLVMSetSection(g, section_for(g));
		if (LLVMGetAlignment(g) < 8 && !LLVMIsGlobalConstant(g))
			LLVMSetAlignment(g, 8);
		if (!is_user_global(t, g, name))
			continue; /* string constants and the like stay private */
		char *cname = tbpf_c_identifier(name, len);
		LLVMSetValueName2(g, cname, strlen(cname));
		free(cname);
		LLVMSetLinkage(g, LLVMExternalLinkage);
		LLVMSetUnnamedAddress(g, LLVMNoUnnamedAddr);
	}
	return 0;
}

/* Keeps an otherwise unreferenced internal global alive through optimisation
 * (@llvm.compiler.used, as clang does for __attribute__((used))). */
void tbpf_keep_global(struct tbpf *t, LLVMValueRef g)
{
	LLVMTypeRef ptr = LLVMPointerTypeInContext(t->ctx, 0);
	LLVMValueRef old = LLVMGetNamedGlobal(t->mod, "llvm.compiler.used");
	LLVMValueRef init = old ? LLVMGetInitializer(old) : NULL;
	unsigned n = init ? (unsigned)LLVMGetArrayLength2(LLVMTypeOf(init)) : 0;
	LLVMValueRef *elems = tbpf_xmalloc((n + 1) * sizeof *elems);
	for (unsigned i = 0; i < n; i++)
		elems[i] = LLVMGetAggregateElement(init, i);
	elems[n] = g;
	LLVMValueRef array = LLVMConstArray2(ptr, elems, n + 1);
	if (old)
		LLVMDeleteGlobal(old);
	LLVMValueRef used = LLVMAddGlobal(t->mod, LLVMTypeOf(array), "llvm.compiler.used");
	LLVMSetInitializer(used, array);
	LLVMSetLinkage(used, LLVMAppendingLinkage);
	LLVMSetSection(used, "llvm.metadata");
	free(elems);
}

/* One "license" section per module. Static, as libbpf's linker wants BTF for every global
 * symbol; when llvm-link merges several of our modules, libbpf reads the first string. */
int tbpf_add_license(struct tbpf *t)
{
	const char *license = t->opts->license ? t->opts->license : "GPL";
	if (LLVMGetNamedGlobal(t->mod, "_license"))
		return 0;
	LLVMValueRef str = LLVMConstStringInContext(t->ctx, license, (unsigned)strlen(license), 0);
	LLVMValueRef g = LLVMAddGlobal(t->mod, LLVMTypeOf(str), "_license");
	LLVMSetInitializer(g, str);
	LLVMSetSection(g, "license");
	LLVMSetLinkage(g, LLVMInternalLinkage);
	LLVMSetAlignment(g, 1);
	tbpf_keep_global(t, g);
	return 0;
}
