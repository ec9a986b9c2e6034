// Double backpropagation (nn/double_backprop.hpp through nn::mlp): the input gradient
// ∇ₓD against finite differences of D, the parameter gradient of functions of it (a linear
// functional, the R1 penalty) against finite differences of the function for every
// activation, and PyTorch's autograd.grad(create_graph=True). The WGAN-GP penalty built on
// it is tested in tests/gan/test_gradient_penalty.cpp.

#include "helpers.hpp"

#include <advdiv/nn/mlp.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <ratio>

namespace nn = advdiv::nn;
using nn_test::gradient_vector;
using nn_test::numeric_parameter_gradient;
using nn_test::random_matrix;
using nn_test::relative_error;

namespace {

// Every layer uses activation A (the last one too, so that φ'' of the output layer enters).
template <class A>
using critic_net = nn::mlp<double, nn::dense<3, 6, A>, nn::dense<6, 5, A>, nn::dense<5, 1, A>>;

using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
using elu07 = nn::elu_with<std::ratio<7, 10>>;

}  // namespace

TEST_CASE_TEMPLATE("double backprop: input gradient and R1-penalty gradients match finite "
                   "differences",
                   A, nn::identity, nn::relu, lrelu02, elu07, nn::tanh, nn::sigmoid, nn::softplus) {
  critic_net<A> net(nn::orthogonal{1.3}, 21);
  for (auto& p : net.parameters()) p += 0.03;
  const Eigen::MatrixXd x = random_matrix(3, 7, 22);

  // The input gradient is ∇ₓD column by column: check it against differences of D.
  const Eigen::MatrixXd grad_x = net.input_gradient(x);
  Eigen::MatrixXd xp = x;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double saved = xp(i, j);
      xp(i, j) = saved + 1e-6;
      const double up = net.forward(xp)(0, j);
      xp(i, j) = saved - 1e-6;
      const double down = net.forward(xp)(0, j);
      xp(i, j) = saved;
      CHECK(std::abs((up - down) / 2e-6 - grad_x(i, j)) <=
            1e-6 * std::max(1.0, grad_x.col(j).norm()));
    }

  // R1 (Mescheder et al. 2018) F = (γ/2B)·Σ ‖∇ₓD(x_i)‖², written here by the user: ḡ = (γ/B)·∇ₓD.
  const double gamma = 10;
  auto r1 = [&] { return gamma / (2.0 * double(x.cols())) * net.input_gradient(x).squaredNorm(); };
  CHECK(r1() > 0);
  net.zero_grad();
  net.input_gradient_backward((gamma / double(x.cols())) * grad_x);
  const Eigen::VectorXd analytic = gradient_vector(net);
  const Eigen::VectorXd numeric = numeric_parameter_gradient(net, r1, 1e-6);
  CHECK(analytic.norm() > 0);
  CHECK(relative_error(analytic, numeric) <= 1e-6);
}

TEST_CASE_TEMPLATE("double backprop: the generic step differentiates any function of the input "
                   "gradient",
                   A, nn::relu, nn::tanh, nn::softplus) {
  critic_net<A> net(nn::he_normal{}, 31);
  for (auto& p : net.parameters()) p += 0.02;
  const Eigen::MatrixXd x = random_matrix(3, 5, 32);

  // F = Σ c ⊙ ∇ₓD (a linear functional): ḡ = c.
  const Eigen::MatrixXd c = random_matrix(3, 5, 33);
  auto linear = [&] { return net.input_gradient(x).cwiseProduct(c).sum(); };
  linear();
  net.zero_grad();
  net.input_gradient_backward(c);
  const Eigen::VectorXd analytic = gradient_vector(net);
  CHECK(analytic.norm() > 0);
  CHECK(relative_error(analytic, numeric_parameter_gradient(net, linear, 1e-6)) <= 1e-6);
  // It leaves the sweep as it was: a second call doubles the gradient. (The finite
  // differences above left the state of a perturbed network: sweep again first.)
  linear();
  net.zero_grad();
  net.input_gradient_backward(c);
  net.input_gradient_backward(c);
  CHECK(relative_error(gradient_vector(net), 2 * analytic) <= 1e-14);

  // R1 (Mescheder et al. 2018): F = (γ/2B)·Σ ‖∇ₓD(x_i)‖², ḡ = (γ/B)·∇ₓD.
  const double gamma = 5;
  auto r1 = [&] { return gamma / (2.0 * 5) * net.input_gradient(x).squaredNorm(); };
  const Eigen::MatrixXd u = net.input_gradient(x);
  net.zero_grad();
  net.input_gradient_backward((gamma / 5) * u);
  CHECK(relative_error(gradient_vector(net), numeric_parameter_gradient(net, r1, 1e-6)) <= 1e-6);

  // backward() after input_gradient differentiates the same forward pass (D at x).
  net.zero_grad();
  net.input_gradient(x);
  net.backward(Eigen::RowVectorXd::Ones(5));
  const Eigen::VectorXd after_sweep = gradient_vector(net);
  net.zero_grad();
  net.forward(x);
  net.backward(Eigen::RowVectorXd::Ones(5));
  CHECK(relative_error(after_sweep, gradient_vector(net)) == 0);
}

