#pragma once
/// \file
/// One double that the branch-free per-element formulas of core/math.hpp treat as a SIMD
/// batch of one lane: comparisons give a lane_mask, math::select is a conditional move,
/// math::any is always true (the rare corrections guarded by it become selects, so a loop has
/// no branch), and the logarithm is kernel_log. A loop over lanes is plain scalar code that
/// GCC and Clang vectorise for whichever target the enclosing function is compiled for
/// (core/dispatch.hpp). Internal.

#include <advdiv/core/fast_log.hpp>

#include <cmath>

namespace advdiv::detail {

/// The result of comparing lanes.
struct lane_mask {
  bool m;  ///< the condition
  [[gnu::always_inline]] friend constexpr lane_mask operator&(lane_mask a, lane_mask b) noexcept { return {bool(a.m & b.m)}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator|(lane_mask a, lane_mask b) noexcept { return {bool(a.m | b.m)}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator!(lane_mask a) noexcept { return {!a.m}; }
  /// Always true (found by argument-dependent lookup from math::any): what any() guards is a
  /// select, so it is evaluated in every lane and the loop keeps no branch.
  [[gnu::always_inline]] friend constexpr bool any(lane_mask) noexcept { return true; }
};

/// A double seen as a one-lane batch (value_type double, like xsimd::batch<double>).
struct lane {
  using value_type = double;
  double v;  ///< the value
  /// Lanes of math.hpp's formulas: `T(0.5)`, `T(1) / 6`.
  constexpr lane(double x = 0.0) noexcept : v(x) {}  // NOLINT(google-explicit-constructor)

  // The orderings are the quiet comparisons (no invalid-operation signal for NaN, same
  // result): GCC's default -ftrapping-math if-converts no comparison that could trap, and a
  // formula's selects would stay branches.
  // clang-format off
  [[gnu::always_inline]] friend constexpr lane operator+(lane a, lane b) noexcept { return {a.v + b.v}; }
  [[gnu::always_inline]] friend constexpr lane operator-(lane a, lane b) noexcept { return {a.v - b.v}; }
  [[gnu::always_inline]] friend constexpr lane operator*(lane a, lane b) noexcept { return {a.v * b.v}; }
  [[gnu::always_inline]] friend constexpr lane operator/(lane a, lane b) noexcept { return {a.v / b.v}; }
  [[gnu::always_inline]] friend constexpr lane operator-(lane a) noexcept { return {-a.v}; }
  constexpr lane& operator+=(lane b) noexcept { v += b.v; return *this; }
  [[gnu::always_inline]] friend constexpr lane_mask operator==(lane a, lane b) noexcept { return {a.v == b.v}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator!=(lane a, lane b) noexcept { return {a.v != b.v}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator<(lane a, lane b) noexcept { return {__builtin_isless(a.v, b.v) != 0}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator<=(lane a, lane b) noexcept { return {__builtin_islessequal(a.v, b.v) != 0}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator>(lane a, lane b) noexcept { return {__builtin_isgreater(a.v, b.v) != 0}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator>=(lane a, lane b) noexcept { return {__builtin_isgreaterequal(a.v, b.v) != 0}; }
  // clang-format on

  /// c ? a : b (found by argument-dependent lookup from math::select), through the bits
  /// (bit_select), so both are computed and the loop has no branch.
  [[gnu::always_inline]] friend constexpr lane select(lane_mask c, lane a, lane b) noexcept { return {bit_select(c.m, a.v, b.v)}; }
  /// kernel_log, exact for subnormals (math::log skips its subnormal scaling for lanes).
  [[gnu::always_inline]] friend lane log(lane x) noexcept { return {kernel_log(x.v)}; }
  /// |x|.
  [[gnu::always_inline]] friend lane abs(lane x) noexcept { return {std::fabs(x.v)}; }
  /// Marks the type for math::log: the logarithm is exact for subnormal lanes.
  static constexpr bool exact_subnormal_log = true;
  /// log(p/q) without overflow and accurate as p → q (math::log_ratio's contract), with one
  /// logarithm: kernel_log_ratio.
  [[gnu::always_inline]] static lane kernel_log_ratio(lane p, lane q) noexcept { return {detail::kernel_log_ratio(p.v, q.v)}; }
  /// log(1 + x), accurate as x → 0: kernel_log1p.
  [[gnu::always_inline]] static lane kernel_log1p(lane x) noexcept { return {detail::kernel_log1p(x.v)}; }
};

}  // namespace advdiv::detail
