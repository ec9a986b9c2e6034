#pragma once
/// \file
/// nn::mlp: a multilayer perceptron whose layer widths are template arguments, with
/// forward, backward (parameter and input gradients) and the exact parameter gradient of
/// the WGAN-GP penalty λ(‖∇ₓD(x̂)‖₂ − 1)² by double backpropagation.
///
/// Batch layout: one **column per sample**. A batch of B inputs is an input_dim×B Eigen
/// matrix (column-major, so each sample is contiguous), the output is output_dim×B.

#include <advdiv/core/checks.hpp>
#include <advdiv/nn/activation.hpp>
#include <advdiv/nn/dense.hpp>
#include <advdiv/nn/init.hpp>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace advdiv::nn {

namespace detail {

/// Work buffers of one layer for a batch of B samples.
template <class T, class L>
struct dense_buffers {
  static constexpr int in = L::input_dim, out = L::output_dim;
  using out_matrix = Eigen::Matrix<T, out, Eigen::Dynamic>;
  using in_matrix = Eigen::Matrix<T, in, Eigen::Dynamic>;
  out_matrix z;      // pre-activation W·a_{l−1} + b
  out_matrix a;      // activation φ(z)
  out_matrix delta;  // ∂/∂z of the backward pass
  in_matrix dx;      // ∂/∂(input of this layer)
  // Gradient-penalty pass only.
  out_matrix s;     // φ'(z)
  out_matrix ubar;  // adjoint of this layer's upstream vector u_l
  out_matrix zbar;  // direct adjoint of z through φ'(z)
  out_matrix zeta;  // total adjoint of z in the second reverse sweep
};

/// Index of the first entry of m that is NaN or infinite, or m.size().
template <class M>
Eigen::Index first_non_finite(const M& m) {
  const auto* p = m.data();
  const Eigen::Index n = m.size();
  for (Eigen::Index k = 0; k < n; ++k)
    if (!math::isfinite(p[k])) return k;
  return n;
}

template <class M>
void check_batch_finite(const char* function, const char* name, const M& m) {
  if (m.allFinite()) return;  // vectorised; the scalar search runs only to name the entry
  const Eigen::Index k = first_non_finite(m);
  if (k == m.size()) return;
  const Eigen::Index i = k % m.rows(), j = k / m.rows();
  advdiv::detail::throw_domain_error(function, std::string(name) + "(" + std::to_string(i) + ", " +
                                   std::to_string(j) + ") = " + advdiv::detail::format_value(m.data()[k]) +
                                   " is not finite");
}

/// A dynamic-size map of a contiguous matrix (a 1×n row vector has the same memory in
/// either storage order).
template <class M>
auto dynamic_view(M&& m) {
  using S = typename std::remove_cvref_t<M>::Scalar;
  using D = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  if constexpr (std::is_const_v<std::remove_reference_t<M>>)
    return Eigen::Map<const D>(m.data(), m.rows(), m.cols());
  else
    return Eigen::Map<D>(m.data(), m.rows(), m.cols());
}

/// dst = op(a)·op(b), or dst += op(a)·op(b) when Accumulate; op transposes when TA / TB.
/// The products run on dynamic-size maps: the GEMM is sized at run time anyway, and
/// with compile-time sizes GCC 12 -O3 emits a false -Waggressive-loop-optimizations warning
/// from Eigen's GEMV branch.
template <bool TA, bool TB, bool Accumulate, class Dst, class A, class B>
void gemm(Dst&& dst, const A& a, const B& b) {
  auto d = dynamic_view(dst);
  const auto ma = dynamic_view(a);
  const auto mb = dynamic_view(b);
  auto run = [&](const auto& lhs, const auto& rhs) {
    if constexpr (Accumulate)
      d.noalias() += lhs * rhs;
    else
      d.noalias() = lhs * rhs;
  };
  if constexpr (TA && TB)
    run(ma.transpose(), mb.transpose());
  else if constexpr (TA)
    run(ma.transpose(), mb);
  else if constexpr (TB)
    run(ma, mb.transpose());
  else
    run(ma, mb);
}

}  // namespace detail

