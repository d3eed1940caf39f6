/* The transform pipeline: TinyGo host IR in, BPF IR out.
 *
 * Checks come first and report every problem they find; rewrites follow in the order
 * their inputs need (helpers and allocations before optimisation, maps and globals
 * before debug-info names are sanitised). Nothing is written unless every step passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Target.h>

#include "tbpf.h"
#include "transform.h"

static LLVMTargetMachineRef create_bpf_target_machine(const char *cpu)
{
	LLVMInitializeBPFTargetInfo();
	LLVMInitializeBPFTarget();
	LLVMInitializeBPFTargetMC();
	LLVMTargetRef target;
	char *err = NULL;
	if (LLVMGetTargetFromTriple("bpf", &target, &err)) {
		fprintf(stderr, "tbpf-core: error: this LLVM has no BPF target: %s\n", err);
		LLVMDisposeMessage(err);
		return NULL;
	}
	return LLVMCreateTargetMachine(target, "bpf", cpu, "", LLVMCodeGenLevelDefault, LLVMRelocDefault,
				       LLVMCodeModelDefault);
}

static int verify(struct tbpf *t, const char *stage)
{
	char *msg = NULL;
	if (LLVMVerifyModule(t->mod, LLVMReturnStatusAction, &msg)) {
		tbpf_error(t, "internal error: invalid IR after %s (please report with the input): %s", stage, msg);
		LLVMDisposeMessage(msg);
		return -1;
	}
	LLVMDisposeMessage(msg);
	return 0;
}

struct step {
	const char *name;
	int (*run)(struct tbpf *);
};

static const struct step pipeline[] = {
	{"input checks", tbpf_check_input},
	{"host target check", tbpf_check_host_target},
	{"entry points", tbpf_select_entry_points},
	{"dead code removal", tbpf_strip_unreachable},
	{"unsupported Go constructs", tbpf_check_unsupported},
	{"helper calls", tbpf_rewrite_helpers},
	{"allocations", tbpf_rewrite_allocations},
	{"CO-RE accesses", tbpf_rewrite_core_accesses},
	{"packet pointers", tbpf_rewrite_packet_pointers},
	{"struct copies", tbpf_form_struct_copies},
	{"panic paths", tbpf_rewrite_panics},
	{"maps", tbpf_rewrite_maps},
	{"debug info presence", tbpf_check_debug_info},
	{"global sections", tbpf_assign_global_sections},
	{"license", tbpf_add_license},
	{"kept BTF types", tbpf_keep_btf_types},
	{"retarget", tbpf_retarget},
	{"line info", tbpf_attribute_lines_to_user},
	{"debug info names", tbpf_sanitize_debug_info},
	{"entry point subprograms", tbpf_globalize_entry_subprograms},
	{"verify", NULL},
	{"optimisation", tbpf_optimize},
	{"stack budget", tbpf_check_stack},
	{"cleanup", tbpf_cleanup},
	{"final verify", NULL},
};

/* data == NULL: read opts->input; else data/len is the module and opts->input its name.
 * opts->output == NULL: run every step but write nothing. */
static int transform(const struct tbpf_options *opts, const char *data, size_t len)
{
	struct tbpf t = {.opts = opts};
	int rc = -1;
	t.tm = create_bpf_target_machine(opts->cpu);
	if (!t.tm)
		return -1;
	t.ctx = LLVMContextCreate();
	if (data ? tbpf_read_module_buffer(&t, opts->input, data, len) : tbpf_read_module(&t, opts->input))
		goto out;
	/* The identifier is the input path; keep it out of the output. */
	LLVMSetModuleIdentifier(t.mod, "main", 4);
	for (size_t i = 0; i < sizeof pipeline / sizeof *pipeline; i++) {
		const struct step *s = &pipeline[i];
		if (s->run ? s->run(&t) : verify(&t, pipeline[i - 1].name))
			goto out;
		if (t.errors)
			goto out;
	}
	rc = opts->output ? tbpf_write_module(&t, opts->output, opts->emit_text) : 0;
out:
	if (t.errors)
		fprintf(stderr, "%s: %u error%s; no output written\n", opts->input, t.errors,
			t.errors == 1 ? "" : "s");
	if (t.mod)
		LLVMDisposeModule(t.mod);
	LLVMContextDispose(t.ctx);
	LLVMDisposeTargetMachine(t.tm);
	return rc;
}

int tbpf_transform(const struct tbpf_options *opts)
{
	return transform(opts, NULL, 0);
}

int tbpf_transform_buffer(const char *data, size_t len, const struct tbpf_options *opts)
{
	return transform(opts, data ? data : "", data ? len : 0);
}
