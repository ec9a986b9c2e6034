#pragma once
/// \file
/// The WGAN-GP gradient penalty (Gulrajani et al. 2017) on any critic that supports double
/// backpropagation, and the random interpolates it is evaluated on.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/nn/network.hpp>

#include <Eigen/Core>

#include <cstddef>

namespace advdiv::gan {

/// The penalty P = (λ/B)·Σ_i (‖∇ₓD(x̂_i)‖₂ − 1)² of a scalar critic D on the points x̂
/// (input_dim × B, one column per point): adds ∂P/∂θ to `critic.gradients()` (accumulates) and
/// returns P.
///
/// Built on the nn layer's double backpropagation: u = critic.input_gradient(x̂), then
/// critic.input_gradient_backward(ḡ) with ḡ_i = ∂P/∂u_i = (2λ/B)(1 − 1/‖u_i‖)·u_i. At ‖u_i‖ = 0
/// the norm is not differentiable; the subgradient 0 is used there (the sample still adds λ/B
/// to P), so a flat critic gives a finite penalty and no NaN. Norms are computed without
/// overflow or underflow of the squares (Eigen's stableNorm). The critic's forward state becomes
/// that of x̂.
/// \throws std::domain_error if λ is negative or not finite; what the critic's forward pass
/// throws for x̂ of the wrong shape or with non-finite entries.
/// \code
/// const Eigen::MatrixXf x_hat = advdiv::gan::interpolate(x, x_fake, rng);
/// critic.zero_grad();
/// float p = advdiv::gan::gradient_penalty(critic, x_hat, 10.0f);  // + ∂p/∂θ in the gradients
/// \endcode
template <nn::double_backprop_network D, class Derived>
typename D::scalar_type gradient_penalty(D& critic, const Eigen::MatrixBase<Derived>& x_hat,
                                         typename D::scalar_type lambda) {
  using T = typename D::scalar_type;
  check_nonnegative_finite("advdiv::gan::gradient_penalty", "lambda", lambda);
  const auto& u = critic.input_gradient(x_hat);
  const Eigen::Index batch = u.cols();
  typename D::input_batch gbar(u.rows(), batch);
  const T scale = T(2) * lambda / static_cast<T>(batch);
  T sum = T(0);
  for (Eigen::Index i = 0; i < batch; ++i) {
    const T norm = u.col(i).stableNorm();
    const T excess = norm - T(1);
    sum += excess * excess;
    if (norm > T(0))
      gbar.col(i) = (scale * excess / norm) * u.col(i);
    else
      gbar.col(i).setZero();
  }
  critic.input_gradient_backward(gbar);
  return sum * (lambda / static_cast<T>(batch));
}

/// The points x̂_i = ε_i·x_i + (1 − ε_i)·x̃_i on the segments between real samples x and
/// generated samples x̃ (both d × B, one column per sample), with one ε_i ~ U(0, 1) per sample
/// drawn from `rng` (WGAN-GP's sampling distribution for the penalty).
/// \throws std::invalid_argument if x and x̃ differ in shape.
template <class DerivedX, class DerivedY>
typename DerivedX::PlainObject interpolate(const Eigen::MatrixBase<DerivedX>& x,
                                           const Eigen::MatrixBase<DerivedY>& x_fake, random_engine& rng) {
  using T = typename DerivedX::Scalar;
  check_same_shape("advdiv::gan::interpolate", "x", std::size_t(x.rows()), std::size_t(x.cols()),
                   "x_fake", std::size_t(x_fake.rows()), std::size_t(x_fake.cols()));
  typename DerivedX::PlainObject out(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    const T eps = static_cast<T>(uniform01(rng));
    out.col(i) = eps * x.col(i) + (T(1) - eps) * x_fake.col(i);
  }
  return out;
}

}  // namespace advdiv::gan
