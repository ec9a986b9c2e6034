#pragma once
/// \file
/// Shannon entropy and cross-entropy of probability vectors.

#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/discrete.hpp>

namespace advdiv {

/// Shannon entropy H(P) = −Σ p_i log p_i (0·log 0 = 0), in nats unless a base is given.
/// Unlike scipy.stats.entropy the input is checked, not normalised.
/// \throws std::invalid_argument if p is empty; std::domain_error for a negative, NaN or
///         infinite entry, a sum off 1 or an invalid option.
/// \code
/// double h = advdiv::entropy(std::vector<double>{0.5, 0.5}, advdiv::bits);  // 1
/// \endcode
template <probability_range P>
auto entropy(const P& p, const divergence_options& options = {}) {
  ADVDIV_DETAIL_REQUIRE_FLOATING(vector_like<P>);
  if constexpr (!vector_like<P>) {
    return 0.0;
  } else {
    constexpr const char* function = "advdiv::entropy";
    using R = vector_value_t<P>;
    using A = detail::accumulator_t<R>;
    const detail::checked_options o = detail::check_divergence_options<R>(function, options);
    const auto pv = detail::view_vector(p, function, "p");
    const detail::span_reducer<R, R> reduce{function, pv.span(), pv.span(), o.tolerance, "p", "p", "p", "p"};
    return static_cast<R>(detail::in_units{}(static_cast<A>(reduce(detail::entropy_term{})),
                                             static_cast<A>(o.inv_log_base)));
  }
}

/// Cross-entropy H(P, Q) = −Σ p_i log q_i = H(P) + KL(P‖Q); +inf where q_i = 0 < p_i.
/// \throws as kl().
template <probability_range P, probability_range Q>
auto cross_entropy(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::cross_entropy>("advdiv::cross_entropy", p, q, options);
}

}  // namespace advdiv
