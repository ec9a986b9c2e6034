// The optimal discriminator D*, the GAN value V(G, D), the optimal f-GAN critic T* and the
// variational bound: the identities of Goodfellow et al. (2014) and Nowozin et al. (2016).

#include <advdiv/advdiv.hpp>
#include <advdiv/density.hpp>

#include "reference.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <tuple>

// File-local names live in namespace test_discriminator: the layer compiles as one translation unit.
namespace test_discriminator {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
const double log4 = 2 * std::numbers::ln2;

// A discriminator given by its logit l(x) + ε h(x) (the logit path of gan_value).
template <class Base>
struct perturbed_logit {
  Base base;
  double eps;
  std::function<double(double)> h;
  double logit(double x) const { return base.logit(x) + eps * h(x); }
};

// Checks V(G, D*) = 2·JS − log 4 and that perturbed discriminators give less.
// True if fn throws std::domain_error whose message starts and ends as given (the middle
// names the quadrature node where the problem was met).
template <class Fn>
bool throws_domain_error(Fn fn, const std::string& head, const std::string& tail) {
  try {
    fn();
  } catch (const std::domain_error& e) {
    const std::string m = e.what();
    return m.rfind(head, 0) == 0 && m.size() >= tail.size() && m.compare(m.size() - tail.size(), tail.size(), tail) == 0;
  }
  return false;
}

template <class P, class G>
void check_gan_identity(const P& data, const G& gen, bool plain_path = false) {
  const auto D = advdiv::optimal_discriminator(data, gen);
  const auto v = advdiv::gan_value(data, gen, D);
  const double js = advdiv::js(data, gen).value;
  CHECK(std::abs(v.value - (2 * js - log4)) <= 1e-9);
  CHECK(v.error <= 1e-9);
  CHECK(v.value >= -log4 - 1e-12);
  CHECK(v.value <= 1e-12);
  // The same value as the f-divergence of fdiv::gan (Goodfellow's C(G)).
  CHECK(std::abs(v.value - advdiv::f_divergence(data, gen, advdiv::fdiv::gan{}).value) <= 1e-9);
  // Through the plain callable path (D(x) in [0, 1]) the value is the same where D* does not
  // round to 0 or 1 while a density is still positive (then log(1 − D) = −inf, as it should
  // be for that rounded D: the reason to expose a logit).
  if (plain_path) {
    const auto plain = advdiv::gan_value(data, gen, [&](double x) { return D(x); });
    CHECK(std::abs(plain.value - v.value) <= 1e-9);
  }
  const std::function<double(double)> shapes[] = {[](double) { return 1.0; },
                                                  [](double x) { return std::sin(x); },
                                                  [](double x) { return std::tanh(x - 1); }};
  for (const auto& h : shapes) {
    for (double eps : {-0.5, -0.02, 0.02, 0.5}) {
      CAPTURE(eps);
      const perturbed_logit<decltype(D)> Dp{D, eps, h};
      CHECK(advdiv::gan_value(data, gen, Dp).value < v.value - 1e-8);
      // And as a plain probability.
      const auto Dq = [&](double x) { return advdiv::math::sigmoid(Dp.logit(x)); };
      CHECK(advdiv::gan_value(data, gen, Dq).value < v.value - 1e-8);
    }
  }
}

}  // namespace

