#pragma once
/// \file
/// Divergences between one-dimensional densities: f_divergence and the named divergences,
/// by adaptive quadrature or in closed form.

#include <advdiv/density/closed_form.hpp>
#include <advdiv/density/log_space.hpp>
#include <advdiv/density/quadrature.hpp>
#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <cmath>

namespace advdiv {

namespace detail {
template <density_1d P, density_1d Q, f_generator G>
density_result density_f_divergence(const char* function, const P& p, const Q& q, const G& g,
                                    const density_options& options) {
  const double scale = check_density_options(function, options);
  (void)check_log_unit<G>(function, options.log_base);  // TV, H², χ², α, a unitless generator: e only
  if (options.closed_form) {
    if (const auto c = closed_form(p, q, g)) return {*c * scale, 0.0, true, 0};
  }
  check_normalised(function, "p", p, options);
  check_normalised(function, "q", q, options);
  bool unresolved = false;
  const auto integrand = [&](double x) {
    return log_space_term(g, static_cast<double>(log_pdf(p, x)), static_cast<double>(log_pdf(q, x)),
                          unresolved);
  };
  const auto out = integrate_pair(function, p, q, integrand, options);
  // A term that could only be bounded (a user's f evaluated beyond its range where its
  // slope at infinity is infinite): the value is a lower bound and the error is unknown.
  const double error = unresolved && math::isfinite(out.value) ? math::infinity<double>() : out.error;
  return {out.value * scale, error * math::abs(scale), false, out.evaluations};
}
}  // namespace detail

/// D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx between two densities, with the limits of DESIGN.md:
/// where q = 0 < p the integrand is p·lim_{u→∞} f(u)/u (so +inf for KL as soon as P has
/// mass where Q has none), where p = 0 < q it is q·f(0).
///
/// The integral runs over the union of the supports, split at support ends, quantiles of
/// both densities (components of mixtures included), points where p and q cross and
/// `options.breakpoints`; each piece is integrated by adaptive 31-point Gauss–Kronrod
/// (Boost.Math), semi-infinite ones after x = a ± t/(1 − t), until the summed error estimate
/// is below max(abs_tolerance/10, rel_tolerance·|D|). The integrand is evaluated from
/// log p and log q, so it stays right where either density underflows. A closed form is
/// used instead when one is known (see density_options::closed_form). A divergent integral
/// (e.g. a χ² whose denominator has the lighter tails) gives +inf when its integrand overflows
/// at the far nodes; one that grows too slowly to overflow stops at options.max_intervals
/// with a large error estimate, so read `error` for unfamiliar pairs.
///
/// A user's own generator (f and slope_at_infinity only) is evaluated as accurately as the
/// catalogue's: f is called at p/q formed from the log densities (in long double when f is
/// a template), never at an underflowed quotient. Where p/q or f(p/q) leaves even that range
/// and f(u)/u is unbounded, the term can only be bounded below: the value is then a lower
/// bound and `error` is +inf (see docs/optimal-discriminator.md).
///
/// \param p, q     densities (advdiv::normal, advdiv::mixture, ..., or any density_1d type)
/// \param g        an f-generator: fdiv::kl{}, fdiv::jensen_shannon{}, fdiv::alpha{0.5}, ...
/// \param options  accuracy, log base, closed forms, extra breakpoints; or a log base on its
///                 own (`advdiv::bits`, `nats`, `dits`), as for the discrete divergences. A
///                 base other than e only for a generator in a logarithmic unit (has_log_unit:
///                 fdiv::kl, reverse_kl, jeffreys, jensen_shannon, gan, or a user's generator
///                 declaring `logarithmic_unit = true`)
/// \returns the divergence with its error estimate (converts to double)
/// \throws std::invalid_argument `advdiv::total_variation: log_base = 2 is not e (total
///         variation has no logarithmic unit)` for a log base other than e where the
///         generator has no logarithmic unit (TV, H², χ², α, a user's generator by default);
///         std::domain_error if an option is out of range, if a user's density does not
///         integrate to 1 within options.normalisation_tolerance
///         (`advdiv::f_divergence: p integrates to 0.5, not 1 (tolerance 1e-06)`), if
///         the integrand is NaN somewhere, or if the quadrature is needed (no closed form,
///         or closed_form off) and a built-in density's width is one it cannot resolve:
///         outside [2^-1000, 2^1000] or below 2^-16·|location| (`advdiv::kl: q.b = 1.1e-321
///         is not a width the quadrature resolves (...)`; the closed forms answer at every
///         width).
///
/// Complexity: typically a few thousand density evaluations.
///
/// \code
/// advdiv::normal p{0, 1};
/// advdiv::mixture q{{0.5, advdiv::normal{-1, 0.5}}, {0.5, advdiv::normal{1, 0.5}}};
/// auto d = advdiv::f_divergence(p, q, advdiv::fdiv::squared_hellinger{});
/// std::printf("%.12f ± %.1e\n", d.value, d.error);
/// \endcode
template <density_1d P, density_1d Q, f_generator G>
density_result f_divergence(const P& p, const Q& q, const G& g, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::f_divergence", p, q, g, options);
}

/// As above, in the unit of a log base: `advdiv::f_divergence(p, q, g, advdiv::bits)`.
template <density_1d P, density_1d Q, f_generator G>
density_result f_divergence(const P& p, const Q& q, const G& g, log_base unit) {
  return f_divergence(p, q, g, detail::density_options_in(unit));
}

/// KL(P‖Q) = ∫ p log(p/q); +inf when P has mass where Q has none. Closed forms for two
/// normals, uniforms, Laplaces or exponentials. \throws as f_divergence().
/// \code
/// double d = advdiv::kl(advdiv::normal{0, 1}, advdiv::normal{1, 2});
/// \endcode
template <density_1d P, density_1d Q>
density_result kl(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::kl", p, q, fdiv::kl{}, options);
}

/// As above, in the unit of a log base: `advdiv::kl(p, q, advdiv::bits)`.
template <density_1d P, density_1d Q>
density_result kl(const P& p, const Q& q, log_base unit) {
  return kl(p, q, detail::density_options_in(unit));
}

/// Reverse KL, KL(Q‖P). \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result reverse_kl(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::reverse_kl", p, q, fdiv::reverse_kl{}, options);
}

