// gan::train steps per second on the reference toy architecture (float, batch 512):
//   discriminator D: 2 → 128 → 128 → 1, ReLU
//   generator     G: 256 → 128 → 128 → 2, ReLU
// non-saturating loss, Adam (lr 1e-4, β = (0.5, 0.999)) for both, one D step per G step. Every
// step draws fresh data (2-D standard normal, 512 points) and fresh noise (256 × 512 standard
// normal) as a user's samplers would, in bulk by fill_standard_normal as torch.randn draws
// them. bench/gan/compare_torch.py runs the same loop in PyTorch.
//
// One benchmark iteration is one gan::train call of `steps_per_call` steps; the counter
// steps_per_second is per generator step (each with its discriminator step).

#include <advdiv/core/random.hpp>
#include <advdiv/gan/objective/non_saturating.hpp>
#include <advdiv/gan/trainer.hpp>
#include <advdiv/nn.hpp>

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <cstddef>
#include <span>

namespace {

namespace nn = advdiv::nn;
namespace gan = advdiv::gan;
using discriminator = nn::mlp<float, nn::dense<2, 128, nn::relu>, nn::dense<128, 128, nn::relu>, nn::dense<128, 1>>;
using generator = nn::mlp<float, nn::dense<256, 128, nn::relu>, nn::dense<128, 128, nn::relu>, nn::dense<128, 2>>;
constexpr std::size_t batch = 512, steps_per_call = 20;

template <int Rows>
auto normal_sampler() {
  return [](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<float, Rows, Eigen::Dynamic> x(Rows, static_cast<Eigen::Index>(n));
    advdiv::fill_standard_normal(rng, std::span<float>(x.data(), std::size_t(x.size())));
    return x;
  };
}

void BM_train_non_saturating(benchmark::State& state) {
  discriminator d(nn::he_normal{}, 1);
  generator g(nn::he_normal{}, 2);
  nn::adam<float> opt_d({.learning_rate = 1e-4, .beta1 = 0.5, .beta2 = 0.999});
  nn::adam<float> opt_g({.learning_rate = 1e-4, .beta1 = 0.5, .beta2 = 0.999});
  std::uint64_t seed = 1;
  for (auto _ : state) {
    const auto r = gan::train(g, d, gan::non_saturating{}, normal_sampler<2>(), normal_sampler<256>(), opt_g, opt_d,
                              {.steps = steps_per_call, .batch_size = batch, .seed = seed++});
    benchmark::DoNotOptimize(r.generator_loss);
  }
  state.counters["steps_per_second"] =
      benchmark::Counter(double(state.iterations() * steps_per_call), benchmark::Counter::kIsRate);
  state.counters["steps_per_call"] = double(steps_per_call);
}
BENCHMARK(BM_train_non_saturating)->Unit(benchmark::kMillisecond);

// The samplers alone (the same draws as one call's steps): what drawing 2 × (256 × 512 + 2 × 512)
// normals per step costs, to split a step's time.
void BM_samplers_only(benchmark::State& state) {
  advdiv::random_engine rng(1);
  auto data = normal_sampler<2>();
  auto noise = normal_sampler<256>();
  for (auto _ : state) {
    for (std::size_t s = 0; s < steps_per_call; ++s) {
      benchmark::DoNotOptimize(data(rng, batch).data());
      benchmark::DoNotOptimize(noise(rng, batch).data());
      benchmark::DoNotOptimize(noise(rng, batch).data());
    }
  }
}
BENCHMARK(BM_samplers_only)->Unit(benchmark::kMillisecond);

}  // namespace
