/* CO-RE: field accesses of Go structs named bpfCore<KernelName> become relocatable.
 *
 *   type bpfCoreTaskStruct struct { Pid, Tgid int32; RealParent *bpfCoreTaskStruct }
 *   bpfProbeReadKernel(&tgid, 4, unsafe.Pointer(&task.Tgid))
 * TinyGo writes &task.Tgid as `getelementptr inbounds i8, ptr %task, i64 4`, and the
 * struct type survives only in debug info (a typedef over an anonymous struct, on the
 * #dbg_value of `task`). This pass
 *   1. finds pointers whose Go variable has type *bpfCoreX (debug values), and pointers
 *      loaded from fields of such a type;
 *   2. turns each constant byte offset from such a pointer into the member it lands in
 *      (nested structs recursively), and a direct use of the pointer as an address into
 *      member 0;
 *   3. replaces the access with llvm.preserve.struct.access.index on a named debug-info
 *      struct `task_struct` whose members carry the kernel's snake_case names.
 * The BPF backend's BPFAbstractMemberAccess pass (run by our in-process optimisation)
 * turns those calls into .BTF.ext field relocations; libbpf then patches the offsets
 * against the running kernel's BTF, whatever the Go field offsets were.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

#define CORE_PREFIX "bpfCore"
#define MAX_CORE_TYPES 64
#define MAX_MEMBERS 4096 /* a full generated task_struct has ~250 */

struct core_member {
	char *name;      /* kernel spelling, e.g. real_parent */
	uint64_t offset; /* bytes */
	uint64_t size;   /* bytes */
	LLVMMetadataRef type; /* the Go member's DI type */
	unsigned ir_index;    /* element index in ir_type */
};

struct core_type {
	LLVMMetadataRef go_type; /* typedef main.bpfCoreX (or the struct under it) */
	char *kernel_name;
	LLVMMetadataRef kernel_di; /* named struct with kernel member names */
	LLVMTypeRef ir_type;       /* packed IR struct with the same member offsets */
	struct core_member *members;
	unsigned nmembers;
};

struct core_state {
	struct tbpf *t;
	LLVMDIBuilderRef dib;
	struct core_type types[MAX_CORE_TYPES];
	unsigned ntypes;
	LLVMValueRef *seen; /* pointers already rewritten */
	size_t nseen, capseen;
	unsigned rewrites;
	unsigned type_infos; /* llvm.bpf.preserve.type.info calls made */
};

/* "main.bpfCoreTaskStruct" -> "TaskStruct", "main.bpfCore__sk_buff_" -> "__sk_buff_" (a
 * trailing '_' spells the kernel name verbatim: tbpf_kernel_name); NULL for other names. */
static const char *core_suffix(const char *name, size_t len, size_t *out_len)
{
	const char *dot = memrchr(name, '.', len);
	const char *base = dot ? dot + 1 : name;
	size_t blen = len - (size_t)(base - name);
	size_t plen = strlen(CORE_PREFIX);
	if (blen <= plen || strncmp(base, CORE_PREFIX, plen) != 0 ||
	    !(isupper((unsigned char)base[plen]) || (blen > plen + 1 && base[blen - 1] == '_')))
		return NULL;
	*out_len = blen - plen;
	return base + plen;
}

static struct core_type *lookup_core_type(struct core_state *s, LLVMMetadataRef go_type);

static LLVMTypeRef member_ir_type(LLVMContextRef ctx, uint64_t size)
{
	switch (size) {
	case 1: return LLVMInt8TypeInContext(ctx);
	case 2: return LLVMInt16TypeInContext(ctx);
	case 4: return LLVMInt32TypeInContext(ctx);
	case 8: return LLVMInt64TypeInContext(ctx);
	default: return LLVMArrayType2(LLVMInt8TypeInContext(ctx), size);
	}
}

