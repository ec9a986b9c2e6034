// Exact optimal transport by the network simplex: POT reference values, brute force,
// 1-D costs, duality certificates, big-M costs, degenerate problems, the d x n point layout,
// input types and errors.
#include <advdiv/core/random.hpp>
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include "random_inputs.hpp"
#include "reference.hpp"

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xarray.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

using advdiv_test::load_reference;
using advdiv_test::rel_err;

using advdiv_test::random_masses;
using advdiv_test::random_points;

namespace {

using RM = advdiv::dense_matrix;

// Checks everything an optimal basic solution must satisfy: marginals, support size,
// dual feasibility, complementary slackness, strong duality.
void check_certificate(const advdiv::emd_result& r, const std::vector<double>& a,
                       const std::vector<double>& b, const RM& C) {
  const std::size_t n = a.size(), m = b.size();
  REQUIRE(r.status == advdiv::solver_status::converged);
  CHECK(r.plan.size() <= n + m - 1);
  const double scale = std::max(1.0, C.maxCoeff());
  std::vector<double> rs(n, 0.0), cs(m, 0.0);
  double cost = 0.0;
  for (const auto& e : r.plan) {
    CHECK(e.mass > 0.0);
    rs[e.i] += e.mass;
    cs[e.j] += e.mass;
    cost += e.mass * C(Eigen::Index(e.i), Eigen::Index(e.j));
    // Complementary slackness: P_ij > 0 ⇒ u_i + v_j = C_ij.
    CHECK(std::abs(r.u[e.i] + r.v[e.j] - C(Eigen::Index(e.i), Eigen::Index(e.j))) <= 1e-12 * scale);
  }
  for (std::size_t i = 0; i < n; ++i) CHECK(std::abs(rs[i] - a[i]) <= 1e-12);
  for (std::size_t j = 0; j < m; ++j) CHECK(std::abs(cs[j] - b[j]) <= 1e-12);
  CHECK(cost == doctest::Approx(r.cost).epsilon(1e-12));
  // Dual feasibility u_i + v_j ≤ C_ij everywhere.
  double worst = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      worst = std::max(worst, r.u[i] + r.v[j] - C(Eigen::Index(i), Eigen::Index(j)));
  CHECK(worst <= 1e-12 * scale);
  // Strong duality ⟨P, C⟩ = Σ a·u + Σ b·v.
  double dual = 0.0;
  for (std::size_t i = 0; i < n; ++i) dual += a[i] * r.u[i];
  for (std::size_t j = 0; j < m; ++j) dual += b[j] * r.v[j];
  CHECK(std::abs(dual - r.cost) <= 1e-12 * scale);
}

// A rows x cols matrix of uniform (0, 1) entries (a random cost matrix).
RM random_matrix(std::size_t rows, std::size_t cols, advdiv::random_engine& rng) {
  RM X(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::uniform01(rng);
  return X;
}


}  // namespace

TEST_CASE("emd: agrees with POT's ot.emd2 on stored random cases, with a dual certificate") {
  const auto cases = load_reference("emd");
  REQUIRE(cases.size() >= 6);
  for (const auto& c : cases) {
    CAPTURE(c.label);
    const auto n = Eigen::Index(c.scalar("rows")), m = Eigen::Index(c.scalar("cols"));
    const RM C = Eigen::Map<const RM>(c["C"].data(), n, m);
    const auto r = advdiv::emd(c["a"], c["b"], C);
    CHECK(rel_err(r.cost, c.scalar("cost")) <= 1e-9);
    check_certificate(r, c["a"], c["b"], C);
  }
}

TEST_CASE("emd: equals brute force over all permutations on uniform assignment problems") {
  advdiv::random_engine rng(3);
  for (std::size_t n = 1; n <= 7; ++n) {
    for (int trial = 0; trial < 3; ++trial) {
      RM C = random_matrix(n, n, rng);
      if (trial == 2) C = C.array().round();  // many ties
      std::vector<std::size_t> perm(n);
      std::iota(perm.begin(), perm.end(), std::size_t(0));
      double best = std::numeric_limits<double>::infinity();
      do {
        double s = 0.0;
        for (std::size_t i = 0; i < n; ++i) s += C(Eigen::Index(i), Eigen::Index(perm[i]));
        best = std::min(best, s);
      } while (std::next_permutation(perm.begin(), perm.end()));
      const std::vector<double> u(n, 1.0 / double(n));
      const auto r = advdiv::emd(u, u, C);
      CAPTURE(n);
      CHECK(r.cost == doctest::Approx(best / double(n)).epsilon(1e-13));
      check_certificate(r, u, u, C);
    }
  }
}

TEST_CASE("emd: on 1-D costs |x − y|^p it equals wasserstein_1d^p") {
  advdiv::random_engine rng(11);
  auto g = [](advdiv::random_engine& r) { return advdiv::standard_normal(r); };
  for (auto [n, m] : {std::pair<std::size_t, std::size_t>{10, 10}, {13, 7}, {50, 64}, {1, 9}}) {
    std::vector<double> x(n), y(m);
    for (auto& v : x) v = g(rng);
    for (auto& v : y) v = 2 * g(rng) + 1;
    for (double p : {1.0, 2.0, 3.0}) {
      RM C(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j)
          C(Eigen::Index(i), Eigen::Index(j)) = std::pow(std::abs(x[i] - y[j]), p);
      const std::vector<double> a(n, 1.0 / double(n)), b(m, 1.0 / double(m));
      const auto r = advdiv::emd(a, b, C);
      CHECK(rel_err(r.cost, std::pow(advdiv::wasserstein_1d(x, y, p), p)) <= 1e-12);
      check_certificate(r, a, b, C);
    }
  }
}

TEST_CASE("emd: metric axioms of W_1 and W_2 on point clouds") {
  advdiv::random_engine rng(5);
  for (int trial = 0; trial < 5; ++trial) {
    const Eigen::MatrixXd X = random_points(2, 12, rng), Y = random_points(2, 9, rng),
                          Z = random_points(2, 15, rng);
    const auto a = random_masses(12, rng), b = random_masses(9, rng), c = random_masses(15, rng);
    using advdiv::ground_metric;
    const double xy = advdiv::emd(a, b, X, Y, ground_metric::euclidean).cost;
    const double yx = advdiv::emd(b, a, Y, X, ground_metric::euclidean).cost;
    const double xz = advdiv::emd(a, c, X, Z, ground_metric::euclidean).cost;
    const double zy = advdiv::emd(c, b, Z, Y, ground_metric::euclidean).cost;
    CHECK(xy == doctest::Approx(yx).epsilon(1e-12));
    CHECK(xy <= xz + zy + 1e-12);
    const double w2 = [&](auto& p, auto& q, auto& P, auto& Q) {
      return std::sqrt(advdiv::emd(p, q, P, Q, ground_metric::sqeuclidean).cost);
    }(a, b, X, Y);
    CHECK(w2 <= std::sqrt(advdiv::emd(a, c, X, Z, ground_metric::sqeuclidean).cost) +
                   std::sqrt(advdiv::emd(c, b, Z, Y, ground_metric::sqeuclidean).cost) + 1e-12);
    CHECK(w2 >= xy - 1e-12);  // W_1 ≤ W_2
    CHECK(advdiv::emd(a, a, X, X, ground_metric::euclidean).cost == doctest::Approx(0.0));
  }
}

TEST_CASE("emd: degenerate problems") {
  advdiv::random_engine rng(9);
  SUBCASE("a single point on either side") {
    RM C(1, 4);
    C << 1, 2, 3, 4;
    const std::vector<double> a{2.0}, b{0.5, 0.5, 0.25, 0.75};
    const auto r = advdiv::emd(a, b, C);
    CHECK(r.cost == doctest::Approx(0.5 + 1.0 + 0.75 + 3.0));
    CHECK(r.iterations == 0);
    check_certificate(r, a, b, C);
    const RM Ct = C.transpose();
    CHECK(advdiv::emd(b, a, Ct).cost == doctest::Approx(r.cost));
  }
  SUBCASE("all costs equal (every plan optimal)") {
    const RM C = RM::Constant(6, 5, 2.0);
    const auto a = random_masses(6, rng), b = random_masses(5, rng);
    const auto r = advdiv::emd(a, b, C);
    CHECK(r.cost == doctest::Approx(2.0));
    check_certificate(r, a, b, C);
  }
  SUBCASE("zero masses and duplicated points") {
    Eigen::MatrixXd X = random_points(2, 8, rng);
    X.col(3) = X.col(1);
    auto a = random_masses(8, rng), b = random_masses(8, rng);
    a[0] = 0.0;
    b[7] = 0.0;
    const double sa = std::accumulate(a.begin(), a.end(), 0.0), sb = std::accumulate(b.begin(), b.end(), 0.0);
    for (auto& v : a) v /= sa;
    for (auto& v : b) v /= sb;
    const RM C = advdiv::cost_matrix(X, X);
    const auto r = advdiv::emd(a, b, C);
    check_certificate(r, a, b, C);
    for (const auto& e : r.plan) {
      CHECK(e.i != 0);
      CHECK(e.j != 7);
    }
  }
  SUBCASE("identical uniform clouds cost 0 with a permutation plan") {
    const Eigen::MatrixXd X = random_points(3, 30, rng);
    const std::vector<double> u(30, 1.0 / 30);
    const auto r = advdiv::emd(u, u, X, X, advdiv::ground_metric::sqeuclidean);
    CHECK(r.cost == 0.0);
    CHECK(r.plan.size() == 30);
  }
  SUBCASE("masses that do not sum to 1 but agree") {
    RM C = random_matrix(4, 4, rng);
    const std::vector<double> a{1, 2, 3, 4}, b{2.5, 2.5, 2.5, 2.5};
    check_certificate(advdiv::emd(a, b, C), a, b, C);
  }
}

TEST_CASE("emd: Eigen (both orders), xtensor and float cost matrices give the same result") {
  advdiv::random_engine rng(2);
  const RM C = random_matrix(20, 25, rng);
  const auto a = random_masses(20, rng), b = random_masses(25, rng);
  const auto ref = advdiv::emd(a, b, C);
  const Eigen::MatrixXd Ccol = C;
  CHECK(advdiv::emd(a, b, Ccol).cost == ref.cost);
  xt::xarray<double> Cx = xt::zeros<double>({20, 25});
  for (std::size_t i = 0; i < 20; ++i)
    for (std::size_t j = 0; j < 25; ++j) Cx(i, j) = C(Eigen::Index(i), Eigen::Index(j));
  CHECK(advdiv::emd(a, b, Cx).cost == ref.cost);
  const Eigen::MatrixXf Cf = C.cast<float>();
  CHECK(advdiv::emd(a, b, Cf).cost == doctest::Approx(ref.cost).epsilon(1e-6));
  const Eigen::VectorXd av = Eigen::Map<const Eigen::VectorXd>(a.data(), 20);
  CHECK(advdiv::emd(av, b, C.transpose().transpose()).cost == ref.cost);
  const RM P = ref.dense_plan();
  CHECK((P.array() * C.array()).sum() == doctest::Approx(ref.cost).epsilon(1e-13));
  CHECK(advdiv::to_string(ref.status) == std::string("converged"));
}

TEST_CASE("emd: iteration limit is a status with a feasible plan") {
  advdiv::random_engine rng(4);
  const Eigen::MatrixXd X = random_points(2, 60, rng), Y = random_points(2, 60, rng);
  const auto a = random_masses(60, rng), b = random_masses(60, rng);
  advdiv::emd_options o;
  o.max_iterations = 3;
  const auto r = advdiv::emd(a, b, X, Y, advdiv::ground_metric::sqeuclidean, o);
  CHECK(r.status == advdiv::solver_status::iteration_limit);
  CHECK(r.iterations == 3);
  std::vector<double> rs(60, 0.0);
  for (const auto& e : r.plan) rs[e.i] += e.mass;
  for (std::size_t i = 0; i < 60; ++i) CHECK(rs[i] == doctest::Approx(a[i]).epsilon(1e-12));
  CHECK(r.cost > advdiv::emd(a, b, X, Y, advdiv::ground_metric::sqeuclidean).cost);
}

TEST_CASE("emd: bad input") {
  const RM C = RM::Ones(2, 2);
  const std::vector<double> a{0.5, 0.5}, e;
  CHECK_THROWS_WITH_AS(advdiv::emd(e, a, C), "advdiv::emd: a is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::emd(a, e, C), "advdiv::emd: b is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::emd(a, std::vector<double>{0.2, 0.3, 0.5}, C),
                       "advdiv::emd: C is 2 x 2 but a and b have 2 and 3 entries",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::emd(std::vector<double>{1.2, -0.2}, a, C),
                       "advdiv::emd: a[1] = -0.2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::emd(a, std::vector<double>{NAN, 1.0}, C),
                       "advdiv::emd: b[0] = nan is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::emd(a, std::vector<double>{0.5, 0.6}, C),
                       "advdiv::emd: a sums to 1 but b sums to 1.1 (relative tolerance 1e-09)",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::emd(std::vector<double>{0, 0}, a, C), "advdiv::emd: a sums to 0",
                       std::domain_error);
  RM Cn = C;
  Cn(1, 0) = -1;
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, Cn), "advdiv::emd: C(1, 0) = -1 is negative",
                       std::domain_error);
  Cn(1, 0) = NAN;
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, Cn), "advdiv::emd: C(1, 0) = nan is not finite",
                       std::domain_error);
  Cn(1, 0) = INFINITY;
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, Cn), "advdiv::emd: C(1, 0) = inf is not finite",
                       std::domain_error);
  advdiv::emd_options o;
  o.mass_tolerance = -1;
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, C, o),
                       "advdiv::emd: mass_tolerance = -1 is not >= 0 (inf disables the check)",
                       std::domain_error);
  o.mass_tolerance = NAN;
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, C, o),
                       "advdiv::emd: mass_tolerance = nan is not >= 0 (inf disables the check)",
                       std::domain_error);
  const RM X = RM::Zero(2, 2), Y = RM::Zero(3, 2);
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, X, Y, advdiv::ground_metric::euclidean),
                       "advdiv::emd: X and Y differ in dimension (2 and 3)",
                       std::invalid_argument);
  // Points are columns: three 2-D points given as a 3 x 2 matrix (rows are points) do not
  // match three masses, and the message says which layout is expected.
  const std::vector<double> a3{0.2, 0.3, 0.5};
  const RM rows_are_points = RM::Zero(3, 2);
  CHECK_THROWS_WITH_AS(
      advdiv::emd(a3, a3, rows_are_points, rows_are_points, advdiv::ground_metric::euclidean),
      "advdiv::emd: a has 3 entries but X has 2 points (X is 3 x 2; points are its columns)",
      std::invalid_argument);
  CHECK(advdiv::emd(a3, a3, rows_are_points.transpose(), rows_are_points.transpose(),
                    advdiv::ground_metric::euclidean)
            .cost == 0.0);
  Eigen::MatrixXd Xn = Eigen::MatrixXd::Zero(2, 2);
  Xn(1, 0) = INFINITY;
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, Xn, Xn, advdiv::ground_metric::euclidean),
                       "advdiv::emd: X(1, 0) = inf is not finite", std::domain_error);
  xt::xarray<double> C3 = xt::zeros<double>({2, 2, 2});
  CHECK_THROWS_WITH_AS(advdiv::emd(a, a, C3), "advdiv::emd: C must be two-dimensional, it has 3 dimensions",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::cost_matrix(RM(0, 2), X), "advdiv::cost_matrix: X is empty",
                       std::invalid_argument);
}

