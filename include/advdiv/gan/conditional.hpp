#pragma once
/// \file
/// Conditional GANs (Mirza & Osindero 2014) without a second trainer: the condition c is stacked
/// under the generator's noise and under the discriminator's input, and the generator passes its
/// condition through to its output, so gan::train and every objective run unchanged on the pair
///
///   G_c : [z; c] ↦ [G(z, c); c],     D : [x; c] ↦ D(x, c),
///
/// with real pairs [x; c] ~ p_data(x, c) from the data sampler and [z; c], c ~ p(c), from the
/// noise sampler (conditioned_noise). The optimal discriminator of the stacked problem is
/// D*(x, c) = p_data(x, c)/(p_data(x, c) + p_G(x | c) p(c)), so at the optimum p_G(x | c) =
/// p_data(x | c) for every c of positive mass when p(c) is the data's label marginal.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/nn/network.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace advdiv::gan {

/// A conditional generator: the network G reads the noise z (the first G::input_dim − C rows
/// of its input) stacked over the condition c (the last C rows) and the adaptor outputs
/// [G(z, c); c] (G::output_dim + C rows), so a discriminator with input_dim = G::output_dim + C
/// judges each sample together with the condition it was asked for. The condition rows of the
/// output are a copy, not learned: backward passes their gradient straight back to the input's
/// condition rows and the rest through G. The parameters are G's own (the adaptor holds a
/// reference). Compose with packed<conditional<G, C>, m> for PacGAN packing.
///
/// With a gradient-penalty objective the penalty is taken on interpolates of the stacked
/// [x; c] columns, i.e. on the gradient with respect to x and c together, between real and
/// generated pairs whose conditions were drawn independently.
/// \code
/// // 8 noise + 8 one-hot condition rows -> 2-D samples; the discriminator sees 2 + 8 rows.
/// nn::mlp<float, nn::dense<16, 128, nn::relu>, nn::dense<128, 2>> G(nn::he_normal{}, 1);
/// advdiv::gan::conditional<decltype(G), 8> Gc(G);   // Gc: 16 -> 10
/// \endcode
template <nn::differentiable_network G, int C>
  requires(C >= 1 && C < G::input_dim)
class conditional {
 public:
  using scalar_type = typename G::scalar_type;               ///< G's scalar type
  static constexpr int condition_dim = C;                    ///< rows of the condition c
  static constexpr int noise_dim = G::input_dim - C;         ///< rows of the noise z
  static constexpr int input_dim = G::input_dim;             ///< [z; c]
  static constexpr int output_dim = G::output_dim + C;       ///< [G(z, c); c]
  static constexpr std::size_t parameter_count = G::parameter_count;  ///< G's parameters
  using input_batch = typename G::input_batch;                                   ///< [z; c] per column
  using output_batch = Eigen::Matrix<scalar_type, output_dim, Eigen::Dynamic>;  ///< [x̃; c] per column

  /// Wraps `g` (which must outlive the adaptor).
  explicit conditional(G& g) noexcept : g_(g) {}

  /// [G(z, c); c] for a batch of stacked [z; c] columns.
  const output_batch& forward(const input_batch& zc) {
    const auto& y = g_.forward(zc);
    out_.resize(output_dim, zc.cols());
    out_.template topRows<G::output_dim>() = y;
    out_.template bottomRows<C>() = zc.template bottomRows<C>();
    return out_;
  }
  /// Backpropagates ∂L/∂[x̃; c] through G (the x̃ rows) and the copy (the c rows); returns
  /// ∂L/∂[z; c].
  /// With `input_gradient = false` the input gradient is skipped where G can
  /// (nn::backward_parameters) and the returned matrix is unspecified.
  const input_batch& backward(const output_batch& g, bool input_gradient = true) {
    g_out_ = g.template topRows<G::output_dim>();
    if (!input_gradient) {
      nn::backward_parameters(g_, g_out_);
      return dzc_;
    }
    dzc_ = g_.backward(g_out_);
    dzc_.template bottomRows<C>() += g.template bottomRows<C>();
    return dzc_;
  }
  /// G's parameters.
  std::span<scalar_type> parameters() { return g_.parameters(); }
  /// G's gradients.
  std::span<scalar_type> gradients() { return g_.gradients(); }
  /// Zeroes G's gradients.
  void zero_grad() { g_.zero_grad(); }
  /// The wrapped network G(z, c) (e.g. to generate samples for given conditions).
  G& unconditioned() noexcept { return g_; }

 private:
  G& g_;
  output_batch out_;
  typename G::output_batch g_out_;
  input_batch dzc_;
};

/// One-hot columns: a K × n matrix whose column j is e_{labels[j]}.
/// \throws std::domain_error naming the index if a label is not below K (or K is 0).
template <class T = double>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> one_hot(std::span<const std::size_t> labels, std::size_t K) {
  constexpr const char* fn = "advdiv::gan::one_hot";
  check_parameter(fn, "K", K, K > 0, "is not positive");
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> c =
      Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>::Zero(static_cast<Eigen::Index>(K),
                                                             static_cast<Eigen::Index>(labels.size()));
  for (std::size_t j = 0; j < labels.size(); ++j) {
    if (labels[j] >= K)
      advdiv::detail::throw_value_error(fn, advdiv::detail::element_name("labels", j), labels[j],
                                        "is not below K = " + std::to_string(K));
    c(static_cast<Eigen::Index>(labels[j]), static_cast<Eigen::Index>(j)) = T(1);
  }
  return c;
}

/// A condition sampler of uniformly drawn one-hot labels: `uniform_one_hot<float>(K)(rng, n)` is
/// a K × n matrix of n one-hot columns, each label drawn by uniform_index (one draw per column).
/// \throws std::domain_error (on construction) if K is 0.
template <class T = double>
auto uniform_one_hot(std::size_t K) {
  check_parameter("advdiv::gan::uniform_one_hot", "K", K, K > 0, "is not positive");
  return [K](random_engine& rng, std::size_t n) {
    std::vector<std::size_t> labels(n);
    for (auto& k : labels) k = uniform_index(rng, K);
    return one_hot<T>(labels, K);
  };
}

/// The noise sampler of a conditional generator: `conditioned_noise(noise, condition)(rng, n)`
/// draws the conditions first (condition(rng, n), C × n), then the noise (noise(rng, n),
/// noise_dim × n), and returns them stacked, [z; c] ((noise_dim + C) × n), in the scalar type of
/// the noise.
/// \throws std::invalid_argument (when called) if the two samplers return different numbers of
/// columns.
template <class NoiseSampler, class ConditionSampler>
auto conditioned_noise(NoiseSampler noise, ConditionSampler condition) {
  return [noise = std::move(noise), condition = std::move(condition)](random_engine& rng, std::size_t n) {
    const auto c = condition(rng, n);
    const auto z = noise(rng, n);
    check_same_size("advdiv::gan::conditioned_noise", "the noise columns", static_cast<std::size_t>(z.cols()),
                    "the condition columns", static_cast<std::size_t>(c.cols()));
    using scalar = typename std::decay_t<decltype(z)>::Scalar;
    Eigen::Matrix<scalar, Eigen::Dynamic, Eigen::Dynamic> zc(z.rows() + c.rows(), z.cols());
    zc << z, c.template cast<scalar>();
    return zc;
  };
}

}  // namespace advdiv::gan