static int build_core_type(struct core_state *s, struct core_type *ct, LLVMMetadataRef go_type,
			   const char *suffix, size_t slen)
{
	LLVMContextRef ctx = s->t->ctx;
	LLVMMetadataRef st = tbpf_di_strip_typedefs(ctx, go_type);
	if (!st || LLVMGetMetadataKind(st) != LLVMDICompositeTypeMetadataKind ||
	    LLVMGetDINodeTag(st) != TBPF_DW_TAG_structure_type)
		return -1;
	LLVMMetadataRef elements = tbpf_md_node_operand(ctx, st, TBPF_DI_ELEMENTS_OPERAND);
	LLVMValueRef ev = elements ? LLVMMetadataAsValue(ctx, elements) : NULL;
	unsigned n = ev ? LLVMGetMDNodeNumOperands(ev) : 0;
	if (n > MAX_MEMBERS) {
		tbpf_error(s->t, "CO-RE type %.*s has %u members; tbpf-core handles at most %d: list only the "
			   "fields the program reads (tbpf-core gen-types TYPE.FIELD,...)", (int)slen, suffix, n,
			   MAX_MEMBERS);
		return -1;
	}
	LLVMValueRef *ops = tbpf_xmalloc((n + 1) * sizeof *ops);
	if (n)
		LLVMGetMDNodeOperands(ev, ops);

	ct->go_type = go_type;
	ct->kernel_name = tbpf_kernel_name(suffix, slen);
	ct->members = tbpf_xmalloc((n + 1) * sizeof *ct->members);
	LLVMTypeRef *fields = tbpf_xmalloc((2 * n + 1) * sizeof *fields);
	LLVMMetadataRef *di_members = tbpf_xmalloc((n + 1) * sizeof *di_members);
	unsigned nfields = 0;
	uint64_t pos = 0;
	for (unsigned i = 0; i < n; i++) {
		LLVMMetadataRef m = ops[i] ? LLVMValueAsMetadata(ops[i]) : NULL;
		if (!m || LLVMGetDINodeTag(m) != TBPF_DW_TAG_member)
			continue;
		unsigned nlen = 0;
		const char *mname = tbpf_md_string_operand(ctx, m, 2, &nlen);
		struct core_member *cm = &ct->members[ct->nmembers];
		if (mname && nlen == 1 && mname[0] == '_')
			continue; /* Go padding (`_ [N]byte`): no kernel member, nothing to relocate */
		cm->name = tbpf_kernel_name(mname ? mname : "", mname ? nlen : 0);
		cm->offset = LLVMDITypeGetOffsetInBits(m) / 8;
		cm->size = LLVMDITypeGetSizeInBits(m) / 8;
		cm->type = tbpf_md_node_operand(ctx, m, TBPF_DI_BASE_TYPE_OPERAND);
		if (cm->offset < pos) { /* overlapping members (bitfields): not addressable */
			free(cm->name);
			cm->name = NULL;
			continue;
		}
		if (cm->offset > pos)
			fields[nfields++] = LLVMArrayType2(LLVMInt8TypeInContext(ctx), cm->offset - pos);
		cm->ir_index = nfields;
		fields[nfields++] = member_ir_type(ctx, cm->size ? cm->size : 1);
		pos = cm->offset + (cm->size ? cm->size : 1);
		di_members[ct->nmembers] = LLVMDIBuilderCreateMemberType(
			s->dib, NULL, cm->name, strlen(cm->name), NULL, 0, LLVMDITypeGetSizeInBits(m),
			LLVMDITypeGetAlignInBits(m), LLVMDITypeGetOffsetInBits(m), LLVMDIFlagZero, cm->type);
		ct->nmembers++;
	}
	uint64_t size = LLVMDITypeGetSizeInBits(st) / 8;
	if (size > pos)
		fields[nfields++] = LLVMArrayType2(LLVMInt8TypeInContext(ctx), size - pos);
	ct->ir_type = LLVMStructTypeInContext(ctx, fields, nfields, 1);
	ct->kernel_di = LLVMDIBuilderCreateStructType(s->dib, NULL, ct->kernel_name, strlen(ct->kernel_name), NULL,
						      0, LLVMDITypeGetSizeInBits(st), LLVMDITypeGetAlignInBits(st),
						      LLVMDIFlagZero, NULL, di_members, ct->nmembers, 0, NULL, "", 0);
	free(fields);
	free(di_members);
	free(ops);
	return 0;
}

