/* latency_pair: two programs from one Go package share a map. nanosleep_enter stamps
 * the entry time per thread, nanosleep_exit turns the elapsed time into a per-CPU log2
 * histogram of microseconds. The loader sleeps 5 x 1.5 ms and prints the histogram. */
#include "tinybpf_example.h"

#include <sys/syscall.h>
#include <time.h>

#include "latency_pair.skel.h"

#define SLEEPS 5
#define BUCKETS 32

int main(void)
{
	example_init("latency_pair");
	struct latency_pair *skel = latency_pair__open_and_load();
	if (!skel)
		example_die("latency_pair__open_and_load", errno);
	int err = latency_pair__attach(skel);
	if (err)
		example_die("attach sys_enter/sys_exit_nanosleep tracepoints", err);

	/* The raw syscall: glibc's nanosleep() uses clock_nanosleep, which these tracepoints
	 * miss. Each sleep is also timed here, so the check below expects each one in the
	 * bucket its own duration belongs to (a busy machine stretches some past 2 ms). */
	struct timespec ts = {0, 1500000};
	uint64_t want[BUCKETS] = {0};
	for (int i = 0; i < SLEEPS; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		syscall(SYS_nanosleep, &ts, NULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		uint64_t us = ((uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ull + (uint64_t)b.tv_nsec -
			       (uint64_t)a.tv_nsec) / 1000;
		uint32_t bucket = 0;
		while (bucket + 1 < BUCKETS && (us >> (bucket + 1)))
			bucket++;
		want[bucket]++;
	}

	latency_pair__detach(skel);

	printf("nanosleep latency (all processes while attached):\n");
	printf("  %-20s %s\n", "usecs", "count");
	uint64_t got[BUCKETS] = {0};
	for (uint32_t b = 0; b < BUCKETS; b++) {
		bool found;
		uint64_t n = example_percpu_sum(skel->maps.hist, &b, sizeof b, &found);
		if (!found || !n)
			continue;
		char range[48];
		snprintf(range, sizeof range, "%llu -> %llu", b ? 1ULL << b : 0ULL, (1ULL << (b + 1)) - 1);
		printf("  %-20s %llu\n", range, (unsigned long long)n);
		got[b] = n;
	}
	/* Other processes' sleeps can only add to a bucket. */
	for (uint32_t b = 0; b < BUCKETS; b++)
		if (want[b])
			example_check(got[b] >= want[b], "hist[%u] = %llu, >= the %llu sleep(s) of ours that took "
				      "%llu-%llu us", b, (unsigned long long)got[b], (unsigned long long)want[b],
				      b ? 1ULL << b : 0ULL, (1ULL << (b + 1)) - 1);

	uint64_t id = (uint64_t)getpid() << 32 | (uint32_t)syscall(SYS_gettid), start_ns;
	err = bpf_map__lookup_elem(skel->maps.start, &id, sizeof id, &start_ns, sizeof start_ns, 0);
	example_check(err != 0, "no start timestamp left for this thread");

	latency_pair__destroy(skel);
	return example_finish("latency_pair");
}
