// The branch-free exponential kernel of core/fast_exp.hpp against the long double exponential
// (x87 extended precision, 64-bit significand: its own error, < 1e-19, is far below the double
// errors measured here).
#include <advdiv/core/fast_exp.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

using advdiv::detail::kernel_exp;

double rel_err_to_exact(double x) {
  const long double e = std::exp(static_cast<long double>(x));
  return static_cast<double>(std::fabs((static_cast<long double>(kernel_exp(x)) - e) / e));
}

}  // namespace

TEST_CASE("kernel_exp: relative error below 2.3e-16 over its whole normal range") {
  static_assert(std::numeric_limits<long double>::digits >= 64, "needs an extended long double");
  // Every 1e-3 from the flush-to-zero threshold to log(DBL_MAX), plus the points around each
  // half-integer multiple of ln 2 (where the reduced argument r switches sign at |r| = ln2/2).
  double worst = 0.0;
  for (double x = -708.049; x <= 709.782; x += 1e-3) worst = std::max(worst, rel_err_to_exact(x));
  for (int k = -1021; k <= 1023; ++k) {
    const double mid = (k + 0.5) * 0.6931471805599453;
    double y = mid;
    for (int s = 0; s < 8; ++s) {  // a few ulps either side
      worst = std::max(worst, rel_err_to_exact(y));
      y = std::nextafter(y, -1e300);
    }
    y = mid;
    for (int s = 0; s < 8; ++s) {
      y = std::nextafter(y, 1e300);
      if (y <= 709.78) worst = std::max(worst, rel_err_to_exact(y));
    }
  }
  // Tiny arguments and the endpoints.
  for (double x : {0.0, -0.0, 1e-300, -1e-300, 4.9e-324, 1e-17, -1e-17, 1e-8, -708.0498449419, 709.782})
    worst = std::max(worst, rel_err_to_exact(x));
  MESSAGE("max relative error of kernel_exp: " << worst);
  CHECK(worst <= 2.3e-16);
  CHECK(kernel_exp(0.0) == 1.0);
  CHECK(std::abs(kernel_exp(1.0) - 2.718281828459045) <= 2.3e-16 * 2.718281828459045);
}

TEST_CASE("kernel_exp: flush to zero, overflow to inf, NaN, no UB for any argument") {
  // The threshold −1021.5 ln 2 = −708.04984494198413... (mpmath, 40 digits).
  CHECK(advdiv::detail::kernel_exp_zero_below == -708.0498449419841);
  CHECK(kernel_exp(-708.04984494198) > 3.1e-308);  // just above: e^x, a normal number
  CHECK(kernel_exp(-708.0498449419843) == 0.0);    // just below: flushed
  // Large negative arguments, including x ∈ (−9.4e15, −4.7e15) where the former version
  // overflowed a signed integer (undefined; it returned 4.6e307 for −6e15), −DBL_MAX and −inf.
  for (double x : {-708.1, -745.13, -746.0, -1000.0, -1e4, -4.7e15, -6e15, -9.3e15, -1e16, -1e300,
                   -std::numeric_limits<double>::max(), -std::numeric_limits<double>::infinity()}) {
    CAPTURE(x);
    const double y = kernel_exp(x);
    CHECK(y == 0.0);
    CHECK(!std::signbit(y));
  }
  // log(DBL_MAX) = 709.78271289338399678... (mpmath): the last finite and first infinite result.
  CHECK(kernel_exp(709.782712893384) == doctest::Approx(1.7976931348622e308).epsilon(1e-13));
  CHECK(std::isfinite(kernel_exp(709.782712893384)));
  for (double x : {709.7827128933841, 710.0, 1e4, 6e15, 1e300, std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::infinity()}) {
    CAPTURE(x);
    CHECK(kernel_exp(x) == std::numeric_limits<double>::infinity());
  }
  CHECK(std::isnan(kernel_exp(std::numeric_limits<double>::quiet_NaN())));
  CHECK(std::isnan(kernel_exp(-std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("exp_dot and exp_axpy: weighted sums of shifted exponentials") {
  // m = 1000 (several 256-chunks and a tail): Σ_j w_j e^{(shift + g_j − c_j)/ε} in long double.
  const std::size_t m = 1003;
  std::vector<double> g(m), c(m), w(m), s(m, 0.5);
  for (std::size_t j = 0; j < m; ++j) {
    g[j] = std::sin(double(j));
    c[j] = 0.01 * double(j % 97);
    w[j] = 1.0 / double(j + 1);
  }
  c[5] = 1e16;   // an exponent of −1e18: contributes exactly 0
  c[6] = 1e300;  // −1e302
  const double shift = 0.3, scale = 1.0 / 0.02;
  long double exact = 0;
  for (std::size_t j = 0; j < m; ++j)
    exact += w[j] * std::exp(static_cast<long double>((shift + g[j] - c[j]) * scale));
  const double got = advdiv::detail::exp_dot(g.data(), c.data(), w.data(), shift, scale, m);
  CHECK(std::fabs(static_cast<long double>(got) - exact) / exact <= 1e-14);
  advdiv::detail::exp_axpy(s.data(), g.data(), c.data(), 2.0, shift, scale, m);
  for (std::size_t j = 0; j < m; ++j) {
    const long double e = 0.5L + 2.0L * std::exp(static_cast<long double>((shift + g[j] - c[j]) * scale));
    CHECK(std::fabs(static_cast<long double>(s[j]) - e) / e <= 1e-15);
  }
  CHECK(s[5] == 0.5);
  CHECK(s[6] == 0.5);
}
