#pragma once
/// \file
/// Amari α-divergence generator.

#include <advdiv/core/checks.hpp>
#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

/// Amari α-divergence, α ∉ {0, 1}:
/// f(u) = (u^α − 1 − α(u − 1)) / (α(α − 1)), so D = (Σ p^α q^{1−α} − 1)/(α(α − 1)) for
/// normalised P, Q. α = 2 gives ½ Pearson χ², α = ½ gives 2·H², α → 1 tends to KL(P‖Q),
/// α → 0 to KL(Q‖P).
/// f'(u) = (u^{α−1} − 1)/(α − 1), f*(t) = (1/α)(1 + (α − 1)t)^{α/(α−1)} − 1/α on
/// {1 + (α − 1)t > 0}. Output activation (advdiv's choice; f-GAN gives none):
/// g_f(v) = softplus(v) − 1/(α − 1) for α > 1 and 1/(1 − α) − softplus(−v) for α < 1, so that
/// 1 + (α − 1)g_f(v) = |α − 1|·softplus(±v) > 0 and f*(g_f(v)) is evaluated from it directly.
struct alpha {
  double a;

  /// \throws std::domain_error unless α is finite and ∉ {0, 1}.
  explicit alpha(double alpha_value) : a(alpha_value) {
    check_parameter("advdiv::fdiv::alpha", "alpha", alpha_value,
                    math::isfinite(alpha_value) && alpha_value != 0.0 && alpha_value != 1.0,
                    "must be finite and not 0 or 1 (use fdiv::reverse_kl or fdiv::kl)");
  }

  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    const T al = T(a);
    return (math::pow(u, al) - T(1) - al * (u - T(1))) / (al * (al - T(1)));
  }
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept {
    const T al = T(a);
    return (math::pow(u, al - T(1)) - T(1)) / (al - T(1));
  }
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    const T al = T(a);
    const T base = T(1) + (al - T(1)) * t;
    if (!(base > T(0))) return math::infinity<T>();
    return conjugate_from_base(base);
  }
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return a > 1.0 ? interval{-1.0 / (a - 1.0), math::infinity<double>()}
                   : interval{-math::infinity<double>(), 1.0 / (1.0 - a)};
  }
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept {
    const T al = T(a);
    return a > 1.0 ? math::softplus(v) - T(1) / (al - T(1)) : T(1) / (T(1) - al) - math::softplus(-v);
  }
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    const T al = T(a);
    const T base = a > 1.0 ? (al - T(1)) * math::softplus(v) : (T(1) - al) * math::softplus(-v);
    return conjugate_from_base(base);
  }
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept {
    return a > 1.0 ? math::infinity<double>() : 1.0 / (1.0 - a);
  }
  /// (p^α q^{1−α} − q − α(p − q)) / (α(α − 1)), with the limits at p = 0 or q = 0.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    const T al = T(a);
    const T scale = al * (al - T(1));
    if (p > T(0) && q > T(0))
      return (math::pow(p, al) * math::pow(q, T(1) - al) - q - al * (p - q)) / scale;
    if (p == T(0) && q == T(0)) return T(0);
    if (q == T(0)) return p * T(slope_at_infinity());          // p > 0 = q
    return a > 0.0 ? q / al : math::infinity<T>();              // p = 0 < q: q·f(0)
  }

 private:
  template <class T> ADVDIV_HOST_DEVICE T conjugate_from_base(T base) const noexcept {
    const T al = T(a);
    return (math::pow(base, al / (al - T(1))) - T(1)) / al;
  }
};

}  // namespace advdiv::fdiv
