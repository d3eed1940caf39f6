// SPDX-License-Identifier: GPL-2.0
/* typed_maps: a libbpf-style C object whose BTF has what tbpf-core's bpfMapDef maps do not
 * carry yet: struct/typedef/anonymous key and value types (libbpf's __type(key, T)),
 * unions, nested anonymous structs, bool, enum, pointer, arrays, padding, and names that
 * collide in Go (program "close" vs the Close method; map "bss" vs section .bss).
 * tests/gogen builds it with clang and checks the generated Go against a golden file, and
 * a Go program (typed_maps_loader.go) checks every generated size and runs the program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <stdbool.h>

struct flow_key {
  __u32 saddr, daddr;
  __u16 sport, dport;
  __u8 proto; /* 3 bytes of tail padding: size 16 */
};

struct flow_stats {
  __u64 packets;
  __u64 bytes;
  bool seen;
  __u16 tag; /* at 18: one byte of padding before */
  struct {
    __u32 a;
    __u16 b;
  } nested; /* at 20, 8 bytes */
  union {
    __u32 as_u32;
    __u8 as_bytes[4];
  } u; /* at 28 */
  __s8 delta;
  char name[5];
  enum { FLOW_NEW, FLOW_SEEN = 3 } state; /* at 40 */
  struct flow_key last; /* at 44 */
  __u64 *where; /* at 64: pointer, 8 bytes */
};

typedef struct {
  __u32 x, y;
} point_t;

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 128);
  __type(key, struct flow_key);
  __type(value, struct flow_stats);
} flows SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, point_t);
} points SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct {
    __u32 hits;
    __u8 last_proto;
  });
} bss SEC(".maps");

volatile const __u32 cfg_limit = 10;
volatile const __s16 cfg_bias = -2;
struct flow_key last_key;
__u8 small_flag;
__u64 big_counter;
struct {
  __u32 seen;
  __u8 proto;
} last_seen; /* anonymous struct global: a multi-line field of the .bss struct */
__u32 after_last_seen;
int counter = 5;
bool enabled = true;

SEC("xdp")
int xdp_typed(struct xdp_md *ctx) {
  struct flow_key k = {.saddr = 1, .daddr = 2, .sport = 3, .dport = 4, .proto = 17};
  struct flow_stats *s = bpf_map_lookup_elem(&flows, &k);
  __u32 zero = 0;
  point_t *p = bpf_map_lookup_elem(&points, &zero);
  typeof(*(bss.value)) *b = bpf_map_lookup_elem(&bss, &zero);

  if (!enabled)
    return XDP_ABORTED;
  big_counter++;
  small_flag = 1;
  last_key = k;
  last_seen.seen++;
  last_seen.proto = k.proto;
  after_last_seen = 42;
  if (b) {
    b->hits++;
    b->last_proto = 17;
  }
  if (p)
    p->x += cfg_limit;
  if (s && s->packets < cfg_limit) {
    s->packets++;
    s->bytes += ctx->data_end - ctx->data;
    return XDP_DROP;
  }
  counter += cfg_bias;
  return XDP_PASS;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int close(void *ctx) {
  big_counter += 100;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
