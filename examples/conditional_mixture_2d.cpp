// conditional_mixture_2d: a conditional GAN on the ring of 8 / grid of 25 Gaussians. The condition
// is the mode index, one-hot: the generator reads [z; c] and the discriminator judges [x; c], so
// the plain gan::train runs it (gan/conditional.hpp). After training it asks for the same number
// of samples from every mode and prints
//
//   conditional_accuracy <fraction>   (samples within 3σ of the mode asked for, averaged over modes)
//
// with the per-mode coverage, writes the per-mode CSV, the samples with their condition
// (--samples-csv) and a picture of them coloured by condition.
//
//   ./build/release/examples/conditional_mixture_2d --dataset ring
//   ./build/release/examples/conditional_mixture_2d --dataset grid --seed 2

#include "example_support.hpp"
#include "gan_example_support.hpp"

#include <advdiv/gan.hpp>
#include <advdiv/gan/conditional.hpp>
#include <advdiv/gan/metrics/conditional.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <ratio>
#include <string>
#include <vector>

namespace {
namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

constexpr int noise_dim = 16;
// G(z, c): 16 noise + K condition rows → 128 → 128 → 2 (ReLU).
template <int K>
using generator_t = nn::mlp<float, nn::dense<noise_dim + K, 128, nn::relu>, nn::dense<128, 128, nn::relu>,
                            nn::dense<128, 2>>;
using lrelu02 = nn::leaky_relu_with<std::ratio<1, 5>>;
// D(x, c): 2 + K → 128 → 128 → 1 (leaky ReLU 0.2).
template <int K>
using discriminator_t = nn::mlp<float, nn::dense<2 + K, 128, lrelu02>, nn::dense<128, 128, lrelu02>,
                                nn::dense<128, 1>>;

struct options {
  std::string dataset = "ring", objective = "least_squares";
  std::size_t steps = 20000, batch = 128, per_mode = 200;
  std::uint64_t seed = 1;
  double lr_g = 2e-3, lr_d = 2e-3, final_lr = 0.01;
  std::string csv = "conditional_mixture_2d.csv", samples_csv = "conditional_mixture_2d_samples.csv",
              png = "conditional_mixture_2d.png";
};

struct run_result {
  Eigen::MatrixXd samples;          // 2 × (K · per_mode)
  std::vector<std::size_t> asked;   // the mode each column was asked for
  double seconds = 0;
  std::string status, message;
};

template <int K, class O>
run_result run(const options& o, const gan::toy_mixture& mixture, const O& objective) {
  generator_t<K> g(nn::he_normal{}, 2 * o.seed);
  gan::conditional<generator_t<K>, K> G(g);
  discriminator_t<K> D(nn::he_normal{}, 2 * o.seed + 1);
  nn::adam<float> opt_g({.learning_rate = o.lr_g, .beta1 = 0.5, .beta2 = 0.999}),
      opt_d({.learning_rate = o.lr_d, .beta1 = 0.5, .beta2 = 0.999});
  const double scale = example::data_scale(mixture);
  // Real pairs [x / scale; one_hot(k)], k the mode x was drawn from.
  auto data = [&](advdiv::random_engine& rng, std::size_t n) {
    const auto s = mixture.sample_labelled(rng, n);
    Eigen::MatrixXf xc(2 + K, static_cast<Eigen::Index>(n));
    xc << (s.points / scale).cast<float>(), gan::one_hot<float>(s.modes, K);
    return xc;
  };
  auto gaussian = [](advdiv::random_engine& rng, std::size_t n) {
    Eigen::MatrixXf z(noise_dim, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = static_cast<float>(advdiv::standard_normal(rng));
    return z;
  };
  // Fake pairs: conditions uniform over the modes, as the data's labels are.
  auto noise = gan::conditioned_noise(gaussian, gan::uniform_one_hot<float>(K));
  const auto r = gan::train(G, D, objective, data, noise, opt_g, opt_d,
                            {.steps = o.steps, .batch_size = o.batch, .seed = o.seed},
                            example::cosine_schedule{opt_g, opt_d, o.lr_g, o.lr_d, o.final_lr}, gan::progress{});
  run_result out;
  out.seconds = r.seconds;
  out.status = advdiv::to_string(r.status);
  out.message = r.message;
  // Ask every mode for per_mode fresh samples (the evaluation has its own seed).
  for (std::size_t k = 0; k < std::size_t(K); ++k) out.asked.insert(out.asked.end(), o.per_mode, k);
  advdiv::random_engine rng(1000003 + o.seed);
  Eigen::MatrixXf zc(noise_dim + K, static_cast<Eigen::Index>(out.asked.size()));
  zc << gaussian(rng, out.asked.size()), gan::one_hot<float>(out.asked, K);
  out.samples = g.forward(zc).template cast<double>() * scale;
  return out;
}

template <int K>
run_result dispatch(const options& o, const gan::toy_mixture& mixture) {
  if (o.objective == "least_squares") return run<K>(o, mixture, gan::least_squares{});
  if (o.objective == "non_saturating") return run<K>(o, mixture, gan::non_saturating{});
  if (o.objective == "minimax") return run<K>(o, mixture, gan::minimax{});
  if (o.objective == "hinge") return run<K>(o, mixture, gan::hinge{});
  if (o.objective == "wasserstein_gp") return run<K>(o, mixture, gan::wasserstein_gp{});
  throw CLI::ValidationError("--objective", "unknown objective " + o.objective);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Conditional GAN on the ring of 8 / grid of 25 Gaussians: the condition is the mode"};
  options o;
  app.add_option("--dataset", o.dataset, "ring or grid")->check(CLI::IsMember({"ring", "grid"}))->capture_default_str();
  app.add_option("--objective", o.objective, "least_squares, non_saturating, minimax, hinge, wasserstein_gp")
      ->capture_default_str();
  app.add_option("--steps", o.steps, "generator steps")->check(CLI::Range(1, 100000000))->capture_default_str();
  app.add_option("--batch", o.batch, "samples per batch")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--per-mode", o.per_mode, "samples asked of each mode for the evaluation")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--lr-g", o.lr_g, "generator learning rate (Adam)")->capture_default_str();
  app.add_option("--lr-d", o.lr_d, "discriminator learning rate (Adam)")->capture_default_str();
  app.add_option("--final-lr", o.final_lr, "both learning rates decay (cosine) to this fraction of their start")
      ->check(CLI::Range(1e-6, 1.0))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "seed of the networks and the trainer")->capture_default_str();
  app.add_option("--csv", o.csv, "per-mode accuracy")->capture_default_str();
  app.add_option("--samples-csv", o.samples_csv, "the generated points with the mode asked for (x,y,mode)")
      ->capture_default_str();
  app.add_option("--png", o.png, "picture of the points coloured by condition ('' for none)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const gan::toy_mixture mixture = o.dataset == "ring" ? gan::toy_mixture::ring() : gan::toy_mixture::grid();
  std::printf("conditional %s (%zu modes, sigma %g), objective %s, %zu steps, batch %zu, seed %llu\n",
              o.dataset.c_str(), mixture.modes(), mixture.sigma(), o.objective.c_str(), o.steps, o.batch,
              static_cast<unsigned long long>(o.seed));
  const run_result r = o.dataset == "ring" ? dispatch<8>(o, mixture) : dispatch<25>(o, mixture);
  std::printf("training: %s (%s), %.1f s\n", r.status.c_str(), r.message.c_str(), r.seconds);
  if (!r.samples.allFinite()) {
    std::printf("conditional_accuracy 0 (the generator's samples are not finite)\n");
    return 1;
  }
  const auto m = gan::evaluate_conditional(mixture, r.samples, r.asked);
  const auto unconditional = gan::evaluate_modes(mixture, r.samples);

  std::ofstream csv(o.csv);
  csv << "mode,mean_x,mean_y,requested,accuracy\n";
  std::printf("%5s %8s %8s %9s\n", "mode", "mean_x", "mean_y", "accuracy");
  for (std::size_t k = 0; k < mixture.modes(); ++k) {
    const double mx = mixture.means()(0, Eigen::Index(k)), my = mixture.means()(1, Eigen::Index(k));
    std::printf("%5zu %8.3f %8.3f %9.3f\n", k, mx, my, m.per_mode[k]);
    csv << k << ',' << mx << ',' << my << ',' << m.requested[k] << ',' << m.per_mode[k] << '\n';
  }
  csv.close();
  std::printf("modes covered on request (accuracy >= 0.5): %zu of %zu\n", m.modes_covered, mixture.modes());
  std::printf("all samples pooled: %zu modes captured, %.2f%% high quality, reverse KL %.4f\n",
              unconditional.modes_captured, 100 * unconditional.high_quality_fraction, unconditional.reverse_kl);
  std::printf("conditional_accuracy %.4f\n", m.accuracy);
  std::printf("wrote %s\n", o.csv.c_str());

  std::ofstream pts(o.samples_csv);
  pts << "x,y,mode\n";
  for (Eigen::Index j = 0; j < r.samples.cols(); ++j)
    pts << r.samples(0, j) << ',' << r.samples(1, j) << ',' << r.asked[std::size_t(j)] << '\n';
  pts.close();
  std::printf("wrote %s\n", o.samples_csv.c_str());
  const double lim = o.dataset == "ring" ? 1.5 : 5.5;
  const std::string range = "[" + std::to_string(-lim) + ":" + std::to_string(lim) + "]";
  const std::string script =
      "set size ratio -1\nset xrange " + range + "\nset yrange " + range +
      "\nset palette defined (0 '#1f77b4', 1 '#ff7f0e', 2 '#2ca02c', 3 '#d62728', 4 '#9467bd', 5 '#8c564b', 6 "
      "'#e377c2', 7 '#17becf')\nset cbrange [0:" + std::to_string(mixture.modes() - 1) + "]\nset cblabel 'condition (mode asked for)'\nset termoption noenhanced\nset title "
      "'conditional " + o.dataset + ", " + o.objective + ": conditional accuracy " + std::to_string(m.accuracy).substr(0, 5) +
      "'\nplot " + example::gnuplot_quote(o.csv) +
      " skip 1 using 2:3 with points pt 6 ps 2.5 lw 1.5 lc rgb '#808080' title 'modes', " +
      example::gnuplot_quote(o.samples_csv) + " skip 1 using 1:2:3 with points pt 7 ps 0.35 lc palette notitle";
  if (!o.png.empty() && example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
}
