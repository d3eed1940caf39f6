#!/bin/sh
# find_ir.sh PROGRAM_DIR SHARED_DIR: prints the TinyGo IR made from PROGRAM_DIR/prog.go, or
# exits 77 saying why there is none. Looked for, in this order:
#   PROGRAM_DIR/prog.ll, committed by scripts/import_ir.sh with the sha256 of the prog.go it
#     was made from in PROGRAM_DIR/prog.ll.sha256 (a fresh clone tests on its own);
#   a prog.ll under SHARED_DIR/tinygo-ir/project whose prog.go is byte-identical to ours.
set -eu
want=$(sha256sum "$1/prog.go" | cut -d' ' -f1)
if [ -f "$1/prog.ll" ] && [ -f "$1/prog.ll.sha256" ]; then
  if [ "$(cat "$1/prog.ll.sha256")" = "$want" ]; then
    echo "$1/prog.ll"
    exit 0
  fi
  echo "note: $1/prog.ll was made from an older prog.go; looking for newer IR" >&2
fi
root=$2/tinygo-ir/project
if [ -d "$root" ]; then
  for src in $(find "$root" -name prog.go 2>/dev/null | sort); do
    dir=$(dirname "$src")
    if [ -f "$dir/prog.ll" ] && [ "$(sha256sum "$src" | cut -d' ' -f1)" = "$want" ]; then
      echo "$dir/prog.ll"
      exit 0
    fi
  done
fi
echo "SKIP: no TinyGo IR yet for $1/prog.go (sha256 $want) under $root" >&2
exit 77
