#include <advdiv/core/checks.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

TEST_CASE("checks: one message format naming function, argument, index and value") {
  const std::vector<double> bad{0.5, -0.2, 0.7};
  CHECK_THROWS_WITH_AS(advdiv::check_probability<double>("advdiv::f", "p", bad),
                       "advdiv::f: p[1] = -0.2 is negative", std::domain_error);
  const std::vector<double> nan{0.5, std::nan(""), 0.5};
  CHECK_THROWS_WITH_AS(advdiv::check_probability<double>("advdiv::f", "q", nan),
                       "advdiv::f: q[1] = nan is not finite", std::domain_error);
  const std::vector<double> infs{inf};
  CHECK_THROWS_WITH_AS(advdiv::check_probability<double>("advdiv::f", "q", infs),
                       "advdiv::f: q[0] = inf is not finite", std::domain_error);
  const std::vector<double> off{0.5, 0.6};
  CHECK_THROWS_WITH_AS(advdiv::check_probability<double>("advdiv::f", "p", off),
                       "advdiv::f: p sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_probability<double>("advdiv::f", "p", std::span<const double>{}),
                       "advdiv::f: p is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::check_same_size("advdiv::f", "p", 2, "q", 3),
                       "advdiv::f: p and q differ in length (2 and 3)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::check_parameter("advdiv::f", "alpha", 1.0, false, "is 1"),
                       "advdiv::f: alpha = 1 is 1", std::domain_error);
  // The non-throwing twin.
  CHECK(advdiv::is_probability<double>(std::vector<double>{0.25, 0.75}));
  CHECK_FALSE(advdiv::is_probability<double>(bad));
  CHECK_FALSE(advdiv::is_probability<double>(off));
  CHECK(advdiv::is_probability<double>(off, 0.2));
  // Float vectors get the looser documented tolerance.
  const std::vector<float> f{0.3f, 0.7005f};
  CHECK(advdiv::is_probability<float>(f));
  CHECK_FALSE(advdiv::is_probability<double>(std::vector<double>{0.3, 0.7005}));
}

TEST_CASE("named scalar predicates: fixed wording, is_* twins") {
  CHECK_THROWS_WITH_AS(advdiv::check_finite("advdiv::f", "x", inf), "advdiv::f: x = inf is not finite",
                       std::domain_error);
  CHECK_NOTHROW(advdiv::check_finite("advdiv::f", "x", -1e308));
  CHECK_THROWS_WITH_AS(advdiv::check_positive_finite("advdiv::f", "epsilon", 0.0),
                       "advdiv::f: epsilon = 0 is not positive and finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_positive_finite("advdiv::f", "epsilon", std::nan("")),
                       "advdiv::f: epsilon = nan is not positive and finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_nonnegative_finite("advdiv::f", "sigma", -1.5),
                       "advdiv::f: sigma = -1.5 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_in_interval("advdiv::f", "beta", 1.0, 0.0, 1.0, advdiv::bounds::right_open),
                       "advdiv::f: beta = 1 is not in [0, 1)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_in_interval("advdiv::f", "u", std::nan(""), 0.0, 1.0),
                       "advdiv::f: u = nan is not in [0, 1]", std::domain_error);
  CHECK_NOTHROW(advdiv::check_in_interval("advdiv::f", "u", 1.0, 0.0, 1.0));
  CHECK_THROWS_WITH_AS(advdiv::check_in_interval("advdiv::f", "r", 2.0, 1.0, 2.0, advdiv::bounds::open),
                       "advdiv::f: r = 2 is not in (1, 2)", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_finite_at_least("advdiv::f", "p", 0.5, 1.0),
                       "advdiv::f: p = 0.5 is not finite and >= 1", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_sum_tolerance("advdiv::f", "sum_tolerance", std::nan("")),
                       "advdiv::f: sum_tolerance = nan is not >= 0 (inf disables the check)",
                       std::domain_error);
  CHECK_NOTHROW(advdiv::check_sum_tolerance("advdiv::f", "sum_tolerance", inf));
  CHECK(advdiv::is_finite(1.0));
  CHECK_FALSE(advdiv::is_finite(-inf));
  CHECK(advdiv::is_positive_finite(1e-320));  // subnormals are positive
  CHECK_FALSE(advdiv::is_positive_finite(-0.0));
  CHECK(advdiv::is_nonnegative_finite(-0.0));
  CHECK(advdiv::is_in_interval(0.0, 0.0, 1.0, advdiv::bounds::right_open));
  CHECK_FALSE(advdiv::is_in_interval(0.0, 0.0, 1.0, advdiv::bounds::left_open));
  CHECK(advdiv::is_finite_at_least(1.0, 1.0));
}

TEST_CASE("vector and matrix elements are named by one formatter") {
  const std::vector<double> x{1.0, std::nan(""), 3.0};
  CHECK_THROWS_WITH_AS(advdiv::check_finite<double>("advdiv::f", "x", x), "advdiv::f: x[1] = nan is not finite",
                       std::domain_error);
  const std::vector<double> w{1.0, 0.0, -0.0, -2.0};
  CHECK_THROWS_WITH_AS(advdiv::check_positive_finite<double>("advdiv::f", "w", w),
                       "advdiv::f: w[1] = 0 is not positive and finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::check_nonnegative_finite<double>("advdiv::f", "w", w),
                       "advdiv::f: w[3] = -2 is negative", std::domain_error);
  CHECK(advdiv::is_finite<double>(std::vector<double>{1.0, 2.0}));
  CHECK_FALSE(advdiv::is_nonnegative_finite<double>(w));
  Eigen::MatrixXd X(2, 3);
  X << 1, 2, 3, 4, 5, inf;
  CHECK_THROWS_WITH_AS(advdiv::check_finite_matrix("advdiv::f", "X", X), "advdiv::f: X(1, 2) = inf is not finite",
                       std::domain_error);
  CHECK_FALSE(advdiv::is_finite_matrix(X));
  const double rm[] = {1, 2, 3, std::nan("")};
  CHECK_THROWS_WITH_AS(advdiv::check_finite_matrix("advdiv::f", "C", rm, 2, 2), "advdiv::f: C(1, 1) = nan is not finite",
                       std::domain_error);
  CHECK(advdiv::detail::element_name("p", 2, 3) == "p(2, 3)");
}

TEST_CASE("shape checks") {
  CHECK_THROWS_WITH_AS(advdiv::check_nonempty("advdiv::f", "X", 0), "advdiv::f: X is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::check_same_dimension("advdiv::f", "X", 2, "Y", 3),
                       "advdiv::f: X and Y differ in dimension (2 and 3)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::check_same_shape("advdiv::f", "p", 2, 3, "q", 3, 2),
                       "advdiv::f: p and q differ in shape (2 x 3 and 3 x 2)", std::invalid_argument);
  CHECK_NOTHROW(advdiv::check_same_shape("advdiv::f", "p", 2, 3, "q", 2, 3));
}
