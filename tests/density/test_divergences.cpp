// Divergences between densities: quadrature against mpmath references and closed forms,
// disjoint supports, underflow, user densities, bad input.

#include <advdiv/advdiv.hpp>
#include <advdiv/density.hpp>

#include "reference.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

using advdiv_test::number;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
const double ln2 = std::numbers::ln2;

const advdiv::density_options quad{.closed_form = false};

// Every divergence of the reference table for one pair, by the named function.
template <class P, class Q>
void check_pair(const std::string& pair, const P& p, const Q& q) {
  for (const auto& r : advdiv_test::read_csv("divergences.csv")) {
    if (r[0] != pair) continue;
    const std::string& name = r[1];
    const double want = number(r[2]);
    advdiv::density_result got;
    if (name == "kl") got = advdiv::kl(p, q, quad);
    else if (name == "reverse_kl") got = advdiv::reverse_kl(p, q, quad);
    else if (name == "jeffreys") got = advdiv::jeffreys(p, q, quad);
    else if (name == "js") got = advdiv::js(p, q, quad);
    else if (name == "gan") got = advdiv::f_divergence(p, q, advdiv::fdiv::gan{}, quad);
    else if (name == "total_variation") got = advdiv::total_variation(p, q, quad);
    else if (name == "squared_hellinger") got = advdiv::squared_hellinger(p, q, quad);
    else if (name == "pearson") got = advdiv::pearson_chi2(p, q, quad);
    else if (name == "neyman") got = advdiv::neyman_chi2(p, q, quad);
    else if (name == "alpha0.5") got = advdiv::alpha_divergence(p, q, 0.5, quad);
    else if (name == "bhattacharyya_coefficient") {
      got = advdiv::bhattacharyya(p, q, quad);
      got.value = std::exp(-got.value);
      got.error = got.error * got.value;
    } else FAIL("unknown divergence " << name);
    CAPTURE(pair);
    CAPTURE(name);
    CAPTURE(got.value);
    CAPTURE(want);
    if (std::isinf(want)) {
      CHECK(got.value == inf);
    } else {
      CHECK(std::abs(got.value - want) <= 1e-9);
      CHECK(got.error <= 1e-9);           // the reported estimate meets the target
      CHECK(std::abs(got.value - want) <= got.error + 1e-14);  // and bounds the true error
      CHECK_FALSE(got.closed_form);
    }
  }
}

}  // namespace

TEST_CASE("quadrature agrees with mpmath to 1e-9 on toy pairs without closed forms") {
  using namespace advdiv;
  check_pair("mixture_vs_normal", mixture{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}}, normal{0.5, 1.5});
  check_pair("laplace_vs_normal", laplace{0, 1}, normal{0.5, 1.2});
  check_pair("logistic_vs_normal", logistic{0, 1}, normal{0, 1.7});
  check_pair("exponential_vs_laplace", exponential{1.5}, laplace{1, 1});
  check_pair("uniform_vs_normal", uniform{-1, 1}, normal{0, 1});
  check_pair("laplace_mixture_vs_logistic", mixture<laplace>{{0.5, laplace{-2, 0.7}}, {0.5, laplace{2, 0.7}}},
             logistic{0, 1.5});
}

