#pragma once
/// \file
/// Ground costs for discrete optimal transport: the cost matrix between two point clouds
/// under a ground metric, and the internal
/// reader that copies and validates a user's cost matrix.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/status.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace advdiv {

/// Ground metric d(x, y) between points of R^d used to build a cost matrix.
enum class ground_metric {
  sqeuclidean,  ///< ‖x − y‖₂² (POT's default for ot.dist)
  euclidean,    ///< ‖x − y‖₂
  cityblock,    ///< ‖x − y‖₁
};

/// A dense row-major matrix of doubles (cost matrices and dense transport plans).
using dense_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Cost matrix C_ij = d(x_i, y_j) between the rows of X (n × d) and the rows of Y (m × d).
///
/// \throws std::invalid_argument X or Y without rows or columns, or different column counts.
/// \throws std::domain_error a NaN or infinite coordinate.
/// Complexity: O(n·m·d).
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(100, 2), Y = Eigen::MatrixXd::Random(80, 2);
/// advdiv::dense_matrix C = advdiv::cost_matrix(X, Y, advdiv::ground_metric::euclidean);
/// \endcode
template <matrix_like MX, matrix_like MY>
dense_matrix cost_matrix(const MX& X, const MY& Y, ground_metric metric = ground_metric::sqeuclidean,
                         const char* function = "advdiv::cost_matrix") {
  detail::row_reader<MX> rx(X, function, "X");
  detail::row_reader<MY> ry(Y, function, "Y");
  const std::size_t n = rx.rows(), m = ry.rows(), d = rx.cols();
  if (n == 0 || d == 0) detail::throw_invalid_argument(function, "X is empty");
  if (m == 0 || ry.cols() == 0) detail::throw_invalid_argument(function, "Y is empty");
  if (ry.cols() != d)
    detail::throw_invalid_argument(function, "X and Y differ in dimension (" + std::to_string(d) +
                                                 " and " + std::to_string(ry.cols()) + " columns)");
  std::vector<double> xs(n * d), ys(m * d);
  auto copy = [&](auto& reader, std::vector<double>& out, const char* name) {
    for (std::size_t i = 0; i < reader.rows(); ++i) {
      const auto row = reader.row(i);
      for (std::size_t k = 0; k < d; ++k) {
        const double v = static_cast<double>(row[k]);
        if (!std::isfinite(v))
          detail::throw_domain_error(function, std::string(name) + "(" + std::to_string(i) + ", " +
                                                   std::to_string(k) + ") = " +
                                                   detail::format_value(v) + " is not finite");
        out[i * d + k] = v;
      }
    }
  };
  copy(rx, xs, "X");
  copy(ry, ys, "Y");
  dense_matrix C(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  for (std::size_t i = 0; i < n; ++i) {
    const double* xi = xs.data() + i * d;
    double* out = C.data() + i * m;
    for (std::size_t j = 0; j < m; ++j) {
      const double* yj = ys.data() + j * d;
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

namespace detail {

/// "C(i, j) = value"
inline std::string matrix_element_text(const char* name, std::size_t i, std::size_t j, double v) {
  return std::string(name) + "(" + std::to_string(i) + ", " + std::to_string(j) +
         ") = " + format_value(v);
}

/// The data of a matrix of doubles stored contiguously row-major (Eigen row-major with unit
/// inner stride and outer stride = cols, or a 2-D row-major xtensor without gaps), else null.
template <matrix_like M>
const double* contiguous_row_major(const M& C) {
  if constexpr (std::is_same_v<matrix_value_t<M>, double>) {
    if constexpr (eigen_matrix_like<M>) {
      if constexpr (requires { C.data(); C.innerStride(); C.outerStride(); bare_t<M>::IsRowMajor; }) {
        if (bare_t<M>::IsRowMajor && C.innerStride() == 1 && C.outerStride() == C.cols())
          return C.data();
      }
    } else if constexpr (requires { C.data(); C.strides(); C.data_offset(); }) {
      if (C.dimension() == 2 && (C.shape()[1] <= 1 || C.strides()[1] == 1) &&
          (C.shape()[0] <= 1 || std::size_t(C.strides()[0]) == std::size_t(C.shape()[1])))
        return C.data() + C.data_offset();
    }
  }
  return nullptr;
}

/// Checks a cost matrix's shape against the masses (n × m) and its entries (finite,
/// non-negative) and returns its row-major data: the matrix's own storage when it is a
/// contiguous row-major matrix of doubles, else a copy made in `out`. `cmax` receives the
/// largest entry.
template <matrix_like M>
const double* read_cost(const M& C, std::size_t n, std::size_t m, std::vector<double>& out,
                        double& cmax, const char* function) {
  row_reader<M> reader(C, function, "C");
  if (reader.rows() != n || reader.cols() != m)
    throw_invalid_argument(function, "C is " + std::to_string(reader.rows()) + " x " +
                                         std::to_string(reader.cols()) + " but a and b have " +
                                         std::to_string(n) + " and " + std::to_string(m) +
                                         " entries");
  const double* in_place = contiguous_row_major(C);
  if (!in_place) out.resize(n * m);
  cmax = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = reader.row(i);
    bool bad = false;
    double rmax = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      const double v = static_cast<double>(row[j]);
      bad |= !(v >= 0.0 && v < math::infinity<double>());
      rmax = v > rmax ? v : rmax;
    }
    if (bad) {
      for (std::size_t j = 0; j < m; ++j) {
        const double v = static_cast<double>(row[j]);
        if (!(v >= 0.0 && v < math::infinity<double>()))
          throw_domain_error(function, matrix_element_text("C", i, j, v) +
                                           (v < 0.0 ? " is negative" : " is not finite"));
      }
    }
    cmax = rmax > cmax ? rmax : cmax;
    if (!in_place) {
      double* o = out.data() + i * m;
      for (std::size_t j = 0; j < m; ++j) o[j] = static_cast<double>(row[j]);
    }
  }
  return in_place ? in_place : out.data();
}

/// Reads and checks a vector of masses (non-empty, finite, non-negative) into doubles.
template <vector_like V>
std::vector<double> read_masses(const V& a, const char* function, const char* name) {
  const auto va = view_vector(a, function, name);
  check_nonempty(function, name, va.span());
  check_nonnegative_finite(function, name, va.span());
  return std::vector<double>(va.span().begin(), va.span().end());
}

/// Checks that two mass vectors carry the same positive total within a relative tolerance.
inline void check_balanced(const char* function, double sa, double sb, double tolerance) {
  if (!(sa > 0.0)) throw_domain_error(function, "a sums to 0");
  if (!(sb > 0.0)) throw_domain_error(function, "b sums to 0");
  if (!(std::abs(sa - sb) <= tolerance * (sa > sb ? sa : sb)))
    throw_domain_error(function, "a sums to " + format_value(sa) + " but b sums to " +
                                     format_value(sb) + " (relative tolerance " +
                                     format_value(tolerance) + ")");
}

}  // namespace detail
}  // namespace advdiv