TEST_CASE("D* = p_data/(p_data + p_G), exact in the tails") {
  using namespace advdiv;
  const normal data{0, 1};
  const mixture gen{{0.5, normal{-2, 1}}, {0.5, normal{2, 1}}};
  const auto D = optimal_discriminator(data, gen);
  for (double x : {-3.0, -1.0, 0.0, 0.5, 2.0}) {
    const double p = pdf(data, x), g = pdf(gen, x);
    CHECK(D(x) == doctest::Approx(p / (p + g)).epsilon(1e-14));
    CHECK(D.logit(x) == doctest::Approx(std::log(p / g)).epsilon(1e-13));
    CHECK(D.log_value(x) == doctest::Approx(std::log(p / (p + g))).epsilon(1e-13));
    CHECK(D.log_one_minus(x) == doctest::Approx(std::log(g / (p + g))).epsilon(1e-13));
  }
  // At x = 60 both densities underflow; the logit is −x²/2 − log(½e^{−(x−2)²/2}(1 + e^{−4x}))
  // = −2x + 2 + log 2 (to double precision).
  CHECK(pdf(data, 60.0) == 0.0);
  CHECK(D.logit(60.0) == doctest::Approx(-120 + 2 + std::log(2.0)).epsilon(1e-14));
  CHECK(D(60.0) > 0.0);  // e^{−115.3}, not 0/0
  CHECK(D.log_value(60.0) == doctest::Approx(-120 + 2 + std::log(2.0)).epsilon(1e-13));
  CHECK(D.log_one_minus(60.0) > -1e-40);
  // Disjoint supports: D* is 1 on the data support, 0 on the generator's, ½ outside both.
  const auto Du = optimal_discriminator(uniform{0, 1}, uniform{2, 3});
  CHECK(Du(0.5) == 1.0);
  CHECK(Du(2.5) == 0.0);
  CHECK(Du.logit(0.5) == inf);
  CHECK(Du(10.0) == 0.5);
  CHECK(Du.p_data().b() == 1.0);
  CHECK(Du.p_g().a() == 2.0);
}

TEST_CASE("V(G, D*) = 2 JS − log 4 on every toy pair, and any other D gives less") {
  using namespace advdiv;
  check_gan_identity(normal{0, 1}, mixture{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}});
  check_gan_identity(normal{0, 1}, normal{1.5, 0.7});
  check_gan_identity(normal{0, 1}, normal{0.5, 1}, true);
  check_gan_identity(laplace{0, 1}, logistic{0.5, 0.8});
  check_gan_identity(exponential{1.5}, laplace{1, 1});
  check_gan_identity(uniform{-1, 1}, normal{0, 1});
  check_gan_identity(mixture<laplace>{{0.5, laplace{-2, 0.7}}, {0.5, laplace{2, 0.7}}}, logistic{0, 1.5});
  check_gan_identity(normal{0, 1}, normal{0, 1});  // p_G = p_data: V = −log 4
  // Disjoint supports: JS = log 2, V(G, D*) = 0.
  const auto D = optimal_discriminator(uniform{0, 1}, uniform{2, 3});
  CHECK(std::abs(gan_value(uniform{0, 1}, uniform{2, 3}, D).value) <= 1e-12);
  // D = ½ everywhere gives −log 4 for any pair.
  CHECK(std::abs(gan_value(normal{0, 1}, laplace{3, 2}, [](double) { return 0.5; }).value + log4) <= 1e-9);
}

TEST_CASE("gan_value rejects a D outside [0, 1]") {
  using namespace advdiv;
  const normal a{0, 1}, b{1, 1};
  CHECK(throws_domain_error([&] { gan_value(a, b, [](double) { return 1.25; }); }, "advdiv::gan_value: D(",
                            ") = 1.25 is not in [0, 1]"));
  CHECK_THROWS_AS(gan_value(a, b, [](double x) { return x; }), std::domain_error);
  CHECK_THROWS_AS(gan_value(a, b, [](double) { return std::nan(""); }), std::domain_error);
  CHECK_THROWS_WITH_AS(gan_value(a, b, [](double) { return 0.5; }, {.abs_tolerance = 0}),
                       "advdiv::gan_value: abs_tolerance = 0 is not positive", std::domain_error);
  // D = 0 where the data has mass: V = −inf (not NaN).
  CHECK(gan_value(a, b, [](double) { return 0.0; }).value == -inf);
}

