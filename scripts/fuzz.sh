#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz/ with clang++-14 under ASan + UBSan
# (float-cast-overflow included, every report fatal) and runs each on its corpus.
#
#   scripts/fuzz.sh                    every harness, FUZZ_SECONDS (default 60) each
#   scripts/fuzz.sh divergence nn_load only these harnesses (names without fuzz_)
#   FUZZ_SECONDS=0 scripts/fuzz.sh     replay the corpus only (every file once)
#   FUZZ_SECONDS=3600 FUZZ_KEEP_GOING=1 scripts/fuzz.sh   long run that records every
#                                      finding (libFuzzer -fork=1 -ignore_crashes=1)
#
# Environment: FUZZ_SECONDS, FUZZ_BUILD_DIR (default build-fuzz), FUZZ_CXX (default
# clang++-14), FUZZ_TIMEOUT (seconds per input before libFuzzer calls it a hang, default 60),
# FUZZ_KEEP_GOING (0/1), FUZZ_JOBS (compiles and harness runs at once, default 2: one per
# core; each run is one process), FUZZ_XSIMD (1: the xsimd reductions, as the default CMake
# build; 0: the scalar path), FUZZ_KEEP_CORPUS (1: keep each run's corpus in
# $FUZZ_BUILD_DIR/corpus/<harness>, to seed the next run; default 0, as CI), FUZZ_SEED
# (libFuzzer's -seed, default 1, so that a CI run is reproducible and a slower machine runs a
# prefix of the same inputs; 0: a new random seed each run, for exploration), FUZZ_RUNS_FILE
# (lines "<harness> <executions>": each timed run also stops after that many executions, so
# with a fixed seed a run is the same sequence of inputs on every machine, cut short only by
# FUZZ_SECONDS on a slower one; tests/fuzz/gate-runs.txt is CI's).
# Each run works on a fresh temporary copy of tests/fuzz/corpus/<harness> (libFuzzer writes
# its new units there), so the repository's corpus is never modified. A finding leaves its
# input in $FUZZ_BUILD_DIR/artifacts/<harness>-crash-<sha1>; the script prints its path and
# the harness's message (the `=== FINDING` line or the sanitizer report) and exits 1 after
# the other harnesses. Exit 2: nothing was run (no clang, a harness failed to build).
# Needs only what scripts/install-deps.sh installs (clang-14, libclang-rt-14-dev and, for
# symbolised reports, llvm-14 in scripts/debian-packages.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
cxx=${FUZZ_CXX:-clang++-14}
timeout_s=${FUZZ_TIMEOUT:-60}
keep_going=${FUZZ_KEEP_GOING:-0}
seed=${FUZZ_SEED:-1}
jobs=${FUZZ_JOBS:-2}
xsimd=${FUZZ_XSIMD:-1}

if ! command -v "$cxx" >/dev/null; then
  echo "fuzz.sh: $cxx not found (Debian: clang-14 libclang-rt-14-dev; scripts/install-deps.sh)" >&2
  exit 2
fi

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in "$root"/tests/fuzz/fuzz_*.cpp; do
    h=$(basename "$f" .cpp)
    harnesses+=("${h#fuzz_}")
  done
fi

flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer
       -fsanitize=fuzzer,address,undefined,float-cast-overflow -fno-sanitize-recover=all
       -DADVDIV_HAS_XSIMD="$xsimd" -I"$root/include" -I/usr/include/eigen3 -Wall -Wextra)
mkdir -p "$build/bin" "$build/artifacts" "$build/logs"

