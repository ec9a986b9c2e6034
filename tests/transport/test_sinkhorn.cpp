// Entropic optimal transport (log-domain Sinkhorn) and the Sinkhorn divergence.
#include <advdiv/core/random.hpp>
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/sinkhorn.hpp>

#include "random_inputs.hpp"
#include "reference.hpp"

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xarray.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

using advdiv_test::load_reference;
using advdiv_test::random_masses;
using advdiv_test::random_points;
using advdiv_test::rel_err;

namespace {

using RM = advdiv::dense_matrix;


// Squared Euclidean costs between the columns of X and of Y, computed here so that the solver
// tests do not depend on cost_matrix().
RM sq_costs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y) {
  RM C(X.cols(), Y.cols());
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (Eigen::Index j = 0; j < Y.cols(); ++j) C(i, j) = (X.col(i) - Y.col(j)).squaredNorm();
  return C;
}

// max(‖P1 − a‖₁, ‖Pᵀ1 − b‖₁) / Σa, recomputed from the plan in long double.
double plan_marginal_error(const RM& P, const std::vector<double>& a, const std::vector<double>& b) {
  long double row = 0, col = 0, mass = 0;
  for (Eigen::Index i = 0; i < P.rows(); ++i) {
    long double s = 0;
    for (Eigen::Index j = 0; j < P.cols(); ++j) s += P(i, j);
    row += std::fabs(s - a[std::size_t(i)]);
    mass += a[std::size_t(i)];
  }
  for (Eigen::Index j = 0; j < P.cols(); ++j) {
    long double s = 0;
    for (Eigen::Index i = 0; i < P.rows(); ++i) s += P(i, j);
    col += std::fabs(s - b[std::size_t(j)]);
  }
  return static_cast<double>(std::max(row, col) / mass);
}

// min over permutations σ of (1/n) Σ_i C(i, σ(i)): the exact OT cost between uniform masses
// (Birkhoff: an optimal plan is a permutation), by brute force.
double brute_force_assignment(const RM& C) {
  std::vector<int> p(std::size_t(C.rows()));
  std::iota(p.begin(), p.end(), 0);
  double best = std::numeric_limits<double>::infinity();
  do {
    long double s = 0;
    for (std::size_t i = 0; i < p.size(); ++i) s += C(Eigen::Index(i), p[i]);
    best = std::min(best, static_cast<double>(s / p.size()));
  } while (std::next_permutation(p.begin(), p.end()));
  return best;
}

bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
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
  advdiv::random_engine rng(1);
  const RM C = sq_costs(random_points(2, 40, rng), random_points(2, 30, rng));
  const auto a = random_masses(40, rng), b = random_masses(30, rng);
  for (double eps : {1.0, 0.1, 0.01}) {
    CAPTURE(eps);
    const auto r = advdiv::sinkhorn(a, b, C, eps);
    REQUIRE(r.status == advdiv::solver_status::converged);
    CHECK(r.marginal_error <= 1e-9);
    // marginal_error is the larger of the two L1 errors of the returned plan.
    CHECK(plan_marginal_error(r.plan, a, b) == doctest::Approx(r.marginal_error).epsilon(1e-3).scale(1e-13));
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
  advdiv::random_engine rng(2);
  // Costs up to ~800: exp(−C/ε) underflows in double for ε < C/745 unless in the log domain.
  const RM C = 400.0 * sq_costs(random_points(2, 25, rng), random_points(2, 25, rng));
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
  advdiv::random_engine rng(3);
  RM C = sq_costs(random_points(2, 6, rng), random_points(2, 5, rng));
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

TEST_CASE("sinkhorn_divergence: zero on equal measures, nonnegative, tends to OT") {
  advdiv::random_engine rng(4);
  const Eigen::MatrixXd X = random_points(2, 20, rng), Y = random_points(2, 15, rng);
  const auto a = random_masses(20, rng), b = random_masses(15, rng);
  auto dist = [](const Eigen::MatrixXd& P, const Eigen::MatrixXd& Q) {
    RM C = sq_costs(P, Q);
    return RM(C.array().sqrt());
  };
  const RM Cab = dist(X, Y), Caa = dist(X, X), Cbb = dist(Y, Y);
  for (double eps : {0.01, 0.1, 1.0}) {
    CAPTURE(eps);
    CHECK(std::abs(advdiv::sinkhorn_divergence(a, a, Caa, Caa, Caa, eps)) <= 1e-12);
    CHECK(advdiv::sinkhorn_divergence(a, b, Cab, Caa, Cbb, eps) > 0.0);
  }
  // Small ε: S_ε approaches the unregularised OT cost.
  const double ot = advdiv::emd(a, b, Cab).cost;
  CHECK(advdiv::sinkhorn_divergence(a, b, Cab, Caa, Cbb, 1e-3) == doctest::Approx(ot).epsilon(0.05));
}

TEST_CASE("sinkhorn_divergence on point clouds (d x n, one column per point)") {
  advdiv::random_engine rng(5);
  const Eigen::MatrixXd X = random_points(2, 20, rng), Y = random_points(2, 15, rng);  // 2 × 20, 2 × 15
  const auto a = random_masses(20, rng), b = random_masses(15, rng);
  using advdiv::ground_metric;
  const RM Cab = sq_costs(X, Y), Caa = sq_costs(X, X), Cbb = sq_costs(Y, Y);
  for (double eps : {0.01, 0.1, 1.0}) {
    CAPTURE(eps);
    CHECK(std::abs(advdiv::sinkhorn_divergence(a, a, X, X, ground_metric::sqeuclidean, eps)) <= 1e-12);
    CHECK(advdiv::sinkhorn_divergence(a, b, X, Y, ground_metric::sqeuclidean, eps) ==
          doctest::Approx(advdiv::sinkhorn_divergence(a, b, Cab, Caa, Cbb, eps)).epsilon(1e-12));
  }
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Zero(3, 2);
  const std::vector<double> h{0.5, 0.5};
  CHECK_THROWS_WITH_AS(
      advdiv::sinkhorn_divergence(h, h, Eigen::MatrixXd(Eigen::MatrixXd::Zero(2, 2)), Z,
                                  ground_metric::sqeuclidean, 0.1),
      "advdiv::sinkhorn_divergence: X and Y differ in dimension (2 and 3)", std::invalid_argument);
}

TEST_CASE("sinkhorn: bad input") {
  const RM C = RM::Ones(2, 2);
  const std::vector<double> a{0.5, 0.5}, e;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.0),
                       "advdiv::sinkhorn: epsilon = 0 is not positive and finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, NAN),
                       "advdiv::sinkhorn: epsilon = nan is not positive and finite", std::domain_error);
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
                       "advdiv::sinkhorn: scaling_factor = 1 is not in (0, 1)", std::domain_error);
  o = {};
  o.relaxation = 2.0;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: relaxation = 2 is not in [1, 2)", std::domain_error);
  o = {};
  o.tolerance = -1;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: tolerance = -1 is negative", std::domain_error);
  o.tolerance = NAN;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: tolerance = nan is not finite", std::domain_error);
  o = {};
  o.mass_tolerance = NAN;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: mass_tolerance = nan is not >= 0 (inf disables the check)",
                       std::domain_error);
  o = {};
  o.scaling_factor = 0.0;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: scaling_factor = 0 is not in (0, 1)", std::domain_error);
  o = {};
  o.relaxation = 0.5;
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(a, a, C, 0.1, o),
                       "advdiv::sinkhorn: relaxation = 0.5 is not in [1, 2)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(std::vector<double>{0, 0}, a, C, 0.1),
                       "advdiv::sinkhorn: a sums to 0", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn_divergence(a, a, C, C, C, -1.0),
                       "advdiv::sinkhorn_divergence: epsilon = -1 is not positive and finite",
                       std::domain_error);
}

// ---------------------------------------------------------------------------------------
// Issue 10 reproducers.

