#pragma once
/// \file
/// Jensen–Shannon generator (the standard JS, ≤ log 2).

#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

namespace detail {
/// φ(d) = (1 + d) log(1 + d) + (1 − d) log(1 − d) for d ∈ [−1, 1], which is ≥ 0 and
/// ≈ d² near 0. The direct form cancels for small |d|; there the even series
/// φ(d) = Σ_{k≥1} d^{2k} / (k(2k − 1)) is summed (7 terms reach full precision for |d| < 0.05).
/// Branch-free: log1p(±d) by Kahan's log(a)·(±d)/(a − 1) with a = 1 ± d, 0·log 0 = 0.
template <class T>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T js_phi(T d) noexcept {
  const T x = d * d;
  const T series = x * (T(1) + x * (T(1) / 6 + x * (T(1) / 15 + x * (T(1) / 28 +
                   x * (T(1) / 45 + x * (T(1) / 66 + x * (T(1) / 91)))))));
  const T a = T(1) + d, b = T(1) - d;
  T la, lb;  // log1p(d), log1p(−d)
  if constexpr (requires { T::kernel_log1p_pair(d, la, lb); }) {  // detail::lane: log1p kernels
    T::kernel_log1p_pair(d, la, lb);
  } else {
    la = math::log(a) * (d / (a - T(1)));
    lb = math::log(b) * (-d / (b - T(1)));
  }
  const T direct = math::select(a == T(0), T(0), a * la) + math::select(b == T(0), T(0), b * lb);
  return math::select(math::abs(d) < T(0.05), series, direct);
}

/// ½[p log(2p/(p+q)) + q log(2q/(p+q))] = (p + q)/4 · φ((p − q)/(p + q)), which is ≥ 0
/// term by term and accurate to a few ulps even when p ≈ q. Where p + q overflows (finite
/// p, q near the largest double, possible for unnormalised input) the halves are used.
/// On detail::tame_lane (the dispatched kernel's blocks with every entry in [2^−500, 2^500])
/// it is detail::kernel_js_term_tame: no series, fewer operations, ≤ 3 ulps for |d| < 0.29
/// and ≤ 9 beyond (tests/divergence/test_js_kernel.cpp), where this form's direct branch
/// loses up to ~50 ulps for 0.05 < |d| < 1.
template <class T>
ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T js_term(T p, T q) noexcept {
  if constexpr (requires { T::kernel_js_term(p, q); }) {
    return T::kernel_js_term(p, q);
  } else {
    using S = typename math::detail::scalar_of<T>::type;
    const T s = p + q;
    T quarter = s / T(4), d = (p - q) / s;
    const auto huge = s > T(std::numeric_limits<S>::max());
    if (math::any(huge)) {
      const T hp = p / T(2), hq = q / T(2);
      quarter = math::select(huge, (hp + hq) / T(2), quarter);
      d = math::select(huge, (hp - hq) / (hp + hq), d);
    }
    return math::select(s == T(0), T(0), quarter * js_phi(d));
  }
}
}  // namespace detail

/// Standard Jensen–Shannon divergence JS(P‖Q) = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2,
/// bounded by log 2:
/// f(u) = ½[u log u − (u + 1) log((u + 1)/2)], f'(u) = ½ log(2u/(u + 1)),
/// f*(t) = −½ log(2 − e^{2t}) for t < ½ log 2, g_f(v) = ½(log 2 − softplus(−v)),
/// f*(g_f(v)) = ½(softplus(v) − log 2).
///
/// The f-GAN paper's "JS" row has no ½ and gives 2·JS; fdiv::gan gives 2·JS − log 4.
struct jensen_shannon {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    return (math::xlogy(u, u) - (u + T(1)) * math::log((u + T(1)) / T(2))) / T(2);
  }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept {
    return math::log(T(2) * u / (u + T(1))) / T(2);
  }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < math::ln2<T>() / T(2) ? -math::log(T(2) - math::exp(T(2) * t)) / T(2)
                                     : math::infinity<T>();
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), math::ln2<double>() / 2};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept {
    return (math::ln2<T>() - math::softplus(-v)) / T(2);
  }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return (math::softplus(v) - math::ln2<T>()) / T(2);
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return math::ln2<double>() / 2; }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// The term uses only what the run-time dispatched kernel vectorises (core/dispatch.hpp).
  static constexpr bool dispatch_term = true;
  /// q·f(p/q) = ½[p log(2p/(p+q)) + q log(2q/(p+q))], ≥ 0 term by term.
  template <class T> ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T term(T p, T q) const noexcept { return detail::js_term(p, q); }
};

}  // namespace advdiv::fdiv
