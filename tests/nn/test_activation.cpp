// Activations: values and stable forms, derivatives against central differences, the traits
// each activation declares (name, parameter, curvature), and users' own activations through
// the whole layer: gradients, double backpropagation and parameter files.

#include "helpers.hpp"

#include <advdiv/core/math.hpp>
#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <ratio>
#include <sstream>
#include <string>

namespace nn = advdiv::nn;
using nn_test::gradient_vector;
using nn_test::numeric_parameter_gradient;
using nn_test::random_matrix;
using nn_test::relative_error;

namespace {

using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
using elu07 = nn::elu_with<std::ratio<7, 10>>;

// A user's smooth activation, SiLU φ(z) = z·σ(z): φ' = s + z·s(1 − s),
// φ'' = s(1 − s)(2 + z(1 − 2s)) with s = σ(z). No parameter, no has_curvature member (so it
// is taken to have curvature).
struct silu {
  static constexpr std::uint32_t id = 300;
  static constexpr const char* name = "silu";
  template <class T>
  static T value(T z) noexcept {
    return z * advdiv::math::sigmoid(z);
  }
  template <class T>
  static T derivative(T z, T) noexcept {
    const T s = advdiv::math::sigmoid(z);
    return s + z * s * (T(1) - s);
  }
  template <class T>
  static T second_derivative(T z, T) noexcept {
    const T s = advdiv::math::sigmoid(z);
    return s * (T(1) - s) * (T(2) + z * (T(1) - T(2) * s));
  }
};

// A user's piecewise-linear activation with a parameter: φ(z) = k·|z|, k = 3/2.
struct scaled_abs {
  static constexpr std::uint32_t id = 301;
  static constexpr const char* name = "scaled_abs";
  static constexpr double parameter = 1.5;
  static constexpr bool has_curvature = false;
  template <class T>
  static constexpr T value(T z) noexcept {
    return T(parameter) * (z > T(0) ? z : -z);
  }
  template <class T>
  static constexpr T derivative(T z, T) noexcept {
    return z > T(0) ? T(parameter) : -T(parameter);
  }
  template <class T>
  static constexpr T second_derivative(T, T) noexcept {
    return T(0);
  }
};

// Reuses relu's id under another name: a network with it does not compile.
struct relu_impostor : scaled_abs {
  static constexpr std::uint32_t id = 1;
  static constexpr const char* name = "my_relu";
};

}  // namespace

TEST_CASE("activations: values and stable forms") {
  CHECK(nn::relu::value(-2.0) == 0.0);
  CHECK(nn::relu::derivative(0.0, 0.0) == 0.0);
  CHECK(nn::leaky_relu::value(-2.0) == -0.02);
  CHECK(lrelu02::derivative(-1.0, -0.2) == 0.2);
  CHECK(nn::elu::value(-1e-10) == doctest::Approx(-1e-10).epsilon(1e-12));
  CHECK(nn::elu::value(-1000.0) == -1.0);
  CHECK(nn::sigmoid::value(-30.0) == doctest::Approx(std::exp(-30.0)).epsilon(1e-12));
  CHECK(nn::sigmoid::value(-800.0) == 0.0);  // e^-800 underflows; no NaN from inf/inf
  CHECK(nn::sigmoid::value(800.0) == 1.0);
  CHECK(nn::softplus::value(800.0) == 800.0);
  CHECK(nn::softplus::value(-50.0) == doctest::Approx(std::exp(-50.0)).epsilon(1e-14));
  CHECK(nn::softplus::value(-800.0) >= 0.0);
  CHECK(std::isfinite(nn::softplus::derivative(-800.0, 0.0)));
  CHECK(nn::tanh::value(30.0f) == 1.0f);
  // Derivatives of the smooth activations against central differences.
  for (double z : {-3.0, -0.4, 0.3, 2.5}) {
    auto check = [z](auto act) {
      using A = decltype(act);
      const double h = 1e-5;
      const double d = (A::value(z + h) - A::value(z - h)) / (2 * h);
      const double d2 = (A::derivative(z + h, A::value(z + h)) -
                         A::derivative(z - h, A::value(z - h))) /
                        (2 * h);
      CHECK(A::derivative(z, A::value(z)) == doctest::Approx(d).epsilon(1e-8));
      CHECK(A::second_derivative(z, A::value(z)) == doctest::Approx(d2).epsilon(1e-7));
    };
    check(nn::tanh{});
    check(nn::sigmoid{});
    check(nn::softplus{});
    check(elu07{});
    check(silu{});
  }
}

