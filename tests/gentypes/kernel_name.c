/* tbpf-kernel-name GO_NAME...: the kernel name tbpf-core reads in each Go name
 * (tbpf_kernel_name, tool/src/kernel_names.c), one per line. For tests/gentypes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_names.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *k = tbpf_kernel_name(argv[i], strlen(argv[i]));
		puts(k);
		free(k);
	}
	return 0;
}
