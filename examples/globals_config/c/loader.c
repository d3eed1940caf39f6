/* globals_config: plain Go package variables become BPF global data that user space
 * reads through the skeleton: calls and weightedSum in .bss, mixState in .data, the
 * constant weights table in .rodata. The loader calls getpid(2) 100 times and checks the
 * kernel's arithmetic against the same xorshift32 computed here. */
#include "tinybpf_example.h"

#include <sys/syscall.h>

#include "globals_config.skel.h"

#define CALLS 100

int main(void)
{
	example_init("globals_config");
	struct globals_config *skel = globals_config__open_and_load();
	if (!skel)
		example_die("globals_config__open_and_load", errno);
	int err = globals_config__attach(skel);
	if (err)
		example_die("attach tracepoint/syscalls/sys_enter_getpid", err);

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getpid); /* the raw syscall, in case the C library caches getpid() */

	globals_config__detach(skel);

	uint64_t calls = skel->bss->calls;
	uint64_t sum = skel->bss->weightedSum;
	uint32_t state = skel->data->mixState;
	printf("calls = %llu, weightedSum = %llu, mixState = 0x%08x\n", (unsigned long long)calls,
	       (unsigned long long)sum, state);
	printf("weights (.rodata) =");
	for (int i = 0; i < 8; i++)
		printf(" %u", (unsigned)skel->rodata->weights[i]);
	printf("\n");

	/* the same computation in C, for however many getpid calls the kernel saw */
	static const uint32_t weights[8] = {1, 2, 3, 5, 8, 13, 21, 34};
	uint32_t x = 2463534242u;
	uint64_t want_sum = 0;
	for (uint64_t i = 0; i < calls; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		want_sum += weights[x & 7];
	}
	example_check(calls >= CALLS, "calls = %llu, >= %d (other processes may call getpid too)",
		      (unsigned long long)calls, CALLS);
	example_check(state == x, "mixState = 0x%08x = xorshift32^%llu(2463534242)", state, (unsigned long long)calls);
	example_check(sum == want_sum, "weightedSum = %llu (expected %llu)", (unsigned long long)sum,
		      (unsigned long long)want_sum);
	example_check(memcmp((const void *)skel->rodata->weights, weights, sizeof weights) == 0,
		      "weights intact in .rodata");

	globals_config__destroy(skel);
	return example_finish("globals_config");
}
