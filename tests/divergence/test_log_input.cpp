// KL, JS and cross-entropy from log-probabilities and logits: equal to the probability forms on
// ordinary inputs, exact where the probabilities under- or overflow (references: mpmath at
// 60 digits), and every bad element named.
#include <advdiv/divergence.hpp>
#include <advdiv/divergence/log_input.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

// File-local names live in namespace test_log_input: the layer compiles as one translation unit.
namespace test_log_input {

namespace {
template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}
std::vector<double> logs(const std::vector<double>& p) {
  std::vector<double> a;
  for (double x : p) a.push_back(std::log(x));
  return a;
}
}  // namespace

TEST_CASE("log-probability and logit forms equal the probability forms on ordinary vectors") {
  const std::vector<double> p{0.1, 0.2, 0.3, 0.4, 0.0}, q{0.25, 0.25, 0.2, 0.2, 0.1};
  const auto a = logs(p), b = logs(q);  // log 0 = −inf
  using advdiv::log_probabilities;
  CHECK(advdiv::kl(log_probabilities(a), log_probabilities(b)) == doctest::Approx(advdiv::kl(p, q)).epsilon(1e-14));
  CHECK(advdiv::kl(log_probabilities(b), log_probabilities(a)) == INFINITY);  // q > 0 = p at index 4
  CHECK(advdiv::js(log_probabilities(a), log_probabilities(b)) == doctest::Approx(advdiv::js(p, q)).epsilon(1e-14));
  CHECK(advdiv::cross_entropy(p, log_probabilities(b)) == doctest::Approx(advdiv::cross_entropy(p, q)).epsilon(1e-14));
  CHECK(advdiv::cross_entropy(log_probabilities(a), log_probabilities(b)) ==
        doctest::Approx(advdiv::entropy(p) + advdiv::kl(p, q)).epsilon(1e-14));
  // Logits are log-probabilities up to a shift.
  std::vector<double> za(a), zb(b);
  for (double& x : za) x += 7.5;
  for (double& x : zb) x -= 3.0;
  CHECK(advdiv::kl(advdiv::logits(za), advdiv::logits(zb)) == doctest::Approx(advdiv::kl(p, q)).epsilon(1e-14));
  CHECK(advdiv::kl(advdiv::logits(za), advdiv::logits(zb), advdiv::bits) ==
        doctest::Approx(advdiv::kl(p, q, advdiv::bits)).epsilon(1e-14));
  // Other vector types, and temporaries.
  const Eigen::VectorXd ea = Eigen::Map<const Eigen::VectorXd>(za.data(), 5);
  CHECK(advdiv::js(advdiv::logits(ea), advdiv::logits(std::vector<double>(zb))) ==
        doctest::Approx(advdiv::js(p, q)).epsilon(1e-14));
}

TEST_CASE("against mpmath where softmax overflows or the probabilities underflow") {
  // Logits of size ±800: e^800 overflows, e^-800 underflows. mpmath, 60 digits.
  const std::vector<double> z1{800.0, 0.0, -800.0}, z2{0.0, 0.0, 0.0}, z3{2.0, 0.0, -1.0}, z4{0.5, 0.25, 1.5};
  CHECK(advdiv::kl(advdiv::logits(z1), advdiv::logits(z2)) == doctest::Approx(1.098612288668109691395245).epsilon(1e-15));
  CHECK(advdiv::js(advdiv::logits(z1), advdiv::logits(z2)) == doctest::Approx(0.3182570841474064092252119).epsilon(1e-15));
  CHECK(advdiv::kl(advdiv::logits(z3), advdiv::logits(z4)) == doctest::Approx(0.9657009949690347268190552).epsilon(1e-15));
  CHECK(advdiv::js(advdiv::logits(z3), advdiv::logits(z4)) == doctest::Approx(0.2459071521945836318728938).epsilon(1e-15));
  // P = (1 − e^-800, e^-800), Q = (e^-800, 1 − e^-800) as log-probabilities: KL = 800 exactly
  // to double precision, while the probabilities round to (1, 0) and (0, 1), whose KL is +inf.
  const std::vector<double> a{-0.0, -800.0}, b{-800.0, -0.0};
  CHECK(advdiv::kl(advdiv::log_probabilities(a), advdiv::log_probabilities(b)) == 800.0);
  CHECK(advdiv::kl(std::vector<double>{std::exp(a[0]), std::exp(a[1])},
                   std::vector<double>{std::exp(b[0]), std::exp(b[1])}) == INFINITY);
  CHECK(advdiv::js(advdiv::log_probabilities(a), advdiv::log_probabilities(b)) ==
        doctest::Approx(std::numbers::ln2).epsilon(1e-15));
  // torch.nn.functional.cross_entropy(z, target) with a hard and a soft target.
  const std::vector<double> z{0.5, 2.0, -1.0};
  CHECK(advdiv::cross_entropy(std::vector<double>{0, 1, 0}, advdiv::logits(z)) ==
        doctest::Approx(0.2413112966571570602114411).epsilon(1e-15));
  CHECK(advdiv::cross_entropy(std::vector<double>{0.2, 0.5, 0.3}, advdiv::logits(z)) ==
        doctest::Approx(1.441311296657157043558096).epsilon(1e-15));
  // float logits are read in double.
  const std::vector<float> zf{800.0f, 0.0f, -800.0f}, zu{0.0f, 0.0f, 0.0f};
  CHECK(advdiv::kl(advdiv::logits(zf), advdiv::logits(zu)) == doctest::Approx(1.098612288668109691395245).epsilon(1e-15));
}

TEST_CASE("bad log inputs are named") {
  const std::vector<double> ok{std::log(0.5), std::log(0.5)}, nan_v{0.0, NAN}, pinf{0.0, INFINITY},
      short_sum{std::log(0.5), std::log(0.4)}, none{-INFINITY, -INFINITY}, three{0.0, 0.0, 0.0};
  using advdiv::log_probabilities, advdiv::logits;
  CHECK(message_of([&] { advdiv::kl(log_probabilities(ok), log_probabilities(nan_v)); }) ==
        "advdiv::kl: log_q[1] = nan is not finite or -inf");
  CHECK(message_of([&] { advdiv::js(logits(pinf), logits(ok)); }) ==
        "advdiv::js: logits_p[1] = inf is not finite or -inf");
  CHECK(message_of([&] { advdiv::kl(log_probabilities(short_sum), log_probabilities(ok)); }) ==
        "advdiv::kl: exp(log_p) sums to 0.9, not 1 (tolerance " + advdiv::detail::format_value(advdiv::default_sum_tolerance<double>()) + ")");
  CHECK(message_of([&] { advdiv::kl(logits(none), logits(ok)); }) == "advdiv::kl: logits_p are all -inf (no mass)");
  CHECK(message_of([&] { advdiv::kl(logits(three), logits(ok)); }) == "advdiv::kl: p and q differ in length (3 and 2)");
  CHECK(message_of([&] { advdiv::cross_entropy(std::vector<double>{0.5, -0.5, 1.0}, logits(three)); }) ==
        "advdiv::cross_entropy: p[1] = -0.5 is negative");
  CHECK(message_of([&] { advdiv::kl(logits(ok), logits(ok), {.log_base = 0.5}); }) ==
        "advdiv::kl: log_base = 0.5 is not finite and > 1");
  CHECK(message_of([&] { advdiv::kl(logits(std::vector<double>{}), logits(ok)); }) == "advdiv::kl: logits_p is empty");
}

}  // namespace test_log_input
