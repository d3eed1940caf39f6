#!/usr/bin/env bash
# find_ir.sh PROGRAM_DIR SHARED_DIR: prints the TinyGo IR made from the Go package in
# PROGRAM_DIR, or exits 77 saying why there is none. Looked for, in this order:
#   PROGRAM_DIR/prog.ll, committed by scripts/import_ir.sh, while PROGRAM_DIR/prog.ll.sha256
#     holds the package's current source digest (a fresh clone tests on its own);
#   IR under SHARED_DIR/tinygo-ir/project made from our prog.go (holds_ours below).
# The source digest: sha256 of the "sha256  name" lines of go.mod and the *.go files.
# --digest PROGRAM_DIR prints it.
set -euo pipefail

digest() {
  (cd "$1" && sha256sum go.mod *.go 2>/dev/null | LC_ALL=C sort -k2 | sha256sum | cut -d' ' -f1)
}

if [ "$1" = "--digest" ]; then
  digest "$2"
  exit 0
fi
program=$1 shared=$2
want=$(digest "$program")
if [ -f "$program/prog.ll" ] && [ -f "$program/prog.ll.sha256" ]; then
  if [ "$(cat "$program/prog.ll.sha256")" = "$want" ]; then
    echo "$program/prog.ll"
    exit 0
  fi
  echo "note: $program/prog.ll was made from older sources; looking for newer IR" >&2
fi

# An IR file under SHARED_DIR is ours when its directory has a copy of our prog.go (and
# every other .go file of ours it has a copy of is identical), or, without a copy, when its
# path or a small file beside it names prog.go's sha256 ("with the source's sha256").
go_sha=$(sha256sum "$program/prog.go" | cut -d' ' -f1)
holds_ours() {
  local d f
  d=$(dirname "$1")
  if [ -f "$d/prog.go" ]; then
    for f in "$program"/*.go; do
      [ -f "$d/$(basename "$f")" ] || continue
      cmp -s "$f" "$d/$(basename "$f")" || return 1
    done
    return 0
  fi
  case ${1#"$root"} in *"$go_sha"*) return 0 ;; esac
  [ -n "$(find "$d" -maxdepth 1 -type f ! -name '*.ll' ! -name '*.bc' -size -64k \
           -exec grep -lF "$go_sha" {} + 2>/dev/null | head -n 1)" ]
}

root=$shared/tinygo-ir/project
if [ -d "$root" ]; then
  while IFS= read -r -d '' ir; do
    if holds_ours "$ir"; then
      echo "$ir"
      exit 0
    fi
  done < <(find "$root" -name '*.ll' -print0 | LC_ALL=C sort -z)
fi
echo "SKIP: no TinyGo IR yet for $program (prog.go sha256 $go_sha) under $root" >&2
exit 77
