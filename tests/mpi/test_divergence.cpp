// Sharded divergences (advdiv::mpi::NAME): every rank generates the same global p and q from a
// fixed seed, keeps its own slice (uneven slices, and a layout where rank 0 holds nothing), and
// compares the distributed value with the single-process advdiv::NAME on the global vectors,
// computed on every rank. Errors are asserted with their full text on every rank. The row-wise
// form (advdiv::mpi::rowwise::NAME, rows sharded) is compared with advdiv::rowwise on the global
// matrices: each row is computed by the same code, so the values are equal bit for bit.
//
// The bound asserted, |d_mpi − d| ≤ 1e-12·|d|: both sides evaluate the same terms and merge blocks
// of ≤ 256 plain sums with compensated summation; only the block boundaries differ (a slice
// starts a new block), so the two sums differ by the rounding of a few plain block sums,
// ≤ 256·u·Σ|term_i| ≈ 6e-14·Σ|term_i| in the worst case, and Σ|term_i| is within a factor of a
// few of |d| for these random pairs. 1e-12 leaves a margin of an order of magnitude; the
// differences measured (np 2 and 4, the ten names of the catalogue) are at most 2.2e-16 relative.

#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/mpi/divergence.hpp>
#include <advdiv/mpi/rowwise.hpp>

#include <Eigen/Core>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace am = advdiv::mpi;

namespace {

constexpr std::size_t n_global = 10007;

// A random probability vector: exponential weights normalised with a compensated sum.
template <class T = double>
std::vector<T> random_distribution(std::size_t n, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  std::vector<double> w(n);
  for (double& x : w) x = advdiv::standard_exponential(rng);
  const double s = advdiv::accurate_sum<double>(w);
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(w[i] / s);
  return out;
}

struct slice {
  std::size_t begin = 0, end = 0;
};

// This rank's slice of [0, n): lengths proportional to rank + 1 (uneven, boundaries not multiples
// of the CPU's block size), or with `hole` rank 0 empty when there are several ranks.
slice slice_of(const am::communicator& comm, std::size_t n, bool hole) {
  const int size = comm.size(), rank = comm.rank();
  auto weight = [&](int r) -> std::size_t { return hole && size > 1 && r == 0 ? 0 : static_cast<std::size_t>(r + 1); };
  std::size_t total = 0, before = 0;
  for (int r = 0; r < size; ++r) {
    if (r < rank) before += weight(r);
    total += weight(r);
  }
  return {n * before / total, n * (before + weight(rank)) / total};
}

template <class T>
std::vector<T> part(const std::vector<T>& x, slice s) {
  return std::vector<T>(x.begin() + static_cast<std::ptrdiff_t>(s.begin), x.begin() + static_cast<std::ptrdiff_t>(s.end));
}

// Whether every rank holds the same bits in v.
bool same_on_every_rank(const am::communicator& comm, double v) {
  const std::vector<double> all = am::detail::all_gather(comm, v, "test");
  for (double x : all)
    if (std::memcmp(&x, &v, sizeof v) != 0) return false;
  return true;
}

// d_mpi against d within the bound of the file comment, and the same bits on every rank.
void check_close(const am::communicator& comm, const char* name, double d_mpi, double d) {
  INFO(name);
  INFO("mpi = " << d_mpi << ", single process = " << d);
  CHECK(std::isfinite(d));
  CHECK(std::abs(d_mpi - d) <= 1e-12 * std::abs(d));
  CHECK(same_on_every_rank(comm, d_mpi));
}

// Every divergence of the catalogue, sharded by `s`, against the single-process value on p, q.
void check_every_divergence(const am::communicator& comm, const std::vector<double>& p, const std::vector<double>& q,
                            slice s) {
  const std::vector<double> pl = part(p, s), ql = part(q, s);
#define ADVDIV_TEST_NAMED(NAME, TERM, FINISH) check_close(comm, #NAME, am::NAME(comm, pl, ql), advdiv::NAME(p, q));
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_NAMED)
#undef ADVDIV_TEST_NAMED
  check_close(comm, "kl in bits", am::kl(comm, pl, ql, advdiv::bits), advdiv::kl(p, q, advdiv::bits));
  check_close(comm, "entropy", am::entropy(comm, pl), advdiv::entropy(p));
  check_close(comm, "f_divergence(gan)", am::f_divergence(comm, pl, ql, advdiv::fdiv::gan{}),
              advdiv::f_divergence(p, q, advdiv::fdiv::gan{}));
  for (double alpha : {-0.5, 0.5, 2.0, 3.0}) {
    INFO("alpha = " << alpha);
    check_close(comm, "alpha_divergence", am::alpha_divergence(comm, pl, ql, alpha),
                advdiv::alpha_divergence(p, q, alpha));
  }
  for (double alpha : {0.5, 1.0, 2.0, 3.0}) {
    INFO("alpha = " << alpha);
    check_close(comm, "renyi", am::renyi(comm, pl, ql, alpha), advdiv::renyi(p, q, alpha));
  }
}

}  // namespace

