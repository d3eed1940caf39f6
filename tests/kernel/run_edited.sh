#!/usr/bin/env bash
# kernel.edited.<name>: a corpus program's real TinyGo IR with the narrow edit of
# tests/fixtures/edited/<name>/edit.sed (which says why), through run_fixture.sh. For Go
# surface whose own test program (tests/programs) still waits for its TinyGo IR.
# usage: run_edited.sh EDITED_DIR FIXTURES_DIR TBPF_CORE LLC LLVM_LINK WORKDIR TBPF_BEHAVE [--section FN=SEC]...
set -euo pipefail
edited=$1 fixtures=$2
shift 2
from=$(sed -n 's/^ *"from": *"\([^"]*\)".*/\1/p' "$edited/spec.json")
[ -n "$from" ] || { echo "run_edited.sh: $edited/spec.json names no \"from\" program" >&2; exit 2; }
work=$4
fixture=$work/fixture/$(basename "$edited")
mkdir -p "$fixture"
sed -f "$edited/edit.sed" "$fixtures/$from/prog.ll" > "$fixture/prog.ll"
if cmp -s "$fixtures/$from/prog.ll" "$fixture/prog.ll"; then
  echo "run_edited.sh: $edited/edit.sed changed nothing in $from/prog.ll" >&2
  exit 1
fi
cp "$edited/spec.json" "$fixture/spec.json"
exec bash "$(dirname "$0")/run_fixture.sh" "$1" "$2" "$3" "$fixture" "$work" "$5" "${@:6}"
