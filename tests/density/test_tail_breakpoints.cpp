// Integrands that reach further than the densities (fuzzer finding P8, docs/reliability.md):
// √(p q) of a narrow normal inside a very wide one has a relative 3.4e-6 of its mass beyond
// the narrow one's 1e-10 quantiles; the quadrature put no breakpoint there and was off by
// 7.7e-8 under an error estimate of 1.3e-11. References: the closed form
// BC = √(2σ₁σ₂/(σ₁² + σ₂²))·exp(−(μ₁ − μ₂)²/(4(σ₁² + σ₂²))) evaluated by mpmath at 40 digits
// (and checked there against mpmath.quad of (√p − √q)² split at the narrow peak).
#include <advdiv/density.hpp>

#include <doctest/doctest.h>

#include <cmath>

// File-local names live in namespace test_tail_breakpoints: the layer compiles as one translation unit.
namespace test_tail_breakpoints {

TEST_CASE("a narrow normal inside a very wide one: the quadrature's estimate bounds its error (P8)") {
  const advdiv::normal p{-7.9375, 0.063868571790882289}, q{0, 1000};
  const advdiv::density_options quad{.closed_form = false};
  const double h2 = 1.977396184467696246089352002286151749401;
  const double bhattacharyya = 4.48278373865083284707683791850358141635;
  const auto h = advdiv::squared_hellinger(p, q, quad);
  CHECK(std::abs(h.value - h2) <= h.error + 1e-13);
  CHECK(h.value == doctest::Approx(h2).epsilon(1e-10));
  const auto hq = advdiv::squared_hellinger(q, p, quad);  // the wide one first
  CHECK(std::abs(hq.value - h2) <= hq.error + 1e-13);
  const auto a = advdiv::alpha_divergence(p, q, 0.5, quad);  // D_½ = 4(1 − BC) = 2H²
  CHECK(std::abs(a.value - 2 * h2) <= a.error + 1e-13);
  const auto b = advdiv::bhattacharyya(p, q, quad);
  CHECK(b.value == doctest::Approx(bhattacharyya).epsilon(1e-7));  // the miss was 3.4e-6 relative
}

}  // namespace test_tail_breakpoints
