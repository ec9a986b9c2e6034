#pragma once
/// \file
/// Amari α-divergence generator.

#include <advdiv/core/checks.hpp>
#include <advdiv/divergence/f_generator.hpp>

#include <cmath>

namespace advdiv {

/// Checks the order α of an Amari α-divergence: finite and neither 0 nor 1 (the limits α → 1
/// and α → 0 are KL(P‖Q) and KL(Q‖P): use kl / reverse_kl). The one α check of the library,
/// used by fdiv::alpha, alpha_divergence on vectors, rows, Thrust ranges and densities.
/// \throws std::domain_error `function: alpha = 1 is not finite and different from 0 and 1`.
/// \code
/// advdiv::check_alpha("my_estimator", alpha);
/// \endcode
inline void check_alpha(const char* function, double alpha) {
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha != 0.0 && alpha != 1.0,
                  "is not finite and different from 0 and 1");
}

namespace fdiv {

/// Amari α-divergence, α ∉ {0, 1}:
/// f(u) = (u^α − 1 − α(u − 1)) / (α(α − 1)), so D = (Σ p^α q^{1−α} − 1)/(α(α − 1)) for
/// normalised P, Q. α = 2 gives ½ Pearson χ², α = ½ gives 2·H², α → 1 tends to KL(P‖Q),
/// α → 0 to KL(Q‖P).
/// f'(u) = (u^{α−1} − 1)/(α − 1), f*(t) = (1/α)(1 + (α − 1)t)^{α/(α−1)} − 1/α on
/// {1 + (α − 1)t > 0}. Output activation (advdiv's choice; f-GAN gives none):
/// g_f(v) = softplus(v) − 1/(α − 1) for α > 1 and 1/(1 − α) − softplus(−v) for α < 1, so that
/// 1 + (α − 1)g_f(v) = |α − 1|·softplus(±v) > 0 and f*(g_f(v)) is evaluated from it directly.
struct alpha {
  double a;  ///< the parameter α

  /// \throws std::domain_error unless α is finite and ∉ {0, 1} (advdiv::check_alpha).
  explicit alpha(double alpha_value) : a(alpha_value) { check_alpha("advdiv::fdiv::alpha", alpha_value); }

  /// The generator f(u) at density ratio u = p/q ≥ 0.
  template <class T> ADVDIV_HOST_DEVICE T f(T u) const noexcept {
    const T al = T(a);
    return (math::pow(u, al) - T(1) - al * (u - T(1))) / (al * (al - T(1)));
  }
  /// f'(u): the optimal critic T* = f'(p/q) at density ratio u.
  template <class T> ADVDIV_HOST_DEVICE T f_prime(T u) const noexcept {
    const T al = T(a);
    return (math::pow(u, al - T(1)) - T(1)) / (al - T(1));
  }
  /// The Fenchel conjugate f*(t) = sup_u (u t − f(u)); +inf outside dom f*.
  template <class T> ADVDIV_HOST_DEVICE T conjugate(T t) const noexcept {
    const T al = T(a);
    const T base = T(1) + (al - T(1)) * t;
    if (!(base > T(0))) return math::infinity<T>();
    return conjugate_from_base(base);
  }
  /// dom f*, the interval on which f* is finite.
  ADVDIV_HOST_DEVICE constexpr interval conjugate_domain() const noexcept {
    return a > 1.0 ? interval{-1.0 / (a - 1.0), math::infinity<double>()}
                   : interval{-math::infinity<double>(), 1.0 / (1.0 - a)};
  }
  /// The output activation g_f, mapping any real v into dom f*.
  template <class T> ADVDIV_HOST_DEVICE T activation(T v) const noexcept {
    const T al = T(a);
    return a > 1.0 ? math::softplus(v) - T(1) / (al - T(1)) : T(1) / (T(1) - al) - math::softplus(-v);
  }
  /// f*(g_f(v)) in a form that neither overflows nor cancels.
  template <class T> ADVDIV_HOST_DEVICE T conjugate_of_activation(T v) const noexcept {
    const T al = T(a);
    const T base = a > 1.0 ? (al - T(1)) * math::softplus(v) : (T(1) - al) * math::softplus(-v);
    return conjugate_from_base(base);
  }
  /// lim_{u→∞} f(u)/u: what a unit of p contributes where q = 0.
  ADVDIV_HOST_DEVICE constexpr double slope_at_infinity() const noexcept {
    return a > 1.0 ? math::infinity<double>() : 1.0 / (1.0 - a);
  }
  /// q·f(p/q) from lp = log p, lq = log q (densities far in their tails). Host only.
  /// Written with L = lp − lq as the term is: e^{lq}·expm1(αL) − α(p − q) over α(α − 1)
  /// (e^{αL + lq} − q where |αL| > 16), so that lp = lq gives 0 for every α; α·lp + (1 − α)·lq
  /// would carry a rounding error of |α·lp|·ε into the exponent.
  double log_term(double lp, double lq) const noexcept {
    const double p = std::exp(lp), q = std::exp(lq);
    if (huge_order<double>()) {  // as huge_order_inner, decided on the logs (p, q may underflow)
      if (lp == lq) return 0.0;
      return (a > 0.0 ? lp > lq : lp < lq) ? math::infinity<double>() : std::fabs(p - q) / std::fabs(a - 1);
    }
    const double x = a * (lp - lq);
    const double power = std::fabs(x) > 16 ? std::exp(x + lq) - q : q * std::expm1(x);
    return (power - a * (p - q)) / (a * (a - 1));
  }
  /// The term is branch-free (math::select), so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// q·f(p/q) = (p^α q^{1−α} − q − α(p − q)) / (α(α − 1)), with the limits at p = 0 or q = 0.
  template <class T> ADVDIV_HOST_DEVICE T term(T p, T q) const noexcept {
    const auto inside = (p > T(0)) & (q > T(0)) & (p < math::infinity<T>()) & (q < math::infinity<T>());
    const T inner = huge_order<typename math::detail::scalar_of<T>::type>() ? huge_order_inner(p, q)
                                                                            : general_inner(p, q, inside);
    const T f0 = T(a > 0.0 ? 1.0 / a : math::infinity<double>());  // f(0)
    const T edge = math::select(q == T(0), p * T(slope_at_infinity()), q * f0);
    return math::select(p == q, T(0), math::select(inside, inner, edge));
  }

