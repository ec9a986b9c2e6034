#!/usr/bin/env bash
# The test command of the README: installs what is missing, builds everything with
# -Wall -Wextra -Wpedantic -Werror, runs the whole suite through ctest, again with the scalar
# (no xsimd) reductions, again under AddressSanitizer + UndefinedBehaviorSanitizer (with
# float-cast-overflow), runs the libFuzzer harnesses on their corpus and on new inputs for a fixed
# budget (scripts/fuzz.sh) and builds the API docs
# (warnings = errors).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
warn="-Wall -Wextra -Wpedantic -Werror"

# CI (.ci/run sets ADVDIV_CI=1) does less to stay under 30 minutes on a 2-core machine: no
# benchmark programs and no examples (their builds are 40 % of the release stage; their checks run
# in a plain run), the release stage at -O2 (the flags a user builds with; a plain run uses
# CMake's Release -O3), the Thrust host tests on the OMP system only (CPP runs the same code),
# and the sanitizers on the layers with the hand-written numerics kernels (core, divergence). A
# plain run does all of it.
benchmarks=ON
examples=ON
release_opt=()
thrust_systems="OMP;CPP"
sanitize_layers="core divergence transport nn density estimate gan"
if [[ "${ADVDIV_CI:-}" == "1" ]]; then
  benchmarks=OFF
  examples=OFF
  release_opt=(-DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG")
  thrust_systems="OMP"
  sanitize_layers="core divergence"
fi
sanitize_layers=${ADVDIV_SANITIZE_LAYERS:-$sanitize_layers}
stamp() { echo "   (${SECONDS} s since the start)"; }

echo "== release build: tests, examples ($examples), benchmarks ($benchmarks)"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release "${release_opt[@]}" -DCMAKE_CXX_FLAGS="$warn" \
  -DADVDIV_BUILD_TESTS=ON -DADVDIV_BUILD_BENCHMARKS=$benchmarks -DADVDIV_BUILD_EXAMPLES=$examples -DADVDIV_WITH_MPI=ON \
  -DADVDIV_TEST_THRUST_SYSTEMS="$thrust_systems" >/dev/null
cmake --build build/release -j "$jobs"
stamp
ctest --test-dir build/release --output-on-failure -j "$jobs" -E nvcc
stamp

# The scalar build and the nvcc compile check (1.5 minutes of one core; CI has no GPU) run on one
# core beside the sanitizer build, which spends most of its time in one translation unit (the
# divergence tests): the two stages share the machine instead of taking turns.
echo "== scalar build (ADVDIV_WITH_XSIMD=OFF) and the nvcc compile check, beside the sanitizer build"
# xsimd is reached only through the divergence reductions (divergence/pair_reduction.hpp,
# discrete.hpp) and core/math.hpp's lane-wise formulas, whose tests are core's and divergence's
# (every named divergence, the edge cases against mpmath, both paths); the layers above call
# the same reductions.
scalar_layers="core divergence"
(
  cmake -S . -B build/scalar -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$warn" -DADVDIV_WITH_XSIMD=OFF \
    -DADVDIV_BUILD_TESTS=ON -DADVDIV_BUILD_BENCHMARKS=OFF -DADVDIV_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build build/scalar -j 1 --target $(printf 'advdiv_test_%s ' $scalar_layers)
  ctest --test-dir build/scalar --output-on-failure -R "^($(echo $scalar_layers | tr ' ' '|'))\$"
  ctest --test-dir build/release --output-on-failure -R nvcc
) > build/scalar-and-nvcc.log 2>&1 &
side=$!

echo "== sanitizer build (ASan + UBSan incl. float-cast-overflow): tests of $sanitize_layers"
# The Thrust host tests are left out here (they run in the release stage; build/sanitize with
# -DADVDIV_TEST_THRUST_SYSTEMS=OMP runs them locally). -g1: line tables only (the sanitizers'
# reports keep file:line; variables are for a debugger), which cuts the instrumented build's CPU
# time by about 28 % (divergence 213 -> 152 s). ADVDIV_SANITIZE_LAYERS chooses any set.
cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DADVDIV_BUILD_TESTS=ON \
  -DCMAKE_CXX_FLAGS="$warn -O1 -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  -DADVDIV_BUILD_BENCHMARKS=OFF -DADVDIV_BUILD_EXAMPLES=OFF -DADVDIV_TEST_THRUST_SYSTEMS= >/dev/null
cmake --build build/sanitize -j "$jobs" --target $(printf 'advdiv_test_%s ' $sanitize_layers)
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/sanitize --output-on-failure -j "$jobs" -R "^($(echo $sanitize_layers | tr ' ' '|'))\$"
stamp
if ! wait "$side"; then cat build/scalar-and-nvcc.log; exit 1; fi
grep -E "tests passed|Total Test time" build/scalar-and-nvcc.log
stamp

echo "== fuzzers (libFuzzer + ASan + UBSan, clang 14): the corpus, then new inputs"
# Each harness replays its corpus and then fuzzes from seed 1 for the execution budget of
# tests/fuzz/gate-runs.txt (about a minute of one core here), capped at FUZZ_SECONDS (60): the
# same inputs on every machine, so a gate that passed here passes in CI (a slower machine runs
# a prefix). FUZZ_SECONDS=0 replays the corpus only.
FUZZ_SECONDS=${FUZZ_SECONDS:-60} FUZZ_RUNS_FILE=tests/fuzz/gate-runs.txt bash scripts/fuzz.sh
stamp

echo "== API docs (doxygen, warnings are errors)"
bash scripts/docs.sh
stamp