TEST_CASE("double backprop: R1 penalty through mixed activations (curvature in hidden layers "
          "only)") {
  nn::mlp<double, nn::dense<2, 8, nn::softplus>, nn::dense<8, 8, nn::relu>,
          nn::dense<8, 6, nn::tanh>, nn::dense<6, 1>>
      net(nn::he_normal{}, 5);
  const Eigen::MatrixXd x = random_matrix(2, 9, 6);
  auto r1 = [&] { return 1.5 / 9 * net.input_gradient(x).squaredNorm(); };
  const Eigen::MatrixXd u = net.input_gradient(x);
  net.zero_grad();
  net.input_gradient_backward((3.0 / 9) * u);
  const Eigen::VectorXd analytic = gradient_vector(net);
  CHECK(relative_error(analytic, numeric_parameter_gradient(net, r1, 1e-6)) <= 1e-6);
}

TEST_CASE("double backprop: input checks") {
  nn::mlp<double, nn::dense<2, 4, nn::relu>, nn::dense<4, 1>> net;
  const Eigen::MatrixXd x = Eigen::MatrixXd::Ones(2, 4);
  CHECK_THROWS_WITH_AS(net.input_gradient_backward(x),
                       "advdiv::nn::mlp::input_gradient_backward: no input_gradient pass to "
                       "differentiate",
                       std::logic_error);
  net.input_gradient(x);
  CHECK_THROWS_WITH_AS(net.input_gradient_backward(Eigen::MatrixXd::Ones(2, 3)),
                       "advdiv::nn::mlp::input_gradient_backward: gbar and the last input gradient "
                       "differ in shape (2 x 3 and 2 x 4)",
                       std::invalid_argument);
  Eigen::MatrixXd bad = x;
  bad(1, 3) = -std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(net.input_gradient_backward(bad),
                       "advdiv::nn::mlp::input_gradient_backward: gbar(1, 3) = -inf is not finite",
                       std::domain_error);
  net.forward(x);  // a new forward pass invalidates the sweep
  CHECK_THROWS_AS(net.input_gradient_backward(x), std::logic_error);
  CHECK_THROWS_WITH_AS(net.input_gradient(Eigen::MatrixXd::Zero(1, 2)),
                       "advdiv::nn::mlp::forward: x has 1 rows, expected 2 (one column per sample)",
                       std::invalid_argument);
}

TEST_CASE("PyTorch reference: critic output and input gradient") {
  using nn_test::max_relative_difference;
  using nn_test::torch_reference;
  nn::mlp<double, nn::dense<2, 5, nn::tanh>, nn::dense<5, 4, nn::softplus>, nn::dense<4, 1>> d;
  const auto params = torch_reference("parameters");
  REQUIRE(params.size() == d.parameter_count);
  std::copy(params.begin(), params.end(), d.parameters().begin());
  const auto xs = torch_reference("x");
  const Eigen::MatrixXd x = Eigen::Map<const Eigen::MatrixXd>(xs.data(), 2, 6);

  const Eigen::RowVectorXd y = d.forward(x);
  CHECK(max_relative_difference({y.data(), y.data() + 6}, torch_reference("d")) < 1e-14);
  const Eigen::MatrixXd gx = d.input_gradient(x);
  CHECK(max_relative_difference({gx.data(), gx.data() + 12}, torch_reference("grad_x")) < 1e-14);
}
