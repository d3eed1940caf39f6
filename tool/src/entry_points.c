/* Program entry points (--section FN=SEC) and removal of everything they do not reach.
 *
 * Every module TinyGo writes carries its runtime (C main, signal handlers, getrandom...).
 * The entry points keep external linkage; every other definition becomes internal so
 * that global DCE drops whatever no entry point reaches, the runtime included, while a
 * //go:noinline Go function called from two programs stays as one static subprogram.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

const struct tbpf_section *tbpf_entry_section(struct tbpf *t, LLVMValueRef fn)
{
	const char *name = tbpf_value_name(fn);
	for (size_t i = 0; i < t->opts->nsections; i++)
		if (strcmp(t->opts->sections[i].function, name) == 0)
			return &t->opts->sections[i];
	return NULL;
}

bool tbpf_is_entry(struct tbpf *t, LLVMValueRef fn)
{
	return tbpf_entry_section(t, fn) != NULL;
}

/* What `//export name` gives: a defined, externally visible function with a C name. */
static bool is_exported_go_function(LLVMValueRef fn)
{
	const char *name = tbpf_value_name(fn);
	if (LLVMIsDeclaration(fn) || LLVMGetLinkage(fn) != LLVMExternalLinkage)
		return false;
	if (strchr(name, '.') || strcmp(name, "main") == 0 || tbpf_has_prefix(name, "tinygo_"))
		return false;
	return true;
}

static void list_exported(struct tbpf *t, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f && used < len; f = LLVMGetNextFunction(f))
		if (is_exported_go_function(f))
			used += snprintf(buf + used, len - used, "%s%s", used ? ", " : "", tbpf_value_name(f));
}

/* The kernel never runs a program with a NULL context: TinyGo's nil checks on ctx (and the
 * panic paths behind them) fold away, as they do not exist in C. */
static void mark_context_nonnull(struct tbpf *t, LLVMValueRef fn)
{
	if (LLVMCountParams(fn) < 1 || LLVMGetTypeKind(LLVMTypeOf(LLVMGetParam(fn, 0))) != LLVMPointerTypeKind)
		return;
	static const char *const facts[] = {"nonnull", "noundef"};
	for (size_t k = 0; k < 2; k++) {
		unsigned kind = LLVMGetEnumAttributeKindForName(facts[k], strlen(facts[k]));
		LLVMAddAttributeAtIndex(fn, 1, LLVMCreateEnumAttribute(t->ctx, kind, 0));
	}
}

/* A section the libbpf that will load the object does not know yet: libbpf would open the
 * object and fail at load with "missing BPF prog type". libbpf 0.x named sections its own
 * way and is not checked. */
static bool too_new_for_libbpf(struct tbpf *t, const struct tbpf_section *s)
{
	int target = t->opts->libbpf_target;
	int since = tbpf_section_libbpf_since(s->section);
	if (target < TBPF_LIBBPF_VERSION(1, 0) || since <= target)
		return false;
	int known = tbpf_section_libbpf_known_since(s->section);
	const char *older = tbpf_section_older_spelling(s->section);
	char added[64];
	if (known == since)
		snprintf(added, sizeof added, "libbpf %d.%d added it", since / 100, since % 100);
	else
		snprintf(added, sizeof added, "one of libbpf %d.%d to %d.%d added it", since / 100,
			 since % 100, known / 100, known % 100);
	tbpf_error(t,
		   "--section %s=%s: libbpf %d.%d, which is to load this object, does not know section "
		   "'%s' (%s); %s%s%sload it with libbpf %d.%d or newer "
		   "(--libbpf-version; with CMake, LIBBPF_VERSION or TINYBPF_TARGET_LIBBPF_VERSION, "
		   "default the libbpf pkg-config finds)",
		   s->function, s->section, target / 100, target % 100, s->section, added,
		   older ? "use " : "", older ? older : "", older ? ", or " : "", known / 100, known % 100);
	return true;
}

