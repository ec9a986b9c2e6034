// The transport kernels dispatched at run time (core/dispatch.hpp): Sinkhorn's exponential
// sums (core/fast_exp.hpp) and emd's pricing scan (transport/detail/network_simplex.hpp),
// forced onto every target this CPU supports and compared with the build's code and with
// the long double exponential (x87 extended precision: its own error, < 1e-19, is far below
// the double errors measured here).
#include <advdiv/core/dispatch.hpp>
#include <advdiv/core/fast_exp.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/transport/detail/network_simplex.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <tuple>
#include <vector>

namespace {

using advdiv::detail::simd_target;

std::vector<simd_target> supported_targets() {
  std::vector<simd_target> out;
  for (const simd_target t : advdiv::detail::all_simd_targets)
    if (advdiv::detail::simd_target_supported(t)) out.push_back(t);
  return out;
}

long double rel(long double got, long double want) { return std::fabs(got - want) / std::fabs(want); }

}  // namespace

TEST_CASE("exp kernels: every target agrees with the build's code and the long double exponential") {
  // Several 256-chunks and a tail; exponents (shift + g − c)·scale from about −60 to +50, and
  // entries far below the flush-to-zero bound (they contribute exactly 0).
  const std::size_t m = 1003;
  std::vector<double> g(m), c(m), w(m);
  advdiv::random_engine rng(14);
  for (std::size_t j = 0; j < m; ++j) {
    g[j] = advdiv::uniform_real(rng, -1.0, 1.0);
    c[j] = advdiv::uniform_real(rng, 0.0, 1.2);
    w[j] = advdiv::uniform01(rng);
  }
  c[5] = 1e16;   // an exponent of −5e17
  c[6] = 1e300;  // −5e301
  const double shift = 0.3, scale = 1.0 / 0.02;
  std::vector<long double> term(m);
  long double exact = 0;
  for (std::size_t j = 0; j < m; ++j) {
    term[j] = std::exp(static_cast<long double>((shift + g[j] - c[j]) * scale));
    exact += w[j] * term[j];
  }
  const double v = 0.7;
  const std::vector<double> s0(m, 0.5);

  std::vector<double> s_build = s0, axpy_build = s0;
  const double dot_build =
      advdiv::detail::exp_dot_on(simd_target::build, nullptr, g.data(), c.data(), w.data(), 0.0, shift, scale, m, false);
  const double acc_build = advdiv::detail::exp_dot_on(simd_target::build, s_build.data(), g.data(), c.data(), w.data(),
                                                      v, shift, scale, m, true);
  advdiv::detail::exp_axpy_on(simd_target::build, axpy_build.data(), g.data(), c.data(), v, shift, scale, m);

  for (const simd_target t : supported_targets()) {
    CAPTURE(std::string(advdiv::detail::to_string(t)));
    std::vector<double> s = s0, axpy = s0;
    const double dot =
        advdiv::detail::exp_dot_on(t, nullptr, g.data(), c.data(), w.data(), 0.0, shift, scale, m, false);
    const double acc =
        advdiv::detail::exp_dot_on(t, s.data(), g.data(), c.data(), w.data(), v, shift, scale, m, true);
    advdiv::detail::exp_axpy_on(t, axpy.data(), g.data(), c.data(), v, shift, scale, m);
    // Same order of the sums on every target; each term within ~1 ulp (an FMA contracted or
    // not), the terms nonnegative: the documented 1e−15 relative bound.
    CHECK(rel(dot, dot_build) <= 1e-15L);
    CHECK(acc == dot);  // accumulating into s does not change the sum
    CHECK(rel(acc, acc_build) <= 1e-15L);
    CHECK(rel(dot, exact) <= 1e-14L);
    for (std::size_t j = 0; j < m; ++j) {
      const long double want_acc = 0.5L + v * (w[j] * term[j]);
      const long double want_axpy = 0.5L + v * term[j];
      CHECK(rel(s[j], s_build[j]) <= 1e-15L);
      CHECK(rel(s[j], want_acc) <= 1e-15L);
      CHECK(rel(axpy[j], axpy_build[j]) <= 1e-15L);
      CHECK(rel(axpy[j], want_axpy) <= 1e-15L);
    }
    CHECK(s[5] == 0.5);
    CHECK(s[6] == 0.5);
    CHECK(axpy[5] == 0.5);
    CHECK(axpy[6] == 0.5);
  }
  // The public entry points run the best target.
  CHECK(advdiv::detail::exp_dot(g.data(), c.data(), w.data(), shift, scale, m) ==
        advdiv::detail::exp_dot_on(advdiv::detail::best_simd_target(), nullptr, g.data(), c.data(), w.data(), 0.0,
                                   shift, scale, m, false));
}

TEST_CASE("network simplex pricing: identical pivots, plan and potentials on every target") {
  // Random costs and masses, n ≠ m, large enough for many 64-wide pricing chunks; ties in the
  // costs (rounded to 1/64) exercise the strict comparison.
  const std::size_t n = 70, m = 130;
  advdiv::random_engine rng(1414);
  std::vector<double> C(n * m), a(n), b(m);
  for (double& x : C) x = std::round(64.0 * advdiv::uniform_real(rng, 0.0, 4.0)) / 64.0;
  double sa = 0, sb = 0;
  for (double& x : a) sa += (x = 0.1 + advdiv::uniform01(rng));
  for (double& x : b) sb += (x = 0.1 + advdiv::uniform01(rng));
  for (double& x : a) x /= sa;
  for (double& x : b) x /= sb;  // both sum to 1 up to rounding

  using flow = std::tuple<std::size_t, std::size_t, double>;
  auto run = [&](simd_target t, std::vector<flow>& plan, std::vector<double>& pot, std::size_t& pivots) {
    advdiv::detail::network_simplex ns(n, m, C.data(), a.data(), b.data(), t);
    const auto st = ns.solve(10000000);
    pivots = ns.iterations();
    ns.for_each_flow([&](std::size_t i, std::size_t j, double f) { plan.emplace_back(i, j, f); });
    for (std::size_t i = 0; i < n; ++i) pot.push_back(ns.source_potential(i));
    for (std::size_t j = 0; j < m; ++j) pot.push_back(ns.target_potential(j));
    return st;
  };
  std::vector<flow> plan0;
  std::vector<double> pot0;
  std::size_t pivots0 = 0;
  REQUIRE(run(simd_target::build, plan0, pot0, pivots0) == advdiv::solver_status::converged);
  CHECK(pivots0 > 0);
  // Independent check of optimality of the build's answer: dual feasibility u_i + v_j ≤ C_ij
  // (to the pricing tolerance) and equal primal and dual objectives.
  double primal = 0, dual = 0;
  for (const auto& [i, j, f] : plan0) primal += f * C[i * m + j];
  for (std::size_t i = 0; i < n; ++i) dual += a[i] * pot0[i];
  for (std::size_t j = 0; j < m; ++j) dual += b[j] * pot0[n + j];
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) worst = std::max(worst, pot0[i] + pot0[n + j] - C[i * m + j]);
  CHECK(worst <= 1e-12);
  CHECK(std::fabs(primal - dual) <= 1e-12);

  for (const simd_target t : supported_targets()) {
    CAPTURE(std::string(advdiv::detail::to_string(t)));
    std::vector<flow> plan;
    std::vector<double> pot;
    std::size_t pivots = 0;
    CHECK(run(t, plan, pot, pivots) == advdiv::solver_status::converged);
    CHECK(pivots == pivots0);
    CHECK(plan == plan0);  // bit for bit
    CHECK(pot == pot0);
  }
}
