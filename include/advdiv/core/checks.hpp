#pragma once
/// \file
/// Input checks in Stan Math's shape: named predicates with fixed wording, each with a
/// non-throwing `is_*` twin, all through one formatter. Every message reads
///
///     <function>: <argument>[<index>] = <value> <problem>
///
/// e.g. `advdiv::kl: p[3] = -0.2 is negative`, `advdiv::emd: C(1, 2) = nan is not finite`,
/// `advdiv::sinkhorn: epsilon = 0 is not positive and finite`. Vector elements are named
/// `x[i]`, matrix elements `X(i, j)` (row, column, as Eigen indexes them). The problem is
/// always stated as `is <what is wrong>` or `is not <what is required>`.
///
/// Shape problems (empty input, length or dimension mismatch) throw std::invalid_argument;
/// value problems (negative / NaN / infinite entries, a sum off 1, a parameter out of range)
/// throw std::domain_error.

#include <advdiv/core/summation.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace advdiv {

/// Tolerance on |Σp − 1| used when a probability vector of type T is checked:
/// 1e-6 for double and long double, 1e-3 for float (a float vector normalised with a
/// naive float sum can be off by ~1e-4 for 10^6 entries). Pass another tolerance
/// through the options of each function; +inf disables the check.
template <class T>
constexpr double default_sum_tolerance() noexcept {
  return std::is_same_v<T, float> ? 1e-3 : 1e-6;
}

namespace detail {

/// Shortest text that reads back as the same value ("-0.2", "nan", "inf").
template <class T>
std::string format_value(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    // Shortest round-trip digits, fixed notation for 1e-4 ≤ |x| < 1e16 (as Python prints).
    const T a = x < T(0) ? -x : x;
    const auto format = (a == T(0) || (a >= T(1e-4) && a < T(1e16))) ? std::chars_format::fixed
                                                                     : std::chars_format::scientific;
    const auto res = std::to_chars(buf, buf + sizeof buf, x, format);
    return std::string(buf, res.ptr);
  } else {
    return std::to_string(x);
  }
}

[[noreturn]] inline void throw_invalid_argument(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string(function) + ": " + what);
}

[[noreturn]] inline void throw_domain_error(const char* function, const std::string& what) {
  throw std::domain_error(std::string(function) + ": " + what);
}

/// The name of a vector element: "x[i]".
inline std::string element_name(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

/// The name of a matrix element: "X(i, j)" (row i, column j).
inline std::string element_name(const char* name, std::size_t i, std::size_t j) {
  return std::string(name) + "(" + std::to_string(i) + ", " + std::to_string(j) + ")";
}

/// "name[i] = value"
template <class T>
std::string element_text(const char* name, std::size_t i, T value) {
  return element_name(name, i) + " = " + format_value(value);
}

/// "X(i, j) = value"
template <class T>
std::string element_text(const char* name, std::size_t i, std::size_t j, T value) {
  return element_name(name, i, j) + " = " + format_value(value);
}

/// Throws std::domain_error `function: subject = value problem`.
template <class T>
[[noreturn]] void throw_value_error(const char* function, const std::string& subject, T value,
                                    const std::string& problem) {
  throw_domain_error(function, subject + " = " + format_value(value) + " " + problem);
}

/// The wording of each value predicate: what is wrong with `x` (empty if nothing is).
template <class T>
const char* finite_problem(T x) noexcept {
  return std::isfinite(x) ? "" : "is not finite";
}
template <class T>
const char* nonnegative_finite_problem(T x) noexcept {
  if (x < T(0)) return "is negative";
  return std::isfinite(x) ? "" : "is not finite";
}
template <class T>
const char* positive_finite_problem(T x) noexcept {
  return (x > T(0) && std::isfinite(x)) ? "" : "is not positive and finite";
}

/// Throws the value error for the first element of x that has a problem.
template <class T, class Problem>
void check_each(const char* function, const char* name, std::span<const T> x, Problem problem) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    const char* p = problem(x[i]);
    if (*p) throw_value_error(function, element_name(name, i), x[i], p);
  }
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// Value predicates on scalars and on every element of a vector.

/// True if x is neither NaN nor ±inf.
template <class T>
bool is_finite(T x) noexcept {
  return std::isfinite(x);
}
/// True if every element is finite.
template <class T>
bool is_finite(std::span<const T> x) noexcept {
  for (const T& v : x)
    if (!std::isfinite(v)) return false;
  return true;
}
/// Throws std::domain_error `function: name = value is not finite` unless x is finite.
template <class T>
void check_finite(const char* function, const char* name, T x) {
  if (const char* p = detail::finite_problem(x); *p) detail::throw_value_error(function, name, x, p);
}
/// Throws std::domain_error `function: name[i] = value is not finite` for the first bad x[i].
template <class T>
void check_finite(const char* function, const char* name, std::span<const T> x) {
  detail::check_each(function, name, x, [](T v) { return detail::finite_problem(v); });
}

