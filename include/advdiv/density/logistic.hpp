#pragma once
/// \file
/// The logistic distribution.

#include <advdiv/density/distribution_common.hpp>

#include <boost/math/distributions/logistic.hpp>

namespace advdiv {

/// Logistic distribution with location μ and scale s: cdf σ((x − μ)/s),
/// p(x) = e^{−z}/(s(1 + e^{−z})²), z = (x − μ)/s.
/// \code
/// advdiv::logistic g{0, 1};
/// double u = cdf(g, 0.0);  // 0.5
/// \endcode
class logistic {
 public:
  /// Logistic(mu, s). \throws std::domain_error unless mu is finite and s finite and > 0.
  logistic(double mu, double s) : mu_(mu), s_(s) {
    check_finite("advdiv::logistic", "mu", mu);
    check_positive_finite("advdiv::logistic", "s", s);
  }
  /// Set: the density integrates to 1 for every valid parameter, so the density integrals
  /// do not check it numerically (see advdiv::normalised_by_construction).
  static constexpr bool normalised_by_construction = true;

  /// The location μ.
  double mu() const noexcept { return mu_; }
  /// The scale s (the standard deviation is sπ/√3).
  double s() const noexcept { return s_; }

 private:
  double mu_, s_;
};

namespace detail {
inline boost::math::logistic_distribution<double, density_policy> to_boost(const logistic& d) {
  return boost::math::logistic_distribution<double, density_policy>(d.mu(), d.s());
}
}  // namespace detail

/// Density (Boost.Math). O(1).
inline double pdf(const logistic& d, double x) { return boost::math::pdf(detail::to_boost(d), x); }

/// log density −|z| − 2 log1p(e^{−|z|}) − log s, z = (x − μ)/s (the density is even in z).
inline double log_pdf(const logistic& d, double x) {
  const double z = std::abs((x - d.mu()) / d.s());
  return -z - 2 * std::log1p(std::exp(-z)) - std::log(d.s());
}

/// Distribution function σ((x − μ)/s) (Boost.Math).
inline double cdf(const logistic& d, double x) { return boost::math::cdf(detail::to_boost(d), x); }

/// Survival function 1 − F(x), accurate in the upper tail (Boost.Math's complement).
inline double ccdf(const logistic& d, double x) {
  return boost::math::cdf(boost::math::complement(detail::to_boost(d), x));
}

/// Inverse distribution function μ + s·log(u/(1 − u)); ±inf at u = 0, 1.
/// \throws std::domain_error unless 0 ≤ u ≤ 1.
inline double quantile(const logistic& d, double u) {
  detail::check_quantile_level(u);
  if (u == 0.0) return -math::infinity<double>();
  if (u == 1.0) return math::infinity<double>();
  return boost::math::quantile(detail::to_boost(d), u);
}

/// The support (−inf, inf).
inline interval support(const logistic&) noexcept {
  return {-math::infinity<double>(), math::infinity<double>()};
}

/// One variate, by inversion of advdiv::uniform01(rng) (core/random.hpp), with any 32- or
/// 64-bit generator.
template <bit_generator_32_or_64 R>
double sample(const logistic& d, R& rng) {
  return boost::math::quantile(detail::to_boost(d), uniform01(rng));
}

}  // namespace advdiv