/* The core type of a Go type (typedef bpfCoreX, possibly through more typedefs). */
static struct core_type *lookup_core_type(struct core_state *s, LLVMMetadataRef go_type)
{
	LLVMContextRef ctx = s->t->ctx;
	for (int depth = 0; go_type && depth < 8; depth++) {
		if (LLVMGetMetadataKind(go_type) != LLVMDIDerivedTypeMetadataKind ||
		    LLVMGetDINodeTag(go_type) != TBPF_DW_TAG_typedef)
			return NULL;
		size_t len = 0;
		const char *name = LLVMDITypeGetName(go_type, &len);
		size_t slen;
		const char *suffix = name ? core_suffix(name, len, &slen) : NULL;
		if (suffix) {
			for (unsigned i = 0; i < s->ntypes; i++)
				if (s->types[i].go_type == go_type)
					return &s->types[i];
			if (s->ntypes == MAX_CORE_TYPES)
				return NULL;
			struct core_type *ct = &s->types[s->ntypes];
			memset(ct, 0, sizeof *ct);
			if (build_core_type(s, ct, go_type, suffix, slen))
				return NULL;
			s->ntypes++;
			return ct;
		}
		go_type = tbpf_md_node_operand(ctx, go_type, TBPF_DI_BASE_TYPE_OPERAND);
	}
	return NULL;
}

/* *bpfCoreX -> core type of X */
static struct core_type *pointee_core_type(struct core_state *s, LLVMMetadataRef type)
{
	type = tbpf_di_strip_typedefs(s->t->ctx, type);
	if (!type || LLVMGetMetadataKind(type) != LLVMDIDerivedTypeMetadataKind ||
	    LLVMGetDINodeTag(type) != TBPF_DW_TAG_pointer_type)
		return NULL;
	return lookup_core_type(s, tbpf_md_node_operand(s->t->ctx, type, TBPF_DI_BASE_TYPE_OPERAND));
}

static LLVMValueRef access_member(struct core_state *s, LLVMBuilderRef b, LLVMValueRef base,
				  struct core_type *ct, unsigned m, LLVMValueRef at)
{
	LLVMContextRef ctx = s->t->ctx;
	LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
	LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
	const char *iname = "llvm.preserve.struct.access.index";
	unsigned id = LLVMLookupIntrinsicID(iname, strlen(iname));
	LLVMTypeRef overloads[2] = {ptr, ptr};
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(s->t->mod, id, overloads, 2);
	LLVMTypeRef fnty = LLVMIntrinsicGetType(ctx, id, overloads, 2);
	LLVMValueRef args[3] = {base, LLVMConstInt(i32, ct->members[m].ir_index, 0), LLVMConstInt(i32, m, 0)};
	LLVMValueRef call = LLVMBuildCall2(b, fnty, fn, args, 3, "");
	unsigned elementtype = LLVMGetEnumAttributeKindForName("elementtype", 11);
	LLVMAddCallSiteAttribute(call, 1, LLVMCreateTypeAttribute(ctx, elementtype, ct->ir_type));
	unsigned kind = LLVMGetMDKindIDInContext(ctx, "llvm.preserve.access.index", 26);
	LLVMSetMetadata(call, kind, LLVMMetadataAsValue(ctx, ct->kernel_di));
	LLVMInstructionSetDebugLoc(call, LLVMInstructionGetDebugLoc(at));
	s->rewrites++;
	return call;
}

static int member_at(struct core_type *ct, uint64_t offset)
{
	for (unsigned i = 0; i < ct->nmembers; i++) {
		uint64_t size = ct->members[i].size ? ct->members[i].size : 1;
		if (offset >= ct->members[i].offset && offset < ct->members[i].offset + size)
			return (int)i;
	}
	return -1;
}

/* The address of the byte at `offset` inside *base, through relocatable member
 * accesses (recursing into nested bpfCore structs); sets *leaf to the member reached. */
static LLVMValueRef relocated_address(struct core_state *s, LLVMBuilderRef b, LLVMValueRef base,
				      struct core_type *ct, uint64_t offset, LLVMValueRef at,
				      struct core_member **leaf)
{
	int m = member_at(ct, offset);
	if (m < 0)
		return NULL;
	struct core_member *cm = &ct->members[m];
	LLVMValueRef addr = access_member(s, b, base, ct, (unsigned)m, at);
	uint64_t rest = offset - cm->offset;
	*leaf = cm;
	struct core_type *inner = lookup_core_type(s, cm->type);
	if (inner) {
		LLVMValueRef deeper = relocated_address(s, b, addr, inner, rest, at, leaf);
		if (deeper)
			return deeper;
	}
	if (rest) {
		LLVMValueRef idx = LLVMConstInt(LLVMInt64TypeInContext(s->t->ctx), rest, 0);
		addr = LLVMBuildGEP2(b, LLVMInt8TypeInContext(s->t->ctx), addr, &idx, 1, "");
	}
	return addr;
}

