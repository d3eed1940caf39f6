#!/usr/bin/env bash
# kernel.twin.<name>: compile the C twin bench/twins/<name>.bpf.c with clang and
# run tbpf-behave <name> on the object.
# usage: run_twin.sh CLANG TWIN.bpf.c WORKDIR TBPF_BEHAVE [CFLAGS...]
# Exit status is tbpf-behave's (0 pass, 1 fail, 77 skip).
set -euo pipefail

if [ "$#" -lt 4 ]; then
  echo "usage: $0 CLANG TWIN.bpf.c WORKDIR TBPF_BEHAVE [CFLAGS...]" >&2
  exit 2
fi
clang=$1 src=$2 work=$3 behave=$4
shift 4
name=$(basename "$src" .bpf.c)

# __TARGET_ARCH_<arch>: the pt_regs layout of this machine, for twins of probe programs.
set -- "$@" "-D__TARGET_ARCH_$(sh "$(dirname "$0")/target_arch.sh")"
mkdir -p "$work"
echo "+ $clang $* -c $src -o $work/$name.bpf.o"
"$clang" "$@" -c "$src" -o "$work/$name.bpf.o"
echo "+ $behave $name $work/$name.bpf.o"
exec "$behave" "$name" "$work/$name.bpf.o"
