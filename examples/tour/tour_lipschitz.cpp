// tour_lipschitz: Lipschitz critics, weight clipping against the gradient penalty
// (docs/tour.md, section 5).
//
// W₁(P, Q) = sup over 1-Lipschitz f of E_P[f] − E_Q[f] (Kantorovich–Rubinstein). In 1-D,
// integrating by parts, E_P[f] − E_Q[f] = ∫ f′(t)·(F_Q(t) − F_P(t)) dt, so the supremum is
// reached by f′ = sign(F_Q − F_P): the optimal potential is
//   f*(x) = ∫_{x0}^{x} sign(F_Q(t) − F_P(t)) dt   (any x0: f* is defined up to a constant),
// its slope is ±1 wherever the CDFs differ, and E_P[f*] − E_Q[f*] = ∫ |F_P − F_Q| = W₁.
//
// The program fits one critic per Lipschitz device on samples of P (p_data) and Q (p_G) with
// gan::fit_critic: gan::wasserstein with its weights clipped to [−c, c] (several c) and
// gan::wasserstein_gp (gradient penalty λ). For each it prints the dual value
// E_P[D] − E_Q[D] (by quadrature against the densities, no sampling noise) next to W₁, the
// sup-norm gap to f* over the interval holding 99% of (P + Q)/2 after the best constant shift
// and after the best scale and shift (the shape alone: a clipped critic is at most K(c)-
// Lipschitz, so only its shape can be right), and |D′| (the network's input gradient) over
// fresh samples of P and Q and where the CDFs differ. Writes a CSV (x, p, q, f*, F_Q − F_P,
// then each critic after the best shift, after the best scale and shift, and its slope) and
// a PNG.
//
// --check fails (exit 1, naming the claim) unless: the gradient-penalty critic's dual value is
// within --gp-tolerance of W₁ (relative), its mean |D′| where the CDFs differ is within
// [1 − s, 1 + s] with s = --slope-tolerance and the sign of D′ agrees with sign(F_Q − F_P) at
// 95% of those points; and every clipped critic with c ≤ 0.01 reaches less than
// --clip-factor·W₁ (small clipping under-estimates W₁ by that factor at least).
//
//   ./build/examples/tour/tour_lipschitz
//   ./build/examples/tour/tour_lipschitz --data "normal(-1,1)" --gen "normal(1,2)" --clips 0.05,0.5

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
constexpr int width = 32;
using critic_t = nn::mlp<double, nn::dense<1, width, nn::relu>, nn::dense<width, width, nn::relu>, nn::dense<width, 1>>;
using batch_t = critic_t::input_batch;
using row_t = Eigen::Matrix<double, 1, Eigen::Dynamic>;

struct settings {
  std::string data = "0.5*normal(-2,0.5)+0.5*normal(2,0.5)", gen = "normal(0,1)";
  std::vector<double> clips{0.001, 0.01, 0.1};
  double lambda = 10, learning_rate = 1e-3, clip_learning_rate = 5e-4, init_gain = 1.4142135623730951;
  std::size_t steps = 2000, batch = 256, grid = 801;
  std::uint64_t seed = 1;
  double gp_tolerance = 0.1, slope_tolerance = 0.15, clip_factor = 0.01;
  bool check = false;
  std::string csv = "tour_lipschitz.csv", png = "tour_lipschitz.png";
};

auto sampler(const example::any_density& d) {
  return [&d](advdiv::random_engine& rng, std::size_t n) {
    batch_t x(1, static_cast<Eigen::Index>(n));
    for (auto& v : x.reshaped()) v = sample(d, rng);
    return x;
  };
}

// min over b of max_i |a·D_i + b − f_i| = (max(aD − f) − min(aD − f))/2.
double gap_after_shift(const row_t& d, const std::vector<double>& f, double a) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double r = a * d(0, Eigen::Index(i)) - f[i];
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  return 0.5 * (hi - lo);
}