TEST_CASE("cost_matrix: points are the columns of X (d x n)") {
  // Two points of R^2 against three: C is 2 x 3 whatever the storage order.
  Eigen::MatrixXd X(2, 2), Y(2, 3);
  X << 0, 3,
       0, 4;
  Y << 0, 1, 3,
       1, 0, 0;
  const RM C2 = advdiv::cost_matrix(X, Y);
  REQUIRE(C2.rows() == 2);
  REQUIRE(C2.cols() == 3);
  const double sq[2][3] = {{1, 1, 9}, {18, 20, 16}};  // ‖x_i − y_j‖² by hand
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) CHECK(C2(i, j) == sq[i][j]);
  const RM Xr = X, Yr = Y;  // row-major storage of the same d x n matrices
  CHECK(advdiv::cost_matrix(Xr, Yr) == C2);
  CHECK(advdiv::cost_matrix(X, Y, advdiv::ground_metric::euclidean)(1, 0) == doctest::Approx(std::sqrt(18.0)));
  CHECK(advdiv::cost_matrix(X, Y, advdiv::ground_metric::cityblock)(1, 2) == 4.0);
  xt::xarray<double> Xx = {{0.0, 3.0}, {0.0, 4.0}};
  CHECK(advdiv::cost_matrix(Xx, Y) == C2);
  // A NumPy-style n x d matrix is passed transposed.
  const Eigen::Matrix<double, Eigen::Dynamic, 2> rows(X.transpose());
  CHECK(advdiv::cost_matrix(rows.transpose(), Y) == C2);
  CHECK_THROWS_WITH_AS(advdiv::cost_matrix(X, Eigen::MatrixXd::Zero(3, 3)),
                       "advdiv::cost_matrix: X and Y differ in dimension (2 and 3)",
                       std::invalid_argument);
  Eigen::MatrixXd Xn = X;
  Xn(0, 1) = NAN;
  CHECK_THROWS_WITH_AS(advdiv::cost_matrix(Xn, Y), "advdiv::cost_matrix: X(0, 1) = nan is not finite",
                       std::domain_error);
}

