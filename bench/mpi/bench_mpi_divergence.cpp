// Weak scaling of the sharded divergences: every rank holds n_local = 10^6 or 10^7 doubles of p
// and of q (its slice of vectors of global length R·n_local), and each iteration is one
// advdiv::mpi::kl / advdiv::mpi::js call. The time of an iteration is the slowest rank's
// (MPI_Barrier, MPI_Wtime around the call, MPI_Allreduce MAX), reported as manual time by rank 0
// only. For comparison, the same timing of the single-process advdiv::kl / advdiv::js on each
// rank's local data (no communication: the difference is the cost of the combine), and of the
// combine's collective alone (one MPI_Allgather of the 88-byte record per rank).
//
//   mpirun -np 2 ./build/bench/mpi/bench_mpi_divergence --benchmark_repetitions=10
//          --benchmark_report_aggregates_only=true
//
// (as root: OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; more ranks than cores:
// --oversubscribe).
//
// Iteration counts are fixed (Iterations): every rank must make the same number of collective
// calls, and a count chosen by each rank from its own clock need not agree.

#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/mpi.hpp>

#include <benchmark/benchmark.h>

#include "mpi_benchmark_main.hpp"

#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

namespace am = advdiv::mpi;

// This rank's slices: exponential weights from the rank's own substream, each slice normalised
// to sum 1/R so that the global vectors sum to 1.
struct shard {
  std::vector<double> p, q;
};

const shard& shard_of(std::size_t n_local) {
  static std::map<std::size_t, shard> cache;
  auto it = cache.find(n_local);
  if (it != cache.end()) return it->second;
  const am::communicator comm;
  const advdiv::random_engine base(2024);
  shard s;
  for (int which = 0; which < 2; ++which) {
    advdiv::random_engine rng = base.substream(2 * static_cast<std::uint64_t>(comm.rank()) + which);
    std::vector<double>& x = which == 0 ? s.p : s.q;
    x.resize(n_local);
    for (double& v : x) v = advdiv::standard_exponential(rng);
    const double scale = 1.0 / (advdiv::accurate_sum<double>(x) * comm.size());
    for (double& v : x) v *= scale;
  }
  return cache.emplace(n_local, std::move(s)).first->second;
}

// Runs f() once per iteration on every rank; the iteration's time is the slowest rank's.
template <class F>
void time_collectively(benchmark::State& state, F&& f) {
  const am::communicator comm;
  for (auto _ : state) {
    MPI_Barrier(comm.native());
    const double t0 = MPI_Wtime();
    benchmark::DoNotOptimize(f());
    double dt = MPI_Wtime() - t0;
    MPI_Allreduce(MPI_IN_PLACE, &dt, 1, MPI_DOUBLE, MPI_MAX, comm.native());
    state.SetIterationTime(dt);
  }
  state.counters["ranks"] = comm.size();
  state.counters["n_local"] = static_cast<double>(state.range(0));
}

// Global elements per second, and the combine's traffic: one MPI_Allgather of the 88-byte record
// per rank (each rank receives 88·R bytes).
void count(benchmark::State& state, bool sharded) {
  const am::communicator comm;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0) * comm.size());
  state.counters["allgather_bytes_per_rank"] = sharded ? sizeof(am::detail::shard_sums<double>) : 0.0;
}

void BM_mpi_kl(benchmark::State& state) {
  const shard& s = shard_of(static_cast<std::size_t>(state.range(0)));
  const am::communicator comm;
  time_collectively(state, [&] { return am::kl(comm, s.p, s.q); });
  count(state, true);
}

void BM_mpi_js(benchmark::State& state) {
  const shard& s = shard_of(static_cast<std::size_t>(state.range(0)));
  const am::communicator comm;
  time_collectively(state, [&] { return am::js(comm, s.p, s.q); });
  count(state, true);
}

// The single-process function on the local slice (which sums to 1/R: the sum check is lifted,
// the sums are computed all the same).
void BM_local_kl(benchmark::State& state) {
  const shard& s = shard_of(static_cast<std::size_t>(state.range(0)));
  const advdiv::divergence_options unchecked{.sum_tolerance = std::numeric_limits<double>::infinity()};
  time_collectively(state, [&] { return advdiv::kl(s.p, s.q, unchecked); });
  count(state, false);
}

void BM_local_js(benchmark::State& state) {
  const shard& s = shard_of(static_cast<std::size_t>(state.range(0)));
  const advdiv::divergence_options unchecked{.sum_tolerance = std::numeric_limits<double>::infinity()};
  time_collectively(state, [&] { return advdiv::js(s.p, s.q, unchecked); });
  count(state, false);
}

// The combine's collective alone: one MPI_Allgather of the 88-byte record.
void BM_combine_allgather(benchmark::State& state) {
  const am::communicator comm;
  const am::detail::shard_sums<double> mine{};
  time_collectively(state, [&] { return am::detail::all_gather(comm, mine, "bench").size(); });
  state.counters["allgather_bytes_per_rank"] = sizeof(mine);
}

BENCHMARK(BM_mpi_kl)->Arg(1'000'000)->Iterations(50)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_mpi_kl)->Arg(10'000'000)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_local_kl)->Arg(1'000'000)->Iterations(50)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_local_kl)->Arg(10'000'000)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_mpi_js)->Arg(1'000'000)->Iterations(50)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_mpi_js)->Arg(10'000'000)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_local_js)->Arg(1'000'000)->Iterations(50)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_local_js)->Arg(10'000'000)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_combine_allgather)->Arg(0)->Iterations(2000)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  am::environment env(argc, argv);
  return advdiv_bench::run_on_every_rank(argc, argv);
}
