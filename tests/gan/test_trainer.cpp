// The minimax trainer: the gradient it hands the generator is the true ∇θ L_G (finite
// differences), a location-scale generator learns the data's mean and scale, same seed gives
// bit-identical parameters, a non-finite loss stops the run, and callbacks see every event.
#include <advdiv/gan.hpp>
#include <advdiv/gan/trainer.hpp>
#include <advdiv/nn.hpp>

#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

using gan_test::normal_sampler;

namespace {

/// A user's own generator x = μ + σ·z (two parameters), modelling nn::differentiable_network.
struct location_scale {
  using scalar_type = double;
  static constexpr int input_dim = 1, output_dim = 1;
  static constexpr std::size_t parameter_count = 2;
  using input_batch = Eigen::Matrix<double, 1, Eigen::Dynamic>;
  using output_batch = input_batch;
  double theta[2] = {0.0, 1.0}, grad[2] = {0.0, 0.0};
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
  void zero_grad() { grad[0] = grad[1] = 0.0; }
};
static_assert(nn::differentiable_network<location_scale>);

using critic_t = nn::mlp<double, nn::dense<1, 16, nn::tanh>, nn::dense<16, 16, nn::tanh>, nn::dense<16, 1>>;

/// An optimizer that leaves the network alone and records the gradient it was given.
struct recording_optimizer {
  std::vector<double> last;
  template <class N>
  void step(N& net) {
    last.assign(net.gradients().begin(), net.gradients().end());
  }
};

}  // namespace

TEST_CASE("the generator's gradient is ∇θ L_G through the discriminator (finite differences)") {
  location_scale G;
  G.theta[0] = 0.3;
  G.theta[1] = 1.4;
  critic_t D(nn::glorot_uniform{}, 3);
  std::vector<Eigen::Matrix<double, 1, Eigen::Dynamic>> noises;
  auto noise = [&](advdiv::random_engine& rng, std::size_t n) {
    auto z = normal_sampler(0.0, 1.0)(rng, n);
    noises.push_back(z);
    return z;
  };
  recording_optimizer opt_g, opt_d;  // nothing moves: the gradients are only recorded
  const auto r = gan::train(G, D, gan::non_saturating{}, normal_sampler(2.0, 0.5), noise, opt_g, opt_d,
                            {.steps = 1, .batch_size = 32, .seed = 5});
  REQUIRE(r.status == advdiv::solver_status::iteration_limit);
  REQUIRE(noises.size() == 2);  // one for the D step, one for the G step
  const auto& z = noises[1];
  auto loss_at = [&](double mu, double sigma) {
    const Eigen::Matrix<double, 1, Eigen::Dynamic> x = (sigma * z.array() + mu).matrix();
    const Eigen::Matrix<double, 1, Eigen::Dynamic> v = D.forward(x);
    return gan::generator_loss<gan::non_saturating, double>({}, std::span<const double>(v.data(), 32));
  };
  const double h = 1e-6;
  const double d_mu = (loss_at(0.3 + h, 1.4) - loss_at(0.3 - h, 1.4)) / (2 * h);
  const double d_sigma = (loss_at(0.3, 1.4 + h) - loss_at(0.3, 1.4 - h)) / (2 * h);
  REQUIRE(opt_g.last.size() == 2);
  CHECK(opt_g.last[0] == doctest::Approx(d_mu).epsilon(1e-6));
  CHECK(opt_g.last[1] == doctest::Approx(d_sigma).epsilon(1e-6));
  CHECK(r.generator_loss == doctest::Approx(loss_at(0.3, 1.4)).epsilon(1e-14));
}

TEST_CASE("a location-scale generator learns N(2, 0.5²) with the non-saturating game") {
  location_scale G;
  critic_t D(nn::glorot_uniform{}, 11);
  nn::adam<double> opt_g({.learning_rate = 0.01, .beta1 = 0.5}), opt_d({.learning_rate = 0.005, .beta1 = 0.5});
  const auto r = gan::train(G, D, gan::non_saturating{}, normal_sampler(2.0, 0.5), normal_sampler(0.0, 1.0), opt_g,
                            opt_d, {.steps = 3000, .batch_size = 128, .seed = 1});
  CHECK(r.status == advdiv::solver_status::iteration_limit);
  CHECK(r.steps == 3000);
  CHECK(G.theta[0] == doctest::Approx(2.0).epsilon(0.05));
  CHECK(std::abs(G.theta[1]) == doctest::Approx(0.5).epsilon(0.2));
}

