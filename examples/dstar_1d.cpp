// dstar_1d: the optimal discriminator D* = p_data/(p_data + p_G) on a 1-D toy pair.
//
// Prints JS, KL both ways, V(G, D*) next to 2·JS − log 4, and every f-divergence of the
// catalogue next to its variational bound at the optimal critic T* = f'(p/q); writes
// x, p_data(x), p_G(x), D*(x) to CSV and plots them with gnuplot (if installed).
//
//   ./build/examples/dstar_1d
//   ./build/examples/dstar_1d --data "normal(0,1)" --gen "0.5*laplace(-2,1)+0.5*laplace(2,1)"
//
// A density is written as normal(mu,sigma), uniform(a,b), laplace(mu,b), logistic(mu,s),
// exponential(lambda), or a mixture w1*D1(...)+w2*D2(...) of those.

#include "example_support.hpp"

#include <advdiv/advdiv.hpp>
#include <advdiv/density.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace demo {

using example::any_density;

// Draws p_data, p_G and D* from the CSV; returns false (with a note) if gnuplot is missing or fails.
bool plot(const std::string& csv, const std::string& png, const std::string& title) {
  return example::plot_png(
      png, "set title " + example::gnuplot_quote(title) +
               "\nset xlabel 'x'\nset ylabel 'density'\nset y2label 'D*(x)'\n"
               "set y2range [0:1]\nset ytics nomirror\nset y2tics 0.25\nset key top left\n"
               "set grid\nset autoscale xfix\nset arrow from graph 0, second 0.5 to graph 1, second 0.5 nohead dt 2 lc rgb '#888888'\n"
               "plot " + example::gnuplot_quote(csv) + " using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'p_{data}', "
               "'' using 1:3 with lines lw 2 lc rgb '#ff7f0e' title 'p_G', "
               "'' using 1:4 axes x1y2 with lines lw 2 lc rgb '#2ca02c' title 'D* = p_{data}/(p_{data}+p_G)'\n");
}

template <class G>
void row(const char* name, const any_density& p, const any_density& q, const G& g) {
  const auto d = advdiv::f_divergence(p, q, g);
  const auto T = advdiv::optimal_critic(p, q, g);
  const auto b = advdiv::variational_bound(p, q, T, g);
  if (std::isfinite(d.value))
    std::printf("  %-20s %18.12f %18.12f %10.1e %9.1e\n", name, d.value, b.value, b.value - d.value, d.error);
  else  // a divergent D_f (e.g. a χ² whose denominator has lighter tails): the bound diverges too
    std::printf("  %-20s %18.12f %18s %10s %9s\n", name, d.value, "(diverges)", "-", "-");
}

}  // namespace demo

