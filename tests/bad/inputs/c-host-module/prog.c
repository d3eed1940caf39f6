/* A C program compiled for the host, not TinyGo:
 *   clang-19 -O2 -g -S -emit-llvm --target=x86_64-unknown-linux-gnu -fno-ident prog.c */
#include <stdio.h>

int counter;

int prog(void *ctx)
{
	counter++;
	printf("seen %d packets\n", counter);
	return 2;
}
