#!/bin/bash
# tests/gogen/gogen_test.sh MODE NAME [ARG...]: one gogen.* test (see CMakeLists.txt here).
#   golden   NAME's object -> tbpf-gen-go -> compared with golden/NAME.go.golden; generated
#            twice (byte-for-byte the same); gofmt -l clean when gofmt is installed.
#            UPDATE_GOLDEN=1 in the environment rewrites the golden file instead.
#   linked   the same through `bpftool gen object` (stripped DWARF, deduplicated BTF);
#            skipped when bpftool cannot link the object, with bpftool's message.
#   compile  golden/NAME.go.golden in a Go package, `go vet` + `go build` against cilium/ebpf.
#   loader   bindings generated into a Go package with the loader examples/NAME/go/*.go (or
#            loaders/NAME/*.go here), `go vet` + `go build`, run (ARGs go to the loader);
#            needs root and a BPF kernel.
#   sections bindings of globals_config's IR in sections cilium/ebpf 0.9 does not know (or
#            knows without their attach type or flags), loaded by loaders/sections; root.
#            NAME iter runs only the iter.s/task part (skipped where cilium/ebpf cannot read
#            the kernel's BTF), any other NAME the rest.
#   cloader  templates/loader.c.tmpl rendered for NAME, compiled against NAME's skeleton and
#            run for one second (load + attach); needs root.
#   template tbpf-gen-go --template templates/NAME.tmpl on latency_pair's object; the output
#            must equal templates/NAME.out, or the run must fail with templates/NAME.err.
#   gofmt    gofmt -l on every golden file.
#   args     tbpf-gen-go's command line on latency_pair's object: each bad argument (a Go
#            keyword or _ as --package, ...) fails with exit status 2, its message and no
#            output file; the good ones (predeclared identifiers as --package) work.
#   struct_ops_warning  NAME's object has a struct_ops map: tbpf-gen-go warns on stderr that
#            cilium/ebpf cannot load it, and the generated Go says so at the map.
#   types    tbpf-gen-go --type (bpf2go's -type) on tp_openat_ringbuf's object with and without
#            openEvent kept, and on typed_map_generic's (flowKey, a map key already): unknown
#            names fail (exit 1, did-you-mean, the TYPES/--keep-type hint, no output file); a
#            requested type is declared once.
# Exit 77 = skipped (the reason is printed). Environment from CMakeLists.txt: GEN CORE LLC
# BPFTOOL CLANG CLANG_FLAGS CC SRC FIXTURES EXAMPLES TEMPLATES WORK SECTIONS_<name> IR_<name>
# TYPES_<name> (Go types kept with tbpf-core --keep-type and declared with tbpf-gen-go --type).
set -u
mode=$1
name=${2:-}
shift 2 2>/dev/null || shift $#

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

work=$WORK/$mode.$name
rm -rf "$work"
mkdir -p "$work"

# build_object NAME OUT: the BPF object of a fixture (tbpf-core + llc) or of NAME.bpf.c (clang).
build_object() {
  local n=$1 out=$2
  if [ -f "$SRC/$n.bpf.c" ]; then
    [ -n "$CLANG" ] || skip "no clang to build $n.bpf.c"
    # shellcheck disable=SC2086
    "$CLANG" $CLANG_FLAGS -c "$SRC/$n.bpf.c" -o "$out" || fail "clang $n.bpf.c"
  else
    local var=SECTIONS_$n irvar=IR_$n tvar=TYPES_$n keep=() t
    for t in ${!tvar:-}; do keep+=(--keep-type "$t"); done
    # shellcheck disable=SC2086
    "$CORE" transform "${!irvar:-$FIXTURES/$n/prog.ll}" ${!var} "${keep[@]}" -o "$work/$n.bc" ||
      fail "tbpf-core transform $n"
    "$LLC" -march=bpf -mcpu=v3 -O2 -filetype=obj -o "$out" "$work/$n.bc" || fail "llc $n"
  fi
}

generate() { # OBJECT OUT [ARGS]: the file name in //go:embed is always NAME.bpf.o
  local obj=$1 out=$2 tvar=TYPES_$name types=() t
  shift 2
  for t in ${!tvar:-}; do types+=(--type "$t"); done
  "$GEN" "$obj" --package main --embed "$name.bpf.o" "${types[@]}" -o "$out" "$@" ||
    fail "tbpf-gen-go $obj"
}