TEST_CASE("mpi: every sharded divergence equals the single-process one to 1e-12, the same bits on every rank") {
  const am::communicator comm;
  const std::vector<double> p = random_distribution(n_global, 1), q = random_distribution(n_global, 2);
  SUBCASE("uneven slices") { check_every_divergence(comm, p, q, slice_of(comm, n_global, false)); }
  SUBCASE("rank 0 holds nothing") { check_every_divergence(comm, p, q, slice_of(comm, n_global, true)); }
  SUBCASE("zeros and disjoint supports (+inf, finite limits)") {
    // p lives on the first 2/3, q on the last 2/3: KL, χ² and Jeffreys are +inf, JS and TV finite.
    std::vector<double> pz(n_global, 0.0), qz(n_global, 0.0);
    const std::size_t a = n_global / 3, b = 2 * n_global / 3;
    for (std::size_t i = 0; i < b; ++i) pz[i] = 1.0 / static_cast<double>(b);
    for (std::size_t i = a; i < n_global; ++i) qz[i] = 1.0 / static_cast<double>(n_global - a);
    const slice s = slice_of(comm, n_global, false);
    const std::vector<double> pl = part(pz, s), ql = part(qz, s);
    CHECK(am::kl(comm, pl, ql) == advdiv::kl(pz, qz));  // +inf
    CHECK(std::isinf(am::kl(comm, pl, ql)));
    check_close(comm, "js", am::js(comm, pl, ql), advdiv::js(pz, qz));
    check_close(comm, "total_variation", am::total_variation(comm, pl, ql), advdiv::total_variation(pz, qz));
  }
}

