#!/bin/bash
# run_sanitize.sh SOURCE_DIR TREE LLVM_VERSION GENERATOR
# Builds a second tree with -DTINYBPF_SANITIZE=ON (ASan + UBSan, LeakSanitizer on, any
# UBSan report fatal) and runs the test suite there. Reports on stderr of any test
# (==ERROR: AddressSanitizer, LeakSanitizer, "runtime error:") fail that test.
set -u -o pipefail
src=$1 tree=$2 llvm=$3 gen=$4
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== configure $tree (TINYBPF_SANITIZE=ON)"
cmake -S "$src" -B "$tree" -G "$gen" -DTINYBPF_SANITIZE=ON -DTINYBPF_BUILD_EXAMPLES=OFF \
  -DTINYBPF_LLVM_VERSION="$llvm" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tree.configure.log" 2>&1 ||
  { tail -30 "$tree.configure.log"; echo "FAIL: configure"; exit 1; }
echo "== build"
cmake --build "$tree" >"$tree.build.log" 2>&1 || { grep -E -A5 'error|FAILED' "$tree.build.log" | head -60; echo "FAIL: build"; exit 1; }
echo "== test"
# Not here: clang-built C twins (no code of ours), consumer projects and the LLVM 22
# build (whole extra builds), the fuzz tests (the fuzzer has its own sanitizers).
ctest --test-dir "$tree" --output-on-failure -j2 \
  -R '^(lit|bad|helpers|kernel|gogen|gentypes|doctor|verify|atomic)\.' \
  -E '^kernel\.twin\.' 2>&1 | tee "$tree.ctest.log" |
  grep -vE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed'
