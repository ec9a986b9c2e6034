// The log base applies only to measures in a logarithmic unit (issue 10, P2 in
// docs/reliability.md): TV, squared Hellinger and the χ² divergences are numbers without a
// unit, so TV/ln 2 (which can exceed 1) would be a silently wrong answer. They refuse any base
// other than e with std::invalid_argument; a base that is no base at all stays a domain_error.
#include <advdiv/divergence.hpp>

#include <Eigen/Core>

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

// File-local names live in namespace test_log_base: the layer compiles as one translation unit.
namespace test_log_base {

namespace {

const std::vector<double> p{0.5, 0.5}, q{0.25, 0.75};

// A user's KL generator in nats that declares its unit, and the same without the declaration.
struct declared_kl {
  static constexpr bool logarithmic_unit = true;
  template <class T>
  T f(T u) const {
    return u * std::log(u);
  }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
struct undeclared_kl {
  template <class T>
  T f(T u) const {
    return u * std::log(u);
  }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};

}  // namespace

TEST_CASE("the measures without a logarithmic unit refuse a log base other than e") {
  CHECK_THROWS_WITH_AS(advdiv::total_variation(p, q, advdiv::bits),
                       "advdiv::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::squared_hellinger(p, q, advdiv::dits),
                       "advdiv::squared_hellinger: log_base = 10 is not e (squared Hellinger has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::pearson_chi2(p, q, {.log_base = 3.5}),
                       "advdiv::pearson_chi2: log_base = 3.5 is not e (Pearson chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::neyman_chi2(p, q, advdiv::bits),
                       "advdiv::neyman_chi2: log_base = 2 is not e (Neyman chi2 has no logarithmic unit)",
                       std::invalid_argument);
  // The refusal comes before the vectors are looked at, as every option check does.
  const std::vector<double> bad{-1.0, 2.0};
  CHECK_THROWS_WITH_AS(advdiv::total_variation(bad, q, advdiv::bits),
                       "advdiv::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  // A base that is no base is the domain_error every divergence gives.
  CHECK_THROWS_WITH_AS(advdiv::total_variation(p, q, {.log_base = 0.5}),
                       "advdiv::total_variation: log_base = 0.5 is not finite and > 1", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::pearson_chi2(p, q, {.log_base = std::nan("")}),
                       "advdiv::pearson_chi2: log_base = nan is not finite and > 1", std::domain_error);
}

TEST_CASE("the measures without a unit take e, spelled any way, and give their own value") {
  // By hand: TV = ½(¼ + ¼) = ¼; H² = (√½ − ½)² + (√½ − √¾)²; χ²(P‖Q) = ¼²/¼ + ¼²/¾ = 1/3;
  // χ²(Q‖P) = ¼²/½ · 2 = ¼.
  const double h2 = std::pow(std::sqrt(0.5) - 0.5, 2) + std::pow(std::sqrt(0.5) - std::sqrt(0.75), 2);
  CHECK(advdiv::total_variation(p, q, advdiv::nats) == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(advdiv::total_variation(p, q, {.log_base = std::numbers::e}) == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(advdiv::squared_hellinger(p, q, advdiv::nats) == doctest::Approx(h2).epsilon(1e-14));
  CHECK(advdiv::pearson_chi2(p, q, advdiv::nats) == doctest::Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(advdiv::neyman_chi2(p, q, advdiv::nats) == doctest::Approx(0.25).epsilon(1e-15));
}

TEST_CASE("which generators have a logarithmic unit") {
  static_assert(advdiv::has_log_unit<advdiv::fdiv::kl>);
  static_assert(advdiv::has_log_unit<advdiv::fdiv::reverse_kl>);
  static_assert(advdiv::has_log_unit<advdiv::fdiv::jeffreys>);
  static_assert(advdiv::has_log_unit<advdiv::fdiv::jensen_shannon>);
  static_assert(advdiv::has_log_unit<advdiv::fdiv::gan>);
  static_assert(!advdiv::has_log_unit<advdiv::fdiv::total_variation>);
  static_assert(!advdiv::has_log_unit<advdiv::fdiv::squared_hellinger>);
  static_assert(!advdiv::has_log_unit<advdiv::fdiv::pearson>);
  static_assert(!advdiv::has_log_unit<advdiv::fdiv::neyman>);
  static_assert(!advdiv::has_log_unit<advdiv::fdiv::alpha>);
  static_assert(advdiv::has_log_unit<declared_kl>);
  static_assert(!advdiv::has_log_unit<undeclared_kl>);
  // check_log_unit: the factor 1/log b where the unit exists, the refusal where it does not.
  CHECK(advdiv::check_log_unit<advdiv::fdiv::kl>("f", 2.0) == doctest::Approx(1 / std::numbers::ln2).epsilon(1e-15));
  CHECK(advdiv::check_log_unit<declared_kl>("f", 10.0) == doctest::Approx(1 / std::numbers::ln10).epsilon(1e-15));
  CHECK(advdiv::check_log_unit<advdiv::fdiv::pearson>("f", std::numbers::e) == 1.0);
  CHECK_THROWS_WITH_AS(advdiv::check_log_unit<undeclared_kl>("advdiv::f_divergence", 2.0),
                       "advdiv::f_divergence: log_base = 2 is not e (the generator has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::check_log_unit<advdiv::fdiv::alpha>("advdiv::alpha_divergence", 2.0),
                       "advdiv::alpha_divergence: log_base = 2 is not e (the alpha divergence has no logarithmic unit)",
                       std::invalid_argument);
}

TEST_CASE("the logarithmic measures keep their unit conversion") {
  // KL(P‖Q) = ½ log(½/¼) + ½ log(½/¾) = ½ log(4/3) nats (by hand); in bits ÷ ln 2.
  const double kl = 0.5 * std::log(4.0 / 3.0);
  CHECK(advdiv::kl(p, q, advdiv::bits) == doctest::Approx(kl / std::numbers::ln2).epsilon(1e-14));
  CHECK(advdiv::entropy(p, advdiv::bits) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(advdiv::renyi(p, q, 2.0, advdiv::bits) ==  // log₂ Σ p²/q = log₂(1/4/(1/4) + 1/4/(3/4)) = log₂(4/3)
        doctest::Approx(std::log2(4.0 / 3.0)).epsilon(1e-14));
}

TEST_CASE("the generic CPU forms refuse a log base for a generator without a unit, and convert for one with it") {
  CHECK_THROWS_WITH_AS(advdiv::f_divergence(p, q, undeclared_kl{}, advdiv::bits),
                       "advdiv::f_divergence: log_base = 2 is not e (the generator has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::f_divergence(p, q, advdiv::fdiv::pearson{}, advdiv::bits),
                       "advdiv::f_divergence: log_base = 2 is not e (Pearson chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::alpha_divergence(p, q, 0.5, advdiv::dits),
                       "advdiv::alpha_divergence: log_base = 10 is not e (the alpha divergence has no logarithmic unit)",
                       std::invalid_argument);
  // Rows: one matrix against a broadcast vector (2 rows of P).
  const Eigen::MatrixXd P{{0.5, 0.5}, {0.25, 0.75}};
  const Eigen::VectorXd qv{{0.25, 0.75}};
  CHECK_THROWS_WITH_AS(advdiv::rowwise::total_variation(P, qv, advdiv::bits),
                       "advdiv::rowwise::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::f_divergence(P, qv, advdiv::fdiv::neyman{}, advdiv::bits),
                       "advdiv::rowwise::f_divergence: log_base = 2 is not e (Neyman chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::alpha_divergence(P, qv, 0.5, advdiv::bits),
                       "advdiv::rowwise::alpha_divergence: log_base = 2 is not e (the alpha divergence has no logarithmic unit)",
                       std::invalid_argument);
  // A declared unit converts: KL(P‖Q) = ½ log(4/3) nats (by hand), in bits ÷ ln 2.
  const double kl = 0.5 * std::log(4.0 / 3.0);
  CHECK(advdiv::f_divergence(p, q, declared_kl{}, advdiv::bits) == doctest::Approx(kl / std::numbers::ln2).epsilon(1e-14));
  const Eigen::VectorXd rows = advdiv::rowwise::kl(P, qv, advdiv::bits);
  CHECK(rows(0) == doctest::Approx(kl / std::numbers::ln2).epsilon(1e-14));
  CHECK(rows(1) == doctest::Approx(0.0).epsilon(1e-15));
}

}  // namespace test_log_base
