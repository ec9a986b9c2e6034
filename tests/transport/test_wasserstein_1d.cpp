// 1-D Wasserstein (samples, weighted samples, distributions), the normal closed form and the
// sliced Wasserstein distance.
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/sliced.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include "reference.hpp"

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <doctest/doctest.h>
#include <xtensor/xarray.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <type_traits>
#include <vector>

using advdiv_test::load_reference;
using advdiv_test::rel_err;

static_assert(std::is_trivially_copyable_v<advdiv::wasserstein_term<double>>);
static_assert(advdiv::quantile_distribution<boost::math::normal_distribution<double>>);
static_assert(!advdiv::quantile_distribution<std::vector<double>>);
static_assert(!advdiv::quantile_distribution<double>);

namespace {

// A small distribution type of the test's own: an exponential law with ADL quantile.
struct exponential_law {
  double rate;
};
double quantile(const exponential_law& d, double u) { return -std::log1p(-u) / d.rate; }

std::vector<double> normal_sample(std::size_t n, double mu, double sigma, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(mu, sigma);
  std::vector<double> x(n);
  for (auto& v : x) v = g(rng);
  return x;
}

}  // namespace

TEST_CASE_TEMPLATE("wasserstein_1d: closed forms for point masses, shifts and repeated samples",
                   T, float, double) {
  const T tol = std::is_same_v<T, float> ? T(1e-5) : T(1e-13);
  for (double p : {1.0, 2.0, 3.5}) {
    CAPTURE(p);
    // Point masses: W_p(δ_a, δ_b) = |a − b|.
    CHECK(std::abs(advdiv::wasserstein_1d(std::vector<T>{T(0.25)}, std::vector<T>{T(-2)}, p) -
                   T(2.25)) <= tol * 3);
    // A shift moves every quantile by c: W_p(x, x + c) = |c|.
    std::vector<T> x{T(0.5), T(-1), T(3), T(2), T(0)}, y = x;
    for (auto& v : y) v += T(1.5);
    std::reverse(y.begin(), y.end());
    CHECK(std::abs(advdiv::wasserstein_1d(x, y, p) - T(1.5)) <= tol * 2);
    // Repeating every point k times does not change the distribution.
    std::vector<T> xx;
    for (int k = 0; k < 3; ++k) xx.insert(xx.end(), x.begin(), x.end());
    CHECK(advdiv::wasserstein_1d(x, xx, p) == T(0));
    // δ_0 against ½δ_0 + ½δ_1: W_p = (1/2)^{1/p}.
    CHECK(std::abs(advdiv::wasserstein_1d(std::vector<T>{0}, std::vector<T>{0, 1}, p) -
                   T(std::pow(0.5, 1.0 / p))) <= tol);
  }
  // Two sorted samples of equal size: W_1 is the mean gap of the order statistics.
  std::vector<T> a{0, 1, 3}, b{5, 6, 8};
  CHECK(advdiv::wasserstein_1d(a, b) == doctest::Approx(5.0));
  CHECK(advdiv::wasserstein_1d(a, b, 2.0) == doctest::Approx(5.0));
  // Weights: integer weights equal repetition; zero weights drop a point.
  std::vector<T> x{0, 1}, wx{2, 1}, y{0, 0, 1, 5}, wy{1, 1, 1, 0}, y3{0, 0, 1}, ones{1, 1, 1};
  CHECK(advdiv::wasserstein_1d(x, wx, y, wy, 1.0) == T(0));
  CHECK(advdiv::wasserstein_1d(x, wx, y3, ones, 2.0) == T(0));
  std::vector<T> s{0, 1}, ws{3, 1}, t{0}, wt{1};
  CHECK(std::abs(advdiv::wasserstein_1d(s, ws, t, wt, 1.0) - T(0.25)) <= tol);
  CHECK(std::abs(advdiv::wasserstein_1d(s, ws, t, wt, 2.0) - T(0.5)) <= tol);
}

TEST_CASE("wasserstein_1d: agrees with SciPy and POT on stored random cases") {
  const auto cases = load_reference("w1d");
  REQUIRE(cases.size() >= 6);
  for (const auto& c : cases) {
    CAPTURE(c.label);
    CHECK(rel_err(advdiv::wasserstein_1d(c["x"], c["y"]), c.scalar("w1")) <= 1e-11);
    CHECK(rel_err(advdiv::wasserstein_1d(c["x"], c["wx"], c["y"], c["wy"], 1.0),
                  c.scalar("w1_weighted")) <= 1e-10);
    CHECK(rel_err(advdiv::wasserstein_1d(c["x"], c["y"], 2.0), c.scalar("w2")) <= 1e-11);
    CHECK(rel_err(advdiv::wasserstein_1d(c["x"], c["wx"], c["y"], c["wy"], 3.0),
                  c.scalar("w3_weighted")) <= 1e-10);
  }
}

