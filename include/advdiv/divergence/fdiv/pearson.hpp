#pragma once
/// \file
/// Pearson χ² generator.

#include <advdiv/divergence/f_generator.hpp>

namespace advdiv::fdiv {

/// Pearson χ²(P‖Q) = Σ (p − q)²/q: f(u) = (u − 1)², f'(u) = 2(u − 1),
/// f*(t) = t²/4 + t on ℝ, g_f(v) = v.
struct pearson {
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept { return (u - T(1)) * (u - T(1)); }
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept { return T(2) * (u - T(1)); }
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept { return t * t / T(4) + t; }
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return {-math::infinity<double>(), math::infinity<double>()};
  }
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept { return v; }
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    return v * v / T(4) + v;
  }
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept { return math::infinity<double>(); }
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    if (q > T(0)) return (p - q) * (p - q) / q;
    return p == T(0) ? T(0) : math::infinity<T>();
  }
};

}  // namespace advdiv::fdiv
