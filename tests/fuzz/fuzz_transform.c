/* libFuzzer target: tbpf-core's whole transform pipeline on one mutated module.
 *
 * Input: an optional first line "; tbpf: ARG ARG ...\n" followed by the module (LLVM IR
 * text or bitcode). ARGs are what tbpf-core's command line would say:
 *   FN=SEC   a program (--section FN=SEC), up to 8
 *   -O0      skip optimisation
 *   P=N      --panic-return N (a number)
 * For textual IR the header is an IR comment, so a seed or a finding is also a valid
 * tbpf-core input: `tbpf-core transform finding.ll -o out.bc --section FN=SEC`.
 * Nothing is written; diagnostics go to stderr (the CI run closes it: -close_fd_mask=2).
 *
 * Crashes inside LLVM's own IR and bitcode readers (LLVM is not instrumented, and its
 * release build has no assertions) are out of scope; run_fuzz.sh sorts them out by the
 * stack. Everything past parsing is our code and must be clean.
 *
 * Known LLVM issue worked around here: the BPF backend's BPFAbstractMemberAccess pass
 * (CO-RE, run by our optimisation) caches the relocation globals it creates in a static
 * std::map (GEPGlobals) that outlives the module and its LLVMContext; a second module in
 * the same process with the same CO-RE access reuses a freed global (heap-use-after-free
 * in AttributeSet::hasAttribute("btf_ama")). tbpf-core transforms one module per process,
 * so only an in-process loop like this one sees it. Inputs that can reach that pass
 * (CO-RE types "bpfCore...", or llvm.preserve.* intrinsics) therefore run with -O0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/ErrorHandling.h>
#include <llvm-c/Support.h>

#include "tbpf.h"
#include "transform.h"

#define MAX_SECTIONS 8
#define MAX_HEADER 512

static void fatal_error(const char *reason)
{
	/* LLVM exits right after this returns; the marker lets run_fuzz.sh tell the
	 * crash apart from one of ours. */
	fprintf(stderr, "tbpf-fuzz: LLVM fatal error: %s\n", reason);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* As tbpf-core's main.c: LLVM's IR reader would verify modules that carry debug info
	 * itself and abort on invalid ones (report_fatal_error "Broken module found") or loop
	 * (a location that is its own inlinedAt); input_checks.c checks them instead. */
	const char *args[] = {"tbpf-fuzz-transform", "-disable-auto-upgrade-debug-info"};
	LLVMParseCommandLineOptions(2, args, NULL);
	LLVMInstallFatalErrorHandler(fatal_error);
	return 0;
}

/* --- a mutator that knows IR text ------------------------------------------------------
 * Half the time libFuzzer's byte mutations; otherwise one edit of one line that keeps the
 * text parseable most of the time: a metadata reference (!N) becomes null or another
 * node (cycles, wrong kinds), a size/offset/count/align/line gets an extreme value, a DWARF
 * tag changes, or an integer constant does. These are the shapes that reach our debug-info
 * and map code; byte mutations mostly stop at the parser. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct span {
	size_t at, len;
	int kind; /* 0 reference, 1 number after a field name, 2 DWARF tag, 3 integer constant */
};

static size_t digits(const uint8_t *p, const uint8_t *end)
{
	size_t n = 0;
	if (p < end && *p == '-')
		n++;
	while (p + n < end && p[n] >= '0' && p[n] <= '9')
		n++;
	return (n == 1 && *p == '-') ? 0 : n;
}