/// As above, in the unit of a log base: `advdiv::reverse_kl(p, q, advdiv::bits)`.
template <density_1d P, density_1d Q>
density_result reverse_kl(const P& p, const Q& q, log_base unit) {
  return reverse_kl(p, q, detail::density_options_in(unit));
}

/// Jeffreys divergence KL(P‖Q) + KL(Q‖P) = ∫ (p − q) log(p/q). \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result jeffreys(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::jeffreys", p, q, fdiv::jeffreys{}, options);
}

/// As above, in the unit of a log base: `advdiv::jeffreys(p, q, advdiv::bits)`.
template <density_1d P, density_1d Q>
density_result jeffreys(const P& p, const Q& q, log_base unit) {
  return jeffreys(p, q, detail::density_options_in(unit));
}

/// Standard Jensen–Shannon divergence ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2, in [0, log 2]
/// (log 2 exactly for disjoint supports). Not the f-GAN paper's "JS" (2·JS).
/// \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result js(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::js", p, q, fdiv::jensen_shannon{}, options);
}

/// As above, in the unit of a log base: `advdiv::js(p, q, advdiv::bits)`.
template <density_1d P, density_1d Q>
density_result js(const P& p, const Q& q, log_base unit) {
  return js(p, q, detail::density_options_in(unit));
}

/// Jensen–Shannon distance √JS(P‖Q) (error estimate propagated to first order).
/// \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result js_distance(const P& p, const Q& q, const density_options& options = {}) {
  density_result r = detail::density_f_divergence("advdiv::js_distance", p, q, fdiv::jensen_shannon{}, options);
  const double s = std::sqrt(math::max(r.value, 0.0));
  r.error = s > 0 ? r.error / (2 * s) : std::sqrt(r.error);
  r.value = s;
  return r;
}

/// As above, in the unit of a log base: `advdiv::js_distance(p, q, advdiv::bits)`.
template <density_1d P, density_1d Q>
density_result js_distance(const P& p, const Q& q, log_base unit) {
  return js_distance(p, q, detail::density_options_in(unit));
}

/// Total variation ½∫|p − q| ∈ [0, 1], without a unit (a log base other than e throws
/// std::invalid_argument). \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result total_variation(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::total_variation", p, q, fdiv::total_variation{}, options);
}

/// As above with a log base on its own: total variation has no logarithmic unit, so only
/// `advdiv::nats` is accepted (any other base throws std::invalid_argument, as f_divergence()).
template <density_1d P, density_1d Q>
density_result total_variation(const P& p, const Q& q, log_base unit) {
  return total_variation(p, q, detail::density_options_in(unit));
}

/// Squared Hellinger ∫(√p − √q)² = 2(1 − ∫√(pq)) ∈ [0, 2] (no ½, as in f-GAN); closed form
/// for two normals. \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result squared_hellinger(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::squared_hellinger", p, q, fdiv::squared_hellinger{}, options);
}

