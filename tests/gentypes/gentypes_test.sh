#!/bin/bash
# tests/gentypes/gentypes_test.sh MODE [NAME]: one gentypes.* test (see CMakeLists.txt here).
#   golden NAME     kinds.bpf.c (clang -g, no kernel headers) -> tbpf-gen-types $(cat golden/NAME.args)
#                   == golden/NAME.go.golden; the stub is the same file for !tinygo; a second
#                   run gives the same bytes and leaves the files untouched; gofmt -l clean; go vet
#                   of both files; every name maps back to the BTF (check_go.py roundtrip).
#                   UPDATE_GOLDEN=1 rewrites the golden file instead.
#   error NAME      the case NAME of errors.txt: exit status, message, no output file
#   task_fields     task_struct.pid,tgid,real_parent from the running kernel's BTF: the same
#                   fields as the hand-typed bpfCoreTaskStruct of tests/fixtures/core_task/prog.go
#   vmlinux         a wide set of kernel types (task_struct, sk_buff, Qdisc, ...) from the running
#                   kernel: gofmt, go vet, every name maps back to the kernel's BTF
#   task_ir         core_task's TinyGo IR retyped to the generated bpfCoreTaskStruct (padding
#                   and all; retype_core_task.py), through tbpf-core, llc and tbpf-behave in the
#                   kernel: as generated, moved 8 bytes (only CO-RE reads that right), and with
#                   the verbatim spelling (bpfCoretask_struct_, pid_, ...)
#   example         examples/core_task_types: its kernel_types.go regenerated from the running
#                   kernel with the command in its header has the same fields; gofmt; go vet
#   example_loader  examples/core_task_types/c/loader.c on a C twin of the Go program
#                   (core_task_types.bpf.c here), in the kernel
#   cmake           tinybpf_kernel_types() in a consumer project (cmake_project/) with the
#                   stand-in TinyGo: generated before the TinyGo step; no-op rebuild; editing
#                   TYPES rebuilds that program only; a regenerated identical file rebuilds nothing
#   cmake_errors    tinybpf_kernel_types() used wrongly: the configure-time messages
# Exit 77 = skipped (the reason is printed). Environment from CMakeLists.txt: GEN HELPER CORE
# LLC LLVM_LINK BPFTOOL CLANG CLANG_FLAGS CC BEHAVE SRC REPO WORK CMAKE GENERATOR MAKE_PROGRAM
# FAKE_TINYGO LLVM_MAJOR LLVM_TOOLS_DIR.
set -u
mode=$1
name=${2:-}

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
run() { echo "+ $*"; "$@"; }

work=$WORK/$mode${name:+.$name}
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

kinds_object() { # builds kinds.bpf.o (and nobtf.o) in the current directory
  [ -n "$CLANG" ] || skip "no clang to build kinds.bpf.c"
  "$CLANG" -g -target bpf -c "$SRC/kinds.bpf.c" -o kinds.bpf.o || fail "clang -g kinds.bpf.c"
  "$CLANG" -target bpf -c "$SRC/kinds.bpf.c" -o nobtf.o || fail "clang kinds.bpf.c"
}

kernel_btf() {
  [ -r /sys/kernel/btf/vmlinux ] || skip "no /sys/kernel/btf/vmlinux (kernel without CONFIG_DEBUG_INFO_BTF)"
}

btf_dump() { # FILE OUT
  [ -n "$BPFTOOL" ] || skip "bpftool not found (needed to dump BTF for the name check)"
  "$BPFTOOL" btf dump file "$1" >"$2" || fail "bpftool btf dump file $1"
}

find_go() {
  GO=$(command -v go || true)
  [ -n "$GO" ] || [ ! -x /usr/lib/go/bin/go ] || GO=/usr/lib/go/bin/go
  GOFMT=$(command -v gofmt || true)
  [ -n "$GOFMT" ] || [ ! -x /usr/lib/go/bin/gofmt ] || GOFMT=/usr/lib/go/bin/gofmt
  export GOCACHE=$WORK/gocache GOPATH=$WORK/gopath GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local
}

