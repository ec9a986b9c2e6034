#pragma once
/// \file
/// Reverse Kullback–Leibler generator.

#include <advdiv/divergence/f_generator.hpp>

#include <cmath>

namespace advdiv::fdiv {

/// KL(Q‖P): f(u) = −log u, f'(u) = −1/u, f*(t) = −1 − log(−t) for t < 0,
/// g_f(v) = −e^{−v}, f*(g_f(v)) = v − 1. The term is rel_entr(q, p).
struct reverse_kl {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return -math::log(u); }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(-1) / u; }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(0) ? T(-1) - math::log(-t) : math::infinity<T>();
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 0.0};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return -math::exp(-v); }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept { return v - T(1); }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 0.0; }
  /// q·f(p/q) = −q·log(p/q) from lp = log p, lq = log q (densities far in their tails). Host only.
  double log_term(double lp, double lq) const noexcept { return -std::exp(lq) * (lp - lq); }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = q log(q/p) = math::rel_entr(q, p): 0 where q = 0, +inf where p = 0 < q.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept { return math::rel_entr(q, p); }
};

}  // namespace advdiv::fdiv
