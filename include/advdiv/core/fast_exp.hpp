#pragma once
/// \file
/// A branch-free exponential for hot loops (Sinkhorn's shifted sums now, kernel density
/// estimates next), and the two loops built on it: a weighted sum of exponentials and a
/// weighted exponential accumulate. Internal (namespace advdiv::detail): the public
/// functions that use them state their own accuracy.

#include <advdiv/core/config.hpp>
#include <advdiv/core/dispatch.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>

namespace advdiv::detail {

/// Beyond ±kernel_exp_clamp the result is 0 or +inf, selected directly: inside, x·log₂e +
/// 1.5·2⁵² stays in the binade [2⁵², 2⁵³), so the integer k can be read from its low bits.
inline constexpr double kernel_exp_clamp = 1000.0;

/// Below this argument kernel_exp() returns exactly 0: −1021.5·ln 2, where k = round(x/ln 2)
/// reaches −1022 and e^x ≈ 3.1e−308 would need subnormal arithmetic.
inline constexpr double kernel_exp_zero_below = -708.0498449419841;

/// e^x for finite x ≥ kernel_exp_zero_below (≈ −708.05) with a relative error below
/// 2.3e−16 (about one ulp; tests/core/test_fast_exp.cpp checks it against the long double
/// exponential over the whole range), +inf for x > log(DBL_MAX) ≈ 709.78, exactly 0 for
/// x < kernel_exp_zero_below (flush to zero: results that would be subnormal are dropped, so
/// no input ever takes the slow subnormal path of the FPU), NaN for NaN.
///
/// It is written with arithmetic and integer selects only, so that loops over it vectorise
/// under GCC's default -ftrapping-math: Cody–Waite reduction x = k ln 2 + r (|r| ≤ ln2/2)
/// with k read from the bits of a rounding shift, a degree-13 Taylor polynomial of e^r
/// (truncation error < 4e−18), and 2^{k−1} assembled in the exponent bits, k clamped to
/// [−1022, 1025]: the exponent field of 2^{k−1} is then 0 (the scale is 0, result 0) at
/// k = −1022 and all ones (the scale is +inf) at k = 1025. The integer arithmetic is done
/// on unsigned bit patterns, so no input (±inf, NaN, huge) has undefined behaviour.
///
/// \code
/// double y = advdiv::detail::kernel_exp(-1.5);  // ≈ 0.22313016014842982
/// \endcode
inline double kernel_exp(double x) noexcept {
  constexpr double shift = 0x1.8p52;
  constexpr std::uint64_t abs_mask = 0x7fffffffffffffff, inf_bits = 0x7ff0000000000000;
  const std::uint64_t xb = std::bit_cast<std::uint64_t>(x);
  // |x| > kernel_exp_clamp (±inf and NaN included): the answer is 0, +inf or NaN, chosen by
  // integer masks at the end (floating-point or even integer selects here keep GCC from
  // if-converting some of the loops that call this).
  const std::uint64_t ax = xb & abs_mask;
  const std::uint64_t out_of_range = -std::uint64_t(ax > std::bit_cast<std::uint64_t>(kernel_exp_clamp));
  const std::uint64_t is_nan = -std::uint64_t(ax > inf_bits), negative = -(xb >> 63);
  const std::uint64_t out_bits = (xb & is_nan) | (inf_bits & ~is_nan & ~negative);
  const double kd = x * 1.4426950408889634 + shift;
  const double k = kd - shift;
  const double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // k as an integer from the low bits of kd (|k| ≤ 1443 when |x| ≤ kernel_exp_clamp; out of
  // range the bits are meaningless but harmless: unsigned arithmetic, then replaced).
  std::int64_t ki = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(kd) -
                                              std::bit_cast<std::uint64_t>(shift));
  ki = ki < -1022 ? -1022 : (ki > 1025 ? 1025 : ki);
  // 2^{k−1}: exponent field k − 1 + 1023 in [0, 2047]; 0 gives +0.0, 2047 gives +inf.
  const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(ki + 1022) << 52);
  // p ∈ [0.70, 1.42], so 2p·2^{k−1} is formed in one rounding and overflows to +inf exactly
  // when e^x does.
  const std::uint64_t in_bits = std::bit_cast<std::uint64_t>((p + p) * scale);
  return std::bit_cast<double>((in_bits & ~out_of_range) | (out_bits & out_of_range));
}

/// The body of exp_dot and exp_dot_accumulate: Σ_j t_j with t_j = w_j e^{(shift + g_j − c_j)·scale},
/// and s_j += v·t_j when Accumulate. Inlined into each dispatched variant, so every variant
/// vectorises it for its own instruction set.
template <bool Accumulate>
[[gnu::always_inline]] inline double exp_dot_body(double* s, const double* g, const double* c, const double* w,
                                                  double v, double shift, double scale, std::size_t m) noexcept {
  constexpr std::size_t chunk = 256;
  double t[chunk];
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (std::size_t j0 = 0; j0 < m; j0 += chunk) {
    const std::size_t len = m - j0 < chunk ? m - j0 : chunk;
    for (std::size_t j = 0; j < len; ++j)
      t[j] = w[j0 + j] * kernel_exp((shift + g[j0 + j] - c[j0 + j]) * scale);
    if constexpr (Accumulate)
      for (std::size_t j = 0; j < len; ++j) s[j0 + j] += v * t[j];
    std::size_t j = 0;
    for (; j + 4 <= len; j += 4) {
      s0 += t[j];
      s1 += t[j + 1];
      s2 += t[j + 2];
      s3 += t[j + 3];
    }
    for (; j < len; ++j) s0 += t[j];
  }
  return (s0 + s1) + (s2 + s3);
}