// Types whose fixed column count (with dynamic rows) shows that they hold points as rows are
// refused at compile time by every point-taking function; fixed d x n types are accepted.
static_assert(!advdiv::detail::may_hold_points_as_columns<Eigen::Matrix<double, Eigen::Dynamic, 2>>());
static_assert(!advdiv::detail::may_hold_points_as_columns<Eigen::VectorXd>());
static_assert(!advdiv::detail::may_hold_points_as_columns<Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, 3>>>());
static_assert(advdiv::detail::may_hold_points_as_columns<Eigen::Matrix<double, 2, Eigen::Dynamic>>());
static_assert(advdiv::detail::may_hold_points_as_columns<Eigen::MatrixXd>());
static_assert(advdiv::detail::may_hold_points_as_columns<Eigen::RowVectorXd>());  // n points of R^1
static_assert(advdiv::detail::may_hold_points_as_columns<Eigen::Matrix3d>());
static_assert(advdiv::detail::may_hold_points_as_columns<xt::xarray<double>>());

namespace {
// The certificate at the scale of the costs the plan uses (not max C, which is 1e15 here):
// u_i + v_j ≤ C_ij + tol and |u_i + v_j − C_ij| ≤ tol on the support, tol = 1e-12·S.
void check_local_certificate(const advdiv::emd_result& r, const RM& C) {
  double S = 0.0;
  for (const auto& e : r.plan) S = std::max(S, C(Eigen::Index(e.i), Eigen::Index(e.j)));
  const double tol = 1e-12 * std::max(S, 1e-300);
  for (const auto& e : r.plan)
    CHECK(std::abs(r.u[e.i] + r.v[e.j] - C(Eigen::Index(e.i), Eigen::Index(e.j))) <= tol);
  for (Eigen::Index i = 0; i < C.rows(); ++i)
    for (Eigen::Index j = 0; j < C.cols(); ++j)
      CHECK(r.u[std::size_t(i)] + r.v[std::size_t(j)] <= C(i, j) + tol);
}
}  // namespace

