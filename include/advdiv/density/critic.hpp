#pragma once
/// \file
/// The optimal f-GAN critic T* = f'(p/q) and the variational lower bound
/// E_P[T] − E_Q[f*(T)] ≤ D_f(P‖Q).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/density/quadrature.hpp>
#include <advdiv/divergence/f_generator.hpp>

#include <cmath>
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

  /// T*(x) = f'(p(x)/q(x)), with the limits above.
  double operator()(double x) const {
    const double lp = static_cast<double>(log_pdf(p_, x)), lq = static_cast<double>(log_pdf(q_, x));
    constexpr double ninf = -math::infinity<double>();
    if (lp == ninf && lq == ninf) return static_cast<double>(g_.f_prime(1.0));
    if (lq == ninf) return static_cast<double>(g_.slope_at_infinity());
    if (lp == ninf) return static_cast<double>(g_.f_prime(0.0));
    const long double u = std::exp(static_cast<long double>(lp) - static_cast<long double>(lq));
    return static_cast<double>(g_.f_prime(u));
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
  P p_;
  Q q_;
  G g_;
};

/// The variational lower bound E_P[T(x)] − E_Q[f*(T(x))] ≤ D_f(P‖Q) for a critic T
/// (any callable x ↦ T(x)), by quadrature over the union of the supports (as f_divergence()).
/// Equality holds at T = optimal_critic(p, q, g) (the tests check every generator of the
/// catalogue to 1e-8, and that perturbed critics give less). Points where a density is 0
/// contribute nothing to its expectation. A critic value on an open end of dom f* (T* rounds
/// onto it where p/q underflows, e.g. T* = u − 1 → −1 for α = 2, or is −inf where p = 0)
/// takes f* at the limit from inside.
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
  const auto integrand = [&](double x) {
    const double pv = std::exp(static_cast<double>(log_pdf(p, x)));
    const double qv = std::exp(static_cast<double>(log_pdf(q, x)));
    if (pv == 0.0 && qv == 0.0) return 0.0;
    const double t = static_cast<double>(critic(x));
    if (math::isnan(t))
      detail::throw_value_error(function, "T(" + detail::format_value(x) + ")", t, "is not a number");
    double v = pv > 0.0 ? pv * t : 0.0;
    if (qv > 0.0) {
      double tc = t;
      if (!dom.contains(t)) {
        // An end of an open domain (a critic such as T* rounds onto it, or is ±inf where
        // p = 0): f* is taken as its limit from inside. Anything further out is an error.
        if (t == dom.upper) tc = std::nextafter(t, -math::infinity<double>());
        else if (t == dom.lower) tc = std::nextafter(t, math::infinity<double>());
        else
          detail::throw_value_error(function, "T(" + detail::format_value(x) + ")", t,
                                    "is not in the domain of f*");
      }
      v -= qv * static_cast<double>(g.conjugate(tc));
    }
    return v;
  };
  const auto out = detail::integrate_pair(function, p, q, integrand, options);
  return {out.value * scale, out.error * math::abs(scale), false, out.evaluations};
}

/// As above, in the unit of a log base: `advdiv::variational_bound(p, q, T, g, advdiv::bits)`.
template <density_1d P, density_1d Q, class T, variational_f_generator G>
  requires std::is_invocable_r_v<double, const T&, double>
density_result variational_bound(const P& p, const Q& q, const T& critic, const G& g, log_base unit) {
  return variational_bound(p, q, critic, g, detail::density_options_in(unit));
}

}  // namespace advdiv
