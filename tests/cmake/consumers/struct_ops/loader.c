/* Registers tcp_cc's struct_ops map as TCP congestion control "tbpf_test_cc", makes three
 * loopback TCP connections whose client sockets choose it, and checks what the Go `init`
 * (globals_config's getpid_globals) did: it ran once per connection, calls == 3, and its
 * xorshift state and weighted sum are the ones three steps give. Exit 77 when not root. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcp_cc.skel.h"

#define CC_NAME "tbpf_test_cc"
#define CONNECTIONS 3

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

/* One connection from a client socket using CC_NAME; 0 or -1 (with a message). */
static int connect_once(int server, const struct sockaddr_in *addr)
{
	char cc[16] = "";
	socklen_t cclen = sizeof cc;
	int rc = -1, peer = -1, c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || setsockopt(c, IPPROTO_TCP, TCP_CONGESTION, CC_NAME, strlen(CC_NAME))) {
		fprintf(stderr, "setsockopt(TCP_CONGESTION, %s): %s\n", CC_NAME, strerror(errno));
		goto out;
	}
	if (connect(c, (const struct sockaddr *)addr, sizeof *addr) ||
	    (peer = accept(server, NULL, NULL)) < 0) {
		fprintf(stderr, "loopback connection: %s\n", strerror(errno));
		goto out;
	}
	if (getsockopt(c, IPPROTO_TCP, TCP_CONGESTION, cc, &cclen) || strcmp(cc, CC_NAME) != 0) {
		fprintf(stderr, "the client socket's congestion control is '%s', not %s\n", cc, CC_NAME);
		goto out;
	}
	char buf[5];
	if (write(c, "hello", 5) != 5 || read(peer, buf, sizeof buf) != 5) {
		fprintf(stderr, "data over the connection: %s\n", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (peer >= 0)
		close(peer);
	if (c >= 0)
		close(c);
	return rc;
}

/* The object's license section holds exactly LICENSE's string (CMakeLists.txt). */
static int has_license(const struct tcp_cc *skel, const char *want)
{
	size_t size, n = strlen(want) + 1;
	const char *elf = tcp_cc__elf_bytes(&size);
	for (size_t i = 0; i + n <= size; i++)
		if (memcmp(elf + i, want, n) == 0 && (i == 0 || elf[i - 1] == '\0'))
			return 1;
	return 0;
}

int main(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "not root: cannot load BPF programs\n");
		return 77;
	}
	struct bpf_link *link = NULL;
	int server = -1;
	struct tcp_cc *skel = tcp_cc__open_and_load();
	if (!skel) {
		fprintf(stderr, "tcp_cc__open_and_load: %s\n", strerror(errno));
		return 1;
	}
	expect(has_license(skel, "Dual BSD/GPL"), "the object's license is LICENSE's, \"Dual BSD/GPL\"");
	link = bpf_map__attach_struct_ops(skel->maps.tbpf_cc);
	if (!link) {
		fprintf(stderr, "registering %s: %s%s\n", CC_NAME, strerror(errno),
			errno == EEXIST ? " (left registered by an earlier run? `bpftool struct_ops "
					  "unregister name tbpf_cc`)" : "");
		failures++;
		goto out;
	}

	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof addr;
	server = socket(AF_INET, SOCK_STREAM, 0);
	if (server < 0 || bind(server, (struct sockaddr *)&addr, sizeof addr) || listen(server, 8) ||
	    getsockname(server, (struct sockaddr *)&addr, &alen)) {
		fprintf(stderr, "loopback server: %s\n", strerror(errno));
		failures++;
		goto out;
	}
	int made = 0;
	for (int i = 0; i < CONNECTIONS; i++)
		made += connect_once(server, &addr) == 0;
	expect(made == CONNECTIONS, "3 loopback connections used " CC_NAME);

	/* What globals_config's Go code computes per run (prog.go), three times over. */
	static const uint32_t weights[8] = {1, 2, 3, 5, 8, 13, 21, 34};
	uint32_t x = 2463534242u;
	uint64_t sum = 0;
	for (int i = 0; i < CONNECTIONS; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		sum += weights[x & 7];
	}
	printf("calls=%llu mixState=%u weightedSum=%llu (expected 3, %u, %llu)\n",
	       (unsigned long long)skel->bss->calls, skel->data->mixState,
	       (unsigned long long)skel->bss->weightedSum, x, (unsigned long long)sum);
	expect(skel->bss->calls == CONNECTIONS, "the Go init ran once per connection");
	expect(skel->data->mixState == x && skel->bss->weightedSum == sum,
	       "its state is what three runs of the Go code give");
out:
	if (server >= 0)
		close(server);
	bpf_link__destroy(link); /* unregisters CC_NAME */
	tcp_cc__destroy(skel);
	return failures ? 1 : 0;
}
