// tour_disjoint_supports: JS fails on disjoint supports; Wasserstein does not (docs/tour.md,
// section 3). The WGAN paper's Example 1 (Arjovsky, Chintala, Bottou 2017):
//
//   P = δ₀ × U[0, 1],  Q_θ = δ_θ × U[0, 1]  in the plane:
//   JS(P‖Q_θ) = log 2 and KL(P‖Q_θ) = +inf for every θ ≠ 0, both 0 at θ = 0; W₁(P, Q_θ) = |θ|,
//
// and its 1-D version P = U[0, 1], Q_θ = U[θ, θ + 1]: JS = min(|θ|, 1)·log 2 (log 2 as soon as
// the supports are disjoint, |θ| ≥ 1), KL = +inf for θ ≠ 0, W₁ = |θ|. Every value comes from
// the library: the plane's measures are n atoms each (the u-coordinates on a midpoint grid), JS
// and KL by advdiv::js / advdiv::kl on their masses over the union of the atoms, W₁ by exact
// transport (advdiv::emd, Euclidean ground metric); the 1-D pair by the density layer
// (advdiv::js, advdiv::kl) and advdiv::wasserstein_1d on quantile grids. Gradients in θ by
// central finite differences.
//
// Then a generator x = μ + σ·z, z ~ U(0, 1) (so p_G = U[μ, μ + σ]), starts at μ = 4, σ = 1,
// disjoint from p_data = U[0, 1], and is trained by gan::train with the original minimax
// objective, the non-saturating one, WGAN (weight clipping) and WGAN-GP, the same critic
// architecture and the same plain-SGD generator steps (so a step is proportional to the gradient
// that reaches G): the table shows which generator moves. WGAN-GP's λ is 0.3, not the paper's
// 10: in 1-D a critic must pass through slope 0 to turn round, which the penalty charges λ per
// sample for, so with a large λ a generator that overshoots the data is never called back
// (docs/tour.md, section 3).
//
//   ./build/examples/tour/tour_disjoint_supports
//   ./build/examples/tour/tour_disjoint_supports --start 2 --steps 600 --check

#include "example_support.hpp"

#include <advdiv/advdiv.hpp>
#include <advdiv/gan.hpp>
#include <advdiv/nn.hpp>
#include <advdiv/transport.hpp>

#include <Eigen/Dense>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;
using critic_t = nn::mlp<double, nn::dense<1, 32, nn::tanh>, nn::dense<32, 32, nn::tanh>, nn::dense<32, 1>>;
using batch_t = critic_t::input_batch;

struct settings {
  std::size_t atoms = 100, thetas = 81, steps = 400, critic_steps = 5, batch = 64;
  double theta_max = 2.0, h = 1e-3, start = 4.0, lr_g = 0.02, lr_d = 5e-3, lambda = 0.3, clip = 0.1;
  std::uint64_t seed = 1;
  std::string csv = "tour_disjoint_supports.csv", png = "tour_disjoint_supports.png";
  bool check = false;
};

// What --check asserts (and docs/tour.md quotes).
constexpr double value_tolerance = 1e-9;      // JS, W1 against their closed forms
constexpr double wgan_final_w1 = 0.25;        // WGAN's and WGAN-GP's W1 to p_data at the end, at most
constexpr double minimax_min_w1 = 3.5;        // the minimax generator's W1 at the end, at least

// The plane: P = δ₀ × U[0,1], Q_θ = δ_θ × U[0,1], each as n atoms (x, u_j), u_j = (j + ½)/n.
Eigen::MatrixXd atoms(double x, std::size_t n) {
  Eigen::MatrixXd a(2, static_cast<Eigen::Index>(n));
  for (std::size_t j = 0; j < n; ++j) a.col(static_cast<Eigen::Index>(j)) << x, (j + 0.5) / static_cast<double>(n);
  return a;
}