TEST_CASE("activations: each declares its own name, parameter and curvature") {
  static_assert(nn::activation<nn::relu> && !nn::activation<int>);
  static_assert(nn::activation<silu> && nn::activation<scaled_abs>);
  // Piecewise linear: declared without curvature.
  static_assert(!nn::has_curvature_v<nn::identity> && !nn::has_curvature_v<nn::relu> &&
                !nn::has_curvature_v<lrelu02> && !nn::has_curvature_v<scaled_abs>);
  static_assert(nn::has_curvature_v<nn::elu> && nn::has_curvature_v<nn::tanh> &&
                nn::has_curvature_v<nn::sigmoid> && nn::has_curvature_v<nn::softplus>);
  static_assert(nn::has_curvature_v<silu>);  // no member: the safe default
  static_assert(nn::has_activation_parameter_v<lrelu02> && nn::has_activation_parameter_v<elu07> &&
                nn::has_activation_parameter_v<scaled_abs>);
  static_assert(!nn::has_activation_parameter_v<nn::relu> && !nn::has_activation_parameter_v<silu>);
  static_assert(nn::activation_parameter_v<nn::relu> == 0.0);
  static_assert(nn::activation_parameter_v<lrelu02> == 0.2);
  static_assert(nn::activation_id_is_free_v<silu> && nn::activation_id_is_free_v<nn::relu> &&
                nn::activation_id_is_free_v<lrelu02>);
  static_assert(!nn::activation_id_is_free_v<relu_impostor>);

  CHECK(nn::activation_name<nn::relu>() == "relu");
  CHECK(nn::activation_name<lrelu02>() == "leaky_relu(0.2)");
  CHECK(nn::activation_name<elu07>() == "elu(0.7)");
  CHECK(nn::activation_name<silu>() == "silu");
  CHECK(nn::activation_name<scaled_abs>() == "scaled_abs(1.5)");
  // Ids found in a file: the candidates first, then the built-in activations.
  CHECK(nn::activation_name_of_id<silu>(300, 0.0) == "silu");
  CHECK(nn::activation_name_of_id<silu>(4, 0.0) == "tanh");
  CHECK(nn::activation_name_of_id<>(2, 0.25) == "leaky_relu(0.25)");
  CHECK(nn::activation_name_of_id<silu>(999, 0.0) == "activation#999");
}

TEST_CASE("activations: a user's activations through gradients and double backpropagation") {
  using net_t = nn::mlp<double, nn::dense<2, 6, silu>, nn::dense<6, 5, scaled_abs>,
                        nn::dense<5, 1, silu>>;
  net_t net(nn::glorot_uniform{1.2}, 8);
  for (auto& p : net.parameters()) p += 0.04;
  const Eigen::MatrixXd x = random_matrix(2, 6, 9);
  const Eigen::RowVectorXd c = random_matrix(1, 6, 10);
  auto loss = [&] { return net.forward(x).cwiseProduct(c).sum(); };
  loss();
  net.zero_grad();
  net.backward(c);
  const Eigen::VectorXd analytic = gradient_vector(net);
  CHECK(analytic.norm() > 0);
  CHECK(relative_error(analytic, numeric_parameter_gradient(net, loss, 1e-6)) <= 1e-6);

  // Double backpropagation through the user's activations: the R1 penalty ‖∇ₓD‖²/B.
  auto r1 = [&] { return net.input_gradient(x).squaredNorm() / 6.0; };
  const Eigen::MatrixXd u = net.input_gradient(x);
  net.zero_grad();
  net.input_gradient_backward(u / 3.0);
  const Eigen::VectorXd penalty = gradient_vector(net);
  CHECK(penalty.norm() > 0);
  CHECK(relative_error(penalty, numeric_parameter_gradient(net, r1, 1e-6)) <= 1e-6);
}

TEST_CASE("activations: a user's activations in parameter files") {
  using user_net = nn::mlp<double, nn::dense<2, 3, silu>, nn::dense<3, 1, scaled_abs>>;
  using builtin_net = nn::mlp<double, nn::dense<2, 3, nn::tanh>, nn::dense<3, 1, scaled_abs>>;
  static_assert(user_net::layer_shapes()[0].activation_id == 300);
  static_assert(user_net::layer_shapes()[1].activation_parameter == 1.5);
  user_net a(nn::he_normal{}, 1), b(nn::he_normal{}, 2);
  std::stringstream file;
  nn::save(a, file);
  nn::load(b, file);
  CHECK(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));

  builtin_net t;
  std::stringstream tanh_file;
  nn::save(t, tanh_file);
  CHECK_THROWS_WITH_AS(nn::load(a, tanh_file),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, tanh>, "
                       "dense<3, 1, scaled_abs(1.5)>], the network is [dense<2, 3, silu>, "
                       "dense<3, 1, scaled_abs(1.5)>]",
                       std::invalid_argument);
  // The loading network does not know id 300: the file's layer is named by its id.
  std::stringstream user_file;
  nn::save(a, user_file);
  CHECK_THROWS_WITH_AS(nn::load(t, user_file),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, "
                       "activation#300>, dense<3, 1, scaled_abs(1.5)>], the network is [dense<2, 3, "
                       "tanh>, dense<3, 1, scaled_abs(1.5)>]",
                       std::invalid_argument);
}
