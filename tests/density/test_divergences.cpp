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

// File-local names live in namespace test_divergences: the layer compiles as one translation unit.
namespace test_divergences {

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
                       "advdiv::total_variation: log_base = 1 is not finite and > 1", std::domain_error);
  CHECK_THROWS_WITH_AS(squared_hellinger(p, q, {.normalisation_tolerance = -1}),
                       "advdiv::squared_hellinger: normalisation_tolerance = -1 is not >= 0 (inf disables the check)", std::domain_error);
  CHECK_THROWS_WITH_AS(alpha_divergence(p, q, 1.0), "advdiv::alpha_divergence: alpha = 1 is not finite and different from 0 and 1",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(f_divergence(p, q, fdiv::kl{}, {.log_base = -2}),
                       "advdiv::f_divergence: log_base = -2 is not finite and > 1", std::domain_error);
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

TEST_CASE("a log base on its own: kl(p, q, advdiv::bits) is the nats value / log 2") {
  using namespace advdiv;
  const normal p{0, 1}, q{1, 2};
  const mixture m{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}};
  const double k = kl(p, q).value;
  CHECK(kl(p, q, bits).value == doctest::Approx(k / ln2).epsilon(1e-15));
  CHECK(kl(p, q, dits).value == doctest::Approx(k / std::log(10.0)).epsilon(1e-15));
  CHECK(kl(p, q, nats).value == k);
  CHECK(kl(m, q, bits).value == doctest::Approx(kl(m, q).value / ln2).epsilon(1e-14));
  CHECK(kl(m, q, bits).error == doctest::Approx(kl(m, q).error / ln2).epsilon(1e-14));
  CHECK(reverse_kl(m, q, bits).value == doctest::Approx(reverse_kl(m, q).value / ln2).epsilon(1e-14));
  CHECK(jeffreys(m, q, bits).value == doctest::Approx(jeffreys(m, q).value / ln2).epsilon(1e-14));
  CHECK(js(m, q, bits).value == doctest::Approx(js(m, q).value / ln2).epsilon(1e-14));
  CHECK(js(m, q, bits).value <= 1.0);
  CHECK(js_distance(m, q, bits).value == doctest::Approx(std::sqrt(js(m, q).value / ln2)).epsilon(1e-14));
  CHECK(f_divergence(m, q, fdiv::kl{}, bits).value == doctest::Approx(kl(m, q).value / ln2).epsilon(1e-14));
  CHECK(bhattacharyya(p, q, bits).value == doctest::Approx(bhattacharyya(p, q).value / ln2).epsilon(1e-15));
  CHECK(bhattacharyya(m, q, bits).value == doctest::Approx(bhattacharyya(m, q).value / ln2).epsilon(1e-14));
  // The discrete overloads keep taking it too.
  const std::vector<double> a{0.5, 0.5}, b{0.25, 0.75};
  CHECK(advdiv::kl(a, b, bits) == doctest::Approx(advdiv::kl(a, b) / ln2).epsilon(1e-15));
}

