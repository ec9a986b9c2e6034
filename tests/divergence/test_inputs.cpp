// Every supported input type gives the same value, row-wise versions, and every bad input
// of every public entry point, asserting on the message.
#include <advdiv/divergence.hpp>

#include <Eigen/Dense>
#include <doctest/doctest.h>
#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

// File-local names live in namespace test_inputs: the layer compiles as one translation unit.
namespace test_inputs {

TEST_CASE_TEMPLATE("std, Eigen and xtensor inputs, containers and expressions, agree", T, float, double) {
  const std::vector<T> p{T(0.1), T(0.2), T(0.3), T(0.4)}, q{T(0.25), T(0.25), T(0.25), T(0.25)};
  const auto ref = advdiv::kl(p, q);
  // The reference by hand (accumulated in double as the library does).
  double hand = 0;
  for (int i = 0; i < 4; ++i) hand += double(p[i]) * std::log(double(p[i]) / double(q[i]));
  CHECK(double(ref) == doctest::Approx(hand).epsilon(1e-7));

  std::array<T, 4> pa{p[0], p[1], p[2], p[3]};
  const T pc[4] = {p[0], p[1], p[2], p[3]};
  CHECK(advdiv::kl(pa, q) == ref);
  CHECK(advdiv::kl(pc, q) == ref);
  CHECK(advdiv::kl(std::span<const T>(p), q) == ref);

  using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  const Vec ep = Eigen::Map<const Vec>(p.data(), 4), eq = Eigen::Map<const Vec>(q.data(), 4);
  CHECK(advdiv::kl(ep, eq) == ref);
  CHECK(advdiv::kl(Eigen::Map<const Vec>(p.data(), 4), eq) == ref);
  CHECK(advdiv::kl(ep.array(), eq.array()) == ref);
  CHECK(advdiv::kl(ep.transpose(), eq) == ref);                       // row vector
  CHECK(advdiv::kl((ep * T(2)) / T(2), eq) == doctest::Approx(ref));  // expression
  const Eigen::Matrix<T, 4, 4> M = ep.replicate(1, 4);
  CHECK(advdiv::kl(M.col(2), eq) == ref);                             // contiguous block
  const Eigen::Matrix<T, 4, 4> Mt = M.transpose();
  CHECK(advdiv::kl(Mt.row(1), eq) == ref);                            // strided row
  CHECK(advdiv::kl(Eigen::Array<T, 4, 1>(ep.array()), eq) == ref);    // fixed size

  const xt::xtensor<T, 1> xp = xt::adapt(p, {4});
  const xt::xarray<T> xq = xt::adapt(q, {4});
  CHECK(advdiv::kl(xp, xq) == ref);
  CHECK(advdiv::kl(xp * T(1), xq) == ref);  // lazy expression
  const xt::xtensor<T, 1> p2 = {T(0.1), T(0), T(0.2), T(0), T(0.3), T(0), T(0.4), T(0)};
  CHECK(advdiv::kl(xt::view(p2, xt::range(0, 8, 2)), q) == ref);  // strided view
  CHECK(advdiv::kl(p2, std::vector<T>{T(0.125), T(0.125), T(0.125), T(0.125), T(0.125), T(0.125),
                                      T(0.125), T(0.125)}) > 0);
}

TEST_CASE("mixed and long double inputs") {
  const std::vector<double> p{0.1, 0.9};
  const std::vector<float> qf{0.5f, 0.5f};
  const std::vector<long double> pl{0.1L, 0.9L}, ql{0.5L, 0.5L};
  static_assert(std::is_same_v<decltype(advdiv::kl(p, qf)), double>);
  static_assert(std::is_same_v<decltype(advdiv::kl(pl, ql)), long double>);
  const long double expected = 0.1L * std::log(0.2L) + 0.9L * std::log(1.8L);
  CHECK(std::abs(advdiv::kl(pl, ql) - expected) <= 8 * std::numeric_limits<long double>::epsilon());
  CHECK(advdiv::kl(p, qf) == doctest::Approx(double(expected)).epsilon(1e-15));
}

TEST_CASE_TEMPLATE("row-wise divergences over Eigen (both orders) and xtensor", T, float, double) {
  using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using ColMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  RowMajor P(3, 4), Q(3, 4);
  P << T(0.1), T(0.2), T(0.3), T(0.4), T(0.25), T(0.25), T(0.25), T(0.25), T(1), T(0), T(0), T(0);
  Q << T(0.4), T(0.3), T(0.2), T(0.1), T(0.1), T(0.2), T(0.3), T(0.4), T(0.5), T(0.5), T(0), T(0);
  std::vector<T> expected_kl, expected_js;
  for (int r = 0; r < 3; ++r) {
    std::vector<T> p(4), q(4);
    for (int c = 0; c < 4; ++c) p[c] = P(r, c), q[c] = Q(r, c);
    expected_kl.push_back(advdiv::kl(p, q));
    expected_js.push_back(advdiv::js(p, q));
  }
  // Eigen arguments give an Eigen vector, xtensor arguments a std::vector (rowwise.hpp).
  static_assert(std::is_same_v<decltype(advdiv::rowwise::kl(P, Q)), Eigen::Matrix<T, Eigen::Dynamic, 1>>);
  const auto as_std = [](const Eigen::Matrix<T, Eigen::Dynamic, 1>& v) { return std::vector<T>(v.begin(), v.end()); };
  CHECK(as_std(advdiv::rowwise::kl(P, Q)) == expected_kl);
  CHECK(as_std(advdiv::rowwise::kl(ColMajor(P), ColMajor(Q))) == expected_kl);
  CHECK(as_std(advdiv::rowwise::js(P, ColMajor(Q))) == expected_js);
  CHECK(as_std(advdiv::rowwise::kl(P * T(1), Q)) == expected_kl);  // expression
  const xt::xtensor<T, 2> XP = xt::adapt(P.data(), 12, xt::no_ownership(), std::array<std::size_t, 2>{3, 4});
  const xt::xtensor<T, 2> XQ = xt::adapt(Q.data(), 12, xt::no_ownership(), std::array<std::size_t, 2>{3, 4});
  CHECK(advdiv::rowwise::kl(XP, XQ) == expected_kl);
  CHECK(advdiv::rowwise::js(xt::transpose(xt::transpose(XP)), XQ) == expected_js);
  const auto tv = advdiv::rowwise::total_variation(P, Q);
  CHECK(double(tv[2]) == doctest::Approx(0.5));
  const auto hd = advdiv::rowwise::js_distance(P, Q);
  CHECK(double(hd[0]) == doctest::Approx(std::sqrt(double(expected_js[0]))));
  const auto gen = advdiv::rowwise::f_divergence(P, Q, advdiv::fdiv::squared_hellinger{});
  CHECK(double(gen[1]) == doctest::Approx(double(advdiv::rowwise::squared_hellinger(P, Q)[1])));
  CHECK(advdiv::rowwise::alpha_divergence(P, Q, 2.0).size() == 3);
}

TEST_CASE("bad input: every entry point names function, argument, index and value") {
  const std::vector<double> ok{0.5, 0.5}, neg{0.5, -0.2, 0.7}, ok3{0.2, 0.3, 0.5};
  const std::vector<double> nan{0.5, std::nan("")}, inf{0.5, std::numeric_limits<double>::infinity()};
  const std::vector<double> empty;
  const std::vector<double> off{0.5, 0.6};

  CHECK_THROWS_WITH_AS(advdiv::kl(neg, ok3), "advdiv::kl: p[1] = -0.2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::kl(ok3, neg), "advdiv::kl: q[1] = -0.2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::js(nan, ok), "advdiv::js: p[1] = nan is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::js(ok, inf), "advdiv::js: q[1] = inf is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::total_variation(empty, empty), "advdiv::total_variation: p is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::squared_hellinger(ok, ok3),
                       "advdiv::squared_hellinger: p and q differ in length (2 and 3)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::pearson_chi2(off, ok),
                       "advdiv::pearson_chi2: p sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::neyman_chi2(ok, off),
                       "advdiv::neyman_chi2: q sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::reverse_kl(neg, ok3), "advdiv::reverse_kl: p[1] = -0.2 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::jeffreys(neg, ok3), "advdiv::jeffreys: p[1] = -0.2 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::js_distance(neg, ok3), "advdiv::js_distance: p[1] = -0.2 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::f_divergence(neg, ok3, advdiv::fdiv::kl{}),
                       "advdiv::f_divergence: p[1] = -0.2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::entropy(neg), "advdiv::entropy: p[1] = -0.2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::cross_entropy(ok, empty), "advdiv::cross_entropy: q is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::alpha_divergence(ok, ok, 1.0),
                       "advdiv::alpha_divergence: alpha = 1 is not finite and different from 0 and 1",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::alpha_divergence(neg, ok3, 0.5),
                       "advdiv::alpha_divergence: p[1] = -0.2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::renyi(ok, ok, -1.0), "advdiv::renyi: alpha = -1 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::renyi(off, ok, 2.0), "advdiv::renyi: p sums to 1.1, not 1 (tolerance 1e-06)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::kl(ok, ok, {.log_base = 1.0}),
                       "advdiv::kl: log_base = 1 is not finite and > 1", std::domain_error);
  // A base below 1 would flip the sign of every divergence (fuzzer finding D11).
  CHECK_THROWS_WITH_AS(advdiv::js_distance(ok, ok, {.log_base = 0.5}),
                       "advdiv::js_distance: log_base = 0.5 is not finite and > 1", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::kl(ok, ok, {.log_base = -2.0}),
                       "advdiv::kl: log_base = -2 is not finite and > 1", std::domain_error);
  // A negative entry far into a long vector (the SIMD path) is still named exactly.
  std::vector<double> longp(10000, 1e-4), longq(10000, 1e-4);
  longp[7777] = -1e-4;
  CHECK_THROWS_WITH_AS(advdiv::kl(longp, longq), "advdiv::kl: p[7777] = -0.0001 is negative", std::domain_error);
  std::vector<float> longf(10000, 1e-4f);
  longf[9999] = std::nanf("");
  CHECK_THROWS_WITH_AS(advdiv::js(longp, longf), "advdiv::js: p[7777] = -0.0001 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::js(longq, longf), "advdiv::js: q[9999] = nan is not finite", std::domain_error);
  // Eigen / xtensor shape problems.
  const xt::xtensor<double, 2> two_d = {{0.5, 0.5}};
  CHECK_THROWS_WITH_AS(advdiv::kl(two_d, ok), "advdiv::kl: p must be one-dimensional, it has 2 dimensions",
                       std::invalid_argument);
  Eigen::MatrixXd P(2, 2), Q(2, 3);
  P << 0.5, 0.5, 0.5, 0.5;
  Q.setConstant(1.0 / 3);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, Q), "advdiv::rowwise::kl: p and q differ in shape (2 x 2 and 2 x 3)",
                       std::invalid_argument);
  Eigen::MatrixXd R = P;
  R(1, 0) = -0.5;
  CHECK_THROWS_WITH_AS(advdiv::rowwise::js(R, P), "advdiv::rowwise::js: p(1, 0) = -0.5 is negative",
                       std::domain_error);
  R(1, 0) = 0.6;
  CHECK_THROWS_WITH_AS(advdiv::rowwise::total_variation(P, R),
                       "advdiv::rowwise::total_variation: row 1 of q sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::alpha_divergence(P, P, 0.0),
                       "advdiv::rowwise::alpha_divergence: alpha = 0 is not finite and different from 0 and 1",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(Eigen::MatrixXd(0, 2), Eigen::MatrixXd(0, 2)),
                       "advdiv::rowwise::kl: p has no rows", std::invalid_argument);
}

