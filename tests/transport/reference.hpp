#pragma once
// Reader of tests/data/transport/reference.txt (written by make_reference.py).
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace advdiv_test {

struct reference_case {
  std::string kind, label;
  std::map<std::string, std::vector<double>> fields;
  const std::vector<double>& operator[](const std::string& k) const { return fields.at(k); }
  double scalar(const std::string& k) const { return fields.at(k).at(0); }
};

inline std::vector<reference_case> load_reference(const std::string& kind) {
  std::ifstream in(std::string(ADVDIV_TEST_DATA_DIR) + "/transport/reference.txt");
  if (!in) throw std::runtime_error("cannot open transport/reference.txt");
  std::vector<reference_case> cases;
  std::string line;
  reference_case cur;
  bool open = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string head;
    ls >> head;
    if (head == "case") {
      cur = {};
      ls >> cur.kind >> cur.label;
      open = true;
    } else if (head == "end") {
      if (open && cur.kind == kind) cases.push_back(cur);
      open = false;
    } else {
      std::size_t n = 0;
      ls >> n;
      std::vector<double> v(n);
      for (auto& x : v) {
        std::string tok;
        ls >> tok;
        x = std::stod(tok);
      }
      cur.fields[head] = std::move(v);
    }
  }
  return cases;
}

inline double rel_err(double x, double ref) {
  const double d = x - ref;
  const double s = ref < 0 ? -ref : ref;
  return (d < 0 ? -d : d) / (s > 1e-300 ? s : 1.0);
}

}  // namespace advdiv_test
