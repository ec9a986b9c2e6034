#pragma once
/// \file
/// Squared Hellinger distance between probability vectors.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/squared_hellinger.hpp>

namespace advdiv {

/// Squared Hellinger H²(P, Q) = Σ (√p_i − √q_i)² = 2(1 − Σ√(p_i q_i)) ∈ [0, 2], the
/// f-divergence of f(u) = (√u − 1)² (f-GAN's convention, without the ½ some texts use).
/// No unit: \throws std::invalid_argument `advdiv::squared_hellinger: log_base = 2 is not e
/// (squared Hellinger has no logarithmic unit)` for any log base other than e; otherwise as kl().
template <probability_range P, probability_range Q>
auto squared_hellinger(const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::reduce_named<detail::named::squared_hellinger>("advdiv::squared_hellinger", p, q, options);
}

}  // namespace advdiv
