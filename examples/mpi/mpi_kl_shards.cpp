// mpi_kl_shards: KL(P‖Q) between two probability vectors of global length n sharded across the
// ranks of MPI_COMM_WORLD, where no rank ever holds more than its own slice. P and Q are
// truncated geometric distributions on {0, ..., n − 1} (discretised exponentials on [0, 1)):
//
//   p_i = c_p r_p^i,  r_p = exp(−λ_p/n),  c_p = (1 − r_p)/(1 − r_p^n)     (q likewise, λ_q)
//
// so each rank writes its entries directly, and KL has the closed form
//
//   KL = log(c_p/c_q) − (λ_p − λ_q)/n · E_p[i],   E_p[i] = 1/expm1(λ_p/n) − n/expm1(λ_p).
//
// λ_p and λ_q are drawn from --seed (the same on every rank). It prints each rank's slice, the
// sharded KL (with whether every rank holds the same bits), its relative error against the
// closed form, rank 0's single-process advdiv::kl on the whole vectors (for n ≤ --check-max) and
// the wall time of the call (the slowest rank's), then `closed form check: PASS` or FAIL.
//
//   mpirun -np 2 ./build/examples/mpi_kl_shards --n 10000000 --seed 3
//
// (as root on one machine with fewer cores than ranks: OMPI_ALLOW_RUN_AS_ROOT=1
// OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 and mpirun --oversubscribe).

#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/mpi.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

// The truncated geometric distribution of rate λ on {0, ..., n − 1}: p_i = c·exp(−λ i/n).
struct geometric {
  double lambda;
  std::size_t n;
  // log c = log(1 − r) − log(1 − r^n), without cancellation for r = exp(−λ/n) near 1.
  double log_c() const {
    const double nd = static_cast<double>(n);
    return std::log(-std::expm1(-lambda / nd)) - std::log(-std::expm1(-lambda));
  }
  // Entries [begin, end), written by the rank that holds them.
  std::vector<double> entries(std::size_t begin, std::size_t end) const {
    const double c = std::exp(log_c()), nd = static_cast<double>(n);
    std::vector<double> x(end - begin);
    for (std::size_t i = begin; i < end; ++i) x[i - begin] = c * std::exp(-lambda * static_cast<double>(i) / nd);
    return x;
  }
  // E[i] = r/(1 − r) − n r^n/(1 − r^n).
  double mean_index() const {
    const double nd = static_cast<double>(n);
    return 1.0 / std::expm1(lambda / nd) - nd / std::expm1(lambda);
  }
};

// KL(P‖Q) of two truncated geometric distributions on the same support, in closed form.
double kl_closed_form(const geometric& p, const geometric& q) {
  return p.log_c() - q.log_c() - (p.lambda - q.lambda) / static_cast<double>(p.n) * p.mean_index();
}

}  // namespace

int main(int argc, char** argv) {
  advdiv::mpi::environment env(argc, argv);
  const advdiv::mpi::communicator comm;
  const int rank = comm.rank(), size = comm.size();

  CLI::App app{"KL between two distributions sharded across MPI ranks, checked against its closed form"};
  std::size_t n = 1'000'000, check_max = 10'000'000;
  std::uint64_t seed = 1;
  app.add_option("--n", n, "global length of p and q")->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "seed of the two rates λ_p, λ_q (the same on every rank)");
  app.add_option("--check-max", check_max, "largest n for which rank 0 also computes advdiv::kl on the whole vectors");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return rank == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 1);
  }

  // The same rates on every rank: λ_p ∈ [0.5, 2], λ_q = λ_p + [1, 3].
  advdiv::random_engine rng(seed);
  const double lambda_p = advdiv::uniform_real(rng, 0.5, 2.0);
  const double lambda_q = lambda_p + advdiv::uniform_real(rng, 1.0, 3.0);
  const geometric P{lambda_p, n}, Q{lambda_q, n};

  // Rank r holds [n·r/R, n·(r + 1)/R): only this slice is ever stored here.
  const std::size_t begin = n * static_cast<std::size_t>(rank) / static_cast<std::size_t>(size);
  const std::size_t end = n * static_cast<std::size_t>(rank + 1) / static_cast<std::size_t>(size);
  const std::vector<double> p_local = P.entries(begin, end), q_local = Q.entries(begin, end);

  struct extent {
    std::uint64_t begin, end;
  };
  const std::vector<extent> extents = advdiv::mpi::detail::all_gather(comm, extent{begin, end}, "mpi_kl_shards");
  if (rank == 0) {
    std::printf("mpi_kl_shards: n = %zu on %d rank%s, lambda_p = %.6g, lambda_q = %.6g\n", n, size, size > 1 ? "s" : "",
                lambda_p, lambda_q);
    for (int r = 0; r < size; ++r) {
      const extent& e = extents[static_cast<std::size_t>(r)];
      std::printf("  rank %d holds [%llu, %llu): %llu entries of p and of q\n", r,
                  static_cast<unsigned long long>(e.begin), static_cast<unsigned long long>(e.end),
                  static_cast<unsigned long long>(e.end - e.begin));
    }
  }

  MPI_Barrier(comm.native());
  const double t0 = MPI_Wtime();
  const double kl = advdiv::mpi::kl(comm, p_local, q_local);
  double seconds = MPI_Wtime() - t0;
  MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, comm.native());

  // Every rank must hold the same bits.
  bool same = true;
  for (double x : advdiv::mpi::detail::all_gather(comm, kl, "mpi_kl_shards")) same = same && std::memcmp(&x, &kl, sizeof kl) == 0;

  const double exact = kl_closed_form(P, Q);
  const double error = std::abs(kl - exact) / exact;
  const bool pass = same && error <= 1e-12;
  if (rank == 0) {
    std::printf("sharded advdiv::mpi::kl = %.17g (the same bits on every rank: %s)\n", kl, same ? "yes" : "NO");
    std::printf("closed form             = %.17g (relative error %.2e)\n", exact, error);
    if (n <= check_max) {
      const std::vector<double> p = P.entries(0, n), q = Q.entries(0, n);
      const double single = advdiv::kl(p, q);
      std::printf("single process on rank 0 = %.17g (relative difference %.2e)\n", single,
                  std::abs(single - kl) / std::abs(single));
    }
    std::printf("wall time of advdiv::mpi::kl: %.3f ms (slowest rank)\n", seconds * 1e3);
    std::printf("closed form check: %s\n", pass ? "PASS" : "FAIL");
  }
  return pass ? 0 : 1;
}
