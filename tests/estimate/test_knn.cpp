// k-NN estimators: against a brute-force neighbour search written here (O(n·m), sorted
// distances), hand-computed constructed cases, closed forms for normal pairs, duplicates,
// thread-count and leaf-size invariance, and every bad input with its full message.
#include <advdiv/core/random.hpp>
#include <advdiv/estimate/knn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace est = advdiv::estimate;

namespace {

// d × n matrix of N(shift·e_1, I) points (one column per point).
Eigen::MatrixXd normal_sample(std::size_t d, std::size_t n, double shift, advdiv::random_engine& rng) {
  Eigen::MatrixXd X(d, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k)
      X(k, i) = advdiv::standard_normal(rng) + (k == 0 ? shift : 0.0);
  return X;
}

// Sorted Euclidean distances from column i of A to every column of B (column `skip` excluded).
std::vector<double> sorted_distances(const Eigen::MatrixXd& A, long i, const Eigen::MatrixXd& B, long skip) {
  std::vector<double> out;
  for (long j = 0; j < B.cols(); ++j)
    if (j != skip) out.push_back((A.col(i) - B.col(j)).norm());
  std::sort(out.begin(), out.end());
  return out;
}

// Brute-force neighbour distances: rho[i] = k-th in X \ {X_i}, nu[i] = k-th in Y.
struct brute {
  std::vector<std::vector<double>> in_x, in_y;
  brute(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y) {
    for (long i = 0; i < X.cols(); ++i) {
      in_x.push_back(sorted_distances(X, i, X, i));
      in_y.push_back(sorted_distances(X, i, Y, -1));
    }
  }
  double rho(std::size_t i, std::size_t k) const { return in_x[i][k - 1]; }
  double nu(std::size_t i, std::size_t k) const { return in_y[i][k - 1]; }
  // #{distances ≤ r} and the largest of them.
  static std::pair<std::size_t, double> ball(const std::vector<double>& d, double r) {
    std::size_t c = 0;
    double big = 0;
    for (double x : d)
      if (x <= r) ++c, big = x;
    return {c, big};
  }
};

// Wang–Kulkarni–Verdú (2009), eq. for fixed k, with the brute-force distances.
double brute_kl(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, std::size_t k) {
  const brute b(X, Y);
  const double n = double(X.cols()), m = double(Y.cols()), d = double(X.rows());
  double s = 0;
  for (std::size_t i = 0; i < std::size_t(X.cols()); ++i) s += std::log(b.nu(i, k) / b.rho(i, k));
  return d / n * s + std::log(m / (n - 1));
}

// The adaptive variant: ε_i = max(ρ_k, ν_k), k_i, l_i the counts in the closed ball.
double brute_kl_adaptive(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, std::size_t k) {
  const brute b(X, Y);
  const double n = double(X.cols()), m = double(Y.cols()), d = double(X.rows());
  double s = 0;
  for (std::size_t i = 0; i < std::size_t(X.cols()); ++i) {
    const double eps = std::max(b.rho(i, k), b.nu(i, k));
    const auto [ki, rho] = brute::ball(b.in_x[i], eps);
    const auto [li, nu] = brute::ball(b.in_y[i], eps);
    s += d * std::log(nu / rho) + boost::math::digamma(double(ki)) - boost::math::digamma(double(li));
  }
  return s / n + std::log(m / (n - 1));
}

// Kozachenko–Leonenko with brute-force distances.
double brute_entropy(const Eigen::MatrixXd& X, std::size_t k) {
  const brute b(X, X);
  const double n = double(X.cols()), d = double(X.rows());
  double s = 0;
  for (std::size_t i = 0; i < std::size_t(X.cols()); ++i) s += std::log(b.rho(i, k));
  const double log_vd = d / 2 * std::log(std::numbers::pi) - std::lgamma(d / 2 + 1);
  return boost::math::digamma(n) - boost::math::digamma(double(k)) + log_vd + d / n * s;
}

// Póczos–Schneider (2011) estimate of ∫p^α q^{1−α}, brute-force distances, linear space.
double brute_alpha_integral(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, double a, std::size_t k) {
  const brute b(X, Y);
  const double n = double(X.cols()), m = double(Y.cols()), d = double(X.rows()), kk = double(k);
  double s = 0;
  for (std::size_t i = 0; i < std::size_t(X.cols()); ++i)
    s += std::pow((n - 1) * std::pow(b.rho(i, k), d) / (m * std::pow(b.nu(i, k), d)), 1 - a);
  const double B = std::tgamma(kk) * std::tgamma(kk) / (std::tgamma(kk - a + 1) * std::tgamma(kk + a - 1));
  return B * s / n;
}

double rel(double got, double want) { return std::abs(got - want) / std::max(std::abs(want), 1e-300); }

struct stats {
  double mean, rmse;
};
template <class F>
stats over_reps(int reps, double truth, F estimate) {
  double s = 0, s2 = 0;
  for (int r = 0; r < reps; ++r) {
    const double v = estimate(r);
    s += v;
    s2 += (v - truth) * (v - truth);
  }
  return {s / reps, std::sqrt(s2 / reps)};
}

}  // namespace

