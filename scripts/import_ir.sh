#!/usr/bin/env bash
# import_ir.sh [SHARED_DIR]: copies the TinyGo IR of our own Go programs (tests/programs/*, tests/probes/*,
# examples/*) from SHARED_DIR/tinygo-ir/project (default: ../shared beside the repository)
# into the repository, next to each prog.go, with the digest of the sources it was made
# from in prog.ll.sha256 (tests/programs/find_ir.sh --digest), so that a fresh clone builds
# and tests them without ../shared. A program whose IR has not been made yet is listed and
# left alone. Commit what it copies.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
find_ir=$top/tests/programs/find_ir.sh
if [ ! -d "$shared/tinygo-ir/project" ]; then
  echo "import_ir: $shared/tinygo-ir/project does not exist: no IR of our programs has been made yet" >&2
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
copied=0 missing=0 current=0
for dir in "$top"/tests/programs/*/ "$top"/tests/probes/*/ "$top"/examples/*/; do
  dir=${dir%/}
  [ -f "$dir/prog.go" ] || continue
  rel=${dir#"$top"/}
  if [ -f "$dir/prog.ll" ] && [ ! -f "$dir/prog.ll.sha256" ]; then
    current=$((current + 1))   # the corpus' own IR, committed with the example
    continue
  fi
  rc=0
  ir=$(bash "$find_ir" "$dir" "$shared" 2>"$log") || rc=$?
  if [ "$rc" -eq 0 ] && [ "$ir" = "$dir/prog.ll" ]; then
    current=$((current + 1))
  elif [ "$rc" -eq 0 ]; then
    cp "$ir" "$dir/prog.ll.tmp"
    mv "$dir/prog.ll.tmp" "$dir/prog.ll"
    bash "$find_ir" --digest "$dir" > "$dir/prog.ll.sha256"
    echo "imported $rel/prog.ll from ${ir#"$shared"/}"
    copied=$((copied + 1))
  elif [ "$rc" -eq 77 ]; then
    echo "no IR yet: $rel"
    missing=$((missing + 1))
  else
    cat "$log" >&2
    exit "$rc"
  fi
done
echo "import_ir: $copied imported, $current already current, $missing without IR"
