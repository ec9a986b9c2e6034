// Weak scaling of advdiv::mpi::knn_kl: with R ranks, X and Y have n = m = R·n_rank points
// (replicated on every rank), so each rank queries n_rank points while building trees of the
// whole samples. Every rank runs the same fixed number of iterations; each iteration's time is
// the slowest rank's (MPI_Allreduce MAX, UseManualTime), and rank 0 reports.
//
//   OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 --oversubscribe ./build/bench/mpi/bench_mpi_knn
//
//   BM_mpi_knn_kl/<n_rank>/<d>   fixed k = 1; counters: ranks, n (= R·n_rank), kl, and
//                                build_share (the tree builds' share of the time on rank 0)
#include <advdiv/core/random.hpp>
#include <advdiv/estimate/knn.hpp>
#include <advdiv/mpi/knn.hpp>

#include <benchmark/benchmark.h>

#include "mpi_benchmark_main.hpp"

#include <Eigen/Core>

#include <mpi.h>

#include <chrono>
#include <cstddef>
#include <vector>

namespace {

// X ~ N(0, I_d), Y ~ N(0.5·e_1, I_d), n points each, the same on every rank.
Eigen::MatrixXd draw(std::size_t d, std::size_t n, double shift, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  Eigen::MatrixXd X(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(n));
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (Eigen::Index k = 0; k < X.rows(); ++k) X(k, i) = advdiv::standard_normal(rng) + (k == 0 ? shift : 0.0);
  return X;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double slowest(double t) {
  MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return t;
}

void BM_mpi_knn_kl(benchmark::State& state) {
  const advdiv::mpi::communicator comm;
  const auto n_rank = std::size_t(state.range(0)), d = std::size_t(state.range(1));
  const std::size_t n = n_rank * std::size_t(comm.size());
  const Eigen::MatrixXd X = draw(d, n, 0.0, 1), Y = draw(d, n, 0.5, 2);
  double value = 0;
  for (auto _ : state) {
    MPI_Barrier(comm.native());
    const auto t0 = std::chrono::steady_clock::now();
    value = advdiv::mpi::knn_kl(comm, X, Y, {.k = 1}).value;
    benchmark::DoNotOptimize(value);
    state.SetIterationTime(slowest(seconds_since(t0)));
  }
  // The replicated part: the two tree builds of the whole samples, timed alone on each rank.
  const advdiv::detail::point_cloud px = advdiv::detail::read_sample(X, "bench", "X"),
                                    py = advdiv::detail::read_sample(Y, "bench", "Y");
  const auto t0 = std::chrono::steady_clock::now();
  advdiv::detail::with_dimension(d, [&](auto dim) {
    const advdiv::detail::kd_tree<decltype(dim)::value> tx(px, 16), ty(py, 16);
    benchmark::DoNotOptimize(tx.size() + ty.size());
  });
  const double build = slowest(seconds_since(t0));
  const auto t1 = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(advdiv::mpi::knn_kl(comm, X, Y, {.k = 1}).value);
  const double whole = slowest(seconds_since(t1));
  state.counters["ranks"] = comm.size();
  state.counters["n"] = double(n);
  state.counters["kl"] = value;
  state.counters["build_share"] = build / whole;
}

// Every rank must run the same iterations (each one is collective): fixed counts.
BENCHMARK(BM_mpi_knn_kl)
    ->Args({20000, 2})
    ->Args({100000, 2})
    ->Args({20000, 5})
    ->Iterations(5)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  advdiv::mpi::environment env(argc, argv);
  return advdiv_bench::run_on_every_rank(argc, argv);
}
