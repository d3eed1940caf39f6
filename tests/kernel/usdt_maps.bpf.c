// libbpf's USDT support for a TinyBPF program in a `usdt` section (kernel.section.usdt).
// bpf_program__attach_usdt() fills two maps that <bpf/usdt.bpf.h> defines (__weak):
// __bpf_usdt_specs and __bpf_usdt_ip_to_spec_id; an object without them fails to attach
// ("failed to find USDT support BPF maps"). Go cannot include the header, so this module is
// compiled to bitcode and linked (llvm-link) with tbpf-core's output before llc.
// It defines nothing else: no program, no license (tbpf-core emits the license). The header
// also brings its weak hidden bpf_usdt_arg*() functions and the LINUX_HAS_BPF_COOKIE kconfig
// extern; libbpf leaves the unused functions out of the loaded program.
// Needs -D__TARGET_ARCH_<arch> (bpf_tracing.h's pt_regs layout): run_section_usdt.sh sets it.
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/usdt.bpf.h>
