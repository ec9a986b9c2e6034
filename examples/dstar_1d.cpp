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

// A density chosen at run time: a user type that models advdiv::density_with_quantile, so
// everything in advdiv works on it exactly as on advdiv's own distributions.
struct any_density {
  std::function<double(double)> pdf, log_pdf, cdf, quantile;
  advdiv::interval support;
};
double pdf(const any_density& d, double x) { return d.pdf(x); }
double log_pdf(const any_density& d, double x) { return d.log_pdf(x); }
double cdf(const any_density& d, double x) { return d.cdf(x); }
double quantile(const any_density& d, double u) { return d.quantile(u); }
advdiv::interval support(const any_density& d) { return d.support; }

template <class D>
any_density erase(D d) {
  auto s = std::make_shared<const D>(std::move(d));
  return {[s](double x) { return pdf(*s, x); }, [s](double x) { return log_pdf(*s, x); },
          [s](double x) { return cdf(*s, x); }, [s](double u) { return quantile(*s, u); }, support(*s)};
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// One family with its parameters: "normal(0,1)".
any_density parse_one(const std::string& text) {
  const auto open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    throw std::invalid_argument("cannot read the density '" + text + "'");
  const std::string name = trim(text.substr(0, open));
  std::vector<double> v;
  std::stringstream ss(text.substr(open + 1, close - open - 1));
  for (std::string item; std::getline(ss, item, ',');) v.push_back(std::stod(item));
  const auto need = [&](std::size_t n) {
    if (v.size() != n)
      throw std::invalid_argument(name + " takes " + std::to_string(n) + " parameters in '" + text + "'");
  };
  if (name == "normal") return need(2), erase(advdiv::normal{v[0], v[1]});
  if (name == "uniform") return need(2), erase(advdiv::uniform{v[0], v[1]});
  if (name == "laplace") return need(2), erase(advdiv::laplace{v[0], v[1]});
  if (name == "logistic") return need(2), erase(advdiv::logistic{v[0], v[1]});
  if (name == "exponential") return need(1), erase(advdiv::exponential{v[0]});
  throw std::invalid_argument("unknown family '" + name + "' (normal, uniform, laplace, logistic, exponential)");
}

// A family or a mixture "0.3*normal(-1,0.5)+0.7*normal(2,1)".
any_density parse(const std::string& text) {
  std::vector<std::string> terms;
  int depth = 0;
  std::string cur;
  for (char c : text) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (c == '+' && depth == 0 && !trim(cur).empty() && trim(cur).back() != '*' &&
        trim(cur).back() != 'e' && trim(cur).back() != 'E') {
      terms.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  terms.push_back(cur);
  if (terms.size() == 1 && terms[0].find('*') == std::string::npos) return parse_one(trim(terms[0]));
  std::vector<double> weights;
  std::vector<any_density> parts;
  for (const auto& t : terms) {
    const auto star = t.find('*');
    if (star == std::string::npos) throw std::invalid_argument("a mixture term needs a weight: '" + t + "'");
    weights.push_back(std::stod(t.substr(0, star)));
    parts.push_back(parse_one(trim(t.substr(star + 1))));
  }
  return erase(advdiv::mixture<any_density>(std::move(weights), std::move(parts)));
}

std::string gnuplot_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Draws p_data, p_G and D* from the CSV; returns false (with a note) if gnuplot is missing or fails.
bool plot(const std::string& csv, const std::string& png, const std::string& title) {
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) {
    std::cout << "note: gnuplot not found, no picture written (the CSV has the data)\n";
    return false;
  }
  for (const char* terminal : {"pngcairo size 960,560 font 'sans,11'", "png size 960,560"}) {
    FILE* gp = popen("gnuplot 2> /dev/null", "w");
    if (!gp) break;
    std::fprintf(gp,
                 "set terminal %s\nset output %s\nset datafile separator ','\n"
                 "set title %s\nset xlabel 'x'\nset ylabel 'density'\nset y2label 'D*(x)'\n"
                 "set y2range [0:1]\nset ytics nomirror\nset y2tics 0.25\nset key top left\n"
                 "set grid\nset autoscale xfix\nset arrow from graph 0, second 0.5 to graph 1, second 0.5 nohead dt 2 lc rgb '#888888'\n"
                 "plot %s using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'p_{data}', "
                 "'' using 1:3 with lines lw 2 lc rgb '#ff7f0e' title 'p_G', "
                 "'' using 1:4 axes x1y2 with lines lw 2 lc rgb '#2ca02c' title 'D* = p_{data}/(p_{data}+p_G)'\n",
                 terminal, gnuplot_quote(png).c_str(), gnuplot_quote(title).c_str(), gnuplot_quote(csv).c_str());
    if (pclose(gp) == 0) return true;
  }
  std::cout << "note: gnuplot failed, no picture written (the CSV has the data)\n";
  return false;
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
    const demo::any_density p = demo::parse(data_spec), q = demo::parse(gen_spec);
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
