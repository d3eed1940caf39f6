/* tbpf-behave NAME OBJECT.o
 *
 * Kernel behaviour test of one corpus program (tests/fixtures/NAME, or
 * tests/fixtures/idioms/NAME for the idioms): opens
 * OBJECT.o with libbpf, finds programs, maps and globals by name, loads it,
 * test-runs or attaches and triggers the programs, and checks exactly what
 * the `behaviour` text of its spec.json states.
 * Exit: 0 all checks passed, 1 a check failed, 77 not checkable here (SKIP),
 * 2 usage. One line per check: "ok   ..." / "FAIL ...". */
#define _GNU_SOURCE
#include "behave_common.h"
#include "sections.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <elf.h>
#include <net/if.h>
#include <sched.h>
#include <sys/mman.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>

/* USDT probes (Debian: systemtap-sdt-dev). Without the header tbpf-behave has no probe site,
 * and kernel.section.usdt reports itself skipped. */
#if defined(__has_include)
#if __has_include(<sys/sdt.h>)
#include <sys/sdt.h>
#define TBPF_HAVE_SDT 1
#endif
#endif

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

extern char **environ;

/* ---- packets (hex copied from the spec.json files; all specs agree) ------------ */

static const struct packet P_UDP4_DPORT53 = {"udp4_dport53",
	"020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f"};
static const struct packet P_UDP4_DPORT53_IPOPTS = {"udp4_dport53_ipopts",
	"020000000002020000000001080046000025000100004011f471c0a80101c0a801020101010130390035000d000068656c6c6f"};
static const struct packet P_UDP4_DPORT54 = {"udp4_dport54",
	"020000000002020000000001080045000021000100004011f777c0a80101c0a8010230390036000d000068656c6c6f"};
static const struct packet P_TCP4_DPORT80 = {"tcp4_dport80",
	"020000000002020000000001080045000028000100004006f77bc0a80101c0a801029c40005000000001000000005002200000000000"};
static const struct packet P_TCP4_DPORT53 = {"tcp4_dport53",
	"020000000002020000000001080045000028000100004006f77bc0a80101c0a801023039003500000001000000005002200000000000"};
static const struct packet P_UDP6_DPORT53 = {"udp6_dport53",
	"02000000000202000000000186dd60000000000d1140000000000000000000000000000000000000000000000000000000000000000000010035000d000068656c6c6f"};
static const struct packet P_ICMP4 = {"icmp4",
	"02000000000202000000000108004500001c000100004001f78cc0a80101c0a801020800f7ff00000000"};
static const struct packet P_ARP = {"arp",
	"020000000002020000000001080600010800060400010000000000000000000000000000000000000000"};
static const struct packet P_IPV4_TRUNCATED = {"ipv4_truncated",
	"02000000000202000000000108004500001c"};
static const struct packet P_SRC_10_1_2_3 = {"udp4_src_10.1.2.3",
	"020000000002020000000001080045000021000100004011ad1d0a010203c0a8010200010002000d000068656c6c6f"};
static const struct packet P_SRC_10_9_9_9 = {"udp4_src_10.9.9.9",
	"020000000002020000000001080045000021000100004011a60f0a090909c0a8010200010002000d000068656c6c6f"};
static const struct packet P_SRC_192_168_1_1 = {"udp4_src_192.168.1.1",
	"020000000002020000000001080045000021000100004011f777c0a80101c0a8010200010002000d000068656c6c6f"};
static const struct packet P_SRC_172_16_5_4 = {"udp4_src_172.16.5.4",
	"020000000002020000000001080045000021000100004011080dac100504c0a8010200010002000d000068656c6c6f"};

/* ---- small shared steps ------------------------------------------------------------- */

static pid_t my_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Opens the object and checks its programs and maps against the spec. */
static struct bpf_object *open_checked(const char *path, const struct prog_spec *progs,
				       size_t nprogs, const struct map_spec *maps, size_t nmaps)
{
	struct bpf_object *obj = open_object(path);

	if (obj)
		check_object(obj, progs, nprogs, maps, nmaps);
	return obj;
}

static bool check_array_u64(struct bpf_map *map, uint32_t key, uint64_t expected)
{
	uint64_t v = 0;
	char what[96];

	snprintf(what, sizeof(what), "%s[%u]", bpf_map__name(map), key);
	if (!map_lookup(map, &key, &v)) {
		fail("%s: lookup failed: %s", what, strerror(errno));
		return false;
	}
	return check_u64(what, expected, v);
}

static bool check_percpu_u64(struct bpf_map *map, uint32_t key, uint64_t expected, bool at_least)
{
	uint64_t sum = 0;
	char what[96];

	snprintf(what, sizeof(what), "per-CPU sum of %s[%u]", bpf_map__name(map), key);
	if (!percpu_sum_u64(map, &key, 1, &sum))
		sum = 0; /* absent key of a per-CPU hash counts as 0 */
	return at_least ? check_u64_ge(what, expected, sum) : check_u64(what, expected, sum);
}

/* libbpf attach of every listed program, links returned in LINKS. */
static bool attach_all(struct bpf_object *obj, const char *const *names, size_t n,
		       struct bpf_link **links)
{
	if (!ensure_tracefs())
		return false;
	for (size_t i = 0; i < n; i++) {
		links[i] = attach_prog(obj, names[i]);
		if (!links[i])
			return false;
	}
	return true;
}

static void detach_all(struct bpf_link **links, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bpf_link__destroy(links[i]);
		links[i] = NULL;
	}
}

/* ======================================================================================
 * BPF_PROG_TEST_RUN programs
 * ====================================================================================== */

static int t_xdp_proto_count(const char *path)
{
	static const struct prog_spec progs[] = {{"xdp_proto_count", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {
		{"protoCounts", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 256, 0}};
	const struct packet *runs[] = {&P_UDP4_DPORT53, &P_TCP4_DPORT80, &P_ICMP4, &P_UDP6_DPORT53,
				       &P_ARP, &P_IPV4_TRUNCATED, &P_UDP4_DPORT53};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_map *counts;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "xdp_proto_count")) ||
	    !(counts = map_by_name(obj, "protoCounts")))
		goto out;
	for (size_t i = 0; i < N_ELEMS(runs); i++)
		expect_retval(prog, runs[i], 2 /* XDP_PASS */);
	check_percpu_u64(counts, 17, 2, false);
	check_percpu_u64(counts, 6, 1, false);
	check_percpu_u64(counts, 1, 1, false);
	check_percpu_u64(counts, 0, 0, false);
	check_percpu_u64(counts, 41, 0, false);
	check_percpu_u64(counts, 58, 0, false);
out:
	bpf_object__close(obj);
	return verdict();
}

static int t_xdp_port_drop(const char *path)
{
	static const struct prog_spec progs[] = {{"xdp_port_drop", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {
		{"blockedPorts", BPF_MAP_TYPE_HASH, 2, 1, 64, 0},
		{"dropCount", BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0}};
	const struct packet *all[] = {&P_UDP4_DPORT53, &P_UDP4_DPORT53_IPOPTS, &P_UDP4_DPORT54,
				      &P_TCP4_DPORT53, &P_UDP6_DPORT53, &P_IPV4_TRUNCATED};
	const uint32_t blocked_ret[] = {1, 1, 2, 2, 2, 2};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 2);
	struct bpf_program *prog;
	struct bpf_map *ports, *drops;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "xdp_port_drop")) ||
	    !(ports = map_by_name(obj, "blockedPorts")) || !(drops = map_by_name(obj, "dropCount")))
		goto out;
	note("without a blockedPorts entry every packet passes");
	for (size_t i = 0; i < N_ELEMS(all); i++)
		expect_retval(prog, all[i], 2);
	check_array_u64(drops, 0, 0);

	uint16_t port = 53;
	uint8_t one = 1;
	if (!map_update(ports, &port, &one, BPF_ANY))
		goto out;
	note("blockedPorts[53] = 1");
	for (size_t i = 0; i < N_ELEMS(all); i++)
		expect_retval(prog, all[i], blocked_ret[i]);
	check_array_u64(drops, 0, 2);
out:
	bpf_object__close(obj);
	return verdict();
}

static void tc_run(struct bpf_program *prog, const struct packet *pkt, uint32_t want_mark)
{
	struct __sk_buff in, out;
	uint32_t ret;
	char what[96];

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	if (!test_run(prog, pkt, &in, &out, sizeof(in), &ret))
		return;
	snprintf(what, sizeof(what), "test_run tc_mark(%s) retval", pkt->name);
	check_u64(what, 0 /* TC_ACT_OK */, ret);
	snprintf(what, sizeof(what), "test_run tc_mark(%s) ctx_out.mark", pkt->name);
	check_u64(what, want_mark, out.mark);
}

static int t_tc_mark(const char *path)
{
	static const struct prog_spec progs[] = {{"tc_mark", "tc", BPF_PROG_TYPE_SCHED_CLS}};
	static const struct map_spec maps[] = {{"stats", BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_map *stats;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "tc_mark")) ||
	    !(stats = map_by_name(obj, "stats")))
		goto out;
	tc_run(prog, &P_TCP4_DPORT80, 0x42);
	tc_run(prog, &P_UDP4_DPORT53, 0);
	tc_run(prog, &P_UDP6_DPORT53, 0);
	tc_run(prog, &P_TCP4_DPORT53, 0x42);
	check_array_u64(stats, 0, 4);
	check_array_u64(stats, 1, 2);
out:
	bpf_object__close(obj);
	return verdict();
}

static int t_socket_len_filter(const char *path)
{
	static const struct prog_spec progs[] = {
		{"socket_len_filter", "socket", BPF_PROG_TYPE_SOCKET_FILTER}};
	struct bpf_object *obj = open_checked(path, progs, 1, NULL, 0);
	struct bpf_program *prog;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "socket_len_filter")))
		goto out;
	expect_retval(prog, &P_UDP4_DPORT53, 33);
	expect_retval(prog, &P_TCP4_DPORT80, 40);
	expect_retval(prog, &P_UDP4_DPORT53_IPOPTS, 37);
	expect_retval(prog, &P_UDP6_DPORT53, 0);
	expect_retval(prog, &P_ARP, 0);
out:
	bpf_object__close(obj);
	return verdict();
}

#define PIN_PATH "/sys/fs/bpf/tbpfPinnedCnt"

static bool map_id(struct bpf_map *map, uint32_t *id)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(bpf_map__fd(map), &info, &len) != 0) {
		fail("map info of %s: %s", bpf_map__name(map), strerror(errno));
		return false;
	}
	*id = info.id;
	return true;
}

static bool check_hash_u64(struct bpf_map *map, uint32_t key, uint64_t expected)
{
	uint64_t v = 0;
	char what[96];

	snprintf(what, sizeof(what), "%s[0x%04x]", bpf_map__name(map), key);
	if (!map_lookup(map, &key, &v)) {
		fail("%s: no such key (%s)", what, strerror(errno));
		return false;
	}
	return check_u64(what, expected, v);
}

