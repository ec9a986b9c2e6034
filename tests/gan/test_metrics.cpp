// Toy mixtures and the sample-quality metrics (gan/metrics/) on constructed sample sets.
#include <advdiv/gan/metrics.hpp>
#include <advdiv/gan/objective/non_saturating.hpp>
#include <advdiv/gan/trainer.hpp>
#include <advdiv/nn.hpp>
#include <advdiv/density/normal.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <doctest/doctest.h>

#include <Eigen/Cholesky>

#include <array>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace gan = advdiv::gan;

TEST_CASE("the ring and the grid of the PacGAN protocol") {
  const auto ring = gan::toy_mixture::ring();
  REQUIRE(ring.modes() == 8);
  CHECK(ring.sigma() == 0.01);
  for (Eigen::Index k = 0; k < 8; ++k) CHECK(ring.means().col(k).norm() == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(ring.means()(0, 2) == doctest::Approx(0.0).scale(1));  // mode 2 at angle π/2
  CHECK(ring.means()(1, 2) == doctest::Approx(1.0));
  const auto grid = gan::toy_mixture::grid();
  REQUIRE(grid.modes() == 25);
  CHECK(grid.sigma() == 0.05);
  CHECK(grid.means().minCoeff() == -4.0);
  CHECK(grid.means().maxCoeff() == 4.0);
  CHECK(grid.means()(0, 7) == -2.0);  // i = 1, j = 2
  CHECK(grid.means()(1, 7) == 0.0);
}

TEST_CASE("samples: seeded, d × n, moments of the mixture") {
  const auto ring = gan::toy_mixture::ring();
  advdiv::random_engine a(5), b(5);
  const Eigen::MatrixXd x = ring.sample(a, 4000), y = ring.sample(b, 4000);
  CHECK(x.rows() == 2);
  CHECK(x.cols() == 4000);
  CHECK(x == y);
  // The ring's mean is 0 and E‖x‖² = 1 + 2σ²: five standard errors.
  CHECK(std::abs(x.rowwise().mean()(0)) < 5 * std::sqrt(0.5 / 4000));
  CHECK(x.colwise().squaredNorm().mean() == doctest::Approx(1 + 2e-4).epsilon(5 * 0.02 / std::sqrt(4000.0)));
}

TEST_CASE("constructed sets: one mode, every mode evenly, off-mode noise") {
  const auto ring = gan::toy_mixture::ring();
  const Eigen::MatrixXd& mu = ring.means();
  // All samples on mode 3: perfect quality, one mode, reverse KL = log K.
  Eigen::MatrixXd one = mu.col(3).replicate(1, 100);
  auto m = gan::evaluate_modes(ring, one);
  CHECK(m.modes_captured == 1);
  CHECK(m.high_quality_fraction == 1.0);
  CHECK(m.reverse_kl == doctest::Approx(std::log(8.0)).epsilon(1e-15));
  CHECK(m.counts[3] == 100);
  // Every mode equally: reverse KL 0.
  Eigen::MatrixXd even = mu.replicate(1, 10);
  m = gan::evaluate_modes(ring, even);
  CHECK(m.modes_captured == 8);
  CHECK(m.reverse_kl == doctest::Approx(0.0).scale(1));
  // Off-mode noise at the centre of the ring (distance 1 = 100σ from every mode).
  m = gan::evaluate_modes(ring, Eigen::MatrixXd::Zero(2, 50));
  CHECK(m.modes_captured == 0);
  CHECK(m.high_quality_fraction == 0.0);
  CHECK(m.reverse_kl == std::numeric_limits<double>::infinity());
  // Three samples on mode 0, one on mode 1, four off-mode: the histogram of the HQ ones.
  Eigen::MatrixXd mixed(2, 8);
  mixed << mu.col(0), mu.col(0), mu.col(0), mu.col(1), Eigen::MatrixXd::Zero(2, 4);
  m = gan::evaluate_modes(ring, mixed);
  CHECK(m.modes_captured == 2);
  CHECK(m.high_quality_fraction == 0.5);
  CHECK(m.reverse_kl == doctest::Approx(0.75 * std::log(8 * 0.75) + 0.25 * std::log(8 * 0.25)).epsilon(1e-15));
}

TEST_CASE("the 3σ threshold is strict and standardised by σ") {
  const auto grid = gan::toy_mixture::grid();
  Eigen::MatrixXd x(2, 2);
  x << 0.0 + 2.9 * 0.05, 0.0 + 3.1 * 0.05,  // two points near the centre mode (0, 0)
      0.0, 0.0;
  const auto m = gan::evaluate_modes(grid, x);
  CHECK(m.high_quality_fraction == 0.5);
  CHECK(gan::evaluate_modes(grid, x, 4.0).high_quality_fraction == 1.0);
}

TEST_CASE("exact samples: 8 / 25 modes, HQ = 1 − e^{−9/2} ≈ 98.9%, reverse KL ≈ 0") {
  advdiv::random_engine rng(11);
  const std::size_t n = 20000;
  const double hq = 1 - std::exp(-4.5);  // P(‖N(0, I₂)‖ < 3)
  for (const auto& mix : {gan::toy_mixture::ring(), gan::toy_mixture::grid()}) {
    const auto m = gan::evaluate_modes(mix, mix.sample(rng, n));
    CHECK(m.modes_captured == mix.modes());
    CHECK(std::abs(m.high_quality_fraction - hq) < 5 * std::sqrt(hq * (1 - hq) / n));
    CHECK(m.reverse_kl < 0.01);  // the multinomial noise of the histogram: ≈ (K − 1)/(2n)
  }
}

TEST_CASE("bad input") {
  const auto ring = gan::toy_mixture::ring();
  CHECK_THROWS_WITH_AS(gan::evaluate_modes(ring, Eigen::MatrixXd(3, 4)),
                       "advdiv::gan::evaluate_modes: X and the mixture differ in dimension (3 and 2)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gan::evaluate_modes(ring, Eigen::MatrixXd(2, 0)), "advdiv::gan::evaluate_modes: X is empty",
                       std::invalid_argument);
  Eigen::MatrixXd bad = Eigen::MatrixXd::Zero(2, 3);
  bad(1, 2) = std::nan("");
  CHECK_THROWS_WITH_AS(gan::evaluate_modes(ring, bad), "advdiv::gan::evaluate_modes: X(1, 2) = nan is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(gan::toy_mixture(Eigen::MatrixXd::Zero(2, 3), 0.0),
                       "advdiv::gan::toy_mixture: sigma = 0 is not positive and finite", std::domain_error);
}

// ---------------------------------------------------------------------------------------
// The classifier score with the exact posterior of the mixture.

TEST_CASE("mode_log_posterior: against mpmath, stable far from every mode") {
  const auto ring = gan::toy_mixture::ring();
  const auto grid = gan::toy_mixture::grid();
  // Reference values: tests/data/gan/make_metrics_reference.py (mpmath, 50 digits, the
  // definition −‖x − μ_k‖²/(2σ²) − log Σ_j exp(−‖x − μ_j‖²/(2σ²)) with exact means).
  Eigen::MatrixXd x(2, 1);
  x << 0.001, 0.0005;  // near the centre of the ring: every mode has a posterior above e^{−22}
  Eigen::MatrixXd lp = gan::mode_log_posterior(ring, x);
  REQUIRE(lp.rows() == 8);
  REQUIRE(lp.cols() == 1);
  const double ring_ref[8] = {-1.0446787084189454, -0.43807699062073255, -6.0446787084189454, -14.580212614351683,
                              -21.044678708418945, -21.651280426217158,  -16.044678708418945, -7.5091448024862078};
  for (int k = 0; k < 8; ++k) CHECK(lp(k, 0) == doctest::Approx(ring_ref[k]).epsilon(1e-11));
  x << 1.01, 0.3;  // on the grid between the modes 12 = (0, 0) and 17 = (2, 0), nearer 17
  lp = gan::mode_log_posterior(grid, x);
  CHECK(lp(17, 0) == doctest::Approx(-0.00033540637289576883).epsilon(1e-11));
  CHECK(lp(12, 0) == doctest::Approx(-8.0003354063728958).epsilon(1e-12));
  CHECK(lp(18, 0) == doctest::Approx(-560.0003354063729).epsilon(1e-13));  // e^{−560}: no underflow in log space
  CHECK(lp(13, 0) == doctest::Approx(-568.0003354063729).epsilon(1e-13));
  // A million radii out: the squared distances agree to 6 digits, the log posteriors are exact.
  x << 1e6, 0.5;
  lp = gan::mode_log_posterior(ring, x);
  const double far_ref[8] = {0.0, -2928928652.6006188, -9999995000.0, -17071064276.331569,
                             -20000000000.0, -17071071347.399381, -10000005000.0, -2928935723.6684307};
  CHECK(lp(0, 0) == 0.0);
  for (int k = 1; k < 8; ++k) CHECK(lp(k, 0) == doctest::Approx(far_ref[k]).epsilon(1e-12));
  // At the end of the double range: one-hot at the nearest mode, the others finite or −inf, no NaN.
  Eigen::MatrixXd extreme(2, 3);
  extreme << 1e300, 1.7e308, -1e16,  //
      1e300, 0.0, -1e16;
  lp = gan::mode_log_posterior(ring, extreme);
  CHECK(!lp.array().isNaN().any());
  CHECK((lp.array() <= 0).all());
  CHECK(lp(1, 0) == 0.0);  // direction π/4: mode 1
  CHECK(lp(0, 1) == 0.0);
  CHECK(lp(4, 1) == -std::numeric_limits<double>::infinity());  // x·(μ₀ − μ₄)/σ² overflows
  CHECK(lp(5, 2) == 0.0);  // direction 5π/4; at |x| = 1e16 every squared distance is the same double
  CHECK(lp(4, 2) == doctest::Approx(-1e16 * (std::cos(std::numbers::pi) - std::cos(1.25 * std::numbers::pi)) / 1e-4 -
                                    1e16 * (std::sin(std::numbers::pi) - std::sin(1.25 * std::numbers::pi)) / 1e-4)
                        .epsilon(1e-12));
  // Probabilities of each column sum to 1.
  advdiv::random_engine rng(3);
  const Eigen::MatrixXd pts = 3 * Eigen::MatrixXd::NullaryExpr(2, 50, [&] { return advdiv::standard_normal(rng); });
  const Eigen::MatrixXd p = gan::mode_log_posterior(grid, pts).array().exp();
  for (Eigen::Index j = 0; j < p.cols(); ++j) CHECK(p.col(j).sum() == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("classifier_score: exact samples, bounds 1 ≤ score ≤ exp(diversity) ≤ K, inputs") {
  advdiv::random_engine rng(17);
  for (const auto& mix : {gan::toy_mixture::ring(), gan::toy_mixture::grid()}) {
    const double K = double(mix.modes());
    // Exact samples: the posterior is one-hot up to e^{−(gap)²/(8σ²)} (gap/σ ≥ 40 on the grid,
    // 76 on the ring) and p̂ is the multinomial histogram, so score = exp(H(p̂)) ≈ K(1 − (K−1)/(2n)).
    const std::size_t n = 20000;
    const auto c = gan::classifier_score(mix, mix.sample(rng, n));
    CHECK(c.samples == n);
    CHECK(c.quality == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(c.score == doctest::Approx(c.diversity == 0 ? 1.0 : std::exp(c.diversity)).epsilon(1e-10));
    CHECK(c.score > K * (1 - 0.01));
    CHECK(c.score <= K);
    double sum = 0;
    for (double v : c.marginal) sum += v;
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-14));
    // Random clouds of every scale: the bounds hold for the returned numbers.
    for (double scale : {0.01, 0.5, 3.0, 1e3, 1e200}) {
      const Eigen::MatrixXd z = scale * Eigen::MatrixXd::NullaryExpr(2, 64, [&] { return advdiv::standard_normal(rng); });
      const auto r = gan::classifier_score(mix, z);
      CHECK(std::isfinite(r.score));
      CHECK(r.score >= 1.0);
      CHECK(r.score <= std::exp(r.diversity) * (1 + 1e-15));
      CHECK(r.diversity <= std::log(K));
      CHECK(r.quality >= 1 / K);
      CHECK(r.quality <= 1.0);
    }
  }
  // Any sample read_sample reads: a std::vector of std::array points gives the same numbers.
  const auto ring = gan::toy_mixture::ring();
  const Eigen::MatrixXd x = ring.sample(rng, 30);
  std::vector<std::array<double, 2>> pts(30);
  for (int j = 0; j < 30; ++j) pts[std::size_t(j)] = {x(0, j), x(1, j)};
  CHECK(gan::classifier_score(ring, pts).score == gan::classifier_score(ring, x).score);
}

TEST_CASE("classifier_score: bad input") {
  const auto ring = gan::toy_mixture::ring();
  CHECK_THROWS_WITH_AS(gan::classifier_score(ring, Eigen::MatrixXd(3, 4)),
                       "advdiv::gan::classifier_score: X and the mixture differ in dimension (3 and 2)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gan::classifier_score(ring, Eigen::MatrixXd(2, 0)), "advdiv::gan::classifier_score: X is empty",
                       std::invalid_argument);
  Eigen::MatrixXd bad = Eigen::MatrixXd::Zero(2, 3);
  bad(0, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(gan::classifier_score(ring, bad), "advdiv::gan::classifier_score: X(0, 1) = inf is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(gan::mode_log_posterior(ring, std::vector<double>{0.0, 1.0}),
                       "advdiv::gan::mode_log_posterior: X and the mixture differ in dimension (1 and 2)",
                       std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// The Fréchet distance between Gaussian fits.

namespace {
// A random symmetric positive-definite d × d matrix A Aᵀ + 0.1 I.
Eigen::MatrixXd random_spd(advdiv::random_engine& rng, Eigen::Index d) {
  const Eigen::MatrixXd a = Eigen::MatrixXd::NullaryExpr(d, d, [&] { return advdiv::standard_normal(rng); });
  return a * a.transpose() + 0.1 * Eigen::MatrixXd::Identity(d, d);
}
}  // namespace

TEST_CASE("frechet_distance on (μ, Σ): commuting, 2-D closed form, mpmath, rank-deficient") {
  // Commuting (diagonal) covariances: ‖Δμ‖² + Σ_i (√a_i − √b_i)².
  Eigen::Vector2d m1(0, 0), m2(3, 0);
  Eigen::Matrix2d s1 = Eigen::Vector2d(1, 4).asDiagonal(), s2 = Eigen::Vector2d(9, 1).asDiagonal();
  CHECK(gan::frechet_distance(m1, s1, m2, s2) == doctest::Approx(9 + 4 + 1).epsilon(1e-14));
  // 2-D: tr √(Σ₁Σ₂) = √(tr(Σ₁Σ₂) + 2√det(Σ₁Σ₂)) (√ of a 2 × 2 matrix with positive eigenvalues).
  advdiv::random_engine rng(29);
  for (int t = 0; t < 20; ++t) {
    const Eigen::MatrixXd a = random_spd(rng, 2), b = random_spd(rng, 2);
    const Eigen::VectorXd u = Eigen::VectorXd::NullaryExpr(2, [&] { return advdiv::standard_normal(rng); });
    const Eigen::VectorXd v = Eigen::VectorXd::NullaryExpr(2, [&] { return advdiv::standard_normal(rng); });
    const double closed = (u - v).squaredNorm() + a.trace() + b.trace() -
                          2 * std::sqrt((a * b).trace() + 2 * std::sqrt((a * b).determinant()));
    CHECK(gan::frechet_distance(u, a, v, b) == doctest::Approx(closed).epsilon(1e-12).scale(a.trace() + b.trace()));
    CHECK(gan::frechet_distance(u, a, v, b) == doctest::Approx(gan::frechet_distance(v, b, u, a)).epsilon(1e-12));
  }
  // Non-commuting covariances against mpmath at 50 digits (tests/data/gan/make_metrics_reference.py;
  // SciPy's sqrtm(Σ₁Σ₂) route agrees to 15 and 13 digits).
  Eigen::Matrix3d A, B;
  A << 2.0, 0.6, -0.3, 0.6, 1.0, 0.2, -0.3, 0.2, 0.5;
  B << 0.7, -0.4, 0.1, -0.4, 1.5, 0.3, 0.1, 0.3, 2.2;
  CHECK(gan::frechet_distance(Eigen::Vector3d(1, -2, 0.5), A, Eigen::Vector3d(0, 0.5, 1), B) ==
        doctest::Approx(9.0773079492777741).epsilon(1e-14));
  Eigen::Matrix4d C, D;
  C << 1e-4, 0, 0, 0, 0, 4.0, 1.9, 0, 0, 1.9, 1.0, 0, 0, 0, 0, 9.0;  // condition number 9e5
  D << 3.0, 1.0, 0.5, 0.2, 1.0, 2.0, 0.3, 0.1, 0.5, 0.3, 1.0, 0.4, 0.2, 0.1, 0.4, 0.5;
  CHECK(gan::frechet_distance(Eigen::Vector4d::Zero(), C, Eigen::Vector4d(1, 0, 0, 0), D) ==
        doctest::Approx(10.496214765755122).epsilon(1e-13));
  // Rank-deficient: Σ₁ = 0 (a collapsed generator) gives ‖Δμ‖² + tr Σ₂; Σ₁ = vvᵀ (rank 1) gives
  // ‖Δμ‖² + ‖v‖² + tr Σ₂ − 2√(vᵀΣ₂v), since (Σ₁^{1/2}Σ₂Σ₁^{1/2})^{1/2} = √(vᵀΣ₂v) vvᵀ/‖v‖².
  const Eigen::Vector3d mu(0.3, -1, 2), v(1, -2, 0.5);
  CHECK(gan::frechet_distance(mu, Eigen::Matrix3d::Zero(), Eigen::Vector3d::Zero(), B) ==
        doctest::Approx(mu.squaredNorm() + B.trace()).epsilon(1e-15));
  CHECK(gan::frechet_distance(Eigen::Vector3d::Zero(), B, mu, Eigen::Matrix3d::Zero()) ==
        doctest::Approx(mu.squaredNorm() + B.trace()).epsilon(1e-14));
  const Eigen::Matrix3d vv = v * v.transpose();
  CHECK(gan::frechet_distance(mu, vv, Eigen::Vector3d::Zero(), B) ==
        doctest::Approx(mu.squaredNorm() + v.squaredNorm() + B.trace() - 2 * std::sqrt(v.dot(B * v))).epsilon(1e-13));
  CHECK(gan::frechet_distance(mu, vv, mu, vv) == doctest::Approx(0.0).scale(1e-13));
  CHECK(gan::frechet_distance(mu, Eigen::Matrix3d::Zero(), mu, Eigen::Matrix3d::Zero()) == 0.0);
  // Never negative or NaN: identical, nearly singular and large covariances.
  for (double scale : {1e-12, 1.0, 1e12}) {
    for (int t = 0; t < 10; ++t) {
      Eigen::MatrixXd a = random_spd(rng, 6) * scale;
      a.col(0).setZero();
      a.row(0).setZero();  // rank-deficient
      const double fd = gan::frechet_distance(Eigen::VectorXd::Zero(6), a, Eigen::VectorXd::Zero(6), a);
      CHECK(fd >= 0.0);
      CHECK(fd <= 1e-12 * a.trace());
    }
  }
}

TEST_CASE("frechet_distance on samples: 1-D W₂², exact moments, identical and collapsed sets") {
  // 1-D: FD = W₂²(N(μ₁, s₁²), N(μ₂, s₂²)) of the fitted moments, against the transport layer's
  // closed form and its quantile quadrature (independent implementations).
  Eigen::MatrixXd x(1, 5), y(1, 4);
  x << 1, 2, 3, 4, 10;   // mean 4, unbiased variance 12.5
  y << -1, 0, 0.5, 2.5;  // mean 0.5, unbiased variance 6.5/3
  const double s1 = std::sqrt(12.5), s2 = std::sqrt(6.5 / 3);
  const double w = advdiv::wasserstein_2_normal(4.0, s1, 0.5, s2);
  CHECK(gan::frechet_distance(x, y) == doctest::Approx(w * w).epsilon(1e-14));
  const double wq = advdiv::wasserstein_1d(advdiv::normal{4.0, s1}, advdiv::normal{0.5, s2}, 2.0);
  CHECK(gan::frechet_distance(x, y) == doctest::Approx(wq * wq).epsilon(1e-8));
  CHECK(gan::frechet_distance(std::vector<double>{1, 2, 3, 4, 10}, std::vector<double>{-1, 0, 0.5, 2.5}) ==
        gan::frechet_distance(x, y));
  const auto g = gan::gaussian_fit(x);
  CHECK(g.samples == 5);
  CHECK(g.mean(0) == 4.0);
  CHECK(g.covariance(0, 0) == 12.5);
  // Samples with exactly prescribed moments (a whitened cloud mapped by L, shifted by μ) give the
  // exact distance of the Gaussians: 3-D, non-commuting, against mpmath as above.
  advdiv::random_engine rng(31);
  auto with_moments = [&](const Eigen::Vector3d& mean, const Eigen::Matrix3d& cov, Eigen::Index n) {
    Eigen::MatrixXd z = Eigen::MatrixXd::NullaryExpr(3, n, [&] { return advdiv::standard_normal(rng); });
    z = z.colwise() - z.rowwise().mean();
    const Eigen::Matrix3d c = z * z.transpose() / double(n - 1);
    const Eigen::Matrix3d w_inv = Eigen::LLT<Eigen::Matrix3d>(c).matrixL().solve(Eigen::Matrix3d::Identity());
    const Eigen::MatrixXd white = w_inv * z;  // sample covariance exactly I (up to round-off)
    return Eigen::MatrixXd((Eigen::LLT<Eigen::Matrix3d>(cov).matrixL() * white).colwise() + mean);
  };
  Eigen::Matrix3d A, B;
  A << 2.0, 0.6, -0.3, 0.6, 1.0, 0.2, -0.3, 0.2, 0.5;
  B << 0.7, -0.4, 0.1, -0.4, 1.5, 0.3, 0.1, 0.3, 2.2;
  const Eigen::MatrixXd xa = with_moments({1, -2, 0.5}, A, 200), yb = with_moments({0, 0.5, 1}, B, 50);
  CHECK(gan::frechet_distance(xa, yb) == doctest::Approx(9.0773079492777741).epsilon(1e-12));
  // Identical sets: 0 (never a negative round-off).
  const auto grid = gan::toy_mixture::grid();
  const Eigen::MatrixXd s = grid.sample(rng, 2500);
  const double same = gan::frechet_distance(s, s);
  CHECK(same >= 0.0);
  CHECK(same <= 1e-12 * 16);
  // Two independent samples of the same mixture: a small positive bias of order 1/n.
  const double indep = gan::frechet_distance(s, grid.sample(rng, 2500));
  CHECK(indep > 0.0);
  CHECK(indep < 0.05);
  // A collapsed generator: every sample the same point c, Σ = 0 exactly: ‖c − μ̂‖² + tr Σ̂ of the data.
  const Eigen::MatrixXd collapsed = grid.means().col(7).replicate(1, 100);
  const auto fit = gan::gaussian_fit(s);
  CHECK(gan::gaussian_fit(collapsed).covariance.isZero(0.0));
  CHECK(gan::frechet_distance(collapsed, s) ==
        doctest::Approx((grid.means().col(7) - fit.mean).squaredNorm() + fit.covariance.trace()).epsilon(1e-14));
  CHECK(gan::frechet_distance(collapsed, grid.means().col(3).replicate(1, 7)) ==
        doctest::Approx((grid.means().col(7) - grid.means().col(3)).squaredNorm()).epsilon(1e-15));
}

TEST_CASE("frechet_distance: bad input") {
  const char* fn = "advdiv::gan::frechet_distance: ";
  const Eigen::Vector2d m = Eigen::Vector2d::Zero();
  const Eigen::Matrix2d I = Eigen::Matrix2d::Identity();
  CHECK_THROWS_WITH_AS(gan::frechet_distance(Eigen::VectorXd(0), Eigen::MatrixXd(0, 0), Eigen::VectorXd(0), Eigen::MatrixXd(0, 0)),
                       (std::string(fn) + "mu1 is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(gan::frechet_distance(m, I, Eigen::Vector3d::Zero(), Eigen::Matrix3d::Identity()),
                       (std::string(fn) + "mu1 and mu2 differ in dimension (2 and 3)").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(gan::frechet_distance(m, Eigen::MatrixXd::Identity(2, 3), m, I),
                       (std::string(fn) + "Sigma1 is 2 x 3, not 2 x 2 (the dimension of mu1)").c_str(), std::invalid_argument);
  Eigen::Vector2d bad_mu(0, std::nan(""));
  CHECK_THROWS_WITH_AS(gan::frechet_distance(m, I, bad_mu, I), (std::string(fn) + "mu2[1] = nan is not finite").c_str(),
                       std::domain_error);
  Eigen::Matrix2d bad = I;
  bad(1, 0) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(gan::frechet_distance(m, I, m, bad), (std::string(fn) + "Sigma2(1, 0) = inf is not finite").c_str(),
                       std::domain_error);
  Eigen::Matrix2d asym;
  asym << 1, 0.5, 0.25, 1;
  CHECK_THROWS_WITH_AS(gan::frechet_distance(m, asym, m, I),
                       (std::string(fn) + "Sigma1(1, 0) = 0.25 is not symmetric (Sigma1(0, 1) = 0.5)").c_str(),
                       std::domain_error);
  Eigen::Matrix2d indefinite;
  indefinite << 2, 0, 0, -1;
  CHECK_THROWS_WITH_AS(gan::frechet_distance(m, I, m, indefinite),
                       (std::string(fn) + "the smallest eigenvalue of Sigma2 = -1 is negative (Sigma2 is not positive semi-definite)").c_str(),
                       std::domain_error);
  // Samples.
  CHECK_THROWS_WITH_AS(gan::frechet_distance(Eigen::MatrixXd::Zero(2, 1), Eigen::MatrixXd::Zero(2, 5)),
                       (std::string(fn) + "X has 1 point (a covariance needs at least 2)").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(gan::frechet_distance(Eigen::MatrixXd::Zero(2, 4), Eigen::MatrixXd::Zero(3, 5)),
                       (std::string(fn) + "X and Y differ in dimension (2 and 3)").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(gan::frechet_distance(Eigen::MatrixXd::Zero(2, 4), Eigen::MatrixXd(2, 0)),
                       (std::string(fn) + "Y is empty").c_str(), std::invalid_argument);
  Eigen::MatrixXd nan_pts = Eigen::MatrixXd::Zero(2, 4);
  nan_pts(1, 3) = std::nan("");
  CHECK_THROWS_WITH_AS(gan::frechet_distance(nan_pts, Eigen::MatrixXd::Zero(2, 4)),
                       (std::string(fn) + "X(1, 3) = nan is not finite").c_str(), std::domain_error);
  CHECK_THROWS_WITH_AS(gan::gaussian_fit(Eigen::MatrixXd(2, 0)), "advdiv::gan::gaussian_fit: X is empty",
                       std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// The mode monitor over training.

namespace {
// A stand-in for a trainer's state: what mode_monitor's on_evaluate reads.
template <class G>
struct fake_state {
  std::size_t step;
  G& generator;
};
// A "generator" that returns fixed samples (the first n columns).
struct fixed_generator {
  Eigen::MatrixXd x;
};
}  // namespace

TEST_CASE("mode_monitor: records, CSV rows, the same noise at every evaluation") {
  const auto grid = gan::toy_mixture::grid();
  const std::string csv = (std::filesystem::temp_directory_path() / "advdiv_test_mode_monitor.csv").string();
  std::vector<double> first_draws;
  auto sample_of = [&](fixed_generator& g, advdiv::random_engine& rng, std::size_t n) {
    first_draws.push_back(advdiv::uniform01(rng));
    return Eigen::MatrixXd(g.x.leftCols(static_cast<Eigen::Index>(n)));
  };
  gan::mode_monitor monitor(grid, sample_of, {.samples = 50, .seed = 4, .csv = csv});
  REQUIRE(monitor.data_samples().cols() == 50);
  advdiv::random_engine data_rng = advdiv::random_engine(4).substream(0);
  CHECK(monitor.data_samples() == grid.sample(data_rng, 50));  // drawn once from substream 0
  // Step 10: two samples on each of the 25 modes (perfect). Step 20: all 50 on mode 7 (collapse).
  fixed_generator g{grid.means().replicate(1, 2)};
  monitor.on_evaluate(fake_state<fixed_generator>{10, g});
  g.x = grid.means().col(7).replicate(1, 50);
  monitor.on_evaluate(fake_state<fixed_generator>{20, g});
  g.x(0, 3) = std::nan("");
  monitor.evaluate_now(g, 30);
  REQUIRE(monitor.records().size() == 3);
  CHECK(first_draws.size() == 3);
  CHECK(first_draws[0] == first_draws[1]);  // the noise engine restarts at every evaluation
  CHECK(first_draws[1] == first_draws[2]);
  const auto& even = monitor.records()[0];
  const auto fit = gan::gaussian_fit(monitor.data_samples());
  CHECK(even.step == 10);
  CHECK(even.modes_captured == 25);
  CHECK(even.high_quality_fraction == 1.0);
  CHECK(even.reverse_kl == doctest::Approx(0.0).scale(1));
  CHECK(even.quality == 1.0);
  CHECK(even.diversity == doctest::Approx(std::log(25.0)).epsilon(1e-14));
  CHECK(even.score == doctest::Approx(25.0).epsilon(1e-13));
  CHECK(even.frechet == doctest::Approx(gan::frechet_distance(grid.means().replicate(1, 2), monitor.data_samples())));
  const auto& collapsed = monitor.records()[1];
  CHECK(collapsed.modes_captured == 1);
  CHECK(collapsed.high_quality_fraction == 1.0);
  CHECK(collapsed.reverse_kl == doctest::Approx(std::log(25.0)).epsilon(1e-15));
  CHECK(collapsed.quality == 1.0);
  CHECK(collapsed.diversity == 0.0);
  CHECK(collapsed.score == 1.0);
  CHECK(collapsed.frechet ==
        doctest::Approx((grid.means().col(7) - fit.mean).squaredNorm() + fit.covariance.trace()).epsilon(1e-13));
  const auto& broken = monitor.records()[2];
  CHECK(broken.modes_captured == 0);
  CHECK(std::isnan(broken.score));
  CHECK(std::isnan(broken.frechet));
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  CHECK(line == "step,modes_captured,high_quality_fraction,reverse_kl,quality,diversity,score,frechet");
  std::getline(in, line);
  CHECK(line.rfind("10,25,1,", 0) == 0);
  std::getline(in, line);
  CHECK(line.rfind("20,1,1,3.218875825,1,0,1,", 0) == 0);  // reverse KL log 25
  std::getline(in, line);
  CHECK(line == "30,0,nan,nan,nan,nan,nan,nan");
  std::filesystem::remove(csv);
}

TEST_CASE("mode_monitor in gan::train, and bad input") {
  namespace nn = advdiv::nn;
  const auto ring = gan::toy_mixture::ring();
  using net_g = nn::mlp<double, nn::dense<2, 8, nn::relu>, nn::dense<8, 2>>;
  using net_d = nn::mlp<double, nn::dense<2, 8, nn::relu>, nn::dense<8, 1>>;
  net_g G(nn::glorot_uniform{}, 1);
  net_d D(nn::glorot_uniform{}, 2);
  nn::sgd<double> og, od;
  auto noise = [](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<double, 2, Eigen::Dynamic> z(2, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = advdiv::standard_normal(rng);
    return z;
  };
  auto data = [&](advdiv::random_engine& rng, std::size_t n) { return Eigen::Matrix<double, 2, Eigen::Dynamic>(ring.sample(rng, n)); };
  auto sample_of = [&](net_g& g, advdiv::random_engine& rng, std::size_t n) { return Eigen::MatrixXd(g.forward(noise(rng, n))); };
  gan::mode_monitor monitor(ring, sample_of, {.samples = 200});
  const auto r = gan::train(G, D, gan::non_saturating{}, data, noise, og, od,
                            {.steps = 6, .batch_size = 16, .evaluate_every = 3}, monitor);
  CHECK(r.steps == 6);
  REQUIRE(monitor.records().size() == 2);
  CHECK(monitor.records()[0].step == 3);
  CHECK(monitor.records()[1].step == 6);
  for (const auto& rec : monitor.records()) {
    CHECK(rec.score >= 1.0);
    CHECK(rec.score <= 8.0);
    CHECK(rec.frechet >= 0.0);
  }

  auto identity = [](Eigen::MatrixXd& x, advdiv::random_engine&, std::size_t) { return x; };
  CHECK_THROWS_WITH_AS(gan::mode_monitor(ring, identity, {.samples = 1}),
                       "advdiv::gan::mode_monitor: samples = 1 is not at least 2", std::domain_error);
  CHECK_THROWS_WITH_AS(gan::mode_monitor(ring, identity, {.threshold = 0.0}),
                       "advdiv::gan::mode_monitor: threshold = 0 is not positive and finite", std::domain_error);
  CHECK_THROWS_WITH_AS(gan::mode_monitor(ring, identity, {.csv = "/nonexistent-dir/m.csv"}),
                       "advdiv::gan::mode_monitor: cannot open '/nonexistent-dir/m.csv' for writing", std::runtime_error);
  gan::mode_monitor m(ring, identity, {.samples = 10});
  Eigen::MatrixXd wrong = Eigen::MatrixXd::Zero(2, 9);
  CHECK_THROWS_WITH_AS(m.evaluate_now(wrong, 0),
                       "advdiv::gan::mode_monitor: sample_of returned 2 x 9 samples instead of 2 x 10",
                       std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Constructed sample sets: every metric's value derived by hand. On the ring the nearest other
// mode is 2 sin(π/8) = 0.765 = 76σ away, on the grid 2 = 40σ: at a mode, the posterior of
// every other mode is below e^{−(0.765)²/(2·10⁻⁴)} = e^{−2929} (ring) or e^{−4/(2·0.0025)} =
// e^{−800} (grid), both 0 in double, so p(k | μ_k) is exactly one-hot.

TEST_CASE("constructed sets: all in one mode, evenly spread, uneven") {
  const auto ring = gan::toy_mixture::ring();
  const auto grid = gan::toy_mixture::grid();
  // All in one mode: p̂ = δ₃, H(p̂) = 0, every KL 0: quality 1, score 1.
  auto c = gan::classifier_score(ring, ring.means().col(3).replicate(1, 100));
  CHECK(c.quality == 1.0);
  CHECK(c.diversity == 0.0);
  CHECK(c.score == 1.0);
  CHECK(c.marginal[3] == 1.0);
  CHECK(c.marginal[0] == 0.0);
  // Evenly spread, one-hot posteriors: p̂ uniform, H = log K, every KL = log K: score K.
  c = gan::classifier_score(ring, ring.means().replicate(1, 10));
  CHECK(c.quality == 1.0);
  CHECK(c.diversity == doctest::Approx(std::log(8.0)).epsilon(1e-15));
  CHECK(c.score == doctest::Approx(8.0).epsilon(1e-14));
  c = gan::classifier_score(grid, grid.means());
  CHECK(c.score == doctest::Approx(25.0).epsilon(1e-14));
  for (double p : c.marginal) CHECK(p == doctest::Approx(1.0 / 25).epsilon(1e-14));
  // Uneven: three samples on mode 0, one on mode 1. p̂ = (3/4, 1/4); KL = log(4/3) for the first
  // three and log 4 for the last, mean = H(p̂) = (3/4) log(4/3) + (1/4) log 4: score = exp H(p̂).
  Eigen::MatrixXd uneven(2, 4);
  uneven << ring.means().col(0), ring.means().col(0), ring.means().col(0), ring.means().col(1);
  c = gan::classifier_score(ring, uneven);
  const double h = 0.75 * std::log(4.0 / 3) + 0.25 * std::log(4.0);
  CHECK(c.diversity == doctest::Approx(h).epsilon(1e-15));
  CHECK(c.score == doctest::Approx(std::exp(h)).epsilon(1e-15));
  CHECK(c.marginal[0] == doctest::Approx(0.75).epsilon(1e-15));
}

TEST_CASE("constructed sets: off-mode noise between the modes") {
  const auto ring = gan::toy_mixture::ring();
  const auto grid = gan::toy_mixture::grid();
  // At the centre of the ring, equidistant from all 8 modes (to 1e-16 in the means): p(k|x) = 1/8
  // for every k. quality 1/8; p̂ uniform, H = log 8; every KL(p(·|x) ‖ p̂) = 0: score 1.
  auto c = gan::classifier_score(ring, Eigen::MatrixXd::Zero(2, 50));
  CHECK(c.quality == doctest::Approx(1.0 / 8).epsilon(1e-10));
  CHECK(c.diversity == doctest::Approx(std::log(8.0)).epsilon(1e-12));
  CHECK(c.score == doctest::Approx(1.0).epsilon(1e-10));
  // Halfway between the grid modes 12 = (0, 0) and 17 = (2, 0): distance 1 to both, √5 to the
  // next (posterior e^{−(5−1)/(2·0.0025)} = e^{−800} = 0): p = (1/2, 1/2). quality 1/2, p̂ the
  // same, diversity log 2, score 1.
  Eigen::MatrixXd mid(2, 10);
  mid.row(0).setConstant(1.0);
  mid.row(1).setZero();
  c = gan::classifier_score(grid, mid);
  CHECK(c.quality == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(c.diversity == doctest::Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(c.score == doctest::Approx(1.0).epsilon(1e-15));
  // The centre of a grid cell (1, 1): four modes at distance √2, the next at √10: quality 1/4.
  mid.row(1).setConstant(1.0);
  c = gan::classifier_score(grid, mid);
  CHECK(c.quality == doctest::Approx(0.25).epsilon(1e-15));
  // Half on modes, half at cell centres: quality (1 + 1/4)/2 = 5/8.
  Eigen::MatrixXd half(2, 4);
  half << 0, 2, 1, -1,  //
      0, 2, 1, -1;      // modes 12 = (0, 0) and 18 = (2, 2), cell centres (1, 1) and (−1, −1)
  c = gan::classifier_score(grid, half);
  CHECK(c.quality == doctest::Approx(5.0 / 8).epsilon(1e-15));
  // (1, 1) is shared by modes 12, 13, 17, 18; (−1, −1) by 6, 7, 11, 12. p̂ = (1/4)(δ12 + δ18 +
  // ¼(δ12+δ13+δ17+δ18) + ¼(δ6+δ7+δ11+δ12)): p̂12 = (1/4)(1 + 1/2) = 3/8, p̂18 = (1/4)(5/4) = 5/16,
  // p̂13 = p̂17 = p̂6 = p̂7 = p̂11 = 1/16.
  CHECK(c.marginal[12] == doctest::Approx(3.0 / 8).epsilon(1e-15));
  CHECK(c.marginal[18] == doctest::Approx(5.0 / 16).epsilon(1e-15));
  CHECK(c.marginal[6] == doctest::Approx(1.0 / 16).epsilon(1e-15));
  const double H = -(3.0 / 8) * std::log(3.0 / 8) - (5.0 / 16) * std::log(5.0 / 16) - 5 * (1.0 / 16) * std::log(1.0 / 16);
  CHECK(c.diversity == doctest::Approx(H).epsilon(1e-14));
  // score = exp(H(p̂) − mean H(p(·|x))) with H(p(·|x)) = 0, 0, log 4, log 4.
  CHECK(c.score == doctest::Approx(std::exp(H - 0.5 * std::log(4.0))).epsilon(1e-14));
  // evaluate_modes sees none of the off-mode points as high quality.
  CHECK(gan::evaluate_modes(grid, half).high_quality_fraction == 0.5);
  CHECK(gan::evaluate_modes(grid, half).modes_captured == 2);
}

TEST_CASE("the two failure pictures: collapse with perfect quality, diversity with off-mode samples") {
  const auto ring = gan::toy_mixture::ring();
  const auto grid = gan::toy_mixture::grid();
  // The exact moments of the grid: mean 0, covariance (8 + σ²) I (the means' variance per
  // coordinate is (16 + 4 + 0 + 4 + 16)/5 = 8); of the ring: mean 0, (1/2 + σ²) I.
  const Eigen::Vector2d zero = Eigen::Vector2d::Zero();
  const Eigen::Matrix2d grid_cov = (8 + 0.05 * 0.05) * Eigen::Matrix2d::Identity();
  const Eigen::Matrix2d ring_cov = (0.5 + 0.01 * 0.01) * Eigen::Matrix2d::Identity();

  // (a) Collapse: 2,500 exact samples of mode 7 = (−2, 0) only. Every sample is within 4.5σ of
  // mode 7 (checked), so the next mode's posterior is below e^{−((2 − 0.225)² − 0.225²)/0.005} =
  // e^{−620} < ε: quality 1 and score 1 in double; evaluate_modes: one mode, reverse KL log 25,
  // HQ ≈ 1 − e^{−9/2}. The score and the mode count see the collapse, quality does not.
  advdiv::random_engine rng(41);
  Eigen::MatrixXd one = grid.means().col(7).replicate(1, 2500);
  for (auto& v : one.reshaped()) v += 0.05 * advdiv::standard_normal(rng);
  REQUIRE(((one.colwise() - grid.means().col(7)).colwise().norm().array() < 4.5 * 0.05).all());
  const auto c = gan::classifier_score(grid, one);
  CHECK(c.quality == 1.0);
  CHECK(c.score == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(c.diversity == doctest::Approx(0.0).scale(1e-15));
  const auto m = gan::evaluate_modes(grid, one);
  CHECK(m.modes_captured == 1);
  CHECK(m.reverse_kl == doctest::Approx(std::log(25.0)).epsilon(1e-15));
  CHECK(m.high_quality_fraction > 0.97);
  // Its Fréchet distance to the data: with every sample exactly at μ₇ (Σ = 0),
  // FD = ‖μ₇‖² + tr Σ_data = 4 + 2(8 + σ²) = 20.005; with the σ-jitter (Σ ≈ σ²I),
  // ‖μ₇‖² + 2(√(8 + σ²) − σ)² ≈ 19.44.
  const Eigen::MatrixXd exact_one = grid.means().col(7).replicate(1, 2500);
  const auto f0 = gan::gaussian_fit(exact_one);
  CHECK(gan::frechet_distance(f0.mean, f0.covariance, zero, grid_cov) == doctest::Approx(20.005).epsilon(1e-14));
  const auto f1 = gan::gaussian_fit(one);
  CHECK(gan::frechet_distance(f1.mean, f1.covariance, zero, grid_cov) ==
        doctest::Approx(4 + 2 * std::pow(std::sqrt(8 + 0.0025) - 0.05, 2)).epsilon(0.01));

  // (b) Diversity with off-mode samples: two samples on each ring mode pushed out to radius 1.1
  // (10σ beyond the mode). The posterior is still one-hot (the nearest mode wins by a gap
  // 2·1.1·0.29 ≫ σ²), so the classifier score calls this perfect: quality 1, score 8. No
  // sample is within 3σ: evaluate_modes finds 0 modes. The Fréchet distance sees the scale:
  // sample covariance Σ x xᵀ/(n − 1) = 2·1.21·(8/2) I / 15 = (9.68/15) I, so
  // FD = 2 (√(9.68/15) − √(1/2 + σ²))².
  const Eigen::MatrixXd out = 1.1 * ring.means().replicate(1, 2);
  const auto cb = gan::classifier_score(ring, out);
  CHECK(cb.quality == 1.0);
  CHECK(cb.score == doctest::Approx(8.0).epsilon(1e-14));
  const auto mb = gan::evaluate_modes(ring, out);
  CHECK(mb.modes_captured == 0);
  CHECK(mb.high_quality_fraction == 0.0);
  const auto fb = gan::gaussian_fit(out);
  CHECK(gan::frechet_distance(fb.mean, fb.covariance, zero, ring_cov) ==
        doctest::Approx(2 * std::pow(std::sqrt(9.68 / 15) - std::sqrt(0.5001), 2)).epsilon(1e-12));

  // And the blind spot of the Fréchet distance: a single Gaussian blob with exactly the grid's
  // mean and covariance has FD 0 to the grid, while almost none of its points is of high quality.
  Eigen::MatrixXd z = Eigen::MatrixXd::NullaryExpr(2, 2500, [&] { return advdiv::standard_normal(rng); });
  z = z.colwise() - z.rowwise().mean();
  const Eigen::Matrix2d cz = z * z.transpose() / 2499.0;
  const Eigen::MatrixXd blob = std::sqrt(8 + 0.0025) * (Eigen::LLT<Eigen::Matrix2d>(cz).matrixL().solve(z));
  const auto fz = gan::gaussian_fit(blob);
  CHECK(gan::frechet_distance(fz.mean, fz.covariance, zero, grid_cov) == doctest::Approx(0.0).scale(1e-12));
  CHECK(gan::evaluate_modes(grid, blob).high_quality_fraction < 0.05);
}
