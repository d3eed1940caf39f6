#!/bin/sh
# Installs what building and testing TinyBPF needs on Debian 12 (run as root). When every
# package is installed already it does nothing (no apt-get, so a rebuild works offline);
# TINYBPF_DEPS=always runs apt-get update + install anyway.
set -eu
export DEBIAN_FRONTEND=noninteractive
packages="cmake ninja-build pkg-config python3 make gcc g++ libc6-dev
  llvm-19-dev llvm-19-tools clang-19
  libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev
  golang-go golang-github-cilium-ebpf-dev
  libclang-rt-19-dev valgrind systemtap-sdt-dev"
# LLVM 22 comes from bookworm-security; only build.llvm-22 needs it (skipped without it).
optional="llvm-22-dev"

# Installed (for every architecture it is installed for: a multi-arch package has a line each).
installed() {
  status=$(dpkg-query -W -f='${db:Status-Abbrev}\n' "$1" 2>/dev/null) || return 1
  [ -n "$status" ] && ! printf '%s\n' "$status" | grep -qv '^ii'
}

# Only the required packages decide: where llvm-22-dev cannot be installed, a rebuild must
# not run apt-get (and need the network) every time.
missing=""
for p in $packages; do
  installed "$p" || missing="$missing $p"
done
if [ -z "$missing" ] && [ "${TINYBPF_DEPS:-}" != always ]; then
  echo "deps: every package is installed already (TINYBPF_DEPS=always to run apt-get anyway)"
  exit 0
fi
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $packages >/dev/null
if apt-get install -y -qq --no-install-recommends $optional >/dev/null; then
  llvm22="+ 22"
else
  llvm22="(llvm-22-dev not installable here: build.llvm-22 will be skipped)"
fi
echo "deps: installed (LLVM 19 $llvm22, clang-19 + its libFuzzer/sanitizer runtimes, libbpf, bpftool, <sys/sdt.h>, Go + cilium/ebpf, valgrind)"
