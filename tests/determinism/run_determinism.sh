#!/usr/bin/env bash
# determinism.transform: tbpf-core gives byte-identical output for the same input, run
# after run (each run has its own address-space layout, which is where pointer-keyed maps
# would show). Every corpus, idiom and edited fixture (tests/fixtures/edited: the corpus IR
# its edit.sed names), RUNS runs each, bitcode output.
# usage: run_determinism.sh TBPF_CORE FIXTURES_DIR WORKDIR [RUNS]
set -euo pipefail
core=$1 fixtures=$2 work=$3 runs=${4:-4}
mkdir -p "$work"
status=0 checked=0
for spec in "$fixtures"/*/spec.json "$fixtures"/idioms/*/spec.json "$fixtures"/edited/*/spec.json; do
  dir=$(dirname "$spec")
  name=${dir#"$fixtures"/}
  input=$dir/prog.ll
  if [ -f "$dir/edit.sed" ]; then
    from=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["from"])' "$spec")
    input=$work/${name//\//_}.ll
    sed -f "$dir/edit.sed" "$fixtures/$from/prog.ll" > "$input"
  fi
  [ -f "$input" ] || continue
  args=()
  while IFS= read -r line; do args+=(--section "$line"); done < <(
    python3 -c 'import json,sys; [print(f"{k}={v}") for k,v in json.load(open(sys.argv[1]))["programs"].items()]' "$spec")
  first=
  for i in $(seq "$runs"); do
    out=$work/${name//\//_}.$i.bc
    if ! "$core" transform "$input" "${args[@]}" -o "$out"; then
      echo "FAIL $name: tbpf-core transform failed"
      status=1
      break
    fi
    if [ -z "$first" ]; then
      first=$out
    elif ! cmp -s "$first" "$out"; then
      echo "FAIL $name: run $i differs from run 1 ($(cmp "$first" "$out" | head -1))"
      status=1
      break
    fi
  done
  checked=$((checked + 1))
done
echo "$checked fixtures, $runs runs each: $([ $status = 0 ] && echo identical || echo NOT identical)"
[ "$checked" -gt 0 ] || { echo "FAIL no fixture was transformed"; exit 1; }
exit $status
