// Conditional GANs: the adaptor is [G(z, c); c] with G's gradients (finite differences), the
// samplers stack and draw what they say, the unchanged trainer learns a different normal per
// condition, and evaluate_conditional counts by hand-checkable rules.
#include "../nn/helpers.hpp"

#include <advdiv/gan.hpp>
#include <advdiv/gan/conditional.hpp>
#include <advdiv/gan/metrics/conditional.hpp>
#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

namespace {
using gen_t = nn::mlp<double, nn::dense<5, 6, nn::tanh>, nn::dense<6, 2>>;  // 3 noise + 2 condition rows

std::string message_of(auto&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}
}  // namespace

TEST_CASE("conditional: forward is [G(z, c); c], backward gives G's gradients and passes c's through") {
  gen_t g(nn::glorot_uniform{}, 3);
  gan::conditional<gen_t, 2> gc(g);
  using C = decltype(gc);
  static_assert(C::input_dim == 5 && C::output_dim == 4 && C::noise_dim == 3 && C::condition_dim == 2);
  static_assert(nn::differentiable_network<C>);
  const Eigen::Matrix<double, 5, Eigen::Dynamic> zc = nn_test::random_matrix(5, 4, 8);
  const Eigen::Matrix<double, 4, Eigen::Dynamic> y = gc.forward(zc);
  const Eigen::Matrix<double, 2, Eigen::Dynamic> plain = g.forward(zc);
  CHECK((y.topRows(2) - plain).norm() == 0.0);
  CHECK((y.bottomRows(2) - zc.bottomRows(2)).norm() == 0.0);
  // L = Σ w ⊙ [G(z, c); c]: ∂L/∂θ and ∂L/∂[z; c] by central differences.
  const Eigen::Matrix<double, 4, Eigen::Dynamic> w = nn_test::random_matrix(4, 4, 9);
  auto loss = [&] { return gc.forward(zc).cwiseProduct(w).sum(); };
  loss();
  gc.zero_grad();
  const Eigen::Matrix<double, 5, Eigen::Dynamic> dzc = gc.backward(w);
  const Eigen::VectorXd analytic = nn_test::gradient_vector(g);
  // Without the input's gradient (what the trainer asks of a generator): the same ∂L/∂θ.
  gc.zero_grad();
  gc.forward(zc);
  nn::backward_parameters(gc, w);
  CHECK(nn_test::gradient_vector(g) == analytic);
  CHECK(nn_test::relative_error(nn_test::gradient_vector(g), nn_test::numeric_parameter_gradient(g, loss, 1e-6)) <=
        1e-6);
  for (int row : {1, 4}) {  // a noise row and a condition row
    Eigen::Matrix<double, 5, Eigen::Dynamic> p = zc, m = zc;
    p(row, 2) += 1e-6;
    m(row, 2) -= 1e-6;
    const double numeric = (gc.forward(p).cwiseProduct(w).sum() - gc.forward(m).cwiseProduct(w).sum()) / 2e-6;
    CHECK(dzc(row, 2) == doctest::Approx(numeric).epsilon(1e-6));
  }
  CHECK(gc.parameters().data() == g.parameters().data());
  CHECK(&gc.unconditioned() == &g);
}

