#pragma once
/// \file
/// Shared pieces of the toy distributions: the Boost.Math policy and the quantile-level check.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/density/concepts.hpp>
#include <advdiv/core/random.hpp>

#include <boost/math/policies/policy.hpp>


namespace advdiv::detail {

/// Boost.Math policy of the toy distributions: parameters are validated by advdiv (with
/// its own messages) before Boost sees them, so Boost's domain errors (a NaN x) return NaN
/// and overflow returns ±inf instead of throwing.
using density_policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;

/// Throws std::domain_error `advdiv::quantile: u = 1.5 is not in [0, 1]` unless 0 ≤ u ≤ 1.
inline void check_quantile_level(double u) {
  check_in_interval("advdiv::quantile", "u", u, 0.0, 1.0);
}

}  // namespace advdiv::detail
