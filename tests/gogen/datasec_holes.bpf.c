// SPDX-License-Identifier: GPL-2.0
/* datasec_holes: data sections with bytes that no BTF variable covers, which the generated
 * section structs hold only as `_ [N]byte` padding and must leave alone:
 *   .rodata  limit (a BTF variable), _ (a BTF variable the struct holds as a blank field,
 *            which Go cannot set) and clang's __const.holes.table, the initial value of
 *            the local constant table below, which has no BTF variable
 *   .data    pick (a BTF variable) and hidden_hits (nodebug: no BTF variable)
 *   .bss     result and seen_hidden (BTF variables) and hidden_runs (nodebug)
 * tests/gogen builds it with clang; loaders/datasec_holes changes one variable of each section
 * with SetSpec / Update and checks that every other byte of the section stays as it was, and
 * that the program, run with BPF_PROG_TEST_RUN, still sees the table and hidden_hits. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct table {
  __u32 v[16];
};

const volatile __u32 limit = 7;
const volatile __u32 _ = 0x5eed;

__u32 pick = 3;
static __attribute__((nodebug)) __u32 hidden_hits = 1000;

__u32 result;
__u32 seen_hidden;
static __attribute__((nodebug)) __u64 hidden_runs;

SEC("xdp")
int holes(struct xdp_md *ctx) {
  const struct table table = {{0xa1b2c300, 0xa1b2c301, 0xa1b2c302, 0xa1b2c303, 0xa1b2c304,
                               0xa1b2c305, 0xa1b2c306, 0xa1b2c307, 0xa1b2c308, 0xa1b2c309,
                               0xa1b2c30a, 0xa1b2c30b, 0xa1b2c30c, 0xa1b2c30d, 0xa1b2c30e,
                               0xa1b2c30f}};
  /* pick is read at run time, so the table is read from .rodata, not folded */
  result = table.v[pick & 15] + limit + _;
  hidden_hits++;
  seen_hidden = hidden_hits;
  hidden_runs += 3;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