# Go: Debian's golang-go and golang-github-cilium-ebpf-dev, GOPATH mode, no network.
# TBPF_GO / TBPF_GOCODE override the go binary and the GOPATH entry with cilium/ebpf.
go_env() {
  GO=${TBPF_GO-$(command -v go || true)}
  [ -n "$GO" ] || [ -n "${TBPF_GO+set}" ] || [ ! -x /usr/lib/go/bin/go ] || GO=/usr/lib/go/bin/go
  [ -n "$GO" ] && [ -x "$GO" ] || skip "Go not found (Debian: apt-get install golang-go)"
  local gocode=${TBPF_GOCODE:-/usr/share/gocode}
  [ -f "$gocode/src/github.com/cilium/ebpf/go.mod" ] ||
    skip "cilium/ebpf not found in $gocode (Debian: apt-get install golang-github-cilium-ebpf-dev)"
  export GO111MODULE=off GOFLAGS= GOPROXY=off CGO_ENABLED=0 GOTOOLCHAIN=local
  export GOPATH=$work/gopath:$gocode GOCACHE=$WORK/gocache HOME=${HOME:-$WORK}
  local v
  v=$(dpkg-query -W -f '${Version}' golang-github-cilium-ebpf-dev 2>/dev/null || echo unknown)
  echo "go: $("$GO" version); cilium/ebpf: $v (GOPATH mode)"
}

go_build() { # DIR OUT
  (cd "$1" && "$GO" vet . && "$GO" build -o "$2" .) || fail "go build in $1"
}

need_root() { [ "$(id -u)" = 0 ] || skip "needs root (loads BPF programs)"; }

case $mode in
golden)
  build_object "$name" "$work/$name.bpf.o"
  generate "$work/$name.bpf.o" "$work/$name.go"
  generate "$work/$name.bpf.o" "$work/$name.again.go"
  cmp "$work/$name.go" "$work/$name.again.go" || fail "two runs wrote different files"
  golden=$SRC/golden/$name.go.golden
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$work/$name.go" "$golden" && echo "updated $golden" && exit 0
  fi
  [ -f "$golden" ] || fail "no $golden (run with UPDATE_GOLDEN=1 to write it)"
  diff -u "$golden" "$work/$name.go" || fail "generated Go differs from $golden (UPDATE_GOLDEN=1 rewrites it)"
  if command -v gofmt >/dev/null; then
    [ -z "$(gofmt -l "$work/$name.go")" ] || { gofmt -d "$work/$name.go"; fail "not gofmt-clean"; }
    echo "gofmt: clean"
  else
    echo "gofmt not installed: layout checked against the golden file only"
  fi
  echo "PASS $name: golden, deterministic"
  ;;
linked)
  build_object "$name" "$work/$name.llc.o"
  [ -n "$BPFTOOL" ] || skip "bpftool not found"
  if ! "$BPFTOOL" gen object "$work/$name.bpf.o" "$work/$name.llc.o" 2>"$work/bpftool.err"; then
    cat "$work/bpftool.err"
    skip "bpftool gen object cannot link $name's object (above), nothing to compare"
  fi
  generate "$work/$name.bpf.o" "$work/$name.go"
  diff -u "$SRC/golden/$name.go.golden" "$work/$name.go" ||
    fail "bindings of the bpftool-linked object differ from the golden file"
  echo "PASS $name: linked object gives the same bindings"
  ;;
compile)
  go_env
  pkg=$work/gopath/src/gogen_$name
  mkdir -p "$pkg"
  cp "$SRC/golden/$name.go.golden" "$pkg/bindings.go" || fail "no golden bindings for $name"
  embed=$(sed -n 's|^//go:embed ||p' "$pkg/bindings.go")
  : >"$pkg/$embed"
  printf 'package main\n\nfunc main() {}\n' >"$pkg/main.go"
  go_build "$pkg" "$work/bin"
  # Little-endian objects and encoding: a big-endian GOARCH leaves the bindings out.
  ignored=$(cd "$pkg" && GOARCH=s390x go list -f '{{.IgnoredGoFiles}}' . 2>&1)
  [[ $ignored == *bindings.go* ]] || fail "the bindings are not left out on big-endian s390x: $ignored"
  echo "PASS $name: golden bindings build with cilium/ebpf (and only for little-endian GOARCHes)"
  ;;
