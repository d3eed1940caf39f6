#!/bin/bash
# run_verify.sh CASE TBPF_CORE LLC BPFTOOL FIXTURES WORK
# Builds an object from a corpus program's real TinyGo IR the way add_tinybpf_program()
# does (tbpf-core transform, llc, bpftool gen object) and checks what tbpf-verify says.
#
# The broken programs are made by hand, narrowly: one line of TinyGo's prog.ll (the
# comparison of a Go `if`) is replaced by a constant-false comparison, so that `if` never
# returns and the access after it loses its check. Everything else is TinyGo's output.
#   nil-check      latency_pair, prog.go:102 `if tsp == nil { return 0 }` removed
#                  -> prog.go:105 `*tsp` reads a map_value_or_null pointer
#   packet-bounds  xdp_port_drop, prog.go `if l4+8 > end { return xdpPass }` removed
#                  -> prog.go:80 `be16(udp.Dest)` reads past the checked packet bytes
#   return-range   (no edit) globals_config built as cgroup/recvmsg4, which must return 1
#                  -> prog.go:34 `return 0`
#   newer-section  (no edit) tc_mark as tcx/ingress (ok) and globals_config as
#                  cgroup/recvmsg_unix (prog.go:34 again): sections libbpf 1.1 does not name
# (Go code cannot produce the first one through tbpf-core: Go's implicit nil checks stay
# and return the panic value. That is the point of them.)
# Skipped (77) when this machine cannot load BPF programs.
set -u -o pipefail
case=$1 tbpf=$2 llc=$3 bpftool=$4 fixtures=$5 work=$6
verify=$(dirname "$tbpf")/tbpf-verify
rm -rf "$work" && mkdir -p "$work"

# build NAME FIXTURE SED_FROM SED_TO SECTIONS...: $work/NAME.o from FIXTURE's prog.ll
build() {
  local name=$1 fixture=$2 from=$3 to=$4
  shift 4
  cp "$fixtures/$fixture/prog.ll" "$work/$name.ll"
  if [ -n "$from" ]; then
    local n
    n=$(grep -cF -- "$from" "$work/$name.ll")
    if [ "$n" -ne 1 ]; then
      echo "FAIL: expected one line '$from' in $fixture/prog.ll, found $n (fixture changed?)"
      exit 1
    fi
    sed -i "s|$from|$to|" "$work/$name.ll"
    echo "hand-made: $fixture/prog.ll with '$from' -> '$to'"
  fi
  "$tbpf" transform "$work/$name.ll" -o "$work/$name.bc" "$@" || exit 1
  "$llc" -march=bpf -mcpu=v3 -O2 -filetype=obj "$work/$name.bc" -o "$work/$name.llc.o" || exit 1
  if [ -n "$bpftool" ]; then
    "$bpftool" gen object "$work/$name.o" "$work/$name.llc.o" || exit 1
  else
    cp "$work/$name.llc.o" "$work/$name.o"
  fi
}

# Can this machine load BPF at all?
build ok xdp_port_drop "" "" --section xdp_port_drop=xdp
"$verify" "$work/ok.o" --skip-if-unprivileged >"$work/ok.out" 2>"$work/ok.err"
rc=$?
if grep -q "not verified: loading BPF programs is not permitted" "$work/ok.err"; then
  cat "$work/ok.err"
  echo "SKIPPED: this machine cannot load BPF programs (needs root and a kernel with BPF)"
  exit 77
fi

fail=0
expect() { # expect FILE REGEX
  if grep -Eq -- "$2" "$1"; then
    echo "ok: matches /$2/"
  else
    echo "FAIL: $(basename "$1") does not match /$2/"
    fail=1
  fi
}
expect_rc() {
  if [ "$1" -eq "$2" ]; then echo "ok: exit status $1"; else echo "FAIL: exit status $1, expected $2"; fail=1; fi
}

case $case in
ok)
  cat "$work/ok.out" "$work/ok.err"
  expect_rc $rc 0
  expect "$work/ok.out" '^.*ok\.o: xdp_port_drop \(xdp\): ok: processed [0-9]+ insns$'
  ;;
