#pragma once
/// \file
/// Discrete f-divergence for any generator.

#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/discrete.hpp>
#include <advdiv/divergence/f_generator.hpp>

namespace advdiv {

/// D_f(P‖Q) = Σ_i q_i f(p_i/q_i) between two probability vectors.
///
/// Conventions: 0·f(0/0) = 0; a point with q_i = 0 < p_i contributes p_i·lim_{u→∞} f(u)/u
/// (+inf for KL, χ², Jeffreys; p_i/2 for TV). The result is in nats unless `options`
/// names another log base (bits: `advdiv::bits`); generators without a logarithm
/// (χ², TV, Hellinger, α) are scaled by 1/log(base) all the same, so keep the default
/// for them.
///
/// \param p, q  probability vectors of equal length: std::vector, std::array, std::span,
///              Eigen vectors / expressions, 1-D xtensor; float, double or long double.
/// \param g     an f-generator, e.g. fdiv::kl{}, fdiv::alpha{0.5}, or a user type modelling
///              advdiv::f_generator.
/// \param options log base and sum tolerance (divergence_options).
/// \throws std::invalid_argument if p or q is empty or their lengths differ.
/// \throws std::domain_error if an entry is negative, NaN or infinite, if a sum differs from 1
///         by more than the tolerance (default_sum_tolerance), or if the log base is invalid.
/// \returns the common value type of p and q; float input is accumulated in double.
///
/// Complexity: one pass, O(n), compensated summation across blocks of 256 terms.
///
/// \code
/// std::vector<double> p{0.2, 0.8}, q{0.5, 0.5};
/// double d = advdiv::f_divergence(p, q, advdiv::fdiv::squared_hellinger{});
/// \endcode
template <probability_range P, probability_range Q, f_generator G>
auto f_divergence(const P& p, const Q& q, const G& g, const divergence_options& options = {}) {
  return detail::reduce_vectors("advdiv::f_divergence", p, q, f_divergence_term<G>{g}, options);
}

}  // namespace advdiv