loader)
  go_env
  need_root
  pkg=$work/gopath/src/gogen_$name
  mkdir -p "$pkg"
  build_object "$name" "$pkg/$name.bpf.o"
  generate "$pkg/$name.bpf.o" "$pkg/${name}_bpf.go"
  loader_src=$EXAMPLES/$name/go
  [ -d "$loader_src" ] || loader_src=$SRC/loaders/$name
  cp "$loader_src"/*.go "$pkg/" || fail "no Go loader in $loader_src"
  go_build "$pkg" "$work/loader"
  "$work/loader" "$@"
  rc=$?
  [ $rc = 77 ] && exit 77
  [ $rc = 0 ] || fail "loader exited $rc"
  ;;
sections)
  # globals_config's real IR in sections that cilium/ebpf 0.9 does not know, or types without
  # their attach type or flags: one object and one set of bindings (--name) per section.
  go_env
  need_root
  pkg=$work/gopath/src/gogen_sections
  mkdir -p "$pkg"
  while read -r go_name sec; do
    "$CORE" transform "$FIXTURES/globals_config/prog.ll" --section "getpid_globals=$sec" \
      -o "$work/$go_name.bc" || fail "tbpf-core transform as $sec"
    "$LLC" -march=bpf -mcpu=v3 -O2 -filetype=obj -o "$pkg/$go_name.bpf.o" "$work/$go_name.bc" ||
      fail "llc ($sec)"
    "$GEN" "$pkg/$go_name.bpf.o" --package main --name "$go_name" --embed "$go_name.bpf.o" \
      -o "$pkg/${go_name}_bpf.go" || fail "tbpf-gen-go ($sec)"
  done <<'LIST'
IterS iter.s/task
SkLookup sk_lookup
UprobeS uprobe.s/libc.so.6:getpid
KprobeMulti kprobe.multi/do_unlinkat
Ksyscall ksyscall/getpid
XdpDevmap xdp/devmap
XdpFrags xdp.frags
Xdp xdp
LIST
  if command -v gofmt >/dev/null; then
    [ -z "$(gofmt -l "$pkg"/*_bpf.go)" ] || { gofmt -d "$pkg"/*_bpf.go; fail "bindings not gofmt-clean"; }
  fi
  cp "$SRC"/loaders/sections/*.go "$pkg/" || fail "no Go loader in $SRC/loaders/sections"
  go_build "$pkg" "$work/loader"
  if [ "$name" = iter ]; then "$work/loader" iter; else "$work/loader"; fi
  rc=$?
  [ $rc = 77 ] && exit 77
  [ $rc = 0 ] || fail "loader exited $rc"
  ;;
cloader)
  need_root
  [ -n "$BPFTOOL" ] || skip "bpftool not found"
  [ -n "$CC" ] || skip "no C compiler"
  build_object "$name" "$work/$name.bpf.o"
  "$BPFTOOL" gen skeleton "$work/$name.bpf.o" name "$name" >"$work/$name.skel.h" ||
    fail "bpftool gen skeleton"
  "$GEN" "$work/$name.bpf.o" --template "$TEMPLATES/loader.c.tmpl" --name "$name" \
    -o "$work/${name}_loader.c" || fail "rendering templates/loader.c.tmpl"
  "$CC" -std=gnu11 -Wall -Wextra -Werror -I"$work" "$work/${name}_loader.c" -o "$work/loader" -lbpf ||
    fail "the rendered loader does not compile"
  "$work/loader" 1 || fail "the rendered loader exited $?"
  echo "PASS $name: templates/loader.c.tmpl renders, compiles, loads and attaches"
  ;;
template)
  obj=$work/latency_pair.bpf.o
  name_saved=$name
  build_object latency_pair "$obj"
  t=$SRC/templates/$name_saved
  if [ -f "$t.err" ]; then
    if "$GEN" "$obj" --template "$t.tmpl" -o "$work/out" 2>"$work/err"; then
      fail "rendering $t.tmpl succeeded, expected an error"
    fi
    cat "$work/err"
    grep -qF -- "$(cat "$t.err")" "$work/err" || fail "error message lacks: $(cat "$t.err")"
  else
    "$GEN" "$obj" --template "$t.tmpl" -o "$work/out" || fail "rendering $t.tmpl"
    diff -u "$t.out" "$work/out" || fail "output differs from $t.out"
  fi
  echo "PASS template $name_saved"
  ;;
gofmt)
  command -v gofmt >/dev/null || skip "gofmt not found (Debian: apt-get install golang-go)"
  for f in "$SRC"/golden/*.go.golden; do
    cp "$f" "$work/$(basename "$f" .golden)"
  done
  out=$(gofmt -l "$work"/*.go)
  [ -z "$out" ] || { gofmt -d "$work"/*.go; fail "not gofmt-clean: $out"; }
  echo "PASS gofmt: $(ls "$work"/*.go | wc -l) golden files clean"
  ;;
args)
  obj=$work/latency_pair.bpf.o
  build_object latency_pair "$obj"
  out=$work/out.go
  n=0
  # STATUS|MESSAGE ON STDERR (fixed string; empty for success)|ARGUMENTS after the object
  while IFS='|' read -r want msg args; do
    [ -n "$want" ] || continue
    rm -f "$out"
    # shellcheck disable=SC2086
    "$GEN" "$obj" -o "$out" $args 2>"$work/err"
    rc=$?
    [ "$rc" = "$want" ] || { cat "$work/err"; fail "tbpf-gen-go OBJ -o OUT $args: exit $rc, want $want"; }
    if [ "$want" = 0 ]; then
      grep -qx "package ${args##* }" "$out" || fail "$args: no 'package ${args##* }' in the output"
    else
      grep -qF -- "$msg" "$work/err" || { cat "$work/err"; fail "$args: the error lacks: $msg"; }
      [ ! -e "$out" ] || fail "$args: failed but wrote $out"
    fi
    echo "ok   $args: exit $rc${msg:+ ($msg)}"
    n=$((n + 1))
  done <<'CASES'
2|--package 'go' is a Go keyword, which cannot name a Go package|--package go
2|--package 'type' is a Go keyword, which cannot name a Go package|--package type
2|--package 'func' is a Go keyword, which cannot name a Go package|--name X --package func
2|--package '_' is the blank identifier, which cannot name a Go package|--package _
2|--package '1x' is not a Go identifier|--package 1x
2|--package 'a-b' is not a Go identifier|--package a-b
2|--name 'x.y' is not a Go identifier|--name x.y
2|--package needs a value|--package
2|unknown option --pkg|--pkg main
0||--package string
0||--package nil
0||--package fmt
0||--package gopher
CASES
  echo "PASS args: $n cases"
  ;;
types)
  TYPES_tp_openat_ringbuf=openEvent build_object tp_openat_ringbuf "$work/kept.bpf.o"
  TYPES_tp_openat_ringbuf= build_object tp_openat_ringbuf "$work/plain.bpf.o"
  TYPES_typed_map_generic= build_object typed_map_generic "$work/typed.bpf.o"
  out=$work/out.go
  n=0
  # OBJECT|STATUS|MESSAGE ON STDERR (fixed string)|ARGUMENTS after the object; for status 0,
  # MESSAGE is a line the output has exactly once.
  while IFS='|' read -r obj want msg args; do
    [ -n "$obj" ] || continue
    rm -f "$out"
    # shellcheck disable=SC2086
    "$GEN" "$work/$obj.bpf.o" -o "$out" $args 2>"$work/err"
    rc=$?
    [ "$rc" = "$want" ] || { cat "$work/err"; fail "tbpf-gen-go $obj.bpf.o $args: exit $rc, want $want"; }
    if [ "$want" = 0 ]; then
      c=$(grep -cxF -- "$msg" "$out")
      [ "$c" = 1 ] || fail "$obj $args: '$msg' $c times in the output, want once"
    else
      cat "$work/err"
      grep -qF -- "$msg" "$work/err" || fail "$obj $args: the error lacks: $msg"
      [ ! -e "$out" ] || fail "$obj $args: failed but wrote $out"
    fi
    echo "ok   $obj $args: exit $rc ($msg)"
    n=$((n + 1))
  done <<'CASES'
kept|1|--type openEvnt: no type (typedef, struct, union or enum) of that name in the object's BTF; did you mean openEvent?|--type openEvnt
kept|1|did you mean openEvent? A Go type that no map or global has is in the BTF only if it is kept: keep it with add_tinybpf_program(... TYPES OpenEvent) / tbpf-core transform --keep-type OpenEvent|--type OpenEvent
kept|1|--type nothing: no type (typedef, struct, union or enum) of that name in the object's BTF. A Go type|--type openEvent --type nothing
plain|1|keep it with add_tinybpf_program(... TYPES openEvent) / tbpf-core transform --keep-type openEvent|--type openEvent
kept|2|--type needs a value|--type
kept|0|type TpOpenatRingbufOpenEvent struct {|--name TpOpenatRingbuf --type openEvent --type openEvent
typed|0|type TypedMapGenericFlowKey struct {|--name TypedMapGeneric --type flowKey
typed|0|// Declared for --type flowKey.|--name TypedMapGeneric --type flowKey
CASES
  echo "PASS types: $n cases"
  ;;
struct_ops_warning)
  build_object "$name" "$work/$name.bpf.o"
  generate "$work/$name.bpf.o" "$work/${name}_bpf.go" 2>"$work/stderr"
  cat "$work/stderr"
  grep -q "warning: .*map gogen_cc is a struct_ops map, which cilium/ebpf 0.9.1 (the release TinyBPF tests) does not load" \
    "$work/stderr" || fail "no warning that cilium/ebpf cannot load the struct_ops map"
  grep -q "^// cilium/ebpf 0.9.1 does not load struct_ops maps" "$work/${name}_bpf.go" ||
    fail "the generated Go does not say that cilium/ebpf cannot load the struct_ops map"
  echo "PASS struct_ops warning: on stderr and in the generated Go"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
