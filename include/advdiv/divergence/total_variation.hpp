#pragma once
/// \file
/// Total-variation distance between probability vectors.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/total_variation.hpp>

namespace advdiv {

/// TV(P, Q) = ½ Σ |p_i − q_i| ∈ [0, 1], a metric, without a unit.
/// \throws std::invalid_argument `advdiv::total_variation: log_base = 2 is not e (total
///         variation has no logarithmic unit)` for any log base other than e; otherwise as kl().
template <probability_range P, probability_range Q>
auto total_variation(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::total_variation>("advdiv::total_variation", p, q, options);
}

}  // namespace advdiv
