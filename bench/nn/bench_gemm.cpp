// The nn layer's matrix product on each dispatch target (nn/detail/gemm.hpp): `build` is
// Eigen's product compiled with the build's flags, avx2 / avx512 the packed kernel. Shapes of
// the reference GAN toy (float, batch 512): a hidden layer's forward Z = W·A (128 × 512 × 128),
// the generator's first layer (128 × 512 × 256), a weight gradient Δ·Aᵀ (128 × 128 × 512),
// an input gradient Wᵀ·Δ (128 × 512 × 128). GFLOP/s in the counters.
//   build/bench/bench/bench_gemm --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <advdiv/core/dispatch.hpp>
#include <advdiv/nn/detail/gemm.hpp>

#include <benchmark/benchmark.h>

#include <Eigen/Core>

namespace {

using advdiv::detail::simd_target;

template <bool TA, bool TB>
void BM_gemm(benchmark::State& state) {
  const auto m = state.range(0), n = state.range(1), k = state.range(2);
  const auto target = static_cast<simd_target>(state.range(3));
  if (!advdiv::detail::simd_target_supported(target)) {
    state.SkipWithError("target not supported by this CPU");
    return;
  }
  state.SetLabel(advdiv::detail::to_string(target));
  const Eigen::MatrixXf a = TA ? Eigen::MatrixXf::Random(k, m) : Eigen::MatrixXf::Random(m, k);
  const Eigen::MatrixXf b = TB ? Eigen::MatrixXf::Random(n, k) : Eigen::MatrixXf::Random(k, n);
  Eigen::MatrixXf c(m, n);
  for (auto _ : state) {
    advdiv::nn::detail::gemm_on<TA, TB, false>(target, c, a, b);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * double(m) * double(n) * double(k), benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::kIs1000);
}

void forward(benchmark::State& s) { BM_gemm<false, false>(s); }
void weight_gradient(benchmark::State& s) { BM_gemm<false, true>(s); }
void input_gradient(benchmark::State& s) { BM_gemm<true, false>(s); }

BENCHMARK(forward)->ArgsProduct({{128}, {512}, {128, 256}, {0, 1, 2}})->Unit(benchmark::kMicrosecond);
BENCHMARK(weight_gradient)->ArgsProduct({{128}, {128}, {512}, {0, 1, 2}})->Unit(benchmark::kMicrosecond);
BENCHMARK(input_gradient)->ArgsProduct({{128}, {512}, {128}, {0, 1, 2}})->Unit(benchmark::kMicrosecond);

}  // namespace
