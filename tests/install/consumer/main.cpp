// A downstream project: includes the umbrella header of the installed package.
#include <advdiv/advdiv.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  const std::vector<double> p{0.5, 0.5}, q{0.9, 0.1};
  const double expected = 0.5 * std::log(0.5 / 0.9) + 0.5 * std::log(0.5 / 0.1);
  const double got = advdiv::kl(p, q);
  std::printf("kl = %.17g (expected %.17g)\n", got, expected);
  return std::abs(got - expected) < 1e-15 ? 0 : 1;
}