TEST_CASE("one_hot, uniform_one_hot and conditioned_noise") {
  const std::vector<std::size_t> labels{2, 0, 2};
  const Eigen::MatrixXd c = gan::one_hot(labels, 3);
  Eigen::MatrixXd expected(3, 3);
  expected << 0, 1, 0,  //
      0, 0, 0,          //
      1, 0, 1;
  CHECK(c == expected);
  CHECK(message_of([&] { gan::one_hot(std::vector<std::size_t>{0, 3}, 3); }) ==
        "advdiv::gan::one_hot: labels[1] = 3 is not below K = 3");
  CHECK(message_of([] { gan::uniform_one_hot(0); }) == "advdiv::gan::uniform_one_hot: K = 0 is not positive");

  // Uniform labels: each of K = 4 columns sums to one, each label's count is within 5 standard
  // deviations of n/K.
  advdiv::random_engine rng(5);
  const std::size_t n = 40000;
  const Eigen::MatrixXf u = gan::uniform_one_hot<float>(4)(rng, n);
  REQUIRE(u.rows() == 4);
  REQUIRE(u.cols() == Eigen::Index(n));
  CHECK((u.colwise().sum().array() == 1.0f).all());
  const double sd = std::sqrt(n * 0.25 * 0.75);
  for (Eigen::Index k = 0; k < 4; ++k) CHECK(std::abs(u.row(k).sum() - n / 4.0) < 5 * sd);

  // Stacked [z; c]: the conditions are drawn first, then the noise, from the same engine.
  auto noise = [](advdiv::random_engine& r, std::size_t m) {
    Eigen::MatrixXf z(2, static_cast<Eigen::Index>(m));
    for (auto& v : z.reshaped()) v = static_cast<float>(advdiv::standard_normal(r));
    return z;
  };
  advdiv::random_engine a(9), b(9);
  const Eigen::MatrixXf zc = gan::conditioned_noise(noise, gan::uniform_one_hot<float>(3))(a, 5);
  const Eigen::MatrixXf c_first = gan::uniform_one_hot<float>(3)(b, 5);
  const Eigen::MatrixXf z_then = noise(b, 5);
  REQUIRE(zc.rows() == 5);
  CHECK(zc.topRows(2) == z_then);
  CHECK(zc.bottomRows(3) == c_first);
  auto short_noise = [](advdiv::random_engine&, std::size_t) { return Eigen::MatrixXf::Zero(2, 1).eval(); };
  CHECK(message_of([&] { gan::conditioned_noise(short_noise, gan::uniform_one_hot<float>(3))(a, 5); }) ==
        "advdiv::gan::conditioned_noise: the noise columns and the condition columns differ in length (1 and 5)");
}

TEST_CASE("toy_mixture::sample_labelled: the points of sample() and the mode each came from") {
  const auto grid = gan::toy_mixture::grid();
  advdiv::random_engine a(3), b(3);
  const auto s = grid.sample_labelled(a, 500);
  CHECK(s.points == grid.sample(b, 500));
  REQUIRE(s.modes.size() == 500);
  // σ = 0.05 against a spacing of 2: every sample is nearest to the mean it was drawn around.
  for (std::size_t j = 0; j < 500; ++j) {
    Eigen::Index nearest = 0;
    (grid.means().colwise() - s.points.col(Eigen::Index(j))).colwise().squaredNorm().minCoeff(&nearest);
    CHECK(std::size_t(nearest) == s.modes[j]);
  }
}

