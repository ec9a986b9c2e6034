// Gradients of nn::mlp checked against central finite differences in double: every
// activation, the parameter gradient, the input gradient and the gradient of the WGAN-GP
// penalty (double backpropagation). Also shapes, errors, initialisers and float/double
// agreement.

#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <vector>

namespace nn = advdiv::nn;

namespace {

// Relative error ‖a − b‖ / max(‖a‖, ‖b‖) of two vectors.
double relative_error(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const double scale = std::max(a.norm(), b.norm());
  return scale == 0 ? 0 : (a - b).norm() / scale;
}

Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  nn::detail::random_source rng(seed);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = rng.normal();
  return m;
}

// Central difference of f with respect to every parameter of net.
template <class Net, class F>
Eigen::VectorXd numeric_parameter_gradient(Net& net, F f, double h) {
  auto p = net.parameters();
  Eigen::VectorXd g(Eigen::Index(p.size()));
  for (std::size_t k = 0; k < p.size(); ++k) {
    const double saved = p[k];
    p[k] = saved + h;
    const double up = f();
    p[k] = saved - h;
    const double down = f();
    p[k] = saved;
    g(Eigen::Index(k)) = (up - down) / (2 * h);
  }
  return g;
}

template <class Net>
Eigen::VectorXd gradient_vector(Net& net) {
  const auto g = net.gradients();
  return Eigen::Map<const Eigen::VectorXd>(g.data(), Eigen::Index(g.size()));
}

// Small networks with every layer using activation A (the last one too, so that φ'' of the
// output layer enters the gradient-penalty gradient); vector_net has two outputs.
template <class A>
using vector_net = nn::mlp<double, nn::dense<3, 5, A>, nn::dense<5, 4, A>, nn::dense<4, 2, A>>;
template <class A>
using critic_net = nn::mlp<double, nn::dense<3, 6, A>, nn::dense<6, 5, A>, nn::dense<5, 1, A>>;

using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
using elu07 = nn::elu_with<std::ratio<7, 10>>;

}  // namespace

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
}

TEST_CASE("mlp: gradients of a network with two outputs match finite differences") {
  vector_net<nn::softplus> net(nn::glorot_uniform{1.5}, 7);
  for (auto& p : net.parameters()) p += 0.05;
  check_backward(net);
}

TEST_CASE_TEMPLATE("mlp: parameter, input and gradient-penalty gradients match finite differences",
                   A, nn::identity, nn::relu, lrelu02, elu07, nn::tanh, nn::sigmoid, nn::softplus) {
  critic_net<A> net(nn::orthogonal{1.3}, 21);
  for (auto& p : net.parameters()) p += 0.03;
  check_backward(net);
  const Eigen::MatrixXd x = random_matrix(3, 7, 22);
  const double lambda = 10;

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

  // The penalty value from its definition.
  double expected = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    expected += std::pow(grad_x.col(j).norm() - 1, 2);
  expected *= lambda / double(x.cols());
  net.zero_grad();
  const double penalty = net.gradient_penalty(x, lambda);
  CHECK(penalty == doctest::Approx(expected).epsilon(1e-12));
  CHECK(penalty > 0);

  const Eigen::VectorXd analytic = gradient_vector(net);
  auto value = [&] { return net.gradient_penalty(x, lambda); };
  const Eigen::VectorXd numeric = numeric_parameter_gradient(net, value, 1e-6);
  CHECK(analytic.norm() > 0);
  CHECK(relative_error(analytic, numeric) <= 1e-6);
}

TEST_CASE("mlp: gradient penalty through mixed activations (curvature in hidden layers only)") {
  nn::mlp<double, nn::dense<2, 8, nn::softplus>, nn::dense<8, 8, nn::relu>,
          nn::dense<8, 6, nn::tanh>, nn::dense<6, 1>>
      net(nn::he_normal{}, 5);
  const Eigen::MatrixXd x = random_matrix(2, 9, 6);
  net.zero_grad();
  net.gradient_penalty(x, 3.0);
  const Eigen::VectorXd analytic = gradient_vector(net);
  const Eigen::VectorXd numeric =
      numeric_parameter_gradient(net, [&] { return net.gradient_penalty(x, 3.0); }, 1e-6);
  CHECK(relative_error(analytic, numeric) <= 1e-6);
}

