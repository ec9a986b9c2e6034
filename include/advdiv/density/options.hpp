#pragma once
/// \file
/// Options and result type of the integrals over densities (divergences, GAN value,
/// variational bounds).

#include <advdiv/divergence/options.hpp>

#include <cstddef>
#include <numbers>
#include <vector>

namespace advdiv {

/// Options of the density integrals.
///
/// \code
/// advdiv::kl(p, q, {.abs_tolerance = 1e-12});
/// advdiv::js(p, q, {.log_base = 2});            // bits
/// advdiv::js(p, q, advdiv::bits);               // the same: every density function also
///                                               // takes a log base on its own
/// advdiv::kl(p, q, {.closed_form = false});     // force quadrature
/// \endcode
struct density_options {
  /// Target absolute accuracy of the integral: adaptive Gauss–Kronrod refinement stops when
  /// the summed error estimate is below max(abs_tolerance/10, rel_tolerance·|value|).
  double abs_tolerance = 1e-9;
  /// Relative accuracy that suffices for large values (e.g. a KL of several thousand nats).
  double rel_tolerance = 1e-13;
  /// Allowed |∫p − 1| for a user's own density, which is integrated first; +inf skips the
  /// check. advdiv's own distributions are normalised by construction and are not integrated.
  double normalisation_tolerance = 1e-6;
  /// Base of the logarithm (e: nats, 2: bits); it scales the result by 1/log(base).
  double log_base = std::numbers::e;
  /// Use a closed form where one exists (KL, squared Hellinger and Bhattacharyya between
  /// normals; KL between uniforms, Laplaces and exponentials).
  bool closed_form = true;
  /// Extra points where an integrand is not smooth (kinks, jumps, narrow peaks of a user's
  /// density); support ends, quantiles and density crossings are found automatically.
  std::vector<double> breakpoints{};
  /// Most Gauss–Kronrod subintervals before refinement stops (the error estimate then tells).
  std::size_t max_intervals = 4000;
};

namespace detail {
/// The default options in the unit of a log base (advdiv::nats, bits, dits).
inline density_options density_options_in(log_base unit) {
  density_options o;
  o.log_base = unit.value;
  return o;
}
}  // namespace detail

/// A value computed by quadrature or in closed form, with its absolute error estimate.
/// It converts to double, so `double d = advdiv::kl(p, q);` works.
struct density_result {
  double value = 0;          ///< the integral (or closed form), in the unit of the options
  double error = 0;          ///< absolute error estimate (0 for a closed form)
  bool closed_form = false;  ///< true when a closed form was used instead of quadrature
  std::size_t evaluations = 0;  ///< integrand evaluations spent
  /// The value.
  constexpr operator double() const noexcept { return value; }  // NOLINT: implicit on purpose
};

}  // namespace advdiv
