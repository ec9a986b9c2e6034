// Properties on random inputs (seeded advdiv::random_engine): D(P‖P) = 0, JS ≤ log 2, the metric
// axioms of TV (and of the JS distance), the data-processing inequality under random Markov
// kernels and joint convexity, for every f-divergence of the catalogue.
#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

// File-local names live in namespace test_properties: the layer compiles as one translation unit.
namespace test_properties {

namespace {

const double ln2 = std::log(2.0);

// A random probability vector: Dirichlet(1) weights, each zero with probability zero_fraction.
std::vector<double> random_probability(advdiv::random_engine& rng, std::size_t n, double zero_fraction) {
  std::vector<double> x(n);
  double s = 0;
  for (auto& v : x) {
    v = advdiv::uniform01(rng) < zero_fraction ? 0.0 : advdiv::standard_exponential(rng);
    s += v;
  }
  if (s == 0) x[0] = s = 1;
  for (auto& v : x) v /= s;
  return x;
}

// A random n × m Markov kernel K (row-stochastic, some entries 0): (PK)_j = Σ_i p_i K(i, j).
std::vector<std::vector<double>> random_kernel(advdiv::random_engine& rng, std::size_t n, std::size_t m) {
  std::vector<std::vector<double>> k(n);
  for (auto& row : k) row = random_probability(rng, m, 0.3);
  return k;
}

std::vector<double> push_forward(const std::vector<double>& p, const std::vector<std::vector<double>>& k) {
  std::vector<double> out(k[0].size(), 0.0);
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = 0; j < out.size(); ++j) out[j] += p[i] * k[i][j];
  return out;
}

// Every generator of the catalogue (alpha at several orders) with f(1) (0 except gan's −log 4).
template <class Fn>
void for_each_f_divergence(Fn fn) {
  fn("kl", advdiv::fdiv::kl{}, 0.0);
  fn("reverse_kl", advdiv::fdiv::reverse_kl{}, 0.0);
  fn("pearson", advdiv::fdiv::pearson{}, 0.0);
  fn("neyman", advdiv::fdiv::neyman{}, 0.0);
  fn("squared_hellinger", advdiv::fdiv::squared_hellinger{}, 0.0);
  fn("jeffreys", advdiv::fdiv::jeffreys{}, 0.0);
  fn("jensen_shannon", advdiv::fdiv::jensen_shannon{}, 0.0);
  fn("gan", advdiv::fdiv::gan{}, -std::log(4.0));
  fn("total_variation", advdiv::fdiv::total_variation{}, 0.0);
  for (const double a : {-1.0, 0.25, 0.5, 2.0, 3.0}) fn("alpha", advdiv::fdiv::alpha{a}, 0.0);
}

// a ≤ b up to rounding (a few ulps of the larger magnitude); equal infinities pass.
bool at_most(double a, double b) {
  return a <= b || a == b || a - b <= 1e-12 * std::max(std::abs(a), std::abs(b)) + 1e-15;
}

}  // namespace

TEST_CASE("D(P‖P) = f(1) for every f-divergence, and Rényi / entropy identities, on random P") {
  advdiv::random_engine rng(101);
  for (int trial = 0; trial < 40; ++trial) {
    const auto p = random_probability(rng, 1 + trial * 13, trial % 2 ? 0.3 : 0.0);
    INFO("trial " << trial);
    for_each_f_divergence([&](const char* name, const auto& g, double f1) {
      INFO(name);
      CHECK(advdiv::f_divergence(p, p, g) == doctest::Approx(f1).scale(1e-15));
    });
    for (const double a : {0.3, 0.5, 1.0, 2.0, 7.0}) CHECK(advdiv::renyi(p, p, a) == doctest::Approx(0.0).scale(1e-15));
    CHECK(advdiv::cross_entropy(p, p) == doctest::Approx(advdiv::entropy(p)).epsilon(1e-14).scale(1e-300));
  }
}

