// Thrust 1-D Wasserstein (built with THRUST_DEVICE_SYSTEM OMP and CPP): against an
// independent integral of |F − G|, closed forms, the CPU path, the scaled W_p at the edges of
// the range (issue 10), batched rows and bad input.
#include <advdiv/core/random.hpp>
#include <advdiv/thrust/wasserstein.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <doctest/doctest.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/host_vector.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace {
// Reference W_1: sort both samples and integrate |F − G| over the merged support.
double w1_reference(std::vector<double> x, std::vector<double> y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::vector<double> all = x;
  all.insert(all.end(), y.begin(), y.end());
  std::sort(all.begin(), all.end());
  double w = 0.0;
  for (std::size_t k = 0; k + 1 < all.size(); ++k) {
    const double f = double(std::upper_bound(x.begin(), x.end(), all[k]) - x.begin()) / double(x.size());
    const double g = double(std::upper_bound(y.begin(), y.end(), all[k]) - y.begin()) / double(y.size());
    w += std::abs(f - g) * (all[k + 1] - all[k]);
  }
  return w;
}
}  // namespace

TEST_CASE("thrust 1-D Wasserstein") {
  advdiv::random_engine rng(3);
  auto z = [](advdiv::random_engine& r) { return advdiv::standard_normal(r); };
  for (const auto& [n, m] : {std::pair<std::size_t, std::size_t>{1, 1}, {7, 5}, {1000, 1000}, {1000, 333},
                            {20000, 30001}}) {
    std::vector<double> x(n), y(m);
    for (auto& v : x) v = z(rng);
    for (auto& v : y) v = 0.5 + 2.0 * z(rng);
    const thrust::device_vector<double> dx(x.begin(), x.end()), dy(y.begin(), y.end());
    CAPTURE(n);
    CAPTURE(m);
    const double ref = w1_reference(x, y);
    CHECK(advdiv::wasserstein_1d(thrust::device, dx, dy) == doctest::Approx(ref).epsilon(1e-12));
    // Translation: W_p(x, x + c) = c for every p.
    std::vector<double> xs = x;
    for (auto& v : xs) v += 0.75;
    const thrust::device_vector<double> dxs(xs.begin(), xs.end());
    CHECK(advdiv::wasserstein_1d(thrust::device, dx, dxs, 3.0) == doctest::Approx(0.75).epsilon(1e-12));
    if (n == m) {  // W_2² = mean of squared differences of the sorted samples
      std::vector<double> a = x, b = y;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      double s = 0.0;
      for (std::size_t i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
      CHECK(advdiv::wasserstein_1d(thrust::device, dx, dy, 2.0) == doctest::Approx(std::sqrt(s / double(n))).epsilon(1e-12));
    }
    // Batched: three rows (x, y), (y, x shifted), (x, x).
    if (n == 1000) {
      std::vector<double> bx, by;
      const std::vector<double> xm(x.begin(), x.begin() + std::ptrdiff_t(m));  // m points of x
      bx.insert(bx.end(), x.begin(), x.end());
      by.insert(by.end(), y.begin(), y.end());
      bx.insert(bx.end(), x.begin(), x.end());
      by.insert(by.end(), xm.begin(), xm.end());
      const thrust::device_vector<double> dbx(bx.begin(), bx.end()), dby(by.begin(), by.end());
      thrust::device_vector<double> w;
      advdiv::rowwise::wasserstein_1d(thrust::device, dbx, dby, n, m, w);
      REQUIRE(w.size() == 2);
      const thrust::host_vector<double> hw = w;
      CHECK(double(hw[0]) == doctest::Approx(ref).epsilon(1e-12));
      CHECK(double(hw[1]) == doctest::Approx(w1_reference(x, xm)).epsilon(1e-12));
    }
  }
  const thrust::device_vector<double> good = std::vector<double>{1.0, 2.0}, bad = std::vector<double>{0.0, INFINITY},
                                      none;
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(thrust::device, good, bad), "advdiv::wasserstein_1d: y[1] = inf is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(thrust::device, none, good), "advdiv::wasserstein_1d: x is empty",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::wasserstein_1d(thrust::device, good, good, 0.5),
                       "advdiv::wasserstein_1d: p = 0.5 is not finite and >= 1", std::domain_error);
  thrust::device_vector<double> w;
  CHECK_THROWS_AS(advdiv::rowwise::wasserstein_1d(thrust::device, good, good, 2, 1, w), std::invalid_argument);
}


