#ifndef TBPF_TRANSFORM_H
#define TBPF_TRANSFORM_H
#include "tbpf.h"
/* Runs the whole pipeline; 0 on success, -1 after reporting errors. */
int tbpf_transform(const struct tbpf_options *opts);
#endif
