// Inputs and benchmark bodies shared by the OMP and the GPU benchmark programs.
#pragma once
#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/thrust.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <benchmark/benchmark.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>

#include <map>
#include <tuple>
#include <vector>

namespace bench {

// The vector make() returns, built on the first call for `key` and kept: Google Benchmark
// calls a benchmark function several times per repetition, and the GPU program's 10^9-float
// inputs take seconds of host time each to draw.
template <class Key, class Make>
const std::vector<float>& built_once(const Key& key, Make make) {
  static std::map<Key, std::vector<float>> cache;
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, make()).first;
  return it->second;
}

// rows distributions of length cols, each normalised (float).
inline const std::vector<float>& distributions(std::size_t rows, std::size_t cols, unsigned seed) {
  return built_once(std::tuple{rows, cols, seed}, [&] {
    advdiv::random_engine rng(seed);
    std::vector<float> v(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) {
      double s = 0;
      for (std::size_t c = 0; c < cols; ++c) s += (v[r * cols + c] = float(advdiv::uniform_real(rng, 0.01, 1.0)));
      for (std::size_t c = 0; c < cols; ++c) v[r * cols + c] = float(v[r * cols + c] / s);
    }
    return v;
  });
}

inline const std::vector<float>& normal_sample(std::size_t n, float shift, unsigned seed) {
  return built_once(std::tuple{n, shift, seed}, [&] {
    advdiv::random_engine rng(seed);
    std::vector<float> v(n);
    for (auto& x : v) x = float(shift + advdiv::standard_normal(rng));
    return v;
  });
}

// Thrust (device system of this build) single-pair KL or JS over n floats.
template <bool JS>
void thrust_pair(benchmark::State& state) {
  const auto n = std::size_t(state.range(0));
  const auto &hp = distributions(1, n, 1), &hq = distributions(1, n, 2);
  const thrust::device_vector<float> p(hp.begin(), hp.end()), q(hq.begin(), hq.end());
  for (auto _ : state) {
    if constexpr (JS)
      benchmark::DoNotOptimize(advdiv::js(thrust::device, p, q));
    else
      benchmark::DoNotOptimize(advdiv::kl(thrust::device, p, q));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(2 * n * sizeof(float)));
}

// Thrust batched KL, B×K floats.
inline void thrust_batched(benchmark::State& state) {
  const auto rows = std::size_t(state.range(0)), cols = std::size_t(state.range(1));
  const auto &hp = distributions(rows, cols, 1), &hq = distributions(rows, cols, 2);
  const thrust::device_vector<float> p(hp.begin(), hp.end()), q(hq.begin(), hq.end());
  thrust::device_vector<float> out;
  for (auto _ : state) {
    advdiv::rowwise::kl(thrust::device, p, q, cols, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(2 * rows * cols * sizeof(float)));
}

// Thrust 1-D Wasserstein between two samples of n floats.
inline void thrust_wasserstein(benchmark::State& state) {
  const auto n = std::size_t(state.range(0));
  const auto &hx = normal_sample(n, 0.0f, 1), &hy = normal_sample(n, 0.5f, 2);
  const thrust::device_vector<float> x(hx.begin(), hx.end()), y(hy.begin(), hy.end());
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::wasserstein_1d(thrust::device, x, y));
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(2 * n));
}

// The single-thread CPU path on the same inputs.
template <bool JS>
void cpu_pair(benchmark::State& state) {
  const auto n = std::size_t(state.range(0));
  const auto &p = distributions(1, n, 1), &q = distributions(1, n, 2);
  for (auto _ : state) {
    if constexpr (JS)
      benchmark::DoNotOptimize(advdiv::js(p, q));
    else
      benchmark::DoNotOptimize(advdiv::kl(p, q));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(2 * n * sizeof(float)));
}

inline void cpu_batched(benchmark::State& state) {
  const auto rows = std::size_t(state.range(0)), cols = std::size_t(state.range(1));
  const auto &p = distributions(rows, cols, 1), &q = distributions(rows, cols, 2);
  std::vector<float> out(rows);
  for (auto _ : state) {
    for (std::size_t r = 0; r < rows; ++r)
      out[r] = advdiv::kl(std::span<const float>(p.data() + r * cols, cols),
                          std::span<const float>(q.data() + r * cols, cols));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(2 * rows * cols * sizeof(float)));
}

inline void cpu_wasserstein(benchmark::State& state) {
  const auto n = std::size_t(state.range(0));
  const auto &x = normal_sample(n, 0.0f, 1), &y = normal_sample(n, 0.5f, 2);
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::wasserstein_1d(x, y));
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(2 * n));
}

}  // namespace bench
