#pragma once
/// \file
/// Sliced Wasserstein distance between samples in R^d: the 1-D Wasserstein distance of
/// the projected samples, averaged over directions.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace advdiv {

namespace detail {

/// Copies the rows of a point matrix into row-major doubles, checking them.
template <matrix_like M>
std::vector<double> read_points(const M& X, const char* function, const char* name,
                                std::size_t& rows, std::size_t& cols) {
  row_reader<M> reader(X, function, name);
  rows = reader.rows();
  cols = reader.cols();
  if (rows == 0 || cols == 0) throw_invalid_argument(function, std::string(name) + " is empty");
  std::vector<double> out(rows * cols);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto r = reader.row(i);
    for (std::size_t k = 0; k < cols; ++k) {
      const double v = static_cast<double>(r[k]);
      if (!std::isfinite(v))
        throw_domain_error(function, matrix_element_text(name, i, k, v) + " is not finite");
      out[i * cols + k] = v;
    }
  }
  return out;
}

/// SW_p^p averaged over the given unit directions (row-major L × d).
inline double sliced_wpp(const std::vector<double>& X, std::size_t n, const std::vector<double>& Y,
                         std::size_t m, std::size_t d, const std::vector<double>& dirs,
                         std::size_t L, double p) {
  std::vector<double> px(n), py(m);
  compensated_sum<double> acc;
  for (std::size_t l = 0; l < L; ++l) {
    const double* th = dirs.data() + l * d;
    for (std::size_t i = 0; i < n; ++i) {
      double s = 0.0;
      for (std::size_t k = 0; k < d; ++k) s += X[i * d + k] * th[k];
      px[i] = s;
    }
    for (std::size_t j = 0; j < m; ++j) {
      double s = 0.0;
      for (std::size_t k = 0; k < d; ++k) s += Y[j * d + k] * th[k];
      py[j] = s;
    }
    sort_values(px);
    sort_values(py);
    acc += wpp_sorted_uniform(px, py, p);
  }
  return acc.value() / double(L);
}

}  // namespace detail

/// Sliced p-Wasserstein distance between the empirical distributions of the rows of X
/// (n × d) and of Y (m × d), with random directions:
/// \f[ SW_p(X, Y) = \Big(\frac1L \sum_{l=1}^{L} W_p^p(X\theta_l,\, Y\theta_l)\Big)^{1/p}, \f]
/// θ_l uniform on the unit sphere (normalised standard normal vectors from std::mt19937_64
/// seeded with `seed`, so a seed gives the same directions on every run with the same
/// standard library). This is POT's `sliced_wasserstein_distance` convention. Returns the
/// p-th root. SW_p ≤ W_p.
///
/// \throws std::invalid_argument X or Y empty, different dimensions, n_projections = 0.
/// \throws std::domain_error a NaN or infinite coordinate, p not finite and ≥ 1.
/// Complexity: O(L·((n + m)·d + (n + m) log(n + m))).
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(500, 3), Y = Eigen::MatrixXd::Random(400, 3);
/// double sw = advdiv::sliced_wasserstein(X, Y, 100, 2.0, 42);
/// \endcode
template <matrix_like MX, matrix_like MY>
double sliced_wasserstein(const MX& X, const MY& Y, std::size_t n_projections = 50, double p = 2.0,
                          std::uint64_t seed = 0) {
  constexpr const char* fn = "advdiv::sliced_wasserstein";
  std::size_t n, d, m, dy;
  const std::vector<double> xs = detail::read_points(X, fn, "X", n, d);
  const std::vector<double> ys = detail::read_points(Y, fn, "Y", m, dy);
  if (d != dy)
    detail::throw_invalid_argument(fn, "X and Y differ in dimension (" + std::to_string(d) +
                                           " and " + std::to_string(dy) + " columns)");
  if (n_projections == 0) detail::throw_invalid_argument(fn, "n_projections is 0");
  detail::check_order_p(fn, p);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> dirs(n_projections * d);
  for (std::size_t l = 0; l < n_projections; ++l) {
    double norm2 = 0.0;
    do {
      norm2 = 0.0;
      for (std::size_t k = 0; k < d; ++k) {
        dirs[l * d + k] = normal(rng);
        norm2 += dirs[l * d + k] * dirs[l * d + k];
      }
    } while (!(norm2 > 0.0));
    const double inv = 1.0 / std::sqrt(norm2);
    for (std::size_t k = 0; k < d; ++k) dirs[l * d + k] *= inv;
  }
  return detail::finish_wasserstein(detail::sliced_wpp(xs, n, ys, m, d, dirs, n_projections, p), p);
}

/// Sliced p-Wasserstein distance over given directions: the rows of `directions` (L × d)
/// are used as they are (not normalised), as POT does with its `projections` argument
/// (which holds them as columns). Same conventions, errors and complexity as above; also
/// std::invalid_argument when the directions are not d-dimensional.
/// \code
/// Eigen::MatrixXd dirs(2, 2);
/// dirs << 1, 0,
///         0, 1;
/// double sw = advdiv::sliced_wasserstein(X, Y, dirs, 2.0);  // axis-aligned slices
/// \endcode
template <matrix_like MX, matrix_like MY, matrix_like MD>
double sliced_wasserstein(const MX& X, const MY& Y, const MD& directions, double p = 2.0) {
  constexpr const char* fn = "advdiv::sliced_wasserstein";
  std::size_t n, d, m, dy, L, dd;
  const std::vector<double> xs = detail::read_points(X, fn, "X", n, d);
  const std::vector<double> ys = detail::read_points(Y, fn, "Y", m, dy);
  const std::vector<double> dirs = detail::read_points(directions, fn, "directions", L, dd);
  if (d != dy)
    detail::throw_invalid_argument(fn, "X and Y differ in dimension (" + std::to_string(d) +
                                           " and " + std::to_string(dy) + " columns)");
  if (dd != d)
    detail::throw_invalid_argument(fn, "directions have " + std::to_string(dd) +
                                           " columns but the points have " + std::to_string(d));
  detail::check_order_p(fn, p);
  return detail::finish_wasserstein(detail::sliced_wpp(xs, n, ys, m, d, dirs, L, p), p);
}

}  // namespace advdiv
