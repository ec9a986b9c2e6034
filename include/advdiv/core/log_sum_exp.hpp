#pragma once
/// \file
/// log Σ exp(x_i) over a range, in one pass and without overflow.

#include <advdiv/core/math.hpp>

#include <ranges>

namespace advdiv {

/// log Σ_i exp(x_i), computed in one pass with a running maximum (every exponent is
/// ≤ 0, so nothing overflows). −inf for an empty range or all x_i = −inf; NaN if any
/// x_i is NaN; +inf if any x_i is +inf.
/// \code
/// double z = advdiv::log_sum_exp(std::vector<double>{1000.0, 1000.0});  // 1000 + log 2
/// \endcode
template <std::ranges::input_range R>
auto log_sum_exp(R&& xs) {
  using T = std::ranges::range_value_t<R>;
  T m = -math::infinity<T>();
  T s = T(0);  // Σ exp(x_i − m)
  for (auto&& raw : xs) {
    const T x = static_cast<T>(raw);
    if (math::isnan(x)) return x;
    if (x == math::infinity<T>()) return x;
    if (x <= m) {
      s += math::exp(x - m);
    } else {
      if (m != -math::infinity<T>()) s *= math::exp(m - x);
      s += T(1);
      m = x;
    }
  }
  if (m == -math::infinity<T>()) return m;
  return m + math::log(s);
}

}  // namespace advdiv
