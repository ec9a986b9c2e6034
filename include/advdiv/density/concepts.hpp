#pragma once
/// \file
/// The role of a one-dimensional density: what every density algorithm of advdiv needs.

#include <advdiv/divergence/f_generator.hpp>

#include <concepts>
#include <random>

namespace advdiv {

/// A probability density on the real line, found through free functions (ADL), in the
/// style of Boost.Math's distributions:
/// - `pdf(d, x)`: the density at x (0 outside the support),
/// - `log_pdf(d, x)`: its logarithm (−inf outside the support), accurate where pdf underflows,
/// - `support(d)`: an advdiv::interval containing every x with pdf(d, x) > 0.
///
/// The density must integrate to 1; algorithms that integrate a user's own density check
/// that (to the tolerance of density_options) and report it otherwise.
/// `cdf` and `quantile` are optional (see density_with_quantile); when present they tell the
/// quadrature where the mass lies. A vector is never a density, so the density overloads of
/// kl, js, f_divergence, ... never collide with the discrete ones.
///
/// \code
/// namespace my {
/// struct triangle {};  // p(x) = 1 − |x| on [−1, 1]
/// inline double pdf(triangle, double x) { return std::abs(x) < 1 ? 1 - std::abs(x) : 0; }
/// inline double log_pdf(triangle t, double x) { return std::log(pdf(t, x)); }
/// inline advdiv::interval support(triangle) { return {-1, 1, false, false}; }
/// }
/// static_assert(advdiv::density_1d<my::triangle>);
/// double d = advdiv::kl(my::triangle{}, advdiv::normal{0, 0.5});
/// \endcode
template <class D>
concept density_1d = requires(const D& d, double x) {
  { pdf(d, x) } -> std::convertible_to<double>;
  { log_pdf(d, x) } -> std::convertible_to<double>;
  { support(d) } -> std::convertible_to<interval>;
};

/// A density_1d that also provides its distribution function `cdf(d, x)` and its inverse
/// `quantile(d, u)` for u ∈ [0, 1] (quantile(d, 0) and quantile(d, 1) are the ends of the
/// support, possibly infinite).
template <class D>
concept density_with_quantile = density_1d<D> && requires(const D& d, double x) {
  { cdf(d, x) } -> std::convertible_to<double>;
  { quantile(d, x) } -> std::convertible_to<double>;
};

/// A density_1d that can draw a variate with any uniform random bit generator R
/// through `sample(d, rng)`.
template <class D, class R>
concept samplable_density = density_1d<D> && std::uniform_random_bit_generator<std::remove_cvref_t<R>> &&
    requires(const D& d, R& rng) {
      { sample(d, rng) } -> std::convertible_to<double>;
    };

}  // namespace advdiv