namespace {
// A user's KL generator in nats that declares its unit (has_log_unit), and one that does not.
struct declared_kl {
  static constexpr bool logarithmic_unit = true;
  double f(double u) const { return u > 0 ? u * std::log(u) : 0.0; }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
struct undeclared_kl {
  double f(double u) const { return u > 0 ? u * std::log(u) : 0.0; }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
}  // namespace

TEST_CASE("a measure without a logarithmic unit refuses a log base other than e (P2)") {
  using namespace advdiv;
  const normal p{0, 1}, q{1, 1};
  const mixture m{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}};
  // TV/ln 2 between these normals would be 0.38292492254802624/ln 2 = 0.5524 > TV: no unit.
  CHECK_THROWS_WITH_AS(total_variation(p, q, bits),
                       "advdiv::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(squared_hellinger(m, q, {.log_base = 10}),
                       "advdiv::squared_hellinger: log_base = 10 is not e (squared Hellinger has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(pearson_chi2(p, q, bits),
                       "advdiv::pearson_chi2: log_base = 2 is not e (Pearson chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(neyman_chi2(q, p, dits),
                       "advdiv::neyman_chi2: log_base = 10 is not e (Neyman chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(alpha_divergence(m, q, 0.5, bits),
                       "advdiv::alpha_divergence: log_base = 2 is not e (the alpha divergence has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(f_divergence(p, q, fdiv::pearson{}, bits),
                       "advdiv::f_divergence: log_base = 2 is not e (Pearson chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(f_divergence(p, q, undeclared_kl{}, bits),
                       "advdiv::f_divergence: log_base = 2 is not e (the generator has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(variational_bound(p, q, [](double) { return 0.0; }, fdiv::squared_hellinger{}, bits),
                       "advdiv::variational_bound: log_base = 2 is not e (squared Hellinger has no logarithmic unit)",
                       std::invalid_argument);
  // Closed forms are refused too (the refusal does not depend on how the value would come).
  CHECK_THROWS_AS(squared_hellinger(p, q, bits), std::invalid_argument);
  // A base that is no base stays the domain_error of every density integral.
  CHECK_THROWS_WITH_AS(total_variation(p, q, {.log_base = 0.5}),
                       "advdiv::total_variation: log_base = 0.5 is not finite and > 1", std::domain_error);
  // e, spelled any way, gives the measure itself: TV between N(0, 1) and N(1, 1) is
  // erf(1/(2√2)) = 0.38292492254802624 (textbook: 2Φ(½) − 1).
  CHECK(total_variation(p, q, nats).value == doctest::Approx(0.38292492254802624).epsilon(1e-9));
  CHECK(total_variation(p, q, {.log_base = std::numbers::e}).value ==
        doctest::Approx(0.38292492254802624).epsilon(1e-9));
}

TEST_CASE("a user's generator that declares its logarithmic unit takes a log base") {
  using namespace advdiv;
  // KL(N(0, 1) ‖ N(1, 2)) = log 2 + (1 + 1)/8 − ½ = log 2 − ¼ nats (textbook closed form).
  const normal p{0, 1}, q{1, 2};
  const double k = std::log(2.0) - 0.25;
  const auto d = f_divergence(p, q, declared_kl{}, bits);
  CHECK(d.value == doctest::Approx(k / ln2).epsilon(1e-9));
  CHECK(std::abs(d.value - k / ln2) <= d.error + 1e-12);
  CHECK(f_divergence(p, q, declared_kl{}).value == doctest::Approx(k).epsilon(1e-9));
}

namespace my {
// Generators written by a user from the documentation: f and slope_at_infinity only (no
// term, no log-space form), f a template as in the example of the f_generator concept.
struct pearson {
  template <class T> T f(T u) const { return (u - 1) * (u - 1); }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
struct kl {
  template <class T> T f(T u) const {
    using std::log;
    return u == T(0) ? T(0) : u * log(u);
  }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
struct squared_hellinger {
  template <class T> T f(T u) const {
    using std::sqrt;
    return (sqrt(u) - 1) * (sqrt(u) - 1);
  }
  double slope_at_infinity() const { return 1.0; }
};
// The same Pearson generator with a plain double f: f(p/q) overflows double where p/q > 1e154.
struct pearson_double {
  double f(double u) const { return (u - 1) * (u - 1); }
  double slope_at_infinity() const { return std::numeric_limits<double>::infinity(); }
};
}  // namespace my

TEST_CASE("a user's own generator (f and slope_at_infinity only) is as accurate as the catalogue") {
  using namespace advdiv;
  // The reproducer of issue 10: Pearson between N(0.5, 1) and N(0, 1) was +inf with error 0,
  // because q/s underflowed at far quadrature nodes. Closed forms between normals:
  // χ²(N(μ₁,σ₁²)‖N(μ₂,σ₂²)) = σ₂²/(σ₁√(2σ₂² − σ₁²)) e^{Δ²/(2σ₂² − σ₁²)} − 1,
  // KL = log(σ₂/σ₁) + (σ₁² + Δ²)/(2σ₂²) − ½, H² = 2(1 − √(2σ₁σ₂/(σ₁² + σ₂²)) e^{−Δ²/(4(σ₁² + σ₂²))}).
  struct normal_pair {
    normal p, q;
  };
  for (const auto& [p, q] : {normal_pair{normal{0.5, 1}, normal{0, 1}}, normal_pair{normal{0, 1}, normal{1, 1.5}},
                             normal_pair{normal{-1, 0.7}, normal{0.5, 1.2}}, normal_pair{normal{3, 2}, normal{0, 4}}}) {
    const double s1 = p.sigma(), s2 = q.sigma(), dm = p.mu() - q.mu();
    const double chi2 = s2 * s2 / (s1 * std::sqrt(2 * s2 * s2 - s1 * s1)) * std::exp(dm * dm / (2 * s2 * s2 - s1 * s1)) - 1;
    const double kl_value = std::log(s2 / s1) + (s1 * s1 + dm * dm) / (2 * s2 * s2) - 0.5;
    const double h2 = 2 * (1 - std::sqrt(2 * s1 * s2 / (s1 * s1 + s2 * s2)) * std::exp(-dm * dm / (4 * (s1 * s1 + s2 * s2))));
    CAPTURE(p.mu());
    CAPTURE(q.sigma());
    for (const auto& [got, want] : {std::pair{f_divergence(p, q, my::pearson{}), chi2},
                                    std::pair{f_divergence(p, q, my::kl{}), kl_value},
                                    std::pair{f_divergence(p, q, my::squared_hellinger{}), h2},
                                    std::pair{f_divergence(p, q, my::pearson_double{}), chi2}}) {
      CAPTURE(want);
      CAPTURE(got.value);
      CAPTURE(got.error);
      CHECK(std::abs(got.value - want) <= 1e-8 * want);
      CHECK(std::abs(got.value - want) <= got.error + 1e-14);  // the estimate bounds the error
    }
    // The templated generators are resolved everywhere: their estimate is a real one.
    CHECK(f_divergence(p, q, my::pearson{}).error <= 1e-9);
    CHECK(f_divergence(p, q, my::kl{}).error <= 1e-9);
  }
  // Pairs without a closed form, against the mpmath values of divergences.csv.
  const auto check_csv = [](const std::string& pair, const auto& p, const auto& q) {
    for (const auto& r : advdiv_test::read_csv("divergences.csv")) {
      if (r[0] != pair) continue;
      advdiv::density_result got;
      if (r[1] == "kl") got = f_divergence(p, q, my::kl{});
      else if (r[1] == "pearson") got = f_divergence(p, q, my::pearson{});
      else if (r[1] == "squared_hellinger") got = f_divergence(p, q, my::squared_hellinger{});
      else continue;
      const double want = number(r[2]);
      CAPTURE(pair);
      CAPTURE(r[1]);
      CAPTURE(got.value);
      if (std::isinf(want)) {  // a χ² whose denominator has the lighter tails
        CHECK(got.value == inf);
        continue;
      }
      CHECK(std::abs(got.value - want) <= 1e-8 * want);
      CHECK(std::abs(got.value - want) <= got.error + 1e-14);
    }
  };
  check_csv("mixture_vs_normal", mixture{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}}, normal{0.5, 1.5});
  check_csv("laplace_vs_normal", laplace{0, 1}, normal{0.5, 1.2});
  check_csv("logistic_vs_normal", logistic{0, 1}, normal{0, 1.7});
  check_csv("uniform_vs_normal", uniform{-1, 1}, normal{0, 1});
}

TEST_CASE("a user's generator far beyond the range of its f: a bound, never a silent guess") {
  using namespace advdiv;
  // KL(N(0,1)‖N(0,0.01²)) ≈ 4995: log q reaches −1.25e5 where p still has mass, so p/q is
  // beyond even long double (e^11356) and f(p/q) cannot be formed. With slope_at_infinity
  // = inf the term is only bounded below: the value is a lower bound and the error is +inf.
  const normal p{0, 1}, narrow{0, 0.01};
  const auto r = f_divergence(p, narrow, my::kl{});
  CHECK(r.error == inf);
  CHECK(r.value <= kl(p, narrow).value);
  // With a finite slope (H² ≤ 2) the bracket is tight and the value is right.
  const auto h = f_divergence(p, narrow, my::squared_hellinger{});
  CHECK(std::abs(h.value - squared_hellinger(p, narrow).value) <= 1e-9);
  CHECK(h.error <= 1e-9);
}

namespace {
// Φ(x) = ½ erfc(−x/√2).
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double normal_ccdf(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

// TV(N(μ₁,σ₁²), N(μ₂,σ₂²)) from the crossings of the two densities: log p − log q is the
// quadratic A x² + B x + C; TV = Σ over the intervals where p > q of P(I) − Q(I).
double tv_normals(const advdiv::normal& p, const advdiv::normal& q) {
  const double s1 = p.sigma(), s2 = q.sigma(), m1 = p.mu(), m2 = q.mu();
  const double A = 0.5 / (s2 * s2) - 0.5 / (s1 * s1), B = m1 / (s1 * s1) - m2 / (s2 * s2);
  const double C = 0.5 * m2 * m2 / (s2 * s2) - 0.5 * m1 * m1 / (s1 * s1) + std::log(s2 / s1);
  std::vector<double> ends{-inf};
  if (A == 0) {
    ends.push_back(-C / B);
  } else if (const double disc = B * B - 4 * A * C; disc > 0) {
    const double t = -0.5 * (B + std::copysign(std::sqrt(disc), B));  // roots without cancellation
    ends.push_back(std::min(t / A, C / t));
    ends.push_back(std::max(t / A, C / t));
  }
  ends.push_back(inf);
  // Mass of N(μ, σ²) on [a, b], from whichever tail keeps the digits.
  const auto mass = [](double mu, double s, double a, double b) {
    const double za = (a - mu) / s, zb = (b - mu) / s;
    return za > 0 ? normal_ccdf(za) - normal_ccdf(zb) : normal_cdf(zb) - normal_cdf(za);
  };
  double tv = 0;
  for (std::size_t i = 0; i + 1 < ends.size(); ++i) {
    const double a = ends[i], b = ends[i + 1];
    const double x = std::isinf(a) ? b - 1 : std::isinf(b) ? a + 1 : 0.5 * (a + b);
    if (A * x * x + B * x + C > 0) tv += mass(m1, s1, a, b) - mass(m2, s2, a, b);
  }
  return tv;
}
}  // namespace

TEST_CASE("total variation between normals splits at the crossings: closed forms to 1e-12") {
  using namespace advdiv;
  const density_options tight{.abs_tolerance = 1e-14};
  // Equal σ: one crossing at the midpoint, TV = 2Φ(|Δ|/(2σ)) − 1.
  for (const double dm : {1e-3, 0.013, 0.1, 0.5, 1.0, 2.0, 3.7, 8.0}) {
    for (const double s : {0.05, 1.0, 7.0}) {
      CAPTURE(dm);
      CAPTURE(s);
      const auto t = total_variation(normal{dm, s}, normal{0, s}, tight);
      const double want = 1 - 2 * normal_ccdf(dm / (2 * s));
      CHECK(std::abs(t.value - want) <= 1e-12);
      CHECK(std::abs(t.value - want) <= t.error + 1e-15);
    }
  }
  // Unequal σ: two crossings (one far out in a tail for nearly equal σ).
  struct normal_pair {
    normal p, q;
  };
  for (const auto& [p, q] : {normal_pair{normal{0, 1}, normal{0, 2}}, normal_pair{normal{0.3, 0.05}, normal{0, 3}},
                             normal_pair{normal{1.2741568208350347, 0.036678453623152439}, normal{1.1702629993560083, 15.855677676034178}},
                             normal_pair{normal{0, 1}, normal{3, 1.01}}, normal_pair{normal{-2, 10}, normal{1, 0.1}},
                             normal_pair{normal{4, 0.3}, normal{0, 1}}}) {
    CAPTURE(p.mu());
    CAPTURE(q.sigma());
    const auto t = total_variation(p, q, tight);
    const double want = tv_normals(p, q);
    CHECK(std::abs(t.value - want) <= 1e-12);
    CHECK(std::abs(t.value - want) <= t.error + 1e-15);
    // The TV critic ½ sign(p − q) jumps at the same points: its bound is TV.
    const auto T = optimal_critic(p, q, fdiv::total_variation{});
    CHECK(std::abs(variational_bound(p, q, T, fdiv::total_variation{}, tight).value - want) <= 1e-12);
  }
  // Pairs without a closed form, against mpmath (divergences.csv, 20 digits).
  for (const auto& r : advdiv_test::read_csv("divergences.csv")) {
    if (r[1] != "total_variation") continue;
    double got = 0;
    if (r[0] == "mixture_vs_normal") got = total_variation(mixture{{0.3, normal{-1, 0.5}}, {0.7, normal{2, 1}}}, normal{0.5, 1.5}, tight);
    else if (r[0] == "laplace_vs_normal") got = total_variation(laplace{0, 1}, normal{0.5, 1.2}, tight);
    else if (r[0] == "logistic_vs_normal") got = total_variation(logistic{0, 1}, normal{0, 1.7}, tight);
    else if (r[0] == "exponential_vs_laplace") got = total_variation(exponential{1.5}, laplace{1, 1}, tight);
    else if (r[0] == "uniform_vs_normal") got = total_variation(uniform{-1, 1}, normal{0, 1}, tight);
    else got = total_variation(mixture<laplace>{{0.5, laplace{-2, 0.7}}, {0.5, laplace{2, 0.7}}}, logistic{0, 1.5}, tight);
    CAPTURE(r[0]);
    CHECK(std::abs(got - number(r[2])) <= 1e-12);
  }
}

TEST_CASE("normalisation is a trait each distribution declares") {
  using namespace advdiv;
  static_assert(normalised_by_construction<normal>);
  static_assert(normalised_by_construction<uniform>);
  static_assert(normalised_by_construction<laplace>);
  static_assert(normalised_by_construction<logistic>);
  static_assert(normalised_by_construction<exponential>);
  static_assert(normalised_by_construction<mixture<laplace>>);
  static_assert(!normalised_by_construction<my::triangle>);
  static_assert(!normalised_by_construction<mixture<my::triangle>>);
  static_assert(!normalised_by_construction<double>);
  // A mixture of a user's densities is integrated, and found wanting when it is.
  const mixture<my::half_triangle> halves{{0.5, my::half_triangle{}}, {0.5, my::half_triangle{}}};
  CHECK_THROWS_WITH_AS(kl(halves, uniform{-1, 1}), "advdiv::kl: p integrates to 0.5, not 1 (tolerance 1e-06)",
                       std::domain_error);
}

namespace my {
// A user's normal density: pdf, log_pdf and support only (no cdf, no quantile), so nothing
// tells the quadrature where its mass or its crossings lie.
struct gauss {
  double mu, s;
};
inline double log_pdf(gauss g, double x) {
  const double z = (x - g.mu) / g.s;
  return -0.5 * z * z - std::log(g.s) - 0.5 * std::log(2 * std::numbers::pi);
}
inline double pdf(gauss g, double x) { return std::exp(log_pdf(g, x)); }
inline advdiv::interval support(gauss) { return {-inf, inf}; }
}  // namespace my

TEST_CASE("total variation between two user densities without quantiles finds the crossings") {
  using namespace advdiv;
  // Before the scale grid, N(40.5, 1) was rejected as integrating to 6e-20 (and against
  // N(40, 1) gave TV = 0 ± 3e-18 with the check off: the mass at 40 was never seen), and
  // pairs near 0 missed the kink (errors up to 5e-10 at the default tolerance, beyond the
  // estimate). TV(N(μ+Δσ, σ²), N(μ, σ²)) = 2Φ(Δ/2) − 1.
  const density_options tight{.abs_tolerance = 1e-14};
  for (const double mu : {0.0, 3.0, 40.0}) {
    for (const double s : {0.1, 1.0, 30.0}) {
      for (const double dm : {0.5, 1.0, 5.0}) {
        CAPTURE(mu);
        CAPTURE(s);
        CAPTURE(dm);
        const auto t = total_variation(my::gauss{mu + dm * s, s}, my::gauss{mu, s}, tight);
        const double want = 1 - 2 * normal_ccdf(dm / 2);
        CHECK(std::abs(t.value - want) <= 1e-12);
        CHECK(std::abs(t.value - want) <= t.error + 1e-13);
        // The same at the default tolerance, to its target.
        const auto d = total_variation(my::gauss{mu + dm * s, s}, my::gauss{mu, s});
        CHECK(std::abs(d.value - want) <= 1e-9);
      }
    }
  }
}

TEST_CASE("alpha divergence between densities at huge orders: +inf for distinct densities, 0 for equal ones") {
  // p/q is unbounded for two normals of different means, so ∫ p^α q^{1−α} is +inf for every
  // α > 1 (and α < 0); α(α − 1) overflows beyond |α| ~ 1.3e154 (the general form is inf/inf
  // there). Equal densities give exactly 0 at every order (the tails' log-space form once
  // gave 2.9e-196 at α = 1e100: α·lp + (1 − α)·lq rounds).
  for (double a : {1e100, 1e154, 1e200, -1e200, 1.7e308}) {
    CAPTURE(a);
    const auto d = advdiv::alpha_divergence(advdiv::normal{0, 1}, advdiv::normal{1, 1}, a);
    CHECK(d.value == std::numeric_limits<double>::infinity());
    CHECK(advdiv::alpha_divergence(advdiv::normal{0, 1}, advdiv::normal{0, 1}, a).value == 0.0);
  }
}

}  // namespace test_divergences