/// True if 0 ≤ x < inf.
template <class T>
bool is_nonnegative_finite(T x) noexcept {
  return x >= T(0) && x < std::numeric_limits<T>::infinity();
}
/// Index of the first entry that is negative, NaN or infinite, or x.size() if none.
template <class T>
std::size_t find_invalid_mass(std::span<const T> x) noexcept {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!is_nonnegative_finite(x[i])) return i;
  return x.size();
}
/// True if every element is finite and ≥ 0.
template <class T>
bool is_nonnegative_finite(std::span<const T> x) noexcept {
  return find_invalid_mass(x) == x.size();
}
/// Throws std::domain_error `function: name = value is negative` (or `is not finite`).
template <class T>
void check_nonnegative_finite(const char* function, const char* name, T x) {
  if (const char* p = detail::nonnegative_finite_problem(x); *p)
    detail::throw_value_error(function, name, x, p);
}
/// Throws std::domain_error naming the first entry that is negative, NaN or infinite:
/// `function: name[i] = value is negative` / `is not finite`.
template <class T>
void check_nonnegative_finite(const char* function, const char* name, std::span<const T> x) {
  detail::check_each(function, name, x, [](T v) { return detail::nonnegative_finite_problem(v); });
}

/// True if 0 < x < inf.
template <class T>
bool is_positive_finite(T x) noexcept {
  return x > T(0) && std::isfinite(x);
}
/// Throws std::domain_error `function: name = value is not positive and finite`.
template <class T>
void check_positive_finite(const char* function, const char* name, T x) {
  if (const char* p = detail::positive_finite_problem(x); *p)
    detail::throw_value_error(function, name, x, p);
}
/// Throws std::domain_error `function: name[i] = value is not positive and finite`.
template <class T>
void check_positive_finite(const char* function, const char* name, std::span<const T> x) {
  detail::check_each(function, name, x, [](T v) { return detail::positive_finite_problem(v); });
}

/// Which ends of an interval belong to it.
enum class bounds {
  closed,       ///< [lo, hi]
  open,         ///< (lo, hi)
  left_open,    ///< (lo, hi]
  right_open,   ///< [lo, hi)
};

/// True if x lies in the interval from lo to hi with the given bounds (false for NaN).
template <class T>
bool is_in_interval(T x, T lo, T hi, bounds b = bounds::closed) noexcept {
  const bool lo_ok = (b == bounds::closed || b == bounds::right_open) ? x >= lo : x > lo;
  const bool hi_ok = (b == bounds::closed || b == bounds::left_open) ? x <= hi : x < hi;
  return lo_ok && hi_ok;
}
/// Throws std::domain_error `function: name = value is not in [lo, hi)` (brackets as bounds).
template <class T>
void check_in_interval(const char* function, const char* name, T x, T lo, T hi,
                       bounds b = bounds::closed) {
  if (is_in_interval(x, lo, hi, b)) return;
  const bool lo_closed = b == bounds::closed || b == bounds::right_open;
  const bool hi_closed = b == bounds::closed || b == bounds::left_open;
  detail::throw_value_error(function, name, x,
                            std::string("is not in ") + (lo_closed ? "[" : "(") +
                                detail::format_value(lo) + ", " + detail::format_value(hi) +
                                (hi_closed ? "]" : ")"));
}

/// True if x is finite and x ≥ lo.
template <class T>
bool is_finite_at_least(T x, T lo) noexcept {
  return std::isfinite(x) && x >= lo;
}
/// Throws std::domain_error `function: name = value is not finite and >= lo`.
template <class T>
void check_finite_at_least(const char* function, const char* name, T x, T lo) {
  if (!is_finite_at_least(x, lo))
    detail::throw_value_error(function, name, x, "is not finite and >= " + detail::format_value(lo));
}

/// Throws std::domain_error `function: name = value <problem>` unless ok, for a requirement
/// that no named predicate covers. `problem` follows the same grammar, e.g.
/// `"is not finite and different from 0 and 1"`.
template <class T>
void check_parameter(const char* function, const char* name, T value, bool ok,
                     const char* problem) {
  if (!ok) detail::throw_value_error(function, name, value, problem);
}

// ---------------------------------------------------------------------------------------
// Matrices: any type with rows(), cols() and m(i, j) (Eigen matrices, maps, blocks).

