// tour_conjugate: the Fenchel conjugate and the variational bound (docs/tour.md, section 4).
//
// For every generator f of the catalogue (advdiv::fdiv):
//  1. the library's conjugate f*(t) against a brute-force sup_u (u t − f(u)) over a fine grid of
//     u (u = 0 and 400001 log-spaced points in [1e-12, 1e12]): independent truth. t runs over
//     f′(¼), f′(1), f′(4) (inside dom f*), one point left of f′(0) where f′(0) is finite (the
//     sup is then at u = 0: f*(t) = −f(0)), and one right of dom f* where it is bounded (the
//     sup is +inf: the brute force then peaks at the end of the grid);
//  2. the bound B(T) = E_P[T] − E_Q[f*(T)] (advdiv::variational_bound, by quadrature) along
//     T_λ = (1 − λ)·f′(1) + λ·T*, T* = f′(p/q) (advdiv::optimal_critic), from the constant critic
//     (B = f(1)) to T* (B = D_f(P‖Q), advdiv::f_divergence). f* is convex, so B(T_λ) is concave in
//     λ, rises monotonically, and stays ≤ D_f.
// Writes tour_conjugate.csv (f and the tangent lines, per generator), tour_conjugate_bound.csv
// (the normalised bound against λ) and one PNG per CSV.
//
//   ./build/examples/tour/tour_conjugate
//   ./build/examples/tour/tour_conjugate --data "normal(0,1)" --model "laplace(0.3,1)" --check

#include "example_support.hpp"

#include <advdiv/advdiv.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace fd = advdiv::fdiv;

struct settings {
  std::string data = "normal(0,1)", model = "normal(0.5,1.2)";
  std::size_t grid = 400001, lambdas = 11;
  std::string csv = "tour_conjugate.csv", png = "tour_conjugate.png";
  bool check = false;
};

// What --check asserts (and docs/tour.md quotes).
constexpr double conjugate_tolerance = 1e-6;  // |f*_library − f*_brute| / (1 + |f*|)
constexpr double bound_tolerance = 1e-8;      // B(T_λ) ≤ D_f + tol, |B(T*) − D_f| ≤ tol

struct brute_result {
  double value;
  bool at_grid_end;  // the sup is not attained inside the grid: +inf (or beyond 1e12)
};

// sup_u (u t − f(u)) over u = 0 (where f(0) is finite) and a log-spaced grid of u.
template <class G>
brute_result brute_conjugate(const G& g, double t, std::size_t n) {
  double best = -advdiv::math::infinity<double>();
  std::size_t arg = 0;
  const double f0 = g.f(0.0);
  if (std::isfinite(f0)) best = -f0;
  const double lo = std::log(1e-12), hi = std::log(1e12);
  for (std::size_t i = 0; i < n; ++i) {
    const double u = std::exp(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1));
    const double v = u * t - g.f(u);
    if (v > best) best = v, arg = i + 1;
  }
  return {best, arg == n};
}

struct generator_report {
  std::string name;
  double worst_conjugate = 0, d_f = 0, b_star = 0, worst_above = -1e300;
  bool monotone = true, infinities_ok = true, deviates = false, conjugate_below_truth = false;
  std::vector<double> bound;  // normalised (B − f(1))/(D_f − f(1)) over λ
  std::vector<double> tangent_t;
};

