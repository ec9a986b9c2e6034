// estimate::wasserstein: the closed form between 1-D normals, the transport layer's own
// results, POT's ot.emd2 on a small 2-D case (tests/estimate/make_reference_estimators.py),
// the EMD status passed through, and bad input.
#include <advdiv/core/random.hpp>
#include <advdiv/estimate/transport.hpp>
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace est = advdiv::estimate;

TEST_CASE("wasserstein estimator: W2 between 1-D normal samples tends to the closed form") {
  // W2(N(0, 1), N(1, 2²)) = √((0 − 1)² + (1 − 2)²) = √2.
  advdiv::random_engine rng(3);
  std::vector<double> x(40000), y(40000);
  for (double& v : x) v = advdiv::standard_normal(rng);
  for (double& v : y) v = 1 + 2 * advdiv::standard_normal(rng);
  const auto r = est::wasserstein(x, y, {.p = 2});
  CHECK(r.value == doctest::Approx(std::sqrt(2.0)).epsilon(0.02));
  CHECK(r.n == 40000);
  CHECK(r.m == 40000);
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(!r.std_error.has_value());
  // W1 of a translation is the shift.
  CHECK(est::wasserstein(x, y, {.p = 1}).value == advdiv::wasserstein_1d(x, y, 1.0));
  CHECK(est::wasserstein(x, y, {.p = 2}).value == advdiv::wasserstein_1d(x, y, 2.0));
}

TEST_CASE("wasserstein estimator: 2-D samples through emd, as POT") {
  Eigen::Matrix<double, 2, Eigen::Dynamic> A(2, 5), B(2, 4);
  A << 0, 1, 0, 3, 2,
       0, 0, 2, 1, 2;
  B << 1, 2, 4, 0,
       1, 0, 3, 1;
  // ot.emd2 with ot.dist(..., 'euclidean') / 'sqeuclidean' / euclidean³.
  CHECK(est::wasserstein(A, B, {.p = 1}).value == doctest::Approx(1.433281063086876).epsilon(1e-13));
  CHECK(est::wasserstein(A, B, {.p = 2}).value == doctest::Approx(1.5165750888103102).epsilon(1e-13));
  CHECK(est::wasserstein(A, B, {.p = 3}).value == doctest::Approx(1.5996891465501653).epsilon(1e-13));
  // The same as the transport layer's emd on the points.
  const std::vector<double> a(5, 0.2), b(4, 0.25);
  CHECK(est::wasserstein(A, B, {.p = 2}).value ==
        doctest::Approx(std::sqrt(advdiv::emd(a, b, A, B, advdiv::ground_metric::sqeuclidean).cost)).epsilon(1e-15));
  const std::vector<std::array<double, 2>> pts{{0, 0}, {1, 0}, {0, 2}, {3, 1}, {2, 2}};
  CHECK(est::wasserstein(pts, B).value == est::wasserstein(A, B).value);
}

TEST_CASE("wasserstein estimator: the EMD status is passed through") {
  advdiv::random_engine rng(1);
  Eigen::MatrixXd X(2, 40), Y(2, 40);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::standard_normal(rng);
  for (Eigen::Index i = 0; i < Y.size(); ++i) Y.data()[i] = 1 + advdiv::standard_normal(rng);
  const auto r = est::wasserstein(X, Y, {.p = 2, .emd = {.max_iterations = 3}});
  CHECK(r.status == advdiv::solver_status::iteration_limit);
  CHECK(r.message == "emd ended with status iteration_limit after 3 pivots (the plan is feasible, its cost not "
                     "certified optimal)");
  CHECK(std::isfinite(r.value));
  CHECK(r.value >= est::wasserstein(X, Y, {.p = 2}).value);
}

TEST_CASE("wasserstein estimator: bad input") {
  const std::vector<double> x{0.0, 1.0}, e, bad{1.0, std::numeric_limits<double>::quiet_NaN()};
  const std::string fn = "advdiv::estimate::wasserstein: ";
  CHECK_THROWS_WITH_AS(est::wasserstein(e, x), (fn + "X is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::wasserstein(x, e), (fn + "Y is empty").c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::wasserstein(x, bad), (fn + "Y[1] = nan is not finite").c_str(), std::domain_error);
  const Eigen::MatrixXd X3 = Eigen::MatrixXd::Zero(3, 2);
  CHECK_THROWS_WITH_AS(est::wasserstein(x, X3), (fn + "X and Y differ in dimension (1 and 3)").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(est::wasserstein(x, x, {.p = 0.5}), (fn + "p = 0.5 is not finite and >= 1").c_str(),
                       std::domain_error);
  CHECK_THROWS_WITH_AS(est::wasserstein(x, x, {.p = std::numeric_limits<double>::infinity()}),
                       (fn + "p = inf is not finite and >= 1").c_str(), std::domain_error);
}
