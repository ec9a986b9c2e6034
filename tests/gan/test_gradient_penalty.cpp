// The WGAN-GP penalty (gan/gradient_penalty.hpp) on nn::mlp critics: its value from the
// definition, its parameter gradient against finite differences for every activation and
// against PyTorch's autograd.grad(create_graph=True), a flat critic (‖∇ₓD‖ = 0) without NaN,
// the interpolates, and the penalised critic step reaching the closed-form optimum of a linear
// critic.
#include "helpers.hpp"
#include "../nn/helpers.hpp"

#include <advdiv/gan/fit_critic.hpp>
#include <advdiv/gan/gradient_penalty.hpp>
#include <advdiv/gan/objective/wasserstein_gp.hpp>
#include <advdiv/nn/mlp.hpp>
#include <advdiv/nn/optimizer.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <ratio>
#include <utility>

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;
using nn_test::gradient_vector;
using nn_test::numeric_parameter_gradient;
using nn_test::random_matrix;
using nn_test::relative_error;

using gan_test::normal_sampler;

namespace {

template <class A>
using critic_net = nn::mlp<double, nn::dense<3, 6, A>, nn::dense<6, 5, A>, nn::dense<5, 1, A>>;
using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
using elu07 = nn::elu_with<std::ratio<7, 10>>;

}  // namespace

TEST_CASE_TEMPLATE("gradient penalty: value from the definition, parameter gradient by finite differences",
                   A, nn::identity, nn::relu, lrelu02, elu07, nn::tanh, nn::sigmoid, nn::softplus) {
  critic_net<A> net(nn::orthogonal{1.3}, 21);
  for (auto& p : net.parameters()) p += 0.03;
  const Eigen::MatrixXd x = random_matrix(3, 7, 22);
  const double lambda = 10;
  const Eigen::MatrixXd u = net.input_gradient(x);
  double expected = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) expected += std::pow(u.col(j).norm() - 1, 2);
  expected *= lambda / double(x.cols());

  net.zero_grad();
  const double penalty = gan::gradient_penalty(net, x, lambda);
  CHECK(penalty == doctest::Approx(expected).epsilon(1e-12));
  CHECK(penalty > 0);
  const Eigen::VectorXd analytic = gradient_vector(net);
  const Eigen::VectorXd numeric =
      numeric_parameter_gradient(net, [&] { return gan::gradient_penalty(net, x, lambda); }, 1e-6);
  CHECK(analytic.norm() > 0);
  CHECK(relative_error(analytic, numeric) <= 1e-6);
}

TEST_CASE("gradient penalty: mixed activations (curvature in hidden layers only)") {
  nn::mlp<double, nn::dense<2, 8, nn::softplus>, nn::dense<8, 8, nn::relu>, nn::dense<8, 6, nn::tanh>,
          nn::dense<6, 1>>
      net(nn::he_normal{}, 5);
  const Eigen::MatrixXd x = random_matrix(2, 9, 6);
  net.zero_grad();
  gan::gradient_penalty(net, x, 3.0);
  const Eigen::VectorXd analytic = gradient_vector(net);
  CHECK(relative_error(analytic, numeric_parameter_gradient(net, [&] { return gan::gradient_penalty(net, x, 3.0); },
                                                            1e-6)) <= 1e-6);
}

TEST_CASE("gradient penalty: PyTorch reference (autograd.grad with create_graph=True)") {
  using nn_test::max_relative_difference;
  using nn_test::torch_reference;
  nn::mlp<double, nn::dense<2, 5, nn::tanh>, nn::dense<5, 4, nn::softplus>, nn::dense<4, 1>> d;
  const auto params = nn_test::torch_reference("parameters");
  REQUIRE(params.size() == d.parameter_count);
  std::copy(params.begin(), params.end(), d.parameters().begin());
  const auto xs = torch_reference("x");
  const Eigen::MatrixXd x = Eigen::Map<const Eigen::MatrixXd>(xs.data(), 2, 6);
  d.zero_grad();
  const double p = gan::gradient_penalty(d, x, 10.0);
  CHECK(p == doctest::Approx(torch_reference("penalty")[0]).epsilon(1e-14));
  CHECK(max_relative_difference({d.gradients().begin(), d.gradients().end()}, torch_reference("penalty_gradient")) <
        1e-13);
}

TEST_CASE("gradient penalty: a flat critic (zero input gradient) gives λ and finite gradients") {
  nn::mlp<double, nn::dense<2, 4, nn::tanh>, nn::dense<4, 1>> d;
  for (auto& p : d.parameters()) p = 0.0;
  const Eigen::MatrixXd x = random_matrix(2, 5, 1);
  d.zero_grad();
  CHECK(gan::gradient_penalty(d, x, 7.0) == 7.0);
  for (double g : d.gradients()) CHECK(std::isfinite(g));
  // A zero weight λ = 0 is allowed and adds nothing.
  d.zero_grad();
  CHECK(gan::gradient_penalty(d, x, 0.0) == 0.0);
  for (double g : d.gradients()) CHECK(g == 0.0);
}

