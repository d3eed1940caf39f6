/* Collects the debug-info nodes reachable from what a module keeps (function
 * subprograms and global variables' !dbg), each once, in a deterministic order. */
#ifndef TBPF_MDWALK_H
#define TBPF_MDWALK_H

#include "tbpf.h"

struct md_walk {
	struct tbpf *t;
	LLVMMetadataRef *nodes; /* in discovery order */
	size_t count, cap;
	LLVMMetadataRef *set; /* open-addressing hash set of visited nodes */
	size_t set_cap;
	size_t excluded;
};

void md_walk_init(struct md_walk *w, struct tbpf *t);
void md_walk_add_root(struct md_walk *w, LLVMMetadataRef node);
/* Never visit (nor enter) this node. */
void md_walk_exclude(struct md_walk *w, LLVMMetadataRef node);
void md_walk_module_roots(struct md_walk *w);
void md_walk_each(struct md_walk *w, void (*fn)(struct tbpf *, LLVMMetadataRef, void *), void *arg);
void md_walk_free(struct md_walk *w);

#endif
