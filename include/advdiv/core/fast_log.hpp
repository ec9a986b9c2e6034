#pragma once
/// \file
/// Branch-free logarithms for the run-time dispatched reductions (core/dispatch.hpp): log x,
/// log(p/q) and log(1 + x), written with arithmetic and integer masks only, so that loops over
/// them vectorise for every target. Internal (namespace advdiv::detail): the public functions
/// that use them state their own accuracy; tests/divergence/test_dispatch.cpp measures these
/// against mpmath values over the whole double range (subnormals, ±0, 1e±300, inf, NaN).
///
/// Comparisons are floating-point (SSE2 has no 64-bit integer comparison) and quiet (the
/// __builtin_isless family: GCC's default -ftrapping-math does not if-convert an ordered
/// comparison that could trap, and the loop would keep a branch).
///
/// Method: x = 2^k·m with m ∈ [√½, √2) read from the bits (k as a double through the
/// 2⁵²-shift, so no integer-to-double conversion is needed), f = m − 1, s = f/(2 + f) and
/// log(1 + f) = 2·atanh(s) = f − (f²/2 − s·(f²/2 + z·P(z))), z = s², where P is a degree-6
/// Chebyshev fit of (2·atanh(√z)/√z − 2)/z on [0, 0.02944] (relative error 4.7e−16,
/// contributing < 1e−17 to the result); k·ln 2 is added in two parts (the high part has
/// trailing zero bits, so k·ln2_hi is exact for every k that occurs).

#include <bit>
#include <cstdint>

namespace advdiv::detail {

/// c ? a : b through the bits: both a and b are then used unconditionally, so GCC (under its
/// default -ftrapping-math) neither sinks their floating-point operations into a branch nor
/// keeps one, and the loop vectorises also where no masked instructions exist (SSE2, AVX2).
[[gnu::always_inline]] constexpr double bit_select(bool c, double a, double b) noexcept {
  const std::uint64_t m = -std::uint64_t(c);
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & m) | (std::bit_cast<std::uint64_t>(b) & ~m));
}

/// log(1 + f) = f − (h − c) for the reduced f ∈ [√½ − 1, √2 − 1) and s = f/(2 + f), in two
/// parts: h = f²/2 and the correction c = s·(h + z·P(z)), z = s² (fdlibm's log1p kernel).
struct log1p_parts {
  double h;  ///< f²/2
  double c;  ///< s·(h + z·P(z))
};
[[gnu::always_inline]] inline log1p_parts log1p_reduced_parts(double f, double s) noexcept {
  const double z = s * s;
  double p = 0.1461658542488862;
  p = p * z + 0.15331710618210773;
  p = p * z + 0.18182889455674947;
  p = p * z + 0.22222211130259878;
  p = p * z + 0.2857142862600327;
  p = p * z + 0.39999999999899444;
  p = p * z + 0.666666666666667;
  const double h = 0.5 * f * f;
  return {h, s * (h + z * p)};
}

/// k·ln 2 + log(1 + f) from the parts of log1p_reduced_parts, for an integer-valued double k.
[[gnu::always_inline]] inline double log1p_from_parts(double f, log1p_parts e, double k) noexcept {
  return k * 6.93147180369123816490e-01 + ((f - (e.h - e.c)) + k * 1.90821492927058770002e-10);
}

/// k·ln 2 + log(1 + f) for f ∈ [√½ − 1, √2 − 1), s = f/(2 + f) and an integer-valued double k
/// (the core of the logarithms below; error below one ulp).
[[gnu::always_inline]] inline double log1p_reduced_s(double f, double s, double k) noexcept {
  return log1p_from_parts(f, log1p_reduced_parts(f, s), k);
}

/// log1p_reduced_s with s = f/(2 + f).
[[gnu::always_inline]] inline double log1p_reduced(double f, double k) noexcept {
  return log1p_reduced_s(f, f / (2.0 + f), k);
}

