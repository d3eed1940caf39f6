/* sections.h: the ELF section names libbpf turns into programs, and what each implies.
 * Plain C (no LLVM), so tests can check the table against the libbpf installed. */
#ifndef TBPF_SECTIONS_H
#define TBPF_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* A libbpf version as MAJOR * 100 + MINOR (1.3 -> 103). */
#define TBPF_LIBBPF_VERSION(major, minor) ((major) * 100 + (minor))

/* Does some libbpf 1.x know section SEC? */
bool tbpf_section_known(const char *sec);
/* The closest known section name to an unknown SEC, written to BUF, or NULL. */
const char *tbpf_section_suggest(const char *sec, char *buf, size_t len);
/* The first libbpf release that may know SEC (TBPF_LIBBPF_VERSION), or 0 if none does;
 * older ones do not. */
int tbpf_section_libbpf_since(const char *sec);
/* The first release known to know SEC: later than tbpf_section_libbpf_since() where the
 * release that added it is not known exactly. */
int tbpf_section_libbpf_known_since(const char *sec);
/* For a section that libbpf before tbpf_section_libbpf_since(SEC) does not know: what an
 * older libbpf accepts instead, as a sentence fragment, or NULL when nothing does. */
const char *tbpf_section_older_spelling(const char *sec);
/* Parses "MAJOR.MINOR[.PATCH]" into TBPF_LIBBPF_VERSION form; -1 if it is not one. */
int tbpf_parse_libbpf_version(const char *s);
/* What libbpf takes as the program's attach target from section SEC: the text after
 * "name/" for a name that takes one ("do_unlinkat" of "kprobe/do_unlinkat"), else "";
 * NULL for an unknown section. */
const char *tbpf_section_attach_to(const char *sec);
/* Is SEC's attach type one libbpf leaves out on kernels that do not take it (its
 * SEC_ATTACHABLE_OPT: xdp, sockops, cgroup_skb/ingress, ...)? cilium/ebpf leaves plain
 * xdp's out always. */
bool tbpf_section_attach_type_optional(const char *sec);
/* The program flags libbpf loads a program of section SEC with: BPF_F_SLEEPABLE for the
 * sleepable names ("uprobe.s", "syscall", ...), BPF_F_XDP_HAS_FRAGS for "xdp.frags" ones
 * (values of linux/bpf.h); 0 for an unknown section. */
#define TBPF_F_SLEEPABLE (1U << 4)
#define TBPF_F_XDP_HAS_FRAGS (1U << 5)
unsigned tbpf_section_prog_flags(const char *sec);
/* For a section that only libbpf 1.2 and later name: the program type and expected attach
 * type those releases give it (values of the kernel's enums, which older linux/bpf.h lack),
 * so a loader built on an older libbpf can set them by hand. False for other sections. */
bool tbpf_section_newer_types(const char *sec, int *prog_type, int *attach_type);
/* Name of the kernel's context struct for programs of section SEC, or NULL (void *). */
const char *tbpf_section_context_struct(const char *sec);

/* The table itself, for tests: definition I ("kprobe+", "xdp", ...) and its releases as
 * above; false past the end. */
bool tbpf_section_def_at(size_t i, const char **def, int *since, int *known_since);

#endif /* TBPF_SECTIONS_H */