gofmt_clean() { # FILE...
  if [ -z "$GOFMT" ]; then
    echo "note: gofmt not found (Debian: apt-get install golang-go); gofmt check skipped"
    return
  fi
  local bad
  bad=$("$GOFMT" -l "$@") || fail "gofmt $*"
  [ -z "$bad" ] || { "$GOFMT" -d "$@"; fail "not gofmt-clean: $bad"; }
  echo "gofmt -l: clean"
}

go_vet() { # DIR PACKAGE TAGS: go vet of the package in DIR with and without -tags TAGS
  if [ -z "$GO" ]; then
    echo "note: go not found (Debian: apt-get install golang-go); go vet skipped"
    return
  fi
  (cd "$1" && printf 'module example.com/%s\n\ngo 1.19\n' "$2" >go.mod &&
    run "$GO" vet . && { [ -z "$3" ] || run "$GO" vet -tags "$3" .; }) || fail "go vet in $1"
}

case $mode in
golden)
  kinds_object
  find_go
  args=$(cat "$SRC/golden/$name.args") || fail "no golden/$name.args"
  golden=$SRC/golden/$name.go.golden
  mkdir -p out
  # shellcheck disable=SC2086
  run "$GEN" $args -o out/$name.go || fail "tbpf-gen-types"
  if [ -n "${UPDATE_GOLDEN:-}" ]; then
    cp "out/$name.go" "$golden"
    echo "updated $golden"
    exit 0
  fi
  diff -u "$golden" "out/$name.go" || fail "out/$name.go differs from golden/$name.go.golden"
  sed 's|^//go:build tinygo$|//go:build !tinygo|' "out/$name.go" | cmp - "out/${name}_stub.go" ||
    fail "${name}_stub.go is not the same declarations for !tinygo"
  stamp=$(stat -c %Y.%y "out/$name.go" "out/${name}_stub.go")
  sleep 1
  # shellcheck disable=SC2086
  "$GEN" $args -o out/$name.go || fail "tbpf-gen-types, second run"
  diff -u "$golden" "out/$name.go" || fail "the second run differs"
  [ "$stamp" = "$(stat -c %Y.%y "out/$name.go" "out/${name}_stub.go")" ] ||
    fail "an unchanged output was rewritten (its time stamp changed)"
  echo "deterministic; unchanged files left untouched"
  gofmt_clean "out/$name.go" "out/${name}_stub.go"
  go_vet out "$name" tinygo
  btf_dump kinds.bpf.o kinds.btf.txt
  run python3 "$SRC/check_go.py" roundtrip "out/$name.go" "$HELPER" kinds.btf.txt || fail "names do not map back"
  ;;

error)
  kinds_object
  cp "$SRC/kinds.bpf.c" .
  line=$(grep -E "^$name \| " "$SRC/errors.txt") || fail "no case $name in errors.txt"
  want_rc=$(echo "$line" | awk -F' [|] ' '{print $2}')
  args=$(echo "$line" | awk -F' [|] ' '{print $3}')
  want=$(echo "$line" | awk -F' [|] ' '{print $4}')
  env=()
  while [[ $args == ENV:* ]]; do
    env+=("${args%% *}")
    env[-1]=${env[-1]#ENV:}
    args=${args#* }
  done
  echo "+ ${env[*]} $GEN $args"
  # shellcheck disable=SC2086
  env "${env[@]}" "$GEN" $args >stdout.txt 2>stderr.txt
  rc=$?
  cat stderr.txt
  [ "$rc" = "$want_rc" ] || fail "exit status $rc, expected $want_rc"
  grep -qF -- "$want" stderr.txt || fail "stderr does not contain: $want"
  ! ls out.go out_stub.go 2>/dev/null || fail "an output file was written"
  echo "ok: exit $rc with the expected message"
  ;;

task_fields)
  kernel_btf
  run "$GEN" task_struct.pid,tgid,real_parent -o task_types.go --package main || fail "tbpf-gen-types"
  sed -n '/^type bpfCoreTaskStruct/,/^}/p' task_types.go
  run python3 "$SRC/check_go.py" fields task_types.go "$REPO/tests/fixtures/core_task/prog.go" bpfCoreTaskStruct ||
    fail "the generated bpfCoreTaskStruct is not the hand-typed one of core_task/prog.go"
  btf_dump /sys/kernel/btf/vmlinux vmlinux.btf.txt
  run python3 "$SRC/check_go.py" roundtrip task_types.go "$HELPER" vmlinux.btf.txt || fail "names do not map back"
  ;;

vmlinux)
  kernel_btf
  find_go
  mkdir -p out
  run "$GEN" task_struct sk_buff Qdisc file.f_path,f_inode inode.i_ino,i_mode mm_struct.start_brk \
    nsproxy uts_namespace.name pid_type bpf_attr.map_type sock_common.skc_family cred.uid \
    -o out/kernel.go --package kernel || fail "tbpf-gen-types"
  echo "$(grep -c '^type ' out/kernel.go) types, $(wc -l <out/kernel.go) lines"
  gofmt_clean out/kernel.go out/kernel_stub.go
  go_vet out kernel tinygo
  btf_dump /sys/kernel/btf/vmlinux vmlinux.btf.txt
  run python3 "$SRC/check_go.py" roundtrip out/kernel.go "$HELPER" vmlinux.btf.txt || fail "names do not map back"
  ;;