/* Room for one more element in a growing array (ITEMS holds N of capacity *CAP). */
static void *reserve_one(void *items, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return items;
	*cap = *cap ? 2 * *cap : 16;
	void *grown = tbpf_xmalloc(*cap * elem);
	if (items)
		memcpy(grown, items, n * elem);
	free(items);
	return grown;
}

static bool mark_seen(struct core_state *s, LLVMValueRef v)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (s->seen[i] == v)
			return false;
	s->seen = reserve_one(s->seen, s->nseen, &s->capseen, sizeof *s->seen);
	s->seen[s->nseen++] = v;
	return true;
}

static void rewrite_pointer(struct core_state *s, LLVMValueRef p, struct core_type *ct);

/* A load of a pointer field of type *bpfCoreY yields another typed pointer. */
static void follow_loads(struct core_state *s, LLVMValueRef addr, struct core_member *leaf)
{
	struct core_type *next = pointee_core_type(s, leaf->type);
	if (!next)
		return;
	for (LLVMUseRef u = LLVMGetFirstUse(addr); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		if (LLVMIsALoadInst(user) && LLVMGetTypeKind(LLVMTypeOf(user)) == LLVMPointerTypeKind)
			rewrite_pointer(s, user, next);
	}
}

/* Helper arguments that take the address of a field: there `unsafe.Pointer(&task.Pid)` is
 * the pointer itself when Pid is the first field, and means that field. Every other helper
 * argument (bpf_cgrp_storage_get(&m, cgrp, ...), bpf_task_storage_get, ...) takes the
 * object itself. */
static const struct {
	unsigned long long helper;
	unsigned arg;
} field_address_args[] = {
	{4, 2},   /* bpf_probe_read(dst, size, src) */
	{45, 2},  /* bpf_probe_read_str */
	{112, 2}, /* bpf_probe_read_user */
	{113, 2}, /* bpf_probe_read_kernel */
	{114, 2}, /* bpf_probe_read_user_str */
	{115, 2}, /* bpf_probe_read_kernel_str */
	{147, 0}, /* bpf_d_path(&file.FPath, buf, size) */
};

/* The argument index at which helper call INST takes P as a field address, or -1. */
static int field_address_arg(LLVMValueRef inst, LLVMValueRef p)
{
	if (!LLVMIsACallInst(inst))
		return -1;
	LLVMValueRef callee = LLVMGetCalledValue(inst);
	if (!LLVMIsAConstantExpr(callee) || LLVMGetConstOpcode(callee) != LLVMIntToPtr ||
	    !LLVMIsAConstantInt(LLVMGetOperand(callee, 0)))
		return -1;
	unsigned long long id = LLVMConstIntGetZExtValue(LLVMGetOperand(callee, 0));
	unsigned nargs = (unsigned)LLVMGetNumArgOperands(inst);
	for (size_t i = 0; i < sizeof field_address_args / sizeof *field_address_args; i++)
		if (field_address_args[i].helper == id && field_address_args[i].arg < nargs &&
		    LLVMGetOperand(inst, field_address_args[i].arg) == p) /* a call's arguments come first */
			return (int)field_address_args[i].arg;
	return -1;
}

static void rewrite_pointer(struct core_state *s, LLVMValueRef p, struct core_type *ct)
{
	if (!mark_seen(s, p) || !ct->nmembers)
		return;
	LLVMBuilderRef b = LLVMCreateBuilderInContext(s->t->ctx);
	LLVMUseRef u = LLVMGetFirstUse(p);
	while (u) {
		LLVMUseRef next = LLVMGetNextUse(u);
		LLVMValueRef user = LLVMGetUser(u);
		struct core_member *leaf = NULL;
		if (LLVMIsAGetElementPtrInst(user) && LLVMGetOperand(user, 0) == p && LLVMGetNumIndices(user) == 1 &&
		    LLVMIsAConstantInt(LLVMGetOperand(user, 1)) &&
		    LLVMGetTypeKind(LLVMGetGEPSourceElementType(user)) == LLVMIntegerTypeKind &&
		    LLVMGetIntTypeWidth(LLVMGetGEPSourceElementType(user)) == 8) {
			uint64_t off = LLVMConstIntGetZExtValue(LLVMGetOperand(user, 1));
			LLVMPositionBuilderBefore(b, user);
			LLVMValueRef addr = relocated_address(s, b, p, ct, off, user, &leaf);
			if (addr) {
				LLVMReplaceAllUsesWith(user, addr);
				LLVMInstructionEraseFromParent(user);
				follow_loads(s, addr, leaf);
			}
		} else if ((LLVMIsALoadInst(user) && LLVMGetOperand(user, 0) == p) ||
			   (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == p) || field_address_arg(user, p) >= 0) {
			/* The pointer itself used as an address: Go's &x.First. */
			LLVMPositionBuilderBefore(b, user);
			int arg = field_address_arg(user, p);
			LLVMValueRef addr = relocated_address(s, b, p, ct, 0, user, &leaf);
			if (addr) {
				if (LLVMIsALoadInst(user))
					LLVMSetOperand(user, 0, addr);
				else if (LLVMIsAStoreInst(user))
					LLVMSetOperand(user, 1, addr);
				else
					LLVMSetOperand(user, (unsigned)arg, addr);
				if (LLVMIsALoadInst(user) && LLVMGetTypeKind(LLVMTypeOf(user)) == LLVMPointerTypeKind) {
					struct core_type *nt = pointee_core_type(s, leaf->type);
					if (nt)
						rewrite_pointer(s, user, nt);
				}
			}
		}
		u = next;
	}
	LLVMDisposeBuilder(b);
}

