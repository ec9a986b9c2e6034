// Row-wise divergences with broadcasting: rowwise::NAME(P, q) (every row of P against one q) and
// rowwise::NAME(p, Q), for every name of the catalogue plus f_divergence, alpha_divergence and
// renyi, over Eigen (both storage orders), xtensor and standard containers, float and double.
// Each value is checked against the vector function advdiv::NAME on that row (called here on a
// std::vector copy of the row), plus closed-form values pinned from mpmath.

#include <advdiv/divergence.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include <array>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <vector>

// File-local names live in namespace test_rowwise_broadcast: the layer compiles as one translation unit.
namespace test_rowwise_broadcast {

namespace {

template <class T>
using row_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using col_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// Row i of a matrix as a std::vector (the argument of the vector function).
template <class T>
std::vector<T> row_of(const row_major<T>& M, Eigen::Index i) {
  std::vector<T> r(static_cast<std::size_t>(M.cols()));
  for (Eigen::Index j = 0; j < M.cols(); ++j) r[static_cast<std::size_t>(j)] = M(i, j);
  return r;
}

// Element i of a result, whether an Eigen vector or a std::vector.
template <class V>
auto at(const V& v, std::size_t i) {
  return v[static_cast<std::conditional_t<std::is_same_v<V, std::vector<typename V::value_type>>, std::size_t,
                                          std::ptrdiff_t>>(i)];
}

template <class V>
std::size_t size_of(const V& v) {
  return static_cast<std::size_t>(v.size());
}

// For every name: `rowwise(P, q)` (MP, VQ any argument types holding Pref and qref) equals
// advdiv::NAME(row i of Pref, qref) for every row, and rowwise(q, P) equals advdiv::NAME(qref, row i).
template <class T, class MP, class VQ>
void check_every_name(const MP& P, const VQ& q, const row_major<T>& Pref, const std::vector<T>& qref) {
  const auto rows = static_cast<std::size_t>(Pref.rows());
  const auto check = [&](const char* name, const auto& rowwise_pq, const auto& rowwise_qp, const auto& vector_fn) {
    INFO(name);
    REQUIRE(size_of(rowwise_pq) == rows);
    REQUIRE(size_of(rowwise_qp) == rows);
    for (std::size_t i = 0; i < rows; ++i) {
      const std::vector<T> pi = row_of(Pref, static_cast<Eigen::Index>(i));
      CHECK(at(rowwise_pq, i) == vector_fn(pi, qref));
      CHECK(at(rowwise_qp, i) == vector_fn(qref, pi));
    }
  };
#define ADVDIV_TEST_NAME(NAME, TERM, FINISH)                                                       \
  check(#NAME, advdiv::rowwise::NAME(P, q), advdiv::rowwise::NAME(q, P),                           \
        [](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::NAME(a, b); });
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_NAME)
#undef ADVDIV_TEST_NAME
  const advdiv::fdiv::gan g{};
  check("f_divergence", advdiv::rowwise::f_divergence(P, q, g), advdiv::rowwise::f_divergence(q, P, g),
        [&](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::f_divergence(a, b, g); });
  for (const double alpha : {0.5, 2.0}) {
    check("alpha_divergence", advdiv::rowwise::alpha_divergence(P, q, alpha),
          advdiv::rowwise::alpha_divergence(q, P, alpha),
          [&](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::alpha_divergence(a, b, alpha); });
  }
  for (const double alpha : {0.5, 1.0, 3.0}) {
    check("renyi", advdiv::rowwise::renyi(P, q, alpha), advdiv::rowwise::renyi(q, P, alpha),
          [&](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::renyi(a, b, alpha); });
  }
}

}  // namespace

TEST_CASE_TEMPLATE("broadcast: every row against one distribution equals the vector function per row", T, float,
                   double) {
  row_major<T> P(4, 4);
  P << T(0.1), T(0.2), T(0.3), T(0.4),  //
      T(0.25), T(0.25), T(0.25), T(0.25),  //
      T(1), T(0), T(0), T(0),              // disjoint from nothing, but point mass
      T(0), T(0.5), T(0), T(0.5);          // a zero of p where q > 0
  const std::vector<T> q{T(0.4), T(0.3), T(0.2), T(0.1)};
  const vec<T> qe = Eigen::Map<const vec<T>>(q.data(), 4);
  const Eigen::Matrix<T, 1, Eigen::Dynamic> qr = qe.transpose();
  const col_major<T> PC = P;
  const xt::xtensor<T, 2> XP = xt::adapt(P.data(), 16, xt::no_ownership(), std::array<std::size_t, 2>{4, 4});
  const xt::xtensor<T, 1> xq = xt::adapt(q.data(), 4, xt::no_ownership(), std::array<std::size_t, 1>{4});

  SUBCASE("Eigen row-major with a std::vector") { check_every_name(P, q, P, q); }
  SUBCASE("Eigen column-major with an Eigen column vector") { check_every_name(PC, qe, P, q); }
  SUBCASE("Eigen expression with an Eigen row vector") { check_every_name(P * T(1), qr, P, q); }
  SUBCASE("xtensor with a 1-D xtensor") { check_every_name(XP, xq, P, q); }
  SUBCASE("xtensor with a std::vector") { check_every_name(XP, q, P, q); }
  SUBCASE("Eigen with a 1-D xtensor") { check_every_name(PC, xq, P, q); }
}