namespace {

// For one generator: the bound at T* equals D_f, perturbed critics give less.
template <class P, class Q, class G>
void check_critic(const P& p, const Q& q, const G& g, const char* name) {
  CAPTURE(name);
  const auto T = advdiv::optimal_critic(p, q, g);
  const auto bound = advdiv::variational_bound(p, q, T, g);
  const auto d = advdiv::f_divergence(p, q, g);
  CHECK(std::abs(bound.value - d.value) <= 1e-8);
  CHECK(bound.error <= 1e-8);
  // Convex combinations with the interior point f'(1) stay in dom f* and lower the bound.
  const double t0 = g.f_prime(1.0);
  for (double eps : {0.01, 0.2}) {
    const auto mixed = [&](double x) { return (1 - eps) * T(x) + eps * t0; };
    CHECK(advdiv::variational_bound(p, q, mixed, g).value < bound.value - 1e-7);
    const auto wavy = [&](double x) {
      const double e = eps * 0.5 * (1 + std::sin(3 * x));
      return (1 - e) * T(x) + e * t0;
    };
    CHECK(advdiv::variational_bound(p, q, wavy, g).value < bound.value - 1e-7);
  }
}

template <class P, class Q>
void check_catalogue(const P& p, const Q& q) {
  using namespace advdiv::fdiv;
  check_critic(p, q, kl{}, "kl");
  check_critic(p, q, reverse_kl{}, "reverse_kl");
  check_critic(p, q, pearson{}, "pearson");
  check_critic(p, q, neyman{}, "neyman");
  check_critic(p, q, squared_hellinger{}, "squared_hellinger");
  check_critic(p, q, jeffreys{}, "jeffreys");
  check_critic(p, q, jensen_shannon{}, "jensen_shannon");
  check_critic(p, q, gan{}, "gan");
  check_critic(p, q, total_variation{}, "total_variation");
  check_critic(p, q, alpha{0.5}, "alpha 0.5");
  check_critic(p, q, alpha{2.0}, "alpha 2");
  check_critic(p, q, alpha{-1.0}, "alpha -1");
}

}  // namespace

TEST_CASE("the variational bound at T* = f'(p/q) equals D_f for every generator") {
  using namespace advdiv;
  // Tails chosen so that every divergence of the catalogue (χ² both ways included) is finite.
  check_catalogue(mixture{{0.5, normal{-1, 1}}, {0.5, normal{1, 1}}}, normal{0, 1.3});
  check_catalogue(logistic{0, 1}, laplace{0.3, 1.2});
}

TEST_CASE("the variational bound at T* where p underflows and q^2/p does not") {
  using namespace advdiv;
  // p underflows a double beyond |x| ≈ 38.6 while q²/p = e^{−0.0102 x²}/... does not: there
  // T* = (1 − u⁻²)/2 (α = −1) and 1 − u⁻² (Neyman) overflow a double (the bound was +inf and
  // −inf). D_{−1} = (σp²/(σq·√(2σp² − σq²)) − 1)/2 = 9/7 for σp = 1, σq = 1.4; χ²_N = 18/7.
  const normal p{0, 1}, q{0, 1.4};
  const auto Ta = optimal_critic(p, q, fdiv::alpha{-1.0});
  const auto a = variational_bound(p, q, Ta, fdiv::alpha{-1.0});
  CHECK(std::abs(a.value - 9.0 / 7) <= 1e-9);
  CHECK(a.error <= 1e-8);
  const auto Tn = optimal_critic(p, q, fdiv::neyman{});
  const auto n = variational_bound(p, q, Tn, fdiv::neyman{});
  CHECK(std::abs(n.value - 18.0 / 7) <= 1e-9);
  CHECK(n.error <= 1e-8);
  // The mixture of the catalogue test with nodes put where p underflows (the breakpoints);
  // references by mpmath.quad at 40 digits, tests/data/density/variational_tails.py.
  const mixture m{{0.5, normal{-1, 1}}, {0.5, normal{1, 1}}};
  const normal w{0, 1.3};
  const density_options far{.breakpoints = {-45, -40, 40, 45}};
  CHECK(std::abs(variational_bound(m, w, optimal_critic(m, w, fdiv::alpha{-1.0}), fdiv::alpha{-1.0}, far).value -
                 0.017067359087198716934) <= 1e-15);
  CHECK(std::abs(variational_bound(m, w, optimal_critic(m, w, fdiv::neyman{}), fdiv::neyman{}, far).value -
                 0.034134718174397433867) <= 1e-15);
  // KL(U‖N) between U = uniform{−3, 3} and N = normal{0, 0.05}: N underflows a double beyond
  // |x| ≈ 1.93, where U has 36 % of its mass; T* = 1 + log u is finite, and q·f*(T*) = p there
  // (it was dropped: 0.36 too much). Reverse KL the other way: p·T* = −q (was dropped, and T*
  // = −q/p overflowed). Closed form: log(σ√(2π)/6) + E_U[x²]/(2σ²) = log(σ√(2π)/6) + 600.
  const uniform u{-3, 3};
  const normal s{0, 0.05};
  const double kl_us = std::log(0.05 * std::sqrt(2 * std::numbers::pi) / 6) + 600;
  const auto k = variational_bound(u, s, optimal_critic(u, s, fdiv::kl{}), fdiv::kl{});
  CHECK(std::abs(k.value - kl_us) <= 1e-9 * kl_us);
  const auto r = variational_bound(s, u, optimal_critic(s, u, fdiv::reverse_kl{}), fdiv::reverse_kl{});
  CHECK(std::abs(r.value - kl_us) <= 1e-9 * kl_us);
}

