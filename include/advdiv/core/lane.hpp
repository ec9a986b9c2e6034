#pragma once
/// \file
/// One double that the branch-free per-element formulas of core/math.hpp treat as a SIMD
/// batch of one lane: comparisons give a lane_mask, math::select is a select through the
/// bits, and the logarithms are the kernels of core/fast_log.hpp. A loop over lanes is plain
/// scalar code that GCC and Clang vectorise for whichever target the enclosing function is
/// compiled for (core/dispatch.hpp). Every member is forced inline: GCC does not inline an
/// ordinary function into a target-attributed one, and a call would stop the vectoriser.
/// Internal.
///
/// Two kinds: basic_lane<false> takes any double; basic_lane<true> ("tame") is for blocks
/// whose arguments all lie in [tame_min, tame_max] = [2^−500, 2^500], checked by the caller:
/// its logarithms skip the subnormal and special-value handling, and math::any is false (the
/// corrections it guards, in log_ratio and js_term, concern magnitudes outside that range).

#include <advdiv/core/fast_log.hpp>

#include <cmath>

namespace advdiv::detail {

/// The result of comparing lanes.
template <bool Tame>
struct lane_mask {
  bool m;  ///< the condition
  // clang-format off
  [[gnu::always_inline]] friend constexpr lane_mask operator&(lane_mask a, lane_mask b) noexcept { return {bool(a.m & b.m)}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator|(lane_mask a, lane_mask b) noexcept { return {bool(a.m | b.m)}; }
  [[gnu::always_inline]] friend constexpr lane_mask operator!(lane_mask a) noexcept { return {!a.m}; }
  // clang-format on
  /// Found by argument-dependent lookup from math::any. For any double: true, so the
  /// correction it guards (a select) is evaluated in every lane and the loop keeps no branch;
  /// for tame lanes: false, the correction is never needed there.
  [[gnu::always_inline]] friend constexpr bool any(lane_mask) noexcept { return !Tame; }
};

/// A double seen as a one-lane batch (value_type double, like xsimd::batch<double>).
template <bool Tame>
struct basic_lane {
  using value_type = double;
  using mask = lane_mask<Tame>;
  double v;  ///< the value
  /// Lanes of math.hpp's formulas: `T(0.5)`, `T(1) / 6`.
  constexpr basic_lane(double x = 0.0) noexcept : v(x) {}  // NOLINT(google-explicit-constructor)

  // The orderings are the quiet comparisons (no invalid-operation signal for NaN, same
  // result): GCC's default -ftrapping-math if-converts no comparison that could trap, and a
  // formula's selects would stay branches.
  // clang-format off
  [[gnu::always_inline]] friend constexpr basic_lane operator+(basic_lane a, basic_lane b) noexcept { return {a.v + b.v}; }
  [[gnu::always_inline]] friend constexpr basic_lane operator-(basic_lane a, basic_lane b) noexcept { return {a.v - b.v}; }
  [[gnu::always_inline]] friend constexpr basic_lane operator*(basic_lane a, basic_lane b) noexcept { return {a.v * b.v}; }
  [[gnu::always_inline]] friend constexpr basic_lane operator/(basic_lane a, basic_lane b) noexcept { return {a.v / b.v}; }
  [[gnu::always_inline]] friend constexpr basic_lane operator-(basic_lane a) noexcept { return {-a.v}; }
  [[gnu::always_inline]] constexpr basic_lane& operator+=(basic_lane b) noexcept { v += b.v; return *this; }
  [[gnu::always_inline]] friend constexpr mask operator==(basic_lane a, basic_lane b) noexcept { return {a.v == b.v}; }
  [[gnu::always_inline]] friend constexpr mask operator!=(basic_lane a, basic_lane b) noexcept { return {a.v != b.v}; }
  [[gnu::always_inline]] friend constexpr mask operator<(basic_lane a, basic_lane b) noexcept { return {__builtin_isless(a.v, b.v) != 0}; }
  [[gnu::always_inline]] friend constexpr mask operator<=(basic_lane a, basic_lane b) noexcept { return {__builtin_islessequal(a.v, b.v) != 0}; }
  [[gnu::always_inline]] friend constexpr mask operator>(basic_lane a, basic_lane b) noexcept { return {__builtin_isgreater(a.v, b.v) != 0}; }
  [[gnu::always_inline]] friend constexpr mask operator>=(basic_lane a, basic_lane b) noexcept { return {__builtin_isgreaterequal(a.v, b.v) != 0}; }
  // clang-format on

  /// c ? a : b (found by argument-dependent lookup from math::select), through the bits
  /// (bit_select), so both are computed and the loop has no branch.
  [[gnu::always_inline]] friend constexpr basic_lane select(mask c, basic_lane a, basic_lane b) noexcept {
    return {bit_select(c.m, a.v, b.v)};
  }
  /// kernel_log, exact for subnormals (math::log skips its subnormal scaling for lanes).
  [[gnu::always_inline]] friend basic_lane log(basic_lane x) noexcept { return {kernel_log(x.v)}; }
  /// |x|.
  [[gnu::always_inline]] friend basic_lane abs(basic_lane x) noexcept { return {std::fabs(x.v)}; }
  /// Marks the type for math::log: the logarithm is exact for subnormal lanes.
  static constexpr bool exact_subnormal_log = true;
  /// log(p/q) without overflow and accurate as p → q (math::log_ratio's contract), with one
  /// logarithm: kernel_log_ratio (kernel_log_ratio_tame for tame lanes).
  [[gnu::always_inline]] static basic_lane kernel_log_ratio(basic_lane p, basic_lane q) noexcept {
    if constexpr (Tame)
      return {detail::kernel_log_ratio_tame(p.v, q.v)};
    else
      return {detail::kernel_log_ratio(p.v, q.v)};
  }
  /// The Jensen–Shannon term (fdiv::detail::js_term) of tame lanes: kernel_js_term_tame.
  [[gnu::always_inline]] static basic_lane kernel_js_term(basic_lane p, basic_lane q) noexcept
    requires Tame
  {
    return {detail::kernel_js_term_tame(p.v, q.v)};
  }
  /// log(1 + x) and log(1 − x) (fdiv::detail::js_phi; tame lanes take kernel_js_term).
  [[gnu::always_inline]] static void kernel_log1p_pair(basic_lane x, basic_lane& plus, basic_lane& minus) noexcept
    requires(!Tame)
  {
    plus = {detail::kernel_log1p(x.v)};
    minus = {detail::kernel_log1p(-x.v)};
  }
};

/// A lane for any double.
using lane = basic_lane<false>;
/// A lane for a block whose arguments all lie in [tame_min, tame_max].
using tame_lane = basic_lane<true>;

}  // namespace advdiv::detail
