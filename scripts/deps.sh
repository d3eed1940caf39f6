#!/bin/sh
# Installs what building and testing TinyBPF needs on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  cmake ninja-build pkg-config python3 make gcc g++ libc6-dev \
  llvm-19-dev llvm-19-tools clang-19 \
  libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev \
  llvm-22-dev \
  golang-go golang-github-cilium-ebpf-dev \
  libclang-rt-19-dev valgrind \
  >/dev/null
echo "deps: installed (LLVM 19 + 22, clang-19 + its libFuzzer/sanitizer runtimes, libbpf, bpftool, Go + cilium/ebpf, valgrind)"
