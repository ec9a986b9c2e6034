#pragma once
/// \file
/// Finite mixtures of densities: of one type, or of different named families (any_family).

#include <advdiv/density/distribution_common.hpp>
#include <advdiv/density/any_family.hpp>

#include <boost/math/tools/toms748_solve.hpp>

#include <cstddef>
#include <cstdint>
#include <concepts>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

namespace advdiv {

/// One weighted component of a mixture: `{weight, density}`.
template <class D>
struct mixture_component {
  double weight;  ///< mixing weight w_i ≥ 0 (the weights sum to 1)
  D density;      ///< the component density
};

/// Finite mixture Σ_i w_i p_i of components of one density type D (advdiv::normal by
/// default, so a mixture of normals needs no template argument).
///
/// Class template argument deduction from `{weight, density}` pairs picks D from the
/// components: mixture<F> when every component is the same named family F (normal,
/// laplace, logistic, uniform, exponential; a braced `{mu, sigma}` component is a normal,
/// as it always was), and mixture<advdiv::any_family> when they are of different families.
///
/// \code
/// advdiv::mixture m{{0.3, advdiv::normal{-1, 0.5}}, {0.7, advdiv::normal{2, 1}}};
/// advdiv::mixture l{{0.5, advdiv::laplace{-2, 1}}, {0.5, advdiv::laplace{2, 1}}};  // mixture<laplace>
/// advdiv::mixture a{{0.5, advdiv::normal{0, 1}}, {0.5, advdiv::laplace{1, 1}}};   // mixture<any_family>
/// double x = quantile(m, 0.5);  // by root finding on the cdf
/// \endcode
///
/// The weights are checked, never normalised: they must be finite, ≥ 0 and sum to 1 within
/// 1e-9 (enough for decimal weights such as 0.1 + 0.2 + 0.7, not for a mistake).
template <density_1d D = normal>
class mixture {
 public:
  /// Tolerance on |Σw − 1|.
  static constexpr double weight_tolerance = 1e-9;
  /// Normalised by construction when its components are (the weights are checked).
  static constexpr bool normalised_by_construction = advdiv::normalised_by_construction<D>;

  /// From `{weight, density}` pairs.
  /// \throws std::invalid_argument if there is no component.
  /// \throws std::domain_error if a weight is negative, NaN or infinite
  ///         (`advdiv::mixture: weights[1] = -0.3 is negative`) or the weights do not sum
  ///         to 1 (`advdiv::mixture: weights sums to 0.9, not 1 (tolerance 1e-09)`).
  mixture(std::initializer_list<mixture_component<D>> components) {
    weights_.reserve(components.size());
    components_.reserve(components.size());
    for (const auto& c : components) {
      weights_.push_back(c.weight);
      components_.push_back(c.density);
    }
    validate();
  }

  /// From parallel vectors of weights and components.
  /// \throws std::invalid_argument if they are empty or differ in length; std::domain_error
  ///         for bad weights, as above.
  mixture(std::vector<double> weights, std::vector<D> components)
      : weights_(std::move(weights)), components_(std::move(components)) {
    check_same_size("advdiv::mixture", "weights", weights_.size(), "components", components_.size());
    validate();
  }

  /// The mixing weights.
  std::span<const double> weights() const noexcept { return weights_; }
  /// The component densities.
  std::span<const D> components() const noexcept { return components_; }
  /// The number of components.
  std::size_t size() const noexcept { return weights_.size(); }

 private:
  void validate() const {
    check_probability("advdiv::mixture", "weights", std::span<const double>(weights_),
                      weight_tolerance);
  }

  std::vector<double> weights_;
  std::vector<D> components_;
};

namespace detail {

/// Accepts exactly an F and nothing convertible to it (not a braced `{a, b}`): the
/// deduction guides below use it so that only a component that *is* an F selects
/// mixture<F>. Guides are only ever overload-resolved, never called.
template <class F>
struct exactly {
  template <class T>
    requires std::same_as<T, F>
  exactly(const T&) noexcept {}
};

/// A `{weight, density}` pair whose density is exactly an F (see exactly).
template <class F>
struct exact_component {
  double weight;
  exactly<F> density;
};

}  // namespace detail

// Deduction from `{weight, density}` pairs. A braced component's type cannot be deduced
// from the inner braces, so the choice is made by overload resolution between guides:
// the non-template guides (one per family) win over the template fallback when they are
// viable, i.e. when every component is that family; otherwise the fallback gives
// mixture<any_family>, into which each named family converts. Normals keep their
// permissive guide, so `mixture{{0.5, {0, 1}}, ...}` is a mixture of normals as before.
/// \cond DEDUCTION_GUIDES (not API entities: doxygen would list them as undocumented functions)
mixture(std::initializer_list<mixture_component<normal>>) -> mixture<normal>;
mixture(std::initializer_list<detail::exact_component<laplace>>) -> mixture<laplace>;
mixture(std::initializer_list<detail::exact_component<logistic>>) -> mixture<logistic>;
mixture(std::initializer_list<detail::exact_component<uniform>>) -> mixture<uniform>;
mixture(std::initializer_list<detail::exact_component<exponential>>) -> mixture<exponential>;
template <class D = any_family>
mixture(std::initializer_list<mixture_component<D>>) -> mixture<D>;
/// \endcond

/// Density Σ w_i p_i(x). O(k) for k components.
template <class D>
double pdf(const mixture<D>& m, double x) {
  double s = 0.0;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m.weights()[i] > 0.0) s += m.weights()[i] * static_cast<double>(pdf(m.components()[i], x));
  return s;
}

