#pragma once
/// \file
/// Closed forms of divergences between densities of the same family (internal): used by
/// f_divergence, the named divergences and bhattacharyya when both arguments match (the
/// tests check each against the quadrature with `.closed_form = false`).

#include <advdiv/density/exponential.hpp>
#include <advdiv/density/laplace.hpp>
#include <advdiv/density/normal.hpp>
#include <advdiv/density/uniform.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <cmath>
#include <optional>

namespace advdiv::detail {

/// No closed form for this combination: the caller integrates.
template <class P, class Q, class G>
std::optional<double> closed_form(const P&, const Q&, const G&) {
  return std::nullopt;
}

/// KL(N(μ₁, σ₁²)‖N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½.
/// In long double, whose exponent range holds σ₁/σ₂, (μ₁ − μ₂)/σ₂ and their squares for any
/// doubles (σ = 2e−319 against σ = 1.8e308 included): the result is +inf only where the
/// true value exceeds DBL_MAX, never NaN.
inline double kl_normal(const normal& p, const normal& q) {
  using L = long double;
  const L lr = std::log(static_cast<L>(p.sigma())) - std::log(static_cast<L>(q.sigma()));  // log r
  const L z = (static_cast<L>(p.mu()) - q.mu()) / q.sigma();
  // (r² − 1)/2 − log r + z²/2, the first part written without cancellation near r = 1.
  return static_cast<double>(0.5L * (std::expm1(2 * lr) - 2 * lr) + 0.5L * z * z);
}

/// log of the Bhattacharyya coefficient ∫√(pq) between normals:
/// −½ log((σ₁² + σ₂²)/(2σ₁σ₂)) − (μ₁ − μ₂)²/(4(σ₁² + σ₂²)), in long double (as kl_normal).
inline double log_bhattacharyya_coefficient_normal(const normal& p, const normal& q) {
  using L = long double;
  const L s1 = p.sigma(), s2 = q.sigma(), s = s1 * s1 + s2 * s2, dm = static_cast<L>(p.mu()) - q.mu();
  return static_cast<double>(-0.5L * std::log1p((s1 - s2) * (s1 - s2) / (2 * s1 * s2)) - dm * dm / (4 * s));
}

/// KL(U(a₁, b₁)‖U(a₂, b₂)) = log((b₂ − a₂)/(b₁ − a₁)) if [a₁, b₁] ⊆ [a₂, b₂], else +inf
/// (widths in long double: b − a of doubles may overflow a double).
inline double kl_uniform(const uniform& p, const uniform& q) {
  using L = long double;
  if (p.a() < q.a() || p.b() > q.b()) return math::infinity<double>();
  return static_cast<double>(std::log((static_cast<L>(q.b()) - q.a()) / (static_cast<L>(p.b()) - p.a())));
}

/// KL(L(μ₁, b₁)‖L(μ₂, b₂)) = log(b₂/b₁) + |μ₁ − μ₂|/b₂ + (b₁/b₂)e^{−|μ₁ − μ₂|/b₁} − 1,
/// in long double (as kl_normal).
inline double kl_laplace(const laplace& p, const laplace& q) {
  using L = long double;
  const L d = std::abs(static_cast<L>(p.mu()) - q.mu()), lr = std::log(static_cast<L>(p.b())) - std::log(static_cast<L>(q.b()));
  // (r − 1 − log r) + d/b₂ + r(e^{−d/b₁} − 1), each part without cancellation.
  return static_cast<double>((std::expm1(lr) - lr) + d / q.b() + std::exp(lr) * std::expm1(-d / p.b()));
}

/// KL(Exp(λ₁)‖Exp(λ₂)) = log(λ₁/λ₂) + λ₂/λ₁ − 1 (in long double, as kl_normal).
inline double kl_exponential(const exponential& p, const exponential& q) {
  using L = long double;
  const L lr = std::log(static_cast<L>(q.lambda())) - std::log(static_cast<L>(p.lambda()));  // log(λ₂/λ₁)
  return static_cast<double>(std::expm1(lr) - lr);
}

// clang-format off
inline std::optional<double> closed_form(const normal& p, const normal& q, const fdiv::kl&) { return kl_normal(p, q); }
inline std::optional<double> closed_form(const normal& p, const normal& q, const fdiv::reverse_kl&) { return kl_normal(q, p); }
inline std::optional<double> closed_form(const normal& p, const normal& q, const fdiv::jeffreys&) { return kl_normal(p, q) + kl_normal(q, p); }
/// H² = 2(1 − BC) = −2 expm1(log BC) (f-GAN's convention, no ½).
inline std::optional<double> closed_form(const normal& p, const normal& q, const fdiv::squared_hellinger&) {
  return -2 * std::expm1(log_bhattacharyya_coefficient_normal(p, q));
}
inline std::optional<double> closed_form(const uniform& p, const uniform& q, const fdiv::kl&) { return kl_uniform(p, q); }
inline std::optional<double> closed_form(const uniform& p, const uniform& q, const fdiv::reverse_kl&) { return kl_uniform(q, p); }
inline std::optional<double> closed_form(const laplace& p, const laplace& q, const fdiv::kl&) { return kl_laplace(p, q); }
inline std::optional<double> closed_form(const laplace& p, const laplace& q, const fdiv::reverse_kl&) { return kl_laplace(q, p); }
inline std::optional<double> closed_form(const exponential& p, const exponential& q, const fdiv::kl&) { return kl_exponential(p, q); }
inline std::optional<double> closed_form(const exponential& p, const exponential& q, const fdiv::reverse_kl&) { return kl_exponential(q, p); }
// clang-format on

/// No closed form of the Bhattacharyya distance for this pair: the caller integrates.
template <class P, class Q>
std::optional<double> closed_form_bhattacharyya(const P&, const Q&) {
  return std::nullopt;
}
/// −log ∫√(pq) between normals.
inline std::optional<double> closed_form_bhattacharyya(const normal& p, const normal& q) {
  return -log_bhattacharyya_coefficient_normal(p, q);
}

}  // namespace advdiv::detail
