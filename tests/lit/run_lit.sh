#!/bin/bash
# A minimal lit: runs the "; RUN:" lines of one test file, LLVM-style.
# usage: run_lit.sh TEST TBPF_CORE FILECHECK LLC LLVM_LINK FIXTURES TMPDIR
# `not` inverts one command's status. Substitutions: %s test file, %S its directory, %t temporary path, %tbpf
# tbpf-core, %FileCheck, %llc, %llvm-link, %fixtures tests/fixtures.
set -u -o pipefail
test=$1 tbpf=$2 filecheck=$3 llc=$4 llvm_link=$5 fixtures=$6 tmp=$7
mkdir -p "$(dirname "$tmp")"
status=0 n=0
while IFS= read -r line; do
  cmd=${line#*RUN: }
  cmd=${cmd//%tbpf/$tbpf}
  cmd=${cmd//%FileCheck/$filecheck}
  cmd=${cmd//%llc/$llc}
  cmd=${cmd//%llvm-link/$llvm_link}
  cmd=${cmd//%fixtures/$fixtures}
  cmd=${cmd//%S/$(dirname "$test")}
  cmd=${cmd//%s/$test}
  cmd=${cmd//%t/$tmp}
  n=$((n + 1))
  echo "RUN: $cmd"
  # `not CMD` succeeds when CMD fails, as LLVM's `not` (only that command, not the pipe).
  if ! bash -c "set -o pipefail; not() { ! \"\$@\"; }; $cmd"; then
    echo "FAILED: RUN line $n"
    status=1
  fi
done < <(grep -E '^[;#] RUN: ' "$test")
[ "$n" -gt 0 ] || { echo "no RUN lines in $test"; exit 1; }
exit $status
