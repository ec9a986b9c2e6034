#pragma once
/// \file
/// Total-variation generator.

#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

/// Total variation TV(P, Q) = ½ Σ |p − q| ∈ [0, 1]: f(u) = ½|u − 1|,
/// f'(u) = ½ sign(u − 1) (0 at u = 1, a subgradient), f*(t) = t on |t| ≤ ½,
/// g_f(v) = ½ tanh v.
struct total_variation {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return math::abs(u - T(1)) / T(2); }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept {
    return u > T(1) ? T(0.5) : (u < T(1) ? T(-0.5) : T(0));
  }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return math::abs(t) <= T(0.5) ? t : math::infinity<T>();
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-0.5, 0.5, false, false};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return math::tanh(v) / T(2); }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return math::tanh(v) / T(2);
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 0.5; }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = ½|p − q|.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept { return math::abs(p - q) / T(2); }
};

}  // namespace advdiv::fdiv
