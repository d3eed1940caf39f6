/* Included by extra.bpf.c: touching it rebuilds with_c (clang's depfile). */
#define EXTRA_VERDICT XDP_PASS
