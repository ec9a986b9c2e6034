// A downstream project: includes the umbrella headers of the installed package (the estimators
// pull in nanoflann through find_dependency).
#include <advdiv/advdiv.hpp>
#include <advdiv/estimate/knn.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  const std::vector<double> p{0.5, 0.5}, q{0.9, 0.1};
  const double expected = 0.5 * std::log(0.5 / 0.9) + 0.5 * std::log(0.5 / 0.1);
  const double got = advdiv::kl(p, q);
  std::printf("kl = %.17g (expected %.17g)\n", got, expected);
  // k-NN KL on points of a line, k = 1: X = {0, 1, 3}, Y = {0.5, 10}. ρ = (1, 1, 2), ν = (0.5, 0.5, 2.5):
  // D̂ = (1/3)(log 0.5 + log 0.5 + log 1.25) + log(2/2).
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, 10.0};
  const double knn = advdiv::estimate::knn_kl(x, y).value;
  const double knn_expected = (2 * std::log(0.5) + std::log(1.25)) / 3;
  std::printf("knn_kl = %.17g (expected %.17g)\n", knn, knn_expected);
  return std::abs(got - expected) < 1e-15 && std::abs(knn - knn_expected) < 1e-14 ? 0 : 1;
}
