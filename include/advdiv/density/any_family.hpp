#pragma once
/// \file
/// advdiv::any_family: one of advdiv's named distributions, chosen at run time, so that a
/// mixture may combine different families.

#include <advdiv/density/distribution_common.hpp>
#include <advdiv/density/exponential.hpp>
#include <advdiv/density/laplace.hpp>
#include <advdiv/density/logistic.hpp>
#include <advdiv/density/normal.hpp>
#include <advdiv/density/uniform.hpp>

#include <variant>

namespace advdiv {

/// One of the named families advdiv::normal, laplace, logistic, uniform or exponential,
/// held by value in a std::variant (no allocation). It converts implicitly from each
/// family and models advdiv::density_with_quantile and samplable_density, forwarding
/// pdf, log_pdf, cdf, ccdf, quantile, support and sample to the family it holds.
///
/// It is the component type of a mixture of different families, which class template
/// argument deduction picks when the components' types differ:
/// \code
/// advdiv::mixture m{{0.5, advdiv::normal{0, 1}}, {0.5, advdiv::laplace{1, 1}}};
/// static_assert(std::is_same_v<decltype(m), advdiv::mixture<advdiv::any_family>>);
/// advdiv::any_family f = advdiv::exponential{2};
/// double x = quantile(f, 0.5);  // log 2 / 2
/// \endcode
class any_family {
 public:
  /// The alternatives, in this order.
  using variant_type = std::variant<normal, laplace, logistic, uniform, exponential>;

  // Implicit on purpose: a family is an any_family (that is what lets a braced mixture
  // component {0.5, advdiv::laplace{1, 1}} initialise a mixture<any_family>).
  any_family(normal d) noexcept : d_(d) {}         ///< holds a normal
  any_family(laplace d) noexcept : d_(d) {}        ///< holds a laplace
  any_family(logistic d) noexcept : d_(d) {}       ///< holds a logistic
  any_family(uniform d) noexcept : d_(d) {}        ///< holds a uniform
  any_family(exponential d) noexcept : d_(d) {}    ///< holds an exponential

  /// Set: every family is normalised by construction, so the density integrals do not
  /// check ∫p = 1 numerically (see advdiv::normalised_by_construction).
  static constexpr bool normalised_by_construction = true;

  /// The family held, for std::visit or std::get.
  const variant_type& value() const noexcept { return d_; }

  /// Whether the family held is F (`f.holds<advdiv::laplace>()`).
  template <class F>
  bool holds() const noexcept {
    return std::holds_alternative<F>(d_);
  }

 private:
  variant_type d_;
};

/// Density of the family held. O(1).
inline double pdf(const any_family& d, double x) {
  return std::visit([x](const auto& f) { return static_cast<double>(pdf(f, x)); }, d.value());
}

/// log density of the family held.
inline double log_pdf(const any_family& d, double x) {
  return std::visit([x](const auto& f) { return static_cast<double>(log_pdf(f, x)); }, d.value());
}

/// Distribution function of the family held.
inline double cdf(const any_family& d, double x) {
  return std::visit([x](const auto& f) { return static_cast<double>(cdf(f, x)); }, d.value());
}

/// Survival function 1 − F(x) of the family held (each family's accurate upper tail).
inline double ccdf(const any_family& d, double x) {
  return std::visit([x](const auto& f) { return static_cast<double>(ccdf(f, x)); }, d.value());
}

/// Inverse distribution function of the family held.
/// \throws std::domain_error unless 0 ≤ u ≤ 1 (`advdiv::quantile: u = 1.5 is not in [0, 1]`).
inline double quantile(const any_family& d, double u) {
  return std::visit([u](const auto& f) { return static_cast<double>(quantile(f, u)); }, d.value());
}

/// The support of the family held.
inline interval support(const any_family& d) noexcept {
  return std::visit([](const auto& f) { return support(f); }, d.value());
}

/// One variate of the family held, drawn exactly as that family draws it (the same
/// stream as sampling the family directly).
template <bit_generator_32_or_64 R>
double sample(const any_family& d, R& rng) {
  return std::visit([&rng](const auto& f) { return static_cast<double>(sample(f, rng)); }, d.value());
}

}  // namespace advdiv