TEST_CASE("wasserstein_1d: radix-sorted large samples equal the std::sort computation") {
  // n = m: W_1 = mean |x_(i) − y_(i)|, with duplicates, negative zero and mixed signs.
  const std::size_t n = 20000;
  std::vector<double> x = normal_sample(n, 0.0, 3.0, 1), y = normal_sample(n, 1.0, 0.5, 2);
  for (std::size_t i = 0; i < n; i += 7) x[i] = std::round(x[i]);
  x[3] = -0.0;
  x[4] = 0.0;
  std::vector<double> xs = x, ys = y;
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  double s1 = 0, s2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    s1 += std::abs(xs[i] - ys[i]);
    s2 += (xs[i] - ys[i]) * (xs[i] - ys[i]);
  }
  CHECK(rel_err(advdiv::wasserstein_1d(x, y), s1 / n) <= 1e-12);
  CHECK(rel_err(advdiv::wasserstein_1d(x, y, 2.0), std::sqrt(s2 / n)) <= 1e-12);
  std::vector<double> w(n, 0.5);
  CHECK(rel_err(advdiv::wasserstein_1d(x, w, y, w, 1.0), s1 / n) <= 1e-10);
  std::vector<float> xf(x.begin(), x.end()), yf(y.begin(), y.end());
  CHECK(rel_err(advdiv::wasserstein_1d(xf, yf), s1 / n) <= 1e-5);
  // Values packed within a relative 1e-9 (below the resolution of the radix passes) force
  // the exact fix-up and its std::sort fallback.
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> u(0.0, 1e-9);
  std::vector<double> cx(n), cy(n);
  for (auto& v : cx) v = 1.0 + u(rng);
  for (auto& v : cy) v = 1.0 + 2.0 * u(rng);
  std::vector<double> sx = cx, sy = cy;
  std::sort(sx.begin(), sx.end());
  std::sort(sy.begin(), sy.end());
  double sc = 0;
  for (std::size_t i = 0; i < n; ++i) sc += std::abs(sx[i] - sy[i]);
  CHECK(rel_err(advdiv::wasserstein_1d(cx, cy), sc / n) <= 1e-12);
}

TEST_CASE("wasserstein_1d: metric axioms on random samples") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    std::uniform_int_distribution<int> size(1, 40);
    auto x = normal_sample(size(rng), 0.0, 1.0, 100 + trial);
    auto y = normal_sample(size(rng), 0.3, 2.0, 200 + trial);
    auto z = normal_sample(size(rng), -1.0, 0.5, 300 + trial);
    for (double p : {1.0, 2.0, 3.0}) {
      const double xy = advdiv::wasserstein_1d(x, y, p), yx = advdiv::wasserstein_1d(y, x, p);
      const double xz = advdiv::wasserstein_1d(x, z, p), zy = advdiv::wasserstein_1d(z, y, p);
      CHECK(xy == doctest::Approx(yx).epsilon(1e-14));
      CHECK(xy >= 0.0);
      CHECK(xy <= xz + zy + 1e-12);
      auto xp = x;
      std::shuffle(xp.begin(), xp.end(), rng);
      CHECK(advdiv::wasserstein_1d(x, xp, p) == 0.0);
    }
    // W_p grows with p (Jensen): W_1 ≤ W_2 ≤ W_3.
    CHECK(advdiv::wasserstein_1d(x, y, 1.0) <= advdiv::wasserstein_1d(x, y, 2.0) + 1e-12);
    CHECK(advdiv::wasserstein_1d(x, y, 2.0) <= advdiv::wasserstein_1d(x, y, 3.0) + 1e-12);
  }
}

TEST_CASE("wasserstein_1d: Eigen and xtensor arguments") {
  Eigen::VectorXd x(3), y(2);
  x << 0, 1, 2;
  y << 5, 6;
  xt::xarray<double> xa = {0.0, 1.0, 2.0};
  std::vector<double> xv{0, 1, 2}, yv{5, 6};
  const double ref = advdiv::wasserstein_1d(xv, yv, 2.0);
  CHECK(advdiv::wasserstein_1d(x, y, 2.0) == ref);
  CHECK(advdiv::wasserstein_1d(xa, yv, 2.0) == ref);
  Eigen::MatrixXd M(3, 3);
  M.setRandom();
  CHECK(advdiv::wasserstein_1d(M.col(1), y) == advdiv::wasserstein_1d(Eigen::VectorXd(M.col(1)), y));
  xt::xarray<double> two_d = {{1.0, 2.0}, {3.0, 4.0}};
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(two_d, yv),
                       "advdiv::wasserstein_1d: x must be one-dimensional, it has 2 dimensions",
                       std::invalid_argument);
}

