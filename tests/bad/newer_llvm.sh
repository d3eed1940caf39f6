#!/bin/sh
# newer_llvm.sh TBPF_CORE TOOL_LLVM_MAJOR FIXTURE_IR WORK_DIR
# Bitcode written by a newer LLVM than tbpf-core's (TinyGo release binaries use LLVM 20):
# tbpf-core must say which LLVM wrote it and what to do, exit 1 and write nothing.
set -u
tbpf=$1 major=$2 ir=$3 work=$4
newer=""
for v in $(seq $((major + 1)) 40); do
  [ -x /usr/lib/llvm-$v/bin/llvm-as ] && newer=$v
done
[ -n "$newer" ] || { echo "SKIP: no LLVM newer than $major installed to write bitcode (apt-get install llvm-22)"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
/usr/lib/llvm-$newer/bin/llvm-as "$ir" -o "$work/in.bc" || exit 1
"$tbpf" transform "$work/in.bc" --section xdp_port_drop=xdp -o "$work/out.bc" 2>"$work/stderr"
rc=$?
cat "$work/stderr"
fail=0
[ "$rc" -eq 1 ] || { echo "FAIL: exit status $rc, expected 1"; fail=1; }
grep -q "note: this bitcode was written by LLVM $newer, newer than tbpf-core's LLVM $major; build tbpf-core against LLVM $newer" "$work/stderr" ||
  { echo "FAIL: no note naming LLVM $newer"; fail=1; }
[ ! -e "$work/out.bc" ] || { echo "FAIL: output written"; fail=1; }
[ $fail -eq 0 ] && echo "ok: LLVM $newer bitcode refused with the versions named"
exit $fail
