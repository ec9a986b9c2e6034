#pragma once
/// \file
/// The optimal GAN discriminator D* = p_data/(p_data + p_G) and the GAN value V(G, D).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/density/quadrature.hpp>

#include <cmath>
#include <string>
#include <type_traits>

namespace advdiv {

/// The optimal discriminator of the original GAN (Goodfellow et al. 2014, Prop. 1) for a
/// fixed generator: D*(x) = p_data(x)/(p_data(x) + p_G(x)) = σ(log p_data(x) − log p_G(x)).
///
/// It is computed from log densities, as the logistic of the log-ratio, so it stays exact far
/// in the tails where both densities underflow (D* → 0 or 1 as the log-ratio dictates, never
/// 0/0). Where both densities vanish D* is undefined; the convention there is D* = ½
/// (logit 0), which no expectation ever weighs.
///
/// \code
/// advdiv::normal data{0, 1};
/// advdiv::mixture gen{{0.5, advdiv::normal{-2, 1}}, {0.5, advdiv::normal{2, 1}}};
/// auto D = advdiv::optimal_discriminator(data, gen);
/// double d0 = D(0.0), l = D.logit(40.0);   // logit stays finite far in the tails
/// double v = advdiv::gan_value(data, gen, D);   // = 2·JS(data‖gen) − log 4
/// \endcode
template <density_1d P, density_1d G>
class optimal_discriminator {
 public:
  /// Holds copies of the two densities (they are light parameter objects).
  optimal_discriminator(P p_data, G p_g) : p_data_(std::move(p_data)), p_g_(std::move(p_g)) {}

  /// The logit log p_data(x) − log p_G(x): +inf where only p_data is positive, −inf where
  /// only p_G is, 0 where both vanish.
  double logit(double x) const {
    const double a = static_cast<double>(log_pdf(p_data_, x)), b = static_cast<double>(log_pdf(p_g_, x));
    constexpr double ninf = -math::infinity<double>();
    if (a == ninf && b == ninf) return 0.0;
    return a - b;
  }
  /// D*(x) = σ(logit(x)) ∈ [0, 1].
  double operator()(double x) const { return math::sigmoid(logit(x)); }
  /// log D*(x) = −softplus(−logit), exact even where D* rounds to 0.
  double log_value(double x) const { return math::log_sigmoid(logit(x)); }
  /// log(1 − D*(x)) = −softplus(logit), exact even where D* rounds to 1.
  double log_one_minus(double x) const { return math::log_sigmoid(-logit(x)); }

  /// The data density.
  const P& p_data() const noexcept { return p_data_; }
  /// The generator density.
  const G& p_g() const noexcept { return p_g_; }

