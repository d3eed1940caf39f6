#!/bin/sh
# build_with_llvm.sh MAJOR SOURCE_DIR WORK_DIR [TBPF_BEHAVE]
# Builds tbpf-core against another LLVM and transforms + compiles corpus programs with it;
# as root they are loaded, and with TBPF_BEHAVE their kernel behaviour is checked too.
set -eu
major=$1 src=$2 work=$3 behave=${4:-}
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
# xdp_port_drop (packet pointers, narrow shifts), core_task (CO-RE field accesses) and
# core_task with the CO-RE type questions (tests/fixtures/edited/core_type_info).
fixtures=$src/tests/fixtures
sed -f "$fixtures/edited/core_type_info/edit.sed" "$fixtures/core_task/prog.ll" > "$work/core_type_info.ll"
set -- xdp_port_drop "$fixtures/xdp_port_drop/prog.ll" xdp_port_drop=xdp \
  core_task "$fixtures/core_task/prog.ll" core_task=tracepoint/syscalls/sys_enter_getpid \
  core_type_info "$work/core_type_info.ll" core_task=raw_tracepoint/sys_enter
while [ $# -ge 3 ]; do
  name=$1 ir=$2 section=$3
  shift 3
  "$work/tool/tbpf-core" transform "$ir" --section "$section" -o "$work/$name.bc"
  /usr/lib/llvm-$major/bin/llc -march=bpf -mcpu=v3 -filetype=obj "$work/$name.bc" -o "$work/$name.o"
  if [ "$(id -u)" = 0 ] && command -v bpftool >/dev/null 2>&1; then
    pin=/sys/fs/bpf/tbpf-llvm$major-check
    rm -rf "$pin"
    bpftool prog loadall "$work/$name.o" "$pin"
    rm -rf "$pin"
    echo "ok: $ir ($section): tbpf-core built against LLVM $major; its output compiles with llc-$major and passes the verifier"
    if [ -n "$behave" ]; then
      "$behave" "$name" "$work/$name.o"
    fi
  else
    echo "ok: $ir ($section): tbpf-core built against LLVM $major and its output compiles with llc-$major (not loaded: needs root and bpftool)"
  fi
done
