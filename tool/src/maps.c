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

/* libbpf's names for the numbers of a map definition, in the order a C author writes
 * them; index = enum map_field. */
static const char *const map_fields[] = {"type", "key_size", "value_size", "max_entries",
					 "map_flags", "pinning", "numa_node", "map_extra"};
enum map_field { F_TYPE, F_KEY_SIZE, F_VALUE_SIZE, F_MAX_ENTRIES, F_MAP_FLAGS, F_PINNING, F_NUMA_NODE,
		 F_MAP_EXTRA, F_COUNT };
enum { MAP_FIELDS_MIN = 5, MAP_FIELDS_MAX = 6 };

/* What a map global says, whichever Go spelling it uses. */
struct map_def {
	unsigned long long num[F_COUNT];
	bool has[F_COUNT];
	LLVMMetadataRef key_type, value_type; /* DI types, or NULL when only sizes are known */
};

static bool is_map_struct(LLVMTypeRef ty)
{
	if (LLVMGetTypeKind(ty) != LLVMStructTypeKind)
		return false;
	const char *name = LLVMGetStructName(ty);
	size_t len = name ? strlen(name) : 0;
	return len >= 10 && strcmp(name + len - 10, ".bpfMapDef") == 0;
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

/* --- reading the debug-info shape of a map global --- */

struct di_member {
	char *name; /* libbpf spelling: "max_entries", "key", "values" */
	LLVMMetadataRef node, type;
	uint64_t offset; /* bytes from the start of the map struct */
};

static LLVMMetadataRef struct_of(struct tbpf *t, LLVMMetadataRef type)
{
	type = tbpf_di_strip_typedefs(t->ctx, type);
	if (!type || LLVMGetMetadataKind(type) != LLVMDICompositeTypeMetadataKind ||
	    LLVMGetDINodeTag(type) != TBPF_DW_TAG_structure_type)
		return NULL;
	return type;
}

/* Members of a struct, with Go embedding flattened (struct { bpfMapDef; Key [0]K }). */
static size_t collect_members(struct tbpf *t, LLVMMetadataRef st, uint64_t base, struct di_member *out,
			      size_t n, size_t max, int depth)
{
	LLVMMetadataRef elements = tbpf_md_node_operand(t->ctx, st, TBPF_DI_ELEMENTS_OPERAND);
	LLVMValueRef ev = elements ? LLVMMetadataAsValue(t->ctx, elements) : NULL;
	unsigned count = ev ? LLVMGetMDNodeNumOperands(ev) : 0;
	LLVMValueRef *ops = tbpf_xmalloc((count + 1) * sizeof *ops);
	if (count)
		LLVMGetMDNodeOperands(ev, ops);
	for (unsigned i = 0; i < count && n < max; i++) {
		LLVMMetadataRef m = ops[i] && LLVMIsAMDNode(ops[i]) ? LLVMValueAsMetadata(ops[i]) : NULL;
		if (!m || LLVMGetDINodeTag(m) != TBPF_DW_TAG_member)
			continue;
		unsigned len = 0;
		const char *name = tbpf_md_string_operand(t->ctx, m, 2, &len);
		LLVMMetadataRef type = tbpf_md_node_operand(t->ctx, m, TBPF_DI_BASE_TYPE_OPERAND);
		uint64_t off = base + LLVMDITypeGetOffsetInBits(m) / 8;
		LLVMMetadataRef inner = struct_of(t, type);
		size_t tlen = 0;
		const char *tname = type ? LLVMDITypeGetName(type, &tlen) : NULL;
		bool embedded = inner && name && tname && tlen >= len &&
				strncmp(tname + tlen - len, name, len) == 0 && depth < 4;
		if (embedded) {
			n = collect_members(t, inner, off, out, n, max, depth + 1);
			continue;
		}
		out[n].name = tbpf_snake_case(name ? name : "", name ? len : 0);
		out[n].node = m;
		out[n].type = type;
		out[n].offset = off;
		n++;
	}
	free(ops);
	return n;
}

static void free_members(struct di_member *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
}

static int field_index(const char *name)
{
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(name, map_fields[i]) == 0)
			return i;
	return -1;
}

static const struct di_member *find_member(const struct di_member *m, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].name, name) == 0)
			return &m[i];
	return NULL;
}

static bool is_pointer_type(LLVMMetadataRef type)
{
	return type && LLVMGetMetadataKind(type) == LLVMDIDerivedTypeMetadataKind &&
	       LLVMGetDINodeTag(type) == TBPF_DW_TAG_pointer_type;
}

