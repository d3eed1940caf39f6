/* Runs go_calls_c's task_tgid (kfunc_decl's Go code, calling two C functions of
 * bpf/counted.bpf.c) RUNS times with BPF_PROG_TEST_RUN and checks that the Go code still
 * answers getpid() and that each C function ran once per run, from the counters it keeps in
 * the skeleton's .bss. Exit 77 when not root. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "go_calls_c.skel.h"

#define RUNS 3

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "not root: cannot load BPF programs\n");
		return 77;
	}
	struct go_calls_c *skel = go_calls_c__open_and_load();
	if (!skel) {
		fprintf(stderr, "go_calls_c__open_and_load: %s\n", strerror(errno));
		return 1;
	}
	int answered = 0;
	for (int i = 0; i < RUNS; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts);
		if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.task_tgid), &opts)) {
			fprintf(stderr, "BPF_PROG_TEST_RUN task_tgid: %s\n", strerror(errno));
			break;
		}
		printf("run %d: task_tgid() = %d (getpid() = %d)\n", i + 1, (int)opts.retval, (int)getpid());
		answered += (int)opts.retval == getpid();
	}
	expect(answered == RUNS, "every run of the Go code returned getpid()");
	printf("rcu_unlocks=%llu task_releases=%llu (expected %d each)\n",
	       (unsigned long long)skel->bss->rcu_unlocks, (unsigned long long)skel->bss->task_releases, RUNS);
	expect(skel->bss->rcu_unlocks == RUNS, "Go called the C function count_rcu_unlock once per run");
	expect(skel->bss->task_releases == RUNS, "Go called the C function count_task_release once per run");
	go_calls_c__destroy(skel);
	return failures ? 1 : 0;
}
