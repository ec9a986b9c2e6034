// A downstream project using the MPI layer of the installed package (advdiv::mpi, which finds MPI
// itself): KL of two vectors sharded across the ranks (run here as one process, MPI's singleton
// start, or under mpirun), against the closed form on every rank.
#include <advdiv/mpi.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
  advdiv::mpi::environment env(argc, argv);
  const advdiv::mpi::communicator comm;
  // Global p = (0.5, 0.5), q = (0.9, 0.1): rank 0 holds both entries, the other ranks nothing.
  std::vector<double> p, q;
  if (comm.rank() == 0) p = {0.5, 0.5}, q = {0.9, 0.1};
  const double expected = 0.5 * std::log(0.5 / 0.9) + 0.5 * std::log(0.5 / 0.1);
  const double got = advdiv::mpi::kl(comm, p, q);
  if (comm.rank() == 0) std::printf("mpi kl on %d rank(s) = %.17g (expected %.17g)\n", comm.size(), got, expected);
  return std::abs(got - expected) < 1e-15 ? 0 : 1;
}
