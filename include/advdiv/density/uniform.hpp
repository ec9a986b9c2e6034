#pragma once
/// \file
/// The continuous uniform distribution U(a, b).

#include <advdiv/density/distribution_common.hpp>

#include <boost/math/distributions/uniform.hpp>

namespace advdiv {

/// Continuous uniform distribution on [a, b] (a < b); free functions as for advdiv::normal.
/// \code
/// advdiv::uniform u{0, 2};
/// double p = pdf(u, 1.0);  // 0.5
/// \endcode
class uniform {
 public:
  /// U(a, b). \throws std::domain_error unless a and b are finite and a < b,
  /// e.g. `advdiv::uniform: b = 0 is not finite and > a = 1`.
  uniform(double a, double b) : a_(a), b_(b) {
    check_finite("advdiv::uniform", "a", a);
    check_parameter("advdiv::uniform", "b", b, math::isfinite(b) && b > a,
                    ("is not finite and > a = " + detail::format_value(a)).c_str());
  }
  /// Set: the density integrates to 1 for every valid parameter, so the density integrals
  /// do not check it numerically (see advdiv::normalised_by_construction).
  static constexpr bool normalised_by_construction = true;

  /// The lower end a.
  double a() const noexcept { return a_; }
  /// The upper end b.
  double b() const noexcept { return b_; }

 private:
  double a_, b_;
};

namespace detail {
inline boost::math::uniform_distribution<double, density_policy> to_boost(const uniform& d) {
  return boost::math::uniform_distribution<double, density_policy>(d.a(), d.b());
}
}  // namespace detail

/// Density 1/(b − a) on [a, b], 0 elsewhere. O(1).
inline double pdf(const uniform& d, double x) {
  if (!(x >= d.a() && x <= d.b())) return math::isnan(x) ? x : 0.0;
  return boost::math::pdf(detail::to_boost(d), x);
}

/// log density −log(b − a) on [a, b], −inf elsewhere.
inline double log_pdf(const uniform& d, double x) {
  if (!(x >= d.a() && x <= d.b())) return math::isnan(x) ? x : -math::infinity<double>();
  return -std::log(d.b() - d.a());
}

/// Distribution function (x − a)/(b − a) clamped to [0, 1].
inline double cdf(const uniform& d, double x) {
  if (x <= d.a()) return 0.0;
  if (x >= d.b()) return 1.0;
  return boost::math::cdf(detail::to_boost(d), x);
}

/// Survival function (b − x)/(b − a) clamped to [0, 1].
inline double ccdf(const uniform& d, double x) {
  if (x <= d.a()) return 1.0;
  if (x >= d.b()) return 0.0;
  return boost::math::cdf(boost::math::complement(detail::to_boost(d), x));
}

/// Inverse distribution function a + u(b − a). \throws std::domain_error unless 0 ≤ u ≤ 1.
inline double quantile(const uniform& d, double u) {
  detail::check_quantile_level(u);
  return boost::math::quantile(detail::to_boost(d), u);
}

/// The support [a, b] (closed).
inline interval support(const uniform& d) noexcept { return {d.a(), d.b(), false, false}; }

/// One variate, by inversion of advdiv::uniform01(rng) (core/random.hpp), with any 32- or
/// 64-bit generator.
template <bit_generator_32_or_64 R>
double sample(const uniform& d, R& rng) {
  return boost::math::quantile(detail::to_boost(d), uniform01(rng));
}

}  // namespace advdiv
