// mode_collapse: mode collapse and mode dropping over training, seen through the sample-quality
// metrics of gan/metrics. The same generator is trained twice on the grid of 25 Gaussians
// (means {−4,−2,0,2,4}², σ = 0.05): with the plain minimax objective and a single-sample
// discriminator, and with the non-saturating objective and PacGAN packing (m = 4). Every
// --evaluate-every steps a gan::mode_monitor scores 2,500 generated points: modes captured and
// high-quality fraction (gan::evaluate_modes), the classifier score with the mixture's exact
// posterior (gan::classifier_score) and the Fréchet distance to 2,500 data points
// (gan::frechet_distance). It writes one CSV per run and a picture of the four indicators over
// the steps, both runs side by side (docs/evaluation.md).
//
//   ./build/release/examples/mode_collapse                       # 20,000 steps per run, ~3 min CPU
//   ./build/release/examples/mode_collapse --steps 20 --evaluate-every 10 --samples 100 --png ""

#include "example_support.hpp"
#include "gan_example_support.hpp"

#include <advdiv/gan.hpp>
#include <advdiv/gan/metrics/monitor.hpp>
#include <advdiv/gan/packing.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <ratio>
#include <string>
#include <vector>

namespace {
namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

constexpr int noise_dim = 16;
// The networks of examples/mixture_2d.cpp: G 16 → 128 → 128 → 2 (ReLU); D on packs of M points,
// 2M → 128 → 128 → 1 (leaky ReLU 0.2).
using generator_t = nn::mlp<float, nn::dense<noise_dim, 128, nn::relu>, nn::dense<128, 128, nn::relu>,
                            nn::dense<128, 2>>;
using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
template <int M>
using discriminator_t = nn::mlp<float, nn::dense<2 * M, 128, lrelu02>, nn::dense<128, 128, lrelu02>,
                                nn::dense<128, 1>>;

struct options {
  std::size_t steps = 20000, evaluate_every = 500, samples = 2500, batch = 128;
  std::uint64_t seed = 1;
  double lr = 2e-3, final_lr = 0.01;
  std::string prefix = "mode_collapse", png = "mode_collapse.png";
};

struct run_summary {
  std::string name, csv;
  std::vector<gan::mode_record> records;
  double seconds = 0;
  std::string status;
};

/// Trains G against a discriminator on packs of M points with `objective`, recording the
/// indicators every evaluate_every steps (and at step 0) in `<prefix>_<name>.csv`.
template <int M, class O>
run_summary run(const options& o, const gan::toy_mixture& grid, const O& objective, const std::string& name) {
  generator_t G(nn::he_normal{}, 2 * o.seed);
  discriminator_t<M> D(nn::he_normal{}, 2 * o.seed + 1);
  gan::packed<generator_t, M> packs(G);
  nn::adam<float> opt_g({.learning_rate = o.lr, .beta1 = 0.5, .beta2 = 0.999}),
      opt_d({.learning_rate = o.lr, .beta1 = 0.5, .beta2 = 0.999});
  // The networks see the grid divided by its standard deviation per coordinate (√(8 + σ²) ≈ 2.83).
  const double scale = std::sqrt(8.0 + grid.sigma() * grid.sigma());
  auto data = gan::packed_sampler(
      [&](advdiv::random_engine& rng, std::size_t n) -> Eigen::MatrixXf {
        return (grid.sample(rng, n) / scale).cast<float>();
      },
      M);
  auto noise = [](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<float, M * noise_dim, Eigen::Dynamic> z(M * noise_dim, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = static_cast<float>(advdiv::standard_normal(rng));
    return z;
  };
  // The monitor scores the unpacked generator on its own noise, scaled back to data units.
  auto sample_of = [scale](auto& packed_g, advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<float, noise_dim, Eigen::Dynamic> z(noise_dim, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = static_cast<float>(advdiv::standard_normal(rng));
    return Eigen::MatrixXd(packed_g.unpacked().forward(z).template cast<double>() * scale);
  };
  run_summary out;
  out.name = name;
  out.csv = o.prefix + "_" + name + ".csv";
  gan::mode_monitor monitor(grid, sample_of, {.samples = o.samples, .seed = 1000003 + o.seed, .csv = out.csv});
  monitor.evaluate_now(packs, 0);
  const auto r = gan::train(packs, D, objective, data, noise, opt_g, opt_d,
                            {.steps = o.steps, .batch_size = o.batch, .seed = o.seed, .evaluate_every = o.evaluate_every},
                            example::cosine_schedule{opt_g, opt_d, o.lr, o.lr, o.final_lr}, monitor, gan::progress{});
  out.records = monitor.records();
  out.seconds = r.seconds;
  out.status = advdiv::to_string(r.status);
  return out;
}

void print(const run_summary& s, std::size_t every_row) {
  std::printf("\n%s (%s, %.1f s)\n", s.name.c_str(), s.status.c_str(), s.seconds);
  std::printf("%7s %6s %7s %11s %8s %9s %7s %9s\n", "step", "modes", "hq_%", "reverse_kl", "quality", "diversity",
              "score", "frechet");
  for (std::size_t i = 0; i < s.records.size(); ++i) {
    if (i % every_row != 0 && i + 1 != s.records.size()) continue;
    const auto& r = s.records[i];
    std::printf("%7zu %6zu %7.2f %11.4f %8.4f %9.4f %7.2f %9.4f\n", r.step, r.modes_captured,
                100 * r.high_quality_fraction, r.reverse_kl, r.quality, r.diversity, r.score, r.frechet);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Mode collapse indicators over training on the grid of 25: minimax vs non-saturating + PacGAN4"};
  options o;
  app.add_option("--steps", o.steps, "generator steps per run")->check(CLI::Range(1, 100000000))->capture_default_str();
  app.add_option("--evaluate-every", o.evaluate_every, "steps between evaluations")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  app.add_option("--samples", o.samples, "generated (and data) points per evaluation")
      ->check(CLI::Range(2, 10000000))
      ->capture_default_str();
  app.add_option("--batch", o.batch, "packs per batch")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--lr", o.lr, "learning rate of both players (Adam)")->capture_default_str();
  app.add_option("--final-lr", o.final_lr, "both learning rates decay (cosine) to this fraction of their start")
      ->check(CLI::Range(1e-6, 1.0))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "seed of the networks and the trainer")->capture_default_str();
  app.add_option("--prefix", o.prefix, "CSV files <prefix>_minimax.csv and <prefix>_pacgan4.csv")->capture_default_str();
  app.add_option("--png", o.png, "picture of the indicators over the steps ('' for none)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const gan::toy_mixture grid = gan::toy_mixture::grid();
  std::printf("grid (25 modes, sigma 0.05), %zu steps per run, evaluated every %zu on %zu points, seed %llu\n",
              o.steps, o.evaluate_every, o.samples, static_cast<unsigned long long>(o.seed));
  const run_summary a = run<1>(o, grid, gan::minimax{}, "minimax");
  const run_summary b = run<4>(o, grid, gan::non_saturating{}, "pacgan4");
  const std::size_t every_row = std::max<std::size_t>(1, a.records.size() / 10);
  print(a, every_row);
  print(b, every_row);
  std::printf("\nwrote %s and %s\n", a.csv.c_str(), b.csv.c_str());

  if (o.png.empty()) return 0;
  const std::string fa = example::gnuplot_quote(a.csv), fb = example::gnuplot_quote(b.csv);
  auto panel = [&](const std::string& title, const std::string& column, const std::string& extra) {
    return "set title '" + title + "'\n" + extra + "plot " + fa + " skip 1 using 1:(" + column +
           ") with linespoints pt 7 ps 0.4 lw 2 lc rgb '#d62728' title 'minimax, no packing', " + fb + " skip 1 using 1:(" +
           column + ") with linespoints pt 7 ps 0.4 lw 2 lc rgb '#1f77b4' title 'non-saturating, PacGAN4'\n" +
           "unset logscale y\nset yrange [*:*]\n";
  };
  const std::string script =
      "set termoption noenhanced\nset multiplot layout 2,2 title 'grid of 25, seed " + std::to_string(o.seed) +
      ": indicators over training'\nset key bottom right font ',9'\nset xlabel 'generator step'\nset grid\n" +
      panel("modes captured (of 25)", "$2", "set yrange [0:26]\n") +
      panel("high-quality samples (%, within 3 sigma)", "100*$3", "set yrange [0:100]\n") +
      panel("classifier score exp(E KL) (max 25)", "$7", "set yrange [1:26]\n") +
      panel("Frechet distance to data (log scale)", "$8", "set logscale y\n") + "unset multiplot\n";
  if (example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
}
