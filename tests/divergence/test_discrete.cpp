// Discrete divergences: mpmath references (relative error ≤ 1e-12 in double up to n = 10^6),
// closed forms, identities between divergences, limits and properties.
#include "reference_data.hpp"

#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

// File-local names live in namespace test_discrete: the layer compiles as one translation unit.
namespace test_discrete {

using advdiv_test::reference;
using advdiv_test::reference_vectors;

namespace {
const double inf = std::numeric_limits<double>::infinity();
const double ln2 = std::log(2.0);

double rel_err(double got, long double ref) {
  if (std::isinf(static_cast<double>(ref))) return got == static_cast<double>(ref) ? 0.0 : inf;
  return static_cast<double>(std::abs((got - ref) / ref));
}

template <class V>
std::vector<V> as(const std::vector<double>& x) {
  return std::vector<V>(x.begin(), x.end());
}

std::vector<double> random_probability(std::size_t n, advdiv::random_engine& rng, double zero_fraction = 0) {
  std::vector<double> x(n);
  double s = 0;
  for (auto& v : x) s += (v = advdiv::uniform01(rng) < zero_fraction ? 0.0 : advdiv::uniform01(rng));
  if (s == 0) x[0] = s = 1;
  for (auto& v : x) v /= s;
  return x;
}
}  // namespace

TEST_CASE("every catalogue divergence matches mpmath to 1e-12 (double, n = 10, 10^3, sparse)") {
  for (const std::string key : {"mixed 10", "mixed 1000", "close 1000", "sparse 999"}) {
    const std::string family = key.substr(0, key.find(' '));
    const std::int64_t n = std::stoll(key.substr(key.find(' ') + 1));
    const auto [p, q] = reference_vectors(family, n);
    const std::string prefix = key + " double ";
    INFO(key);
    // "close" pairs have KL ~ 1e-7 built from terms ~1e-3: the sum cancels by 1e4, which the
    // compensated sum absorbs; 1e-12 holds for them too.
    CHECK(rel_err(advdiv::kl(p, q), reference(prefix + "kl")) <= 1e-12);
    CHECK(rel_err(advdiv::js(p, q), reference(prefix + "js")) <= 1e-12);
    CHECK(rel_err(advdiv::reverse_kl(p, q), reference(prefix + "reverse_kl")) <= 1e-12);
    CHECK(rel_err(advdiv::jeffreys(p, q), reference(prefix + "jeffreys")) <= 1e-12);
    CHECK(rel_err(advdiv::total_variation(p, q), reference(prefix + "total_variation")) <= 1e-12);
    CHECK(rel_err(advdiv::squared_hellinger(p, q), reference(prefix + "squared_hellinger")) <= 1e-12);
    CHECK(rel_err(advdiv::pearson_chi2(p, q), reference(prefix + "pearson_chi2")) <= 1e-12);
    CHECK(rel_err(advdiv::neyman_chi2(p, q), reference(prefix + "neyman_chi2")) <= 1e-12);
    CHECK(rel_err(advdiv::f_divergence(p, q, advdiv::fdiv::gan{}), reference(prefix + "gan")) <= 1e-12);
    for (const std::string a : {"0.5", "2", "-0.5", "3"}) {
      INFO("alpha = " << a);
      const double al = std::stod(a);
      if (family == "close") {
        // Terms q·expm1(αL) − α(p − q) of size ~q·x² come from parts of size ~q·|x|: each is
        // accurate to a few ulps of those parts, which bounds the error of the sum.
        double parts = 0;
        for (std::size_t i = 0; i < p.size(); ++i)
          parts += (std::abs(q[i] * std::expm1(al * std::log(p[i] / q[i]))) + std::abs(al * (p[i] - q[i]))) /
                   std::abs(al * (al - 1));
        CHECK(std::abs(advdiv::alpha_divergence(p, q, al) - reference(prefix + "alpha_" + a)) <=
              4 * 1.1102230246251565e-16 * parts);
      } else {
        CHECK(rel_err(advdiv::alpha_divergence(p, q, al), reference(prefix + "alpha_" + a)) <= 1e-12);
      }
      if (al > 0) {
        // renyi uses Σp^α q^{1−α} = 1 + α(α − 1)D_α, exact for normalised vectors; these sum to 1
        // only within a few ulps, which moves the result by ≲ 4e-16·(1 + |α|)/|α − 1| absolutely.
        const long double ref = reference(prefix + "renyi_" + a);
        const double slack = 4e-16 * (1 + std::abs(al)) / std::abs(al - 1);
        CHECK(std::abs(advdiv::renyi(p, q, al) - ref) <= 1e-12 * std::abs(ref) + slack);
      }
    }
    CHECK(rel_err(advdiv::entropy(p), reference(prefix + "entropy")) <= 1e-12);
    CHECK(rel_err(advdiv::cross_entropy(p, q), reference(prefix + "cross_entropy")) <= 1e-12);
  }
}

TEST_CASE("KL and JS match mpmath to 1e-12 for n = 10^5 and 10^6") {
  for (const std::string key : {"mixed 100000", "mixed 1000000"}) {
    const auto [p, q] = reference_vectors("mixed", std::stoll(key.substr(key.find(' ') + 1)));
    INFO(key);
    CHECK(rel_err(advdiv::kl(p, q), reference(key + " double kl")) <= 1e-12);
    CHECK(rel_err(advdiv::js(p, q), reference(key + " double js")) <= 1e-12);
  }
}

TEST_CASE("nearly equal vectors (KL ~ 1e-7 from terms ~ 1e-9): error within the summation bound") {
  // Σ p log(p/q) cancels here by a factor Σ|t_i|/KL ≈ 1e4. Each term is accurate to a few ulps
  // (Kahan's log1p inside log_ratio), so the documented bound is |error| ≤ 4u·Σ|t_i|; JS terms
  // are ≥ 0 and keep 1e-12.
  const auto [p, q] = reference_vectors("close", 1000000);
  double abs_sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) abs_sum += std::abs(p[i] * std::log(p[i] / q[i]));
  const long double ref = reference("close 1000000 double kl");
  CHECK(std::abs(advdiv::kl(p, q) - ref) <= 4 * 1.1102230246251565e-16 * abs_sum);
  CHECK(rel_err(advdiv::js(p, q), reference("close 1000000 double js")) <= 1e-12);
}

