#!/bin/sh
# build_with_llvm.sh MAJOR SOURCE_DIR WORK_DIR
# Builds tbpf-core against another LLVM and transforms + compiles one corpus program with it.
set -eu
major=$1 src=$2 work=$3
dir=/usr/lib/llvm-$major/lib/cmake/llvm
if [ ! -d "$dir" ]; then
  echo "SKIP: LLVM $major is not installed ($dir missing; apt-get install llvm-$major-dev)"
  exit 77
fi
rm -rf "$work"
cmake -S "$src" -B "$work" -G Ninja -DTINYBPF_LLVM_VERSION="$major" -DBUILD_TESTING=OFF \
  -DTINYBPF_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$work" --target tbpf-core
"$work/tool/tbpf-core" --version
f=$src/tests/fixtures/xdp_port_drop/prog.ll
"$work/tool/tbpf-core" transform "$f" --section xdp_port_drop=xdp -o "$work/x.bc"
/usr/lib/llvm-$major/bin/llc -march=bpf -mcpu=v3 -filetype=obj "$work/x.bc" -o "$work/x.o"
if [ "$(id -u)" = 0 ] && command -v bpftool >/dev/null 2>&1; then
  pin=/sys/fs/bpf/tbpf-llvm$major-check
  rm -rf "$pin"
  bpftool prog loadall "$work/x.o" "$pin"
  rm -rf "$pin"
  echo "ok: tbpf-core built against LLVM $major; its output compiles with llc-$major and passes the verifier"
else
  echo "ok: tbpf-core built against LLVM $major and its output compiles with llc-$major (not loaded: needs root and bpftool)"
fi
