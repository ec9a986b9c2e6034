#pragma once
/// \file
/// The original GAN generator (Goodfellow et al. 2014), D_f = 2·JS − log 4.

#include <advdiv/divergence/fdiv/jensen_shannon.hpp>

namespace advdiv::fdiv {

/// GAN: f(u) = u log u − (u + 1) log(u + 1), so D_f(P‖Q) = 2·JS(P‖Q) − log 4 ∈ [−log 4, 0]
/// (Goodfellow's C(G)). f'(u) = log(u/(u + 1)), f*(t) = −log(1 − e^t) for t < 0,
/// g_f(v) = log σ(v) = −softplus(−v) (the discriminator D = σ(v), critic T = log D),
/// f*(g_f(v)) = softplus(v) = −log(1 − D).
struct gan {
  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    return math::xlogy(u, u) - (u + T(1)) * math::log1p(u);
  }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return math::log(u / (u + T(1))); }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(0) ? -math::log(-math::expm1(t)) : math::infinity<T>();
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 0.0};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return math::log_sigmoid(v); }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return math::softplus(v);
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 0.0; }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = p log(p/(p+q)) + q log(q/(p+q)) = 2·(JS term − ½(p + q) log 2), with p + q
  /// never formed: it overflows for finite p, q near the largest double (the JS term takes
  /// halves for the same reason).
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    return T(2) * (detail::js_term(p, q) - (T(0.5) * p) * math::ln2<T>() - (T(0.5) * q) * math::ln2<T>());
  }
};

}  // namespace advdiv::fdiv
