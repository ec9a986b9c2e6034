// Core layer: compensated summation, scalar math primitives, log-sum-exp, the check
// message format and the concepts.
#include <advdiv/core.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

using advdiv::math::infinity;

TEST_CASE("compensated summation of 10^7 terms is correctly rounded") {
  // Σ 0.1 (the double nearest 0.1, 0.1000000000000000055511...) ten million times is
  // 1000000.0000000000555..., whose nearest double is exactly 1e6. A naive loop is off by ~1.6e-4.
  std::vector<double> xs(10'000'000, 0.1);
  double naive = 0;
  for (double x : xs) naive += x;
  CHECK(std::abs(naive - 1e6) > 1e-5);  // the naive sum really is inaccurate
  CHECK(advdiv::accurate_sum(xs) == 1e6);
}

TEST_CASE("compensated summation survives cancellation") {
  // 1 + 1e100 + 1 − 1e100 = 2 exactly (Neumaier's example; plain Kahan gives 0).
  CHECK(advdiv::accurate_sum(std::vector<double>{1.0, 1e100, 1.0, -1e100}) == 2.0);
  advdiv::compensated_sum<double> a, b;
  a += 1e16;
  a += 1.0;
  b += -1e16;
  b += 1.0;
  a += b;
  CHECK(a.value() == 2.0);
  // Float data accumulated in double.
  std::vector<float> f(1'000'000, 0.1f);
  CHECK(advdiv::accurate_sum<double>(f) == doctest::Approx(1e6 * double(0.1f)).epsilon(1e-15));
}

TEST_CASE("xlogy, rel_entr and log_ratio follow SciPy's conventions") {
  using namespace advdiv::math;
  CHECK(xlogy(0.0, 0.0) == 0.0);
  CHECK(xlogy(0.0, 5.0) == 0.0);
  CHECK(std::isnan(xlogy(0.0, std::nan(""))));
  CHECK(xlogy(2.0, 3.0) == doctest::Approx(2 * std::log(3.0)));
  CHECK(rel_entr(0.0, 0.0) == 0.0);
  CHECK(rel_entr(0.0, 1.0) == 0.0);
  CHECK(rel_entr(1.0, 0.0) == infinity<double>());
  CHECK(rel_entr(-1.0, 1.0) == infinity<double>());
  CHECK(rel_entr(1.0, -1.0) == infinity<double>());
  CHECK(std::isnan(rel_entr(std::nan(""), 1.0)));
  CHECK(std::isnan(rel_entr(0.0, std::nan(""))));
  // −0.0 is 0 (its sign would make x/y = −inf and the log NaN).
  CHECK(rel_entr(1.0, -0.0) == infinity<double>());
  CHECK(rel_entr(-0.0, 1.0) == 0.0);
  CHECK(log_ratio(1.0, -0.0) == infinity<double>());
  CHECK(log_ratio(-0.0, 1.0) == -infinity<double>());
  // x = 1 + 1e-10, y = 1: x log(x/y) = x log1p(1e-10); log(x/y) would keep only ~6 digits.
  const double x = 1.0 + 1e-10;
  const double exact = x * std::log1p(x - 1.0);
  CHECK(rel_entr(x, 1.0) == doctest::Approx(exact).epsilon(1e-15));
  CHECK(log_ratio(x, 1.0) == doctest::Approx(std::log1p(x - 1.0)).epsilon(1e-15));
  CHECK(log_ratio(1.0, 1.0) == 0.0);
  CHECK(log_ratio(0.0, 1.0) == -infinity<double>());
  CHECK(log_ratio(1.0, 0.0) == infinity<double>());
  CHECK(log_ratio(3.0, 7.0) == doctest::Approx(std::log(3.0 / 7.0)).epsilon(1e-15));
  // p/q rounds for p = 1 + 3e-16·k: the Kahan form recovers log(p/q) to a few ulps.
  for (int k = 1; k < 50; ++k) {
    const double p = 1.0 + k * 2.220446049250313e-16, q = 1.0 - k * 1.1102230246251565e-16;
    const long double ref = std::log1pl((static_cast<long double>(p) - q) / q);
    CHECK(std::abs(log_ratio(p, q) - static_cast<double>(ref)) <= 4e-16 * std::abs(double(ref)));
  }
  // p/q overflows or leaves the normal range although p, q > 0 (SciPy gh-20710): log p − log q.
  // References: mpmath at 50 digits, log(mpf(p)/mpf(q)) of the exact doubles.
  CHECK(log_ratio(0.5, 1e-309) == doctest::Approx(710.80564655460016917).epsilon(1e-15));
  CHECK(log_ratio(1.0, 4.9e-324) == doctest::Approx(744.4400719213812).epsilon(1e-15));
  CHECK(log_ratio(4.9e-324, 1.0) == doctest::Approx(-744.4400719213812).epsilon(1e-15));
  CHECK(log_ratio(1e-300, 1e300) == doctest::Approx(-1381.551055796427).epsilon(1e-15));
  CHECK(log_ratio(1e300, 1e-300) == doctest::Approx(1381.551055796427).epsilon(1e-15));
  CHECK(rel_entr(0.5, 4.9e-324) == doctest::Approx(371.8734623704106585).epsilon(1e-15));
}

