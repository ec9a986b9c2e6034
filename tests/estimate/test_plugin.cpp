// Histogram and Gaussian-KDE plug-in estimators: exact values on constructed samples, pinned
// NumPy/SciPy references (tests/estimate/make_reference_estimators.py), consistency on a
// normal pair, and every bad input with its message.
#include <advdiv/core/random.hpp>
#include <advdiv/density/divergence.hpp>
#include <advdiv/density/normal.hpp>
#include <advdiv/estimate/plugin.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace est = advdiv::estimate;
namespace fd = advdiv::fdiv;

namespace {
std::vector<double> normal_sample(advdiv::random_engine& rng, std::size_t n, double mu, double sigma) {
  std::vector<double> v(n);
  for (double& x : v) x = mu + sigma * advdiv::standard_normal(rng);
  return v;
}
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("histogram plug-in: bin counts chosen by hand") {
  // Pooled range [0, 1] in 2 bins of width 1/2: X has 3 points in the first bin and 1 in the
  // second (1.0 lies in the last bin), Y 1 and 3, so p = (3/4, 1/4), q = (1/4, 3/4).
  const std::vector<double> x{0.0, 0.1, 0.2, 1.0}, y{0.3, 0.7, 0.8, 1.0};
  const est::histogram_options two{.rule = est::bin_rule::fixed_count, .bins = 2};
  // KL = 3/4 log 3 + 1/4 log(1/3) = ½ log 3.
  const auto kl = est::histogram_divergence(x, y, fd::kl{}, two);
  CHECK(kl.value == doctest::Approx(0.5 * std::log(3.0)).epsilon(1e-15));
  CHECK(kl.n == 4);
  CHECK(kl.m == 4);
  CHECK(kl.status == advdiv::solver_status::converged);
  CHECK(!kl.std_error.has_value());
  // Σ(√p − √q)² = 2(√3/2 − 1/2)² = 2 − √3.
  CHECK(est::histogram_divergence(x, y, fd::squared_hellinger{}, two).value ==
        doctest::Approx(2.0 - std::sqrt(3.0)).epsilon(1e-14));
  // One bin: both masses are 1 and every divergence is 0.
  CHECK(est::histogram_divergence(x, y, fd::kl{}, {.rule = est::bin_rule::fixed_count, .bins = 1}).value == 0.0);
}

TEST_CASE("histogram plug-in: a bin with q = 0 < p gives p times the slope at infinity") {
  // X = {0, 1}: one point per bin; Y = {1, 1}: both in the second bin. q̂_0 = 0 < p̂_0 = 1/2.
  const std::vector<double> x{0.0, 1.0}, y{1.0, 1.0};
  const est::histogram_options two{.rule = est::bin_rule::fixed_count, .bins = 2};
  CHECK(est::histogram_divergence(x, y, fd::kl{}, two).value == std::numeric_limits<double>::infinity());
  // TV: ½(|½ − 0| + |½ − 1|) = ½, the first term being p̂·lim f(u)/u = ½·½.
  CHECK(est::histogram_divergence(x, y, fd::total_variation{}, two).value == doctest::Approx(0.5).epsilon(1e-15));
  // The other direction has p̂ = 0 < q̂ in the first bin: q̂·f(0) = 0 for KL.
  CHECK(est::histogram_divergence(y, x, fd::kl{}, two).value == doctest::Approx(std::log(2.0)).epsilon(1e-15));
}

TEST_CASE("histogram plug-in: Freedman-Diaconis bins as NumPy's") {
  // make_reference_estimators.py: numpy.histogram_bin_edges(pooled, 'fd') gives 5 bins;
  // scipy rel_entr on the masses gives KL = inf (a bin of X without Y), JS and TV below.
  const std::vector<double> x{0.0, 0.3, 0.4, 0.45, 0.5, 0.9, 1.2, 1.3, 2.0, 2.2};
  const std::vector<double> y{0.8, 1.0, 1.1, 1.5, 1.6, 1.7, 1.9, 2.5, 3.1, 3.3, 3.4, 4.0};
  CHECK(est::histogram_divergence(x, y, fd::kl{}).value == std::numeric_limits<double>::infinity());
  CHECK(est::histogram_divergence(x, y, fd::jensen_shannon{}).value == doctest::Approx(0.31952301785561527).epsilon(1e-13));
  CHECK(est::histogram_divergence(x, y, fd::total_variation{}).value == doctest::Approx(0.5).epsilon(1e-13));
}

TEST_CASE("histogram plug-in: 2-D cells and the input forms") {
  // Points as columns; 2 bins per coordinate on [0, 1]²: X in cells (0,0), (0,0), (1,1), (1,0);
  // Y in (0,0), (1,1), (1,1), (1,1)  →  p = (1/2, 1/4, 1/4, 0), q = (1/4, 0, 3/4, 0) over
  // cells (0,0), (1,0), (1,1).
  Eigen::Matrix<double, 2, Eigen::Dynamic> X(2, 4), Y(2, 4);
  X << 0.0, 0.1, 1.0, 0.9,
       0.0, 0.2, 1.0, 0.1;
  Y << 0.2, 0.8, 0.9, 0.7,
       0.3, 0.9, 0.6, 0.8;
  const est::histogram_options two{.rule = est::bin_rule::fixed_count, .bins = 2};
  // TV = ½(|½ − ¼| + |¼ − 0| + |¼ − ¾|) = ½.
  CHECK(est::histogram_divergence(X, Y, fd::total_variation{}, two).value == doctest::Approx(0.5).epsilon(1e-15));
  const std::vector<std::array<double, 2>> xa{{0.0, 0.0}, {0.1, 0.2}, {1.0, 1.0}, {0.9, 0.1}};
  const Eigen::MatrixXd Yd = Y;
  CHECK(est::histogram_divergence(xa, Yd, fd::total_variation{}, two).value ==
        est::histogram_divergence(X, Y, fd::total_variation{}, two).value);
}

TEST_CASE("histogram plug-in: the error of JS falls with n on a normal pair") {
  const double truth = advdiv::js(advdiv::normal{0, 1}, advdiv::normal{1, 1}).value;
  auto mean_abs_error = [&](std::size_t n, est::bin_rule rule) {
    advdiv::random_engine root(11);
    double err = 0;
    for (std::uint64_t rep = 0; rep < 4; ++rep) {
      advdiv::random_engine rng = root.substream(rep * 100 + n);
      const auto x = normal_sample(rng, n, 0, 1), y = normal_sample(rng, n, 1, 1);
      err += std::abs(est::histogram_divergence(x, y, fd::jensen_shannon{}, {.rule = rule}).value - truth);
    }
    return err / 4;
  };
  for (auto rule : {est::bin_rule::freedman_diaconis, est::bin_rule::scott}) {
    const double small = mean_abs_error(100, rule), large = mean_abs_error(20000, rule);
    CHECK(large < small / 3);
    CHECK(large < 0.01);
  }
}

TEST_CASE("histogram plug-in: bad input") {
  const std::vector<double> x{0.0, 1.0, 2.0}, e;
  constexpr const char* fn = "advdiv::estimate::histogram_divergence: ";
  CHECK_THROWS_WITH_AS(est::histogram_divergence(e, x, fd::kl{}), (std::string(fn) + "X is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::histogram_divergence(x, e, fd::kl{}), (std::string(fn) + "Y is empty").c_str(), std::invalid_argument);
  const std::vector<double> bad{0.0, not_a_number};
  CHECK_THROWS_WITH_AS(est::histogram_divergence(bad, x, fd::kl{}),
                       (std::string(fn) + "X[1] = nan is not finite").c_str(), std::domain_error);
  Eigen::MatrixXd X2 = Eigen::MatrixXd::Zero(2, 3);
  CHECK_THROWS_WITH_AS(est::histogram_divergence(X2, x, fd::kl{}),
                       (std::string(fn) + "X and Y differ in dimension (2 and 1)").c_str(), std::invalid_argument);
  X2(1, 2) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(est::histogram_divergence(X2, X2, fd::kl{}),
                       (std::string(fn) + "X(1, 2) = inf is not finite").c_str(), std::domain_error);
  const Eigen::MatrixXd X4 = Eigen::MatrixXd::Random(4, 5);
  CHECK_THROWS_WITH_AS(est::histogram_divergence(X4, X4, fd::kl{}),
                       (std::string(fn) + "X has dimension 4; a histogram estimate takes at most 3").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::histogram_divergence(x, x, fd::kl{}, {.rule = est::bin_rule::fixed_count, .bins = 0}),
                       (std::string(fn) + "bins = 0 is not at least 1").c_str(), std::domain_error);
  // Half the pooled values tie at 0: the interquartile range is 0 while the range is not.
  const std::vector<double> ties{0.0, 0.0, 0.0, 0.0, 0.0, 1.0};
  CHECK_THROWS_WITH_AS(est::histogram_divergence(ties, ties, fd::kl{}),
                       (std::string(fn) + "interquartile range of coordinate 0 = 0 is not positive (Freedman-Diaconis "
                                          "bins are undefined; use bin_rule::scott or bin_rule::fixed_count)").c_str(),
                       std::domain_error);
  CHECK(est::histogram_divergence(ties, ties, fd::kl{}, {.rule = est::bin_rule::scott}).value == 0.0);
}

TEST_CASE("KDE plug-in: tiny samples against SciPy kernel sums") {
  // make_reference_estimators.py: leave-one-out norm.pdf sums, the pooled average
  // Σ_z q̂ f(p̂/q̂)/(n p̂ + m q̂), bandwidths from scipy.stats.gaussian_kde's factors.
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, 2.0, 2.5, 4.0};
  const est::kde_options given{.rule = est::bandwidth_rule::given, .bandwidth = 0.7};
  const auto kl = est::kde_divergence(x, y, fd::kl{}, given);
  CHECK(kl.value == doctest::Approx(0.92909556894881928).epsilon(1e-13));
  CHECK(kl.n == 3);
  CHECK(kl.m == 4);
  CHECK(kl.message.empty());
  CHECK(est::kde_divergence(x, y, fd::total_variation{}, given).value == doctest::Approx(0.39307657928057071).epsilon(1e-13));
  CHECK(est::kde_divergence(x, y, fd::kl{}).value == doctest::Approx(0.20747338774269436).epsilon(1e-13));
  CHECK(est::kde_divergence(x, y, fd::kl{}, {.rule = est::bandwidth_rule::silverman}).value ==
        doctest::Approx(0.16179807923340164).epsilon(1e-13));
}

TEST_CASE("KDE plug-in: far-apart samples stay finite (no density underflows to 0)") {
  // 1000 bandwidths apart: every kernel of the other sample underflows in double, the log-space
  // evaluation does not. KL ≈ ½·(1000)² in the pooled average's weights, finite and large.
  const std::vector<double> x{0.0, 0.5}, y{500.0, 500.5};
  const auto r = est::kde_divergence(x, y, fd::kl{}, {.rule = est::bandwidth_rule::given, .bandwidth = 0.5});
  CHECK(std::isfinite(r.value));
  CHECK(r.value > 1e5);
  // JS saturates at log 2.
  CHECK(est::kde_divergence(x, y, fd::jensen_shannon{}, {.rule = est::bandwidth_rule::given, .bandwidth = 0.5}).value ==
        doctest::Approx(std::log(2.0)).epsilon(1e-12));
}

TEST_CASE("KDE plug-in: the error of KL falls with n on a normal pair (KL = 1/2)") {
  auto mean_abs_error = [&](std::size_t n) {
    advdiv::random_engine root(5);
    double err = 0;
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      advdiv::random_engine rng = root.substream(rep * 100 + n);
      const auto x = normal_sample(rng, n, 0, 1), y = normal_sample(rng, n, 1, 1);
      err += std::abs(est::kde_divergence(x, y, fd::kl{}).value - 0.5);
    }
    return err / 3;
  };
  const double small = mean_abs_error(50), large = mean_abs_error(1600);
  CHECK(large < small / 2);
  CHECK(large < 0.05);
  // 2-D: KL(N(0, I) ‖ N(e₁, I)) = ½ as well.
  advdiv::random_engine rng(9);
  Eigen::MatrixXd X(2, 1500), Y(2, 1500);
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    X(0, i) = advdiv::standard_normal(rng);
    X(1, i) = advdiv::standard_normal(rng);
    Y(0, i) = 1 + advdiv::standard_normal(rng);
    Y(1, i) = advdiv::standard_normal(rng);
  }
  CHECK(est::kde_divergence(X, Y, fd::kl{}).value == doctest::Approx(0.5).epsilon(0.2));
}

