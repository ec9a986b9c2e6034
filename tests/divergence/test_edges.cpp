// Extreme inputs (issue 10): each reproducer against an independent reference (mpmath at 50
// digits or an exact limit), on vectors and on rows; Jeffreys' conjugate and Wright's omega on
// grids against mpmath; every option validated with its own message.
#include "edge_cases.hpp"

#include <advdiv/divergence.hpp>

#include <Eigen/Core>
#include <boost/math/special_functions/lambert_w.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using advdiv_test::edge_cases;
using advdiv_test::matches;

namespace {
const double inf = std::numeric_limits<double>::infinity();

advdiv::divergence_options options_of(const advdiv_test::edge_case& c) {
  advdiv::divergence_options o;
  if (c.unnormalised) o.sum_tolerance = inf;
  return o;
}

double cpu_value(const advdiv_test::edge_case& c) {
  const auto o = options_of(c);
#define ADVDIV_TEST_CALL(NAME, TERM, FINISH) \
  if (c.divergence == #NAME) return advdiv::NAME(c.p, c.q, o);
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_CALL)
#undef ADVDIV_TEST_CALL
  if (c.divergence == "alpha_divergence") return advdiv::alpha_divergence(c.p, c.q, c.alpha, o);
  if (c.divergence == "renyi") return advdiv::renyi(c.p, c.q, c.alpha, o);
  throw std::logic_error("unknown divergence " + c.divergence);
}

// The case as row 1 of a 2-row matrix whose row 0 is an ordinary pair.
double rowwise_value(const advdiv_test::edge_case& c) {
  using M = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const auto n = static_cast<Eigen::Index>(c.p.size());
  M P(2, n), Q(2, n);
  P.row(0).setConstant(1.0 / double(n));
  Q.row(0).setConstant(1.0 / double(n));
  P.row(1) = Eigen::Map<const Eigen::RowVectorXd>(c.p.data(), n);
  Q.row(1) = Eigen::Map<const Eigen::RowVectorXd>(c.q.data(), n);
  const auto o = options_of(c);
  Eigen::VectorXd out;
#define ADVDIV_TEST_CALL(NAME, TERM, FINISH) \
  if (c.divergence == #NAME) out = advdiv::rowwise::NAME(P, Q, o);
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_CALL)
#undef ADVDIV_TEST_CALL
  if (c.divergence == "alpha_divergence") out = advdiv::rowwise::alpha_divergence(P, Q, c.alpha, o);
  if (c.divergence == "renyi") out = advdiv::rowwise::renyi(P, Q, c.alpha, o);
  REQUIRE(out.size() == 2);
  if (c.divergence != "cross_entropy") CHECK(out[0] == 0.0);  // D(P‖P) = 0 on the ordinary row
  return out[1];
}
}  // namespace

TEST_CASE("extreme inputs of issue 10 match mpmath or the exact limit, on vectors and on rows") {
  for (const auto& c : edge_cases()) {
    INFO(c.divergence << "(alpha = " << c.alpha << ") p = {" << c.p[0] << ", " << c.p[1] << ", ...}, q = {"
                      << c.q[0] << ", " << c.q[1] << ", ...}; truth " << static_cast<double>(c.truth()));
    const double got = cpu_value(c);
    CHECK_MESSAGE(matches(got, c.truth()), "vector result " << got);
    const double row = rowwise_value(c);
    CHECK_MESSAGE(matches(row, c.truth()), "row result " << row);
  }
}

TEST_CASE("float input at the edges: −0.0 and zeros") {
  const std::vector<float> p{0.5f, 0.5f}, q{1.0f, -0.0f}, r{1.0f, -0.0f}, s{0.5f, 0.5f};
  CHECK(advdiv::kl(p, q) == inf);
  CHECK(advdiv::pearson_chi2(p, q) == inf);
  CHECK(advdiv::reverse_kl(r, s) == inf);
  CHECK(advdiv::kl(r, s) == doctest::Approx(std::log(2.0)).epsilon(1e-7));
}

