#pragma once
/// \file
/// The original GAN generator (Goodfellow et al. 2014), D_f = 2·JS − log 4.

#include <advdiv/divergence/f_generator.hpp>

#include <limits>

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
  /// q·f(p/q) = p log(p/(p+q)) + q log(q/(p+q)). With s = min(p, q), b = max(p, q) and
  /// r = s/b ≤ 1 this is s·(log r − h(r)), h(r) = (1 + r)·log1p(r)/r = a·log a/(a − 1) for
  /// a = 1 + r (Kahan: exact for the rounded a; h → 1 as r → 0, h(1) = 2 log 2): both parts are
  /// ≤ 0, so nothing cancels (the form 2·(JS term − ½(p + q) log 2) loses every value below
  /// 1e-16 of p + q), p + q is never formed (it overflows for finite p, q near the largest
  /// double), and an underflowing r loses nothing: log r = log s − log b there.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    using S = typename math::detail::scalar_of<T>::type;
    const T big = math::max(p, q), small = math::min(p, q);
    const T r = small / big, a = T(1) + r;
    const T h = math::select(a == T(1), T(1), a * (math::log(a) / (a - T(1))));
    const T log_r = math::select(r < T(std::numeric_limits<S>::min()), math::log(small) - math::log(big),
                                 math::log(r));
    return math::select(small == T(0), T(0), small * (log_r - h));
  }
};

}  // namespace advdiv::fdiv
