#pragma once
/// \file
/// Options shared by the discrete divergences: the unit (log base) and the tolerance
/// on the sums of the probability vectors.

#include <advdiv/core/checks.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace advdiv {

/// Options of the discrete divergences and entropies.
///
/// \code
/// advdiv::kl(p, q);                                  // nats
/// advdiv::kl(p, q, advdiv::bits);                    // bits
/// advdiv::kl(p, q, {.log_base = 10});                // dits (hartleys)
/// advdiv::kl(p, q, {.sum_tolerance = 1e-3});         // looser normalisation check
/// \endcode
struct divergence_options {
  /// Base of the logarithm: e (nats) by default, 2 for bits. Must be finite and > 1: a base in
  /// (0, 1) would flip the sign of every divergence (and make js_distance the root of a
  /// negative number).
  double log_base = std::numbers::e;
  /// Allowed |Σp − 1| (and |Σq − 1|); unset means default_sum_tolerance<T>(), +inf
  /// disables the check (the formula is then applied to unnormalised measures as is).
  std::optional<double> sum_tolerance{};
};

/// A log base that converts to divergence_options, so it can be passed on its own.
struct log_base {
  double value;  ///< the base b of log_b
  /// Options with this base and the default tolerance (implicit, so `kl(p, q, bits)` works).
  constexpr operator divergence_options() const noexcept {  // NOLINT: implicit on purpose
    return divergence_options{value, {}};
  }
};

/// Natural logarithm (the default unit).
inline constexpr log_base nats{std::numbers::e};
/// Base-2 logarithm.
inline constexpr log_base bits{2.0};
/// Base-10 logarithm (hartleys / dits).
inline constexpr log_base dits{10.0};

/// Throws std::domain_error `function: log_base = b is not finite and > 1` unless 1 < b < inf,
/// and returns 1/log(b), the factor that converts nats into that unit.
inline double check_log_base(const char* function, double b) {
  check_parameter(function, "log_base", b, b > 1.0 && b < std::numeric_limits<double>::infinity(),
                  "is not finite and > 1");
  return 1.0 / std::log(b);
}

}  // namespace advdiv
