#pragma once
/// \file
/// Kullback–Leibler, reverse KL and Jeffreys divergences between probability vectors.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/jeffreys.hpp>
#include <advdiv/divergence/fdiv/kl.hpp>
#include <advdiv/divergence/fdiv/reverse_kl.hpp>

namespace advdiv {

/// KL(P‖Q) = Σ p_i log(p_i/q_i), with SciPy's rel_entr conventions per term
/// (0 where p_i = 0; +inf where q_i = 0 < p_i). Nats unless a log base is given.
///
/// \throws std::invalid_argument empty input or length mismatch.
/// \throws std::domain_error negative / NaN / infinite entry, sum off 1 by more than the
///         tolerance, invalid log base. Nothing is normalised silently.
/// Complexity: one pass, O(n).
///
/// \code
/// std::vector<double> p{0.5, 0.5}, q{0.9, 0.1};
/// double nats = advdiv::kl(p, q);
/// double bits = advdiv::kl(p, q, advdiv::bits);
/// \endcode
template <probability_range P, probability_range Q>
auto kl(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::kl>("advdiv::kl", p, q, options);
}

/// Reverse KL, KL(Q‖P) = Σ q_i log(q_i/p_i): the f-divergence of f(u) = −log u.
/// Same conventions, errors and complexity as kl().
template <probability_range P, probability_range Q>
auto reverse_kl(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::reverse_kl>("advdiv::reverse_kl", p, q, options);
}

/// Jeffreys divergence KL(P‖Q) + KL(Q‖P) = Σ (p_i − q_i) log(p_i/q_i), symmetric;
/// +inf when one vector has mass where the other has none. Errors as kl().
template <probability_range P, probability_range Q>
auto jeffreys(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::jeffreys>("advdiv::jeffreys", p, q, options);
}

}  // namespace advdiv
