#!/bin/sh
# find_ir.sh PROGRAM_DIR SHARED_DIR: prints the TinyGo IR made from PROGRAM_DIR/prog.go (a
# prog.ll under SHARED_DIR/tinygo-ir/project whose prog.go is byte-identical), or exits 77.
set -eu
want=$(sha256sum "$1/prog.go" | cut -d' ' -f1)
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
