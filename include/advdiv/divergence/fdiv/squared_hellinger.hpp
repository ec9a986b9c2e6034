#pragma once
/// \file
/// Squared Hellinger generator.

#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

/// Squared Hellinger H²(P‖Q) = Σ (√p − √q)² ∈ [0, 2] (no ½ factor, as in f-GAN):
/// f(u) = (√u − 1)², f'(u) = 1 − 1/√u, f*(t) = t/(1 − t) for t < 1,
/// g_f(v) = 1 − e^{−v}, f*(g_f(v)) = e^v − 1.
struct squared_hellinger {
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    const T d = math::sqrt(u) - T(1);
    return d * d;
  }
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(1) - T(1) / math::sqrt(u); }
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(1) ? t / (T(1) - t) : math::infinity<T>();
  }
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 1.0};
  }
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return -math::expm1(-v); }
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept { return math::expm1(v); }
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
