#!/bin/sh
# The main job: install dependencies, build tbpf-core and every bundled example into a
# verified BPF object and skeleton, then run one example loader against the kernel.
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then scripts/deps.sh; else echo "build: not root, skipping apt-get (run scripts/deps.sh as root once)"; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
demo=build/examples/xdp_port_drop_loader
if [ -x "$demo" ] && [ "$(id -u)" = 0 ]; then
  echo "== $demo"
  "$demo"
else
  echo "build: the demo loader needs root and the examples (skipped)"
fi
