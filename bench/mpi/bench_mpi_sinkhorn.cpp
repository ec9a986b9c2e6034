// Per-iteration time of the row-partitioned Sinkhorn (advdiv::mpi::sinkhorn) and of the
// single-process advdiv::sinkhorn on the same problem: n = m = 4,000 uniform points of the
// unit square, squared Euclidean costs, ε = 0.01, uniform masses. Each call runs exactly
// `iterations` Sinkhorn iterations (tolerance 0, ε-scaling off, the default relaxation 1.8);
// the manual time of a call is the slowest rank's, divided by the iteration count. The
// 0-iteration run measures what a call costs besides its iterations (checks, the working copy
// of the cost, the plan). Run, from the build folder:
//   mpirun -np 1 bench/mpi/bench_mpi_sinkhorn     (also runs the single-process solver)
//   mpirun -np 2 --oversubscribe bench/mpi/bench_mpi_sinkhorn
// Only rank 0 reports. pair_allreduce/1 and /4000 time the solver's allreduce alone.
#include <advdiv/core/random.hpp>
#include <advdiv/mpi.hpp>
#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/sinkhorn.hpp>

#include <benchmark/benchmark.h>

#include "mpi_benchmark_main.hpp"
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

constexpr std::size_t n = 4000, m = 4000;
constexpr double epsilon = 0.01;

Eigen::MatrixXd uniform_points(std::size_t count, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  Eigen::MatrixXd X(2, static_cast<Eigen::Index>(count));
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::uniform01(rng);
  return X;
}

advdiv::sinkhorn_options fixed_iterations(std::size_t iterations) {
  advdiv::sinkhorn_options o;
  o.tolerance = 0.0;  // never met: every call runs max_iterations iterations
  o.max_iterations = iterations;
  o.epsilon_scaling = false;
  return o;
}

// Rank r's rows: a contiguous block of about n / size points.
struct shard {
  std::size_t offset, rows;
};
shard my_rows() {
  const advdiv::mpi::communicator comm;
  const auto size = static_cast<std::size_t>(comm.size()), rank = static_cast<std::size_t>(comm.rank());
  const std::size_t begin = n * rank / size, end = n * (rank + 1) / size;
  return {begin, end - begin};
}

void BM_mpi_sinkhorn(benchmark::State& state) {
  const advdiv::mpi::communicator comm;
  const auto iterations = static_cast<std::size_t>(state.range(0));
  const shard s = my_rows();
  const Eigen::MatrixXd X = uniform_points(n, 1), Y = uniform_points(m, 2);
  const advdiv::dense_matrix C_local = advdiv::cost_matrix(
      X.middleCols(static_cast<Eigen::Index>(s.offset), static_cast<Eigen::Index>(s.rows)), Y);
  const std::vector<double> a_local(s.rows, 1.0 / n), b(m, 1.0 / m);
  const advdiv::sinkhorn_options o = fixed_iterations(iterations);
  for (auto _ : state) {
    MPI_Barrier(MPI_COMM_WORLD);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = advdiv::mpi::sinkhorn(comm, a_local, b, C_local, epsilon, o);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::DoNotOptimize(r.cost);
    MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    state.SetIterationTime(seconds / double(std::max<std::size_t>(iterations, 1)));
  }
  state.counters["ranks"] = comm.size();
  state.counters["rows_per_rank"] = double(s.rows);
}

void BM_single_process_sinkhorn(benchmark::State& state) {
  const auto iterations = static_cast<std::size_t>(state.range(0));
  const advdiv::dense_matrix C = advdiv::cost_matrix(uniform_points(n, 1), uniform_points(m, 2));
  const std::vector<double> a(n, 1.0 / n), b(m, 1.0 / m);
  const advdiv::sinkhorn_options o = fixed_iterations(iterations);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = advdiv::sinkhorn(a, b, C, epsilon, o);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::DoNotOptimize(r.cost);
    state.SetIterationTime(seconds / double(std::max<std::size_t>(iterations, 1)));
  }
}

// The column update's communication alone: one allreduce of m (sum, error) pairs with the
// solver's rank-order pair sum (what mpi::sinkhorn sends once or twice per iteration), and
// the 8-byte allreduce of the largest potential. Manual time: the slowest rank's.
void BM_pair_allreduce(benchmark::State& state) {
  const advdiv::mpi::communicator comm;
  const auto k = static_cast<std::size_t>(state.range(0));
  const advdiv::mpi::detail::pair_sum pairs("bench");
  const advdiv::mpi::detail::sinkhorn_row_shards shards{comm.native(), &pairs, "bench", {}};
  std::vector<double> x(k, 1.0 / double(k));
  for (auto _ : state) {
    MPI_Barrier(MPI_COMM_WORLD);
    const auto t0 = std::chrono::steady_clock::now();
    shards.sum(x.data(), k);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::DoNotOptimize(x.data());
    MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    state.SetIterationTime(seconds);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * 16 * k));
}

// One call per repetition on every rank (a fixed count: Google Benchmark's adaptive count
// could differ between ranks and leave one waiting in a collective).
void fixed(benchmark::internal::Benchmark* b) {
  b->Arg(0)->Arg(50)->Iterations(1)->Repetitions(10)->ReportAggregatesOnly(true)->UseManualTime()->Unit(
      benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  advdiv::mpi::environment env(argc, argv);
  const advdiv::mpi::communicator comm;
  benchmark::RegisterBenchmark("mpi_sinkhorn/n=m=4000", BM_mpi_sinkhorn)->Apply(fixed);
  benchmark::RegisterBenchmark("pair_allreduce", BM_pair_allreduce)
      ->Arg(1)
      ->Arg(4000)
      ->Iterations(2000)
      ->Repetitions(10)
      ->ReportAggregatesOnly(true)
      ->UseManualTime()
      ->Unit(benchmark::kMicrosecond);
  if (comm.size() == 1)
    benchmark::RegisterBenchmark("single_process_sinkhorn/n=m=4000", BM_single_process_sinkhorn)->Apply(fixed);
  return advdiv_bench::run_on_every_rank(argc, argv);
}
