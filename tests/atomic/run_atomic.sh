#!/bin/bash
# run_atomic.sh CASE TBPF_CORE FAULTS_SO STEP_SH FIXTURES WORK
# Outputs appear atomically: a failed, interrupted or killed step leaves the previous
# output untouched (content and mtime, so Ninja still sees it as older than its inputs
# and reruns the step) and, except for SIGKILL, no temporary files either.
#   tbpf-core cases (faults.c makes the write of the temporary output fail):
#     ok enospc term kill rename
#   tinybpf-step.sh cases (the wrapper of every other add_tinybpf_program() step):
#     step-ok step-fails step-interrupted step-empty
set -u
case=$1 tbpf=$2 faults=$3 step=$4 fixtures=$5 work=$6
rm -rf "$work" && mkdir -p "$work/out"
out=$work/out/prog.bc
printf 'OLD OUTPUT\n' >"$out"
touch -d '2020-01-01 00:00:00' "$out"
old_stamp=$(stat -c %Y "$out")
# An ASan build (TINYBPF_SANITIZE) must accept the extra preloaded library.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }
unchanged() {
  check '[ "$(cat "$out")" = "OLD OUTPUT" ] && [ "$(stat -c %Y "$out")" = "$old_stamp" ]' \
    "the previous output is untouched (content and mtime)"
}
no_litter() {
  local extra
  extra=$(ls -A "$work/out" | grep -vx 'prog.bc')
  check '[ -z "$extra" ]' "no temporary file left behind${extra:+ (found: $extra)}"
}

transform() {
  env LD_PRELOAD="$faults" TBPF_FAULT="$1" "$tbpf" transform "$fixtures/xdp_port_drop/prog.ll" \
    -o "$out" --section xdp_port_drop=xdp 2>"$work/stderr"
  rc=$?
  cat "$work/stderr"
}

case $case in
ok)
  transform ""
  check '[ $rc -eq 0 ]' "exit status 0 (got $rc)"
  check '[ "$(head -c 4 "$out" | od -An -tx1 | tr -d " \n")" = 4243c0de ]' "the output was replaced by bitcode"
  no_litter
  ;;
enospc)
  transform enospc
  check '[ $rc -eq 1 ]' "exit status 1 (got $rc)"
  check 'grep -q "prog.bc: error: cannot write output: No space left on device" "$work/stderr"' "says the disk is full"
  unchanged
  no_litter
  ;;
term)
  transform term
  check '[ $rc -eq 143 ]' "ended by SIGTERM (exit status $rc)"
  unchanged
  no_litter
  ;;
kill)
  transform kill
  check '[ $rc -eq 137 ]' "ended by SIGKILL (exit status $rc)"
  unchanged
  # SIGKILL cannot be caught: the temporary file may stay, under a name no build
  # system takes for the output.
  litter=$(ls -A "$work/out" | grep -vx 'prog.bc')
  check '[ -z "$litter" ] || ! ls -A "$work/out" | grep -vx "prog.bc" | grep -qv "^prog\.bc\.tmp\."' \
    "anything left is a prog.bc.tmp.* file${litter:+ ($litter)}"
  ;;
rename)
  transform rename
  check '[ $rc -eq 1 ]' "exit status 1 (got $rc)"
  check 'grep -q "prog.bc: error: cannot write output: Invalid cross-device link" "$work/stderr"' "names the failed rename"
  unchanged
  no_litter
  ;;
step-ok)
  sh "$step" "$out" arg sh -c 'printf "NEW\n" >"$1"' sh @TMP@
  rc=$?
  check '[ $rc -eq 0 ]' "exit status 0 (got $rc)"
  check '[ "$(cat "$out")" = NEW ]' "the output was replaced"
  no_litter
  ;;
step-fails)
  sh "$step" "$out" arg sh -c 'printf "PARTIAL" >"$1"; exit 3' sh @TMP@
  rc=$?
  check '[ $rc -eq 3 ]' "the command's exit status 3 is passed on (got $rc)"
  unchanged
  no_litter
  ;;
step-interrupted)
  # Ninja interrupted: SIGINT/SIGTERM to the step's whole process group mid-command.
  setsid sh "$step" "$out" arg sh -c 'printf "PARTIAL" >"$1"; sleep 30' sh @TMP@ &
  pid=$!
  for _ in $(seq 50); do ls -A "$work/out" | grep -q '^\.tmp' && break; sleep 0.1; done
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  wait "$pid"
  rc=$?
  check '[ $rc -ne 0 ]' "the step failed (exit status $rc)"
  unchanged
  no_litter
  ;;
step-empty)
  sh "$step" "$out" arg true @TMP@ 2>"$work/stderr"
  rc=$?
  cat "$work/stderr"
  check '[ $rc -eq 1 ]' "exit status 1 (got $rc)"
  check 'grep -q "succeeded but wrote nothing" "$work/stderr"' "says the command wrote nothing"
  unchanged
  no_litter
  ;;
*)
  echo "unknown case $case"
  exit 2
  ;;
esac
exit $fail
