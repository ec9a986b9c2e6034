#pragma once
/// \file
/// Elementwise activations for nn::dense layers: identity, relu, leaky_relu, elu, tanh,
/// sigmoid, softplus.
///
/// Each activation is an empty tag type with three static, host/device functions of a
/// pre-activation z and its image a = φ(z) (passing a lets the derivative reuse it):
/// `value(z)` = φ(z), `derivative(z, a)` = φ'(z) and `second_derivative(z, a)` = φ''(z).
/// The second derivative is what the gradient-penalty (double backpropagation) needs.
/// Each also carries an `id` and a `parameter` that the parameter file records, and a
/// `name` used in messages. At the kink z = 0 of relu and leaky_relu the derivative is
/// that of the branch z ≤ 0, as in PyTorch.

#include <advdiv/core/config.hpp>
#include <advdiv/core/math.hpp>

#include <concepts>
#include <cstdint>
#include <ratio>

namespace advdiv::nn {

/// φ(z) = z.
struct identity {
  /// Identifier recorded in parameter files.
  static constexpr std::uint32_t id = 0;
  /// Activation parameter recorded in parameter files (unused: 0).
  static constexpr double parameter = 0.0;
  /// Name used in messages.
  static constexpr const char* name = "identity";
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
  /// Activation parameter recorded in parameter files (unused: 0).
  static constexpr double parameter = 0.0;
  /// Name used in messages.
  static constexpr const char* name = "relu";
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
  /// Activation parameter recorded in parameter files (unused: 0).
  static constexpr double parameter = 0.0;
  /// Name used in messages.
  static constexpr const char* name = "tanh";
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
  /// Activation parameter recorded in parameter files (unused: 0).
  static constexpr double parameter = 0.0;
  /// Name used in messages.
  static constexpr const char* name = "sigmoid";
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
  /// Activation parameter recorded in parameter files (unused: 0).
  static constexpr double parameter = 0.0;
  /// Name used in messages.
  static constexpr const char* name = "softplus";
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

/// An activation tag: static value/derivative/second_derivative of a scalar, an id, a
/// parameter and a name.
template <class A>
concept activation = requires(float z) {
  { A::value(z) } -> std::convertible_to<float>;
  { A::derivative(z, z) } -> std::convertible_to<float>;
  { A::second_derivative(z, z) } -> std::convertible_to<float>;
  { A::id } -> std::convertible_to<std::uint32_t>;
  { A::parameter } -> std::convertible_to<double>;
  { A::name } -> std::convertible_to<const char*>;
};

}  // namespace advdiv::nn
