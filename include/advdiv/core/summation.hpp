#pragma once
/// \file
/// Compensated summation (Kahan–Babuška–Neumaier).
///
/// A plain running sum of n doubles can lose log10(n) digits and far more when
/// terms cancel; the Neumaier accumulator carries the rounding error of every
/// addition, so the result is as if summed in twice the precision and then
/// rounded: |error| ≤ 2u·|Σx| + O(n·u²)·Σ|x| with u the unit roundoff.

#include <advdiv/core/config.hpp>

#include <iterator>
#include <type_traits>
#include <ranges>

namespace advdiv {

/// Neumaier's improved Kahan summation accumulator.
///
/// \code
/// advdiv::compensated_sum<double> s;
/// for (double x : xs) s += x;
/// double total = s.value();
/// \endcode
template <class T>
class compensated_sum {
 public:
  /// An empty sum.
  constexpr compensated_sum() noexcept = default;  // defaulted: host and device alike
  /// A sum that starts at `start`.
  ADVDIV_HOST_DEVICE constexpr explicit compensated_sum(T start) noexcept : sum_(start) {}

  /// Adds x and records the rounding error of the addition.
  ADVDIV_HOST_DEVICE constexpr compensated_sum& operator+=(T x) noexcept {
    const T t = sum_ + x;
    // Whichever operand is larger in magnitude is added exactly; the other loses bits.
    if ((sum_ < T(0) ? -sum_ : sum_) >= (x < T(0) ? -x : x))
      carry_ += (sum_ - t) + x;
    else
      carry_ += (x - t) + sum_;
    sum_ = t;
    return *this;
  }

  /// Merges another accumulator (used to combine per-block or per-thread sums).
  ADVDIV_HOST_DEVICE constexpr compensated_sum& operator+=(const compensated_sum& o) noexcept {
    *this += o.sum_;
    carry_ += o.carry_;
    return *this;
  }

  /// The compensated total (the plain sum once it is ±inf or NaN: the carry is then meaningless).
  ADVDIV_HOST_DEVICE constexpr T value() const noexcept {
    return sum_ - sum_ == T(0) ? sum_ + carry_ : sum_;
  }

 private:
  T sum_{0};
  T carry_{0};
};

/// Σ x over a range with compensated summation, accumulated in `Acc`
/// (by default the range's value type).
template <class Acc = void, std::ranges::input_range R>
constexpr auto accurate_sum(R&& r) {
  using V = std::ranges::range_value_t<R>;
  using A = std::conditional_t<std::is_void_v<Acc>, V, Acc>;
  compensated_sum<A> s;
  for (auto&& x : r) s += static_cast<A>(x);
  return s.value();
}

}  // namespace advdiv
