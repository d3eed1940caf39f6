/* tbpf-core: shared state of one transform run and the passes that act on it. */
#ifndef TBPF_H
#define TBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/TargetMachine.h>

#include "sections.h"

#define TBPF_MAX_STACK 512

struct tbpf_section {
	char *function; /* Go exported function (symbol name in the IR) */
	char *section;  /* ELF section, e.g. "xdp", "tracepoint/syscalls/sys_enter_openat" */
	long long panic_return;
	bool has_panic_return;
};

/* --keep-type NAME: a Go type kept in BTF (btf_types.c); if_present: no error when absent
 * (one of several Go modules of a program). */
struct tbpf_kept_type {
	const char *name;
	bool if_present;
};

struct tbpf_options {
	const char *input;
	const char *output;
	bool emit_text;
	struct tbpf_section *sections;
	size_t nsections;
	long long panic_return; /* value an entry point returns when a Go panic path is reached */
	const char *license;    /* NULL: the program's own, else "GPL" */
	const char *cpu;
	bool optimize;
	int libbpf_target; /* libbpf that will load the object (TBPF_LIBBPF_VERSION), 0: unknown */
	bool linked_with_c; /* C modules are linked in later: a struct_ops map, functions Go calls */
	struct tbpf_kept_type *keep_types;
	size_t nkeep_types;
};

struct tbpf {
	const struct tbpf_options *opts;
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	LLVMTargetMachineRef tm;
	unsigned errors;
	unsigned warnings;
};

