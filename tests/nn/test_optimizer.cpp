// Optimizers (SGD, Adam, AdamW, RMSProp) against hand-computed steps and torch.optim,
// their option checks, gradients that are NaN or infinite, and parameter clipping.

#include "helpers.hpp"

#include <advdiv/nn/mlp.hpp>
#include <advdiv/nn/optimizer.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace nn = advdiv::nn;

namespace {
using small_net = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>>;
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
  CHECK_THROWS_WITH_AS(nn::sgd<double>({.weight_decay = std::numeric_limits<double>::infinity()}),
                       "advdiv::nn::sgd: weight_decay = inf is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(nn::adam<float>({.epsilon = -1}),
                       "advdiv::nn::adam: epsilon = -1 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(nn::sgd<float>({.momentum = -0.5}),
                       "advdiv::nn::sgd: momentum = -0.5 is not in [0, 1)", std::domain_error);
  CHECK_THROWS_WITH_AS(nn::rmsprop<float>({.weight_decay = -1}),
                       "advdiv::nn::rmsprop: weight_decay = -1 is negative",
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
                       "advdiv::nn::adam::step: parameters and the optimizer state differ in length "
                       "(4 and 3)",
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

TEST_CASE_TEMPLATE("optimizers: a NaN or infinite gradient throws before anything is written", T,
                   float, double) {
  const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
  const std::vector<T> good{T(0.5), T(-1), T(2), T(0.25)};
  // Runs one good step (so the state is sized and non-zero), then a step with `bad`; checks
  // the message, that parameters and state are untouched (the next good step lands where
  // it would have without the failed call) and returns nothing.
  auto check = [&](auto make, const char* message, const std::vector<T>& bad) {
    auto opt = make();
    auto ref = make();
    std::vector<T> p{T(1), T(-2), T(0.5), T(0)}, q = p;
    opt.step(std::span<T>(p), std::span<const T>(good));
    ref.step(std::span<T>(q), std::span<const T>(good));
    const std::vector<T> before = p;
    CHECK_THROWS_WITH_AS(opt.step(std::span<T>(p), std::span<const T>(bad)), message,
                         std::domain_error);
    CHECK(p == before);
    opt.step(std::span<T>(p), std::span<const T>(good));
    ref.step(std::span<T>(q), std::span<const T>(good));
    CHECK(p == q);
  };
  const std::vector<T> nan3{T(0), T(0), T(0), nan}, inf1{T(0), -inf, T(0), T(0)};
  auto sgd = [] { return nn::sgd<T>({.learning_rate = 0.1, .momentum = 0.9}); };
  auto adam = [] { return nn::adam<T>({.learning_rate = 0.01, .weight_decay = 0.1}); };
  auto rms = [] { return nn::rmsprop<T>({.learning_rate = 0.01}); };
  check(sgd, "advdiv::nn::sgd::step: gradient[3] = nan is not finite", nan3);
  check(sgd, "advdiv::nn::sgd::step: gradient[1] = -inf is not finite", inf1);
  check(adam, "advdiv::nn::adam::step: gradient[3] = nan is not finite", nan3);
  check(adam, "advdiv::nn::adam::step: gradient[1] = -inf is not finite", inf1);
  check(rms, "advdiv::nn::rmsprop::step: gradient[3] = nan is not finite", nan3);
  check(rms, "advdiv::nn::rmsprop::step: gradient[1] = -inf is not finite", inf1);

  // Adam's step counter (its bias correction) does not advance on a refused step, and a
  // refused first step leaves the state unsized.
  nn::adam<T> fresh;
  std::vector<T> p(4, T(1));
  CHECK_THROWS_AS(fresh.step(std::span<T>(p), std::span<const T>(nan3)), std::domain_error);
  CHECK(fresh.steps() == 0);
  CHECK(p == std::vector<T>(4, T(1)));
  std::vector<T> p2(2, T(1)), g2(2, T(0));
  fresh.step(std::span<T>(p2), std::span<const T>(g2));  // sized by this first real step
  CHECK(fresh.steps() == 1);

  // Through a network: its accumulated gradients are checked the same way.
  small_net net(nn::glorot_uniform{}, 1);
  const std::vector<double> params(net.parameters().begin(), net.parameters().end());
  net.gradients()[7] = std::numeric_limits<double>::quiet_NaN();
  nn::adam<double> opt;
  CHECK_THROWS_WITH_AS(opt.step(net), "advdiv::nn::adam::step: gradient[7] = nan is not finite",
                       std::domain_error);
  CHECK(std::vector<double>(net.parameters().begin(), net.parameters().end()) == params);
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
  CHECK(nn_test::max_relative_difference(
            run(nn::sgd<double>({.learning_rate = 0.1, .momentum = 0.9, .weight_decay = 0.01})),
            nn_test::torch_reference("optimizer_sgd")) < 1e-14);
  CHECK(nn_test::max_relative_difference(run(nn::adam<double>({.learning_rate = 0.01,
                                                      .beta1 = 0.5,
                                                      .beta2 = 0.9,
                                                      .weight_decay = 0.1})),
                                nn_test::torch_reference("optimizer_adam")) < 1e-14);
  CHECK(nn_test::max_relative_difference(run(nn::adam<double>({.learning_rate = 0.01,
                                                      .weight_decay = 0.1,
                                                      .decoupled_weight_decay = true})),
                                nn_test::torch_reference("optimizer_adamw")) < 1e-14);
  CHECK(nn_test::max_relative_difference(
            run(nn::rmsprop<double>({.learning_rate = 0.01, .alpha = 0.9, .weight_decay = 0.05})),
            nn_test::torch_reference("optimizer_rmsprop")) < 1e-14);
}

TEST_CASE_TEMPLATE("set_learning_rate: a schedule changes the step size and keeps the state", O, nn::sgd<double>,
                   nn::adam<double>, nn::rmsprop<double>) {
  const std::array<double, 3> g1{0.5, -1.0, 2.0}, g2{-0.25, 0.75, 0.1};
  // Two steps at 0.01, then two at 0.002, against an optimizer constructed for each rate: the
  // first two steps agree with a constant-0.01 run, and the last two differ from it.
  std::vector<double> a{1.0, -2.0, 0.5}, b = a;
  O scheduled(typename std::remove_cvref_t<decltype(std::declval<O>().options())>{.learning_rate = 0.01});
  O constant(typename std::remove_cvref_t<decltype(std::declval<O>().options())>{.learning_rate = 0.01});
  scheduled.step(std::span<double>(a), std::span<const double>(g1));
  constant.step(std::span<double>(b), std::span<const double>(g1));
  CHECK(a == b);
  scheduled.set_learning_rate(0.002);
  CHECK(scheduled.options().learning_rate == 0.002);
  const std::vector<double> before = a;
  std::vector<double> reference = a;
  scheduled.step(std::span<double>(a), std::span<const double>(g2));
  constant.step(std::span<double>(reference), std::span<const double>(g2));
  // The update scales with the rate (moments unchanged by the call): Δθ at 0.002 = Δθ at 0.01 / 5.
  for (std::size_t i = 0; i < a.size(); ++i)
    CHECK((a[i] - before[i]) == doctest::Approx((reference[i] - before[i]) / 5).epsilon(1e-12));
  const std::string name = std::is_same_v<O, nn::sgd<double>>    ? "sgd"
                           : std::is_same_v<O, nn::adam<double>> ? "adam"
                                                                 : "rmsprop";
  CHECK_THROWS_WITH_AS(scheduled.set_learning_rate(0.0),
                       ("advdiv::nn::" + name + "::set_learning_rate: learning_rate = 0 is not positive and finite").c_str(),
                       std::domain_error);
  CHECK_THROWS_AS(scheduled.set_learning_rate(std::numeric_limits<double>::quiet_NaN()), std::domain_error);
}
