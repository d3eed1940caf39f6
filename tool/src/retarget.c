/* From the host TinyGo compiled for to BPF: check the host, then switch triple and data
 * layout and drop what only made sense on the host (CPU features, unwind tables,
 * allocator attributes, fastcc).
 *
 * TinyGo fixed struct layouts and pointer sizes for its host, so only 64-bit
 * little-endian hosts produce IR whose memory layout matches BPF's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

static const char *const supported_arches[] = {"x86_64", "amd64", "aarch64", "arm64"};
static const char *const supported_systems[] = {"linux", "darwin", "macos"};

static bool triple_has(const char *triple, const char *const *words, size_t n, bool prefix)
{
	for (size_t i = 0; i < n; i++)
		if (prefix ? tbpf_has_prefix(triple, words[i]) : strstr(triple, words[i]) != NULL)
			return true;
	return false;
}

int tbpf_check_host_target(struct tbpf *t)
{
	const char *triple = LLVMGetTarget(t->mod);
	const char *layout = LLVMGetDataLayoutStr(t->mod);
	if (!triple || !triple[0]) {
		tbpf_error(t, "the module has no target triple; expected TinyGo output for a 64-bit "
			      "little-endian host (x86_64 or arm64, Linux or macOS)");
		return -1;
	}
	if (tbpf_has_prefix(triple, "bpf")) {
		tbpf_error(t, "the module already targets BPF (%s); tbpf-core reads TinyGo's host IR", triple);
		return -1;
	}
	bool arch_ok = triple_has(triple, supported_arches, 4, true);
	bool os_ok = triple_has(triple, supported_systems, 3, false);
	bool little = layout && layout[0] == 'e';
	if (!arch_ok || !os_ok || !little) {
		tbpf_error(t,
			   "unsupported host target %s: TinyGo laid out this program for that host, and "
			   "only IR for a 64-bit little-endian host (x86_64 or arm64, Linux or macOS) has "
			   "BPF's memory layout; run tinygo on such a host",
			   triple);
		return -1;
	}
	LLVMTargetDataRef td = LLVMCreateTargetData(layout);
	unsigned ptr_bits = LLVMPointerSize(td) * 8;
	LLVMDisposeTargetData(td);
	if (ptr_bits != 64) {
		tbpf_error(t, "unsupported host target %s: pointers are %u bits, BPF's are 64", triple, ptr_bits);
		return -1;
	}
	return 0;
}

static const char *const host_string_attributes[] = {
	"target-cpu", "target-features", "tune-cpu", "frame-pointer", "alloc-family",
	"probe-stack", "stack-probe-size", "stack-protector-buffer-size", "min-legal-vector-width",
};
static const char *const host_enum_attributes[] = {"uwtable", "allockind", "allocsize", "sspstrong", "ssp"};

static void strip_attributes(LLVMValueRef v, bool call_site)
{
	LLVMAttributeIndex idx = LLVMAttributeFunctionIndex;
	unsigned n = call_site ? LLVMGetCallSiteAttributeCount(v, idx) : LLVMGetAttributeCountAtIndex(v, idx);
	if (!n)
		return;
	for (size_t i = 0; i < sizeof host_string_attributes / sizeof *host_string_attributes; i++) {
		const char *k = host_string_attributes[i];
		if (call_site)
			LLVMRemoveCallSiteStringAttribute(v, idx, k, (unsigned)strlen(k));
		else
			LLVMRemoveStringAttributeAtIndex(v, idx, k, (unsigned)strlen(k));
	}
	for (size_t i = 0; i < sizeof host_enum_attributes / sizeof *host_enum_attributes; i++) {
		const char *k = host_enum_attributes[i];
		unsigned kind = LLVMGetEnumAttributeKindForName(k, strlen(k));
		if (!kind)
			continue;
		if (call_site)
			LLVMRemoveCallSiteEnumAttribute(v, idx, kind);
		else
			LLVMRemoveEnumAttributeAtIndex(v, idx, kind);
	}
}

int tbpf_retarget(struct tbpf *t)
{
	char *triple = LLVMGetTargetMachineTriple(t->tm);
	LLVMSetTarget(t->mod, triple);
	LLVMDisposeMessage(triple);
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(t->tm);
	char *layout = LLVMCopyStringRepOfTargetData(td);
	LLVMSetDataLayout(t->mod, layout);
	LLVMDisposeMessage(layout);
	LLVMDisposeTargetData(td);

	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		strip_attributes(f, false);
		LLVMSetFunctionCallConv(f, LLVMCCallConv);
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				if (!LLVMIsACallInst(i))
					continue;
				strip_attributes(i, true);
				LLVMSetInstructionCallConv(i, LLVMCCallConv);
			}
	}
	return 0;
}