/// As above with a log base on its own: squared Hellinger has no logarithmic unit, so only
/// `advdiv::nats` is accepted (any other base throws std::invalid_argument, as f_divergence()).
template <density_1d P, density_1d Q>
density_result squared_hellinger(const P& p, const Q& q, log_base unit) {
  return squared_hellinger(p, q, detail::density_options_in(unit));
}

/// Pearson χ²(P‖Q) = ∫ (p − q)²/q (+inf when the tails of q are too light).
/// \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result pearson_chi2(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::pearson_chi2", p, q, fdiv::pearson{}, options);
}

/// As above with a log base on its own: Pearson chi2 has no logarithmic unit, so only
/// `advdiv::nats` is accepted (any other base throws std::invalid_argument, as f_divergence()).
template <density_1d P, density_1d Q>
density_result pearson_chi2(const P& p, const Q& q, log_base unit) {
  return pearson_chi2(p, q, detail::density_options_in(unit));
}

/// Neyman χ²(P‖Q) = ∫ (p − q)²/p = Pearson χ²(Q‖P). \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result neyman_chi2(const P& p, const Q& q, const density_options& options = {}) {
  return detail::density_f_divergence("advdiv::neyman_chi2", p, q, fdiv::neyman{}, options);
}

/// As above with a log base on its own: Neyman chi2 has no logarithmic unit, so only
/// `advdiv::nats` is accepted (any other base throws std::invalid_argument, as f_divergence()).
template <density_1d P, density_1d Q>
density_result neyman_chi2(const P& p, const Q& q, log_base unit) {
  return neyman_chi2(p, q, detail::density_options_in(unit));
}

/// Amari α-divergence (∫ p^α q^{1−α} − 1)/(α(α − 1)), the f-divergence of fdiv::alpha.
/// No unit: a log base other than e throws std::invalid_argument `advdiv::alpha_divergence:
/// log_base = 2 is not e (the alpha divergence has no logarithmic unit)`.
/// \throws std::domain_error if α is not finite or is 0 or 1; otherwise as f_divergence().
template <density_1d P, density_1d Q>
density_result alpha_divergence(const P& p, const Q& q, double alpha, const density_options& options = {}) {
  constexpr const char* function = "advdiv::alpha_divergence";
  check_alpha(function, alpha);
  return detail::density_f_divergence(function, p, q, fdiv::alpha{alpha}, options);
}

/// As above with a log base on its own: the α-divergence has no logarithmic unit, so only
/// `advdiv::nats` is accepted (any other base throws std::invalid_argument, as f_divergence()).
template <density_1d P, density_1d Q>
density_result alpha_divergence(const P& p, const Q& q, double alpha, log_base unit) {
  return alpha_divergence(p, q, alpha, detail::density_options_in(unit));
}

/// Bhattacharyya distance −log ∫√(p q) (not an f-divergence; ∫√(pq) = 1 − H²/2). The
/// coefficient ∫√(pq) = ∫ exp((log p + log q)/2) is integrated directly (to the absolute
/// accuracy of the options, so the distance is accurate while ∫√(pq) ≫ abs_tolerance);
/// closed form for two normals:
/// (μ₁ − μ₂)²/(4(σ₁² + σ₂²)) + ½ log((σ₁² + σ₂²)/(2σ₁σ₂)). +inf for disjoint supports.
/// \throws as f_divergence().
template <density_1d P, density_1d Q>
density_result bhattacharyya(const P& p, const Q& q, const density_options& options = {}) {
  constexpr const char* function = "advdiv::bhattacharyya";
  const double scale = detail::check_density_options(function, options);
  if (options.closed_form) {
    if (const auto c = detail::closed_form_bhattacharyya(p, q)) return {*c * scale, 0.0, true, 0};
  }
  detail::check_normalised(function, "p", p, options);
  detail::check_normalised(function, "q", q, options);
  const auto integrand = [&](double x) {
    const double s = 0.5 * (static_cast<double>(log_pdf(p, x)) + static_cast<double>(log_pdf(q, x)));
    return s == -math::infinity<double>() ? 0.0 : std::exp(s);
  };
  const auto out = detail::integrate_pair(function, p, q, integrand, options);
  const double bc = out.value;
  if (!(bc > 0)) return {math::infinity<double>(), 0.0, false, out.evaluations};
  return {-std::log(bc) * scale, out.error / bc * math::abs(scale), false, out.evaluations};
}

/// As above, in the unit of a log base: `advdiv::bhattacharyya(p, q, advdiv::bits)`.
template <density_1d P, density_1d Q>
density_result bhattacharyya(const P& p, const Q& q, log_base unit) {
  return bhattacharyya(p, q, detail::density_options_in(unit));
}

}  // namespace advdiv
