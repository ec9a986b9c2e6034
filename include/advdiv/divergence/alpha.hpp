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
/// p^α q^{1−α} with its limits (0 where p = 0; where q = 0 < p: 0 for α < 1, +inf for α > 1).
struct renyi_term {
  double alpha;
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept {
    const T a = T(alpha);
    if (p > T(0) && q > T(0)) return math::pow(p, a) * math::pow(q, T(1) - a);
    if (p == T(0)) return T(0);
    return alpha < 1.0 ? T(0) : math::infinity<T>();
  }
};
}  // namespace detail

/// Rényi divergence of order α > 0: D_α(P‖Q) = log(Σ p_i^α q_i^{1−α}) / (α − 1);
/// α = 1 is the limit KL(P‖Q). Non-decreasing in α; D_½ = −2 log(Σ√(p q)).
/// Terms p^α q^{1−α} are summed directly: for α > 1 a q_i below ~1e-300^{1/(α−1)} overflows
/// to +inf.
/// \throws std::domain_error unless α is finite and > 0; otherwise as kl().
template <vector_like P, vector_like Q>
auto renyi(const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::renyi";
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha > 0.0,
                  "must be finite and positive");
  if (alpha == 1.0) return detail::named_f_divergence(function, p, q, fdiv::kl{}, options);
  const auto s = detail::reduce_vectors(function, p, q, detail::renyi_term{alpha},
                                        divergence_options{std::numbers::e, options.sum_tolerance});
  using R = decltype(s);
  const double inv_log_base = detail::inverse_log_base(function, options);
  using std::log;
  return static_cast<R>(log(s) / (static_cast<R>(alpha) - R(1)) * static_cast<R>(inv_log_base));
}

}  // namespace advdiv
