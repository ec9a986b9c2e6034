#pragma once
/// \file
/// The exponential distribution.

#include <advdiv/density/distribution_common.hpp>

#include <boost/math/distributions/exponential.hpp>

namespace advdiv {

/// Exponential distribution with rate λ: p(x) = λe^{−λx} on [0, ∞).
/// \code
/// advdiv::exponential e{2};
/// double m = quantile(e, 0.5);  // log 2 / 2
/// \endcode
class exponential {
 public:
  /// Exponential(lambda). \throws std::domain_error unless lambda is finite and > 0
  /// (`advdiv::exponential: lambda = 0 is not positive and finite`).
  explicit exponential(double lambda) : lambda_(lambda) {
    check_positive_finite("advdiv::exponential", "lambda", lambda);
  }
  /// Set: the density integrates to 1 for every valid parameter, so the density integrals
  /// do not check it numerically (see advdiv::normalised_by_construction).
  static constexpr bool normalised_by_construction = true;

  /// The rate λ (the mean is 1/λ).
  double lambda() const noexcept { return lambda_; }

 private:
  double lambda_;
};

namespace detail {
inline boost::math::exponential_distribution<double, density_policy> to_boost(const exponential& d) {
  return boost::math::exponential_distribution<double, density_policy>(d.lambda());
}
}  // namespace detail

/// Density λe^{−λx} for x ≥ 0, 0 for x < 0 (Boost.Math). O(1).
inline double pdf(const exponential& d, double x) {
  if (!(x >= 0.0)) return math::isnan(x) ? x : 0.0;
  return boost::math::pdf(detail::to_boost(d), x);
}

/// log density log λ − λx for x ≥ 0, −inf for x < 0.
inline double log_pdf(const exponential& d, double x) {
  if (!(x >= 0.0)) return math::isnan(x) ? x : -math::infinity<double>();
  return std::log(d.lambda()) - d.lambda() * x;
}

/// Distribution function 1 − e^{−λx} (Boost.Math; 0 for x < 0).
inline double cdf(const exponential& d, double x) {
  if (!(x >= 0.0)) return math::isnan(x) ? x : 0.0;
  return boost::math::cdf(detail::to_boost(d), x);
}

/// Survival function e^{−λx} (1 for x < 0).
inline double ccdf(const exponential& d, double x) {
  if (!(x >= 0.0)) return math::isnan(x) ? x : 1.0;
  return boost::math::cdf(boost::math::complement(detail::to_boost(d), x));
}

/// Inverse distribution function −log1p(−u)/λ; quantile(d, 1) = +inf.
/// \throws std::domain_error unless 0 ≤ u ≤ 1.
inline double quantile(const exponential& d, double u) {
  detail::check_quantile_level(u);
  if (u == 1.0) return math::infinity<double>();
  return boost::math::quantile(detail::to_boost(d), u);
}

/// The support [0, inf).
inline interval support(const exponential&) noexcept {
  return {0.0, math::infinity<double>(), false, true};
}

/// One variate advdiv::standard_exponential(rng)/λ (core/random.hpp: a fixed ziggurat, the
/// same stream on every platform), with any 32- or 64-bit generator.
template <bit_generator_32_or_64 R>
double sample(const exponential& d, R& rng) {
  return standard_exponential(rng) / d.lambda();
}

}  // namespace advdiv