struct seed {
	LLVMValueRef value;
	struct core_type *type;
};

/* A pointer to a Go struct that is not a bpfCore type but has *bpfCore fields, such as a
 * tp_btf context `args := (*forkArgs)(ctx)` with `Child *bpfCoreTaskStruct`: pointers loaded
 * from those fields are CO-RE pointers even when no Go variable holds them (`args.Child.Pid`). */
struct holder {
	LLVMValueRef value;
	LLVMMetadataRef type; /* the struct it points to */
};

struct seeds {
	struct core_state *s;
	struct seed *items;
	size_t n, cap;
	struct holder *holders;
	size_t nholders, capholders;
};

static void add_seed(struct seeds *sd, LLVMValueRef value, struct core_type *ct)
{
	sd->items = reserve_one(sd->items, sd->n, &sd->cap, sizeof *sd->items);
	sd->items[sd->n++] = (struct seed){value, ct};
}

/* The struct a Go pointer type points to, through typedefs; NULL for other types. */
static LLVMMetadataRef pointee_struct(LLVMContextRef ctx, LLVMMetadataRef type)
{
	type = tbpf_di_strip_typedefs(ctx, type);
	if (!type || LLVMGetMetadataKind(type) != LLVMDIDerivedTypeMetadataKind ||
	    LLVMGetDINodeTag(type) != TBPF_DW_TAG_pointer_type)
		return NULL;
	LLVMMetadataRef st = tbpf_di_strip_typedefs(ctx, tbpf_md_node_operand(ctx, type, TBPF_DI_BASE_TYPE_OPERAND));
	if (!st || LLVMGetMetadataKind(st) != LLVMDICompositeTypeMetadataKind ||
	    LLVMGetDINodeTag(st) != TBPF_DW_TAG_structure_type)
		return NULL;
	return st;
}

static void collect_seed(struct tbpf *t, LLVMValueRef value, LLVMMetadataRef var, void *arg)
{
	struct seeds *sd = arg;
	if (LLVMGetTypeKind(LLVMTypeOf(value)) != LLVMPointerTypeKind ||
	    !(LLVMIsAInstruction(value) || LLVMIsAArgument(value)))
		return;
	LLVMMetadataRef type = tbpf_md_node_operand(t->ctx, var, 3); /* DIVariable: {scope, name, file, type} */
	struct core_type *ct = type ? pointee_core_type(sd->s, type) : NULL;
	if (ct) {
		add_seed(sd, value, ct);
		return;
	}
	LLVMMetadataRef st = type ? pointee_struct(t->ctx, type) : NULL;
	if (!st)
		return;
	sd->holders = reserve_one(sd->holders, sd->nholders, &sd->capholders, sizeof *sd->holders);
	sd->holders[sd->nholders++] = (struct holder){value, st};
}

/* Pointer loads from ADDR are CO-RE pointers of type CT. */
static void seed_loads_from(struct seeds *sd, LLVMValueRef addr, struct core_type *ct)
{
	for (LLVMUseRef u = LLVMGetFirstUse(addr); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		if (LLVMIsALoadInst(user) && LLVMGetTypeKind(LLVMTypeOf(user)) == LLVMPointerTypeKind)
			add_seed(sd, user, ct);
	}
}

