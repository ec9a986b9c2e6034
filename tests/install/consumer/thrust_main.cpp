// A downstream project using the Thrust backend of the installed package with g++: the
// advdiv::thrust target chooses the CPP device system, and advdiv/thrust.hpp brings the
// execution policies (thrust::host, thrust::device).
#include <advdiv/thrust.hpp>
#include <thrust/host_vector.h>

#include <cmath>
#include <cstdio>

int main() {
  thrust::host_vector<double> p(2), q(2);
  p[0] = 0.5; p[1] = 0.5; q[0] = 0.9; q[1] = 0.1;
  const double expected = 0.5 * std::log(0.5 / 0.9) + 0.5 * std::log(0.5 / 0.1);
  const double got = advdiv::kl(thrust::host, p, q);
  const double on_device = advdiv::kl(thrust::device, p, q);  // the CPP system: the same host loop
  if (on_device != got) return 1;
  std::printf("thrust kl = %.17g (expected %.17g)\n", got, expected);
  return std::abs(got - expected) < 1e-15 ? 0 : 1;
}
