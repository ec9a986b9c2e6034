#pragma once
// Random transport problems shared by the transport tests and the MPI layer's Sinkhorn tests.
#include <advdiv/core/random.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <numeric>
#include <vector>

namespace advdiv_test {

/// n uniform points in [0, 1]^d, one column per point (the library's d × n layout).
inline Eigen::MatrixXd random_points(std::size_t d, std::size_t n, advdiv::random_engine& rng) {
  Eigen::MatrixXd X(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(n));
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::uniform01(rng);
  return X;
}

/// Dirichlet(1, ..., 1) masses (uniform on the simplex): normalised standard exponentials.
inline std::vector<double> random_masses(std::size_t n, advdiv::random_engine& rng) {
  std::vector<double> a(n);
  for (auto& x : a) x = advdiv::standard_exponential(rng);
  const double s = std::accumulate(a.begin(), a.end(), 0.0);
  for (auto& x : a) x /= s;
  return a;
}

}  // namespace advdiv_test
