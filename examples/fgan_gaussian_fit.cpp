// fgan_gaussian_fit: the f-GAN paper's Gaussian-approximation experiment (Nowozin et al. 2016,
// §4). A generator x = μ + σ·z is fitted to a two-component normal mixture by minimising each
// f-divergence D_f(P‖N(μ, σ²)) adversarially (the f-GAN objective with an MLP critic), and the
// result is compared with θ* = argmin D_f(P‖N(μ, σ²)) found by minimising the exact divergence
// (quadrature) directly. One line per divergence:
//   <name> mu=<μ> sigma=<σ> mu*=<μ*> sigma*=<σ*>
//
//   ./build/release/examples/fgan_gaussian_fit
//   ./build/release/examples/fgan_gaussian_fit --weights 0.5,0.5 --means -2,2 --stds 0.5,1 --divergences kl,gan

#include <advdiv/advdiv.hpp>
#include <advdiv/gan.hpp>
#include <advdiv/nn.hpp>

#include <boost/math/tools/minima.hpp>
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;
namespace fd = advdiv::fdiv;
using critic_t = nn::mlp<double, nn::dense<1, 64, nn::tanh>, nn::dense<64, 64, nn::tanh>, nn::dense<64, 1>>;
using batch_t = critic_t::input_batch;

struct settings {
  std::vector<double> weights{0.6, 0.4}, means{-1.0, 2.0}, stds{0.7, 0.5};
  std::vector<std::string> divergences{"kl",     "reverse_kl", "pearson", "squared_hellinger",
                                       "jensen_shannon", "jeffreys",   "gan"};
  std::size_t steps = 3000, batch = 512, critic_steps = 2;
  std::uint64_t seed = 1;
  std::string csv = "fgan_gaussian_fit.csv";
};

/// θ* = argmin over (μ, log σ) of D_f(P‖N(μ, σ²)) by quadrature: alternating Brent
/// minimisations in μ and in log σ until both move by less than 1e-9, from several starts (the
/// mixture's moments and each component), keeping the lowest divergence: reverse KL and other
/// mode-seeking divergences have a local minimum per mode.
template <class G>
std::pair<double, double> exact_fit(const settings& o, const advdiv::mixture<advdiv::normal>& p, const G& g,
                                    double mean, double sd, double lo, double hi) {
  auto div = [&](double mu, double log_sigma) {
    const double v = advdiv::f_divergence(p, advdiv::normal{mu, std::exp(log_sigma)}, g).value;
    return std::isfinite(v) ? v : 1e300;  // χ² is +inf where σ is too small: a wall for Brent
  };
  const double s_lo = std::log(1e-3 * (hi - lo)), s_hi = std::log(2.0 * (hi - lo));
  std::vector<std::pair<double, double>> starts{{mean, sd}};
  for (std::size_t k = 0; k < o.means.size(); ++k) starts.emplace_back(o.means[k], o.stds[k]);
  double best = std::numeric_limits<double>::infinity(), best_mu = mean, best_sigma = sd;
  for (auto [mu, sigma] : starts) {
    double s = std::log(sigma);
    for (int it = 0; it < 100; ++it) {
      // μ is searched within 3σ of where it is (so each start keeps to its own basin).
      const double m_lo = std::max(lo, mu - 3 * std::exp(s)), m_hi = std::min(hi, mu + 3 * std::exp(s));
      const double mu_new = boost::math::tools::brent_find_minima([&](double m) { return div(m, s); }, m_lo, m_hi, 40).first;
      const double s_new = boost::math::tools::brent_find_minima([&](double t) { return div(mu_new, t); }, s_lo, s_hi, 40).first;
      const bool done = std::abs(mu_new - mu) < 1e-9 && std::abs(s_new - s) < 1e-9;
      mu = mu_new;
      s = s_new;
      if (done) break;
    }
    const double v = div(mu, s);
    if (v < best) {
      best = v;
      best_mu = mu;
      best_sigma = std::exp(s);
    }
  }
  return {best_mu, best_sigma};
}

/// Polyak averaging of the generator's parameters over the steps it sees (the last stage),
/// which removes the batch noise of the final iterates.
struct average_generator {
  double sum_mu = 0, sum_sigma = 0;
  std::size_t count = 0;
  template <class S>
  void on_step_end(const S& s) {
    sum_mu += s.generator.mu();
    sum_sigma += s.generator.sigma();
    ++count;
  }
};

