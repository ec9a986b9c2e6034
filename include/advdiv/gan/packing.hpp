#pragma once
/// \file
/// PacGAN packing (Lin, Khetan, Fanti, Oh 2018): the discriminator judges m samples at once,
/// which penalises a generator that drops modes. With points as columns, m consecutive samples
/// of dimension d are one column of dimension m·d of the same memory, so packing is a reshape.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/nn/network.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <span>

namespace advdiv::gan {

/// A generator G seen as producing packs of m samples: input m·G::input_dim (m noise vectors
/// stacked), output m·G::output_dim (m samples stacked). forward runs G once on the m·B noise
/// vectors of a batch of B packs; backward likewise; the parameters and gradients are G's own
/// (the adaptor holds a reference). Train it against a discriminator with input_dim
/// m·G::output_dim and a data sampler wrapped by packed_sampler.
/// \code
/// nn::mlp<float, nn::dense<8, 128, nn::relu>, nn::dense<128, 2>> G;  // 8-dim noise, 2-D samples
/// advdiv::gan::packed<decltype(G), 4> G4(G);                          // 32 -> 8
/// \endcode
template <nn::differentiable_network G, int M>
  requires(M >= 1)
class packed {
 public:
  using scalar_type = typename G::scalar_type;           ///< G's scalar type
  static constexpr int pack = M;                         ///< m, samples per pack
  static constexpr int input_dim = M * G::input_dim;     ///< m stacked noise vectors
  static constexpr int output_dim = M * G::output_dim;   ///< m stacked samples
  static constexpr std::size_t parameter_count = G::parameter_count;  ///< G's parameters
  using input_batch = Eigen::Matrix<scalar_type, input_dim, Eigen::Dynamic>;    ///< packs of noise
  using output_batch = Eigen::Matrix<scalar_type, output_dim, Eigen::Dynamic>;  ///< packs of samples

  /// Wraps `g` (which must outlive the adaptor).
  explicit packed(G& g) noexcept : g_(g) {}

  /// The packs G(z) of a batch of noise packs (input_dim × B): G runs on the m·B noise vectors.
  const output_batch& forward(const input_batch& z) {
    z_ = Eigen::Map<const typename G::input_batch>(z.data(), G::input_dim, z.cols() * M);
    const auto& y = g_.forward(z_);
    out_ = Eigen::Map<const output_batch>(y.data(), output_dim, z.cols());
    return out_;
  }
  /// Backpropagates ∂L/∂(packs) (output_dim × B) through G; returns ∂L/∂(noise packs), or
  /// with `input_gradient = false` skips it where G can (nn::backward_parameters) and returns
  /// an unspecified matrix.
  const input_batch& backward(const output_batch& g, bool input_gradient = true) {
    g_in_ = Eigen::Map<const typename G::output_batch>(g.data(), G::output_dim, g.cols() * M);
    if (!input_gradient) {
      nn::backward_parameters(g_, g_in_);
      return dz_;
    }
    const auto& dz = g_.backward(g_in_);
    dz_ = Eigen::Map<const input_batch>(dz.data(), input_dim, g.cols());
    return dz_;
  }
  /// G's parameters.
  std::span<scalar_type> parameters() { return g_.parameters(); }
  /// G's gradients.
  std::span<scalar_type> gradients() { return g_.gradients(); }
  /// Zeroes G's gradients.
  void zero_grad() { g_.zero_grad(); }
  /// The wrapped generator.
  G& unpacked() noexcept { return g_; }

 private:
  G& g_;
  typename G::input_batch z_;
  typename G::output_batch g_in_;
  output_batch out_;
  input_batch dz_;
};

/// A sampler of packs: `packed_sampler(sample, m)(rng, n)` draws m·n samples with
/// `sample(rng, m·n)` (d × m·n, one column per sample) and returns them as n packs, the
/// (m·d) × n matrix of the same memory: pack j holds samples j·m, …, j·m + m − 1.
/// \throws std::domain_error (from the returned sampler's construction) if m is 0.
template <class Sampler>
auto packed_sampler(Sampler sample, std::size_t m) {
  check_parameter("advdiv::gan::packed_sampler", "m", m, m > 0, "is not positive");
  return [sample = std::move(sample), m](random_engine& rng, std::size_t n) {
    auto x = sample(rng, m * n);
    using matrix = Eigen::Matrix<typename decltype(x)::Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    matrix packs = Eigen::Map<const matrix>(x.data(), x.rows() * static_cast<Eigen::Index>(m),
                                            static_cast<Eigen::Index>(n));
    return packs;
  };
}

}  // namespace advdiv::gan
