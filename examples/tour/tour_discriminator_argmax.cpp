// tour_discriminator_argmax: can the discriminator generate? (docs/tour.md, section 6)
//
// A discriminator D is trained (gan::fit_critic with gan::minimax, D = σ(v)) on samples of
// p_data against a fixed, broad p_G; its optimum is D* = p_data/(p_data + p_G), whose logit is
// log p_data − log p_G. Then x̃ = argmax D(x) is searched by gradient ascent on the input
// (the network's input gradient ∂v/∂x; σ is increasing, so the logit has the same maxima)
// from random starts spread uniformly over the interval holding 99% of (p_data + p_G)/2,
// each iterate kept inside that interval (outside it D saw no data). The same ascent is run on
// the exact logit. Prints the local maxima of the exact logit next to the modes of p_data,
// where the learned ascent ends (the clusters, their share of the starts and their spread), and
// how far the end points are from being a sample of p_data: W₁(end points, p_data) against
// W₁(a true sample of the same size, p_data), both against one large reference sample (exact
// 1-D W₁, advdiv::wasserstein_1d). Writes a CSV (x, p_data, p_G, D*, learned D, the share of
// the end points in each grid cell) and a PNG.
//
// --check fails (exit 1, naming the claim) unless: every cluster of learned end points with at
// least 5% of the starts sits within --location-tolerance of a local maximum of the exact
// logit; the spread (standard deviation) of each such cluster is at most --spread-factor times
// that of p_data over the same basin; W₁(end points, p_data) is at least --w1-factor times
// W₁(true sample, p_data); and the global maximum of D* is not at a mode of p_data (at least
// 0.1 from the nearest one).
//
//   ./build/examples/tour/tour_discriminator_argmax
//   ./build/examples/tour/tour_discriminator_argmax --gen "normal(1,1.5)"

#include "example_support.hpp"

#include <advdiv/advdiv.hpp>
#include <advdiv/gan.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
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
using row_t = Eigen::Matrix<double, 1, Eigen::Dynamic>;

struct settings {
  std::string data = "0.5*normal(-2,0.5)+0.5*normal(2,0.5)", gen = "normal(0.5,2)";
  std::size_t steps = 3000, batch = 256, starts = 1000, ascent_steps = 300, grid = 1501, reference = 20000;
  double learning_rate = 2e-3, ascent_rate = 0.1;
  std::uint64_t seed = 1;
  double location_tolerance = 0.15, spread_factor = 0.1, w1_factor = 5;
  bool check = false;
  std::string csv = "tour_discriminator_argmax.csv", png = "tour_discriminator_argmax.png";
};

// The critic sees (x − centre)/scale, so it is well conditioned wherever the pair lives; the
// input gradient in x is the network's divided by scale.
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

double sd_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double m = 0, s = 0;
  for (double x : v) m += x;
  m /= double(v.size());
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size() - 1));
}

