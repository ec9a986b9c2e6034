// Toy mixtures and the PacGAN metrics on constructed sample sets.
#include <advdiv/gan/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

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