TEST_CASE("wasserstein_1d between distributions: closed forms through the quantile integral") {
  using boost::math::normal_distribution;
  using boost::math::uniform_distribution;
  // W_2 between normals: sqrt(Δμ² + Δσ²).
  for (auto [m1, s1, m2, s2] : {std::array<double, 4>{0, 1, 1, 2}, {-3, 0.5, 2, 0.5}, {0, 1, 0, 4}}) {
    const double w2 = advdiv::wasserstein_1d(normal_distribution<>(m1, s1),
                                             normal_distribution<>(m2, s2), 2.0);
    CHECK(rel_err(w2, advdiv::wasserstein_2_normal(m1, s1, m2, s2)) <= 1e-8);
    CHECK(rel_err(w2, std::hypot(m1 - m2, s1 - s2)) <= 1e-8);
  }
  // W_1 between centred normals: |Δσ|·E|Z| = |Δσ|·sqrt(2/π); a pure shift: |Δμ|.
  CHECK(rel_err(advdiv::wasserstein_1d(normal_distribution<>(0, 1), normal_distribution<>(0, 3)),
                2.0 * std::sqrt(2.0 / std::numbers::pi)) <= 1e-8);
  CHECK(rel_err(advdiv::wasserstein_1d(normal_distribution<>(0, 1), normal_distribution<>(2.5, 1)),
                2.5) <= 1e-9);
  // Uniforms U(0,1) and U(0,2): quantiles u and 2u, W_2² = ∫u² = 1/3, W_3³ = 1/4.
  const uniform_distribution<> u1(0, 1), u2(0, 2);
  CHECK(rel_err(advdiv::wasserstein_1d(u1, u2, 2.0), std::sqrt(1.0 / 3.0)) <= 1e-9);
  CHECK(rel_err(advdiv::wasserstein_1d(u1, u2, 3.0), std::cbrt(0.25)) <= 1e-9);
  // A user type found by ADL: exponentials with rates 1 and 2, quantiles −log(1−u)/λ:
  // W_1 = (1 − 1/2)·E[X₁] = 1/2, W_2² = (1/2)²·E[X₁²] = 1/2.
  CHECK(rel_err(advdiv::wasserstein_1d(exponential_law{1}, exponential_law{2}), 0.5) <= 1e-8);
  CHECK(rel_err(advdiv::wasserstein_1d(exponential_law{1}, exponential_law{2}, 2.0),
                std::sqrt(0.5)) <= 1e-8);
  // Large samples approach the population value.
  const auto xs = normal_sample(200000, 0, 1, 11), ys = normal_sample(200000, 1, 2, 12);
  CHECK(std::abs(advdiv::wasserstein_1d(xs, ys, 2.0) - std::sqrt(2.0)) < 0.02);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(u1, u2, 0.5),
                       "advdiv::wasserstein_1d: p = 0.5 must be finite and >= 1",
                       std::domain_error);
}

TEST_CASE("wasserstein_2_normal: errors") {
  CHECK(advdiv::wasserstein_2_normal(0, 1, 3, 5) == doctest::Approx(5.0));
  CHECK(advdiv::wasserstein_2_normal(1, 0, 1, 0) == 0.0);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_2_normal(0, -1, 0, 1),
                       "advdiv::wasserstein_2_normal: sigma1 = -1 must be finite and >= 0",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_2_normal(0, 1, std::nan(""), 1),
                       "advdiv::wasserstein_2_normal: mu2 = nan is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_2_normal(0, 1, 0, INFINITY),
                       "advdiv::wasserstein_2_normal: sigma2 = inf must be finite and >= 0",
                       std::domain_error);
}

TEST_CASE("wasserstein_1d: bad input") {
  const std::vector<double> e, x{1, 2}, y{0, std::nan("")}, w{1, -0.5}, z{0, 0};
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(e, x), "advdiv::wasserstein_1d: x is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, e), "advdiv::wasserstein_1d: y is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, y), "advdiv::wasserstein_1d: y[1] = nan is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, x, 0.9),
                       "advdiv::wasserstein_1d: p = 0.9 must be finite and >= 1", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, x, INFINITY),
                       "advdiv::wasserstein_1d: p = inf must be finite and >= 1", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, w, x, x, 1.0),
                       "advdiv::wasserstein_1d: wx[1] = -0.5 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, x, x, z, 1.0), "advdiv::wasserstein_1d: wy sums to 0",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(x, std::vector<double>{1}, x, x, 1.0),
                       "advdiv::wasserstein_1d: x and wx differ in length (2 and 1)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(e, e, x, x, 1.0), "advdiv::wasserstein_1d: x is empty",
                       std::invalid_argument);
}

