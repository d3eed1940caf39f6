#!/bin/sh
# tinybpf-step.sh OUTPUT MODE COMMAND [ARG...]
#
# One build step of add_tinybpf_program(), run so that OUTPUT appears atomically:
# the command writes a temporary file in OUTPUT's directory, which is renamed to
# OUTPUT only when the command succeeded. A failed or interrupted step leaves no
# OUTPUT behind and removes its temporary file.
#   MODE arg     every argument that is exactly @TMP@ is replaced by the temporary path
#   MODE stdout  the command's standard output is the file (bpftool gen skeleton)
# The temporary name keeps OUTPUT's extension (tinygo picks its output format by it).
set -u
if [ $# -lt 3 ]; then
  echo "usage: tinybpf-step.sh OUTPUT arg|stdout COMMAND [ARG...]" >&2
  exit 2
fi
out=$1
mode=$2
shift 2
dir=$(dirname -- "$out")
tmp=$dir/.tmp$$.$(basename -- "$out")
mkdir -p -- "$dir" || exit 1
trap 'rm -f -- "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

case $mode in
  arg)
    for a; do
      shift
      if [ "$a" = @TMP@ ]; then a=$tmp; fi
      set -- "$@" "$a"
    done
    "$@"
    ;;
  stdout)
    "$@" >"$tmp"
    ;;
  *)
    echo "tinybpf-step.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac
rc=$?
if [ $rc -ne 0 ]; then
  exit $rc
fi
if [ ! -s "$tmp" ]; then
  echo "tinybpf-step.sh: '$1' succeeded but wrote nothing for $out" >&2
  exit 1
fi
mv -f -- "$tmp" "$out"
