#!/usr/bin/env bash
# programs.go_packages: every Go package of the repository that TinyGo compiles (a directory
# with go.mod: examples/*, tests/programs/*, tests/probes/*, the fixtures) is one Go accepts,
# as `go list` sees it with the tinygo build tag: TinyGo loads packages through `go list` and
# stops on the errors it reports, such as "C source files not allowed when not using cgo"
# for a .c file beside the .go files. A package that fails here would never get its IR.
# usage: go_packages.sh REPO
set -uo pipefail
repo=$1
if ! command -v go >/dev/null 2>&1; then
  echo "SKIP: no go in PATH (Debian: golang-go) to list the Go packages"
  exit 77
fi
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GO111MODULE=on
n=0 bad=0
while IFS= read -r mod; do
  dir=$(dirname "$mod")
  n=$((n + 1))
  out=$(cd "$dir" && go list -e -tags tinygo -f '{{with .Error}}{{.}}{{end}}' . 2>&1)
  if [ -n "$out" ]; then
    echo "FAIL ${dir#"$repo"/}: $out"
    bad=$((bad + 1))
  fi
done < <(find "$repo/examples" "$repo/tests" -name build -prune -o -name go.mod -print | sort)
echo "$n Go packages listed, $bad with errors"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