TEST_CASE("knn_kl equals the brute-force estimator to 1e-12 for several k and d, fixed and adaptive") {
  advdiv::random_engine rng(2024);
  for (std::size_t d : {1u, 2u, 3u, 5u, 7u}) {
    const Eigen::MatrixXd X = normal_sample(d, 61, 0.0, rng), Y = normal_sample(d, 47, 0.7, rng);
    for (std::size_t k : {1u, 2u, 5u}) {
      CAPTURE(d);
      CAPTURE(k);
      CHECK(rel(est::knn_kl(X, Y, {.k = k}).value, brute_kl(X, Y, k)) < 1e-12);
      CHECK(rel(est::knn_kl(X, Y, {.k = k, .adaptive_k = true}).value, brute_kl_adaptive(X, Y, k)) < 1e-12);
      CHECK(rel(est::knn_entropy(X, {.k = k}).value, brute_entropy(X, k)) < 1e-12);
      CHECK(rel(est::knn_hellinger_affinity(X, Y, {.k = k}).value, brute_alpha_integral(X, Y, 0.5, k)) < 1e-12);
      for (double a : {0.5, 0.8, 1.6})
        CHECK(rel(est::knn_renyi_divergence(X, Y, a, {.k = k}).value,
                  std::log(brute_alpha_integral(X, Y, a, k)) / (a - 1)) < 1e-12);
    }
  }
}

TEST_CASE("knn estimators on points of a line: values by hand") {
  // X = {0, 1, 3}, Y = {0.5, 10}, k = 1: ρ = (1, 1, 2), ν = (0.5, 0.5, 2.5), n = 3, m = 2, d = 1.
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, 10.0};
  // (1/3)[log(0.5) + log(0.5) + log(1.25)] + log(2/2)
  CHECK(est::knn_kl(x, y).value == doctest::Approx(std::log(0.3125) / 3).epsilon(1e-15));
  // ψ(3) − ψ(1) = 1 + 1/2, V_1 = 2: 1.5 + log 2 + (1/3)(0 + 0 + log 2)
  CHECK(est::knn_entropy(x).value == doctest::Approx(1.5 + 4.0 / 3.0 * std::log(2.0)).epsilon(1e-15));
  // B_{1,1/2} = 2/π; terms ((n−1)ρ/(mν))^{1/2} = √2, √2, √0.8
  const double bc = 2 / std::numbers::pi * (2 * std::sqrt(2.0) + std::sqrt(0.8)) / 3;
  CHECK(est::knn_hellinger_affinity(x, y).value == doctest::Approx(bc).epsilon(1e-15));
  CHECK(est::knn_squared_hellinger(x, y).value == doctest::Approx(2 * (1 - bc)).epsilon(1e-14));
  CHECK(est::knn_alpha_divergence(x, y, 0.5).value == doctest::Approx((bc - 1) / (0.5 * -0.5)).epsilon(1e-14));
  CHECK(est::knn_renyi_divergence(x, y, 0.5).value == doctest::Approx(std::log(bc) / -0.5).epsilon(1e-14));

  // The unit square's corners (2-D, exact distances 1, 1, √2 from every corner).
  const std::vector<std::array<double, 2>> sq{{0, 0}, {1, 0}, {0, 1}, {1, 1}};
  // k = 1, 2: ε = 1, log V_2 = log π; k = 3: ε = √2, (d/n)Σ log ε = 2·log √2 = log 2.
  CHECK(est::knn_entropy(sq, {.k = 1}).value == doctest::Approx(1 + 0.5 + 1.0 / 3 + std::log(std::numbers::pi)).epsilon(1e-15));
  CHECK(est::knn_entropy(sq, {.k = 2}).value == doctest::Approx(0.5 + 1.0 / 3 + std::log(std::numbers::pi)).epsilon(1e-15));
  CHECK(est::knn_entropy(sq, {.k = 3}).value ==
        doctest::Approx(1.0 / 3 + std::log(std::numbers::pi) + std::log(2.0)).epsilon(1e-15));
}

