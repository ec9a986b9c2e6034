// Density layer benchmarks: divergences by quadrature and in closed form, the GAN value,
// the variational bound, and the distribution primitives. compare_scipy.py runs the same
// integrals through SciPy and prints the ratios.

#include <advdiv/advdiv.hpp>
#include <advdiv/density.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <vector>

namespace {

const advdiv::mixture data{{0.3, advdiv::normal{-1, 0.5}}, {0.7, advdiv::normal{2, 1}}};
const advdiv::normal gen{0.5, 1.5};
const advdiv::normal n1{0, 1}, n2{1, 2};
const advdiv::density_options quad{.closed_form = false};

void BM_kl_normal_closed_form(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::kl(n1, n2).value);
}
BENCHMARK(BM_kl_normal_closed_form);

// The value goes out as the label, so that compare_scipy.py can check its accuracy.
template <class F>
void run(benchmark::State& state, F f) {
  double v = 0;
  for (auto _ : state) {
    // A const value: benchmark 1.7's DoNotOptimize(T&) ("+r,m" asm) corrupts a double
    // lvalue under GCC, the const& overload is an input-only constraint.
    const double r = f();
    benchmark::DoNotOptimize(r);
    v = r;
  }
  char label[32];
  std::snprintf(label, sizeof label, "%.17g", v);
  state.SetLabel(label);
}

void BM_kl_normal_quadrature(benchmark::State& state) {
  run(state, [] { return advdiv::kl(n1, n2, quad).value; });
}
BENCHMARK(BM_kl_normal_quadrature);

void BM_js_mixture_normal(benchmark::State& state) {
  run(state, [] { return advdiv::js(data, gen).value; });
}
BENCHMARK(BM_js_mixture_normal);

void BM_kl_mixture_normal(benchmark::State& state) {
  run(state, [] { return advdiv::kl(data, gen).value; });
}
BENCHMARK(BM_kl_mixture_normal);

void BM_gan_value_dstar(benchmark::State& state) {
  const auto D = advdiv::optimal_discriminator(data, gen);
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::gan_value(data, gen, D).value);
}
BENCHMARK(BM_gan_value_dstar);

void BM_variational_bound_kl(benchmark::State& state) {
  const auto T = advdiv::optimal_critic(data, gen, advdiv::fdiv::kl{});
  for (auto _ : state) benchmark::DoNotOptimize(advdiv::variational_bound(data, gen, T, advdiv::fdiv::kl{}).value);
}
BENCHMARK(BM_variational_bound_kl);

// D*(x) on the demo's grid of 801 points.
void BM_dstar_grid_801(benchmark::State& state) {
  const auto D = advdiv::optimal_discriminator(data, gen);
  std::vector<double> out(801);
  for (auto _ : state) {
    for (int i = 0; i < 801; ++i) out[static_cast<std::size_t>(i)] = D(-5.0 + 11.0 * i / 800);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_dstar_grid_801);

void BM_mixture_quantile(benchmark::State& state) {
  double u = 0.001;
  for (auto _ : state) {
    benchmark::DoNotOptimize(quantile(data, u));
    u = u + 0.0137 < 1.0 ? u + 0.0137 : 0.001;
  }
}
BENCHMARK(BM_mixture_quantile);

// 10^4 draws from the mixture.
void BM_mixture_sample_10k(benchmark::State& state) {
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    double s = 0;
    for (int i = 0; i < 10000; ++i) s += sample(data, rng);
    const double total = s;
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(BM_mixture_sample_10k);

}  // namespace