TEST_CASE("KDE plug-in: bad input") {
  const std::vector<double> x{0.0, 1.0, 2.0}, e, one{1.0};
  constexpr const char* fn = "advdiv::estimate::kde_divergence: ";
  CHECK_THROWS_WITH_AS(est::kde_divergence(e, x, fd::kl{}), (std::string(fn) + "X is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::kde_divergence(one, x, fd::kl{}),
                       (std::string(fn) + "X has 1 point; the leave-one-out estimate needs at least 2").c_str(),
                       std::invalid_argument);
  const std::vector<double> bad{not_a_number, 1.0};
  CHECK_THROWS_WITH_AS(est::kde_divergence(x, bad, fd::kl{}),
                       (std::string(fn) + "Y[0] = nan is not finite").c_str(), std::domain_error);
  const Eigen::MatrixXd X2 = Eigen::MatrixXd::Random(2, 3);
  CHECK_THROWS_WITH_AS(est::kde_divergence(x, X2, fd::kl{}),
                       (std::string(fn) + "X and Y differ in dimension (1 and 2)").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::kde_divergence(x, x, fd::kl{}, {.rule = est::bandwidth_rule::given}),
                       (std::string(fn) + "bandwidth = 0 is not positive and finite").c_str(), std::domain_error);
  const std::vector<double> flat{2.0, 2.0, 2.0};
  CHECK_THROWS_WITH_AS(est::kde_divergence(x, flat, fd::kl{}),
                       (std::string(fn) + "standard deviation of Y coordinate 0 = 0 is not positive").c_str(),
                       std::domain_error);
}
