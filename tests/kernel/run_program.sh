#!/usr/bin/env bash
# kernel.program.<name>: like run_fixture.sh, for a Go program of tests/programs whose TinyGo
# IR is looked up in ../shared/tinygo-ir/project (exit 77 = skipped until it exists).
# A program's BPF C modules (spec.json "c_modules", paths from the program's directory, in a
# subdirectory: beside prog.go, Go would refuse .c files without cgo) are compiled by
# $TBPF_CLANG with $TBPF_C_FLAGS and -D__TARGET_ARCH_<arch> and linked in (run_fixture.sh
# --link, tbpf-core --linked-with-c), as add_tinybpf_program does with .c SOURCES.
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
link=()
modules=$(sed -n 's/^ *"c_modules": *\[\(.*\)\].*/\1/p' "$program/spec.json" | tr -d '" ' | tr ',' ' ')
if [ -n "$modules" ]; then
  if [ -z "${TBPF_CLANG:-}" ] || ! command -v "$TBPF_CLANG" >/dev/null 2>&1; then
    echo "SKIP: no clang (TBPF_CLANG=\"${TBPF_CLANG:-}\") to compile the C modules of $(basename "$program"): $modules"
    exit 77
  fi
  arch=$(sh "$(dirname "$0")/target_arch.sh")
  for m in $modules; do
    bc=$work/$(basename "${m%.c}").bc
    # shellcheck disable=SC2086
    echo "+ $TBPF_CLANG ${TBPF_C_FLAGS:-} -D__TARGET_ARCH_$arch -emit-llvm -c $program/$m -o $bc"
    # shellcheck disable=SC2086
    "$TBPF_CLANG" ${TBPF_C_FLAGS:-} "-D__TARGET_ARCH_$arch" -emit-llvm -c "$program/$m" -o "$bc"
    link+=(--link "$bc")
  done
  link+=(--linked-with-c)
fi
exec bash "$(dirname "$0")/run_fixture.sh" "$1" "$2" "$3" "$fixture" "$work" "$5" "${@:6}" "${link[@]}"
