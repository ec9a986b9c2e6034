#pragma once
/// \file
/// Jeffreys (symmetrised KL) generator.

#include <advdiv/divergence/f_generator.hpp>

#include <cmath>
#include <limits>

namespace advdiv::fdiv {

namespace detail {
/// Wright's omega ω(x) = W₀(e^x), the solution w > 0 of w + log w = x, by Newton's method from
/// a two-branch starting guess (w ≈ x − log x for large x, log1p(e^x) below); quadratic
/// convergence reaches a few ulps in ≤ 6 steps from these guesses. One definition for the host
/// and the device, so every backend gives the same conjugate; it matches mpmath to the
/// conditioning bound on [−700, 1e300] and Boost.Math's lambert_w0(e^x) where e^x is finite
/// (tests/divergence/test_edges.cpp), without Boost.Math's Lambert W in every divergence
/// header (about 1 s of compile time).
template <class T>
ADVDIV_HOST_DEVICE T wright_omega(T x) noexcept {
  if (math::isnan(x) || x == math::infinity<T>()) return x;
  T w = x > T(1) ? x - math::log(x) : (x < T(-20) ? math::exp(x) : math::log1p(math::exp(x)));
  if (!(w > T(0))) return w;  // e^x underflowed to 0
  for (int i = 0; i < 30; ++i) {
    const T step = (w + math::log(w) - x) * w / (w + T(1));
    w -= step;
    if (math::abs(step) <= T(4) * std::numeric_limits<T>::epsilon() * w) break;
  }
  return w;
}

}  // namespace detail

/// Jeffreys divergence KL(P‖Q) + KL(Q‖P) = Σ (p − q) log(p/q):
/// f(u) = (u − 1) log u, f'(u) = log u + 1 − 1/u,
/// f*(t) = w + 1/w + t − 2 on ℝ with w = W₀(e^{1−t}) (Lambert W), g_f(v) = v. Since
/// w + log w = 1 − t, f*(t) = 1/w − log w − 1, which is how it is evaluated: the first form
/// cancels for t ≪ 0 (w ≈ −t), giving −2 instead of −44.0 at t = −4.8e18.
struct jeffreys {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return (u - T(1)) * math::log(u); }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept {
    return math::log(u) + T(1) - T(1) / u;
  }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    const T w = detail::wright_omega(T(1) - t);
    return T(1) / w - math::log(w) - T(1);
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), math::infinity<double>()};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return v; }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept { return conjugate(v); }
  /// d/dv f*(g_f(v)) = f*'(v) = 1/w with w = W₀(e^{1−v}) (from w' = −w/(1 + w)): the density
  /// ratio u at which f'(u) = v. Stated because Lambert W cannot be differentiated generically.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation_derivative(T v) const noexcept {
    return T(1) / detail::wright_omega(T(1) - v);
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return math::infinity<double>(); }
  /// q·f(p/q) = (p − q)·log(p/q) from lp = log p, lq = log q (densities far in their tails). Host only.
  double log_term(double lp, double lq) const noexcept { return (std::exp(lp) - std::exp(lq)) * (lp - lq); }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = (p − q) log(p/q): 0 where p = q, +inf where exactly one of p, q is 0.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    return math::select(p == q, T(0), (p - q) * math::log_ratio(p, q));
  }
};

}  // namespace advdiv::fdiv
