/* Diagnostics that name the Go source line.
 *
 * TinyGo inlines its runtime into user code, so an instruction's DILocation can sit in
 * runtime/string.go while the user's mistake is on a line of prog.go further up the
 * inlinedAt chain. The reported position is the innermost frame that belongs to the
 * user's packages; the frames in between are listed after the message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tbpf.h"

/* The first elements of the import paths of Go's standard library (1.19 to 1.25) and of
 * TinyGo's own packages (device, machine): the code TinyGo compiles besides the user's. */
static const char *const toolchain_roots[] = {
	"archive", "arena", "bufio", "builtin", "bytes", "cmp", "compress", "container", "context",
	"crypto", "database", "debug", "device", "embed", "encoding", "errors", "expvar", "flag",
	"fmt", "go", "hash", "html", "image", "index", "internal", "io", "iter", "log", "machine",
	"maps", "math", "mime", "net", "os", "path", "plugin", "reflect", "regexp", "runtime",
	"slices", "sort", "strconv", "strings", "structs", "sync", "syscall", "testing", "text",
	"time", "unicode", "unique", "unsafe", "vendor", "weak",
};

/* A Go function or variable is the user's unless its package is the toolchain's: the
 * standard library or TinyGo's (runtime, internal/task, sync/atomic, ...), whose import
 * paths start with a dotless element from the list above. So "main.f", "main.(*T).M",
 * "example.com/x/maps.f", "go.uber.org/atomic.f" and a package of a module without a dot in
 * its path ("myprog/maps.f") are the user's; "(*sync/atomic.Uint32).Load" and
 * "slices.Index[[]myprog/p.K]" are not. Names without a package (main, tinygo_*, .str) are
 * not Go functions. */
bool tbpf_is_user_go_name(const char *go_name)
{
	if (!go_name)
		return false;
	const char *p = go_name;
	if (*p == '(') /* a method: (T).M or (*T).M */
		p++;
	if (*p == '*')
		p++;
	size_t end = strcspn(p, "[()"); /* type arguments and receivers are not the package */
	size_t after_slash = 0;
	for (size_t i = 0; i < end; i++)
		if (p[i] == '/')
			after_slash = i + 1;
	const char *dot = memchr(p + after_slash, '.', end - after_slash);
	if (!dot)
		return false;
	size_t pkg = (size_t)(dot - p);
	const char *slash = memchr(p, '/', pkg);
	size_t root = slash ? (size_t)(slash - p) : pkg;
	if (root == 0 || strcspn(p, ":{}$") < root)
		return false; /* not an import path: compiler-made names */
	if (memchr(p, '.', root))
		return true; /* a domain: example.com/... */
	for (size_t i = 0; i < sizeof toolchain_roots / sizeof *toolchain_roots; i++)
		if (strlen(toolchain_roots[i]) == root && strncmp(p, toolchain_roots[i], root) == 0)
			return false;
	return true;
}

static LLVMMetadataRef scope_subprogram(LLVMContextRef ctx, LLVMMetadataRef scope)
{
	for (int depth = 0; scope && depth < 64; depth++) {
		LLVMMetadataKind kind = LLVMGetMetadataKind(scope);
		if (kind == LLVMDISubprogramMetadataKind)
			return scope;
		if (kind != LLVMDILexicalBlockMetadataKind && kind != LLVMDILexicalBlockFileMetadataKind)
			return NULL;
		scope = tbpf_md_node_operand(ctx, scope, 1); /* DILexicalBlockBase: {file, scope, ...} */
	}
	return NULL;
}

struct frame {
	char *file;     /* directory/filename */
	char *function; /* Go name of the enclosing function, e.g. main.cString */
	unsigned line, column;
};

static size_t collect_frames(LLVMContextRef ctx, LLVMMetadataRef loc, struct frame *frames, size_t max)
{
	size_t n = 0;
	for (; loc && n < max; loc = LLVMDILocationGetInlinedAt(loc)) {
		LLVMMetadataRef scope = LLVMDILocationGetScope(loc);
		struct frame *f = &frames[n++];
		f->line = LLVMDILocationGetLine(loc);
		f->column = LLVMDILocationGetColumn(loc);
		f->file = tbpf_scope_file(scope, true);
		LLVMMetadataRef sp = scope_subprogram(ctx, scope);
		f->function = sp ? tbpf_subprogram_name(ctx, sp) : NULL;
	}
	return n;
}

static void free_frames(struct frame *frames, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(frames[i].file);
		free(frames[i].function);
	}
}

static size_t primary_frame(const struct frame *frames, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tbpf_is_user_go_name(frames[i].function))
			return i;
	return n ? n - 1 : 0;
}

