#!/bin/sh
# Runs every test: configures and builds when needed, then ctest (arguments are passed on to
# it, e.g. -j2 or -R lit). Kernel tests need root. A skipped test's reason is in its output,
# which --output-on-failure does not show: the reasons are printed after ctest's summary.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
summary=build/Testing/ctest-summary.log
rc=0
ctest --test-dir build --output-on-failure --output-log "$summary" "$@" || rc=$?
sh scripts/skip_reasons.sh "$summary" build/Testing/Temporary/LastTest.log || true
exit $rc
