// nn::mlp: forward formula and layout, parameter and input gradients of backward() against
// central finite differences in double for every activation, float/double agreement, and
// the input checks.

#include "helpers.hpp"

#include <advdiv/nn/mlp.hpp>
#include <advdiv/nn/network.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <ratio>
#include <vector>

namespace nn = advdiv::nn;
using nn_test::gradient_vector;
using nn_test::numeric_parameter_gradient;
using nn_test::random_matrix;
using nn_test::relative_error;

namespace {

// Small networks with every layer using activation A; vector_net has two outputs.
template <class A>
using vector_net = nn::mlp<double, nn::dense<3, 5, A>, nn::dense<5, 4, A>, nn::dense<4, 2, A>>;
template <class A>
using critic_net = nn::mlp<double, nn::dense<3, 6, A>, nn::dense<6, 5, A>, nn::dense<5, 1, A>>;

using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
using elu07 = nn::elu_with<std::ratio<7, 10>>;

// L = Σ c ⊙ net(x) for a random c: parameter gradient, input gradient and accumulation.
template <class Net>
void check_backward(Net& net) {
  constexpr int in = Net::input_dim, out = Net::output_dim;
  // Non-zero biases so that every activation is exercised on both sides.
  for (auto& p : net.parameters()) p += 0.05;
  const Eigen::MatrixXd x = random_matrix(in, 6, 11);
  const Eigen::MatrixXd c = random_matrix(out, 6, 12);  // L = Σ c ⊙ y
  auto loss = [&] { return net.forward(x).cwiseProduct(c).sum(); };

  loss();
  net.zero_grad();
  const Eigen::MatrixXd dx = net.backward(c);
  const Eigen::VectorXd analytic = gradient_vector(net);
  const Eigen::VectorXd numeric = numeric_parameter_gradient(net, loss, 1e-6);
  CHECK(analytic.norm() > 0);
  CHECK(relative_error(analytic, numeric) <= 1e-6);

  // Input gradient.
  Eigen::MatrixXd xp = x;
  Eigen::MatrixXd numeric_dx(in, 6);
  for (Eigen::Index k = 0; k < xp.size(); ++k) {
    const double saved = xp.data()[k];
    xp.data()[k] = saved + 1e-6;
    const double up = net.forward(xp).cwiseProduct(c).sum();
    xp.data()[k] = saved - 1e-6;
    const double down = net.forward(xp).cwiseProduct(c).sum();
    xp.data()[k] = saved;
    numeric_dx.data()[k] = (up - down) / 2e-6;
  }
  CHECK(relative_error(dx.reshaped(), numeric_dx.reshaped()) <= 1e-6);

  // backward accumulates: a second call doubles the gradient.
  net.forward(x);
  net.backward(c);
  CHECK(relative_error(gradient_vector(net), 2 * analytic) <= 1e-14);

  // The partial sweeps the GAN trainer uses: the input gradient alone (the same matrix, the
  // gradients untouched) and the parameter gradients alone (the same gradients).
  const Eigen::VectorXd before = gradient_vector(net);
  net.forward(x);
  const Eigen::MatrixXd dx_only = nn::backward_input(net, c);
  CHECK(dx_only == dx);
  CHECK(gradient_vector(net) == before);
  net.zero_grad();
  net.forward(x);
  nn::backward_parameters(net, c);
  CHECK(gradient_vector(net) == analytic);
}

}  // namespace

TEST_CASE("mlp: gradients of a network with two outputs match finite differences") {
  vector_net<nn::softplus> net(nn::glorot_uniform{1.5}, 7);
  for (auto& p : net.parameters()) p += 0.05;
  check_backward(net);
}

TEST_CASE_TEMPLATE("mlp: parameter and input gradients match finite differences", A, nn::identity,
                   nn::relu, lrelu02, elu07, nn::tanh, nn::sigmoid, nn::softplus) {
  critic_net<A> net(nn::orthogonal{1.3}, 21);
  for (auto& p : net.parameters()) p += 0.03;
  check_backward(net);
}

TEST_CASE("mlp: layer layout, forward formula and compile-time shapes") {
  using net_t = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1>>;
  static_assert(net_t::input_dim == 2 && net_t::output_dim == 1);
  static_assert(net_t::parameter_count == 2 * 3 + 3 + 3 * 1 + 1);
  static_assert(net_t::layer_count == 2);
  static_assert(nn::compatible_layers<nn::dense<2, 3>, nn::dense<3, 1>>);
  static_assert(!nn::compatible_layers<nn::dense<2, 3>, nn::dense<4, 1>>);

  net_t net;
  net.weights<0>() << 1, -1, 2, 0.5, 0, 1;  // 3×2, filled row by row
  net.bias<0>() << 0.5, 0, -1;
  net.weights<1>() << 1, 2, -3;
  net.bias<1>() << 0.25;
  // The flat layout is W_0 column-major, b_0, W_1, b_1.
  const auto p = net.parameters();
  CHECK(std::vector<double>(p.begin(), p.end()) ==
        std::vector<double>{1, 2, 0, -1, 0.5, 1, 0.5, 0, -1, 1, 2, -3, 0.25});
  Eigen::Matrix<double, 2, 2> x;
  x << 1, 0,  //
      2, -1;  // two samples: (1, 2) and (0, -1)
  const auto& y = net.forward(x);
  // sample 1: z = (1−2+0.5, 2+1+0, 0+2−1) = (−0.5, 3, 1) → relu (0, 3, 1) → 6 − 3 + 0.25
  // sample 2: z = (0+1+0.5, 0−0.5, 0−1−1) = (1.5, −0.5, −2) → (1.5, 0, 0) → 1.5 + 0.25
  CHECK(y.cols() == 2);
  CHECK(y(0, 0) == 3.25);
  CHECK(y(0, 1) == 1.75);
}