/// A positive finite double (subnormals included) as 2^k·m: sets m ∈ [√½, √2) and k.
/// Subnormals are scaled by 2⁵⁴ first (x·2⁵⁴ is computed for every input: no branch).
[[gnu::always_inline]] inline void split_log(double x, double& m, double& k) noexcept {
  constexpr std::uint64_t sqrt_half = 0x3fe6a09e667f3bcd;  // the bits of √½
  const std::uint64_t xb = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t tiny = -std::uint64_t(__builtin_isgreater(x, 0.0) & __builtin_isless(x, 0x1p-1022));
  const std::uint64_t b = (std::bit_cast<std::uint64_t>(x * 0x1p54) & tiny) | (xb & ~tiny);
  // e = k + 1023: the exponent field of b − √½ + 1023·2^52 (positive for every positive
  // finite b, so the shift is logical).
  const std::uint64_t e = (b - sqrt_half + 0x3ff0000000000000) >> 52;
  m = std::bit_cast<double>(b - ((e - 1023) << 52));
  k = (std::bit_cast<double>(e | 0x4330000000000000) - (0x1p52 + 1023.0)) -
      std::bit_cast<double>(std::bit_cast<std::uint64_t>(54.0) & tiny);
}

/// A double x ∈ [DBL_MIN, DBL_MAX] as 2^k·m with m ∈ [√½, √2) (split_log without the
/// subnormal scaling).
[[gnu::always_inline]] inline void split_log_normal(double x, double& m, double& k) noexcept {
  constexpr std::uint64_t sqrt_half = 0x3fe6a09e667f3bcd;
  const std::uint64_t b = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t e = (b - sqrt_half + 0x3ff0000000000000) >> 52;
  m = std::bit_cast<double>(b - ((e - 1023) << 52));
  k = std::bit_cast<double>(e | 0x4330000000000000) - (0x1p52 + 1023.0);
}

/// Replaces the result of a logarithm for special arguments: where `special` (an all-ones or
/// all-zero mask) is set, −inf for ±0, +inf for +inf and NaN otherwise (negative, −inf, NaN),
/// the C conventions of log(x) at x.
[[gnu::always_inline]] inline double log_special(double value, double x, std::uint64_t special) noexcept {
  constexpr std::uint64_t inf_bits = 0x7ff0000000000000;
  const std::uint64_t xb = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t is_zero = -std::uint64_t(x == 0.0), is_inf = -std::uint64_t(x == __builtin_inf());
  const std::uint64_t out = (is_zero & 0xfff0000000000000) | (is_inf & inf_bits) |
                            (~is_zero & ~is_inf & (xb | 0x7ff8000000000000));
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(value) & ~special) | (out & special));
}

/// All ones unless x is positive and finite (subnormals count as positive).
[[gnu::always_inline]] inline std::uint64_t not_positive_finite(double x) noexcept {
  return -std::uint64_t(!(__builtin_isgreater(x, 0.0) & __builtin_isless(x, __builtin_inf())));
}

/// log(x) for every double, with C's special values: −inf for ±0, NaN for x < 0 (−inf
/// included) and for NaN, +inf for +inf; subnormal x exact too. Error below one ulp.
///
/// \code
/// double y = advdiv::detail::kernel_log(0.5);  // −0.6931471805599453
/// \endcode
[[gnu::always_inline]] inline double kernel_log(double x) noexcept {
  double m, k;
  split_log(x, m, k);
  return log_special(log1p_reduced(m - 1.0, k), x, not_positive_finite(x));
}