TEST_CASE("mpi: terms that overflow on their own on different ranks merge to the true sum (D17)") {
  // Only a sum tolerance of inf admits such entries. KL of p = (1e308, 6.254e307, 6.254e307),
  // q = (1e307, 1.7e308, 1.7e308) at the first, middle and last of n_global entries (zeros
  // between): one term of 2.3e308, two of −6.25e307, true sum 1.0517949930503211534e308 (mpmath).
  // On several ranks the overflowing term and the negative ones lie on different ranks: the
  // merged sum was +inf; the cross-entropy's two terms (−7.09e310, +7.10e310) merged to NaN.
  const am::communicator comm;
  constexpr double inf = std::numeric_limits<double>::infinity();
  const advdiv::divergence_options unnormalised{.sum_tolerance = inf};
  std::vector<double> pk(n_global, 0.0), qk(n_global, 0.0), pc(n_global, 0.0), qc(n_global, 0.0);
  pk[0] = 1e308, qk[0] = 1e307, pk[n_global / 2] = 6.254e307, qk[n_global / 2] = 1.7e308;
  pk[n_global - 1] = 6.254e307, qk[n_global - 1] = 1.7e308;
  pc[0] = 1e308, qc[0] = 1e308, pc[n_global - 1] = 1e308, qc[n_global - 1] = 4.7e-309;
  for (const bool hole : {false, true}) {
    CAPTURE(hole);
    const slice s = slice_of(comm, n_global, hole);
    const double kl = am::kl(comm, part(pk, s), part(qk, s), unnormalised);
    CHECK(kl == doctest::Approx(1.0517949930503211534e308).epsilon(1e-13));
    CHECK(am::f_divergence(comm, part(pk, s), part(qk, s), advdiv::fdiv::kl{}, unnormalised) ==
          doctest::Approx(1.0517949930503211534e308).epsilon(1e-13));
    const double ce = am::cross_entropy(comm, part(pc, s), part(qc, s), unnormalised);
    CHECK(ce == doctest::Approx(7.5502258427803267998e307).epsilon(1e-13));
    CHECK(same_on_every_rank(comm, kl));
    CHECK(same_on_every_rank(comm, ce));
  }
}

TEST_CASE("mpi: renyi's extra passes (the power sum for nearly disjoint supports, the shifted sum when it overflows)") {
  const am::communicator comm;
  const slice s = slice_of(comm, n_global, true);
  SUBCASE("alpha < 1, Σ p^α q^{1−α} tiny: the second pass") {
    // p on the even indices, q on the odd ones, 1e-200 elsewhere (then renormalised).
    std::vector<double> p(n_global), q(n_global);
    for (std::size_t i = 0; i < n_global; ++i) {
      p[i] = i % 2 == 0 ? 1.0 : 1e-200;
      q[i] = i % 2 == 1 ? 1.0 : 1e-200;
    }
    const double sp = advdiv::accurate_sum<double>(p), sq = advdiv::accurate_sum<double>(q);
    for (double& x : p) x /= sp;
    for (double& x : q) x /= sq;
    check_close(comm, "renyi(0.5)", am::renyi(comm, part(p, s), part(q, s), 0.5), advdiv::renyi(p, q, 0.5));
  }
  SUBCASE("alpha = 5, q_i = 1e-297: Σ p^α q^{1−α} overflows, the shifted passes") {
    std::vector<double> p = random_distribution(n_global, 3), q = random_distribution(n_global, 4);
    q[n_global - 5] = 1e-297;
    const double sq = advdiv::accurate_sum<double>(q);
    for (double& x : q) x /= sq;
    const double d = advdiv::renyi(p, q, 5.0);
    REQUIRE(std::isfinite(d));
    check_close(comm, "renyi(5)", am::renyi(comm, part(p, s), part(q, s), 5.0), d);
  }
}

TEST_CASE("mpi: float slices are accumulated in double, as on one process") {
  const am::communicator comm;
  const std::vector<float> p = random_distribution<float>(n_global, 5), q = random_distribution<float>(n_global, 6);
  const slice s = slice_of(comm, n_global, true);
  const std::vector<float> pl = part(p, s), ql = part(q, s);
  // Both round a double within ~1e-16 of the other to float: equal, or one float ulp apart at a
  // rounding boundary.
  const auto check_float = [&](const char* name, float d_mpi, float d) {
    INFO(name);
    CHECK(std::abs(d_mpi - d) <= std::abs(d) * 0x1p-23f);
    CHECK(same_on_every_rank(comm, d_mpi));
  };
  static_assert(std::is_same_v<decltype(am::kl(comm, pl, ql)), float>);
  check_float("kl", am::kl(comm, pl, ql), advdiv::kl(p, q));
  check_float("js", am::js(comm, pl, ql), advdiv::js(p, q));
  check_float("renyi", am::renyi(comm, pl, ql, 2.0), advdiv::renyi(p, q, 2.0));
  check_float("entropy", am::entropy(comm, pl), advdiv::entropy(p));
}

