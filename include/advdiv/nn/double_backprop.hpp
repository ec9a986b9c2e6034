#pragma once
/// \file
/// Double backpropagation through a scalar nn::mlp: the input gradient u₀ = ∇ₓD(x) of each
/// sample, and the parameter gradient ∂F/∂θ of any function F of those input gradients.
///
/// This is the generic step behind gradient penalties (WGAN-GP's λ(‖∇ₓD‖ − 1)², R1's
/// ‖∇ₓD‖², DRAGAN, Lipschitz penalties): mlp::input_gradient(x) runs the forward pass and
/// the input-gradient sweep, the caller turns u₀ into F and ḡ = ∂F/∂u₀ (input_dim×B, one
/// column per sample), and mlp::input_gradient_backward(ḡ) adds ∂F/∂θ to the gradients.
/// The derivation is in docs/nn.md ("Double backpropagation").
///
/// Notation (layers l = 1..L, a batch is a matrix with one column per sample, ⊙ is
/// elementwise): z_l = W_l a_{l−1} + b_l, a_l = φ_l(z_l), a_0 = x. The input-gradient sweep
/// is, with u_L = 1,
///
///     s_l = φ_l'(z_l),   δ_l = u_l ⊙ s_l,   u_{l−1} = W_lᵀ δ_l,
///
/// and its reverse, given ū_0 = ḡ, runs up the layers
///
///     δ̄_l = W_l ū_{l−1},   ∂F/∂W_l += δ_l ū_{l−1}ᵀ,   ū_l = δ̄_l ⊙ s_l,
///     z̄_l = δ̄_l ⊙ u_l ⊙ φ_l''(z_l),
///
/// then carries the z̄_l back through the forward pass (an ordinary backward sweep with a
/// source term at every layer):
///
///     ζ_L = z̄_L,   ζ_{l−1} = z̄_{l−1} + (W_lᵀ ζ_l) ⊙ φ_{l−1}'(z_{l−1}),
///     ∂F/∂W_l += ζ_l a_{l−1}ᵀ,   ∂F/∂b_l += ζ_l·1.
///
/// Layers whose activation has nn::has_curvature_v false have z̄_l = 0, and the second
/// sweep is skipped at compile time above the last layer with curvature.

#include <advdiv/nn/activation.hpp>
#include <advdiv/nn/detail/gemm.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <tuple>
#include <utility>

namespace advdiv::nn::detail {

/// Work buffers of one layer for the two sweeps of double backpropagation.
template <class T, class L>
struct double_backprop_buffers {
  using out_matrix = Eigen::Matrix<T, L::output_dim, Eigen::Dynamic>;
  using in_matrix = Eigen::Matrix<T, L::input_dim, Eigen::Dynamic>;
  out_matrix s;      // φ'(z_l)
  out_matrix delta;  // δ_l = u_l ⊙ s_l
  in_matrix u;       // u_{l−1} = W_lᵀ δ_l (layer 1's is ∇ₓD)
  out_matrix ubar;   // ū_l
  out_matrix zbar;   // δ̄_l, then z̄_l
  out_matrix zeta;   // ζ_l
};

/// The state and the two sweeps of double backpropagation through mlp<T, Layers...>
/// (output_dim = 1). nn::mlp owns one and calls it from input_gradient,
/// input_gradient_backward; it reads the network's forward state.
template <class T, class... Layers>
class double_backprop {
  using layer_list = std::tuple<Layers...>;
  static constexpr std::size_t layer_count = sizeof...(Layers);
  template <std::size_t I>
  using layer_t = std::tuple_element_t<I, layer_list>;
  template <std::size_t I>
  using act_t = typename layer_t<I>::activation_type;

 public:
  /// The input-gradient sweep on the network's last forward pass; returns u_0 = ∇ₓD
  /// (input_dim×B, column i is the gradient at sample i).
  template <class Net>
  const auto& sweep(Net& net) {
    ones_.setOnes(1, net.batch_);
    sweep_layer<layer_count - 1>(net, ones_);
    return std::get<0>(buffers_).u;
  }

  /// Adds ∂F/∂θ to the network's gradients, given ḡ = ∂F/∂u_0 (input_dim×B) for the
  /// last sweep. Leaves the sweep's state unchanged, so it may be called again.
  template <class Net, class G>
  void backward(Net& net, const G& gbar) {
    up<0>(net, gbar);
    down<layer_count - 1>(net);
  }