task_ir)
  kernel_btf
  [ -n "$BEHAVE" ] || skip "tbpf-behave is not built (tests/kernel needs libbpf)"
  run "$GEN" task_struct.pid,tgid,real_parent -o task_types.go --package main --no-stub || fail "tbpf-gen-types"
  sections="--section core_task=tracepoint/syscalls/sys_enter_getpid"
  status=0
  for variant in exact shifted verbatim; do
    case $variant in
    exact) opts= ;;
    shifted) opts="--shift 8" ;;
    verbatim) opts="--shift 8 --verbatim" ;;
    esac
    echo "=== $variant"
    # shellcheck disable=SC2086
    run python3 "$SRC/retype_core_task.py" task_types.go "$REPO/tests/fixtures/core_task/prog.ll" $variant.ll $opts ||
      fail "retype_core_task.py"
    # shellcheck disable=SC2086
    run "$CORE" transform $variant.ll -o $variant.bc $sections || fail "tbpf-core transform ($variant)"
    run "$LLVM_LINK" $variant.bc -o $variant.linked.bc || fail "llvm-link ($variant)"
    run "$LLC" -march=bpf -mcpu=v3 -filetype=obj $variant.linked.bc -o $variant.o || fail "llc ($variant)"
    if [ -n "$BPFTOOL" ]; then
      "$BPFTOOL" btf dump file $variant.o | grep -A6 "STRUCT 'task_struct'"
    fi
    echo "+ $BEHAVE core_task $variant.o"
    "$BEHAVE" core_task $variant.o
    rc=$?
    [ "$rc" = 77 ] && skip "tbpf-behave cannot run here"
    [ "$rc" = 0 ] || status=1
  done
  exit $status
  ;;