TEST_CASE("the α-divergence term is right where α·log(p/q) is large, across the lanes of a batch") {
  // 64 pairs (so that SIMD batches mix ordinary, zero and extreme lanes): each term against its
  // closed form q·f(p/q) = (p^α q^{1−α} − q − α(p − q))/(α(α − 1)), here p^α q^{1−α} exact
  // powers of two, computed in long double.
  for (const double a : {-1.0, 0.5, 2.0, 3.0}) {
    std::vector<double> p(64), q(64);
    long double expected = 0;
    for (int i = 0; i < 64; ++i) {
      p[i] = std::ldexp(1.0, -(i * 15) % 1000);
      q[i] = std::ldexp(1.0, -(i * 37) % 1000);
      if (i % 9 == 4) p[i] = 0.0;
      if (i % 11 == 7) q[i] = 0.0;
      const long double pl = p[i], ql = q[i], al = a;
      long double t;
      if (pl == ql) t = 0;
      else if (ql == 0) t = a < 1 ? pl / (1 - al) : INFINITY;
      else if (pl == 0) t = a > 0 ? ql / al : INFINITY;
      else t = (std::pow(pl, al) * std::pow(ql, 1 - al) - ql - al * (pl - ql)) / (al * (al - 1));
      expected += t;
    }
    INFO("alpha = " << a);
    const double got = advdiv::alpha_divergence(p, q, a, {.sum_tolerance = inf});
    if (std::isinf(static_cast<double>(expected)))
      CHECK(got == static_cast<double>(expected));
    else
      CHECK(std::abs(got - expected) <= 1e-14L * std::abs(expected));
  }
}

TEST_CASE("Jeffreys' conjugate (the library's own branches) against mpmath, t in [-1e300, 700]") {
  // f*(t) = 1/w − log w − 1 with w = W₀(e^{1−t}): no cancellation for t ≪ 0, where the form
  // w + 1/w + t − 2 gave −2 at t = −4.8e18 (truth −44.015...). Bound: relative error ≤ 1e-13,
  // plus 4e-16 absolute near t = 0 (f*(t) ≈ t there and 1/w − 1 cancels to ~2 ulp of 1).
  const advdiv::fdiv::jeffreys g;
  const auto& grid = advdiv_test::edge_references().jeffreys_conjugate;
  REQUIRE(grid.size() > 1000);
  for (const auto& [t, ref] : grid) {
    INFO("t = " << t);
    const double got = g.conjugate(t);
    CHECK(std::abs(got - ref) <= 1e-13L * std::abs(ref) + 4e-16L);
  }
  // The two reproducers of the issue, pinned (mpmath, 50 digits: 1/w − log w − 1).
  CHECK(g.conjugate(-4.8e18) == doctest::Approx(-44.015147591806667548).epsilon(1e-14));
  CHECK(g.conjugate(-8.8e16) == doctest::Approx(-40.016113209388891289).epsilon(1e-14));
}

TEST_CASE("Wright's omega by Newton (host and device) against mpmath and Boost.Math's lambert_w0") {
  // ω'(x) = ω/(1 + ω): a rounding error of u·|x| in the residual w + log w − x moves ω by
  // u·|x|/(1 + ω) relatively, the bound of any evaluation through log w (4 ulps of it here).
  for (const auto& [x, ref] : advdiv_test::edge_references().wright_omega) {
    INFO("x = " << x);
    const long double bound = 4.5e-16L * (1 + std::abs(x) / (1 + ref)) * ref;
    CHECK(std::abs(advdiv::fdiv::detail::wright_omega(x) - ref) <= bound);
  }
  // A dense grid against Boost.Math's W₀(e^x) wherever e^x is a normal double: both are within
  // the conditioning bound of the truth, so within twice it of each other.
  for (int i = 0; i <= 14000; ++i) {
    const double x = -700.0 + 0.1 * i;
    const double boost_w = boost::math::lambert_w0(std::exp(x));
    INFO("x = " << x);
    CHECK(std::abs(advdiv::fdiv::detail::wright_omega(x) - boost_w) <=
          2 * 4.5e-16 * (1 + std::abs(x) / (1 + boost_w)) * boost_w);
  }
}