int tbpf_select_entry_points(struct tbpf *t)
{
	char exported[2048];
	if (t->opts->nsections == 0) {
		list_exported(t, exported, sizeof exported);
		tbpf_error(t, "no entry point: pass --section FN=SEC for each program (exported functions: %s)",
			   exported[0] ? exported : "none; mark program functions with //export name");
		return -1;
	}
	for (size_t i = 0; i < t->opts->nsections; i++) {
		const struct tbpf_section *s = &t->opts->sections[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->opts->sections[j].function, s->function) == 0) {
				tbpf_error(t, "--section names %s twice", s->function);
				return -1;
			}
		LLVMValueRef fn = LLVMGetNamedFunction(t->mod, s->function);
		if (!fn || !is_exported_go_function(fn)) {
			list_exported(t, exported, sizeof exported);
			tbpf_error(t,
				   "--section %s=%s: the module exports no function %s (exported functions: %s); "
				   "mark the Go function with //export %s",
				   s->function, s->section, s->function, exported[0] ? exported : "none",
				   s->function);
			continue;
		}
		if (!s->section[0]) {
			tbpf_error(t, "--section %s=: the ELF section name is empty", s->function);
			continue;
		}
		if (!tbpf_section_known(s->section)) {
			char buf[256];
			const char *hint = tbpf_section_suggest(s->section, buf, sizeof buf);
			tbpf_error(t,
				   "--section %s=%s: libbpf knows no program type for section '%s'%s%s%s "
				   "(see the program types in libbpf's documentation, e.g. xdp, tc, socket, "
				   "tracepoint/<category>/<name>, kprobe/<function>, cgroup_skb/egress)",
				   s->function, s->section, s->section, hint ? "; did you mean '" : "",
				   hint ? hint : "", hint ? "'?" : "");
			continue;
		}
		if (too_new_for_libbpf(t, s))
			continue;
		if (tbpf_has_prefix(s->section, "struct_ops") && !t->opts->linked_with_c)
			tbpf_warning_at(t, LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(fn)),
					"%s is a struct_ops program: the kernel runs it only through a "
					"struct_ops map (C's SEC(\".struct_ops\") variable of the kernel's ops "
					"struct, whose function pointers name the programs), which Go cannot "
					"write (func values are not supported); without one, loading fails "
					"with ENOTSUPP (524). Link a C module that defines the map (a .c file in "
					"add_tinybpf_program's SOURCES), or use a program type that attaches on "
					"its own",
					s->function);
		LLVMSetSection(fn, s->section);
		mark_context_nonnull(t, fn);
	}
	return t->errors ? -1 : 0;
}

int tbpf_strip_unreachable(struct tbpf *t)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(t->mod); f; f = LLVMGetNextFunction(f)) {
		if (LLVMIsDeclaration(f) || tbpf_is_entry(t, f))
			continue;
		LLVMSetLinkage(f, LLVMInternalLinkage);
		LLVMSetVisibility(f, LLVMDefaultVisibility);
	}
	for (LLVMValueRef g = LLVMGetFirstGlobal(t->mod); g; g = LLVMGetNextGlobal(g)) {
		if (LLVMIsDeclaration(g) || tbpf_has_prefix(tbpf_value_name(g), "llvm."))
			continue;
		LLVMSetLinkage(g, LLVMInternalLinkage);
		LLVMSetVisibility(g, LLVMDefaultVisibility);
	}
	if (tbpf_run_passes(t, "globaldce"))
		return -1;
	return tbpf_cleanup(t);
}

/* Declarations nothing calls any more (the runtime's externs after DCE, helpers after
 * their rewrite). */
int tbpf_cleanup(struct tbpf *t)
{
	LLVMValueRef f = LLVMGetFirstFunction(t->mod);
	while (f) {
		LLVMValueRef next = LLVMGetNextFunction(f);
		if (LLVMIsDeclaration(f) && !LLVMGetFirstUse(f))
			LLVMDeleteFunction(f);
		f = next;
	}
	return 0;
}
