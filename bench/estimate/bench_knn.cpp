// Google Benchmark programs of the k-NN estimators. With ADVDIV_BENCH_DATA set to a folder
// written by bench/estimate/compare_ckdtree.py (knn_X_<n>_<d>.bin, knn_Y_<n>_<d>.bin: n points
// of d doubles each, point after point) they run on exactly the inputs given to SciPy's
// cKDTree; otherwise they draw X ~ N(0, I_d) and Y ~ N(0.5·e_1, I_d) themselves.
//
//   BM_knn_kl/<n>/<d>/<threads>         knn_kl, n = m, k = 1 (the counter `kl` is the estimate)
//   BM_knn_kl_leaf/<n>/<d>/<leaf_size>  the same, single-threaded, for the leaf-size sweep
//   BM_knn_kl_adaptive/<n>/<d>/<threads>, BM_knn_entropy/<n>/<d>/<threads>
#include <advdiv/core/random.hpp>
#include <advdiv/estimate/knn.hpp>

#include <benchmark/benchmark.h>

#include <Eigen/Dense>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <utility>

namespace {

// The d × n sample (one column per point) of the given name, read or drawn once per run.
const Eigen::MatrixXd& sample(const char* which, std::size_t n, std::size_t d) {
  static std::map<std::string, Eigen::MatrixXd> cache;
  const std::string name = std::string("knn_") + which + "_" + std::to_string(n) + "_" + std::to_string(d) + ".bin";
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  Eigen::MatrixXd X(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(n));
  bool read = false;
  if (const char* dir = std::getenv("ADVDIV_BENCH_DATA")) {
    std::ifstream in(std::string(dir) + "/" + name, std::ios::binary);
    if (in) {
      in.read(reinterpret_cast<char*>(X.data()), std::streamsize(X.size() * sizeof(double)));
      read = bool(in);
    }
  }
  if (!read) {
    advdiv::random_engine rng(which[0] == 'X' ? 1 : 2);
    for (Eigen::Index i = 0; i < X.cols(); ++i)
      for (Eigen::Index k = 0; k < X.rows(); ++k)
        X(k, i) = advdiv::standard_normal(rng) + (which[0] == 'Y' && k == 0 ? 0.5 : 0.0);
  }
  return cache.emplace(name, std::move(X)).first->second;
}

void BM_knn_kl(benchmark::State& state) {
  const auto n = std::size_t(state.range(0)), d = std::size_t(state.range(1));
  const Eigen::MatrixXd &X = sample("X", n, d), &Y = sample("Y", n, d);
  const advdiv::estimate::knn_kl_options opts{.k = 1, .threads = std::size_t(state.range(2))};
  double value = 0;
  for (auto _ : state) {
    value = advdiv::estimate::knn_kl(X, Y, opts).value;
    benchmark::DoNotOptimize(value);
  }
  state.counters["kl"] = value;
}

void BM_knn_kl_leaf(benchmark::State& state) {
  const auto n = std::size_t(state.range(0)), d = std::size_t(state.range(1));
  const Eigen::MatrixXd &X = sample("X", n, d), &Y = sample("Y", n, d);
  const advdiv::estimate::knn_kl_options opts{.k = 1, .leaf_size = std::size_t(state.range(2))};
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::estimate::knn_kl(X, Y, opts).value);
}

void BM_knn_kl_adaptive(benchmark::State& state) {
  const auto n = std::size_t(state.range(0)), d = std::size_t(state.range(1));
  const Eigen::MatrixXd &X = sample("X", n, d), &Y = sample("Y", n, d);
  const advdiv::estimate::knn_kl_options opts{.k = 1, .adaptive_k = true, .threads = std::size_t(state.range(2))};
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::estimate::knn_kl(X, Y, opts).value);
}

void BM_knn_entropy(benchmark::State& state) {
  const auto n = std::size_t(state.range(0)), d = std::size_t(state.range(1));
  const Eigen::MatrixXd& X = sample("X", n, d);
  const advdiv::estimate::knn_entropy_options opts{.k = 1, .threads = std::size_t(state.range(2))};
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::estimate::knn_entropy(X, opts).value);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (long n : {10000L, 100000L})
    for (long d : {2L, 10L})
      for (long threads : {1L, 2L}) b->Args({n, d, threads});
}

}  // namespace

BENCHMARK(BM_knn_kl)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_knn_kl_leaf)
    ->ArgsProduct({{10000, 100000}, {2, 10}, {4, 8, 16, 32}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_knn_kl_adaptive)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_knn_entropy)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
