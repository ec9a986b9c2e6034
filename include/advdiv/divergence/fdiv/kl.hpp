#pragma once
/// \file
/// Kullback–Leibler generator.

#include <advdiv/divergence/f_generator.hpp>

#include <cmath>

namespace advdiv::fdiv {

/// KL(P‖Q): f(u) = u log u, f'(u) = 1 + log u, f*(t) = e^{t−1} on ℝ, g_f(v) = v.
/// The term q·f(p/q) = p log(p/q) is SciPy's rel_entr(p, q).
struct kl {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return math::xlogy(u, u); }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(1) + math::log(u); }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept { return math::exp(t - T(1)); }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), math::infinity<double>()};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return v; }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return math::exp(v - T(1));
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return math::infinity<double>(); }
  /// q·f(p/q) = p·log(p/q) from lp = log p, lq = log q (densities far in their tails). Host only.
  double log_term(double lp, double lq) const noexcept { return std::exp(lp) * (lp - lq); }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// The term uses only what the run-time dispatched kernel vectorises (core/dispatch.hpp).
  static constexpr bool dispatch_term = true;
  /// q·f(p/q) = p log(p/q) = math::rel_entr(p, q): 0 where p = 0, +inf where q = 0 < p.
  template <class T> ADVDIV_HOST_DEVICE ADVDIV_DETAIL_KERNEL_INLINE T term(T p, T q) const noexcept { return math::rel_entr(p, q); }
};

}  // namespace advdiv::fdiv
