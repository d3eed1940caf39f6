#!/bin/bash
# run_verify_cmake.sh TBPF_CORE TBPF_VERIFY LLVM_MAJOR LLVM_BIN GENERATOR REPO FIXTURES WORK
# add_tinybpf_program(... VERIFY): the good program builds and is verified (stamp file);
# the broken one (latency_pair without its nil check, see run_verify.sh) fails the build
# with the verifier's complaint at prog.go:105, and fails again on the next build.
set -u -o pipefail
tbpf=$1 verify=$2 major=$3 llvm_bin=$4 gen=$5 repo=$6 fixtures=$7 work=$8
if [ "$(id -u)" != 0 ]; then
  echo "SKIPPED: VERIFY runs only as root"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
ir=$work/nonil_prog.ll
from='%2 = icmp eq ptr %1, null, !dbg !1766' to='%2 = icmp ne ptr %1, %1, !dbg !1766'
[ "$(grep -cF -- "$from" "$fixtures/latency_pair/prog.ll")" = 1 ] || { echo "FAIL: fixture changed"; exit 1; }
sed "s|$from|$to|" "$fixtures/latency_pair/prog.ll" >"$ir"
cp "$fixtures/latency_pair/prog.go" "$work/prog.go"   # --source-dir: the IR's directory
cmake -S "$(dirname "$0")/project" -B "$work/build" -G "$gen" -DREPO="$repo" -DFIXTURES="$fixtures" \
  -DBROKEN="$ir" -DTINYBPF_CORE_EXECUTABLE="$tbpf" -DTINYBPF_VERIFY_EXECUTABLE="$verify" \
  -DTinyBPF_LLVM_VERSION_MAJOR="$major" -DTinyBPF_LLVM_TOOLS_DIR="$llvm_bin" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; echo "FAIL: configure"; exit 1; }
fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }

cmake --build "$work/build" --target good >"$work/good.log" 2>&1
rc=$?
check '[ $rc -eq 0 ]' "the good program builds with VERIFY"
check 'grep -q "good.bpf.o: xdp_port_drop (xdp): ok" "$work/good.log"' "tbpf-verify ran on it"
check '[ -f "$work/build/tinybpf/good.dir/good.verified" ]' "its verified stamp exists"

for attempt in 1 2; do
  cmake --build "$work/build" --target broken >"$work/broken$attempt.log" 2>&1
  rc=$?
  check '[ $rc -ne 0 ]' "build $attempt of the broken program fails"
  check 'grep -Eq "prog\.go:105(:[0-9]+)?: error: R[0-9]+ invalid mem access .map_value_or_null." "$work/broken$attempt.log"' \
    "build $attempt names the Go line and the verifier's complaint"
  check 'grep -q "^ *105 | .*\*tsp" "$work/broken$attempt.log"' "build $attempt shows the source line"
  check 'grep -q "^hint: missing nil check" "$work/broken$attempt.log"' "build $attempt gives the hint"
  check '[ ! -e "$work/build/tinybpf/broken.dir/broken.verified" ]' "no verified stamp after build $attempt"
done
[ $fail -eq 0 ] || cat "$work/broken1.log"
exit $fail
