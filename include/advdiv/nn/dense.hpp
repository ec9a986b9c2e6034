#pragma once
/// \file
/// nn::dense: the description of one fully connected layer, a = φ(W·x + b), used as a
/// template argument of nn::mlp.

#include <advdiv/nn/activation.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace advdiv::nn {

/// A fully connected layer with `In` inputs, `Out` outputs and activation `Act`:
/// a = φ(W·x + b), W an Out×In matrix, b an Out-vector. It only describes the layer;
/// nn::mlp owns the parameters and the work buffers.
/// \code
/// using hidden = advdiv::nn::dense<2, 128, advdiv::nn::relu>;
/// \endcode
template <int In, int Out, activation Act = identity>
struct dense {
  static_assert(In > 0 && Out > 0, "advdiv::nn::dense: layer widths must be positive");
  /// Number of inputs (columns of W).
  static constexpr int input_dim = In;
  /// Number of outputs (rows of W, length of b).
  static constexpr int output_dim = Out;
  /// The activation φ.
  using activation_type = Act;
  /// In·Out weights plus Out biases.
  static constexpr std::size_t parameter_count = std::size_t(In) * std::size_t(Out) + std::size_t(Out);
};

/// The shape of one layer as recorded in a parameter file.
struct layer_shape {
  /// Inputs of the layer.
  std::uint32_t input_dim = 0;
  /// Outputs of the layer.
  std::uint32_t output_dim = 0;
  /// The activation's own `id` (identity 0, relu 1, leaky_relu 2, elu 3, tanh 4, sigmoid 5,
  /// softplus 6; a user's activation declares its own).
  std::uint32_t activation_id = 0;
  /// nn::activation_parameter_v of the activation (leaky_relu slope, elu α; 0 for
  /// activations without a parameter).
  double activation_parameter = 0.0;
  /// Field-wise equality.
  friend constexpr bool operator==(const layer_shape&, const layer_shape&) = default;
};

namespace detail {

template <class L>
struct is_dense : std::false_type {};
template <int In, int Out, class Act>
struct is_dense<dense<In, Out, Act>> : std::true_type {};

/// True when each layer's output width equals the next layer's input width.
template <class... L>
struct widths_chain : std::true_type {};
template <class A, class B, class... Rest>
struct widths_chain<A, B, Rest...>
    : std::bool_constant<A::output_dim == B::input_dim && widths_chain<B, Rest...>::value> {};

}  // namespace detail

/// True when consecutive layers fit: the output width of each equals the input width of
/// the next (nn::mlp static_asserts this).
template <class... Layers>
inline constexpr bool compatible_layers = detail::widths_chain<Layers...>::value;

}  // namespace advdiv::nn