// The record each rank sends (LP64: 40 bytes of sums, two lengths, three settings, a flag).
static_assert(sizeof(am::detail::shard_sums<double>) == 88);

TEST_CASE("mpi: errors name global indices and global sums, on every rank") {
  const am::communicator comm;
  const int last = comm.size() - 1;
  std::vector<double> p = random_distribution(n_global, 1), q = random_distribution(n_global, 2);
  const slice s = slice_of(comm, n_global, true);

  SUBCASE("a negative entry on the last rank") {
    p[n_global - 3] = -1.0;
    CHECK_THROWS_WITH_AS(advdiv::kl(p, q), "advdiv::kl: p[10004] = -1 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(am::kl(comm, part(p, s), part(q, s)), "advdiv::mpi::kl: p[10004] = -1 is negative",
                         std::domain_error);
  }
  SUBCASE("the first invalid entry of p wins over an earlier one of q, as on one process") {
    p[n_global - 3] = -1.0;
    q[7] = std::nan("");
    CHECK_THROWS_WITH_AS(advdiv::js(p, q), "advdiv::js: p[10004] = -1 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(am::js(comm, part(p, s), part(q, s)), "advdiv::mpi::js: p[10004] = -1 is negative",
                         std::domain_error);
    p[n_global - 3] = 0.0;
    CHECK_THROWS_WITH_AS(am::js(comm, part(p, s), part(q, s)), "advdiv::mpi::js: q[7] = nan is not finite",
                         std::domain_error);
  }
  SUBCASE("entropy names the global index") {
    p[5000] = -0.25;
    CHECK_THROWS_WITH_AS(am::entropy(comm, part(p, s)), "advdiv::mpi::entropy: p[5000] = -0.25 is negative",
                         std::domain_error);
  }
  SUBCASE("the global sum is off 1 although every slice sums to less than 1") {
    // 1024 entries of 1.25/1024 (exact in binary): Σp = 1.25 exactly; with several ranks each
    // slice sums to at most 1.25·(R/(R(R+1)/2)) ≤ 0.84.
    const std::size_t n = 1024;
    const std::vector<double> big(n, 1.25 / 1024), uniform(n, 1.0 / 1024);
    const slice t = slice_of(comm, n, false);
    CHECK_THROWS_WITH_AS(advdiv::kl(big, uniform), "advdiv::kl: p sums to 1.25, not 1 (tolerance 1e-06)",
                         std::domain_error);
    CHECK_THROWS_WITH_AS(am::kl(comm, part(big, t), part(uniform, t)),
                         "advdiv::mpi::kl: p sums to 1.25, not 1 (tolerance 1e-06)", std::domain_error);
    CHECK_THROWS_WITH_AS(am::total_variation(comm, part(uniform, t), part(big, t)),
                         "advdiv::mpi::total_variation: q sums to 1.25, not 1 (tolerance 1e-06)", std::domain_error);
    CHECK_THROWS_WITH_AS(am::entropy(comm, part(big, t)), "advdiv::mpi::entropy: p sums to 1.25, not 1 (tolerance 1e-06)",
                         std::domain_error);
    // The tolerance is the option's, as on one process.
    CHECK(am::kl(comm, part(big, t), part(uniform, t), {.sum_tolerance = 0.5}) ==
          doctest::Approx(advdiv::kl(big, uniform, {.sum_tolerance = 0.5})).epsilon(1e-12));
  }
  SUBCASE("p and q differ in length on one rank") {
    std::vector<double> ql = part(q, s);
    if (comm.rank() == last) ql.push_back(0.0);
    // The last rank's slice length, known on every rank.
    const std::vector<std::uint64_t> lengths = am::detail::all_gather(comm, static_cast<std::uint64_t>(s.end - s.begin), "test");
    const std::string expected = "advdiv::mpi::kl: p and q differ in length on rank " + std::to_string(last) + " (" +
                                 std::to_string(lengths.back()) + " and " + std::to_string(lengths.back() + 1) + ")";
    CHECK_THROWS_WITH_AS(am::kl(comm, part(p, s), ql), expected.c_str(), std::invalid_argument);
  }
  SUBCASE("the global vectors are empty") {
    const std::vector<double> none;
    CHECK_THROWS_WITH_AS(am::kl(comm, none, none), "advdiv::mpi::kl: p is empty", std::invalid_argument);
    CHECK_THROWS_WITH_AS(am::entropy(comm, none), "advdiv::mpi::entropy: p is empty", std::invalid_argument);
  }
  SUBCASE("options and parameters: invalid on one rank, or valid but different between ranks") {
    const std::vector<double> pl = part(p, s), ql = part(q, s);
    CHECK_THROWS_WITH_AS(am::kl(comm, pl, ql, {.log_base = 1.0}), "advdiv::mpi::kl: log_base = 1 is not finite and > 1",
                         std::domain_error);
    const advdiv::divergence_options mine{.sum_tolerance = comm.rank() == last ? -1.0 : 1e-6};
    CHECK_THROWS_WITH_AS(am::js(comm, pl, ql, mine),
                         "advdiv::mpi::js: sum_tolerance = -1 is not >= 0 (inf disables the check)", std::domain_error);
    CHECK_THROWS_WITH_AS(am::alpha_divergence(comm, pl, ql, comm.rank() == last ? 1.0 : 0.5),
                         "advdiv::mpi::alpha_divergence: alpha = 1 is not finite and different from 0 and 1",
                         std::domain_error);
    CHECK_THROWS_WITH_AS(am::renyi(comm, pl, ql, -2.0), "advdiv::mpi::renyi: alpha = -2 is not positive and finite",
                         std::domain_error);
    if (comm.size() > 1) {  // valid settings that differ between ranks: refused on every rank
      const std::string on_last = " on rank " + std::to_string(last) + " differs from ";
      CHECK_THROWS_WITH_AS(am::kl(comm, pl, ql, comm.rank() == last ? advdiv::bits : advdiv::nats),
                           ("advdiv::mpi::kl: log_base = 2" + on_last + "2.718281828459045 on rank 0").c_str(),
                           std::invalid_argument);
      CHECK_THROWS_WITH_AS(am::js(comm, pl, ql, {.sum_tolerance = comm.rank() == last ? 1e-3 : 1e-6}),
                           ("advdiv::mpi::js: sum_tolerance = 0.001" + on_last + "1e-06 on rank 0").c_str(),
                           std::invalid_argument);
      CHECK_THROWS_WITH_AS(am::renyi(comm, pl, ql, comm.rank() == last ? 2.0 : 3.0),
                           ("advdiv::mpi::renyi: alpha = 2" + on_last + "3 on rank 0").c_str(), std::invalid_argument);
    }
    // The communicator is still usable after every error: the next call succeeds.
    check_close(comm, "kl after the errors", am::kl(comm, pl, ql), advdiv::kl(p, q));
  }
}