// The masses of two atomic measures over the union of their atoms (atoms at the same point are
// one atom): what the discrete divergences take.
std::pair<std::vector<double>, std::vector<double>> on_union(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y) {
  std::map<std::pair<double, double>, std::size_t> index;
  std::vector<double> p, q;
  const auto add = [&](const Eigen::MatrixXd& Z, bool first) {
    for (Eigen::Index j = 0; j < Z.cols(); ++j) {
      const auto [it, fresh] = index.try_emplace({Z(0, j), Z(1, j)}, p.size());
      if (fresh) p.push_back(0), q.push_back(0);
      (first ? p : q)[it->second] += 1.0 / static_cast<double>(Z.cols());
    }
  };
  add(X, true);
  add(Y, false);
  return {p, q};
}

struct plane_values {
  double js, kl, w1;
};
plane_values plane(double theta, std::size_t n) {
  const Eigen::MatrixXd X = atoms(0.0, n), Y = atoms(theta, n);
  const auto [p, q] = on_union(X, Y);
  const std::vector<double> a(n, 1.0 / static_cast<double>(n));
  return {advdiv::js(p, q), advdiv::kl(p, q), advdiv::emd(a, a, X, Y, advdiv::ground_metric::euclidean).cost};
}

// The 1-D pair: U[0,1] against U[θ, θ+1] by the density layer; W1 on midpoint quantile grids.
struct line_values {
  double js, kl, w1;
};
line_values line(double theta, std::size_t n) {
  const advdiv::uniform p{0, 1}, q{theta, theta + 1};
  std::vector<double> x(n), y(n);
  for (std::size_t j = 0; j < n; ++j) {
    x[j] = quantile(p, (j + 0.5) / static_cast<double>(n));
    y[j] = quantile(q, (j + 0.5) / static_cast<double>(n));
  }
  return {advdiv::js(p, q).value, advdiv::kl(p, q).value, advdiv::wasserstein_1d(x, y)};
}

// W1 and JS between p_data = U[0,1] and the generator's U[μ, μ+σ] (σ > 0), by the library.
std::pair<double, double> distance_to_data(double mu, double sigma) {
  const advdiv::uniform p{0, 1}, q{mu, mu + sigma};
  std::vector<double> x(2000), y(2000);
  for (std::size_t j = 0; j < x.size(); ++j) {
    x[j] = quantile(p, (j + 0.5) / 2000.0);
    y[j] = quantile(q, (j + 0.5) / 2000.0);
  }
  return {advdiv::wasserstein_1d(x, y), advdiv::js(p, q).value};
}

struct track {
  std::vector<std::size_t> step;
  std::vector<double> mu, sigma, w1, js;
  std::size_t every = 25;
  template <class S>
  void on_step_end(const S& s) {
    if (s.step % every != 0) return;
    record(s.step, s.generator.mu(), s.generator.sigma());
  }
  void record(std::size_t k, double m, double sd) {
    const auto [w, j] = distance_to_data(m, sd);
    step.push_back(k), mu.push_back(m), sigma.push_back(sd), w1.push_back(w), js.push_back(j);
  }
};

