#pragma once
/// \file
/// W_2 between two advdiv::normal densities in closed form.

#include <advdiv/density/normal.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

namespace advdiv {

/// W_2(N(μ₁, σ₁²), N(μ₂, σ₂²)) = √((μ₁ − μ₂)² + (σ₁ − σ₂)²), the closed form that
/// wasserstein_1d(a, b, 2.0) (quantile quadrature) approximates.
/// \code
/// double w = advdiv::wasserstein_2_normal(advdiv::normal{0, 1}, advdiv::normal{3, 5});  // 5
/// \endcode
inline double wasserstein_2_normal(const normal& a, const normal& b) {
  return wasserstein_2_normal(a.mu(), a.sigma(), b.mu(), b.sigma());
}

}  // namespace advdiv
