#pragma once
// The extreme inputs of issue 10 (ratios that over/underflow before the log, -0.0, squares that
// underflow, α and Rényi at the edges, huge unnormalised measures) and their references: mpmath
// at 50 digits from tests/data/divergence/make_reference.py --edges (edge_reference.txt), or an
// exact limit (inf, 0, log 2) stated here. Shared by the CPU, row-wise and Thrust tests.
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace advdiv_test {

/// key → value of edge_reference.txt, and the (t, f*(t)) / (x, ω(x)) grids.
struct edge_reference {
  std::map<std::string, long double> values;
  std::vector<std::pair<double, long double>> jeffreys_conjugate, wright_omega;
};

inline const edge_reference& edge_references() {
  static const edge_reference ref = [] {
    edge_reference r;
    std::ifstream in(ADVDIV_TEST_DATA_DIR "/divergence/edge_reference.txt");
    if (!in) throw std::runtime_error("missing tests/data/divergence/edge_reference.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      std::string key, a, b;
      ls >> key >> a >> b;
      if (key == "jeffreys_conjugate")
        r.jeffreys_conjugate.emplace_back(std::stod(a), std::stold(b));
      else if (key == "wright_omega")
        r.wright_omega.emplace_back(std::stod(a), std::stold(b));
      else
        r.values[key] = std::stold(a);
    }
    return r;
  }();
  return ref;
}

/// One extreme input: divergence name (a catalogue name, alpha_divergence or renyi), α where it
/// takes one, p, q, and the truth (a key of edge_reference.txt, or `exact`). `unnormalised`:
/// call with sum_tolerance = inf.
struct edge_case {
  std::string divergence;
  double alpha;
  std::vector<double> p, q;
  std::string key;
  double exact;
  bool unnormalised = false;

  long double truth() const {
    if (key.empty()) return exact;
    return edge_references().values.at(key);
  }
};

inline const std::vector<edge_case>& edge_cases() {
  const double inf = std::numeric_limits<double>::infinity();
  const double ln2 = std::log(2.0);
  const double mz = -0.0;
  static const std::vector<edge_case> cases = {
      // p/q overflows or the ratio leaves the normal range (SciPy gh-20710): inf before.
      {"kl", 0, {0.5, 0.5}, {1e-309, 1 - 1e-309}, "kl_overflowing_ratio", 0},
      {"kl", 0, {0.5, 0.5}, {1.0, 4.9e-324}, "kl_min_subnormal_q", 0},
      {"reverse_kl", 0, {1.0, 4.9e-324}, {0.5, 0.5}, "reverse_kl_min_subnormal_p", 0},
      {"jeffreys", 0, {0.5, 0.5}, {1e-309, 1.0}, "jeffreys_overflowing_ratio", 0},
      // α-divergence: −inf, inf before; the large-|αL| terms by the pow product.
      {"alpha_divergence", 0.5, {0.5, 0.5}, {1.0, 4.9e-324}, "alpha_0.5_min_subnormal_q", 0},
      {"alpha_divergence", 2, {0.5, 0.5}, {1e-160, 1.0}, "alpha_2_tiny_q", 0},
      {"alpha_divergence", 3, {0.999, 0.001}, {1e-150, 1.0}, "alpha_3_tiny_q", 0},
      {"alpha_divergence", -1, {1e-300, 1.0}, {0.5, 0.5}, "alpha_-1_tiny_p", 0},
      // Rényi on nearly disjoint supports (inf before) and on disjoint supports (NaN before):
      // Σ p^α q^{1−α} = 0 for α < 1 and a term q = 0 < p is +inf for α > 1, so +inf for every α.
      {"renyi", 0.5, {1.0, 1e-300}, {1e-300, 1.0}, "renyi_0.5_nearly_disjoint", 0},
      {"renyi", 0.3, {1.0, 1e-250}, {1e-250, 1.0}, "renyi_0.3_nearly_disjoint", 0},
      {"renyi", 0.9, {1.0, 1e-40}, {1e-40, 1.0}, "renyi_0.9_nearly_disjoint", 0},
      {"renyi", 2, {1.0, 1e-300}, {1e-300, 1.0}, "renyi_2_nearly_disjoint", 0},
      {"renyi", 0.3, {1.0, 0.0}, {0.0, 1.0}, "", inf},
      {"renyi", 0.5, {0.5, 0.5, 0.0, 0.0}, {0.0, 0.0, 0.5, 0.5}, "", inf},
      {"renyi", 0.9, {1.0, 0.0}, {0.0, 1.0}, "", inf},
      {"renyi", 2, {1.0, 0.0}, {0.0, 1.0}, "", inf},
      {"renyi", 1, {1.0, 0.0}, {0.0, 1.0}, "", inf},
      // Squares that underflow: 0/0 = NaN, or 0 for a finite nonzero truth, before.
      {"pearson_chi2", 0, {1e-170, 1.0}, {0.0, 1.0}, "", inf},
      {"neyman_chi2", 0, {0.0, 1.0}, {1e-170, 1.0}, "", inf},
      {"pearson_chi2", 0, {1e-170, 1.0}, {1e-300, 1.0}, "pearson_underflowing_square", 0},
      {"neyman_chi2", 0, {1e-170, 1.0}, {1e-300, 1.0}, "neyman_underflowing_square", 0},
      // −0.0 passes validation; its sign must not be used (NaN / −inf before).
      {"kl", 0, {0.5, 0.5}, {1.0, mz}, "", inf},
      {"pearson_chi2", 0, {0.5, 0.5}, {1.0, mz}, "", inf},
      {"reverse_kl", 0, {1.0, mz}, {0.5, 0.5}, "", inf},
      {"neyman_chi2", 0, {1.0, mz}, {0.5, 0.5}, "", inf},
      {"jeffreys", 0, {0.5, 0.5}, {1.0, mz}, "", inf},
      {"kl", 0, {1.0, mz}, {0.5, 0.5}, "", ln2},
      {"js", 0, {1.0, mz}, {mz, 1.0}, "", ln2},
      {"total_variation", 0, {1.0, mz}, {mz, 1.0}, "", 1.0},
      {"squared_hellinger", 0, {1.0, mz}, {mz, 1.0}, "", 2.0},
      {"cross_entropy", 0, {0.5, 0.5}, {1.0, mz}, "", inf},
      {"alpha_divergence", 0.5, {0.5, 0.5}, {1.0, mz}, "alpha_0.5_min_subnormal_q", 0},
      {"renyi", 0.5, {1.0, mz}, {mz, 1.0}, "", inf},
      // Huge unnormalised measures (sum_tolerance = inf): p + q overflows (NaN before).
      {"js", 0, {1e308, 1e308}, {1e308, 1e308}, "", 0.0, true},
      {"js", 0, {1e308, 0.0}, {0.0, 1e308}, "js_huge_disjoint", 0, true},
  };
  return cases;
}

/// |got − truth| ≤ 1e-13·|truth|, or both the same infinity.
inline bool matches(double got, long double truth) {
  if (std::isinf(static_cast<double>(truth))) return got == static_cast<double>(truth);
  if (truth == 0) return got == 0;
  return std::abs((static_cast<long double>(got) - truth) / truth) <= 1e-13L;
}

}  // namespace advdiv_test
