/* Debug info the kernel's BTF checker accepts.
 *
 * llc turns DWARF-style debug info into .BTF/.BTF.ext, and the kernel refuses BTF whose
 * names are not C identifiers or whose pointer types carry a name. TinyGo names
 * everything the Go way ("main.bpfMapDef", "*main.xdpMd", "[]uint8"), so every node
 * reachable from the code we keep gets its name rewritten:
 *   - main-package names lose the "main." prefix, other characters become '_';
 *   - pointer types become anonymous;
 *   - names longer than the kernel's limit are shortened with a hash suffix.
 * Names are rewritten in place (MDNode operand replacement), so every user of a node
 * sees the new name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"
#include "mdwalk.h"

#define BTF_NAME_MAX 128

/* Operand that holds the name, per node kind (stable across LLVM 19-22). */
static int name_operand(LLVMMetadataKind kind)
{
	switch (kind) {
	case LLVMDIBasicTypeMetadataKind:
	case LLVMDIDerivedTypeMetadataKind:
	case LLVMDICompositeTypeMetadataKind:
	case LLVMDISubprogramMetadataKind:
		return 2;
	case LLVMDIGlobalVariableMetadataKind:
	case LLVMDILocalVariableMetadataKind:
		return 1;
	case LLVMDIEnumeratorMetadataKind:
		return 0;
	default:
		return -1;
	}
}

/* Operand idx of a metadata node as a value (MDString, MDNode or wrapped value), or NULL. */
static LLVMValueRef md_operand(LLVMContextRef ctx, LLVMMetadataRef node, unsigned idx)
{
	LLVMValueRef v = LLVMMetadataAsValue(ctx, node);
	unsigned n = LLVMGetMDNodeNumOperands(v);
	if (idx >= n)
		return NULL;
	LLVMValueRef *ops = tbpf_xmalloc(n * sizeof *ops);
	LLVMGetMDNodeOperands(v, ops);
	LLVMValueRef op = ops[idx];
	free(ops);
	return op;
}

const char *tbpf_md_string_operand(LLVMContextRef ctx, LLVMMetadataRef node, unsigned idx, unsigned *len)
{
	LLVMValueRef op = md_operand(ctx, node, idx);
	return op ? LLVMGetMDString(op, len) : NULL;
}

LLVMMetadataRef tbpf_md_node_operand(LLVMContextRef ctx, LLVMMetadataRef node, unsigned idx)
{
	LLVMValueRef op = md_operand(ctx, node, idx);
	return op && LLVMIsAMDNode(op) ? LLVMValueAsMetadata(op) : NULL;
}

LLVMMetadataRef tbpf_di_strip_typedefs(LLVMContextRef ctx, LLVMMetadataRef type)
{
	for (int depth = 0; type && depth < 32; depth++) {
		if (LLVMGetMetadataKind(type) != LLVMDIDerivedTypeMetadataKind)
			return type;
		unsigned tag = LLVMGetDINodeTag(type);
		if (tag != TBPF_DW_TAG_typedef && tag != 0x26 /* const */ && tag != 0x35 /* volatile */)
			return type;
		type = tbpf_md_node_operand(ctx, type, TBPF_DI_BASE_TYPE_OPERAND);
	}
	return type;
}

char *tbpf_subprogram_name(LLVMContextRef ctx, LLVMMetadataRef sp)
{
	unsigned len = 0;
	const char *s = tbpf_md_string_operand(ctx, sp, 2, &len);
	return s ? tbpf_xstrndup(s, len) : NULL;
}

char *tbpf_scope_file(LLVMMetadataRef scope, bool with_directory)
{
	if (!scope)
		return NULL;
	LLVMMetadataRef file = LLVMDIScopeGetFile(scope);
	if (!file)
		return NULL;
	unsigned flen = 0, dlen = 0;
	const char *name = LLVMDIFileGetFilename(file, &flen);
	const char *dir = LLVMDIFileGetDirectory(file, &dlen);
	if (!name)
		return NULL;
	if (!with_directory || !dir || !dlen || name[0] == '/')
		return tbpf_xstrndup(name, flen);
	char *path = tbpf_xmalloc(dlen + flen + 2);
	memcpy(path, dir, dlen);
	path[dlen] = '/';
	memcpy(path + dlen + 1, name, flen);
	return path;
}

static uint32_t fnv1a(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

char *tbpf_c_identifier(const char *go_name, size_t len)
{
	const char *s = go_name;
	if (len > 5 && strncmp(s, "main.", 5) == 0) {
		s += 5;
		len -= 5;
	}
	char *out = tbpf_xmalloc(len + 2 + 16);
	size_t o = 0;
	if (len && s[0] >= '0' && s[0] <= '9')
		out[o++] = '_';
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		out[o++] = ok ? c : '_';
	}
	out[o] = 0;
	if (o >= BTF_NAME_MAX)
		snprintf(out + BTF_NAME_MAX - 10, 11, "_%08x", fnv1a(go_name, strlen(go_name)));
	return out;
}