template <class O>
track train_one(const settings& o, const O& objective, nn::adam_options critic_options) {
  auto data = [](advdiv::random_engine& rng, std::size_t n) {
    batch_t x(1, static_cast<Eigen::Index>(n));
    for (auto& v : x.reshaped()) v = advdiv::uniform01(rng);
    return x;
  };
  auto noise = data;  // z ~ U(0, 1)
  gan::location_scale<double> G(o.start, 1.0);
  critic_t D(nn::glorot_uniform{5.0 / 3.0}, o.seed);
  nn::sgd<double> opt_g({.learning_rate = o.lr_g});
  nn::adam<double> opt_d(critic_options);
  track t;
  t.record(0, G.mu(), G.sigma());
  const auto r = gan::train(G, D, objective, data, noise, opt_g, opt_d,
                            {.steps = o.steps, .discriminator_steps = o.critic_steps, .batch_size = o.batch, .seed = o.seed},
                            t);
  if (r.status == advdiv::solver_status::non_finite) std::printf("training stopped: %s\n", r.message.c_str());
  if (t.step.back() != r.steps) t.record(r.steps, G.mu(), G.sigma());
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"JS fails on disjoint supports, Wasserstein does not: the WGAN paper's Example 1, and training from a disjoint start"};
  settings o;
  app.add_option("--atoms", o.atoms, "atoms per measure in the plane (and quantile points on the line)")->check(CLI::Range(2, 100000))->capture_default_str();
  app.add_option("--thetas", o.thetas, "grid points for theta in [-max, max]")->check(CLI::Range(3, 100000))->capture_default_str();
  app.add_option("--theta-max", o.theta_max, "largest |theta|")->capture_default_str();
  app.add_option("--h", o.h, "finite-difference step")->capture_default_str();
  app.add_option("--start", o.start, "the generator's starting location mu (p_G = U[mu, mu + 1])")->capture_default_str();
  app.add_option("--steps", o.steps, "generator steps")->check(CLI::Range(1, 10000000))->capture_default_str();
  app.add_option("--critic-steps", o.critic_steps, "critic steps per generator step")->capture_default_str();
  app.add_option("--batch", o.batch, "batch size")->capture_default_str();
  app.add_option("--lr-g", o.lr_g, "the generator's SGD learning rate")->capture_default_str();
  app.add_option("--lr-d", o.lr_d, "the critic's Adam learning rate")->capture_default_str();
  app.add_option("--lambda", o.lambda, "WGAN-GP's penalty weight")->capture_default_str();
  app.add_option("--clip", o.clip, "WGAN's weight clip")->capture_default_str();
  app.add_option("--seed", o.seed, "seed")->capture_default_str();
  app.add_option("--csv", o.csv, "CSV output (and PREFIX_train.csv)")->capture_default_str();
  app.add_option("--png", o.png, "PNG output (needs gnuplot; empty: none)")->capture_default_str();
  app.add_flag("--check", o.check, "exit non-zero unless the claims of docs/tour.md section 3 hold");
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> failures;
  const auto require = [&](bool ok, const std::string& what) {
    if (!ok) failures.push_back(what);
  };
  const double ln2 = std::numbers::ln2;

  // θ on a grid that holds 0; gradients by central differences (θ ± h).
  std::ofstream out(o.csv);
  out << "theta,js_plane,kl_plane_finite,w1_plane,djs_plane,dw1_plane,js_line,w1_line,djs_line,dw1_line\n";
  out.precision(12);
  std::printf("The WGAN paper's Example 1 (plane, %zu atoms each) and the 1-D pair U[0,1] vs U[theta, theta+1]\n\n",
              o.atoms);
  std::printf("%7s | %10s %6s %10s %10s %10s | %10s %6s %10s %10s %10s\n", "theta", "JS", "KL", "W1", "dJS/dth",
              "dW1/dth", "JS (1-D)", "KL", "W1 (1-D)", "dJS/dth", "dW1/dth");
  double worst_js_gradient_plane = 0, worst_js_gradient_line = 0;
  for (std::size_t i = 0; i < o.thetas; ++i) {
    const double th = -o.theta_max + 2 * o.theta_max * static_cast<double>(i) / static_cast<double>(o.thetas - 1);
    const plane_values a = plane(th, o.atoms), ap = plane(th + o.h, o.atoms), am = plane(th - o.h, o.atoms);
    const line_values b = line(th, o.atoms), bp = line(th + o.h, o.atoms), bm = line(th - o.h, o.atoms);
    const double djs = (ap.js - am.js) / (2 * o.h), dw1 = (ap.w1 - am.w1) / (2 * o.h);
    const double djs1 = (bp.js - bm.js) / (2 * o.h), dw11 = (bp.w1 - bm.w1) / (2 * o.h);
    const bool zero = std::abs(th) < 1e-12;
    if (!zero && std::abs(th) > o.h) worst_js_gradient_plane = std::max(worst_js_gradient_plane, std::abs(djs));
    if (std::abs(th) > 1 + o.h) worst_js_gradient_line = std::max(worst_js_gradient_line, std::abs(djs1));
    require(std::abs(a.js - (zero ? 0.0 : ln2)) < value_tolerance, "plane: JS != log 2 at theta = " + std::to_string(th));
    require(zero ? a.kl == 0 : std::isinf(a.kl), "plane: KL is not +inf at theta = " + std::to_string(th));
    require(std::abs(a.w1 - std::abs(th)) < value_tolerance, "plane: W1 != |theta| at theta = " + std::to_string(th));
    require(std::abs(b.js - std::min(std::abs(th), 1.0) * ln2) < value_tolerance,
            "line: JS != min(|theta|, 1) log 2 at theta = " + std::to_string(th));
    require(zero ? b.kl == 0 : std::isinf(b.kl), "line: KL is not +inf at theta = " + std::to_string(th));
    require(std::abs(b.w1 - std::abs(th)) < value_tolerance, "line: W1 != |theta| at theta = " + std::to_string(th));
    if (!zero) require(std::abs(std::abs(dw1) - 1) < 1e-6, "plane: |dW1/dtheta| != 1 at theta = " + std::to_string(th));
    if (i % 8 == 0 || zero)
      std::printf("%7.3f | %10.6f %6g %10.6f %10.2e %10.6f | %10.6f %6g %10.6f %10.6f %10.6f\n", th, a.js, a.kl, a.w1,
                  djs, dw1, b.js, b.kl, b.w1, djs1, dw11);
    out << th << ',' << a.js << ',' << (std::isinf(a.kl) ? std::string("") : std::to_string(a.kl)) << ',' << a.w1 << ','
        << djs << ',' << dw1 << ',' << b.js << ',' << b.w1 << ',' << djs1 << ',' << dw11 << '\n';
  }
  out.close();
  require(worst_js_gradient_plane == 0, "plane: the JS gradient is not 0 at every theta != 0");
  require(worst_js_gradient_line == 0, "line: the JS gradient is not 0 where the supports are disjoint");
  std::printf("\nlargest |dJS/dtheta| over theta != 0 (plane): %.1e; over |theta| > 1 (1-D): %.1e\n",
              worst_js_gradient_plane, worst_js_gradient_line);

  // Training from the disjoint start: the same critic, the same generator steps, three objectives.
  const track mm = train_one(o, gan::minimax{}, {.learning_rate = o.lr_d, .beta1 = 0.5});
  const track ns = train_one(o, gan::non_saturating{}, {.learning_rate = o.lr_d, .beta1 = 0.5});
  const track wc = train_one(o, gan::wasserstein{.clip = o.clip}, {.learning_rate = o.lr_d, .beta1 = 0.0, .beta2 = 0.9});
  const track wg = train_one(o, gan::wasserstein_gp{.lambda = o.lambda}, {.learning_rate = o.lr_d, .beta1 = 0.0, .beta2 = 0.9});
  std::printf("\ntraining p_G = U[mu, mu + sigma] from mu = %g, sigma = 1 against p_data = U[0,1]: %zu generator steps\n"
              "(plain SGD, rate %g), %zu critic steps each (Adam, rate %g), batch %zu, seed %llu\n\n",
              o.start, o.steps, o.lr_g, o.critic_steps, o.lr_d, o.batch, static_cast<unsigned long long>(o.seed));
  std::printf("%6s | %-17s | %-17s | %-17s | %-17s\n", "", "minimax (orig.)", "non-saturating", "WGAN (clip)",
              "WGAN-GP");
  std::printf("%6s |", "step");
  for (int k = 0; k < 4; ++k) std::printf(" %8s %8s |", "mu", "W1");
  std::printf("\n");
  const std::string train_csv = o.csv.substr(0, o.csv.rfind('.')) + "_train.csv";
  std::ofstream tr(train_csv);
  tr << "step,mu_minimax,w1_minimax,mu_non_saturating,w1_non_saturating,mu_wgan_clip,w1_wgan_clip,mu_wgan_gp,w1_wgan_gp\n";
  const track* runs[] = {&mm, &ns, &wc, &wg};
  for (std::size_t k = 0; k < wg.step.size(); ++k) {
    tr << wg.step[k];
    for (const track* r : runs) tr << ',' << r->mu[k] << ',' << r->w1[k];
    tr << '\n';
    if (k % 2 != 0 && k + 1 != wg.step.size()) continue;
    std::printf("%6zu |", wg.step[k]);
    for (const track* r : runs) std::printf(" %8.4f %8.4f |", r->mu[k], r->w1[k]);
    std::printf("\n");
  }
  tr.close();
  std::printf("\nfinal sigma: minimax %.4f, non-saturating %.4f, WGAN (clip) %.4f, WGAN-GP %.4f\n", mm.sigma.back(),
              ns.sigma.back(), wc.sigma.back(), wg.sigma.back());
  std::printf("final JS(p_data||p_G): minimax %.6f, non-saturating %.6f, WGAN (clip) %.6f, WGAN-GP %.6f (log 2 = %.6f)\n",
              mm.js.back(), ns.js.back(), wc.js.back(), wg.js.back(), ln2);
  require(wc.w1.back() <= wgan_final_w1, "WGAN's W1 to p_data did not fall below " + std::to_string(wgan_final_w1));
  require(wg.w1.back() <= wgan_final_w1, "WGAN-GP's W1 to p_data did not fall below " + std::to_string(wgan_final_w1));
  require(mm.w1.back() >= minimax_min_w1, "the minimax generator moved (W1 below " + std::to_string(minimax_min_w1) + ")");
  std::printf("wrote %s\n", o.csv.c_str());

  if (!o.png.empty()) {
    const std::string c = example::gnuplot_quote(o.csv), t = example::gnuplot_quote(train_csv);
    const std::string script =
        "set multiplot layout 1,3\nset grid\nset key top center\nset xlabel '{/Symbol q}'\n"
        "set title \"Example 1: {/Symbol d}_0 x U[0,1] vs {/Symbol d}_{/Symbol q} x U[0,1]\\nKL = +inf for {/Symbol q} != 0\"\n"
        "set yrange [-1.2:2.2]\nplot " + c + " using 1:2 with points pt 7 ps 0.5 lc rgb '#d62728' title 'JS', "
        "'' using 1:4 with lines lw 2 lc rgb '#1f77b4' title 'W_1', "
        "'' using 1:5 with lines lw 1 dt 2 lc rgb '#d62728' title 'dJS/d{/Symbol q}', "
        "'' using 1:6 with lines lw 1 dt 2 lc rgb '#1f77b4' title 'dW_1/d{/Symbol q}'\n"
        "set title \"1-D: U[0,1] vs U[{/Symbol q}, {/Symbol q}+1]\\nKL = +inf for {/Symbol q} != 0\"\n"
        "plot " + c + " using 1:7 with lines lw 2 lc rgb '#d62728' title 'JS', "
        "'' using 1:8 with lines lw 2 lc rgb '#1f77b4' title 'W_1', "
        "'' using 1:9 with lines lw 1 dt 2 lc rgb '#d62728' title 'dJS/d{/Symbol q}', "
        "'' using 1:10 with lines lw 1 dt 2 lc rgb '#1f77b4' title 'dW_1/d{/Symbol q}'\n"
        "set title \"training from a disjoint start\\np_G = U[{/Symbol m}, {/Symbol m}+{/Symbol s}], p_{data} = U[0,1]\"\n"
        "set xlabel 'generator step'\nset xtics 100\nset ylabel 'location {/Symbol m}'\nset autoscale y\nset key top right\nplot " + t +
        " using 1:2 with lines lw 2 lc rgb '#d62728' title 'minimax', "
        "'' using 1:4 with lines lw 2 lc rgb '#ff7f0e' title 'non-saturating', "
        "'' using 1:6 with lines lw 2 lc rgb '#2ca02c' title 'WGAN (clip)', "
        "'' using 1:8 with lines lw 2 lc rgb '#1f77b4' title 'WGAN-GP'\nunset multiplot\n";
    if (example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
  }
  for (const auto& f : failures) std::printf("CHECK FAILED: %s\n", f.c_str());
  if (o.check && !failures.empty()) return 1;
  if (o.check) std::printf("check passed: every claim of docs/tour.md section 3 holds\n");
  return 0;
}
