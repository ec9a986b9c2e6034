#pragma once
/// \file
/// The Laplace (double exponential) distribution.

#include <advdiv/density/distribution_common.hpp>

#include <boost/math/distributions/laplace.hpp>

namespace advdiv {

/// Laplace distribution with location μ and scale b: p(x) = e^{−|x − μ|/b}/(2b).
/// \code
/// advdiv::laplace l{0, 1};
/// double x = quantile(l, 0.75);  // log 2
/// \endcode
class laplace {
 public:
  /// Laplace(mu, b). \throws std::domain_error unless mu is finite and b finite and > 0.
  laplace(double mu, double b) : mu_(mu), b_(b) {
    check_finite("advdiv::laplace", "mu", mu);
    check_positive_finite("advdiv::laplace", "b", b);
  }
  /// Set: the density integrates to 1 for every valid parameter, so the density integrals
  /// do not check it numerically (see advdiv::normalised_by_construction).
  static constexpr bool normalised_by_construction = true;

  /// The location μ (mean and median).
  double mu() const noexcept { return mu_; }
  /// The scale b (the standard deviation is b√2).
  double b() const noexcept { return b_; }

 private:
  double mu_, b_;
};

namespace detail {
inline boost::math::laplace_distribution<double, density_policy> to_boost(const laplace& d) {
  return boost::math::laplace_distribution<double, density_policy>(d.mu(), d.b());
}
}  // namespace detail

/// Density e^{−|x − μ|/b}/(2b) (Boost.Math). O(1).
inline double pdf(const laplace& d, double x) { return boost::math::pdf(detail::to_boost(d), x); }

/// log density −|x − μ|/b − log 2b.
inline double log_pdf(const laplace& d, double x) {
  return -std::abs(x - d.mu()) / d.b() - std::log(2 * d.b());
}

/// Distribution function (Boost.Math).
inline double cdf(const laplace& d, double x) { return boost::math::cdf(detail::to_boost(d), x); }

/// Survival function 1 − F(x), accurate in the upper tail (Boost.Math's complement).
inline double ccdf(const laplace& d, double x) {
  return boost::math::cdf(boost::math::complement(detail::to_boost(d), x));
}

/// Inverse distribution function; ±inf at u = 0, 1. \throws std::domain_error unless 0 ≤ u ≤ 1.
inline double quantile(const laplace& d, double u) {
  detail::check_quantile_level(u);
  if (u == 0.0) return -math::infinity<double>();
  if (u == 1.0) return math::infinity<double>();
  return boost::math::quantile(detail::to_boost(d), u);
}

/// The support (−inf, inf).
inline interval support(const laplace&) noexcept {
  return {-math::infinity<double>(), math::infinity<double>()};
}

/// One variate, by inversion of advdiv::uniform01(rng) (core/random.hpp), with any 32- or
/// 64-bit generator.
template <bit_generator_32_or_64 R>
double sample(const laplace& d, R& rng) {
  return boost::math::quantile(detail::to_boost(d), uniform01(rng));
}

}  // namespace advdiv
