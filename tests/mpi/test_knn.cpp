// k-NN estimators with the query loop split across the ranks: every rank's result equals the
// single-process estimate on the same (replicated) samples to 1e-12, for even and uneven splits
// and for fewer points than ranks; duplicates name the lowest point whichever rank holds it;
// every error is raised on every rank.
#include <advdiv/core/random.hpp>
#include <advdiv/estimate/knn.hpp>
#include <advdiv/mpi/knn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace am = advdiv::mpi;
namespace est = advdiv::estimate;

namespace {

// d × n matrix of N(shift·e_1, I) points (one column per point), the fixture of
// tests/estimate/test_knn.cpp; drawn from the seed on every rank.
Eigen::MatrixXd normal_sample(std::size_t d, std::size_t n, double shift, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  Eigen::MatrixXd X(d, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) X(k, i) = advdiv::standard_normal(rng) + (k == 0 ? shift : 0.0);
  return X;
}

/// The result agrees with the single-process one to 1e-12 (relative above 1), has the same
/// sizes and status, and has the same bits on every rank.
void check_same(am::communicator comm, const est::estimate_result& r, const est::estimate_result& single) {
  CHECK(std::abs(r.value - single.value) <= 1e-12 * std::max(1.0, std::abs(single.value)));
  CHECK(r.n == single.n);
  CHECK(r.m == single.m);
  CHECK(r.status == single.status);
  CHECK(!r.std_error.has_value());
  CHECK(r.message.empty());
  std::uint64_t bits = 0;
  std::memcpy(&bits, &r.value, sizeof bits);
  for (std::uint64_t other : am::detail::all_gather(comm, bits, "test")) CHECK(other == bits);
}

}  // namespace

TEST_CASE("mpi: the k-NN estimators equal the single-process ones to 1e-12 (even and uneven splits)") {
  const am::communicator comm;
  // n = 61 and 1001 split unevenly over 2 and 4 ranks; n = 3 leaves ranks without a point.
  for (std::size_t d : {1u, 2u, 3u, 5u}) {
    for (std::size_t n : {3u, 61u, 1001u}) {
      const Eigen::MatrixXd X = normal_sample(d, n, 0.0, 100 + d), Y = normal_sample(d, n + 17, 0.7, 200 + d);
      for (std::size_t k : {1u, 2u}) {
        if (n < k + 1) continue;
        CAPTURE(d);
        CAPTURE(n);
        CAPTURE(k);
        check_same(comm, am::knn_kl(comm, X, Y, {.k = k}), est::knn_kl(X, Y, {.k = k}));
        check_same(comm, am::knn_kl(comm, X, Y, {.k = k, .adaptive_k = true}), est::knn_kl(X, Y, {.k = k, .adaptive_k = true}));
        check_same(comm, am::knn_entropy(comm, X, {.k = k}), est::knn_entropy(X, {.k = k}));
        check_same(comm, am::knn_renyi_divergence(comm, X, Y, 0.8, {.k = k}), est::knn_renyi_divergence(X, Y, 0.8, {.k = k}));
        check_same(comm, am::knn_alpha_divergence(comm, X, Y, 1.5, {.k = k}), est::knn_alpha_divergence(X, Y, 1.5, {.k = k}));
        check_same(comm, am::knn_hellinger_affinity(comm, X, Y, {.k = k}), est::knn_hellinger_affinity(X, Y, {.k = k}));
        check_same(comm, am::knn_squared_hellinger(comm, X, Y, {.k = k}), est::knn_squared_hellinger(X, Y, {.k = k}));
      }
    }
  }
  // Threads per rank and the leaf size do not change the value either.
  const Eigen::MatrixXd X = normal_sample(2, 1500, 0.0, 1), Y = normal_sample(2, 1200, 0.5, 2);
  check_same(comm, am::knn_kl(comm, X, Y, {.k = 3, .threads = 3, .leaf_size = 5}), est::knn_kl(X, Y, {.k = 3}));
}

TEST_CASE("mpi: knn_kl between two normals approaches the closed form KL = |mu|^2 / 2") {
  // N(0, I_2) against N(e_1, I_2): KL = 1/2.
  const am::communicator comm;
  const Eigen::MatrixXd X = normal_sample(2, 4000, 0.0, 31), Y = normal_sample(2, 4000, 1.0, 32);
  const est::estimate_result r = am::knn_kl(comm, X, Y, {.k = 5});
  CHECK(r.value == doctest::Approx(0.5).epsilon(0.1));
  CHECK(r.n == 4000);
  CHECK(r.m == 4000);
}

