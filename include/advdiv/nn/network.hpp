#pragma once
/// \file
/// The concept of a differentiable network: what the optimizers (and the GAN trainer) need
/// from a model, so a user's own model can stand in for nn::mlp.

#include <Eigen/Core>

#include <concepts>
#include <cstddef>
#include <span>

namespace advdiv::nn {

/// A network that can be trained by gradient: nn::mlp, or a user's model such as the
/// two-parameter generator x = μ + σ·z.
///
/// Batches are d × n, **one column per sample** (DESIGN.md, "Shared vocabulary"): an input
/// batch of n samples is an input_dim × n matrix, an output batch output_dim × n.
///
/// Requirements (N a type, n an N&):
/// - `N::scalar_type` (a floating-point type), `N::input_dim`, `N::output_dim` (int) and
///   `N::parameter_count` (std::size_t, the number of trainable parameters);
/// - `N::input_batch` = `Eigen::Matrix<scalar_type, input_dim, Eigen::Dynamic>` and
///   `N::output_batch` likewise (column-major, one sample per column);
/// - `n.forward(x)` returns the output batch (something convertible to
///   `const output_batch&`) and keeps what backward needs;
/// - `n.backward(g)` takes g = ∂L/∂y (output_dim × n) for the last forward, **adds** the
///   parameter gradient ∂L/∂θ to the gradients and returns the input gradient ∂L/∂x
///   (input_dim × n, convertible to `const input_batch&`), through which a generator is
///   trained by its critic;
/// - `n.parameters()` and `n.gradients()` return `std::span<scalar_type>` of
///   `parameter_count` entries (same layout: gradients()[k] is ∂L/∂parameters()[k]);
///   `n.zero_grad()` zeroes the gradients.
///
/// \code
/// struct location_scale {            // x = mu + sigma * z
///   using scalar_type = double;
///   static constexpr int input_dim = 1, output_dim = 1;
///   static constexpr std::size_t parameter_count = 2;
///   using input_batch = Eigen::Matrix<double, 1, Eigen::Dynamic>;
///   using output_batch = input_batch;
///   double theta[2] = {0, 1}, grad[2] = {0, 0};
///   input_batch z, y, dz;
///   const output_batch& forward(const input_batch& x) { z = x; y = (theta[1] * z.array() + theta[0]).matrix(); return y; }
///   const input_batch& backward(const output_batch& g) {
///     grad[0] += g.sum(); grad[1] += g.cwiseProduct(z).sum(); dz = theta[1] * g; return dz; }
///   std::span<double> parameters() { return theta; }
///   std::span<double> gradients() { return grad; }
///   void zero_grad() { grad[0] = grad[1] = 0; }
/// };
/// static_assert(advdiv::nn::differentiable_network<location_scale>);
/// \endcode
template <class N>
concept differentiable_network =
    requires {
      typename N::scalar_type;
      typename N::input_batch;
      typename N::output_batch;
      { N::input_dim } -> std::convertible_to<int>;
      { N::output_dim } -> std::convertible_to<int>;
      { N::parameter_count } -> std::convertible_to<std::size_t>;
    } && std::floating_point<typename N::scalar_type> &&
    std::same_as<typename N::input_batch,
                 Eigen::Matrix<typename N::scalar_type, N::input_dim, Eigen::Dynamic>> &&
    std::same_as<typename N::output_batch,
                 Eigen::Matrix<typename N::scalar_type, N::output_dim, Eigen::Dynamic>> &&
    requires(N& n, const typename N::input_batch& x, const typename N::output_batch& g) {
      { n.forward(x) } -> std::convertible_to<const typename N::output_batch&>;
      { n.backward(g) } -> std::convertible_to<const typename N::input_batch&>;
      { n.parameters() } -> std::same_as<std::span<typename N::scalar_type>>;
      { n.gradients() } -> std::same_as<std::span<typename N::scalar_type>>;
      n.zero_grad();
    };

/// A scalar network (output_dim = 1) that supports double backpropagation (see
/// nn/double_backprop.hpp): `n.input_gradient(x)` returns u = ∇ₓD(x) (input_dim × n, one
/// column per sample) and `n.input_gradient_backward(gbar)` adds ∂F/∂θ to the gradients
/// for gbar = ∂F/∂u (input_dim × n). Gradient penalties are built on these two calls.
template <class N>
concept double_backprop_network =
    differentiable_network<N> && (N::output_dim == 1) &&
    requires(N& n, const typename N::input_batch& x) {
      { n.input_gradient(x) } -> std::convertible_to<const typename N::input_batch&>;
      n.input_gradient_backward(x);
    };

/// n.backward(g) for a network whose input gradient is not needed (a generator fed by noise):
/// `n.backward(g, false)` where the network can skip it (nn::mlp saves its first layer's
/// Wᵀδ), n.backward(g) otherwise. Adds ∂L/∂θ to the gradients either way.
template <differentiable_network N>
void backward_parameters(N& n, const typename N::output_batch& g) {
  if constexpr (requires { n.backward(g, false); }) n.backward(g, false);
  else n.backward(g);
}

/// The input gradient ∂L/∂x alone (a discriminator seen by its generator's step):
/// `n.input_backward(g)` where the network has it (nn::mlp: the parameter gradients are not
/// computed and gradients() is unchanged), n.backward(g) otherwise, which also adds ∂L/∂θ
/// to the gradients: zero them before using them again. Returns what that call returns (a
/// reference into the network, or a value).
template <differentiable_network N>
decltype(auto) backward_input(N& n, const typename N::output_batch& g) {
  if constexpr (requires { { n.input_backward(g) } -> std::convertible_to<const typename N::input_batch&>; })
    return n.input_backward(g);
  else
    return n.backward(g);
}

}  // namespace advdiv::nn