TEST_CASE("from_counts: the explicit opt-in that normalises counts") {
  const std::vector<int> hist{3, 0, 5, 2};
  const std::vector<double> p = advdiv::from_counts(hist);
  REQUIRE(p.size() == 4);
  CHECK(p[0] == 0.3);
  CHECK(p[1] == 0.0);
  CHECK(p[2] == 0.5);
  CHECK(p[3] == 0.2);
  CHECK(advdiv::entropy(advdiv::from_counts(hist)) ==
        doctest::Approx(-(0.3 * std::log(0.3) + 0.5 * std::log(0.5) + 0.2 * std::log(0.2))).epsilon(1e-15));
  const Eigen::VectorXi e = (Eigen::VectorXi(3) << 1, 1, 2).finished();
  CHECK(advdiv::from_counts(e) == std::vector<double>{0.25, 0.25, 0.5});
  // A billion unit counts: the compensated total is exact.
  const std::vector<double> many(1000, 1e6);
  CHECK(advdiv::from_counts(many)[0] == 1e-3);
  auto message = [](auto f) {
    try {
      f();
    } catch (const std::exception& ex) {
      return std::string(ex.what());
    }
    return std::string("no exception");
  };
  CHECK(message([] { advdiv::from_counts(std::vector<int>{1, -2}); }) == "advdiv::from_counts: counts[1] = -2 is negative");
  CHECK(message([] { advdiv::from_counts(std::vector<int>{0, 0}); }) == "advdiv::from_counts: counts sum to 0");
  CHECK(message([] { advdiv::from_counts(std::vector<long>{}); }) == "advdiv::from_counts: counts is empty");
}

}  // namespace test_inputs
