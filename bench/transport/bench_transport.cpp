// Google Benchmark programs of the transport layer. With ADVDIV_BENCH_DATA set to a folder
// written by bench/transport/compare.py they run on exactly the inputs given to SciPy and
// POT; otherwise they generate inputs of the same kind themselves.
#include <advdiv/core/random.hpp>
#include <advdiv/transport.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::vector<double> read_doubles(const std::string& name) {
  const char* dir = std::getenv("ADVDIV_BENCH_DATA");
  if (!dir) return {};
  std::ifstream in(std::string(dir) + "/" + name, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const auto bytes = static_cast<std::size_t>(in.tellg());
  std::vector<double> v(bytes / sizeof(double));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(bytes));
  return v;
}

double read_param(const std::string& name, double fallback) {
  const auto v = read_doubles(name);
  return v.empty() ? fallback : v[0];
}

std::vector<double> sample(const std::string& name, std::size_t n, unsigned seed, double mu) {
  auto v = read_doubles(name);
  if (!v.empty()) return v;
  advdiv::random_engine rng(seed);
  v.resize(n);
  for (auto& x : v) x = mu + advdiv::standard_normal(rng);
  return v;
}

// Squared Euclidean costs of n random points in the unit square against n others.
advdiv::dense_matrix costs(const std::string& name, std::size_t n, unsigned seed) {
  auto v = read_doubles(name);
  if (!v.empty()) {
    const auto k = static_cast<Eigen::Index>(std::llround(std::sqrt(double(v.size()))));
    return Eigen::Map<advdiv::dense_matrix>(v.data(), k, k);
  }
  advdiv::random_engine rng(seed);
  Eigen::MatrixXd X(2, Eigen::Index(n)), Y(2, Eigen::Index(n));  // points are the columns
  for (Eigen::Index i = 0; i < X.size(); ++i) {
    X.data()[i] = advdiv::uniform01(rng);
    Y.data()[i] = advdiv::uniform01(rng);
  }
  return advdiv::cost_matrix(X, Y);
}

void BM_wasserstein_1d(benchmark::State& state) {
  static const auto x = sample("w1d_x.bin", 1000000, 1, 0.0);
  static const auto y = sample("w1d_y.bin", 1000000, 2, 0.5);
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::wasserstein_1d(x, y));
  state.SetItemsProcessed(state.iterations() * std::int64_t(x.size() + y.size()));
}
BENCHMARK(BM_wasserstein_1d)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_emd(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto C = costs("emd" + std::to_string(n) + "_C.bin", n, unsigned(n));
  const std::vector<double> a(std::size_t(C.rows()), 1.0 / double(C.rows()));
  const std::vector<double> b(std::size_t(C.cols()), 1.0 / double(C.cols()));
  advdiv::emd_options o;
  o.max_iterations = 10000000;
  double cost = 0.0;
  for (auto _ : state) {
    const auto r = advdiv::emd(a, b, C, o);
    cost = r.cost;
    state.counters["pivots"] = double(r.iterations);
  }
  state.counters["cost"] = cost;
}
BENCHMARK(BM_emd)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_sinkhorn_log(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto C = costs("sinkhorn" + std::to_string(n) + "_C.bin", n, unsigned(n) + 7);
  C /= C.maxCoeff();
  const std::vector<double> a(std::size_t(C.rows()), 1.0 / double(C.rows()));
  const std::vector<double> b(std::size_t(C.cols()), 1.0 / double(C.cols()));
  advdiv::sinkhorn_options o;
  o.tolerance = read_param("sinkhorn_tolerance.bin", 1e-6);
  const double eps = read_param("sinkhorn_epsilon.bin", 1e-3);
  for (auto _ : state) {
    const auto r = advdiv::sinkhorn(a, b, C, eps, o);
    state.counters["iterations"] = double(r.iterations);
    state.counters["marginal_error"] = r.marginal_error;
    state.counters["cost"] = r.cost;
  }
}
BENCHMARK(BM_sinkhorn_log)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_sliced_wasserstein(benchmark::State& state) {
  advdiv::random_engine rng(3);
  Eigen::MatrixXd X(5, 10000), Y(5, 10000);  // 10^4 points of R^5 each, one per column
  for (Eigen::Index i = 0; i < X.size(); ++i) {
    X.data()[i] = advdiv::standard_normal(rng);
    Y.data()[i] = advdiv::standard_normal(rng) + 0.5;
  }
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::sliced_wasserstein(X, Y, 50, 2.0, 1));
}
BENCHMARK(BM_sliced_wasserstein)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