static bool is_c_identifier(const char *s, size_t len)
{
	if (!len || len >= BTF_NAME_MAX || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

static void set_name_operand(struct tbpf *t, LLVMMetadataRef node, unsigned idx, const char *name)
{
	LLVMMetadataRef str = name ? LLVMMDStringInContext2(t->ctx, name, strlen(name)) : NULL;
	LLVMReplaceMDNodeOperandWith(LLVMMetadataAsValue(t->ctx, node), idx, str);
}

/* Go's basic types under the C names a skeleton compiles with (Go's int is 64 bits; a
 * 32-bit "int" is C's own, e.g. in map definitions, and stays). */
static const struct {
	const char *go, *c;
	uint64_t bits;
} c_basic_names[] = {
	{"int8", "signed char", 8}, {"int16", "short", 16}, {"int32", "int", 32},
	{"int64", "long long", 64}, {"int", "long long", 64}, {"uint8", "unsigned char", 8},
	{"byte", "unsigned char", 8}, {"uint16", "unsigned short", 16}, {"uint32", "unsigned int", 32},
	{"uint64", "unsigned long long", 64}, {"uint", "unsigned long long", 64},
	{"uintptr", "unsigned long", 64}, {"rune", "int", 32}, {"bool", "_Bool", 8},
	{"float32", "float", 32}, {"float64", "double", 64},
};

static const char *c_basic_name(const char *go, size_t len, uint64_t bits)
{
	for (size_t i = 0; i < sizeof c_basic_names / sizeof *c_basic_names; i++)
		if (strlen(c_basic_names[i].go) == len && strncmp(go, c_basic_names[i].go, len) == 0 &&
		    c_basic_names[i].bits == bits)
			return c_basic_names[i].c;
	return NULL;
}

static void sanitize_node(struct tbpf *t, LLVMMetadataRef node)
{
	LLVMMetadataKind kind = LLVMGetMetadataKind(node);
	int idx = name_operand(kind);
	if (idx < 0)
		return;
	unsigned len = 0;
	const char *name = tbpf_md_string_operand(t->ctx, node, (unsigned)idx, &len);
	if (kind == LLVMDILocalVariableMetadataKind && (!name || !len)) {
		/* A parameter without a Go name: BTF must still name it, or the kernel refuses the
		 * program's whole .BTF ("Invalid arg#1") and libbpf silently loads without it. */
		set_name_operand(t, node, (unsigned)idx, "_");
		return;
	}
	if (!name || !len)
		return;
	if (kind == LLVMDIDerivedTypeMetadataKind && LLVMGetDINodeTag(node) == TBPF_DW_TAG_pointer_type) {
		set_name_operand(t, node, (unsigned)idx, NULL);
		return;
	}
	if (kind == LLVMDIBasicTypeMetadataKind) {
		const char *c = c_basic_name(name, len, LLVMDITypeGetSizeInBits(node));
		if (c) {
			set_name_operand(t, node, (unsigned)idx, c);
			return;
		}
	}
	bool main_prefixed = len > 5 && strncmp(name, "main.", 5) == 0;
	if (!main_prefixed && is_c_identifier(name, len))
		return;
	char *fixed = tbpf_c_identifier(name, len);
	set_name_operand(t, node, (unsigned)idx, fixed);
	free(fixed);
}

/* Types the kernel recognises in map values by their struct name. */
static const char *const kernel_struct_names[] = {
	"bpf_spin_lock", "bpf_timer", "bpf_wq", "bpf_list_head", "bpf_list_node",
	"bpf_rb_root", "bpf_rb_node", "bpf_refcount", "bpf_res_spin_lock", "bpf_task_work",
};

/* Go spells `type bpf_spin_lock struct{...}` as a typedef over an anonymous struct; the
 * kernel wants a member of type `struct bpf_spin_lock`. Name the struct and let the
 * member refer to it directly. */
static void name_kernel_struct(struct tbpf *t, LLVMMetadataRef member)
{
	LLVMMetadataRef td = tbpf_md_node_operand(t->ctx, member, TBPF_DI_BASE_TYPE_OPERAND);
	if (!td || LLVMGetMetadataKind(td) != LLVMDIDerivedTypeMetadataKind ||
	    LLVMGetDINodeTag(td) != TBPF_DW_TAG_typedef)
		return;
	size_t len = 0;
	const char *name = LLVMDITypeGetName(td, &len);
	if (!name)
		return;
	const char *dot = memchr(name, '.', len);
	const char *base = dot ? dot + 1 : name;
	size_t blen = len - (size_t)(base - name);
	for (size_t i = 0; i < sizeof kernel_struct_names / sizeof *kernel_struct_names; i++) {
		if (strlen(kernel_struct_names[i]) != blen || strncmp(base, kernel_struct_names[i], blen) != 0)
			continue;
		LLVMMetadataRef st = tbpf_md_node_operand(t->ctx, td, TBPF_DI_BASE_TYPE_OPERAND);
		if (!st || LLVMGetMetadataKind(st) != LLVMDICompositeTypeMetadataKind)
			return;
		set_name_operand(t, st, 2, kernel_struct_names[i]);
		LLVMReplaceMDNodeOperandWith(LLVMMetadataAsValue(t->ctx, member), TBPF_DI_BASE_TYPE_OPERAND, st);
		return;
	}
}

static void visit_sanitize(struct tbpf *t, LLVMMetadataRef node, void *arg)
{
	(void)arg;
	if (LLVMGetMetadataKind(node) == LLVMDIDerivedTypeMetadataKind && LLVMGetDINodeTag(node) == TBPF_DW_TAG_member)
		name_kernel_struct(t, node);
	sanitize_node(t, node);
}

int tbpf_sanitize_debug_info(struct tbpf *t)
{
	struct md_walk walk;
	md_walk_init(&walk, t);
	md_walk_module_roots(&walk);
	md_walk_each(&walk, visit_sanitize, NULL);
	md_walk_free(&walk);
	return 0;
}