// The best scale a of min over (a, b) of max_i |a·D_i + b − f_i|: the gap is a convex function
// of a (a maximum of affine functions), so a ternary search on a bracket finds it.
double best_scale(const row_t& d, const std::vector<double>& f) {
  const double range_d = d.maxCoeff() - d.minCoeff();
  const auto [fmin, fmax] = std::minmax_element(f.begin(), f.end());
  if (!(range_d > 0)) return 1.0;
  double hi = 4 * (*fmax - *fmin) / range_d + 1, lo = -hi;
  for (int it = 0; it < 200; ++it) {
    const double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
    if (gap_after_shift(d, f, m1) < gap_after_shift(d, f, m2))
      hi = m2;
    else
      lo = m1;
  }
  return 0.5 * (lo + hi);
}

// With zero biases every first-layer unit relu(w·x) has its kink at x = 0 and the critic is
// two rays from the origin; place unit j's kink at a uniform point of [lo, hi] instead
// (b_j = −w_j·k_j), so the critic starts piecewise linear over the whole data range.
void spread_kinks(critic_t& critic, double lo, double hi, std::uint64_t seed) {
  advdiv::random_engine rng(seed + 500);
  auto w = critic.weights<0>();
  auto b = critic.bias<0>();
  for (int j = 0; j < width; ++j) b(j) = -w(j, 0) * advdiv::uniform_real(rng, lo, hi);
}

