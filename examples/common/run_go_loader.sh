#!/bin/sh
# run_go_loader.sh LOADER_SRC_DIR GO_PACKAGE_DIR
# Builds a Go loader in the directory where add_tinybpf_program(... GO_PACKAGE main
# GO_OUTPUT_DIR dir) wrote the bindings and the object, with Debian's Go and cilium/ebpf
# (GOPATH mode, no network), and runs it. 77 = skipped, with the reason.
set -eu
src=$1 pkg=$2
command -v go >/dev/null 2>&1 || { echo "SKIP: go not installed (apt-get install golang-go)"; exit 77; }
[ -d /usr/share/gocode/src/github.com/cilium/ebpf ] ||
  { echo "SKIP: cilium/ebpf not installed (apt-get install golang-github-cilium-ebpf-dev)"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: loading BPF needs root"; exit 77; }
cp "$src"/*.go "$pkg"/
cd "$pkg"
export GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$pkg/.gocache"
go build -o loader .
./loader