TEST_CASE_TEMPLATE("broadcast: result types and pinned values", T, float, double) {
  row_major<T> P(2, 4);
  P << T(0.1), T(0.2), T(0.3), T(0.4), T(0.25), T(0.25), T(0.25), T(0.25);
  const std::vector<T> u{T(0.25), T(0.25), T(0.25), T(0.25)};
  const std::vector<T> q{T(0.4), T(0.3), T(0.2), T(0.1)};
  // An Eigen argument gives Eigen::VectorX<R>; otherwise std::vector<R> (R the common type).
  static_assert(std::is_same_v<decltype(advdiv::rowwise::kl(P, u)), vec<T>>);
  static_assert(std::is_same_v<decltype(advdiv::rowwise::kl(u, P)), vec<T>>);
  static_assert(std::is_same_v<decltype(advdiv::rowwise::kl(P, P)), vec<T>>);
  static_assert(std::is_same_v<decltype(advdiv::rowwise::kl(row_major<float>(P.template cast<float>()),
                                                            std::vector<double>{})),
                               vec<double>>);
  static_assert(std::is_same_v<decltype(advdiv::rowwise::kl(xt::xtensor<T, 2>{}, u)), std::vector<T>>);
  // Two vectors are not a row-wise call (that is advdiv::kl).
  static_assert(!requires { advdiv::rowwise::kl(u, q); });
  static_assert(!requires { advdiv::rowwise::kl(vec<T>(), vec<T>()); });

  // mpmath, 40 digits: Σ p log(p/q) with p = (0.1, 0.2, 0.3, 0.4), q uniform (log 4 − H(p)), and
  // p uniform, q = (0.4, 0.3, 0.2, 0.1).
  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-14;
  const vec<T> d = advdiv::rowwise::kl(P, u);
  CHECK(double(d(0)) == doctest::Approx(0.1064401352862231516522784807669232080197).epsilon(tol));
  CHECK(d(1) == T(0));
  const vec<T> e = advdiv::rowwise::kl(u, P);
  CHECK(e(0) == doctest::Approx(0.1217772742871686602717918114437472192316).epsilon(tol));
  CHECK(e(1) == T(0));
  // Units apply to every row: bits are nats / log 2.
  const vec<T> bits = advdiv::rowwise::kl(P, u, {.log_base = 2.0});
  CHECK(double(bits(0)) == doctest::Approx(0.1064401352862231516522784807669232080197 / std::log(2.0)).epsilon(tol));
}

TEST_CASE("broadcast: errors name the row, the element and the broadcast vector") {
  row_major<double> P(2, 3);
  P << 0.2, 0.3, 0.5, 0.1, 0.1, 0.8;
  const std::vector<double> q{0.3, 0.3, 0.4}, q2{0.5, 0.5}, qneg{0.5, 0.6, -0.1}, qoff{0.5, 0.5, 0.1}, none;
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, q2), "advdiv::rowwise::kl: a row of p and q differ in length (3 and 2)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::js(q2, P), "advdiv::rowwise::js: p and a row of q differ in length (2 and 3)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, none), "advdiv::rowwise::kl: q is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(row_major<double>(0, 3), q), "advdiv::rowwise::kl: p has no rows",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(q, row_major<double>(0, 3)), "advdiv::rowwise::kl: q has no rows",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, qneg), "advdiv::rowwise::kl: q[2] = -0.1 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(qneg, P), "advdiv::rowwise::kl: p[2] = -0.1 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::total_variation(P, qoff),
                       "advdiv::rowwise::total_variation: q sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
  row_major<double> bad = P;
  bad(1, 0) = -0.5;
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(bad, q), "advdiv::rowwise::kl: p(1, 0) = -0.5 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(q, bad), "advdiv::rowwise::kl: q(1, 0) = -0.5 is negative",
                       std::domain_error);
  row_major<double> off = P;
  off(1, 2) = 0.9;
  CHECK_THROWS_WITH_AS(advdiv::rowwise::renyi(off, q, 2.0),
                       "advdiv::rowwise::renyi: row 1 of p sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::alpha_divergence(q, off, 0.5),
                       "advdiv::rowwise::alpha_divergence: row 1 of q sums to 1.1, not 1 (tolerance 1e-06)",
                       std::domain_error);
  // Options and parameters are checked as in the row-against-row form.
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, q, {.sum_tolerance = -1.0}),
                       "advdiv::rowwise::kl: sum_tolerance = -1 is not >= 0 (inf disables the check)",
                       std::domain_error);
  CHECK_THROWS_AS(advdiv::rowwise::alpha_divergence(P, q, 1.0), std::domain_error);
  // xtensor arguments are vectors or matrices by their run-time dimension.
  const xt::xarray<double> x1 = xt::adapt(q.data(), 3, xt::no_ownership(), std::array<std::size_t, 1>{3});
  const xt::xarray<double> x3 = xt::zeros<double>(std::array<std::size_t, 3>{1, 1, 3});
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(x1, x1),
                       "advdiv::rowwise::kl: p and q are both one-dimensional; one must be a matrix whose rows are "
                       "distributions",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, x3),
                       "advdiv::rowwise::kl: q must be one- or two-dimensional, it has 3 dimensions",
                       std::invalid_argument);
  const xt::xarray<double> X2 = xt::adapt(P.data(), 6, xt::no_ownership(), std::array<std::size_t, 2>{2, 3});
  CHECK(advdiv::rowwise::kl(X2, x1)[1] == advdiv::kl(std::vector<double>{0.1, 0.1, 0.8}, q));
}

}  // namespace test_rowwise_broadcast
