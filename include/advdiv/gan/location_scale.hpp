#pragma once
/// \file
/// The two-parameter generator x = μ + σ·z of the 1-D toys (the f-GAN paper's Gaussian fit,
/// Goodfellow's 1-D picture): the smallest model of nn::differentiable_network.

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <span>

namespace advdiv::gan {

/// x = μ + e^s·z on batches of noise z (1 × n): with z ~ N(0, 1) it generates N(μ, σ²), σ = e^s.
/// The scale is parameterised by its logarithm s so that gradient steps keep σ > 0. Parameters
/// are (μ, s) in that order; backward() adds ∂L/∂μ = Σ g and ∂L/∂s = Σ g·σ·z and returns
/// ∂L/∂z = σ·g.
/// \code
/// advdiv::gan::location_scale<double> G(0.0, 1.0);   // μ = 0, σ = 1
/// double mu = G.mu(), sigma = G.sigma();
/// \endcode
template <class T>
class location_scale {
 public:
  /// The floating type of parameters and batches.
  using scalar_type = T;
  /// Dimension of a noise sample.
  static constexpr int input_dim = 1;
  /// Dimension of a generated sample (1-D toys).
  static constexpr int output_dim = 1;
  /// Number of trainable parameters (μ and s = log σ).
  static constexpr std::size_t parameter_count = 2;
  /// A batch of noise, one column per sample.
  using input_batch = Eigen::Matrix<T, 1, Eigen::Dynamic>;
  /// A batch of generated samples, one column per sample.
  using output_batch = input_batch;

  /// μ and σ > 0 (σ is stored as log σ).
  location_scale(T mu, T sigma) : theta_{mu, std::log(sigma)} {}

  /// The location μ.
  T mu() const noexcept { return theta_[0]; }
  /// The scale σ = e^s.
  T sigma() const noexcept { return std::exp(theta_[1]); }

  /// x = μ + σ·z for every column z.
  const output_batch& forward(const input_batch& z) {
    z_ = z;
    y_ = (sigma() * z_.array() + mu()).matrix();
    return y_;
  }
  /// Adds ∂L/∂(μ, s) for g = ∂L/∂x of the last forward and returns ∂L/∂z.
  const input_batch& backward(const output_batch& g) {
    const T s = sigma();
    grad_[0] += g.sum();
    grad_[1] += s * g.cwiseProduct(z_).sum();
    dz_ = s * g;
    return dz_;
  }
  /// The parameters (μ, s) as a span, for the optimizers.
  std::span<T> parameters() noexcept { return theta_; }
  /// The accumulated gradients ∂L/∂(μ, s), same layout as parameters().
  std::span<T> gradients() noexcept { return grad_; }
  /// Sets the gradients to zero.
  void zero_grad() noexcept { grad_[0] = grad_[1] = T(0); }

 private:
  T theta_[2];
  T grad_[2] = {T(0), T(0)};
  input_batch z_, y_, dz_;
};

}  // namespace advdiv::gan