struct report {
  std::string name;
  double lipschitz_bound;  // bound on the critic's Lipschitz constant (∞ for the penalty)
  double dual;             // E_P[D] − E_Q[D]
  double gap_shift, gap_scale, scale;
  double mean_slope, max_slope, mean_slope_differ, sign_agree;
  row_t on_grid, slope_on_grid;
  double shift, scaled_shift;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Lipschitz critics: weight clipping against the gradient penalty, against the optimal W1 potential"};
  settings o;
  app.add_option("--data", o.data, "P (p_data), e.g. normal(0,1) or 0.5*normal(-2,0.5)+0.5*normal(2,0.5)")->capture_default_str();
  app.add_option("--gen", o.gen, "Q (p_G), same syntax")->capture_default_str();
  app.add_option("--clips", o.clips, "clip values c of the WGAN critics")->delimiter(',')->capture_default_str();
  app.add_option("--lambda", o.lambda, "gradient-penalty weight")->capture_default_str();
  app.add_option("--steps", o.steps, "critic steps of each fit")->check(CLI::Range(1, 100000000))->capture_default_str();
  app.add_option("--batch", o.batch, "samples of P and of Q per step")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--lr", o.learning_rate, "Adam learning rate of the gradient-penalty critic")->capture_default_str();
  app.add_option("--clip-lr", o.clip_learning_rate, "RMSProp learning rate of the clipped critics")->capture_default_str();
  app.add_option("--init-gain", o.init_gain, "He-normal gain of the penalty critic's initial weights")->capture_default_str();
  app.add_option("--grid", o.grid, "grid points over the 99% interval")->check(CLI::Range(11, 1000000))->capture_default_str();
  app.add_option("--seed", o.seed, "seed (initial weights and samples)")->capture_default_str();
  app.add_option("--gp-tolerance", o.gp_tolerance, "--check: |dual − W1| ≤ this·W1 for the penalty critic")->capture_default_str();
  app.add_option("--slope-tolerance", o.slope_tolerance, "--check: mean |D'| where the CDFs differ within 1 ± this")->capture_default_str();
  app.add_option("--clip-factor", o.clip_factor, "--check: a critic clipped at c ≤ 0.01 reaches less than this·W1")->capture_default_str();
  app.add_flag("--check", o.check, "exit 1 unless the claims of docs/tour.md section 5 hold");
  app.add_option("--csv", o.csv, "CSV output")->capture_default_str();
  app.add_option("--png", o.png, "PNG output (needs gnuplot; empty: none)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    const example::any_density p = example::parse(o.data), q = example::parse(o.gen);
    const advdiv::mixture<example::any_density> m({0.5, 0.5}, {p, q});
    const double lo = quantile(m, 0.005), hi = quantile(m, 0.995);

    // W₁ twice: ∫|F_P − F_Q| by Simpson's rule on a fine grid over the range holding all but
    // 2e-9 of the mass (the reference: its integrand is continuous), and the transport layer's
    // tanh-sinh quadrature of |F_P⁻¹ − F_Q⁻¹| (printed as a cross-check; a quantile that jumps
    // across the gap of a well-separated mixture makes it less accurate).
    const double w1_quantile = advdiv::wasserstein_1d(p, q);
    const double qlo = quantile(m, 1e-9), qhi = quantile(m, 1 - 1e-9);
    const int nq = 20001;  // odd, for Simpson
    const double hq = (qhi - qlo) / (nq - 1);
    row_t xq(1, nq);
    std::vector<double> simpson(nq), pq(nq);
    double w1 = 0;
    for (int i = 0; i < nq; ++i) {
      const double x = qlo + hq * i;
      xq(0, i) = x;
      simpson[i] = hq / 3 * (i == 0 || i == nq - 1 ? 1 : i % 2 ? 4 : 2);
      pq[i] = pdf(p, x) - pdf(q, x);
      w1 += simpson[i] * std::abs(cdf(p, x) - cdf(q, x));
    }

    // f* on the grid of the 99% interval: slope sign(F_Q − F_P) at each cell's midpoint.
    const std::size_t n = o.grid;
    row_t xg(1, Eigen::Index(n));
    std::vector<double> fstar(n), cdf_gap(n);
    for (std::size_t i = 0; i < n; ++i) {
      xg(0, Eigen::Index(i)) = lo + (hi - lo) * double(i) / double(n - 1);
      cdf_gap[i] = cdf(q, xg(0, Eigen::Index(i))) - cdf(p, xg(0, Eigen::Index(i)));
    }
    fstar[0] = 0;
    for (std::size_t i = 1; i < n; ++i) {
      const double a = xg(0, Eigen::Index(i - 1)), b = xg(0, Eigen::Index(i)), mid = 0.5 * (a + b);
      const double s = cdf(q, mid) - cdf(p, mid);
      fstar[i] = fstar[i - 1] + (s > 0 ? 1 : s < 0 ? -1 : 0) * (b - a);
    }
    const double gap_max = std::abs(*std::max_element(cdf_gap.begin(), cdf_gap.end(),
                                                      [](double a, double b) { return std::abs(a) < std::abs(b); }));
    // "Where the CDFs differ": |F_Q − F_P| at least a tenth of its largest value.
    std::vector<char> differ(n);
    for (std::size_t i = 0; i < n; ++i) differ[i] = std::abs(cdf_gap[i]) >= 0.1 * gap_max;

    advdiv::random_engine eval_rng(o.seed + 1000);
    const batch_t data_p = sampler(p)(eval_rng, 10000), data_q = sampler(q)(eval_rng, 10000);
    batch_t data(1, data_p.cols() + data_q.cols());
    data << data_p, data_q;

    auto evaluate = [&](critic_t& critic, std::string name, double bound) {
      report r;
      r.name = std::move(name);
      r.lipschitz_bound = bound;
      const row_t dq = critic.forward(xq);
      r.dual = 0;
      for (int i = 0; i < nq; ++i) r.dual += simpson[i] * dq(0, i) * pq[i];
      r.on_grid = critic.forward(xg);
      r.gap_shift = gap_after_shift(r.on_grid, fstar, 1.0);
      r.scale = best_scale(r.on_grid, fstar);
      r.gap_scale = gap_after_shift(r.on_grid, fstar, r.scale);
      auto shift_of = [&](double a) {
        double l = HUGE_VAL, h = -HUGE_VAL;
        for (std::size_t i = 0; i < n; ++i) {
          l = std::min(l, a * r.on_grid(0, Eigen::Index(i)) - fstar[i]);
          h = std::max(h, a * r.on_grid(0, Eigen::Index(i)) - fstar[i]);
        }
        return -0.5 * (l + h);
      };
      r.shift = shift_of(1.0);
      r.scaled_shift = shift_of(r.scale);
      const row_t slope_data = critic.input_gradient(data).cwiseAbs();
      r.mean_slope = slope_data.mean();
      r.max_slope = slope_data.maxCoeff();
      r.slope_on_grid = critic.input_gradient(xg);
      double sum = 0, agree = 0, count = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (differ[i]) {
          const double s = r.slope_on_grid(0, Eigen::Index(i));
          sum += std::abs(s);
          agree += (s > 0) == (cdf_gap[i] > 0);
          ++count;
        }
      r.mean_slope_differ = sum / count;
      r.sign_agree = agree / count;
      return r;
    };

    std::vector<report> reports;
    for (std::size_t k = 0; k < o.clips.size(); ++k) {
      const double c = o.clips[k];
      critic_t critic(nn::he_normal{}, o.seed);
      nn::rmsprop<double> opt({.learning_rate = o.clip_learning_rate});
      const auto r = gan::fit_critic(critic, gan::wasserstein{.clip = c}, sampler(p), sampler(q), opt,
                                     {.steps = o.steps, .batch_size = o.batch, .seed = o.seed + 10 * k});
      if (r.status == advdiv::solver_status::non_finite) throw std::runtime_error("clip training: " + r.message);
      // ‖W‖₂ ≤ c·√(rows·cols) for each layer; relu is 1-Lipschitz.
      const double bound = c * std::sqrt(width) * c * width * c * std::sqrt(width);
      char name[32];
      std::snprintf(name, sizeof name, "clip %g", c);
      reports.push_back(evaluate(critic, name, bound));
    }
    {
      critic_t critic(nn::he_normal{o.init_gain}, o.seed);
      spread_kinks(critic, lo, hi, o.seed);
      nn::adam<double> opt({.learning_rate = o.learning_rate, .beta1 = 0.0, .beta2 = 0.9});
      const auto r = gan::fit_critic(critic, gan::wasserstein_gp{.lambda = o.lambda}, sampler(p), sampler(q), opt,
                                     {.steps = o.steps, .batch_size = o.batch, .seed = o.seed + 7});
      if (r.status == advdiv::solver_status::non_finite) throw std::runtime_error("penalty training: " + r.message);
      char name[32];
      std::snprintf(name, sizeof name, "gp %g", o.lambda);
      reports.push_back(evaluate(critic, name, HUGE_VAL));
    }

    std::printf("P = %s\nQ = %s\n%zu critic steps of batch %zu, seed %llu; critic 1-%d-%d-1 relu\n", o.data.c_str(),
                o.gen.c_str(), o.steps, o.batch, static_cast<unsigned long long>(o.seed), width, width);
    std::printf("interval holding 99%% of (P + Q)/2: [%.4f, %.4f]\n", lo, hi);
    std::printf("W1 %.6f (integral of |F_P - F_Q|; the transport layer's quantile quadrature: %.6f)\n", w1, w1_quantile);
    std::printf("%-10s %10s %10s %8s %10s %10s %10s %10s %10s %10s %8s\n", "critic", "lip_bound", "dual", "dual/W1",
                "gap_shift", "gap_scaled", "scale", "mean|D'|", "max|D'|", "|D'|differ", "sign_ok");
    for (const auto& r : reports)
      std::printf("%-10s %10.3g %10.4g %8.3g %10.4f %10.4f %10.4g %10.4g %10.4g %10.4g %8.3f\n", r.name.c_str(),
                  r.lipschitz_bound, r.dual, r.dual / w1, r.gap_shift, r.gap_scale, r.scale, r.mean_slope, r.max_slope,
                  r.mean_slope_differ, r.sign_agree);

    std::ofstream out(o.csv);
    out << "x,p,q,f_star,cdf_gap";
    for (const auto& r : reports) out << ',' << r.name << " shifted," << r.name << " scaled," << r.name << " slope";
    out << '\n';
    out.precision(10);
    for (std::size_t i = 0; i < n; ++i) {
      const Eigen::Index j = Eigen::Index(i);
      out << xg(0, j) << ',' << pdf(p, xg(0, j)) << ',' << pdf(q, xg(0, j)) << ',' << fstar[i] << ',' << cdf_gap[i];
      for (const auto& r : reports)
        out << ',' << r.on_grid(0, j) + r.shift << ',' << r.scale * r.on_grid(0, j) + r.scaled_shift << ','
            << std::abs(r.slope_on_grid(0, j));
      out << '\n';
    }
    out.close();
    std::printf("wrote %s\n", o.csv.c_str());

    if (!o.png.empty()) {
      static const char* colours[] = {"#9467bd", "#ff7f0e", "#2ca02c", "#d62728", "#8c564b", "#e377c2"};
      auto curves = [&](int offset) {
        std::string s = "plot " + example::gnuplot_quote(o.csv) +
                        " using 1:4 with lines lw 4 lc rgb '#1f77b4' title 'f* (optimal)'";
        for (std::size_t k = 0; k < reports.size(); ++k)
          s += ", '' using 1:" + std::to_string(6 + 3 * k + offset) + " with lines lw 2 lc rgb '" + colours[k % 6] +
               "' title " + example::gnuplot_quote(reports[k].name);
        return s + "\n";
      };
      std::string slopes = "plot ";
      for (std::size_t k = 0; k < reports.size(); ++k)
        slopes += (k ? ", '' using 1:" : example::gnuplot_quote(o.csv) + " using 1:") + std::to_string(8 + 3 * k) +
                  " with lines lw 2 lc rgb '" + colours[k % 6] + "' title " + example::gnuplot_quote(reports[k].name);
      slopes += ", 1 with lines dt 2 lc rgb 'black' title '1'\n";
      const std::string script =
          "set terminal pngcairo size 1440,500 font 'sans,11'\nset output " + example::gnuplot_quote(o.png) +
          "\nset multiplot layout 1,3 title " +
          example::gnuplot_quote("W_1 critics,  P = " + o.data + ",  Q = " + o.gen) +
          "\nset grid\nset autoscale xfix\nset key top center maxrows 3\nset xlabel 'x'\n"
          "set offsets 0, 0, graph 0.3, 0\n"
          "set title 'critic + best constant'\n" + curves(0) +
          "set title 'best scale and constant (the shape)'\n" + curves(1) +
          "set title '|dD/dx|'\nset offsets 0, 0, 0, 0\nset logscale y\nset yrange [1e-8:1e5]\nset format y '10^{%L}'\n" +
          slopes + "unset multiplot\n";
      if (example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
    }

    if (o.check) {
      int failed = 0;
      auto claim = [&](bool ok, const std::string& what) {
        if (!ok) {
          std::printf("check failed: %s\n", what.c_str());
          ++failed;
        }
      };
      const report& gp = reports.back();
      claim(std::abs(gp.dual - w1) <= o.gp_tolerance * w1, "the penalty critic's dual value is within the tolerance of W1");
      claim(std::abs(gp.mean_slope_differ - 1) <= o.slope_tolerance, "the penalty critic's mean |D'| where the CDFs differ is near 1");
      claim(gp.sign_agree >= 0.95, "the penalty critic's slope has the sign of F_Q - F_P where the CDFs differ");
      for (std::size_t k = 0; k < o.clips.size(); ++k)
        claim(reports[k].max_slope <= reports[k].lipschitz_bound, reports[k].name + " keeps |D'| within its Lipschitz bound");
      for (std::size_t k = 0; k < o.clips.size(); ++k)
        if (o.clips[k] <= 0.01)
          claim(reports[k].dual < o.clip_factor * w1, reports[k].name + " under-estimates W1 by the stated factor");
      if (failed) return 1;
      std::printf("check passed\n");
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tour_lipschitz: %s\n", e.what());
    return 1;
  }
}
