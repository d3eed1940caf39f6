/* Uses xdp_port_drop's skeleton without loading it: open the embedded object and print
 * its programs and maps. */
#include <stdio.h>

#include "xdp_port_drop.skel.h"

int main(void)
{
	struct xdp_port_drop *skel = xdp_port_drop__open();
	if (!skel) {
		perror("xdp_port_drop__open");
		return 1;
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		printf("program %s in section %s\n", bpf_program__name(prog), bpf_program__section_name(prog));
	struct bpf_map *map;
	bpf_object__for_each_map(map, skel->obj)
		printf("map %s\n", bpf_map__name(map));
	xdp_port_drop__destroy(skel);
	return 0;
}