TEST_CASE("sinkhorn: zero masses take no part (were NaN plan and cost labelled converged)") {
  const std::vector<double> a{1.0, 0.0}, b{0.5, 0.5};
  RM C(2, 2);
  C << 1, 0,
       0, 0;
  // The only feasible plan moves all of a_0 to b: P = [[.5, .5], [0, 0]], cost .5·1 + .5·0.
  const auto r = advdiv::sinkhorn(a, b, C, 1e-3);
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(r.cost == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(r.plan(0, 0) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(r.plan(0, 1) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(r.plan(1, 0) == 0.0);
  CHECK(r.plan(1, 1) == 0.0);
  CHECK(r.marginal_error <= 1e-12);
  CHECK(all_finite(r.f));
  CHECK(all_finite(r.g));
  // f_1 is the soft c-transform of g: −ε log Σ_j b_j e^{(g_j − C_1j)/ε} (long double here).
  long double t = 0;
  for (int j = 0; j < 2; ++j)
    t += 0.5L * std::exp((static_cast<long double>(r.g[std::size_t(j)]) - C(1, j)) / 1e-3L);
  CHECK(r.f[1] == doctest::Approx(static_cast<double>(-1e-3L * std::log(t))).epsilon(1e-12));

  // a = b = {1, 0}: one feasible plan, P_00 = 1; cost C_00 (1 here, 0 for a cost with C_00 = 0).
  const std::vector<double> e0{1.0, 0.0};
  const auto r2 = advdiv::sinkhorn(e0, e0, C, 1e-3);
  CHECK(r2.status == advdiv::solver_status::converged);
  CHECK(r2.cost == doctest::Approx(1.0).epsilon(1e-12));
  RM C0(2, 2);
  C0 << 0, 1,
        1, 0;
  const auto r3 = advdiv::sinkhorn(e0, e0, C0, 1e-3);
  CHECK(r3.status == advdiv::solver_status::converged);
  CHECK(r3.cost == 0.0);
  CHECK(r3.plan(0, 0) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(r3.plan(1, 1) == 0.0);

  // A zero row and a zero column at ε = 0.05 against POT 0.8.2 (ot.sinkhorn(a, b, C, 0.05,
  // method="sinkhorn_log", stopThr=1e-15), which gives the same cost with or without the
  // zero row/column: 0.520003695157903).
  RM C4(4, 3);
  C4 << 0.3, 1.2, 0.7,
        0.9, 0.1, 0.4,
        0.5, 0.8, 0.2,
        1.1, 0.6, 0.05;
  const std::vector<double> a4{0.4, 0.0, 0.35, 0.25}, b4{0.5, 0.5, 0.0};
  for (bool scaling : {true, false}) {
    advdiv::sinkhorn_options o;
    o.epsilon_scaling = scaling;
    o.tolerance = 1e-13;
    const auto r4 = advdiv::sinkhorn(a4, b4, C4, 0.05, o);
    CHECK(r4.status == advdiv::solver_status::converged);
    CHECK(r4.cost == doctest::Approx(0.520003695157903).epsilon(1e-11));
    CHECK(r4.plan.row(1).cwiseAbs().sum() == 0.0);
    CHECK(r4.plan.col(2).cwiseAbs().sum() == 0.0);
    CHECK(r4.plan(0, 1) == doctest::Approx(6.14359053e-06).epsilon(1e-8));
  }
}

TEST_CASE("sinkhorn: costs of 1e10 and 1e16 times epsilon converge honestly") {
  // Uniform masses: an optimal plan is a permutation (Birkhoff), found here by brute force.
  // With C/ε ≥ 1e10 and a unique optimum the entropic plan is that permutation up to
  // e^{−gap/ε} = 0, so its cost is the assignment optimum. The former solver reported
  // converged with a column error 26× the tolerance (1e10) or never converged (1e16).
  for (double scale : {1e4, 1e10, 1e16}) {
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
      CAPTURE(scale);
      CAPTURE(seed);
      advdiv::random_engine rng(seed);
      RM C(6, 6);
      for (Eigen::Index i = 0; i < C.size(); ++i) C.data()[i] = scale * advdiv::uniform01(rng);
      const std::vector<double> a(6, 1.0 / 6);
      const auto r = advdiv::sinkhorn(a, a, C, 1.0);
      REQUIRE(r.status == advdiv::solver_status::converged);
      CHECK(r.marginal_error <= 1e-9);
      CHECK(plan_marginal_error(r.plan, a, a) <= 1e-9);
      CHECK(r.cost == doctest::Approx(brute_force_assignment(C)).epsilon(1e-9));
    }
  }
}

TEST_CASE("sinkhorn: converged means both marginals within tolerance and everything finite") {
  // Extreme but accepted inputs: costs from 0 to 1e300, ε from 1e-300 to 1e300, zero and
  // subnormal masses, totals far from 1. Whatever the status, it must be the truth.
  advdiv::random_engine rng(42);
  std::size_t converged = 0, total = 0;
  for (double cscale : {0.0, 1e-300, 1.0, 1e8, 1e300}) {
    for (double eps : {1e-300, 1e-8, 1.0, 1e300}) {
      for (double mscale : {1e-300, 1.0, 1e300}) {
        for (int zeros : {0, 1}) {
          CAPTURE(cscale);
          CAPTURE(eps);
          CAPTURE(mscale);
          RM C(4, 5);
          for (Eigen::Index i = 0; i < C.size(); ++i) C.data()[i] = cscale * advdiv::uniform01(rng);
          std::vector<double> a(4), b(5);
          for (auto& x : a) x = advdiv::standard_exponential(rng);
          for (auto& x : b) x = advdiv::standard_exponential(rng);
          if (zeros) {
            a[1] = 0.0;
            b[3] = 0.0;
            b[4] = 4.9e-324;
          }
          const double sa = std::accumulate(a.begin(), a.end(), 0.0);
          const double sb = std::accumulate(b.begin(), b.end(), 0.0);
          for (auto& x : a) x *= mscale / sa;
          for (auto& x : b) x *= mscale / sb;
          advdiv::sinkhorn_options o;
          o.max_iterations = 2000;
          o.mass_tolerance = 1e-12;
          const auto r = advdiv::sinkhorn(a, b, C, eps, o);
          ++total;
          // Totals of 1e300: the objective's Σa·Σb term is 1e600, which double cannot hold.
          if (mscale == 1e300) {
            CHECK(r.status == advdiv::solver_status::non_finite);
            CHECK(!std::isfinite(r.objective));
          }
          // C/ε ≤ 1 with totals ≤ 1: easy problems, which must converge.
          if (cscale <= eps && mscale <= 1.0) CHECK(r.status == advdiv::solver_status::converged);
          if (r.status != advdiv::solver_status::converged) {
            CHECK(r.status != advdiv::solver_status::infeasible);
            CHECK(r.status != advdiv::solver_status::unbounded);
            continue;
          }
          ++converged;
          CHECK(std::isfinite(r.cost));
          CHECK(std::isfinite(r.objective));
          CHECK(r.plan.allFinite());
          CHECK(all_finite(r.f));
          CHECK(all_finite(r.g));
          CHECK(r.marginal_error <= o.tolerance);
          CHECK(plan_marginal_error(r.plan, a, b) <= 1.01 * o.tolerance + 1e-15);
          if (zeros) {
            CHECK(r.plan.row(1).cwiseAbs().sum() == 0.0);
            CHECK(r.plan.col(3).cwiseAbs().sum() == 0.0);
          }
        }
      }
    }
  }
  MESSAGE(converged << " of " << total << " extreme problems converged");
}

TEST_CASE("sinkhorn: the tolerance is relative to the total mass") {
  advdiv::random_engine rng(8);
  const RM C = sq_costs(random_points(2, 12, rng), random_points(2, 9, rng));
  const auto a = random_masses(12, rng), b = random_masses(9, rng);
  const auto r = advdiv::sinkhorn(a, b, C, 0.05);
  for (double lambda : {1e-12, 1e12}) {
    CAPTURE(lambda);
    std::vector<double> la = a, lb = b;
    for (auto& x : la) x *= lambda;
    for (auto& x : lb) x *= lambda;
    const auto s = advdiv::sinkhorn(la, lb, C, 0.05);
    CHECK(s.status == advdiv::solver_status::converged);
    CHECK(s.marginal_error <= 1e-9);
    CHECK(plan_marginal_error(s.plan, la, lb) <= 1e-9);
    CHECK(s.cost == doctest::Approx(lambda * r.cost).epsilon(1e-8));
  }
}

TEST_CASE("sinkhorn: epsilon-scaling costs at most 1.5x the plain run, and converges at large C/eps") {
  // POT's test_empirical_sinkhorn problem: points 0..9 against themselves, squared cost,
  // ε = 0.1. POT 0.8.2: ot.sinkhorn(a, a, ot.dist(x, x), 0.1, method="sinkhorn_log",
  // stopThr=1e-15) has cost 8.171286625365834e-05. The former annealing took 40,891
  // iterations here (1 without it).
  RM C(10, 10);
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) C(i, j) = double((i - j) * (i - j));
  const std::vector<double> a(10, 0.1);
  advdiv::sinkhorn_options plain;
  plain.epsilon_scaling = false;
  const auto r0 = advdiv::sinkhorn(a, a, C, 0.1, plain);
  const auto r1 = advdiv::sinkhorn(a, a, C, 0.1);
  CHECK(r0.status == advdiv::solver_status::converged);
  CHECK(r1.status == advdiv::solver_status::converged);
  CHECK(r1.iterations <= r0.iterations + (r0.iterations + 1) / 2);
  CHECK(r1.cost == doctest::Approx(8.171286625365834e-05).epsilon(1e-8));

  // Random 2-D clouds, normalised squared costs: the race never costs more than 1.5× the
  // plain run.
  advdiv::random_engine rng(9);
  RM C2 = sq_costs(random_points(2, 60, rng), random_points(2, 60, rng));
  C2 /= C2.maxCoeff();
  const std::vector<double> u(60, 1.0 / 60);
  for (double eps : {1e-1, 1e-2}) {
    CAPTURE(eps);
    const auto p = advdiv::sinkhorn(u, u, C2, eps, plain);
    const auto q = advdiv::sinkhorn(u, u, C2, eps);
    REQUIRE(p.status == advdiv::solver_status::converged);
    REQUIRE(q.status == advdiv::solver_status::converged);
    CHECK(q.iterations <= p.iterations + (p.iterations + 1) / 2);
  }

  // Large C/ε (uniform costs up to 1e6 ε, 30 × 30): the plain run stalls, the annealed one
  // converges (measured: 10 of 10 seeds stall for 20,000 plain iterations, the annealed
  // run needs ~100).
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    CAPTURE(seed);
    advdiv::random_engine g(seed);
    RM K(30, 30);
    for (Eigen::Index i = 0; i < K.size(); ++i) K.data()[i] = 1e6 * advdiv::uniform01(g);
    const std::vector<double> w(30, 1.0 / 30);
    advdiv::sinkhorn_options lim = plain;
    lim.max_iterations = 5000;
    CHECK(advdiv::sinkhorn(w, w, K, 1.0, lim).status == advdiv::solver_status::iteration_limit);
    const auto s = advdiv::sinkhorn(w, w, K, 1.0);
    CHECK(s.status == advdiv::solver_status::converged);
    CHECK(s.iterations <= 5000);
  }
}

TEST_CASE("sinkhorn: converged means each marginal within tolerance, not their sum (T12)") {
  // The fuzzer's case (ε = 1e-15 with costs up to 10, ε-scaling, relaxation 1.8): the plan's
  // L1 errors are 6.5e-10 (rows) and 4.7e-10 (columns), each within the tolerance 1e-9 as
  // documented (sinkhorn_options::tolerance), though their sum is not; converged is right.
  const std::vector<double> a(8, 0.125), b(3, 1.0 / 3.0);
  RM C(8, 3);
  C << 1.75, 0, 10,
       1.25, 1.75, 1.75,
       1.75, 1.75, 1.75,
       1.75, 0.75, 1.75,
       1.75, 1.75, 1.75,
       1.75, 1.75, 1.75,
       1.75, 1.75, 1.75,
       1.75, 1.75, 1.75;
  advdiv::sinkhorn_options o;
  o.max_iterations = 2000;
  o.epsilon_scaling = true;
  o.relaxation = 1.8;
  o.tolerance = 1e-9;
  const auto r = advdiv::sinkhorn(a, b, C, 1e-15, o);
  REQUIRE(r.status == advdiv::solver_status::converged);
  long double row = 0, col = 0;
  for (Eigen::Index i = 0; i < 8; ++i) row += std::fabs(static_cast<long double>(r.plan.row(i).sum()) - a[std::size_t(i)]);
  for (Eigen::Index j = 0; j < 3; ++j) col += std::fabs(static_cast<long double>(r.plan.col(j).sum()) - b[std::size_t(j)]);
  CHECK(row <= o.tolerance);
  CHECK(col <= o.tolerance);
  CHECK(r.marginal_error == doctest::Approx(double(std::max(row, col))).epsilon(1e-3));
  CHECK(r.marginal_error <= o.tolerance);
}