TEST_CASE("evaluate_conditional: per-mode fractions and their mean, by hand and on exact samples") {
  const auto ring = gan::toy_mixture::ring(4, 1.0, 0.1);  // means (1,0), (0,1), (−1,0), (0,−1)
  Eigen::MatrixXd X(2, 5);
  X << 1.0, 1.29, 0.0, 0.0, -1.0,  //
      0.0, 0.0, 1.0, 0.0, 0.0;
  // Asked for: 0 (on target), 0 (0.29 < 0.3: on target), 1 (on target), 1 (at the centre: off),
  // 3 (at mode 2: off). Mode 2 is never asked for.
  const std::vector<std::size_t> asked{0, 0, 1, 1, 3};
  const auto m = gan::evaluate_conditional(ring, X, asked);
  CHECK(m.per_mode == std::vector<double>{1.0, 0.5, 0.0, 0.0});
  CHECK(m.requested == std::vector<std::size_t>{2, 2, 0, 1});
  CHECK(m.accuracy == doctest::Approx((1.0 + 0.5 + 0.0) / 3));
  CHECK(m.modes_covered == 2);
  // A tighter radius moves the second sample off target.
  CHECK(gan::evaluate_conditional(ring, X, asked, 2.5).per_mode[0] == 0.5);

  // Exact conditional samples: P(‖x − μ‖ < 3σ) = 1 − e^{−9/2} in 2-D (a Rayleigh radius).
  const auto grid = gan::toy_mixture::grid();
  advdiv::random_engine rng(11);
  const auto s = grid.sample_labelled(rng, 50000);
  const auto e = gan::evaluate_conditional(grid, s.points, s.modes);
  const double p = 1 - std::exp(-4.5);
  CHECK(std::abs(e.accuracy - p) < 5 * std::sqrt(p * (1 - p) / 50000) * 1.2);  // per-mode means, ≈ equal shares
  CHECK(e.modes_covered == 25);
  // The same samples asked for the next mode are all off target.
  std::vector<std::size_t> shifted(s.modes);
  for (auto& k : shifted) k = (k + 1) % 25;
  CHECK(gan::evaluate_conditional(grid, s.points, shifted).accuracy == 0.0);

  CHECK(message_of([&] { gan::evaluate_conditional(ring, X, std::vector<std::size_t>{0, 0, 1, 1, 4}); }) ==
        "advdiv::gan::evaluate_conditional: requested_modes[4] = 4 is not below the number of modes 4");
  CHECK(message_of([&] { gan::evaluate_conditional(ring, X, std::vector<std::size_t>{0}); }) ==
        "advdiv::gan::evaluate_conditional: X and requested_modes differ in length (5 and 1)");
}

TEST_CASE("the unchanged trainer learns p(x | c): N(−2, 0.5²) for c = e₀ and N(3, 0.5²) for c = e₁") {
  // G(z, c) = w·[z; c] + b (linear, 1 noise + 2 condition rows); D(x, c) a small tanh MLP.
  using lin_t = nn::mlp<double, nn::dense<3, 1>>;
  using critic_t = nn::mlp<double, nn::dense<3, 16, nn::tanh>, nn::dense<16, 16, nn::tanh>, nn::dense<16, 1>>;
  lin_t g(nn::glorot_uniform{}, 4);
  gan::conditional<lin_t, 2> G(g);
  critic_t D(nn::glorot_uniform{}, 5);
  const double mean[2] = {-2.0, 3.0};
  auto data = [&](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<double, 3, Eigen::Dynamic> xc = Eigen::Matrix<double, 3, Eigen::Dynamic>::Zero(3, Eigen::Index(n));
    for (Eigen::Index j = 0; j < xc.cols(); ++j) {
      const std::size_t k = advdiv::uniform_index(rng, 2);
      xc(0, j) = mean[k] + 0.5 * advdiv::standard_normal(rng);
      xc(1 + Eigen::Index(k), j) = 1.0;
    }
    return xc;
  };
  auto noise = gan::conditioned_noise(
      [](advdiv::random_engine& rng, std::size_t n) {
        Eigen::MatrixXd z(1, Eigen::Index(n));
        for (auto& v : z.reshaped()) v = advdiv::standard_normal(rng);
        return z;
      },
      gan::uniform_one_hot(2));
  nn::adam<double> opt_g({.learning_rate = 0.01, .beta1 = 0.5}), opt_d({.learning_rate = 0.005, .beta1 = 0.5});
  const auto r = gan::train(G, D, gan::non_saturating{}, data, noise, opt_g, opt_d,
                            {.steps = 4000, .batch_size = 128, .seed = 2});
  REQUIRE(r.status == advdiv::solver_status::iteration_limit);
  // The linear generator's output for condition k is N(w_{1+k} + b, w_0²).
  const auto th = g.parameters();  // dense layout: the 1 × 3 weights, then the bias
  const double w0 = th[0], b = th[3];
  CHECK(th[1] + b == doctest::Approx(-2.0).epsilon(0.05));
  CHECK(th[2] + b == doctest::Approx(3.0).epsilon(0.05));
  CHECK(std::abs(w0) == doctest::Approx(0.5).epsilon(0.2));
}
