// Mixtures of different families (advdiv::any_family) and advdiv::parse_density: values
// against sums of Boost.Math distributions written out by hand, quantiles by inverting the
// cdf, divergences, W1 and D* against mpmath, sampling frequencies, and the messages.

#include <advdiv/density.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <doctest/doctest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/laplace.hpp>
#include <boost/math/distributions/logistic.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <vector>

// File-local names live in namespace test_mixed_mixture: the layer compiles as one translation unit.
namespace test_mixed_mixture {

namespace {

using advdiv::any_family;
using advdiv::exponential;
using advdiv::laplace;
using advdiv::logistic;
using advdiv::mixture;
using advdiv::normal;
using advdiv::uniform;

// The test's own densities: P = ½N(0, 1) + ½Laplace(1, 1) and
// Q = 0.2 U(−1, 2) + 0.3 Exp(1) + 0.5 Logistic(0, 2), straight from Boost.Math.
const boost::math::normal_distribution<> bn{0, 1};
const boost::math::laplace_distribution<> bl{1, 1};
const boost::math::uniform_distribution<> bu{-1, 2};
const boost::math::exponential_distribution<> be{1};
const boost::math::logistic_distribution<> bg{0, 2};

double p_pdf(double x) { return 0.5 * boost::math::pdf(bn, x) + 0.5 * boost::math::pdf(bl, x); }
double p_cdf(double x) { return 0.5 * boost::math::cdf(bn, x) + 0.5 * boost::math::cdf(bl, x); }
double q_pdf(double x) {
  return 0.2 * (x >= -1 && x <= 2 ? boost::math::pdf(bu, x) : 0.0) + 0.3 * (x >= 0 ? boost::math::pdf(be, x) : 0.0) +
         0.5 * boost::math::pdf(bg, x);
}
double q_cdf(double x) {
  return 0.2 * boost::math::cdf(bu, std::clamp(x, -1.0, 2.0)) + 0.3 * (x >= 0 ? boost::math::cdf(be, x) : 0.0) +
         0.5 * boost::math::cdf(bg, x);
}

mixture<any_family> make_p() { return mixture{{0.5, normal{0, 1}}, {0.5, laplace{1, 1}}}; }
mixture<any_family> make_q() {
  return mixture{{0.2, uniform{-1, 2}}, {0.3, exponential{1}}, {0.5, logistic{0, 2}}};
}

bool near(double got, double want, double rel, double abs = 0) {
  return std::abs(got - want) <= std::max(abs, rel * std::abs(want));
}

}  // namespace

TEST_CASE("deduction: one family keeps its mixture type, different families give mixture<any_family>") {
  const mixture a{{0.5, normal{0, 1}}, {0.5, laplace{1, 1}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(a)>, mixture<any_family>>);
  const mixture n{{0.5, normal{0, 1}}, {0.5, normal{1, 1}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(n)>, mixture<normal>>);
  const mixture braced{{0.5, {0.0, 1.0}}, {0.5, normal{1, 1}}};  // a braced component is a normal, as before
  static_assert(std::is_same_v<std::remove_cv_t<decltype(braced)>, mixture<normal>>);
  const mixture l{{0.5, laplace{-2, 1}}, {0.5, laplace{2, 1}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(l)>, mixture<laplace>>);
  const mixture g{{1.0, logistic{0, 1}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(g)>, mixture<logistic>>);
  const mixture u{{0.5, uniform{0, 1}}, {0.5, uniform{2, 3}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(u)>, mixture<uniform>>);
  const mixture e{{0.5, exponential{1}}, {0.5, exponential{3}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(e)>, mixture<exponential>>);
  const mixture three{{0.2, uniform{-1, 2}}, {0.3, exponential{1}}, {0.5, logistic{0, 2}}};
  static_assert(std::is_same_v<std::remove_cv_t<decltype(three)>, mixture<any_family>>);

  static_assert(advdiv::density_with_quantile<any_family>);
  static_assert(advdiv::density_with_quantile<mixture<any_family>>);
  static_assert(advdiv::normalised_by_construction<mixture<any_family>>);
  static_assert(advdiv::samplable_density<mixture<any_family>, std::mt19937_64>);
  CHECK(a.components()[0].holds<normal>());
  CHECK(a.components()[1].holds<laplace>());
  CHECK(l.size() == 2);
}

TEST_CASE("pdf, log_pdf, cdf and ccdf of a mixed mixture are the weighted sums of Boost.Math's") {
  const auto p = make_p();
  const auto q = make_q();
  for (double x : {-30.0, -5.0, -1.5, -1.0, -0.3, 0.0, 0.4, 1.0, 1.7, 2.0, 2.5, 8.0, 30.0}) {
    CAPTURE(x);
    CHECK(near(pdf(p, x), p_pdf(x), 1e-14));
    CHECK(near(log_pdf(p, x), std::log(p_pdf(x)), 1e-14, 1e-14));
    CHECK(near(cdf(p, x), p_cdf(x), 1e-14, 1e-300));
    CHECK(near(pdf(q, x), q_pdf(x), 1e-14));
    CHECK(near(cdf(q, x), q_cdf(x), 1e-14, 1e-300));
    CHECK(near(ccdf(q, x), 1 - q_cdf(x), 1e-12, 1e-15));
  }
  // The upper tail from the components' survival functions, where 1 − cdf cancels:
  // ½(Φc(40) + ½e^{−39}) with Φc(40) negligible.
  CHECK(near(ccdf(p, 40.0), 0.25 * std::exp(-39.0), 1e-14));
  // Far in the lower tail log_pdf stays finite where pdf underflows: the Laplace term
  // ½·½e^{x−1} dominates.
  CHECK(near(log_pdf(p, -800.0), -801.0 - std::log(4.0), 1e-15));
  CHECK(pdf(q, -0.5) > 0);
  CHECK(log_pdf(mixture{{0.5, uniform{0, 1}}, {0.5, exponential{1}}}, -1.0) == -std::numeric_limits<double>::infinity());
}

TEST_CASE("support of a mixed mixture is the hull of the components' supports") {
  const auto s = support(mixture{{0.5, uniform{-1, 2}}, {0.5, exponential{1}}});
  CHECK(s.lower == -1.0);
  CHECK_FALSE(s.lower_open);
  CHECK(s.upper == std::numeric_limits<double>::infinity());
  const auto r = support(make_q());
  CHECK(r.lower == -std::numeric_limits<double>::infinity());
}

TEST_CASE("quantile of a mixed mixture inverts the cdf to 1e-12 and matches mpmath") {
  const auto p = make_p();
  const auto q = make_q();
  for (double u : {1e-12, 1e-6, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-6}) {
    CAPTURE(u);
    CHECK(std::abs(p_cdf(quantile(p, u)) - u) <= 1e-12);
    CHECK(std::abs(q_cdf(quantile(q, u)) - u) <= 1e-12);
  }
  // Roots of F(x) = u by 200 bisections in mpmath at 30 digits.
  CHECK(quantile(p, 1e-10) == doctest::Approx(-20.639556568820566).epsilon(1e-13));
  CHECK(quantile(p, 0.01) == doctest::Approx(-2.5416261091083515).epsilon(1e-13));
  CHECK(quantile(p, 0.3) == doctest::Approx(-0.14765066329110047).epsilon(1e-13));
  CHECK(quantile(p, 0.5) == doctest::Approx(0.50803883385437863).epsilon(1e-13));
  CHECK(quantile(p, 0.9) == doctest::Approx(2.0286134270252061).epsilon(1e-13));
  // Upper tail: 1 − log(4(1 − u)) for u the double nearest 0.999999 (mpf(0.999999), not the
  // decimal: x moves by 1e-10 per ulp of u here); the normal's share there is 1e-41.
  CHECK(quantile(p, 0.999999) == doctest::Approx(13.429216196815628).epsilon(1e-13));
  CHECK(quantile(q, 0.01) == doctest::Approx(-7.7836405962212532).epsilon(1e-13));
  CHECK(quantile(q, 0.25) == doctest::Approx(-0.51751695128256286).epsilon(1e-13));
  CHECK(quantile(q, 0.5) == doctest::Approx(0.50281042773180771).epsilon(1e-13));
  CHECK(quantile(q, 0.75) == doctest::Approx(1.5574635237549987).epsilon(1e-13));
  CHECK(quantile(q, 0.99) == doctest::Approx(7.8086597676736213).epsilon(1e-13));
  CHECK(quantile(p, 0.0) == -std::numeric_limits<double>::infinity());
  CHECK(quantile(mixture{{0.5, uniform{-1, 2}}, {0.5, exponential{1}}}, 0.0) == -1.0);
  CHECK_THROWS_WITH_AS(quantile(p, 1.5), "advdiv::quantile: u = 1.5 is not in [0, 1]", std::domain_error);
}

TEST_CASE("divergences, W1 and D* between mixed mixtures agree with mpmath") {
  const auto p = make_p();
  const auto q = make_q();
  // mpmath quad at 30–40 digits over (−inf, −1, 0, 1, 2, inf) (the kinks and jumps of P and Q),
  // of P log(P/Q), Q log(Q/P), the JS integrand and |F_P − F_Q| (with its three crossings
  // −0.1640164485, 0.2990624958, 0.5681682313 as further breakpoints); error estimates < 1e-38.
  CHECK(advdiv::kl(p, q).value == doctest::Approx(0.19162874365407082).epsilon(1e-9));
  CHECK(advdiv::kl(q, p).value == doctest::Approx(0.37488647772537493).epsilon(1e-9));
  CHECK(advdiv::js(p, q).value == doctest::Approx(0.054962863323581029).epsilon(1e-9));
  CHECK(advdiv::wasserstein_1d(p, q) == doctest::Approx(0.77500613978724021).epsilon(1e-8));
  // The parser's example R = 0.3 N(−1, 0.5) + 0.7 Laplace(2, 1), against P.
  const auto r = advdiv::parse_density("0.3*normal(-1,0.5)+0.7*laplace(2,1)");
  CHECK(advdiv::kl(p, r).value == doctest::Approx(0.42199390932297345).epsilon(1e-9));
  CHECK(advdiv::kl(p, p).value == doctest::Approx(0.0).epsilon(1e-12));

  const advdiv::optimal_discriminator d(p, q);
  for (double x : {-3.0, -0.5, 0.5, 1.5, 4.0}) {
    CAPTURE(x);
    CHECK(d(x) == doctest::Approx(p_pdf(x) / (p_pdf(x) + q_pdf(x))).epsilon(1e-13));
  }
}

TEST_CASE("sampling a mixed mixture: frequencies pass a chi-square test, any_family draws the family's stream") {
  const auto q = make_q();
  // 20 bins equiprobable under Q, edges from the Boost.Math cdf by bisection.
  constexpr int bins = 20;
  std::vector<double> edges;
  for (int k = 1; k < bins; ++k) {
    double lo = -200, hi = 200;
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo + hi);
      (q_cdf(mid) < double(k) / bins ? lo : hi) = mid;
    }
    edges.push_back(0.5 * (lo + hi));
  }
  advdiv::random_engine rng(20261201);
  constexpr std::size_t n = 200000;
  std::vector<double> count(bins, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = sample(q, rng);
    count[std::upper_bound(edges.begin(), edges.end(), x) - edges.begin()] += 1;
  }
  double chi2 = 0;
  for (double c : count) chi2 += (c - double(n) / bins) * (c - double(n) / bins) / (double(n) / bins);
  // Fails with probability 1e-6 for a right sampler.
  const double bound = boost::math::quantile(boost::math::complement(boost::math::chi_squared_distribution<>(bins - 1), 1e-6));
  CHECK(chi2 < bound);

  // Through any_family a family draws exactly what it draws on its own.
  advdiv::random_engine a(7), b(7);
  const any_family f = laplace{1, 2};
  for (int i = 0; i < 10; ++i) CHECK(sample(f, a) == sample(laplace{1, 2}, b));
}

TEST_CASE("mixed mixtures check their weights with the standard messages") {
  CHECK_THROWS_WITH_AS((mixture{{0.25, normal{0, 1}}, {0.5, laplace{1, 1}}}),
                       "advdiv::mixture: weights sums to 0.75, not 1 (tolerance 1e-09)", std::domain_error);
  CHECK_THROWS_WITH_AS((mixture{{1.5, normal{0, 1}}, {-0.5, exponential{1}}}),
                       "advdiv::mixture: weights[1] = -0.5 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS((mixture<any_family>{{0.5, 0.5}, {normal{0, 1}}}),
                       "advdiv::mixture: weights and components differ in length (2 and 1)", std::invalid_argument);
}

TEST_CASE("parse_density reads families and mixtures") {
  const auto m = advdiv::parse_density("0.3*normal(-1,0.5)+0.7*laplace(2,1)");
  REQUIRE(m.size() == 2);
  CHECK(m.weights()[0] == 0.3);
  CHECK(m.weights()[1] == 0.7);
  CHECK(m.components()[0].holds<normal>());
  CHECK(std::get<normal>(m.components()[0].value()).sigma() == 0.5);
  CHECK(std::get<laplace>(m.components()[1].value()).mu() == 2.0);
  const boost::math::normal_distribution<> n{-1, 0.5};
  const boost::math::laplace_distribution<> l{2, 1};
  for (double x : {-2.0, 0.0, 3.0})
    CHECK(near(pdf(m, x), 0.3 * boost::math::pdf(n, x) + 0.7 * boost::math::pdf(l, x), 1e-14));

  const auto one = advdiv::parse_density("exponential(2)");
  REQUIRE(one.size() == 1);
  CHECK(one.weights()[0] == 1.0);
  CHECK(quantile(one, 0.5) == doctest::Approx(std::log(2.0) / 2).epsilon(1e-15));

  // Spaces, exponents, all five families.
  const auto all = advdiv::parse_density(
      " 0.1 * normal( 0 , 1 ) + 2e-1*laplace(1,1)+0.3*logistic(0, 2) + 0.25*uniform(-1,2) + 1.5E-1*exponential(1) ");
  REQUIRE(all.size() == 5);
  CHECK(all.components()[2].holds<logistic>());
  CHECK(all.components()[3].holds<uniform>());
  CHECK(all.components()[4].holds<exponential>());
  CHECK(all.weights()[1] == 0.2);
  CHECK(all.weights()[4] == 0.15);
}

TEST_CASE("parse_density names the position and the term of an error") {
  using advdiv::parse_density;
  CHECK_THROWS_WITH_AS(parse_density(""), "advdiv::parse_density: text is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("  "), "advdiv::parse_density: text is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("normal(0,1"), "advdiv::parse_density: expected ',' or ')' at position 10 (term 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("normal 0,1)"), "advdiv::parse_density: expected '(' after 'normal' at position 7 (term 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("normal(0,x)"), "advdiv::parse_density: expected a number at position 9 (term 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("normal(0)"),
                       "advdiv::parse_density: term 1 at position 0: normal takes 2 parameters (mu, sigma), not 1",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("exponential(1,2)"),
                       "advdiv::parse_density: term 1 at position 0: exponential takes 1 parameter (lambda), not 2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("0.5*normal(0,1)+0.5*gauss(0,1)"),
                       "advdiv::parse_density: term 2 at position 20: unknown family 'gauss' (normal, laplace, logistic, "
                       "uniform, exponential)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("0.5*normal(0,1)+laplace(0,1)"),
                       "advdiv::parse_density: term 2 at position 16: a term of a mixture needs a weight, as in "
                       "0.5*normal(0,1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("0.5 normal(0,1)"), "advdiv::parse_density: expected '*' after the weight at position 4 (term 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("normal(0,1)x"),
                       "advdiv::parse_density: expected '+' or the end of the text, found 'x' at position 11 (term 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("0.5*normal(0,1)+"),
                       "advdiv::parse_density: expected a family name (normal, laplace, logistic, uniform, exponential) at "
                       "position 16 (term 2)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_density("1e999*normal(0,1)"), "advdiv::parse_density: number out of range at position 0 (term 1)",
                       std::invalid_argument);
  // A family's own check, prefixed by the term.
  CHECK_THROWS_WITH_AS(parse_density("0.5*laplace(0,1) + 0.5*normal(0,-1)"),
                       "advdiv::parse_density: term 2 at position 19: advdiv::normal: sigma = -1 is not positive and finite",
                       std::domain_error);
  // The mixture's own weight checks.
  CHECK_THROWS_WITH_AS(parse_density("0.5*normal(0,1)+0.4*laplace(0,1)"),
                       "advdiv::mixture: weights sums to 0.9, not 1 (tolerance 1e-09)", std::domain_error);
  CHECK_THROWS_WITH_AS(parse_density("1.5*normal(0,1)+-0.5*laplace(0,1)"), "advdiv::mixture: weights[1] = -0.5 is negative",
                       std::domain_error);
}

}  // namespace test_mixed_mixture
