// Optimizers against hand-computed steps, parameter clipping, parameter files (round trip
// and every corrupt-file case), determinism, a user-defined network through the
// differentiable_network concept, and a small regression y = sin x.

#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace nn = advdiv::nn;

namespace {

// The two-parameter generator x = μ + σ·z, written by a user against the concept.
struct location_scale {
  using scalar_type = double;
  static constexpr int input_dim = 1, output_dim = 1;
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
static_assert(nn::differentiable_network<location_scale>);
static_assert(!nn::gradient_penalty_network<location_scale>);

using small_net = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>>;

std::string saved_bytes(const small_net& net) {
  std::ostringstream out;
  nn::save(net, out);
  return out.str();
}

void load_bytes(small_net& net, const std::string& bytes) {
  std::istringstream in(bytes);
  nn::load(net, in);
}

std::vector<double> params_of(const small_net& net) {
  return {net.parameters().begin(), net.parameters().end()};
}

// Rewrites the trailing FNV-1a checksum after a deliberate edit of the body.
void reseal(std::string& bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::uint64_t h = nn::detail::fnv1a(p, bytes.size() - 8);
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = char((h >> (8 * i)) & 0xff);
}

}  // namespace

TEST_CASE("sgd with momentum: hand-computed steps") {
  nn::sgd<double> opt({.learning_rate = 0.1, .momentum = 0.9});
  std::array<double, 1> p{1.0};
  const std::array<double, 1> g{0.5};
  // v1 = 0.5, θ1 = 0.95; v2 = 0.9·0.5 + 0.5 = 0.95, θ2 = 0.855; v3 = 1.355, θ3 = 0.7195.
  opt.step(p, g);
  CHECK(p[0] == doctest::Approx(0.95).epsilon(1e-15));
  opt.step(p, g);
  CHECK(p[0] == doctest::Approx(0.855).epsilon(1e-15));
  opt.step(p, g);
  CHECK(p[0] == doctest::Approx(0.7195).epsilon(1e-15));

  nn::sgd<double> decay({.learning_rate = 0.1, .weight_decay = 0.5});
  std::array<double, 1> q{2.0};
  decay.step(q, std::array<double, 1>{0.0});  // g = 0 + 0.5·2 = 1 → θ = 1.9
  CHECK(q[0] == doctest::Approx(1.9).epsilon(1e-15));
}

TEST_CASE("adam: hand-computed steps, L2 and decoupled weight decay") {
  nn::adam<double> opt({.learning_rate = 1e-3});
  std::array<double, 1> p{1.0};
  // Step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 → θ = 1 − 1e-3·0.5/(0.5 + 1e-8).
  opt.step(p, std::array<double, 1>{0.5});
  CHECK(p[0] == doctest::Approx(1 - 1e-3 * 0.5 / (0.5 + 1e-8)).epsilon(1e-15));
  // Step 2 with g = −0.25: m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
  // 1 − β1² = 0.19, 1 − β2² = 0.001999.
  opt.step(p, std::array<double, 1>{-0.25});
  CHECK(opt.steps() == 2);
  CHECK(p[0] == doctest::Approx(0.99900000002 - 1e-3 / 0.19 * 0.02 /
                                                    (std::sqrt(0.00031225 / 0.001999) + 1e-8))
                    .epsilon(1e-14));
  CHECK(p[0] == doctest::Approx(0.9987336629870784).epsilon(1e-14));

  // Coupled L2: g = 1 + 0.1·2 = 1.2, first step moves by η·1.2/(1.2 + ε).
  nn::adam<double> l2({.learning_rate = 0.01, .weight_decay = 0.1});
  std::array<double, 1> a{2.0};
  l2.step(a, std::array<double, 1>{1.0});
  CHECK(a[0] == doctest::Approx(2 - 0.01 * 1.2 / (1.2 + 1e-8)).epsilon(1e-15));
  // Decoupled (AdamW): θ ← 2(1 − 0.01·0.1) = 1.998, then − 0.01·1/(1 + ε).
  nn::adam<double> w({.learning_rate = 0.01, .weight_decay = 0.1, .decoupled_weight_decay = true});
  std::array<double, 1> b{2.0};
  w.step(b, std::array<double, 1>{1.0});
  CHECK(b[0] == doctest::Approx(1.998 - 0.01 / (1 + 1e-8)).epsilon(1e-15));
}

TEST_CASE_TEMPLATE("rmsprop: hand-computed steps", T, float, double) {
  nn::rmsprop<T> opt({.learning_rate = 0.01, .alpha = 0.9});
  std::array<T, 1> p{T(1)};
  // v1 = 0.1·4 = 0.4, θ1 = 1 − 0.01·2/√0.4; v2 = 0.36 + 0.1 = 0.46, θ2 = θ1 + 0.01/√0.46.
  opt.step(p, std::array<T, 1>{T(2)});
  const double t1 = 1 - 0.01 * 2 / (std::sqrt(0.4) + 1e-8);
  CHECK(double(p[0]) == doctest::Approx(t1).epsilon(std::is_same_v<T, float> ? 1e-7 : 1e-15));
  opt.step(p, std::array<T, 1>{T(-1)});
  CHECK(double(p[0]) == doctest::Approx(t1 + 0.01 / (std::sqrt(0.46) + 1e-8))
                            .epsilon(std::is_same_v<T, float> ? 1e-7 : 1e-15));
}

TEST_CASE("optimizers and clipping: checks") {
  CHECK_THROWS_WITH_AS(nn::adam<float>({.learning_rate = 0}),
                       "advdiv::nn::adam: learning_rate = 0 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(nn::adam<float>({.beta2 = 1}),
                       "advdiv::nn::adam: beta2 = 1 is not in [0, 1)", std::domain_error);
  CHECK_THROWS_WITH_AS(nn::adam<float>({.epsilon = -1}),
                       "advdiv::nn::adam: epsilon = -1 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(nn::sgd<float>({.momentum = -0.5}),
                       "advdiv::nn::sgd: momentum = -0.5 is not in [0, 1)", std::domain_error);
  CHECK_THROWS_WITH_AS(nn::rmsprop<float>({.weight_decay = -1}),
                       "advdiv::nn::rmsprop: weight_decay = -1 is not finite and non-negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(nn::rmsprop<float>({.alpha = 1.5}),
                       "advdiv::nn::rmsprop: alpha = 1.5 is not in [0, 1)", std::domain_error);
  nn::adam<double> opt;
  std::vector<double> p(3), g(2);
  CHECK_THROWS_WITH_AS(opt.step(p, g),
                       "advdiv::nn::adam::step: parameters and gradients differ in length (3 and 2)",
                       std::invalid_argument);
  g.resize(3);
  opt.step(p, g);
  std::vector<double> p4(4), g4(4);
  CHECK_THROWS_WITH_AS(opt.step(p4, g4),
                       "advdiv::nn::adam::step: parameters have 4 entries but the optimizer state "
                       "has 3 (one optimizer per network)",
                       std::invalid_argument);
  nn::sgd<double> s;
  s.step(p, g);
  CHECK_THROWS_AS(s.step(p4, g4), std::invalid_argument);
  nn::rmsprop<double> r;
  CHECK_THROWS_AS(r.step(p, g4), std::invalid_argument);

  std::vector<float> w{-0.3f, 0.005f, 0.2f, -0.01f};
  nn::clip_parameters(std::span<float>(w), 0.01f);
  CHECK(w == std::vector<float>{-0.01f, 0.005f, 0.01f, -0.01f});
  CHECK_THROWS_WITH_AS(nn::clip_parameters(std::span<float>(w), 0.0f),
                       "advdiv::nn::clip_parameters: c = 0 is not positive and finite",
                       std::domain_error);
  small_net net(nn::glorot_uniform{}, 1);
  nn::clip_parameters(net, 0.05);
  for (double v : net.parameters()) CHECK(std::abs(v) <= 0.05);
}

TEST_CASE("user network through the concept: x = mu + sigma z learns mu = 3, sigma = 2") {
  location_scale g;
  nn::adam<double> opt({.learning_rate = 0.05});
  Eigen::Matrix<double, 1, Eigen::Dynamic> z(64);
  nn::detail::random_source rng(3);
  for (auto& v : z) v = rng.normal();
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
    nn::detail::random_source rng(seed + 1);
    for (int it = 0; it < 20; ++it) {
      for (auto& v : x.reshaped()) v = float(rng.normal());
      net.zero_grad();
      net.forward(x);
      net.backward(Eigen::RowVectorXf::Constant(128, 1.0f / 128));
      net.gradient_penalty(x, 10.0f);
      opt.step(net);
    }
    return std::vector<float>(net.parameters().begin(), net.parameters().end());
  };
  const auto a = train(5), b = train(5), c = train(6);
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  CHECK(a != c);
}

