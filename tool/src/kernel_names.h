/* Go spellings of kernel names for CO-RE (no LLVM here: tbpf-gen-types links this too). */
#ifndef TBPF_KERNEL_NAMES_H
#define TBPF_KERNEL_NAMES_H

#include <stddef.h>

/* Go CamelCase -> kernel snake_case ("RealParent" -> "real_parent", "TCPSock" -> "tcp_sock").
 * Returns a malloc'd string. */
char *tbpf_snake_case(const char *camel, size_t len);

/* The kernel name a Go struct or field name stands for under tbpf-core's CO-RE convention:
 * a name ending in '_' is the kernel's name verbatim without that '_' ("__state_" ->
 * "__state", "Qdisc_" -> "Qdisc"), for names CamelCase cannot spell; any other name goes
 * through tbpf_snake_case. Returns a malloc'd string. */
char *tbpf_kernel_name(const char *go, size_t len);

#endif