TEST_CASE("gradient penalty: input checks") {
  nn::mlp<double, nn::dense<2, 4, nn::relu>, nn::dense<4, 1>> net;
  const Eigen::MatrixXd x = Eigen::MatrixXd::Ones(2, 4);
  CHECK_THROWS_WITH_AS(gan::gradient_penalty(net, x, -1.0), "advdiv::gan::gradient_penalty: lambda = -1 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(gan::gradient_penalty(net, x, std::numeric_limits<double>::quiet_NaN()),
                       "advdiv::gan::gradient_penalty: lambda = nan is not finite", std::domain_error);
  advdiv::random_engine rng(1);
  CHECK_THROWS_WITH_AS(gan::interpolate(x, Eigen::MatrixXd::Ones(2, 3), rng),
                       "advdiv::gan::interpolate: x and x_fake differ in shape (2 x 4 and 2 x 3)",
                       std::invalid_argument);
}

TEST_CASE("interpolate: one ε in (0, 1) per sample, on the segment, reproducible by seed") {
  const Eigen::MatrixXd x = random_matrix(3, 50, 2), y = random_matrix(3, 50, 3);
  advdiv::random_engine a(9), b(9);
  const Eigen::MatrixXd h = gan::interpolate(x, y, a), h2 = gan::interpolate(x, y, b);
  CHECK(h == h2);
  double lo = 1, hi = 0;
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    // The same ε for every coordinate of a sample: x̂ − ỹ = ε (x − ỹ).
    const double eps = (h(0, i) - y(0, i)) / (x(0, i) - y(0, i));
    CHECK(eps > 0);
    CHECK(eps < 1);
    for (Eigen::Index k = 1; k < 3; ++k) CHECK(h(k, i) - y(k, i) == doctest::Approx(eps * (x(k, i) - y(k, i))));
    lo = std::min(lo, eps);
    hi = std::max(hi, eps);
  }
  CHECK(lo < 0.1);  // 50 draws spread over (0, 1)
  CHECK(hi > 0.9);
}

TEST_CASE("WGAN-GP critic step: a linear critic reaches the penalised optimum slope 1 + 1/λ") {
  // P = N(0, 1), Q = N(2, 1), critic v(x) = w·x + b: L_D = E_Q[v] − E_P[v] + λ(|w| − 1)²
  // = 2w + λ(|w| − 1)², whatever the interpolates. Its minimum is w = −(1 + 1/λ): the slope
  // overshoots the Lipschitz bound by 1/λ. The penalty is not convex in w: from w > 0 the
  // step descends to the local minimum w = 1 − 1/λ (λ > 1) instead.
  auto fit = [](double lambda, double w0) {
    nn::mlp<double, nn::dense<1, 1>> critic;
    critic.parameters()[0] = w0;  // the weight (then the bias, 0)
    critic.parameters()[1] = 0.0;
    nn::adam<double> opt({.learning_rate = 1e-2, .beta1 = 0.0, .beta2 = 0.9});
    const auto r = gan::fit_critic(critic, gan::wasserstein_gp{.lambda = lambda}, normal_sampler(0.0, 1.0),
                                   normal_sampler(2.0, 1.0), opt, {.steps = 3000, .batch_size = 256, .seed = 4});
    CHECK(r.status == advdiv::solver_status::iteration_limit);
    return std::pair{critic.parameters()[0], r.discriminator_loss};
  };
  for (double lambda : {1.0, 10.0}) {
    const auto [w, loss] = fit(lambda, -0.1);
    CHECK(w == doctest::Approx(-(1 + 1 / lambda)).epsilon(0.03));
    // The reported loss includes the penalty: 2w + λ(|w| − 1)² = −(2 + 1/λ) at the optimum
    // (one batch: the batch means of x scatter by about 0.1).
    CHECK(loss == doctest::Approx(-(2 + 1 / lambda)).epsilon(0.15));
  }
  const auto [w, loss] = fit(10.0, 0.1);
  CHECK(w == doctest::Approx(0.9).epsilon(0.03));
  CHECK(loss == doctest::Approx(1.9).epsilon(0.15));
}

TEST_CASE("WGAN-GP critic step: an MLP critic between normals estimates W₁ with gradient norm ≈ 1") {
  nn::mlp<double, nn::dense<1, 32, nn::relu>, nn::dense<32, 32, nn::relu>, nn::dense<32, 1>> critic(nn::he_normal{}, 3);
  nn::adam<double> opt({.learning_rate = 1e-3, .beta1 = 0.0, .beta2 = 0.9});
  const auto r = gan::fit_critic(critic, gan::wasserstein_gp{}, normal_sampler(0.0, 1.0), normal_sampler(2.0, 1.0), opt,
                                 {.steps = 2000, .batch_size = 256, .seed = 5});
  REQUIRE(r.status == advdiv::solver_status::iteration_limit);
  // E_P[v] − E_Q[v] on fresh samples; W₁(N(0,1), N(2,1)) = 2, and the penalised optimum of a
  // critic of slope s on the transport interval is 2s − λ(s − 1)², i.e. s = 1.1, value 2.2.
  advdiv::random_engine rng(77);
  const auto xp = normal_sampler(0.0, 1.0)(rng, 20000), xq = normal_sampler(2.0, 1.0)(rng, 20000);
  const double value = critic.forward(xp).mean() - critic.forward(xq).mean();
  CHECK(value > 1.9);
  CHECK(value < 2.4);
  // |∇ₓD| ≈ 1.1 between the two means.
  const Eigen::Matrix<double, 1, Eigen::Dynamic> mid = Eigen::Matrix<double, 1, Eigen::Dynamic>::LinSpaced(21, 0.0, 2.0);
  const Eigen::Matrix<double, 1, Eigen::Dynamic> slope = critic.input_gradient(mid);
  CHECK(slope.cwiseAbs().mean() == doctest::Approx(1.1).epsilon(0.1));
}
