#pragma once
/// \file
/// Sliced Wasserstein distance between samples in R^d (d × n, one column per point): the
/// 1-D Wasserstein distance of the projected samples, averaged over directions.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/core/sort.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/transport/detail/input.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>
#include <advdiv/transport/wasserstein_term.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace advdiv {

namespace detail {

/// The power of two 2^k by which a cloud (or a set of directions) of dimension d and largest
/// |entry| s is multiplied before projecting, so that no projection Σ_k θ_k x_k overflows
/// (d·s > 2^500) or loses bits to subnormal products (s < 2^-500): k = −ilogb(s), which maps
/// s into [1, 2). Otherwise k = 0: scaling by a power of two is exact, but in the middle of
/// the range it is not needed, and it would flush coordinates 2^-1022 below the largest.
inline int projection_exponent(double s, std::size_t d) {
  if (!(s > 0.0)) return 0;
  if (s > 0x1p+500 / double(d) || s < 0x1p-500) return -std::ilogb(s);
  return 0;
}

/// Multiplies every entry by 2^k.
inline void scale_by_power_of_two(std::vector<double>& v, int k) {
  if (k != 0)
    for (auto& x : v) x = std::ldexp(x, k);
}

/// SW_p over the given directions (d × L, each direction contiguous), for clouds and
/// directions already scaled by 2^kx and 2^kd: each slice gives a scaled W_p^p
/// ((s_l/unit_l)^p · sum_l); with S = max_l s_l/unit_l,
/// SW_p = 2^{−kx−kd} · S · (mean_l (s_l/(unit_l·S))^p · sum_l)^{1/p}, which neither overflows
/// nor underflows.
inline double sliced_from_directions(const point_cloud& X, const point_cloud& Y,
                                     const std::vector<double>& dirs, std::size_t L, double p,
                                     int exponent) {
  const std::size_t n = X.count, m = Y.count, d = X.dim;
  std::vector<double> px(n), py(m);
  std::vector<scaled_wpp> slices(L);
  for (std::size_t l = 0; l < L; ++l) {
    const double* th = dirs.data() + l * d;
    for (std::size_t i = 0; i < n; ++i) {
      const double* x = X.point(i);
      double s = 0.0;
      for (std::size_t k = 0; k < d; ++k) s += x[k] * th[k];
      px[i] = s;
    }
    for (std::size_t j = 0; j < m; ++j) {
      const double* y = Y.point(j);
      double s = 0.0;
      for (std::size_t k = 0; k < d; ++k) s += y[k] * th[k];
      py[j] = s;
    }
    sort_values(px);
    sort_values(py);
    slices[l] = wpp_sorted_uniform(px, py, p);
  }
  // Slices with all gaps 0 (sum 0) carry no scale.
  double top = 0.0;
  for (const auto& s : slices)
    if (s.sum > 0.0) top = std::max(top, s.scaling.scale / s.scaling.unit);
  if (!(top > 0.0)) return 0.0;
  compensated_sum<double> mean;
  for (const auto& s : slices) {
    if (!(s.sum > 0.0)) continue;
    const double r = (s.scaling.scale / s.scaling.unit) / top;  // in (0, 1]
    mean += wasserstein_term<double>{p}(s.sum, r, 0.0);         // sum_l · r^p
  }
  const double sw = wasserstein_root<double>{p, wasserstein_scaling<double>::from_max_gap(top)}(
      mean.value() / double(L));
  return std::ldexp(sw, -exponent);
}

/// Reads the two clouds, checks their dimensions and scales them for projection; returns the
/// exponent k of the scale 2^k.
inline int prepare_clouds(const char* function, point_cloud& X, point_cloud& Y) {
  check_same_dimension(function, "X", X.dim, "Y", Y.dim);
  const int k = projection_exponent(std::max(X.max_abs, Y.max_abs), X.dim);
  scale_by_power_of_two(X.data, k);
  scale_by_power_of_two(Y.data, k);
  return k;
}

}  // namespace detail

