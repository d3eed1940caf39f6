#!/bin/bash
# special_outputs.sh TBPF_CORE LLC FIXTURES WORK: an output path that is not a regular file
# (a FIFO, a device such as /dev/null) is written in place by tbpf-core, tbpf-gen-go and
# tbpf-gen-types. Their usual write-to-a-temporary-file-and-rename would replace it with a
# regular file (as root, `-o /dev/null` used to replace /dev/null itself). Never touches
# the real /dev/null: a FIFO and a device node of its own in WORK.
set -u
core=$1 llc=$2 fixtures=$3 work=$4
bin=$(dirname "$core")
rm -rf "$work" && mkdir -p "$work"
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

"$core" transform "$fixtures/xdp_port_drop/prog.ll" --section xdp_port_drop=xdp -o "$work/prog.bc" || exit 1
"$llc" -march=bpf -mcpu=v3 -O2 -filetype=obj "$work/prog.bc" -o "$work/xdp_port_drop.bpf.o" || exit 1

# through_fifo NAME COMMAND...: COMMAND writes to $work/fifo.go while cat reads it
through_fifo() {
  local name=$1
  shift
  rm -f "$work/fifo.go" "$work/read"
  mkfifo "$work/fifo.go"
  timeout 10 cat "$work/fifo.go" >"$work/read" &
  local reader=$!
  timeout 20 "$@" # a tool that opened the FIFO to read it too would wait for ever
  local rc=$?
  # a command that failed before opening the FIFO leaves cat waiting for a writer
  kill -0 $reader 2>/dev/null && timeout 2 sh -c ': >"$1"' sh "$work/fifo.go"
  wait $reader
  if [ $rc -ne 0 ]; then
    bad "$name: exit status $rc writing to a FIFO"
  elif [ ! -p "$work/fifo.go" ]; then
    bad "$name: the FIFO was replaced by a $(stat -c %F "$work/fifo.go")"
  elif [ ! -s "$work/read" ]; then
    bad "$name: nothing came through the FIFO"
  else
    ok "$name: wrote $(wc -c <"$work/read") bytes through the FIFO, which is still a FIFO"
  fi
  if ls "$work" | grep -q '^fifo\.go\.tmp'; then bad "$name: left a temporary file beside the FIFO"; fi
}

through_fifo "tbpf-core transform" "$core" transform "$fixtures/xdp_port_drop/prog.ll" \
  --section xdp_port_drop=xdp -o "$work/fifo.go"
through_fifo "tbpf-gen-go" "$bin/tbpf-gen-go" "$work/xdp_port_drop.bpf.o" --package main -o "$work/fifo.go"
if [ -r /sys/kernel/btf/vmlinux ] && [ -x "$bin/tbpf-gen-types" ]; then
  through_fifo "tbpf-gen-types" "$bin/tbpf-gen-types" task_struct.pid --package main --no-stub -o "$work/fifo.go"
else
  echo "note: tbpf-gen-types not checked (no /sys/kernel/btf/vmlinux or no tbpf-gen-types)"
fi

# A null device of its own (c 1 3), where this filesystem allows device nodes.
if mknod "$work/null" c 1 3 2>/dev/null && : >"$work/null" 2>/dev/null; then
  "$core" transform "$fixtures/xdp_port_drop/prog.ll" --section xdp_port_drop=xdp -o "$work/null"
  rc=$?
  if [ $rc -ne 0 ]; then
    bad "tbpf-core: exit status $rc writing to a null device"
  elif [ ! -c "$work/null" ]; then
    bad "tbpf-core: the null device was replaced by a $(stat -c %F "$work/null")"
  else
    ok "tbpf-core: wrote to a null device, which is still a character device"
  fi
else
  echo "note: the null-device case is not checked: no device nodes here (not root, or a nodev filesystem)"
fi
exit $fail