/// A multilayer perceptron with compile-time layer widths: `mlp<T, dense<...>, ...>`.
///
/// Layer l computes a_l = φ_l(W_l a_{l−1} + b_l) with a_0 = x. All parameters live in one
/// contiguous vector (layer by layer: W_l column-major, then b_l), exposed by parameters();
/// weights<l>() and bias<l>() view it as fixed-size Eigen maps. gradients() has the same
/// layout. The batch size is dynamic; batches are input_dim×B matrices (one column per
/// sample). Work buffers are kept between calls and reallocated only when B changes.
///
/// \tparam T float or double.
/// \tparam Layers nn::dense layers whose consecutive widths match (checked at compile time).
///
/// \code
/// using namespace advdiv::nn;
/// mlp<float, dense<2, 128, relu>, dense<128, 128, relu>, dense<128, 1>> d(he_normal{}, 42);
/// Eigen::MatrixXf x = Eigen::MatrixXf::Random(2, 512);   // 512 samples, one per column
/// const auto& y = d.forward(x);                           // 1×512
/// d.zero_grad();
/// d.backward(Eigen::RowVectorXf::Constant(512, 1.0f / 512));  // gradient of mean(y)
/// \endcode
template <class T, class... Layers>
class mlp {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                "advdiv::nn::mlp: the scalar type must be float or double");
  static_assert(sizeof...(Layers) >= 1, "advdiv::nn::mlp: give at least one nn::dense layer");
  static_assert((detail::is_dense<Layers>::value && ...),
                "advdiv::nn::mlp: every layer must be an advdiv::nn::dense<In, Out, Activation>");
  static_assert(compatible_layers<Layers...>,
                "advdiv::nn::mlp: mismatched layer widths: the output width of each dense layer "
                "must equal the input width of the next one");

  using layer_list = std::tuple<Layers...>;
  template <std::size_t I>
  using layer_t = std::tuple_element_t<I, layer_list>;

 public:
  /// The scalar type.
  using scalar_type = T;
  /// Number of layers.
  static constexpr std::size_t layer_count = sizeof...(Layers);
  /// Width of the input (rows of an input batch).
  static constexpr int input_dim = layer_t<0>::input_dim;
  /// Width of the output (rows of an output batch).
  static constexpr int output_dim = layer_t<layer_count - 1>::output_dim;
  /// Total number of parameters Σ_l (in_l·out_l + out_l).
  static constexpr std::size_t parameter_count = (Layers::parameter_count + ...);
  /// A batch of inputs: input_dim×B, one column per sample.
  using input_batch = Eigen::Matrix<T, input_dim, Eigen::Dynamic>;
  /// A batch of outputs: output_dim×B, one column per sample.
  using output_batch = Eigen::Matrix<T, output_dim, Eigen::Dynamic>;
  /// Fixed-size view of the weights W of layer I (out×in, column-major).
  template <std::size_t I>
  using weight_map = Eigen::Map<Eigen::Matrix<T, layer_t<I>::output_dim, layer_t<I>::input_dim>>;
  /// Fixed-size view of the bias b of layer I.
  template <std::size_t I>
  using bias_map = Eigen::Map<Eigen::Matrix<T, layer_t<I>::output_dim, 1>>;

  /// Glorot-uniform weights from seed 0, zero biases.
  mlp() : mlp(glorot_uniform{}, 0) {}

  /// Weights drawn by `init` from `seed`, zero biases.
  /// \throws std::domain_error if the initialiser's gain is not positive and finite.
  template <initializer Init>
  mlp(const Init& init, std::uint64_t seed)
      : params_(Eigen::Index(parameter_count)), grads_(Eigen::Index(parameter_count)) {
    initialize(init, seed);
    grads_.setZero();
  }

  /// Redraws every weight with `init` from `seed` (layers in order, one random stream) and
  /// sets the biases to 0. Same seed and build, same bits.
  /// \throws std::domain_error if the initialiser's gain is not positive and finite.
  template <initializer Init>
  void initialize(const Init& init, std::uint64_t seed) {
    if constexpr (requires { init.gain; })
      check_parameter("advdiv::nn::mlp::initialize", "gain", init.gain,
                      init.gain > 0 && std::isfinite(init.gain), "is not positive and finite");
    detail::random_source rng(seed);
    init_layers(init, rng, std::make_index_sequence<layer_count>{});
  }

  /// The shapes of the layers (as recorded in parameter files).
  static constexpr std::array<layer_shape, layer_count> layer_shapes() noexcept {
    return {layer_shape{std::uint32_t(Layers::input_dim), std::uint32_t(Layers::output_dim),
                        std::uint32_t(Layers::activation_type::id),
                        double(Layers::activation_type::parameter)}...};
  }

  /// All parameters, layer by layer (W_l column-major, then b_l).
  std::span<T> parameters() noexcept { return {params_.data(), parameter_count}; }
  /// All parameters (read-only).
  std::span<const T> parameters() const noexcept { return {params_.data(), parameter_count}; }
  /// Accumulated gradients, same layout as parameters().
  std::span<T> gradients() noexcept { return {grads_.data(), parameter_count}; }
  /// Accumulated gradients (read-only).
  std::span<const T> gradients() const noexcept { return {grads_.data(), parameter_count}; }
  /// Sets every accumulated gradient to 0.
  void zero_grad() noexcept { grads_.setZero(); }

  /// Weights W of layer I as a fixed-size out×in map into parameters().
  template <std::size_t I>
  weight_map<I> weights() noexcept {
    return weight_map<I>(params_.data() + offset<I>());
  }
  /// Bias b of layer I as a fixed-size map into parameters().
  template <std::size_t I>
  bias_map<I> bias() noexcept {
    return bias_map<I>(params_.data() + offset<I>() + weight_count<I>());
  }
  /// Gradient of the weights of layer I (a map into gradients()).
  template <std::size_t I>
  weight_map<I> weight_gradient() noexcept {
    return weight_map<I>(grads_.data() + offset<I>());
  }
  /// Gradient of the bias of layer I (a map into gradients()).
  template <std::size_t I>
  bias_map<I> bias_gradient() noexcept {
    return bias_map<I>(grads_.data() + offset<I>() + weight_count<I>());
  }

  /// Forward pass on a batch: returns φ_L(…φ_1(W_1 x + b_1)…), output_dim×B, and keeps what
  /// backward() needs (a copy of x and every z_l, a_l). The reference stays valid until
  /// the next forward, backward or gradient_penalty call.
  /// \param x input_dim×B matrix or expression of scalar_type, one column per sample.
  /// \throws std::invalid_argument if x has the wrong number of rows or no column.
  /// \throws std::domain_error if an entry of x is NaN or infinite.
  /// \par Complexity
  /// 2·B·Σ_l in_l·out_l flops (matrix products) plus O(B·Σ_l out_l).
  template <class Derived>
  const output_batch& forward(const Eigen::MatrixBase<Derived>& x) {
    check_input<Derived>("advdiv::nn::mlp::forward", x);
    x_ = x;
    detail::check_batch_finite("advdiv::nn::mlp::forward", "x", x_);
    batch_ = x_.cols();
    forward_layers(std::make_index_sequence<layer_count>{});
    return std::get<layer_count - 1>(buffers_).a;
  }

  /// Backward pass of the last forward: given g = ∂L/∂y (output_dim×B), adds ∂L/∂θ to
  /// gradients() (accumulates: call zero_grad() to restart) and returns ∂L/∂x
  /// (input_dim×B), through which a generator is trained by its discriminator. With
  /// `input_gradient = false` the last product Wᵀδ of the first layer is skipped and the
  /// returned matrix is unspecified.
  ///
  /// δ_L = g ⊙ φ_L'(z_L); ∂L/∂W_l += δ_l a_{l−1}ᵀ; ∂L/∂b_l += δ_l·1;
  /// δ_{l−1} = (W_lᵀ δ_l) ⊙ φ_{l−1}'(z_{l−1}); ∂L/∂x = W_1ᵀ δ_1.
  /// \throws std::logic_error if no forward pass was made.
  /// \throws std::invalid_argument if g is not output_dim×B for the last forward's B.
  /// \throws std::domain_error if an entry of g is NaN or infinite.
  /// \par Complexity
  /// About twice the forward's flops (once without the input gradient of layer 1).
  template <class Derived>
  const input_batch& backward(const Eigen::MatrixBase<Derived>& g, bool input_gradient = true) {
    constexpr const char* fn = "advdiv::nn::mlp::backward";
    check_upstream<Derived>(fn, g);
    g_ = g;
    detail::check_batch_finite(fn, "g", g_);
    backward_layer<layer_count - 1>(g_, input_gradient);
    return std::get<0>(buffers_).dx;
  }

  /// Input gradient of a scalar network (output_dim = 1): column i of the result is
  /// ∇ₓD(x_i). Runs a forward pass on x; leaves gradients() unchanged.
  /// \throws std::invalid_argument, std::domain_error as forward().
  template <class Derived>
    requires(output_dim == 1)
  const input_batch& input_gradient(const Eigen::MatrixBase<Derived>& x) {
    forward(x);
    input_gradient_sweep();
    return std::get<0>(buffers_).dx;
  }

  /// WGAN-GP penalty P = (λ/B)·Σ_i (‖∇ₓD(x̂_i)‖₂ − 1)² of a scalar critic (output_dim = 1)
  /// on the points x̂ (input_dim×B); adds ∂P/∂θ to gradients() and returns P.
  ///
  /// The gradient is exact (double backpropagation, see docs/nn.md): the backward sweep
  /// that gives u_0 = ∇ₓD is itself differentiated. With ḡ_i = (2λ/B)(1 − 1/‖u_0,i‖)u_0,i
  /// (0 where ‖u_0,i‖ = 0) it runs one sweep up the layers (adjoints of u_l and δ_l, giving
  /// ∂P/∂W_l += δ_l ūᵀ_{l−1}) and, for layers with φ'' ≠ 0, one sweep down (the adjoints
  /// of z_l through φ'(z_l) pushed back through the forward pass). The forward state is
  /// overwritten: call forward() again before backward().
  /// \throws std::invalid_argument, std::domain_error as forward(); std::domain_error if
  /// λ is negative or not finite.
  /// \par Complexity
  /// About three forward passes for piecewise-linear activations, five otherwise.
  template <class Derived>
    requires(output_dim == 1)
  T gradient_penalty(const Eigen::MatrixBase<Derived>& x_hat, T lambda) {
    check_parameter("advdiv::nn::mlp::gradient_penalty", "lambda", lambda,
                    lambda >= T(0) && math::isfinite(lambda), "is not finite and non-negative");
    forward(x_hat);
    input_gradient_sweep();
    auto& first = std::get<0>(buffers_);
    // ḡ = ∂P/∂u_0, kept in layer 0's ubar_in buffer.
    ubar_in_.resize(input_dim, batch_);
    T penalty = T(0);
    const T scale = T(2) * lambda / T(batch_);
    for (Eigen::Index i = 0; i < batch_; ++i) {
      const T norm = first.dx.col(i).norm();
      const T excess = norm - T(1);
      penalty += excess * excess;
      if (norm > T(0))
        ubar_in_.col(i) = (scale * excess / norm) * first.dx.col(i);
      else
        ubar_in_.col(i).setZero();
    }
    penalty *= lambda / T(batch_);
    penalty_up<0>(ubar_in_);
    penalty_down<layer_count - 1>();
    return penalty;
  }

 private:
  template <std::size_t I>
  static constexpr std::size_t offset() noexcept {
    std::size_t off = 0;
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      ((off += layer_t<J>::parameter_count), ...);
    }(std::make_index_sequence<I>{});
    return off;
  }
  template <std::size_t I>
  static constexpr std::size_t weight_count() noexcept {
    return std::size_t(layer_t<I>::input_dim) * std::size_t(layer_t<I>::output_dim);
  }

  template <class Init, std::size_t... I>
  void init_layers(const Init& init, detail::random_source& rng, std::index_sequence<I...>) {
    ((init.fill(weights<I>(), rng), bias<I>().setZero()), ...);
  }

  template <class Derived>
  static void check_input(const char* fn, const Eigen::MatrixBase<Derived>& x) {
    static_assert(std::is_same_v<typename Derived::Scalar, T>,
                  "advdiv::nn::mlp: the batch must have the network's scalar type");
    static_assert(Derived::RowsAtCompileTime == Eigen::Dynamic ||
                      Derived::RowsAtCompileTime == input_dim,
                  "advdiv::nn::mlp: an input batch must have input_dim rows (one column per "
                  "sample)");
    if (x.rows() != input_dim)
      advdiv::detail::throw_invalid_argument(fn, "x has " + std::to_string(x.rows()) +
                                             " rows, expected " + std::to_string(input_dim) +
                                             " (one column per sample)");
    if (x.cols() == 0) advdiv::detail::throw_invalid_argument(fn, "x is empty (no sample)");
  }

  template <class Derived>
  void check_upstream(const char* fn, const Eigen::MatrixBase<Derived>& g) const {
    static_assert(std::is_same_v<typename Derived::Scalar, T>,
                  "advdiv::nn::mlp: the gradient must have the network's scalar type");
    if (batch_ == 0) throw std::logic_error(std::string(fn) + ": no forward pass to differentiate");
    if (g.rows() != output_dim || g.cols() != batch_)
      advdiv::detail::throw_invalid_argument(
          fn, "g is " + std::to_string(g.rows()) + "x" + std::to_string(g.cols()) +
                  ", expected " + std::to_string(output_dim) + "x" + std::to_string(batch_) +
                  " (output_dim x batch of the last forward)");
  }

  template <std::size_t I>
  const auto& layer_input() const noexcept {
    if constexpr (I == 0)
      return x_;
    else
      return std::get<I - 1>(buffers_).a;
  }

  template <std::size_t... I>
  void forward_layers(std::index_sequence<I...>) {
    (forward_layer<I>(), ...);
  }

  template <std::size_t I>
  void forward_layer() {
    using act = typename layer_t<I>::activation_type;
    constexpr int out = layer_t<I>::output_dim;
    auto& buf = std::get<I>(buffers_);
    const auto w = weights<I>();
    const auto b = bias<I>();
    buf.z.resize(out, batch_);
    buf.a.resize(out, batch_);
    detail::gemm<false, false, false>(buf.z, w, layer_input<I>());
    T* z = buf.z.data();
    T* a = buf.a.data();
    const T* bp = b.data();
    for (Eigen::Index j = 0; j < batch_; ++j, z += out, a += out)
      for (int r = 0; r < out; ++r) {
        const T v = z[r] + bp[r];
        z[r] = v;
        a[r] = act::value(v);
      }
  }

  // Multiplies the upstream gradient by φ'(z) into delta, accumulates the parameter
  // gradients and recurses into the previous layer.
  template <std::size_t I, class Up>
  void backward_layer(const Up& up, bool input_gradient) {
    using act = typename layer_t<I>::activation_type;
    auto& buf = std::get<I>(buffers_);
    buf.delta.resize(layer_t<I>::output_dim, batch_);
    const T* z = buf.z.data();
    const T* a = buf.a.data();
    const T* u = up.data();
    T* d = buf.delta.data();
    const Eigen::Index n = buf.delta.size();
    for (Eigen::Index k = 0; k < n; ++k) d[k] = u[k] * act::derivative(z[k], a[k]);
    detail::gemm<false, true, true>(weight_gradient<I>(), buf.delta, layer_input<I>());
    bias_gradient<I>() += buf.delta.rowwise().sum();
    if (I > 0 || input_gradient) {
      buf.dx.resize(layer_t<I>::input_dim, batch_);
      detail::gemm<true, false, false>(buf.dx, weights<I>(), buf.delta);
    }
    if constexpr (I > 0) backward_layer<I - 1>(buf.dx, input_gradient);
  }

  // First backward sweep with u_L = 1 and no parameter gradients: s_l = φ'(z_l),
  // δ_l = u_l ⊙ s_l, u_{l−1} = W_lᵀ δ_l (stored in dx of layer l).
  void input_gradient_sweep() {
    ones_.setOnes(output_dim, batch_);
    sweep_layer<layer_count - 1>(ones_);
  }

  template <std::size_t I, class Up>
  void sweep_layer(const Up& up) {
    using act = typename layer_t<I>::activation_type;
    constexpr int out = layer_t<I>::output_dim;
    auto& buf = std::get<I>(buffers_);
    buf.s.resize(out, batch_);
    buf.delta.resize(out, batch_);
    const T* z = buf.z.data();
    const T* a = buf.a.data();
    const T* u = up.data();
    T* s = buf.s.data();
    T* d = buf.delta.data();
    const Eigen::Index n = buf.s.size();
    for (Eigen::Index k = 0; k < n; ++k) {
      s[k] = act::derivative(z[k], a[k]);
      d[k] = u[k] * s[k];
    }
    buf.dx.resize(layer_t<I>::input_dim, batch_);
    detail::gemm<true, false, false>(buf.dx, weights<I>(), buf.delta);
    if constexpr (I > 0) sweep_layer<I - 1>(buf.dx);
  }

  // u_l, the upstream vector of layer l in the first sweep.
  template <std::size_t I>
  const auto& upstream_of() const noexcept {
    if constexpr (I == layer_count - 1)
      return ones_;
    else
      return std::get<I + 1>(buffers_).dx;
  }

  // Reverse of the first sweep, from layer 1 up: given ū_{l−1}, δ̄_l = W_l ū_{l−1},
  // ∂P/∂W_l += δ_l ū_{l−1}ᵀ, ū_l = δ̄_l ⊙ s_l, z̄_l = δ̄_l ⊙ u_l ⊙ φ''(z_l).
  template <std::size_t I, class Ubar>
  void penalty_up(const Ubar& ubar_prev) {
    using act = typename layer_t<I>::activation_type;
    constexpr int out = layer_t<I>::output_dim;
    auto& buf = std::get<I>(buffers_);
    detail::gemm<false, true, true>(weight_gradient<I>(), buf.delta, ubar_prev);
    buf.zbar.resize(out, batch_);  // holds δ̄ first
    detail::gemm<false, false, false>(buf.zbar, weights<I>(), ubar_prev);
    if constexpr (I + 1 < layer_count) {
      buf.ubar.resize(out, batch_);
      buf.ubar.array() = buf.zbar.array() * buf.s.array();
    }
    if constexpr (has_curvature<act>()) {
      const T* z = buf.z.data();
      const T* a = buf.a.data();
      const T* u = upstream_of<I>().data();
      T* zb = buf.zbar.data();
      const Eigen::Index n = buf.zbar.size();
      for (Eigen::Index k = 0; k < n; ++k) zb[k] *= u[k] * act::second_derivative(z[k], a[k]);
    }
    if constexpr (I + 1 < layer_count) penalty_up<I + 1>(buf.ubar);
  }

  // Second reverse sweep through the forward pass with the injected adjoints z̄_l:
  // ζ_L = z̄_L, ζ_{l−1} = z̄_{l−1} + (W_lᵀ ζ_l) ⊙ φ'(z_{l−1}); ∂P/∂W_l += ζ_l a_{l−1}ᵀ,
  // ∂P/∂b_l += ζ_l·1. Skipped entirely when every activation has φ'' = 0.
  template <std::size_t I>
  void penalty_down() {
    if constexpr (any_curvature_from<I>()) {
      using act = typename layer_t<I>::activation_type;
      auto& buf = std::get<I>(buffers_);
      buf.zeta.resize(layer_t<I>::output_dim, batch_);
      if constexpr (I + 1 < layer_count && any_curvature_from<I + 1>()) {
        auto& next = std::get<I + 1>(buffers_);
        detail::gemm<true, false, false>(buf.zeta, weights<I + 1>(), next.zeta);
        buf.zeta.array() *= buf.s.array();
        if constexpr (has_curvature<act>()) buf.zeta += buf.zbar;
      } else {
        buf.zeta = buf.zbar;  // layer I has φ'' ≠ 0 here
      }
      detail::gemm<false, true, true>(weight_gradient<I>(), buf.zeta, layer_input<I>());
      bias_gradient<I>() += buf.zeta.rowwise().sum();
    }
    if constexpr (I > 0) penalty_down<I - 1>();
  }

  template <class A>
  static constexpr bool has_curvature() noexcept {
    return !(std::is_same_v<A, identity> || std::is_same_v<A, relu> ||
             A::id == leaky_relu::id);
  }
  // True when some layer J ≥ I has φ'' ≠ 0, i.e. ζ_I can be non-zero.
  template <std::size_t I>
  static constexpr bool any_curvature_from() noexcept {
    bool any = false;
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      ((any = any || (J >= I && has_curvature<typename layer_t<J>::activation_type>())), ...);
    }(std::make_index_sequence<layer_count>{});
    return any;
  }

  Eigen::Matrix<T, Eigen::Dynamic, 1> params_;
  Eigen::Matrix<T, Eigen::Dynamic, 1> grads_;
  std::tuple<detail::dense_buffers<T, Layers>...> buffers_;
  input_batch x_;
  output_batch g_;
  output_batch ones_;
  input_batch ubar_in_;
  Eigen::Index batch_ = 0;
};

}  // namespace advdiv::nn
