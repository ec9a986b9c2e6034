#pragma once
/// \file
/// Ground costs for discrete optimal transport: the ground metric and the cost matrix between
/// two point clouds (d × n, one column per point).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/status.hpp>  // solver_status, for the solvers that include only this header
#include <advdiv/transport/detail/input.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>

namespace advdiv {

/// Ground metric d(x, y) between points of R^d used to build a cost matrix.
enum class ground_metric {
  sqeuclidean,  ///< ‖x − y‖₂² (POT's default for ot.dist)
  euclidean,    ///< ‖x − y‖₂
  cityblock,    ///< ‖x − y‖₁
};

/// A dense row-major matrix of doubles (cost matrices and dense transport plans).
using dense_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace detail {

/// C_ij = metric(x_i, y_j) between two checked clouds of the same dimension.
inline dense_matrix cost_matrix_of(const point_cloud& xs, const point_cloud& ys, ground_metric metric) {
  const std::size_t n = xs.count, m = ys.count, d = xs.dim;
  dense_matrix C(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  for (std::size_t i = 0; i < n; ++i) {
    const double* xi = xs.point(i);
    double* out = C.data() + i * m;
    for (std::size_t j = 0; j < m; ++j) {
      const double* yj = ys.point(j);
      double s = 0.0;
      if (metric == ground_metric::cityblock) {
        for (std::size_t k = 0; k < d; ++k) s += std::abs(xi[k] - yj[k]);
      } else {
        for (std::size_t k = 0; k < d; ++k) s += (xi[k] - yj[k]) * (xi[k] - yj[k]);
        if (metric == ground_metric::euclidean) s = std::sqrt(s);
      }
      out[j] = s;
    }
  }
  return C;
}

}  // namespace detail

/// Cost matrix C_ij = d(x_i, y_j) between the points of two clouds: the points are the
/// columns of X (d × n) and of Y (d × m), so C is n × m. A NumPy-style matrix with one row
/// per point is passed as `X.transpose()`; an Eigen type whose fixed column count shows that
/// it holds points as rows (e.g. `Eigen::Matrix<double, Eigen::Dynamic, 2>`) does not compile.
///
/// \param X first cloud, d × n (Eigen matrix or expression of either storage order, or 2-D
///          xtensor, float or double).
/// \param Y second cloud, d × m.
/// \param metric ground metric (default squared Euclidean).
/// \param function the name that starts error messages.
/// \throws std::invalid_argument X or Y without rows or columns (`X is empty`), or X and Y
///         differ in dimension (`X and Y differ in dimension (2 and 3)`).
/// \throws std::domain_error a NaN or infinite coordinate (`X(1, 4) = nan is not finite`).
/// Complexity: O(n·m·d).
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(2, 100), Y = Eigen::MatrixXd::Random(2, 80);
/// advdiv::dense_matrix C = advdiv::cost_matrix(X, Y, advdiv::ground_metric::euclidean);  // 100 x 80
/// \endcode
template <matrix_like MX, matrix_like MY>
dense_matrix cost_matrix(const MX& X, const MY& Y, ground_metric metric = ground_metric::sqeuclidean,
                         const char* function = "advdiv::cost_matrix") {
  const detail::point_cloud xs = detail::read_points(X, function, "X");
  const detail::point_cloud ys = detail::read_points(Y, function, "Y");
  check_same_dimension(function, "X", xs.dim, "Y", ys.dim);
  return detail::cost_matrix_of(xs, ys, metric);
}

}  // namespace advdiv