/// The body of exp_axpy: s_j += v · e^{(shift + g_j − c_j)·scale}.
[[gnu::always_inline]] inline void exp_axpy_body(double* s, const double* g, const double* c, double v,
                                                 double shift, double scale, std::size_t m) noexcept {
  // Through a local buffer: with the store to s in the same loop, GCC does not if-convert
  // the selects of kernel_exp and the loop stays scalar.
  constexpr std::size_t chunk = 256;
  double t[chunk];
  for (std::size_t j0 = 0; j0 < m; j0 += chunk) {
    const std::size_t len = m - j0 < chunk ? m - j0 : chunk;
    for (std::size_t j = 0; j < len; ++j) t[j] = v * kernel_exp((shift + g[j0 + j] - c[j0 + j]) * scale);
    for (std::size_t j = 0; j < len; ++j) s[j0 + j] += t[j];
  }
}

#if ADVDIV_DETAIL_DISPATCH
// The three kernels compiled for AVX2 and for AVX-512 (core/dispatch.hpp), whatever the flags.
ADVDIV_DETAIL_TARGET_AVX2 inline double exp_dot_avx2(double* s, const double* g, const double* c, const double* w,
                                                     double v, double shift, double scale, std::size_t m,
                                                     bool accumulate) noexcept {
  return accumulate ? exp_dot_body<true>(s, g, c, w, v, shift, scale, m)
                    : exp_dot_body<false>(s, g, c, w, v, shift, scale, m);
}
ADVDIV_DETAIL_TARGET_AVX512 inline double exp_dot_avx512(double* s, const double* g, const double* c,
                                                         const double* w, double v, double shift, double scale,
                                                         std::size_t m, bool accumulate) noexcept {
  return accumulate ? exp_dot_body<true>(s, g, c, w, v, shift, scale, m)
                    : exp_dot_body<false>(s, g, c, w, v, shift, scale, m);
}
ADVDIV_DETAIL_TARGET_AVX2 inline void exp_axpy_avx2(double* s, const double* g, const double* c, double v,
                                                    double shift, double scale, std::size_t m) noexcept {
  exp_axpy_body(s, g, c, v, shift, scale, m);
}
ADVDIV_DETAIL_TARGET_AVX512 inline void exp_axpy_avx512(double* s, const double* g, const double* c, double v,
                                                        double shift, double scale, std::size_t m) noexcept {
  exp_axpy_body(s, g, c, v, shift, scale, m);
}
#endif

/// exp_dot (s == nullptr, accumulate false) or exp_dot_accumulate by the code of `target`,
/// which must be supported (simd_target_supported). All targets add the terms in the same
/// order; they differ only where the compiler contracts a multiply-add of kernel_exp into an
/// FMA (avx2, avx512), so each term agrees to about one ulp and, the terms being nonnegative
/// for w ≥ 0, the sums to a relative 1e−15 (tests/transport/test_kernel_dispatch.cpp).
inline double exp_dot_on(simd_target target, double* s, const double* g, const double* c, const double* w,
                         double v, double shift, double scale, std::size_t m, bool accumulate) noexcept {
#if ADVDIV_DETAIL_DISPATCH
  if (target == simd_target::avx512) return exp_dot_avx512(s, g, c, w, v, shift, scale, m, accumulate);
  if (target == simd_target::avx2) return exp_dot_avx2(s, g, c, w, v, shift, scale, m, accumulate);
#else
  (void)target;
#endif
  return accumulate ? exp_dot_body<true>(s, g, c, w, v, shift, scale, m)
                    : exp_dot_body<false>(s, g, c, w, v, shift, scale, m);
}

/// exp_axpy by the code of `target`, which must be supported; per element as exp_dot_on.
inline void exp_axpy_on(simd_target target, double* s, const double* g, const double* c, double v, double shift,
                        double scale, std::size_t m) noexcept {
#if ADVDIV_DETAIL_DISPATCH
  if (target == simd_target::avx512) return exp_axpy_avx512(s, g, c, v, shift, scale, m);
  if (target == simd_target::avx2) return exp_axpy_avx2(s, g, c, v, shift, scale, m);
#else
  (void)target;
#endif
  exp_axpy_body(s, g, c, v, shift, scale, m);
}

/// Σ_j w_j e^{(shift + g_j − c_j)·scale} over j < m, with kernel_exp (terms below
/// e^{kernel_exp_zero_below} are 0). Vectorised, on the widest instruction set of the CPU
/// (best_simd_target) whatever the build's flags.
inline double exp_dot(const double* g, const double* c, const double* w, double shift, double scale,
                      std::size_t m) noexcept {
  return exp_dot_on(best_simd_target(), nullptr, g, c, w, 0.0, shift, scale, m, false);
}

/// exp_dot that also adds v·w_j e^{(shift + g_j − c_j)·scale} to s_j for j < m (a row's terms
/// summed into the column sums in the same pass).
inline double exp_dot_accumulate(double* s, const double* g, const double* c, const double* w, double v,
                                 double shift, double scale, std::size_t m) noexcept {
  return exp_dot_on(best_simd_target(), s, g, c, w, v, shift, scale, m, true);
}

/// s_j += v · e^{(shift + g_j − c_j)·scale} for j < m, with kernel_exp. Vectorised, on the
/// widest instruction set of the CPU (best_simd_target).
inline void exp_axpy(double* s, const double* g, const double* c, double v, double shift, double scale,
                     std::size_t m) noexcept {
  exp_axpy_on(best_simd_target(), s, g, c, v, shift, scale, m);
}

}  // namespace advdiv::detail