/// log(p/q) for p, q ≥ 0 without forming p/q, so it neither overflows nor underflows (p = 1,
/// q = 5e−324 gives 744.44): with p = 2^a·mp, q = 2^b·mq (mp, mq ∈ [√½, √2)) it is
/// log(mp/mq) + (a − b)·ln 2. Where √½ < p/q < √2 it is log1p(x) with
/// x = (mp·2^{a−b} − mq)/mq (the difference is exact there) evaluated directly, so the result
/// keeps its full relative accuracy as p → q. One division (1/mq) serves both. Error ≲ 2 ulps.
/// log(0/q) = −inf for q > 0, log(p/0) = +inf for p > 0, NaN for 0/0 and for infinite or NaN
/// arguments.
///
/// \code
/// double y = advdiv::detail::kernel_log_ratio(1.0, 3.0);  // −1.0986122886681098
/// \endcode
[[gnu::always_inline]] inline double kernel_log_ratio(double p, double q) noexcept {
  double mp, kp, mq, kq;
  split_log(p, mp, kp);
  split_log(q, mq, kq);
  const double d = kp - kq;
  const double inv = 1.0 / mq;
  // p/q = r·2^d with r = mp/mq ∈ (½, 2); one more halving or doubling brings r into [√½, √2).
  const double r = mp * inv;
  const bool low = __builtin_isless(r, 0.7071067811865476), high = __builtin_isgreaterequal(r, 1.4142135623730951);
  const double m = bit_select(low, r + r, bit_select(high, r * 0.5, r));
  const double k = d + bit_select(low, -1.0, bit_select(high, 1.0, 0.0));
  // Near: k = 0 (then |d| ≤ 1 and mp·2^d is exact), x = (mp·2^d − mq)/mq.
  const bool near = k == 0.0;
  const double scale = bit_select(d == 1.0, 2.0, bit_select(d == -1.0, 0.5, 1.0));
  const double x = (mp * scale - mq) * inv;
  const double value = log1p_reduced(bit_select(near, x, m - 1.0), k);
  // p or q zero, infinite or NaN: −inf for p = 0 < q, +inf for q = 0 < p, NaN otherwise.
  constexpr std::uint64_t nan_bits = 0x7ff8000000000000, inf_bits = 0x7ff0000000000000;
  const std::uint64_t special = not_positive_finite(p) | not_positive_finite(q);
  const std::uint64_t p_zero = -std::uint64_t(p == 0.0), q_zero = -std::uint64_t(q == 0.0);
  const std::uint64_t p_pos = -std::uint64_t(__builtin_isgreater(p, 0.0) & __builtin_isless(p, __builtin_inf()));
  const std::uint64_t q_pos = -std::uint64_t(__builtin_isgreater(q, 0.0) & __builtin_isless(q, __builtin_inf()));
  const std::uint64_t out = (p_zero & q_pos & 0xfff0000000000000) | (q_zero & p_pos & inf_bits) |
                            (~(p_zero & q_pos) & ~(q_zero & p_pos) & nan_bits);
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(value) & ~special) | (out & special));
}

/// The bounds of a "tame" argument of the _tame kernels below: 2^−500 ≤ p, q ≤ 2^500, so p/q,
/// p + q and 1/q are normal and finite, and no special value occurs.
inline constexpr double tame_min = 0x1p-500, tame_max = 0x1p500;

/// kernel_log_ratio for tame p, q (tame_min ≤ p, q ≤ tame_max), in fewer operations: p/q is
/// formed (it cannot overflow), x = (p − q)·(1/q) near 1. Error ≲ 3 ulps. Outside the tame
/// range the result is meaningless (never undefined behaviour).
[[gnu::always_inline]] inline double kernel_log_ratio_tame(double p, double q) noexcept {
  const double inv = 1.0 / q;
  const double r = p * inv, x = (p - q) * inv;
  const bool near = __builtin_isgreater(x, -0.2928932188134524) & __builtin_isless(x, 0.41421356237309515);
  double m, k;
  split_log_normal(r, m, k);
  return log1p_reduced(bit_select(near, x, m - 1.0), bit_select(near, 0.0, k));
}