TEST_CASE("JS is symmetric and in [0, log 2]; TV and the JS distance are metrics") {
  advdiv::random_engine rng(202);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 1 + static_cast<std::size_t>(trial) * 7;
    const double zeros = (trial % 3) * 0.3;
    const auto p = random_probability(rng, n, zeros), q = random_probability(rng, n, zeros),
               r = random_probability(rng, n, zeros);
    INFO("trial " << trial);
    const double js = advdiv::js(p, q);
    CHECK(js >= 0.0);
    CHECK(js <= ln2);
    CHECK(advdiv::js(p, q, advdiv::bits) <= 1.0);
    CHECK(js == advdiv::js(q, p));
    using V = std::vector<double>;
    using metric = double (*)(const V&, const V&);
    const metric tv = [](const V& a, const V& b) { return double(advdiv::total_variation(a, b)); };
    const metric jsd = [](const V& a, const V& b) { return double(advdiv::js_distance(a, b)); };
    for (const metric d : {tv, jsd}) {
      CHECK(d(p, q) >= 0.0);
      CHECK(d(p, p) == 0.0);
      CHECK(d(p, q) == d(q, p));
      CHECK(at_most(d(p, r), d(p, q) + d(q, r)));  // triangle inequality
    }
    CHECK(advdiv::total_variation(p, q) <= 1.0);
    if (p != q) CHECK(advdiv::total_variation(p, q) > 0.0);  // identity of indiscernibles
  }
}

TEST_CASE("data-processing inequality D_f(PK‖QK) ≤ D_f(P‖Q) under random Markov kernels") {
  advdiv::random_engine rng(303);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = 2 + static_cast<std::size_t>(trial) % 17, m = 1 + static_cast<std::size_t>(trial * 5) % 11;
    const double zeros = trial % 4 == 0 ? 0.25 : 0.0;
    const auto p = random_probability(rng, n, zeros), q = random_probability(rng, n, zeros);
    const auto k = random_kernel(rng, n, m);
    const auto pk = push_forward(p, k), qk = push_forward(q, k);
    INFO("trial " << trial << ", n = " << n << ", m = " << m);
    for_each_f_divergence([&](const char* name, const auto& g, double) {
      INFO(name);
      CHECK(at_most(advdiv::f_divergence(pk, qk, g), advdiv::f_divergence(p, q, g)));
    });
    // Rényi divergences satisfy it too (they are monotone functions of f-divergences).
    for (const double a : {0.3, 0.5, 2.0, 4.0}) CHECK(at_most(advdiv::renyi(pk, qk, a), advdiv::renyi(p, q, a)));
    CHECK(at_most(advdiv::js_distance(pk, qk), advdiv::js_distance(p, q)));
  }
}

TEST_CASE("joint convexity D_f(λP₁ + (1−λ)P₂ ‖ λQ₁ + (1−λ)Q₂) ≤ λD_f(P₁‖Q₁) + (1−λ)D_f(P₂‖Q₂)") {
  advdiv::random_engine rng(404);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = 1 + static_cast<std::size_t>(trial) * 3;
    const double zeros = trial % 3 == 0 ? 0.3 : 0.0;
    const auto p1 = random_probability(rng, n, zeros), q1 = random_probability(rng, n, zeros);
    const auto p2 = random_probability(rng, n, zeros), q2 = random_probability(rng, n, zeros);
    const double lambda = advdiv::uniform01(rng);
    std::vector<double> pm(n), qm(n);
    for (std::size_t i = 0; i < n; ++i) {
      pm[i] = lambda * p1[i] + (1 - lambda) * p2[i];
      qm[i] = lambda * q1[i] + (1 - lambda) * q2[i];
    }
    INFO("trial " << trial << ", lambda = " << lambda);
    for_each_f_divergence([&](const char* name, const auto& g, double) {
      INFO(name);
      const double d1 = advdiv::f_divergence(p1, q1, g), d2 = advdiv::f_divergence(p2, q2, g);
      // λ·inf with λ > 0 is inf; guard 0·inf, impossible here since λ ∈ (0, 1).
      CHECK(at_most(advdiv::f_divergence(pm, qm, g), lambda * d1 + (1 - lambda) * d2));
    });
  }
}

}  // namespace test_properties
