#!/bin/bash
# run_fuzz.sh MODE FUZZER FIXTURES LLVM_BIN FUZZ_SRC WORK SECONDS SKIP_REASON
#   MODE regressions  run every file of FUZZ_SRC/regressions and the seed corpus once
#   MODE fuzz         fuzz for SECONDS from the seeds (fresh corpus in WORK each time);
#                     FUZZ_SEED=N in the environment picks another random seed (default 1)
#
# A finding fails the test when it is in our code: the innermost stack frame of the report
# that lies in tool/src or tests/fuzz is not one that only hands the input to LLVM, i.e.
# parse_module (LLVM's IR/bitcode reader) or verify_input (LLVM's verifier). Crashes,
# hangs and leaks there happen inside LLVM on malformed input (LLVM is not instrumented;
# its release build has no assertions): they are listed and kept in WORK/llvm/. A finding
# that does not reproduce in a fresh process is reported as a warning: it needs state
# left by earlier inputs in the same process, which tbpf-core (one module per process)
# never has.
#
# To add a finding to the regression corpus: reduce it (text: llvm-reduce with a script
# that greps tbpf-core's output for the symptom; see README.md), fix it, check that the
# reduced file fails without the fix, and add it to tests/fuzz/regressions/ with its
# "; tbpf:" line and a comment saying what it was.
set -u
mode=$1 fuzzer=$2 fixtures=$3 llvm_bin=$4 src=$5 work=$6 seconds=$7 skip=${8:-}
if [ -n "$skip" ]; then
  echo "SKIPPED: $skip"
  exit 77
fi
if [ ! -x "$fuzzer" ]; then
  echo "FAIL: $fuzzer was not built (build the tbpf-fuzz-transform target)"
  exit 1
fi
export ASAN_SYMBOLIZER_PATH=$llvm_bin/llvm-symbolizer
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
rm -rf "$work" && mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts" "$work/llvm"
python3 "$src/gen_seeds.py" "$fixtures" "$llvm_bin" "$work/seeds" || exit 1

# The innermost function of ours in a sanitizer/libFuzzer report, or "".
own_frame() {
  grep -E '^ +#[0-9]+ 0x[0-9a-f]+ in [A-Za-z_][A-Za-z0-9_]* /[^ ]*/(tool/src|tests/fuzz)/[^ /]+\.c:[0-9]+' "$1" |
    head -1 | sed -E 's/.* in ([A-Za-z_][A-Za-z0-9_]*) .*/\1/'
}

if [ "$mode" = regressions ]; then
  inputs=("$work"/seeds/*)
  for f in "$src"/regressions/*; do
    [ -f "$f" ] && [ "${f##*/}" != README.md ] && inputs+=("$f")
  done
  echo "replaying ${#inputs[@]} inputs (seeds and regressions/)"
  "$fuzzer" -timeout=10 -rss_limit_mb=2048 "${inputs[@]}" >"$work/replay.log" 2>&1
  rc=$?
  grep -E '^(Running|Executed)' "$work/replay.log" | grep -c Executed | sed 's/^/executed: /'
  if [ $rc -ne 0 ]; then
    grep -B2 -A60 -E 'ERROR|runtime error|LLVM fatal error' "$work/replay.log" | head -150
    echo "FAIL: an input crashed, hung or leaked (exit $rc); full log: $work/replay.log"
    exit 1
  fi
  echo "ok: every seed and regression input runs clean"
  exit 0
fi

# Only textual IR is mutated. LLVM 19's bitcode reader (release build, no assertions)
# crashes or leaks on nearly every mutated bitcode file, so fuzzing bitcode would fuzz
# LLVM; the bitcode seeds are replayed by fuzz.regressions, and the modules our passes
# see are the same whichever format they were read from.
mkdir -p "$work/seeds-text" && cp "$work"/seeds/*.ll "$work/seeds-text/"
# Fork mode: a crash, leak or hang ends one child, the parent keeps fuzzing and keeps the
# input in artifacts/; every artifact is then replayed in a fresh process and judged.
echo "fuzzing for ${seconds}s"
"$fuzzer" "$work/corpus" "$work/seeds-text" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -len_control=0 \
  -dict="$src/ir.dict" -seed="${FUZZ_SEED:-1}" -close_fd_mask=2 -artifact_prefix="$work/artifacts/" \
  -print_final_stats=1 >"$work/fuzz.log" 2>&1
rc=$?
grep -E '^#[0-9]+: cov:' "$work/fuzz.log" | tail -1
# In fork mode the exit status is -error_exitcode (77) when a child found something.
if [ $rc -ne 0 ] && ! ls "$work"/artifacts/* >/dev/null 2>&1; then
  tail -30 "$work/fuzz.log"
  echo "FAIL: the fuzzer itself failed (exit $rc); log: $work/fuzz.log"
  exit 1
fi

export ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0  # whole leak stacks through libLLVM
failed=0 tolerated=0 flaky=0
for a in "$work"/artifacts/*; do
  [ -f "$a" ] || continue
  case $a in *.replay) continue ;; esac
  "$fuzzer" -timeout=10 -rss_limit_mb=2048 "$a" >"$a.replay" 2>&1
  if [ $? -eq 0 ]; then
    flaky=$((flaky + 1))
    echo "warning: $(basename "$a") does not reproduce in a fresh process (state of an earlier input"
    echo "         in the same fuzzing process; tbpf-core runs one module per process)"
    continue
  fi
  frame=$(own_frame "$a.replay")
  what=$(grep -m1 -oE 'ERROR: [A-Za-z]+: [^(]*|runtime error: .*|LLVM fatal error: .*' "$a.replay")
  if [ "$frame" = parse_module ] || [ "$frame" = verify_input ]; then
    tolerated=$((tolerated + 1))
    mv "$a" "$a.replay" "$work/llvm/"
    echo "tolerated: LLVM's reader or verifier: $what ($(basename "$a"))"
    continue
  fi
  failed=$((failed + 1))
  echo "=== finding in tbpf-core: $what (innermost own frame: ${frame:-none})"
  grep -B2 -A50 -E 'ERROR|runtime error|LLVM fatal error' "$a.replay" | head -90
  echo "    input: $a"
  echo "    replay: $fuzzer $a ; minimise and add to tests/fuzz/regressions (see the top of run_fuzz.sh)"
done
echo "$failed finding(s) in tbpf-core, $tolerated in LLVM's reader/verifier (kept in $work/llvm), $flaky not reproducible"
if [ $failed -ne 0 ]; then
  echo "FAIL"
  exit 1
fi
echo "ok: no finding in tbpf-core's code in ${seconds}s of fuzzing"
exit 0