namespace {

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

constexpr Eigen::Index B = 37, K = 64;

// B random distributions of length K, one per row (row i from seed + i).
row_major random_rows(std::uint64_t seed) {
  row_major M(B, K);
  for (Eigen::Index i = 0; i < B; ++i) {
    const std::vector<double> r = random_distribution(K, seed + static_cast<std::uint64_t>(i));
    for (Eigen::Index j = 0; j < K; ++j) M(i, j) = r[static_cast<std::size_t>(j)];
  }
  return M;
}

row_major rows_of(const row_major& M, slice s) {
  return M.middleRows(static_cast<Eigen::Index>(s.begin), static_cast<Eigen::Index>(s.end - s.begin));
}

// Bitwise equality of two vectors of doubles.
bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != b.size()) return false;
  return a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// The local rows' values are the global ones at the global rows, and all_rows gives them all.
void check_rows(const char* name, const Eigen::VectorXd& local, const Eigen::VectorXd& all, const Eigen::VectorXd& cpu,
                slice s) {
  INFO(name);
  REQUIRE(local.size() == static_cast<Eigen::Index>(s.end - s.begin));
  CHECK(same_bits(local, cpu.segment(static_cast<Eigen::Index>(s.begin), local.size())));
  CHECK(same_bits(all, cpu));
}

}  // namespace