TEST_CASE("adaptive k on points of a line: counts in the closed ball, ties included") {
  // X = {0, 0.25, 0.5}, Y = {1}, k = 1 (all distances dyadic, so exact):
  //   X=0:    ρ1 = .25, ν1 = 1,   ε = 1:   k_i = 2 (ρ = .5),  l_i = 1: log(1/.5)  + ψ(2) − ψ(1)
  //   X=0.25: ρ1 = .25, ν1 = .75, ε = .75: k_i = 2 (ρ = .25), l_i = 1: log(.75/.25) + 1
  //   X=0.5:  ρ1 = .25, ν1 = .5,  ε = .5:  k_i = 2 (0 at exactly .5), ρ = .5, l_i = 1: log 1 + 1
  // ψ(2) − ψ(1) = 1; m/(n − 1) = 1/2.
  const std::vector<double> x{0.0, 0.25, 0.5}, y{1.0};
  CHECK(est::knn_kl(x, y, {.adaptive_k = true}).value ==
        doctest::Approx((std::log(6.0) + 3) / 3 + std::log(0.5)).epsilon(1e-15));
  // Fixed k: ν/ρ = 4, 3, 2.
  CHECK(est::knn_kl(x, y).value == doctest::Approx(std::log(24.0) / 3 + std::log(0.5)).epsilon(1e-15));
}

TEST_CASE("knn_kl is consistent on normal pairs: bias and RMSE fall with n towards KL = |mu|^2/2") {
  // The known negative finite-n bias grows with d (0.09 at n = 4000 in 5-D for k = 4).
  for (const auto& [dim, tolerance] : {std::pair{2u, 0.04}, std::pair{5u, 0.12}}) {
    const std::size_t d = dim;  // a plain variable: clang before 16 cannot capture a structured binding
    const double shift = 1.0, truth = shift * shift / 2;
    auto run = [&](std::size_t n, bool adaptive) {
      return over_reps(8, truth, [&](int r) {
        advdiv::random_engine rng = advdiv::random_engine(7 + d).substream(std::uint64_t(r) + 100 * n);
        const Eigen::MatrixXd X = normal_sample(d, n, 0.0, rng), Y = normal_sample(d, n, shift, rng);
        return est::knn_kl(X, Y, {.k = 4, .adaptive_k = adaptive}).value;
      });
    };
    for (bool adaptive : {false, true}) {
      CAPTURE(d);
      CAPTURE(adaptive);
      const stats small = run(250, adaptive), large = run(4000, adaptive);
      INFO("d = " << d << " adaptive " << adaptive << ": n=250 mean " << small.mean << " rmse "
                     << small.rmse << "; n=4000 mean " << large.mean << " rmse " << large.rmse);
      CHECK(large.rmse < small.rmse);
      CHECK(std::abs(large.mean - truth) < std::abs(small.mean - truth));
      CHECK(std::abs(large.mean - truth) < tolerance);
    }
  }
}