TEST_CASE("every option is validated with its own message") {
  const std::vector<double> ok{0.5, 0.5};
  CHECK_THROWS_WITH_AS(advdiv::kl(ok, ok, {.sum_tolerance = std::nan("")}),
                       "advdiv::kl: sum_tolerance = nan is not >= 0 (inf disables the check)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::js(ok, ok, {.sum_tolerance = -1e-3}),
                       "advdiv::js: sum_tolerance = -0.001 is not >= 0 (inf disables the check)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::renyi(ok, ok, 0.5, {.sum_tolerance = -1.0}),
                       "advdiv::renyi: sum_tolerance = -1 is not >= 0 (inf disables the check)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::entropy(ok, {.sum_tolerance = std::nan("")}),
                       "advdiv::entropy: sum_tolerance = nan is not >= 0 (inf disables the check)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::alpha_divergence(ok, ok, 2.0, {.log_base = std::nan("")}),
                       "advdiv::alpha_divergence: log_base = nan is not finite and > 1",
                       std::domain_error);
  const Eigen::MatrixXd P = Eigen::MatrixXd::Constant(2, 2, 0.5);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(P, P, {.sum_tolerance = -1.0}),
                       "advdiv::rowwise::kl: sum_tolerance = -1 is not >= 0 (inf disables the check)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(Eigen::MatrixXd(2, 0), Eigen::MatrixXd(2, 0)),
                       "advdiv::rowwise::kl: p has no columns", std::invalid_argument);
  // A tolerance of 0 is allowed (exact sums) and +inf disables the check.
  CHECK(advdiv::kl(ok, ok, {.sum_tolerance = 0.0}) == 0.0);
  CHECK(advdiv::kl(std::vector<double>{2.0, 2.0}, ok, {.sum_tolerance = inf}) == doctest::Approx(4 * std::log(4.0)));
}