TEST_CASE("parameter files: round trip through a stream and a file") {
  small_net a(nn::orthogonal{}, 1), b(nn::glorot_uniform{}, 2);
  for (auto& p : a.bias<0>()) p = 0.125;
  const std::string bytes = saved_bytes(a);
  // 8 magic + 12 + 2·20 layers + 8 count + 13 doubles + 8 checksum.
  CHECK(bytes.size() == 8 + 12 + 40 + 8 + 13 * 8 + 8);
  CHECK(bytes.substr(0, 8) == "ADVDIVNN");
  CHECK(params_of(a) != params_of(b));
  load_bytes(b, bytes);
  CHECK(params_of(a) == params_of(b));

  using float_net = nn::mlp<float, nn::dense<4, 8, nn::leaky_relu>, nn::dense<8, 2, nn::elu>>;
  float_net f(nn::he_normal{}, 3), h(nn::he_normal{}, 4);
  const std::string path = "advdiv_test_nn_roundtrip.advnn";
  nn::save(f, path);
  nn::load(h, path);
  std::remove(path.c_str());
  CHECK(std::equal(f.parameters().begin(), f.parameters().end(), h.parameters().begin()));
  CHECK_THROWS_WITH_AS(nn::load(h, std::string("/nonexistent/dir/x.advnn")),
                       "advdiv::nn::load: cannot open '/nonexistent/dir/x.advnn'",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(nn::save(h, std::string("/nonexistent/dir/x.advnn")),
                       "advdiv::nn::save: cannot open '/nonexistent/dir/x.advnn' for writing",
                       std::runtime_error);
}

TEST_CASE("parameter files: another architecture is refused with both shapes named") {
  const small_net a(nn::orthogonal{}, 1);
  const std::string bytes = saved_bytes(a);
  std::istringstream in1(bytes);
  nn::mlp<double, nn::dense<2, 4, nn::relu>, nn::dense<4, 1, nn::sigmoid>> wider;
  CHECK_THROWS_WITH_AS(nn::load(wider, in1),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, relu>, "
                       "dense<3, 1, sigmoid>], the network is [dense<2, 4, relu>, dense<4, 1, "
                       "sigmoid>]",
                       std::invalid_argument);
  std::istringstream in2(bytes);
  nn::mlp<double, nn::dense<2, 3, nn::leaky_relu_with<std::ratio<1, 5>>>, nn::dense<3, 1, nn::sigmoid>> leaky;
  CHECK_THROWS_WITH_AS(nn::load(leaky, in2),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, relu>, "
                       "dense<3, 1, sigmoid>], the network is [dense<2, 3, leaky_relu(0.2)>, "
                       "dense<3, 1, sigmoid>]",
                       std::invalid_argument);
  std::istringstream in3(bytes);
  nn::mlp<float, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>> single;
  CHECK_THROWS_WITH_AS(nn::load(single, in3),
                       "advdiv::nn::load: scalar type mismatch: the file holds double parameters, "
                       "the network float",
                       std::invalid_argument);
  std::istringstream in4(bytes);
  nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>, nn::dense<1, 1>> deeper;
  CHECK_THROWS_AS(nn::load(deeper, in4), std::invalid_argument);
}

TEST_CASE("parameter files: every truncation and every corrupted byte throws, net unchanged") {
  const small_net a(nn::orthogonal{}, 1);
  const std::string bytes = saved_bytes(a);
  small_net b(nn::glorot_uniform{}, 2);
  const auto before = params_of(b);

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    const std::string prefix = bytes.substr(0, n);
    if (n < 8)
      CHECK_THROWS_WITH_AS(load_bytes(b, prefix),
                           ("advdiv::nn::load: the file is truncated (" + std::to_string(n) +
                            " bytes)")
                               .c_str(),
                           std::runtime_error);
    else
      CHECK_THROWS_AS(load_bytes(b, prefix), std::runtime_error);
    CHECK(params_of(b) == before);
  }
  CHECK_THROWS_WITH_AS(load_bytes(b, bytes.substr(0, bytes.size() - 1)),
                       ("advdiv::nn::load: the file is truncated (" +
                        std::to_string(bytes.size() - 1) + " bytes)")
                           .c_str(),
                       std::runtime_error);
  for (std::size_t k = 0; k < bytes.size(); ++k)
    for (int bit : {0, 7}) {
      CAPTURE(k);
      std::string bad = bytes;
      bad[k] = char(bad[k] ^ (1 << bit));
      CHECK_THROWS_AS(load_bytes(b, bad), std::runtime_error);
      CHECK(params_of(b) == before);
    }
  CHECK_THROWS_WITH_AS(load_bytes(b, "NOTANNET" + bytes.substr(8)),
                       "advdiv::nn::load: not an advdiv network file (bad magic)",
                       std::runtime_error);
  std::string body = bytes;
  body[70] = char(body[70] ^ 0x10);  // one bit of a parameter
  CHECK_THROWS_WITH_AS(load_bytes(b, body),
                       "advdiv::nn::load: the file is corrupt (checksum mismatch)",
                       std::runtime_error);
  body = bytes;
  body[8] = 9;  // version 9
  CHECK_THROWS_WITH_AS(load_bytes(b, body),
                       "advdiv::nn::load: unsupported file format version 9 (this build reads "
                       "version 1)",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(load_bytes(b, bytes + "x"),
                       "advdiv::nn::load: the file has 1 trailing bytes", std::runtime_error);
  // A NaN parameter with a valid checksum is still refused.
  std::string nan_file = bytes;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::memcpy(&nan_file[8 + 12 + 40 + 8 + 3 * 8], &nan, 8);  // little-endian host
  reseal(nan_file);
  CHECK_THROWS_WITH_AS(load_bytes(b, nan_file),
                       "advdiv::nn::load: parameters[3] = nan is not finite", std::domain_error);
  CHECK(params_of(b) == before);

  small_net c;
  c.parameters()[5] = std::numeric_limits<double>::infinity();
  std::ostringstream out;
  CHECK_THROWS_WITH_AS(nn::save(c, out), "advdiv::nn::save: parameters[5] = inf is not finite",
                       std::domain_error);
  CHECK(out.str().empty());
}

namespace {

// Arrays of tests/data/nn/torch_reference.txt (written by make_reference.py with PyTorch).
std::vector<double> torch_reference(const std::string& name) {
  std::ifstream in(std::string(ADVDIV_TEST_DATA_DIR) + "/nn/torch_reference.txt");
  REQUIRE(in.good());
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    std::size_t n = 0;
    fields >> key;
    if (key != name) continue;
    fields >> n;
    std::vector<double> v(n);
    for (auto& x : v) fields >> x;
    REQUIRE(!fields.fail());
    return v;
  }
  FAIL("no array " << name << " in torch_reference.txt");
  return {};
}

double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double scale = 0, diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, std::abs(b[i]));
    diff = std::max(diff, std::abs(a[i] - b[i]));
  }
  return diff / std::max(scale, 1e-300);
}

}  // namespace