namespace {
thrust::device_vector<double> dev(const std::vector<double>& v) { return thrust::device_vector<double>(v.begin(), v.end()); }
}  // namespace

TEST_CASE("thrust 1-D Wasserstein: no overflow or underflow of |x − y|^p (issue 10)") {
  using V = std::vector<double>;
  // Point masses: W_p(δ_a, δ_b) = |a − b| (closed form).
  CHECK(advdiv::wasserstein_1d(thrust::device, dev({1e200}), dev({-1e200}), 2.0) ==
        doctest::Approx(2e200).epsilon(1e-15));
  CHECK(advdiv::wasserstein_1d(thrust::device, dev({0.0}), dev({0.5}), 2000.0) ==
        doctest::Approx(0.5).epsilon(1e-15));
  CHECK(advdiv::wasserstein_1d(thrust::device, dev({4.9e-324}), dev({0.0}), 2.0) == 4.9e-324);
  // An overflowing gap inside a finite W (see the CPU test): W_1 = 1.3e308, W_2 = 1e308·√1.78.
  V y(10, 0.0);
  y[3] = -1e308;
  CHECK(advdiv::wasserstein_1d(thrust::device, dev({1.2e308}), dev(y), 1.0) ==
        doctest::Approx(1.3e308).epsilon(1e-14));
  CHECK(advdiv::wasserstein_1d(thrust::device, dev({1.2e308}), dev(y), 2.0) ==
        doctest::Approx(1e308 * std::sqrt(1.78)).epsilon(1e-14));
  CHECK(advdiv::wasserstein_1d(thrust::device, dev({1e308, 1e308}), dev({-1e308, -1e308}), 2.0) == INFINITY);
  // Batched rows, each with its own scale: δ_0 vs ½δ_0 + ½δ_g has W_p = g·2^{−1/p}; one row
  // needs the halved unit (1.5e308 − (−1.5e308) overflows), the others must not be affected.
  const std::vector<double> gs{1e300, 1e-300, 3.0};
  for (double p : {1.0, 2.0, 40.0}) {
    V bx, by;
    for (double g : gs) {
      bx.insert(bx.end(), {0.0, 0.0});
      by.insert(by.end(), {0.0, g});
    }
    bx.insert(bx.end(), {1.5e308, 1.5e308});
    by.insert(by.end(), {-1.5e308, 1.5e308});  // W_p = 3e308·2^{−1/p}: inf unless p is large
    thrust::device_vector<double> w;
    advdiv::rowwise::wasserstein_1d(thrust::device, dev(bx), dev(by), 2, 2, w, p);
    const thrust::host_vector<double> hw = w;
    REQUIRE(hw.size() == 4);
    for (std::size_t r = 0; r < gs.size(); ++r)
      CHECK(double(hw[r]) == doctest::Approx(gs[r] * std::pow(2.0, -1.0 / p)).epsilon(1e-14));
    const double last = 1.5e308 * (2.0 * std::pow(2.0, -1.0 / p));  // may overflow to inf
    if (std::isinf(last)) CHECK(double(hw[3]) == INFINITY);
    else CHECK(double(hw[3]) == doctest::Approx(last).epsilon(1e-14));
    // Row by row the same as the CPU path.
    for (std::size_t r = 0; r < 4; ++r) {
      const double cpu = advdiv::wasserstein_1d(V(bx.begin() + 2 * r, bx.begin() + 2 * r + 2),
                                                V(by.begin() + 2 * r, by.begin() + 2 * r + 2), p);
      CHECK((double(hw[r]) == cpu || double(hw[r]) == doctest::Approx(cpu).epsilon(1e-15)));
    }
  }
}
