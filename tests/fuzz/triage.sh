#!/usr/bin/env bash
# Groups the inputs a fuzzing run kept by what went wrong: reruns each with the harness,
# takes its "=== FINDING" line (or the sanitizer's first report line), hides the numbers,
# and prints each class with its count and its smallest input.
#
#   tests/fuzz/triage.sh build-fuzz/bin/fuzz_transport build-fuzz/artifacts/transport-*
set -uo pipefail
bin=$1
shift
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tmp=$(mktemp)
for f in "$@"; do
  [ -f "$f" ] || continue
  line=$(timeout 120 "$bin" "$f" 2>&1 | grep -m1 -E '=== FINDING|runtime error|ERROR: (AddressSanitizer|LeakSanitizer)|ERROR: libFuzzer: (timeout|out-of-memory)')
  [ -n "$line" ] || line="(no finding on rerun)"
  class=$(printf '%s' "$line" | sed -E 's/^[^ ]*\.(hpp|cpp|h):[0-9]+:[0-9]+: /\0/; s/-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/#/g; s/==#==//' | cut -c1-200)
  printf '%s\t%s\t%s\n' "$(stat -c %s "$f")" "$f" "$class" >>"$tmp"
done
sort -t$'\t' -k3,3 -k1,1n "$tmp" | awk -F'\t' '
  $3 != last { if (last != "") printf "%5d  %s\n       e.g. %s\n", n, last, ex; last = $3; n = 0; ex = $2 }
  { n++ }
  END { if (last != "") printf "%5d  %s\n       e.g. %s\n", n, last, ex }'
rm -f "$tmp"
