#pragma once
/// \file
/// Scalar math used by every per-element formula: thin host/device wrappers
/// and numerically careful primitives (xlogy, relative entropy, softplus, ...).
///
/// Each function is a template on the floating type and usable from device code.
/// The wrappers call the `std::` overload on the host and the CUDA math library
/// on the device (where CUDA provides the same `std::` names).

#include <advdiv/core/config.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

namespace advdiv::math {

namespace detail {
/// The scalar type of T: T itself for float / double / long double, T::value_type for a SIMD
/// batch.
template <class T, class = void>
struct scalar_of {
  using type = T;
};
template <class T>
struct scalar_of<T, std::void_t<typename T::value_type>> {
  using type = typename T::value_type;
};
}  // namespace detail

/// +infinity of type T (in every lane of a SIMD batch).
template <class T>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE constexpr T infinity() noexcept {
  return T(std::numeric_limits<typename detail::scalar_of<T>::type>::infinity());
}

/// A quiet NaN of type T.
template <class T>
ADVDIV_HOST_DEVICE constexpr T quiet_nan() noexcept {
  return T(std::numeric_limits<typename detail::scalar_of<T>::type>::quiet_NaN());
}

/// log(2) in type T.
template <class T>
ADVDIV_HOST_DEVICE constexpr T ln2() noexcept {
  return T(0.693147180559945309417232121458176568L);
}

// The wrappers are generic: besides float / double / long double they accept SIMD batch
// types whose functions are found by argument-dependent lookup (xsimd::batch on the CPU
// reduction path), so each per-element formula below is written once for both.
// clang-format off
/// Natural logarithm.
template <class T> ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T log(T x) noexcept {
  using std::log;
  if constexpr (std::is_arithmetic_v<T>) {
    return log(x);
  } else if constexpr (requires { requires bool(T::exact_subnormal_log); }) {
    return log(x);  // detail::lane: kernel_log handles subnormals itself
  } else {
    // SIMD batches: xsimd's log is wrong for subnormal lanes (log(5e-311) comes out −746.5
    // with AVX2 and 0 with SSE2, true −714.5), so those lanes are scaled by 2^54 first.
    using S = typename detail::scalar_of<T>::type;
    const auto tiny = (x > T(0)) & (x < T(std::numeric_limits<S>::min()));
    const T scaled = log(select(tiny, x * T(S(0x1p54)), x));
    return select(tiny, scaled - T(S(54 * 0.693147180559945309417232121458176568L)), scaled);
  }
}
/// log(1 + x), accurate for small x.
template <class T> ADVDIV_HOST_DEVICE T log1p(T x) noexcept { using std::log1p; return log1p(x); }
/// Exponential.
template <class T> ADVDIV_HOST_DEVICE T exp(T x) noexcept { using std::exp; return exp(x); }
/// e^x − 1, accurate for small x.
template <class T> ADVDIV_HOST_DEVICE T expm1(T x) noexcept { using std::expm1; return expm1(x); }
/// Square root.
template <class T> ADVDIV_HOST_DEVICE T sqrt(T x) noexcept { using std::sqrt; return sqrt(x); }
/// x raised to the power y.
template <class T> ADVDIV_HOST_DEVICE T pow(T x, T y) noexcept { using std::pow; return pow(x, y); }
/// Hyperbolic tangent.
template <class T> ADVDIV_HOST_DEVICE T tanh(T x) noexcept { using std::tanh; return tanh(x); }
/// Absolute value.
template <class T> ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T abs(T x) noexcept { using std::abs; return abs(x); }
/// Larger of a and b.
template <class T> ADVDIV_HOST_DEVICE T max(T a, T b) noexcept { using std::fmax; return fmax(a, b); }
/// Smaller of a and b.
template <class T> ADVDIV_HOST_DEVICE T min(T a, T b) noexcept { using std::fmin; return fmin(a, b); }
/// True for NaN (a mask for SIMD batches).
template <class T> ADVDIV_HOST_DEVICE constexpr auto isnan(T x) noexcept { return x != x; }
/// True for finite values, neither NaN nor ±inf (a mask for SIMD batches).
template <class T> ADVDIV_HOST_DEVICE constexpr auto isfinite(T x) noexcept { return x - x == T(0); }
// clang-format on

/// `c ? a : b`, element-wise for SIMD masks (then found by argument-dependent lookup).
/// Both a and b are evaluated: formulas written with select are branch-free and
/// vectorise; the unselected value may be inf or NaN.
template <class C, class T>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T select(const C& c, const T& a, const T& b) noexcept {
  if constexpr (std::is_arithmetic_v<C>) {
    return c ? a : b;
  } else {
    return select(c, a, b);  // e.g. xsimd::select(batch_bool, batch, batch)
  }
}

/// True if c holds for any lane: c itself for a scalar condition, xsimd::any for a SIMD mask
/// (found by argument-dependent lookup). Guards a rarely needed correction so that a SIMD loop
/// pays for it only in the batches that need it; the correction itself stays a select.
template <class C>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE bool any(const C& c) noexcept {
  if constexpr (std::is_arithmetic_v<C>) {  // bool, or int from bool & bool
    return c != C(0);
  } else {
    return any(c);  // e.g. xsimd::any(batch_bool)
  }
}

/// log(p/q) for p, q ≥ 0 with full relative accuracy also when p ≈ q: for 0.5 < p/q < 2 it
/// uses Kahan's log1p(x) = log(1 + x)·x/((1 + x) − 1) with x = (p − q)/q (p − q is exact
/// there), so one logarithm serves both regimes. Where p/q overflows or leaves the normal
/// range although p, q > 0 (e.g. p = 0.5, q = 1e-309; SciPy gh-20710) it is log p − log q
/// instead. log(0/q) = −inf, log(p/0) = +inf, also for −0.0. Branch-free for SIMD batches (the overflow
/// correction is a select, evaluated only for batches that need it).
template <class T>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T log_ratio(T p, T q) noexcept {
  using S = typename detail::scalar_of<T>::type;
  p = p + T(0);  // −0.0 → +0.0 (x + 0 is not folded away): the sign of a zero is never used
  q = q + T(0);
  if constexpr (requires { T::kernel_log_ratio(p, q); }) {
    return T::kernel_log_ratio(p, q);  // detail::lane: the same contract with one logarithm
  }
  const T r = p / q;
  const T x = (p - q) / q;
  const auto near = (r > T(0.5)) & (r < T(2));
  const T a = select(near, T(1) + x, r);
  const T l = math::log(a);
  const T out = select(near, select(a == T(1), x, l * (x / (a - T(1)))), l);
  const T largest = T(std::numeric_limits<S>::max()), smallest = T(std::numeric_limits<S>::min());
  const auto extreme = (p > T(0)) & (q > T(0)) & ((r > largest) | (r < smallest));
  if (!any(extreme)) return out;
  return select(extreme, math::log(p) - math::log(q), out);
}

/// log|e^d − 1| without overflow or cancellation (−inf at d = 0). Host scalars only.
inline double log_abs_expm1(double d) noexcept {
  if (d > 0) return d + std::log1p(-std::exp(-d));
  return std::log(-std::expm1(d));
}

/// sign(v)·e^{log_scale + log|v|}: e^{log_scale}·v without forming e^{log_scale} first, which
/// may underflow (a density far in its tail) where the product does not. 0 for v = 0, ±inf for
/// v = ±inf. Host scalars only (float, double, long double).
template <class T>
T exp_times(T log_scale, T v) noexcept {
  if (v == T(0)) return T(0);
  const T e = std::exp(log_scale + std::log(std::abs(v)));
  return v > T(0) ? e : -e;
}

/// x·log(y) with the convention 0·log(y) = 0 for every y ≥ 0 (SciPy's xlogy,
/// except that NaN in x or y propagates).
template <class T>
ADVDIV_HOST_DEVICE T xlogy(T x, T y) noexcept {
  if (x == T(0) && !isnan(y)) return T(0);
  return x * math::log(y);
}

/// Relative-entropy term x·log(x/y), the per-element term of KL(P‖Q) = Σ rel_entr(p_i, q_i),
/// with SciPy's `rel_entr` conventions: x·log(x/y) for x, y > 0; 0 for x = 0 ≤ y; +inf for
/// x > 0 = y; +inf for a negative argument; NaN for NaN. −0.0 counts as 0. The logarithm is
/// log_ratio's: full relative accuracy when x ≈ y, no overflow of x/y (log x − log y there).
/// Branch-free, so it is also evaluated on SIMD batches.
template <class T>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T rel_entr(T x, T y) noexcept {
  const T value = select((x == T(0)) & (y >= T(0)), T(0), x * log_ratio(x, y));
  return select((x < T(0)) | (y < T(0)), infinity<T>(), value);
}

/// softplus(x) = log(1 + e^x), without overflow for large x and without
/// losing the tiny value e^x for very negative x.
template <class T>
ADVDIV_HOST_DEVICE T softplus(T x) noexcept {
  // For x > 0: x + log1p(e^{-x}); else log1p(e^{x}).
  return x > T(0) ? x + log1p(exp(-x)) : log1p(exp(x));
}

/// log σ(x) = −softplus(−x), the log of the logistic sigmoid.
template <class T>
ADVDIV_HOST_DEVICE T log_sigmoid(T x) noexcept {
  return -softplus(-x);
}

/// Logistic sigmoid σ(x) = 1/(1 + e^{−x}), evaluated without overflow.
template <class T>
ADVDIV_HOST_DEVICE T sigmoid(T x) noexcept {
  if (x >= T(0)) return T(1) / (T(1) + exp(-x));
  const T e = exp(x);
  return e / (T(1) + e);
}

/// log(e^a + e^b) without overflow; −inf when both are −inf.
template <class T>
ADVDIV_HOST_DEVICE T log_add_exp(T a, T b) noexcept {
  if (isnan(a) || isnan(b)) return quiet_nan<T>();
  const T hi = max(a, b), lo = min(a, b);
  if (hi == -infinity<T>()) return hi;
  if (hi == infinity<T>()) return hi;
  return hi + log1p(exp(lo - hi));
}

/// Binary cross-entropy on a logit: ℓ(x, z) = −[z·log σ(x) + (1 − z)·log(1 − σ(x))]
/// = max(x, 0) − x·z + log1p(e^{−|x|}), exact for every finite logit x.
template <class T>
ADVDIV_HOST_DEVICE T bce_with_logit(T x, T z) noexcept {
  return max(x, T(0)) - x * z + log1p(exp(-abs(x)));
}

}  // namespace advdiv::math