TEST_CASE("float input is accumulated in double: float results are correctly rounded references") {
  for (const std::string key : {"mixed 1000", "close 1000", "sparse 999"}) {
    const std::string family = key.substr(0, key.find(' '));
    const auto [pd, qd] = reference_vectors(family, std::stoll(key.substr(key.find(' ') + 1)));
    const auto p = as<float>(pd), q = as<float>(qd);
    const std::string prefix = key + " float ";
    INFO(key);
    const float eps = std::numeric_limits<float>::epsilon();
    CHECK(rel_err(advdiv::kl(p, q), reference(prefix + "kl")) <= eps);
    CHECK(rel_err(advdiv::js(p, q), reference(prefix + "js")) <= eps);
    CHECK(rel_err(advdiv::total_variation(p, q), reference(prefix + "total_variation")) <= eps);
    CHECK(rel_err(advdiv::squared_hellinger(p, q), reference(prefix + "squared_hellinger")) <= eps);
    CHECK(rel_err(advdiv::pearson_chi2(p, q), reference(prefix + "pearson_chi2")) <= eps);
    CHECK(rel_err(advdiv::entropy(p), reference(prefix + "entropy")) <= eps);
    static_assert(std::is_same_v<decltype(advdiv::kl(p, q)), float>);
    static_assert(std::is_same_v<decltype(advdiv::kl(p, qd)), double>);
  }
}

TEST_CASE("closed forms on two-point distributions") {
  const std::vector<double> p{0.25, 0.75}, q{0.5, 0.5};
  CHECK(advdiv::kl(p, q) == doctest::Approx(0.25 * std::log(0.5) + 0.75 * std::log(1.5)));
  CHECK(advdiv::reverse_kl(p, q) == doctest::Approx(0.5 * std::log(2.0) + 0.5 * std::log(0.5 / 0.75)));
  const double m0 = 0.375, m1 = 0.625;
  CHECK(advdiv::js(p, q) == doctest::Approx(0.5 * (0.25 * std::log(0.25 / m0) + 0.75 * std::log(0.75 / m1)) +
                                            0.5 * (0.5 * std::log(0.5 / m0) + 0.5 * std::log(0.5 / m1))));
  CHECK(advdiv::total_variation(p, q) == doctest::Approx(0.25));
  CHECK(advdiv::squared_hellinger(p, q) == doctest::Approx(2 * (1 - std::sqrt(0.125) - std::sqrt(0.375))));
  CHECK(advdiv::pearson_chi2(p, q) == doctest::Approx(0.0625 / 0.5 * 2));
  CHECK(advdiv::neyman_chi2(p, q) == doctest::Approx(0.0625 / 0.25 + 0.0625 / 0.75));
  CHECK(advdiv::entropy(q) == doctest::Approx(std::log(2.0)));
  CHECK(advdiv::entropy(q, advdiv::bits) == doctest::Approx(1.0));
  CHECK(advdiv::cross_entropy(p, q) == doctest::Approx(std::log(2.0)));
  CHECK(advdiv::renyi(p, q, 2.0) == doctest::Approx(std::log(0.0625 / 0.5 + 0.5625 / 0.5)));
}

