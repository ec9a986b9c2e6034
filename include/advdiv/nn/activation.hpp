#pragma once
/// \file
/// Elementwise activations for nn::dense layers: identity, relu, leaky_relu, elu, tanh,
/// sigmoid, softplus.
///
/// Each activation is an empty tag type with three static, host/device functions of a
/// pre-activation z and its image a = φ(z) (passing a lets the derivative reuse it):
/// `value(z)` = φ(z), `derivative(z, a)` = φ'(z) and `second_derivative(z, a)` = φ''(z).
/// The second derivative is what double backpropagation (nn/double_backprop.hpp) needs.
///
/// Each activation also describes itself, so no list elsewhere has to know it:
/// - `id` (u32), recorded in parameter files, and `name`, used in messages;
/// - optionally `parameter` (double), for activations with one (the leaky_relu slope, the
///   ELU α): recorded in parameter files and printed as `name(parameter)`;
/// - optionally `has_curvature` (bool): false declares φ'' = 0 almost everywhere (piecewise
///   linear), which lets double backpropagation skip its curvature sweep. Without the
///   member it is taken to be true, which is always correct, only slower.
///
/// nn::activation_name, nn::has_curvature_v and nn::activation_parameter_v read these; a
/// user's activation with the same members works everywhere a built-in one does (pick an
/// id of 256 or more: smaller ids are reserved for the library). At the kink z = 0 of relu
/// and leaky_relu the derivative is that of the branch z ≤ 0, as in PyTorch.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/config.hpp>
#include <advdiv/core/math.hpp>

#include <concepts>
#include <cstdint>
#include <ratio>
#include <string>
#include <string_view>
#include <tuple>

