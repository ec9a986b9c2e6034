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
inline double kl_normal(const normal& p, const normal& q) {
  const double r = p.sigma() / q.sigma(), z = (p.mu() - q.mu()) / q.sigma();
  // log(1/r) + (r² − 1)/2 + z²/2, with (r² − 1)/2 − log r written without cancellation near r = 1.
  return 0.5 * (std::expm1(2 * std::log(r)) - 2 * std::log(r)) + 0.5 * z * z;
}

/// log of the Bhattacharyya coefficient ∫√(pq) between normals:
/// −½ log((σ₁² + σ₂²)/(2σ₁σ₂)) − (μ₁ − μ₂)²/(4(σ₁² + σ₂²)).
inline double log_bhattacharyya_coefficient_normal(const normal& p, const normal& q) {
  const double s1 = p.sigma(), s2 = q.sigma(), s = s1 * s1 + s2 * s2, dm = p.mu() - q.mu();
  return -0.5 * std::log1p((s1 - s2) * (s1 - s2) / (2 * s1 * s2)) - dm * dm / (4 * s);
}

/// KL(U(a₁, b₁)‖U(a₂, b₂)) = log((b₂ − a₂)/(b₁ − a₁)) if [a₁, b₁] ⊆ [a₂, b₂], else +inf.
inline double kl_uniform(const uniform& p, const uniform& q) {
  if (p.a() < q.a() || p.b() > q.b()) return math::infinity<double>();
  return std::log((q.b() - q.a()) / (p.b() - p.a()));
}

/// KL(L(μ₁, b₁)‖L(μ₂, b₂)) = log(b₂/b₁) + |μ₁ − μ₂|/b₂ + (b₁/b₂)e^{−|μ₁ − μ₂|/b₁} − 1.
inline double kl_laplace(const laplace& p, const laplace& q) {
  const double d = std::abs(p.mu() - q.mu()), r = p.b() / q.b();
  // (r − 1 − log r) + d/b₂ + r(e^{−d/b₁} − 1), each part without cancellation.
  return (std::expm1(std::log(r)) - std::log(r)) + d / q.b() + r * std::expm1(-d / p.b());
}

/// KL(Exp(λ₁)‖Exp(λ₂)) = log(λ₁/λ₂) + λ₂/λ₁ − 1.
inline double kl_exponential(const exponential& p, const exponential& q) {
  const double lr = std::log(q.lambda() / p.lambda());  // log(λ₂/λ₁)
  return std::expm1(lr) - lr;
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
