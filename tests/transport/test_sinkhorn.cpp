// Entropic optimal transport (log-domain Sinkhorn) and the Sinkhorn divergence.
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/sinkhorn.hpp>

#include "reference.hpp"

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xarray.hpp>

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

using advdiv_test::load_reference;
using advdiv_test::rel_err;

namespace {

using RM = advdiv::dense_matrix;

RM random_points(std::size_t n, std::size_t d, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  RM X(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = u(rng);
  return X;
}

std::vector<double> random_masses(std::size_t n, std::mt19937_64& rng) {
  std::gamma_distribution<double> g(1.0, 1.0);
  std::vector<double> a(n);
  for (auto& x : a) x = g(rng);
  const double s = std::accumulate(a.begin(), a.end(), 0.0);
  for (auto& x : a) x /= s;
  return a;
}

// ⟨P, C⟩ + ε KL(P‖a⊗b) recomputed from the plan.
double primal_objective(const RM& P, const RM& C, const std::vector<double>& a,
                        const std::vector<double>& b, double eps) {
  double s = 0.0;
  for (Eigen::Index i = 0; i < P.rows(); ++i)
    for (Eigen::Index j = 0; j < P.cols(); ++j) {
      const double p = P(i, j), q = a[std::size_t(i)] * b[std::size_t(j)];
      s += p * C(i, j) + eps * ((p > 0 ? p * std::log(p / q) : 0.0) - p + q);
    }
  return s;
}

}  // namespace

TEST_CASE("sinkhorn: agrees with POT's log-domain Sinkhorn at the same epsilon") {
  const auto cases = load_reference("sinkhorn");
  REQUIRE(cases.size() >= 4);
  for (const auto& c : cases) {
    CAPTURE(c.label);
    const auto n = Eigen::Index(c.scalar("rows")), m = Eigen::Index(c.scalar("cols"));
    const RM C = Eigen::Map<const RM>(c["C"].data(), n, m);
    advdiv::sinkhorn_options o;
    o.tolerance = 1e-13;
    const auto r = advdiv::sinkhorn(c["a"], c["b"], C, c.scalar("eps"), o);
    CHECK(r.status == advdiv::solver_status::converged);
    CHECK(rel_err(r.cost, c.scalar("cost")) <= 1e-6);
    o.epsilon_scaling = false;
    o.relaxation = 1.0;
    const auto plain = advdiv::sinkhorn(c["a"], c["b"], C, c.scalar("eps"), o);
    CHECK(rel_err(plain.cost, c.scalar("cost")) <= 1e-6);
  }
}

TEST_CASE("sinkhorn: marginals, objective identities and dual value") {
  std::mt19937_64 rng(1);
  const RM C = advdiv::cost_matrix(random_points(40, 2, rng), random_points(30, 2, rng));
  const auto a = random_masses(40, rng), b = random_masses(30, rng);
  for (double eps : {1.0, 0.1, 0.01}) {
    CAPTURE(eps);
    const auto r = advdiv::sinkhorn(a, b, C, eps);
    REQUIRE(r.status == advdiv::solver_status::converged);
    CHECK(r.marginal_error <= 2e-9);
    double err = 0.0;
    for (std::size_t i = 0; i < 40; ++i) err += std::abs(r.plan.row(Eigen::Index(i)).sum() - a[i]);
    for (std::size_t j = 0; j < 30; ++j) err += std::abs(r.plan.col(Eigen::Index(j)).sum() - b[j]);
    CHECK(err == doctest::Approx(r.marginal_error).epsilon(1e-3).scale(1e-12));
    CHECK(r.cost == doctest::Approx((r.plan.array() * C.array()).sum()).epsilon(1e-12));
    CHECK(r.objective == doctest::Approx(primal_objective(r.plan, C, a, b, eps)).epsilon(1e-10));
    // At convergence the dual value Σa·f + Σb·g equals the primal objective.
    double dual = 0.0;
    for (std::size_t i = 0; i < 40; ++i) dual += a[i] * r.f[i];
    for (std::size_t j = 0; j < 30; ++j) dual += b[j] * r.g[j];
    CHECK(dual == doctest::Approx(r.objective).epsilon(1e-8));
    // The entropic plan costs more than the optimal one.
    CHECK(r.cost >= advdiv::emd(a, b, C).cost - 1e-12);
  }
}

TEST_CASE("sinkhorn: tends to EMD as epsilon -> 0, without underflow down to 1e-4 max C") {
  std::mt19937_64 rng(2);
  // Costs up to ~800: exp(−C/ε) underflows in double for ε < C/745 unless in the log domain.
  const RM C = 400.0 * advdiv::cost_matrix(random_points(25, 2, rng), random_points(25, 2, rng));
  const auto a = random_masses(25, rng), b = random_masses(25, rng);
  const double ot = advdiv::emd(a, b, C).cost;
  double previous = std::numeric_limits<double>::infinity();
  for (double rel : {1e-1, 1e-2, 1e-3, 1e-4}) {
    const double eps = rel * C.maxCoeff();
    advdiv::sinkhorn_options o;
    o.tolerance = 1e-10;
    const auto r = advdiv::sinkhorn(a, b, C, eps, o);
    CAPTURE(rel);
    REQUIRE(r.status == advdiv::solver_status::converged);
    CHECK(std::isfinite(r.cost));
    CHECK((r.plan.array() >= 0).all());
    const double gap = r.cost - ot;
    CHECK(gap >= -1e-9 * ot);
    CHECK(gap <= previous);
    previous = gap;
  }
  CHECK(previous <= 1e-3 * ot);
}

TEST_CASE("sinkhorn: zero masses, a single point, xtensor costs, iteration limit") {
  std::mt19937_64 rng(3);
  RM C = advdiv::cost_matrix(random_points(6, 2, rng), random_points(5, 2, rng));
  std::vector<double> a{0.2, 0.0, 0.3, 0.1, 0.4, 0.0}, b{0.25, 0.25, 0.0, 0.3, 0.2};
  const auto r = advdiv::sinkhorn(a, b, C, 0.05);
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(r.plan.row(1).sum() == 0.0);
  CHECK(r.plan.col(2).sum() == 0.0);
  CHECK(std::isfinite(r.f[1]));
  const RM C1 = RM::Constant(1, 3, 2.0);
  const auto one = advdiv::sinkhorn(std::vector<double>{1.0}, std::vector<double>{0.2, 0.3, 0.5}, C1, 0.1);
  CHECK(one.cost == doctest::Approx(2.0));
  CHECK(one.plan(0, 2) == doctest::Approx(0.5));
  xt::xarray<double> Cx = xt::zeros<double>({6, 5});
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j < 5; ++j) Cx(i, j) = C(Eigen::Index(i), Eigen::Index(j));
  CHECK(advdiv::sinkhorn(a, b, Cx, 0.05).cost == r.cost);
  advdiv::sinkhorn_options o;
  o.max_iterations = 2;
  o.epsilon_scaling = false;
  const auto lim = advdiv::sinkhorn(a, b, C, 0.001, o);
  CHECK(lim.status == advdiv::solver_status::iteration_limit);
  CHECK(lim.iterations == 2);
  CHECK(lim.marginal_error > o.tolerance);
}