template <class G>
generator_report run(const std::string& name, const G& g, const example::any_density& p, const example::any_density& q,
                     const settings& o, std::ofstream& curves) {
  generator_report r;
  r.name = name;
  const advdiv::interval dom = g.conjugate_domain();
  std::vector<double> ts{g.f_prime(0.25), g.f_prime(1.0), g.f_prime(4.0)};
  if (name == "total_variation") ts = {-0.3, 0.0, 0.3};  // f′ takes only the values ±½, 0
  const double fp0 = g.f_prime(0.0);
  const char* where[] = {"f'(1/4)", "f'(1)", "f'(4)"};
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const double t = ts[i], lib = g.conjugate(t);
    const brute_result b = brute_conjugate(g, t, o.grid);
    const double err = b.at_grid_end ? advdiv::math::infinity<double>() : std::abs(lib - b.value) / (1 + std::abs(lib));
    r.worst_conjugate = std::max(r.worst_conjugate, err);
    std::printf("%-18s %8s %9.4f %14.8f %14.8f %9.1e\n", name.c_str(), name == "total_variation" ? "" : where[i], t, lib,
                b.value, err);
  }
  // Left of f'(0) (where that is finite) the sup over u >= 0 sits at u = 0: f*(t) = -f(0).
  if (std::isfinite(fp0)) {
    const double t = fp0 - 1, lib = g.conjugate(t);
    const brute_result b = brute_conjugate(g, t, o.grid);
    r.conjugate_below_truth = lib < b.value - conjugate_tolerance * (1 + std::abs(b.value));
    r.deviates = !(std::abs(lib - b.value) <= conjugate_tolerance * (1 + std::abs(b.value)));
    std::printf("%-18s %8s %9.4f %14.8g %14.8f %9s%s\n", name.c_str(), "< f'(0)", t, lib, b.value, "",
                r.deviates ? "  <- not sup_{u>=0}: f-GAN table (f extended to u < 0)" : "");
  }
  // Right of a bounded dom f*: +inf, and the brute force runs off the end of the grid.
  if (std::isfinite(dom.upper)) {
    const double t = dom.upper + 0.5, lib = g.conjugate(t);
    const brute_result b = brute_conjugate(g, t, o.grid);
    r.infinities_ok = std::isinf(lib) && lib > 0 && b.at_grid_end;
    std::printf("%-18s %8s %9.4f %14g %14.3g %9s  (sup at the grid's end, u = 1e12)\n", name.c_str(), "> dom f*", t, lib,
                b.value, "");
  }
  r.tangent_t = ts;

  // f and its tangents u t − f*(t) on a u grid, for the picture.
  for (int i = 0; i <= 200; ++i) {
    const double u = 4.0 * i / 200;
    curves << name << ',' << u << ',' << g.f(u);
    for (double t : ts) curves << ',' << u * t - g.conjugate(t);
    curves << '\n';
  }
  curves << "\n\n";  // a gnuplot data block per generator

  // The bound along T_λ, against D_f by quadrature.
  const advdiv::optimal_critic t_star(p, q, g);
  const double t0 = g.f_prime(1.0), f1 = g.f(1.0);
  r.d_f = advdiv::f_divergence(p, q, g).value;
  double last = -advdiv::math::infinity<double>();
  for (std::size_t k = 0; k < o.lambdas; ++k) {
    const double lambda = static_cast<double>(k) / static_cast<double>(o.lambdas - 1);
    const auto critic = [&](double x) { return (1 - lambda) * t0 + lambda * t_star(x); };
    const double b = advdiv::variational_bound(p, q, critic, g).value;
    r.worst_above = std::max(r.worst_above, b - r.d_f);
    if (b < last - bound_tolerance) r.monotone = false;
    last = b;
    r.bound.push_back((b - f1) / (r.d_f - f1));
    if (k + 1 == o.lambdas) r.b_star = b;
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The Fenchel conjugate of every generator against a brute-force sup, and the variational bound as the critic moves to T*"};
  settings o;
  app.add_option("--data", o.data, "P (e.g. normal(0,1))")->capture_default_str();
  app.add_option("--model", o.model, "Q, same syntax (D_f(P||Q) must be finite for every generator)")->capture_default_str();
  app.add_option("--grid", o.grid, "u grid points of the brute-force sup")->check(CLI::Range(1000, 100000000))->capture_default_str();
  app.add_option("--lambdas", o.lambdas, "critics on the path from f'(1) to T*")->check(CLI::Range(2, 100000))->capture_default_str();
  app.add_option("--csv", o.csv, "CSV output (and PREFIX_bound.csv)")->capture_default_str();
  app.add_option("--png", o.png, "PNG output (and PREFIX_bound.png; needs gnuplot; empty: none)")->capture_default_str();
  app.add_flag("--check", o.check, "exit non-zero unless the claims of docs/tour.md section 4 hold");
  CLI11_PARSE(app, argc, argv);

  const example::any_density p = example::parse(o.data), q = example::parse(o.model);
  std::ofstream curves(o.csv);
  curves.precision(10);
  std::printf("the library's f*(t) against the brute-force sup_u (u t - f(u)) over u = 0 and %zu log-spaced u in\n"
              "[1e-12, 1e12] (rel. diff = |f* - sup|/(1 + |f*|)):\n\n", o.grid);
  std::printf("%-18s %8s %9s %14s %14s %9s\n", "generator", "t at", "t", "library f*", "brute sup", "rel. diff");
  std::vector<generator_report> reports;
  const auto all = std::make_tuple(
      std::pair{"kl", fd::kl{}}, std::pair{"reverse_kl", fd::reverse_kl{}}, std::pair{"pearson", fd::pearson{}},
      std::pair{"neyman", fd::neyman{}}, std::pair{"squared_hellinger", fd::squared_hellinger{}},
      std::pair{"jeffreys", fd::jeffreys{}}, std::pair{"jensen_shannon", fd::jensen_shannon{}},
      std::pair{"gan", fd::gan{}}, std::pair{"total_variation", fd::total_variation{}},
      std::pair{"alpha(0.5)", fd::alpha{0.5}}, std::pair{"alpha(2)", fd::alpha{2}}, std::pair{"alpha(-1)", fd::alpha{-1}});
  std::apply([&](const auto&... g) { (reports.push_back(run(g.first, g.second, p, q, o, curves)), ...); }, all);
  curves.close();

  std::printf("\nthe bound B(T) = E_P[T] - E_Q[f*(T)] along T = (1 - l) f'(1) + l T*, P = %s, Q = %s\n"
              "(columns: (B - f(1))/(D_f - f(1)) at l = 0, 0.2, ..., 1)\n\n", o.data.c_str(), o.model.c_str());
  std::printf("%-18s %14s %14s %9s %9s |", "generator", "D_f (quadr.)", "B(T*)", "B*-D_f", "max B-D_f");
  for (std::size_t k = 0; k < o.lambdas; k += 2) std::printf(" %5.2f", static_cast<double>(k) / static_cast<double>(o.lambdas - 1));
  std::printf("\n");
  const std::string bound_csv = o.csv.substr(0, o.csv.rfind('.')) + "_bound.csv";
  std::ofstream bc(bound_csv);
  bc << "lambda";
  for (const auto& r : reports) bc << ',' << r.name;
  bc << '\n';
  for (std::size_t k = 0; k < o.lambdas; ++k) {
    bc << static_cast<double>(k) / static_cast<double>(o.lambdas - 1);
    for (const auto& r : reports) bc << ',' << r.bound[k];
    bc << '\n';
  }
  bc.close();
  std::vector<std::string> failures;
  double worst_conjugate = 0, worst_star = 0, worst_above = -1e300;
  for (const auto& r : reports) {
    std::printf("%-18s %14.10f %14.10f %9.1e %9.1e |", r.name.c_str(), r.d_f, r.b_star, r.b_star - r.d_f, r.worst_above);
    for (std::size_t k = 0; k < r.bound.size(); k += 2) std::printf(" %5.3f", r.bound[k]);
    std::printf("\n");
    worst_conjugate = std::max(worst_conjugate, r.worst_conjugate);
    worst_star = std::max(worst_star, std::abs(r.b_star - r.d_f));
    worst_above = std::max(worst_above, r.worst_above);
    if (r.worst_conjugate > conjugate_tolerance) failures.push_back(r.name + ": f* differs from the brute-force sup");
    if (!r.infinities_ok) failures.push_back(r.name + ": f* is not +inf right of dom f*");
    if (r.conjugate_below_truth) failures.push_back(r.name + ": f* is below sup_u (u t - f(u)) left of f'(0): the bound would not be one");
    if (std::abs(r.b_star - r.d_f) > bound_tolerance) failures.push_back(r.name + ": B(T*) != D_f");
    if (r.worst_above > bound_tolerance) failures.push_back(r.name + ": the bound exceeds D_f");
    if (!r.monotone) failures.push_back(r.name + ": the bound does not rise along the path to T*");
  }
  std::printf("\nlargest |f* - brute force|/(1 + |f*|) = %.1e (tolerance %.0e); largest |B(T*) - D_f| = %.1e,\n"
              "largest B(T_l) - D_f = %.1e (tolerance %.0e)\n", worst_conjugate, conjugate_tolerance, worst_star,
              worst_above, bound_tolerance);
  std::string deviating;
  for (const auto& r : reports)
    if (r.deviates) deviating += " " + r.name;
  if (!deviating.empty())
    std::printf("left of f'(0), f* is the f-GAN table's (above the sup over u >= 0, so every bound stays a lower bound) for:%s\n",
                deviating.c_str());
  std::printf("wrote %s and %s\n", o.csv.c_str(), bound_csv.c_str());

  if (!o.png.empty()) {
    std::string script = "set multiplot layout 3,4 margins 0.05,0.99,0.06,0.95 spacing 0.05,0.09\nset grid\nunset key\n"
                         "set xrange [0:4]\nset yrange [-2:3]\nset xtics 1 font ',8'\nset ytics 1 font ',8'\n";
    for (std::size_t i = 0; i < reports.size(); ++i) {
      std::string title = reports[i].name + ": t =";
      for (double t : reports[i].tangent_t) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " %.2g", t + 0.0);  // + 0.0: no "-0"
        title += buf;
      }
      script += "set title " + example::gnuplot_quote(title) + " noenhanced font ',9' offset 0,-0.6\nplot " +
                example::gnuplot_quote(o.csv) + " index " + std::to_string(i) +
                " using 2:3 with lines lw 3 lc rgb '#000000', '' index " + std::to_string(i) +
                " using 2:4 with lines lw 1.5 lc rgb '#1f77b4', '' index " + std::to_string(i) +
                " using 2:5 with lines lw 1.5 lc rgb '#2ca02c', '' index " + std::to_string(i) +
                " using 2:6 with lines lw 1.5 lc rgb '#d62728'\n";
    }
    script += "unset multiplot\n";
    if (example::plot_png(o.png, script)) std::printf("wrote %s\n", o.png.c_str());
    const std::string bound_png = o.png.substr(0, o.png.rfind('.')) + "_bound.png";
    std::string b = "set title " + example::gnuplot_quote("E_P[T] - E_Q[f*(T)] along T = (1-{/Symbol l}) f'(1) + {/Symbol l} T*,  P = " +
                                                       o.data + ", Q = " + o.model) +
                    "\nset xlabel '{/Symbol l}'\nset ylabel '(B - f(1)) / (D_f - f(1))'\nset key bottom right font ',9'\n"
                    "set grid\nset yrange [0:1.05]\nplot ";
    const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                             "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#aec7e8"};
    for (std::size_t i = 0; i < reports.size(); ++i)
      b += std::string(i ? ", " : "") + (i ? "''" : example::gnuplot_quote(bound_csv)) + " using 1:" +
           std::to_string(i + 2) + " with linespoints lw 1.5 pt 7 ps 0.6 dt " + std::to_string(i / 6 + 1) + " lc rgb '" + colours[i % 12] + "' title " + example::gnuplot_quote(reports[i].name) +
           " noenhanced";
    b += ", 1 with lines dt 2 lc rgb '#000000' title 'D_f'\n";
    if (example::plot_png(bound_png, b)) std::printf("wrote %s\n", bound_png.c_str());
  }
  for (const auto& f : failures) std::printf("CHECK FAILED: %s\n", f.c_str());
  if (o.check && !failures.empty()) return 1;
  if (o.check) std::printf("check passed: every claim of docs/tour.md section 4 holds\n");
  return 0;
}
