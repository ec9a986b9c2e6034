#pragma once
/// \file
/// The normal distribution N(μ, σ²).

#include <advdiv/density/distribution_common.hpp>

#include <boost/math/distributions/normal.hpp>

#include <numbers>

namespace advdiv {

/// Normal distribution N(μ, σ²): a light parameter object; pdf, log_pdf, cdf, quantile,
/// support and sample are free functions (found by ADL), computed by Boost.Math.
///
/// \code
/// advdiv::normal n{0, 1};
/// double p = pdf(n, 0.5), u = cdf(n, 0.5), x = quantile(n, 0.975);  // x ≈ 1.959964
/// \endcode
class normal {
 public:
  /// N(mu, sigma²). \throws std::domain_error unless mu is finite and sigma finite and > 0,
  /// e.g. `advdiv::normal: sigma = 0 is not positive and finite`.
  normal(double mu, double sigma) : mu_(mu), sigma_(sigma) {
    check_finite("advdiv::normal", "mu", mu);
    check_positive_finite("advdiv::normal", "sigma", sigma);
  }
  /// Set: the density integrates to 1 for every valid parameter, so the density integrals
  /// do not check it numerically (see advdiv::normalised_by_construction).
  static constexpr bool normalised_by_construction = true;

  /// The mean μ.
  double mu() const noexcept { return mu_; }
  /// The standard deviation σ.
  double sigma() const noexcept { return sigma_; }

 private:
  double mu_, sigma_;
};

namespace detail {
inline boost::math::normal_distribution<double, density_policy> to_boost(const normal& d) {
  return boost::math::normal_distribution<double, density_policy>(d.mu(), d.sigma());
}
}  // namespace detail

/// Density φ((x − μ)/σ)/σ (Boost.Math). O(1).
inline double pdf(const normal& d, double x) { return boost::math::pdf(detail::to_boost(d), x); }

/// log density −z²/2 − log σ − ½ log 2π, z = (x − μ)/σ; exact far beyond where pdf underflows.
inline double log_pdf(const normal& d, double x) {
  const double z = (x - d.mu()) / d.sigma();
  return -0.5 * z * z - std::log(d.sigma()) - 0.5 * std::log(2 * std::numbers::pi);
}

/// Distribution function Φ((x − μ)/σ) (Boost.Math, accurate in both tails).
inline double cdf(const normal& d, double x) { return boost::math::cdf(detail::to_boost(d), x); }

/// Survival function 1 − F(x), accurate in the upper tail (Boost.Math's complement).
inline double ccdf(const normal& d, double x) {
  return boost::math::cdf(boost::math::complement(detail::to_boost(d), x));
}

/// Inverse distribution function; quantile(d, 0) = −inf, quantile(d, 1) = +inf.
/// \throws std::domain_error unless 0 ≤ u ≤ 1 (`advdiv::quantile: u = 1.5 is not in [0, 1]`).
inline double quantile(const normal& d, double u) {
  detail::check_quantile_level(u);
  if (u == 0.0) return -math::infinity<double>();
  if (u == 1.0) return math::infinity<double>();
  return boost::math::quantile(detail::to_boost(d), u);
}

/// The support (−inf, inf).
inline interval support(const normal&) noexcept {
  return {-math::infinity<double>(), math::infinity<double>()};
}

/// One variate μ + σ·advdiv::standard_normal(rng) (core/random.hpp: a fixed ziggurat, so a
/// seed gives the same stream on every platform), with any 32- or 64-bit generator.
template <bit_generator_32_or_64 R>
double sample(const normal& d, R& rng) {
  return d.mu() + d.sigma() * standard_normal(rng);
}

}  // namespace advdiv