TEST_CASE("sinkhorn_divergence: zero on equal measures, nonnegative, overloads agree") {
  std::mt19937_64 rng(4);
  const RM X = random_points(20, 2, rng), Y = random_points(15, 2, rng);
  const auto a = random_masses(20, rng), b = random_masses(15, rng);
  using advdiv::ground_metric;
  for (double eps : {0.01, 0.1, 1.0}) {
    CAPTURE(eps);
    CHECK(std::abs(advdiv::sinkhorn_divergence(a, a, X, X, ground_metric::sqeuclidean, eps)) <= 1e-12);
    const double s = advdiv::sinkhorn_divergence(a, b, X, Y, ground_metric::euclidean, eps);
    CHECK(s > 0.0);
    const double s2 = advdiv::sinkhorn_divergence(
        a, b, advdiv::cost_matrix(X, Y, ground_metric::euclidean),
        advdiv::cost_matrix(X, X, ground_metric::euclidean),
        advdiv::cost_matrix(Y, Y, ground_metric::euclidean), eps);
    CHECK(s == s2);
  }
  // Small ε: S_ε approaches the unregularised OT cost.
  const double ot = advdiv::emd(a, b, X, Y, ground_metric::euclidean).cost;
  CHECK(advdiv::sinkhorn_divergence(a, b, X, Y, ground_metric::euclidean, 1e-3) ==
        doctest::Approx(ot).epsilon(0.05));
}

TEST_CASE("sinkhorn: bad input") {
  const RM C = RM::Ones(2, 2);
  const std::vector<double> a{0.5, 0.5}, e;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.0),
                       "advdiv::sinkhorn: epsilon = 0 must be finite and > 0", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, NAN),
                       "advdiv::sinkhorn: epsilon = nan must be finite and > 0", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(e, a, C, 0.1), "advdiv::sinkhorn: a is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, std::vector<double>{1.0}, C, 0.1),
                       "advdiv::sinkhorn: C is 2 x 2 but a and b have 2 and 1 entries",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, std::vector<double>{0.7, 0.7}, C, 0.1),
                       "advdiv::sinkhorn: a sums to 1 but b sums to 1.4 (relative tolerance 1e-09)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(std::vector<double>{-1, 2}, a, C, 0.1),
                       "advdiv::sinkhorn: a[0] = -1 is negative", std::domain_error);
  RM Cn = C;
  Cn(0, 1) = NAN;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, Cn, 0.1), "advdiv::sinkhorn: C(0, 1) = nan is not finite",
                       std::domain_error);
  advdiv::sinkhorn_options o;
  o.scaling_factor = 1.0;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: scaling_factor = 1 must be in (0, 1)", std::domain_error);
  o = {};
  o.relaxation = 2.0;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: relaxation = 2 must be in [1, 2)", std::domain_error);
  o = {};
  o.tolerance = -1;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: tolerance = -1 must be >= 0", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn_divergence(a, a, C, C, C, -1.0),
                       "advdiv::sinkhorn_divergence: epsilon = -1 must be finite and > 0",
                       std::domain_error);
  const RM X = RM::Zero(2, 2), Y = RM::Zero(2, 3);
  CHECK_THROWS_WITH_AS(
      advdiv::sinkhorn_divergence(a, a, X, Y, advdiv::ground_metric::sqeuclidean, 0.1),
      "advdiv::sinkhorn_divergence: X and Y differ in dimension (2 and 3 columns)",
      std::invalid_argument);
}
