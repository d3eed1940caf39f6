/* The object of `TYPES openEvent` has the Go type openEvent in its BTF (a typedef of a
 * 96-byte struct of 6 members, prog.go's layout), and loads (exit 77 when not root). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "two.skel.h"

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

int main(void)
{
	struct btf *btf = btf__parse(OBJECT, NULL);
	if (!btf) {
		fprintf(stderr, "btf__parse %s: %s\n", OBJECT, strerror(errno));
		return 1;
	}
	int id = btf__find_by_name(btf, "openEvent");
	expect(id > 0, "the object's BTF has a type named openEvent");
	if (id > 0) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		int sid = btf__resolve_type(btf, id);
		const struct btf_type *s = sid > 0 ? btf__type_by_id(btf, sid) : NULL;
		expect(btf_is_typedef(t), "openEvent is a typedef, as TinyGo describes a Go named type");
		expect(s && btf_is_struct(s) && s->size == 96 && btf_vlen(s) == 6,
		       "of a 96-byte struct of 6 members (Pid, Tgid, Uid, Flags, Comm, Filename)");
	}
	btf__free(btf);

	if (geteuid() != 0) {
		fprintf(stderr, "not root: cannot load BPF programs\n");
		return failures ? 1 : 77;
	}
	struct two *skel = two__open_and_load();
	expect(skel != NULL, "the object loads");
	two__destroy(skel);
	return failures ? 1 : 0;
}
