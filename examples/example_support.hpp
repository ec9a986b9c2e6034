// What the example programs share: densities written as text ("0.3*normal(-1,0.5)+0.7*normal(2,1)")
// and a gnuplot call that writes a PNG from a CSV.
#pragma once

#include <advdiv/core/random.hpp>
#include <advdiv/density.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace example {

// A density chosen at run time: a user type that models advdiv::density_with_quantile, so
// everything in advdiv works on it exactly as on advdiv's own distributions.
struct any_density {
  std::function<double(double)> pdf, log_pdf, cdf, quantile;
  advdiv::interval support;
  std::function<double(advdiv::random_engine&)> draw;
};
inline double pdf(const any_density& d, double x) { return d.pdf(x); }
inline double log_pdf(const any_density& d, double x) { return d.log_pdf(x); }
inline double cdf(const any_density& d, double x) { return d.cdf(x); }
inline double quantile(const any_density& d, double u) { return d.quantile(u); }
inline advdiv::interval support(const any_density& d) { return d.support; }
inline double sample(const any_density& d, advdiv::random_engine& rng) { return d.draw(rng); }

template <class D>
any_density erase(D d) {
  auto s = std::make_shared<const D>(std::move(d));
  return {[s](double x) { return pdf(*s, x); }, [s](double x) { return log_pdf(*s, x); },
          [s](double x) { return cdf(*s, x); }, [s](double u) { return quantile(*s, u); }, support(*s),
          [s](advdiv::random_engine& rng) { return sample(*s, rng); }};
}

// A family or a mixture "0.3*normal(-1,0.5)+0.7*laplace(2,1)", read by advdiv::parse_density.
// A single family is erased as itself (not as a one-component mixture), so that it draws
// the same stream of variates as the family does.
inline any_density parse(const std::string& text) {
  const advdiv::mixture<advdiv::any_family> m = advdiv::parse_density(text);
  if (m.size() == 1) return erase(m.components()[0]);
  return erase(m);
}

inline std::string gnuplot_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Runs gnuplot with `script` after setting a PNG terminal and the output file; the script's
// plot commands read the CSV (comma-separated). Returns false (with a note) if gnuplot is
// missing or fails, and false without running it for an empty file name.
inline bool plot_png(const std::string& png, const std::string& script) {
  if (png.empty()) return false;  // --png '': no picture asked for
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) {
    std::cout << "note: gnuplot not found, no picture written (the CSV has the data)\n";
    return false;
  }
  for (const char* terminal : {"pngcairo size 960,560 font 'sans,11'", "png size 960,560"}) {
    FILE* gp = popen("gnuplot 2> /dev/null", "w");
    if (!gp) break;
    std::fprintf(gp, "set terminal %s\nset output %s\nset datafile separator ','\n%s\n", terminal,
                 gnuplot_quote(png).c_str(), script.c_str());
    if (pclose(gp) == 0) return true;
  }
  std::cout << "note: gnuplot failed, no picture written (the CSV has the data)\n";
  return false;
}

}  // namespace example