static const char *short_function(const char *go_name)
{
	if (go_name && tbpf_has_prefix(go_name, "main."))
		return go_name + 5;
	return go_name ? go_name : "?";
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void describe_frames(const struct frame *frames, size_t n, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	if (n < 2)
		return;
	used += snprintf(buf + used, len - used, " (in %s", short_function(frames[0].function));
	for (size_t i = 1; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, ", inlined into %s at %s:%u",
				 short_function(frames[i].function),
				 base_name(frames[i].file ? frames[i].file : "?"), frames[i].line);
	if (used < len)
		snprintf(buf + used, len - used, ")");
}

LLVMMetadataRef tbpf_user_frame(LLVMContextRef ctx, LLVMMetadataRef loc)
{
	for (LLVMMetadataRef frame = loc; frame; frame = LLVMDILocationGetInlinedAt(frame)) {
		LLVMMetadataRef sp = scope_subprogram(ctx, LLVMDILocationGetScope(frame));
		char *name = sp ? tbpf_subprogram_name(ctx, sp) : NULL;
		bool user = tbpf_is_user_go_name(name);
		free(name);
		if (user)
			return frame;
	}
	return loc;
}

static LLVMContextRef value_context(LLVMValueRef v)
{
	return LLVMGetTypeContext(LLVMTypeOf(v));
}

static LLVMMetadataRef inst_location(LLVMValueRef inst)
{
	if (!inst)
		return NULL;
	if (LLVMIsAInstruction(inst))
		return LLVMInstructionGetDebugLoc(inst);
	return NULL;
}

static void location_prefix(LLVMContextRef ctx, LLVMMetadataRef loc, const char *fallback, char *buf,
			    size_t len, char *inlining, size_t ilen)
{
	struct frame frames[16];
	size_t n = loc ? collect_frames(ctx, loc, frames, 16) : 0;
	inlining[0] = 0;
	if (!n) {
		snprintf(buf, len, "%s", fallback);
		return;
	}
	size_t p = primary_frame(frames, n);
	snprintf(buf, len, "%s:%u:%u", frames[p].file ? frames[p].file : fallback, frames[p].line,
		 frames[p].column);
	describe_frames(frames, n, inlining, ilen);
	free_frames(frames, n);
}

static void report(struct tbpf *t, const char *severity, LLVMContextRef ctx, LLVMMetadataRef loc,
		   const char *fmt, va_list ap)
{
	char where[1024], inlining[1024], msg[4096];
	location_prefix(ctx, loc, t->opts->input, where, sizeof where, inlining, sizeof inlining);
	vsnprintf(msg, sizeof msg, fmt, ap);
	fprintf(stderr, "%s: %s: %s%s\n", where, severity, msg, inlining);
}

void tbpf_error_at(struct tbpf *t, LLVMValueRef inst, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(t, "error", t->ctx, inst_location(inst), fmt, ap);
	va_end(ap);
	t->errors++;
}

void tbpf_warning_at(struct tbpf *t, LLVMValueRef inst, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(t, "warning", t->ctx, inst_location(inst), fmt, ap);
	va_end(ap);
	t->warnings++;
}

void tbpf_error_md(struct tbpf *t, LLVMMetadataRef loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(t, "error", t->ctx, loc, fmt, ap);
	va_end(ap);
	t->errors++;
}

void tbpf_warning_md(struct tbpf *t, LLVMMetadataRef loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(t, "warning", t->ctx, loc, fmt, ap);
	va_end(ap);
	t->warnings++;
}

void tbpf_error(struct tbpf *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(t, "error", t->ctx, NULL, fmt, ap);
	va_end(ap);
	t->errors++;
}

void tbpf_describe_loc(LLVMValueRef inst, char *buf, size_t len)
{
	char inlining[16];
	LLVMMetadataRef loc = inst_location(inst);
	location_prefix(loc ? value_context(inst) : NULL, loc, "?", buf, len, inlining, sizeof inlining);
}

void tbpf_describe_inlining(LLVMValueRef inst, char *buf, size_t len)
{
	char where[1024];
	LLVMMetadataRef loc = inst_location(inst);
	location_prefix(loc ? value_context(inst) : NULL, loc, "?", where, sizeof where, buf, len);
}

void *tbpf_xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p) {
		fprintf(stderr, "tbpf-core: out of memory\n");
		exit(70);
	}
	return p;
}

char *tbpf_xstrndup(const char *s, size_t n)
{
	char *p = tbpf_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *tbpf_xstrdup(const char *s)
{
	return tbpf_xstrndup(s, strlen(s));
}

bool tbpf_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *tbpf_value_name(LLVMValueRef v)
{
	size_t len;
	return LLVMGetValueName2(v, &len);
}

LLVMValueRef tbpf_defined_callee(LLVMValueRef inst)
{
	if (!LLVMIsACallInst(inst))
		return NULL;
	LLVMValueRef callee = LLVMGetCalledValue(inst);
	return LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee) ? callee : NULL;
}