TEST_CASE("PyTorch reference: critic output, input gradient, WGAN-GP penalty and its gradient") {
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
  d.zero_grad();
  const double p = d.gradient_penalty(x, 10.0);
  CHECK(p == doctest::Approx(torch_reference("penalty")[0]).epsilon(1e-14));
  CHECK(max_relative_difference({d.gradients().begin(), d.gradients().end()},
                                torch_reference("penalty_gradient")) < 1e-13);
}

TEST_CASE("PyTorch reference: five optimizer steps of SGD, Adam, AdamW and RMSprop") {
  const std::vector<std::array<double, 4>> grads = {{0.5, -1.0, 2.0, 0.0},
                                                    {0.25, 0.5, -1.5, 1e-3},
                                                    {-0.75, 0.1, 0.3, -2.0},
                                                    {1.0, -0.2, 0.0, 0.5},
                                                    {0.1, 0.1, -0.1, 3.0}};
  auto run = [&](auto opt) {
    std::vector<double> theta{1.0, -2.0, 0.5, 0.0};
    for (const auto& g : grads) opt.step(std::span<double>(theta), std::span<const double>(g));
    return theta;
  };
  CHECK(max_relative_difference(
            run(nn::sgd<double>({.learning_rate = 0.1, .momentum = 0.9, .weight_decay = 0.01})),
            torch_reference("optimizer_sgd")) < 1e-14);
  CHECK(max_relative_difference(run(nn::adam<double>({.learning_rate = 0.01,
                                                      .beta1 = 0.5,
                                                      .beta2 = 0.9,
                                                      .weight_decay = 0.1})),
                                torch_reference("optimizer_adam")) < 1e-14);
  CHECK(max_relative_difference(run(nn::adam<double>({.learning_rate = 0.01,
                                                      .weight_decay = 0.1,
                                                      .decoupled_weight_decay = true})),
                                torch_reference("optimizer_adamw")) < 1e-14);
  CHECK(max_relative_difference(
            run(nn::rmsprop<double>({.learning_rate = 0.01, .alpha = 0.9, .weight_decay = 0.05})),
            torch_reference("optimizer_rmsprop")) < 1e-14);
}
