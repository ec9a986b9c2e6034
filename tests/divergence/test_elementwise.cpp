// SciPy's elementwise terms rel_entr, kl_div and entr: values against mpmath (50 digits) where
// SciPy's own kl_div loses them (x ≈ y: 0 instead of 5e-17; huge ratios: ±inf instead of a
// finite value), the sums equal the divergences, and every bad element is named.
#include <advdiv/divergence.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

// File-local names live in namespace test_elementwise: the layer compiles as one translation unit.
namespace test_elementwise {

namespace {
struct ref_case {
  double x, y, rel_entr, kl_div;
};
// mpmath.mp.dps = 50: rel_entr = x·log(x/y), kl_div = rel_entr − x + y, on the doubles shown.
// SciPy 1.10's scipy.special.kl_div gives, in order: 0.0965…, 0.0, 4.50009e-10 (7 digits),
// 0.1458…, 5.4277…, inf, -inf, 1.0, inf, 0.005175…, 0.004841….
const ref_case cases[] = {
    {0.5, 0.25, 0.34657359027997265471, 0.096573590279972654709},
    {1.0, 1.00000001, -9.9999998892252912319e-9, 4.9999999058919579999e-17},
    {1.0, 0.99997, 0.000030000450008974693255, 4.5000900020173958264e-10},
    {0.3, 0.7, -0.25418935811616106678, 0.14581064188383889992},
    {2.0, 0.05, 7.3777589082278724947, 5.4277589082278724975},
    {1e300, 1e-300, 1.381551055796427483e+303, 1.3805510557964274829e+303},
    {1e-300, 1e300, -1.3815510557964274451e-297, 1.0000000000000000525e+300},
    {5e-324, 1.0, -3.6780226492394126051e-321, 1.0},
    {1.0, 5e-324, 744.44007192138126231, 743.44007192138126231},
    {0.9, 1.0, -0.09482446409204365124, 0.0051755359079563265558},
    {1.1, 1.0, 0.10484119778475744333, 0.0048411977847573545136},
};

template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}
}  // namespace

TEST_CASE("rel_entr and kl_div against mpmath, to a few ulps, where SciPy's kl_div fails") {
  for (const auto& c : cases) {
    INFO("x = " << c.x << ", y = " << c.y);
    // The subnormal x = 5e-324 carries one significant bit: its term is exact to its own ulp.
    const double tol_re = std::abs(c.x) < 1e-320 ? 1e-323 : 4e-16 * std::abs(c.rel_entr);
    CHECK(std::abs(advdiv::rel_entr(c.x, c.y) - c.rel_entr) <= tol_re);
    CHECK(std::abs(advdiv::kl_div(c.x, c.y) - c.kl_div) <= 4e-15 * std::abs(c.kl_div));
  }
  // The conventions at zero.
  CHECK(advdiv::rel_entr(0.0, 0.0) == 0.0);
  CHECK(advdiv::rel_entr(0.0, 2.0) == 0.0);
  CHECK(advdiv::rel_entr(-0.0, 1.0) == 0.0);
  CHECK(advdiv::rel_entr(1.0, 0.0) == INFINITY);
  CHECK(advdiv::kl_div(0.0, 3.0) == 3.0);
  CHECK(advdiv::kl_div(0.0, 0.0) == 0.0);
  CHECK(advdiv::kl_div(2.0, 0.0) == INFINITY);
  CHECK(advdiv::kl_div(0.7, 0.7) == 0.0);
  CHECK(advdiv::entr(0.0) == 0.0);
  CHECK(advdiv::entr(0.5) == doctest::Approx(0.34657359027997265471).epsilon(1e-15));
  CHECK(advdiv::entr(3.0) == doctest::Approx(-3.2958368660043290742).epsilon(1e-15));
  CHECK(std::abs(advdiv::entr(5e-324) - 3.6780226492394126051e-321) <= 1e-323);
  // float: the same formulas in single precision.
  // float: the ratio is formed in double, so the result is the float rounding of the truth
  // (mpmath on the two floats: 4.99713600914646881e-7).
  CHECK(advdiv::kl_div(1.0f, 1.001f) == doctest::Approx(4.99713600914646881e-7).epsilon(2e-7));
}

