/* bpfMapDef globals become libbpf BTF-defined maps in ".maps".
 *
 *   var events = bpfMapDef{Type: 27, MaxEntries: 1 << 24}
 * becomes what clang makes of
 *   struct { __uint(type, 27); __uint(max_entries, 16777216); } events SEC(".maps");
 * i.e. a zeroed struct of pointers whose debug-info members are pointers to int arrays
 * with the value as element count; llc turns that into BTF and libbpf reads the numbers
 * back from it. Every map gets its own anonymous struct type, so maps of different
 * shapes never share a definition. The map takes its Go name without the package.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

#define DW_ATE_signed 0x05
#define DW_TAG_typedef 0x16

static const char *const map_fields[] = {"type", "key_size", "value_size", "max_entries", "map_flags", "pinning"};
enum { MAP_FIELDS_MIN = 5, MAP_FIELDS_MAX = 6 };

static bool is_map_struct(LLVMTypeRef ty)
{
	if (LLVMGetTypeKind(ty) != LLVMStructTypeKind)
		return false;
	const char *name = LLVMGetStructName(ty);
	if (!name)
		return false;
	size_t len = strlen(name);
	return len >= 10 && strcmp(name + len - 10, ".bpfMapDef") == 0 &&
	       (len == 10 || name[len - 11] != '.');
}

static LLVMMetadataRef global_debug_var(struct tbpf *t, LLVMValueRef g)
{
	unsigned dbg = LLVMGetMDKindIDInContext(t->ctx, "dbg", 3);
	size_t n = 0;
	LLVMValueMetadataEntry *entries = LLVMGlobalCopyAllMetadata(g, &n);
	LLVMMetadataRef var = NULL;
	for (size_t i = 0; i < n; i++)
		if (LLVMValueMetadataEntriesGetKind(entries, (unsigned)i) == dbg)
			var = LLVMDIGlobalVariableExpressionGetVariable(
				LLVMValueMetadataEntriesGetMetadata(entries, (unsigned)i));
	if (entries)
		LLVMDisposeValueMetadataEntries(entries);
	return var;
}

static void print_var_position(LLVMMetadataRef var, char *buf, size_t len, const char *fallback)
{
	LLVMMetadataRef file = var ? LLVMDIVariableGetFile(var) : NULL;
	if (!file) {
		snprintf(buf, len, "%s", fallback);
		return;
	}
	unsigned dlen = 0, flen = 0;
	const char *dir = LLVMDIFileGetDirectory(file, &dlen);
	const char *name = LLVMDIFileGetFilename(file, &flen);
	snprintf(buf, len, "%.*s%s%.*s:%u", (int)dlen, dir ? dir : "", dlen ? "/" : "", (int)flen, name,
		 LLVMDIVariableGetLine(var));
}

static int read_fields(struct tbpf *t, LLVMValueRef g, LLVMMetadataRef var, unsigned long long *vals,
		       unsigned *count)
{
	LLVMTypeRef ty = LLVMGlobalGetValueType(g);
	unsigned n = LLVMCountStructElementTypes(ty);
	bool ok = n >= MAP_FIELDS_MIN && n <= MAP_FIELDS_MAX;
	for (unsigned i = 0; ok && i < n; i++) {
		LLVMTypeRef ft = LLVMStructGetTypeAtIndex(ty, i);
		ok = LLVMGetTypeKind(ft) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(ft) == 32;
	}
	if (!ok) {
		char where[512];
		print_var_position(var, where, sizeof where, t->opts->input);
		fprintf(stderr,
			"%s: error: map %s: bpfMapDef must be a struct of 5 uint32 fields (Type, KeySize, "
			"ValueSize, MaxEntries, MapFlags) or 6 (..., Pinning); this one has %u fields\n",
			where, tbpf_value_name(g), n);
		t->errors++;
		return -1;
	}
	LLVMValueRef init = LLVMGetInitializer(g);
	for (unsigned i = 0; i < n; i++) {
		LLVMValueRef e = init && !LLVMIsNull(init) ? LLVMGetAggregateElement(init, i) : NULL;
		vals[i] = e && LLVMIsAConstantInt(e) ? LLVMConstIntGetZExtValue(e) : 0;
	}
	*count = n;
	return 0;
}

struct map_di {
	LLVMDIBuilderRef b;
	LLVMMetadataRef file, scope, int_type;
	unsigned line;
};

static LLVMMetadataRef uint_member(struct map_di *d, const char *name, unsigned long long value,
				   unsigned index)
{
	LLVMMetadataRef range = LLVMDIBuilderGetOrCreateSubrange(d->b, 0, (int64_t)value);
	LLVMMetadataRef array = LLVMDIBuilderCreateArrayType(d->b, 32 * value, 32, d->int_type, &range, 1);
	LLVMMetadataRef ptr = LLVMDIBuilderCreatePointerType(d->b, array, 64, 0, 0, NULL, 0);
	return LLVMDIBuilderCreateMemberType(d->b, d->scope, name, strlen(name), d->file, d->line, 64, 64,
					    64ull * index, LLVMDIFlagZero, ptr);
}

static void rewrite_map(struct tbpf *t, LLVMDIBuilderRef b, LLVMValueRef g)
{
	LLVMMetadataRef old_var = global_debug_var(t, g);
	unsigned long long vals[MAP_FIELDS_MAX];
	unsigned nvals;
	if (read_fields(t, g, old_var, vals, &nvals))
		return;

	size_t len;
	const char *go_name = LLVMGetValueName2(g, &len);
	char *name = tbpf_c_identifier(go_name, len);

	/* type and max_entries always; the others only when set, as a C author would. */
	struct map_di d = {.b = b};
	d.file = old_var ? LLVMDIVariableGetFile(old_var) : NULL;
	if (!d.file)
		d.file = LLVMDIBuilderCreateFile(b, t->opts->input, strlen(t->opts->input), "", 0);
	d.scope = old_var ? LLVMDIVariableGetScope(old_var) : d.file;
	d.line = old_var ? LLVMDIVariableGetLine(old_var) : 0;
	d.int_type = LLVMDIBuilderCreateBasicType(b, "int", 3, 32, DW_ATE_signed, LLVMDIFlagZero);
	LLVMMetadataRef members[MAP_FIELDS_MAX];
	unsigned nmembers = 0;
	for (unsigned i = 0; i < nvals; i++) {
		bool always = i == 0 || i == 3;
		if (always || vals[i])
			members[nmembers] = uint_member(&d, map_fields[i], vals[i], nmembers), nmembers++;
	}
	LLVMMetadataRef st = LLVMDIBuilderCreateStructType(b, d.scope, "", 0, d.file, d.line, 64ull * nmembers,
							   64, LLVMDIFlagZero, NULL, members, nmembers, 0, NULL,
							   "", 0);
	LLVMMetadataRef gve = LLVMDIBuilderCreateGlobalVariableExpression(
		b, d.scope, name, strlen(name), name, strlen(name), d.file, d.line, st, 0,
		LLVMDIBuilderCreateExpression(b, NULL, 0), NULL, 64);

	LLVMTypeRef ptr = LLVMPointerTypeInContext(t->ctx, 0);
	LLVMTypeRef slots[MAP_FIELDS_MAX];
	for (unsigned i = 0; i < nmembers; i++)
		slots[i] = ptr;
	LLVMTypeRef ty = LLVMStructTypeInContext(t->ctx, slots, nmembers, 0);
	LLVMValueRef map = LLVMAddGlobal(t->mod, ty, "");
	LLVMSetInitializer(map, LLVMConstNull(ty));
	LLVMSetSection(map, ".maps");
	LLVMSetAlignment(map, 8);
	LLVMSetLinkage(map, LLVMExternalLinkage);
	LLVMGlobalSetMetadata(map, LLVMGetMDKindIDInContext(t->ctx, "dbg", 3), gve);

	LLVMReplaceAllUsesWith(g, map);
	LLVMDeleteGlobal(g);
	LLVMSetValueName2(map, name, strlen(name));
	free(name);
}

