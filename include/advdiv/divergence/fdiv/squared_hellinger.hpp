#pragma once
/// \file
/// Squared Hellinger generator.

#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

/// Squared Hellinger H²(P‖Q) = Σ (√p − √q)² ∈ [0, 2] (no ½ factor, as in f-GAN):
/// f(u) = (√u − 1)², f'(u) = 1 − 1/√u, f*(t) = t/(1 − t) for t < 1,
/// g_f(v) = 1 − e^{−v}, f*(g_f(v)) = e^v − 1.
struct squared_hellinger {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    const T d = math::sqrt(u) - T(1);
    return d * d;
  }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(1) - T(1) / math::sqrt(u); }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(1) ? t / (T(1) - t) : math::infinity<T>();
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 1.0};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return -math::expm1(-v); }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept { return math::expm1(v); }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 1.0; }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = (√p − √q)².
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    const T d = math::sqrt(p) - math::sqrt(q);
    return d * d;
  }
};

}  // namespace advdiv::fdiv
