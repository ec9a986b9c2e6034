#pragma once
/// \file
/// Divergence terms q·f(p/q) evaluated from log p and log q (internal), so that the
/// integrand stays right where p or q underflows.

#include <advdiv/core/math.hpp>
#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <cmath>
#include <type_traits>

namespace advdiv::detail {

/// log|e^d − 1| without overflow or cancellation (−inf at d = 0).
inline double log_abs_expm1(double d) noexcept {
  if (d > 0) return d + std::log1p(-std::exp(-d));
  return std::log(-std::expm1(d));
}

/// Below this log-density both densities are used as numbers: exp(−700) is far above the
/// subnormal range, so the catalogue's own stable term(p, q) applies unchanged.
inline constexpr double log_representable = -700.0;

/// q·f(p/q) from lp = log p and lq = log q, with the limits of DESIGN.md (0 where both
/// vanish; p·lim f(u)/u where q = 0 < p; q·f(0) where p = 0 < q).
///
/// Where both densities are representable, the generator's own term(p, q) is used. Where one
/// underflows: KL, reverse KL, Jeffreys, Pearson, Neyman and α have log-space forms
/// (e.g. KL: p·(lp − lq)); every other generator is evaluated through the homogeneity
/// q·f(p/q) = s·[(q/s)·f((p/s)/(q/s))] with s = max(p, q), whose scaled arguments are ≤ 1.
template <f_generator G>
double log_space_term(const G& g, double lp, double lq) {
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
  if (lp > log_representable && lq > log_representable)
    return static_cast<double>(term(std::exp(lp), std::exp(lq)));
  const double d = lp - lq;
  if constexpr (std::is_same_v<G, fdiv::kl>) {
    return std::exp(lp) * d;
  } else if constexpr (std::is_same_v<G, fdiv::reverse_kl>) {
    return -std::exp(lq) * d;
  } else if constexpr (std::is_same_v<G, fdiv::jeffreys>) {
    return (std::exp(lp) - std::exp(lq)) * d;
  } else if constexpr (std::is_same_v<G, fdiv::pearson>) {
    return std::exp(lq + 2 * log_abs_expm1(d));
  } else if constexpr (std::is_same_v<G, fdiv::neyman>) {
    return std::exp(lp + 2 * log_abs_expm1(-d));
  } else if constexpr (std::is_same_v<G, fdiv::alpha>) {
    const double a = g.a;
    return (std::exp(a * lp + (1 - a) * lq) - std::exp(lq) - a * (std::exp(lp) - std::exp(lq))) /
           (a * (a - 1));
  } else {
    const double m = math::max(lp, lq);
    const double t = static_cast<double>(term(std::exp(lp - m), std::exp(lq - m)));
    if (t == 0.0 || !math::isfinite(t)) return t;
    return t * std::exp(m);
  }
}

}  // namespace advdiv::detail
