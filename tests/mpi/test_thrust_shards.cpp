// Sharded divergences with each rank's slice reduced by Thrust (advdiv::mpi::NAME(comm, exec, p, q)),
// built with THRUST_DEVICE_SYSTEM=OMP by g++ (thrust::device is then OpenMP on the host; on a
// cluster it is a GPU per rank). Every rank generates the same global p and q from a fixed seed,
// keeps its slice in a thrust::device_vector, and compares with the single-process CPU
// advdiv::NAME on the global vectors: within 1e-12 relative (the bound of test_divergence.cpp:
// the same terms, compensated merges, only the association of the partial sums differs), and
// the same bits on every rank.

#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/mpi/thrust.hpp>

#include <doctest/doctest.h>
#include <thrust/device_vector.h>
#include <thrust/host_vector.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace am = advdiv::mpi;

namespace {

constexpr std::size_t n_global = 10007;

std::vector<double> random_distribution(std::size_t n, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  std::vector<double> w(n);
  for (double& x : w) x = advdiv::standard_exponential(rng);
  const double s = advdiv::accurate_sum<double>(w);
  for (double& x : w) x /= s;
  return w;
}

// This rank's slice: lengths proportional to rank + 1, rank 0 empty when there are several ranks.
std::pair<std::size_t, std::size_t> slice_of(const am::communicator& comm, std::size_t n) {
  const int size = comm.size(), rank = comm.rank();
  auto weight = [&](int r) -> std::size_t { return size > 1 && r == 0 ? 0 : static_cast<std::size_t>(r + 1); };
  std::size_t total = 0, before = 0;
  for (int r = 0; r < size; ++r) {
    if (r < rank) before += weight(r);
    total += weight(r);
  }
  return {n * before / total, n * (before + weight(rank)) / total};
}

template <class V = thrust::device_vector<double>>
V part(const std::vector<double>& x, std::pair<std::size_t, std::size_t> s) {
  return V(x.begin() + static_cast<std::ptrdiff_t>(s.first), x.begin() + static_cast<std::ptrdiff_t>(s.second));
}

bool same_on_every_rank(const am::communicator& comm, double v) {
  for (double x : am::detail::all_gather(comm, v, "test"))
    if (std::memcmp(&x, &v, sizeof v) != 0) return false;
  return true;
}

void check_close(const am::communicator& comm, const char* name, double d_mpi, double d) {
  INFO(name);
  INFO("mpi + thrust = " << d_mpi << ", single-process CPU = " << d);
  CHECK(std::abs(d_mpi - d) <= 1e-12 * std::abs(d));
  CHECK(same_on_every_rank(comm, d_mpi));
}

}  // namespace

TEST_CASE("mpi + thrust: every sharded divergence equals the single-process CPU one to 1e-12") {
  const am::communicator comm;
  const std::vector<double> p = random_distribution(n_global, 1), q = random_distribution(n_global, 2);
  const auto s = slice_of(comm, n_global);
  const thrust::device_vector<double> pl = part(p, s), ql = part(q, s);
#define ADVDIV_TEST_NAMED(NAME, TERM, FINISH) \
  check_close(comm, #NAME, am::NAME(comm, thrust::device, pl, ql), advdiv::NAME(p, q));
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_NAMED)
#undef ADVDIV_TEST_NAMED
  check_close(comm, "entropy", am::entropy(comm, thrust::device, pl), advdiv::entropy(p));
  check_close(comm, "f_divergence(gan)", am::f_divergence(comm, thrust::device, pl, ql, advdiv::fdiv::gan{}),
              advdiv::f_divergence(p, q, advdiv::fdiv::gan{}));
  check_close(comm, "alpha_divergence", am::alpha_divergence(comm, thrust::device, pl, ql, 0.5),
              advdiv::alpha_divergence(p, q, 0.5));
  for (double alpha : {0.5, 1.0, 3.0}) {
    INFO("alpha = " << alpha);
    check_close(comm, "renyi", am::renyi(comm, thrust::device, pl, ql, alpha), advdiv::renyi(p, q, alpha));
  }
  // Host vectors under thrust::host: the same combine.
  const auto ph = part<thrust::host_vector<double>>(p, s), qh = part<thrust::host_vector<double>>(q, s);
  check_close(comm, "kl (thrust::host)", am::kl(comm, thrust::host, ph, qh), advdiv::kl(p, q));
  // The same value as the CPU form on the same slices, to a few ulps.
  const std::vector<double> pv = part<std::vector<double>>(p, s), qv = part<std::vector<double>>(q, s);
  check_close(comm, "js (thrust) vs js (cpu), both sharded", am::js(comm, thrust::device, pl, ql), am::js(comm, pv, qv));
}

TEST_CASE("mpi + thrust: errors name global indices and sums, on every rank") {
  const am::communicator comm;
  std::vector<double> p = random_distribution(n_global, 1), q = random_distribution(n_global, 2);
  const auto s = slice_of(comm, n_global);
  SUBCASE("a negative entry on the last rank, found by a Thrust reduction") {
    q[n_global - 2] = -0.5;
    CHECK_THROWS_WITH_AS(am::kl(comm, thrust::device, part(p, s), part(q, s)),
                         "advdiv::mpi::kl: q[10005] = -0.5 is negative", std::domain_error);
  }
  SUBCASE("the global sum off 1 although every slice sums to less than 1") {
    const std::vector<double> big(1024, 1.25 / 1024), uniform(1024, 1.0 / 1024);  // Σ big = 1.25 exactly
    const auto t = slice_of(comm, 1024);
    CHECK_THROWS_WITH_AS(am::js(comm, thrust::device, part(big, t), part(uniform, t)),
                         "advdiv::mpi::js: p sums to 1.25, not 1 (tolerance 1e-06)", std::domain_error);
  }
  SUBCASE("p and q differ in length on the last rank") {
    const int last = comm.size() - 1;
    thrust::device_vector<double> ql = part(q, s);
    if (comm.rank() == last) ql.push_back(0.0);
    const auto lengths = am::detail::all_gather(comm, static_cast<std::uint64_t>(s.second - s.first), "test");
    const std::string expected = "advdiv::mpi::kl: p and q differ in length on rank " + std::to_string(last) + " (" +
                                 std::to_string(lengths.back()) + " and " + std::to_string(lengths.back() + 1) + ")";
    CHECK_THROWS_WITH_AS(am::kl(comm, thrust::device, part(p, s), ql), expected.c_str(), std::invalid_argument);
  }
  SUBCASE("an invalid parameter on one rank") {
    const double alpha = comm.rank() == comm.size() - 1 ? 0.0 : 0.5;
    CHECK_THROWS_WITH_AS(am::alpha_divergence(comm, thrust::device, part(p, s), part(q, s), alpha),
                         "advdiv::mpi::alpha_divergence: alpha = 0 is not finite and different from 0 and 1",
                         std::domain_error);
  }
}
