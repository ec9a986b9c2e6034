#pragma once
/// \file
/// Pearson χ² generator.

#include <advdiv/divergence/f_generator.hpp>

#include <cmath>

namespace advdiv::fdiv {

/// Pearson χ²(P‖Q) = Σ (p − q)²/q: f(u) = (u − 1)², f'(u) = 2(u − 1),
/// f*(t) = t²/4 + t on ℝ, g_f(v) = v.
struct pearson {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return (u - T(1)) * (u - T(1)); }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(2) * (u - T(1)); }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept { return t * t / T(4) + t; }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), math::infinity<double>()};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return v; }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return v * v / T(4) + v;
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return math::infinity<double>(); }
  /// q·f(p/q) = (p − q)²/q = q·(e^{lp − lq} − 1)² from lp = log p, lq = log q, without overflow. Host only.
  double log_term(double lp, double lq) const noexcept { return std::exp(lq + 2 * math::log_abs_expm1(lp - lq)); }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = (p − q)²/q: 0 where p = q (also 0 = 0), +inf where q = 0 < p. Evaluated as
  /// ((p − q)/√q)², which neither underflows to 0/0 (p = 1e-170, q = 0) nor overflows early.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    const T r = (p - q) / math::sqrt(q);
    return math::select(p == q, T(0), r * r);
  }
};

}  // namespace advdiv::fdiv