template <class F>
std::pair<double, double> adversarial_fit(const settings& o, const advdiv::mixture<advdiv::normal>& p, const F& f,
                                          double centre, double scale) {
  // Everything the networks see is standardised by the data's centre and scale.
  auto data = [&](advdiv::random_engine& rng, std::size_t n) {
    batch_t x(1, static_cast<Eigen::Index>(n));
    for (auto& v : x.reshaped()) v = (sample(p, rng) - centre) / scale;
    return x;
  };
  auto noise = [](advdiv::random_engine& rng, std::size_t n) {
    batch_t z(1, static_cast<Eigen::Index>(n));
    for (auto& v : z.reshaped()) v = advdiv::standard_normal(rng);
    return z;
  };
  gan::location_scale<double> G(0.5, 0.5);  // a generic start (standardised units), not the data's moments
  critic_t D(nn::glorot_uniform{5.0 / 3.0}, o.seed);
  const gan::f_gan<F> objective{f};
  // Three stages with falling learning rates; the last one is averaged.
  const double rates[3] = {2e-2, 5e-3, 1e-3};
  const std::size_t lengths[3] = {o.steps / 2, o.steps / 4, o.steps - o.steps / 2 - o.steps / 4};
  average_generator avg;
  for (int stage = 0; stage < 3; ++stage) {
    nn::adam<double> opt_g({.learning_rate = rates[stage], .beta1 = 0.5}),
        opt_d({.learning_rate = rates[stage] / 4, .beta1 = 0.5});
    const gan::train_options to{.steps = lengths[stage], .discriminator_steps = o.critic_steps,
                                .batch_size = o.batch, .seed = o.seed + 17 * static_cast<std::uint64_t>(stage)};
    const auto r = stage < 2 ? gan::train(G, D, objective, data, noise, opt_g, opt_d, to)
                             : gan::train(G, D, objective, data, noise, opt_g, opt_d, to, avg);
    if (r.status == advdiv::solver_status::non_finite) throw std::runtime_error("training stopped: " + r.message);
  }
  const double n = static_cast<double>(avg.count);
  return {centre + scale * avg.sum_mu / n, scale * avg.sum_sigma / n};
}

template <class G>
void run_one(const settings& o, const std::string& name, const G& g, const advdiv::mixture<advdiv::normal>& p,
             std::ofstream& csv) {
  const double lo = quantile(p, 0.005), hi = quantile(p, 0.995);
  const double centre = 0.5 * (lo + hi), scale = 0.5 * (hi - lo);
  double mean = 0, second = 0;
  for (std::size_t k = 0; k < o.weights.size(); ++k) {
    mean += o.weights[k] * o.means[k];
    second += o.weights[k] * (o.stds[k] * o.stds[k] + o.means[k] * o.means[k]);
  }
  const auto [mu_star, sigma_star] = exact_fit(o, p, g, mean, std::sqrt(second - mean * mean), lo, hi);
  const auto [mu, sigma] = adversarial_fit(o, p, g, centre, scale);
  std::printf("%s mu=%.4f sigma=%.4f mu*=%.4f sigma*=%.4f\n", name.c_str(), mu, sigma, mu_star, sigma_star);
  std::fflush(stdout);
  csv << name << ',' << mu << ',' << sigma << ',' << mu_star << ',' << sigma_star << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fit N(mu, sigma^2) to a normal mixture by each f-divergence, adversarially and exactly"};
  settings o;
  app.add_option("--weights", o.weights, "mixture weights w1,w2")->delimiter(',')->capture_default_str();
  app.add_option("--means", o.means, "component means m1,m2")->delimiter(',')->capture_default_str();
  app.add_option("--stds", o.stds, "component standard deviations s1,s2")->delimiter(',')->capture_default_str();
  app.add_option("--divergences", o.divergences,
                 "any of kl, reverse_kl, pearson, squared_hellinger, jensen_shannon, jeffreys, gan")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--steps", o.steps, "generator steps")->check(CLI::Range(8, 10000000))->capture_default_str();
  app.add_option("--critic-steps", o.critic_steps, "critic steps per generator step")->capture_default_str();
  app.add_option("--batch", o.batch, "batch size")->capture_default_str();
  app.add_option("--seed", o.seed, "seed")->capture_default_str();
  app.add_option("--csv", o.csv, "CSV output")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    if (o.weights.size() != o.means.size() || o.weights.size() != o.stds.size())
      throw std::invalid_argument("--weights, --means and --stds need the same number of entries");
    std::vector<advdiv::normal> parts;
    for (std::size_t k = 0; k < o.means.size(); ++k) parts.emplace_back(o.means[k], o.stds[k]);
    const advdiv::mixture<advdiv::normal> p(o.weights, parts);
    std::ofstream csv(o.csv);
    csv << "divergence,mu,sigma,mu_star,sigma_star\n";
    for (const std::string& name : o.divergences) {
      if (name == "kl") run_one(o, name, fd::kl{}, p, csv);
      else if (name == "reverse_kl") run_one(o, name, fd::reverse_kl{}, p, csv);
      else if (name == "pearson") run_one(o, name, fd::pearson{}, p, csv);
      else if (name == "squared_hellinger") run_one(o, name, fd::squared_hellinger{}, p, csv);
      else if (name == "jensen_shannon") run_one(o, name, fd::jensen_shannon{}, p, csv);
      else if (name == "jeffreys") run_one(o, name, fd::jeffreys{}, p, csv);
      else if (name == "gan") run_one(o, name, fd::gan{}, p, csv);
      else throw std::invalid_argument("unknown divergence '" + name + "'");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fgan_gaussian_fit: %s\n", e.what());
    return 1;
  }
  return 0;
}
