// mixture_2d: the 2-D mixtures of the PacGAN / VEEGAN protocol. A generator MLP is trained on
// the ring of 8 Gaussians (radius 1, σ = 0.01) or the grid of 25 (means {−4,−2,0,2,4}²,
// σ = 0.05); 2,500 generated points are scored by gan::evaluate_modes (modes captured, % high
// quality, reverse KL of the mode histogram). Over several seeds it prints the mean ± standard
// error, writes a CSV of the per-seed metrics, the generated points of the first seed
// (--samples-csv) and a PNG of them over the modes.
//
//   ./build/release/examples/mixture_2d --dataset ring --seeds 10      # LSGAN, pack 2
//   ./build/release/examples/mixture_2d --dataset grid --seeds 10      # non-saturating, pack 4, batch 256
//   ./build/release/examples/mixture_2d --dataset grid --objective wasserstein_gp --pack 1

#include "example_support.hpp"
#include "gan_example_support.hpp"

#include <advdiv/gan.hpp>
#include <advdiv/gan/packing.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <numbers>
#include <ratio>
#include <string>
#include <vector>

namespace {
namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

constexpr int noise_dim = 16;
// The generator: 16-dimensional Gaussian noise → 128 → 128 → 2 (ReLU).
using generator_t = nn::mlp<float, nn::dense<noise_dim, 128, nn::relu>, nn::dense<128, 128, nn::relu>,
                            nn::dense<128, 2>>;
using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
// The discriminator sees packs of M points: 2M → 128 → 128 → 1 (leaky ReLU 0.2).
template <int M>
using discriminator_t = nn::mlp<float, nn::dense<2 * M, 128, lrelu02>, nn::dense<128, 128, lrelu02>,
                                nn::dense<128, 1>>;

struct options {
  std::string dataset = "ring", objective;  // empty: least_squares on the ring, non_saturating on the grid
  int pack = 0;  // 0: 2 for the ring, 4 for the grid
  std::size_t steps = 25000, batch = 0, discriminator_steps = 1, seeds = 1, samples = 2500;
  std::uint64_t seed = 1;
  double lr_g = 2e-3, lr_d = 2e-3, final_lr = 0.01, ema = 0;
  std::string csv = "mixture_2d.csv", samples_csv = "mixture_2d_samples.csv", png = "mixture_2d.png";
};

struct run_result {
  gan::mode_metrics metrics;
  Eigen::MatrixXd samples;
  double seconds = 0;
  std::string status;
};

template <int M, class O>
run_result run_one(const options& o, const gan::toy_mixture& mixture, const O& objective, std::uint64_t seed) {
  generator_t G(nn::he_normal{}, 2 * seed);
  discriminator_t<M> D(nn::he_normal{}, 2 * seed + 1);
  gan::packed<generator_t, M> packs(G);
  nn::adam<float> opt_g({.learning_rate = o.lr_g, .beta1 = 0.5, .beta2 = 0.999}),
      opt_d({.learning_rate = o.lr_d, .beta1 = 0.5, .beta2 = 0.999});
  // The networks see the data divided by its overall standard deviation (≈ 0.71 for the ring, 2.83
  // for the grid), so both datasets reach them at unit scale; generated points are scaled back.
  const double scale = example::data_scale(mixture);
  auto data = gan::packed_sampler(
      [&](advdiv::random_engine& rng, std::size_t n) -> Eigen::MatrixXf {
        return (mixture.sample(rng, n) / scale).cast<float>();
      },
      M);
  auto noise = [](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<float, M * noise_dim, Eigen::Dynamic> z(M * noise_dim, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = static_cast<float>(advdiv::standard_normal(rng));
    return z;
  };
  // Scored on the average when --ema > 0; otherwise its first step lies past the last one and
  // it never touches the parameters.
  gan::parameter_average ema(o.ema, o.ema > 0 ? 0 : o.steps + 1);
  const auto r = gan::train(packs, D, objective, data, noise, opt_g, opt_d,
                            {.steps = o.steps, .discriminator_steps = o.discriminator_steps, .batch_size = o.batch,
                             .seed = seed},
                            example::cosine_schedule{opt_g, opt_d, o.lr_g, o.lr_d, o.final_lr}, ema,
                            gan::progress{});
  if (o.ema > 0) ema.apply_to(G);
  run_result out;
  out.seconds = r.seconds;
  out.status = advdiv::to_string(r.status);
  // Score 2,500 fresh samples of the unpacked generator (the evaluation draws from its own seed).
  advdiv::random_engine rng(1000003 + seed);
  Eigen::Matrix<float, noise_dim, Eigen::Dynamic> z(noise_dim, static_cast<Eigen::Index>(o.samples));
  for (auto& v : z.reshaped()) v = static_cast<float>(advdiv::standard_normal(rng));
  out.samples = G.forward(z).template cast<double>() * scale;
  if (!out.samples.allFinite()) {
    out.metrics.samples = o.samples;
    out.metrics.reverse_kl = std::numeric_limits<double>::infinity();
    return out;
  }
  out.metrics = gan::evaluate_modes(mixture, out.samples);
  return out;
}

template <int M>
run_result dispatch_objective(const options& o, const gan::toy_mixture& mixture, std::uint64_t seed) {
  if (o.objective == "non_saturating") return run_one<M>(o, mixture, gan::non_saturating{}, seed);
  if (o.objective == "minimax") return run_one<M>(o, mixture, gan::minimax{}, seed);
  if (o.objective == "hinge") return run_one<M>(o, mixture, gan::hinge{}, seed);
  if (o.objective == "least_squares") return run_one<M>(o, mixture, gan::least_squares{}, seed);
  if (o.objective == "wasserstein_gp") return run_one<M>(o, mixture, gan::wasserstein_gp{}, seed);
  if (o.objective == "pearson") return run_one<M>(o, mixture, gan::f_gan<advdiv::fdiv::pearson>{}, seed);
  if (o.objective == "squared_hellinger")
    return run_one<M>(o, mixture, gan::f_gan<advdiv::fdiv::squared_hellinger>{}, seed);
  throw CLI::ValidationError("--objective", "unknown objective " + o.objective);
}

run_result dispatch(const options& o, const gan::toy_mixture& mixture, std::uint64_t seed) {
  switch (o.pack) {
    case 1: return dispatch_objective<1>(o, mixture, seed);
    case 2: return dispatch_objective<2>(o, mixture, seed);
    case 4: return dispatch_objective<4>(o, mixture, seed);
    default: throw CLI::ValidationError("--pack", "must be 1, 2 or 4");
  }
}

struct summary {
  double mean = 0, se = 0;
};
summary mean_se(const std::vector<double>& v) {
  summary s;
  for (double x : v) s.mean += x;
  s.mean /= double(v.size());
  if (v.size() > 1) {
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    s.se = std::sqrt(ss / double(v.size() - 1) / double(v.size()));
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"GAN on the ring of 8 / grid of 25 Gaussians, scored by the PacGAN protocol"};
  options o;
  app.add_option("--dataset", o.dataset, "ring or grid")->check(CLI::IsMember({"ring", "grid"}))->capture_default_str();
  app.add_option("--objective", o.objective,
                 "non_saturating, minimax, hinge, least_squares, wasserstein_gp, pearson, squared_hellinger "
                 "(default: least_squares on the ring, non_saturating on the grid: the best of each in docs/training.md)");
  app.add_option("--pack", o.pack,
                 "PacGAN packing m: the discriminator judges m samples at once (1, 2 or 4; 0: 2 for the ring, 4 "
                 "for the grid)")
      ->check(CLI::IsMember({0, 1, 2, 4}))
      ->capture_default_str();
  app.add_option("--steps", o.steps, "generator steps")->check(CLI::Range(1, 100000000))->capture_default_str();
  app.add_option("--batch", o.batch, "packs per batch (0: 128 for the ring, 256 for the grid)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  app.add_option("--discriminator-steps", o.discriminator_steps, "discriminator steps per generator step")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--lr-g", o.lr_g, "generator learning rate (Adam)")->capture_default_str();
  app.add_option("--lr-d", o.lr_d, "discriminator learning rate (Adam)")->capture_default_str();
  app.add_option("--final-lr", o.final_lr, "both learning rates decay (cosine) to this fraction of their start")
      ->check(CLI::Range(1e-6, 1.0))
      ->capture_default_str();
  app.add_option("--ema", o.ema,
                 "score the exponential moving average of G's parameters with this decay (0: the last iterate)")
      ->check(CLI::Range(0.0, 0.99999))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "first seed")->capture_default_str();
  app.add_option("--seeds", o.seeds, "number of seeds (seed, seed + 1, ...)")->check(CLI::Range(1, 1000))->capture_default_str();
  app.add_option("--csv", o.csv, "per-seed metrics")->capture_default_str();
  app.add_option("--samples-csv", o.samples_csv, "the 2,500 generated points of the first seed (x,y)")->capture_default_str();
  app.add_option("--png", o.png, "picture of the first seed's points over the modes")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const gan::toy_mixture mixture = o.dataset == "ring" ? gan::toy_mixture::ring() : gan::toy_mixture::grid();
  if (o.pack == 0) o.pack = o.dataset == "ring" ? 2 : 4;
  // The grid's bridges between neighbouring modes shrink with a larger batch (docs/training.md).
  if (o.batch == 0) o.batch = o.dataset == "ring" ? 128 : 256;
  if (o.objective.empty()) o.objective = o.dataset == "ring" ? "least_squares" : "non_saturating";
  std::printf("%s (%zu modes, sigma %g), objective %s, pack %d, %zu steps, batch %zu\n", o.dataset.c_str(),
              mixture.modes(), mixture.sigma(), o.objective.c_str(), o.pack, o.steps, o.batch);
  std::printf("%6s %6s %9s %11s %9s  %s\n", "seed", "modes", "hq_%", "reverse_kl", "seconds", "status");
  std::ofstream csv(o.csv);
  csv << "seed,modes,high_quality,reverse_kl,seconds,status\n";
  std::vector<double> modes, hq, rkl, secs;
  Eigen::MatrixXd first;
  for (std::size_t s = 0; s < o.seeds; ++s) {
    const std::uint64_t seed = o.seed + s;
    const run_result r = dispatch(o, mixture, seed);
    const auto& m = r.metrics;
    std::printf("%6llu %6zu %9.2f %11.4f %9.1f  %s\n", static_cast<unsigned long long>(seed), m.modes_captured,
                100 * m.high_quality_fraction, m.reverse_kl, r.seconds, r.status.c_str());
    std::fflush(stdout);
    csv << seed << ',' << m.modes_captured << ',' << m.high_quality_fraction << ',' << m.reverse_kl << ','
        << r.seconds << ',' << r.status << '\n';
    modes.push_back(double(m.modes_captured));
    hq.push_back(100 * m.high_quality_fraction);
    rkl.push_back(m.reverse_kl);
    secs.push_back(r.seconds);
    if (s == 0) first = r.samples;
  }
  const summary sm = mean_se(modes), sh = mean_se(hq), sk = mean_se(rkl), st = mean_se(secs);
  std::printf("mean over %zu seeds: modes %.2f ± %.2f, high quality %.2f%% ± %.2f, reverse KL %.4f ± %.4f, "
              "%.1f s per run\n",
              o.seeds, sm.mean, sm.se, sh.mean, sh.se, sk.mean, sk.se, st.mean);
  std::printf("wrote %s\n", o.csv.c_str());

  std::ofstream pts(o.samples_csv);
  pts << "x,y\n";
  for (Eigen::Index j = 0; j < first.cols(); ++j) pts << first(0, j) << ',' << first(1, j) << '\n';
  pts.close();
  const std::string modes_csv = o.samples_csv + ".modes.csv";
  std::ofstream mc(modes_csv);
  mc << "x,y\n";
  for (Eigen::Index k = 0; k < mixture.means().cols(); ++k)
    mc << mixture.means()(0, k) << ',' << mixture.means()(1, k) << '\n';
  mc.close();
  std::printf("wrote %s\n", o.samples_csv.c_str());
  const double lim = o.dataset == "ring" ? 1.5 : 5.5;
  const std::string script =
      "set size ratio -1\nset xrange [" + std::to_string(-lim) + ":" + std::to_string(lim) + "]\nset yrange [" +
      std::to_string(-lim) + ":" + std::to_string(lim) + "]\nset key outside right\nset termoption noenhanced\nset title '" + o.dataset + ", " +
      o.objective + ", pack " + std::to_string(o.pack) + ", seed " + std::to_string(o.seed) + "'\nplot " +
      example::gnuplot_quote(o.samples_csv) + " skip 1 using 1:2 with points pt 7 ps 0.3 lc rgb '#1f77b4' title "
      "'generated (2,500)', " +
      example::gnuplot_quote(modes_csv) + " skip 1 using 1:2 with points pt 6 ps 2 lw 2 lc rgb '#d62728' title 'modes'";
  if (!o.png.empty() && example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
}