TEST_CASE("the same seed gives bit-identical parameters; another seed does not") {
  auto run = [](std::uint64_t seed) {
    location_scale G;
    critic_t D(nn::glorot_uniform{}, 2);
    nn::adam<double> og({.learning_rate = 0.01}), od({.learning_rate = 0.01});
    gan::train(G, D, gan::minimax{}, normal_sampler(1.0, 1.0), normal_sampler(0.0, 1.0), og, od,
               {.steps = 50, .discriminator_steps = 2, .batch_size = 16, .seed = seed});
    std::vector<double> p(D.parameters().begin(), D.parameters().end());
    p.push_back(G.theta[0]);
    p.push_back(G.theta[1]);
    return p;
  };
  CHECK(run(9) == run(9));
  CHECK(run(9) != run(10));
}

namespace {
/// N with only the concept's full backward(g): hides mlp's partial sweeps from the trainer.
template <class N>
struct full_backward_only {
  using scalar_type = typename N::scalar_type;
  static constexpr int input_dim = N::input_dim, output_dim = N::output_dim;
  static constexpr std::size_t parameter_count = N::parameter_count;
  using input_batch = typename N::input_batch;
  using output_batch = typename N::output_batch;
  N net;
  const output_batch& forward(const input_batch& x) { return net.forward(x); }
  const input_batch& backward(const output_batch& g) { return net.backward(g); }
  std::span<scalar_type> parameters() { return net.parameters(); }
  std::span<scalar_type> gradients() { return net.gradients(); }
  void zero_grad() { net.zero_grad(); }
};
}  // namespace

