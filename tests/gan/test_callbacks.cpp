#include <advdiv/density.hpp>
#include <advdiv/gan.hpp>
#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

namespace {
using small_t = nn::mlp<double, nn::dense<1, 4, nn::tanh>, nn::dense<4, 1>>;
auto normal_batch(double mean, double sd) {
  return [=](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<double, 1, Eigen::Dynamic> x(1, static_cast<Eigen::Index>(n));
    for (auto& v : x.reshaped()) v = mean + sd * advdiv::standard_normal(rng);
    return x;
  };
}
// Records the generator's parameters θ_k after every step.
struct iterate_recorder {
  std::vector<std::vector<double>> iterates;
  template <class S>
  void on_step_end(const S& s) {
    const auto t = s.generator.parameters();
    iterates.emplace_back(t.begin(), t.end());
  }
};
std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("advdiv_test_" + name)).string();
}
}  // namespace

TEST_CASE("csv_log, checkpoint and progress during a run") {
  small_t G(nn::glorot_uniform{}, 1), D(nn::glorot_uniform{}, 2);
  nn::sgd<double> og, od;
  const std::string csv = temp_path("log.csv"), prefix = temp_path("ckpt_");
  gan::csv_log log(csv, 2);
  gan::checkpoint ckpt(prefix, 5);
  gan::progress bar;
  CHECK_FALSE(bar.active());  // the test's stderr is not a terminal: silent
  const auto r = gan::train(G, D, gan::minimax{}, normal_batch(1, 1), normal_batch(0, 1), og, od,
                            {.steps = 10, .batch_size = 8}, log, ckpt, bar);
  REQUIRE(r.steps == 10);
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  CHECK(line == "step,discriminator_loss,generator_loss,seconds");
  int rows = 0;
  std::string last;
  while (std::getline(in, line)) ++rows, last = line;
  CHECK(rows == 5);  // steps 2, 4, …, 10
  CHECK(last.rfind("10,", 0) == 0);
  CHECK(ckpt.saves() == 3);  // steps 5, 10 and the end
  small_t back(nn::glorot_uniform{}, 99);
  nn::load(back, prefix + "discriminator.advnn");
  CHECK(std::equal(back.parameters().begin(), back.parameters().end(), D.parameters().begin()));
  std::remove(csv.c_str());
  std::remove((prefix + "generator.advnn").c_str());
  std::remove((prefix + "discriminator.advnn").c_str());
}

TEST_CASE("early_stopping waits `patience` evaluations without improvement") {
  struct fake_state {
    std::size_t step;
    double score;
  };
  gan::early_stopping stop([](const fake_state& s) { return s.score; }, 2, 0.01);
  CHECK_FALSE(stop.on_evaluate(fake_state{1, 1.0}));
  CHECK_FALSE(stop.on_evaluate(fake_state{2, 0.5}));
  CHECK_FALSE(stop.on_evaluate(fake_state{3, 0.495}));  // not better by more than 0.01
  CHECK(stop.on_evaluate(fake_state{4, 0.6}));
  CHECK(stop.best() == 0.5);
  CHECK(stop.best_step() == 2);
}

