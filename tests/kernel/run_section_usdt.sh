#!/usr/bin/env bash
# kernel.section.usdt: like run_section.sh, with libbpf's USDT support maps (usdt_maps.bpf.c,
# compiled by clang to bitcode) linked into the object:
#   clang -emit-llvm -c usdt_maps.bpf.c -o usdt_maps.bc
#   run_section.sh ... --link usdt_maps.bc  (llvm-link prog.bc usdt_maps.bc)
# usage: run_section_usdt.sh CLANG FIXTURE_DIR TBPF_CORE LLC LLVM_LINK WORKDIR TBPF_BEHAVE
#          --section FN=SEC [CFLAGS...]
# Exit status: run_section.sh's; 77 (skip) when there is no clang to compile the module.
set -euo pipefail

if [ "$#" -lt 9 ] || [ "$8" != --section ]; then
  echo "usage: $0 CLANG FIXTURE_DIR TBPF_CORE LLC LLVM_LINK WORKDIR TBPF_BEHAVE --section FN=SEC [CFLAGS...]" >&2
  exit 2
fi
clang=$1 work=$6
section=("$8" "$9")
args=("${@:2:6}")
shift 9

if ! command -v "$clang" >/dev/null 2>&1; then
  echo "SKIP: no clang (\"$clang\") to compile $(dirname "$0")/usdt_maps.bpf.c, libbpf's USDT maps"
  exit 77
fi
# bpf_tracing.h's pt_regs layout is the host's: the probe is in a process of this machine.
arch=$(sh "$(dirname "$0")/target_arch.sh")

mkdir -p "$work"
src=$(dirname "$0")/usdt_maps.bpf.c
echo "+ $clang $* -D__TARGET_ARCH_$arch -emit-llvm -c $src -o $work/usdt_maps.bc"
"$clang" "$@" "-D__TARGET_ARCH_$arch" -emit-llvm -c "$src" -o "$work/usdt_maps.bc"
exec bash "$(dirname "$0")/run_section.sh" "${args[@]}" "${section[@]}" --link "$work/usdt_maps.bc"
