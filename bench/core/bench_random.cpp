// Normal draws in bulk: fill_standard_normal against a loop of standard_normal, on the GAN
// toy's noise batch (256 × 512), in float and double. The counter ns_per_variate is the time
// per variate.

#include <advdiv/core/random.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <span>
#include <vector>

namespace {

constexpr std::size_t batch = 256 * 512;

template <class T>
void BM_standard_normal_loop(benchmark::State& state) {
  advdiv::random_engine rng(1);
  std::vector<T> z(batch);
  for (auto _ : state) {
    for (T& v : z) v = static_cast<T>(advdiv::standard_normal(rng));
    benchmark::DoNotOptimize(z.data());
  }
  state.counters["ns_per_variate"] = benchmark::Counter(
      double(state.iterations() * batch), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

template <class T>
void BM_fill_standard_normal(benchmark::State& state) {
  advdiv::random_engine rng(1);
  std::vector<T> z(batch);
  for (auto _ : state) {
    advdiv::fill_standard_normal(rng, std::span(z));
    benchmark::DoNotOptimize(z.data());
  }
  state.counters["ns_per_variate"] = benchmark::Counter(
      double(state.iterations() * batch), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(BM_standard_normal_loop<float>)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_fill_standard_normal<float>)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_standard_normal_loop<double>)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_fill_standard_normal<double>)->Unit(benchmark::kMicrosecond);

}  // namespace
