#pragma once
/// \file
/// The optimal f-GAN critic T* = f'(p/q) and the variational lower bound
/// E_P[T] − E_Q[f*(T)] ≤ D_f(P‖Q).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/density/quadrature.hpp>
#include <advdiv/divergence/f_generator.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

namespace advdiv {

/// The optimal critic of the variational representation of D_f (Nguyen, Wainwright, Jordan
/// 2010; f-GAN, Nowozin et al. 2016): T*(x) = f'(p(x)/q(x)), which attains
/// D_f(P‖Q) = sup_T E_P[T] − E_Q[f*(T)].
///
/// The ratio is formed from log densities in long double (e^{±11000} is representable), so
/// T* stays right where p or q underflows. Where q = 0 < p, T* = lim_{u→∞} f'(u) =
/// lim f(u)/u (slope_at_infinity); where p = 0 < q, T* = f'(0); where both vanish,
/// T* = f'(1) (any value works there). For fdiv::gan, T* = log D* (optimal_discriminator).
/// operator() rounds T* to double, where it can overflow (α = −1: T* = (1 − u⁻²)/2 is −inf
/// for u < e^{−355}); value_long() keeps it in long double, and variational_bound uses that.
///
/// \code
/// advdiv::normal p{0, 1}, q{1, 1};
/// auto T = advdiv::optimal_critic(p, q, advdiv::fdiv::kl{});   // T(x) = 1 + log(p/q)
/// double bound = advdiv::variational_bound(p, q, T, advdiv::fdiv::kl{});  // = KL(P‖Q)
/// \endcode
template <density_1d P, density_1d Q, variational_f_generator G>
class optimal_critic {
 public:
  /// Holds copies of the densities and the generator.
  optimal_critic(P p, Q q, G g) : p_(std::move(p)), q_(std::move(q)), g_(std::move(g)) {}

  /// T*(x) = f'(p(x)/q(x)), with the limits above, rounded to double.
  double operator()(double x) const {
    const double lp = static_cast<double>(log_pdf(p_, x)), lq = static_cast<double>(log_pdf(q_, x));
    if (const auto t = limit<double>(lp, lq)) return *t;
    const long double u = std::exp(static_cast<long double>(lp) - static_cast<long double>(lq));
    return static_cast<double>(g_.f_prime(u));
  }
  /// T*(x) in long double (the limits above where a density is 0), for variational_bound.
  /// Where p, q > 0 but T* = f'(u) or f*(T*) leaves even long double's range (|log u| beyond
  /// about 5678 for α = −1, 11356 for reverse KL), f'(u₀) at the first of u₀ = u^{1/2},
  /// u^{1/4}, ... where both are finite, and `clamped` is set: the bound's integrand
  /// p·t − q·f*(t) is then a lower bound of q·f(p/q) at that point (Fenchel–Young), not an
  /// infinity.
  long double value_long(double x, bool& clamped) const {
    using W = long double;
    const double lp = static_cast<double>(log_pdf(p_, x)), lq = static_cast<double>(log_pdf(q_, x));
    if (const auto t = limit<W>(lp, lq)) return *t;
    const interval dom = g_.conjugate_domain();
    W d = static_cast<W>(lp) - static_cast<W>(lq);
    for (int k = 0; k < 64; ++k, d *= W(0.5)) {
      const W t = static_cast<W>(g_.f_prime(std::exp(d)));
      // Inside |log u| ≤ 700 neither overflows for the catalogue (u, f'(u) within e^{±1400});
      // T* rounded onto an open end of dom f* is taken as it is (variational_bound steps inside).
      if (std::isfinite(t) && (std::abs(d) <= W(700) || t == W(dom.lower) || t == W(dom.upper) ||
                               std::isfinite(static_cast<W>(g_.conjugate(t)))))
        return t;
      clamped = true;
    }
    return static_cast<W>(g_.f_prime(W(1)));
  }
  /// log p(x) − log q(x) (NaN where both vanish).
  double log_ratio(double x) const {
    return static_cast<double>(log_pdf(p_, x)) - static_cast<double>(log_pdf(q_, x));
  }
  /// The density P.
  const P& p() const noexcept { return p_; }
  /// The density Q.
  const Q& q() const noexcept { return q_; }
  /// The generator.
  const G& generator() const noexcept { return g_; }

 private:
  // T* where a density is 0 (the limits above), evaluated in W; nullopt where both are > 0.
  template <class W>
  std::optional<W> limit(double lp, double lq) const {
    constexpr double ninf = -math::infinity<double>();
    if (lp == ninf && lq == ninf) return static_cast<W>(g_.f_prime(W(1)));
    if (lq == ninf) return static_cast<W>(g_.slope_at_infinity());
    if (lp == ninf) return static_cast<W>(g_.f_prime(W(0)));
    return std::nullopt;
  }

