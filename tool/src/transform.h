#ifndef TBPF_TRANSFORM_H
#define TBPF_TRANSFORM_H
#include "tbpf.h"
/* Runs the whole pipeline; 0 on success, -1 after reporting errors. */
int tbpf_transform(const struct tbpf_options *opts);
/* The same on a module in memory (IR text or bitcode); opts->input names it in diagnostics.
 * With opts->output NULL nothing is written (the fuzzer's entry point, tests/fuzz). */
int tbpf_transform_buffer(const char *data, size_t len, const struct tbpf_options *opts);
#endif
