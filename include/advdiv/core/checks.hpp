#pragma once
/// \file
/// Input checks with one message format: `<function>: <argument>[<index>] = <value> <problem>`,
/// e.g. `advdiv::kl: p[3] = -0.2 is negative`.
///
/// Shape problems (empty input, length mismatch) throw std::invalid_argument; value
/// problems (negative / NaN / infinite entries, a sum off 1, a parameter out of range)
/// throw std::domain_error. Each check has a non-throwing `is_*` twin.

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
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  if constexpr (std::is_floating_point_v<T>) {
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

/// "name[i] = value"
template <class T>
std::string element_text(const char* name, std::size_t i, T value) {
  return std::string(name) + "[" + std::to_string(i) + "] = " + format_value(value);
}

}  // namespace detail

/// Throws std::invalid_argument if x is empty.
template <class T>
void check_nonempty(const char* function, const char* name, std::span<const T> x) {
  if (x.empty()) detail::throw_invalid_argument(function, std::string(name) + " is empty");
}

/// Throws std::invalid_argument if a and b differ in length.
inline void check_same_size(const char* function, const char* name_a, std::size_t size_a,
                            const char* name_b, std::size_t size_b) {
  if (size_a != size_b)
    detail::throw_invalid_argument(function, std::string(name_a) + " and " + name_b +
                                                 " differ in length (" + std::to_string(size_a) +
                                                 " and " + std::to_string(size_b) + ")");
}

/// Index of the first entry that is negative, NaN or infinite, or x.size() if none.
template <class T>
std::size_t find_invalid_mass(std::span<const T> x) noexcept {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!(x[i] >= T(0) && x[i] < std::numeric_limits<T>::infinity())) return i;
  return x.size();
}

/// Throws std::domain_error naming the first entry that is negative, NaN or infinite.
template <class T>
void check_nonnegative_finite(const char* function, const char* name, std::span<const T> x) {
  const std::size_t i = find_invalid_mass(x);
  if (i == x.size()) return;
  const T v = x[i];
  detail::throw_domain_error(function, detail::element_text(name, i, v) +
                                           (v < T(0) ? " is negative" : " is not finite"));
}

/// True if every entry is finite and non-negative and |Σx − 1| ≤ tolerance.
template <class T>
bool is_probability(std::span<const T> x, double tolerance = default_sum_tolerance<T>()) noexcept {
  if (x.empty() || find_invalid_mass(x) != x.size()) return false;
  const double s = accurate_sum<double>(x);
  return std::abs(s - 1.0) <= tolerance;
}

/// Throws std::domain_error unless |sum − 1| ≤ tolerance (sum is Σx, computed by the caller).
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

/// Throws std::domain_error `function: name = value <requirement>` unless ok.
template <class T>
void check_parameter(const char* function, const char* name, T value, bool ok,
                     const char* requirement) {
  if (!ok)
    detail::throw_domain_error(function, std::string(name) + " = " + detail::format_value(value) +
                                             " " + requirement);
}

}  // namespace advdiv