example)
  kernel_btf
  find_go
  ex=$REPO/examples/core_task_types
  cmd=$(sed -n 's|^//\ttbpf-gen-types ||p' "$ex/kernel_types.go" | head -1)
  [ -n "$cmd" ] || fail "no tbpf-gen-types command in the header of $ex/kernel_types.go"
  grep -q "^//go:generate tbpf-core gen-types ${cmd% --package*} -o kernel_types.go --package main\$" "$ex/prog.go" ||
    fail "prog.go's //go:generate line is not the command in kernel_types.go's header: $cmd"
  mkdir -p out
  # shellcheck disable=SC2086
  run "$GEN" $cmd -o out/kernel_types.go || fail "tbpf-gen-types"
  status=0
  for t in $(sed -n 's/^type \(bpf[A-Za-z0-9_]*\) struct.*/\1/p' "$ex/kernel_types.go" out/kernel_types.go | sort -u); do
    python3 "$SRC/check_go.py" fields "$ex/kernel_types.go" out/kernel_types.go "$t" >fields.txt ||
      { cat fields.txt; status=1; }
  done
  [ $status = 0 ] || fail "the committed kernel_types.go has other fields than this kernel's"
  if cmp -s "$ex/kernel_types.go" out/kernel_types.go; then
    echo "kernel_types.go is byte for byte what this kernel's BTF gives"
  else
    echo "note: this kernel's layout differs from the committed one (padding only; CO-RE relocates):"
    diff -u "$ex/kernel_types.go" out/kernel_types.go
  fi
  sed 's|^//go:build tinygo$|//go:build !tinygo|' "$ex/kernel_types.go" | cmp - "$ex/kernel_types_stub.go" ||
    fail "kernel_types_stub.go is not kernel_types.go for !tinygo"
  gofmt_clean "$ex"/*.go
  # prog.go imports TinyGo's runtime/volatile: vet what the standard toolchain builds (the stub).
  mkdir -p vet && cp "$ex/kernel_types_stub.go" vet/ && printf 'package main\n\nfunc main() {}\n' >vet/main.go
  go_vet vet core_task_types ""
  btf_dump /sys/kernel/btf/vmlinux vmlinux.btf.txt
  run python3 "$SRC/check_go.py" roundtrip "$ex/kernel_types.go" "$HELPER" vmlinux.btf.txt || fail "names do not map back"
  ;;

example_loader)
  [ "$(id -u)" = 0 ] || skip "needs root to load BPF programs"
  [ -n "$CLANG" ] && [ -n "$BPFTOOL" ] && [ -n "$CC" ] || skip "needs clang, bpftool and a C compiler"
  # shellcheck disable=SC2086
  run "$CLANG" $CLANG_FLAGS -c "$SRC/core_task_types.bpf.c" -o core_task_types.bpf.o || fail "clang"
  echo "+ $BPFTOOL gen skeleton core_task_types.bpf.o name core_task_types >core_task_types.skel.h"
  "$BPFTOOL" gen skeleton core_task_types.bpf.o name core_task_types >core_task_types.skel.h || fail "skeleton"
  # shellcheck disable=SC2086
  run "$CC" -Wall -Wextra -Werror -I. -I"$REPO/examples/common" "$REPO/examples/core_task_types/c/loader.c" \
    $(pkg-config --cflags --libs libbpf 2>/dev/null || echo -lbpf) -o loader || fail "loader.c"
  run ./loader
  ;;

cmake)
  kinds_object
  [ -n "$FAKE_TINYGO" ] && [ -x "$FAKE_TINYGO" ] || skip "the stand-in TinyGo (tests/cmake/fake-tools/tinygo) is missing"
  proj=$work/proj
  mkdir -p "$proj/task" "$proj/other"
  cp "$SRC/cmake_project/CMakeLists.txt" "$proj/"
  cp kinds.bpf.o "$proj/"
  cp "$REPO/tests/fixtures/core_task/"{prog.go,prog.ll,go.mod} "$proj/task/"
  cp "$REPO/tests/fixtures/xdp_port_drop/"{prog.go,prog.ll,go.mod} "$proj/other/"
  export FAKE_TINYGO_LOG=$work/tinygo.log
  configure() { # TYPES
    run "$CMAKE" -S "$proj" -B "$work/build" -G "$GENERATOR" -DCMAKE_MAKE_PROGRAM="$MAKE_PROGRAM" \
      -DREPO="$REPO" "-DTYPES=$1" -DTINYBPF_CORE_EXECUTABLE="$CORE" -DTINYBPF_GEN_TYPES_EXECUTABLE="$GEN" \
      -DTINYGO_EXECUTABLE="$FAKE_TINYGO" -DTinyBPF_LLVM_VERSION_MAJOR="$LLVM_MAJOR" \
      -DTinyBPF_LLVM_TOOLS_DIR="$LLVM_TOOLS_DIR" >configure.log 2>&1 || { cat configure.log; fail "configure"; }
  }
  build() {
    : >"$FAKE_TINYGO_LOG"
    run "$CMAKE" --build "$work/build" >build.log 2>&1 || { cat build.log; fail "build"; }
    cat build.log
  }
  tinygo_builds() { grep -c ': tinygo build' "$FAKE_TINYGO_LOG"; }
  nothing_to_do() {
    "$MAKE_PROGRAM" -C "$work/build" -n >dry.log 2>&1
    grep -q "no work to do" dry.log || { cat dry.log; fail "$1: a rebuild would run steps"; }
    echo "ok: $1: no work to do"
  }

  echo "=== first build"
  configure "kinds_root.pid,tgid"
  build
  grep -q '^	Tgid ' "$proj/task/kernel_types.go" || fail "task/kernel_types.go was not generated"
  [ -f "$proj/task/kernel_types_stub.go" ] || fail "task/kernel_types_stub.go was not generated"
  grep -q "tbpf-gen-types kernel_types.go" build.log || fail "no generation step in the build"
  [ "$(tinygo_builds)" = 2 ] || fail "expected two TinyGo builds, the log has: $(cat "$FAKE_TINYGO_LOG")"
  [ -f "$work/build/tinybpf/task/task.bpf.o" ] || fail "no task.bpf.o"
  nothing_to_do "after the first build"

  echo "=== TYPES edited"
  task_obj=$(stat -c %Y.%y "$work/build/tinybpf/task/task.bpf.o")
  other_obj=$(stat -c %Y.%y "$work/build/tinybpf/other/other.bpf.o")
  sleep 1
  configure "kinds_root.pid,tgid,parent"
  build
  grep -q '^	Parent ' "$proj/task/kernel_types.go" || fail "kernel_types.go was not regenerated with parent"
  grep -q "/task: tinygo build" "$FAKE_TINYGO_LOG" || fail "the task program's TinyGo step did not rerun"
  ! grep -q "/other: tinygo build" "$FAKE_TINYGO_LOG" || fail "the other program's TinyGo step reran"
  [ "$task_obj" != "$(stat -c %Y.%y "$work/build/tinybpf/task/task.bpf.o")" ] || fail "task.bpf.o not rebuilt"
  [ "$other_obj" = "$(stat -c %Y.%y "$work/build/tinybpf/other/other.bpf.o")" ] || fail "other.bpf.o was rebuilt"
  echo "ok: the task program (and only it) was rebuilt"
  nothing_to_do "after the edit"

  echo "=== BTF touched, same types"
  stamp=$(stat -c %Y.%y "$proj/task/kernel_types.go")
  sleep 1
  touch "$proj/kinds.bpf.o"
  build
  grep -q "tbpf-gen-types kernel_types.go" build.log || fail "the generation step did not rerun"
  [ "$stamp" = "$(stat -c %Y.%y "$proj/task/kernel_types.go")" ] || fail "an identical kernel_types.go was rewritten"
  [ "$(tinygo_builds)" = 0 ] || fail "TinyGo reran for an unchanged kernel_types.go: $(cat "$FAKE_TINYGO_LOG")"
  echo "ok: regenerated, unchanged, nothing rebuilt"
  nothing_to_do "after the BTF touch"
  ;;

cmake_errors)
  # tinybpf_kernel_types() used wrongly stops CMake at configure time with what to do.
  status=0
  while IFS='|' read -r call want; do
    rm -rf proj build && mkdir proj
    printf 'cmake_minimum_required(VERSION 3.20)\nproject(e LANGUAGES NONE)\ninclude(%s/cmake/TinyBPF.cmake)\n%s\n' \
      "$REPO" "$call" >proj/CMakeLists.txt
    echo "--- $call"
    "$CMAKE" -S proj -B build -DTINYBPF_GEN_TYPES_EXECUTABLE="$GEN" >configure.log 2>&1 && {
      echo "FAIL: configured"
      status=1
      continue
    }
    tr -s ' \n' ' ' <configure.log | grep -qF -- "$want" || {
      cat configure.log
      echo "FAIL: the message does not say: $want"
      status=1
      continue
    }
    echo "ok: $want"
  done <<'CASES'
tinybpf_kernel_types(OUTPUT t.go PACKAGE main TYPES task_struct BTF missing.btf)|tinybpf_kernel_types(): BTF file missing.btf not found
tinybpf_kernel_types(OUTPUT t.go PACKAGE main)|tinybpf_kernel_types(): missing TYPES, e.g. tinybpf_kernel_types(OUTPUT bpf/kernel_types.go PACKAGE main TYPES task_struct.pid,tgid,real_parent).
tinybpf_kernel_types(OUTPUT t.txt PACKAGE main TYPES task_struct)|tinybpf_kernel_types(): OUTPUT t.txt must be a .go file.
tinybpf_kernel_types(OUTPUT t.go PACKAGE main TYPES task_struct BTFS x)|tinybpf_kernel_types(): unknown argument(s): BTFS x.
CASES
  exit $status
  ;;

*)
  fail "unknown mode $mode"
  ;;
esac
