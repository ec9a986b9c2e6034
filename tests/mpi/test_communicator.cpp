// The layer's basics: extents, rank-order sums and collective errors.
#include <advdiv/mpi/communicator.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace am = advdiv::mpi;

TEST_CASE("mpi: global extents and rank-order sums") {
  const am::communicator comm;
  const int rank = comm.rank(), size = comm.size();
  // Rank r holds r + 1 elements: the offsets are the triangular numbers.
  const auto e = am::detail::global_extent(comm, static_cast<std::size_t>(rank + 1), "test");
  CHECK(e.offset == static_cast<std::size_t>(rank * (rank + 1) / 2));
  CHECK(e.total == static_cast<std::size_t>(size * (size + 1) / 2));
  // 1 + 1e-16 + ... summed compensated in rank order: exact where a plain sum loses the tail.
  const double local = rank == 0 ? 1.0 : 1e-16;
  const double s = am::detail::sum_in_rank_order(comm, local, "test");
  CHECK(s == 1.0 + (size - 1) * 1e-16);
  double v[2] = {1.0 * rank, 2.0};
  am::detail::allreduce_sum(comm, v, 2, "test");
  CHECK(v[0] == doctest::Approx(size * (size - 1) / 2.0));
  CHECK(v[1] == 2.0 * size);
}

TEST_CASE("mpi: a failure on one rank is raised on every rank") {
  const am::communicator comm;
  const int last = comm.size() - 1;
  auto checks = [&] {
    if (comm.rank() == last) throw std::domain_error("advdiv::test: p[7] = -1 is negative");
  };
  CHECK_THROWS_WITH_AS(am::detail::collective_checks(comm, "advdiv::test", checks),
                       "advdiv::test: p[7] = -1 is negative", std::domain_error);
  // The lowest failing rank wins when several fail.
  auto all_fail = [&] { throw std::invalid_argument("rank " + std::to_string(comm.rank())); };
  CHECK_THROWS_WITH_AS(am::detail::collective_checks(comm, "advdiv::test", all_fail), "rank 0", std::invalid_argument);
  CHECK_NOTHROW(am::detail::collective_checks(comm, "advdiv::test", [] {}));
}
