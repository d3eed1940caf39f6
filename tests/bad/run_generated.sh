#!/bin/sh
# run_generated.sh KIND FIXTURE_DIR LLVM_BIN TBPF_CORE WORK REGEX [tbpf-core args...]
# make_input.sh KIND, then the bad-input check of run_bad.sh on the result; with a REGEX
# starting "warning:" instead: exit 0, one warning matching REGEX, no error, output written.
set -u
kind=$1 fixture=$2 llvm_bin=$3 tbpf=$4 work=$5 regex=$6
shift 6
here=$(dirname "$0")
rm -rf "$work" && mkdir -p "$work"
sh "$here/make_input.sh" "$kind" "$fixture" "$llvm_bin" "$work/input" || exit 1
case $regex in
warning:*)
  "$tbpf" transform "$work/input/prog.ll" -o "$work/out.bc" "$@" 2>"$work/stderr"
  rc=$?
  cat "$work/stderr"
  fail=0
  [ $rc -eq 0 ] || { echo "FAIL: exit status $rc, expected 0"; fail=1; }
  grep -Eq -- "$regex" "$work/stderr" || { echo "FAIL: no warning matching: $regex"; fail=1; }
  [ "$(grep -c ': warning: ' "$work/stderr")" -eq 1 ] || { echo "FAIL: expected exactly one warning"; fail=1; }
  ! grep -q ': error: ' "$work/stderr" || { echo "FAIL: an error was reported"; fail=1; }
  [ -s "$work/out.bc" ] || { echo "FAIL: no output written"; fail=1; }
  [ $fail -eq 0 ] && echo "ok: accepted with the expected warning"
  exit $fail
  ;;
esac
exec sh "$here/run_bad.sh" "$tbpf" "$work/input" "$work/run" "$regex" "$@"
