#include <stdlib.h>
#include <string.h>

#include "mdwalk.h"

static size_t hash_ptr(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ull;
	return (size_t)(x >> 7) & (cap - 1);
}

static bool set_insert(struct md_walk *w, LLVMMetadataRef node);

static void set_grow(struct md_walk *w)
{
	LLVMMetadataRef *old = w->set;
	size_t old_cap = w->set_cap;
	w->set_cap = old_cap ? old_cap * 2 : 1024;
	w->set = tbpf_xmalloc(w->set_cap * sizeof *w->set);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			set_insert(w, old[i]);
	free(old);
}

/* Returns true when the node was not in the set yet. */
static bool set_insert(struct md_walk *w, LLVMMetadataRef node)
{
	if ((w->count + w->excluded + 1) * 2 > w->set_cap)
		set_grow(w);
	for (size_t i = hash_ptr(node, w->set_cap);; i = (i + 1) & (w->set_cap - 1)) {
		if (w->set[i] == node)
			return false;
		if (!w->set[i]) {
			w->set[i] = node;
			return true;
		}
	}
}

void md_walk_init(struct md_walk *w, struct tbpf *t)
{
	memset(w, 0, sizeof *w);
	w->t = t;
	set_grow(w);
}

static void push(struct md_walk *w, LLVMMetadataRef node)
{
	if (w->count == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		LLVMMetadataRef *n = tbpf_xmalloc(w->cap * sizeof *n);
		if (w->nodes)
			memcpy(n, w->nodes, w->count * sizeof *n);
		free(w->nodes);
		w->nodes = n;
	}
	w->nodes[w->count++] = node;
}

/* Compile units list every global and type of the whole program, runtime included;
 * nothing we keep needs them renamed, so the walk does not enter them. */
static bool should_enter(LLVMMetadataRef node)
{
	return LLVMGetMetadataKind(node) != LLVMDICompileUnitMetadataKind;
}

void md_walk_exclude(struct md_walk *w, LLVMMetadataRef node)
{
	/* In the visited set but not in the node list: never reported, never entered. */
	if (set_insert(w, node))
		w->excluded++;
}

void md_walk_add_root(struct md_walk *w, LLVMMetadataRef root)
{
	if (!root)
		return;
	LLVMValueRef rv = LLVMMetadataAsValue(w->t->ctx, root);
	if (!LLVMIsAMDNode(rv) || !set_insert(w, root))
		return;
	size_t first = w->count;
	push(w, root);
	/* Breadth-first over operands; w->nodes doubles as the queue. */
	for (size_t i = first; i < w->count; i++) {
		LLVMMetadataRef node = w->nodes[i];
		if (!should_enter(node))
			continue;
		LLVMValueRef v = LLVMMetadataAsValue(w->t->ctx, node);
		unsigned n = LLVMGetMDNodeNumOperands(v);
		if (!n)
			continue;
		LLVMValueRef *ops = tbpf_xmalloc(n * sizeof *ops);
		LLVMGetMDNodeOperands(v, ops);
		for (unsigned k = 0; k < n; k++) {
			if (!ops[k] || !LLVMIsAMDNode(ops[k]))
				continue;
			LLVMMetadataRef child = LLVMValueAsMetadata(ops[k]);
			if (set_insert(w, child))
				push(w, child);
		}
		free(ops);
	}
}

void md_walk_module_roots(struct md_walk *w)
{
	LLVMModuleRef m = w->t->mod;
	for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f))
		md_walk_add_root(w, LLVMGetSubprogram(f));
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g; g = LLVMGetNextGlobal(g)) {
		size_t n = 0;
		LLVMValueMetadataEntry *entries = LLVMGlobalCopyAllMetadata(g, &n);
		for (size_t i = 0; i < n; i++)
			md_walk_add_root(w, LLVMValueMetadataEntriesGetMetadata(entries, (unsigned)i));
		if (entries)
			LLVMDisposeValueMetadataEntries(entries);
	}
}

void md_walk_each(struct md_walk *w, void (*fn)(struct tbpf *, LLVMMetadataRef, void *), void *arg)
{
	for (size_t i = 0; i < w->count; i++)
		fn(w->t, w->nodes[i], arg);
}

void md_walk_free(struct md_walk *w)
{
	free(w->nodes);
	free(w->set);
	memset(w, 0, sizeof *w);
}