// Local maxima of f on the grid x (interior points larger than both neighbours, and the ends
// when they exceed their neighbour), each refined by golden-section search on its two cells.
template <class F>
std::vector<double> local_maxima(const F& f, const std::vector<double>& x) {
  std::vector<double> fx(x.size()), out;
  for (std::size_t i = 0; i < x.size(); ++i) fx[i] = f(x[i]);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool left = i == 0 || fx[i] > fx[i - 1], right = i + 1 == x.size() || fx[i] >= fx[i + 1];
    if (!(left && right)) continue;
    double a = x[i == 0 ? 0 : i - 1], b = x[i + 1 == x.size() ? i : i + 1];
    const double g = 0.5 * (std::sqrt(5.0) - 1);
    for (int it = 0; it < 100; ++it) {
      const double c = b - g * (b - a), d = a + g * (b - a);
      if (f(c) > f(d))
        b = d;
      else
        a = c;
    }
    out.push_back(0.5 * (a + b));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Can the discriminator generate? Gradient ascent on D's input from random starts"};
  settings o;
  app.add_option("--data", o.data, "p_data, e.g. normal(0,1) or 0.5*normal(-2,0.5)+0.5*normal(2,0.5)")->capture_default_str();
  app.add_option("--gen", o.gen, "p_G (held fixed), same syntax")->capture_default_str();
  app.add_option("--steps", o.steps, "discriminator steps")->check(CLI::Range(4, 100000000))->capture_default_str();
  app.add_option("--batch", o.batch, "samples of each density per step")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--lr", o.learning_rate, "Adam learning rate (a tenth of it for the last quarter)")->capture_default_str();
  app.add_option("--starts", o.starts, "random starts of the ascent")->check(CLI::Range(2, 10000000))->capture_default_str();
  app.add_option("--ascent-steps", o.ascent_steps, "gradient-ascent steps")->capture_default_str();
  app.add_option("--ascent-rate", o.ascent_rate, "gradient-ascent step size on the logit")->capture_default_str();
  app.add_option("--reference", o.reference, "size of the reference sample of p_data for W1")->check(CLI::Range(2, 100000000))->capture_default_str();
  app.add_option("--grid", o.grid, "grid points over the 99% interval")->check(CLI::Range(11, 1000000))->capture_default_str();
  app.add_option("--seed", o.seed, "seed (initial weights, samples and starts)")->capture_default_str();
  app.add_option("--location-tolerance", o.location_tolerance, "--check: cluster to exact maximum distance")->capture_default_str();
  app.add_option("--spread-factor", o.spread_factor, "--check: cluster sd at most this times p_data's in its basin")->capture_default_str();
  app.add_option("--w1-factor", o.w1_factor, "--check: W1(end points) at least this times W1(true sample)")->capture_default_str();
  app.add_flag("--check", o.check, "exit 1 unless the claims of docs/tour.md section 6 hold");
  app.add_option("--csv", o.csv, "CSV output")->capture_default_str();
  app.add_option("--png", o.png, "PNG output (needs gnuplot; empty: none)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    const example::any_density p = example::parse(o.data), q = example::parse(o.gen);
    const advdiv::mixture<example::any_density> m({0.5, 0.5}, {p, q});
    const double lo = quantile(m, 0.005), hi = quantile(m, 0.995);
    const standardise s{0.5 * (lo + hi), 0.5 * (hi - lo)};

    critic_t critic(nn::glorot_uniform{5.0 / 3.0}, o.seed);
    nn::adam<double> fast({.learning_rate = o.learning_rate}), slow({.learning_rate = o.learning_rate / 10});
    const std::size_t first = o.steps - o.steps / 4;
    auto r = gan::fit_critic(critic, gan::minimax{}, sampler(p, s), sampler(q, s), fast,
                             {.steps = first, .batch_size = o.batch, .seed = o.seed});
    if (r.status != advdiv::solver_status::non_finite)
      r = gan::fit_critic(critic, gan::minimax{}, sampler(p, s), sampler(q, s), slow,
                          {.steps = o.steps - first, .batch_size = o.batch, .seed = o.seed + 1});
    if (r.status == advdiv::solver_status::non_finite) throw std::runtime_error("training stopped: " + r.message);

    auto exact_logit = [&](double x) { return log_pdf(p, x) - log_pdf(q, x); };
    std::vector<double> xg(o.grid);
    for (std::size_t i = 0; i < o.grid; ++i) xg[i] = lo + (hi - lo) * double(i) / double(o.grid - 1);
    const std::vector<double> maxima = local_maxima(exact_logit, xg);
    const std::vector<double> modes = local_maxima([&](double x) { return pdf(p, x); }, xg);
    const double global = *std::max_element(maxima.begin(), maxima.end(), [&](double a, double b) {
      return exact_logit(a) < exact_logit(b);
    });

    // Gradient ascent on the learned logit v(s(x)) from uniform starts, all starts as one batch.
    advdiv::random_engine rng = advdiv::random_engine(o.seed).substream(7);
    row_t x(1, Eigen::Index(o.starts)), x_exact;
    for (Eigen::Index j = 0; j < x.cols(); ++j) x(0, j) = advdiv::uniform_real(rng, lo, hi);
    const row_t starts = x;
    x_exact = x;
    for (std::size_t it = 0; it < o.ascent_steps; ++it) {
      const row_t sx = (x.array() - s.centre) / s.scale;
      const row_t g = critic.input_gradient(sx) / s.scale;
      x = (x + o.ascent_rate * g).cwiseMax(lo).cwiseMin(hi);
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double h = 1e-5, xe = x_exact(0, j);
        const double ge = (exact_logit(xe + h) - exact_logit(xe - h)) / (2 * h);
        x_exact(0, j) = std::clamp(xe + o.ascent_rate * ge, lo, hi);
      }
    }

    // Clusters: each learned end point belongs to the nearest exact local maximum.
    const std::size_t k = maxima.size();
    auto nearest = [&](double v) {
      std::size_t best = 0;
      for (std::size_t i = 1; i < k; ++i)
        if (std::abs(v - maxima[i]) < std::abs(v - maxima[best])) best = i;
      return best;
    };
    std::vector<std::vector<double>> cluster(k), exact_cluster(k);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      cluster[nearest(x(0, j))].push_back(x(0, j));
      exact_cluster[nearest(x_exact(0, j))].push_back(x_exact(0, j));
    }
    // p_data's spread over each basin of the exact ascent: a basin is the set of starts that
    // the exact ascent takes to that maximum; its boundaries are the local minima in between,
    // approximated by the midpoints between consecutive maxima's basins on the grid.
    std::vector<double> boundaries;
    {
      std::vector<std::size_t> basin_of(o.grid);
      for (std::size_t i = 0; i < o.grid; ++i) {
        double xe = xg[i];
        for (std::size_t it = 0; it < o.ascent_steps; ++it) {
          const double h = 1e-5;
          xe = std::clamp(xe + o.ascent_rate * (exact_logit(xe + h) - exact_logit(xe - h)) / (2 * h), lo, hi);
        }
        basin_of[i] = nearest(xe);
        if (i > 0 && basin_of[i] != basin_of[i - 1]) boundaries.push_back(0.5 * (xg[i] + xg[i - 1]));
      }
    }
    advdiv::random_engine ref_rng = advdiv::random_engine(o.seed).substream(8);
    std::vector<double> reference(o.reference), true_sample(o.starts);
    for (double& v : reference) v = sample(p, ref_rng);
    for (double& v : true_sample) v = sample(p, ref_rng);
    std::vector<std::vector<double>> data_in_basin(boundaries.size() + 1);
    for (double v : reference) {
      std::size_t b = 0;
      while (b < boundaries.size() && v > boundaries[b]) ++b;
      data_in_basin[b].push_back(v);
    }
    std::vector<double> ends(x.data(), x.data() + x.cols());
    const double w1_ends = advdiv::wasserstein_1d(ends, reference);
    const double w1_true = advdiv::wasserstein_1d(true_sample, reference);

    std::printf("p_data = %s\np_G    = %s (fixed)\nminimax discriminator 1-32-32-1 tanh, %zu steps of batch %zu, seed %llu\n",
                o.data.c_str(), o.gen.c_str(), o.steps, o.batch, static_cast<unsigned long long>(o.seed));
    std::printf("interval holding 99%% of (p_data + p_G)/2: [%.4f, %.4f]\n", lo, hi);
    std::printf("gradient ascent: %zu uniform starts, %zu steps of size %g on the logit\n", o.starts, o.ascent_steps,
                o.ascent_rate);
    std::printf("modes of p_data:");
    for (double v : modes) std::printf(" %.4f", v);
    std::printf("\nglobal maximum of D*: x = %.4f, D* = %.4f (nearest mode of p_data %.4f away)\n", global,
                1 / (1 + std::exp(-exact_logit(global))), [&] {
                  double d = HUGE_VAL;
                  for (double v : modes) d = std::min(d, std::abs(v - global));
                  return d;
                }());
    std::printf("%-12s %9s %9s %12s %12s %11s %11s %13s\n", "max of D*", "D*", "share", "exact share", "learned mean",
                "learned sd", "p_data sd", "p_data share");
    bool ok_location = true, ok_spread = true;
    for (std::size_t i = 0; i < k; ++i) {
      const double share = double(cluster[i].size()) / double(o.starts);
      double mean = 0;
      for (double v : cluster[i]) mean += v;
      mean = cluster[i].empty() ? NAN : mean / double(cluster[i].size());
      // The basin of maximum i in the order of the grid: maxima are found left to right, so
      // basin i of the exact ascent holds maximum i when every maximum has a basin.
      const std::size_t b = std::min(i, data_in_basin.size() - 1);
      const double data_sd = sd_of(data_in_basin[b]), sd = sd_of(cluster[i]);
      const double data_share = double(data_in_basin[b].size()) / double(o.reference);
      std::printf("%-12.4f %9.4f %9.3f %12.3f %12.4f %11.2e %11.4f %13.3f\n", maxima[i],
                  1 / (1 + std::exp(-exact_logit(maxima[i]))), share,
                  double(exact_cluster[i].size()) / double(o.starts), mean, sd, data_sd, data_share);
      if (share >= 0.05) {
        ok_location = ok_location && std::abs(mean - maxima[i]) <= o.location_tolerance;
        ok_spread = ok_spread && sd <= o.spread_factor * data_sd;
      }
    }
    std::printf("sd of all end points %.4f, of p_data %.4f\n", sd_of(ends), sd_of(reference));
    std::printf("W1(end points, p_data) %.4f   W1(true sample of %zu, p_data) %.4f   ratio %.1f\n", w1_ends, o.starts,
                w1_true, w1_ends / w1_true);

    // CSV on the grid: densities, D*, learned D, share of the end points per grid cell.
    std::vector<double> share_cell(o.grid, 0.0);
    const double cell = (hi - lo) / double(o.grid - 1);
    for (double v : ends)
      share_cell[std::min(o.grid - 1, std::size_t(std::lround((v - lo) / cell)))] += 1.0 / double(o.starts);
    row_t sx(1, Eigen::Index(o.grid));
    for (std::size_t i = 0; i < o.grid; ++i) sx(0, Eigen::Index(i)) = s(xg[i]);
    const row_t v = critic.forward(sx);
    std::ofstream out(o.csv);
    out << "x,p_data,p_g,d_star,d_learned,argmax_share\n";
    out.precision(10);
    for (std::size_t i = 0; i < o.grid; ++i)
      out << xg[i] << ',' << pdf(p, xg[i]) << ',' << pdf(q, xg[i]) << ',' << 1 / (1 + std::exp(-exact_logit(xg[i])))
          << ',' << advdiv::math::sigmoid(v(0, Eigen::Index(i))) << ',' << share_cell[i] << '\n';
    out.close();
    std::printf("wrote %s\n", o.csv.c_str());
    if (!o.png.empty()) {
      const std::string script =
          "set title " + example::gnuplot_quote("argmax of D by gradient ascent,  p_{data} = " + o.data + ",  p_G = " + o.gen) +
          "\nset xlabel 'x'\nset ylabel 'density / share of the argmax points'\nset y2label 'D'\nset ytics nomirror\n"
          "set y2tics\nset y2range [0:1.2]\nset yrange [0:*]\nset offsets 0, 0, graph 0.2, 0\nset key top right\nset grid\nset autoscale xfix\n"
          "plot " + example::gnuplot_quote(o.csv) +
          " using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'p_{data}', "
          "'' using 1:3 with lines lw 2 lc rgb '#ff7f0e' title 'p_G', "
          "'' using 1:4 axes x1y2 with lines lw 3 lc rgb '#2ca02c' title 'D* = p_{data}/(p_{data}+p_G)', "
          "'' using 1:5 axes x1y2 with lines lw 2 dt 2 lc rgb '#d62728' title 'learned D', "
          "'' using 1:($6 > 0 ? $6 : 1/0) with impulses lw 4 lc rgb '#000000' title 'share of the argmax points'\n";
      if (example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
    }

    if (o.check) {
      int failed = 0;
      auto claim = [&](bool ok, const char* what) {
        if (!ok) {
          std::printf("check failed: %s\n", what);
          ++failed;
        }
      };
      claim(ok_location, "every cluster of learned argmax points sits at a local maximum of the exact logit");
      claim(ok_spread, "every cluster of argmax points is far narrower than p_data over its basin");
      claim(w1_ends >= o.w1_factor * w1_true, "the argmax points are far from a sample of p_data in W1");
      double d = HUGE_VAL;
      for (double mo : modes) d = std::min(d, std::abs(mo - global));
      claim(d >= 0.1, "the global maximum of D* is not at a mode of p_data");
      if (failed) return 1;
      std::printf("check passed\n");
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tour_discriminator_argmax: %s\n", e.what());
    return 1;
  }
}
