/* tbpf-core check-linked LINKED.bc: run on what llvm-link made of tbpf-core's modules and
 * the program's BPF C modules, before llc. Each C function that Go calls (recorded by
 * `transform --linked-with-c` in !tbpf.c_functions) must now be defined, and called with the
 * type it is defined with: else llc and libbpf would fail much later and less clearly
 * ("failed to find BTF for extern"), or the call would pass the wrong arguments. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

/* !{!"name", !"file:line:col"}: a C function Go calls, and where it first does. */
struct c_function {
	char *name;
	char *where;
};

static void report(struct tbpf *t, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report(struct tbpf *t, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", where);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	t->errors++;
}

static LLVMValueRef call_of(LLVMValueRef fn, bool with_other_type)
{
	for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		if (LLVMIsACallInst(user) && LLVMGetCalledValue(user) == fn &&
		    (!with_other_type || LLVMGetCalledFunctionType(user) != LLVMGlobalGetValueType(fn)))
			return user;
	}
	return NULL;
}

static void check_function(struct tbpf *t, const struct c_function *f)
{
	LLVMValueRef fn = LLVMGetNamedFunction(t->mod, f->name);
	if (!fn || !call_of(fn, false))
		return; /* no call is left: optimised away */
	const char *section = LLVMGetSection(fn);
	if (LLVMIsDeclaration(fn) && section && strcmp(section, ".ksyms") == 0)
		return; /* a C module declared it a kfunc (__ksym) */
	if (LLVMIsDeclaration(fn)) {
		char *hint = tbpf_kfunc_hint(f->name);
		report(t, f->where,
		       "Go calls %s, a C function (a Go function without a body, named by //export or "
		       "//go:linkname), but no BPF C module linked into this program defines it: define it "
		       "in a .c file in add_tinybpf_program's SOURCES, not static (use __hidden for a "
		       "function only this program calls), or correct the name; %s",
		       f->name, hint);
		free(hint);
		return;
	}
	LLVMValueRef call = call_of(fn, true);
	if (!call)
		return;
	/* That call's own Go line: with several Go modules, the first recorded call may be right. */
	char where[1024];
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(call);
	if (loc && LLVMDILocationGetLine(loc))
		tbpf_describe_loc(call, where, sizeof where);
	else
		snprintf(where, sizeof where, "%s", f->where);
	char *called = LLVMPrintTypeToString(LLVMGetCalledFunctionType(call));
	char *defined = LLVMPrintTypeToString(LLVMGlobalGetValueType(fn));
	report(t, where,
	       "Go calls C function %s as %s, but its C module defines it as %s: make the Go "
	       "declaration's parameters and result match the C function's (int32 for int, uint64 "
	       "for __u64, a pointer for a pointer)",
	       f->name, called, defined);
	LLVMDisposeMessage(called);
	LLVMDisposeMessage(defined);
}

static bool seen_before(const struct c_function *fs, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (fs[i].name && strcmp(fs[i].name, name) == 0)
			return true;
	return false;
}

/* `--keep-type-if-present T` on each of several Go modules: at least one kept it. */
static void check_kept_type(struct tbpf *t, const char *path, const char *type)
{
	char *var = tbpf_kept_type_variable(type);
	if (!LLVMGetNamedGlobal(t->mod, var))
		report(t, path,
		       "TYPES %s: none of the program's Go modules has a Go type %s in the code that is "
		       "kept (a type only some other code uses is gone with that code)",
		       type, type);
	free(var);
}

static int check_linked(const char *path, char **types, int ntypes)
{
	struct tbpf_options opts = {.input = path};
	struct tbpf t = {.opts = &opts};
	t.ctx = LLVMContextCreate();
	int rc = 1;
	if (tbpf_read_module(&t, path))
		goto out;
	unsigned n = LLVMGetNamedMetadataNumOperands(t.mod, TBPF_C_FUNCTIONS_MD);
	LLVMValueRef *nodes = tbpf_xmalloc((n + 1) * sizeof *nodes);
	struct c_function *fs = tbpf_xmalloc((n + 1) * sizeof *fs);
	LLVMGetNamedMetadataOperands(t.mod, TBPF_C_FUNCTIONS_MD, nodes);
	for (unsigned i = 0; i < n; i++)
		if (tbpf_read_c_function_record(nodes[i], &fs[i].name, &fs[i].where) && !seen_before(fs, i, fs[i].name))
			check_function(&t, &fs[i]);
	for (unsigned i = 0; i < n; i++) {
		free(fs[i].name);
		free(fs[i].where);
	}
	free(fs);
	free(nodes);
	for (int i = 0; i < ntypes; i++)
		check_kept_type(&t, path, types[i]);
	rc = t.errors ? 1 : 0;
	LLVMDisposeModule(t.mod);
out:
	LLVMContextDispose(t.ctx);
	return rc;
}

#define CHECK_LINKED_USAGE "usage: tbpf-core check-linked LINKED.bc [--keep-type T]...\n"

int tbpf_check_linked_main(int argc, char **argv)
{
	if (argc == 1 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
		printf(CHECK_LINKED_USAGE
		       "Checks the llvm-link output of a program's modules: every C function the Go code\n"
		       "calls is defined by a C module, with the type Go calls it with, and each type T\n"
		       "(transform --keep-type-if-present T on several Go modules) was kept by one of them.\n");
		return 0;
	}
	char **types = tbpf_xmalloc(((size_t)argc + 1) * sizeof *types);
	int ntypes = 0, rc = 2;
	const char *input = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--keep-type") == 0 && i + 1 < argc)
			types[ntypes++] = argv[++i];
		else if (argv[i][0] != '-' && !input)
			input = argv[i];
		else
			goto usage;
	}
	if (!input)
		goto usage;
	rc = check_linked(input, types, ntypes);
	free(types);
	return rc;
usage:
	fprintf(stderr, "tbpf-core: error: " CHECK_LINKED_USAGE);
	free(types);
	return rc;
}
