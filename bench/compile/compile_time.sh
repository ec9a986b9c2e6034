#!/usr/bin/env bash
# What each header costs a user: compiles a one-line consumer of every layer header (and of a
# few single headers) with the flags a user builds with (-std=c++20 -O2, no -march), and prints
# the CPU seconds (user + sys, the median of --reps runs) and the peak memory of the compiler.
#   bash bench/compile/compile_time.sh [--reps 3] [--cxx g++]
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=3
cxx=${CXX:-g++}
while [[ $# -gt 0 ]]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --cxx) cxx=$2; shift 2 ;;
    *) echo "usage: $0 [--reps N] [--cxx COMPILER]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# As a CMake consumer of advdiv::advdiv compiles (xsimd on, its default).
flags=(-std=c++20 -O2 -DADVDIV_HAS_XSIMD=1 -Iinclude -I/usr/include/eigen3 -c)

# header | the one line a user writes after including it
cases=(
  "advdiv/divergence/kl.hpp|std::vector<double> p{0.5, 0.5}, q{0.25, 0.75}; return advdiv::kl(p, q) > 0;"
  "advdiv/divergence.hpp|std::vector<double> p{0.5, 0.5}, q{0.25, 0.75}; return advdiv::kl(p, q) > 0;"
  "advdiv/core.hpp|std::vector<double> x{1, 2}; return advdiv::accurate_sum<double>(std::span<const double>(x)) > 0;"
  "advdiv/density.hpp|return advdiv::js(advdiv::normal{0, 1}, advdiv::normal{1, 1}).value > 0;"
  "advdiv/transport/wasserstein_1d.hpp|std::vector<double> x{0, 1}, y{2}; return advdiv::wasserstein_1d(x, y) > 0;"
  "advdiv/transport.hpp|std::vector<double> x{0, 1}, y{2}; return advdiv::wasserstein_1d(x, y) > 0;"
  "advdiv/nn.hpp|advdiv::nn::mlp<float, advdiv::nn::dense<2, 8, advdiv::nn::relu>, advdiv::nn::dense<8, 1>> f; return f.parameters().size() > 0;"
  "advdiv/gan.hpp|return advdiv::gan::toy_mixture::ring().modes() == 8;"
  "advdiv/estimate.hpp|std::vector<double> x{0, 1, 2.5}, y{0.5, 3, 4}; return advdiv::estimate::knn_kl(x, y).n == 3;"
  "advdiv/advdiv.hpp|std::vector<double> p{0.5, 0.5}, q{0.25, 0.75}; return advdiv::kl(p, q) > 0;"
)

printf "CPU: %s; %s; flags: %s; median of %d\n" "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$($cxx --version | head -1)" "-std=c++20 -O2" "$reps"
printf "%-40s %10s %10s %12s\n" "header" "cpu_s" "wall_s" "peak_MiB"
for c in "${cases[@]}"; do
  header=${c%%|*}
  body=${c#*|}
  src="$work/consumer.cpp"
  printf '#include <%s>\n#include <span>\n#include <vector>\nbool consumer() { %s }\n' "$header" "$body" > "$src"
  cpu=(); wall=(); mem=()
  for ((r = 0; r < reps; ++r)); do
    out=$( { /usr/bin/time -f "%U %S %e %M" "$cxx" "${flags[@]}" "$src" -o "$work/consumer.o" >/dev/null; } 2>&1 | tail -1)
    read -r u s e m <<<"$out"
    cpu+=("$(echo "$u + $s" | bc -l)"); wall+=("$e"); mem+=("$m")
  done
  median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
  printf "%-40s %10.2f %10.2f %12.0f\n" "$header" "$(median "${cpu[@]}")" "$(median "${wall[@]}")" \
    "$(echo "$(median "${mem[@]}") / 1024" | bc -l)"
done
