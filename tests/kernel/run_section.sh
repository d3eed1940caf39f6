#!/usr/bin/env bash
# kernel.section.<type>: a corpus fixture built for another program type (--section FN=SEC),
# then tbpf-behave <fixture>_as, which knows what each section must load as and do.
# usage: run_section.sh FIXTURE_DIR TBPF_CORE LLC LLVM_LINK WORKDIR TBPF_BEHAVE --section FN=SEC
set -euo pipefail
fixture=$1
shift
name=$(basename "$fixture")_as
work=$4
mkdir -p "$work/$name"
cp "$fixture/prog.ll" "$work/$name/prog.ll"
exec bash "$(dirname "$0")/run_fixture.sh" "$1" "$2" "$3" "$work/$name" "$work" "$5" "${@:6}"
