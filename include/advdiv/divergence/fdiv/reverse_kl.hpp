#pragma once
/// \file
/// Reverse Kullback–Leibler generator.

#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

/// KL(Q‖P): f(u) = −log u, f'(u) = −1/u, f*(t) = −1 − log(−t) for t < 0,
/// g_f(v) = −e^{−v}, f*(g_f(v)) = v − 1. The term is rel_entr(q, p).
struct reverse_kl {
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return -math::log(u); }
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(-1) / u; }
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(0) ? T(-1) - math::log(-t) : math::infinity<T>();
  }
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 0.0};
  }
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return -math::exp(-v); }
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept { return v - T(1); }
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 0.0; }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = q log(q/p): 0 where q = 0, +inf where p = 0 < q.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    return math::select(q == T(0), T(0), q * math::log_ratio(q, p));
  }
};

}  // namespace advdiv::fdiv
