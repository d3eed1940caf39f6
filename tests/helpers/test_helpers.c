/* test_helpers.c - checks of the BPF helper table (tool/src/helpers.c).
 *
 * Standalone:
 *   gcc -std=c11 -Wall -Wextra -Itool/src tests/helpers/test_helpers.c tool/src/helpers.c -o /tmp/th && /tmp/th
 * Usage: test_helpers [SEED_HELPERS_TXT]
 *   (default: seed_helpers.txt next to this source file)
 *
 * seed_helpers.txt is the repo's copy of the "Supported BPF helpers" tables of
 * the seed document writing-go-for-ebpf.md, extracted with
 *   grep -oE '^\| `bpf[A-Za-z0-9]+` \| `bpf_[a-z0-9_]+` \| *[0-9]+ \|$' writing-go-for-ebpf.md \
 *     | sed -E 's/^\| `([^`]+)` \| `([^`]+)` \| *([0-9]+) \|$/\1 \2 \3/'
 *
 * Prints one line per failed check, then "N passed, M failed"; exits 1 on failure.
 */
#include "helpers.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EXPECTED_COUNT 211

static int passed, failed;

static void check(int ok, const char *fmt, ...)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

static const char *str(const char *s) { return s ? s : "(null)"; }
static const char *gname(const struct bpf_helper *h) { return h ? h->go_name : "(none)"; }
static const char *kname(const struct bpf_helper *h) { return h ? h->kernel_name : "(none)"; }

/* The Go spelling rule, independently of the generator: "bpf" + each
 * '_'-separated segment after "bpf_" with its first letter upper-cased. */
static void go_spelling(const char *kernel_name, char *out, size_t size)
{
    size_t n = 0;
    int up = 1;
    out[0] = '\0';
    if (strncmp(kernel_name, "bpf_", 4) != 0 || size < 4)
        return;
    memcpy(out, "bpf", 3);
    n = 3;
    for (const char *p = kernel_name + 4; *p && n + 1 < size; p++) {
        if (*p == '_') {
            up = 1;
            continue;
        }
        out[n++] = up ? (char)toupper((unsigned char)*p) : *p;
        up = 0;
    }
    out[n] = '\0';
}

static void test_table(void)
{
    size_t count = bpf_helper_count();
    check(count == EXPECTED_COUNT, "bpf_helper_count() == %zu, expected %d", count, EXPECTED_COUNT);
    check(bpf_helper_at(count) == NULL, "bpf_helper_at(count) is not NULL");

    int seen[EXPECTED_COUNT + 1] = {0};
    unsigned prev = 0;
    for (size_t i = 0; i < count; i++) {
        const struct bpf_helper *h = bpf_helper_at(i);
        if (!h) {
            check(0, "bpf_helper_at(%zu) is NULL", i);
            continue;
        }
        if (h->id >= 1 && h->id <= EXPECTED_COUNT)
            seen[h->id]++;
        else
            check(0, "entry %zu has ID %u, outside 1..%d", i, h->id, EXPECTED_COUNT);
        check(h->id > prev, "entry %zu (ID %u) not sorted after ID %u", i, h->id, prev);
        prev = h->id;

        char want[128];
        go_spelling(h->kernel_name, want, sizeof want);
        check(strncmp(h->kernel_name, "bpf_", 4) == 0, "ID %u: kernel name %s lacks bpf_", h->id, h->kernel_name);
        check(strcmp(h->go_name, want) == 0, "ID %u: Go name %s, expected %s from %s",
              h->id, h->go_name, want, h->kernel_name);
        check(bpf_helper_by_go_name(h->go_name) == h, "by_go_name(%s) does not give ID %u", h->go_name, h->id);
        check(bpf_helper_by_kernel_name(h->kernel_name) == h, "by_kernel_name(%s) does not give ID %u",
              h->kernel_name, h->id);
    }
    for (unsigned id = 1; id <= EXPECTED_COUNT; id++)
        check(seen[id] == 1, "ID %u present %d times, expected once", id, seen[id]);
}

static void test_seed(const char *path)
{
    FILE *f = fopen(path, "r");
    check(f != NULL, "cannot open seed list %s", path);
    if (!f)
        return;
    char line[512];
    int n = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        char go[128], kernel[128];
        unsigned id;
        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
            continue;
        if (sscanf(line, "%127s %127s %u", go, kernel, &id) != 3) {
            check(0, "%s:%d: malformed line", path, lineno);
            continue;
        }
        n++;
        const struct bpf_helper *h = bpf_helper_by_go_name(go);
        check(h != NULL, "seed helper %s (%s, %u) not found by Go name", go, kernel, id);
        if (h) {
            check(strcmp(h->kernel_name, kernel) == 0, "seed %s: kernel name %s, seed says %s", go,
                  h->kernel_name, kernel);
            check(h->id == id, "seed %s: ID %u, seed says %u", go, h->id, id);
        }
        const struct bpf_helper *k = bpf_helper_by_kernel_name(kernel);
        check(k != NULL && k->id == id, "seed %s: by_kernel_name gives ID %u, seed says %u", kernel,
              k ? k->id : 0, id);
    }
    fclose(f);
    check(n > 0, "seed list %s has no entries", path);
}

