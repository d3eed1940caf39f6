#!/usr/bin/env bash
# kernel.program.<name>: like run_fixture.sh, for a Go program of tests/programs whose TinyGo
# IR is looked up in ../shared/tinygo-ir/project (exit 77 = skipped until it exists).
# usage: run_program.sh PROGRAM_DIR SHARED_DIR TBPF_CORE LLC LLVM_LINK WORKDIR TBPF_BEHAVE [--section FN=SEC]...
set -euo pipefail
program=$1 shared=$2
shift 2
ir=$(bash "$(dirname "$0")/../programs/find_ir.sh" "$program" "$shared") || exit $?
work=$4
fixture=$work/fixture/$(basename "$program")
mkdir -p "$fixture"
cp "$ir" "$fixture/prog.ll"
cp "$program/spec.json" "$fixture/spec.json"
exec bash "$(dirname "$0")/run_fixture.sh" "$1" "$2" "$3" "$fixture" "$work" "$5" "${@:6}"
