// goodfellow_1d: the 1-D picture of Goodfellow et al. (2014, Fig. 1). A generator x = μ + σ·z
// starts away from p_data; the discriminator and the generator are trained in alternation; p_G
// moves onto p_data and D tends to ½ everywhere. The exact JS(p_data‖p_G) (quadrature) is
// recorded over training. Prints a table of the evaluations, writes two CSVs (the curve; D at a
// few steps) and a PNG.
//
//   ./build/release/examples/goodfellow_1d
//   ./build/release/examples/goodfellow_1d --data "normal(-1,0.8)" --mu 3 --sigma 0.3 --objective minimax

#include "example_support.hpp"

#include <advdiv/advdiv.hpp>
#include <advdiv/gan.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {
namespace gan = advdiv::gan;
namespace nn = advdiv::nn;
using critic_t = nn::mlp<double, nn::dense<1, 32, nn::tanh>, nn::dense<32, 32, nn::tanh>, nn::dense<32, 1>>;
using batch_t = critic_t::input_batch;

/// Keeps D(x) = σ(v(x)) on a grid at a few chosen steps.
struct snapshots {
  std::vector<double> grid;
  std::vector<std::size_t> at;
  std::vector<std::vector<double>> d;
  template <class S>
  void on_step_end(const S& s) {
    if (std::find(at.begin(), at.end(), s.step) == at.end()) return;
    std::vector<double> row;
    for (double x : grid) {
      const Eigen::Matrix<double, 1, Eigen::Dynamic> in = Eigen::Matrix<double, 1, Eigen::Dynamic>::Constant(1, 1, x);
      row.push_back(advdiv::math::sigmoid(s.discriminator.forward(in)(0, 0)));
    }
    d.push_back(std::move(row));
  }
};
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Goodfellow's 1-D picture: p_G moves onto p_data, D tends to 1/2, JS over training"};
  std::string data_spec = "normal(2,0.5)", objective = "non_saturating", prefix = "goodfellow_1d";
  double mu0 = -1.0, sigma0 = 1.0;
  std::size_t steps = 3000, batch = 256, every = 100;
  std::uint64_t seed = 1;
  app.add_option("--data", data_spec, "p_data (e.g. normal(2,0.5), 0.5*normal(-1,0.5)+0.5*normal(1,0.5))")->capture_default_str();
  app.add_option("--mu", mu0, "the generator's starting mean")->capture_default_str();
  app.add_option("--sigma", sigma0, "the generator's starting standard deviation")->capture_default_str();
  app.add_option("--objective", objective, "minimax or non_saturating")->capture_default_str();
  app.add_option("--steps", steps, "generator steps")->check(CLI::Range(1, 10000000))->capture_default_str();
  app.add_option("--batch", batch, "batch size")->capture_default_str();
  app.add_option("--every", every, "evaluate the exact divergences every this many steps")->capture_default_str();
  app.add_option("--seed", seed, "seed")->capture_default_str();
  app.add_option("--prefix", prefix, "output files: PREFIX.csv, PREFIX_d.csv, PREFIX.png")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    const example::any_density p = example::parse(data_spec);
    auto data = [&](advdiv::random_engine& rng, std::size_t n) {
      batch_t x(1, static_cast<Eigen::Index>(n));
      for (auto& v : x.reshaped()) v = sample(p, rng);
      return x;
    };
    auto noise = [](advdiv::random_engine& rng, std::size_t n) {
      batch_t z(1, static_cast<Eigen::Index>(n));
      for (auto& v : z.reshaped()) v = advdiv::standard_normal(rng);
      return z;
    };
    gan::location_scale<double> G(mu0, sigma0);
    critic_t D(nn::glorot_uniform{5.0 / 3.0}, seed);
    nn::adam<double> opt_g({.learning_rate = 5e-3, .beta1 = 0.5}), opt_d({.learning_rate = 2e-3, .beta1 = 0.5});
    auto monitor = gan::divergence_monitor(p, [](const auto& g) { return advdiv::normal{g.mu(), g.sigma()}; });
    const double lo = std::min(quantile(p, 1e-3), mu0 - 3 * sigma0), hi = std::max(quantile(p, 1 - 1e-3), mu0 + 3 * sigma0);
    snapshots snap;
    for (int i = 0; i <= 200; ++i) snap.grid.push_back(lo + (hi - lo) * i / 200.0);
    snap.at = {1, steps / 10, steps / 3, steps};
    const gan::train_options opts{.steps = steps, .batch_size = batch, .seed = seed, .evaluate_every = every};
    gan::progress bar;
    const auto r = objective == "minimax"
                       ? gan::train(G, D, gan::minimax{}, data, noise, opt_g, opt_d, opts, monitor, snap, bar)
                       : gan::train(G, D, gan::non_saturating{}, data, noise, opt_g, opt_d, opts, monitor, snap, bar);
    std::printf("p_data = %s, generator x = mu + sigma z from mu = %g, sigma = %g; %s, %zu steps\n",
                data_spec.c_str(), mu0, sigma0, objective.c_str(), r.steps);
    std::printf("status %s (%s)\n\n%8s %12s %12s %12s\n", advdiv::to_string(r.status), r.message.c_str(), "step",
                "JS", "KL", "W1");
    std::ofstream curve(prefix + ".csv");
    curve << "step,js,kl,w1\n";
    for (const auto& rec : monitor.records()) {
      curve << rec.step << ',' << rec.js << ',' << rec.kl << ',' << rec.w1 << '\n';
      if (rec.step % (every * 5) == 0 || rec.step == r.steps)
        std::printf("%8zu %12.6f %12.6f %12.6f\n", rec.step, rec.js, rec.kl, rec.w1);
    }
    curve.close();
    std::ofstream dcsv(prefix + "_d.csv");
    dcsv << "x,p_data";
    for (std::size_t k = 0; k < snap.d.size(); ++k) dcsv << ",d_step_" << snap.at[k];
    dcsv << '\n';
    for (std::size_t i = 0; i < snap.grid.size(); ++i) {
      dcsv << snap.grid[i] << ',' << pdf(p, snap.grid[i]);
      for (const auto& row : snap.d) dcsv << ',' << row[i];
      dcsv << '\n';
    }
    dcsv.close();
    // Where the data is, D should be ½: the mean of |D(x) − ½| over fresh samples of p_data.
    advdiv::random_engine rng(seed + 99);
    const batch_t xs = data(rng, 10000);
    const Eigen::Matrix<double, 1, Eigen::Dynamic> v = D.forward(xs);
    double dev = 0;
    for (Eigen::Index j = 0; j < v.cols(); ++j) dev += std::abs(advdiv::math::sigmoid(v(0, j)) - 0.5);
    std::printf("\nfinal generator: mu = %.4f, sigma = %.4f; mean |D(x) - 1/2| over p_data = %.4f\n", G.mu(),
                G.sigma(), dev / static_cast<double>(v.cols()));
    std::printf("wrote %s.csv and %s_d.csv\n", prefix.c_str(), prefix.c_str());
    std::string script = "set multiplot layout 1,2\nset grid\nset key top left\nset xlabel 'x'\nset ylabel 'D(x)'\n"
                         "set yrange [0:1]\nset y2label 'p_{data}'\nset y2tics\nset ytics nomirror\n"
                         "set title 'the discriminator during training'\nplot " +
                         example::gnuplot_quote(prefix + "_d.csv") +
                         " using 1:2 axes x1y2 with filledcurves y=0 fs transparent solid 0.15 lc rgb '#1f77b4' title 'p_{data}', ";
    const char* colours[] = {"#9467bd", "#ff7f0e", "#1f77b4", "#2ca02c"};
    for (std::size_t k = 0; k < snap.d.size(); ++k)
      script += std::string(k ? ", " : "") + "'' using 1:" +
                std::to_string(3 + k) + " with lines lw 2 lc rgb '" + colours[k % 4] + "' title 'step " +
                std::to_string(snap.at[k]) + "'";
    script += ", 0.5 with lines dt 2 lc rgb '#888888' title 'D = 1/2'\nunset y2tics\nunset y2label\nset autoscale y\n"
              "set logscale y\nset format y '10^{%L}'\n"
              "set xlabel 'generator step'\nset ylabel 'nats'\nset title 'exact JS(p_{data} || p_G)'\nplot " +
              example::gnuplot_quote(prefix + ".csv") + " using 1:2 with lines lw 2 lc rgb '#d62728' title 'JS'\n"
              "unset multiplot\n";
    if (example::plot_png(prefix + ".png", script)) std::printf("wrote %s.png\n", prefix.c_str());
    return r.status == advdiv::solver_status::non_finite ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "goodfellow_1d: %s\n", e.what());
    return 1;
  }
}