TEST_CASE("the partial backward passes the trainer uses give the same bits as full ones") {
  using gen_t = nn::mlp<double, nn::dense<2, 8, nn::relu>, nn::dense<8, 1>>;
  auto noise = [](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<double, 2, Eigen::Dynamic> z(2, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = advdiv::standard_normal(rng);
    return z;
  };
  auto run = [&](auto& G, auto& D) {
    nn::adam<double> og({.learning_rate = 0.01}), od({.learning_rate = 0.01});
    gan::train(G, D, gan::non_saturating{}, normal_sampler(1.0, 1.0), noise, og, od,
               {.steps = 40, .discriminator_steps = 2, .batch_size = 16, .seed = 3});
    std::vector<double> p(G.parameters().begin(), G.parameters().end());
    p.insert(p.end(), D.parameters().begin(), D.parameters().end());
    return p;
  };
  gen_t G(nn::he_normal{}, 1);
  critic_t D(nn::glorot_uniform{}, 2);
  full_backward_only<gen_t> Gf{gen_t(nn::he_normal{}, 1)};
  full_backward_only<critic_t> Df{critic_t(nn::glorot_uniform{}, 2)};
  const auto partial = run(G, D), full = run(Gf, Df);
  CHECK(partial == full);
  CHECK(partial != std::vector<double>(partial.size(), 0.0));
}

namespace {
/// An objective whose generator loss becomes NaN once the critic output exceeds a bound.
struct fragile {
  template <class T> gan::loss_term<T> real_term(T v) const { return gan::non_saturating{}.real_term(v); }
  template <class T> gan::loss_term<T> fake_term(T v) const { return gan::non_saturating{}.fake_term(v); }
  template <class T> gan::loss_term<T> generator_term(T v) const {
    return v > T(-100) ? loss_term_nan<T>() : gan::non_saturating{}.generator_term(v);
  }
  template <class T> static gan::loss_term<T> loss_term_nan() {
    return {std::numeric_limits<T>::quiet_NaN(), T(0)};
  }
};
}  // namespace

TEST_CASE("a non-finite loss stops training at that step with status non_finite") {
  location_scale G;
  critic_t D(nn::glorot_uniform{}, 2);
  nn::sgd<double> og, od;
  const auto before = std::vector<double>(D.parameters().begin(), D.parameters().end());
  const auto r = gan::train(G, D, fragile{}, normal_sampler(1.0, 1.0), normal_sampler(0.0, 1.0), og, od,
                            {.steps = 10, .batch_size = 8});
  CHECK(r.status == advdiv::solver_status::non_finite);
  CHECK(r.steps == 0);
  CHECK(r.message == "step 1: generator loss = nan");
  CHECK(std::vector<double>(D.parameters().begin(), D.parameters().end()) != before);  // the D step was taken
  CHECK(G.theta[0] == 0.0);  // the G step was not
  // A generator whose samples overflow.
  location_scale H;
  H.theta[1] = std::numeric_limits<double>::infinity();
  const auto r2 = gan::train(H, D, gan::minimax{}, normal_sampler(1.0, 1.0), normal_sampler(0.0, 1.0), og, od,
                             {.steps = 10, .batch_size = 8});
  CHECK(r2.status == advdiv::solver_status::non_finite);
  CHECK(r2.message == "step 1: a generated sample is not finite");
}

namespace {
struct counter {
  int begins = 0, steps = 0, evaluations = 0, ends = 0;
  std::size_t stop_at = 0;
  template <class S> void on_begin(const S&) { ++begins; }
  template <class S> bool on_step_end(const S& s) { ++steps; return stop_at != 0 && s.step == stop_at; }
  template <class S> void on_evaluate(const S&) { ++evaluations; }
  template <class S> void on_end(const S&, const gan::train_result&) { ++ends; }
};
struct only_end {  // implements one hook only
  std::size_t steps = 0;
  template <class S> void on_end(const S& s, const gan::train_result&) { steps = s.step; }
};
}  // namespace

TEST_CASE("callbacks: optional hooks, every callback sees every event, true stops the run") {
  location_scale G;
  critic_t D(nn::glorot_uniform{}, 2);
  nn::sgd<double> og, od;
  counter a, b;
  a.stop_at = 7;
  only_end e;
  const auto r = gan::train(G, D, gan::minimax{}, normal_sampler(1.0, 1.0), normal_sampler(0.0, 1.0), og, od,
                            {.steps = 20, .batch_size = 8, .evaluate_every = 3}, a, b, e);
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(r.steps == 7);
  CHECK(a.begins == 1);
  CHECK(b.steps == 7);  // b saw the step at which a asked to stop
  CHECK(b.evaluations == 2);  // steps 3 and 6
  CHECK(b.ends == 1);
  CHECK(e.steps == 7);
}

TEST_CASE("bad options and samplers") {
  location_scale G;
  critic_t D(nn::glorot_uniform{}, 2);
  nn::sgd<double> og, od;
  CHECK_THROWS_WITH_AS(gan::train(G, D, gan::minimax{}, normal_sampler(1, 1), normal_sampler(0, 1), og, od,
                                  {.batch_size = 0}),
                       "advdiv::gan::train: batch_size = 0 is not positive", std::domain_error);
  auto short_sampler = [](advdiv::random_engine&, std::size_t) { return Eigen::Matrix<double, 1, Eigen::Dynamic>(1, 3); };
  CHECK_THROWS_WITH_AS(gan::train(G, D, gan::minimax{}, short_sampler, normal_sampler(0, 1), og, od, {.batch_size = 4}),
                       "advdiv::gan::train: the data sampler returned 3 samples instead of the batch size 4",
                       std::invalid_argument);
}

TEST_CASE("the discriminator's gradient is ∇ L_D on the step's batches (finite differences)") {
  location_scale G;
  critic_t D(nn::glorot_uniform{}, 4);
  const critic_t D0 = D;
  std::vector<Eigen::Matrix<double, 1, Eigen::Dynamic>> data_batches, noise_batches;
  auto data = [&](advdiv::random_engine& rng, std::size_t n) {
    auto x = normal_sampler(2.0, 0.5)(rng, n);
    data_batches.push_back(x);
    return x;
  };
  auto noise = [&](advdiv::random_engine& rng, std::size_t n) {
    auto z = normal_sampler(0.0, 1.0)(rng, n);
    noise_batches.push_back(z);
    return z;
  };
  recording_optimizer opt_g, opt_d;
  gan::train(G, D, gan::minimax{0.9}, data, noise, opt_g, opt_d, {.steps = 1, .batch_size = 16, .seed = 8});
  const auto x = data_batches[0];
  const Eigen::Matrix<double, 1, Eigen::Dynamic> x_fake = (G.theta[1] * noise_batches[0].array() + G.theta[0]).matrix();
  auto loss_with = [&](std::size_t i, double delta) {
    critic_t d = D0;
    d.parameters()[i] += delta;
    const Eigen::Matrix<double, 1, Eigen::Dynamic> vr = d.forward(x), vf = d.forward(x_fake);
    return gan::discriminator_loss<gan::minimax, double>(gan::minimax{0.9}, std::span<const double>(vr.data(), 16),
                                                         std::span<const double>(vf.data(), 16));
  };
  REQUIRE(opt_d.last.size() == D0.parameters().size());
  for (std::size_t i : {std::size_t(0), std::size_t(7), std::size_t(40), opt_d.last.size() - 1}) {
    CAPTURE(i);
    const double h = 1e-6;
    CHECK(opt_d.last[i] == doctest::Approx((loss_with(i, h) - loss_with(i, -h)) / (2 * h)).epsilon(1e-6).scale(1e-3));
  }
}

TEST_CASE("fit_critic: the minimax critic tends to D* = p/(p+q) between two normals") {
  critic_t D(nn::glorot_uniform{}, 6);
  nn::adam<double> opt({.learning_rate = 3e-3});
  const auto r = gan::fit_critic(D, gan::minimax{}, normal_sampler(0.0, 1.0), normal_sampler(1.0, 1.0), opt,
                                 {.steps = 1500, .batch_size = 256, .seed = 3});
  CHECK(r.status == advdiv::solver_status::iteration_limit);
  // D*(x) = 1/(1 + e^{x − 1/2}) for N(0,1) against N(1,1).
  double worst = 0;
  for (double x = -1.5; x <= 2.5; x += 0.25) {
    const Eigen::Matrix<double, 1, Eigen::Dynamic> in = Eigen::Matrix<double, 1, Eigen::Dynamic>::Constant(1, 1, x);
    const double d = advdiv::math::sigmoid(D.forward(in)(0, 0));
    worst = std::max(worst, std::abs(d - 1 / (1 + std::exp(x - 0.5))));
  }
  CHECK(worst < 0.05);
  CHECK_THROWS_WITH_AS(gan::fit_critic(D, gan::minimax{}, normal_sampler(0, 1), normal_sampler(1, 1), opt, {.steps = 0}),
                       "advdiv::gan::fit_critic: steps = 0 is not positive", std::domain_error);
  auto short_sampler = [](advdiv::random_engine&, std::size_t) { return Eigen::Matrix<double, 1, Eigen::Dynamic>(1, 3); };
  CHECK_THROWS_WITH_AS(gan::fit_critic(D, gan::minimax{}, normal_sampler(0, 1), short_sampler, opt, {.batch_size = 4}),
                       "advdiv::gan::fit_critic: sample_q returned 3 samples instead of the batch size 4",
                       std::invalid_argument);
}

TEST_CASE("WGAN-GP: an MLP generator moves onto N((2, −1), 0.5² I) in 2-D") {
  // In 2-D: in 1-D the penalty λ at ∇D = 0 holds a critic whose slope has the wrong sign (see
  // the linear-critic case of test_gradient_penalty.cpp) and the generator runs past the data.
  using batch2 = Eigen::Matrix<double, 2, Eigen::Dynamic>;
  auto normal2 = [](double m0, double m1, double sd) {
    return [=](advdiv::random_engine& rng, std::size_t n) {
      batch2 x(2, static_cast<Eigen::Index>(n));
      for (Eigen::Index i = 0; i < x.cols(); ++i) {
        x(0, i) = m0 + sd * advdiv::standard_normal(rng);
        x(1, i) = m1 + sd * advdiv::standard_normal(rng);
      }
      return x;
    };
  };
  nn::mlp<double, nn::dense<2, 16, nn::tanh>, nn::dense<16, 2>> G(nn::glorot_uniform{}, 102);
  nn::mlp<double, nn::dense<2, 32, nn::tanh>, nn::dense<32, 32, nn::tanh>, nn::dense<32, 1>> D(nn::glorot_uniform{}, 2);
  // The paper's optimizer settings (Adam, β = (0, 0.9), five critic steps per generator step).
  nn::adam<double> opt_g({.learning_rate = 0.003, .beta1 = 0.0, .beta2 = 0.9}),
      opt_d({.learning_rate = 0.003, .beta1 = 0.0, .beta2 = 0.9});
  advdiv::random_engine rng(9);
  const batch2 z = normal2(0, 0, 1)(rng, 4000);
  const Eigen::Vector2d target(2.0, -1.0);
  const double start = (G.forward(z).rowwise().mean() - target).norm();
  const auto r = gan::train(G, D, gan::wasserstein_gp{}, normal2(2.0, -1.0, 0.5), normal2(0, 0, 1), opt_g, opt_d,
                            {.steps = 600, .discriminator_steps = 5, .batch_size = 128, .seed = 2});
  CHECK(r.status == advdiv::solver_status::iteration_limit);
  const batch2 x = G.forward(z);
  const Eigen::Vector2d mean = x.rowwise().mean();
  const Eigen::Matrix2d cov = (x.colwise() - mean) * (x.colwise() - mean).transpose() / double(x.cols());
  // Measured: mean error 0.054, covariance diagonal 0.225 and 0.214.
  CHECK(start > 2.0);
  CHECK((mean - target).norm() < 0.4);
  CHECK(cov(0, 0) == doctest::Approx(0.25).epsilon(0.6));
  CHECK(cov(1, 1) == doctest::Approx(0.25).epsilon(0.6));
}
