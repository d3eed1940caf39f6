// The C half of usdt_args (prog.go): libbpf's USDT support, which Go cannot include. It
// brings the two maps bpf_program__attach_usdt() fills and bpf_usdt_arg(), wrapped here as
// usdt_arg, the C function prog.go calls. __hidden: libbpf loads it as a static function,
// verified in its caller's context (the ctx pointer stays the program's context).
// Needs -D__TARGET_ARCH_<arch> (usdt.bpf.h reads pt_regs): run_program.sh sets it.
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/usdt.bpf.h>

__hidden __noinline int usdt_arg(void *ctx, __u64 n, long *res)
{
	return bpf_usdt_arg(ctx, n, res);
}