static void seed_holder_fields(struct seeds *sd, const struct holder *h)
{
	LLVMContextRef ctx = sd->s->t->ctx;
	LLVMMetadataRef elements = tbpf_md_node_operand(ctx, h->type, TBPF_DI_ELEMENTS_OPERAND);
	LLVMValueRef ev = elements ? LLVMMetadataAsValue(ctx, elements) : NULL;
	unsigned n = ev ? LLVMGetMDNodeNumOperands(ev) : 0;
	if (!n || n > MAX_MEMBERS)
		return;
	LLVMValueRef *ops = tbpf_xmalloc(n * sizeof *ops);
	LLVMGetMDNodeOperands(ev, ops);
	for (unsigned i = 0; i < n; i++) {
		LLVMMetadataRef m = ops[i] ? LLVMValueAsMetadata(ops[i]) : NULL;
		if (!m || LLVMGetMetadataKind(m) != LLVMDIDerivedTypeMetadataKind ||
		    LLVMGetDINodeTag(m) != TBPF_DW_TAG_member)
			continue;
		LLVMMetadataRef mtype = tbpf_md_node_operand(ctx, m, TBPF_DI_BASE_TYPE_OPERAND);
		struct core_type *ct = mtype ? pointee_core_type(sd->s, mtype) : NULL;
		if (!ct)
			continue;
		uint64_t offset = LLVMDITypeGetOffsetInBits(m) / 8;
		if (offset == 0) {
			seed_loads_from(sd, h->value, ct);
			continue;
		}
		for (LLVMUseRef u = LLVMGetFirstUse(h->value); u; u = LLVMGetNextUse(u)) {
			LLVMValueRef gep = LLVMGetUser(u);
			if (LLVMIsAGetElementPtrInst(gep) && LLVMGetOperand(gep, 0) == h->value &&
			    LLVMGetNumIndices(gep) == 1 && LLVMIsAConstantInt(LLVMGetOperand(gep, 1)) &&
			    LLVMGetTypeKind(LLVMGetGEPSourceElementType(gep)) == LLVMIntegerTypeKind &&
			    LLVMGetIntTypeWidth(LLVMGetGEPSourceElementType(gep)) == 8 &&
			    LLVMConstIntGetZExtValue(LLVMGetOperand(gep, 1)) == offset)
				seed_loads_from(sd, gep, ct);
		}
	}
	free(ops);
}

/* CO-RE questions about a field, asked with the field's address:
 *   func bpfCoreFieldExists(field unsafe.Pointer) uint32   // bpf_core_field_exists
 *   func bpfCoreFieldSize(field unsafe.Pointer) uint32     // bpf_core_field_size
 *   func bpfCoreFieldOffset(field unsafe.Pointer) uint32   // bpf_core_field_offset
 * The address is a relocatable access by now; the call becomes llvm.bpf.preserve.field.info
 * on it, which libbpf answers against the running kernel. */
static const struct {
	const char *go;
	unsigned kind; /* BPF_FIELD_* */
} field_builtins[] = {{"bpfCoreFieldOffset", 0}, {"bpfCoreFieldSize", 1}, {"bpfCoreFieldExists", 2}};

static bool is_preserve_access(LLVMValueRef v)
{
	if (!v || !LLVMIsACallInst(v) || !LLVMIsAFunction(LLVMGetCalledValue(v)))
		return false;
	return tbpf_has_prefix(tbpf_value_name(LLVMGetCalledValue(v)), "llvm.preserve.");
}

static void rewrite_field_builtin(struct tbpf *t, LLVMValueRef decl, unsigned kind, const char *go)
{
	LLVMContextRef ctx = t->ctx;
	const char *iname = "llvm.bpf.preserve.field.info";
	unsigned id = LLVMLookupIntrinsicID(iname, strlen(iname));
	LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(t->mod, id, &ptr, 1);
	LLVMTypeRef fnty = LLVMIntrinsicGetType(ctx, id, &ptr, 1);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
	LLVMUseRef u = LLVMGetFirstUse(decl);
	while (u) {
		LLVMUseRef next = LLVMGetNextUse(u);
		LLVMValueRef call = LLVMGetUser(u);
		if (LLVMIsACallInst(call) && LLVMGetCalledValue(call) == decl) {
			LLVMValueRef field = LLVMGetOperand(call, 0);
			if (!is_preserve_access(field)) {
				tbpf_error_at(t, call,
					      "%s needs the address of a field of a bpfCore struct, e.g. "
					      "%s(unsafe.Pointer(&task.Pid)) with task *bpfCoreTaskStruct",
					      go, go);
			} else {
				LLVMPositionBuilderBefore(b, call);
				LLVMValueRef args[2] = {field, LLVMConstInt(LLVMInt64TypeInContext(ctx), kind, 0)};
				LLVMValueRef info = LLVMBuildCall2(b, fnty, fn, args, 2, "");
				LLVMInstructionSetDebugLoc(info, LLVMInstructionGetDebugLoc(call));
				LLVMTypeRef want = LLVMTypeOf(call);
				if (LLVMGetTypeKind(want) == LLVMIntegerTypeKind && want != LLVMTypeOf(info))
					info = LLVMBuildIntCast2(b, info, want, 0, "");
				LLVMReplaceAllUsesWith(call, info);
				LLVMInstructionEraseFromParent(call);
			}
		}
		u = next;
	}
	LLVMDisposeBuilder(b);
}