 private:
  /// True when α(α − 1) overflows S (|α| above about 1.3e154 in double, 1.8e19 in float).
  template <class S> ADVDIV_HOST_DEVICE bool huge_order() const noexcept {
    const S al = S(a);
    return !math::isfinite(al * (al - S(1)));
  }
  /// The term for 0 < p, q < inf (the lanes `inside`; the others are replaced by the limits).
  template <class T, class M> ADVDIV_HOST_DEVICE T general_inner(T p, T q, const M& inside) const noexcept {
    // With L = log(p/q): p^α q^{1−α} − q − α(p − q) = q·expm1(αL) − α(p − q). Both parts are
    // accurate (expm1, exact p − q near p = q), unlike the pow form, which cancels when p ≈ q.
    const T al = T(a);
    // Inside αL is finite (log_ratio does not overflow); elsewhere the exponent is 0, so expm1
    // and exp never see ±inf or NaN, which SIMD exp / expm1 would convert to an integer
    // (undefined behaviour; the term also sees invalid entries, since validation runs in the
    // same pass).
    const T x = math::select(inside, al * math::log_ratio(p, q), T(0));
    T power = q * math::expm1(x);  // p^α q^{1−α} − q
    // For |αL| > 16 the exponential multiplies the rounding error of L by |αL| (and e^{αL} may
    // overflow while q·e^{αL} does not: tiny q); there p^α q^{1−α} is far from q, nothing
    // cancels, and the pow product is accurate to a few ulps. Where a factor over- or underflows
    // on its own, exp(α log p + (1 − α) log q) instead.
    const auto far = math::abs(x) > T(16);
    if (math::any(far)) {
      const T pf = math::select(far, p, T(1)), qf = math::select(far, q, T(1));  // far ⊂ inside
      const T pp = math::pow(pf, al) * math::pow(qf, T(1) - al);
      const T e = al * math::log(pf) + (T(1) - al) * math::log(qf);
      const T direct = math::select((pp > T(0)) & (pp < math::infinity<T>()), pp, math::exp(e));
      power = math::select(far, direct - q, power);
    }
    return (power - al * (p - q)) / (al * (al - T(1)));
  }
  /// The term for 0 < p, q < inf where α(α − 1) overflows (the general form gives inf/inf):
  /// e^{αL} with L = log(p/q) is astronomically large or 0 (|αL| > 1e138 for distinct doubles),
  /// so the term is +inf where e^{αL} is large (p > q for α > 1, p < q for α < 0), else
  /// (α(q − p) − q)/(α(α − 1)) or −α(p − q)/(α(α − 1)), which is |p − q|/|α − 1| to within
  /// q/(α(α − 1)) (below the smallest double).
  template <class T> ADVDIV_HOST_DEVICE T huge_order_inner(T p, T q) const noexcept {
    const auto grows = a > 0.0 ? (p > q) : (p < q);  // e^{αL} → ∞
    return math::select(grows, math::infinity<T>(), math::abs(p - q) / math::abs(T(a) - T(1)));
  }
  template <class T> ADVDIV_HOST_DEVICE T conjugate_from_base(T base) const noexcept {
    const T al = T(a);
    return (math::pow(base, al / (al - T(1))) - T(1)) / al;
  }
};

}  // namespace fdiv
}  // namespace advdiv
