#!/bin/sh
# run_leaks.sh VALGRIND SUPPRESSIONS TBPF_CORE INPUT WORK [tbpf-core transform args...]
# tbpf-core transform under valgrind's memcheck: fails on any memory error and on any
# definitely or possibly lost block. Blocks still reachable at exit (LLVM's static
# registries, option tables) are not leaks. Whether the transform itself succeeds does
# not matter here (error paths must not leak either).
set -u
valgrind=$1 supp=$2 tbpf=$3 input=$4 work=$5
shift 5
if [ -z "$valgrind" ] || [ ! -x "$valgrind" ]; then
  echo "SKIPPED: valgrind not found (apt install valgrind)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
"$valgrind" --quiet --leak-check=full --show-leak-kinds=definite,possible \
  --errors-for-leak-kinds=definite,possible --error-exitcode=99 --suppressions="$supp" \
  --num-callers=30 "$tbpf" transform "$input" -o "$work/out" "$@" >"$work/log" 2>&1
rc=$?
cat "$work/log"
if [ $rc -eq 99 ]; then
  echo "FAIL: valgrind found memory errors or leaks (above)"
  exit 1
fi
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
  echo "FAIL: tbpf-core exited with $rc"
  exit 1
fi
echo "ok: no leak, no memory error (tbpf-core exit $rc)"
exit 0