TEST_CASE("a double critic that is -inf where p > 0 gives a bound of -inf, not +inf") {
  using namespace advdiv;
  // T* rounded to double is −inf where p underflows and q²/p does not (|x| > 38.6): E_P[T] =
  // −inf, so the bound is −inf (it was +inf: p·T was dropped and −q·f*(−inf) = +inf kept).
  const normal p{0, 1}, q{0, 1.4};
  const auto T = optimal_critic(p, q, fdiv::alpha{-1.0});
  CHECK(T(40.0) == -inf);
  const auto plain = [&](double x) { return T(x); };
  CHECK(variational_bound(p, q, plain, fdiv::alpha{-1.0}).value == -inf);
  // The same where p is exactly 0 stays the limit q·f(0) = +inf (disjoint supports).
  const uniform a{0, 1}, b{0, 2};
  CHECK(variational_bound(a, b, optimal_critic(a, b, fdiv::alpha{-1.0}), fdiv::alpha{-1.0}).value == inf);
}

TEST_CASE("T* agrees with the generators and with D*") {
  using namespace advdiv;
  const normal p{0, 1}, q{1, 2};
  const auto Tkl = optimal_critic(p, q, fdiv::kl{});
  const auto Tgan = optimal_critic(p, q, fdiv::gan{});
  const auto D = optimal_discriminator(p, q);
  for (double x : {-2.0, 0.0, 1.5, 30.0}) {
    const double lr = log_pdf(p, x) - log_pdf(q, x);
    CHECK(Tkl.log_ratio(x) == doctest::Approx(lr).epsilon(1e-14));
    CHECK(Tkl(x) == doctest::Approx(1 + lr).epsilon(1e-13));     // f'(u) = 1 + log u
    CHECK(Tgan(x) == doctest::Approx(D.log_value(x)).epsilon(1e-12));  // T* = log D*
  }
  // Where q = 0 < p: T* = lim f'(u) (JS: ½ log 2); where p = 0 < q: f'(0).
  const auto Tjs = optimal_critic(uniform{0, 2}, uniform{1, 3}, fdiv::jensen_shannon{});
  CHECK(Tjs(0.5) == doctest::Approx(0.5 * std::log(2.0)).epsilon(1e-15));
  CHECK(Tjs(2.5) == -inf);
  CHECK(Tjs(1.5) == doctest::Approx(0.0).epsilon(1e-15));
  CHECK(Tjs.p().a() == 0.0);
  CHECK(Tjs.q().b() == 3.0);
  // Partially disjoint supports: the bound at T* is JS all the same.
  const auto b = variational_bound(uniform{0, 2}, uniform{1, 3}, Tjs, fdiv::jensen_shannon{});
  CHECK(std::abs(b.value - js(uniform{0, 2}, uniform{1, 3}).value) <= 1e-9);
  CHECK(std::abs(b.value - 0.5 * std::log(2.0)) <= 1e-9);
}

TEST_CASE("variational_bound rejects critics outside dom f*") {
  using namespace advdiv;
  const normal p{0, 1}, q{1, 1};
  CHECK(throws_domain_error([&] { variational_bound(p, q, [](double) { return 0.25; }, fdiv::gan{}); },
                            "advdiv::variational_bound: T(", ") = 0.25 is not in the domain of f*"));
  CHECK(throws_domain_error([&] { variational_bound(p, q, [](double) { return 0.75; }, fdiv::total_variation{}); },
                            "advdiv::variational_bound: T(", ") = 0.75 is not in the domain of f*"));
  CHECK_THROWS_AS(variational_bound(p, q, [](double) { return std::nan(""); }, fdiv::kl{}), std::domain_error);
  CHECK_THROWS_WITH_AS(variational_bound(p, q, [](double) { return 0.0; }, fdiv::kl{}, {.log_base = 0}),
                       "advdiv::variational_bound: log_base = 0 is not finite and > 1", std::domain_error);
  // Any critic in the domain gives a lower bound: T = 0 gives −E_Q[f*(0)] = −e^{−1} for KL.
  CHECK(std::abs(variational_bound(p, q, [](double) { return 0.0; }, fdiv::kl{}).value + std::exp(-1.0)) <= 1e-9);
}

