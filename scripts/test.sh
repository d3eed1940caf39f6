#!/bin/sh
# Runs every test: configures and builds when needed, then ctest. Kernel tests need root.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure "$@"
