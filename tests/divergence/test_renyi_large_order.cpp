// Rényi divergence of a very large order (fuzzer finding D13, docs/reliability.md): where
// Σ p^α q^{1−α} overflows, the sum is rescaled by e^{−shift}; the shift was found by steps of
// 700, (α − 1)·745/700 passes over the data, so α = 1e300 never returned. References by
// mpmath at 60 digits: log(Σ p^α q^{1−α})/(α − 1) with p = (3/4, 1/4), q = (1/2, 1/2).
#include <advdiv/divergence.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <vector>

// File-local names live in namespace test_renyi_large_order: the layer compiles as one translation unit.
namespace test_renyi_large_order {

TEST_CASE("Renyi of a huge order returns, and is accurate (D13)") {
  const std::vector<double> p{0.75, 0.25}, q{0.5, 0.5};
  const auto start = std::chrono::steady_clock::now();
  CHECK(advdiv::renyi(p, q, 1e3) == doctest::Approx(0.4051771380656701067753713).epsilon(1e-14));
  CHECK(advdiv::renyi(p, q, 1e6) == doctest::Approx(0.4054648204258042478369515).epsilon(1e-14));
  CHECK(advdiv::renyi(p, q, 1e300) == doctest::Approx(0.4054651081081643819780131).epsilon(1e-14));
  const std::vector<float> pf{0.75f, 0.25f}, qf{0.5f, 0.5f};
  CHECK(double(advdiv::renyi(pf, qf, 1e300)) == doctest::Approx(0.4054651081081643819780131).epsilon(1e-7));
  // D_α → log max p/q = log 1.5 as α → ∞, and a zero q under a positive p stays +inf.
  CHECK(advdiv::renyi(std::vector<double>{1.0, 0.0}, std::vector<double>{0.5, 0.5}, 1e300) ==
        doctest::Approx(std::log(2.0)).epsilon(1e-14));
  CHECK(advdiv::renyi(std::vector<double>{0.5, 0.5}, std::vector<double>{1.0, 0.0}, 1e300) ==
        std::numeric_limits<double>::infinity());
  // O(log α) passes: the whole case takes milliseconds, not (α − 1)·745/700 passes.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

}  // namespace test_renyi_large_order