TEST_CASE("emd: a big-M cost (one 1e15 entry) is solved to the optimum, not labelled converged when wrong") {
  // Issue 10's reproducer class: 3 x 3, uniform masses, one entry 1e15 among O(1) costs.
  // Brute force over the 6 permutations: 0→2 (0.8), 1→1 (0.2), 2→0 (0.3), cost 1.3/3 = 13/30
  // (before the certificate, emd stopped at 16/30 and reported it converged).
  RM C(3, 3);
  C << 0.9, 0.6, 0.8,
       0.2, 0.2, 0.9,
       0.3, 0.6, 1e15;
  const std::vector<double> u(3, 1.0 / 3);
  const auto r = advdiv::emd(u, u, C);
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(r.cost == doctest::Approx(13.0 / 30.0).epsilon(1e-14));
  check_local_certificate(r, C);
}

TEST_CASE("emd: random big-M problems equal brute force / LP (tests/data/transport/make_reference.py)") {
  // 20 square problems (3 x 3 .. 8 x 8, uniform masses, brute force over permutations) and
  // 10 rectangular ones (random masses, SciPy linprog without the big arc). POT 0.8.2's
  // ot.emd2 is off the optimum on 22 of these 30 (stored as pot_cost).
  const auto cases = load_reference("emd_bigm");
  REQUIRE(cases.size() == 30);
  int pot_wrong = 0;
  for (const auto& c : cases) {
    CAPTURE(c.label);
    const auto n = Eigen::Index(c.scalar("rows")), m = Eigen::Index(c.scalar("cols"));
    const RM C = Eigen::Map<const RM>(c["C"].data(), n, m);
    const auto r = advdiv::emd(c["a"], c["b"], C);
    CHECK(r.status == advdiv::solver_status::converged);
    CHECK(rel_err(r.cost, c.scalar("cost")) <= 1e-12);
    check_local_certificate(r, C);
    pot_wrong += rel_err(c.scalar("pot_cost"), c.scalar("cost")) > 1e-9;
  }
  CHECK(pot_wrong == 22);
}