echo "fuzz.sh: building ${harnesses[*]} with $cxx"
build_start=$SECONDS
build_one() {
  "$cxx" "${flags[@]}" "$root/tests/fuzz/fuzz_$1.cpp" -o "$build/bin/fuzz_$1" 2>"$build/logs/build_$1.log" ||
    { cat "$build/logs/build_$1.log" >&2; echo "fuzz.sh: building fuzz_$1 failed" >&2; return 1; }
}
pids=()
build_failed=0
for h in "${harnesses[@]}"; do
  [ -f "$root/tests/fuzz/fuzz_$h.cpp" ] || { echo "fuzz.sh: no harness tests/fuzz/fuzz_$h.cpp" >&2; exit 2; }
  if [ ${#pids[@]} -ge "$jobs" ]; then  # at most $jobs compiles at once: wait for the oldest
    wait "${pids[0]}" || build_failed=1
    pids=("${pids[@]:1}")
  fi
  build_one "$h" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || build_failed=1; done
[ "$build_failed" -eq 0 ] || exit 2
echo "fuzz.sh: built in $((SECONDS - build_start)) s"

# Symbolised reports (llvm-14 ships the symbolizer; clang-14 only recommends it).
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-14/bin/llvm-symbolizer}
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
keep_corpus=${FUZZ_KEEP_CORPUS:-0}
scratch=$(mktemp -d "$build/run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# One harness: fuzz (or replay) on a fresh copy of its seed corpus; writes its log and a line
# "rc executions" to $scratch/result_<harness>.
run_one() {
  local h=$1 seeds="$root/tests/fuzz/corpus/$1" work="$scratch/corpus_$1" log="$build/logs/run_$1.log" rc
  mkdir -p "$work"
  [ -d "$seeds" ] && cp -R "$seeds/." "$work/"
  rm -f "$build/artifacts/$h-"*
  local args=(-timeout="$timeout_s" -rss_limit_mb=4096 -print_final_stats=1
              -artifact_prefix="$build/artifacts/$h-")
  set +e
  if [ "$seconds" -eq 0 ]; then
    "$build/bin/fuzz_$h" "${args[@]}" -runs=0 "$work" >"$log" 2>&1
  else
    [ "$keep_going" = 1 ] && args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    if [ -n "${FUZZ_RUNS_FILE:-}" ]; then
      local runs
      runs=$(awk -v h="$h" '$1 == h {print $2}' "$FUZZ_RUNS_FILE")
      [ -n "$runs" ] && args+=(-runs="$runs")
    fi
    "$build/bin/fuzz_$h" "${args[@]}" -seed="$seed" -max_total_time="$seconds" "$work" >"$log" 2>&1
  fi
  rc=$?
  set -e
  if [ "$keep_corpus" = 1 ]; then
    rm -rf "$build/corpus/$h"
    mkdir -p "$build/corpus"
    cp -R "$work" "$build/corpus/$h"
  fi
  rm -rf "$work"
  # Executions: libFuzzer's final stats, or (fork mode) the last "#N" progress line.
  local execs
  execs=$({ grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" || true; } | awk '{s += $2} END {print s + 0}')
  if [ "$execs" -eq 0 ]; then
    execs=$({ grep -Eo '^#[0-9]+' "$log" || true; } | tail -n 1 | tr -d '#')
    execs=${execs:-0}
  fi
  echo "$rc $execs" >"$scratch/result_$h"
}

if [ "$seconds" -eq 0 ]; then
  echo "fuzz.sh: replaying the corpus of ${harnesses[*]} ($jobs at a time)"
else
  echo "fuzz.sh: fuzzing ${harnesses[*]} for $seconds s each ($jobs at a time)"
fi
start=$SECONDS
pids=()
for h in "${harnesses[@]}"; do
  if [ ${#pids[@]} -ge "$jobs" ]; then  # at most $jobs runs at once: wait for the oldest
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
  run_one "$h" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

failed=()
for h in "${harnesses[@]}"; do
  log="$build/logs/run_$h.log"
  read -r rc execs <"$scratch/result_$h" || { rc=1; execs=0; }
  findings=()
  for f in "$build/artifacts/$h-"*; do [ -e "$f" ] && findings+=("$f"); done
  echo "fuzz.sh: $h: exit $rc, $execs executions, ${#findings[@]} finding(s)"
  if [ "$rc" -ne 0 ] || [ ${#findings[@]} -ne 0 ]; then
    failed+=("$h")
    for f in "${findings[@]}"; do echo "fuzz.sh:   input: $f (rerun: $build/bin/fuzz_$h $f)"; done
    echo "fuzz.sh:   the harness said (from $log):"
    { grep -E '=== FINDING|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|^SUMMARY' "$log" || tail -n 20 "$log"; } |
      sort | uniq -c | head -20 | sed 's/^/fuzz.sh:     /'
  fi
done
echo "fuzz.sh: runs took $((SECONDS - start)) s"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in ${failed[*]} (logs in $build/logs, inputs in $build/artifacts)" >&2
  exit 1
fi
echo "fuzz.sh: no finding"
