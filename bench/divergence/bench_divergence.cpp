// Discrete divergences on random probability vectors of length n (10^3 … 10^7), float and
// double, single thread; KL and JS also forced onto each run-time dispatch target. bench/divergence/compare_scipy.py runs the same inputs through
// SciPy in the same run and prints the ratios.
#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

/// The vector compare_scipy.py wrote for this n (raw float64), so SciPy and advdiv time the
/// same input; empty when ADVDIV_BENCH_DATA is not set.
std::vector<double> shared_input(const char* name, std::size_t n) {
  const char* dir = std::getenv("ADVDIV_BENCH_DATA");
  if (!dir) return {};
  std::ifstream in(std::string(dir) + "/" + name + "_" + std::to_string(n) + ".f64", std::ios::binary);
  if (!in) return {};
  std::vector<double> x(n);
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(n * sizeof(double)));
  return in ? x : std::vector<double>{};
}

/// A reproducible random probability vector (entries uniform in (0, 1], normalised), or the
/// shared input of the comparison script.
template <class T>
std::vector<T> random_probability(std::size_t n, unsigned seed) {
  if (auto x = shared_input(seed == 1 ? "p" : "q", n); !x.empty()) return std::vector<T>(x.begin(), x.end());
  advdiv::random_engine rng(seed);
  std::vector<double> x(n);
  double s = 0;
  for (auto& v : x) s += (v = advdiv::uniform_real(rng, 1e-3, 1.0));
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(x[i] / s);
  return out;
}

template <class T, class F>
void run(benchmark::State& state, F f) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto p = random_probability<T>(n, 1), q = random_probability<T>(n, 2);
  for (auto _ : state) benchmark::DoNotOptimize(f(p, q));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * 2 * sizeof(T)));
}

template <class T>
void BM_kl(benchmark::State& s) {
  run<T>(s, [](const auto& p, const auto& q) { return advdiv::kl(p, q); });
}
template <class T>
void BM_js(benchmark::State& s) {
  run<T>(s, [](const auto& p, const auto& q) { return advdiv::js(p, q); });
}
template <class T>
void BM_f_divergence_hellinger(benchmark::State& s) {
  run<T>(s, [](const auto& p, const auto& q) {
    return advdiv::f_divergence(p, q, advdiv::fdiv::squared_hellinger{});
  });
}
template <class T>
void BM_f_divergence_gan(benchmark::State& s) {
  run<T>(s, [](const auto& p, const auto& q) { return advdiv::f_divergence(p, q, advdiv::fdiv::gan{}); });
}

/// The KL or JS reduction forced onto one dispatch target (state.range(1): 0 build, 1 avx2,
/// 2 avx512; skipped where the CPU lacks it), to compare the targets in one build.
template <class Term>
void BM_target(benchmark::State& state) {
  const auto target = static_cast<advdiv::detail::simd_target>(state.range(1));
  if (!advdiv::detail::simd_target_supported(target)) {
    state.SkipWithError("target not supported by this CPU");
    return;
  }
  state.SetLabel(advdiv::detail::to_string(target));
  run<double>(state, [target](const auto& p, const auto& q) {
    return advdiv::detail::sum_blocks_on(target, p.data(), q.data(), 0, p.size(), Term{}).term.value();
  });
}
void BM_kl_target(benchmark::State& s) { BM_target<advdiv::f_divergence_term<advdiv::fdiv::kl>>(s); }
void BM_js_target(benchmark::State& s) { BM_target<advdiv::f_divergence_term<advdiv::fdiv::jensen_shannon>>(s); }

#define ADVDIV_SIZES RangeMultiplier(10)->Range(1000, 10000000)->Unit(benchmark::kMicrosecond)
#define ADVDIV_TARGETS ArgsProduct({{1000000}, {0, 1, 2}})->Unit(benchmark::kMicrosecond)
BENCHMARK(BM_kl_target)->ADVDIV_TARGETS;
BENCHMARK(BM_js_target)->ADVDIV_TARGETS;
BENCHMARK_TEMPLATE(BM_kl, double)->ADVDIV_SIZES;
BENCHMARK_TEMPLATE(BM_kl, float)->ADVDIV_SIZES;
BENCHMARK_TEMPLATE(BM_js, double)->ADVDIV_SIZES;
BENCHMARK_TEMPLATE(BM_js, float)->ADVDIV_SIZES;
BENCHMARK_TEMPLATE(BM_f_divergence_hellinger, double)->ADVDIV_SIZES;
BENCHMARK_TEMPLATE(BM_f_divergence_hellinger, float)->ADVDIV_SIZES;
BENCHMARK_TEMPLATE(BM_f_divergence_gan, double)->ADVDIV_SIZES;

}  // namespace
