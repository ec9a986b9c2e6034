#pragma once
/// \file
/// Shannon entropy and cross-entropy of probability vectors.

#include <advdiv/divergence/discrete.hpp>

namespace advdiv {

namespace detail {
struct entropy_term {
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T) const noexcept { return -math::xlogy(p, p); }
};
struct cross_entropy_term {
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept { return -math::xlogy(p, q); }
};
}  // namespace detail

/// Shannon entropy H(P) = −Σ p_i log p_i (0·log 0 = 0), in nats unless a base is given.
/// Unlike scipy.stats.entropy the input is checked, not normalised.
/// \throws std::invalid_argument if p is empty; std::domain_error for a negative, NaN or
///         infinite entry or a sum off 1.
template <vector_like P>
auto entropy(const P& p, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::entropy";
  const auto pv = detail::view_vector(p, function, "p");
  return detail::reduce_pair(function, pv.span(), pv.span(), detail::entropy_term{}, options, "p", "p");
}

/// Cross-entropy H(P, Q) = −Σ p_i log q_i = H(P) + KL(P‖Q); +inf where q_i = 0 < p_i.
/// \throws as kl().
template <vector_like P, vector_like Q>
auto cross_entropy(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_vectors("advdiv::cross_entropy", p, q, detail::cross_entropy_term{}, options);
}

}  // namespace advdiv
