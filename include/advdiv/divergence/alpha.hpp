#pragma once
/// \file
/// Amari α-divergence and Rényi divergence between probability vectors, and the Rényi steps
/// every backend shares.

#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv/alpha.hpp>
#include <advdiv/divergence/kl.hpp>

#include <cmath>

namespace advdiv {

/// Amari α-divergence D_α(P‖Q) = (Σ p_i^α q_i^{1−α} − 1)/(α(α − 1)), the f-divergence of
/// fdiv::alpha. α = 2: ½ Pearson χ²; α = ½: 2·H² (squared_hellinger).
/// \throws std::domain_error if α is not finite or is 0 or 1 (check_alpha; use reverse_kl /
///         kl); otherwise as kl().
/// \code
/// double d = advdiv::alpha_divergence(p, q, 0.5);  // = 2 * squared_hellinger(p, q)
/// \endcode
template <probability_range P, probability_range Q>
auto alpha_divergence(const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::alpha_divergence";
  check_alpha(function, alpha);
  return detail::reduce_vectors(function, p, q, f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}}, options);
}

namespace detail {

/// p^α q^{1−α} for 0 < α < 1 and p, q ≥ 0 (then 0 where p or q is 0): the terms of the Rényi
/// sum Σ p^α q^{1−α}, evaluated as exp(α log p + (1 − α) log q) so that no factor overflows
/// or underflows on its own. Branch-free (the exponent of an edge is replaced by 0 before exp).
struct renyi_power_term {
  double a;  ///< α ∈ (0, 1)
  /// The term is branch-free, so the CPU reduction evaluates it on SIMD batches.
  static constexpr bool simd_term = true;
  /// p^α q^{1−α}.
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept {
    // ±inf or NaN never reaches exp (SIMD exp converts its argument to an integer).
    const auto inside = (p > T(0)) & (q > T(0)) & (p < math::infinity<T>()) & (q < math::infinity<T>());
    const T e = math::select(inside, T(a) * math::log(p) + T(1.0 - a) * math::log(q), T(0));
    return math::select(inside, math::exp(e), T(0));
  }
};

/// exp(α log p + (1 − α) log q − shift) for α > 1: the terms of S = Σ p^α q^{1−α} scaled by
/// e^{−shift}, for the S that overflow a double although log S is finite (q_i = 1e-297 at
/// α = 5 gives S ≈ 1e1187). 0 where p = 0; +inf where q = 0 < p (then D_α = +inf indeed).
struct renyi_shifted_power_term {
  double a;      ///< α > 1
  double shift;  ///< subtracted from every exponent
  static constexpr bool simd_term = true;
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept {
    const auto both = (p > T(0)) & (q > T(0)) & (p < math::infinity<T>()) & (q < math::infinity<T>());
    const T e = math::select(both, T(a) * math::log(p) + T(1.0 - a) * math::log(q) - T(shift), T(0));
    return math::select(both, math::exp(e), math::select(p > T(0), math::infinity<T>(), T(0)));
  }
};

/// Whether the Rényi divergence of order α must be taken from the sum S = Σ p^α q^{1−α} itself
/// rather than from the α-divergence d (nats): S = 1 + α(α − 1)d for normalised P, Q, and
/// where S < ½ (only possible for α < 1) computing S as 1 + α(α − 1)d cancels (S = 1e-133 for
/// nearly disjoint supports would come out 0, or negative, and the result inf or NaN).
template <class A>
ADVDIV_HOST_DEVICE bool renyi_needs_power_sum(A d, double alpha) noexcept {
  const A a = static_cast<A>(alpha);
  return alpha < 1.0 && !(a * (a - A(1)) * d > A(-0.5));
}

/// The Rényi divergence (times inv_log_base) from the α-divergence d (nats) and, where
/// renyi_needs_power_sum(d, α), the sum S = Σ p^α q^{1−α} (ignored elsewhere):
/// log1p(α(α − 1)d)/(α − 1), which keeps the digits of tiny divergences of nearly equal vectors,
/// or log(S)/(α − 1). For disjoint supports S = 0 (α < 1) or d = +inf (α > 1): +inf.
template <class A>
ADVDIV_HOST_DEVICE A renyi_from_sums(A d, A power_sum, double alpha, A inv_log_base) noexcept {
  const A a = static_cast<A>(alpha);
  const A nats = renyi_needs_power_sum(d, alpha) ? math::log(power_sum) / (a - A(1))
                                                 : math::log1p(a * (a - A(1)) * d) / (a - A(1));
  return nats * inv_log_base;
}

/// The Rényi divergence of order α (already checked > 0) by any backend: `reduce(term)` returns
/// the validated Σ term over the pair in nats. α = 1 is KL; otherwise the α-divergence, plus a
/// second pass for Σ p^α q^{1−α} where renyi_needs_power_sum says so, and for α > 1 a scaled
/// sum where the α-divergence overflowed.
template <class A, class Reduce>
A renyi_value(double alpha, double inv_log_base, const Reduce& reduce) {
  const A s = static_cast<A>(inv_log_base);
  if (alpha == 1.0) return static_cast<A>(reduce(f_divergence_term<fdiv::kl>{})) * s;
  const A d = static_cast<A>(reduce(f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}}));
  if (alpha > 1.0 && !(d < math::infinity<A>())) {
    // S overflowed, or some q_i = 0 < p_i (or, for α beyond about 1e154, α(α − 1) overflowed
    // too and the α-divergence is inf/inf = NaN). Every exponent is at most (α − 1)·745 (q ≥ the
    // smallest subnormal), so S·e^{−top} is finite for top = (α − 1)·745 + 700 unless a term is
    // +inf for every shift, a q_i = 0 < p_i: D_α = +inf. S·e^{−shift} is non-increasing in the
    // shift: bisection finds a shift within 600 of where it stops overflowing, so the scaled sum
    // lies in [e^109, DBL_MAX] and its terms have not underflowed. O(log α) passes (stepping
    // the shift by 700 took (α − 1)·745/700 passes: α = 1e300 never finished, fuzzer finding D13).
    const auto scaled_at = [&](double shift) {
      return static_cast<A>(reduce(renyi_shifted_power_term{alpha, shift}));
    };
    double lo = 0.0, hi = (alpha - 1.0) * 745.0 + 700.0;
    A at_hi = scaled_at(hi);
    if (!(at_hi < math::infinity<A>())) return d;
    while (hi - lo > 600.0) {
      const double mid = lo + 0.5 * (hi - lo);
      if (!(mid > lo && mid < hi)) break;  // shifts beyond 2^62: [lo, hi] is one rounding wide
      const A at_mid = scaled_at(mid);
      if (at_mid < math::infinity<A>()) {
        hi = mid;
        at_hi = at_mid;
      } else {
        lo = mid;
      }
    }
    // Past 2^62 the window is wider than the exponent range and the scaled sum may have
    // underflowed: the shift itself is then log S to a relative 2^-52.
    const A log_s = at_hi > A(0) ? A(hi) + math::log(at_hi) : A(hi);
    return log_s / A(alpha - 1.0) * s;
  }
  const A power_sum = renyi_needs_power_sum(d, alpha) ? static_cast<A>(reduce(renyi_power_term{alpha})) : A(1);
  return renyi_from_sums(d, power_sum, alpha, s);
}

}  // namespace detail