/* Element type of a zero-length Go array ([0]K), the phantom key/value encoding. */
static LLVMMetadataRef zero_array_element(struct tbpf *t, LLVMMetadataRef type)
{
	type = tbpf_di_strip_typedefs(t->ctx, type);
	if (!type || LLVMGetMetadataKind(type) != LLVMDICompositeTypeMetadataKind ||
	    LLVMGetDINodeTag(type) != TBPF_DW_TAG_array_type || LLVMDITypeGetSizeInBits(type) != 0)
		return NULL;
	return tbpf_md_node_operand(t->ctx, type, TBPF_DI_BASE_TYPE_OPERAND);
}

/* The integer stored at a byte offset of a constant initializer. */
static bool const_int_at(LLVMTargetDataRef td, LLVMValueRef c, uint64_t offset, unsigned long long *out)
{
	for (int depth = 0; c && depth < 8; depth++) {
		if (LLVMIsAConstantInt(c)) {
			if (offset)
				return false;
			*out = LLVMConstIntGetZExtValue(c);
			return true;
		}
		if (LLVMIsNull(c) || LLVMIsUndef(c)) {
			*out = 0;
			return true;
		}
		LLVMTypeRef ty = LLVMTypeOf(c);
		if (LLVMGetTypeKind(ty) != LLVMStructTypeKind)
			return false;
		unsigned n = LLVMCountStructElementTypes(ty), i = 0;
		while (i + 1 < n && LLVMOffsetOfElement(td, ty, i + 1) <= offset)
			i++;
		offset -= LLVMOffsetOfElement(td, ty, i);
		c = LLVMGetAggregateElement(c, i);
	}
	return false;
}

/* bpfMapDef{Type, KeySize, ValueSize, MaxEntries, MapFlags[, Pinning]}, read from the IR. */
static int read_bpf_map_def(struct tbpf *t, LLVMValueRef g, LLVMMetadataRef var, struct map_def *d)
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
		d->num[i] = e && LLVMIsAConstantInt(e) ? LLVMConstIntGetZExtValue(e) : 0;
		d->has[i] = true;
	}
	return 0;
}

/* The value encoding with types: bpfMap[K, V]{Type, MaxEntries, MapFlags; key [0]K; value [0]V},
 * or struct { bpfMapDef; Key [0]K; Value [0]V }. */
static void read_value_encoding(struct tbpf *t, LLVMValueRef g, const struct di_member *m, size_t n,
				struct map_def *d)
{
	LLVMTargetDataRef td = LLVMGetModuleDataLayout(t->mod);
	LLVMValueRef init = LLVMGetInitializer(g);
	for (size_t i = 0; i < n; i++) {
		int f = field_index(m[i].name);
		if (f >= 0) {
			unsigned long long v = 0;
			if (init)
				const_int_at(td, init, m[i].offset, &v);
			d->num[f] = v;
			d->has[f] = true;
		} else if (strcmp(m[i].name, "key") == 0) {
			d->key_type = zero_array_element(t, m[i].type);
		} else if (strcmp(m[i].name, "value") == 0) {
			d->value_type = zero_array_element(t, m[i].type);
		}
	}
}

struct map_di {
	LLVMDIBuilderRef b;
	LLVMMetadataRef file, scope, int_type;
	unsigned line;
};

static LLVMMetadataRef pointer_member(struct map_di *d, const char *name, LLVMMetadataRef pointee, unsigned index)
{
	LLVMMetadataRef ptr = LLVMDIBuilderCreatePointerType(d->b, pointee, 64, 0, 0, NULL, 0);
	return LLVMDIBuilderCreateMemberType(d->b, d->scope, name, strlen(name), d->file, d->line, 64, 64,
					    64ull * index, LLVMDIFlagZero, ptr);
}

static LLVMMetadataRef uint_member(struct map_di *d, const char *name, unsigned long long value, unsigned index)
{
	LLVMMetadataRef range = LLVMDIBuilderGetOrCreateSubrange(d->b, 0, (int64_t)value);
	LLVMMetadataRef array = LLVMDIBuilderCreateArrayType(d->b, 32 * value, 32, d->int_type, &range, 1);
	return pointer_member(d, name, array, index);
}