/// log density log Σ exp(log w_i + log p_i(x)), accumulated without underflow. O(k).
template <class D>
double log_pdf(const mixture<D>& m, double x) {
  double acc = -math::infinity<double>();
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m.weights()[i] > 0.0)
      acc = math::log_add_exp(
          acc, std::log(m.weights()[i]) + static_cast<double>(log_pdf(m.components()[i], x)));
  return acc;
}

/// Distribution function Σ w_i F_i(x) (components must provide cdf). O(k).
template <class D>
  requires density_with_quantile<D>
double cdf(const mixture<D>& m, double x) {
  double s = 0.0;
  for (std::size_t i = 0; i < m.size(); ++i) s += m.weights()[i] * static_cast<double>(cdf(m.components()[i], x));
  return math::min(s, 1.0);
}

/// Survival function Σ w_i (1 − F_i(x)), from the components' `ccdf` where they have one
/// (accurate in the upper tail), else from 1 − cdf. O(k).
template <class D>
  requires density_with_quantile<D>
double ccdf(const mixture<D>& m, double x) {
  double s = 0.0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if constexpr (requires { ccdf(m.components()[i], x); })
      s += m.weights()[i] * static_cast<double>(ccdf(m.components()[i], x));
    else
      s += m.weights()[i] * (1.0 - static_cast<double>(cdf(m.components()[i], x)));
  }
  return math::min(s, 1.0);
}

/// The smallest interval holding every component's support (densities may vanish in gaps).
template <class D>
interval support(const mixture<D>& m) {
  interval s = support(m.components()[0]);
  for (std::size_t i = 1; i < m.size(); ++i) {
    const interval c = support(m.components()[i]);
    if (c.lower < s.lower || (c.lower == s.lower && !c.lower_open)) {
      s.lower = c.lower;
      s.lower_open = c.lower_open;
    }
    if (c.upper > s.upper || (c.upper == s.upper && !c.upper_open)) {
      s.upper = c.upper;
      s.upper_open = c.upper_open;
    }
  }
  return s;
}

/// Inverse distribution function, by TOMS 748 root finding on the cdf (on the survival
/// function ccdf for u > ½, where 1 − u is exact): the root lies between the smallest and
/// largest component quantile at u, which bracket it exactly. Accurate to a few ulps in
/// both tails; O(k·iterations), typically ≤ 20 iterations.
/// \throws std::domain_error unless 0 ≤ u ≤ 1.
template <class D>
  requires density_with_quantile<D>
double quantile(const mixture<D>& m, double u) {
  detail::check_quantile_level(u);
  double lo = math::infinity<double>(), hi = -math::infinity<double>();
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!(m.weights()[i] > 0.0)) continue;
    const double x = static_cast<double>(quantile(m.components()[i], u));
    lo = math::min(lo, x);
    hi = math::max(hi, x);
  }
  if (u == 0.0) return lo;
  if (u == 1.0) return hi;
  if (!(lo < hi)) return lo;
  const double v = 1.0 - u;  // exact for u > ½
  const auto f = [&](double x) { return u > 0.5 ? v - ccdf(m, x) : cdf(m, x) - u; };
  const double flo = f(lo), fhi = f(hi);
  if (flo >= 0.0) return lo;
  if (fhi <= 0.0) return hi;
  std::uintmax_t iterations = 200;
  const auto r = boost::math::tools::toms748_solve(f, lo, hi, flo, fhi,
                                                   boost::math::tools::eps_tolerance<double>(50),
                                                   iterations, detail::density_policy());
  return 0.5 * (r.first + r.second);
}

/// One variate: a component drawn by its weight, then a variate of that component.
template <class D, bit_generator_32_or_64 R>
double sample(const mixture<D>& m, R& rng) {
  const double u = uniform01(rng);
  double c = 0.0;
  std::size_t pick = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!(m.weights()[i] > 0.0)) continue;
    pick = i;  // the last component with positive weight catches a rounding shortfall of Σw
    c += m.weights()[i];
    if (u < c) break;
  }
  return static_cast<double>(sample(m.components()[pick], rng));
}

}  // namespace advdiv
