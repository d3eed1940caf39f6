#!/bin/sh
# skip_reasons.sh CTEST_OUTPUT LAST_TEST_LOG
# For each test that ctest reports as "(Skipped)" in CTEST_OUTPUT (its console output,
# ctest --output-log), prints the reason the test gave: the lines of its output in
# LAST_TEST_LOG (Testing/Temporary/LastTest.log) that mention a skip, else its last line.
set -eu
out=$1 log=$2
[ -f "$out" ] && [ -f "$log" ] || exit 0
skipped=$(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (Skipped)$/\1/p' "$out" | sort -u)
[ -n "$skipped" ] || exit 0
echo
echo "Why these tests were skipped:"
printf '%s\n' "$skipped" | while IFS= read -r name; do
  awk -v want="$name" '
    $0 ~ /^[0-9]+\/[0-9]+ Test: / { cur = $3; next }
    cur == want && /^Output:$/ { inside = 1; getline; next }
    cur == want && /^<end of output>$/ {
      if (!said) print "  " want ": " (last != "" ? last : "(no output)")
      exit
    }
    inside && cur == want {
      if ($0 != "") last = $0
      if (tolower($0) ~ /skip/) { print "  " want ": " $0; said = 1 }
    }
  ' "$log"
done
