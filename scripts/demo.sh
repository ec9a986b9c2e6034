#!/usr/bin/env bash
# The demo command of the README: installs what is missing, builds the examples and runs
# the main demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DADVDIV_BUILD_TESTS=OFF \
  -DADVDIV_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/demo -j "$(nproc)" --target divergences
./build/demo/examples/divergences "$@"
