// Densities with extreme widths (issue 10, reliability P3–P6): subnormal, near-overflow and
// tiny-against-their-location scale parameters. Closed forms hold for every width; a
// quadrature over a width it cannot resolve is refused with a domain_error, never a wrong
// number. References: tests/data/density/extreme_widths.py (textbook closed forms, mpmath at
// 60 digits, the parameters read exactly as doubles).

#include <advdiv/density.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

// File-local names live in namespace test_extreme_widths: the layer compiles as one translation unit.
namespace test_extreme_widths {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
const advdiv::density_options quad{.closed_form = false};

bool near(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want); }

template <class F>
std::string refusal(F f) {
  try {
    f();
  } catch (const std::domain_error& e) {
    return e.what();
  }
  return "no exception";
}

}  // namespace

TEST_CASE("closed forms at subnormal and near-overflow widths: mpmath, never NaN (P4, P5)") {
  using advdiv::normal, advdiv::laplace, advdiv::exponential;
  // extreme_widths.py
  CHECK(near(advdiv::kl(normal{0, 2e-319}, normal{0, 1}).value, 733.33150861741992, 1e-14));
  CHECK(advdiv::kl(normal{0, 1}, normal{0, 2e-319}).value == inf);          // true 1.25e637
  CHECK(advdiv::kl(normal{0, 1.7e308}, normal{-8, 0.0625}).value == inf);   // true ~4e618 (was NaN)
  CHECK(near(advdiv::kl(normal{0, 1.7e308}, normal{1e308, 1.6e308}).value, 0.19914100318356516, 1e-13));
  CHECK(advdiv::jeffreys(normal{0, 2e-318}, normal{0, 1}).value == inf);    // was NaN
  CHECK(near(advdiv::reverse_kl(exponential{6.5e-322}, exponential{1e-321}).value, 0.078931121349487371, 1e-13));
  CHECK(near(advdiv::kl(laplace{0, 1.1e-321}, laplace{1e-321, 2e-321}).value, 0.31804376765690754, 1e-13));
  CHECK(advdiv::squared_hellinger(normal{0, 9e-322}, normal{0, 1}).value == 2.0);
  CHECK(near(advdiv::squared_hellinger(normal{0, 9e-322}, normal{1e-321, 2e-321}).value, 0.35774955494155498, 1e-13));
}

TEST_CASE("a quadrature over a width it cannot resolve is refused, not answered wrongly (P3, P5, P6)") {
  using advdiv::normal, advdiv::laplace, advdiv::uniform, advdiv::exponential;
  const std::string req = " is not a width the quadrature resolves (the width must lie in [2^-1000, 2^1000] "
                          "and be at least 2^-16 of |location| = ";
  // P5: NaN before; P6: "the integrand is NaN at x = 2e-323" before.
  CHECK(refusal([] { advdiv::kl(normal{1, 1}, laplace{0, 1.1e-321}); }) ==
        "advdiv::kl: q.b = 1.1e-321" + req + "0)");
  CHECK(refusal([] { advdiv::pearson_chi2(uniform{0, 3.2e-322}, normal{0, 1}); }) ==
        "advdiv::pearson_chi2: p.b - p.a = 3.2e-322" + req + "1.6e-322)");
  CHECK(refusal([] { advdiv::js(normal{0, 2.1e-319}, normal{1, 1}); }) ==
        "advdiv::js: p.sigma = 2.1e-319" + req + "0)");
  // P4: the quadrature gave 0 ± 0 (the truth is 0.0789...); the closed form above answers.
  CHECK(refusal([] { advdiv::reverse_kl(exponential{6.5e-322}, exponential{1e-321}, quad); }) ==
        "advdiv::reverse_kl: p.lambda = 6.5e-322" + req + "0)");
  // P3: JS in bits came out 1.0000000775 ± 9.6e-9 (> 1): 1e-10 is below 2^-16·1000 and the
  // nodes near 1000 are 1.1e-13 apart.
  CHECK(refusal([] { advdiv::js(normal{7.94, 0.064}, laplace{1000, 1e-10}, advdiv::bits); }) ==
        "advdiv::js: q.b = 1e-10" + req + "1000)");
  CHECK(refusal([] { advdiv::kl(normal{0, 1}, normal{0, 0x1p1001}, quad); }).starts_with("advdiv::kl: q.sigma = "));
  // Mixtures: each component.
  const advdiv::mixture<normal> m{{0.5, normal{0, 1}}, {0.5, normal{3, 1e-320}}};
  CHECK(refusal([&] { advdiv::kl(m, normal{0, 1}); }) ==
        "advdiv::kl: p.components()[1].sigma = 1e-320" + req + "3)");
}