/* CO-RE questions about a kernel type. Go cannot pass a type without a value, so the
 * function's name carries it, spelled as in bpfCore<Name>:
 *   func bpfCoreTypeExistsTaskStruct() uint32   // bpf_core_type_exists(struct task_struct)
 *   func bpfCoreTypeSizeTaskStruct() uint32     // bpf_core_type_size(struct task_struct)
 * (bool works too for TypeExists). The call becomes llvm.bpf.preserve.type.info on the
 * debug-info struct of that kernel name: the program's own bpfCore<Name> when it has one,
 * else a struct without members, which is all that existence and size compare. The type
 * asked about is always a struct (a union, enum or typedef of that name does not count). */
static const struct {
	const char *go;
	unsigned kind; /* BPF_TYPE_* of llvm.bpf.preserve.type.info */
} type_builtins[] = {{"bpfCoreTypeExists", 0}, {"bpfCoreTypeSize", 1}};

static struct core_type *core_type_named(struct core_state *s, const char *suffix, size_t slen)
{
	char *kernel_name = tbpf_kernel_name(suffix, slen);
	for (unsigned i = 0; i < s->ntypes; i++)
		if (strcmp(s->types[i].kernel_name, kernel_name) == 0) {
			free(kernel_name);
			return &s->types[i];
		}
	if (s->ntypes == MAX_CORE_TYPES) {
		free(kernel_name);
		return NULL;
	}
	struct core_type *ct = &s->types[s->ntypes++];
	memset(ct, 0, sizeof *ct);
	ct->kernel_name = kernel_name;
	ct->kernel_di = LLVMDIBuilderCreateStructType(s->dib, NULL, kernel_name, strlen(kernel_name), NULL, 0, 0,
						      0, LLVMDIFlagZero, NULL, NULL, 0, 0, NULL, "", 0);
	return ct;
}