TEST_CASE("knn_entropy of N(0, I_d) approaches (d/2) log(2 pi e)") {
  for (const auto& [dim, tolerance] : {std::pair{1u, 0.01}, std::pair{3u, 0.05}}) {
    const std::size_t d = dim;  // a plain variable (see above)
    const double truth = 0.5 * double(d) * std::log(2 * std::numbers::pi * std::numbers::e);
    auto run = [&](std::size_t n) {
      return over_reps(8, truth, [&](int r) {
        advdiv::random_engine rng = advdiv::random_engine(99).substream(std::uint64_t(r) + 1000 * n + d);
        return est::knn_entropy(normal_sample(d, n, 0.0, rng), {.k = 3}).value;
      });
    };
    const stats small = run(200), large = run(5000);
    INFO("d = " << d << ": n=200 rmse " << small.rmse << "; n=5000 mean " << large.mean << " truth " << truth);
    CHECK(large.rmse < small.rmse);
    CHECK(std::abs(large.mean - truth) < tolerance);
  }
}

TEST_CASE("Renyi, alpha-divergence and Hellinger estimates approach the normal closed forms") {
  // N(0, I) vs N(μ, I): ∫p^α q^{1−α} = exp(−α(1 − α)|μ|²/2), so R_α = α|μ|²/2 and the
  // Bhattacharyya coefficient is exp(−|μ|²/8).
  const std::size_t d = 2;
  const double mu = 1.0;
  auto run = [&](std::size_t n, auto estimate, double truth) {
    return over_reps(8, truth, [&](int r) {
      advdiv::random_engine rng = advdiv::random_engine(5).substream(std::uint64_t(r) + 10 * n);
      const Eigen::MatrixXd X = normal_sample(d, n, 0.0, rng), Y = normal_sample(d, n, mu, rng);
      return estimate(X, Y);
    });
  };
  const double bc = std::exp(-mu * mu / 8);
  auto affinity = [](const auto& X, const auto& Y) { return est::knn_hellinger_affinity(X, Y, {.k = 4}).value; };
  auto hellinger2 = [](const auto& X, const auto& Y) { return est::knn_squared_hellinger(X, Y, {.k = 4}).value; };
  auto renyi = [](const auto& X, const auto& Y) { return est::knn_renyi_divergence(X, Y, 0.7, {.k = 4}).value; };
  auto amari = [](const auto& X, const auto& Y) { return est::knn_alpha_divergence(X, Y, 1.5, {.k = 4}).value; };
  const double amari_truth = std::expm1(-1.5 * (1 - 1.5) * mu * mu / 2) / (1.5 * 0.5);
  struct row {
    std::string name;
    double truth, tolerance;
    stats small, large;
  };
  const row rows[] = {
      {"affinity", bc, 0.01, run(250, affinity, bc), run(4000, affinity, bc)},
      {"squared hellinger", 2 * (1 - bc), 0.02, run(250, hellinger2, 2 * (1 - bc)), run(4000, hellinger2, 2 * (1 - bc))},
      {"renyi 0.7", 0.7 * mu * mu / 2, 0.05, run(250, renyi, 0.35), run(4000, renyi, 0.35)},
      {"amari 1.5", amari_truth, 0.08, run(250, amari, amari_truth), run(4000, amari, amari_truth)},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    INFO(r.name << ": truth " << r.truth << " n=250 rmse " << r.small.rmse << "; n=4000 mean "
                   << r.large.mean << " rmse " << r.large.rmse);
    CHECK(r.large.rmse < r.small.rmse);
    CHECK(std::abs(r.large.mean - r.truth) < r.tolerance);
  }
}