/// The Jensen–Shannon term ½[p log(2p/s) + q log(2q/s)] = (s/4)·φ(d), s = p + q,
/// d = (p − q)/s, φ(d) = (1 + d) log(1 + d) + (1 − d) log(1 − d), for tame p, q (tame_min ≤
/// p, q ≤ tame_max; elsewhere the result is meaningless, never undefined behaviour): ≥ 0, and
/// exactly 0 for p = q; error ≤ 3 ulps for |d| < 0.29 and ≤ 9 ulps beyond, measured against
/// mpmath and a long double evaluation in tests/divergence/test_js_kernel.cpp.
///
/// Two divisions (2/s, and one 1/((2 + f_a)(2 + f_b)) shared by both reductions), one
/// logarithm core per side, no series. With a = 2p/s = 1 + d and
/// b = 2q/s = 1 − d (each to full relative accuracy, so b·log b stays accurate when q ≪ p)
/// and log1p(f) = k·ln 2 + f − h + c, h = f²/2, c = s_f·(h + z·P(z)) (log1p_reduced_s):
///  * |d| < 0.29: both sides are reduced at f = ±d itself (k = 0), and the parts without c
///    are exactly (1 + d)(d − d²/2) + (1 − d)(−d − d²/2) = d², so
///    s·φ = (p − q)·d + s·(a·c_a + b·c_b): the bracket (≈ d⁴/6, from terms of order d³) has
///    no cancellation that matters against d², and p ≈ q keeps full relative accuracy;
///  * otherwise s·φ = 2p·log a + 2q·log b + s·(2 − a − b): the last term is, to first order,
///    what the roundings of s, 2p/s and 2q/s cost the first two (up to ~20 ulps each where
///    φ ≈ 0.1 without it); with p ≥ q (the arguments are ordered first, so the result is
///    exactly symmetric), a ≥ 1 and (2 − a) − b is exact.
[[gnu::always_inline]] inline double kernel_js_term_tame(double x, double y) noexcept {
  // p ≥ q: the term is symmetric, and so exactly is the result (the multiply-adds the
  // compiler contracts would otherwise make term(x, y) and term(y, x) differ in the last bit).
  const bool swap = __builtin_isless(x, y);
  const double p = bit_select(swap, y, x), q = bit_select(swap, x, y);
  const double s = p + q;
  const double inv2 = 2.0 / s;
  const double a = p * inv2, b = q * inv2;
  const double d = 0.5 * ((p - q) * inv2);
  double ma, ka, mb, kb;
  split_log_normal(a, ma, ka);
  split_log_normal(b, mb, kb);
  const bool near = __builtin_isless(d, 0.29);  // d ≥ 0
  const double fa = bit_select(near, d, ma - 1.0), fb = bit_select(near, -d, mb - 1.0);
  const double da = 2.0 + fa, db = 2.0 + fb;
  const double r = 1.0 / (da * db);
  const double sa = fa * db * r, sb = fb * da * r;
  const log1p_parts ea = log1p_reduced_parts(fa, sa), eb = log1p_reduced_parts(fb, sb);
  // Near: (p − q) is exact there, and (p − q)·d does not carry the rounding of s. Far: each
  // logarithm in fdlibm's order.
  const double near_sphi = (p - q) * d + s * (a * ea.c + b * eb.c);
  const double la = log1p_from_parts(fa, ea, ka), lb = log1p_from_parts(fb, eb, kb);
  const double far_sphi = 2.0 * (p * la + q * lb) + s * ((2.0 - a) - b);
  return 0.25 * bit_select(near, near_sphi, far_sphi);
}

/// log(1 + x) for x ≥ −1: −inf at x = −1, NaN below and for NaN, +inf for +inf. Where
/// √½ − 1 ≤ x < √2 − 1 the reduced form is evaluated at x itself (full relative accuracy as
/// x → 0); elsewhere at 1 + x (|log(1 + x)| > 0.34 there, so the rounding of 1 + x costs at
/// most about one ulp more). Error ≲ 2 ulps.
///
/// \code
/// double y = advdiv::detail::kernel_log1p(1e-20);  // 1e-20
/// \endcode
[[gnu::always_inline]] inline double kernel_log1p(double x) noexcept {
  const double a = 1.0 + x;
  double m, k;
  split_log(a, m, k);
  const bool near = __builtin_isgreaterequal(x, -0.2928932188134524) & __builtin_isless(x, 0.41421356237309515);
  const double value = log1p_reduced(bit_select(near, x, m - 1.0), bit_select(near, 0.0, k));
  return log_special(value, a, not_positive_finite(a));
}

}  // namespace advdiv::detail
