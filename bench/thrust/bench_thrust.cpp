// The Thrust backend on the OMP device system against the single-thread CPU path, same inputs.
// Speed-up = cpu_* time / thrust_* time (see bench/thrust/compare_omp.py).
#include "bench_common.hpp"

#include <omp.h>

using namespace bench;

BENCHMARK(cpu_pair<false>)->Name("cpu_kl")->Arg(1 << 20)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(thrust_pair<false>)->Name("thrust_kl")->Arg(1 << 20)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cpu_pair<true>)->Name("cpu_js")->Arg(1 << 20)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(thrust_pair<true>)->Name("thrust_js")->Arg(1 << 20)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cpu_batched)->Name("cpu_batched_kl")->Args({10000, 1000})->Args({1000000, 32})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(thrust_batched)->Name("thrust_batched_kl")->Args({10000, 1000})->Args({1000000, 32})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cpu_wasserstein)->Name("cpu_wasserstein_1d")->Arg(1 << 20)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(thrust_wasserstein)->Name("thrust_wasserstein_1d")->Arg(1 << 20)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime();