TEST_CASE("mpi: sharded rows give advdiv::rowwise's values bit for bit (local rows, all rows)") {
  const am::communicator comm;
  const row_major P = random_rows(100), Q = random_rows(200);
  const std::vector<double> q = random_distribution(K, 300);
  for (bool hole : {false, true}) {
    CAPTURE(hole);
    const slice s = slice_of(comm, B, hole);
    const row_major Pl = rows_of(P, s), Ql = rows_of(Q, s);
#define ADVDIV_TEST_ROWS(NAME, TERM, FINISH)                                                                 \
  check_rows(#NAME, am::rowwise::NAME(comm, Pl, Ql), am::rowwise::NAME(comm, am::all_rows, Pl, Ql),          \
             advdiv::rowwise::NAME(P, Q), s);                                                                  \
  check_rows(#NAME " (P, q)", am::rowwise::NAME(comm, Pl, q), am::rowwise::NAME(comm, am::all_rows, Pl, q),  \
             advdiv::rowwise::NAME(P, q), s);                                                                  \
  check_rows(#NAME " (q, Q)", am::rowwise::NAME(comm, q, Ql), am::rowwise::NAME(comm, am::all_rows, q, Ql),  \
             advdiv::rowwise::NAME(q, Q), s);
    ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_ROWS)
#undef ADVDIV_TEST_ROWS
    check_rows("f_divergence(gan)", am::rowwise::f_divergence(comm, Pl, Ql, advdiv::fdiv::gan{}),
               am::rowwise::f_divergence(comm, am::all_rows, Pl, Ql, advdiv::fdiv::gan{}),
               advdiv::rowwise::f_divergence(P, Q, advdiv::fdiv::gan{}), s);
    check_rows("alpha_divergence", am::rowwise::alpha_divergence(comm, Pl, Ql, 0.5),
               am::rowwise::alpha_divergence(comm, am::all_rows, Pl, Ql, 0.5),
               advdiv::rowwise::alpha_divergence(P, Q, 0.5), s);
    check_rows("renyi", am::rowwise::renyi(comm, Pl, Ql, 2.0), am::rowwise::renyi(comm, am::all_rows, Pl, Ql, 2.0),
               advdiv::rowwise::renyi(P, Q, 2.0), s);
  }
  // A column-major matrix is read row by row; xtensor rows give std::vector results.
  const slice s = slice_of(comm, B, true);
  const Eigen::MatrixXd Pc = rows_of(P, s);
  const Eigen::VectorXd cpu = advdiv::rowwise::kl(P, q);
  CHECK(same_bits(am::rowwise::kl(comm, am::all_rows, Pc, q), cpu));
  xt::xtensor<double, 2> Px = xt::zeros<double>({s.end - s.begin, static_cast<std::size_t>(K)});
  for (std::size_t i = 0; i < s.end - s.begin; ++i)
    for (std::size_t j = 0; j < static_cast<std::size_t>(K); ++j)
      Px(i, j) = P(static_cast<Eigen::Index>(s.begin + i), static_cast<Eigen::Index>(j));
  const std::vector<double> local = am::rowwise::kl(comm, Px, q), all = am::rowwise::kl(comm, am::all_rows, Px, q);
  REQUIRE(all.size() == static_cast<std::size_t>(B));
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i] == cpu(static_cast<Eigen::Index>(i)));
  for (std::size_t i = 0; i < local.size(); ++i) CHECK(local[i] == all[s.begin + i]);
}