/// Sliced p-Wasserstein distance between the empirical distributions of two samples in R^d:
/// points are the columns of X (d × n) and of Y (d × m). With L random directions,
/// \f[ SW_p(X, Y) = \Big(\frac1L \sum_{l=1}^{L} W_p^p(\theta_l^\top X,\, \theta_l^\top Y)\Big)^{1/p}, \f]
/// θ_l uniform on the unit sphere: d draws of advdiv::standard_normal from
/// advdiv::random_engine(seed), normalised (a zero vector is drawn again). The engine and the
/// normal draws are the library's own (core/random.hpp), so a seed gives the same directions
/// and the same result with every compiler and standard library. This is POT's
/// `sliced_wasserstein_distance` convention (with other random directions). Returns the p-th
/// root. SW_p ≤ W_p. No finite input overflows: clouds whose coordinates could make a
/// projection overflow are scaled by a power of two first, and each slice's W_p^p is kept in
/// the scaled form of wasserstein_1d.
///
/// \param X first cloud, d × n (Eigen or 2-D xtensor, float or double).
/// \param Y second cloud, d × m.
/// \param n_projections L ≥ 1.
/// \param p order, finite and ≥ 1.
/// \param seed seed of the advdiv::random_engine that draws the directions.
/// \throws std::invalid_argument X or Y empty, different dimensions, n_projections = 0.
/// \throws std::domain_error a NaN or infinite coordinate, p not finite and ≥ 1.
/// Complexity: O(L·((n + m)·d + (n + m) log(n + m))).
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(3, 500), Y = Eigen::MatrixXd::Random(3, 400);
/// double sw = advdiv::sliced_wasserstein(X, Y, 100, 2.0, 42);
/// \endcode
template <matrix_like MX, matrix_like MY>
double sliced_wasserstein(const MX& X, const MY& Y, std::size_t n_projections = 50, double p = 2.0,
                          std::uint64_t seed = 0) {
  constexpr const char* fn = "advdiv::sliced_wasserstein";
  detail::point_cloud xs = detail::read_points(X, fn, "X");
  detail::point_cloud ys = detail::read_points(Y, fn, "Y");
  const int k = detail::prepare_clouds(fn, xs, ys);
  if (n_projections == 0) detail::throw_invalid_argument(fn, "n_projections is 0");
  detail::check_order_p(fn, p);
  const std::size_t d = xs.dim;
  random_engine rng(seed);
  std::vector<double> dirs(n_projections * d);
  for (std::size_t l = 0; l < n_projections; ++l) {
    double* th = dirs.data() + l * d;
    double norm2 = 0.0;
    while (!(norm2 > 0.0)) {
      norm2 = 0.0;
      for (std::size_t c = 0; c < d; ++c) {
        th[c] = standard_normal(rng);
        norm2 += th[c] * th[c];
      }
    }
    const double inv = 1.0 / std::sqrt(norm2);
    for (std::size_t c = 0; c < d; ++c) th[c] *= inv;
  }
  return detail::sliced_from_directions(xs, ys, dirs, n_projections, p, k);
}

/// Sliced p-Wasserstein distance over given directions: the columns of `directions`
/// (d × L) are used as they are (not normalised), as POT does with its `projections`
/// argument (also d × L); points are the columns of X (d × n) and of Y (d × m). Same
/// conventions, errors and complexity as above; also std::invalid_argument when the
/// directions are not d-dimensional.
/// \code
/// Eigen::MatrixXd dirs = Eigen::MatrixXd::Identity(3, 3);
/// double sw = advdiv::sliced_wasserstein(X, Y, dirs, 2.0);  // axis-aligned slices
/// \endcode
template <matrix_like MX, matrix_like MY, matrix_like MD>
double sliced_wasserstein(const MX& X, const MY& Y, const MD& directions, double p = 2.0) {
  constexpr const char* fn = "advdiv::sliced_wasserstein";
  detail::point_cloud xs = detail::read_points(X, fn, "X");
  detail::point_cloud ys = detail::read_points(Y, fn, "Y");
  detail::point_cloud ds = detail::read_points(directions, fn, "directions");
  const int k = detail::prepare_clouds(fn, xs, ys);
  check_same_dimension(fn, "directions", ds.dim, "X", xs.dim);
  detail::check_order_p(fn, p);
  const int kd = detail::projection_exponent(ds.max_abs, ds.dim);
  detail::scale_by_power_of_two(ds.data, kd);
  return detail::sliced_from_directions(xs, ys, ds.data, ds.count, p, k + kd);
}

}  // namespace advdiv