TEST_CASE("knn estimates are bit-identical for every thread count and leaf size, and reproducible by seed") {
  auto sample = [](std::uint64_t seed, std::size_t d, std::size_t n, double shift) {
    advdiv::random_engine rng(seed);
    return normal_sample(d, n, shift, rng);
  };
  for (std::size_t d : {2u, 4u}) {
    const Eigen::MatrixXd X = sample(1, d, 1500, 0.0), Y = sample(2, d, 1200, 0.5);
    const double kl = est::knn_kl(X, Y, {.k = 3}).value;
    const double kla = est::knn_kl(X, Y, {.k = 3, .adaptive_k = true}).value;
    const double h = est::knn_entropy(X, {.k = 3}).value;
    const double r = est::knn_renyi_divergence(X, Y, 0.6, {.k = 3}).value;
    for (std::size_t threads : {2u, 3u, 8u}) {
      CHECK(est::knn_kl(X, Y, {.k = 3, .threads = threads}).value == kl);
      CHECK(est::knn_kl(X, Y, {.k = 3, .adaptive_k = true, .threads = threads}).value == kla);
      CHECK(est::knn_entropy(X, {.k = 3, .threads = threads}).value == h);
      CHECK(est::knn_renyi_divergence(X, Y, 0.6, {.k = 3, .threads = threads}).value == r);
    }
    for (std::size_t leaf : {1u, 5u, 40u}) {
      CHECK(est::knn_kl(X, Y, {.k = 3, .leaf_size = leaf}).value == kl);
      CHECK(est::knn_kl(X, Y, {.k = 3, .adaptive_k = true, .leaf_size = leaf}).value == kla);
    }
    CHECK(est::knn_kl(sample(1, d, 1500, 0.0), sample(2, d, 1200, 0.5), {.k = 3}).value == kl);
    CHECK(est::knn_kl(sample(3, d, 1500, 0.0), sample(2, d, 1200, 0.5), {.k = 3}).value != kl);
  }
  // More threads than points.
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, 10.0};
  CHECK(est::knn_kl(x, y, {.threads = 16}).value == est::knn_kl(x, y).value);
}

TEST_CASE("knn estimators read every sample type and report the sizes") {
  advdiv::random_engine rng(11);
  const Eigen::MatrixXd X = normal_sample(2, 30, 0.0, rng), Y = normal_sample(2, 20, 1.0, rng);
  std::vector<std::array<double, 2>> xa(30), ya(20);
  for (int i = 0; i < 30; ++i) xa[i] = {X(0, i), X(1, i)};
  for (int i = 0; i < 20; ++i) ya[i] = {Y(0, i), Y(1, i)};
  const est::estimate_result r = est::knn_kl(X, Y);
  CHECK(est::knn_kl(xa, ya).value == r.value);
  CHECK(r.n == 30);
  CHECK(r.m == 20);
  CHECK(!r.std_error.has_value());
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(r.message.empty());
  CHECK(est::knn_entropy(X).m == 0);
  // A 1-D sample as a vector or a 1 × n matrix.
  const Eigen::RowVectorXd row = X.row(0);
  const Eigen::VectorXd col = X.row(0).transpose();
  const std::vector<double> v(col.data(), col.data() + col.size());
  CHECK(est::knn_entropy(v).value == est::knn_entropy(Eigen::MatrixXd(row)).value);
  CHECK(est::knn_entropy(col).value == est::knn_entropy(v).value);
}

TEST_CASE("knn estimators survive coordinates near overflow and underflow (exact power-of-two scaling)") {
  advdiv::random_engine rng(3);
  const Eigen::MatrixXd X = normal_sample(3, 200, 0.0, rng), Y = normal_sample(3, 150, 1.0, rng);
  for (double s : {0x1p900, 0x1p-900}) {
    CAPTURE(s);
    const Eigen::MatrixXd Xs = X * s, Ys = Y * s;
    CHECK(est::knn_kl(Xs, Ys, {.k = 2}).value == est::knn_kl(X, Y, {.k = 2}).value);
    CHECK(est::knn_kl(Xs, Ys, {.k = 2, .adaptive_k = true}).value == est::knn_kl(X, Y, {.k = 2, .adaptive_k = true}).value);
    CHECK(est::knn_hellinger_affinity(Xs, Ys).value == est::knn_hellinger_affinity(X, Y).value);
    // H shifts by d·log s.
    CHECK(est::knn_entropy(Xs).value == doctest::Approx(est::knn_entropy(X).value + 3 * std::log(s)).epsilon(1e-13));
  }
}

