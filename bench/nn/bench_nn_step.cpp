// One WGAN training step on the reference toy architecture (float, batch 512):
//   critic    D: 2 → 128 → 128 → 1, ReLU
//   generator G: 256 → 128 → 128 → 2, ReLU
// Critic step: fake = G(z₁) (no backward), loss mean D(fake) − mean D(real), backward, Adam.
// Generator step: loss −mean D(G(z₂)), backward through D's input into G, Adam.
// bench/nn/compare_torch.py runs the same step in PyTorch and prints the ratio.
//
// Counters: GFLOP/s counts the multiply-adds of the matrix products (2 flops each) that a
// step needs. BM_eigen_gemm_only runs exactly those products with plain Eigen matrices
// (no bias, activation or optimizer) to give Eigen's own GEMM rate on the same shapes.

#include <advdiv/core/random.hpp>
#include <advdiv/nn.hpp>

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <vector>

namespace {

namespace nn = advdiv::nn;
constexpr int batch = 512;
using critic = nn::mlp<float, nn::dense<2, 128, nn::relu>, nn::dense<128, 128, nn::relu>,
                       nn::dense<128, 1>>;
using generator = nn::mlp<float, nn::dense<256, 128, nn::relu>, nn::dense<128, 128, nn::relu>,
                          nn::dense<128, 2>>;

// Matrix products of one step, as (rows, depth, cols) of C = A·B.
struct gemm_shape {
  int m, k, n;
};
std::vector<gemm_shape> step_products() {
  std::vector<gemm_shape> s;
  const int d[] = {2, 128, 128, 1}, g[] = {256, 128, 128, 2};
  auto forward = [&](const int* w) {
    for (int l = 0; l < 3; ++l) s.push_back({w[l + 1], w[l], batch});
  };
  auto backward = [&](const int* w, bool input_gradient) {
    for (int l = 0; l < 3; ++l) {
      s.push_back({w[l + 1], batch, w[l]});                            // dW = δ aᵀ
      if (l > 0 || input_gradient) s.push_back({w[l], w[l + 1], batch});  // Wᵀ δ
    }
  };
  // Critic step: G forward, D forward+backward on real and on fake.
  forward(g);
  for (int i = 0; i < 2; ++i) {
    forward(d);
    backward(d, false);
  }
  // Generator step: G forward, D forward, D backward with input gradient, G backward.
  forward(g);
  forward(d);
  backward(d, true);
  backward(g, false);
  return s;
}

double step_flops() {
  double f = 0;
  for (const auto& p : step_products()) f += 2.0 * p.m * p.k * p.n;
  return f;
}

Eigen::MatrixXf gaussian(int rows, int cols, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  Eigen::MatrixXf m(rows, cols);
  for (auto& v : m.reshaped()) v = float(advdiv::standard_normal(rng));
  return m;
}

void BM_wgan_step(benchmark::State& state) {
  critic d(nn::he_normal{}, 1);
  generator g(nn::he_normal{}, 2);
  nn::adam<float> opt_d({.learning_rate = 1e-4, .beta1 = 0.5, .beta2 = 0.9});
  nn::adam<float> opt_g({.learning_rate = 1e-4, .beta1 = 0.5, .beta2 = 0.9});
  const Eigen::MatrixXf real = gaussian(2, batch, 3);
  const Eigen::MatrixXf z1 = gaussian(256, batch, 4), z2 = gaussian(256, batch, 5);
  const Eigen::RowVectorXf up = Eigen::RowVectorXf::Constant(batch, 1.0f / batch);
  const Eigen::RowVectorXf down = -up;
  Eigen::MatrixXf fake(2, batch);
  for (auto _ : state) {
    // Critic step.
    fake = g.forward(z1);
    d.zero_grad();
    d.forward(real);
    d.backward(down, false);
    d.forward(fake);
    d.backward(up, false);
    opt_d.step(d);
    // Generator step.
    g.zero_grad();
    d.zero_grad();
    d.forward(g.forward(z2));
    g.backward(d.backward(down), false);
    opt_g.step(g);
    benchmark::DoNotOptimize(g.parameters().data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(step_flops() * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["flop/step"] = step_flops();
}
BENCHMARK(BM_wgan_step)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_critic_step(benchmark::State& state) {
  critic d(nn::he_normal{}, 1);
  nn::adam<float> opt_d({.learning_rate = 1e-4, .beta1 = 0.5, .beta2 = 0.9});
  const Eigen::MatrixXf real = gaussian(2, batch, 3);
  const Eigen::RowVectorXf up = Eigen::RowVectorXf::Constant(batch, 1.0f / batch);
  for (auto _ : state) {
    d.zero_grad();
    d.forward(real);
    d.backward(up, false);
    opt_d.step(d);
    benchmark::DoNotOptimize(d.parameters().data());
  }
}
BENCHMARK(BM_critic_step)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_eigen_gemm_only(benchmark::State& state) {
  const auto shapes = step_products();
  std::vector<Eigen::MatrixXf> a, b, c;
  for (const auto& s : shapes) {
    a.push_back(gaussian(s.m, s.k, 7));
    b.push_back(gaussian(s.k, s.n, 8));
    c.emplace_back(s.m, s.n);
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < shapes.size(); ++i) c[i].noalias() = a[i] * b[i];
    benchmark::DoNotOptimize(c.back().data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(step_flops() * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["flop/step"] = step_flops();
}
BENCHMARK(BM_eigen_gemm_only)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
