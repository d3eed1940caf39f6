#!/bin/sh
# make_input.sh KIND FIXTURE_DIR LLVM_BIN OUT_DIR
# Writes OUT_DIR/prog.ll: a corpus program's real TinyGo IR, changed narrowly by hand so
# that it shows one input problem (kept in step with the fixture, instead of a copy):
#   strip-debug      `opt -strip-debug`: the module as `tinygo -no-debug` would give it
#   mapdef-4-fields  rawtp_syscall_count's `type bpfMapDef struct` with 4 fields instead of
#                    5 (MapFlags dropped): IR struct type, the map's initializer, and the
#                    debug-info struct (member list and size) all edited the same way
set -eu
kind=$1 fixture=$2 llvm_bin=$3 out=$4
mkdir -p "$out"
case $kind in
strip-debug)
  "$llvm_bin/opt" -strip-debug -S "$fixture/prog.ll" -o "$out/prog.ll"
  ;;
mapdef-4-fields)
  # The three edits must each hit exactly one line of the fixture.
  for pat in '^%main.bpfMapDef = type { i32, i32, i32, i32, i32 }$' \
             '^@main.syscallCounts = internal global %main.bpfMapDef { i32 9, i32 4, i32 8, i32 1024, i32 0 }' \
             '^!27 = !{!28, !29, !30, !31, !32}$'; do
    n=$(grep -c -- "$pat" "$fixture/prog.ll" || true)
    if [ "$n" -ne 1 ]; then
      echo "make_input.sh: '$pat' matches $n lines of $fixture/prog.ll (fixture changed?)" >&2
      exit 1
    fi
  done
  sed -e 's/^%main.bpfMapDef = type { i32, i32, i32, i32, i32 }$/%main.bpfMapDef = type { i32, i32, i32, i32 }/' \
      -e 's/^\(@main.syscallCounts = internal global %main.bpfMapDef\) { i32 9, i32 4, i32 8, i32 1024, i32 0 }/\1 { i32 9, i32 4, i32 8, i32 1024 }/' \
      -e 's/^!27 = !{!28, !29, !30, !31, !32}$/!27 = !{!28, !29, !30, !31}/' \
      -e 's/^\(!26 = !DICompositeType(tag: DW_TAG_structure_type, \)size: 160,/\1size: 128,/' \
      "$fixture/prog.ll" >"$out/prog.ll"
  ;;
*)
  echo "make_input.sh: unknown kind $kind" >&2
  exit 2
  ;;
esac