nil-check|tbpf-core-verify)
  build nonil latency_pair '%2 = icmp eq ptr %1, null, !dbg !1766' '%2 = icmp ne ptr %1, %1, !dbg !1766' \
    --section nanosleep_enter=tracepoint/syscalls/sys_enter_nanosleep \
    --section nanosleep_exit=tracepoint/syscalls/sys_exit_nanosleep
  if [ "$case" = nil-check ]; then
    "$verify" "$work/nonil.o" --source-dir "$fixtures/latency_pair" >"$work/out" 2>"$work/err"
  else
    "$tbpf" verify "$work/nonil.o" --source-dir "$fixtures/latency_pair" >"$work/out" 2>"$work/err"
  fi
  rc=$?
  cat "$work/out" "$work/err"
  expect_rc $rc 1
  expect "$work/out" 'nanosleep_enter \(tracepoint/syscalls/sys_enter_nanosleep\): ok'
  expect "$work/err" 'program nanosleep_exit \(tracepoint/syscalls/sys_exit_nanosleep\): rejected by the kernel verifier'
  expect "$work/err" "prog\.go:105(:[0-9]+)?: error: R[0-9]+ invalid mem access 'map_value_or_null'"
  expect "$work/err" '^ +105 \| .*\*tsp'
  expect "$work/err" '^hint: missing nil check'
  ;;
packet-bounds)
  build nobounds xdp_port_drop '%23 = icmp ugt i64 %22, %5, !dbg !1783' '%23 = icmp ne i64 %22, %22, !dbg !1783' \
    --section xdp_port_drop=xdp
  "$verify" "$work/nobounds.o" --source-dir "$fixtures/xdp_port_drop" >"$work/out" 2>"$work/err"
  rc=$?
  cat "$work/out" "$work/err"
  expect_rc $rc 1
  expect "$work/err" 'prog\.go:80(:[0-9]+)?: error: invalid access to packet'
  expect "$work/err" '^ +80 \| .*udp\.Dest'
  expect "$work/err" '^hint: packet access without a bounds check'
  ;;
return-range)
  # No hand edit: globals_config returns 0, which cgroup/recvmsg4 does not accept.
  build recvmsg globals_config "" "" --section getpid_globals=cgroup/recvmsg4
  "$verify" "$work/recvmsg.o" --source-dir "$fixtures/globals_config" >"$work/out" 2>"$work/err"
  rc=$?
  cat "$work/out" "$work/err"
  expect_rc $rc 1
  expect "$work/err" 'program getpid_globals \(cgroup/recvmsg4\): rejected by the kernel verifier'
  expect "$work/err" 'prog\.go:34(:[0-9]+)?: error: At program exit the register R0 has .* should have been in \[1, 1\]'
  expect "$work/err" '^ +34 \|[[:space:]]+return 0'
  expect "$work/err" '^hint: this program type accepts only the return values in the brackets'
  ;;
newer-section)
  # Sections only newer libbpf releases name: tbpf-verify gives them the types those give
  # (tbpf-core's section table), so the kernel's verifier still checks them here.
  build tcx tc_mark "" "" --section tc_mark=tcx/ingress
  build unix globals_config "" "" --section getpid_globals=cgroup/recvmsg_unix
  "$verify" "$work/tcx.o" >"$work/out" 2>"$work/err"
  rc=$?
  "$verify" "$work/unix.o" --source-dir "$fixtures/globals_config" >"$work/out2" 2>"$work/err2"
  rc2=$?
  cat "$work/out" "$work/err" "$work/out2" "$work/err2"
  expect_rc $rc 0
  expect "$work/out" 'tc_mark \(tcx/ingress\): ok: processed [0-9]+ insns$'
  # cgroup/recvmsg_unix, like recvmsg4, takes only 1: the verifier must see the program
  expect_rc $rc2 1
  expect "$work/err2" 'prog\.go:34(:[0-9]+)?: error: At program exit the register R0 has .* should have been in \[1, 1\]'
  if pkg-config --atleast-version=1.3 libbpf 2>/dev/null; then
    echo "note: libbpf $(pkg-config --modversion libbpf) knows these sections itself"
  else
    expect "$work/err" 'tc_mark \(tcx/ingress\): note: libbpf 1\.[0-9]+ does not know this section; loading it with the program and attach type newer libbpf releases give it'
  fi
  ;;
*)
  echo "unknown case $case"
  exit 2
  ;;
esac
exit $fail
