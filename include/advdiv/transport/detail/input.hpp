#pragma once
/// \file
/// Internal: the readers that copy and check the inputs of the transport solvers: cost
/// matrices and mass vectors (point clouds are read by core/points.hpp).

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/points.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace advdiv::detail {

/// Throws std::invalid_argument unless the point cloud `name` has as many points (columns)
/// as the mass vector `mass_name` has entries; the message states the layout, since a
/// transposed matrix is the usual cause:
/// `function: a has 3 entries but X has 4 points (X is 3 x 4; points are its columns)`.
inline void check_points_match_masses(const char* function, const char* mass_name, std::size_t masses,
                                      const char* name, const point_cloud& pc) {
  if (pc.count != masses)
    throw_invalid_argument(function, std::string(mass_name) + " has " + std::to_string(masses) +
                                         " entries but " + name + " has " + std::to_string(pc.count) +
                                         " points (" + name + " is " + std::to_string(pc.dim) + " x " +
                                         std::to_string(pc.count) + "; points are its columns)");
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
/// non-negative: `function: C(i, j) = -1 is negative`) and returns its row-major data: the
/// matrix's own storage when it is a contiguous row-major matrix of doubles, else a copy made
/// in `out`. `cmax` receives the largest entry. Messages name row i as row_offset + i (the
/// MPI layer passes its rows of a larger C: `C(7, 2)` names row 7 of the whole matrix).
template <matrix_like M>
const double* read_cost(const M& C, std::size_t n, std::size_t m, std::vector<double>& out,
                        double& cmax, const char* function, std::size_t row_offset = 0) {
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
    // Branch-free scan of the row; the offending entry is looked for only when there is one.
    for (std::size_t j = 0; j < m; ++j) {
      const double v = static_cast<double>(row[j]);
      bad |= !is_nonnegative_finite(v);
      rmax = v > rmax ? v : rmax;
    }
    if (bad) {
      for (std::size_t j = 0; j < m; ++j) {
        const double v = static_cast<double>(row[j]);
        if (const char* problem = nonnegative_finite_problem(v); *problem)
          throw_value_error(function, element_name("C", row_offset + i, j), v, problem);
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

/// Checks that two mass vectors carry the same positive total within a relative tolerance:
/// `function: a sums to 0`, `function: a sums to 1 but b sums to 1.1 (relative tolerance 1e-09)`.
inline void check_balanced(const char* function, double sa, double sb, double tolerance) {
  if (!(sa > 0.0)) throw_domain_error(function, "a sums to 0");
  if (!(sb > 0.0)) throw_domain_error(function, "b sums to 0");
  // Finite masses whose total overflows: say so rather than compare inf with inf.
  if (std::isinf(sa)) throw_domain_error(function, "a sums to more than the largest double (scale the masses down)");
  if (std::isinf(sb)) throw_domain_error(function, "b sums to more than the largest double (scale the masses down)");
  if (!(std::abs(sa - sb) <= tolerance * (sa > sb ? sa : sb)))
    throw_domain_error(function, "a sums to " + format_value(sa) + " but b sums to " +
                                     format_value(sb) + " (relative tolerance " +
                                     format_value(tolerance) + ")");
}

}  // namespace advdiv::detail