TEST_CASE("sliced_wasserstein: agrees with POT given the same directions") {
  for (const auto& c : load_reference("sliced")) {
    CAPTURE(c.label);
    const auto n = Eigen::Index(c.scalar("n")), m = Eigen::Index(c.scalar("m")),
               d = Eigen::Index(c.scalar("d")), L = Eigen::Index(c.scalar("L"));
    using RM = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const RM X = Eigen::Map<const RM>(c["X"].data(), n, d);
    const RM Y = Eigen::Map<const RM>(c["Y"].data(), m, d);
    const RM D = Eigen::Map<const RM>(c["directions"].data(), L, d);
    const Eigen::MatrixXd Xc = X;  // column-major copy reads the same
    CHECK(rel_err(advdiv::sliced_wasserstein(X, Y, D, c.scalar("p")), c.scalar("sw")) <= 1e-10);
    CHECK(rel_err(advdiv::sliced_wasserstein(Xc, Y, D, c.scalar("p")), c.scalar("sw")) <= 1e-10);
  }
}

TEST_CASE("sliced_wasserstein: one dimension, determinism, SW <= W") {
  // d = 1: every direction is ±1, so SW_p = W_p exactly.
  const auto xs = normal_sample(50, 0, 1, 3), ys = normal_sample(70, 1, 2, 4);
  const Eigen::MatrixXd X = Eigen::Map<const Eigen::VectorXd>(xs.data(), 50);
  const Eigen::MatrixXd Y = Eigen::Map<const Eigen::VectorXd>(ys.data(), 70);
  for (double p : {1.0, 2.0})
    CHECK(rel_err(advdiv::sliced_wasserstein(X, Y, 5, p, 9), advdiv::wasserstein_1d(xs, ys, p)) <=
          1e-12);
  // Same seed, same directions; SW_2 ≤ W_2 (projections are 1-Lipschitz).
  std::mt19937_64 rng(5);
  std::normal_distribution<double> g;
  Eigen::MatrixXd A(40, 3), B(40, 3);
  for (Eigen::Index i = 0; i < 40; ++i)
    for (Eigen::Index k = 0; k < 3; ++k) {
      A(i, k) = g(rng);
      B(i, k) = 2 * g(rng) + 1;
    }
  const double s1 = advdiv::sliced_wasserstein(A, B, 200, 2.0, 42);
  CHECK(s1 == advdiv::sliced_wasserstein(A, B, 200, 2.0, 42));
  CHECK(s1 != advdiv::sliced_wasserstein(A, B, 200, 2.0, 43));
  std::vector<double> u(40, 1.0 / 40);
  const double w2 = std::sqrt(advdiv::emd(u, u, A, B, advdiv::ground_metric::sqeuclidean).cost);
  CHECK(s1 <= w2);
  CHECK(advdiv::sliced_wasserstein(A, A, 10, 2.0, 1) == 0.0);
}

TEST_CASE("sliced_wasserstein: bad input") {
  Eigen::MatrixXd X(3, 2), Y(4, 3), E(0, 2);
  X.setZero();
  Y.setZero();
  CHECK_THROWS_WITH_AS(advdiv::sliced_wasserstein(X, Y),
                       "advdiv::sliced_wasserstein: X and Y differ in dimension (2 and 3 columns)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::sliced_wasserstein(E, X), "advdiv::sliced_wasserstein: X is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::sliced_wasserstein(X, X, 0),
                       "advdiv::sliced_wasserstein: n_projections is 0", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::sliced_wasserstein(X, X, 5, 0.0),
                       "advdiv::sliced_wasserstein: p = 0 must be finite and >= 1", std::domain_error);
  Eigen::MatrixXd Xn = X;
  Xn(1, 1) = std::nan("");
  CHECK_THROWS_WITH_AS(advdiv::sliced_wasserstein(Xn, X),
                       "advdiv::sliced_wasserstein: X(1, 1) = nan is not finite", std::domain_error);
  Eigen::MatrixXd D(2, 3);
  D.setOnes();
  CHECK_THROWS_WITH_AS(advdiv::sliced_wasserstein(X, X, D, 2.0),
                       "advdiv::sliced_wasserstein: directions have 3 columns but the points have 2",
                       std::invalid_argument);
}