TEST_CASE("mlp: layer layout, forward formula and compile-time shapes") {
  using net_t = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1>>;
  static_assert(net_t::input_dim == 2 && net_t::output_dim == 1);
  static_assert(net_t::parameter_count == 2 * 3 + 3 + 3 * 1 + 1);
  static_assert(net_t::layer_count == 2);
  static_assert(nn::compatible_layers<nn::dense<2, 3>, nn::dense<3, 1>>);
  static_assert(!nn::compatible_layers<nn::dense<2, 3>, nn::dense<4, 1>>);
  static_assert(nn::differentiable_network<net_t>);
  static_assert(nn::gradient_penalty_network<net_t>);
  static_assert(!nn::gradient_penalty_network<nn::mlp<double, nn::dense<2, 2>>>);
  static_assert(!nn::differentiable_network<int>);
  static_assert(nn::activation<nn::relu> && !nn::activation<int>);

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
  }
}

TEST_CASE("mlp: input checks") {
  nn::mlp<double, nn::dense<2, 4, nn::relu>, nn::dense<4, 1>> net;
  CHECK_THROWS_WITH_AS(net.backward(Eigen::RowVectorXd::Ones(3)),
                       "advdiv::nn::mlp::backward: no forward pass to differentiate",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(net.forward(Eigen::MatrixXd::Zero(3, 5)),
                       "advdiv::nn::mlp::forward: x has 3 rows, expected 2 (one column per sample)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(net.forward(Eigen::MatrixXd::Zero(2, 0)),
                       "advdiv::nn::mlp::forward: x is empty (no sample)", std::invalid_argument);
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(2, 4);
  x(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(net.forward(x), "advdiv::nn::mlp::forward: x(1, 2) = nan is not finite",
                       std::domain_error);
  x(1, 2) = 0;
  net.forward(x);
  CHECK_THROWS_WITH_AS(net.backward(Eigen::RowVectorXd::Ones(3)),
                       "advdiv::nn::mlp::backward: g is 1x3, expected 1x4 (output_dim x batch of "
                       "the last forward)",
                       std::invalid_argument);
  Eigen::RowVectorXd g = Eigen::RowVectorXd::Ones(4);
  g(3) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(net.backward(g), "advdiv::nn::mlp::backward: g(0, 3) = inf is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(net.gradient_penalty(x, -1.0),
                       "advdiv::nn::mlp::gradient_penalty: lambda = -1 is not finite and "
                       "non-negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(net.initialize(nn::orthogonal{0.0}, 1),
                       "advdiv::nn::mlp::initialize: gain = 0 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(net.input_gradient(Eigen::MatrixXd::Zero(1, 2)),
                       "advdiv::nn::mlp::forward: x has 1 rows, expected 2 (one column per sample)",
                       std::invalid_argument);
}

TEST_CASE("initialisers: ranges, moments, orthogonality, seeds") {
  using net_t = nn::mlp<double, nn::dense<256, 128, nn::relu>, nn::dense<128, 300>>;
  net_t a(nn::glorot_uniform{2.0}, 1);
  const double bound = 2.0 * std::sqrt(6.0 / (256 + 128));
  CHECK(a.weights<0>().cwiseAbs().maxCoeff() <= bound);
  CHECK(a.weights<0>().cwiseAbs().maxCoeff() >= 0.99 * bound);
  // Var U(−a, a) = a²/3; 32768 draws give the variance within a few percent.
  CHECK(a.weights<0>().squaredNorm() / (256 * 128) ==
        doctest::Approx(bound * bound / 3).epsilon(0.03));
  CHECK(a.bias<0>().isZero(0));

  net_t b(nn::he_normal{}, 1);
  const double mean = b.weights<0>().mean();
  CHECK(std::abs(mean) < 4 * std::sqrt(2.0 / 256) / std::sqrt(32768.0));
  CHECK(b.weights<0>().squaredNorm() / (256 * 128) == doctest::Approx(2.0 / 256).epsilon(0.03));

  net_t c(nn::orthogonal{0.5}, 9);
  // 128×256: orthonormal rows; 300×128: orthonormal columns.
  const Eigen::MatrixXd w0 = c.weights<0>(), w1 = c.weights<1>();
  CHECK((w0 * w0.transpose() - 0.25 * Eigen::MatrixXd::Identity(128, 128)).cwiseAbs().maxCoeff() <
        1e-12);
  CHECK((w1.transpose() * w1 - 0.25 * Eigen::MatrixXd::Identity(128, 128)).cwiseAbs().maxCoeff() <
        1e-12);

  net_t d(nn::orthogonal{0.5}, 9), e(nn::orthogonal{0.5}, 10);
  CHECK(std::equal(c.parameters().begin(), c.parameters().end(), d.parameters().begin()));
  CHECK(!std::equal(c.parameters().begin(), c.parameters().end(), e.parameters().begin()));
}
