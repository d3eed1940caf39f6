/* LD_PRELOAD shim for tests/atomic: makes tbpf-core's output write fail in the ways a
 * build can fail, on the temporary output file only (its name contains ".tmp.").
 *   TBPF_FAULT=enospc        write() fails with ENOSPC (disk full) after the first bytes
 *   TBPF_FAULT=term          SIGTERM to itself in the middle of the write (Ninja interrupted)
 *   TBPF_FAULT=kill          SIGKILL to itself in the middle of the write (a crash, OOM kill)
 *   TBPF_FAULT=rename        rename() of the temporary file fails with EXDEV */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *fault(void)
{
	const char *f = getenv("TBPF_FAULT");
	return f ? f : "";
}

static int is_tmp_output(int fd)
{
	char link[64], path[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	if (n <= 0)
		return 0;
	path[n] = 0;
	return strstr(path, ".tmp.") != NULL;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	static ssize_t (*real)(int, const void *, size_t);
	static int writes;
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (fd > 2 && *fault() && strcmp(fault(), "rename") != 0 && is_tmp_output(fd)) {
		if (writes++ == 0) /* some bytes reach the file first */
			return real(fd, buf, len < 16 ? len : 16);
		if (!strcmp(fault(), "enospc")) {
			errno = ENOSPC;
			return -1;
		}
		if (!strcmp(fault(), "term"))
			raise(SIGTERM);
		if (!strcmp(fault(), "kill"))
			raise(SIGKILL);
	}
	return real(fd, buf, len);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (!strcmp(fault(), "rename") && strstr(from, ".tmp.")) {
		errno = EXDEV;
		return -1;
	}
	return real(from, to);
}
