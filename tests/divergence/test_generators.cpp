// The f-generator catalogue: Fenchel–Young, the conjugate domain, the output activations,
// the stable f*(g_f(v)), the optimal critic f'(u), and the closed forms of the table.
#include "reference_data.hpp"

#include <advdiv/divergence/fdiv.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <tuple>
#include <type_traits>

// File-local names live in namespace test_generators: the layer compiles as one translation unit.
namespace test_generators {

namespace {

// Every catalogue generator is a trivially copyable, exception-free parameter object.
static_assert(std::is_trivially_copyable_v<advdiv::fdiv::kl> && std::is_trivially_copyable_v<advdiv::fdiv::alpha>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::kl>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::reverse_kl>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::pearson>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::neyman>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::squared_hellinger>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::jeffreys>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::jensen_shannon>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::gan>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::total_variation>);
static_assert(advdiv::variational_f_generator<advdiv::fdiv::alpha>);
static_assert(!advdiv::f_generator<int>);
static_assert(!advdiv::f_generator<double>);
struct only_f {
  template <class T> T f(T u) const { return u * u - 1; }
};
static_assert(!advdiv::f_generator<only_f>);  // the limit at q = 0 needs slope_at_infinity

const double ratios[] = {1e-6, 0.01, 0.2, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0, 30.0, 1e3};

// Applies fn to every generator of the catalogue (alpha at several parameters).
template <class Fn>
void for_each_generator(Fn fn) {
  fn("kl", advdiv::fdiv::kl{});
  fn("reverse_kl", advdiv::fdiv::reverse_kl{});
  fn("pearson", advdiv::fdiv::pearson{});
  fn("neyman", advdiv::fdiv::neyman{});
  fn("squared_hellinger", advdiv::fdiv::squared_hellinger{});
  fn("jeffreys", advdiv::fdiv::jeffreys{});
  fn("jensen_shannon", advdiv::fdiv::jensen_shannon{});
  fn("gan", advdiv::fdiv::gan{});
  fn("total_variation", advdiv::fdiv::total_variation{});
  fn("alpha(0.5)", advdiv::fdiv::alpha{0.5});
  fn("alpha(2)", advdiv::fdiv::alpha{2.0});
  fn("alpha(-1)", advdiv::fdiv::alpha{-1.0});
  fn("alpha(3)", advdiv::fdiv::alpha{3.0});
}

}  // namespace

TEST_CASE("f(1) = 0 and f is convex on the grid") {
  for_each_generator([](const char* name, const auto& g) {
    INFO(std::string(name));
    // f(1) = 0 normalises D(P‖P) = 0; gan keeps Goodfellow's offset, f(1) = −log 4.
    const double f1 = std::string(name) == "gan" ? -std::log(4.0) : 0.0;
    CHECK(std::abs(g.f(1.0) - f1) <= 1e-15);
    for (double u : ratios) {
      const double h = 1e-3 * u;
      CHECK(g.f(u - h) + g.f(u + h) - 2 * g.f(u) >= -1e-12 * (1 + std::abs(g.f(u))));
    }
  });
}

TEST_CASE("f' matches a central difference of f (the optimal critic T* = f'(p/q))") {
  for_each_generator([](const char* name, const auto& g) {
    INFO(std::string(name));
    for (double u : ratios) {
      if (u == 1.0 && std::string(name) == "total_variation") continue;  // kink
      const double h = 1e-4 * u;
      const double fd = (g.f(u + h) - g.f(u - h)) / (2 * h);
      INFO("u = " << u);
      CHECK(g.f_prime(u) == doctest::Approx(fd).epsilon(1e-6).scale(1));
    }
  });
}

TEST_CASE("Fenchel–Young: f(u) + f*(t) >= u t, with equality at t = f'(u)") {
  for_each_generator([](const char* name, const auto& g) {
    INFO(std::string(name));
    const advdiv::interval dom = g.conjugate_domain();
    for (double u : ratios) {
      const double t_star = g.f_prime(u);
      if (std::string(name) != "total_variation" || u != 1.0) {
        INFO("u = " << u << ", t* = " << t_star);
        CHECK(dom.contains(t_star));
        const double gap = g.f(u) + g.conjugate(t_star) - u * t_star;
        CHECK(std::abs(gap) <= 1e-9 * (1 + std::abs(u * t_star) + std::abs(g.f(u))));
      }
      for (double t : {-20.0, -3.0, -0.6, -0.5, -0.1, 0.0, 0.2, 0.34, 0.5, 0.9, 3.0}) {
        if (!dom.contains(t)) {
          CHECK(g.conjugate(t) == std::numeric_limits<double>::infinity());
          continue;
        }
        INFO("u = " << u << ", t = " << t);
        CHECK(g.f(u) + g.conjugate(t) - u * t >= -1e-9 * (1 + std::abs(u * t)));
      }
    }
  });
}

TEST_CASE("f* is the supremum: brute-force maximisation of u t − f(u) over a fine grid") {
  for_each_generator([](const char* name, const auto& g) {
    INFO(std::string(name));
    const advdiv::interval dom = g.conjugate_domain();
    for (double t : {-2.0, -0.7, -0.3, 0.0, 0.25, 0.4, 0.8, 1.5}) {
      if (!dom.contains(t)) continue;
      double best = -std::numeric_limits<double>::infinity();
      for (double lu = -12; lu <= 8; lu += 1e-4) {
        const double u = std::exp(lu);
        best = std::max(best, u * t - g.f(u));
      }
      // total_variation's sup is attained in the limit u → 0 (for t < 0): f* = t − 0 limit.
      INFO("t = " << t);
      CHECK(g.conjugate(t) == doctest::Approx(best).epsilon(1e-6).scale(1));
    }
  });
}

TEST_CASE_TEMPLATE("g_f maps every v into dom f*, and f*(g_f(v)) equals its stable form", T, float, double) {
  const T vmax = std::is_same_v<T, float> ? T(80) : T(700);
  for_each_generator([&](const char* name, const auto& g) {
    INFO(std::string(name));
    const advdiv::interval dom = g.conjugate_domain();
    T previous = -std::numeric_limits<T>::infinity();
    for (T v = -vmax; v <= vmax; v += vmax / 70) {
      INFO("v = " << v);
      const T a = g.activation(v);
      // g_f(v) lies inside dom f* mathematically; for large |v| a saturating activation
      // (1 − e^{−v}, log 2 − softplus(−v), ...) rounds onto the open end itself, which is why
      // f*(g_f(v)) is evaluated by the stable form and never as f*(rounded g_f(v)).
      const bool at_end = a == T(dom.upper) || a == T(dom.lower);
      CHECK((dom.contains(a) || (at_end && std::abs(v) > -std::log(std::numeric_limits<T>::epsilon()))));
      const T stable = g.conjugate_of_activation(v);
      CHECK(!std::isnan(stable));
      // f* and g_f are non-decreasing (Pearson's f* = t²/4 + t is the conjugate of (u − 1)²
      // extended to all of ℝ, which decreases for t < −2).
      if (std::string(name) != "pearson") CHECK(stable >= previous);
      previous = stable;
      // Where the naive composition loses nothing in long double, it must agree.
      if (std::abs(v) <= T(8)) {
        const long double ref = g.conjugate(g.activation(static_cast<long double>(v)));
        const double tol = std::is_same_v<T, float> ? 1e-5 : 1e-13;
        CHECK(static_cast<double>(stable) == doctest::Approx(static_cast<double>(ref)).epsilon(tol).scale(tol));
      }
    }
  });
}

TEST_CASE("f*(g_f(v)) against the naive composition at 400 digits (mpmath), |v| up to 700") {
  auto check = [](const char* name, const auto& g) {
    for (const std::string v : {"-700", "-100", "-30", "-5", "-0.25", "0", "0.25", "5", "30", "100", "700"}) {
      const long double ref = advdiv_test::reference(std::string("composite 0 ") + name + " " + v);
      INFO(std::string(name) << " at v = " << v);
      const double got = g.conjugate_of_activation(std::stod(v));
      if (std::isinf(static_cast<double>(ref)))
        CHECK(got == static_cast<double>(ref));
      else
        CHECK(got == doctest::Approx(static_cast<double>(ref)).epsilon(1e-14).scale(1e-300));
    }
  };
  check("kl", advdiv::fdiv::kl{});
  check("reverse_kl", advdiv::fdiv::reverse_kl{});
  check("pearson", advdiv::fdiv::pearson{});
  check("neyman", advdiv::fdiv::neyman{});
  check("squared_hellinger", advdiv::fdiv::squared_hellinger{});
  check("jensen_shannon", advdiv::fdiv::jensen_shannon{});
  check("gan", advdiv::fdiv::gan{});
  check("total_variation", advdiv::fdiv::total_variation{});
}

TEST_CASE("the optimal critic reaches dom f* through the activation: g_f(v*) = f'(u)") {
  // f'(u) lies in the image of g_f for every u > 0, so a critic V(x) can represent T*.
  for_each_generator([](const char* name, const auto& g) {
    INFO(std::string(name));
    for (double u : ratios) {
      if (std::string(name) == "total_variation") continue;  // image of ½tanh is open: f' = ±½
      const double t = g.f_prime(u);
      double lo = -1e13, hi = 1e13;  // g_f is increasing: bisection for v*
      for (int i = 0; i < 400; ++i) {
        const double mid = (lo + hi) / 2;
        (g.activation(mid) < t ? lo : hi) = mid;
      }
      INFO("u = " << u);
      CHECK(g.activation((lo + hi) / 2) == doctest::Approx(t).epsilon(1e-9).scale(1));
    }
  });
}

TEST_CASE("closed forms of the table") {
  const double u = 2.5, t = -0.75;
  CHECK(advdiv::fdiv::kl{}.f(u) == doctest::Approx(u * std::log(u)));
  CHECK(advdiv::fdiv::kl{}.conjugate(t) == doctest::Approx(std::exp(t - 1)));
  CHECK(advdiv::fdiv::reverse_kl{}.conjugate(t) == doctest::Approx(-1 - std::log(0.75)));
  CHECK(advdiv::fdiv::pearson{}.conjugate(t) == doctest::Approx(t * t / 4 + t));
  CHECK(advdiv::fdiv::neyman{}.conjugate(t) == doctest::Approx(2 - 2 * std::sqrt(1 - t)));
  CHECK(advdiv::fdiv::squared_hellinger{}.conjugate(t) == doctest::Approx(t / (1 - t)));
  CHECK(advdiv::fdiv::jensen_shannon{}.conjugate(t) == doctest::Approx(-0.5 * std::log(2 - std::exp(2 * t))));
  CHECK(advdiv::fdiv::gan{}.conjugate(t) == doctest::Approx(-std::log(1 - std::exp(t))));
  CHECK(advdiv::fdiv::gan{}.f(u) == doctest::Approx(u * std::log(u) - (u + 1) * std::log(u + 1)));
  // gan = 2·(jensen_shannon) − log 4 pointwise: f_gan(u) = 2 f_js(u) − (u + 1) log 2.
  CHECK(advdiv::fdiv::gan{}.f(u) == doctest::Approx(2 * advdiv::fdiv::jensen_shannon{}.f(u) - (u + 1) * std::log(2.0)));
  // Domain ends.
  CHECK(advdiv::fdiv::jensen_shannon{}.conjugate_domain().upper == doctest::Approx(0.5 * std::log(2.0)));
  CHECK(advdiv::fdiv::alpha{3.0}.conjugate_domain().lower == doctest::Approx(-0.5));
  CHECK(advdiv::fdiv::alpha{0.5}.conjugate_domain().upper == doctest::Approx(2.0));
  CHECK(advdiv::fdiv::total_variation{}.conjugate_domain().contains(0.5));
  CHECK_FALSE(advdiv::fdiv::total_variation{}.conjugate_domain().contains(0.5000001));
  // The discriminator of the GAN row: D = σ(v), T = log D, f*(T) = −log(1 − D).
  const double v = 0.8, D = 1 / (1 + std::exp(-v));
  CHECK(advdiv::fdiv::gan{}.activation(v) == doctest::Approx(std::log(D)));
  CHECK(advdiv::fdiv::gan{}.conjugate_of_activation(v) == doctest::Approx(-std::log(1 - D)));
  // T* for GAN at u = p/q gives D* = p/(p+q).
  CHECK(std::exp(advdiv::fdiv::gan{}.f_prime(3.0)) == doctest::Approx(0.75));
}

TEST_CASE("Jeffreys' conjugate (Lambert W) against mpmath") {
  // More points, t in [-1e300, 700], and Wright's omega by Newton: test_edges.cpp.
  for (const char* t : {"-800", "-50", "-3", "-0.5", "0", "0.3", "1", "4", "20", "300"}) {
    INFO("t = " << t);
    const double ref = static_cast<double>(advdiv_test::reference(std::string("jeffreys_conjugate 0 double ") + t));
    CHECK(advdiv::fdiv::jeffreys{}.conjugate(std::stod(t)) == doctest::Approx(ref).epsilon(1e-13));
  }
}

TEST_CASE("advdiv::fdiv::alpha rejects 0, 1 and non-finite parameters") {
  CHECK_THROWS_WITH_AS(advdiv::fdiv::alpha{1.0}, "advdiv::fdiv::alpha: alpha = 1 is not finite and different from 0 and 1",
                       std::domain_error);
  CHECK_THROWS_AS(advdiv::fdiv::alpha{0.0}, std::domain_error);
  CHECK_THROWS_AS(advdiv::fdiv::alpha{std::nan("")}, std::domain_error);
  CHECK_NOTHROW(advdiv::fdiv::alpha{-2.0});
}

}  // namespace test_generators
