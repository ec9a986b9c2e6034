#pragma once
/// \file
/// Neyman χ² generator.

#include <advdiv/divergence/f_generator.hpp>

#include <cmath>

namespace advdiv::fdiv {

/// Neyman χ²(P‖Q) = Σ (p − q)²/p: f(u) = (1 − u)²/u, f'(u) = 1 − 1/u²,
/// f*(t) = 2 − 2√(1 − t) for t < 1, g_f(v) = 1 − e^{−v}, f*(g_f(v)) = 2 − 2e^{−v/2}.
struct neyman {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return (T(1) - u) * (T(1) - u) / u; }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(1) - T(1) / (u * u); }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(1) ? T(2) - T(2) * math::sqrt(T(1) - t) : math::infinity<T>();
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 1.0};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return -math::expm1(-v); }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return T(2) - T(2) * math::exp(-v / T(2));
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 1.0; }
  /// q·f(p/q) = (p − q)²/p = p·(e^{lq − lp} − 1)² from lp = log p, lq = log q, without overflow. Host only.
  double log_term(double lp, double lq) const noexcept { return std::exp(lp + 2 * math::log_abs_expm1(lq - lp)); }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = (p − q)²/p: 0 where p = q, +inf where p = 0 < q. Evaluated as ((p − q)/√p)²,
  /// which neither underflows to 0/0 (p = 0, q = 1e-170) nor overflows early.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    const T r = (p - q) / math::sqrt(p);
    return math::select(p == q, T(0), r * r);
  }
};

}  // namespace advdiv::fdiv