/// Rényi divergence of order α > 0: D_α(P‖Q) = log(Σ p_i^α q_i^{1−α}) / (α − 1);
/// α = 1 is the limit KL(P‖Q). Non-decreasing in α; D_½ = −2 log(Σ√(p q)).
/// Evaluated as log1p(α(α − 1)·D_α)/(α − 1) from the α-divergence, which assumes Σp = Σq = 1
/// and keeps the digits of tiny divergences; where Σ p^α q^{1−α} < ½ (α < 1, supports nearly
/// disjoint) from that sum itself, in a second pass. Disjoint supports give +inf for every α
/// (Σ p^α q^{1−α} = 0 for α < 1; a term with q_i = 0 < p_i is +inf for α > 1).
/// \throws std::domain_error unless α is finite and > 0; otherwise as kl().
/// \code
/// double d = advdiv::renyi(p, q, 0.5);  // = -2 log Σ √(p_i q_i)
/// \endcode
template <probability_range P, probability_range Q>
auto renyi(const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  ADVDIV_DETAIL_REQUIRE_FLOATING(vector_like<P> && vector_like<Q>);
  if constexpr (!(vector_like<P> && vector_like<Q>)) {
    return 0.0;
  } else {
    constexpr const char* function = "advdiv::renyi";
    using R = divergence_result_t<vector_value_t<P>, vector_value_t<Q>>;
    check_positive_finite(function, "alpha", alpha);
    const detail::checked_options o = detail::check_divergence_options<R>(function, options);
    const auto pv = detail::view_vector(p, function, "p");
    const auto qv = detail::view_vector(q, function, "q");
    const detail::span_reducer<vector_value_t<P>, vector_value_t<Q>> reduce{function, pv.span(), qv.span(),
                                                                             o.tolerance};
    return static_cast<R>(detail::renyi_value<detail::accumulator_t<R>>(alpha, o.inv_log_base, reduce));
  }
}

}  // namespace advdiv
