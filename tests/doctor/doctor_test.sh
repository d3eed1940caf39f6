#!/bin/bash
# tests/doctor/doctor_test.sh CASE: one doctor.* test. Runs tbpf-doctor ($DOCTOR) with one broken
# piece (a PATH without the tool, a stand-in tool printing an old version, a BTF path that does
# not exist, ...) and checks the exit status and the check's line: `FAIL <check>: ... -> <fix>`.
# The clean case runs it on this machine as it is (TinyGo is not installed here: --ir-only).
# Environment: DOCTOR, LLVM_MAJOR, WORK. Exit 77 = skipped.
set -u
case_=$1
M=$LLVM_MAJOR

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

work=$WORK/$case_
rm -rf "$work"
mkdir -p "$work/bin" "$work/empty"
cd "$work" || exit 1

fake() { # NAME SCRIPT-BODY: an executable stand-in tool in $work/bin
  printf '#!/bin/sh\n%s\n' "$2" >"bin/$1"
  chmod +x "bin/$1"
}
fake_llvm() { # NAME VERSION [with-bpf]
  local targets=""
  [ "${3:-}" = with-bpf ] && targets='echo "  Registered Targets:"; echo "    bpf        - BPF (host endian)"; echo "    x86-64     - 64-bit X86: EM64T and AMD64"'
  fake "$1" "echo \"Debian LLVM version $2\"; echo \"  Optimized build.\"; $targets"
}

# doctor [ARGS...]: runs tbpf-doctor, output in out.txt, status in $rc
doctor() {
  echo "+ ${ENVV[*]} $DOCTOR $*"
  env "${ENVV[@]}" "$DOCTOR" "$@" >out.txt 2>&1
  rc=$?
  cat out.txt
  echo "(exit $rc)"
}
# expect_line STATUS CHECK TEXT...: the line of CHECK has STATUS and contains each TEXT
expect_line() {
  local status=$1 check=$2 line
  shift 2
  line=$(grep -E "^[a-zA-Z]+ +$check: " out.txt) || fail "no line for $check"
  [[ $line == "$status "* ]] || fail "$check: expected $status, got: $line"
  for t in "$@"; do
    [[ $line == *"$t"* ]] || fail "$check: the line does not say: $t"
  done
  echo "ok: $check: $status"
}
expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, expected $1"; }

# Load checks need root; elsewhere the cases that need a clean result check the build only.
LOAD=()
[ "$(id -u)" = 0 ] || LOAD=(--build-only)
ENVV=(-u TINYGO -u TBPF_LLC -u TBPF_LLVM_LINK -u TBPF_BPFTOOL -u TBPF_KERNEL_BTF -u TBPF_LLVM_BINDIR -u PKG_CONFIG)
# Cases that expect exit status 0 need the rest of the machine clean (doctor.clean checks that).
needs_clean() {
  env "${ENVV[@]}" "$DOCTOR" --ir-only "${LOAD[@]}" >baseline.txt 2>&1 ||
    { cat baseline.txt; skip "this machine does not pass the other checks (see doctor.clean)"; }
}

case $case_ in
clean)
  [ "$(id -u)" = 0 ] || skip "the clean machine is checked as root (loads need it)"
  doctor --ir-only
  expect_rc 0
  ! grep -q '^FAIL' out.txt || fail "a check failed on the clean machine"
  for c in llvm-link llc bpftool libbpf "kernel BTF" bpffs tracefs privileges; do
    expect_line ok "$c"
  done
  grep -Eq '^(ok  |warn) tinygo: ' out.txt || fail "no tinygo line"
  grep -q "^tbpf-doctor: all checks passed" out.txt || fail "no summary"
  ;;
build_only)
  needs_clean
  doctor --ir-only --build-only
  expect_rc 0
  expect_line skip privileges
  expect_line skip bpffs
  ;;
tinygo_missing)
  ENVV+=(PATH="$work/empty")
  doctor
  expect_rc 1
  expect_line FAIL tinygo "not found (tinygo on PATH)" "install TinyGo (https://tinygo.org/getting-started/install/linux/" \
    "-DTINYGO_EXECUTABLE=" "--ir-only"
  ;;
tinygo_missing_ir_only)
  needs_clean
  ENVV+=(TINYGO="$work/empty/tinygo")
  doctor --ir-only "${LOAD[@]}"
  expect_line warn tinygo "not found (TINYGO=$work/empty/tinygo)" "IR inputs (.ll/.bc) build without it"
  expect_rc 0
  ;;
tinygo_ok)
  needs_clean
  fake tinygo "echo 'tinygo version 0.40.1 linux/amd64 (using go version go1.23.5 and LLVM version $M.1.7)'"
  doctor --tinygo bin/tinygo "${LOAD[@]}"
  expect_line ok tinygo "TinyGo 0.40.1, Go 1.23.5, LLVM $M.1.7"
  expect_rc 0
  ;;
tinygo_newer_llvm)
  newer=$((M + 1))
  fake tinygo "echo 'tinygo version 0.40.1 linux/amd64 (using go version go1.24.4 and LLVM version $newer.1.2)'"
  ENVV+=(TINYGO="$work/bin/tinygo")
  doctor "${LOAD[@]}"
  expect_rc 1
  expect_line FAIL tinygo "its IR is LLVM $newer, newer than the LLVM $M tbpf-core and llc were built with" \
    "-DTINYBPF_LLVM_VERSION=$newer"
  # llc must not be older than the IR's LLVM either
  expect_line FAIL llc "older than TinyGo's LLVM $newer"
  ;;
