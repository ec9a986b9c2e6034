#pragma once
/// \file
/// The f-generator concepts (dom f* is an advdiv::interval, from core).
///
/// An f-generator is a convex f: (0, ∞) → ℝ with f(1) = 0 that defines
/// D_f(P‖Q) = Σ q f(p/q). The variational (f-GAN) use also needs its derivative,
/// its Fenchel conjugate f*(t) = sup_u (u t − f(u)), the domain of f*, and an output
/// activation g_f mapping ℝ into dom f*.

#include <advdiv/core/config.hpp>
#include <advdiv/core/interval.hpp>
#include <advdiv/core/math.hpp>

#include <concepts>

namespace advdiv {

/// The minimum an f-generator provides: f(u) and the slope lim_{u→∞} f(u)/u that gives
/// the contribution p·slope of points with q = 0 < p. A user's own type models it with
///
/// \code
/// struct my_f {
///   template <class T> T f(T u) const { return (u - 1) * (u - 1) * (u - 1) * (u - 1); }
///   double slope_at_infinity() const { return advdiv::math::infinity<double>(); }
/// };
/// double d = advdiv::f_divergence(p, q, my_f{});
/// \endcode
///
/// A member `term(p, q)` returning q·f(p/q) with its limits, if present, is used instead of
/// the generic evaluation (the catalogue writes each term in a numerically stable form).
template <class G>
concept f_generator = requires(const G& g, double u) {
  { g.f(u) } -> std::convertible_to<double>;
  { g.slope_at_infinity() } -> std::convertible_to<double>;
};

/// An f-generator with everything the variational bound and f-GAN need: f', f*, dom f*,
/// the output activation g_f and a stable f*(g_f(v)).
template <class G>
concept variational_f_generator = f_generator<G> && requires(const G& g, double x) {
  { g.f_prime(x) } -> std::convertible_to<double>;
  { g.conjugate(x) } -> std::convertible_to<double>;
  { g.conjugate_domain() } -> std::convertible_to<interval>;
  { g.activation(x) } -> std::convertible_to<double>;
  { g.conjugate_of_activation(x) } -> std::convertible_to<double>;
};

/// The per-element divergence term q·f(p/q) of generator G with its limits:
/// 0 when p = q = 0, p·lim f(u)/u when q = 0 < p. Uses G::term when G provides it.
template <f_generator G>
struct f_divergence_term {
  /// The generator whose term is evaluated.
  G generator;

  /// True when G's term is branch-free and may be evaluated on SIMD batches.
  static constexpr bool simd_term = [] {
    if constexpr (requires { G::simd_term; })
      return bool(G::simd_term);
    else
      return false;
  }();

  /// q·f(p/q) is positively homogeneous of degree 1 in (p, q): where single terms overflow
  /// (huge unnormalised entries) the CPU reduction re-sums them from p·2^−64 and q·2^−64
  /// (detail::rescaled_term).
  static constexpr bool homogeneous = true;

  /// q·f(p/q) with the limits above. A zero of either sign is +0 for the term (validation
  /// accepts −0.0, whose sign would otherwise turn a 1/q into −inf).
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept {
    p = p + T(0);  // −0.0 → +0.0; x + 0 is not folded away
    q = q + T(0);
    if constexpr (requires { generator.term(p, q); }) {
      return generator.term(p, q);
    } else {
      if (q > T(0)) return q * static_cast<T>(generator.f(p / q));
      if (p == T(0)) return T(0);
      return p * static_cast<T>(generator.slope_at_infinity());
    }
  }
};

}  // namespace advdiv