TEST_CASE("closed forms are used automatically and agree with quadrature") {
  using namespace advdiv;
  const std::vector<std::pair<normal, normal>> normals{
      {normal{0, 1}, normal{1, 2}}, {normal{-3, 0.2}, normal{2, 1.5}}, {normal{0, 1}, normal{0, 1}},
      {normal{5, 3}, normal{5.1, 2.9}}, {normal{0, 1}, normal{12, 1}}};
  for (const auto& [p, q] : normals) {
    CAPTURE(p.mu());
    CAPTURE(q.mu());
    const auto k = kl(p, q);
    CHECK(k.closed_form);
    CHECK(k.error == 0.0);
    // Textbook form, written out here: log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½.
    const double textbook = std::log(q.sigma() / p.sigma()) +
        (p.sigma() * p.sigma() + (p.mu() - q.mu()) * (p.mu() - q.mu())) / (2 * q.sigma() * q.sigma()) - 0.5;
    CHECK(k.value == doctest::Approx(textbook).epsilon(1e-13));
    CHECK(std::abs(kl(p, q, quad).value - k.value) <= 1e-9);
    CHECK(std::abs(reverse_kl(p, q, quad).value - reverse_kl(p, q).value) <= 1e-9);
    CHECK(std::abs(jeffreys(p, q, quad).value - jeffreys(p, q).value) <= 1e-9);
    CHECK(squared_hellinger(p, q).closed_form);
    CHECK(std::abs(squared_hellinger(p, q, quad).value - squared_hellinger(p, q).value) <= 1e-9);
    CHECK(bhattacharyya(p, q).closed_form);
    CHECK(std::abs(bhattacharyya(p, q, quad).value - bhattacharyya(p, q).value) <= 1e-9);
    // H² = 2(1 − e^{−D_B}).
    CHECK(squared_hellinger(p, q).value == doctest::Approx(2 * (1 - std::exp(-bhattacharyya(p, q).value))).epsilon(1e-12));
    // The generic entry point takes the same closed form.
    CHECK(f_divergence(p, q, fdiv::kl{}).closed_form);
  }
  CHECK(kl(normal{0, 1}, normal{0, 1}).value == 0.0);

  const uniform u1{0, 1}, u2{-1, 2}, u3{0.5, 3};
  CHECK(kl(u1, u2).closed_form);
  CHECK(kl(u1, u2).value == doctest::Approx(std::log(3.0)).epsilon(1e-15));
  CHECK(std::abs(kl(u1, u2, quad).value - std::log(3.0)) <= 1e-9);
  CHECK(kl(u2, u1).value == inf);
  CHECK(kl(u2, u1, quad).value == inf);
  CHECK(kl(u1, u3, quad).value == inf);  // partially disjoint
  CHECK(reverse_kl(u2, u1).value == doctest::Approx(std::log(3.0)).epsilon(1e-15));

  for (const auto& [p, q] : std::vector<std::pair<laplace, laplace>>{
           {laplace{0, 1}, laplace{1, 2}}, {laplace{-2, 0.3}, laplace{1, 1}}, {laplace{0, 2}, laplace{0, 2}}}) {
    const auto k = kl(p, q);
    CHECK(k.closed_form);
    const double d = std::abs(p.mu() - q.mu());
    const double textbook = std::log(q.b() / p.b()) + d / q.b() + p.b() / q.b() * std::exp(-d / p.b()) - 1;
    CHECK(k.value == doctest::Approx(textbook).epsilon(1e-13));
    CHECK(std::abs(kl(p, q, quad).value - k.value) <= 1e-9);
    CHECK(std::abs(reverse_kl(p, q, quad).value - reverse_kl(p, q).value) <= 1e-9);
  }
  const exponential e1{1}, e2{3};
  CHECK(kl(e1, e2).closed_form);
  CHECK(kl(e1, e2).value == doctest::Approx(std::log(1.0 / 3) + 3 - 1).epsilon(1e-14));
  CHECK(std::abs(kl(e1, e2, quad).value - kl(e1, e2).value) <= 1e-9);
  CHECK(std::abs(reverse_kl(e1, e2, quad).value - reverse_kl(e1, e2).value) <= 1e-9);
}