 private:
  template <std::size_t I, class Net, class Up>
  void sweep_layer(Net& net, const Up& upstream) {
    using act = act_t<I>;
    const Eigen::Index batch = net.batch_;
    const auto& fwd = std::get<I>(net.buffers_);
    auto& buf = std::get<I>(buffers_);
    buf.s.resize(layer_t<I>::output_dim, batch);
    buf.delta.resize(layer_t<I>::output_dim, batch);
    const T* z = fwd.z.data();
    const T* a = fwd.a.data();
    const T* u = upstream.data();
    T* s = buf.s.data();
    T* d = buf.delta.data();
    const Eigen::Index n = buf.s.size();
    for (Eigen::Index k = 0; k < n; ++k) {
      s[k] = act::derivative(z[k], a[k]);
      d[k] = u[k] * s[k];
    }
    buf.u.resize(layer_t<I>::input_dim, batch);
    gemm<true, false, false>(buf.u, net.template weights<I>(), buf.delta);
    if constexpr (I > 0) sweep_layer<I - 1>(net, buf.u);
  }

  // u_l of the sweep: the upstream vector that multiplied φ_l'(z_l).
  template <std::size_t I>
  const auto& upstream_of() const noexcept {
    if constexpr (I == layer_count - 1)
      return ones_;
    else
      return std::get<I + 1>(buffers_).u;
  }

  template <std::size_t I, class Net, class Ubar>
  void up(Net& net, const Ubar& ubar_prev) {
    using act = act_t<I>;
    const Eigen::Index batch = net.batch_;
    auto& buf = std::get<I>(buffers_);
    gemm<false, true, true>(net.template weight_gradient<I>(), buf.delta, ubar_prev);
    buf.zbar.resize(layer_t<I>::output_dim, batch);  // δ̄ first
    gemm<false, false, false>(buf.zbar, net.template weights<I>(), ubar_prev);
    if constexpr (I + 1 < layer_count) {
      buf.ubar.resize(layer_t<I>::output_dim, batch);
      buf.ubar.array() = buf.zbar.array() * buf.s.array();
    }
    if constexpr (has_curvature_v<act>) {
      const auto& fwd = std::get<I>(net.buffers_);
      const T* z = fwd.z.data();
      const T* a = fwd.a.data();
      const T* u = upstream_of<I>().data();
      T* zb = buf.zbar.data();
      const Eigen::Index n = buf.zbar.size();
      for (Eigen::Index k = 0; k < n; ++k) zb[k] *= u[k] * act::second_derivative(z[k], a[k]);
    }
    if constexpr (I + 1 < layer_count) up<I + 1>(net, buf.ubar);
  }

  template <std::size_t I, class Net>
  void down(Net& net) {
    if constexpr (any_curvature_from<I>()) {
      auto& buf = std::get<I>(buffers_);
      buf.zeta.resize(layer_t<I>::output_dim, net.batch_);
      if constexpr (I + 1 < layer_count && any_curvature_from<I + 1>()) {
        gemm<true, false, false>(buf.zeta, net.template weights<I + 1>(),
                                 std::get<I + 1>(buffers_).zeta);
        buf.zeta.array() *= buf.s.array();
        if constexpr (has_curvature_v<act_t<I>>) buf.zeta += buf.zbar;
      } else {
        buf.zeta = buf.zbar;  // the last layer with φ'' ≠ 0
      }
      gemm<false, true, true>(net.template weight_gradient<I>(), buf.zeta,
                              net.template layer_input<I>());
      net.template bias_gradient<I>() += buf.zeta.rowwise().sum();
    }
    if constexpr (I > 0) down<I - 1>(net);
  }

  // True when some layer J ≥ I has φ'' ≠ 0, i.e. ζ_I can be non-zero.
  template <std::size_t I>
  static constexpr bool any_curvature_from() noexcept {
    return []<std::size_t... J>(std::index_sequence<J...>) {
      return ((J >= I && has_curvature_v<act_t<J>>) || ...);
    }(std::make_index_sequence<layer_count>{});
  }

  std::tuple<double_backprop_buffers<T, Layers>...> buffers_;
  Eigen::Matrix<T, 1, Eigen::Dynamic> ones_;  // u_L = 1
};

}  // namespace advdiv::nn::detail