int main(int argc, char** argv) {
  CLI::App app{"D* = p_data/(p_data + p_G) on a 1-D toy pair: divergences, V(G, D*), CSV and picture"};
  std::string data_spec = "0.3*normal(-1,0.5)+0.7*normal(2,1)";
  std::string gen_spec = "normal(0.5,1.5)";
  std::string csv_path = "dstar_1d.csv", png_path = "dstar_1d.png";
  int points = 801;
  double xmin = NAN, xmax = NAN;
  app.add_option("--data", data_spec, "p_data, e.g. normal(0,1) or 0.5*laplace(-1,1)+0.5*laplace(1,1)")->capture_default_str();
  app.add_option("--gen", gen_spec, "p_G, same syntax")->capture_default_str();
  app.add_option("--csv", csv_path, "where to write x, p_data, p_G, D*")->capture_default_str();
  app.add_option("--png", png_path, "where to write the picture (needs gnuplot)")->capture_default_str();
  app.add_option("--points", points, "grid points")->check(CLI::Range(2, 1000000))->capture_default_str();
  app.add_option("--xmin", xmin, "left end of the grid (default: from the quantiles)");
  app.add_option("--xmax", xmax, "right end of the grid (default: from the quantiles)");
  CLI11_PARSE(app, argc, argv);

  try {
    const demo::any_density p = example::parse(data_spec), q = example::parse(gen_spec);
    const double log4 = 2 * std::numbers::ln2;

    std::printf("p_data = %s\np_G    = %s\n\n", data_spec.c_str(), gen_spec.c_str());
    const auto js = advdiv::js(p, q);
    const auto D = advdiv::optimal_discriminator(p, q);
    const auto v = advdiv::gan_value(p, q, D);
    std::printf("  %-28s %18.12f  (± %.1e)\n", "JS(p_data || p_G)", js.value, js.error);
    std::printf("  %-28s %18.12f  (± %.1e)\n", "KL(p_data || p_G)", advdiv::kl(p, q).value, advdiv::kl(p, q).error);
    std::printf("  %-28s %18.12f  (± %.1e)\n", "KL(p_G || p_data)", advdiv::kl(q, p).value, advdiv::kl(q, p).error);
    std::printf("  %-28s %18.12f  (± %.1e)\n", "V(G, D*)", v.value, v.error);
    std::printf("  %-28s %18.12f\n", "2 JS - log 4", 2 * js.value - log4);
    std::printf("  %-28s %18.1e\n", "V(G, D*) - (2 JS - log 4)", v.value - (2 * js.value - log4));
    std::printf("  %-28s %18.12f  bits\n", "JS(p_data || p_G)", advdiv::js(p, q, advdiv::bits).value);
    // Any other discriminator scores less. Pass it by its logit v (D = σ(v)): a D in [0, 1]
    // rounds to exactly 1 where v > 37, and log(1 − D) would be −inf there.
    const auto v_lin = advdiv::gan_value(p, q, advdiv::from_logit([](double x) { return 0.8 * x - 0.2; }));
    std::printf("  %-28s %18.12f  (± %.1e)\n\n", "V(G, sigma(0.8x - 0.2))", v_lin.value, v_lin.error);

    std::printf("  %-20s %18s %18s %10s %9s\n", "f-divergence", "D_f(p_data||p_G)", "bound at T*", "bound-D_f", "error");
    using namespace advdiv::fdiv;
    demo::row("kl", p, q, kl{});
    demo::row("reverse_kl", p, q, reverse_kl{});
    demo::row("pearson", p, q, pearson{});
    demo::row("neyman", p, q, neyman{});
    demo::row("squared_hellinger", p, q, squared_hellinger{});
    demo::row("jeffreys", p, q, jeffreys{});
    demo::row("jensen_shannon", p, q, jensen_shannon{});
    demo::row("gan (2JS - log 4)", p, q, gan{});
    demo::row("total_variation", p, q, total_variation{});
    demo::row("alpha(0.5)", p, q, alpha{0.5});

    // The grid: the central 99.8% of both densities, padded by a tenth on each side.
    if (std::isnan(xmin) || std::isnan(xmax)) {
      const double lo = std::min(quantile(p, 1e-3), quantile(q, 1e-3));
      const double hi = std::max(quantile(p, 1 - 1e-3), quantile(q, 1 - 1e-3));
      if (std::isnan(xmin)) xmin = lo - 0.1 * (hi - lo);
      if (std::isnan(xmax)) xmax = hi + 0.1 * (hi - lo);
    }
    if (!(xmin < xmax)) throw std::invalid_argument("--xmin must be below --xmax");
    std::ofstream out(csv_path);
    if (!out) throw std::runtime_error("cannot write " + csv_path);
    out << "x,p_data,p_g,d_star\n";
    out.precision(10);
    for (int i = 0; i < points; ++i) {
      const double x = xmin + (xmax - xmin) * i / (points - 1);
      out << x << ',' << pdf(p, x) << ',' << pdf(q, x) << ',' << D(x) << '\n';
    }
    out.close();
    std::printf("\nwrote %s (%d points on [%g, %g])\n", csv_path.c_str(), points, xmin, xmax);
    if (demo::plot(csv_path, png_path, "p_{data} = " + data_spec + ",  p_G = " + gen_spec))
      std::printf("wrote %s\n", png_path.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dstar_1d: %s\n", e.what());
    return 1;
  }
  return 0;
}