static size_t ir_mutate(uint8_t *data, size_t size, size_t max_size, uint64_t *rng)
{
	static const char *const fields[] = {"size: ", "offset: ", "count: ", "align: ", "line: "};
	static const char *const numbers[] = {"0", "1", "-1", "7", "4096", "4294967295", "4294967296",
					      "9223372036854775807", "18446744073709551615"};
	static const char *const tags[] = {"DW_TAG_member", "DW_TAG_typedef", "DW_TAG_pointer_type",
					   "DW_TAG_structure_type", "DW_TAG_array_type", "DW_TAG_const_type",
					   "DW_TAG_union_type", "DW_TAG_subrange_type", "DW_TAG_base_type"};
	static const char *const consts[] = {"i32 0", "i32 -1", "i32 2147483647", "i64 0", "i64 -1",
					     "i64 4294967296", "i32 1", "i32 33"};
	/* Lines; the largest metadata id, for references to other nodes. */
	size_t nlines = 0, max_id = 0;
	for (size_t i = 0; i < size; i++)
		if (i == 0 || data[i - 1] == '\n') {
			nlines++;
			if (data[i] == '!' && i + 1 < size && data[i + 1] >= '0' && data[i + 1] <= '9') {
				size_t id = strtoul((const char *)data + i + 1, NULL, 10);
				if (id > max_id && id < 1000000)
					max_id = id;
			}
		}
	if (!nlines)
		return 0;
	for (int attempt = 0; attempt < 8; attempt++) {
		/* A random line, metadata lines three times as likely. */
		size_t want = rng_next(rng) % nlines, line = 0, start = 0;
		for (size_t i = 0; i < size; i++)
			if (i == 0 || data[i - 1] == '\n') {
				if (line++ == want) {
					start = i;
					break;
				}
			}
		if (data[start] != '!' && rng_next(rng) % 3)
			continue;
		const uint8_t *end = memchr(data + start, '\n', size - start);
		size_t lend = end ? (size_t)(end - data) : size;
		struct span spans[64];
		size_t n = 0;
		for (size_t i = start; i < lend && n < 64; i++) {
			const uint8_t *p = data + i;
			size_t d;
			if (*p == '!' && i > start && (d = digits(p + 1, data + lend)) > 0)
				spans[n++] = (struct span){i, d + 1, 0};
			for (size_t f = 0; f < sizeof fields / sizeof *fields && n < 64; f++) {
				size_t fl = strlen(fields[f]);
				if (lend - i > fl && !memcmp(p, fields[f], fl) && (d = digits(p + fl, data + lend)) > 0)
					spans[n++] = (struct span){i + fl, d, 1};
			}
			if (lend - i > 7 && !memcmp(p, "DW_TAG_", 7) && n < 64) {
				size_t l = 7;
				while (i + l < lend && (p[l] == '_' || (p[l] >= 'a' && p[l] <= 'z')))
					l++;
				spans[n++] = (struct span){i, l, 2};
			}
			if (lend - i > 4 && (!memcmp(p, "i32 ", 4) || !memcmp(p, "i64 ", 4)) && n < 64 &&
			    (d = digits(p + 4, data + lend)) > 0)
				spans[n++] = (struct span){i, d + 4, 3};
		}
		if (!n)
			continue;
		struct span sp = spans[rng_next(rng) % n];
		char repl[32];
		switch (sp.kind) {
		case 0:
			if (rng_next(rng) % 3 == 0)
				snprintf(repl, sizeof repl, "null");
			else
				snprintf(repl, sizeof repl, "!%zu", (size_t)(rng_next(rng) % (max_id + 1)));
			break;
		case 1:
			snprintf(repl, sizeof repl, "%s", numbers[rng_next(rng) % (sizeof numbers / sizeof *numbers)]);
			break;
		case 2:
			snprintf(repl, sizeof repl, "%s", tags[rng_next(rng) % (sizeof tags / sizeof *tags)]);
			break;
		default:
			snprintf(repl, sizeof repl, "%s", consts[rng_next(rng) % (sizeof consts / sizeof *consts)]);
			break;
		}
		size_t rl = strlen(repl);
		if (size - sp.len + rl > max_size)
			continue;
		memmove(data + sp.at + rl, data + sp.at + sp.len, size - sp.at - sp.len);
		memcpy(data + sp.at, repl, rl);
		return size - sp.len + rl;
	}
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 1;
	bool text = size >= 4 && memcmp(data, "BC\xc0\xde", 4) != 0 && memchr(data, '\n', size);
	if (text && rng_next(&rng) % 2) {
		size_t n = ir_mutate(data, size, max_size, &rng);
		if (n)
			return n;
	}
	return LLVMFuzzerMutate(data, size, max_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char magic[] = "; tbpf:";
	struct tbpf_section sections[MAX_SECTIONS];
	char header[MAX_HEADER + 1];
	struct tbpf_options o = {.input = "fuzz.ll", .cpu = "v3", .optimize = true};
	struct tbpf_kept_type kept[MAX_SECTIONS];
	const char *module = (const char *)data;
	size_t len = size;

	memset(sections, 0, sizeof sections);
	o.sections = sections;
	o.keep_types = kept;
	if (size >= sizeof magic - 1 && memcmp(data, magic, sizeof magic - 1) == 0) {
		const char *nl = memchr(data, '\n', size < MAX_HEADER ? size : MAX_HEADER);
		if (!nl)
			return 0;
		size_t hlen = (size_t)(nl - module) - (sizeof magic - 1);
		memcpy(header, module + sizeof magic - 1, hlen);
		header[hlen] = 0;
		/* The header stays in the text (a comment); bitcode starts after it. */
		if (size >= hlen + sizeof magic + 4 && memcmp(nl + 1, "BC\xc0\xde", 4) == 0) {
			module = nl + 1;
			len = size - (size_t)(module - (const char *)data);
		}
		for (char *save = NULL, *tok = strtok_r(header, " \t\r", &save); tok;
		     tok = strtok_r(NULL, " \t\r", &save)) {
			char *eq = strchr(tok, '=');
			if (strcmp(tok, "-O0") == 0) {
				o.optimize = false;
			} else if (strcmp(tok, "C") == 0) {
				o.linked_with_c = true;
			} else if (eq && eq[1] && eq - tok == 1 && tok[0] == 'P') {
				o.panic_return = strtoll(eq + 1, NULL, 0);
			} else if (eq && eq[1] && eq - tok == 1 && tok[0] == 'K' && o.nkeep_types < MAX_SECTIONS) {
				kept[o.nkeep_types].name = eq + 1;
				kept[o.nkeep_types].if_present = false;
				o.nkeep_types++;
			} else if (eq && eq != tok && eq[1] && o.nsections < MAX_SECTIONS) {
				*eq = 0;
				sections[o.nsections].function = tok;
				sections[o.nsections].section = eq + 1;
				o.nsections++;
			}
		}
	}
	if (memmem(data, size, "bpfCore", 7) || memmem(data, size, "preserve", 8))
		o.optimize = false;
	tbpf_transform_buffer(module, len, &o);
	return 0;
}
