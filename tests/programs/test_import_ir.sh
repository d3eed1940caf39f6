#!/usr/bin/env bash
# programs.import_ir: scripts/import_ir.sh and find_ir.sh on a made-up ../shared (in a
# temporary copy under a path with a space): IR beside a copy of the sources, IR named by
# prog.go's sha256, IR beside a file naming it; a copy whose other .go file differs is not
# ours; an edit to the sources makes the committed IR stale.
# usage: test_import_ir.sh REPO_TOP
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top="$tmp/my repo"
mkdir -p "$top/scripts" "$top/tests/programs" "$top/examples"
cp "$src/scripts/import_ir.sh" "$top/scripts/"
cp "$src/tests/programs/find_ir.sh" "$top/tests/programs/"
for p in sockops_count timer_value tp_btf_fork core_type_info; do
  cp -r "$src/tests/programs/$p" "$top/tests/programs/"
  rm -f "$top/tests/programs/$p/prog.ll" "$top/tests/programs/$p/prog.ll.sha256"
done
cp -r "$src/examples/core_task_types" "$top/examples/"
rm -f "$top/examples/core_task_types/prog.ll" "$top/examples/core_task_types/prog.ll.sha256"
fails=0
expect() { # expect DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

expect "no ../shared/tinygo-ir/project: import_ir fails and says so" \
  bash -c '! bash "$1/scripts/import_ir.sh" 2>"$1/err" && grep -q "does not exist" "$1/err"' _ "$top"

project="$tmp/shared/tinygo-ir/project"
mkdir -p "$project/a b/sockops" "$project/tp" "$project/ctt"
cp "$top/tests/programs/sockops_count/prog.go" "$project/a b/sockops/"
echo "; sockops IR" > "$project/a b/sockops/prog.ll"
echo "; timer IR" > "$project/$(sha256sum "$top/tests/programs/timer_value/prog.go" | cut -d' ' -f1).ll"
echo "; tp_btf IR" > "$project/tp/prog.ll"
echo "source $(sha256sum "$top/tests/programs/tp_btf_fork/prog.go" | cut -d' ' -f1)" > "$project/tp/SOURCE"
cp "$top/examples/core_task_types/prog.go" "$project/ctt/"
echo "// another kernel_types.go" > "$project/ctt/kernel_types.go"
echo "; ctt IR" > "$project/ctt/prog.ll"

out=$(bash "$top/scripts/import_ir.sh" "$tmp/shared")
echo "$out"
expect "IR beside a copy of prog.go is imported" \
  grep -qx "; sockops IR" "$top/tests/programs/sockops_count/prog.ll"
expect "IR named by prog.go's sha256 is imported" \
  grep -qx "; timer IR" "$top/tests/programs/timer_value/prog.ll"
expect "IR beside a file naming prog.go's sha256 is imported" \
  grep -qx "; tp_btf IR" "$top/tests/programs/tp_btf_fork/prog.ll"
expect "a copy whose kernel_types.go differs is not ours" \
  test ! -e "$top/examples/core_task_types/prog.ll"
expect "a program without IR is listed" grep -q "no IR yet: tests/programs/core_type_info" <<<"$out"
expect "the sidecar holds the source digest" \
  test "$(cat "$top/tests/programs/sockops_count/prog.ll.sha256")" = \
       "$(bash "$top/tests/programs/find_ir.sh" --digest "$top/tests/programs/sockops_count")"
expect "find_ir prefers the committed copy (no ../shared needed)" \
  test "$(bash "$top/tests/programs/find_ir.sh" "$top/tests/programs/sockops_count" /nonexistent)" = \
       "$top/tests/programs/sockops_count/prog.ll"
echo "// edited" >> "$top/tests/programs/sockops_count/prog.go"
expect "an edited prog.go makes the committed IR stale (skip, 77)" \
  bash -c 'bash "$1" "$2" /nonexistent 2>/dev/null; test $? -eq 77' _ \
  "$top/tests/programs/find_ir.sh" "$top/tests/programs/sockops_count"
[ "$fails" -eq 0 ]