TEST_CASE("mpi: duplicate points name the lowest point on every rank") {
  const am::communicator comm;
  // Points 1 and 3 are duplicates; on 4 ranks they are on ranks 1 and 3.
  const std::vector<double> x{0.0, 1.0, 2.0, 1.0, 5.0}, y{0.5, 7.0, 9.0};
  CHECK_THROWS_WITH_AS(am::knn_kl(comm, x, y),
                       "advdiv::mpi::knn_kl: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 1; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_kl(comm, x, y, {.adaptive_k = true}),
                       "advdiv::mpi::knn_kl: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 1; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_hellinger_affinity(comm, x, y),
                       "advdiv::mpi::knn_hellinger_affinity: X has a point at distance 0 from its 1st "
                       "nearest neighbour in X (point 1; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK(am::knn_kl(comm, x, y, {.k = 2}).value == doctest::Approx(est::knn_kl(x, y, {.k = 2}).value).epsilon(1e-12));
  // A point of X that is also in Y: ν = 0.
  const std::vector<double> x2{0.0, 1.0, 2.0, 3.0}, y2{5.0, 2.0};
  CHECK_THROWS_WITH_AS(am::knn_renyi_divergence(comm, x2, y2, 0.5),
                       "advdiv::mpi::knn_renyi_divergence: X has a point at distance 0 from its 1st "
                       "nearest neighbour in Y (point 2; points of X repeated in Y make log(nu) = -inf; "
                       "remove duplicates or raise k)",
                       std::domain_error);
  // Duplicates at 100 = 1700 and 1500 = 1999: on 2 and 4 ranks several ranks fail; the lowest
  // index is reported.
  std::vector<double> many(2000);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = double(i);
  many[1999] = 1500.0;
  many[1700] = 100.0;
  CHECK_THROWS_WITH_AS(am::knn_entropy(comm, many, {.threads = 2}),
                       "advdiv::mpi::knn_entropy: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 100; duplicates make log(epsilon) = -inf; remove duplicates or raise k)",
                       std::domain_error);
}

TEST_CASE("mpi: k-NN errors are raised on every rank") {
  const am::communicator comm;
  const int last = comm.size() - 1;
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, 10.0};
  CHECK_THROWS_WITH_AS(am::knn_kl(comm, x, y, {.k = 0}), "advdiv::mpi::knn_kl: k = 0 is not at least 1", std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_kl(comm, x, y, {.k = 3}), "advdiv::mpi::knn_kl: X has 3 points, fewer than k + 1 = 4",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(am::knn_entropy(comm, std::vector<double>{}), "advdiv::mpi::knn_entropy: X is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(am::knn_renyi_divergence(comm, x, y, 2.0),
                       "advdiv::mpi::knn_renyi_divergence: alpha = 2 is not in (0, 2), where the estimator of rank "
                       "k = 1 is defined (|alpha - 1| < k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_alpha_divergence(comm, x, y, 1.0),
                       "advdiv::mpi::knn_alpha_divergence: alpha = 1 is not finite and different from 0 and 1",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_hellinger_affinity(comm, x, y, {.threads = 0}),
                       "advdiv::mpi::knn_hellinger_affinity: threads = 0 is not at least 1", std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_squared_hellinger(comm, x, std::vector<double>{1.0}, {.k = 2}),
                       "advdiv::mpi::knn_squared_hellinger: Y has 1 point, fewer than k = 2", std::invalid_argument);
  CHECK_THROWS_WITH_AS(am::knn_entropy(comm, x, {.leaf_size = 0}), "advdiv::mpi::knn_entropy: leaf_size = 0 is not at least 1",
                       std::domain_error);
  // Only the last rank's copy has a NaN: every rank throws its error.
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(2, 4);
  X(0, 1) = 1.0;
  X(1, 3) = 2.0;
  Eigen::MatrixXd bad = X;
  bad(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(am::knn_kl(comm, comm.rank() == last ? bad : X, X), "advdiv::mpi::knn_kl: X(1, 2) = nan is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::knn_entropy(comm, comm.rank() == last ? bad : X), "advdiv::mpi::knn_entropy: X(1, 2) = nan is not finite",
                       std::domain_error);
  if (comm.size() > 1) {
    // Replicated samples, or options, that differ between ranks.
    const std::vector<double> y_other{0.5, 11.0};
    const std::string differ = "'s differ from rank 0's";
    CHECK_THROWS_WITH_AS(am::knn_kl(comm, x, comm.rank() == last ? y_other : y),
                         ("advdiv::mpi::knn_kl: the samples (X and Y) and the options are replicated on every rank, "
                          "but rank " + std::to_string(last) + differ).c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(am::knn_kl(comm, x, y, {.adaptive_k = comm.rank() == last}),
                         ("advdiv::mpi::knn_kl: the samples (X and Y) and the options are replicated on every rank, "
                          "but rank " + std::to_string(last) + differ).c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(am::knn_entropy(comm, comm.rank() == last ? y_other : y),
                         ("advdiv::mpi::knn_entropy: the samples (X) and the options are replicated on every rank, "
                          "but rank " + std::to_string(last) + differ).c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(am::knn_renyi_divergence(comm, x, y, comm.rank() == last ? 0.7 : 0.8),
                         ("advdiv::mpi::knn_renyi_divergence: the samples (X and Y) and the options are replicated on "
                          "every rank, but rank " + std::to_string(last) + differ).c_str(),
                         std::invalid_argument);
  }
}