TEST_CASE_TEMPLATE("mlp: float and double networks agree", T, float, double) {
  using net_t = nn::mlp<T, nn::dense<2, 16, nn::tanh>, nn::dense<16, 16, nn::elu>, nn::dense<16, 1>>;
  using ref_t = nn::mlp<double, nn::dense<2, 16, nn::tanh>, nn::dense<16, 16, nn::elu>, nn::dense<16, 1>>;
  net_t net(nn::glorot_uniform{}, 3);
  ref_t ref;
  for (std::size_t k = 0; k < ref_t::parameter_count; ++k)
    ref.parameters()[k] = double(net.parameters()[k]);
  // Inputs representable in float, so both networks see the same x.
  const Eigen::MatrixXd x = random_matrix(2, 32, 4).cast<float>().cast<double>();
  const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> xt = x.cast<T>();
  const Eigen::MatrixXd y = net.forward(xt).template cast<double>();
  const Eigen::MatrixXd y_ref = ref.forward(x);
  const double tol = std::is_same_v<T, float> ? 1e-5 : 1e-14;
  CHECK((y - y_ref).cwiseAbs().maxCoeff() <= tol * std::max(1.0, y_ref.cwiseAbs().maxCoeff()));
}

TEST_CASE("mlp: every non-finite entry of a batch or an upstream gradient is refused, wherever it is") {
  // float, wide enough for the vectorised test of forward() and backward() to run on packets
  // and on a remainder; ±inf, NaN, and the largest finite value (accepted) in each place.
  nn::mlp<float, nn::dense<3, 8, nn::tanh>, nn::dense<8, 2>> net;
  const float inf = std::numeric_limits<float>::infinity();
  for (Eigen::Index cols : {1, 5, 37})
    for (float bad : {inf, -inf, std::numeric_limits<float>::quiet_NaN()})
      for (Eigen::Index k : {Eigen::Index(0), 3 * cols / 2, 3 * cols - 1}) {
        Eigen::MatrixXf x = Eigen::MatrixXf::Constant(3, cols, 0.25f);
        x.reshaped()(k) = std::numeric_limits<float>::max();
        CHECK_NOTHROW(net.forward(x));
        Eigen::MatrixXf g = Eigen::MatrixXf::Constant(2, cols, -1.0f);
        g.reshaped()(k * 2 / 3) = -std::numeric_limits<float>::max();
        CHECK_NOTHROW(net.backward(g));
        g.reshaped()(k * 2 / 3) = bad;
        CHECK_THROWS_AS(net.backward(g), std::domain_error);
        x.reshaped()(k) = bad;
        CHECK_THROWS_AS(net.forward(x), std::domain_error);
      }
}

TEST_CASE("mlp: input checks") {
  nn::mlp<double, nn::dense<2, 4, nn::relu>, nn::dense<4, 1>> net;
  CHECK_THROWS_WITH_AS(net.backward(Eigen::RowVectorXd::Ones(3)),
                       "advdiv::nn::mlp::backward: no forward pass to differentiate",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(net.input_backward(Eigen::RowVectorXd::Ones(3)),
                       "advdiv::nn::mlp::input_backward: no forward pass to differentiate",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(net.forward(Eigen::MatrixXd::Zero(3, 5)),
                       "advdiv::nn::mlp::forward: x has 3 rows, expected 2 (one column per sample)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(net.forward(Eigen::MatrixXd::Zero(2, 0)),
                       "advdiv::nn::mlp::forward: x is empty", std::invalid_argument);
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(2, 4);
  x(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(net.forward(x), "advdiv::nn::mlp::forward: x(1, 2) = nan is not finite",
                       std::domain_error);
  x(1, 2) = 0;
  net.forward(x);
  CHECK_THROWS_WITH_AS(net.backward(Eigen::RowVectorXd::Ones(3)),
                       "advdiv::nn::mlp::backward: g and the last forward's output differ in shape "
                       "(1 x 3 and 1 x 4)",
                       std::invalid_argument);
  Eigen::RowVectorXd g = Eigen::RowVectorXd::Ones(4);
  g(3) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(net.backward(g), "advdiv::nn::mlp::backward: g(0, 3) = inf is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(net.initialize(nn::orthogonal{0.0}, 1),
                       "advdiv::nn::mlp::initialize: gain = 0 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(net.initialize(nn::he_normal{std::numeric_limits<double>::infinity()}, 1),
                       "advdiv::nn::mlp::initialize: gain = inf is not positive and finite",
                       std::domain_error);
}