TEST_CASE("duplicate points: a domain_error naming the sample, the rank and the first point") {
  const std::vector<double> x{0.0, 1.0, 2.0, 1.0, 5.0}, y{0.5, 7.0, 9.0};
  CHECK_THROWS_WITH_AS(est::knn_kl(x, y),
                       "advdiv::estimate::knn_kl: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 1; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, y, {.adaptive_k = true}),
                       "advdiv::estimate::knn_kl: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 1; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_entropy(x),
                       "advdiv::estimate::knn_entropy: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 1; duplicates make log(epsilon) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_hellinger_affinity(x, y),
                       "advdiv::estimate::knn_hellinger_affinity: X has a point at distance 0 from its 1st "
                       "nearest neighbour in X (point 1; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  // One duplicate pair is harmless with k = 2 (the 2nd neighbour is at distance 1).
  CHECK(std::isfinite(est::knn_kl(x, y, {.k = 2}).value));
  CHECK(std::isfinite(est::knn_entropy(x, {.k = 2}).value));
  // A triple needs k = 3.
  const std::vector<double> triple{4.0, 0.0, 4.0, 1.0, 4.0, 2.0};
  CHECK_THROWS_WITH_AS(est::knn_entropy(triple, {.k = 2}),
                       "advdiv::estimate::knn_entropy: X has a point at distance 0 from its 2nd nearest "
                       "neighbour in X (point 0; duplicates make log(epsilon) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  CHECK(std::isfinite(est::knn_entropy(triple, {.k = 3}).value));
  // A point of X that is also in Y: ν = 0.
  const std::vector<double> x2{0.0, 1.0, 2.0, 3.0}, y2{5.0, 2.0};
  CHECK_THROWS_WITH_AS(est::knn_kl(x2, y2),
                       "advdiv::estimate::knn_kl: X has a point at distance 0 from its 1st nearest "
                       "neighbour in Y (point 2; points of X repeated in Y make log(nu) = -inf; remove "
                       "duplicates or raise k)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_renyi_divergence(x2, y2, 0.5),
                       "advdiv::estimate::knn_renyi_divergence: X has a point at distance 0 from its 1st "
                       "nearest neighbour in Y (point 2; points of X repeated in Y make log(nu) = -inf; "
                       "remove duplicates or raise k)",
                       std::domain_error);
  CHECK(std::isfinite(est::knn_kl(x2, y2, {.k = 2}).value));
  // A sample of one repeated point (a degenerate tree).
  const Eigen::MatrixXd same = Eigen::MatrixXd::Constant(3, 50, 2.5);
  CHECK_THROWS_WITH_AS(est::knn_kl(same, Eigen::MatrixXd::Zero(3, 10), {.k = 5}),
                       "advdiv::estimate::knn_kl: X has a point at distance 0 from its 5th nearest "
                       "neighbour in X (point 0; duplicates make log(rho) = -inf; remove duplicates or raise k)",
                       std::domain_error);
  // The lowest index is reported whatever the thread count.
  std::vector<double> many(2000);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = double(i);
  many[1999] = 1500.0;
  many[1700] = 100.0;
  CHECK_THROWS_WITH_AS(est::knn_entropy(many, {.threads = 4}),
                       "advdiv::estimate::knn_entropy: X has a point at distance 0 from its 1st nearest "
                       "neighbour in X (point 100; duplicates make log(epsilon) = -inf; remove duplicates or raise k)",
                       std::domain_error);
}

TEST_CASE("knn estimators: every bad input with its full message") {
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, 10.0};
  const char* kl = "advdiv::estimate::knn_kl: ";
  auto msg = [](const char* f, const char* m) { return std::string(f) + m; };
  CHECK_THROWS_WITH_AS(est::knn_kl(x, y, {.k = 0}), msg(kl, "k = 0 is not at least 1").c_str(), std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, y, {.threads = 0}), msg(kl, "threads = 0 is not at least 1").c_str(), std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, y, {.leaf_size = 0}), msg(kl, "leaf_size = 0 is not at least 1").c_str(),
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, y, {.k = 3}), msg(kl, "X has 3 points, fewer than k + 1 = 4").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, std::vector<double>{1.0}, {.k = 2}),
                       msg(kl, "Y has 1 point, fewer than k = 2").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::knn_kl(std::vector<double>{}, y), msg(kl, "X is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, Eigen::MatrixXd(2, 0)), msg(kl, "Y is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, Eigen::MatrixXd::Zero(2, 4)), msg(kl, "X and Y differ in dimension (1 and 2)").c_str(),
                       std::invalid_argument);
  Eigen::MatrixXd bad = Eigen::MatrixXd::Zero(2, 4);
  bad(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(est::knn_kl(bad, bad), msg(kl, "X(1, 2) = nan is not finite").c_str(), std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_kl(x, std::vector<double>{1.0, INFINITY}), msg(kl, "Y[1] = inf is not finite").c_str(),
                       std::domain_error);

  const char* h = "advdiv::estimate::knn_entropy: ";
  CHECK_THROWS_WITH_AS(est::knn_entropy(x, {.k = 0}), msg(h, "k = 0 is not at least 1").c_str(), std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_entropy(x, {.threads = 0}), msg(h, "threads = 0 is not at least 1").c_str(), std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_entropy(std::vector<double>{2.0}), msg(h, "X has 1 point, fewer than k + 1 = 2").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::knn_entropy(std::vector<double>{}), msg(h, "X is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::knn_entropy(std::vector<std::array<double, 2>>{{0, 1}, {2, -INFINITY}}),
                       msg(h, "X(1, 1) = -inf is not finite").c_str(), std::domain_error);

  const char* r = "advdiv::estimate::knn_renyi_divergence: ";
  CHECK_THROWS_WITH_AS(est::knn_renyi_divergence(x, y, 1.0), msg(r, "alpha = 1 is not finite and different from 0 and 1").c_str(),
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_renyi_divergence(x, y, NAN), msg(r, "alpha = nan is not finite and different from 0 and 1").c_str(),
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_renyi_divergence(x, y, 2.0),
                       msg(r, "alpha = 2 is not in (0, 2), where the estimator of rank k = 1 is defined (|alpha - 1| < k)").c_str(),
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_renyi_divergence(x, y, -1.5, {.k = 2}),
                       msg(r, "alpha = -1.5 is not in (-1, 3), where the estimator of rank k = 2 is defined (|alpha - 1| < k)").c_str(),
                       std::domain_error);
  CHECK(std::isfinite(est::knn_renyi_divergence(std::vector<double>{0, 1, 3, 4}, y, -0.5, {.k = 2}).value));
  CHECK_THROWS_WITH_AS(est::knn_renyi_divergence(x, y, 0.5, {.k = 0}), msg(r, "k = 0 is not at least 1").c_str(), std::domain_error);
  const char* a = "advdiv::estimate::knn_alpha_divergence: ";
  CHECK_THROWS_WITH_AS(est::knn_alpha_divergence(x, y, 0.0), msg(a, "alpha = 0 is not finite and different from 0 and 1").c_str(),
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::knn_alpha_divergence(x, Eigen::MatrixXd::Zero(3, 3), 0.5),
                       msg(a, "X and Y differ in dimension (1 and 3)").c_str(), std::invalid_argument);
  const char* b = "advdiv::estimate::knn_hellinger_affinity: ";
  CHECK_THROWS_WITH_AS(est::knn_hellinger_affinity(x, y, {.k = 3}), msg(b, "X has 3 points, fewer than k + 1 = 4").c_str(),
                       std::invalid_argument);
  const char* s = "advdiv::estimate::knn_squared_hellinger: ";
  CHECK_THROWS_WITH_AS(est::knn_squared_hellinger(x, std::vector<double>{NAN}), msg(s, "Y[0] = nan is not finite").c_str(),
                       std::domain_error);
}
