#!/usr/bin/env bash
# kernel.<name>: the fixture's TinyGo IR through the tool chain, then the
# behaviour test on the resulting object:
#   tbpf-core transform prog.ll -o prog.bc --section FN=SEC ...
#   llvm-link prog.bc [EXTRA.bc...] -o linked.bc
#   tbpf-core check-linked linked.bc                 (with EXTRA.bc, as CMake does with C modules)
#   llc -march=bpf -mcpu=v3 -filetype=obj linked.bc -o prog.o
#   tbpf-behave <name> prog.o
# usage: run_fixture.sh TBPF_CORE LLC LLVM_LINK FIXTURE_DIR WORKDIR TBPF_BEHAVE [--section FN=SEC]...
#          [--link EXTRA.bc]...   (bitcode linked in beside tbpf-core's output, e.g. C support code)
# Exit status: the first failing step's, else tbpf-behave's (0 pass, 1 fail, 77 skip).
set -euo pipefail

if [ "$#" -lt 6 ]; then
  echo "usage: $0 TBPF_CORE LLC LLVM_LINK FIXTURE_DIR WORKDIR TBPF_BEHAVE [--section FN=SEC]... [--link EXTRA.bc]..." >&2
  exit 2
fi
core=$1 llc=$2 link=$3 fixture=$4 work=$5 behave=$6
shift 6
name=$(basename "$fixture")
core_args=() extra_bc=()
while [ "$#" -gt 0 ]; do
  if [ "$1" = --link ] && [ "$#" -ge 2 ]; then
    extra_bc+=("$2")
    shift 2
  else
    core_args+=("$1")
    shift
  fi
done

run() {
  echo "+ $*"
  "$@"
}

mkdir -p "$work"
rm -f "$work/prog.bc" "$work/linked.bc" "$work/prog.o"
run "$core" transform "$fixture/prog.ll" -o "$work/prog.bc" "${core_args[@]}"
run "$link" "$work/prog.bc" "${extra_bc[@]}" -o "$work/linked.bc"
if [ "${#extra_bc[@]}" -gt 0 ]; then
  run "$core" check-linked "$work/linked.bc"
fi
run "$llc" -march=bpf -mcpu=v3 -filetype=obj "$work/linked.bc" -o "$work/prog.o"
echo "+ $behave $name $work/prog.o"
exec "$behave" "$name" "$work/prog.o"