TEST_CASE("disjoint and partially disjoint supports give the right limits") {
  using namespace advdiv;
  const uniform a{0, 1}, b{2, 3}, c{0.5, 1.5};
  CHECK(kl(a, b, quad).value == inf);
  CHECK(js(a, b).value == doctest::Approx(ln2).epsilon(1e-14));
  CHECK(total_variation(a, b).value == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(squared_hellinger(a, b).value == doctest::Approx(2.0).epsilon(1e-14));
  CHECK(bhattacharyya(a, b).value == inf);
  CHECK(f_divergence(a, b, fdiv::gan{}).value == doctest::Approx(0.0).epsilon(1e-14));
  // Half of each mass overlaps: JS = ½ log 2, TV = ½.
  CHECK(std::abs(js(a, c).value - 0.5 * ln2) <= 1e-12);
  CHECK(std::abs(total_variation(a, c).value - 0.5) <= 1e-12);
  CHECK(kl(a, c).value == inf);
  // Exponential against a uniform inside its support: KL(U‖Exp) finite, KL(Exp‖U) infinite.
  const exponential e{2};
  const uniform u{0, 1};
  // KL(U(0,1)‖Exp(λ)) = ∫₀¹ −log(λ e^{−λx}) dx = λ/2 − log λ.
  CHECK(std::abs(kl(u, e).value - (1.0 - std::log(2.0))) <= 1e-9);
  CHECK(kl(e, u).value == inf);
  // Normals a hundred σ apart: every density underflows between them, JS is log 2.
  CHECK(std::abs(js(normal{0, 1}, normal{100, 1}).value - ln2) <= 1e-9);
  CHECK(std::abs(total_variation(normal{0, 1}, normal{100, 1}).value - 1.0) <= 1e-9);
}

TEST_CASE("log-space integrands stay right where a density underflows") {
  using namespace advdiv;
  // q = N(0, 0.01²) underflows for |x| > 0.4 while p = N(0, 1) does not: KL ≈ 4995 nats.
  const normal p{0, 1}, narrow{0, 0.01};
  const double exact = kl(p, narrow).value;
  const auto numeric = kl(p, narrow, quad);
  CHECK(std::abs(numeric.value - exact) <= 1e-12 * exact);
  CHECK(std::abs(reverse_kl(narrow, p, quad).value - exact) <= 1e-12 * exact);
  CHECK(std::abs(jeffreys(p, narrow, quad).value - jeffreys(p, narrow).value) <= 1e-12 * jeffreys(p, narrow).value);
  // Far apart: KL(N(0,1)‖N(40,1)) = 800, where no density value is representable between.
  CHECK(std::abs(kl(normal{0, 1}, normal{40, 1}, quad).value - 800.0) <= 1e-9 * 800);
  // Neyman χ²(P‖Q) = Pearson χ²(Q‖P), with Q much wider so that P underflows first.
  const normal wide{0.3, 1.2};
  const normal base{0, 1};
  CHECK(std::abs(neyman_chi2(wide, base, quad).value - pearson_chi2(base, wide, quad).value) <= 1e-9);
  // Pearson χ² between normals: σ₂²/(σ₁√(2σ₂² − σ₁²)) e^{Δ²/(2σ₂² − σ₁²)} − 1.
  const double s1 = 1, s2 = 1.2, dm = 0.3;
  const double chi2 = s2 * s2 / (s1 * std::sqrt(2 * s2 * s2 - s1 * s1)) * std::exp(dm * dm / (2 * s2 * s2 - s1 * s1)) - 1;
  CHECK(std::abs(pearson_chi2(base, wide, quad).value - chi2) <= 1e-9);
  // α = 2 is half of Pearson χ²; α = ½ is twice the squared Hellinger.
  CHECK(std::abs(alpha_divergence(base, wide, 2.0).value - chi2 / 2) <= 1e-9);
  CHECK(std::abs(alpha_divergence(base, wide, 0.5).value - 2 * squared_hellinger(base, wide).value) <= 1e-9);
}

TEST_CASE("properties: D(P‖P) = 0, symmetry, bounds, log base, js_distance") {
  using namespace advdiv;
  const mixture m{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}};
  const logistic g{0.2, 0.9};
  for (const auto& r : {kl(m, m), js(m, m), total_variation(m, m), squared_hellinger(m, m), pearson_chi2(m, m)})
    CHECK(std::abs(r.value) <= 1e-12);
  CHECK(std::abs(js(m, g).value - js(g, m).value) <= 1e-12);
  CHECK(std::abs(total_variation(m, g).value - total_variation(g, m).value) <= 1e-12);
  CHECK(std::abs(kl(m, g).value - reverse_kl(g, m).value) <= 1e-12);
  CHECK(std::abs(jeffreys(m, g).value - (kl(m, g).value + kl(g, m).value)) <= 1e-9);
  const double j = js(m, g).value;
  CHECK(j > 0.0);
  CHECK(j < ln2);
  CHECK(js(m, g, {.log_base = 2}).value == doctest::Approx(j / ln2).epsilon(1e-14));
  CHECK(js_distance(m, g).value == doctest::Approx(std::sqrt(j)).epsilon(1e-14));
  // Pinsker: TV ≤ √(KL/2); Le Cam: H²/2 ≤ TV (f-GAN's H² without ½).
  CHECK(total_variation(m, g).value <= std::sqrt(kl(m, g).value / 2));
  CHECK(squared_hellinger(m, g).value / 2 <= total_variation(m, g).value);
  // The discrete overloads are untouched by the density ones.
  const std::vector<double> p{0.5, 0.5}, q{0.25, 0.75};
  CHECK(advdiv::kl(p, q) == doctest::Approx(0.5 * std::log(2.0) + 0.5 * std::log(2.0 / 3)).epsilon(1e-14));
}

namespace my {
// User densities: p(x) = 1 − |x| on [−1, 1]; a "density" with half its mass; one that is NaN.
struct triangle {};
inline double pdf(triangle, double x) { return std::abs(x) < 1 ? 1 - std::abs(x) : 0.0; }
inline double log_pdf(triangle t, double x) { return std::log(pdf(t, x)); }
inline advdiv::interval support(triangle) { return {-1, 1, false, false}; }

struct half_triangle {};
inline double pdf(half_triangle, double x) { return 0.5 * pdf(triangle{}, x); }
inline double log_pdf(half_triangle t, double x) { return std::log(pdf(t, x)); }
inline advdiv::interval support(half_triangle) { return {-1, 1, false, false}; }

struct broken {};
inline double pdf(broken, double x) { return x > 0.25 ? std::nan("") : 0.5; }
inline double log_pdf(broken b, double x) { return std::log(pdf(b, x)); }
inline advdiv::interval support(broken) { return {-1, 1, false, false}; }
}  // namespace my