/* diag.c: "file:line:col: error: ..." with the Go source position of an instruction. */
void tbpf_error_at(struct tbpf *t, LLVMValueRef inst, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tbpf_warning_at(struct tbpf *t, LLVMValueRef inst, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tbpf_error_md(struct tbpf *t, LLVMMetadataRef loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tbpf_warning_md(struct tbpf *t, LLVMMetadataRef loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tbpf_error(struct tbpf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Source position of an instruction as "file:line" (the innermost position in the
 * user's own files when the instruction was inlined from TinyGo's runtime). */
void tbpf_describe_loc(LLVMValueRef inst, char *buf, size_t len);
/* The chain of inlined frames of an instruction, as "(inlined X, via Y at file:line)". */
void tbpf_describe_inlining(LLVMValueRef inst, char *buf, size_t len);
/* Is GO_NAME ("main.f", "example.com/p.x", "runtime.alloc") in the user's packages rather
 * than the standard library's or TinyGo's? */
bool tbpf_is_user_go_name(const char *go_name);
/* The innermost frame of LOC's inlining chain that is in the user's Go code (any package
 * but the standard library's and TinyGo's), or LOC itself when there is none. */
LLVMMetadataRef tbpf_user_frame(LLVMContextRef ctx, LLVMMetadataRef loc);

/* Operand positions in debug-info nodes. LLVM 21 turned DIType sizes and offsets into
 * operands, which moved the base type and the element list. */
#if TBPF_LLVM_MAJOR >= 21
#define TBPF_DI_BASE_TYPE_OPERAND 5
#define TBPF_DI_ELEMENTS_OPERAND 6
#else
#define TBPF_DI_BASE_TYPE_OPERAND 3
#define TBPF_DI_ELEMENTS_OPERAND 4
#endif
#define TBPF_DW_TAG_pointer_type 0x0f
#define TBPF_DW_TAG_member 0x0d
#define TBPF_DW_TAG_structure_type 0x13
#define TBPF_DW_TAG_typedef 0x16
#define TBPF_DW_TAG_array_type 0x01
#define TBPF_DW_TAG_union_type 0x17

/* debuginfo.c: reading names out of debug-info nodes. */
LLVMMetadataRef tbpf_md_node_operand(LLVMContextRef ctx, LLVMMetadataRef node, unsigned idx);
/* Strips typedefs and const/volatile; NULL stays NULL. */
LLVMMetadataRef tbpf_di_strip_typedefs(LLVMContextRef ctx, LLVMMetadataRef type);
const char *tbpf_md_string_operand(LLVMContextRef ctx, LLVMMetadataRef node, unsigned idx, unsigned *len);
char *tbpf_subprogram_name(LLVMContextRef ctx, LLVMMetadataRef sp);
char *tbpf_scope_file(LLVMMetadataRef scope, bool with_directory);

/* kernel_names.c: Go CamelCase -> kernel snake_case ("RealParent" -> "real_parent"), and
 * tbpf_kernel_name (CO-RE: a trailing '_' spells the kernel name verbatim). */
#include "kernel_names.h"

/* Go names: "main.foo" -> "foo"; anything else -> a C identifier. */
char *tbpf_c_identifier(const char *go_name, size_t len);

/* The passes, in pipeline order (see transform.c). Each returns 0 or -1. */
int tbpf_check_input(struct tbpf *t); /* input_checks.c: debug-info shape, LLVM verifier, call types */
int tbpf_check_debug_info(struct tbpf *t); /* input_checks.c: no debug info = no BTF (after maps) */
int tbpf_check_host_target(struct tbpf *t);
int tbpf_select_entry_points(struct tbpf *t);
int tbpf_strip_unreachable(struct tbpf *t);
int tbpf_check_unsupported(struct tbpf *t);
int tbpf_rewrite_helpers(struct tbpf *t);
int tbpf_rewrite_allocations(struct tbpf *t);
int tbpf_rewrite_panics(struct tbpf *t);
int tbpf_rewrite_maps(struct tbpf *t);
int tbpf_rewrite_core_accesses(struct tbpf *t);
int tbpf_rewrite_packet_pointers(struct tbpf *t);
int tbpf_form_struct_copies(struct tbpf *t);
int tbpf_assign_global_sections(struct tbpf *t);
int tbpf_add_license(struct tbpf *t);
int tbpf_keep_btf_types(struct tbpf *t);
/* globals.c: keeps an otherwise unreferenced global through optimisation (llvm.compiler.used). */
void tbpf_keep_global(struct tbpf *t, LLVMValueRef g);
int tbpf_retarget(struct tbpf *t);
int tbpf_attribute_lines_to_user(struct tbpf *t);
int tbpf_sanitize_debug_info(struct tbpf *t);
int tbpf_globalize_entry_subprograms(struct tbpf *t);
int tbpf_optimize(struct tbpf *t);
int tbpf_check_stack(struct tbpf *t);
int tbpf_cleanup(struct tbpf *t);

/* dbgvalues.c: which IR value a Go local variable holds, from #dbg_value records. */
typedef void (*tbpf_dbg_value_fn)(struct tbpf *t, LLVMValueRef value, LLVMMetadataRef variable, void *arg);
void tbpf_for_each_dbg_value(struct tbpf *t, LLVMValueRef fn, tbpf_dbg_value_fn cb, void *arg);
/* Every DILocation and DILocalVariable that fn's instructions and debug records use. */
typedef void (*tbpf_debug_node_fn)(struct tbpf *t, LLVMMetadataRef node, void *arg);
void tbpf_for_each_debug_node(struct tbpf *t, LLVMValueRef fn, tbpf_debug_node_fn cb, void *arg);


/* entry_points.c */
bool tbpf_is_entry(struct tbpf *t, LLVMValueRef fn);
const struct tbpf_section *tbpf_entry_section(struct tbpf *t, LLVMValueRef fn);

/* module_io.c */
int tbpf_read_module(struct tbpf *t, const char *path);
/* The same from memory (the fuzzer's entry); name stands for the path in diagnostics. */
int tbpf_read_module_buffer(struct tbpf *t, const char *name, const char *data, size_t len);
int tbpf_write_module(struct tbpf *t, const char *path, bool text);
int tbpf_run_passes(struct tbpf *t, const char *pipeline);

/* helper_calls.c: the kernel function a Go declaration named kfuncXxx stands for
 * ("main.kfuncTcpSlowStart" -> "tcp_slow_start", "main.kfunc__bpf_trap_" -> "__bpf_trap",
 * through tbpf_kernel_name), malloc'd; NULL for other names. */
char *tbpf_go_kfunc_kernel_name(const char *name);
bool tbpf_is_go_kfunc_name(const char *name);
/* The other way, for messages: "tcp_slow_start" -> "kfuncTcpSlowStart" (malloc'd). */
char *tbpf_go_kfunc_spelling(const char *kernel_name);
/* "if NAME is a kernel function (kfunc), ... name the Go function kfuncXxx" (malloc'd), the
 * way out offered where a plain C name called from Go is not defined. */
char *tbpf_kfunc_hint(const char *name);
/* checks.c: a C identifier called from Go that neither the kernel nor TinyGo defines:
 * a function of a BPF C module linked in later (--linked-with-c). */
bool tbpf_names_c_function(const char *name);
/* Named metadata listing those functions (helper_calls.c), for `tbpf-core check-linked`:
 * !{!"name", !"file:line:col of the first call"} each; the reader returns copies. */
#define TBPF_C_FUNCTIONS_MD "tbpf.c_functions"
bool tbpf_read_c_function_record(LLVMValueRef node, char **name, char **where);
/* btf_types.c: the variable that keeps the Go type T in BTF, "tbpf_type_T" (malloc'd). */
char *tbpf_kept_type_variable(const char *type);
int tbpf_check_linked_main(int argc, char **argv); /* check_linked.c */

/* Small utilities. */
void *tbpf_xmalloc(size_t n);
char *tbpf_xstrdup(const char *s);
char *tbpf_xstrndup(const char *s, size_t n);
bool tbpf_has_prefix(const char *s, const char *prefix);
const char *tbpf_value_name(LLVMValueRef v);
/* The function with a body that a call instruction calls directly, or NULL. */
LLVMValueRef tbpf_defined_callee(LLVMValueRef inst);

#endif
