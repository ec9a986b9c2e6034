#pragma once
/// \file
/// Internal: reading point clouds. Points are the columns of a d × n matrix (Eigen or a 2-D
/// xtensor) everywhere in the library; a 1-D sample may also be any vector-like range (read as
/// 1 × n), and a sample of d-dimensional points may be a std::vector of std::array<T, d>.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>

#include <array>
#include <ranges>
#include <tuple>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace advdiv::detail {

/// False for a type that can only hold points as rows: an Eigen type whose column count is
/// fixed at compile time while its row count is not (e.g. `Eigen::Matrix<double,
/// Eigen::Dynamic, 2>` or `Eigen::VectorXd`). Point clouds are d × n, one column per point, so
/// such a type is the n × d layout of a transposed call. Every other type may hold d × n
/// points (whether it does is checked against the masses at run time where it can be).
template <class M>
constexpr bool may_hold_points_as_columns() noexcept {
  if constexpr (requires { bare_t<M>::RowsAtCompileTime; bare_t<M>::ColsAtCompileTime; })
    return !(int(bare_t<M>::RowsAtCompileTime) < 0 && int(bare_t<M>::ColsAtCompileTime) >= 0);
  else
    return true;
}

/// Fails to compile for a point-cloud type that reveals the rows-are-points layout.
template <class M>
constexpr void static_check_points_layout() noexcept {
  static_assert(may_hold_points_as_columns<M>(),
                "advdiv: points are the columns of a d x n matrix (one column per point); this "
                "Eigen type fixes the number of columns and leaves the rows dynamic, i.e. it holds "
                "points as rows (n x d): pass X.transpose() or a d x n matrix");
}

/// A point cloud copied into doubles, each point contiguous: coordinate k of point i is
/// data[i·dim + k] (the column-major storage of the d × n matrix).
struct point_cloud {
  std::vector<double> data;
  std::size_t dim = 0;    ///< d, the rows of the matrix
  std::size_t count = 0;  ///< n, the columns of the matrix (points)
  double max_abs = 0.0;   ///< the largest |coordinate|
  const double* point(std::size_t i) const noexcept { return data.data() + i * dim; }
};

/// Reads the points of X (d × n, one column per point) into doubles, checking that X has at
/// least one row and one column (std::invalid_argument `function: X is empty`) and finite
/// entries (std::domain_error `function: X(k, i) = nan is not finite`).
template <matrix_like M>
point_cloud read_points(const M& X, const char* function, const char* name) {
  static_check_points_layout<M>();
  point_cloud pc;
  if constexpr (eigen_matrix_like<M>) {
    pc.dim = static_cast<std::size_t>(X.rows());
    pc.count = static_cast<std::size_t>(X.cols());
  } else {
    if (X.dimension() != 2)
      throw_invalid_argument(function, std::string(name) + " must be two-dimensional, it has " +
                                           std::to_string(X.dimension()) + " dimensions");
    pc.dim = static_cast<std::size_t>(X.shape()[0]);
    pc.count = static_cast<std::size_t>(X.shape()[1]);
  }
  check_nonempty(function, name, pc.dim * pc.count);
  pc.data.resize(pc.dim * pc.count);
  for (std::size_t i = 0; i < pc.count; ++i)
    for (std::size_t k = 0; k < pc.dim; ++k) {
      double v;
      if constexpr (eigen_matrix_like<M>)
        v = static_cast<double>(X.coeff(static_cast<std::ptrdiff_t>(k), static_cast<std::ptrdiff_t>(i)));
      else
        v = static_cast<double>(X(k, i));
      if (const char* problem = finite_problem(v); *problem)
        throw_value_error(function, element_name(name, k, i), v, problem);
      pc.data[i * pc.dim + k] = v;
      pc.max_abs = std::abs(v) > pc.max_abs ? std::abs(v) : pc.max_abs;
    }
  return pc;
}

/// A std::vector (or other sized range) of std::array<T, d> points with floating T.
template <class R>
concept array_point_range = requires(const bare_t<R>& r) {
  std::ranges::size(r);
  requires std::floating_point<typename bare_t<decltype(*std::ranges::begin(r))>::value_type>;
  std::tuple_size<bare_t<decltype(*std::ranges::begin(r))>>::value;
};

/// Reads a sample of points: a d × n matrix (Eigen, or a 2-D xtensor), a 1-D sample as any
/// vector-like range (std::vector, Eigen vector, 1-D xtensor; read as 1 × n), or a range of
/// std::array<T, d> points. Checks as read_points: `function: X is empty`,
/// `function: X[i] = nan is not finite` (1-D), `function: X(k, i) = inf is not finite`
/// (coordinate k of point i).
template <class S>
point_cloud read_sample(const S& X, const char* function, const char* name) {
  auto one_dimensional = [&](const auto& x) {
    const auto v = view_vector(x, function, name);
    check_nonempty(function, name, v.span());
    check_finite(function, name, v.span());
    point_cloud pc;
    pc.dim = 1;
    pc.count = v.size();
    pc.data.assign(v.span().begin(), v.span().end());
    for (double d : pc.data) pc.max_abs = std::abs(d) > pc.max_abs ? std::abs(d) : pc.max_abs;
    return pc;
  };
  if constexpr (contiguous_floating_range<S> || eigen_vector_like<S>) {
    return one_dimensional(X);
  } else if constexpr (xtensor_like<S>) {
    if (X.dimension() == 1) return one_dimensional(X);
    return read_points(X, function, name);
  } else if constexpr (eigen_matrix_like<S>) {
    return read_points(X, function, name);
  } else {
    static_assert(array_point_range<S>,
                  "advdiv: a sample is a d x n matrix (one column per point), a 1-D range of "
                  "values, or a range of std::array<T, d> points");
    using P = bare_t<decltype(*std::ranges::begin(X))>;
    point_cloud pc;
    pc.dim = std::tuple_size<P>::value;
    pc.count = static_cast<std::size_t>(std::ranges::size(X));
    check_nonempty(function, name, pc.dim * pc.count);
    pc.data.reserve(pc.dim * pc.count);
    std::size_t i = 0;
    for (const auto& p : X) {
      for (std::size_t k = 0; k < pc.dim; ++k) {
        const double v = static_cast<double>(p[k]);
        if (const char* problem = finite_problem(v); *problem)
          throw_value_error(function, element_name(name, k, i), v, problem);
        pc.data.push_back(v);
        pc.max_abs = std::abs(v) > pc.max_abs ? std::abs(v) : pc.max_abs;
      }
      ++i;
    }
    return pc;
  }
}

}  // namespace advdiv::detail