TEST_CASE("gan_value with a saturating D: the logit form is exact, the plain form integrates where the mass is") {
  using namespace advdiv;
  // References: gan.csv, V(G, D) for D(x) = σ(a x + b) by mpmath.quad at 30 digits.
  const auto reference = [](const std::string& pair) {
    for (const auto& r : advdiv_test::read_csv("gan.csv")) {
      if (r[0] == pair)
        return std::tuple{advdiv_test::number(r[1]), advdiv_test::number(r[2]), advdiv_test::number(r[3])};
    }
    FAIL("no reference for " << pair);
    return std::tuple{0.0, 0.0, 0.0};
  };
  const auto check_pair = [&](const std::string& pair, const auto& data, const auto& gen, bool plain_is_finite) {
    CAPTURE(pair);
    const auto [a, b, want] = reference(pair);
    const auto logit = from_logit([a = a, b = b](double x) { return a * x + b; });
    const auto v = gan_value(data, gen, logit);
    CHECK(std::abs(v.value - want) <= 1e-9);
    CHECK(std::abs(v.value - want) <= v.error + 1e-14);
    // V(G, D) ≤ V(G, D*) = 2 JS − log 4.
    CHECK(v.value <= gan_value(data, gen, optimal_discriminator(data, gen)).value + 1e-12);
    CHECK(gan_value(data, gen, logit, bits).value == doctest::Approx(v.value / std::numbers::ln2).epsilon(1e-15));
    // The same D as a plain probability: it rounds to 1.0 for a x + b > 37.
    const auto plain = gan_value(data, gen, [a = a, b = b](double x) { return 1 / (1 + std::exp(-(a * x + b))); });
    if (plain_is_finite) {
      CHECK(std::abs(plain.value - want) <= 1e-9);
      CHECK(std::abs(plain.value - want) <= plain.error + 1e-14);
      CHECK(plain.error <= 1e-9);
    } else {
      // D = 1.0 exactly where p_G still has mass (here x > 46 under N(0, 10²), mass 2e-6):
      // for that function V is −inf, which is why the logit form is the recommended one.
      CHECK(plain.value == -inf);
    }
  };
  // Issue 10's reproducer: D = σ(0.8x − 0.2) is 1.0 beyond x = 46, where N(0, 3²) has a
  // density of 1e-53; log(1 − D) = −inf times it made V = −inf.
  check_pair("normal_1_1_vs_normal_0_3", normal{1, 1}, normal{0, 3}, true);
  check_pair("normal_1_1_vs_normal_0_10", normal{1, 1}, normal{0, 10}, false);
  check_pair("normal_0_1_vs_normal_0.5_1", normal{0, 1}, normal{0.5, 1}, true);
  check_pair("laplace_0_1_vs_logistic_0.5_0.8", laplace{0, 1}, logistic{0.5, 0.8}, false);
  // A logit of ±inf means D is exactly 1 or 0: V = −inf where the other density has mass.
  CHECK(gan_value(normal{0, 1}, normal{1, 1}, from_logit([](double) { return inf; })).value == -inf);
  CHECK(throws_domain_error([&] { gan_value(normal{0, 1}, normal{1, 1}, from_logit([](double) { return std::nan(""); })); },
                            "advdiv::gan_value: logit(", ") = nan is not a number"));
  // from_logit is a discriminator in its own right.
  const auto D = from_logit([](double x) { return 2 * x; });
  CHECK(D(0.0) == 0.5);
  CHECK(D.logit(1.5) == 3.0);
  static_assert(logit_discriminator<decltype(D)>);
}

}  // namespace test_discriminator
