/* rawtp_syscall_count: a raw tracepoint on sys_enter counts every system call by number
 * in an LRU hash. The loader calls getppid(2) 1000 times and prints the busiest syscalls. */
#include "tinybpf_example.h"

#include <sys/syscall.h>

#include "rawtp_syscall_count.skel.h"

#define CALLS 1000

int main(void)
{
	example_init("rawtp_syscall_count");
	struct rawtp_syscall_count *skel = rawtp_syscall_count__open_and_load();
	if (!skel)
		example_die("rawtp_syscall_count__open_and_load", errno);
	int err = rawtp_syscall_count__attach(skel);
	if (err)
		example_die("attach raw_tracepoint/sys_enter", err);

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);

	rawtp_syscall_count__detach(skel);

	/* the five busiest syscalls, machine-wide, while we were attached */
	struct {
		uint32_t id;
		uint64_t n;
	} top[5] = {{0, 0}};
	uint32_t key, next;
	uint32_t *prev = NULL;
	while (bpf_map__get_next_key(skel->maps.syscallCounts, prev, &next, sizeof next) == 0) {
		uint64_t n;
		key = next;
		prev = &key;
		if (bpf_map__lookup_elem(skel->maps.syscallCounts, &key, sizeof key, &n, sizeof n, 0))
			continue;
		for (int i = 0; i < 5; i++) {
			if (n > top[i].n) {
				memmove(&top[i + 1], &top[i], (size_t)(4 - i) * sizeof top[0]);
				top[i].id = key;
				top[i].n = n;
				break;
			}
		}
	}
	printf("busiest syscalls while attached:\n");
	for (int i = 0; i < 5 && top[i].n; i++)
		printf("  syscall %3u: %llu\n", top[i].id, (unsigned long long)top[i].n);

	uint32_t getppid_nr = SYS_getppid;
	uint64_t count = 0;
	err = bpf_map__lookup_elem(skel->maps.syscallCounts, &getppid_nr, sizeof getppid_nr, &count, sizeof count, 0);
	example_check(err == 0 && count >= CALLS, "syscallCounts[%u] (getppid) = %llu, >= %d", getppid_nr,
		      (unsigned long long)count, CALLS);

	rawtp_syscall_count__destroy(skel);
	return example_finish("rawtp_syscall_count");
}
