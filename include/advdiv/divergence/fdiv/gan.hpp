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
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    return math::xlogy(u, u) - (u + T(1)) * math::log1p(u);
  }
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return math::log(u / (u + T(1))); }
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    return t < T(0) ? -math::log(-math::expm1(t)) : math::infinity<T>();
  }
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), 0.0};
  }
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return math::log_sigmoid(v); }
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return math::softplus(v);
  }
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return 0.0; }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = p log(p/(p+q)) + q log(q/(p+q)) = 2·(JS term) − (p + q) log 2.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    return T(2) * detail::js_term(p, q) - (p + q) * math::ln2<T>();
  }
};

}  // namespace advdiv::fdiv