TEST_CASE("the quadrature at the edges of the widths it resolves matches mpmath") {
  using advdiv::normal, advdiv::laplace, advdiv::exponential;
  // extreme_widths.py; closed forms off, so this is the quadrature itself.
  const auto a = advdiv::kl(normal{0, 0x1p-1000}, normal{0x1p-1000, 0x1p-999}, quad);
  CHECK(std::fabs(a.value - 0.44314718055994531) <= a.error + 1e-12);
  const auto b = advdiv::kl(normal{1000, 1000 * 0x1p-16}, normal{1000.01, 0.02}, quad);
  CHECK(std::fabs(b.value - 0.18661490911595151) <= b.error + 1e-12);
  const auto c = advdiv::kl(laplace{0, 0x1p1000}, laplace{0x1p1000, 0x1p999}, quad);
  CHECK(std::fabs(c.value - 1.0426117017829393) <= c.error + 1e-12);
  const auto d = advdiv::kl(exponential{0x1p-1000}, exponential{0x1p-999}, quad);
  CHECK(std::fabs(d.value - 0.30685281944005469) <= d.error + 1e-12);
  for (const auto* r : {&a, &b, &c, &d}) CHECK(r->error < 1e-8);
}

namespace {
/// A user's Pearson generator with only f and slope_at_infinity, in double.
struct user_pearson {
  double f(double u) const { return (u - 1) * (u - 1); }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
}  // namespace

TEST_CASE("a user's generator whose true value exceeds DBL_MAX: a lower bound with error +inf") {
  // Pearson χ² between N(0, 1/16²) and N(−8, 1/16²) is e^{16384} − 1 (closed form
  // σ_q²/(σ_p √(2σ_q² − σ_p²)) e^{Δμ²/(2σ_q² − σ_p²)} − 1), far above DBL_MAX. The catalogue's
  // generator has a log-space term and gives +inf; a user's f in double overflows beyond
  // u ≈ e^354, so the library can only bound the integral from below and says so.
  const advdiv::normal p{0, 0.0625}, q{-8, 0.0625};
  CHECK(advdiv::pearson_chi2(p, q, quad).value == inf);
  const auto d = advdiv::f_divergence(p, q, user_pearson{}, quad);
  CHECK(d.error == inf);
  CHECK(d.value > 1e150);
}

TEST_CASE("a quadrature whose finite pieces overflow their sum: +inf with error 0, never a NaN error") {
  // Found by the 60-second density run after the fixes above: Pearson χ² of a Laplace of
  // width 1e-160 at 1e-160 against N(−7.375, 0.0776²) by a user's generator. At x ≈ 0,
  // q = e^{−(7.375/0.0776)²/2} ≈ e^{−4516}, so p²/q is far beyond DBL_MAX: the truth is +inf.
  // The pieces were finite and their sum overflowed: value inf, error inf − inf = NaN.
  const advdiv::laplace p{1e-160, 1e-160};
  const advdiv::normal q{-7.375, 0.07761611325459275};
  const auto d = advdiv::f_divergence(p, q, user_pearson{});  // found in bits; χ² has no unit now (P2)
  CHECK(d.value == inf);
  CHECK_FALSE(std::isnan(d.error));
}

}  // namespace test_extreme_widths
