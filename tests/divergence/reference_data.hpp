#pragma once
// Test vectors built from integer weights exactly as tests/data/divergence/make_reference.py
// builds them, and the mpmath reference values that script stored.
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace advdiv_test {

inline std::pair<std::vector<double>, std::vector<double>> reference_vectors(const std::string& family,
                                                                             std::int64_t n) {
  std::vector<std::int64_t> wp(n), wq(n);
  for (std::int64_t i = 0; i < n; ++i) {
    if (family == "mixed") {
      wp[i] = (i * 7919) % 1009 + 1;
      wq[i] = (i * 104729) % 997 + 1;
    } else if (family == "close") {
      wp[i] = (i * 7919) % 1009 + 1;
      wq[i] = 1000 * wp[i] + (i % 7) - 3;
    } else if (family == "sparse") {
      wp[i] = i % 3 == 0 ? 0 : (i * 31) % 17 + 1;
      wq[i] = (i * 13) % 11 + 1;
    } else {
      throw std::invalid_argument("unknown family " + family);
    }
  }
  std::int64_t sp = 0, sq = 0;
  for (std::int64_t i = 0; i < n; ++i) sp += wp[i], sq += wq[i];
  std::vector<double> p(n), q(n);
  for (std::int64_t i = 0; i < n; ++i) {
    p[i] = static_cast<double>(wp[i]) / static_cast<double>(sp);
    q[i] = static_cast<double>(wq[i]) / static_cast<double>(sq);
  }
  return {p, q};
}

/// key "family n precision quantity" → value
inline const std::map<std::string, long double>& reference_values() {
  static const std::map<std::string, long double> values = [] {
    std::map<std::string, long double> m;
    std::ifstream in(ADVDIV_TEST_DATA_DIR "/divergence/reference.txt");
    if (!in) throw std::runtime_error("missing tests/data/divergence/reference.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      std::string family, n, precision, name, value;
      ls >> family >> n >> precision >> name >> value;
      m[family + " " + n + " " + precision + " " + name] = std::stold(value);
    }
    return m;
  }();
  return values;
}

inline long double reference(const std::string& key) {
  const auto& m = reference_values();
  const auto it = m.find(key);
  if (it == m.end()) throw std::runtime_error("no reference value for " + key);
  return it->second;
}

}  // namespace advdiv_test