 private:
  P p_data_;
  G p_g_;
};

/// A discriminator that exposes its logit v(x), with D(x) = σ(v(x)) (as optimal_discriminator
/// and from_logit do); gan_value then takes log D = −softplus(−v) and
/// log(1 − D) = −softplus(v), which stay exact where D rounds to 0 or 1.
template <class D>
concept logit_discriminator = requires(const D& d, double x) {
  { d.logit(x) } -> std::convertible_to<double>;
};

/// A discriminator given by its logit: wraps a callable x ↦ v(x) so that D(x) = σ(v(x)).
/// This is the recommended way to hand a discriminator to gan_value (a network's
/// pre-sigmoid output is its logit).
/// \code
/// auto D = advdiv::from_logit([](double x) { return 0.8 * x - 0.2; });  // D = σ(0.8x − 0.2)
/// double v = advdiv::gan_value(p_data, p_g, D);
/// \endcode
template <class F>
  requires std::is_invocable_r_v<double, const F&, double>
struct from_logit {
  F logit_function;  ///< x ↦ v(x)
  /// The logit v(x).
  double logit(double x) const { return static_cast<double>(logit_function(x)); }
  /// D(x) = σ(v(x)).
  double operator()(double x) const { return math::sigmoid(logit(x)); }
};
/// Wraps a function returning the logit v of a discriminator D = σ(v), the recommended form for gan_value (see above).
template <class F>
from_logit(F) -> from_logit<F>;

/// The GAN value V(G, D) = E_{p_data}[log D(x)] + E_{p_G}[log(1 − D(x))], by quadrature (as
/// f_divergence(), split at the crossings of the two densities), in nats unless the options
/// name another log base.
///
/// The recommended signature passes the logit (logit_discriminator: from_logit(v) or any
/// type with a member `logit(x)`): log D = −softplus(−v) and log(1 − D) = −softplus(v) are
/// exact for every finite v, so a finite V never comes out ±inf, and the integral runs over
/// the whole union of the supports.
///
/// A plain callable x ↦ D(x) ∈ [0, 1] is accepted too. Such a D rounds to exactly 0 or 1
/// where its logit passes about ±37 (e.g. D = σ(0.8x − 0.2) is 1.0 for x > 46), and
/// log(1 − 1) = −inf times a negligible mass would make V = −inf. So on this path the
/// integral runs only where the mass is: inside the points that leave a mass τ of each
/// density outside on each side (τ = abs_tolerance·10⁻⁴/745, from cdf, quantile and ccdf;
/// a density without them is integrated over its support), and the mass m left outside is
/// reported in `error` as 745·m, the most a D whose values there are doubles strictly inside
/// (0, 1) can contribute (|log| ≤ 744.5). Where the mass is, a D of exactly 0 where
/// p_data > 0 (or 1 where p_G > 0) means what it says, V = −inf: pass the logit when your D
/// saturates there. A point where a density is 0 contributes nothing whatever D is there.
///
/// For every D, V(G, D) ≤ V(G, D*) = 2·JS(p_data‖p_G) − log 4 ∈ [−log 4, 0] (Goodfellow et al.
/// 2014, Thm. 1), which the tests check.
///
/// \returns the value with its error estimate; −inf if D is 0 where p_data > 0 or 1 where
///          p_G > 0 (plain path, inside the mass) or if the logit is ∓inf there.
/// \throws std::domain_error if D(x) is NaN or outside [0, 1]
///         (`advdiv::gan_value: D(0.5) = 1.2 is not in [0, 1]`), if the logit is NaN
///         (`advdiv::gan_value: logit(0.5) = nan is not a number`), if an option is out of
///         range or if a user's density is not normalised (see density_options).
///
/// \code
/// advdiv::normal p_data{0, 1}, p_g{1, 1};
/// double v = advdiv::gan_value(p_data, p_g, advdiv::optimal_discriminator(p_data, p_g));
/// double w = advdiv::gan_value(p_data, p_g, advdiv::from_logit([](double x) { return 0.8 * x - 0.2; }));
/// double h = advdiv::gan_value(p_data, p_g, [](double) { return 0.5; });  // −log 4
/// \endcode
template <density_1d P, density_1d G, class D>
  requires logit_discriminator<D> || std::is_invocable_r_v<double, const D&, double>
density_result gan_value(const P& p_data, const G& p_g, const D& discriminator,
                         const density_options& options = {}) {
  constexpr const char* function = "advdiv::gan_value";
  const double scale = detail::check_density_options(function, options);
  detail::check_normalised(function, "p_data", p_data, options);
  detail::check_normalised(function, "p_g", p_g, options);
  const auto integrand = [&](double x) {
    const double pd = std::exp(static_cast<double>(log_pdf(p_data, x)));
    const double pg = std::exp(static_cast<double>(log_pdf(p_g, x)));
    if (pd == 0.0 && pg == 0.0) return 0.0;
    double log_d, log_1md;
    if constexpr (logit_discriminator<D>) {
      const double v = static_cast<double>(discriminator.logit(x));
      if (math::isnan(v))
        detail::throw_domain_error(function, "logit(" + detail::format_value(x) + ") = nan is not a number");
      log_d = -math::softplus(-v);
      log_1md = -math::softplus(v);
    } else {
      const double d = static_cast<double>(discriminator(x));
      if (!is_in_interval(d, 0.0, 1.0))
        detail::throw_value_error(function, "D(" + detail::format_value(x) + ")", d, "is not in [0, 1]");
      log_d = std::log(d);
      log_1md = std::log1p(-d);
    }
    return (pd > 0.0 ? pd * log_d : 0.0) + (pg > 0.0 ? pg * log_1md : 0.0);
  };
  if constexpr (logit_discriminator<D>) {
    const auto out = detail::integrate_pair(function, p_data, p_g, integrand, options);
    return {out.value * scale, out.error * math::abs(scale), false, out.evaluations};
  } else {
    // 744.5 > |log| of every double in (0, 1): the most a unit of truncated mass can add.
    constexpr double log_bound = 745.0;
    const double tau = options.abs_tolerance * 1e-4 / log_bound;
    const auto md = detail::mass_interval(p_data, tau), mg = detail::mass_interval(p_g, tau);
    const interval range{math::min(md.range.lower, mg.range.lower),
                         math::max(md.range.upper, mg.range.upper), false, false};
    const auto out = detail::integrate_pair(function, p_data, p_g, integrand, options, range);
    const double truncation = log_bound * (md.mass_outside + mg.mass_outside);
    return {out.value * scale, (out.error + truncation) * math::abs(scale), false, out.evaluations};
  }
}

/// As above, in the unit of a log base: `advdiv::gan_value(p_data, p_g, D, advdiv::bits)`.
template <density_1d P, density_1d G, class D>
  requires logit_discriminator<D> || std::is_invocable_r_v<double, const D&, double>
density_result gan_value(const P& p_data, const G& p_g, const D& discriminator, log_base unit) {
  return gan_value(p_data, p_g, discriminator, detail::density_options_in(unit));
}

}  // namespace advdiv