  P p_;
  Q q_;
  G g_;
};

namespace detail {

/// A critic that gives its value in long double (optimal_critic::value_long), with a
/// generator whose conjugate is a template: variational_bound then forms its integrand in
/// long double.
template <class T, class G>
concept long_double_critic = requires(const T& critic, const G& g, double x, long double t, bool& clamped) {
  { critic.value_long(x, clamped) } -> std::same_as<long double>;
  { g.conjugate(t) } -> std::same_as<long double>;
};

/// log of the smallest normal double (−708.4).
inline constexpr double log_min_normal = -708.3964185322641;

/// d·y for a density d = e^{l} (l > −inf, d already formed in W), without taking an
/// underflowed d for 0: below the normal range, math::exp_times(l, y) (±inf for y = ±inf,
/// as p·T is then).
template <class W>
W times_density(W d, double l, W y) {
  if (y == W(0)) return W(0);
  if (d >= std::numeric_limits<W>::min()) return d * y;
  return math::exp_times(static_cast<W>(l), y);
}

}  // namespace detail

/// The variational lower bound E_P[T(x)] − E_Q[f*(T(x))] ≤ D_f(P‖Q) for a critic T
/// (any callable x ↦ T(x)), by quadrature over the union of the supports (as f_divergence()).
/// Equality holds at T = optimal_critic(p, q, g) (the tests check every generator of the
/// catalogue to 1e-8, and that perturbed critics give less). Points where a density is 0
/// contribute nothing to its expectation. A critic value on an open end of dom f* (T* rounds
/// onto it where p/q underflows, e.g. T* = u − 1 → −1 for α = 2, or is −inf where p = 0)
/// takes f* at the limit from inside.
///
/// The integrand p·T − q·f*(T) is formed from log p and log q. A point where both densities
/// underflow a double (below 4.9e-324) contributes nothing and the critic is not called there;
/// otherwise a density that underflows is not taken for 0 (p·T is sign(T)·e^{log p + log|T|}
/// there), so a huge critic value where p or q is tiny still counts. For optimal_critic (with
/// a generator whose f' and f* are templates, as the catalogue's), at a node where a density
/// is below the normal range or T* or the integrand is not finite in double, T, f*(T) and the
/// integrand are evaluated again in long double (optimal_critic::value_long) and rounded to
/// double at the end (every other node stays in double): where p underflows while
/// q²/p does not (α = −1, Neyman χ²), T* = f'(p/q) overflows a double but not a long double.
/// Any other critic is used as the double it returns. A critic that is −inf at a point where
/// p > 0 (however small), or whose q·f*(T) is +inf where q > 0, makes the integrand −inf and
/// the bound −inf (true: E_P[T] = −inf, or E_Q[f*(T)] = +inf); a double critic that stands
/// for T* and overflows to −inf there (operator() of optimal_critic, α = −1 in the far tails)
/// therefore gives −inf, never +inf. Only where even long double cannot hold T* or f*(T*)
/// (|log(p/q)| beyond about 5678 for α = −1, 11356 for reverse KL) does value_long clamp it;
/// the value is then a lower bound, and `error` is +inf if such a point has p or q above
/// 1e-308 (f_divergence computes these from its log-space terms).
///
/// \returns the bound with its error estimate, in nats unless the options name another log
///          base; −inf if E_Q[f*(T)] diverges.
/// \throws std::invalid_argument for a log base other than e where G has no logarithmic unit
///         (has_log_unit; as f_divergence()); std::domain_error if T(x) is NaN
///         (`advdiv::variational_bound: T(0.5) = nan is not a number`) or outside dom f* at a point where q > 0
///         (`advdiv::variational_bound: T(0.5) = 0.7 is not in the domain of f*`), if an
///         option is out of range, or if a user's density is not normalised (see density_options).
///
/// \code
/// auto T = advdiv::optimal_critic(p, q, advdiv::fdiv::jensen_shannon{});
/// double b = advdiv::variational_bound(p, q, T, advdiv::fdiv::jensen_shannon{});  // = js(p, q)
/// \endcode
template <density_1d P, density_1d Q, class T, variational_f_generator G>
  requires std::is_invocable_r_v<double, const T&, double>
density_result variational_bound(const P& p, const Q& q, const T& critic, const G& g,
                                 const density_options& options = {}) {
  constexpr const char* function = "advdiv::variational_bound";
  const double scale = detail::check_density_options(function, options);
  (void)check_log_unit<G>(function, options.log_base);  // as f_divergence: e only without a unit
  detail::check_normalised(function, "p", p, options);
  detail::check_normalised(function, "q", q, options);
  const interval dom = g.conjugate_domain();
  bool lower_bound_only = false;
  // p·t − q·f*(t) at x in W (double or long double), from the log densities lp, lq and the
  // densities pd = e^{lp}, qd = e^{lq} formed in W.
  const auto integrand_at = [&]<class W>(double x, double lp, W pd, double lq, W qd, W t) -> W {
    constexpr W ninf = -std::numeric_limits<W>::infinity();
    if (std::isnan(t))
      detail::throw_value_error(function, "T(" + detail::format_value(x) + ")", static_cast<double>(t),
                                "is not a number");
    // E_P part: only p = 0 exactly (log p = −inf) contributes nothing.
    const W a = lp == -math::infinity<double>() ? W(0) : detail::times_density(pd, lp, t);
    W b = 0;
    if (lq != -math::infinity<double>()) {
      W tc = t;
      const bool above = dom.lower_open ? t > W(dom.lower) : t >= W(dom.lower);
      const bool below = dom.upper_open ? t < W(dom.upper) : t <= W(dom.upper);
      if (!(above && below)) {
        // An end of an open domain (a critic such as T* rounds onto it, or is ±inf where
        // p = 0): f* is taken as its limit from inside. Anything further out is an error.
        if (t == W(dom.upper)) tc = std::nextafter(t, ninf);
        else if (t == W(dom.lower)) tc = std::nextafter(t, -ninf);
        else
          detail::throw_value_error(function, "T(" + detail::format_value(x) + ")", static_cast<double>(t),
                                    "is not in the domain of f*");
      }
      b = detail::times_density(qd, lq, static_cast<W>(g.conjugate(tc)));
    }
    // T = −inf where p > 0 or f*(T) = +inf where q > 0: the integrand is −inf whatever the
    // other part (for T → −inf, p·T dominates q·f*(T) = o(|T|); never −inf + inf = NaN).
    if (a == ninf || b == -ninf) return ninf;
    return a - b;
  };
  const auto integrand = [&](double x) {
    const double lp = static_cast<double>(log_pdf(p, x)), lq = static_cast<double>(log_pdf(q, x));
    // Where both densities underflow a double the point counts as nothing and the critic is
    // not called (as before P10: a user's critic may be NaN that far out, 0·inf say).
    const double pv = std::exp(lp), qv = std::exp(lq);
    if (pv == 0.0 && qv == 0.0) return 0.0;
    const double t = static_cast<double>(critic(x));
    if constexpr (detail::long_double_critic<T, G>) {
      // In double where that is safe: both densities normal numbers (or 0), T* and the result
      // finite (nearly every node). Otherwise T* and the integrand again in long double.
      const auto normal_or_zero = [](double l) {
        return l == -math::infinity<double>() || l >= detail::log_min_normal;
      };
      if (normal_or_zero(lp) && normal_or_zero(lq) && std::isfinite(t)) {
        const double v = integrand_at(x, lp, pv, lq, qv, t);
        if (std::isfinite(v)) return v;
      }
      bool clamped = false;
      const long double tl = critic.value_long(x, clamped);
      // Where T* left long double's range and a density is still a normal double, the point
      // may carry weight and its integrand is only a lower bound: reported as error +inf.
      // Where both are below 1e-308 as well, it counts as nothing, as an underflowed density did.
      if (clamped && math::max(lp, lq) > detail::log_min_normal) lower_bound_only = true;
      using W = long double;
      return static_cast<double>(
          integrand_at(x, lp, std::exp(static_cast<W>(lp)), lq, std::exp(static_cast<W>(lq)), tl));
    } else {
      return integrand_at(x, lp, pv, lq, qv, t);
    }
  };
  const auto out = detail::integrate_pair(function, p, q, integrand, options);
  const double error = lower_bound_only ? math::infinity<double>() : out.error * math::abs(scale);
  return {out.value * scale, error, false, out.evaluations};
}

/// As above, in the unit of a log base: `advdiv::variational_bound(p, q, T, g, advdiv::bits)`.
template <density_1d P, density_1d Q, class T, variational_f_generator G>
  requires std::is_invocable_r_v<double, const T&, double>
density_result variational_bound(const P& p, const Q& q, const T& critic, const G& g, log_base unit) {
  return variational_bound(p, q, critic, g, detail::density_options_in(unit));
}

}  // namespace advdiv