TEST_CASE("emd: costs spanning many magnitudes keep a verified certificate") {
  // Random costs 10^U(−6, 6) on 30 x 40 problems: the certificate is checked at the scale of
  // the costs on the plan, and the status is converged only with it.
  advdiv::random_engine rng(21);
  auto e = [](advdiv::random_engine& r) { return advdiv::uniform_real(r, -6.0, 6.0); };
  for (int trial = 0; trial < 5; ++trial) {
    RM C(30, 40);
    for (Eigen::Index k = 0; k < C.size(); ++k) C.data()[k] = std::pow(10.0, e(rng));
    const auto a = random_masses(30, rng), b = random_masses(40, rng);
    const auto r = advdiv::emd(a, b, C);
    REQUIRE(r.status == advdiv::solver_status::converged);
    check_local_certificate(r, C);
  }
}

TEST_CASE("emd: the certificate rejects a wrong plan, and the capped re-solve repairs one") {
  const auto all = [](std::size_t n) {
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), std::size_t(0));
    return v;
  };
  SUBCASE("a suboptimal plan with the optimal duals fails complementary slackness") {
    RM C(3, 3);
    C << 0.9, 0.6, 0.8,
         0.2, 0.2, 0.9,
         0.3, 0.6, 1e15;
    const std::vector<double> u(3, 1.0 / 3);
    auto r = advdiv::emd(u, u, C);
    REQUIRE(r.status == advdiv::solver_status::converged);
    CHECK(advdiv::detail::certificate_holds(r, C.data(), u, u));
    // The permutation 0→1, 1→0, 2→2 is feasible (cost ≥ 1e15/3), not optimal.
    r.plan = {{0, 1, 1.0 / 3}, {1, 0, 1.0 / 3}, {2, 2, 1.0 / 3}};
    CHECK_FALSE(advdiv::detail::certificate_holds(r, C.data(), u, u));
    r.plan = {{0, 2, 1.0 / 3}, {1, 1, 1.0 / 3}, {2, 0, 0.3}};  // rows do not sum to a
    CHECK_FALSE(advdiv::detail::certificate_holds(r, C.data(), u, u));
  }
  SUBCASE("costs over 12 decades: the first solve does not certify, the capped one does") {
    // C from 10^U(−6, 6); brute force over the 6 permutations: 0→2, 1→0, 2→1.
    RM C(3, 3);
    C << 0.001064659592670747, 1.0262266489240583e-05, 2.0396270006154724,
         0.00023120118689693231, 13556.579139180143, 7303.8521687412767,
         1.0332079646785587e-06, 0.00025547526940225595, 1054.0690543792448;
    const std::vector<double> u(3, 1.0 / 3);
    double best = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> perm = all(3);
    do {
      best = std::min(best, C(0, Eigen::Index(perm[0])) + C(1, Eigen::Index(perm[1])) + C(2, Eigen::Index(perm[2])));
    } while (std::next_permutation(perm.begin(), perm.end()));
    // The bare simplex: its potentials (~1e3, from zero-flow arcs of cost 1e3..1e4) are too
    // large to certify the plan at the scale of its costs (≤ 2.04).
    advdiv::detail::network_simplex ns(3, 3, C.data(), u.data(), u.data());
    const auto st = ns.solve(1000);
    const auto first = advdiv::detail::extract_result(ns, st, 3, 3, C.data(), u, u, all(3), all(3));
    CHECK_FALSE(advdiv::detail::certificate_holds(first, C.data(), u, u));
    const auto r = advdiv::emd(u, u, C);
    CHECK(r.status == advdiv::solver_status::converged);
    CHECK(r.cost == doctest::Approx(best / 3.0).epsilon(1e-14));
    CHECK(advdiv::detail::certificate_holds(r, C.data(), u, u));
    check_local_certificate(r, C);
  }
}