/// True if every element of m is finite.
template <class M>
bool is_finite_matrix(const M& m) noexcept {
  for (std::ptrdiff_t j = 0; j < static_cast<std::ptrdiff_t>(m.cols()); ++j)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(m.rows()); ++i)
      if (!std::isfinite(m(i, j))) return false;
  return true;
}
/// Throws std::domain_error `function: name(i, j) = value is not finite` for the first
/// non-finite element in column-major order.
template <class M>
void check_finite_matrix(const char* function, const char* name, const M& m) {
  for (std::ptrdiff_t j = 0; j < static_cast<std::ptrdiff_t>(m.cols()); ++j)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(m.rows()); ++i)
      if (!std::isfinite(m(i, j)))
        detail::throw_value_error(function,
                                  detail::element_name(name, static_cast<std::size_t>(i),
                                                       static_cast<std::size_t>(j)),
                                  m(i, j), "is not finite");
}
/// As check_finite_matrix for a dense rows × cols array in row-major order.
template <class T>
void check_finite_matrix(const char* function, const char* name, const T* data, std::size_t rows,
                         std::size_t cols) {
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      if (!std::isfinite(data[i * cols + j]))
        detail::throw_value_error(function, detail::element_name(name, i, j), data[i * cols + j],
                                  "is not finite");
}

// ---------------------------------------------------------------------------------------
// Shapes (std::invalid_argument).

/// Throws std::invalid_argument `function: name is empty` if size is 0.
inline void check_nonempty(const char* function, const char* name, std::size_t size) {
  if (size == 0) detail::throw_invalid_argument(function, std::string(name) + " is empty");
}
/// Throws std::invalid_argument `function: name is empty` if x is empty.
template <class T>
void check_nonempty(const char* function, const char* name, std::span<const T> x) {
  check_nonempty(function, name, x.size());
}

/// Throws std::invalid_argument `function: a and b differ in length (na and nb)`.
inline void check_same_size(const char* function, const char* name_a, std::size_t size_a,
                            const char* name_b, std::size_t size_b) {
  if (size_a != size_b)
    detail::throw_invalid_argument(function, std::string(name_a) + " and " + name_b +
                                                 " differ in length (" + std::to_string(size_a) +
                                                 " and " + std::to_string(size_b) + ")");
}

/// Throws std::invalid_argument `function: a and b differ in dimension (da and db)`: two point
/// clouds (d × n, one column per point) whose points have different dimensions d.
inline void check_same_dimension(const char* function, const char* name_a, std::size_t dim_a,
                                 const char* name_b, std::size_t dim_b) {
  if (dim_a != dim_b)
    detail::throw_invalid_argument(function, std::string(name_a) + " and " + name_b +
                                                 " differ in dimension (" + std::to_string(dim_a) +
                                                 " and " + std::to_string(dim_b) + ")");
}

/// Throws std::invalid_argument `function: a and b differ in shape (ra x ca and rb x cb)`.
inline void check_same_shape(const char* function, const char* name_a, std::size_t rows_a,
                             std::size_t cols_a, const char* name_b, std::size_t rows_b,
                             std::size_t cols_b) {
  if (rows_a != rows_b || cols_a != cols_b)
    detail::throw_invalid_argument(
        function, std::string(name_a) + " and " + name_b + " differ in shape (" +
                      std::to_string(rows_a) + " x " + std::to_string(cols_a) + " and " +
                      std::to_string(rows_b) + " x " + std::to_string(cols_b) + ")");
}

// ---------------------------------------------------------------------------------------
// Probability vectors.

/// True if every entry is finite and non-negative and |Σx − 1| ≤ tolerance.
template <class T>
bool is_probability(std::span<const T> x, double tolerance = default_sum_tolerance<T>()) noexcept {
  if (x.empty() || find_invalid_mass(x) != x.size()) return false;
  const double s = accurate_sum<double>(x);
  return std::abs(s - 1.0) <= tolerance;
}

/// Throws std::domain_error `function: tolerance_name = value is not non-negative (inf disables
/// the check)` unless the tolerance on a sum is ≥ 0 (+inf allowed, NaN not).
inline void check_sum_tolerance(const char* function, const char* tolerance_name, double tolerance) {
  check_parameter(function, tolerance_name, tolerance, tolerance >= 0.0,
                  "is not >= 0 (inf disables the check)");
}

/// Throws std::domain_error `function: name sums to s, not 1 (tolerance t)` unless
/// |sum − 1| ≤ tolerance (sum is Σx, computed by the caller; +inf disables the check).
inline void check_unit_sum(const char* function, const char* name, double sum, double tolerance) {
  if (!(std::abs(sum - 1.0) <= tolerance) && !std::isinf(tolerance))
    detail::throw_domain_error(function, std::string(name) + " sums to " + detail::format_value(sum) +
                                             ", not 1 (tolerance " +
                                             detail::format_value(tolerance) + ")");
}

/// Throws unless x is a probability vector: non-empty (std::invalid_argument), every entry
/// finite and non-negative, and |Σx − 1| ≤ tolerance (std::domain_error).
template <class T>
void check_probability(const char* function, const char* name, std::span<const T> x,
                       double tolerance = default_sum_tolerance<T>()) {
  check_nonempty(function, name, x);
  check_nonnegative_finite(function, name, x);
  check_unit_sum(function, name, accurate_sum<double>(x), tolerance);
}

}  // namespace advdiv
