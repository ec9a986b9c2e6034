#pragma once
/// \file
/// The role of a one-dimensional density: what every density algorithm of advdiv needs.

#include <advdiv/core/interval.hpp>

#include <concepts>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>

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
/// quadrature where the mass lies; so does an optional survival function `ccdf(d, x)`
/// (1 − cdf, accurate in the upper tail), which gan_value uses to find where the upper tail's
/// mass ends. A vector is never a density, so the density overloads of
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

/// A density type that is normalised by construction declares
/// `static constexpr bool normalised_by_construction = true;` (advdiv's own distributions
/// do: their parameters and weights are checked). The density integrals then skip the
/// numerical check that ∫p = 1, which they run for every other density.
template <class D>
concept normalised_by_construction = density_1d<D> && requires {
  requires bool(D::normalised_by_construction);
};

/// A uniform random bit generator that yields 32 or 64 uniform bits per call
/// (std::mt19937, std::mt19937_64, advdiv::random_engine, ...), which is what
/// advdiv::uniform01 and the other draws of core/random.hpp consume.
template <class R>
concept bit_generator_32_or_64 = std::uniform_random_bit_generator<R> &&
    (static_cast<std::uint64_t>(R::max() - R::min()) == std::numeric_limits<std::uint32_t>::max() ||
     static_cast<std::uint64_t>(R::max() - R::min()) == std::numeric_limits<std::uint64_t>::max());

/// A density_1d that can draw a variate through `sample(d, rng)` with a generator R of
/// 32 or 64 bits (std::minstd_rand, whose range is 2³¹ − 2, does not qualify).
template <class D, class R>
concept samplable_density = density_1d<D> && bit_generator_32_or_64<std::remove_cvref_t<R>> &&
    requires(const D& d, R& rng) {
      { sample(d, rng) } -> std::convertible_to<double>;
    };

}  // namespace advdiv