TEST_CASE("softplus, log_sigmoid, sigmoid, log_add_exp and BCE on logits are stable") {
  using namespace advdiv::math;
  CHECK(softplus(0.0) == doctest::Approx(std::log(2.0)));
  CHECK(softplus(800.0) == 800.0);                                   // e^800 would overflow
  CHECK(softplus(-800.0) == 0.0);
  CHECK(softplus(-40.0) == doctest::Approx(std::exp(-40.0)).epsilon(1e-15));  // not 0
  CHECK(log_sigmoid(-800.0) == -800.0);
  CHECK(log_sigmoid(40.0) == doctest::Approx(-std::exp(-40.0)).epsilon(1e-15));
  CHECK(sigmoid(-800.0) == 0.0);
  CHECK(sigmoid(800.0) == 1.0);
  CHECK(sigmoid(1.5) == doctest::Approx(1 / (1 + std::exp(-1.5))));
  CHECK(log_add_exp(1000.0, 1000.0) == doctest::Approx(1000 + std::log(2.0)));
  CHECK(log_add_exp(-infinity<double>(), -infinity<double>()) == -infinity<double>());
  CHECK(log_add_exp(-infinity<double>(), 3.0) == 3.0);
  // BCE with logits against the naive formula where that is accurate, and its limits.
  for (double x : {-5.0, -0.3, 0.0, 2.0, 7.0})
    for (double z : {0.0, 0.25, 1.0}) {
      const double s = 1 / (1 + std::exp(-x));
      CHECK(bce_with_logit(x, z) == doctest::Approx(-(z * std::log(s) + (1 - z) * std::log(1 - s))));
    }
  CHECK(bce_with_logit(1000.0, 0.0) == 1000.0);
  CHECK(bce_with_logit(-1000.0, 1.0) == 1000.0);
  CHECK(bce_with_logit(1000.0, 1.0) == 0.0);
}

TEST_CASE("log_sum_exp") {
  CHECK(advdiv::log_sum_exp(std::vector<double>{1000.0, 1000.0}) == doctest::Approx(1000 + std::log(2.0)));
  CHECK(advdiv::log_sum_exp(std::vector<double>{-1000.0, -1000.0, -1000.0}) ==
        doctest::Approx(-1000 + std::log(3.0)));
  CHECK(advdiv::log_sum_exp(std::vector<double>{}) == -infinity<double>());
  CHECK(advdiv::log_sum_exp(std::vector<double>{0.0, std::log(2.0), std::log(5.0)}) ==
        doctest::Approx(std::log(8.0)));
  CHECK(std::isnan(advdiv::log_sum_exp(std::vector<double>{0.0, std::nan("")})));
  CHECK(advdiv::log_sum_exp(std::vector<double>{0.0, infinity<double>()}) == infinity<double>());
}

TEST_CASE("concepts name the roles") {
  static_assert(advdiv::probability_range<std::vector<double>>);
  static_assert(advdiv::probability_range<std::array<float, 3>>);
  static_assert(advdiv::probability_range<std::span<const long double>>);
  static_assert(advdiv::probability_range<double[4]>);
  // Integer vectors match probability_range only so that the divergences can refuse them
  // with one readable static_assert (tests/compile_fail/kl_integer_counts.cpp); they are not
  // vector_like, and neither are strings.
  static_assert(advdiv::probability_range<std::vector<int>>);
  static_assert(!advdiv::vector_like<std::vector<int>>);
  static_assert(!advdiv::probability_range<double>);
  static_assert(!advdiv::probability_range<std::string>);
  static_assert(std::is_same_v<advdiv::vector_value_t<std::array<float, 3>>, float>);
}