tinygo_broken)
  fake tinygo 'echo "go: command not found" >&2; exit 1'
  doctor --tinygo bin/tinygo "${LOAD[@]}"
  expect_rc 1
  expect_line FAIL tinygo "\`tinygo version\` failed (exit 1): go: command not found" "supported \`go\` on PATH"
  ;;
llc_missing | llvm-link_missing)
  tool=${case_%_missing}
  ENVV+=(PATH="$work/empty" TBPF_LLVM_BINDIR="$work/empty")
  doctor --ir-only
  expect_rc 1
  expect_line FAIL "$tool" "not found ($tool-$M, $tool on PATH, $work/empty)" \
    "apt install llvm-$M" "-DTINYBPF_$(echo "$tool" | tr a-z- A-Z_)=/path/to/$tool-$M"
  ;;
llc_old | llvm-link_old)
  tool=${case_%_old}
  fake_llvm "$tool" 14.0.6 with-bpf
  doctor --ir-only "--$tool" "bin/$tool"
  expect_rc 1
  expect_line FAIL "$tool" "bin/$tool is LLVM 14.0.6, but tbpf-core was built with LLVM $M and its bitcode needs $tool of that version" \
    "--$tool /path/to/$tool-$M"
  ;;
llc_no_bpf)
  fake_llvm llc "$M.1.7"
  ENVV+=(TBPF_LLC="$work/bin/llc")
  doctor --ir-only
  expect_rc 1
  expect_line FAIL llc "without the BPF target"
  ;;
clang_missing)
  # Only BPF C modules need clang: a warning, and the exit status stays 0 on a clean machine.
  needs_clean
  doctor --ir-only "${LOAD[@]}" --clang "$work/empty/clang"
  expect_rc 0
  expect_line warn clang "not found (--clang=$work/empty/clang)" "only programs with BPF C modules" \
    "apt install clang-$M" "-DTINYBPF_CLANG=/path/to/clang-$M"
  ;;
clang_old)
  needs_clean
  fake clang 'echo "Debian clang version 14.0.6"; echo "Target: x86_64-pc-linux-gnu"'
  doctor --ir-only "${LOAD[@]}" --clang bin/clang
  expect_rc 0
  expect_line warn clang "bin/clang is clang 14, but BPF C modules must be bitcode of tbpf-core's LLVM $M"
  ;;
bpftool_missing)
  doctor --ir-only --bpftool "$work/empty/bpftool"
  expect_rc 1
  expect_line FAIL bpftool "not found (--bpftool=$work/empty/bpftool)" "apt install bpftool" "-DTINYBPF_BPFTOOL="
  ;;
bpftool_old)
  fake bpftool 'case "$1" in version) echo "bpftool v5.4.0";; *) echo "Usage: bpftool gen help" >&2;; esac'
  ENVV+=(TBPF_BPFTOOL="$work/bin/bpftool")
  doctor --ir-only
  expect_rc 1
  expect_line FAIL bpftool "v5.4.0" "does not support \`gen object\` and \`gen skeleton\`" "5.13 or newer"
  ;;
libbpf_headers_missing)
  doctor --ir-only --libbpf-include "$work/empty"
  expect_rc 1
  expect_line FAIL libbpf "no $work/empty/bpf/libbpf.h" "apt install pkg-config libbpf-dev"
  ;;
libbpf_pkgconfig_missing)
  fake pkg-config 'echo "Package libbpf was not found in the pkg-config search path." >&2; exit 1'
  ENVV+=(PKG_CONFIG="$work/bin/pkg-config")
  doctor --ir-only
  expect_rc 1
  expect_line FAIL libbpf "libbpf not found by pkg-config (module libbpf): Package libbpf was not found" "PKG_CONFIG_PATH"
  ;;
btf_missing)
  doctor --ir-only --btf "$work/empty/vmlinux"
  expect_rc 1
  expect_line FAIL "kernel BTF" "no $work/empty/vmlinux (No such file or directory)" "CONFIG_DEBUG_INFO_BTF=y" "--btf FILE"
  ;;
btf_invalid)
  echo "not BTF" >notbtf
  ENVV+=(TBPF_KERNEL_BTF="$work/notbtf")
  doctor --ir-only
  expect_rc 1
  expect_line FAIL "kernel BTF" "neither raw BTF nor an ELF file with a .BTF section"
  ;;
mounts_missing)
  echo "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0" >mounts
  doctor --ir-only --mounts mounts
  expect_rc 1
  expect_line FAIL bpffs "no bpf file system at /sys/fs/bpf" "mount -t bpf bpf /sys/fs/bpf"
  expect_line FAIL tracefs "no tracefs at /sys/kernel/tracing" "mount -t tracefs tracefs /sys/kernel/tracing"
  ;;
not_root)
  [ "$(id -u)" = 0 ] || skip "needs root to drop to an unprivileged user"
  command -v setpriv >/dev/null || skip "setpriv (util-linux) not found"
  chmod 755 "$work" "$work/bin" "$work/empty"
  ENVV=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all env "${ENVV[@]}")
  doctor --ir-only
  expect_rc 1
  expect_line FAIL privileges "uid 65534 without CAP_BPF and CAP_PERFMON" "setcap cap_bpf,cap_perfmon"
  ;;
*)
  fail "unknown case $case_"
  ;;
esac
echo "PASS"