static void test_spots(void)
{
    static const struct bpf_helper spots[] = {
        {1, "bpf_map_lookup_elem", "bpfMapLookupElem"},
        {10, "bpf_l3_csum_replace", "bpfL3CsumReplace"},
        {12, "bpf_tail_call", "bpfTailCall"},
        {118, "bpf_jiffies64", "bpfJiffies64"},
        {130, "bpf_ringbuf_output", "bpfRingbufOutput"},
        {131, "bpf_ringbuf_reserve", "bpfRingbufReserve"},
        {132, "bpf_ringbuf_submit", "bpfRingbufSubmit"},
        {133, "bpf_ringbuf_discard", "bpfRingbufDiscard"},
        {134, "bpf_ringbuf_query", "bpfRingbufQuery"},
        {136, "bpf_skc_to_tcp6_sock", "bpfSkcToTcp6Sock"},
        {147, "bpf_d_path", "bpfDPath"},
        {153, "bpf_per_cpu_ptr", "bpfPerCpuPtr"},
        {164, "bpf_for_each_map_elem", "bpfForEachMapElem"},
        {195, "bpf_map_lookup_percpu_elem", "bpfMapLookupPercpuElem"},
        {209, "bpf_user_ringbuf_drain", "bpfUserRingbufDrain"},
        {210, "bpf_cgrp_storage_get", "bpfCgrpStorageGet"},
        {211, "bpf_cgrp_storage_delete", "bpfCgrpStorageDelete"},
    };
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        const struct bpf_helper *s = &spots[i];
        const struct bpf_helper *g = bpf_helper_by_go_name(s->go_name);
        const struct bpf_helper *k = bpf_helper_by_kernel_name(s->kernel_name);
        check(g && g->id == s->id && strcmp(g->kernel_name, s->kernel_name) == 0,
              "spot %u: by_go_name(%s) gives %s", s->id, s->go_name, kname(g));
        check(k && k->id == s->id && strcmp(k->go_name, s->go_name) == 0,
              "spot %u: by_kernel_name(%s) gives %s", s->id, s->kernel_name, gname(k));
    }
}

static void test_misses(void)
{
    static const char *const not_go[] = {
        "bpfNoSuchHelper", "main.bpfMapLookupElem", "bpfmaplookupelem", "bpf_map_lookup_elem",
        "bpfUnspec", "", NULL,
    };
    static const char *const not_kernel[] = {
        "bpf_no_such_helper", "map_lookup_elem", "BPF_MAP_LOOKUP_ELEM", "bpfMapLookupElem",
        "bpf_unspec", "", NULL,
    };
    for (size_t i = 0; i < sizeof not_go / sizeof not_go[0]; i++)
        check(bpf_helper_by_go_name(not_go[i]) == NULL, "by_go_name(%s) gives %s, expected none",
              str(not_go[i]), kname(bpf_helper_by_go_name(not_go[i])));
    for (size_t i = 0; i < sizeof not_kernel / sizeof not_kernel[0]; i++)
        check(bpf_helper_by_kernel_name(not_kernel[i]) == NULL, "by_kernel_name(%s) gives %s, expected none",
              str(not_kernel[i]), gname(bpf_helper_by_kernel_name(not_kernel[i])));
}

static void test_suggest(void)
{
    static const struct {
        const char *query, *want; /* want: Go or kernel name, NULL for no suggestion */
    } cases[] = {
        {"bpfMapLookupElemm", "bpfMapLookupElem"},
        {"bpfMapLookupElem", "bpfMapLookupElem"},
        {"bpfGetCurrentPid", "bpfGetCurrentPidTgid"},
        {"bpfmaplookupelem", "bpfMapLookupElem"},
        {"BPFMAPLOOKUPELEM", "bpfMapLookupElem"},
        {"bpfMapLookup", "bpfMapLookupElem"},
        {"bpfMapUpdatElem", "bpfMapUpdateElem"},
        {"bpfRingbufOutptu", "bpfRingbufOutput"},
        {"main.bpfKtimeGetNS", "bpfKtimeGetNs"},
        {"MapDeleteElem", "bpfMapDeleteElem"},
        {"bpfPerfEventOuput", "bpfPerfEventOutput"},
        {"bpf_map_lookup_elm", "bpf_map_lookup_elem"},
        {"bpf_get_current_pid", "bpf_get_current_pid_tgid"},
        {"BPF_KTIME_GET_NS", "bpf_ktime_get_ns"},
        {"map_update_elem", "bpf_map_update_elem"},
        {"bpf_trace_printf", "bpf_trace_printk"},
        {"hello", NULL},
        {"frobnicate", NULL},
        {"xyzzyQuuxPlugh", NULL},
        {"bpfGet", NULL},
        {"launch_the_missiles", NULL},
        {"", NULL},
        {NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bpf_helper *h = bpf_helper_suggest(cases[i].query);
        const char *want = cases[i].want;
        if (!want) {
            check(h == NULL, "suggest(%s) gives %s, expected none", str(cases[i].query), gname(h));
            continue;
        }
        int ok = h && (strcmp(h->go_name, want) == 0 || strcmp(h->kernel_name, want) == 0);
        check(ok, "suggest(%s) gives %s, expected %s", cases[i].query, gname(h), want);
    }
}

static const char *default_seed_path(char *buf, size_t size)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    size_t dir = slash ? (size_t)(slash - file + 1) : 0;
    snprintf(buf, size, "%.*sseed_helpers.txt", (int)dir, file);
    return buf;
}

int main(int argc, char **argv)
{
    char buf[4096];
    const char *seed = argc > 1 ? argv[1] : default_seed_path(buf, sizeof buf);

    test_table();
    test_seed(seed);
    test_spots();
    test_misses();
    test_suggest();

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
