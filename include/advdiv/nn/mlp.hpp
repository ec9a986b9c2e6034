#pragma once
/// \file
/// nn::mlp: a multilayer perceptron whose layer widths are template arguments, with
/// forward and backward (parameter and input gradients). Scalar networks also give the
/// input gradient ∇ₓD and the parameter gradient of any function of it (double
/// backpropagation, nn/double_backprop.hpp), on which gan/gradient_penalty.hpp builds WGAN-GP.
///
/// Batch layout: one **column per sample**. A batch of B inputs is an input_dim×B Eigen
/// matrix (column-major, so each sample is contiguous), the output is output_dim×B.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/nn/activation.hpp>
#include <advdiv/nn/dense.hpp>
#include <advdiv/nn/detail/gemm.hpp>
#include <advdiv/nn/double_backprop.hpp>
#include <advdiv/nn/init.hpp>

#include <Eigen/Core>

#include <array>
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

/// Forward and backward buffers of one layer for a batch of B samples.
template <class T, class L>
struct dense_buffers {
  using out_matrix = Eigen::Matrix<T, L::output_dim, Eigen::Dynamic>;
  using in_matrix = Eigen::Matrix<T, L::input_dim, Eigen::Dynamic>;
  out_matrix z;      // pre-activation W·a_{l−1} + b
  out_matrix a;      // activation φ(z)
  out_matrix delta;  // ∂/∂z of the backward pass
  in_matrix dx;      // ∂/∂(input of this layer)
};

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
  static_assert((activation_id_is_free_v<typename Layers::activation_type> && ...),
                "advdiv::nn::mlp: an activation reuses the id of a built-in activation under "
                "another name (give it an id of 256 or more)");
  template <class, class...>
  friend class detail::double_backprop;

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

  /// Weights drawn by `init` from advdiv::random_engine(seed), zero biases.
  /// \throws std::domain_error if the initialiser's gain is not positive and finite.
  template <initializer Init>
  mlp(const Init& init, std::uint64_t seed)
      : params_(Eigen::Index(parameter_count)), grads_(Eigen::Index(parameter_count)) {
    initialize(init, seed);
    grads_.setZero();
  }

  /// Redraws every weight with `init` from one advdiv::random_engine(seed) stream (layers
  /// in order) and sets the biases to 0. Same seed, same weights, on every standard
  /// library (core/random.hpp).
  /// \throws std::domain_error if the initialiser's gain is not positive and finite.
  template <initializer Init>
  void initialize(const Init& init, std::uint64_t seed) {
    if constexpr (requires { init.gain; })
      check_positive_finite("advdiv::nn::mlp::initialize", "gain", double(init.gain));
    random_engine rng(seed);
    init_layers(init, rng, std::make_index_sequence<layer_count>{});
  }

  /// The shapes of the layers (as recorded in parameter files).
  static constexpr std::array<layer_shape, layer_count> layer_shapes() noexcept {
    return {layer_shape{std::uint32_t(Layers::input_dim), std::uint32_t(Layers::output_dim),
                        std::uint32_t(Layers::activation_type::id),
                        activation_parameter_v<typename Layers::activation_type>}...};
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
  /// the next forward or input_gradient call.
  /// \param x input_dim×B matrix or expression of scalar_type, one column per sample.
  /// \throws std::invalid_argument if x has the wrong number of rows or no column.
  /// \throws std::domain_error if an entry of x is NaN or infinite.
  /// \par Complexity
  /// 2·B·Σ_l in_l·out_l flops (matrix products) plus O(B·Σ_l out_l).
  template <class Derived>
  const output_batch& forward(const Eigen::MatrixBase<Derived>& x) {
    constexpr const char* fn = "advdiv::nn::mlp::forward";
    check_input<Derived>(fn, x);
    x_ = x;
    if (!all_finite(x_)) check_finite_matrix(fn, "x", x_);  // the scalar search names the entry
    swept_ = false;
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
    return sweep("advdiv::nn::mlp::backward", g, input_gradient, true);
  }

  /// The input gradient ∂L/∂x (input_dim×B) of the last forward for g = ∂L/∂y, without the
  /// parameter gradients (gradients() is left unchanged): what a generator's step needs
  /// from its discriminator. Same checks as backward().
  /// \par Complexity
  /// About the forward's flops (the products Wᵀδ only).
  template <class Derived>
  const input_batch& input_backward(const Eigen::MatrixBase<Derived>& g) {
    return sweep("advdiv::nn::mlp::input_backward", g, true, false);
  }

  /// Input gradient of a scalar network (output_dim = 1): column i of the result is
  /// ∇ₓD(x_i), input_dim×B like x. Runs a forward pass on x and the input-gradient sweep
  /// (nn/double_backprop.hpp); leaves gradients() unchanged. The reference stays valid
  /// until the next forward or input_gradient call.
  /// \throws std::invalid_argument, std::domain_error as forward().
  /// \par Complexity
  /// About two forward passes.
  template <class Derived>
    requires(output_dim == 1)
  const input_batch& input_gradient(const Eigen::MatrixBase<Derived>& x) {
    forward(x);
    const input_batch& u = double_backprop_.sweep(*this);
    swept_ = true;
    return u;
  }

  /// Double backpropagation: given ḡ = ∂F/∂u for the input gradients u = ∇ₓD of the last
  /// input_gradient call (ḡ input_dim×B, column i is ∂F/∂(∇ₓD(x_i))), adds ∂F/∂θ to
  /// gradients() (accumulates). F is any differentiable function of the input gradients:
  /// a gradient penalty, a Lipschitz or smoothness term. May be called again on the same
  /// pass; backward() may be called as well (it differentiates the same forward pass).
  /// \throws std::logic_error if no input_gradient pass precedes it (forward() clears it).
  /// \throws std::invalid_argument if ḡ is not input_dim×B.
  /// \throws std::domain_error if an entry of ḡ is NaN or infinite.
  /// \par Complexity
  /// About three forward passes if every activation is piecewise linear, five otherwise.
  /// \code
  /// // R1 penalty (γ/2)·mean ‖∇ₓD(x)‖² on real samples x (input_dim×B):
  /// const auto& u = d.input_gradient(x);
  /// d.input_gradient_backward((gamma / x.cols()) * u);
  /// \endcode
  template <class Derived>
    requires(output_dim == 1)
  void input_gradient_backward(const Eigen::MatrixBase<Derived>& gbar) {
    constexpr const char* fn = "advdiv::nn::mlp::input_gradient_backward";
    static_assert(std::is_same_v<typename Derived::Scalar, T>,
                  "advdiv::nn::mlp: the adjoint must have the network's scalar type");
    if (!swept_) throw std::logic_error(std::string(fn) + ": no input_gradient pass to differentiate");
    check_same_shape(fn, "gbar", std::size_t(gbar.rows()), std::size_t(gbar.cols()),
                     "the last input gradient", std::size_t(input_dim), std::size_t(batch_));
    gbar_ = gbar;
    if (!all_finite(gbar_)) check_finite_matrix(fn, "gbar", gbar_);
    double_backprop_.backward(*this, gbar_);
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
  void init_layers(const Init& init, random_engine& rng, std::index_sequence<I...>) {
    ((init.fill(weights<I>(), rng), bias<I>().setZero()), ...);
  }

  // Eigen's allFinite() tests coefficient by coefficient (a scalar loop, 2 % of a GAN step
  // on the noise batch); x·0 is 0 for a finite x and NaN otherwise, so one vectorised sum
  // makes the same test. check_finite_matrix then names the entry.
  template <class M>
  static bool all_finite(const M& m) {
    return (m.array() * T(0)).sum() == T(0);
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
    check_nonempty(fn, "x", std::size_t(x.cols()));
  }

  template <class Derived>
  void check_upstream(const char* fn, const Eigen::MatrixBase<Derived>& g) const {
    static_assert(std::is_same_v<typename Derived::Scalar, T>,
                  "advdiv::nn::mlp: the gradient must have the network's scalar type");
    if (batch_ == 0) throw std::logic_error(std::string(fn) + ": no forward pass to differentiate");
    check_same_shape(fn, "g", std::size_t(g.rows()), std::size_t(g.cols()),
                     "the last forward's output", std::size_t(output_dim), std::size_t(batch_));
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

  // The backward sweep of backward() and input_backward(): checks g (messages name `fn`) and
  // runs the layers from the last.
  template <class Derived>
  const input_batch& sweep(const char* fn, const Eigen::MatrixBase<Derived>& g, bool input_gradient,
                           bool parameter_gradients) {
    check_upstream<Derived>(fn, g);
    g_ = g;
    if (!all_finite(g_)) check_finite_matrix(fn, "g", g_);
    backward_layer<layer_count - 1>(g_, input_gradient, parameter_gradients);
    return std::get<0>(buffers_).dx;
  }

  // Multiplies the upstream gradient by φ'(z) into delta, accumulates the parameter
  // gradients and recurses into the previous layer.
  template <std::size_t I, class Up>
  void backward_layer(const Up& up, bool input_gradient, bool parameter_gradients) {
    using act = typename layer_t<I>::activation_type;
    auto& buf = std::get<I>(buffers_);
    buf.delta.resize(layer_t<I>::output_dim, batch_);
    const T* z = buf.z.data();
    const T* a = buf.a.data();
    const T* u = up.data();
    T* d = buf.delta.data();
    const Eigen::Index n = buf.delta.size();
    // φ'(z) is its own statement: written inside the product, GCC's front end folds
    // u·(z > 0 ? 1 : 0) into a branch per element and the loop is neither vectorised nor
    // predictable (a ReLU layer's signs are random): 17 % of a GAN step was spent here.
    for (Eigen::Index k = 0; k < n; ++k) {
      const T slope = act::derivative(z[k], a[k]);
      d[k] = u[k] * slope;
    }
    if (parameter_gradients) {
      detail::gemm<false, true, true>(weight_gradient<I>(), buf.delta, layer_input<I>());
      bias_gradient<I>() += buf.delta.rowwise().sum();
    }
    if (I > 0 || input_gradient) {
      buf.dx.resize(layer_t<I>::input_dim, batch_);
      detail::gemm<true, false, false>(buf.dx, weights<I>(), buf.delta);
    }
    if constexpr (I > 0) backward_layer<I - 1>(buf.dx, input_gradient, parameter_gradients);
  }

  Eigen::Matrix<T, Eigen::Dynamic, 1> params_;
  Eigen::Matrix<T, Eigen::Dynamic, 1> grads_;
  std::tuple<detail::dense_buffers<T, Layers>...> buffers_;
  input_batch x_;
  output_batch g_;
  input_batch gbar_;
  detail::double_backprop<T, Layers...> double_backprop_;
  Eigen::Index batch_ = 0;
  bool swept_ = false;  // the double-backprop sweep matches the forward state
};

}  // namespace advdiv::nn