/* Opens and loads the pinned_counter object; NULL on failure. */
static struct bpf_object *pinned_open_load(const char *path, struct bpf_program **prog,
					   struct bpf_map **cnt)
{
	static const struct prog_spec progs[] = {
		{"pinned_counter", "socket", BPF_PROG_TYPE_SOCKET_FILTER}};
	static const struct map_spec maps[] = {{"tbpfPinnedCnt", BPF_MAP_TYPE_HASH, 4, 8, 64, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);

	if (!obj)
		return NULL;
	*cnt = bpf_object__find_map_by_name(obj, "tbpfPinnedCnt");
	if (*cnt) {
		const char *pin = bpf_map__pin_path(*cnt);
		if (pin && strcmp(pin, PIN_PATH) == 0)
			check(true, "map tbpfPinnedCnt pinned by name: pin path %s", pin);
		else
			fail("map tbpfPinnedCnt: expected pin path %s (pinning 1 = by name), got %s",
			     PIN_PATH, pin ? pin : "none (not pinned)");
	}
	if (load_object(obj) || !(*prog = prog_by_name(obj, "pinned_counter")) || !*cnt) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static int t_pinned_counter(const char *path)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *cnt;
	uint32_t id1 = 0, id2 = 0;

	if (!ensure_bpffs())
		return verdict();
	if (unlink(PIN_PATH) == 0)
		note("removed a stale %s", PIN_PATH);

	obj = pinned_open_load(path, &prog, &cnt);
	if (!obj)
		goto out;
	check(access(PIN_PATH, F_OK) == 0, "libbpf pinned the map at %s", PIN_PATH);
	map_id(cnt, &id1);
	expect_retval(prog, &P_UDP4_DPORT53, 33);
	expect_retval(prog, &P_TCP4_DPORT80, 40);
	expect_retval(prog, &P_UDP6_DPORT53, 53);
	check_hash_u64(cnt, 0x0800, 2);
	check_hash_u64(cnt, 0x86dd, 1);
	bpf_object__close(obj);

	note("second open+load of the same object while the pin exists");
	obj = pinned_open_load(path, &prog, &cnt);
	if (!obj)
		goto out;
	if (map_id(cnt, &id2))
		check(id1 == id2, "the pinned map is reused: map id %u, first load %u", id2, id1);
	expect_retval(prog, &P_UDP4_DPORT53, 33);
	check_hash_u64(cnt, 0x0800, 3);
	bpf_object__close(obj);
out:
	if (unlink(PIN_PATH) != 0 && errno != ENOENT)
		fail("rm %s: %s", PIN_PATH, strerror(errno));
	return verdict();
}

static int t_tailcall_dispatch(const char *path)
{
	static const struct prog_spec progs[] = {{"xdp_dispatch", "xdp", BPF_PROG_TYPE_XDP},
						 {"xdp_ipv4", "xdp", BPF_PROG_TYPE_XDP},
						 {"xdp_ipv6", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {
		{"jumpTable", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0},
		{"verdicts", BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0}};
	struct bpf_object *obj = open_checked(path, progs, 3, maps, 2);
	struct bpf_program *disp, *v4, *v6;
	struct bpf_map *jt, *verdicts;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(disp = prog_by_name(obj, "xdp_dispatch")) ||
	    !(v4 = prog_by_name(obj, "xdp_ipv4")) || !(v6 = prog_by_name(obj, "xdp_ipv6")) ||
	    !(jt = map_by_name(obj, "jumpTable")) || !(verdicts = map_by_name(obj, "verdicts")))
		goto out;
	note("jumpTable empty");
	expect_retval(disp, &P_UDP4_DPORT53, 2);
	expect_retval(disp, &P_UDP6_DPORT53, 2);
	expect_retval(disp, &P_ARP, 2);
	check_array_u64(verdicts, 2, 2);

	uint32_t k0 = 0, k1 = 1;
	int fd4 = bpf_program__fd(v4), fd6 = bpf_program__fd(v6);
	if (!map_update(jt, &k0, &fd4, BPF_ANY) || !map_update(jt, &k1, &fd6, BPF_ANY))
		goto out;
	note("jumpTable[0] = xdp_ipv4, jumpTable[1] = xdp_ipv6");
	expect_retval(disp, &P_UDP4_DPORT53, 1);
	expect_retval(disp, &P_UDP6_DPORT53, 3);
	expect_retval(disp, &P_ARP, 2);
	expect_retval(disp, &P_IPV4_TRUNCATED, 1);
	check_array_u64(verdicts, 0, 2);
	check_array_u64(verdicts, 1, 1);
	check_array_u64(verdicts, 2, 2);
out:
	bpf_object__close(obj);
	return verdict();
}

struct lpm_key_v4 {
	uint32_t prefixlen;
	uint8_t addr[4];
};

static int t_lpm_allow(const char *path)
{
	static const struct prog_spec progs[] = {{"lpm_allow", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {
		{"denyPrefixes", BPF_MAP_TYPE_LPM_TRIE, 8, 4, 1024, 1 /* BPF_F_NO_PREALLOC */}};
	const struct packet *all[] = {&P_SRC_10_1_2_3, &P_SRC_10_9_9_9, &P_SRC_192_168_1_1,
				      &P_SRC_172_16_5_4, &P_UDP6_DPORT53, &P_ARP};
	const uint32_t filled_ret[] = {1, 1, 1, 2, 2, 2};
	struct lpm_key_v4 k10 = {8, {10, 0, 0, 0}}, k192 = {24, {192, 168, 1, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_map *trie;
	uint32_t zero = 0, v;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "lpm_allow")) ||
	    !(trie = map_by_name(obj, "denyPrefixes")))
		goto out;
	note("empty trie: everything passes");
	for (size_t i = 0; i < N_ELEMS(all); i++)
		expect_retval(prog, all[i], 2);
	if (!map_update(trie, &k10, &zero, BPF_ANY) || !map_update(trie, &k192, &zero, BPF_ANY))
		goto out;
	note("inserted 10.0.0.0/8 = 0 and 192.168.1.0/24 = 0");
	for (size_t i = 0; i < N_ELEMS(all); i++)
		expect_retval(prog, all[i], filled_ret[i]);
	v = 0;
	if (check(map_lookup(trie, &k10, &v), "lookup of 10.0.0.0/8"))
		check_u64("hits of 10.0.0.0/8", 2, v);
	v = 0;
	if (check(map_lookup(trie, &k192, &v), "lookup of 192.168.1.0/24"))
		check_u64("hits of 192.168.1.0/24", 1, v);
out:
	bpf_object__close(obj);
	return verdict();
}

/* cgroup_skb_count -------------------------------------------------------------------- */

struct traffic_key {
	uint8_t proto;
	uint8_t pad[3];
};

static bool check_traffic(struct bpf_map *map, uint8_t proto, uint64_t packets, uint64_t bytes)
{
	struct traffic_key key = {proto, {0, 0, 0}};
	uint64_t sums[2];
	char what[96];

	if (!percpu_sum_u64(map, &key, 2, sums)) {
		fail("egressTraffic key {%u}: no such key", proto);
		return false;
	}
	snprintf(what, sizeof(what), "egressTraffic{%u} per-CPU sum of packets", proto);
	bool good = check_u64(what, packets, sums[0]);
	snprintf(what, sizeof(what), "egressTraffic{%u} per-CPU sum of bytes", proto);
	return check_u64(what, bytes, sums[1]) && good;
}

static struct bpf_object *cgskb_open_load(const char *path, struct bpf_program **prog,
					  struct bpf_map **traffic)
{
	static const struct prog_spec progs[] = {{"cgroup_skb_count", "cgroup_skb/egress",
						  BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS}};
	static const struct map_spec maps[] = {
		{"egressTraffic", BPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 16, 256, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);

	if (!obj)
		return NULL;
	if (load_object(obj) || !(*prog = prog_by_name(obj, "cgroup_skb_count")) ||
	    !(*traffic = map_by_name(obj, "egressTraffic"))) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/* Mount point of the cgroup v2 hierarchy (the spec's machine: /sys/fs/cgroup/unified). */
static bool cgroup2_root(char *out, size_t size)
{
	FILE *f = fopen("/proc/self/mounts", "r");
	char dev[256], dir[256], type[64];
	bool found = false;

	if (!f)
		return false;
	while (!found && fscanf(f, "%255s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		if (strcmp(type, "cgroup2") == 0) {
			snprintf(out, size, "%s", dir);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Path of this process' cgroup v2 (from the "0::" line of /proc/self/cgroup). */
static bool own_cgroup2(char *out, size_t size)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = 0;
			snprintf(out, size, "%s", line + 3);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static bool write_pid(const char *procs)
{
	/* Asked once: a getpid(2) here would count in tests that count getpid calls per cgroup. */
	static pid_t self;
	if (!self)
		self = getpid();
	FILE *f = fopen(procs, "w");
	bool good = f && fprintf(f, "%d\n", (int)self) > 0;

	if (f && fclose(f) != 0)
		good = false;
	if (!good)
		fail("write pid to %s: %s", procs, strerror(errno));
	return good;
}

static int send_udp_datagrams(int count, int payload_len)
{
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(9999)};
	char payload[64];
	int sent = 0;

	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(payload, 'x', sizeof(payload));
	/* a receiver, so that no ICMP port-unreachable is generated */
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx >= 0 && bind(rx, (struct sockaddr *)&dst, sizeof(dst)) != 0)
		note("no receiver on 127.0.0.1:9999 (%s); sending anyway", strerror(errno));
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	for (int i = 0; tx >= 0 && i < count; i++) {
		if (sendto(tx, payload, (size_t)payload_len, 0, (struct sockaddr *)&dst,
			   sizeof(dst)) == payload_len)
			sent++;
	}
	if (tx >= 0)
		close(tx);
	if (rx >= 0)
		close(rx);
	return sent;
}

static void cgskb_attached_phase(const char *path)
{
	char root[256], cg[512], procs[560], home[800], home_procs[840];
	struct bpf_program *prog;
	struct bpf_map *traffic;
	struct bpf_object *obj;
	struct bpf_link *link = NULL;
	int cgfd = -1;
	bool moved = false;

	if (!cgroup2_root(root, sizeof(root)) || !own_cgroup2(cg, sizeof(cg))) {
		fail("no cgroup v2 hierarchy mounted (needed for the attach part)");
		return;
	}
	snprintf(home, sizeof(home), "%s%s", root, cg);
	snprintf(home_procs, sizeof(home_procs), "%s/cgroup.procs", home);
	snprintf(cg, sizeof(cg), "%s/tbpf_corpus", root);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
	note("(b) fresh object attached to %s as BPF_CGROUP_INET_EGRESS", cg);
	obj = cgskb_open_load(path, &prog, &traffic);
	if (!obj)
		return;
	if (mkdir(cg, 0755) != 0 && errno != EEXIST) {
		fail("mkdir %s: %s", cg, strerror(errno));
		goto out;
	}
	cgfd = open(cg, O_RDONLY | O_DIRECTORY);
	if (cgfd < 0) {
		fail("open %s: %s", cg, strerror(errno));
		goto out;
	}
	link = bpf_program__attach_cgroup(prog, cgfd);
	if (!check(link != NULL, "attach cgroup_skb_count to %s (%s)", cg,
		   link ? "ok" : strerror(errno)))
		goto out;
	if (!(moved = write_pid(procs)))
		goto out;
	int sent = send_udp_datagrams(5, 10);
	moved = !write_pid(home_procs);
	bpf_link__destroy(link);
	link = NULL;
	check_u64("UDP datagrams sent from inside the cgroup", 5, (uint64_t)sent);
	check_traffic(traffic, 17, 5, 190);
out:
	bpf_link__destroy(link);
	if (moved)
		write_pid(home_procs);
	if (cgfd >= 0)
		close(cgfd);
	if (rmdir(cg) != 0 && errno != ENOENT)
		fail("rmdir %s: %s", cg, strerror(errno));
	bpf_object__close(obj);
}

static int t_cgroup_skb_count(const char *path)
{
	struct bpf_program *prog;
	struct bpf_map *traffic;
	struct bpf_object *obj;

	note("(a) BPF_PROG_TEST_RUN");
	obj = cgskb_open_load(path, &prog, &traffic);
	if (!obj)
		return verdict();
	expect_retval(prog, &P_UDP4_DPORT53, 1);
	expect_retval(prog, &P_UDP4_DPORT53, 1);
	expect_retval(prog, &P_TCP4_DPORT80, 1);
	expect_retval(prog, &P_UDP6_DPORT53, 1);
	check_traffic(traffic, 17, 2, 66);
	check_traffic(traffic, 6, 1, 40);
	check_u64("number of keys in egressTraffic", 2, map_keys(traffic, NULL, 0));
	bpf_object__close(obj);

	cgskb_attached_phase(path);
	return verdict();
}

/* ======================================================================================
 * Attached programs
 * ====================================================================================== */

/* tp_openat_ringbuf --------------------------------------------------------------------- */

#define OPENAT_PROBE "/tmp/tbpf-corpus-openat-probe"

struct open_event {
	uint32_t pid, tgid, uid;
	int32_t flags;
	char comm[16];
	char filename[64];
};

static bool is_probe_open(const struct record *r)
{
	const struct open_event *e = (const void *)r->data;

	return e->tgid == (uint32_t)getpid() &&
	       strncmp(e->filename, OPENAT_PROBE, sizeof(e->filename)) == 0;
}

static bool has_probe_open(const struct collector *c, void *arg)
{
	for (size_t i = 0; i < c->n; i++)
		if (is_probe_open(&c->recs[i]))
			return true;
	return false;
}

static void check_open_record(const struct open_event *e)
{
	char comm[16];

	process_comm(comm);
	check_u64("record pid == gettid()", (uint64_t)my_tid(), e->pid);
	check_u64("record tgid == getpid()", (uint64_t)getpid(), e->tgid);
	check_u64("record uid == getuid()", (uint64_t)getuid(), e->uid);
	check_i64("record flags == O_RDONLY", 0, e->flags);
	check_cstr("record comm", comm, e->comm, sizeof(e->comm));
	check_cstr("record filename", OPENAT_PROBE, e->filename, sizeof(e->filename));
}

/* One load with targetTgid = TARGET; openat(probe) once. */
static void openat_phase(const char *path, uint32_t target)
{
	static const struct prog_spec progs[] = {{"tp_openat_ringbuf",
						  "tracepoint/syscalls/sys_enter_openat",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {{"events", BPF_MAP_TYPE_RINGBUF, 0, 0, 65536, 0}};
	static const char *const names[] = {"tp_openat_ringbuf"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct collector c = {0};
	struct global_var g;
	uint32_t v = 0xffffffff;
	bool own = target == 0 || target == (uint32_t)getpid();

	if (!obj)
		return;
	if (!find_global(obj, ".bss", "targetTgid", 4, &g) || !global_initial(&g, &v) ||
	    !check_u64("initial targetTgid (zero-initialised .bss)", 0, v) ||
	    !global_set_initial(&g, &target))
		goto out;
	note("targetTgid = %u before load", target);
	if (load_object(obj) || !global_read(&g, &v) ||
	    !check_u64("targetTgid after load", target, v))
		goto out;
	if (!collector_ringbuf(&c, map_by_name(obj, "events")) || !attach_all(obj, names, 1, &link))
		goto out;
	collector_poll(&c, 0, NULL, NULL);
	collector_reset(&c);
	/* From the stack, which is resident: the tracepoint fires before the kernel copies
	 * the path, and bpf_probe_read_user_str cannot fault in a page (a sanitizer build's
	 * string literals may not be resident yet). */
	char probe_path[] = OPENAT_PROBE;
	int fd = (int)syscall(SYS_openat, AT_FDCWD, probe_path, O_RDONLY);
	if (fd >= 0)
		close(fd);
	collector_poll(&c, own ? 1000 : 300, own ? has_probe_open : NULL, NULL);
	bpf_link__destroy(link);
	link = NULL;
	collector_poll(&c, 0, NULL, NULL);

	size_t n_probe = 0, n_bad_tgid = 0, n_bad_size = 0;
	const struct open_event *probe = NULL, *own_rec = NULL;
	for (size_t i = 0; i < c.n; i++) {
		const struct open_event *e = (const void *)c.recs[i].data;
		if (c.recs[i].size != sizeof(struct open_event))
			n_bad_size++;
		if (target && e->tgid != target)
			n_bad_tgid++;
		if (e->tgid == (uint32_t)getpid())
			own_rec = e;
		if (is_probe_open(&c.recs[i])) {
			n_probe++;
			probe = e;
		}
	}
	note("%zu record(s) in the ring buffer", c.n);
	check_u64("records that are not 96 bytes", 0, n_bad_size);
	if (target)
		check_u64("records with tgid != targetTgid", 0, n_bad_tgid);
	if (!own) {
		check_u64("records of the probe openat (filtered out)", 0, n_probe);
		check(own_rec == NULL, "no record from the test process");
		goto out;
	}
	if (check_u64("records of the probe openat", 1, n_probe))
		check_open_record(probe);
	else if (own_rec)
		check_open_record(own_rec); /* shows what is wrong with it */
out:
	bpf_link__destroy(link);
	collector_free(&c);
	bpf_object__close(obj);
}

static int t_tp_openat_ringbuf(const char *path)
{
	note("phase 1: targetTgid = getpid()");
	openat_phase(path, (uint32_t)getpid());
	note("phase 2: targetTgid = 1 (init)");
	openat_phase(path, 1);
	note("phase 3: targetTgid = 0 (every process)");
	openat_phase(path, 0);
	return verdict();
}

/* rawtp_syscall_count ----------------------------------------------------------------- */

static int t_rawtp_syscall_count(const char *path)
{
	static const struct prog_spec progs[] = {{"rawtp_syscall_count", "raw_tracepoint/sys_enter",
						  BPF_PROG_TYPE_RAW_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"syscallCounts", BPF_MAP_TYPE_LRU_HASH, 4, 8, 1024, 0}};
	static const char *const names[] = {"rawtp_syscall_count"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct bpf_map *counts;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(counts = map_by_name(obj, "syscallCounts")) ||
	    !attach_all(obj, names, 1, &link))
		goto out;
	for (int i = 0; i < 1000; i++)
		syscall(SYS_getppid);
	for (int i = 0; i < 3; i++)
		syscall(-1); /* a negative syscall id: ignored by the program */
	bpf_link__destroy(link);
	link = NULL;

	uint32_t key = 110, neg = 0xffffffffu;
	uint64_t v = 0;
	if (check(map_lookup(counts, &key, &v), "syscallCounts[110] exists"))
		check_u64_ge("syscallCounts[110] after 1000 getppid()", 1000, v);
	check(!map_lookup(counts, &neg, &v), "no key 0xffffffff (negative syscall ids ignored)");
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* latency_pair -------------------------------------------------------------------------- */

static int t_latency_pair(const char *path)
{
	static const struct prog_spec progs[] = {
		{"nanosleep_enter", "tracepoint/syscalls/sys_enter_nanosleep", BPF_PROG_TYPE_TRACEPOINT},
		{"nanosleep_exit", "tracepoint/syscalls/sys_exit_nanosleep", BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"start", BPF_MAP_TYPE_HASH, 8, 8, 10240, 0},
		{"hist", BPF_MAP_TYPE_PERCPU_HASH, 4, 8, 32, 0}};
	static const char *const names[] = {"nanosleep_enter", "nanosleep_exit"};
	struct bpf_object *obj = open_checked(path, progs, 2, maps, 2);
	struct bpf_link *links[2] = {NULL, NULL};
	struct bpf_map *start, *hist;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(start = map_by_name(obj, "start")) ||
	    !(hist = map_by_name(obj, "hist")) || !attach_all(obj, names, 2, links))
		goto out;
	/* The program measures each sleep between its enter and exit tracepoints:
	 * at least the requested 1.5 ms and at most what user space measures
	 * around the syscall. A sleep measured here below 2.048 ms must therefore
	 * land in bucket 10; on a loaded machine a sleep can overrun into bucket
	 * 11+, so sleep until 5 sleeps were short (at most 20 sleeps). */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); /* keep the sleeps close to 1.5 ms */
	int sleeps = 0, short_sleeps = 0, completed = 0;
	while (short_sleeps < 5 && sleeps < 20) {
		struct timespec ts = {0, 1500000};
		uint64_t t0 = mono_ns();
		long rc = syscall(SYS_nanosleep, &ts, NULL);
		uint64_t dt = mono_ns() - t0;
		sleeps++;
		completed += rc == 0;
		if (rc == 0 && dt < 2048000)
			short_sleeps++;
	}
	detach_all(links, 2);
	if (sleeps > 5)
		note("%d raw nanosleep(1.5 ms) calls for 5 that took < 2.048 ms (machine busy)",
		     sleeps);
	if (short_sleeps == 0) {
		bpf_object__close(obj);
		return failures() ? verdict()
				  : skip("no nanosleep(1.5 ms) finished within 2.048 ms: machine too busy");
	}
	check_percpu_u64(hist, 10, (uint64_t)short_sleeps, true);
	uint64_t id = (uint64_t)getpid() << 32 | (uint32_t)my_tid(), ts;
	check(!map_lookup(start, &id, &ts), "start has no entry left for the test thread");
	uint64_t total = 0;
	for (uint32_t b = 0; b < 32; b++) {
		uint64_t sum;
		if (percpu_sum_u64(hist, &b, 1, &sum) && sum) {
			note("hist[%u] = %" PRIu64, b, sum);
			total += b >= 10 ? sum : 0;
		}
	}
	check_u64_ge("per-CPU sum of hist[10..31] (every completed 1.5 ms sleep counted)",
		     (uint64_t)completed, total);
out:
	detach_all(links, 2);
	bpf_object__close(obj);
	return verdict();
}

/* heap_escape ------------------------------------------------------------------------------ */

struct fork_event {
	uint32_t parent_pid, child_pid;
	uint64_t timestamp_ns;
	char parent_comm[16];
	uint32_t cpu, pad;
};

static bool has_child_sample(const struct collector *c, void *arg)
{
	pid_t child = *(pid_t *)arg;

	for (size_t i = 0; i < c->n; i++)
		if (((const struct fork_event *)c->recs[i].data)->child_pid == (uint32_t)child)
			return true;
	return false;
}

static void check_fork_sample(const struct record *r, pid_t child, uint64_t t0, uint64_t t1)
{
	const struct fork_event *e = (const void *)r->data;
	char comm[16];

	process_comm(comm);
	check(r->size == 40 || r->size == 44, "sample size %zu (40, or 44 padded by perf)", r->size);
	check_u64("sample parent_pid == getpid()", (uint64_t)getpid(), e->parent_pid);
	check_u64("sample child_pid == fork()", (uint64_t)child, e->child_pid);
	check(e->timestamp_ns >= t0 && e->timestamp_ns <= t1,
	      "sample timestamp_ns %" PRIu64 " within the fork() call [%" PRIu64 ", %" PRIu64 "]",
	      e->timestamp_ns, t0, t1);
	check_cstr("sample parent_comm", comm, e->parent_comm, sizeof(e->parent_comm));
	check(e->cpu < (uint32_t)possible_cpus(), "sample cpu %u < %d possible CPUs", e->cpu,
	      possible_cpus());
	check_u64("sample pad", 0, e->pad);
}

static int t_heap_escape(const char *path)
{
	static const struct prog_spec progs[] = {
		{"sched_fork", "tracepoint/sched/sched_process_fork", BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"forkEvents", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0, 0}};
	static const char *const names[] = {"sched_fork"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct collector c = {0};
	struct bpf_map *events;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(events = map_by_name(obj, "forkEvents")))
		goto out;
	check_u64("forkEvents max_entries after load (possible CPUs)", (uint64_t)possible_cpus(),
		  bpf_map__max_entries(events));
	if (!collector_perfbuf(&c, events) || !attach_all(obj, names, 1, &link))
		goto out;
	uint64_t t0 = mono_ns();
	pid_t child = fork();
	uint64_t t1 = mono_ns();
	if (child == 0)
		_exit(0);
	if (child < 0) {
		fail("fork: %s", strerror(errno));
		goto out;
	}
	waitpid(child, NULL, 0);
	collector_poll(&c, 2000, has_child_sample, &child);
	bpf_link__destroy(link);
	link = NULL;

	const struct record *mine = NULL;
	size_t n_mine = 0;
	for (size_t i = 0; i < c.n; i++) {
		if (((const struct fork_event *)c.recs[i].data)->child_pid == (uint32_t)child) {
			mine = &c.recs[i];
			n_mine++;
		}
	}
	note("%zu sample(s), %" PRIu64 " lost", c.n, c.lost);
	if (check_u64("samples for the forked child", 1, n_mine))
		check_fork_sample(mine, child, t0, t1);
	else if (c.n)
		check_fork_sample(&c.recs[0], child, t0, t1); /* shows what is wrong */
out:
	bpf_link__destroy(link);
	collector_free(&c);
	bpf_object__close(obj);
	return verdict();
}

/* globals_config --------------------------------------------------------------------------- */

static uint32_t xorshift32(uint32_t x)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static const uint32_t WEIGHTS[8] = {1, 2, 3, 5, 8, 13, 21, 34};

/* The state after N calls and the weighted sum over those calls. */
static void globals_expect(uint64_t n, uint32_t *state, uint64_t *sum)
{
	uint32_t x = 2463534242u;

	*sum = 0;
	for (uint64_t i = 0; i < n; i++) {
		x = xorshift32(x);
		*sum += WEIGHTS[x & 7];
	}
	*state = x;
}

struct globals_vars {
	struct global_var calls, weighted, mix, weights;
};

static bool globals_find(struct bpf_object *obj, struct globals_vars *g)
{
	bool good = find_global(obj, ".bss", "calls", 8, &g->calls);

	good &= find_global(obj, ".bss", "weightedSum", 8, &g->weighted);
	good &= find_global(obj, ".data", "mixState", 4, &g->mix);
	good &= find_global(obj, ".rodata", "weights", 32, &g->weights);
	return good;
}

static void globals_check_initial(const struct globals_vars *g)
{
	uint64_t calls = 1, sum = 1;
	uint32_t mix = 0, w[8] = {0};

	if (global_initial(&g->calls, &calls))
		check_u64("initial calls", 0, calls);
	if (global_initial(&g->weighted, &sum))
		check_u64("initial weightedSum", 0, sum);
	if (global_initial(&g->mix, &mix))
		check_u64("initial mixState", 2463534242u, mix);
	if (global_initial(&g->weights, w))
		check(memcmp(w, WEIGHTS, sizeof(w)) == 0, "initial weights == {1,2,3,5,8,13,21,34}");
}

static void globals_check_after(const struct globals_vars *g)
{
	uint64_t calls = 0, sum = 0, want_sum;
	uint32_t mix = 0, want_mix, w[8] = {0};

	if (!global_read(&g->calls, &calls) || !global_read(&g->weighted, &sum) ||
	    !global_read(&g->mix, &mix) || !global_read(&g->weights, w))
		return;
	if (calls == 100) {
		check_u64("calls", 100, calls);
		check_u64("weightedSum", 1001, sum);
		check_u64("mixState", 0xec16d231u, mix);
	} else {
		/* other processes called getpid too: the general form of the spec */
		check_u64_ge("calls (other processes called getpid as well)", 100, calls);
		globals_expect(calls, &want_mix, &want_sum);
		check_u64("mixState == xorshift32^calls(2463534242)", want_mix, mix);
		check_u64("weightedSum == sum of weights[x_i & 7]", want_sum, sum);
	}
	check(memcmp(w, WEIGHTS, sizeof(w)) == 0, "weights intact {1,2,3,5,8,13,21,34}");
}

static int t_globals_config(const char *path)
{
	static const struct prog_spec progs[] = {{"getpid_globals",
						  "tracepoint/syscalls/sys_enter_getpid",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const char *const names[] = {"getpid_globals"};
	struct bpf_object *obj = open_checked(path, progs, 1, NULL, 0);
	struct bpf_link *link = NULL;
	struct globals_vars g;
	uint32_t mix;
	uint64_t sum;

	if (!obj)
		return BEHAVE_FAIL;
	globals_expect(100, &mix, &sum); /* the spec's numbers, as a harness self-check */
	if (mix != 0xec16d231u || sum != 1001)
		fail("harness: xorshift reference gives 0x%x / %" PRIu64, mix, sum);
	if (!globals_find(obj, &g))
		goto out;
	globals_check_initial(&g);
	if (load_object(obj) || !attach_all(obj, names, 1, &link))
		goto out;
	for (int i = 0; i < 100; i++)
		syscall(SYS_getpid);
	bpf_link__destroy(link);
	link = NULL;
	globals_check_after(&g);
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* core_task ------------------------------------------------------------------------------- */

struct task_sample {
	uint32_t task_pid, task_tgid, helper_pid, helper_tgid, parent_tgid, pad;
};

static int t_core_task(const char *path)
{
	static const struct prog_spec progs[] = {{"core_task", "tracepoint/syscalls/sys_enter_getpid",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"coreSample", BPF_MAP_TYPE_ARRAY, 4, 24, 1, 0},
		{"coreChecks", BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0}};
	static const char *const names[] = {"core_task"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 2);
	struct bpf_link *link = NULL;
	struct bpf_map *sample, *checks;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(sample = map_by_name(obj, "coreSample")) ||
	    !(checks = map_by_name(obj, "coreChecks")) || !attach_all(obj, names, 1, &link))
		goto out;
	for (int i = 0; i < 50; i++)
		syscall(SYS_getpid);
	bpf_link__destroy(link);
	link = NULL;

	uint32_t k0 = 0, k1 = 1;
	uint64_t matches = 0, mismatches = 0;
	struct task_sample s;
	memset(&s, 0, sizeof(s));
	if (check(map_lookup(checks, &k0, &matches), "lookup coreChecks[0]"))
		check_u64_ge("coreChecks[0] (task_struct ids == helper ids)", 50, matches);
	if (check(map_lookup(checks, &k1, &mismatches), "lookup coreChecks[1]"))
		check_u64("coreChecks[1] (mismatches)", 0, mismatches);
	if (!check(map_lookup(sample, &k0, &s), "lookup coreSample[0]"))
		goto out;
	note("coreSample[0] = {task_pid %u, task_tgid %u, helper_pid %u, helper_tgid %u, "
	     "parent_tgid %u}", s.task_pid, s.task_tgid, s.helper_pid, s.helper_tgid, s.parent_tgid);
	check_u64("coreSample task_pid == helper_pid", s.helper_pid, s.task_pid);
	check_u64("coreSample task_tgid == helper_tgid", s.helper_tgid, s.task_tgid);
	check(s.helper_pid != 0, "coreSample was written (helper_pid %u != 0)", s.helper_pid);
	if (s.helper_tgid == (uint32_t)getpid())
		check_u64("coreSample parent_tgid == getppid()", (uint64_t)getppid(), s.parent_tgid);
	else
		note("last sample is from another process (tgid %u): parent not checked",
		     s.helper_tgid);
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* core_field_exists (tests/programs: runs once its TinyGo IR exists) ---------------------- */

static int t_core_field_exists(const char *path)
{
	static const struct prog_spec progs[] = {{"core_field_exists", "tracepoint/syscalls/sys_enter_getpid",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {{"fieldInfo", BPF_MAP_TYPE_ARRAY, 4, 4, 4, 0}};
	static const char *const names[] = {"core_field_exists"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct bpf_map *info;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(info = map_by_name(obj, "fieldInfo")) || !attach_all(obj, names, 1, &link))
		goto out;
	/* Only our own getpid calls until the values are read: detach first, then read. */
	syscall(SYS_getpid);
	bpf_link__destroy(link);
	link = NULL;
	static const char *const what[] = {"bpfCoreFieldExists(&task.Tgid)",
					   "bpfCoreFieldExists(&task.NoSuchMember)",
					   "bpfCoreFieldSize(&task.Tgid)", "task.Tgid"};
	uint32_t want[4] = {1, 0, 4, 0};
	for (uint32_t k = 0; k < 4; k++) {
		uint32_t v = 0;
		if (!check(map_lookup(info, &k, &v), "lookup fieldInfo[%u]", k))
			continue;
		if (k == 3)
			check(v != 0, "fieldInfo[3] (%s) was written: %u", what[k], v);
		else
			check_u64(what[k], want[k], v);
	}
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* The running kernel's BTF (*vmlinux, to be freed) and the id of its struct task_struct,
 * with one check line; <= 0 when either is missing. */
static int kernel_task_struct(struct btf **vmlinux)
{
	*vmlinux = btf__load_vmlinux_btf();
	int id = *vmlinux ? btf__find_by_name_kind(*vmlinux, "task_struct", BTF_KIND_STRUCT) : -1;
	check(id > 0, "the kernel's BTF has struct task_struct");
	return id;
}

/* core_type_info (tests/programs, and core_task's IR edited the same way) --------------- */

/* Its one raw_tracepoint program returns
 *   bpfCoreTypeExists(task_struct) | bpfCoreTypeExists(tbpf_no_such_type) << 1 |
 *   bpfCoreTypeSize(task_struct) << 2
 * which a test run compares with the running kernel's BTF. */
static int t_core_type_info(const char *path)
{
	struct bpf_object *obj = open_object(path);
	struct bpf_program *prog;
	struct btf *vmlinux = NULL;
	uint32_t ret;

	if (!obj)
		return BEHAVE_FAIL;
	prog = bpf_object__next_program(obj, NULL);
	if (!check(prog && !bpf_object__next_program(obj, prog), "the object has one program") ||
	    !check(bpf_program__type(prog) == BPF_PROG_TYPE_RAW_TRACEPOINT, "%s is a raw_tracepoint program",
		   bpf_program__name(prog)))
		goto out;
	int id = kernel_task_struct(&vmlinux);
	if (id <= 0)
		goto out;
	uint64_t size = (uint64_t)btf__resolve_size(vmlinux, id);
	note("kernel BTF: sizeof(struct task_struct) = %" PRIu64, size);
	if (load_object(obj))
		goto out;
	if (!test_run_no_data(prog, &ret))
		goto out;
	note("%s returned %#x", bpf_program__name(prog), ret);
	check_u64("bpfCoreTypeExists(task_struct)", 1, ret & 1);
	check_u64("bpfCoreTypeExists(tbpf_no_such_type)", 0, (ret >> 1) & 1);
	check_u64("bpfCoreTypeSize(task_struct)", size, ret >> 2);
out:
	btf__free(vmlinux);
	bpf_object__close(obj);
	return verdict();
}

/* core_field_info (core_task's IR edited: tests/fixtures/edited/core_field_info) ---------- */

/* A test run of the raw_tracepoint stores, in coreSample[0]'s first 4 bytes,
 *   bpfCoreFieldExists(&task.Tgid) | bpfCoreFieldSize(&task.Tgid) << 1 |
 *   bpfCoreFieldOffset(&task.Tgid) << 8
 * which must match task_struct.tgid in the running kernel's BTF (the Go offset is 4). */
static int t_core_field_info(const char *path)
{
	struct bpf_object *obj = open_object(path);
	struct bpf_program *prog;
	struct bpf_map *sample;
	struct btf *vmlinux = NULL;
	uint32_t value[6] = {0}, zero = 0;

	if (!obj)
		return BEHAVE_FAIL;
	prog = bpf_object__next_program(obj, NULL);
	if (!check(prog && bpf_program__type(prog) == BPF_PROG_TYPE_RAW_TRACEPOINT, "a raw_tracepoint program") ||
	    !(sample = map_by_name(obj, "coreSample")))
		goto out;
	int id = kernel_task_struct(&vmlinux);
	if (id <= 0)
		goto out;
	const struct btf_type *ts = btf__type_by_id(vmlinux, id);
	const struct btf_member *m = btf_members(ts);
	uint32_t tgid_bits = UINT32_MAX;
	for (unsigned i = 0; i < btf_vlen(ts); i++, m++)
		if (strcmp(btf__name_by_offset(vmlinux, m->name_off), "tgid") == 0)
			tgid_bits = btf_member_bit_offset(ts, i);
	if (!check(tgid_bits != UINT32_MAX, "task_struct has a member tgid"))
		goto out;
	note("kernel BTF: task_struct.tgid at byte %u", tgid_bits / 8);
	if (load_object(obj))
		goto out;
	uint32_t ret;
	if (!test_run_no_data(prog, &ret) || !check(map_lookup(sample, &zero, value), "lookup coreSample[0]"))
		goto out;
	note("coreSample[0] starts with %#x", value[0]);
	check_u64("bpfCoreFieldExists(&task.Tgid)", 1, value[0] & 1);
	check_u64("bpfCoreFieldSize(&task.Tgid)", 4, (value[0] >> 1) & 0x7f);
	check_u64("bpfCoreFieldOffset(&task.Tgid) (the kernel's, not Go's 4)", tgid_bits / 8, value[0] >> 8);
out:
	btf__free(vmlinux);
	bpf_object__close(obj);
	return verdict();
}

/* kprobe_openat ------------------------------------------------------------------------- */

#define KPROBE_PROBE "/tmp/tbpf-corpus-kprobe-probe"

struct openat_event {
	uint32_t tgid;
	int32_t dfd;
	char filename[120];
};

static bool has_kprobe_record(const struct collector *c, void *arg)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct openat_event *e = (const void *)c->recs[i].data;
		if (e->tgid == (uint32_t)getpid() &&
		    strncmp(e->filename, KPROBE_PROBE, sizeof(e->filename)) == 0)
			return true;
	}
	return false;
}

static void kprobe_attached(struct bpf_object *obj, struct bpf_link *link)
{
	struct collector c = {0};

	if (!collector_ringbuf(&c, map_by_name(obj, "openatEvents")))
		return;
	collector_poll(&c, 0, NULL, NULL);
	collector_reset(&c);
	int fd = (int)syscall(SYS_openat, AT_FDCWD, KPROBE_PROBE, O_RDONLY);
	if (fd >= 0)
		close(fd);
	collector_poll(&c, 1000, has_kprobe_record, NULL);
	const struct record *mine = NULL;
	for (size_t i = 0; i < c.n; i++) {
		const struct openat_event *e = (const void *)c.recs[i].data;
		if (e->tgid == (uint32_t)getpid() &&
		    strncmp(e->filename, KPROBE_PROBE, sizeof(e->filename)) == 0)
			mine = &c.recs[i];
	}
	if (check(mine != NULL, "a record for the probe openat from the test process")) {
		const struct openat_event *e = (const void *)mine->data;
		check_u64("record size", 128, mine->size);
		check_u64("record tgid == getpid()", (uint64_t)getpid(), e->tgid);
		check_i64("record dfd == AT_FDCWD", AT_FDCWD, e->dfd);
		check_cstr("record filename", KPROBE_PROBE, e->filename, sizeof(e->filename));
	}
	collector_free(&c);
}

static int t_kprobe_openat(const char *path)
{
	static const struct prog_spec progs[] = {
		{"kprobe_openat", "kprobe/do_sys_openat2", BPF_PROG_TYPE_KPROBE}};
	static const struct map_spec maps[] = {
		{"openatEvents", BPF_MAP_TYPE_RINGBUF, 0, 0, 262144, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_link *link;
	int rc;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "kprobe_openat")) || failures()) {
		bpf_object__close(obj);
		return verdict();
	}
	ensure_tracefs();
	link = bpf_program__attach(prog);
	if (!link) {
		int err = errno;
		bpf_object__close(obj);
		return skip("kprobe_openat loaded (verifier ok) but kprobes cannot be attached on "
			    "this machine (libbpf attach: %s); the ring buffer behaviour is not checked",
			    strerror(err));
	}
	check(true, "attached kprobe_openat");
	kprobe_attached(obj, link);
	bpf_link__destroy(link);
	rc = verdict();
	bpf_object__close(obj);
	return rc;
}

/* many_maps ----------------------------------------------------------------------------- */

struct kill_config_val {
	uint32_t sig_filter, flags;
	int32_t target_filter;
};

struct sender_stats {
	uint64_t count;
	uint32_t last_sig;
	int32_t last_target;
};

struct kill_event {
	uint32_t sender_tgid;
	int32_t target_pid;
	uint32_t sig, pad;
	char comm[16];
};

struct kill_maps {
	struct bpf_map *config, *senders, *sigs, *events;
	struct collector c;
};

static void kill_self(int times)
{
	for (int i = 0; i < times; i++)
		kill(getpid(), 0);
}

/* Records from the test process among the collected ones. */
static size_t own_kill_records(const struct collector *c, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < c->n; i++)
		if (((const struct kill_event *)c->recs[i].data)->sender_tgid == (uint32_t)getpid())
			n++;
	return n;
}

static bool seven_own(const struct collector *c, void *arg)
{
	return own_kill_records(c, 0) >= 7;
}

static void check_kill_records(const struct collector *c)
{
	size_t n = 0, bad_size = 0, bad_target = 0, bad_sig = 0, bad_pad = 0, bad_comm = 0;
	char comm[16];

	process_comm(comm);
	for (size_t i = 0; i < c->n; i++) {
		const struct kill_event *e = (const void *)c->recs[i].data;
		if (e->sender_tgid != (uint32_t)getpid())
			continue;
		n++;
		bad_size += c->recs[i].size != sizeof(*e);
		bad_target += e->target_pid != (int32_t)getpid();
		bad_sig += e->sig != 0;
		bad_pad += e->pad != 0;
		bad_comm += memcmp(e->comm, comm, sizeof(comm)) != 0;
	}
	check_u64("killEvents records from the test process", 7, n);
	check_u64("own records not 32 bytes", 0, bad_size);
	check_u64("own records with target_pid != getpid()", 0, bad_target);
	check_u64("own records with sig != 0", 0, bad_sig);
	check_u64("own records with pad != 0", 0, bad_pad);
	check_u64("own records with comm != process comm", 0, bad_comm);
}

static uint64_t sig0_count(const struct kill_maps *m)
{
	uint32_t key = 0;
	uint64_t sum = 0;

	percpu_sum_u64(m->sigs, &key, 1, &sum);
	return sum;
}

static bool check_sender(const struct kill_maps *m, uint64_t count)
{
	uint32_t key = (uint32_t)getpid();
	struct sender_stats st;

	memset(&st, 0, sizeof(st));
	if (!check(map_lookup(m->senders, &key, &st), "killSenders[getpid()] exists"))
		return false;
	check_u64("killSenders[getpid()].count", count, st.count);
	check_u64("killSenders[getpid()].last_sig", 0, st.last_sig);
	return check_i64("killSenders[getpid()].last_target", getpid(), st.last_target);
}

static void kill_phases(struct kill_maps *m)
{
	uint32_t zero = 0;
	struct kill_config_val cfg = {1, 1, 1};

	if (check(map_lookup(m->config, &zero, &cfg), "lookup killConfig[0]"))
		check(cfg.sig_filter == 0 && cfg.flags == 0 && cfg.target_filter == 0,
		      "killConfig[0] starts all-zero");
	kill_self(7);
	check_sender(m, 7);
	uint64_t sig0 = sig0_count(m);
	check_u64_ge("per-CPU sum of sigCounts[0]", 7, sig0);
	collector_poll(&m->c, 1000, seven_own, NULL);
	check_kill_records(&m->c);

	struct kill_config_val only10 = {10, 0, 0};
	if (!map_update(m->config, &zero, &only10, BPF_ANY))
		return;
	note("killConfig[0] = {sig_filter 10, flags 0, target_filter 0}");
	size_t before = m->c.n;
	kill_self(3);
	collector_poll(&m->c, 200, NULL, NULL);
	check_sender(m, 7);
	check_u64("per-CPU sum of sigCounts[0] unchanged", sig0, sig0_count(m));
	check_u64("new records from the test process", 0, own_kill_records(&m->c, before));

	struct kill_config_val count_only = {0, 1, 0};
	if (!map_update(m->config, &zero, &count_only, BPF_ANY))
		return;
	note("killConfig[0] = {0, flags 1 (count only), 0}");
	before = m->c.n;
	kill_self(2);
	collector_poll(&m->c, 200, NULL, NULL);
	check_sender(m, 9);
	check_u64_ge("per-CPU sum of sigCounts[0] (+2)", sig0 + 2, sig0_count(m));
	check_u64("new ring buffer records (any process)", 0, m->c.n - before);
}

static int t_many_maps(const char *path)
{
	static const struct prog_spec progs[] = {{"kill_monitor", "tracepoint/syscalls/sys_enter_kill",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"killConfig", BPF_MAP_TYPE_ARRAY, 4, 12, 1, 0},
		{"killSenders", BPF_MAP_TYPE_HASH, 4, 16, 1024, 0},
		{"sigCounts", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 65, 0},
		{"killEvents", BPF_MAP_TYPE_RINGBUF, 0, 0, 32768, 0}};
	static const char *const names[] = {"kill_monitor"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 4);
	struct bpf_link *link = NULL;
	struct kill_maps m;

	memset(&m, 0, sizeof(m));
	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(m.config = map_by_name(obj, "killConfig")) ||
	    !(m.senders = map_by_name(obj, "killSenders")) ||
	    !(m.sigs = map_by_name(obj, "sigCounts")) ||
	    !(m.events = map_by_name(obj, "killEvents")) || !collector_ringbuf(&m.c, m.events) ||
	    !attach_all(obj, names, 1, &link))
		goto out;
	kill_phases(&m);
out:
	bpf_link__destroy(link);
	collector_free(&m.c);
	bpf_object__close(obj);
	return verdict();
}

/* bounded_loop_hash --------------------------------------------------------------------- */

static uint64_t fnv1a64_31(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (int i = 0; i < 31 && s[i]; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static bool run_exec(const char *file)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		char *argv[] = {(char *)file, NULL};
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, STDOUT_FILENO);
		execve(file, argv, environ);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		fail("fork+execve(%s): %s", file, strerror(errno));
		return false;
	}
	return check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork+execve(\"%s\") exit 0",
		     file);
}

static void check_exec_hash(struct bpf_map *hashes, const char *file, uint64_t key, uint64_t min)
{
	uint64_t v = 0;
	char what[96];

	snprintf(what, sizeof(what), "execHashes[FNV-1a-64(\"%s\") = 0x%016" PRIx64 "]", file, key);
	if (!check(map_lookup(hashes, &key, &v), "%s exists", what))
		return;
	check_u64_ge(what, min, v);
}

static int t_bounded_loop_hash(const char *path)
{
	static const struct prog_spec progs[] = {{"exec_hash", "tracepoint/syscalls/sys_enter_execve",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {{"execHashes", BPF_MAP_TYPE_HASH, 8, 8, 4096, 0}};
	static const char *const names[] = {"exec_hash"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct bpf_map *hashes;

	if (!obj)
		return BEHAVE_FAIL;
	if (fnv1a64_31("/bin/true") != 0xb46b045729637f6cull ||
	    fnv1a64_31("/usr/bin/env") != 0x225a1267b3f215caull)
		fail("harness: FNV-1a reference disagrees with the spec's keys");
	if (load_object(obj) || !(hashes = map_by_name(obj, "execHashes")) ||
	    !attach_all(obj, names, 1, &link))
		goto out;
	run_exec("/bin/true");
	run_exec("/bin/true");
	run_exec("/usr/bin/env");
	bpf_link__destroy(link);
	link = NULL;
	check_exec_hash(hashes, "/bin/true", 0xb46b045729637f6cull, 2);
	check_exec_hash(hashes, "/usr/bin/env", 0x225a1267b3f215caull, 1);
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* uprobe_getenv --------------------------------------------------------------------------- */

#define LIBC_PATH "/lib/x86_64-linux-gnu/libc.so.6"

struct getenv_event {
	uint32_t tgid;
	int32_t len;
	char name[64];
};

static const struct record *find_getenv(const struct collector *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct getenv_event *e = (const void *)c->recs[i].data;
		if (e->tgid == (uint32_t)getpid() && strncmp(e->name, name, sizeof(e->name)) == 0)
			return &c->recs[i];
	}
	return NULL;
}

static bool both_getenv(const struct collector *c, void *arg)
{
	return find_getenv(c, "TBPF_CORPUS_PROBE") && find_getenv(c, "HOME");
}

static void check_getenv_record(const struct collector *c, const char *name)
{
	const struct record *r = find_getenv(c, name);
	char what[96];

	if (!check(r != NULL, "a getenvEvents record {tgid == getpid(), name \"%s\"}", name))
		return;
	const struct getenv_event *e = (const void *)r->data;
	snprintf(what, sizeof(what), "record \"%s\" size", name);
	check_u64(what, 72, r->size);
	snprintf(what, sizeof(what), "record \"%s\" len (incl. NUL)", name);
	check_i64(what, (int64_t)strlen(name) + 1, e->len);
	snprintf(what, sizeof(what), "record \"%s\" name", name);
	check_cstr(what, name, e->name, sizeof(e->name));
}

static int t_uprobe_getenv(const char *path)
{
	static const struct prog_spec progs[] = {{"uprobe_getenv",
						  "uprobe/" LIBC_PATH ":getenv", BPF_PROG_TYPE_KPROBE}};
	static const struct map_spec maps[] = {
		{"getenvEvents", BPF_MAP_TYPE_RINGBUF, 0, 0, 16384, 0},
		{"getenvCalls", BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0}};
	static const char *const names[] = {"uprobe_getenv"};
	struct bpf_object *obj;
	struct bpf_link *link = NULL;
	struct collector c = {0};
	struct bpf_map *calls;

	if (access(LIBC_PATH, R_OK) != 0)
		return skip("%s not present: the uprobe target of the section does not exist",
			    LIBC_PATH);
	obj = open_checked(path, progs, 1, maps, 2);
	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(calls = map_by_name(obj, "getenvCalls")) ||
	    !collector_ringbuf(&c, map_by_name(obj, "getenvEvents")) ||
	    !attach_all(obj, names, 1, &link))
		goto out;
	collector_poll(&c, 0, NULL, NULL);
	collector_reset(&c);
	/* Touch the names first: the uprobe reads them with bpf_probe_read_user_str, which
	 * cannot fault in a page not read yet (seen in sanitizer builds). */
	static const char probe_name[] = "TBPF_CORPUS_PROBE", home_name[] = "HOME";
	(void)*(volatile const char *)probe_name;
	(void)*(volatile const char *)home_name;
	const char *volatile r1 = getenv(probe_name);
	const char *volatile r2 = getenv(home_name);
	(void)r1;
	(void)r2;
	collector_poll(&c, 1000, both_getenv, NULL);
	bpf_link__destroy(link);
	link = NULL;

	uint32_t zero = 0;
	uint64_t n = 0;
	if (check(map_lookup(calls, &zero, &n), "lookup getenvCalls[0]"))
		check_u64_ge("getenvCalls[0]", 2, n);
	check_getenv_record(&c, "TBPF_CORPUS_PROBE");
	check_getenv_record(&c, "HOME");
out:
	bpf_link__destroy(link);
	collector_free(&c);
	bpf_object__close(obj);
	return verdict();
}

/* fentry_unlink ----------------------------------------------------------------------------- */

struct unlink_stats {
	uint64_t calls;
	int32_t last_dfd;
	uint32_t pad;
};

static void fentry_attached(struct bpf_object *obj)
{
	static const char *const names[] = {"fentry_unlink"};
	struct bpf_link *link = NULL;
	struct bpf_map *by_tgid = map_by_name(obj, "unlinksByTgid");

	if (!by_tgid || !attach_all(obj, names, 1, &link))
		return;
	unlink("/tmp/tbpf-corpus-unlink-probe");
	bpf_link__destroy(link);

	uint32_t key = (uint32_t)getpid();
	struct unlink_stats st;
	memset(&st, 0, sizeof(st));
	if (!check(map_lookup(by_tgid, &key, &st), "unlinksByTgid[getpid()] exists"))
		return;
	check_u64("unlinksByTgid[getpid()].calls", 1, st.calls);
	check_i64("unlinksByTgid[getpid()].last_dfd == AT_FDCWD", AT_FDCWD, st.last_dfd);
}

static int t_fentry_unlink(const char *path)
{
	static const struct prog_spec progs[] = {{"fentry_unlink", "fentry/do_unlinkat",
						  BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY}};
	static const struct map_spec maps[] = {
		{"unlinksByTgid", BPF_MAP_TYPE_HASH, 4, 16, 4096, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;

	if (!obj)
		return BEHAVE_FAIL;
	prog = bpf_object__find_program_by_name(obj, "fentry_unlink");
	if (prog) {
		const char *sec = bpf_program__section_name(prog);
		const char *target = strchr(sec, '/');
		check(target && strcmp(target + 1, "do_unlinkat") == 0,
		      "fentry_unlink attach target do_unlinkat (section \"%s\")", sec);
	}
	int err = bpf_object__load(obj);
	if (err == -EPERM) {
		check(true, "load fails with EPERM: fentry programs are not permitted on this kernel "
			    "(what the spec expects here)");
	} else if (err) {
		fail("load: expected success or EPERM, got %s (error %d; verifier log above)",
		     strerror(-err), err);
	} else {
		check(true, "object loaded (fentry is permitted on this kernel)");
		fentry_attached(obj);
	}
	bpf_object__close(obj);
	return verdict();
}

/* ========================================================================================
 * Idioms (tests/fixtures/idioms/NAME): Go spellings of typed maps, map-in-map, kfuncs and
 * callback helpers
 * ======================================================================================== */

/* Frames whose first byte (destination MAC[0]) is the loop count n of loop_callback;
 * otherwise udp4_dport53. */
static const struct packet P_FIRST_BYTE_0 = {"udp4_first_byte_0",
	"000000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f"};
static const struct packet P_FIRST_BYTE_10 = {"udp4_first_byte_10",
	"0a0000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f"};
static const struct packet P_FIRST_BYTE_64 = {"udp4_first_byte_64",
	"400000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f"};
static const struct packet P_FIRST_BYTE_200 = {"udp4_first_byte_200",
	"c80000000002020000000001080045000021000100004011f777c0a80101c0a8010230390035000d000068656c6c6f"};

/* The kernel's view of a loaded map: BTF object and key/value type ids. */
static bool map_kernel_info(struct bpf_map *map, struct bpf_map_info *info)
{
	uint32_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(bpf_map__fd(map), info, &len) != 0) {
		fail("map info of %s: %s", bpf_map__name(map), strerror(errno));
		return false;
	}
	return true;
}

/* `bpftool map dump` pretty-prints MAP from its BTF: its JSON dump holds each NEEDLE (a
 * "formatted" key or value, with the Go field names). */
static void check_bpftool_dump(struct bpf_map *map, const char *const *needles, size_t n)
{
	struct bpf_map_info info;
	char cmd[64], out[8192];
	size_t len = 0;

	if (!map_kernel_info(map, &info))
		return;
	snprintf(cmd, sizeof cmd, "bpftool -j map dump id %u 2>&1", info.id);
	FILE *p = popen(cmd, "r");
	if (!check(p != NULL, "run %s", cmd))
		return;
	len = fread(out, 1, sizeof out - 1, p);
	out[len] = 0;
	int status = pclose(p);
	if (!check(status == 0, "%s exits 0%s%.300s", cmd, status ? ", but: " : "", status ? out : ""))
		return;
	for (size_t i = 0; i < n; i++)
		check(strstr(out, needles[i]) != NULL, "%s shows %s", cmd, needles[i]);
}

/* Name of type ID after typedefs and modifiers ("" when anonymous). */
static const char *btf_resolved_name(const struct btf *btf, uint32_t id)
{
	int r = btf__resolve_type(btf, id);
	const struct btf_type *t = r > 0 ? btf__type_by_id(btf, (uint32_t)r) : NULL;

	return t ? btf__name_by_offset(btf, t->name_off) : "";
}

static const char *btf_own_name(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *n = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return n && *n ? n : "(anon)";
}

/* Typed map: the object's BTF gives MAP key and value types of the expected sizes
 * (before load), and the kernel holds the map with BTF key/value type ids (after load;
 * libbpf silently retries without BTF when the kernel rejects it, so this is the check
 * that the BTF was accepted). */
static void check_map_btf_object(struct bpf_object *obj, struct bpf_map *map,
				 uint32_t key_size, uint32_t value_size)
{
	struct btf *btf = bpf_object__btf(obj);
	uint32_t k = bpf_map__btf_key_type_id(map), v = bpf_map__btf_value_type_id(map);
	const char *name = bpf_map__name(map);

	if (!check(btf && k && v, "map %s has BTF key/value types in the object (key id %u, value id %u)",
		   name, k, v))
		return;
	note("map %s: key type [%u] %s, value type [%u] %s", name, k, btf_own_name(btf, k), v,
	     btf_own_name(btf, v));
	char what[96];
	snprintf(what, sizeof(what), "BTF size of %s's key type", name);
	check_i64(what, key_size, btf__resolve_size(btf, k));
	snprintf(what, sizeof(what), "BTF size of %s's value type", name);
	check_i64(what, value_size, btf__resolve_size(btf, v));
}

static void check_map_btf_kernel(struct bpf_map *map)
{
	struct bpf_map_info info;

	if (!map_kernel_info(map, &info))
		return;
	check(info.btf_id != 0 && info.btf_key_type_id != 0 && info.btf_value_type_id != 0,
	      "kernel map %s (id %u) has BTF: btf_id %u, btf_key_type_id %u, btf_value_type_id %u",
	      bpf_map__name(map), info.id, info.btf_id, info.btf_key_type_id,
	      info.btf_value_type_id);
}

/* typed_map_generic / typed_map_phantom / typed_map_ptrfields ---------------------------- */

struct flow_key {
	uint32_t saddr, daddr; /* as in the packet (network order bytes) */
	uint8_t proto, pad[3];
};

struct flow_stats {
	uint64_t packets, bytes;
};

static bool check_flow(struct bpf_map *flows, uint8_t proto, uint64_t packets, uint64_t bytes)
{
	struct flow_key key = {0};
	struct flow_stats st = {0};
	char what[128];
	static const uint8_t src[4] = {192, 168, 1, 1}, dst[4] = {192, 168, 1, 2};

	memcpy(&key.saddr, src, 4);
	memcpy(&key.daddr, dst, 4);
	key.proto = proto;
	snprintf(what, sizeof(what), "flows[{192.168.1.1, 192.168.1.2, proto %u}]", proto);
	if (!check(map_lookup(flows, &key, &st), "%s exists", what))
		return false;
	snprintf(what, sizeof(what), "flows[{192.168.1.1, 192.168.1.2, %u}].Packets", proto);
	bool good = check_u64(what, packets, st.packets);
	snprintf(what, sizeof(what), "flows[{192.168.1.1, 192.168.1.2, %u}].Bytes", proto);
	return check_u64(what, bytes, st.bytes) && good;
}

/* The three typed-map encodings share the program and the behaviour. */
static int t_typed_map(const char *path)
{
	static const struct prog_spec progs[] = {{"xdp_flow_count", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {{"flows", BPF_MAP_TYPE_HASH, 12, 16, 1024, 0}};
	const struct packet *ignored[] = {&P_UDP6_DPORT53, &P_ARP, &P_IPV4_TRUNCATED};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_map *flows;

	if (!obj)
		return BEHAVE_FAIL;
	if (!(flows = map_by_name(obj, "flows")))
		goto out;
	check_map_btf_object(obj, flows, 12, 16);
	if (load_object(obj) || !(prog = prog_by_name(obj, "xdp_flow_count")))
		goto out;
	check_map_btf_kernel(flows);
	check_u64("number of keys in flows after load", 0, map_keys(flows, NULL, 0));

	expect_retval(prog, &P_UDP4_DPORT53, 2);
	check_flow(flows, 17, 1, 47);
	expect_retval(prog, &P_UDP4_DPORT53, 2);
	check_flow(flows, 17, 2, 94);
	expect_retval(prog, &P_TCP4_DPORT80, 2);
	check_flow(flows, 6, 1, 54);
	for (size_t i = 0; i < N_ELEMS(ignored); i++)
		expect_retval(prog, ignored[i], 2);
	check_flow(flows, 17, 2, 94);
	check_u64("number of keys in flows (IPv6, ARP, truncated not counted)", 2,
		  map_keys(flows, NULL, 0));
	static const char *const dumped[] = {
		"\"formatted\":{\"key\":{\"Saddr\":", "\"Proto\":17,", "\"Proto\":6,",
		"\"value\":{\"Packets\":2,\"Bytes\":94}", "\"value\":{\"Packets\":1,\"Bytes\":54}"};
	check_bpftool_dump(flows, dumped, N_ELEMS(dumped));
out:
	bpf_object__close(obj);
	return verdict();
}

static int t_typed_map_generic(const char *path)
{
	return t_typed_map(path);
}

static int t_typed_map_phantom(const char *path)
{
	return t_typed_map(path);
}

static int t_typed_map_ptrfields(const char *path)
{
	return t_typed_map(path);
}

/* spinlock_value ----------------------------------------------------------------------- */

struct locked_stats {
	uint32_t lock, pad;
	uint64_t packets, bytes;
};

/* The value type of MAP in the object's BTF has a member of type struct bpf_spin_lock
 * at byte offset OFFSET. */
static void check_spin_lock_member(struct bpf_object *obj, struct bpf_map *map, uint32_t offset)
{
	struct btf *btf = bpf_object__btf(obj);
	uint32_t v = bpf_map__btf_value_type_id(map);
	int r = btf && v ? btf__resolve_type(btf, v) : -1;
	const struct btf_type *t = r > 0 ? btf__type_by_id(btf, (uint32_t)r) : NULL;

	if (!check(t && btf_is_struct(t), "map %s: BTF value type is a struct", bpf_map__name(map)))
		return;
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++) {
		if (strcmp(btf_resolved_name(btf, m[i].type), "bpf_spin_lock") != 0)
			continue;
		check_u64("byte offset of the struct bpf_spin_lock member", offset,
			  btf_member_bit_offset(t, (uint32_t)i) / 8);
		return;
	}
	fail("map %s: no member of type struct bpf_spin_lock in the BTF value type",
	     bpf_map__name(map));
}

static int t_spinlock_value(const char *path)
{
	static const struct prog_spec progs[] = {{"locked_count", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {{"stats", BPF_MAP_TYPE_ARRAY, 4, 24, 1, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_map *stats;
	struct locked_stats st;
	uint32_t zero = 0;

	if (!obj)
		return BEHAVE_FAIL;
	if (!(stats = map_by_name(obj, "stats")))
		goto out;
	check_map_btf_object(obj, stats, 4, 24);
	check_spin_lock_member(obj, stats, 0);
	if (load_object(obj) || !(prog = prog_by_name(obj, "locked_count")))
		goto out;
	check_map_btf_kernel(stats);

	expect_retval(prog, &P_UDP4_DPORT53, 2);
	expect_retval(prog, &P_TCP4_DPORT80, 2);
	expect_retval(prog, &P_ARP, 2);
	expect_retval(prog, &P_IPV4_TRUNCATED, 2);
	memset(&st, 0xff, sizeof(st));
	if (bpf_map_lookup_elem_flags(bpf_map__fd(stats), &zero, &st, BPF_F_LOCK) != 0) {
		fail("lookup stats[0] with BPF_F_LOCK: %s", strerror(errno));
		goto out;
	}
	check_u64("stats[0].Packets", 4, st.packets);
	check_u64("stats[0].Bytes (47 + 54 + 42 + 18)", 161, st.bytes);
out:
	bpf_object__close(obj);
	return verdict();
}

/* map_in_map --------------------------------------------------------------------------- */

#define PARITY_CALLS 1000

/* A child whose tgid has parity PARITY calls getpid() PARITY_CALLS times. Children of the
 * other parity exit at once (after one getpid) and another one is forked. */
static bool getpid_from_parity(uint32_t parity)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		int status = 0;
		pid_t pid = fork();
		if (pid == 0) {
			if (((uint32_t)syscall(SYS_getpid) & 1) != parity)
				_exit(3);
			for (int i = 0; i < PARITY_CALLS; i++)
				syscall(SYS_getpid);
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			fail("fork/waitpid: %s", strerror(errno));
			return false;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			return check(true, "child %d (tgid parity %u) called getpid() %d times", (int)pid,
				     parity, PARITY_CALLS);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 3) {
			fail("child %d: unexpected exit status 0x%x", (int)pid, status);
			return false;
		}
	}
	fail("no child with tgid parity %u in 16 forks", parity);
	return false;
}

/* OUTER_TYPE: ARRAY_OF_MAPS (the idiom) or HASH_OF_MAPS (tests/fixtures/edited/hash_of_maps);
 * libbpf fills the slots of either from the Values initialiser, keyed by slot number. */
static int map_in_map_check(const char *path, enum bpf_map_type outer_type)
{
	static const struct prog_spec progs[] = {{"count_by_parity",
						  "tracepoint/syscalls/sys_enter_getpid",
						  BPF_PROG_TYPE_TRACEPOINT}};
	const struct map_spec maps[] = {
		{"countersEven", BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0},
		{"countersOdd", BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0},
		{"outer", outer_type, 4, 4, 2, 0}};
	static const char *const names[] = {"count_by_parity"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 3);
	struct bpf_link *link = NULL;
	struct bpf_map *inner[2], *outer;
	uint32_t mine = (uint32_t)getpid() & 1;

	if (!obj)
		return BEHAVE_FAIL;
	if (!(inner[0] = map_by_name(obj, "countersEven")) ||
	    !(inner[1] = map_by_name(obj, "countersOdd")) || !(outer = map_by_name(obj, "outer")))
		goto out;
	check(bpf_map__inner_map(outer) != NULL, "outer has an inner map definition (libbpf)");
	if (load_object(obj))
		goto out;
	for (uint32_t slot = 0; slot < 2; slot++) {
		uint32_t want = 0, got = 0;
		char what[64];
		if (!map_id(inner[slot], &want))
			goto out;
		snprintf(what, sizeof(what), "outer[%u] (map id of %s)", slot, bpf_map__name(inner[slot]));
		if (!check(map_lookup(outer, &slot, &got), "lookup %s", what))
			goto out;
		check_u64(what, want, got);
		check_array_u64(inner[slot], 0, 0);
	}
	if (!attach_all(obj, names, 1, &link))
		goto out;
	for (int i = 0; i < PARITY_CALLS; i++)
		syscall(SYS_getpid);
	note("the test process (tgid %d, parity %u) called getpid() %d times", (int)getpid(), mine,
	     PARITY_CALLS);
	getpid_from_parity(mine ^ 1);
	bpf_link__destroy(link);
	link = NULL;
	note("other processes may call getpid too: the counts are lower bounds");
	for (uint32_t slot = 0; slot < 2; slot++) {
		uint32_t zero = 0;
		uint64_t v = 0;
		char what[64];
		snprintf(what, sizeof(what), "%s[0]", bpf_map__name(inner[slot]));
		if (check(map_lookup(inner[slot], &zero, &v), "lookup %s", what))
			check_u64_ge(what, PARITY_CALLS, v);
	}
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

static int t_map_in_map(const char *path)
{
	return map_in_map_check(path, BPF_MAP_TYPE_ARRAY_OF_MAPS);
}

static int t_hash_of_maps(const char *path)
{
	return map_in_map_check(path, BPF_MAP_TYPE_HASH_OF_MAPS);
}

/* kfunc_decl --------------------------------------------------------------------------- */

/* BPF_PROG_TEST_RUN of a BPF_PROG_TYPE_SYSCALL program: no data, no repeat, no ctx. */
static bool syscall_run(struct bpf_program *prog, int32_t *retval)
{
	uint32_t ret;

	if (!test_run_no_data(prog, &ret))
		return false;
	*retval = (int32_t)ret;
	return true;
}

struct kfunc_thread {
	struct bpf_program *prog;
	int32_t retval;
	pid_t tid;
	bool ran;
};

static void *kfunc_thread_main(void *arg)
{
	struct kfunc_thread *t = arg;

	t->tid = my_tid();
	t->ran = syscall_run(t->prog, &t->retval);
	return NULL;
}

static int t_kfunc_decl(const char *path)
{
	static const struct prog_spec progs[] = {{"task_tgid", "syscall", BPF_PROG_TYPE_SYSCALL}};
	struct bpf_object *obj = open_checked(path, progs, 1, NULL, 0);
	struct bpf_program *prog;
	struct kfunc_thread t = {0};
	pthread_t th;
	int32_t ret = 0;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "task_tgid")))
		goto out;
	if (syscall_run(prog, &ret))
		check_i64("test_run task_tgid() from the main thread == getpid()", getpid(), ret);
	t.prog = prog;
	if (pthread_create(&th, NULL, kfunc_thread_main, &t) != 0) {
		fail("pthread_create failed");
		goto out;
	}
	pthread_join(th, NULL);
	if (!t.ran)
		goto out;
	note("second thread: tid %d, tgid %d", (int)t.tid, (int)getpid());
	check(t.tid != getpid(), "the second thread's tid %d differs from the tgid", (int)t.tid);
	check_i64("test_run task_tgid() from a second thread == getpid() (task->tgid, not its pid)",
		  getpid(), t.retval);
out:
	bpf_object__close(obj);
	return verdict();
}

/* loop_callback ------------------------------------------------------------------------ */

static void loop_run(struct bpf_program *prog, struct bpf_map *results, const struct packet *pkt,
		     uint64_t loop_sum, uint64_t map_sum)
{
	if (!expect_retval(prog, pkt, 2))
		return;
	check_array_u64(results, 0, loop_sum);
	check_array_u64(results, 1, map_sum);
}

static int t_loop_callback(const char *path)
{
	static const struct prog_spec progs[] = {{"sum_loops", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {
		{"addends", BPF_MAP_TYPE_ARRAY, 4, 8, 8, 0},
		{"results", BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 2);
	struct bpf_program *prog;
	struct bpf_map *addends, *results;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "sum_loops")) ||
	    !(addends = map_by_name(obj, "addends")) || !(results = map_by_name(obj, "results")))
		goto out;
	note("addends all zero");
	loop_run(prog, results, &P_FIRST_BYTE_10, 55, 0);
	for (uint32_t i = 0; i < 8; i++) {
		uint64_t v = (uint64_t)(i + 1) << (8 * i);
		if (!map_update(addends, &i, &v, BPF_ANY))
			goto out;
	}
	note("addends[i] = (i+1) << 8i: their sum is 0x0807060504030201");
	loop_run(prog, results, &P_FIRST_BYTE_10, 55, 0x0807060504030201ull);
	loop_run(prog, results, &P_FIRST_BYTE_64, 64 * 65 / 2, 0x0807060504030201ull);
	loop_run(prog, results, &P_FIRST_BYTE_200, 64 * 65 / 2, 0x0807060504030201ull);
	uint32_t k3 = 3;
	uint64_t zero = 0;
	if (!map_update(addends, &k3, &zero, BPF_ANY))
		goto out;
	note("addends[3] = 0");
	loop_run(prog, results, &P_FIRST_BYTE_0, 0, 0x0807060500030201ull);
out:
	bpf_object__close(obj);
	return verdict();
}

/* ========================================================================================
 * tests/programs: socket, cgroup-socket, perf_event, local-storage and tp_btf program
 * types (cgroup_sock_create, cgroup_connect4, sockops_count, sk_msg_verdict,
 * perf_event_count, task_storage_count, sock_create_storage, tp_btf_fork). They run once
 * their TinyGo IR exists; their C twins (bench/twins) run now.
 * ======================================================================================== */

#include <linux/perf_event.h>
#include <poll.h>

/* A fresh cgroup v2 directory the test process moves into and out of. */
struct test_cgroup {
	char dir[512], procs[560], home_procs[840];
	int fd;
	bool inside;
};

static bool test_cgroup_make(struct test_cgroup *c, const char *leaf)
{
	char root[256], own[512];

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (!cgroup2_root(root, sizeof(root)) || !own_cgroup2(own, sizeof(own))) {
		fail("no cgroup v2 hierarchy mounted");
		return false;
	}
	snprintf(c->home_procs, sizeof(c->home_procs), "%s%s/cgroup.procs", root, own);
	snprintf(c->dir, sizeof(c->dir), "%s/%s", root, leaf);
	snprintf(c->procs, sizeof(c->procs), "%s/cgroup.procs", c->dir);
	if (mkdir(c->dir, 0755) != 0 && errno != EEXIST) {
		fail("mkdir %s: %s", c->dir, strerror(errno));
		return false;
	}
	c->fd = open(c->dir, O_RDONLY | O_DIRECTORY);
	if (c->fd < 0) {
		fail("open %s: %s", c->dir, strerror(errno));
		return false;
	}
	return true;
}

/* bpf_program__attach_cgroup with one check line. */
static struct bpf_link *test_cgroup_attach(struct test_cgroup *c, struct bpf_program *prog)
{
	struct bpf_link *link = bpf_program__attach_cgroup(prog, c->fd);
	const char *attach = libbpf_bpf_attach_type_str(bpf_program__expected_attach_type(prog));
	char number[32];

	if (!attach) { /* newer than this libbpf */
		snprintf(number, sizeof(number), "attach type %d", (int)bpf_program__expected_attach_type(prog));
		attach = number;
	}
	check(link != NULL, "attach %s to %s as %s (%s)", bpf_program__name(prog), c->dir, attach,
	      link ? "ok" : strerror(errno));
	return link;
}

static bool test_cgroup_enter(struct test_cgroup *c)
{
	c->inside = write_pid(c->procs);
	return c->inside;
}

static void test_cgroup_leave(struct test_cgroup *c)
{
	if (c->inside && write_pid(c->home_procs))
		c->inside = false;
}

static void test_cgroup_remove(struct test_cgroup *c)
{
	test_cgroup_leave(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (c->dir[0] && rmdir(c->dir) != 0 && errno != ENOENT)
		fail("rmdir %s: %s", c->dir, strerror(errno));
}

static int socket_checked(int family, int type, const char *what)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	check(fd >= 0, "socket(%s) allowed (%s)", what, fd >= 0 ? "ok" : strerror(errno));
	return fd;
}

static void close_fds(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

static uint16_t sock_port(int fd, bool peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
		     : getsockname(fd, (struct sockaddr *)&ss, &len);

	if (r != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* A connected TCP pair over 127.0.0.1: fds[0] listener, [1] client, [2] accepted. */
static bool tcp_loopback_pair(int fds[3])
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fds[1] = fds[2] = -1;
	fds[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fds[0] < 0 || bind(fds[0], (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fds[0], 4) != 0 ||
	    getsockname(fds[0], (struct sockaddr *)&a, &len) != 0) {
		fail("TCP listener on 127.0.0.1: %s", strerror(errno));
		return false;
	}
	fds[1] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fds[1] < 0 || connect(fds[1], (struct sockaddr *)&a, sizeof(a)) != 0) {
		fail("TCP connect to 127.0.0.1:%u: %s", ntohs(a.sin_port), strerror(errno));
		return false;
	}
	fds[2] = accept4(fds[0], NULL, NULL, SOCK_CLOEXEC);
	if (fds[2] < 0) {
		fail("accept: %s", strerror(errno));
		return false;
	}
	note("TCP connection 127.0.0.1:%u -> 127.0.0.1:%u", sock_port(fds[1], false),
	     sock_port(fds[0], false));
	return true;
}

/* Reads what arrives on FD within TIMEOUT_MS (0 bytes when nothing does). */
static ssize_t recv_within(int fd, char *buf, size_t size, int timeout_ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	if (poll(&p, 1, timeout_ms) <= 0 || !(p.revents & POLLIN))
		return 0;
	return recv(fd, buf, size, MSG_DONTWAIT);
}

/* cgroup_sock_create ------------------------------------------------------------------- */

static int t_cgroup_sock_create(const char *path)
{
	static const struct prog_spec progs[] = {{"cgroup_sock_create", "cgroup/sock_create",
						  BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE}};
	static const struct map_spec maps[] = {{"sockCounts", BPF_MAP_TYPE_ARRAY, 4, 8, 16, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct test_cgroup cg = {.fd = -1};
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	struct bpf_map *counts;
	int fds[6] = {-1, -1, -1, -1, -1, -1};

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "cgroup_sock_create")) ||
	    !(counts = map_by_name(obj, "sockCounts")) || !test_cgroup_make(&cg, "tbpf_prog_sock_create") ||
	    !(link = test_cgroup_attach(&cg, prog)) || !test_cgroup_enter(&cg))
		goto out;
	for (int i = 0; i < 3; i++)
		fds[i] = socket_checked(AF_INET, SOCK_DGRAM, "AF_INET, SOCK_DGRAM");
	for (int i = 3; i < 5; i++)
		fds[i] = socket_checked(AF_INET6, SOCK_STREAM, "AF_INET6, SOCK_STREAM");
	fds[5] = socket_checked(AF_UNIX, SOCK_STREAM, "AF_UNIX, SOCK_STREAM");
	test_cgroup_leave(&cg);
	bpf_link__destroy(link);
	link = NULL;
	close_fds(fds, N_ELEMS(fds));

	check_array_u64(counts, AF_INET, 3);
	check_array_u64(counts, AF_INET6, 2);
	note("AF_UNIX sockets do not run the inet sock_create hook");
	check_array_u64(counts, AF_UNIX, 0);
	uint64_t total = 0;
	for (uint32_t k = 0; k < 16; k++) {
		uint64_t v = 0;
		if (map_lookup(counts, &k, &v))
			total += v;
	}
	check_u64("sum of sockCounts[0..15]", 5, total);
out:
	bpf_link__destroy(link);
	close_fds(fds, N_ELEMS(fds));
	test_cgroup_remove(&cg);
	bpf_object__close(obj);
	return verdict();
}

/* cgroup_connect4 ---------------------------------------------------------------------- */

/* UDP connect() to ADDR:PORT (IPv4 or IPv6 loopback); returns the peer port the kernel
 * reports afterwards, or 0. */
static uint16_t udp_connect_loopback(int family, uint16_t port, int *fd)
{
	struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(port)};
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	struct sockaddr *sa = family == AF_INET ? (struct sockaddr *)&a4 : (struct sockaddr *)&a6;
	socklen_t len = family == AF_INET ? sizeof(a4) : sizeof(a6);
	const char *dst = family == AF_INET ? "127.0.0.1" : "[::1]";

	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a6.sin6_addr = in6addr_loopback;
	*fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (*fd < 0 || connect(*fd, sa, len) != 0) {
		fail("UDP connect to %s:%u: %s", dst, port, strerror(errno));
		return 0;
	}
	uint16_t peer = sock_port(*fd, true);
	note("UDP connect to %s:%u: getpeername() port %u", dst, port, peer);
	return peer;
}

static int t_cgroup_connect4(const char *path)
{
	static const struct prog_spec progs[] = {{"cgroup_connect4", "cgroup/connect4",
						  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT}};
	static const struct map_spec maps[] = {{"connectPorts", BPF_MAP_TYPE_HASH, 4, 8, 64, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct test_cgroup cg = {.fd = -1};
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	struct bpf_map *ports;
	int fds[4] = {-1, -1, -1, -1};
	uint16_t peer[4] = {0};

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "cgroup_connect4")) ||
	    !(ports = map_by_name(obj, "connectPorts")) || !test_cgroup_make(&cg, "tbpf_prog_connect4") ||
	    !(link = test_cgroup_attach(&cg, prog)) || !test_cgroup_enter(&cg))
		goto out;
	peer[0] = udp_connect_loopback(AF_INET, 7777, &fds[0]);
	peer[1] = udp_connect_loopback(AF_INET, 9000, &fds[1]);
	peer[2] = udp_connect_loopback(AF_INET, 9000, &fds[2]);
	peer[3] = udp_connect_loopback(AF_INET6, 9000, &fds[3]);
	test_cgroup_leave(&cg);
	bpf_link__destroy(link);
	link = NULL;
	close_fds(fds, N_ELEMS(fds));

	check_u64("peer port after connect(127.0.0.1:7777) (rewritten by the program)", 7778, peer[0]);
	check_u64("peer port after connect(127.0.0.1:9000)", 9000, peer[1]);
	check_u64("peer port after the second connect(127.0.0.1:9000)", 9000, peer[2]);
	check_u64("peer port after connect([::1]:9000) (connect4 does not run)", 9000, peer[3]);
	check_hash_u64(ports, 7777, 1);
	check_hash_u64(ports, 9000, 2);
	check_u64("number of keys in connectPorts", 2, map_keys(ports, NULL, 0));
out:
	bpf_link__destroy(link);
	close_fds(fds, N_ELEMS(fds));
	test_cgroup_remove(&cg);
	bpf_object__close(obj);
	return verdict();
}

/* sockops_count ------------------------------------------------------------------------ */

static int t_sockops_count(const char *path)
{
	static const struct prog_spec progs[] = {{"sockops_count", "sockops", BPF_PROG_TYPE_SOCK_OPS,
						  BPF_CGROUP_SOCK_OPS}};
	static const struct map_spec maps[] = {
		{"opCounts", BPF_MAP_TYPE_ARRAY, 4, 8, 16, 0},
		{"establishedPorts", BPF_MAP_TYPE_ARRAY, 4, 4, 2, 0}};
	static const struct {
		uint32_t op;
		const char *name;
	} once[] = {{BPF_SOCK_OPS_TCP_CONNECT_CB, "TCP_CONNECT_CB"},
		    {BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB, "ACTIVE_ESTABLISHED_CB"},
		    {BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB, "PASSIVE_ESTABLISHED_CB"},
		    {BPF_SOCK_OPS_TCP_LISTEN_CB, "TCP_LISTEN_CB"}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 2);
	struct test_cgroup cg = {.fd = -1};
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	struct bpf_map *ops, *established;
	int fds[3] = {-1, -1, -1};
	uint16_t client_port = 0, server_port = 0;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "sockops_count")) ||
	    !(ops = map_by_name(obj, "opCounts")) || !(established = map_by_name(obj, "establishedPorts")) ||
	    !test_cgroup_make(&cg, "tbpf_prog_sockops") || !(link = test_cgroup_attach(&cg, prog)) ||
	    !test_cgroup_enter(&cg))
		goto out;
	bool connected = tcp_loopback_pair(fds);
	client_port = sock_port(fds[1], false);
	server_port = sock_port(fds[0], false);
	test_cgroup_leave(&cg);
	bpf_link__destroy(link);
	link = NULL;
	close_fds(fds, N_ELEMS(fds));
	if (!connected)
		goto out;

	for (uint32_t op = 0; op < 16; op++) {
		uint64_t v = 0;
		if (map_lookup(ops, &op, &v) && v)
			note("opCounts[%u] = %" PRIu64, op, v);
	}
	for (size_t i = 0; i < N_ELEMS(once); i++) {
		note("op %u is BPF_SOCK_OPS_%s", once[i].op, once[i].name);
		check_array_u64(ops, once[i].op, 1);
	}
	uint32_t k0 = 0, k1 = 1, p0 = 0, p1 = 0;
	if (check(map_lookup(established, &k0, &p0), "lookup establishedPorts[0]"))
		check_u64("establishedPorts[0] (local port at ACTIVE_ESTABLISHED_CB = client port)",
			  client_port, p0);
	if (check(map_lookup(established, &k1, &p1), "lookup establishedPorts[1]"))
		check_u64("establishedPorts[1] (local port at PASSIVE_ESTABLISHED_CB = server port)",
			  server_port, p1);
out:
	bpf_link__destroy(link);
	close_fds(fds, N_ELEMS(fds));
	test_cgroup_remove(&cg);
	bpf_object__close(obj);
	return verdict();
}

/* sk_msg_verdict ----------------------------------------------------------------------- */

static int t_sk_msg_verdict(const char *path)
{
	static const struct prog_spec progs[] = {{"sk_msg_verdict", "sk_msg", BPF_PROG_TYPE_SK_MSG,
						  BPF_SK_MSG_VERDICT}};
	static const struct map_spec maps[] = {
		{"sockMap", BPF_MAP_TYPE_SOCKMAP, 4, 4, 2, 0},
		{"msgStats", BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 2);
	struct bpf_program *prog;
	struct bpf_map *sockmap, *stats;
	int fds[3] = {-1, -1, -1};
	bool attached = false;
	char buf[64];

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "sk_msg_verdict")) ||
	    !(sockmap = map_by_name(obj, "sockMap")) || !(stats = map_by_name(obj, "msgStats")))
		goto out;
	attached = bpf_prog_attach(bpf_program__fd(prog), bpf_map__fd(sockmap), BPF_SK_MSG_VERDICT, 0) == 0;
	if (!check(attached, "attach sk_msg_verdict to sockMap as BPF_SK_MSG_VERDICT (%s)",
		   attached ? "ok" : strerror(errno)))
		goto out;
	if (!tcp_loopback_pair(fds))
		goto out;
	uint32_t slot = 0, client = (uint32_t)fds[1];
	if (!check(map_update(sockmap, &slot, &client, BPF_ANY), "sockMap[0] = the client socket"))
		goto out;

	ssize_t n = send(fds[1], "hello", 5, 0);
	check_i64("send(client, \"hello\") (5 bytes: SK_PASS)", 5, n);
	n = recv_within(fds[2], buf, sizeof(buf), 1000);
	check(n == 5 && memcmp(buf, "hello", 5) == 0, "server received \"hello\" (%zd bytes)", n);

	n = send(fds[1], "echo", 4, 0);
	check_i64("send(client, \"echo\") (4 bytes: redirected)", 4, n);
	n = recv_within(fds[1], buf, sizeof(buf), 1000);
	check(n == 4 && memcmp(buf, "echo", 4) == 0,
	      "the client itself received \"echo\" (redirect to sockMap[0] ingress; %zd bytes)", n);
	n = recv_within(fds[2], buf, sizeof(buf), 100);
	check_i64("bytes the server received after \"hello\"", 0, n);

	/* Last: after SK_DROP this kernel keeps dropping the socket's later sends (EACCES)
	 * without running the program again. */
	errno = 0;
	n = send(fds[1], "bad", 3, 0);
	int err = errno;
	check(n == -1 && err == EACCES, "send(client, \"bad\") (3 bytes: SK_DROP) fails with EACCES "
	      "(returned %zd, %s)", n, n < 0 ? strerror(err) : "no error");

	check_array_u64(stats, 0, 3);
	check_array_u64(stats, 1, 5 + 3 + 4);
out:
	if (attached)
		bpf_prog_detach2(bpf_program__fd(prog), bpf_map__fd(sockmap), BPF_SK_MSG_VERDICT);
	close_fds(fds, N_ELEMS(fds));
	bpf_object__close(obj);
	return verdict();
}

/* perf_event_count --------------------------------------------------------------------- */

#define PERF_SAMPLE_PERIOD_NS 1000000ull /* cpu-clock: one sample per ms of CPU time */

struct sample_stats {
	uint64_t samples, period;
};

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int t_perf_event_count(const char *path)
{
	static const struct prog_spec progs[] = {{"perf_event_count", "perf_event",
						  BPF_PROG_TYPE_PERF_EVENT}};
	static const struct map_spec maps[] = {{"samplesByTgid", BPF_MAP_TYPE_HASH, 4, 16, 64, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct perf_event_attr attr;
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	struct bpf_map *samples;
	int pfd = -1;

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(prog = prog_by_name(obj, "perf_event_count")) ||
	    !(samples = map_by_name(obj, "samplesByTgid")))
		goto out;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = PERF_SAMPLE_PERIOD_NS;
	pfd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (!check(pfd >= 0, "perf_event_open(PERF_COUNT_SW_CPU_CLOCK, sample_period %llu ns, this "
		   "thread) (%s)", PERF_SAMPLE_PERIOD_NS, pfd >= 0 ? "ok" : strerror(errno)))
		goto out;
	link = bpf_program__attach_perf_event(prog, pfd);
	if (!check(link != NULL, "attach perf_event_count to the perf event (%s)",
		   link ? "ok" : strerror(errno)))
		goto out;
	pfd = -1; /* the link owns it now */
	volatile uint64_t spin = 0;
	uint64_t t0 = thread_cpu_ns();
	while (thread_cpu_ns() - t0 < 200000000ull)
		spin++;
	bpf_link__destroy(link);
	link = NULL;
	note("busy loop: 200 ms of CPU time on this thread");

	uint32_t tgid = (uint32_t)getpid();
	struct sample_stats st = {0};
	if (!check(map_lookup(samples, &tgid, &st), "samplesByTgid[getpid()] exists"))
		goto out;
	check_u64_ge("samplesByTgid[getpid()].samples (about 200 expected)", 50, st.samples);
	check(st.samples <= 400, "samplesByTgid[getpid()].samples <= 400 (got %" PRIu64 ")", st.samples);
	check_u64("samplesByTgid[getpid()].period (ctx->sample_period)", PERF_SAMPLE_PERIOD_NS, st.period);
	check_u64("number of keys in samplesByTgid (the event follows this thread only)", 1,
		  map_keys(samples, NULL, 0));
out:
	bpf_link__destroy(link);
	if (pfd >= 0)
		close(pfd);
	bpf_object__close(obj);
	return verdict();
}

/* task_storage_count ------------------------------------------------------------------- */

#define TASK_STORAGE_MAIN_CALLS 25
#define TASK_STORAGE_THREAD_CALLS 7
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

struct task_counter {
	uint64_t calls;
	uint32_t pid, tgid;
};

struct getpid_thread {
	int go_fd[2]; /* main -> thread: "you may exit" */
	int done_fd[2]; /* thread -> main: "my getpid calls are done" */
	pid_t tid;
};

static void *getpid_thread_main(void *arg)
{
	struct getpid_thread *t = arg;
	char c = 0;

	t->tid = my_tid();
	for (int i = 0; i < TASK_STORAGE_THREAD_CALLS; i++)
		syscall(SYS_getpid);
	if (write(t->done_fd[1], "x", 1) != 1 || read(t->go_fd[0], &c, 1) != 1)
		return NULL;
	return NULL;
}

/* Task storage of the task PIDFD refers to. */
static void check_task_counter(struct bpf_map *counts, int pidfd, const char *who, uint64_t calls,
			       uint32_t pid)
{
	struct task_counter tc = {0};
	char what[128];

	if (!check(map_lookup(counts, &pidfd, &tc), "taskCounts[pidfd of %s] exists", who))
		return;
	snprintf(what, sizeof(what), "taskCounts[pidfd of %s].Calls", who);
	check_u64(what, calls, tc.calls);
	snprintf(what, sizeof(what), "taskCounts[pidfd of %s].Pid", who);
	check_u64(what, pid, tc.pid);
	snprintf(what, sizeof(what), "taskCounts[pidfd of %s].Tgid", who);
	check_u64(what, (uint64_t)getpid(), tc.tgid);
}

static int t_task_storage_count(const char *path)
{
	static const struct prog_spec progs[] = {{"task_storage_count", "tracepoint/syscalls/sys_enter_getpid",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"taskCounts", BPF_MAP_TYPE_TASK_STORAGE, 4, 16, 0, BPF_F_NO_PREALLOC}};
	static const char *const names[] = {"task_storage_count"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct getpid_thread t = {{-1, -1}, {-1, -1}, 0};
	struct bpf_link *link = NULL;
	struct bpf_map *counts;
	bool thread_started = false;
	int main_fd = -1, thread_fd = -1;
	pthread_t th;
	char c;

	if (!obj)
		return BEHAVE_FAIL;
	if (!(counts = map_by_name(obj, "taskCounts")))
		goto out;
	check_map_btf_object(obj, counts, 4, 16);
	if (load_object(obj))
		goto out;
	check_map_btf_kernel(counts);
	main_fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (!check(main_fd >= 0, "pidfd_open(getpid()) (%s)", main_fd >= 0 ? "ok" : strerror(errno)))
		goto out;
	struct task_counter none;
	check(!map_lookup(counts, &main_fd, &none) && errno == ENOENT,
	      "no taskCounts value for this task before attach (ENOENT)");
	if (!attach_all(obj, names, 1, &link))
		goto out;
	for (int i = 0; i < TASK_STORAGE_MAIN_CALLS; i++)
		syscall(SYS_getpid);
	if (pipe(t.go_fd) != 0 || pipe(t.done_fd) != 0 ||
	    pthread_create(&th, NULL, getpid_thread_main, &t) != 0) {
		fail("pipe/pthread_create: %s", strerror(errno));
		goto out;
	}
	thread_started = true;
	if (read(t.done_fd[0], &c, 1) != 1) {
		fail("thread did not report back");
		goto out;
	}
	bpf_link__destroy(link);
	link = NULL;
	note("main thread (tid %d): %d getpid() calls; second thread (tid %d): %d", (int)getpid(),
	     TASK_STORAGE_MAIN_CALLS, (int)t.tid, TASK_STORAGE_THREAD_CALLS);

	check_task_counter(counts, main_fd, "the main thread", TASK_STORAGE_MAIN_CALLS, (uint32_t)getpid());
	thread_fd = (int)syscall(SYS_pidfd_open, t.tid, PIDFD_THREAD);
	if (thread_fd < 0)
		note("pidfd_open(tid, PIDFD_THREAD): %s: the second thread's value is not checked",
		     strerror(errno));
	else
		check_task_counter(counts, thread_fd, "the second thread", TASK_STORAGE_THREAD_CALLS,
				   (uint32_t)t.tid);
out:
	bpf_link__destroy(link);
	if (thread_started) {
		if (write(t.go_fd[1], "x", 1) != 1)
			fail("cannot release the thread");
		pthread_join(th, NULL);
	}
	int pipes[] = {t.go_fd[0], t.go_fd[1], t.done_fd[0], t.done_fd[1], main_fd, thread_fd};
	close_fds(pipes, N_ELEMS(pipes));
	bpf_object__close(obj);
	return verdict();
}

/* sock_create_storage ------------------------------------------------------------------ */

struct sock_info {
	uint32_t tgid, family, type, protocol;
};

static void check_sock_info(struct bpf_map *info, int fd, const char *what, uint32_t family,
			    uint32_t type, uint32_t protocol)
{
	struct sock_info si = {0};

	if (!check(map_lookup(info, &fd, &si), "sockInfo[fd of the %s socket] exists", what))
		return;
	check(si.tgid == (uint32_t)getpid() && si.family == family && si.type == type &&
		      si.protocol == protocol,
	      "sockInfo[fd of the %s socket] == {tgid %d, family %u, type %u, protocol %u} (got {%u, %u, "
	      "%u, %u})", what, (int)getpid(), family, type, protocol, si.tgid, si.family, si.type,
	      si.protocol);
}

static int t_sock_create_storage(const char *path)
{
	static const struct prog_spec progs[] = {{"sock_create_storage", "cgroup/sock_create",
						  BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE}};
	static const struct map_spec maps[] = {
		{"sockInfo", BPF_MAP_TYPE_SK_STORAGE, 4, 16, 0, BPF_F_NO_PREALLOC}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct test_cgroup cg = {.fd = -1};
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	struct bpf_map *info;
	int fds[3] = {-1, -1, -1};

	if (!obj)
		return BEHAVE_FAIL;
	if (!(info = map_by_name(obj, "sockInfo")))
		goto out;
	check_map_btf_object(obj, info, 4, 16);
	if (load_object(obj) || !(prog = prog_by_name(obj, "sock_create_storage")))
		goto out;
	check_map_btf_kernel(info);
	fds[0] = socket_checked(AF_INET, SOCK_DGRAM, "AF_INET, SOCK_DGRAM, before attach");
	if (!test_cgroup_make(&cg, "tbpf_prog_sock_storage") || !(link = test_cgroup_attach(&cg, prog)) ||
	    !test_cgroup_enter(&cg))
		goto out;
	fds[1] = socket_checked(AF_INET, SOCK_DGRAM, "AF_INET, SOCK_DGRAM");
	fds[2] = socket_checked(AF_INET6, SOCK_STREAM, "AF_INET6, SOCK_STREAM");
	test_cgroup_leave(&cg);
	bpf_link__destroy(link);
	link = NULL;

	check_sock_info(info, fds[1], "UDP4", AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	check_sock_info(info, fds[2], "TCP6", AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	struct sock_info none;
	check(fds[0] >= 0 && !map_lookup(info, &fds[0], &none) && errno == ENOENT,
	      "no sockInfo for the socket created before attach (ENOENT)");
out:
	bpf_link__destroy(link);
	close_fds(fds, N_ELEMS(fds));
	test_cgroup_remove(&cg);
	bpf_object__close(obj);
	return verdict();
}

/* cgrp_storage_count ------------------------------------------------------------------- */

struct cgroup_counter {
	uint64_t calls;
	int32_t level;
	uint32_t tgid;
};

#define CGRP_STORAGE_CALLS 17
#define CGRP_STORAGE_INNER_CALLS 5
#define TBPF_MAP_TYPE_CGRP_STORAGE 32 /* kernel 6.2 UAPI, newer than Debian 12's linux/bpf.h */

/* The test process calls getpid 17 times in a fresh cgroup, then 5 times in a cgroup
 * inside it, and moves back: each cgroup's value (looked up by its directory fd) counts
 * exactly its calls, and the inner cgroup's level (cgrp->level, read through CO-RE) is the
 * outer's plus one (levels count from the real root, which a cgroup namespace may hide). */
static int t_cgrp_storage_count(const char *path)
{
	static const struct prog_spec progs[] = {{"cgrp_storage_count", "tracepoint/syscalls/sys_enter_getpid",
						  BPF_PROG_TYPE_TRACEPOINT}};
	static const struct map_spec maps[] = {
		{"cgroupCounts", TBPF_MAP_TYPE_CGRP_STORAGE, 4, 16, 0, BPF_F_NO_PREALLOC}};
	static const char *const names[] = {"cgrp_storage_count"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct bpf_map *counts;
	struct test_cgroup outer, inner = {.fd = -1};
	struct cgroup_counter vo, vi;
	char leaf[96];

	snprintf(leaf, sizeof(leaf), "tbpf-cgrp-storage-%d", (int)getpid());
	if (!test_cgroup_make(&outer, leaf)) {
		bpf_object__close(obj);
		return verdict();
	}
	snprintf(leaf + strlen(leaf), sizeof(leaf) - strlen(leaf), "/inner");
	if (!test_cgroup_make(&inner, leaf) || !obj || !(counts = map_by_name(obj, "cgroupCounts")))
		goto out;
	check_map_btf_object(obj, counts, 4, 16);
	if (load_object(obj))
		goto out;
	check_map_btf_kernel(counts);
	check(!map_lookup(counts, &outer.fd, &vo) && errno == ENOENT,
	      "no cgroupCounts value for %s before attach (ENOENT)", outer.dir);
	if (!attach_all(obj, names, 1, &link) || !test_cgroup_enter(&outer))
		goto out;
	for (int i = 0; i < CGRP_STORAGE_CALLS; i++)
		syscall(SYS_getpid);
	if (test_cgroup_enter(&inner)) {
		outer.inside = false;
		for (int i = 0; i < CGRP_STORAGE_INNER_CALLS; i++)
			syscall(SYS_getpid);
	}
	test_cgroup_leave(&inner);
	test_cgroup_leave(&outer);
	bpf_link__destroy(link);
	link = NULL;
	if (!check(map_lookup(counts, &outer.fd, &vo), "cgroupCounts has a value for %s", outer.dir) ||
	    !check(map_lookup(counts, &inner.fd, &vi), "cgroupCounts has a value for %s", inner.dir))
		goto out;
	note("outer {calls %" PRIu64 ", level %d}, inner {calls %" PRIu64 ", level %d}", vo.calls, vo.level,
	     vi.calls, vi.level);
	check_u64("cgroupCounts[outer].calls", CGRP_STORAGE_CALLS, vo.calls);
	check_u64("cgroupCounts[inner].calls", CGRP_STORAGE_INNER_CALLS, vi.calls);
	check(vo.level >= 1, "cgroupCounts[outer].level (cgrp->level through CO-RE) >= 1 (a cgroup below the root)");
	check_i64("cgroupCounts[inner].level == outer level + 1", (int64_t)vo.level + 1, vi.level);
	check_u64("cgroupCounts[outer].tgid", (uint64_t)getpid(), vo.tgid);
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	test_cgroup_remove(&inner);
	test_cgroup_remove(&outer);
	return verdict();
}

/* tp_btf_fork -------------------------------------------------------------------------- */

static int t_tp_btf_fork(const char *path)
{
	static const struct prog_spec progs[] = {{"tp_btf_fork", "tp_btf/sched_process_fork",
						  BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP}};
	static const struct map_spec maps[] = {{"forkParents", BPF_MAP_TYPE_HASH, 4, 4, 1024, 0}};
	static const char *const names[] = {"tp_btf_fork"};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_link *link = NULL;
	struct bpf_map *parents;
	pid_t children[3] = {0, 0, 0};

	if (!obj)
		return BEHAVE_FAIL;
	if (load_object(obj) || !(parents = map_by_name(obj, "forkParents")) ||
	    !attach_all(obj, names, 1, &link))
		goto out;
	for (size_t i = 0; i < N_ELEMS(children); i++) {
		int status = 0;
		children[i] = fork();
		if (children[i] == 0)
			_exit(0);
		if (children[i] < 0 || waitpid(children[i], &status, 0) != children[i]) {
			fail("fork/waitpid: %s", strerror(errno));
			goto out;
		}
	}
	bpf_link__destroy(link);
	link = NULL;
	for (size_t i = 0; i < N_ELEMS(children); i++) {
		uint32_t key = (uint32_t)children[i], parent = 0;
		if (check(map_lookup(parents, &key, &parent), "forkParents[child %d] exists", (int)children[i]))
			check_u64("forkParents[child] (the parent's tgid)", (uint64_t)getpid(), parent);
	}
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* timer_value -------------------------------------------------------------------------- */

struct timer_value {
	uint64_t timer[2]; /* struct bpf_timer */
	uint64_t packets, fired, seen;
};

static int t_timer_value(const char *path)
{
	static const struct prog_spec progs[] = {{"timer_value", "xdp", BPF_PROG_TYPE_XDP}};
	static const struct map_spec maps[] = {{"timers", BPF_MAP_TYPE_ARRAY, 4, 40, 1, 0}};
	struct bpf_object *obj = open_checked(path, progs, 1, maps, 1);
	struct bpf_program *prog;
	struct bpf_map *timers;
	struct timer_value v = {0};
	uint32_t zero = 0;

	if (!obj)
		return BEHAVE_FAIL;
	if (!(timers = map_by_name(obj, "timers")))
		goto out;
	check_map_btf_object(obj, timers, 4, 40);
	if (load_object(obj) || !(prog = prog_by_name(obj, "timer_value")))
		goto out;
	check_map_btf_kernel(timers);
	for (int i = 0; i < 3; i++)
		expect_retval(prog, &P_UDP4_DPORT53, 2 /* XDP_PASS */);
	/* Each run re-arms the timer for 1 ms later; wait for the last arming to fire. */
	for (int waited = 0; waited < 1000; waited += 5) {
		if (map_lookup(timers, &zero, &v) && v.fired >= 1 && v.seen == 3)
			break;
		sleep_ms(5);
	}
	note("timers[0] = {packets %" PRIu64 ", fired %" PRIu64 ", seen %" PRIu64 "}", v.packets, v.fired, v.seen);
	check_u64("timers[0].packets", 3, v.packets);
	check_u64_ge("timers[0].fired (callback runs)", 1, v.fired);
	check_u64("timers[0].seen (packets when the callback last ran)", 3, v.seen);
out:
	bpf_object__close(obj);
	return verdict();
}

/* tcp_cc_reno -------------------------------------------------------------------------- */

#define TCP_CC_RENO_NAME "tbpf_go_reno"
#define TCP_CC_RENO_BYTES (16u << 20)
#define TCP_INIT_CWND 10 /* the kernel's initial congestion window, in segments */
/* Loopback's 64 KiB segments leave the sender never cwnd-limited, and Reno then leaves the
 * window alone; small segments make slow start grow it. */
#define TCP_CC_RENO_MSS 1000

struct tcp_sink {
	int fd;
	size_t got;
};

static void *tcp_sink_main(void *arg)
{
	struct tcp_sink *s = arg;
	static char buf[1 << 16];
	ssize_t n;

	while ((n = read(s->fd, buf, sizeof buf)) > 0)
		s->got += (size_t)n;
	return NULL;
}

/* Sends TCP_CC_RENO_BYTES over a loopback connection whose client uses congestion control
 * CC; true when all of them arrived and the client's socket reports CC. */
static bool tcp_transfer_with(const char *cc)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int listener = -1, client = -1;
	struct tcp_sink sink = {.fd = -1};
	pthread_t th;
	bool ok = false, joined = true;
	static char chunk[1 << 16];

	int mss = TCP_CC_RENO_MSS;
	listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok_step = listener >= 0 && client >= 0 && bind(listener, (struct sockaddr *)&a, sizeof a) == 0 &&
		       listen(listener, 1) == 0 && getsockname(listener, (struct sockaddr *)&a, &len) == 0;
	if (!check(ok_step, "TCP listener on 127.0.0.1%s%s", ok_step ? "" : ": ", ok_step ? "" : strerror(errno)))
		goto out;
	ok_step = setsockopt(client, IPPROTO_TCP, TCP_CONGESTION, cc, strlen(cc)) == 0 &&
		  setsockopt(client, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss) == 0;
	if (!check(ok_step, "client socket: TCP_CONGESTION %s, TCP_MAXSEG %d%s%s", cc, mss, ok_step ? "" : ": ",
		   ok_step ? "" : strerror(errno)))
		goto out;
	ok_step = connect(client, (struct sockaddr *)&a, sizeof a) == 0 &&
		  (sink.fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC)) >= 0;
	if (!check(ok_step, "TCP connection over loopback%s%s", ok_step ? "" : ": ", ok_step ? "" : strerror(errno)))
		goto out;
	char got_cc[16] = "";
	len = sizeof got_cc;
	getsockopt(client, IPPROTO_TCP, TCP_CONGESTION, got_cc, &len);
	check_cstr("the client socket's congestion control", cc, got_cc, sizeof got_cc);
	if (!check(pthread_create(&th, NULL, tcp_sink_main, &sink) == 0, "start the receiving thread"))
		goto out;
	joined = false;
	size_t sent = 0;
	while (sent < TCP_CC_RENO_BYTES) {
		size_t want = TCP_CC_RENO_BYTES - sent < sizeof chunk ? TCP_CC_RENO_BYTES - sent : sizeof chunk;
		ssize_t n = write(client, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	shutdown(client, SHUT_WR);
	pthread_join(th, NULL);
	joined = true;
	ok = check_u64("bytes the server received", TCP_CC_RENO_BYTES, sink.got);
	note("sent %u bytes over loopback with %s", TCP_CC_RENO_BYTES, cc);
out:
	if (!joined)
		pthread_join(th, NULL);
	if (sink.fd >= 0)
		close(sink.fd);
	if (client >= 0)
		close(client);
	if (listener >= 0)
		close(listener);
	return ok;
}

static int t_tcp_cc_reno(const char *path)
{
	static const struct prog_spec progs[] = {
		{"go_reno_ssthresh", "struct_ops/go_reno_ssthresh", BPF_PROG_TYPE_STRUCT_OPS},
		{"go_reno_cong_avoid", "struct_ops/go_reno_cong_avoid", BPF_PROG_TYPE_STRUCT_OPS},
		{"go_reno_undo_cwnd", "struct_ops/go_reno_undo_cwnd", BPF_PROG_TYPE_STRUCT_OPS}};
	struct bpf_object *obj = open_checked(path, progs, N_ELEMS(progs), NULL, 0);
	struct global_var ssthresh_calls, cong_avoid_calls, undo_calls, max_cwnd;
	struct bpf_map *ops;
	struct bpf_link *link = NULL;

	if (!obj)
		return BEHAVE_FAIL;
	bool found = find_global(obj, ".bss", "ssthreshCalls", 8, &ssthresh_calls);
	found &= find_global(obj, ".bss", "congAvoidCalls", 8, &cong_avoid_calls);
	found &= find_global(obj, ".bss", "undoCwndCalls", 8, &undo_calls);
	found &= find_global(obj, ".bss", "maxCwnd", 4, &max_cwnd);
	if (!found || !(ops = map_by_name(obj, TCP_CC_RENO_NAME)))
		goto out;
	check_u64("map " TCP_CC_RENO_NAME " is a struct_ops map", BPF_MAP_TYPE_STRUCT_OPS, bpf_map__type(ops));
	if (load_object(obj))
		goto out;
	link = bpf_map__attach_struct_ops(ops);
	if (!check(link != NULL, "register the congestion control " TCP_CC_RENO_NAME " (%s)",
		   link ? "ok" : strerror(errno)))
		goto out;
	bool sent = tcp_transfer_with(TCP_CC_RENO_NAME);
	bpf_link__destroy(link);
	link = NULL;
	uint64_t ssthresh = 0, cong_avoid = 0, undo = 0;
	uint32_t cwnd = 0;
	if (sent && check(global_read(&ssthresh_calls, &ssthresh) && global_read(&cong_avoid_calls, &cong_avoid) &&
				  global_read(&undo_calls, &undo) && global_read(&max_cwnd, &cwnd),
			  "read the globals ssthreshCalls, congAvoidCalls, undoCwndCalls, maxCwnd")) {
		check_u64_ge("congAvoidCalls (ACKs the kernel's Reno handled through the Go cong_avoid)", 1,
			     cong_avoid);
		check_u64_ge("maxCwnd (slow start grew snd_cwnd past the initial window)", TCP_INIT_CWND + 1, cwnd);
		note("ssthreshCalls %" PRIu64 ", undoCwndCalls %" PRIu64 " (losses only; none expected over loopback)",
		     ssthresh, undo);
	}
out:
	if (link)
		bpf_link__destroy(link);
	bpf_object__close(obj);
	return verdict();
}

/* globals_config as every program type ---------------------------------------------------
 * kernel.section.<type>: globals_config's real TinyGo IR (no helpers, no context reads; it
 * counts its runs in the global `calls` and returns 0) built with --section
 * getpid_globals=SEC for each program type this kernel loads that the corpus has no program
 * of. Each object must load as the type libbpf gives SEC and, where the hook can be run
 * here, run there: `calls` counts the runs, and hooks that obey the return value refuse the
 * operation (0 = deny). */

enum type_trigger {
	LOAD_ONLY,
	LOAD_OR_EPERM,   /* trampoline programs: this kernel refuses them with EPERM */
	RUN_XDP,         /* BPF_PROG_TEST_RUN with a packet */
	RUN_UPROBE,      /* the section's uprobe on libc getpid() */
	RUN_FORK,        /* tp_btf/sched_process_fork */
	RUN_PERF,        /* perf_event on a software cpu-clock event of this thread */
	RUN_SYSCALL,     /* BPF_PROG_TEST_RUN */
	RUN_ITER,        /* read the iterator */
	RUN_SOCK_CREATE, /* the cgroup hooks: the operation, in a test cgroup */
	RUN_SOCK_RELEASE,
	RUN_BIND4,
	RUN_CONNECT4,
	RUN_SENDMSG4,
	RUN_BIND6,
	RUN_CONNECT6,
	RUN_SENDMSG6,
	RUN_GETSOCKOPT,
	RUN_SETSOCKOPT,
	RUN_SOCKOPS,
	RUN_SYSCTL,
	RUN_DEVICE,
	RUN_CONNECT_UNIX,
	RUN_SENDMSG_UNIX,
	RUN_RECVMSG4, /* hooks that take only 1 (tests/fixtures/edited/globals_config_allow) */
	RUN_RECVMSG6,
	RUN_GETPEERNAME4,
	RUN_GETPEERNAME6,
	RUN_GETSOCKNAME4,
	RUN_GETSOCKNAME6,
	RUN_RECVMSG_UNIX,
	RUN_GETPEERNAME_UNIX,
	RUN_GETSOCKNAME_UNIX,
	RUN_NETFILTER, /* a UDP packet through NF_INET_LOCAL_OUT, in a network namespace of its own */
	RUN_TCX,       /* a UDP packet over lo with the program on tcx ingress or egress, likewise */
	RUN_UPROBE_MULTI, /* a uprobe_multi link on libc getpid() for this process only */
	RUN_USDT,         /* tbpf-behave's own USDT probe tinybpf:hit, for this process only */
};

/* Hooks whose program must return 1 (the verifier refuses anything else). */
static bool hook_takes_only_1(enum type_trigger trigger)
{
	switch (trigger) {
	case RUN_RECVMSG4:
	case RUN_RECVMSG6:
	case RUN_GETPEERNAME4:
	case RUN_GETPEERNAME6:
	case RUN_GETSOCKNAME4:
	case RUN_GETSOCKNAME6:
	case RUN_RECVMSG_UNIX:
	case RUN_GETPEERNAME_UNIX:
	case RUN_GETSOCKNAME_UNIX:
		return true;
	default:
		return false;
	}
}

/* The hook ignores the program's answer, or takes only 1: the operation must work. */
static bool hook_must_allow(enum type_trigger trigger)
{
	return trigger == RUN_SOCKOPS || trigger == RUN_SOCK_RELEASE || hook_takes_only_1(trigger);
}

/* Program and attach types newer than Debian 12's linux/bpf.h (Linux 6.1), by their values
 * in the kernel's enums. */
#define PROG_TYPE_NETFILTER ((enum bpf_prog_type)32)
#define ATTACH(n) ((enum bpf_attach_type)(n))
#define ATTACH_NETFILTER ATTACH(45)
#define ATTACH_TCX_INGRESS ATTACH(46)
#define ATTACH_TCX_EGRESS ATTACH(47)
#define ATTACH_TRACE_UPROBE_MULTI ATTACH(48)
#define ATTACH_UNIX_CONNECT ATTACH(49)
#define ATTACH_UNIX_SENDMSG ATTACH(50)
#define ATTACH_UNIX_RECVMSG ATTACH(51)
#define ATTACH_UNIX_GETPEERNAME ATTACH(52)
#define ATTACH_UNIX_GETSOCKNAME ATTACH(53)
#define ATTACH_NETKIT_PRIMARY ATTACH(54)
#define ATTACH_NETKIT_PEER ATTACH(55)
#define ATTACH_TRACE_KPROBE_SESSION ATTACH(56)
#define ATTACH_TRACE_UPROBE_SESSION ATTACH(57)

/* Is SEC a name the installed libbpf is too old for, by tbpf-core's own table
 * (tool/src/sections.c)? Then it leaves the program without a type, and the test sets the
 * type and attach type by hand, as a newer libbpf would, and says so. A name this libbpf
 * should know and does not fails the type check instead. */
static bool named_by_newer_libbpf(const char *sec)
{
	int installed = TBPF_LIBBPF_VERSION((int)libbpf_major_version(), (int)libbpf_minor_version());
	return installed < tbpf_section_libbpf_known_since(sec);
}

/* libbpf's name of a program or attach type, or its number where this libbpf has none. */
static const char *type_name(const char *libbpf_name, const char *what, int value)
{
	static char buf[4][24];
	static int next;
	if (libbpf_name)
		return libbpf_name;
	next = (next + 1) % 4;
	snprintf(buf[next], sizeof buf[next], "%s %d", what, value);
	return buf[next];
}

static const char *prog_type_name(enum bpf_prog_type t)
{
	return type_name(libbpf_bpf_prog_type_str(t), "program type", (int)t);
}

static const char *attach_type_name(enum bpf_attach_type t)
{
	return type_name(libbpf_bpf_attach_type_str(t), "attach type", (int)t);
}

struct type_case {
	const char *section;
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	enum type_trigger trigger;
	const char *load_only_why;
};

static const struct type_case TYPE_CASES[] = {
	{"tp_btf/sched_process_fork", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, RUN_FORK, NULL},
	{"perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, RUN_PERF, NULL},
	{"syscall", BPF_PROG_TYPE_SYSCALL, 0, RUN_SYSCALL, NULL},
	{"iter/task", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, RUN_ITER, NULL},
	{"cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, RUN_SOCK_CREATE, NULL},
	{"cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, RUN_SOCK_RELEASE, NULL},
	{"cgroup/bind4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, RUN_BIND4, NULL},
	{"cgroup/connect4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, RUN_CONNECT4, NULL},
	{"cgroup/sendmsg4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, RUN_SENDMSG4, NULL},
	{"cgroup/bind6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, RUN_BIND6, NULL},
	{"cgroup/connect6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, RUN_CONNECT6, NULL},
	{"cgroup/sendmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, RUN_SENDMSG6, NULL},
	{"cgroup/post_bind4", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, RUN_BIND4, NULL},
	{"cgroup/post_bind6", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, RUN_BIND6, NULL},
	{"cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, RUN_GETSOCKOPT, NULL},
	{"cgroup/setsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, RUN_SETSOCKOPT, NULL},
	{"sockops", BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, RUN_SOCKOPS, NULL},
	{"cgroup/sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, RUN_SYSCTL, NULL},
	{"cgroup/dev", BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, RUN_DEVICE, NULL},
	{"sk_msg", BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, LOAD_ONLY,
	 "attaching needs a SOCKMAP, which this program has not (tests/programs/sk_msg_verdict runs one)"},
	{"sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, LOAD_ONLY,
	 "attaching needs a SOCKMAP, which this program has not"},
	{"sk_reuseport", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, LOAD_ONLY,
	 "it would need a SO_REUSEPORT group and a REUSEPORT_SOCKARRAY"},
	{"flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, LOAD_ONLY,
	 "attaching would replace the flow dissector of this network namespace"},
	{"sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, LOAD_ONLY,
	 "it returns SK_DROP: attaching would drop this network namespace's new connections"},
	{"lwt_in", BPF_PROG_TYPE_LWT_IN, 0, LOAD_ONLY, "running it needs a route with BPF encapsulation"},
	{"lwt_out", BPF_PROG_TYPE_LWT_OUT, 0, LOAD_ONLY, "running it needs a route with BPF encapsulation"},
	{"lwt_xmit", BPF_PROG_TYPE_LWT_XMIT, 0, LOAD_ONLY, "running it needs a route with BPF encapsulation"},
	{"sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, LOAD_ONLY,
	 "attaching needs a SOCKMAP, which this program has not"},
	{"sk_skb", BPF_PROG_TYPE_SK_SKB, 0, LOAD_ONLY, "attaching needs a SOCKMAP, which this program has not"},
	{"cgroup/sock", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, RUN_SOCK_CREATE, NULL},
	{"cgroup/recvmsg4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, RUN_RECVMSG4, NULL},
	{"cgroup/recvmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, RUN_RECVMSG6, NULL},
	{"cgroup/getpeername4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, RUN_GETPEERNAME4,
	 NULL},
	{"cgroup/getpeername6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, RUN_GETPEERNAME6,
	 NULL},
	{"cgroup/getsockname4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, RUN_GETSOCKNAME4,
	 NULL},
	{"cgroup/getsockname6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, RUN_GETSOCKNAME6,
	 NULL},
	{"xdp.frags", BPF_PROG_TYPE_XDP, BPF_XDP, RUN_XDP, NULL},
	{"xdp/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, LOAD_ONLY,
	 "it runs only on packets redirected through a DEVMAP entry, which this program has not"},
	{"xdp/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, LOAD_ONLY,
	 "it runs only on packets redirected through a CPUMAP entry, which this program has not"},
	{"sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, LOAD_ONLY,
	 "it would need a SO_REUSEPORT group and a REUSEPORT_SOCKARRAY"},
	{"raw_tp.w/nbd_send_request", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, LOAD_ONLY,
	 "its writable tracepoint fires only for nbd block devices"},
	{"ksyscall/getpid", BPF_PROG_TYPE_KPROBE, 0, LOAD_ONLY, "kprobe attach is not available on this kernel"},
	{"iter.s/task", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, RUN_ITER, NULL},
	{"uprobe.s/" LIBC_PATH ":getpid", BPF_PROG_TYPE_KPROBE, 0, RUN_UPROBE, NULL},
	{"uprobe/" LIBC_PATH ":getpid", BPF_PROG_TYPE_KPROBE, 0, RUN_UPROBE, NULL},
	{"uretprobe/" LIBC_PATH ":getpid", BPF_PROG_TYPE_KPROBE, 0, RUN_UPROBE, NULL},
	{"kretprobe/do_unlinkat", BPF_PROG_TYPE_KPROBE, 0, LOAD_ONLY, "kprobe attach is not available on this kernel"},
	{"kretsyscall/getpid", BPF_PROG_TYPE_KPROBE, 0, LOAD_ONLY, "kprobe attach is not available on this kernel"},
	{"usdt", BPF_PROG_TYPE_KPROBE, 0, RUN_USDT, NULL},
	{"fexit/do_unlinkat", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, LOAD_OR_EPERM, NULL},
	{"fmod_ret/bpf_modify_return_test", BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, LOAD_OR_EPERM, NULL},
	{"lsm/file_open", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, LOAD_OR_EPERM, NULL},
	/* named only by libbpf 1.3 and later */
	{"netfilter", PROG_TYPE_NETFILTER, ATTACH_NETFILTER, RUN_NETFILTER, NULL},
	{"tcx/ingress", BPF_PROG_TYPE_SCHED_CLS, ATTACH_TCX_INGRESS, RUN_TCX, NULL},
	{"tcx/egress", BPF_PROG_TYPE_SCHED_CLS, ATTACH_TCX_EGRESS, RUN_TCX, NULL},
	{"tc/ingress", BPF_PROG_TYPE_SCHED_CLS, ATTACH_TCX_INGRESS, RUN_TCX, NULL},
	{"tc/egress", BPF_PROG_TYPE_SCHED_CLS, ATTACH_TCX_EGRESS, RUN_TCX, NULL},
	{"cgroup/connect_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, ATTACH_UNIX_CONNECT, RUN_CONNECT_UNIX, NULL},
	{"cgroup/sendmsg_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, ATTACH_UNIX_SENDMSG, RUN_SENDMSG_UNIX, NULL},
	{"cgroup/recvmsg_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, ATTACH_UNIX_RECVMSG, RUN_RECVMSG_UNIX, NULL},
	{"cgroup/getpeername_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, ATTACH_UNIX_GETPEERNAME, RUN_GETPEERNAME_UNIX,
	 NULL},
	{"cgroup/getsockname_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, ATTACH_UNIX_GETSOCKNAME, RUN_GETSOCKNAME_UNIX,
	 NULL},
	{"netkit/primary", BPF_PROG_TYPE_SCHED_CLS, ATTACH_NETKIT_PRIMARY, LOAD_ONLY,
	 "attaching needs a netkit device, and this kernel has none (CONFIG_NETKIT is not set)"},
	{"netkit/peer", BPF_PROG_TYPE_SCHED_CLS, ATTACH_NETKIT_PEER, LOAD_ONLY,
	 "attaching needs a netkit device, and this kernel has none (CONFIG_NETKIT is not set)"},
	{"uprobe.multi/" LIBC_PATH ":getpid", BPF_PROG_TYPE_KPROBE, ATTACH_TRACE_UPROBE_MULTI, RUN_UPROBE_MULTI,
	 NULL},
	{"uretprobe.multi/" LIBC_PATH ":getpid", BPF_PROG_TYPE_KPROBE, ATTACH_TRACE_UPROBE_MULTI,
	 RUN_UPROBE_MULTI, NULL},
	{"uprobe.session/" LIBC_PATH ":getpid", BPF_PROG_TYPE_KPROBE, ATTACH_TRACE_UPROBE_SESSION,
	 RUN_UPROBE_MULTI, NULL},
	{"kprobe.session/do_unlinkat", BPF_PROG_TYPE_KPROBE, ATTACH_TRACE_KPROBE_SESSION, LOAD_ONLY,
	 "multi-kprobe links need CONFIG_FPROBE, which this kernel lacks"},
	{"sk_skb/verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_VERDICT, LOAD_ONLY,
	 "attaching needs a SOCKMAP, which this program has not"},
};

/* recvfrom, getpeername or getsockname on a UDP socket over loopback: the hooks that
 * rewrite the address the caller gets back. Returns the errno it failed with (0: it worked). */
static int address_query(enum type_trigger trigger, const char **what)
{
	bool v6 = trigger == RUN_RECVMSG6 || trigger == RUN_GETPEERNAME6 || trigger == RUN_GETSOCKNAME6;
	struct sockaddr_in lo = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in6 lo6 = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
	struct sockaddr_storage got;
	struct sockaddr *sa = v6 ? (struct sockaddr *)&lo6 : (struct sockaddr *)&lo;
	socklen_t salen = v6 ? sizeof(lo6) : sizeof(lo), len = sizeof(got);
	char byte;
	int fd, rc;

	*what = trigger == RUN_RECVMSG4       ? "recvfrom on a UDP socket at 127.0.0.1"
		: trigger == RUN_RECVMSG6     ? "recvfrom on a UDP socket at [::1]"
		: trigger == RUN_GETPEERNAME4 ? "getpeername of a UDP socket connected to 127.0.0.1:9"
		: trigger == RUN_GETPEERNAME6 ? "getpeername of a UDP socket connected to [::1]:9"
		: trigger == RUN_GETSOCKNAME4 ? "getsockname of a UDP socket bound to 127.0.0.1"
					      : "getsockname of a UDP socket bound to [::1]";
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (trigger == RUN_GETPEERNAME4 || trigger == RUN_GETPEERNAME6) {
		lo.sin_port = htons(9);
		lo6.sin6_port = htons(9);
		rc = connect(fd, sa, salen) < 0 || getpeername(fd, (struct sockaddr *)&got, &len) < 0;
	} else if (trigger == RUN_GETSOCKNAME4 || trigger == RUN_GETSOCKNAME6) {
		rc = bind(fd, sa, salen) < 0 || getsockname(fd, (struct sockaddr *)&got, &len) < 0;
	} else {
		/* getsockname only learns the port: its hook is not the one attached here. */
		rc = bind(fd, sa, salen) < 0 || getsockname(fd, sa, &salen) < 0 ||
		     sendto(fd, "x", 1, 0, sa, salen) != 1 ||
		     recvfrom(fd, &byte, 1, 0, (struct sockaddr *)&got, &len) != 1;
	}
	rc = rc ? errno : 0;
	close(fd);
	return rc;
}

/* An abstract AF_UNIX address ("\0tbpf-<pid>-<tag>"); returns its length. */
static socklen_t unix_address(struct sockaddr_un *sun, const char *tag)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	int n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "tbpf-%d-%s", (int)getpid(), tag);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

/* The AF_UNIX operation of one of the unix hooks, between two datagram sockets with
 * abstract addresses; returns the errno it failed with (0: it worked). Only the hook under
 * test is attached, so the steps before its operation run unhooked. */
static int unix_operation(enum type_trigger trigger, const char **what)
{
	struct sockaddr_un server, client, got;
	socklen_t slen = unix_address(&server, "s"), clen = unix_address(&client, "c"), len = sizeof(got);
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int c = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	char byte;
	int rc = -1;

	*what = trigger == RUN_CONNECT_UNIX       ? "connect of an AF_UNIX datagram socket"
		: trigger == RUN_SENDMSG_UNIX     ? "sendto an AF_UNIX address"
		: trigger == RUN_RECVMSG_UNIX     ? "recvfrom on an AF_UNIX datagram socket"
		: trigger == RUN_GETPEERNAME_UNIX ? "getpeername of a connected AF_UNIX socket"
						  : "getsockname of a bound AF_UNIX socket";
	if (s >= 0 && c >= 0 && bind(s, (struct sockaddr *)&server, slen) == 0 &&
	    bind(c, (struct sockaddr *)&client, clen) == 0) {
		switch (trigger) {
		case RUN_CONNECT_UNIX:
			rc = connect(c, (struct sockaddr *)&server, slen);
			break;
		case RUN_SENDMSG_UNIX:
			rc = sendto(c, "x", 1, 0, (struct sockaddr *)&server, slen) == 1 ? 0 : -1;
			break;
		case RUN_RECVMSG_UNIX:
			rc = sendto(c, "x", 1, 0, (struct sockaddr *)&server, slen) == 1 &&
					     recvfrom(s, &byte, 1, MSG_DONTWAIT, (struct sockaddr *)&got, &len) == 1
				     ? 0
				     : -1;
			break;
		case RUN_GETPEERNAME_UNIX:
			rc = connect(c, (struct sockaddr *)&server, slen) == 0 &&
					     getpeername(c, (struct sockaddr *)&got, &len) == 0
				     ? 0
				     : -1;
			break;
		default:
			rc = getsockname(s, (struct sockaddr *)&got, &len);
		}
	}
	rc = rc ? errno : 0;
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	return rc;
}

/* The cgroup operation of TRIGGER, done inside the test cgroup; returns the errno it
 * failed with (0: it succeeded). */
static int cgroup_operation(enum type_trigger trigger, const char **what)
{
	struct sockaddr_in lo = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				 .sin_port = htons(9)};
	int fd = -1, rc = 0, v = 1 << 16, fds[3] = {-1, -1, -1};
	socklen_t len = sizeof(v);
	char buf[64];

	switch (trigger) {
	case RUN_SOCK_CREATE:
		*what = "socket(AF_INET, SOCK_DGRAM)";
		rc = (fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ? errno : 0;
		break;
	case RUN_SOCK_RELEASE:
		*what = "socket(AF_INET, SOCK_DGRAM) + close";
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		rc = fd < 0 || close(fd) != 0 ? errno : 0;
		fd = -1;
		break;
	case RUN_BIND4:
	case RUN_CONNECT4:
	case RUN_SENDMSG4:
	case RUN_BIND6:
	case RUN_CONNECT6:
	case RUN_SENDMSG6:
	case RUN_GETSOCKOPT:
	case RUN_SETSOCKOPT: {
		bool v6 = trigger == RUN_BIND6 || trigger == RUN_CONNECT6 || trigger == RUN_SENDMSG6;
		bool bind_op = trigger == RUN_BIND4 || trigger == RUN_BIND6;
		struct sockaddr_in6 lo6 = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback,
					   .sin6_port = bind_op ? 0 : htons(9)};
		struct sockaddr *sa = v6 ? (struct sockaddr *)&lo6 : (struct sockaddr *)&lo;
		socklen_t salen = v6 ? sizeof(lo6) : sizeof(lo);
		fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			*what = v6 ? "socket(AF_INET6, SOCK_DGRAM)" : "socket(AF_INET, SOCK_DGRAM)";
			return errno;
		}
		lo.sin_port = bind_op ? 0 : htons(9);
		*what = trigger == RUN_BIND4         ? "bind(127.0.0.1:0)"
			: trigger == RUN_CONNECT4    ? "connect(127.0.0.1:9)"
			: trigger == RUN_SENDMSG4    ? "sendto(127.0.0.1:9)"
			: trigger == RUN_BIND6       ? "bind([::1]:0)"
			: trigger == RUN_CONNECT6    ? "connect([::1]:9)"
			: trigger == RUN_SENDMSG6    ? "sendto([::1]:9)"
			: trigger == RUN_GETSOCKOPT  ? "getsockopt(SO_RCVBUF)"
						     : "setsockopt(SO_RCVBUF)";
		if (bind_op)
			rc = bind(fd, sa, salen);
		else if (trigger == RUN_CONNECT4 || trigger == RUN_CONNECT6)
			rc = connect(fd, sa, salen);
		else if (trigger == RUN_SENDMSG4 || trigger == RUN_SENDMSG6)
			rc = (int)sendto(fd, "x", 1, 0, sa, salen);
		else if (trigger == RUN_GETSOCKOPT)
			rc = getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len);
		else
			rc = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
		rc = rc < 0 ? errno : 0;
		break;
	}
	case RUN_SOCKOPS:
		*what = "a TCP connection over 127.0.0.1";
		rc = tcp_loopback_pair(fds) ? 0 : EIO;
		for (int i = 0; i < 3; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		break;
	case RUN_SYSCTL:
		*what = "read /proc/sys/kernel/ostype";
		fd = open("/proc/sys/kernel/ostype", O_RDONLY | O_CLOEXEC);
		rc = fd < 0 || read(fd, buf, sizeof(buf)) < 0 ? errno : 0;
		break;
	case RUN_DEVICE:
		*what = "open /dev/null";
		rc = (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0 ? errno : 0;
		break;
	case RUN_RECVMSG4:
	case RUN_RECVMSG6:
	case RUN_GETPEERNAME4:
	case RUN_GETPEERNAME6:
	case RUN_GETSOCKNAME4:
	case RUN_GETSOCKNAME6:
		return address_query(trigger, what);
	case RUN_CONNECT_UNIX:
	case RUN_SENDMSG_UNIX:
	case RUN_RECVMSG_UNIX:
	case RUN_GETPEERNAME_UNIX:
	case RUN_GETSOCKNAME_UNIX:
		return unix_operation(trigger, what);
	default:
		*what = "?";
		rc = EINVAL;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* bpf(BPF_LINK_CREATE) with the fields Debian 12's linux/bpf.h (6.1) lacks: EXTRA is the
 * union after link_create.flags, at byte 16 (netfilter: pf, hooknum, priority, flags; tcx:
 * relative fd, expected revision; uprobe_multi: path, offsets, ref_ctr_offsets, cookies,
 * cnt, flags, pid). */
static int link_create_raw(int prog_fd, int target, enum bpf_attach_type attach, const void *extra, size_t len)
{
	uint64_t attr[16] = {0};
	uint32_t head[4] = {(uint32_t)prog_fd, (uint32_t)target, (uint32_t)attach, 0};
	memcpy(attr, head, sizeof(head));
	memcpy((char *)attr + 16, extra, len < sizeof(attr) - 16 ? len : sizeof(attr) - 16);
	return (int)syscall(__NR_bpf, BPF_LINK_CREATE, attr, sizeof(attr));
}

static uint32_t prog_id(struct bpf_program *prog)
{
	struct bpf_prog_info info = {0};
	uint32_t len = sizeof(info);
	return bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0 ? info.id : 0;
}

/* The file offset of FUNC in ELF file PATH (its .dynsym or .symtab), as uprobes take it;
 * 0 if not found. */
static uint64_t elf_function_offset(const char *path, const char *func)
{
	uint64_t off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	const unsigned char *img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return 0;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	for (unsigned i = 0; !off && i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_DYNSYM && sh[i].sh_type != SHT_SYMTAB)
			continue;
		const Elf64_Sym *sym = (const Elf64_Sym *)(img + sh[i].sh_offset);
		const char *names = (const char *)(img + sh[sh[i].sh_link].sh_offset);
		for (size_t k = 0; k < sh[i].sh_size / sizeof(*sym); k++) {
			if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || sym[k].st_shndx == SHN_UNDEF ||
			    sym[k].st_shndx >= eh->e_shnum || strcmp(names + sym[k].st_name, func) != 0)
				continue;
			const Elf64_Shdr *in = &sh[sym[k].st_shndx];
			off = sym[k].st_value - in->sh_addr + in->sh_offset;
			break;
		}
	}
	munmap((void *)img, (size_t)st.st_size);
	return off;
}

/* uprobe.multi, uretprobe.multi, uprobe.session on libc getpid(), for this process only:
 * three calls run a uprobe or uretprobe three times, and a session program six (its 0 from
 * the entry asks for the return run too). */
static bool run_uprobe_multi(const struct type_case *tc, struct bpf_program *prog, uint64_t *calls)
{
	bool ret = strncmp(tc->section, "uretprobe.", 10) == 0;
	bool session = tc->attach == ATTACH_TRACE_UPROBE_SESSION;
	uint64_t offset = elf_function_offset(LIBC_PATH, "getpid");
	if (!check(offset != 0, "getpid in %s's symbols (file offset %#" PRIx64 ")", LIBC_PATH, offset))
		return false;
	struct {
		uint64_t path, offsets, ref_ctr_offsets, cookies;
		uint32_t cnt, flags, pid;
	} um = {.path = (uintptr_t)LIBC_PATH, .offsets = (uintptr_t)&offset, .cnt = 1,
		.flags = ret ? 1 /* BPF_F_UPROBE_MULTI_RETURN */ : 0, .pid = (uint32_t)getpid()};
	int link = link_create_raw(bpf_program__fd(prog), 0, tc->attach, &um, sizeof(um));
	if (!check(link >= 0, "attach (uprobe_multi link on getpid, this process%s)%s%s",
		   ret ? ", return probe" : "", link < 0 ? ": " : "", link < 0 ? strerror(errno) : ""))
		return false;
	for (int i = 0; i < 3; i++)
		(void)getpid(); /* through libc, where the probe is */
	close(link);
	*calls = session ? 6 : 3;
	return true;
}

/* usdt: the probe site is in tbpf-behave itself; the object must carry the two maps of
 * libbpf's USDT support (<bpf/usdt.bpf.h>, linked in as C: tests/kernel/usdt_maps.bpf.c). */
#define USDT_PROVIDER "tinybpf"
#define USDT_NAME "hit"
#define USDT_FIRES 5
static const char *const USDT_MAPS[] = {"__bpf_usdt_specs", "__bpf_usdt_ip_to_spec_id"};

#ifdef TBPF_HAVE_SDT
/* One probe site (noinline: one .note.stapsdt entry, not one per inlined copy). */
static __attribute__((noinline)) void usdt_fire(void)
{
	DTRACE_PROBE(tinybpf, hit);
}

/* A probe with two arguments, for usdt_args (tests/programs/usdt_args). */
static __attribute__((noinline)) void usdt_fire_args(long a, long b)
{
	DTRACE_PROBE2(tinybpf, args, a, b);
}
#endif

/* Before load: does the object have libbpf's USDT maps? Without them attaching fails. */
static bool check_usdt_maps(struct bpf_object *obj)
{
	bool all = true;
	for (size_t i = 0; i < N_ELEMS(USDT_MAPS); i++)
		all &= check(bpf_object__find_map_by_name(obj, USDT_MAPS[i]) != NULL,
			     "the object has libbpf's USDT map %s (<bpf/usdt.bpf.h>)", USDT_MAPS[i]);
	return all;
}

#ifdef TBPF_HAVE_SDT
/* Attaches prog to tbpf-behave's USDT probe tinybpf:NAME, for this process only. */
static struct bpf_link *attach_own_usdt(struct bpf_program *prog, const char *name)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (!check(n > 0, "readlink /proc/self/exe%s%s", n < 0 ? ": " : "", n < 0 ? strerror(errno) : ""))
		return NULL;
	exe[n] = '\0';
	struct bpf_link *link = bpf_program__attach_usdt(prog, getpid(), exe, USDT_PROVIDER, name, NULL);
	int err = link ? 0 : errno;
	check(link != NULL, "attach to USDT %s:%s in %s, this process only%s%s", USDT_PROVIDER, name, exe,
	      err ? ": " : "", err ? strerror(err) : "");
	return link;
}
#endif

/* Attaches to tbpf-behave's USDT probe for this process only, then fires it USDT_FIRES
 * times: every firing is one run, and no other process's count. */
static bool run_usdt(struct bpf_program *prog, uint64_t *calls)
{
#ifdef TBPF_HAVE_SDT
	struct bpf_link *link = attach_own_usdt(prog, USDT_NAME);
	if (!link)
		return false;
	for (int i = 0; i < USDT_FIRES; i++)
		usdt_fire();
	note("fired the USDT probe %s:%s %d times", USDT_PROVIDER, USDT_NAME, USDT_FIRES);
	bpf_link__destroy(link);
	*calls = USDT_FIRES;
	return true;
#else
	return false;
#endif
}

/* usdt_args: a usdt program that reads the two arguments of tbpf-behave's probe
 * tinybpf:args through bpf_usdt_arg (in Go: through a C module's function, Go calling C).
 * Fired USDT_FIRES times with (i, 7*i+1): hits, argSum = sum of 1000*a + b, failures. */
static int t_usdt_args(const char *path)
{
	static const struct prog_spec progs[] = {{"usdt_args", "usdt", BPF_PROG_TYPE_KPROBE}};
	struct bpf_object *obj = open_checked(path, progs, 1, NULL, 0);
	struct global_var hits, arg_sum, failures_var;

	if (!obj)
		return BEHAVE_FAIL;
	bool found = find_global(obj, ".bss", "hits", 8, &hits);
	found &= find_global(obj, ".bss", "argSum", 8, &arg_sum);
	found &= find_global(obj, ".bss", "failures", 8, &failures_var);
	if (!check_usdt_maps(obj) || !found || load_object(obj))
		goto out;
#ifdef TBPF_HAVE_SDT
	uint64_t nhits = 0, nfail = 0;
	int64_t sum = 0, want_sum = 0;
	struct bpf_program *prog = prog_by_name(obj, "usdt_args");
	struct bpf_link *link = prog ? attach_own_usdt(prog, "args") : NULL;
	if (!link)
		goto out;
	for (long i = 1; i <= USDT_FIRES; i++) {
		usdt_fire_args(i, 7 * i + 1);
		want_sum += 1000 * i + 7 * i + 1;
	}
	note("fired the USDT probe %s:args %d times with (i, 7*i+1)", USDT_PROVIDER, USDT_FIRES);
	bpf_link__destroy(link);
	if (check(global_read(&hits, &nhits) && global_read(&arg_sum, &sum) && global_read(&failures_var, &nfail),
		  "read the globals hits, argSum, failures")) {
		check_u64("hits (runs that read both arguments)", USDT_FIRES, nhits);
		check_i64("argSum (sum of 1000*a + b over the firings)", want_sum, sum);
		check_u64("failures (runs where bpf_usdt_arg failed)", 0, nfail);
	}
#else
	bpf_object__close(obj);
	return failures() ? BEHAVE_FAIL
			  : skip("loaded, not run: tbpf-behave was built without <sys/sdt.h> (Debian: "
				 "systemtap-sdt-dev), so it has no USDT probe to attach to");
#endif
out:
	bpf_object__close(obj);
	return verdict();
}

/* A network namespace of this process's own, with lo up: the netfilter and tcx programs
 * return 0 (NF_DROP, TCX_PASS) for every packet and must not see the host's. */
static bool enter_own_netns(void)
{
	struct ifreq ifr = {0};
	int fd;
	int rc = unshare(CLONE_NEWNET);
	if (!check(rc == 0, "unshare(CLONE_NEWNET)%s%s", rc ? ": " : "", rc ? strerror(errno) : ""))
		return false;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	bool up = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags |= IFF_UP, true) &&
		  ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
	if (fd >= 0)
		close(fd);
	return check(up, "bring lo up in the new network namespace");
}

/* One UDP datagram to a socket of this process over 127.0.0.1; returns the errno sendto
 * or recv failed with (0: it arrived). */
static int udp_over_loopback(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	struct timeval tv = {.tv_sec = 1};
	char byte;
	int rc = -1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, alen) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &alen) == 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
	    sendto(fd, "x", 1, 0, (struct sockaddr *)&a, alen) == 1 && recv(fd, &byte, 1, 0) == 1)
		rc = 0;
	rc = rc ? errno : 0;
	if (fd >= 0)
		close(fd);
	return rc;
}

/* netfilter on NF_INET_LOCAL_OUT (IPv4) drops the datagram: sendto fails with EPERM. tcx on
 * lo's ingress or egress passes it (TCX_PASS is 0). */
static bool run_in_own_netns(const struct type_case *tc, struct bpf_program *prog)
{
	if (!enter_own_netns())
		return false;
	bool nf = tc->trigger == RUN_NETFILTER;
	/* netfilter: NFPROTO_IPV4, NF_INET_LOCAL_OUT, priority 100, no flags */
	const uint32_t nf_opts[4] = {2, 3, 100, 0}, tcx_opts[4] = {0, 0, 0, 0};
	int lo = (int)if_nametoindex("lo");
	int link = link_create_raw(bpf_program__fd(prog), nf ? 0 : lo, tc->attach, nf ? nf_opts : tcx_opts,
				   sizeof(nf_opts));
	if (!check(link >= 0, "attach (%s)%s%s", nf ? "netfilter link, IPv4 LOCAL_OUT" : "tcx link on lo",
		   link < 0 ? ": " : "", link < 0 ? strerror(errno) : ""))
		return false;
	/* where the kernel has it: the link's netfilter hook, or lo's tcx programs of this
	 * direction */
	uint32_t id = prog_id(prog);
	bool where;
	if (nf) {
		uint32_t info[32] = {0}; /* struct bpf_link_info: type, id, prog_id, pad, netfilter{pf, hooknum, ...} */
		uint32_t len = sizeof(info);
		where = bpf_obj_get_info_by_fd(link, info, &len) == 0 && info[2] == id && info[4] == 2 && info[5] == 3;
		check(where, "the link holds the program at IPv4 LOCAL_OUT (prog %u, pf %u, hook %u)", info[2],
		      info[4], info[5]);
	} else {
		uint32_t ids[8] = {0}, n = N_ELEMS(ids);
		where = bpf_prog_query(lo, tc->attach, 0, NULL, ids, &n) == 0 && n == 1 && ids[0] == id;
		check(where, "lo's %s programs are this one (%u found, first id %u, this %u)",
		      tc->attach == ATTACH_TCX_INGRESS ? "tcx ingress" : "tcx egress", n, ids[0], id);
	}
	int err = udp_over_loopback();
	close(link);
	if (!where)
		return false;
	if (nf)
		return check(err == EPERM, "UDP to 127.0.0.1 fails with EPERM (the program returns NF_DROP)%s%s",
			     err && err != EPERM ? ": " : "", err && err != EPERM ? strerror(err) : "");
	return check(err == 0, "UDP to 127.0.0.1 arrives (the program returns TCX_PASS)%s%s", err ? ": " : "",
		     err ? strerror(err) : "");
}

/* Runs the program's hook once (or a few times); false when that could not be done. */
static bool run_hook(const struct type_case *tc, struct bpf_program *prog, uint64_t *min_calls,
		     uint64_t *max_calls)
{
	struct bpf_link *link = NULL;
	bool done = false;

	*min_calls = 1;
	*max_calls = UINT64_MAX;
	if (tc->trigger == RUN_SYSCALL) {
		uint32_t ret;
		*max_calls = 1;
		return test_run_no_data(prog, &ret) && check_u64("test run return value", 0, ret);
	}
	if (tc->trigger == RUN_XDP) {
		/* Only the type is checked of xdp.frags (and of the ".s" sleepable sections):
		 * libbpf 1.1 does not show the flag it loads them with, and neither a test run
		 * on a multi-page frame nor these programs' code depend on it. */
		*max_calls = 1;
		return expect_retval(prog, &P_UDP4_DPORT53, 0 /* XDP_ABORTED: the program's 0 */);
	}
	if (tc->trigger == RUN_UPROBE) {
		link = bpf_program__attach(prog);
		if (!check(link != NULL, "attach (%s)", link ? "ok" : strerror(errno)))
			return false;
		for (int i = 0; i < 3; i++)
			(void)getpid(); /* through libc, where the uprobe is */
		*min_calls = 3; /* other processes' getpid() calls count too */
		done = true;
	} else if (tc->trigger == RUN_PERF) {
		struct perf_event_attr attr = {.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
					       .config = PERF_COUNT_SW_CPU_CLOCK,
					       .sample_period = PERF_SAMPLE_PERIOD_NS};
		int pfd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
		if (!check(pfd >= 0, "perf_event_open(cpu-clock, this thread)%s%s", pfd < 0 ? ": " : "",
			   pfd < 0 ? strerror(errno) : ""))
			return false;
		link = bpf_program__attach_perf_event(prog, pfd);
		if (!check(link != NULL, "attach to the perf event")) {
			close(pfd);
			return false;
		}
		volatile uint64_t spin = 0;
		for (uint64_t t0 = thread_cpu_ns(); thread_cpu_ns() - t0 < 50000000ull;)
			spin++;
		note("busy loop: 50 ms of CPU time (a sample per ms)");
		*min_calls = 10;
		done = true;
	} else if (tc->trigger == RUN_FORK) {
		link = bpf_program__attach(prog);
		if (!check(link != NULL, "attach (%s)", link ? "ok" : strerror(errno)))
			return false;
		pid_t child = fork();
		if (child == 0)
			_exit(0);
		done = check(child > 0 && waitpid(child, NULL, 0) == child, "fork a child and wait for it");
	} else if (tc->trigger == RUN_ITER) {
		link = bpf_program__attach_iter(prog, NULL);
		if (!check(link != NULL, "attach the task iterator (%s)", link ? "ok" : strerror(errno)))
			return false;
		int ifd = bpf_iter_create(bpf_link__fd(link));
		char buf[256];
		ssize_t n = 0;
		if (check(ifd >= 0, "bpf_iter_create")) {
			while ((n = read(ifd, buf, sizeof(buf))) > 0)
				;
			done = check(n == 0, "read the iterator to its end%s%s", n < 0 ? ": " : "",
				     n < 0 ? strerror(errno) : "");
			close(ifd);
		}
	}
	if (link) {
		bpf_link__destroy(link);
		return done;
	}
	if (tc->trigger == RUN_NETFILTER || tc->trigger == RUN_TCX) {
		*max_calls = 1;
		return run_in_own_netns(tc, prog);
	}
	if (tc->trigger == RUN_UPROBE_MULTI || tc->trigger == RUN_USDT) {
		bool ok = tc->trigger == RUN_USDT ? run_usdt(prog, min_calls) : run_uprobe_multi(tc, prog, min_calls);
		*max_calls = *min_calls;
		return ok;
	}

	/* The cgroup hooks. */
	struct test_cgroup cg;
	char leaf[64];
	const char *what = "";
	snprintf(leaf, sizeof(leaf), "tbpf-types-%d", (int)getpid());
	if (!test_cgroup_make(&cg, leaf))
		return false;
	link = test_cgroup_attach(&cg, prog);
	if (link && test_cgroup_enter(&cg)) {
		int err = cgroup_operation(tc->trigger, &what);
		test_cgroup_leave(&cg);
		/* Hooks that obey the return value refuse what the program returns 0 for. */
		bool obeys = !hook_must_allow(tc->trigger);
		if (tc->trigger != RUN_SOCKOPS && tc->trigger != RUN_DEVICE)
			*max_calls = 1; /* one operation, one run */
		if (obeys)
			done = check(err == EPERM, "%s in the cgroup fails with EPERM (the program returns 0)%s%s",
				     what, err && err != EPERM ? ": " : "", err && err != EPERM ? strerror(err) : "");
		else
			done = check(err == 0, "%s in the cgroup works (the hook %s)%s%s", what,
				     hook_takes_only_1(tc->trigger) ? "takes only 1, which the program returns"
								 : "ignores the return value",
				     err ? ": " : "", err ? strerror(err) : "");
	}
	bpf_link__destroy(link);
	test_cgroup_remove(&cg);
	return done;
}

static int t_globals_config_as(const char *path)
{
	struct bpf_object *obj = open_object(path);
	struct bpf_program *prog;
	const struct type_case *tc = NULL;
	struct global_var calls;
	uint64_t n = 0, min_calls = 1, max_calls = UINT64_MAX;

	if (!obj)
		return BEHAVE_FAIL;
	prog = bpf_object__next_program(obj, NULL);
	if (!check(prog != NULL, "the object has a program"))
		goto out;
	for (size_t i = 0; i < N_ELEMS(TYPE_CASES); i++)
		if (strcmp(TYPE_CASES[i].section, bpf_program__section_name(prog)) == 0)
			tc = &TYPE_CASES[i];
	if (!check(tc != NULL, "tbpf-behave knows what to expect of section \"%s\"", bpf_program__section_name(prog)))
		goto out;
	int newer_type, newer_attach;
	if (bpf_program__type(prog) == BPF_PROG_TYPE_UNSPEC && named_by_newer_libbpf(tc->section) &&
	    tbpf_section_newer_types(tc->section, &newer_type, &newer_attach)) {
		/* what tbpf-verify does too */
		note("libbpf %u.%u does not know section \"%s\" (newer releases do): the program and attach "
		     "type that tbpf-core's section table gives for it are set by hand",
		     libbpf_major_version(), libbpf_minor_version(), tc->section);
		bpf_program__set_type(prog, (enum bpf_prog_type)newer_type);
		bpf_program__set_expected_attach_type(prog, (enum bpf_attach_type)newer_attach);
		bpf_program__set_flags(prog, bpf_program__flags(prog) | tbpf_section_prog_flags(tc->section));
	}
	check(bpf_program__type(prog) == tc->type, "section \"%s\" gives program type %s (got %s)", tc->section,
	      prog_type_name(tc->type), prog_type_name(bpf_program__type(prog)));
	if (tc->attach)
		check(bpf_program__expected_attach_type(prog) == tc->attach, "expected attach type %s (got %s)",
		      attach_type_name(tc->attach), attach_type_name(bpf_program__expected_attach_type(prog)));
	if (!find_global(obj, ".bss", "calls", 8, &calls))
		goto out;
	if (tc->trigger == RUN_USDT)
		check_usdt_maps(obj); /* attaching shows what their absence does */
	if (tc->trigger == LOAD_OR_EPERM) {
		int err = bpf_object__load(obj);
		if (err == -EPERM) {
			bpf_object__close(obj);
			return failures() ? BEHAVE_FAIL
					  : skip("the kernel refuses %s programs with EPERM here (as it does "
						 "fentry_unlink); only the section's type was checked",
						 libbpf_bpf_attach_type_str(tc->attach));
		}
		check(err == 0, "load: expected success or EPERM, got %s", strerror(-err));
		goto out;
	}
	if (load_object(obj))
		goto out;
	if (tc->trigger == RUN_UPROBE && access(LIBC_PATH, R_OK) != 0) {
		bpf_object__close(obj);
		return failures() ? BEHAVE_FAIL
				  : skip("loaded, not run: %s, the uprobe target of the section, is not "
					 "present", LIBC_PATH);
	}
#ifndef TBPF_HAVE_SDT
	if (tc->trigger == RUN_USDT) {
		bpf_object__close(obj);
		return failures() ? BEHAVE_FAIL
				  : skip("loaded, not run: tbpf-behave was built without <sys/sdt.h> (Debian: "
					 "systemtap-sdt-dev; install it and rebuild tbpf-behave), so it has no USDT "
					 "probe to attach to");
	}
#endif
	if (tc->trigger == LOAD_ONLY) {
		note("not run: %s; loading is what is checked here", tc->load_only_why);
		goto out;
	}
	if (!run_hook(tc, prog, &min_calls, &max_calls))
		goto out;
	if (!check(global_read(&calls, &n), "read the global calls"))
		goto out;
	if (max_calls == min_calls)
		check_u64("calls (runs of the program)", min_calls, n);
	else
		check_u64_ge("calls (runs of the program)", min_calls, n);
out:
	bpf_object__close(obj);
	return verdict();
}

/* ======================================================================================== */

struct behave_test {
	const char *name;
	int (*run)(const char *object_path);
};

static const struct behave_test TESTS[] = {
	{"bounded_loop_hash", t_bounded_loop_hash},
	{"cgroup_skb_count", t_cgroup_skb_count},
	{"core_task", t_core_task},
	{"core_field_exists", t_core_field_exists},
	{"core_type_info", t_core_type_info},
	{"core_field_info", t_core_field_info},
	{"fentry_unlink", t_fentry_unlink},
	{"globals_config", t_globals_config},
	{"heap_escape", t_heap_escape},
	{"kprobe_openat", t_kprobe_openat},
	{"latency_pair", t_latency_pair},
	{"lpm_allow", t_lpm_allow},
	{"many_maps", t_many_maps},
	{"pinned_counter", t_pinned_counter},
	{"rawtp_syscall_count", t_rawtp_syscall_count},
	{"socket_len_filter", t_socket_len_filter},
	{"tailcall_dispatch", t_tailcall_dispatch},
	{"tc_mark", t_tc_mark},
	{"tp_openat_ringbuf", t_tp_openat_ringbuf},
	{"uprobe_getenv", t_uprobe_getenv},
	{"xdp_port_drop", t_xdp_port_drop},
	{"xdp_proto_count", t_xdp_proto_count},
	/* tests/fixtures/idioms */
	{"kfunc_decl", t_kfunc_decl},
	{"loop_callback", t_loop_callback},
	{"map_in_map", t_map_in_map},
	{"spinlock_value", t_spinlock_value},
	{"typed_map_generic", t_typed_map_generic},
	{"typed_map_phantom", t_typed_map_phantom},
	{"typed_map_ptrfields", t_typed_map_ptrfields},
	/* tests/programs (socket, cgroup-socket, perf_event, local-storage, tp_btf types) */
	{"cgroup_sock_create", t_cgroup_sock_create},
	{"cgroup_connect4", t_cgroup_connect4},
	{"sockops_count", t_sockops_count},
	{"sk_msg_verdict", t_sk_msg_verdict},
	{"perf_event_count", t_perf_event_count},
	{"task_storage_count", t_task_storage_count},
	{"sock_create_storage", t_sock_create_storage},
	{"tp_btf_fork", t_tp_btf_fork},
	{"cgrp_storage_count", t_cgrp_storage_count},
	{"timer_value", t_timer_value},
	{"tcp_cc_reno", t_tcp_cc_reno},
	{"usdt_args", t_usdt_args},
	/* globals_config as other program types (kernel.section.*) */
	{"globals_config_as", t_globals_config_as},
	{"unnamed_param", t_globals_config_as}, /* tests/fixtures/edited/unnamed_param */
	{"globals_config_allow", t_globals_config_as}, /* tests/fixtures/edited/globals_config_allow */
	{"hash_of_maps", t_hash_of_maps},              /* tests/fixtures/edited/hash_of_maps */
	{"kfunc_go_name", t_kfunc_decl},              /* tests/fixtures/edited/kfunc_go_name */
};

static int usage(void)
{
	fprintf(stderr, "usage: tbpf-behave NAME OBJECT.o\n  NAME is one of:");
	for (size_t i = 0; i < N_ELEMS(TESTS); i++)
		fprintf(stderr, " %s", TESTS[i].name);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return usage();
	for (size_t i = 0; i < N_ELEMS(TESTS); i++) {
		if (strcmp(argv[1], TESTS[i].name) != 0)
			continue;
		if (access(argv[2], R_OK) != 0) {
			fprintf(stderr, "tbpf-behave: cannot read %s: %s\n", argv[2], strerror(errno));
			return BEHAVE_FAIL;
		}
		if (geteuid() != 0)
			return skip("not root: loading BPF programs needs CAP_BPF/CAP_SYS_ADMIN");
		setup_libbpf();
		printf("tbpf-behave %s %s\n", argv[1], argv[2]);
		return TESTS[i].run(argv[2]);
	}
	fprintf(stderr, "tbpf-behave: unknown program name \"%s\"\n", argv[1]);
	return usage();
}