static void rewrite_type_builtin(struct core_state *s, LLVMValueRef decl, unsigned kind, const char *go,
				 const char *suffix)
{
	struct tbpf *t = s->t;
	LLVMContextRef ctx = t->ctx;
	size_t slen = strlen(suffix);
	/* The spelling of bpfCore<Name> types (core_suffix). */
	bool named = slen && (isupper((unsigned char)suffix[0]) || (slen > 1 && suffix[slen - 1] == '_'));
	struct core_type *ct = named ? core_type_named(s, suffix, slen) : NULL;
	bool has_debug_info = LLVMGetNamedMetadataNumOperands(t->mod, "llvm.dbg.cu") > 0;
	const char *iname = "llvm.bpf.preserve.type.info";
	unsigned id = LLVMLookupIntrinsicID(iname, strlen(iname));
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(t->mod, id, NULL, 0);
	LLVMTypeRef fnty = LLVMIntrinsicGetType(ctx, id, NULL, 0);
	unsigned md_kind = LLVMGetMDKindIDInContext(ctx, "llvm.preserve.access.index", 26);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
	LLVMUseRef u = LLVMGetFirstUse(decl);
	while (u) {
		LLVMUseRef next = LLVMGetNextUse(u);
		LLVMValueRef call = LLVMGetUser(u);
		LLVMTypeRef want = LLVMTypeOf(call);
		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != decl) {
			u = next;
			continue;
		}
		if (!named) {
			tbpf_error_at(t, call,
				      "%s%s does not name a kernel type: spell it as the bpfCore type, e.g. "
				      "%sTaskStruct() for struct task_struct",
				      go, suffix, go);
		} else if (!ct) {
			tbpf_error_at(t, call, "%s%s: the program asks about more than %d CO-RE types", go, suffix,
				      MAX_CORE_TYPES);
		} else if (!has_debug_info ||
			   !LLVMGetSubprogram(LLVMGetBasicBlockParent(LLVMGetInstructionParent(call)))) {
			tbpf_error_at(t, call,
				      "%s%s needs debug info: libbpf answers it from the BTF that llc makes of "
				      "it (build with TinyGo's debug info, without -no-debug)",
				      go, suffix);
		} else if (LLVMGetTypeKind(want) != LLVMIntegerTypeKind) {
			tbpf_error_at(t, call, "%s%s must return an integer or bool (uint32 like C's %s)", go,
				      suffix, kind ? "bpf_core_type_size" : "bpf_core_type_exists");
		} else {
			LLVMPositionBuilderBefore(b, call);
			LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
			/* The first operand only keeps calls apart (clang numbers them the same way). */
			LLVMValueRef args[2] = {LLVMConstInt(i32, s->type_infos++, 0),
						LLVMConstInt(LLVMInt64TypeInContext(ctx), kind, 0)};
			LLVMValueRef info = LLVMBuildCall2(b, fnty, fn, args, 2, "");
			LLVMSetMetadata(info, md_kind, LLVMMetadataAsValue(ctx, ct->kernel_di));
			LLVMInstructionSetDebugLoc(info, LLVMInstructionGetDebugLoc(call));
			if (LLVMGetIntTypeWidth(want) == 1)
				info = LLVMBuildICmp(b, LLVMIntNE, info, LLVMConstNull(i32), "");
			else if (want != i32)
				info = LLVMBuildIntCast2(b, info, want, 0, "");
			LLVMReplaceAllUsesWith(call, info);
			LLVMInstructionEraseFromParent(call);
		}
		u = next;
	}
	LLVMDisposeBuilder(b);
}

static void rewrite_core_builtins(struct core_state *s)
{
	struct tbpf *t = s->t;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (!LLVMIsDeclaration(f))
			continue;
		const char *name = tbpf_value_name(f);
		const char *dot = strrchr(name, '.');
		const char *base = dot ? dot + 1 : name;
		if (!tbpf_has_prefix(base, "bpfCore"))
			continue;
		bool known = false;
		for (size_t i = 0; i < sizeof field_builtins / sizeof *field_builtins; i++)
			if (strcmp(base, field_builtins[i].go) == 0) {
				rewrite_field_builtin(t, f, field_builtins[i].kind, base);
				known = true;
			}
		for (size_t i = 0; !known && i < sizeof type_builtins / sizeof *type_builtins; i++)
			if (tbpf_has_prefix(base, type_builtins[i].go)) {
				rewrite_type_builtin(s, f, type_builtins[i].kind, type_builtins[i].go,
						     base + strlen(type_builtins[i].go));
				known = true;
			}
		LLVMUseRef use = LLVMGetFirstUse(f);
		if (!known && use)
			tbpf_error_at(t, LLVMGetUser(use),
				      "unknown CO-RE builtin %s: tbpf-core knows bpfCoreFieldExists, "
				      "bpfCoreFieldSize, bpfCoreFieldOffset, bpfCoreTypeExists<Type> and "
				      "bpfCoreTypeSize<Type>",
				      name);
	}
}

int tbpf_rewrite_core_accesses(struct tbpf *t)
{
	struct core_state s = {.t = t};
	s.dib = LLVMCreateDIBuilderDisallowUnresolved(t->mod);
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (LLVMIsDeclaration(f))
			continue;
		struct seeds sd = {.s = &s};
		tbpf_for_each_dbg_value(t, f, collect_seed, &sd);
		for (size_t i = 0; i < sd.nholders; i++)
			seed_holder_fields(&sd, &sd.holders[i]);
		for (size_t i = 0; i < sd.n; i++)
			rewrite_pointer(&s, sd.items[i].value, sd.items[i].type);
		free(sd.items);
		free(sd.holders);
	}
	rewrite_core_builtins(&s);
	LLVMDIBuilderFinalize(s.dib);
	LLVMDisposeDIBuilder(s.dib);
	for (unsigned i = 0; i < s.ntypes; i++) {
		for (unsigned m = 0; m < s.types[i].nmembers; m++)
			free(s.types[i].members[m].name);
		free(s.types[i].members);
		free(s.types[i].kernel_name);
	}
	free(s.seen);
	return t->errors ? -1 : 0;
}