TEST_CASE("identities between divergences on random pairs") {
  advdiv::random_engine rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 1 + trial * 37;
    const auto p = random_probability(n, rng), q = random_probability(n, rng);
    const double kl = advdiv::kl(p, q), rkl = advdiv::kl(q, p), js = advdiv::js(p, q);
    INFO("trial " << trial);
    CHECK(advdiv::reverse_kl(p, q) == doctest::Approx(rkl).epsilon(1e-13));
    CHECK(advdiv::jeffreys(p, q) == doctest::Approx(kl + rkl).epsilon(1e-13));
    CHECK(advdiv::f_divergence(p, q, advdiv::fdiv::gan{}) == doctest::Approx(2 * js - std::log(4.0)).epsilon(1e-13).scale(1));
    CHECK(advdiv::js_distance(p, q) == doctest::Approx(std::sqrt(js)).epsilon(1e-15));
    CHECK(advdiv::alpha_divergence(p, q, 2.0) == doctest::Approx(0.5 * advdiv::pearson_chi2(p, q)).epsilon(1e-12));
    CHECK(advdiv::alpha_divergence(p, q, 0.5) == doctest::Approx(2 * advdiv::squared_hellinger(p, q)).epsilon(1e-12));
    CHECK(advdiv::neyman_chi2(p, q) == doctest::Approx(advdiv::pearson_chi2(q, p)).epsilon(1e-13));
    CHECK(advdiv::cross_entropy(p, q) == doctest::Approx(advdiv::entropy(p) + kl).epsilon(1e-13));
    // Rényi: D_1/2 = −2 log BC, non-decreasing in α, → KL as α → 1.
    double bc = 0;
    for (std::size_t i = 0; i < n; ++i) bc += std::sqrt(p[i] * q[i]);
    CHECK(advdiv::renyi(p, q, 0.5) == doctest::Approx(-2 * std::log(bc)).epsilon(1e-12).scale(1e-12));
    CHECK(advdiv::renyi(p, q, 0.5) <= advdiv::renyi(p, q, 0.9) + 1e-15);
    CHECK(advdiv::renyi(p, q, 0.9) <= advdiv::renyi(p, q, 2.0) + 1e-15);
    CHECK(advdiv::renyi(p, q, 1.0 + 1e-7) == doctest::Approx(kl).epsilon(1e-5).scale(1e-9));
    CHECK(advdiv::renyi(p, q, 1.0) == kl);
    // α-divergence tends to KL(P‖Q) as α → 1 and to KL(Q‖P) as α → 0.
    CHECK(advdiv::alpha_divergence(p, q, 1 - 1e-6) == doctest::Approx(kl).epsilon(1e-5).scale(1e-9));
    CHECK(advdiv::alpha_divergence(p, q, 1e-6) == doctest::Approx(rkl).epsilon(1e-5).scale(1e-9));
    // Units.
    CHECK(advdiv::kl(p, q, advdiv::bits) == doctest::Approx(kl / ln2).epsilon(1e-15));
    CHECK(advdiv::kl(p, q, {.log_base = 10}) == doctest::Approx(kl / std::log(10.0)).epsilon(1e-15));
    CHECK(advdiv::js(p, q, advdiv::bits) <= 1.0);
  }
}

TEST_CASE("properties: non-negativity, D(P‖P) = 0, symmetry, bounds") {
  advdiv::random_engine rng(11);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 2 + trial * 53;
    const auto p = random_probability(n, rng, trial % 3 ? 0.0 : 0.3);
    const auto q = random_probability(n, rng, trial % 3 ? 0.0 : 0.3);
    INFO("trial " << trial);
    for (double d : {advdiv::kl(p, q), advdiv::reverse_kl(p, q), advdiv::js(p, q), advdiv::jeffreys(p, q),
                     advdiv::total_variation(p, q), advdiv::squared_hellinger(p, q),
                     advdiv::pearson_chi2(p, q), advdiv::neyman_chi2(p, q),
                     advdiv::alpha_divergence(p, q, 0.5), advdiv::alpha_divergence(p, q, 3.0)})
      CHECK(d >= 0.0);
    for (double d : {advdiv::kl(p, p), advdiv::reverse_kl(p, p), advdiv::js(p, p), advdiv::jeffreys(p, p),
                     advdiv::total_variation(p, p), advdiv::squared_hellinger(p, p), advdiv::pearson_chi2(p, p),
                     advdiv::neyman_chi2(p, p), advdiv::alpha_divergence(p, p, -2.0)})
      CHECK(d == 0.0);
    CHECK(advdiv::js(p, q) == advdiv::js(q, p));
    CHECK(advdiv::js(p, q) <= ln2);
    CHECK(advdiv::total_variation(p, q) <= 1.0);
    CHECK(advdiv::squared_hellinger(p, q) <= 2.0);
    CHECK(advdiv::f_divergence(p, q, advdiv::fdiv::gan{}) >= -std::log(4.0) - 1e-15);
    // Pinsker: TV ≤ √(KL/2).
    CHECK(advdiv::total_variation(p, q) <= std::sqrt(advdiv::kl(p, q) / 2) + 1e-15);
    // JS distance is a metric: triangle inequality with a third vector.
    const auto r = random_probability(n, rng);
    CHECK(advdiv::js_distance(p, q) <= advdiv::js_distance(p, r) + advdiv::js_distance(r, q) + 1e-15);
  }
  // JS of nearly equal vectors stays ≥ 0 (SciPy's jensenshannon returns NaN here, scipy#20083).
  std::vector<double> a(1000, 1e-3), b(1000, 1e-3);
  b[0] += 1e-17, b[1] -= 1e-17;
  CHECK(advdiv::js(a, b) >= 0.0);
  CHECK(!std::isnan(advdiv::js_distance(a, b)));
}

