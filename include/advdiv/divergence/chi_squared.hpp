#pragma once
/// \file
/// Pearson and Neyman χ² divergences between probability vectors.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/neyman.hpp>
#include <advdiv/divergence/fdiv/pearson.hpp>

namespace advdiv {

/// Pearson χ²(P‖Q) = Σ (p_i − q_i)²/q_i; +inf when q_i = 0 < p_i. No unit:
/// \throws std::invalid_argument `advdiv::pearson_chi2: log_base = 2 is not e (Pearson chi2 has
///         no logarithmic unit)` for any log base other than e; otherwise as kl().
template <probability_range P, probability_range Q>
auto pearson_chi2(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::pearson_chi2>("advdiv::pearson_chi2", p, q, options);
}

/// Neyman χ²(P‖Q) = Σ (p_i − q_i)²/p_i = Pearson χ²(Q‖P); +inf when p_i = 0 < q_i. No unit:
/// \throws std::invalid_argument `advdiv::neyman_chi2: log_base = 2 is not e (Neyman chi2 has
///         no logarithmic unit)` for any log base other than e; otherwise as kl().
template <probability_range P, probability_range Q>
auto neyman_chi2(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::neyman_chi2>("advdiv::neyman_chi2", p, q, options);
}

}  // namespace advdiv
