#pragma once
/// \file
/// Divergence terms q·f(p/q) evaluated from log p and log q (internal), so that the
/// integrand stays right where p or q underflows, for the catalogue's generators and for a
/// user's own (`f` and `slope_at_infinity` only).

#include <advdiv/core/math.hpp>
#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>
#include <utility>

namespace advdiv::detail {

/// Above this log-density both densities are used as numbers: exp(−700) is far above the
/// subnormal range, so a generator's own stable term(p, q) applies unchanged.
inline constexpr double log_representable = -700.0;

// ---------------------------------------------------------------------------------------
// Log-space forms. A generator that has one declares it as a member
//     double log_term(double lp, double lq) const   // q·f(p/q) for p = e^lp, q = e^lq
// (finite lp and lq), accurate however far apart lp and lq are (the catalogue's kl,
// reverse_kl, jeffreys, pearson, neyman and alpha do); it is detected by the concept below.

/// A generator with a log-space form: a member `g.log_term(lp, lq)`.
template <class G>
concept has_log_term = requires(const G& g, double lp, double lq) {
  { g.log_term(lp, lq) } -> std::convertible_to<double>;
};

template <class G>
double evaluate_log_term(const G& g, double lp, double lq) {
  return static_cast<double>(g.log_term(lp, lq));
}

// ---------------------------------------------------------------------------------------
// A generator known only through f and slope_at_infinity.

/// The working type of the generic evaluation: long double (e^{±11355} representable on
/// x86-64) when G's f is a template that returns long double for a long double argument,
/// else double.
template <class G>
concept f_in_long_double = requires(const G& g, long double u) {
  { g.f(u) } -> std::same_as<long double>;
};
template <class G>
using generic_work_t = std::conditional_t<f_in_long_double<G>, long double, double>;

/// q·f(p/q) from lp, lq for a generator known only through f (and slope_at_infinity), with
/// no premature underflow: the ratio u = e^{lp − lq} and f(u) are formed in W (see
/// generic_work_t) and q·f(u) as sign(f)·e^{lq + log|f(u)|}, so neither q nor f(u) has to be
/// representable on its own. Only where u or f(u) leaves the range of W is f bracketed by
/// convexity: for u → ∞ the secant slope σ(u) = f(u)/(u − 1) rises to S = slope_at_infinity,
/// so q·f(u) = (p − q)·σ(u) ∈ [(p − q)σ(u₀), (p − q)S] for the largest u₀ with f(u₀) finite;
/// for u → 0, q·f(u) lies between q·f(u₀) and q·f(0) (f(0) read as the limit f(0+)). The
/// midpoint is returned where the bracket is tight to rounding (a finite S or f(0));
/// otherwise the lower end, and `unresolved` is set (the caller then reports an infinite
/// error estimate instead of a silent guess).
template <f_generator G>
double generic_log_space_term(const G& g, double lp, double lq, bool& unresolved) {
  using W = generic_work_t<G>;
  const W log_max = std::log(std::numeric_limits<W>::max()) - 1;
  const W log_min = std::log(std::numeric_limits<W>::min()) + 1;
  const auto f = [&](W u) { return static_cast<W>(g.f(u)); };
  // sign(v)·e^{log_scale + log|v|}, in double.
  const auto scaled = [](W log_scale, W v) { return static_cast<double>(math::exp_times(log_scale, v)); };
  const W d = static_cast<W>(lp) - static_cast<W>(lq);
  if (d <= log_max && d >= log_min) {
    const W fu = f(std::exp(d));
    if (std::isfinite(fu)) return scaled(lq, fu);
  }
  const auto resolve = [&](double lo, double hi) {
    if (lo > hi) std::swap(lo, hi);
    const double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
    if (std::isfinite(mid) && half <= 1e-13 * std::abs(mid)) return mid;
    unresolved = true;
    return std::isfinite(lo) ? lo : 0.0;
  };
  if (d > 0) {  // p ≫ q: bracket (p − q)·σ(u) for u beyond u₀ = e^{e0}
    W e0 = math::min(d, log_max);
    W f0 = f(std::exp(e0));
    for (int k = 0; k < 64 && !std::isfinite(f0); ++k) f0 = f(std::exp(e0 *= W(0.5)));
    if (!std::isfinite(f0) || !(e0 > 0)) {
      unresolved = true;
      return 0.0;
    }
    const W log_gap = static_cast<W>(lp) + std::log1p(-std::exp(-d));   // log(p − q)
    const W sigma0 = f0 / std::expm1(e0);
    const double lo = scaled(log_gap, sigma0);
    const double s = static_cast<double>(g.slope_at_infinity());
    const double hi = math::isfinite(s) ? scaled(log_gap, static_cast<W>(s)) : math::infinity<double>();
    return resolve(lo, hi);
  }
  // p ≪ q: q·f(u) between q·f(u₀) and q·f(0).
  W e0 = math::max(d, log_min);
  W f0 = f(std::exp(e0));
  for (int k = 0; k < 64 && !std::isfinite(f0); ++k) f0 = f(std::exp(e0 *= W(0.5)));
  const W fzero = f(W(0));
  if (!std::isfinite(f0) || !std::isfinite(fzero)) {
    unresolved = true;
    return std::isfinite(f0) ? scaled(lq, f0) : 0.0;
  }
  return resolve(scaled(lq, f0), scaled(lq, fzero));
}

/// q·f(p/q) from lp = log p and lq = log q, with the limits of DESIGN.md (0 where both
/// vanish; p·lim f(u)/u where q = 0 < p; q·f(0) where p = 0 < q). Only a log density of
/// −inf means a density of 0: an underflowed density is never taken for one.
///
/// - A generator with a log-space form (has_log_term) uses it wherever a density is below
///   e^{−700}, its own term(p, q) elsewhere.
/// - A generator with a stable term(p, q) but no log-space form uses it on the scaled
///   densities p/s, q/s (s = max(p, q), homogeneity of the perspective q·f(p/q)) while both
///   stay normal doubles; beyond that, the generic evaluation.
/// - A generator with f only: generic_log_space_term everywhere (f is evaluated at p/q,
///   never at an underflowed quotient).
///
/// `unresolved` is set where the value could only be bounded (see generic_log_space_term).
template <f_generator G>
double log_space_term(const G& g, double lp, double lq, bool& unresolved) {
  constexpr double ninf = -math::infinity<double>();
  const f_divergence_term<G> term{g};
  if (lp == ninf && lq == ninf) return 0.0;
  if (lq == ninf) {  // q = 0 < p
    const double slope = g.slope_at_infinity();
    return math::isfinite(slope) ? slope * std::exp(lp) : slope;
  }
  if (lp == ninf) {  // p = 0 < q: q·f(0)
    const double f0 = static_cast<double>(term(0.0, 1.0));
    return math::isfinite(f0) ? f0 * std::exp(lq) : f0;
  }
  if constexpr (requires { g.term(1.0, 1.0); }) {
    if (lp > log_representable && lq > log_representable)
      return static_cast<double>(term(std::exp(lp), std::exp(lq)));
    if constexpr (has_log_term<G>) {
      return evaluate_log_term(g, lp, lq);
    } else {
      const double m = math::max(lp, lq);
      const double a = lp - m, b = lq - m;  // one is 0
      if (math::min(a, b) > log_representable) {
        const double t = static_cast<double>(term(std::exp(a), std::exp(b)));
        if (t == 0.0 || !math::isfinite(t)) return t;
        return t * std::exp(m);
      }
      return generic_log_space_term(g, lp, lq, unresolved);
    }
  } else {
    return generic_log_space_term(g, lp, lq, unresolved);
  }
}

}  // namespace advdiv::detail
