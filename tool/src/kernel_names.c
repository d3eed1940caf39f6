/* Go spellings of kernel names (see kernel_names.h). Used by tbpf-core's CO-RE pass
 * (core.c), map and helper names, and by tbpf-gen-types, which checks that every Go name
 * it writes maps back to its kernel name through tbpf_kernel_name. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_names.h"

static char *alloc_or_die(size_t n)
{
	char *p = malloc(n);
	if (!p) {
		fputs("out of memory\n", stderr);
		exit(70);
	}
	return p;
}

/* "TaskStruct" -> "task_struct", "RealParent" -> "real_parent", "TCPSock" -> "tcp_sock",
 * "Ipv6Hdr" -> "ipv6_hdr". */
char *tbpf_snake_case(const char *camel, size_t len)
{
	char *out = alloc_or_die(2 * len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = camel[i];
		if (isupper((unsigned char)c)) {
			bool prev_lower = i > 0 && (islower((unsigned char)camel[i - 1]) || isdigit((unsigned char)camel[i - 1]));
			bool acronym_end = i > 0 && isupper((unsigned char)camel[i - 1]) && i + 1 < len &&
					   islower((unsigned char)camel[i + 1]);
			if (o && (prev_lower || acronym_end))
				out[o++] = '_';
			out[o++] = (char)tolower((unsigned char)c);
		} else {
			out[o++] = c;
		}
	}
	out[o] = 0;
	return out;
}

char *tbpf_kernel_name(const char *go, size_t len)
{
	if (len > 1 && go[len - 1] == '_') {
		char *out = alloc_or_die(len);
		memcpy(out, go, len - 1);
		out[len - 1] = 0;
		return out;
	}
	return tbpf_snake_case(go, len);
}
