// nn::differentiable_network and the concepts built on it: what models them (nn::mlp, a
// user's two-parameter generator x = μ + σ·z) and what does not, training through the
// concept, a small regression y = sin x, and bit-identical training from a seed.

#include <advdiv/core/random.hpp>
#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <numbers>
#include <span>
#include <vector>

namespace nn = advdiv::nn;

namespace {

// The two-parameter generator x = μ + σ·z, written by a user against the concept.
struct location_scale {
  using scalar_type = double;
  static constexpr int input_dim = 1, output_dim = 1;
  static constexpr std::size_t parameter_count = 2;
  using input_batch = Eigen::Matrix<double, 1, Eigen::Dynamic>;
  using output_batch = input_batch;
  std::array<double, 2> theta{0.0, 1.0}, grad{0.0, 0.0};  // μ, σ
  input_batch z, y, dz;
  const output_batch& forward(const input_batch& x) {
    z = x;
    y = (theta[1] * z.array() + theta[0]).matrix();
    return y;
  }
  const input_batch& backward(const output_batch& g) {
    grad[0] += g.sum();
    grad[1] += g.cwiseProduct(z).sum();
    dz = theta[1] * g;
    return dz;
  }
  std::span<double> parameters() { return theta; }
  std::span<double> gradients() { return grad; }
  void zero_grad() { grad = {0.0, 0.0}; }
};

// Near misses, each failing one requirement.
struct missing_count {  // location_scale without parameter_count
  using scalar_type = double;
  static constexpr int input_dim = 1, output_dim = 1;
  using input_batch = Eigen::Matrix<double, 1, Eigen::Dynamic>;
  using output_batch = input_batch;
  const output_batch& forward(const input_batch&);
  const input_batch& backward(const output_batch&);
  std::span<double> parameters();
  std::span<double> gradients();
  void zero_grad();
};
// Rows are samples (n × d, NumPy's layout): not the library's batch type.
struct rows_are_samples {
  using scalar_type = double;
  static constexpr int input_dim = 2, output_dim = 1;
  static constexpr std::size_t parameter_count = 3;
  using input_batch = Eigen::Matrix<double, Eigen::Dynamic, 2>;
  using output_batch = Eigen::Matrix<double, Eigen::Dynamic, 1>;
  const output_batch& forward(const input_batch&);
  const input_batch& backward(const output_batch&);
  std::span<double> parameters();
  std::span<double> gradients();
  void zero_grad();
};
// No backward: forward-only models cannot be trained.
struct forward_only {
  using scalar_type = float;
  static constexpr int input_dim = 1, output_dim = 1;
  static constexpr std::size_t parameter_count = 1;
  using input_batch = Eigen::Matrix<float, 1, Eigen::Dynamic>;
  using output_batch = input_batch;
  const output_batch& forward(const input_batch&);
  std::span<float> parameters();
  std::span<float> gradients();
  void zero_grad();
};

using critic = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1>>;
using two_output_net = nn::mlp<float, nn::dense<2, 4, nn::tanh>, nn::dense<4, 2>>;

static_assert(nn::differentiable_network<critic> && nn::differentiable_network<two_output_net>);
static_assert(nn::differentiable_network<location_scale>);
static_assert(!nn::differentiable_network<missing_count>);
static_assert(!nn::differentiable_network<rows_are_samples>);
static_assert(!nn::differentiable_network<forward_only>);
static_assert(!nn::differentiable_network<int>);
// Double backpropagation: scalar mlps only.
static_assert(nn::double_backprop_network<critic>);
static_assert(!nn::double_backprop_network<two_output_net>);
static_assert(!nn::double_backprop_network<location_scale>);

}  // namespace

TEST_CASE("user network through the concept: x = mu + sigma z learns mu = 3, sigma = 2") {
  location_scale g;
  nn::adam<double> opt({.learning_rate = 0.05});
  Eigen::Matrix<double, 1, Eigen::Dynamic> z(64);
  advdiv::random_engine rng(3);
  for (auto& v : z) v = advdiv::standard_normal(rng);
  const Eigen::Matrix<double, 1, Eigen::Dynamic> target = (2 * z.array() + 3).matrix();
  for (int it = 0; it < 2000; ++it) {
    g.zero_grad();
    const auto& y = g.forward(z);
    g.backward(2 * (y - target) / 64.0);  // gradient of mean (y − target)²
    opt.step(g);
  }
  CHECK(g.theta[0] == doctest::Approx(3).epsilon(1e-6));
  CHECK(g.theta[1] == doctest::Approx(2).epsilon(1e-6));
}

TEST_CASE_TEMPLATE("regression: y = sin x on a grid reaches MSE < 1e-4", T, float, double) {
  using net_t = nn::mlp<T, nn::dense<1, 32, nn::tanh>, nn::dense<32, 32, nn::tanh>, nn::dense<32, 1>>;
  net_t net(nn::glorot_uniform{}, 2024);
  constexpr int n = 64;
  Eigen::Matrix<T, 1, Eigen::Dynamic> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x(i) = T(-std::numbers::pi + 2 * std::numbers::pi * i / (n - 1));
    y(i) = std::sin(x(i));
  }
  nn::adam<T> opt({.learning_rate = 0.01});
  T mse = 0;
  for (int it = 0; it < 3000; ++it) {
    net.zero_grad();
    const auto& out = net.forward(x);
    mse = (out - y).squaredNorm() / n;
    net.backward((T(2) / n) * (out - y));
    opt.step(net);
  }
  const T final_mse = (net.forward(x) - y).squaredNorm() / n;
  MESSAGE("final MSE " << final_mse);
  CHECK(final_mse < T(1e-4));
  CHECK(mse < T(1e-4));
}

TEST_CASE("determinism: same seed, same build, bit-identical parameters after training") {
  using net_t = nn::mlp<float, nn::dense<2, 32, nn::relu>, nn::dense<32, 32, nn::relu>, nn::dense<32, 1>>;
  auto train = [](std::uint64_t seed) {
    net_t net(nn::he_normal{}, seed);
    nn::adam<float> opt({.learning_rate = 1e-3, .beta1 = 0.5, .beta2 = 0.9});
    Eigen::MatrixXf x(2, 128);
    advdiv::random_engine rng(seed + 1);
    for (int it = 0; it < 20; ++it) {
      for (auto& v : x.reshaped()) v = float(advdiv::standard_normal(rng));
      net.zero_grad();
      net.forward(x);
      net.backward(Eigen::RowVectorXf::Constant(128, 1.0f / 128));
      net.input_gradient_backward(0.1f * net.input_gradient(x));  // an R1 penalty's gradient
      opt.step(net);
    }
    return std::vector<float>(net.parameters().begin(), net.parameters().end());
  };
  const auto a = train(5), b = train(5), c = train(6);
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  CHECK(a != c);
}
