/* tp_openat_ringbuf: a tracepoint program streams openat(2) calls through a ring buffer.
 * The loader sets the Go global targetTgid (skel->bss) to its own pid before loading,
 * opens a probe path and prints the record the kernel sent; then it points the filter at
 * pid 1 and checks that its own openat no longer shows up. */
#include "tinybpf_example.h"

#include <fcntl.h>
#include <sys/syscall.h>

#include "tp_openat_ringbuf.skel.h"

#define PROBE_PATH "/tmp/tinybpf-example-openat-probe"

struct open_event { /* openEvent in prog.go */
	uint32_t pid, tgid, uid;
	int32_t flags;
	char comm[16];
	char filename[64];
};

static int own_records, probe_records, foreign_records;

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	const struct open_event *ev = data;
	if (size != sizeof *ev) {
		example_check(false, "record size %zu, expected %zu", size, sizeof *ev);
		return 0;
	}
	if (ev->tgid != (uint32_t)getpid()) {
		foreign_records++;
		return 0;
	}
	own_records++;
	if (strcmp(ev->filename, PROBE_PATH) != 0)
		return 0;
	probe_records++;
	if (probe_records == 1) {
		char comm[16];
		memset(comm, 0, sizeof comm);
		FILE *f = fopen("/proc/self/comm", "r");
		if (f) {
			if (fgets(comm, sizeof comm, f))
				comm[strcspn(comm, "\n")] = 0;
			fclose(f);
		}
		printf("openat by pid %u tgid %u uid %u comm \"%.16s\" flags %d: %s\n", ev->pid, ev->tgid, ev->uid,
		       ev->comm, ev->flags, ev->filename);
		example_check(ev->pid == (uint32_t)syscall(SYS_gettid) && ev->uid == (uint32_t)getuid() &&
				      ev->flags == O_RDONLY && strncmp(ev->comm, comm, sizeof ev->comm) == 0,
			      "record matches this thread (pid %ld, uid %u, comm %s)", (long)syscall(SYS_gettid),
			      getuid(), comm);
	}
	return 0;
}

static void probe_openat(struct ring_buffer *rb)
{
	int fd = openat(AT_FDCWD, PROBE_PATH, O_RDONLY); /* the file need not exist */
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < 5; i++)
		if (ring_buffer__poll(rb, 50) < 0)
			example_die("ring_buffer__poll", errno);
}

int main(void)
{
	example_init("tp_openat_ringbuf");
	struct tp_openat_ringbuf *skel = tp_openat_ringbuf__open();
	if (!skel)
		example_die("tp_openat_ringbuf__open", errno);
	skel->bss->targetTgid = (uint32_t)getpid(); /* the Go knob, read with volatile.LoadUint32 */
	int err = tp_openat_ringbuf__load(skel);
	if (err)
		example_die("tp_openat_ringbuf__load", err);
	err = tp_openat_ringbuf__attach(skel);
	if (err)
		example_die("attach tracepoint/syscalls/sys_enter_openat", err);
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
	if (!rb)
		example_die("ring_buffer__new", errno);

	probe_openat(rb);
	example_check(probe_records == 1, "one record for our openat(\"%s\") (got %d)", PROBE_PATH, probe_records);
	example_check(foreign_records == 0, "no records from other processes with targetTgid = %d (got %d)",
		      getpid(), foreign_records);

	skel->bss->targetTgid = 1; /* global data stays writable after load */
	own_records = probe_records = foreign_records = 0;
	probe_openat(rb);
	example_check(own_records == 0, "targetTgid = 1: our openat is filtered out (got %d records)", own_records);

	ring_buffer__free(rb);
	tp_openat_ringbuf__destroy(skel);
	return example_finish("tp_openat_ringbuf");
}