TEST_CASE("limits: zeros and disjoint supports") {
  const std::vector<double> p{0.5, 0.5, 0.0, 0.0}, q{0.0, 0.0, 0.5, 0.5};
  CHECK(advdiv::kl(p, q) == inf);
  CHECK(advdiv::reverse_kl(p, q) == inf);
  CHECK(advdiv::jeffreys(p, q) == inf);
  CHECK(advdiv::pearson_chi2(p, q) == inf);
  CHECK(advdiv::neyman_chi2(p, q) == inf);
  CHECK(advdiv::js(p, q) == doctest::Approx(ln2).epsilon(1e-15));
  CHECK(advdiv::js(p, q, advdiv::bits) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(advdiv::total_variation(p, q) == doctest::Approx(1.0));
  CHECK(advdiv::squared_hellinger(p, q) == doctest::Approx(2.0));
  CHECK(std::abs(advdiv::f_divergence(p, q, advdiv::fdiv::gan{})) <= 1e-15);  // 2 log 2 − log 4
  CHECK(advdiv::alpha_divergence(p, q, 0.5) == doctest::Approx(4.0));  // q/α + p/(1−α) terms
  CHECK(advdiv::alpha_divergence(p, q, 2.0) == inf);
  CHECK(advdiv::alpha_divergence(p, q, -1.0) == inf);
  CHECK(advdiv::renyi(p, q, 0.5) == inf);
  CHECK(advdiv::cross_entropy(p, q) == inf);
  // q has a zero where p has none: KL infinite, reverse KL finite.
  const std::vector<double> a{0.5, 0.5}, b{1.0, 0.0};
  CHECK(advdiv::kl(a, b) == inf);
  CHECK(advdiv::reverse_kl(a, b) == doctest::Approx(std::log(2.0)));
  CHECK(advdiv::kl(b, a) == doctest::Approx(std::log(2.0)));
  CHECK(advdiv::entropy(b) == 0.0);
}

namespace {
struct triangular {  // Le Cam / triangular discrimination: f(u) = (u − 1)²/(u + 1)
  template <class T> T f(T u) const { return (u - 1) * (u - 1) / (u + 1); }
  double slope_at_infinity() const { return 1.0; }
};
}  // namespace

TEST_CASE("a user's own generator works through f_divergence") {
  static_assert(advdiv::f_generator<triangular>);
  const std::vector<double> p{0.2, 0.3, 0.5, 0.0}, q{0.4, 0.4, 0.1, 0.1};
  double expected = 0;
  for (int i = 0; i < 4; ++i) expected += (p[i] - q[i]) * (p[i] - q[i]) / (p[i] + q[i]);
  CHECK(advdiv::f_divergence(p, q, triangular{}) == doctest::Approx(expected).epsilon(1e-15));
  const std::vector<double> r{0.5, 0.5}, s{1.0, 0.0};
  CHECK(advdiv::f_divergence(r, s, triangular{}) == doctest::Approx(1.0 / 6 + 0.5));  // q = 0: p·slope
}

TEST_CASE("unnormalised measures are refused unless the tolerance is lifted explicitly") {
  const std::vector<double> p{1.0, 2.0}, q{2.0, 2.0};
  CHECK_THROWS_WITH_AS(advdiv::kl(p, q), "advdiv::kl: p sums to 3, not 1 (tolerance 1e-06)", std::domain_error);
  const double loose = advdiv::kl(p, q, {.sum_tolerance = inf});
  CHECK(loose == doctest::Approx(1.0 * std::log(0.5) + 2.0 * std::log(1.0)));
  CHECK(advdiv::kl(std::vector<double>{0.5, 0.5 + 1e-7}, std::vector<double>{0.5, 0.5}) > 0);  // within 1e-6
}

}  // namespace test_discrete
