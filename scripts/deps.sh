#!/bin/sh
# Installs what building and testing TinyBPF needs on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  cmake ninja-build pkg-config python3 make gcc g++ libc6-dev \
  llvm-19-dev llvm-19-tools clang-19 \
  libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev \
  golang-go golang-github-cilium-ebpf-dev \
  libclang-rt-19-dev valgrind systemtap-sdt-dev \
  >/dev/null
# LLVM 22 comes from bookworm-security; only build.llvm-22 needs it (skipped without it).
if apt-get install -y -qq --no-install-recommends llvm-22-dev >/dev/null; then
  llvm22="+ 22"
else
  llvm22="(llvm-22-dev not installable here: build.llvm-22 will be skipped)"
fi
echo "deps: installed (LLVM 19 $llvm22, clang-19 + its libFuzzer/sanitizer runtimes, libbpf, bpftool, <sys/sdt.h>, Go + cilium/ebpf, valgrind)"
