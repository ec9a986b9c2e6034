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
#include <sstream>
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

inline std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// One family with its parameters: "normal(0,1)".
inline any_density parse_one(const std::string& text) {
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
inline any_density parse(const std::string& text) {
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
