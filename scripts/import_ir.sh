#!/usr/bin/env bash
# import_ir.sh [SHARED_DIR]: copies the TinyGo IR of our own Go programs (tests/programs/*,
# examples/*) from SHARED_DIR/tinygo-ir/project (default: ../shared beside the repository)
# into the repository, next to each prog.go, with the sha256 of that prog.go in
# prog.ll.sha256, so that a fresh clone builds and tests them without ../shared. The IR is
# found by the source's sha256 (tests/programs/find_ir.sh); a program whose IR has not
# been made yet is listed and left alone. Commit what it copies.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
copied=0 missing=0 current=0
for dir in "$top"/tests/programs/*/ "$top"/examples/*/; do
  dir=${dir%/}
  [ -f "$dir/prog.go" ] || continue
  rel=${dir#"$top"/}
  want=$(sha256sum "$dir/prog.go" | cut -d' ' -f1)
  if [ -f "$dir/prog.ll" ] && { [ ! -f "$dir/prog.ll.sha256" ] || [ "$(cat "$dir/prog.ll.sha256")" = "$want" ]; }; then
    current=$((current + 1))   # up to date (or corpus IR committed with the example)
    continue
  fi
  if ir=$(sh "$top/tests/programs/find_ir.sh" "$dir" "$shared" 2>/dev/null) && [ "$ir" != "$dir/prog.ll" ]; then
    cp "$ir" "$dir/prog.ll.tmp" && mv "$dir/prog.ll.tmp" "$dir/prog.ll"
    echo "$want" > "$dir/prog.ll.sha256"
    echo "imported $rel/prog.ll from ${ir#"$shared"/}"
    copied=$((copied + 1))
  else
    echo "no IR yet: $rel/prog.go (sha256 $want)"
    missing=$((missing + 1))
  fi
done
echo "import_ir: $copied imported, $current already current, $missing without IR"