TEST_CASE("parameter_average is the moving average of the generator's iterates from `start` on") {
  small_t G(nn::glorot_uniform{}, 1), D(nn::glorot_uniform{}, 2);
  nn::adam<double> og({.learning_rate = 0.05}), od;
  iterate_recorder rec;  // passed before the average, which sees the same θ_k
  constexpr double decay = 0.9;
  gan::parameter_average ema(decay, 3), last(0.0);
  const auto r = gan::train(G, D, gan::non_saturating{}, normal_batch(1, 1), normal_batch(0, 1), og, od,
                            {.steps = 12, .batch_size = 16}, rec, ema, last);
  REQUIRE(r.steps == 12);
  REQUIRE(rec.iterates.size() == 12);
  CHECK(ema.updates() == 10);  // steps 3, 4, …, 12
  // Brute force in long double from the recorded iterates: θ̄ = θ_3, then the recurrence.
  const std::size_t n = small_t::parameter_count;
  REQUIRE(ema.average().size() == n);
  double max_rel = 0;
  bool moved = false;
  for (std::size_t j = 0; j < n; ++j) {
    long double a = rec.iterates[2][j];
    for (std::size_t k = 3; k < 12; ++k) a = decay * a + (1 - static_cast<long double>(decay)) * rec.iterates[k][j];
    max_rel = std::max(max_rel, double(std::fabs(ema.average()[j] - a) / std::max(1e-300L, std::fabs(a))));
    moved |= std::fabs(a - static_cast<long double>(rec.iterates[11][j])) > 1e-6L;
  }
  CHECK(max_rel < 1e-14);
  CHECK(moved);  // the average is not the last iterate on this run
  // decay 0 is the last iterate; apply_to writes the average into a network.
  CHECK(std::equal(last.average().begin(), last.average().end(), G.parameters().begin()));
  small_t H(nn::glorot_uniform{}, 7);
  ema.apply_to(H);
  for (std::size_t j = 0; j < n; ++j) CHECK(H.parameters()[j] == ema.average()[j]);
}

TEST_CASE("parameter_average rejects a decay outside [0, 1) (domain_error) and a network of another size") {
  CHECK_THROWS_WITH_AS(gan::parameter_average(1.0), "advdiv::gan::parameter_average: decay = 1 is not in [0, 1)",
                       std::domain_error);
  CHECK_THROWS_AS(gan::parameter_average(-0.5), std::domain_error);
  gan::parameter_average ema;
  small_t G(nn::glorot_uniform{}, 1);
  CHECK_THROWS_WITH_AS(ema.apply_to(G), "advdiv::gan::parameter_average::apply_to: nothing has been averaged yet",
                       std::invalid_argument);
  struct fake_state {
    std::size_t step;
    small_t& generator;
  };
  ema.on_step_end(fake_state{1, G});
  nn::mlp<double, nn::dense<1, 2, nn::tanh>, nn::dense<2, 1>> other(nn::glorot_uniform{}, 3);
  CHECK_THROWS_WITH_AS(ema.apply_to(other),
                       ("advdiv::gan::parameter_average::apply_to: the network has 7 parameters, the average " +
                        std::to_string(small_t::parameter_count))
                           .c_str(),
                       std::invalid_argument);
}

TEST_CASE("divergence_monitor records the exact JS, KL and W1 of p_G against p_data") {
  advdiv::normal data{2.0, 0.5};
  auto monitor = gan::divergence_monitor(data, [](const auto& g) { return advdiv::normal{g.mu(), g.sigma()}; });
  struct fake_state {
    std::size_t step;
    gan::location_scale<double>& generator;
  };
  gan::location_scale<double> at_data(2.0, 0.5), away(0.0, 1.0);
  monitor.on_evaluate(fake_state{1, at_data});
  monitor.on_evaluate(fake_state{2, away});
  REQUIRE(monitor.records().size() == 2);
  const auto& a = monitor.records()[0];
  CHECK(a.js == doctest::Approx(0.0).scale(1));
  CHECK(a.w1 == doctest::Approx(0.0).scale(1));
  const auto& b = monitor.records()[1];
  // KL(N(2, 0.25) ‖ N(0, 1)) = log(1/0.5) + (0.25 + 4)/2 − 1/2.
  CHECK(b.kl == doctest::Approx(std::log(2.0) + 4.25 / 2 - 0.5).epsilon(1e-10));
  CHECK(b.js > 0.0);
  CHECK(b.js < std::log(2.0));
  // W1 ≥ |mean difference| = 2 and ≤ W2 = √(4 + 0.25) (closed form).
  CHECK(b.w1 >= 2.0);
  CHECK(b.w1 <= std::sqrt(4.25));
  CHECK(b.step == 2);
}