TEST_CASE("emd: a converged plan of cost 0 has finite duals where the simplex's overflow (T10)") {
  // The fuzzer's case: one source of mass 1e300, targets 3.2e-116, 1e300 and 1.46e192 (Σb − Σa
  // within the mass tolerance), costs 0, 0 and 6.1e169. The cheapest plan within the tolerance
  // costs 0; u = v = 0 certifies it exactly (C ≥ 0, C = 0 on the support).
  const std::vector<double> a{1e300}, b{3.2e-116, 1e300, 1.46e192};
  RM C(1, 3);
  C << 0.0, 0.0, 6.1e169;
  const auto r = advdiv::emd(a, b, C);
  REQUIRE(r.status == advdiv::solver_status::converged);
  for (double u : r.u) CHECK(std::isfinite(u));
  for (double v : r.v) CHECK(std::isfinite(v));
  for (Eigen::Index j = 0; j < 3; ++j) CHECK(C(0, j) - r.u[0] - r.v[std::size_t(j)] >= 0.0);
  for (const auto& e : r.plan) CHECK(C(Eigen::Index(e.i), Eigen::Index(e.j)) - r.u[e.i] - r.v[e.j] == 0.0);
  CHECK(r.cost == 0.0);
}

TEST_CASE("emd: tiny masses and costs from 1e-309 to 3 are optimal to the documented accuracy (T11)") {
  // The fuzzer's case: masses 1e-10/3 and 1e-10/8, costs 1e-309, 1e-100, 1e-15, 0.99 and 3.
  // The exact optimum, 4.1250000000000334e-12, is from exact rational cycle cancelling on the
  // balanced problem (tests/data/transport/t11_reference.py; SciPy's HiGHS gives
  // 4.125000000000035e-12). The plan returned pays 1e-15 where a cycle through two
  // 1e-309 / 1e-100 arcs would pay nothing (4e-27 in all): its potentials, of the size of the
  // largest cost it pays (S = 0.99), cannot resolve 1e-15. Documented accuracy: 2τ·Σa with
  // τ = 64·ε·(n + m + 16)·S, here 7.6e-23.
  const std::vector<double> a(3, 3.3333333333333335e-11), b(8, 1.25e-11);
  const double t = 1.0000000000000019e-309, f = 1.0000000000000001e-15, e = 1e-100, c = 0.98999999999999999;
  RM C(3, 8);
  C << e, f, 3, 3, 3, 3, 3, e,
       f, t, t, e, e, e, e, t,
       t, t, f, f, c, c, c, c;
  const double optimum = 4.1250000000000334e-12;
  const auto r = advdiv::emd(a, b, C);
  REQUIRE(r.status == advdiv::solver_status::converged);
  double S = 0.0, mass = 0.0;
  for (const auto& p : r.plan) {
    S = std::max(S, C(Eigen::Index(p.i), Eigen::Index(p.j)));
    mass += p.mass;
  }
  CHECK(S == c);
  CHECK(mass == doctest::Approx(1e-10).epsilon(1e-14));
  const double tau = 64.0 * std::numeric_limits<double>::epsilon() * double(3 + 8 + 16) * S;
  CHECK(std::abs(r.cost - optimum) <= 2.0 * tau * 1e-10);
  // The plan carries the mass 0.99 must carry (Σb over columns 4-7 minus row 1's mass).
  double expensive = 0.0;
  for (const auto& p : r.plan)
    if (C(Eigen::Index(p.i), Eigen::Index(p.j)) >= 0.5) expensive += p.mass;
  CHECK(expensive == doctest::Approx(4.1666666666666667e-12).epsilon(1e-12));
  check_local_certificate(r, C);
}

