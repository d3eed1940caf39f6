#!/bin/sh
# run_bad.sh TBPF_CORE FIXTURE_DIR WORK_DIR REGEX [tbpf-core args...]
# Expects: exit status 1, exactly one "error:" line matching REGEX, and no output file.
set -u
tbpf=$1 fixture=$2 work=$3 regex=$4
shift 4
rm -rf "$work" && mkdir -p "$work"
"$tbpf" transform "$fixture/prog.ll" -o "$work/out.bc" "$@" 2>"$work/stderr"
rc=$?
cat "$work/stderr"
fail=0
[ "$rc" -eq 1 ] || { echo "FAIL: exit status $rc, expected 1"; fail=1; }
grep -Eq -- "$regex" "$work/stderr" || { echo "FAIL: no diagnostic matching: $regex"; fail=1; }
n=$(grep -c ': error: ' "$work/stderr")
[ "$n" -eq 1 ] || { echo "FAIL: $n error lines, expected exactly one"; fail=1; }
leftover=$(ls -A "$work" | grep -v '^stderr$')
[ -z "$leftover" ] || { echo "FAIL: output left behind: $leftover"; fail=1; }
[ $fail -eq 0 ] && echo "ok: rejected with the expected diagnostic, no output"
exit $fail