namespace advdiv::nn {

/// φ(z) = z.
struct identity {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 0;
  /// Name used in messages.
  static constexpr const char* name = "identity";
  /// φ'' = 0 almost everywhere: double backpropagation skips its curvature sweep.
  static constexpr bool has_curvature = false;
  /// φ(z) = z.
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T value(T z) noexcept {
    return z;
  }
  /// φ'(z) = 1.
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T derivative(T, T) noexcept {
    return T(1);
  }
  /// φ''(z) = 0.
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T second_derivative(T, T) noexcept {
    return T(0);
  }
};

/// φ(z) = max(z, 0); φ'(z) = 1 for z > 0 and 0 for z ≤ 0 (PyTorch's choice at 0); φ'' = 0.
struct relu {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 1;
  /// Name used in messages.
  static constexpr const char* name = "relu";
  /// φ'' = 0 almost everywhere: double backpropagation skips its curvature sweep.
  static constexpr bool has_curvature = false;
  /// max(z, 0).
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T value(T z) noexcept {
    return z > T(0) ? z : T(0);
  }
  /// 1 if z > 0, else 0.
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T derivative(T z, T) noexcept {
    return z > T(0) ? T(1) : T(0);
  }
  /// 0 (almost everywhere).
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T second_derivative(T, T) noexcept {
    return T(0);
  }
};

/// φ(z) = z for z > 0 and s·z for z ≤ 0, with slope s = `Slope` given as a std::ratio;
/// `nn::leaky_relu` is s = 1/100 (PyTorch's default).
/// \code
/// using lrelu02 = advdiv::nn::leaky_relu_with<std::ratio<1, 5>>;   // s = 0.2
/// \endcode
template <class Slope>
struct leaky_relu_with {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 2;
  /// The negative-side slope s, recorded in parameter files.
  static constexpr double parameter = double(Slope::num) / double(Slope::den);
  /// Name used in messages.
  static constexpr const char* name = "leaky_relu";
  /// φ'' = 0 almost everywhere: double backpropagation skips its curvature sweep.
  static constexpr bool has_curvature = false;
  /// z if z > 0, else s·z.
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T value(T z) noexcept {
    return z > T(0) ? z : T(parameter) * z;
  }
  /// 1 if z > 0, else s.
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T derivative(T z, T) noexcept {
    return z > T(0) ? T(1) : T(parameter);
  }
  /// 0 (almost everywhere).
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T second_derivative(T, T) noexcept {
    return T(0);
  }
};

/// Leaky ReLU with slope 0.01.
using leaky_relu = leaky_relu_with<std::ratio<1, 100>>;

/// ELU: φ(z) = z for z > 0 and α·expm1(z) for z ≤ 0 (expm1 keeps accuracy near 0), with
/// α = `Alpha` given as a std::ratio; `nn::elu` is α = 1. φ'(z) = α·e^z = a + α on the
/// negative side.
template <class Alpha>
struct elu_with {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 3;
  /// The scale α, recorded in parameter files.
  static constexpr double parameter = double(Alpha::num) / double(Alpha::den);
  /// Name used in messages.
  static constexpr const char* name = "elu";
  /// φ'' ≠ 0: double backpropagation runs its curvature sweep.
  static constexpr bool has_curvature = true;
  /// z if z > 0, else α·expm1(z).
  template <class T>
  ADVDIV_HOST_DEVICE static T value(T z) noexcept {
    return z > T(0) ? z : T(parameter) * math::expm1(z);
  }
  /// 1 if z > 0, else α·e^z.
  template <class T>
  ADVDIV_HOST_DEVICE static T derivative(T z, T) noexcept {
    return z > T(0) ? T(1) : T(parameter) * math::exp(z);
  }
  /// 0 if z > 0, else α·e^z.
  template <class T>
  ADVDIV_HOST_DEVICE static T second_derivative(T z, T) noexcept {
    return z > T(0) ? T(0) : T(parameter) * math::exp(z);
  }
};

/// ELU with α = 1.
using elu = elu_with<std::ratio<1>>;

/// φ(z) = tanh z; φ' = 1 − a²; φ'' = −2a(1 − a²).
struct tanh {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 4;
  /// Name used in messages.
  static constexpr const char* name = "tanh";
  /// φ'' ≠ 0: double backpropagation runs its curvature sweep.
  static constexpr bool has_curvature = true;
  /// tanh z.
  template <class T>
  ADVDIV_HOST_DEVICE static T value(T z) noexcept {
    return math::tanh(z);
  }
  /// 1 − a².
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T derivative(T, T a) noexcept {
    return T(1) - a * a;
  }
  /// −2a(1 − a²).
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T second_derivative(T, T a) noexcept {
    return T(-2) * a * (T(1) - a * a);
  }
};

/// φ(z) = σ(z) = 1/(1 + e^{−z}), evaluated without overflow; φ' = a(1 − a);
/// φ'' = a(1 − a)(1 − 2a).
struct sigmoid {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 5;
  /// Name used in messages.
  static constexpr const char* name = "sigmoid";
  /// φ'' ≠ 0: double backpropagation runs its curvature sweep.
  static constexpr bool has_curvature = true;
  /// σ(z).
  template <class T>
  ADVDIV_HOST_DEVICE static T value(T z) noexcept {
    return math::sigmoid(z);
  }
  /// a(1 − a).
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T derivative(T, T a) noexcept {
    return a * (T(1) - a);
  }
  /// a(1 − a)(1 − 2a).
  template <class T>
  ADVDIV_HOST_DEVICE static constexpr T second_derivative(T, T a) noexcept {
    return a * (T(1) - a) * (T(1) - T(2) * a);
  }
};

/// φ(z) = softplus(z) = log(1 + e^z), evaluated as max(z, 0) + log1p(e^{−|z|}) (no overflow,
/// no loss of e^z for very negative z); φ' = σ(z); φ'' = σ(z)(1 − σ(z)).
struct softplus {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 6;
  /// Name used in messages.
  static constexpr const char* name = "softplus";
  /// φ'' ≠ 0: double backpropagation runs its curvature sweep.
  static constexpr bool has_curvature = true;
  /// log(1 + e^z).
  template <class T>
  ADVDIV_HOST_DEVICE static T value(T z) noexcept {
    return math::softplus(z);
  }
  /// σ(z).
  template <class T>
  ADVDIV_HOST_DEVICE static T derivative(T z, T) noexcept {
    return math::sigmoid(z);
  }
  /// σ(z)(1 − σ(z)).
  template <class T>
  ADVDIV_HOST_DEVICE static T second_derivative(T z, T) noexcept {
    const T s = math::sigmoid(z);
    return s * (T(1) - s);
  }
};

/// An activation tag: static value/derivative/second_derivative of a scalar, an `id` and a
/// `name` (the optional `parameter` and `has_curvature` are read by the traits below).
template <class A>
concept activation = requires(float z) {
  { A::value(z) } -> std::convertible_to<float>;
  { A::derivative(z, z) } -> std::convertible_to<float>;
  { A::second_derivative(z, z) } -> std::convertible_to<float>;
  { A::id } -> std::convertible_to<std::uint32_t>;
  { A::name } -> std::convertible_to<const char*>;
};

/// True when the activation declares a `parameter` (leaky_relu_with, elu_with).
template <activation A>
inline constexpr bool has_activation_parameter_v = requires { { A::parameter } -> std::convertible_to<double>; };

/// The activation's `parameter`, or 0 for an activation without one (as parameter files
/// record it).
template <activation A>
inline constexpr double activation_parameter_v = [] {
  if constexpr (has_activation_parameter_v<A>)
    return double(A::parameter);
  else
    return 0.0;
}();

/// False when the activation declares `has_curvature = false` (φ'' = 0 almost everywhere:
/// identity, relu, leaky_relu), true otherwise, including when it does not say.
template <activation A>
inline constexpr bool has_curvature_v = [] {
  if constexpr (requires { { A::has_curvature } -> std::convertible_to<bool>; })
    return bool(A::has_curvature);
  else
    return true;
}();

/// The activation as messages print it: its name, followed by `(parameter)` when it has
/// one, e.g. `relu`, `leaky_relu(0.2)`.
template <activation A>
std::string activation_name(double parameter = activation_parameter_v<A>) {
  std::string out = A::name;
  if constexpr (has_activation_parameter_v<A>) {
    // Appended piece by piece: "(" + string + ")" trips GCC 12's false -Wrestrict.
    out += '(';
    out += advdiv::detail::format_value(parameter);
    out += ')';
  }
  return out;
}

/// The library's activations, so that the activation ids found in a parameter file can be
/// named (each by its own `name`); leaky_relu and elu stand for every slope and α.
using builtin_activations = std::tuple<identity, relu, leaky_relu, elu, tanh, sigmoid, softplus>;

namespace detail {

template <class A, class Tuple>
struct id_consistent;
template <class A, class... B>
struct id_consistent<A, std::tuple<B...>>
    : std::bool_constant<((B::id != A::id || std::string_view(B::name) == std::string_view(A::name)) &&
                          ...)> {};

}  // namespace detail

/// True unless A reuses the id of a built-in activation under another name (a file written
/// with one would then load into a network with the other).
template <activation A>
inline constexpr bool activation_id_is_free_v = detail::id_consistent<A, builtin_activations>::value;

/// The name (as activation_name prints it) of the activation with this id among
/// `Candidates...` and then the built-in activations, or `activation#<id>` if none has it.
template <activation... Candidates>
std::string activation_name_of_id(std::uint32_t id, double parameter) {
  std::string out;
  bool found = false;
  auto try_one = [&]<class A>() {
    if (!found && A::id == id) {
      out = activation_name<A>(parameter);
      found = true;
    }
  };
  (try_one.template operator()<Candidates>(), ...);
  [&]<class... B>(std::tuple<B...>*) {
    (try_one.template operator()<B>(), ...);
  }(static_cast<builtin_activations*>(nullptr));
  return found ? out : "activation#" + std::to_string(id);
}

}  // namespace advdiv::nn