TEST_CASE("Renyi of order alpha > 1 where the power sum overflows a double (fuzzer finding)") {
  // mpmath, 50 digits: log(Σ p^5 q^-4)/4 for p = (½, ½), q = (1e-297, 1 − 1e-297).
  const std::vector<double> p{0.5, 0.5}, q{1e-297, 1 - 1e-297};
  CHECK(advdiv::renyi(p, q, 5.0) == doctest::Approx(683.00133864353163652).epsilon(1e-13));
  CHECK(advdiv::renyi(p, q, 5.0, advdiv::bits) == doctest::Approx(985.36264418154661732).epsilon(1e-13));
  Eigen::MatrixXd P(1, 2), Q(1, 2);
  P << 0.5, 0.5;
  Q << 1e-297, 1 - 1e-297;
  CHECK(advdiv::rowwise::renyi(P, Q, 5.0)[0] == doctest::Approx(683.00133864353163652).epsilon(1e-13));
  // A q_i = 0 < p_i is a true +inf at every shift.
  CHECK(advdiv::renyi(p, std::vector<double>{0.0, 1.0}, 5.0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("subnormal q on the SIMD path: xsimd's log of a subnormal is wrong, math::log rescales (fuzzer finding)") {
  // mpmath, 40 digits: Σ p log(p/q) for p = 1/8 each.
  const std::vector<double> p(8, 0.125),
      q{5.0000000000002318e-311, 8.26285653085643e-261, 5.0000000000002318e-311, 5.0000000000002318e-311,
        5.0000000000002318e-311, 0.5, 0.5, 5.0000000000002318e-311};
  CHECK(advdiv::kl(p, q) == doctest::Approx(519.51079137349608936).epsilon(1e-14));
  Eigen::MatrixXd P(1, 8), Q(1, 8);
  for (int j = 0; j < 8; ++j) P(0, j) = p[static_cast<std::size_t>(j)], Q(0, j) = q[static_cast<std::size_t>(j)];
  CHECK(advdiv::rowwise::kl(P, Q)[0] == doctest::Approx(519.51079137349608936).epsilon(1e-14));
}

TEST_CASE("the GAN term where p + q overflows (D14): finite, not -inf") {
  // Σ p log(p/(p+q)) + q log(q/(p+q)) for p = (1e308, 1e308), q = (1e308, 7.5e153): the first
  // element gives −2·ln 2·1e308, the second −7.5e153·(1 + log(1e308/7.5e153)) ≈ −2.7e156, 1e-152
  // of the first; mpmath: −2·ln(2)·1e308 = −1.3862943611198906188e308.
  const std::vector<double> p{1e308, 1e308}, q{1e308, 7.5e153};
  const double v = advdiv::f_divergence(p, q, advdiv::fdiv::gan{}, {.sum_tolerance = inf});
  CHECK(v == doctest::Approx(-1.3862943611198906188e308).epsilon(1e-14));
  // The same class in float: p + q = 4e38 > FLT_MAX; −2·ln 2·2e38 = −2.7725887e38 (mpmath).
  const std::vector<float> pf{2e38f}, qf{2e38f};
  CHECK(advdiv::f_divergence(pf, qf, advdiv::fdiv::gan{}, {.sum_tolerance = inf}) ==
        doctest::Approx(-2.7725887222397812e38).epsilon(1e-6));
}

TEST_CASE("alpha divergence of a huge order: alpha(alpha - 1) overflows, +inf or |p - q|/|alpha - 1|, never NaN") {
  // For |α| above ~1.3e154 the general form is inf/inf. True values: e^{αL} is astronomically
  // large where p > q (α > 1) or p < q (α < 0), so D = +inf for normalised P ≠ Q; an
  // unnormalised pair with only p < q gives (α(q − p) − q)/(α(α − 1)) (mpmath, 600 digits).
  using V = std::vector<double>;
  const V p{0.5, 0.5}, q{0.25, 0.75};
  for (double a : {1e154, 1.4e154, 1e200, 1.7e308, -1.4e154, -1e300}) {
    CAPTURE(a);
    CHECK(advdiv::alpha_divergence(p, q, a) == inf);
    CHECK(advdiv::f_divergence(p, q, advdiv::fdiv::alpha{a}) == inf);
    CHECK(advdiv::alpha_divergence(p, p, a) == 0.0);
  }
  const double unbounded = inf;
  CHECK(advdiv::alpha_divergence(V{0.25}, V{0.5}, 1e200, {.sum_tolerance = unbounded}) ==
        doctest::Approx(2.5e-201).epsilon(1e-14));
  // Both sides of the switch agree: 1e154 takes the general form, 1.4e154 the huge-order one.
  CHECK(advdiv::alpha_divergence(V{0.25}, V{0.5}, 1e154, {.sum_tolerance = unbounded}) ==
        doctest::Approx(2.5e-155).epsilon(1e-14));
  CHECK(advdiv::alpha_divergence(V{0.25}, V{0.5}, 1.4e154, {.sum_tolerance = unbounded}) ==
        doctest::Approx(0.25 / 1.4e154).epsilon(1e-14));
  CHECK(advdiv::alpha_divergence(V{0.5}, V{0.25}, -1e200, {.sum_tolerance = unbounded}) ==
        doctest::Approx(2.5e-201).epsilon(1e-14));
  // Zeros: p = 0 < q gives q/α for α > 0 and +inf for α < 0; q = 0 < p gives +inf for α > 1.
  CHECK(advdiv::alpha_divergence(V{0.0, 1.0}, V{0.5, 0.5}, 1e200) == inf);
  CHECK(advdiv::alpha_divergence(V{0.0}, V{0.5}, 1e200, {.sum_tolerance = unbounded}) ==
        doctest::Approx(5e-201).epsilon(1e-14));
  CHECK(advdiv::alpha_divergence(V{0.0}, V{0.5}, -1e200, {.sum_tolerance = unbounded}) == inf);
  // float: α(α − 1) overflows from 1.8e19.
  using F = std::vector<float>;
  CHECK(advdiv::alpha_divergence(F{0.25f}, F{0.5f}, 1e30, {.sum_tolerance = unbounded}) ==
        doctest::Approx(2.5e-31).epsilon(1e-6));
  CHECK(advdiv::alpha_divergence(F{0.5f, 0.5f}, F{0.25f, 0.75f}, 1e30) == std::numeric_limits<float>::infinity());
  Eigen::MatrixXd P(1, 2), Q(1, 2);
  P << 0.5, 0.5;
  Q << 0.25, 0.75;
  CHECK(advdiv::rowwise::alpha_divergence(P, Q, 1e200)[0] == inf);
}

TEST_CASE("the GAN term at tiny values (D15): no cancellation, symmetric, every order of magnitude") {
  // The 60-s fuzz gate's reproducer: with the term written as 2·(JS term − ½(p + q) log 2) the
  // result was −1.2e-28 one way and −6.7e-21 the other (rounding of p + q ≈ 1). mpmath, 60
  // digits: Σ −(b + s)·log1p(s/b) + s·log(s/b), s = min(p_i, q_i), b = max.
  const std::vector<double> p{1.0, 6.672063489810438e-21}, q{1.1967183388634957e-28, 1.0};
  const advdiv::fdiv::gan g;
  CHECK(advdiv::f_divergence(p, q, g) == doctest::Approx(-3.1663183986368484428e-19).epsilon(1e-13));
  CHECK(advdiv::f_divergence(q, p, g) == advdiv::f_divergence(p, q, g));
  CHECK(advdiv::f_divergence(p, q, g, {.log_base = 2.0}) ==
        doctest::Approx(-4.5680318515888652021e-19).epsilon(1e-13));
  Eigen::MatrixXd P(1, 2), Q(1, 2);
  P << p[0], p[1];
  Q << q[0], q[1];
  CHECK(advdiv::rowwise::f_divergence(P, Q, g)[0] == doctest::Approx(-3.1663183986368484428e-19).epsilon(1e-13));
  // s/b underflows (1e-600): the part −s that log1p(s/b)·(b + s) carries must not vanish
  // (−1.3815e-297 alone is 7e-4 off); a subnormal s.
  const double unbounded = std::numeric_limits<double>::infinity();
  CHECK(advdiv::f_divergence(std::vector<double>{1e300}, std::vector<double>{1e-300}, g,
                             {.sum_tolerance = unbounded}) ==
        doctest::Approx(-1.3825510557964274451e-297).epsilon(1e-13));
  CHECK(advdiv::f_divergence(std::vector<double>{1e-320}, std::vector<double>{1.0}, g,
                             {.sum_tolerance = unbounded}) ==
        doctest::Approx(-7.3781902679508956478e-318).epsilon(1e-4));  // 1e-320 holds 11 bits
  // float: p = (1, 3e-20f), q = (2e-30f, 1) as floats; mpmath −1.3785926444782686821e-18.
  const std::vector<float> pf{1.0f, 3e-20f}, qf{2e-30f, 1.0f};
  CHECK(advdiv::f_divergence(pf, qf, g) == doctest::Approx(-1.3785926444782686821e-18).epsilon(1e-5));
}

TEST_CASE("terms that overflow on their own in a finite or +inf sum (D17): re-summed scaled, never NaN") {
  // Only a sum tolerance of inf admits such entries. −p log q of p, q near 1e308 is beyond the
  // largest double, so the plain sum was inf − inf = NaN or a wrong inf. References: mpmath.
  using V = std::vector<double>;
  const advdiv::divergence_options unnormalised{.sum_tolerance = inf};
  // The fuzz gate's reproducer: the true cross-entropy, 3.08e309, is beyond the range: +inf.
  CHECK(advdiv::cross_entropy(V{9.4382208953555264e+307, 1e308}, V{1e308, 8.2455931849895488e-305}, unnormalised) ==
        inf);
  // A finite cross-entropy from two overflowing terms of opposite signs.
  const V p{1e308, 1e308}, q{1e308, 4.7e-309};
  CHECK(advdiv::cross_entropy(p, q, unnormalised) == doctest::Approx(7.5502258427803267998e307).epsilon(1e-13));
  Eigen::MatrixXd P(1, 2), Q(1, 2);
  P << p[0], p[1];
  Q << q[0], q[1];
  CHECK(advdiv::rowwise::cross_entropy(P, Q, unnormalised)[0] ==
        doctest::Approx(7.5502258427803267998e307).epsilon(1e-13));
  // KL: one term 2.3e308 (overflows), two of −6.25e307: Σ = 1.0518e308.
  const V pk{1e308, 6.254e307, 6.254e307}, qk{1e307, 1.7e308, 1.7e308};
  CHECK(advdiv::kl(pk, qk, unnormalised) == doctest::Approx(1.0517949930503211534e308).epsilon(1e-13));
  CHECK(advdiv::f_divergence(pk, qk, advdiv::fdiv::kl{}, unnormalised) ==
        doctest::Approx(1.0517949930503211534e308).epsilon(1e-13));
  // A true infinity stays one: q = 0 < p, with entries small and huge.
  CHECK(advdiv::kl(V{1e-300, 1e308}, V{0.0, 1e308}, unnormalised) == inf);
  CHECK(advdiv::cross_entropy(V{1e-300, 1e308}, V{0.0, 1e308}, unnormalised) == inf);
}