TEST_CASE("emd: an 8 x 8 assignment with costs from 1e-200 to 1e308 is optimal to the documented accuracy (T11)") {
  // A second case of T11's class (the harness's Floyd–Warshall read a walk for a cycle): uniform
  // masses 1/8, so an optimal plan is a permutation (Birkhoff); brute force over the 8! in
  // exact rationals gives the optimum 1/8. The plan may pay a few 1e-15 arcs where 0 arcs
  // exist (2.5e-16 in all), within 2τ·Σa with S the largest cost it pays.
  const double B = 1e308, f = 1.0000000000000001e-15;
  RM C(8, 8);
  C << 0, 0, 10, 0, 0, B, B, B,
       B, B, B, 3, 1, 3, 3, 3,
       3, 1e-50, 9.9999999999999998e-201, f, f, f, f, f,
       f, 1e-10, 0, 0, 0, 0, 0, 0,
       0, 0, 0, 0, 0, 0, 0, 0,
       0, 0, 0, 0, 0, 0, 0, 0,
       0, 0, 0, 0, 0, 0, 0, 0,
       0, 0, 0, 0, 0, 0, 0, 0;
  const std::vector<double> u(8, 0.125);
  const auto r = advdiv::emd(u, u, C);
  REQUIRE(r.status == advdiv::solver_status::converged);
  double S = 0.0;
  for (const auto& p : r.plan) S = std::max(S, C(Eigen::Index(p.i), Eigen::Index(p.j)));
  CHECK(S < B);
  const double tau = 64.0 * std::numeric_limits<double>::epsilon() * double(8 + 8 + 16) * S;
  CHECK(std::abs(r.cost - 0.125) <= 2.0 * tau * 1.0);
  check_local_certificate(r, C);
}
