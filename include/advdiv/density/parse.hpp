#pragma once
/// \file
/// advdiv::parse_density: a density written as text, "0.3*normal(-1,0.5)+0.7*laplace(2,1)".

#include <advdiv/density/any_family.hpp>
#include <advdiv/density/mixture.hpp>

#include <charconv>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace advdiv {

namespace detail {

/// Recursive-descent reader of the grammar of parse_density; every error names the term
/// (counting from 1) and the position (an index into the text, counting from 0).
class density_parser {
 public:
  explicit density_parser(std::string_view text) : s_(text) {}

  mixture<any_family> parse() {
    skip_space();
    if (at_end()) throw std::invalid_argument(std::string(fn) + ": text is empty");
    std::vector<double> weights;
    std::vector<any_family> families;
    std::vector<std::pair<std::size_t, bool>> starts;  // each term's position, and whether it had a weight
    for (;;) {
      ++term_;
      skip_space();
      term_start_ = pos_;
      const auto [w, has_weight] = weight();
      starts.emplace_back(term_start_, has_weight);
      families.push_back(family());
      weights.push_back(w);
      skip_space();
      if (at_end()) break;
      if (s_[pos_] != '+') fail_syntax("expected '+' or the end of the text, found '" + std::string(1, s_[pos_]) + "'");
      ++pos_;
    }
    if (families.size() > 1)
      for (std::size_t i = 0; i < starts.size(); ++i)
        if (!starts[i].second)
          throw std::invalid_argument(term_text(i + 1, starts[i].first) +
                                      "a term of a mixture needs a weight, as in 0.5*normal(0,1)");
    return mixture<any_family>(std::move(weights), std::move(families));
  }

 private:
  static constexpr const char* fn = "advdiv::parse_density";

  bool at_end() const noexcept { return pos_ >= s_.size(); }
  void skip_space() noexcept {
    while (!at_end() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }

  [[noreturn]] void fail_syntax(const std::string& what) const {
    throw std::invalid_argument(std::string(fn) + ": " + what + " at position " + std::to_string(pos_) +
                                (term_ > 0 ? " (term " + std::to_string(term_) + ")" : std::string()));
  }
  std::string term_text(std::size_t term, std::size_t position) const {
    return std::string(fn) + ": term " + std::to_string(term) + " at position " + std::to_string(position) + ": ";
  }
  [[noreturn]] void fail_term(const std::string& what) const {
    throw std::invalid_argument(term_text(term_, term_start_) + what);
  }

  // A number at pos_ (from_chars: locale-independent, exponents such as 1e-3 included).
  bool number(double& out) {
    if (at_end()) return false;
    const char* first = s_.data() + pos_;
    const auto [end, ec] = std::from_chars(first, s_.data() + s_.size(), out);
    if (ec == std::errc::result_out_of_range) fail_syntax("number out of range");
    if (ec != std::errc()) return false;
    pos_ += static_cast<std::size_t>(end - first);
    return true;
  }

  // An optional "w *" before the family; weight 1 when absent.
  std::pair<double, bool> weight() {
    double w = 0;
    if (!number(w)) return {1.0, false};
    skip_space();
    if (at_end() || s_[pos_] != '*') fail_syntax("expected '*' after the weight");
    ++pos_;
    skip_space();
    return {w, true};
  }

  // name ( number [, number]* )
  any_family family() {
    const std::size_t name_start = pos_;
    while (!at_end() && ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z') || s_[pos_] == '_'))
      ++pos_;
    const std::string name(s_.substr(name_start, pos_ - name_start));
    if (name.empty()) fail_syntax("expected a family name (normal, laplace, logistic, uniform, exponential)");
    skip_space();
    if (at_end() || s_[pos_] != '(') fail_syntax("expected '(' after '" + name + "'");
    ++pos_;
    std::vector<double> p;
    for (;;) {
      skip_space();
      double v = 0;
      if (!number(v)) fail_syntax("expected a number");
      p.push_back(v);
      skip_space();
      if (!at_end() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (!at_end() && s_[pos_] == ')') {
        ++pos_;
        break;
      }
      fail_syntax("expected ',' or ')'");
    }
    const auto need = [&](std::size_t n, const char* names) {
      if (p.size() != n)
        fail_term(name + " takes " + std::to_string(n) + (n == 1 ? " parameter (" : " parameters (") + names +
                  "), not " + std::to_string(p.size()));
    };
    // The family's own constructor checks the values; its message is kept, prefixed by
    // the term it came from.
    try {
      if (name == "normal") return need(2, "mu, sigma"), any_family(normal{p[0], p[1]});
      if (name == "laplace") return need(2, "mu, b"), any_family(laplace{p[0], p[1]});
      if (name == "logistic") return need(2, "mu, s"), any_family(logistic{p[0], p[1]});
      if (name == "uniform") return need(2, "a, b"), any_family(uniform{p[0], p[1]});
      if (name == "exponential") return need(1, "lambda"), any_family(exponential{p[0]});
    } catch (const std::domain_error& e) {
      throw std::domain_error(term_text(term_, term_start_) + e.what());
    }
    throw std::invalid_argument(term_text(term_, name_start) + "unknown family '" + name +
                                "' (normal, laplace, logistic, uniform, exponential)");
  }

  std::string_view s_;
  std::size_t pos_ = 0, term_ = 0, term_start_ = 0;
};

}  // namespace detail

/// Reads a density written as text: one family, `normal(0, 1)`, or a mixture of weighted
/// families, `0.3*normal(-1, 0.5) + 0.7*laplace(2, 1)`. Families and their parameters, in
/// the order of their constructors: normal(mu, sigma), laplace(mu, b), logistic(mu, s),
/// uniform(a, b), exponential(lambda). Numbers are read by std::from_chars (no locale;
/// `1e-3` accepted); spaces are allowed between tokens.
///
/// A single family is returned as a mixture of one component of weight 1 (whose pdf, cdf,
/// quantile and sample are those of the family). In a mixture of several terms every term
/// has a weight, and the weights are checked as by the mixture constructor (finite, ≥ 0,
/// summing to 1 within mixture::weight_tolerance), never normalised.
///
/// \code
/// advdiv::mixture<advdiv::any_family> m = advdiv::parse_density("0.3*normal(-1,0.5)+0.7*laplace(2,1)");
/// double d = advdiv::kl(m, advdiv::normal{0, 1});
/// \endcode
/// \throws std::invalid_argument for text that does not follow the grammar, naming the
///         position (an index into the text, from 0) and the term (from 1):
///         `advdiv::parse_density: expected ',' or ')' at position 10 (term 1)` (for
///         "normal(0,1"), `advdiv::parse_density: term 2 at position 20: unknown family
///         'gauss' (normal, laplace, logistic, uniform, exponential)`,
///         `advdiv::parse_density: term 1 at position 0: normal takes 2 parameters (mu,
///         sigma), not 1`.
///         A term without a weight in a mixture:
///         `advdiv::parse_density: term 1 at position 0: a term of a mixture needs a
///         weight, as in 0.5*normal(0,1)`.
/// \throws std::domain_error for a parameter a family rejects, with the family's message
///         (`advdiv::parse_density: term 1 at position 0: advdiv::normal: sigma = -1 is not
///         positive and finite`), and for weights the mixture rejects
///         (`advdiv::mixture: weights sums to 0.9, not 1 (tolerance 1e-09)`; its
///         `weights[i]` counts from 0, the terms from 1).
inline mixture<any_family> parse_density(std::string_view text) {
  return detail::density_parser(text).parse();
}

}  // namespace advdiv