TEST_CASE("mpi: sharded rows name global rows in errors, on every rank") {
  const am::communicator comm;
  row_major P = random_rows(100), Q = random_rows(200);
  const slice s = slice_of(comm, B, true);
  SUBCASE("a negative entry in a row of the last rank") {
    P(35, 7) = -1.0;
    CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, Q), "advdiv::rowwise::kl: p(35, 7) = -1 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(am::rowwise::kl(comm, rows_of(P, s), rows_of(Q, s)),
                         "advdiv::mpi::rowwise::kl: p(35, 7) = -1 is negative", std::domain_error);
    // The first failing row wins, whichever rank holds it.
    P(2, 0) = std::nan("");
    CHECK_THROWS_WITH_AS(am::rowwise::js(comm, am::all_rows, rows_of(P, s), rows_of(Q, s)),
                         "advdiv::mpi::rowwise::js: p(2, 0) = nan is not finite", std::domain_error);
  }
  SUBCASE("a row that sums to 1.25") {
    for (Eigen::Index j = 0; j < K; ++j) Q(36, j) = 1.25 / 64;  // exact: the sum is 1.25
    CHECK_THROWS_WITH_AS(am::rowwise::kl(comm, rows_of(P, s), rows_of(Q, s)),
                         "advdiv::mpi::rowwise::kl: row 36 of q sums to 1.25, not 1 (tolerance 1e-06)",
                         std::domain_error);
  }
  SUBCASE("shapes: on one rank, across ranks, no rows at all, invalid parameters") {
    const int last = comm.size() - 1;
    const slice t = slice_of(comm, B, false);
    row_major Pl = rows_of(P, t), Ql = rows_of(Q, t);
    if (comm.size() > 1) {
      if (comm.rank() == last) {
        Pl.conservativeResize(Pl.rows(), K + 1);
        Ql.conservativeResize(Ql.rows(), K + 1);
      }
      const std::string expected = "advdiv::mpi::rowwise::kl: p has 64 columns on rank 0 and 65 on rank " +
                                   std::to_string(last);
      CHECK_THROWS_WITH_AS(am::rowwise::kl(comm, Pl, Ql), expected.c_str(), std::invalid_argument);
      Pl = rows_of(P, t);
      Ql = rows_of(Q, t);
    }
    if (comm.rank() == last) Ql.conservativeResize(Ql.rows() - 1, K);
    // The last rank's row count, known on every rank (the same split everywhere).
    const std::vector<std::uint64_t> rows = am::detail::all_gather(comm, static_cast<std::uint64_t>(t.end - t.begin), "test");
    const std::string expected_everywhere = "advdiv::mpi::rowwise::kl: p and q differ in shape on rank " +
                                            std::to_string(last) + " (" + std::to_string(rows.back()) + " x 64 and " +
                                            std::to_string(rows.back() - 1) + " x 64)";
    CHECK_THROWS_WITH_AS(am::rowwise::kl(comm, Pl, Ql), expected_everywhere.c_str(), std::invalid_argument);
    const row_major none(0, K);
    CHECK_THROWS_WITH_AS(am::rowwise::kl(comm, none, none), "advdiv::mpi::rowwise::kl: p has no rows",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(am::rowwise::renyi(comm, rows_of(P, t), rows_of(Q, t), comm.rank() == last ? 0.0 : 2.0),
                         "advdiv::mpi::rowwise::renyi: alpha = 0 is not positive and finite", std::domain_error);
    CHECK_THROWS_WITH_AS(am::rowwise::alpha_divergence(comm, rows_of(P, t), rows_of(Q, t), 1.0),
                         "advdiv::mpi::rowwise::alpha_divergence: alpha = 1 is not finite and different from 0 and 1",
                         std::domain_error);
  }
}
