/* Reading TinyGo's module, writing ours atomically, running LLVM pass pipelines. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm-c/BitWriter.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "tbpf.h"

/* A reader error on bitcode names the writer ("Producer: 'LLVM22.1.8' Reader: 'LLVM 19.1.7'";
 * the identification block itself stores it char6-encoded); textual IR from a newer LLVM
 * only shows up as syntax we do not know. */
static int producer_major_version(const char *msg)
{
	const char *p = msg ? strstr(msg, "Producer: 'LLVM") : NULL;
	return p && isdigit((unsigned char)p[15]) ? atoi(p + 15) : 0;
}

/* Parses buf (whose ownership it takes) into t->mod; path names it in diagnostics. */
static int parse_module(struct tbpf *t, const char *path, LLVMMemoryBufferRef buf)
{
	char *msg = NULL;
	size_t size = LLVMGetBufferSize(buf);
	if (size == 0) {
		fprintf(stderr, "%s: error: input is empty; expected TinyGo's LLVM IR (.ll) or bitcode (.bc)\n",
			path);
		LLVMDisposeMemoryBuffer(buf);
		return -1;
	}
	bool bitcode = size >= 4 && memcmp(LLVMGetBufferStart(buf), "BC\xc0\xde", 4) == 0;

	/* LLVMParseIRInContext takes ownership of the buffer. */
	if (LLVMParseIRInContext(t->ctx, buf, &t->mod, &msg)) {
		int producer = producer_major_version(msg);
		fprintf(stderr, "%s: error: cannot parse %s: %s\n", path, bitcode ? "bitcode" : "LLVM IR",
			msg ? msg : "unknown error");
		if (producer > TBPF_LLVM_MAJOR)
			fprintf(stderr,
				"%s: note: this bitcode was written by LLVM %d, newer than tbpf-core's LLVM %d; "
				"build tbpf-core against LLVM %d or newer (-DTINYBPF_LLVM_VERSION=%d), "
				"or emit IR with a TinyGo built on LLVM %d\n",
				path, producer, TBPF_LLVM_MAJOR, producer, producer, TBPF_LLVM_MAJOR);
		else
			fprintf(stderr,
				"%s: note: tbpf-core reads IR from LLVM %d and older; IR from a newer LLVM "
				"(TinyGo release binaries use LLVM 20) needs tbpf-core built against that LLVM\n",
				path, TBPF_LLVM_MAJOR);
		LLVMDisposeMessage(msg);
		return -1;
	}
	return 0;
}

int tbpf_read_module(struct tbpf *t, const char *path)
{
	LLVMMemoryBufferRef buf;
	char *msg = NULL;
	if (LLVMCreateMemoryBufferWithContentsOfFile(path, &buf, &msg)) {
		fprintf(stderr, "%s: error: cannot read input: %s\n", path, msg);
		LLVMDisposeMessage(msg);
		return -1;
	}
	return parse_module(t, path, buf);
}

int tbpf_read_module_buffer(struct tbpf *t, const char *name, const char *data, size_t len)
{
	/* A copy: LLVM's IR lexer needs the NUL terminator the copy adds. */
	return parse_module(t, name, LLVMCreateMemoryBufferWithMemoryRangeCopy(data, len, name));
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The temporary output being written: a SIGINT/SIGTERM/SIGHUP (Ninja interrupted) removes
 * it before the signal ends the process, so an interrupted build leaves no litter. */
static const char *volatile pending_tmp;

static void remove_pending_tmp(int sig)
{
	if (pending_tmp)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(bool on)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	static struct sigaction saved[3];
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		if (!on) {
			sigaction(sigs[i], &saved[i], NULL);
			continue;
		}
		struct sigaction sa = {.sa_handler = remove_pending_tmp};
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN) /* ignored stays ignored (nohup) */
			sigaction(sigs[i], &sa, NULL);
	}
}

static int write_stdout(struct tbpf *t, bool text)
{
	if (!text) {
		fprintf(stderr, "tbpf-core: error: -o - writes textual IR only; add -S\n");
		return -1;
	}
	char *ir = LLVMPrintModuleToString(t->mod);
	int rc = write_all(1, ir, strlen(ir));
	LLVMDisposeMessage(ir);
	return rc;
}

static int write_module_to(struct tbpf *t, int fd, bool text)
{
	int rc;
	if (text) {
		char *ir = LLVMPrintModuleToString(t->mod);
		rc = write_all(fd, ir, strlen(ir));
		LLVMDisposeMessage(ir);
	} else {
		/* Not LLVMWriteBitcodeToFD: its stream turns a failed write (a full disk) into a
		 * fatal error that exits with the temporary file left behind. */
		LLVMMemoryBufferRef bc = LLVMWriteBitcodeToMemoryBuffer(t->mod);
		rc = write_all(fd, LLVMGetBufferStart(bc), LLVMGetBufferSize(bc));
		LLVMDisposeMemoryBuffer(bc);
	}
	return rc;
}

/* An output that exists and is not a regular file (/dev/null, a FIFO) is written in place:
 * renaming a finished file over it would replace the device with a file. */
static int write_special(struct tbpf *t, const char *path, bool text)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	int rc = fd < 0 ? -1 : write_module_to(t, fd, text);
	int saved = errno;
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0)
		fprintf(stderr, "%s: error: cannot write output: %s\n", path, strerror(saved));
	return rc;
}

/* Write next to the destination and rename, so an interrupted run never leaves a
 * file that a build system would take for finished output. */
int tbpf_write_module(struct tbpf *t, const char *path, bool text)
{
	if (strcmp(path, "-") == 0)
		return write_stdout(t, text);
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_special(t, path, text);
	size_t len = strlen(path);
	char *tmp = tbpf_xmalloc(len + 16);
	snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: error: cannot create output: %s\n", path, strerror(errno));
		free(tmp);
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask); /* mkstemp creates 0600; outputs are ordinary files */
	pending_tmp = tmp;
	catch_signals(true);
	int rc = write_module_to(t, fd, text);
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	int saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		fprintf(stderr, "%s: error: cannot write output: %s\n", path, strerror(saved));
		unlink(tmp);
	}
	catch_signals(false);
	pending_tmp = NULL;
	free(tmp);
	return rc;
}

int tbpf_run_passes(struct tbpf *t, const char *pipeline)
{
	LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
	LLVMErrorRef err = LLVMRunPasses(t->mod, pipeline, t->tm, opts);
	LLVMDisposePassBuilderOptions(opts);
	if (err) {
		char *msg = LLVMGetErrorMessage(err);
		tbpf_error(t, "internal error: LLVM pass pipeline '%s' failed: %s", pipeline, msg);
		LLVMDisposeErrorMessage(msg);
		return -1;
	}
	return 0;
}