TEST_CASE("kl_div ≥ 0 everywhere and 0 only at x = y; near x = y it is (x − y)²/(2y) to leading order") {
  for (double y : {1e-200, 1e-5, 0.3, 1.0, 7.0, 1e150})
    for (double r : {1e-12, 1e-6, 1e-3, 0.05, 0.099, 0.101, 0.5, 3.0}) {
      const double x = y * (1 + r), x2 = y * (1 - r);
      INFO("y = " << y << ", r = " << r);
      CHECK(advdiv::kl_div(x, y) > 0);
      if (r < 1) CHECK(advdiv::kl_div(x2, y) > 0);
      if (r <= 1e-6) {
        // h(1 + d) = d²/2 − d³/6 + …: the relative correction is below d. x − y is exact
        // (Sterbenz), so d = (x − y)/y is the ratio's offset to one rounding.
        const double d = (x - y) / y;
        CHECK(advdiv::kl_div(x, y) == doctest::Approx(y * d * d / 2).epsilon(std::abs(d) + 1e-14));
      }
    }
}

TEST_CASE("the vector forms: the terms in order, their sums are KL and the entropy, any vector type") {
  const std::vector<double> p{0.5, 0.3, 0.2, 0.0}, q{0.25, 0.25, 0.25, 0.25};
  const std::vector<double> re = advdiv::rel_entr(p, q), kd = advdiv::kl_div(p, q), h = advdiv::entr(p);
  REQUIRE(re.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(re[i] == advdiv::rel_entr(p[i], q[i]));
    CHECK(kd[i] == advdiv::kl_div(p[i], q[i]));
    CHECK(h[i] == advdiv::entr(p[i]));
  }
  CHECK(std::accumulate(re.begin(), re.end(), 0.0) == doctest::Approx(advdiv::kl(p, q)).epsilon(1e-15));
  // Both sum to one: Σ kl_div = Σ rel_entr.
  CHECK(std::accumulate(kd.begin(), kd.end(), 0.0) == doctest::Approx(advdiv::kl(p, q)).epsilon(1e-14));
  CHECK(std::accumulate(h.begin(), h.end(), 0.0) == doctest::Approx(advdiv::entropy(p)).epsilon(1e-15));
  const Eigen::VectorXf pf = Eigen::Map<const Eigen::VectorXd>(p.data(), 4).cast<float>();
  const Eigen::VectorXf qf = Eigen::Map<const Eigen::VectorXd>(q.data(), 4).cast<float>();
  const std::vector<float> ref = advdiv::rel_entr(pf, qf);
  CHECK(ref[0] == doctest::Approx(0.5 * std::log(2.0)).epsilon(1e-6));
}

TEST_CASE("bad elements are named; unlike SciPy, no inf or NaN for a negative or NaN input") {
  const std::vector<double> ok{0.5, 0.5}, neg{0.5, -0.1}, nan_y{0.5, NAN}, three{0.2, 0.3, 0.5};
  CHECK(message_of([&] { advdiv::rel_entr(ok, neg); }) == "advdiv::rel_entr: y[1] = -0.1 is negative");
  CHECK(message_of([&] { advdiv::kl_div(neg, ok); }) == "advdiv::kl_div: x[1] = -0.1 is negative");
  CHECK(message_of([&] { advdiv::kl_div(ok, nan_y); }) == "advdiv::kl_div: y[1] = nan is not finite");
  CHECK(message_of([&] { advdiv::entr(neg); }) == "advdiv::entr: x[1] = -0.1 is negative");
  CHECK(message_of([&] { advdiv::rel_entr(ok, three); }) == "advdiv::rel_entr: x and y differ in length (2 and 3)");
  CHECK(message_of([] { advdiv::rel_entr(-1.0, 1.0); }) == "advdiv::rel_entr: x = -1 is negative");
  CHECK(message_of([] { advdiv::kl_div(1.0, INFINITY); }) == "advdiv::kl_div: y = inf is not finite");
  CHECK(message_of([] { advdiv::entr(NAN); }) == "advdiv::entr: x = nan is not finite");
}

}  // namespace test_elementwise