/* Replace a value-encoded map global by libbpf's pointer encoding. */
static void emit_btf_map(struct tbpf *t, LLVMDIBuilderRef b, LLVMValueRef g, LLVMMetadataRef old_var,
			 const struct map_def *def)
{
	size_t len;
	const char *go_name = LLVMGetValueName2(g, &len);
	char *name = tbpf_c_identifier(go_name, len);

	struct map_di d = {.b = b};
	d.file = old_var ? LLVMDIVariableGetFile(old_var) : NULL;
	if (!d.file)
		d.file = LLVMDIBuilderCreateFile(b, t->opts->input, strlen(t->opts->input), "", 0);
	d.scope = old_var ? LLVMDIVariableGetScope(old_var) : d.file;
	d.line = old_var ? LLVMDIVariableGetLine(old_var) : 0;
	d.int_type = LLVMDIBuilderCreateBasicType(b, "int", 3, 32, DW_ATE_signed, LLVMDIFlagZero);

	/* type and max_entries always; a key/value type replaces its size; the rest when set. */
	LLVMMetadataRef members[F_COUNT + 2];
	unsigned nm = 0;
	for (int f = 0; f < F_COUNT; f++) {
		if (f == F_KEY_SIZE && def->key_type)
			members[nm] = pointer_member(&d, "key", def->key_type, nm), nm++;
		else if (f == F_VALUE_SIZE && def->value_type)
			members[nm] = pointer_member(&d, "value", def->value_type, nm), nm++;
		else if (f == F_TYPE || f == F_MAX_ENTRIES || (def->has[f] && def->num[f]))
			members[nm] = uint_member(&d, map_fields[f], def->num[f], nm), nm++;
	}
	LLVMMetadataRef st = LLVMDIBuilderCreateStructType(b, d.scope, "", 0, d.file, d.line, 64ull * nm, 64,
							   LLVMDIFlagZero, NULL, members, nm, 0, NULL, "", 0);
	LLVMMetadataRef gve = LLVMDIBuilderCreateGlobalVariableExpression(
		b, d.scope, name, strlen(name), name, strlen(name), d.file, d.line, st, 0,
		LLVMDIBuilderCreateExpression(b, NULL, 0), NULL, 64);

	LLVMTypeRef ptr = LLVMPointerTypeInContext(t->ctx, 0);
	LLVMTypeRef slots[F_COUNT + 2];
	for (unsigned i = 0; i < nm; i++)
		slots[i] = ptr;
	LLVMTypeRef ty = LLVMStructTypeInContext(t->ctx, slots, nm, 0);
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

static void rename_member(struct tbpf *t, const struct di_member *m)
{
	LLVMMetadataRef s = LLVMMDStringInContext2(t->ctx, m->name, strlen(m->name));
	LLVMReplaceMDNodeOperandWith(LLVMMetadataAsValue(t->ctx, m->node), 2, s);
}

static void adopt_pointer_struct(struct tbpf *t, LLVMDIBuilderRef b, LLVMMetadataRef st, int depth);

/* `Values [N]*inner`: libbpf wants a flexible array (no elements) of pointers to the
 * inner map's definition; the initial slots stay in the initializer as relocations. */
static void fix_values_member(struct tbpf *t, LLVMDIBuilderRef b, const struct di_member *m, int depth)
{
	LLVMMetadataRef array = tbpf_di_strip_typedefs(t->ctx, m->type);
	if (!array || LLVMGetMetadataKind(array) != LLVMDICompositeTypeMetadataKind ||
	    LLVMGetDINodeTag(array) != TBPF_DW_TAG_array_type)
		return;
	LLVMMetadataRef elem = tbpf_md_node_operand(t->ctx, array, TBPF_DI_BASE_TYPE_OPERAND);
	LLVMMetadataRef range = LLVMDIBuilderGetOrCreateSubrange(b, 0, 0);
	LLVMMetadataRef flexible = LLVMDIBuilderCreateArrayType(b, 0, 64, elem, &range, 1);
	LLVMReplaceMDNodeOperandWith(LLVMMetadataAsValue(t->ctx, m->node), TBPF_DI_BASE_TYPE_OPERAND, flexible);
	LLVMMetadataRef target = elem ? tbpf_di_strip_typedefs(t->ctx, elem) : NULL;
	if (is_pointer_type(target)) {
		LLVMMetadataRef inner = struct_of(t, tbpf_md_node_operand(t->ctx, target, TBPF_DI_BASE_TYPE_OPERAND));
		if (inner)
			adopt_pointer_struct(t, b, inner, depth + 1);
	}
}

/* libbpf's own encoding written in Go (struct { Type *[1]int32; Key *K; ... }): only the
 * member names change to libbpf's. */
static void adopt_pointer_struct(struct tbpf *t, LLVMDIBuilderRef b, LLVMMetadataRef st, int depth)
{
	struct di_member m[32];
	size_t n = collect_members(t, st, 0, m, 0, 32, 0);
	for (size_t i = 0; i < n; i++) {
		rename_member(t, &m[i]);
		if (strcmp(m[i].name, "values") == 0 && depth < 2)
			fix_values_member(t, b, &m[i], depth);
	}
	free_members(m, n);
}

static void place_map(struct tbpf *t, LLVMValueRef g)
{
	size_t len;
	const char *go_name = LLVMGetValueName2(g, &len);
	char *name = tbpf_c_identifier(go_name, len);
	LLVMSetSection(g, ".maps");
	LLVMSetAlignment(g, 8);
	LLVMSetLinkage(g, LLVMExternalLinkage);
	LLVMSetUnnamedAddress(g, LLVMNoUnnamedAddr);
	LLVMSetValueName2(g, name, strlen(name));
	free(name);
}

/* libbpf creates maps in section order and fills an outer map's slots right after
 * creating it, so the inner maps must come first: move the outer map to the end. */
static LLVMValueRef move_to_end(struct tbpf *t, LLVMValueRef g)
{
	LLVMValueRef moved = LLVMAddGlobal(t->mod, LLVMGlobalGetValueType(g), "");
	LLVMSetInitializer(moved, LLVMGetInitializer(g));
	LLVMSetSection(moved, LLVMGetSection(g));
	LLVMSetAlignment(moved, LLVMGetAlignment(g));
	LLVMSetLinkage(moved, LLVMGetLinkage(g));
	size_t n = 0;
	LLVMValueMetadataEntry *entries = LLVMGlobalCopyAllMetadata(g, &n);
	for (size_t i = 0; i < n; i++)
		LLVMGlobalSetMetadata(moved, LLVMValueMetadataEntriesGetKind(entries, (unsigned)i),
				      LLVMValueMetadataEntriesGetMetadata(entries, (unsigned)i));
	if (entries)
		LLVMDisposeValueMetadataEntries(entries);
	size_t len;
	char *name = tbpf_xstrdup(LLVMGetValueName2(g, &len));
	LLVMReplaceAllUsesWith(g, moved);
	LLVMDeleteGlobal(g);
	LLVMSetValueName2(moved, name, len);
	free(name);
	return moved;
}

static void rewrite_map_global(struct tbpf *t, LLVMDIBuilderRef b, LLVMValueRef g)
{
	LLVMMetadataRef var = global_debug_var(t, g);
	struct map_def def = {0};
	if (is_map_struct(LLVMGlobalGetValueType(g))) {
		if (read_bpf_map_def(t, g, var, &def) == 0)
			emit_btf_map(t, b, g, var, &def);
		return;
	}
	LLVMMetadataRef st = var ? struct_of(t, tbpf_md_node_operand(t->ctx, var, 3)) : NULL;
	if (!st)
		return;
	struct di_member m[32];
	size_t n = collect_members(t, st, 0, m, 0, 32, 0);
	const struct di_member *type = find_member(m, n, "type");
	if (type && is_pointer_type(type->type)) {
		adopt_pointer_struct(t, b, st, 0);
		place_map(t, g);
		LLVMValueRef init = LLVMGetInitializer(g);
		if (find_member(m, n, "values") && init && !LLVMIsNull(init))
			move_to_end(t, g);
	} else if (type && find_member(m, n, "max_entries")) {
		read_value_encoding(t, g, m, n, &def);
		emit_btf_map(t, b, g, var, &def);
	}
	free_members(m, n);
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
			size_t tlen = 0;
			LLVMMetadataRef vtype = var ? tbpf_md_node_operand(t->ctx, var, 3) : NULL; /* DIVariable type */
			const char *tname = vtype ? LLVMDITypeGetName(vtype, &tlen) : NULL;
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
		const char *section = LLVMGetSection(g);
		if (!LLVMIsDeclaration(g) && !(section && section[0]))
			rewrite_map_global(t, b, g);
		g = next;
	}
	LLVMDIBuilderFinalize(b);
	LLVMDisposeDIBuilder(b);
	warn_missing_maps(t);
	return t->errors > before ? -1 : 0;
}
