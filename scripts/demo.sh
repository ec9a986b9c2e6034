#!/usr/bin/env bash
# The demo command of the README: installs what is missing, builds the examples and runs
# the main demo, dstar_1d (the optimal discriminator on a 1-D toy pair; it writes
# build/demo/dstar_1d.csv and build/demo/dstar_1d.png).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DADVDIV_BUILD_TESTS=OFF \
  -DADVDIV_BUILD_BENCHMARKS=OFF -DADVDIV_BUILD_EXAMPLES=ON >/dev/null
cmake --build build/demo -j "$(nproc)" --target dstar_1d
cd build/demo && ./examples/dstar_1d "$@"
