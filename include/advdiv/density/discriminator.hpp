#pragma once
/// \file
/// The optimal GAN discriminator D* = p_data/(p_data + p_G) and the GAN value V(G, D).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/density/quadrature.hpp>

#include <cmath>
#include <string>

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

/// A discriminator that exposes its logit l(x) with D(x) = σ(l(x)) (as optimal_discriminator
/// does); gan_value then evaluates log D and log(1 − D) from the logit.
template <class D>
concept logit_discriminator = requires(const D& d, double x) {
  { d.logit(x) } -> std::convertible_to<double>;
};

/// The GAN value V(G, D) = E_{p_data}[log D(x)] + E_{p_G}[log(1 − D(x))], by quadrature over
/// the union of the supports (as f_divergence()).
///
/// `D` is any callable x ↦ D(x) ∈ [0, 1]; if it has a member `logit(x)` the logs are taken
/// as log σ(l) and log σ(−l) (stable when D is within rounding of 0 or 1). A point where a
/// density is 0 contributes nothing whatever D is there. For every D,
/// V(G, D) ≤ V(G, D*) = 2·JS(p_data‖p_G) − log 4 ∈ [−log 4, 0] (Goodfellow et al. 2014,
/// Thm. 1), which the tests check.
///
/// \returns the value (nats) with its error estimate; −inf if D is 0 where p_data > 0 or 1
///          where p_G > 0.
/// \throws std::domain_error if D(x) is NaN or outside [0, 1]
///         (`advdiv::gan_value: D(0.5) = 1.2 is not in [0, 1]`), if the logit is NaN, or if a
///         user's density is not normalised (see density_options).
///
/// \code
/// auto D = advdiv::optimal_discriminator(p_data, p_g);
/// double v = advdiv::gan_value(p_data, p_g, D);
/// double w = advdiv::gan_value(p_data, p_g, [](double x) { return 0.5; });  // −log 4
/// \endcode
template <density_1d P, density_1d G, class D>
  requires logit_discriminator<D> || std::is_invocable_r_v<double, const D&, double>
density_result gan_value(const P& p_data, const G& p_g, const D& discriminator,
                         const density_options& options = {}) {
  constexpr const char* function = "advdiv::gan_value";
  detail::check_density_options(function, options);
  detail::check_normalised(function, "p_data", p_data, options);
  detail::check_normalised(function, "p_g", p_g, options);
  const auto integrand = [&](double x) {
    const double pd = std::exp(static_cast<double>(log_pdf(p_data, x)));
    const double pg = std::exp(static_cast<double>(log_pdf(p_g, x)));
    if (pd == 0.0 && pg == 0.0) return 0.0;
    double log_d, log_1md;
    if constexpr (logit_discriminator<D>) {
      const double l = static_cast<double>(discriminator.logit(x));
      if (math::isnan(l))
        detail::throw_domain_error(function, "logit(" + detail::format_value(x) + ") is nan");
      log_d = math::log_sigmoid(l);
      log_1md = math::log_sigmoid(-l);
    } else {
      const double d = static_cast<double>(discriminator(x));
      if (!(d >= 0.0 && d <= 1.0))
        detail::throw_domain_error(function, "D(" + detail::format_value(x) + ") = " +
                                                 detail::format_value(d) + " is not in [0, 1]");
      log_d = std::log(d);
      log_1md = std::log1p(-d);
    }
    return (pd > 0.0 ? pd * log_d : 0.0) + (pg > 0.0 ? pg * log_1md : 0.0);
  };
  const auto out = detail::integrate_pair(function, p_data, p_g, integrand, options);
  return {out.value, out.error, false, out.evaluations};
}

}  // namespace advdiv
