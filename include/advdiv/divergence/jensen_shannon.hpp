#pragma once
/// \file
/// Jensen–Shannon divergence and distance between probability vectors.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/jensen_shannon.hpp>

namespace advdiv {

/// Standard Jensen–Shannon divergence JS(P‖Q) = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2.
/// Symmetric, 0 ≤ JS ≤ log 2 (1 in bits), finite for any pair. Every term is evaluated
/// as (p + q)/4·φ((p − q)/(p + q)) ≥ 0, so the result is never negative, not even by
/// rounding (unlike scipy#20083). It is not the f-GAN paper's "JS" (2·JS) nor
/// fdiv::gan (2·JS − log 4).
///
/// \throws std::invalid_argument, std::domain_error as kl().
/// \code
/// double d = advdiv::js(p, q, advdiv::bits);  // in [0, 1]
/// \endcode
template <probability_range P, probability_range Q>
auto js(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::js>("advdiv::js", p, q, options);
}

/// Jensen–Shannon distance √JS(P‖Q), a metric on probability vectors (what
/// scipy.spatial.distance.jensenshannon returns, but without normalising the input).
/// \throws as js().
template <probability_range P, probability_range Q>
auto js_distance(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::js_distance>("advdiv::js_distance", p, q, options);
}

}  // namespace advdiv
