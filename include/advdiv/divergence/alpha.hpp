#pragma once
/// \file
/// Amari α-divergence and Rényi divergence between probability vectors.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/alpha.hpp>
#include <advdiv/divergence/kl.hpp>

namespace advdiv {

/// Amari α-divergence D_α(P‖Q) = (Σ p_i^α q_i^{1−α} − 1)/(α(α − 1)), the f-divergence of
/// fdiv::alpha. α = 2: ½ Pearson χ²; α = ½: 2·H² (squared_hellinger).
/// \throws std::domain_error if α is not finite or is 0 or 1 (use reverse_kl / kl);
///         otherwise as kl().
template <vector_like P, vector_like Q>
auto alpha_divergence(const P& p, const Q& q, double alpha,
                      const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::alpha_divergence";
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha != 0.0 && alpha != 1.0,
                  "must be finite and not 0 or 1 (use reverse_kl or kl)");
  return detail::named_f_divergence(function, p, q, fdiv::alpha{alpha}, options);
}

namespace detail {
/// Rényi divergence from the α-divergence of normalised vectors:
/// Σ p^α q^{1−α} = 1 + α(α − 1)·D_α, so D_α^{Rényi} = log1p(α(α − 1)·D_α)/(α − 1), which keeps
/// the digits of tiny divergences of nearly equal vectors. Shared by the CPU and Thrust paths.
template <class R>
R renyi_from_alpha_divergence(R d_alpha, double alpha, double inv_log_base) {
  const R a = static_cast<R>(alpha);
  using std::log1p;
  return static_cast<R>(log1p(a * (a - R(1)) * d_alpha) / (a - R(1)) * static_cast<R>(inv_log_base));
}
}  // namespace detail

/// Rényi divergence of order α > 0: D_α(P‖Q) = log(Σ p_i^α q_i^{1−α}) / (α − 1);
/// α = 1 is the limit KL(P‖Q). Non-decreasing in α; D_½ = −2 log(Σ√(p q)).
/// Evaluated as log1p(α(α − 1)·D_α)/(α − 1) from the α-divergence, which assumes Σp = Σq = 1.
/// \throws std::domain_error unless α is finite and > 0; otherwise as kl().
template <vector_like P, vector_like Q>
auto renyi(const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::renyi";
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha > 0.0,
                  "must be finite and positive");
  if (alpha == 1.0) return detail::named_f_divergence(function, p, q, fdiv::kl{}, options);
  const auto d_alpha = detail::named_f_divergence(function, p, q, fdiv::alpha{alpha},
                                                  divergence_options{std::numbers::e, options.sum_tolerance});
  return detail::renyi_from_alpha_divergence(d_alpha, alpha, detail::inverse_log_base(function, options));
}

}  // namespace advdiv
