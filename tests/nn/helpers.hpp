#pragma once
// Helpers shared by the nn tests: random matrices, finite differences, PyTorch references.

#include <advdiv/core/random.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace nn_test {

// Relative error ‖a − b‖ / max(‖a‖, ‖b‖) of two vectors.
inline double relative_error(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const double scale = std::max(a.norm(), b.norm());
  return scale == 0 ? 0 : (a - b).norm() / scale;
}

// A rows×cols matrix of standard normal draws.
inline Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  Eigen::MatrixXd m(rows, cols);
  for (auto& v : m.reshaped()) v = advdiv::standard_normal(rng);
  return m;
}

// Central difference of f with respect to every parameter of net.
template <class Net, class F>
Eigen::VectorXd numeric_parameter_gradient(Net& net, F f, double h) {
  auto p = net.parameters();
  Eigen::VectorXd g(Eigen::Index(p.size()));
  for (std::size_t k = 0; k < p.size(); ++k) {
    const double saved = p[k];
    p[k] = saved + h;
    const double up = f();
    p[k] = saved - h;
    const double down = f();
    p[k] = saved;
    g(Eigen::Index(k)) = (up - down) / (2 * h);
  }
  return g;
}

template <class Net>
Eigen::VectorXd gradient_vector(Net& net) {
  const auto g = net.gradients();
  return Eigen::Map<const Eigen::VectorXd>(g.data(), Eigen::Index(g.size()));
}

// Arrays of tests/data/nn/torch_reference.txt (written by make_reference.py with PyTorch).
inline std::vector<double> torch_reference(const std::string& name) {
  std::ifstream in(std::string(ADVDIV_TEST_DATA_DIR) + "/nn/torch_reference.txt");
  REQUIRE(in.good());
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    std::size_t n = 0;
    fields >> key;
    if (key != name) continue;
    fields >> n;
    std::vector<double> v(n);
    for (auto& x : v) fields >> x;
    REQUIRE(!fields.fail());
    return v;
  }
  FAIL("no array " << name << " in torch_reference.txt");
  return {};
}

inline double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double scale = 0, diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, std::abs(b[i]));
    diff = std::max(diff, std::abs(a[i] - b[i]));
  }
  return diff / std::max(scale, 1e-300);
}

}  // namespace nn_test