TEST_CASE("a user's own density works everywhere and is checked") {
  using namespace advdiv;
  const my::triangle t;
  const uniform u{-1, 1};
  // KL(T‖U) = ∫ p log p + log 2 = (−½) + log 2 for the triangle (∫(1−|x|)log(1−|x|) = −½).
  CHECK(std::abs(kl(t, u).value - (std::log(2.0) - 0.5)) <= 1e-9);
  // KL(U‖T) = −log 2 − ∫₀¹ log(1 − x) dx = 1 − log 2 (a log singularity at both ends).
  CHECK(std::abs(kl(u, t).value - (1 - std::log(2.0))) <= 1e-9);
  CHECK(kl(t, normal{0, 0.5}).value > 0);
  CHECK_THROWS_WITH_AS(kl(my::half_triangle{}, u), "advdiv::kl: p integrates to 0.5, not 1 (tolerance 1e-06)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(js(u, my::half_triangle{}), "advdiv::js: q integrates to 0.5, not 1 (tolerance 1e-06)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(f_divergence(my::half_triangle{}, u, fdiv::pearson{}),
                       "advdiv::f_divergence: p integrates to 0.5, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_WITH_AS(bhattacharyya(my::half_triangle{}, u),
                       "advdiv::bhattacharyya: p integrates to 0.5, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_AS(kl(my::broken{}, u), std::domain_error);
  // A looser tolerance lets an unnormalised measure through, on purpose.
  CHECK(std::isfinite(kl(my::half_triangle{}, u, {.normalisation_tolerance = inf}).value));
}

TEST_CASE("bad options and parameters throw with the message format") {
  using namespace advdiv;
  const normal p{0, 1}, q{1, 1};
  CHECK_THROWS_WITH_AS(kl(p, q, {.abs_tolerance = 0}), "advdiv::kl: abs_tolerance = 0 is not positive", std::domain_error);
  CHECK_THROWS_WITH_AS(js(p, q, {.rel_tolerance = -1}), "advdiv::js: rel_tolerance = -1 is not >= 0", std::domain_error);
  CHECK_THROWS_WITH_AS(total_variation(p, q, {.log_base = 1}),
                       "advdiv::total_variation: log_base = 1 is not finite, positive and different from 1", std::domain_error);
  CHECK_THROWS_WITH_AS(squared_hellinger(p, q, {.normalisation_tolerance = -1}),
                       "advdiv::squared_hellinger: normalisation_tolerance = -1 is not >= 0 (inf disables the check)", std::domain_error);
  CHECK_THROWS_WITH_AS(alpha_divergence(p, q, 1.0), "advdiv::alpha_divergence: alpha = 1 is not finite and different from 0 and 1 (use reverse_kl or kl)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(f_divergence(p, q, fdiv::kl{}, {.log_base = -2}),
                       "advdiv::f_divergence: log_base = -2 is not finite, positive and different from 1", std::domain_error);
  CHECK_THROWS_WITH_AS(reverse_kl(p, q, {.abs_tolerance = -1}), "advdiv::reverse_kl: abs_tolerance = -1 is not positive", std::domain_error);
  CHECK_THROWS_WITH_AS(jeffreys(p, q, {.abs_tolerance = -1}), "advdiv::jeffreys: abs_tolerance = -1 is not positive", std::domain_error);
  CHECK_THROWS_WITH_AS(pearson_chi2(p, q, {.abs_tolerance = -1}), "advdiv::pearson_chi2: abs_tolerance = -1 is not positive", std::domain_error);
  CHECK_THROWS_WITH_AS(neyman_chi2(p, q, {.abs_tolerance = -1}), "advdiv::neyman_chi2: abs_tolerance = -1 is not positive", std::domain_error);
  CHECK_THROWS_WITH_AS(js_distance(p, q, {.abs_tolerance = -1}), "advdiv::js_distance: abs_tolerance = -1 is not positive", std::domain_error);
  CHECK_THROWS_WITH_AS(bhattacharyya(p, q, {.abs_tolerance = -1}), "advdiv::bhattacharyya: abs_tolerance = -1 is not positive", std::domain_error);
}

TEST_CASE("extra breakpoints and the error estimate") {
  using namespace advdiv;
  // A narrow spike of one component far from the quantiles of the other density is found
  // through the mixture's component breakpoints.
  const mixture spike{{0.999, normal{0, 1}}, {0.001, normal{6, 1e-3}}};
  const normal n{0, 1};
  const auto r = kl(spike, n);
  CHECK(r.error <= 1e-9);
  // The same integral with the spike split off analytically: both parts by quadrature.
  const auto s = kl(spike, n, {.breakpoints = {5.999, 6.001}});
  CHECK(std::abs(r.value - s.value) <= 1e-9);
  CHECK(r.evaluations > 0);
}
