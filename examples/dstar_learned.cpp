// dstar_learned: a discriminator trained on samples converges to the optimal D*.
//
// p_G is held fixed; an MLP discriminator is trained on samples of p_data and p_G by maximising
// V(G, D) (the minimax discriminator loss), then compared with D* = p_data/(p_data + p_G) on the
// interval that holds 99% of the mass of (p_data + p_G)/2. Prints
//   max_abs_error <max |D − D*| on that interval>
//   value <V(G, D) estimated on fresh samples> reference <2·JS − log 4 by quadrature>
// With --objective NAME (kl, reverse_kl, pearson, neyman, squared_hellinger, jensen_shannon,
// total_variation) the same runs the f-GAN game for that generator: the learned critic
// T = g_f(v) against T* = f′(p/q), the variational estimate against D_f(p_data‖p_G).
// Writes a CSV (x, p_data, p_G, optimum, learned) and a PNG.
//
//   ./build/release/examples/dstar_learned
//   ./build/release/examples/dstar_learned --objective pearson --gen "normal(0,2)"

#include "example_support.hpp"

#include <advdiv/advdiv.hpp>
#include <advdiv/gan.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <string>

namespace {

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;
using critic_t = nn::mlp<double, nn::dense<1, 64, nn::tanh>, nn::dense<64, 64, nn::tanh>, nn::dense<64, 1>>;
using batch_t = critic_t::input_batch;

struct settings {
  std::string data = "0.3*normal(-1,0.5)+0.7*normal(2,1)", gen = "normal(0.5,1.5)", objective = "gan";
  std::size_t steps = 6000, batch = 512, eval_samples = 200000;
  double learning_rate = 2e-3;
  std::uint64_t seed = 1;
  std::string csv = "dstar_learned.csv", png = "dstar_learned.png";
};

// The critic sees standardised inputs (x − centre)/scale: the network is then well conditioned
// for any pair, wherever it lives on the real line.
struct standardise {
  double centre, scale;
  double operator()(double x) const { return (x - centre) / scale; }
};

auto sampler(const example::any_density& d, standardise s) {
  return [&d, s](advdiv::random_engine& rng, std::size_t n) {
    batch_t x(1, static_cast<Eigen::Index>(n));
    for (auto& v : x.reshaped()) v = s(sample(d, rng));
    return x;
  };
}

template <class O, class Optimum, class Learned>
int run(const settings& o, const O& objective, Optimum optimum, Learned learned_of_logit, double reference,
        const char* optimum_name) {
  const example::any_density p = example::parse(o.data), q = example::parse(o.gen);
  const advdiv::mixture<example::any_density> m({0.5, 0.5}, {p, q});
  const double lo = quantile(m, 0.005), hi = quantile(m, 0.995);
  const standardise s{0.5 * (lo + hi), 0.5 * (hi - lo)};

  critic_t critic(nn::glorot_uniform{5.0 / 3.0}, o.seed);
  // Adam at the given rate, then a tenth of it for the last quarter of the steps: the second
  // stage averages out the batch noise that limits how close D gets to D*.
  nn::adam<double> fast({.learning_rate = o.learning_rate}), slow({.learning_rate = o.learning_rate / 10});
  const std::size_t first = o.steps - o.steps / 4;
  auto r = gan::fit_critic(critic, objective, sampler(p, s), sampler(q, s), fast,
                           {.steps = first, .batch_size = o.batch, .seed = o.seed});
  if (r.status == advdiv::solver_status::converged || r.status == advdiv::solver_status::iteration_limit)
    r = gan::fit_critic(critic, objective, sampler(p, s), sampler(q, s), slow,
                        {.steps = o.steps - first, .batch_size = o.batch, .seed = o.seed + 1});
  if (r.status == advdiv::solver_status::non_finite) {
    std::fprintf(stderr, "dstar_learned: training stopped: %s\n", r.message.c_str());
    return 1;
  }

  // The learned function against the optimum on a grid of the 99% interval.
  std::ofstream out(o.csv);
  out << "x,p_data,p_g," << optimum_name << ",learned\n";
  out.precision(10);
  double worst = 0;
  const int points = 801;
  for (int i = 0; i < points; ++i) {
    const double x = lo + (hi - lo) * i / (points - 1);
    const Eigen::Matrix<double, 1, Eigen::Dynamic> in = Eigen::Matrix<double, 1, Eigen::Dynamic>::Constant(1, 1, s(x));
    const double learned = learned_of_logit(critic.forward(in)(0, 0)), best = optimum(x);
    worst = std::max(worst, std::abs(learned - best));
    out << x << ',' << pdf(p, x) << ',' << pdf(q, x) << ',' << best << ',' << learned << '\n';
  }
  out.close();

  // V (or the variational bound) = −L_D on fresh samples, with its standard error.
  advdiv::random_engine rng(o.seed + 1000);
  auto mean_and_var = [&](const example::any_density& d, auto term) {
    const batch_t x = sampler(d, s)(rng, o.eval_samples);
    const Eigen::Matrix<double, 1, Eigen::Dynamic> v = critic.forward(x);
    double sum = 0, sum2 = 0;
    for (Eigen::Index j = 0; j < v.cols(); ++j) {
      const double t = term(v(0, j));
      sum += t;
      sum2 += t * t;
    }
    const double n = static_cast<double>(o.eval_samples), mean = sum / n;
    return std::pair{mean, (sum2 / n - mean * mean) / n};
  };
  const auto [real, var_real] = mean_and_var(p, [&](double v) { return objective.real_term(v).value; });
  const auto [fake, var_fake] = mean_and_var(q, [&](double v) { return objective.fake_term(v).value; });
  const double value = -(real + fake), se = std::sqrt(var_real + var_fake);

  std::printf("p_data = %s\np_G    = %s\nobjective = %s, %zu steps of batch %zu, seed %llu\n", o.data.c_str(),
              o.gen.c_str(), o.objective.c_str(), o.steps, o.batch, static_cast<unsigned long long>(o.seed));
  std::printf("interval holding 99%% of (p_data + p_G)/2: [%.4f, %.4f]\n", lo, hi);
  std::printf("max_abs_error %.6f\n", worst);
  std::printf("value %.6f reference %.6f (standard error %.1e)\n", value, reference, se);
  std::printf("wrote %s\n", o.csv.c_str());
  const std::string script =
      "set title " + example::gnuplot_quote("learned vs optimal: " + o.objective + ",  p_{data} = " + o.data +
                                            ",  p_G = " + o.gen) +
      "\nset xlabel 'x'\nset ylabel 'density'\nset y2label " + example::gnuplot_quote(optimum_name) +
      "\nset ytics nomirror\nset y2tics\nset key top left\nset grid\nset autoscale xfix\n"
      "plot " + example::gnuplot_quote(o.csv) +
      " using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'p_{data}', "
      "'' using 1:3 with lines lw 2 lc rgb '#ff7f0e' title 'p_G', "
      "'' using 1:4 axes x1y2 with lines lw 3 lc rgb '#2ca02c' title 'optimum', "
      "'' using 1:5 axes x1y2 with lines lw 2 dt 2 lc rgb '#d62728' title 'learned'\n";
  if (example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
  return 0;
}

template <class G>
int run_f_gan(const settings& o, const G& g) {
  const example::any_density p = example::parse(o.data), q = example::parse(o.gen);
  const double reference = advdiv::f_divergence(p, q, g).value;
  auto t_star = [&](double x) { return g.f_prime(pdf(p, x) / pdf(q, x)); };
  return run(o, gan::f_gan<G>{g}, t_star, [&](double v) { return g.activation(v); }, reference, "T*");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"A discriminator trained on samples against the optimal D* (or an f-GAN critic against T*)"};
  settings o;
  app.add_option("--data", o.data, "p_data, e.g. normal(0,1) or 0.5*laplace(-1,1)+0.5*laplace(1,1)")->capture_default_str();
  app.add_option("--gen", o.gen, "p_G (held fixed), same syntax")->capture_default_str();
  app.add_option("--objective", o.objective,
                 "gan (Goodfellow's D), or an f-GAN generator: kl, reverse_kl, pearson, neyman, squared_hellinger, "
                 "jensen_shannon, total_variation")
      ->capture_default_str();
  app.add_option("--steps", o.steps, "discriminator steps")->check(CLI::Range(4, 100000000))->capture_default_str();
  app.add_option("--batch", o.batch, "samples of each density per step")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--lr", o.learning_rate, "Adam learning rate (a tenth of it for the last quarter)")->capture_default_str();
  app.add_option("--eval-samples", o.eval_samples, "fresh samples for the value estimate")->capture_default_str();
  app.add_option("--seed", o.seed, "seed (initial weights and samples)")->capture_default_str();
  app.add_option("--csv", o.csv, "CSV output")->capture_default_str();
  app.add_option("--png", o.png, "PNG output (needs gnuplot)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    namespace fd = advdiv::fdiv;
    if (o.objective == "gan") {
      const example::any_density p = example::parse(o.data), q = example::parse(o.gen);
      const double reference = 2 * advdiv::js(p, q).value - 2 * std::numbers::ln2;
      auto d_star = [&](double x) { return pdf(p, x) / (pdf(p, x) + pdf(q, x)); };
      return run(o, gan::minimax{}, d_star, [](double v) { return advdiv::math::sigmoid(v); }, reference, "D*");
    }
    if (o.objective == "kl") return run_f_gan(o, fd::kl{});
    if (o.objective == "reverse_kl") return run_f_gan(o, fd::reverse_kl{});
    if (o.objective == "pearson") return run_f_gan(o, fd::pearson{});
    if (o.objective == "neyman") return run_f_gan(o, fd::neyman{});
    if (o.objective == "squared_hellinger") return run_f_gan(o, fd::squared_hellinger{});
    if (o.objective == "jensen_shannon") return run_f_gan(o, fd::jensen_shannon{});
    if (o.objective == "total_variation") return run_f_gan(o, fd::total_variation{});
    std::fprintf(stderr, "dstar_learned: unknown objective '%s'\n", o.objective.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dstar_learned: %s\n", e.what());
    return 1;
  }
}