/* A map no program references is deleted by TinyGo (or by our dead code elimination)
 * and only its debug-info entry remains: say so, it would otherwise be a silent gap. */
static void warn_missing_maps(struct tbpf *t)
{
	unsigned n = LLVMGetNamedMetadataNumOperands(t->mod, "llvm.dbg.cu");
	if (!n)
		return;
	LLVMValueRef *cus = tbpf_xmalloc(n * sizeof *cus);
	LLVMGetNamedMetadataOperands(t->mod, "llvm.dbg.cu", cus);
	for (unsigned c = 0; c < n; c++) {
		unsigned nops = LLVMGetMDNodeNumOperands(cus[c]);
		if (nops < 7)
			continue;
		LLVMValueRef *ops = tbpf_xmalloc(nops * sizeof *ops);
		LLVMGetMDNodeOperands(cus[c], ops);
		LLVMValueRef globals = ops[6]; /* DICompileUnit: globals */
		unsigned ng = globals && LLVMIsAMDNode(globals) ? LLVMGetMDNodeNumOperands(globals) : 0;
		LLVMValueRef *gves = tbpf_xmalloc((ng + 1) * sizeof *gves);
		if (ng)
			LLVMGetMDNodeOperands(globals, gves);
		for (unsigned i = 0; i < ng; i++) {
			if (!gves[i] || !LLVMIsAMDNode(gves[i]))
				continue;
			LLVMMetadataRef var = LLVMDIGlobalVariableExpressionGetVariable(LLVMValueAsMetadata(gves[i]));
			unsigned nlen = 0;
			const char *vname = var ? tbpf_md_string_operand(t->ctx, var, 1, &nlen) : NULL;
			unsigned tlen = 0;
			const char *tname = NULL;
			LLVMValueRef vv = var ? LLVMMetadataAsValue(t->ctx, var) : NULL;
			if (vv && LLVMGetMDNodeNumOperands(vv) > 3) {
				LLVMValueRef vops[16];
				unsigned vn = LLVMGetMDNodeNumOperands(vv);
				if (vn <= 16) {
					LLVMGetMDNodeOperands(vv, vops);
					if (vops[3] && LLVMIsAMDNode(vops[3])) {
						size_t l = 0;
						tname = LLVMDITypeGetName(LLVMValueAsMetadata(vops[3]), &l);
						tlen = (unsigned)l;
					}
				}
			}
			if (!vname || !tname || tlen < 10 || strncmp(tname + tlen - 10, ".bpfMapDef", 10) != 0)
				continue;
			char *gname = tbpf_xstrndup(vname, nlen);
			char *cname = tbpf_c_identifier(vname, nlen);
			if (!LLVMGetNamedGlobal(t->mod, gname) && !LLVMGetNamedGlobal(t->mod, cname)) {
				char where[512];
				print_var_position(var, where, sizeof where, t->opts->input);
				fprintf(stderr,
					"%s: warning: map %s is not used by any program in this object, so "
					"TinyGo dropped it and it will not exist at load time; reference it from a "
					"program (a map used only from user space still needs one use in BPF code)\n",
					where, cname);
				t->warnings++;
			}
			free(gname);
			free(cname);
		}
		free(gves);
		free(ops);
	}
	free(cus);
}

int tbpf_rewrite_maps(struct tbpf *t)
{
	unsigned before = t->errors;
	LLVMDIBuilderRef b = LLVMCreateDIBuilderDisallowUnresolved(t->mod);
	LLVMValueRef g = LLVMGetFirstGlobal(t->mod);
	while (g) {
		LLVMValueRef next = LLVMGetNextGlobal(g);
		if (!LLVMIsDeclaration(g) && is_map_struct(LLVMGlobalGetValueType(g)))
			rewrite_map(t, b, g);
		g = next;
	}
	LLVMDIBuilderFinalize(b);
	LLVMDisposeDIBuilder(b);
	warn_missing_maps(t);
	return t->errors > before ? -1 : 0;
}
