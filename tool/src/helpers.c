/* helpers.c - lookups in the generated BPF helper table (see helpers.h). */
#include "helpers.h"

#include <ctype.h>
#include <string.h>

static const struct bpf_helper helpers[] = {
#define HELPER(id, kernel_name, go_name) {id, kernel_name, go_name},
#include "helper_table.inc"
#undef HELPER
};

#define NHELPERS (sizeof helpers / sizeof helpers[0])

size_t bpf_helper_count(void) { return NHELPERS; }

const struct bpf_helper *bpf_helper_at(size_t i)
{
    return i < NHELPERS ? &helpers[i] : NULL;
}

const struct bpf_helper *bpf_helper_by_go_name(const char *go_name)
{
    if (!go_name)
        return NULL;
    for (size_t i = 0; i < NHELPERS; i++)
        if (strcmp(helpers[i].go_name, go_name) == 0)
            return &helpers[i];
    return NULL;
}

const struct bpf_helper *bpf_helper_by_kernel_name(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < NHELPERS; i++)
        if (strcmp(helpers[i].kernel_name, name) == 0)
            return &helpers[i];
    return NULL;
}

/* Names longer than this are never close to a helper name (the longest has
 * about 40 characters). */
#define MAXNAME 128

/* Levenshtein distance of two lower-cased strings shorter than MAXNAME. */
size_t tbpf_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    if (la >= MAXNAME || lb >= MAXNAME)
        return la > lb ? la : lb;
    size_t row[MAXNAME];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

static size_t lower_copy(char *dst, const char *src)
{
    size_t n = 0;
    for (; src[n]; n++)
        dst[n] = (char)tolower((unsigned char)src[n]);
    dst[n] = '\0';
    return n;
}

const struct bpf_helper *bpf_helper_suggest(const char *name)
{
    if (!name)
        return NULL;
    const char *dot = strrchr(name, '.'); /* "main.bpfFoo" -> "bpfFoo" */
    if (dot)
        name = dot + 1;

    int kernel_style = strchr(name, '_') != NULL;
    const char *prefix = kernel_style ? "bpf_" : "bpf";
    size_t plen = strlen(prefix);
    size_t nlen = strlen(name);
    if (nlen + plen >= MAXNAME)
        return NULL;

    /* The query, lower-cased, with the "bpf"/"bpf_" prefix added if absent. */
    char q[MAXNAME];
    size_t qlen = lower_copy(q + plen, name);
    if (strncmp(q + plen, prefix, plen) == 0) {
        memmove(q, q + plen, qlen + 1);
    } else {
        memcpy(q, prefix, plen);
        qlen += plen;
    }
    int prefix_ok = qlen >= plen + 4; /* "bpfGet" is too short to complete */

    const struct bpf_helper *best = NULL;
    size_t best_eff = (size_t)-1, best_dist = (size_t)-1;
    for (size_t i = 0; i < NHELPERS; i++) {
        char c[MAXNAME];
        const char *cand = kernel_style ? helpers[i].kernel_name : helpers[i].go_name;
        if (strlen(cand) >= MAXNAME)
            continue;
        size_t clen = lower_copy(c, cand);
        size_t dist = tbpf_edit_distance(q, qlen, c, clen);
        size_t eff = dist;
        if (prefix_ok && qlen < clen && strncmp(c, q, qlen) == 0)
            eff = 1; /* the query is the start of this name */
        if (eff < best_eff || (eff == best_eff && dist < best_dist)) {
            best = &helpers[i];
            best_eff = eff;
            best_dist = dist;
        }
    }
    size_t limit = qlen / 3 > 2 ? qlen / 3 : 2;
    return best_eff <= limit ? best : NULL;
}
