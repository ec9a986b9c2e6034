// Data-parallel training: on R ranks with batch B each, mpi::train equals gan::train with batch
// R·B whose samplers return the ranks' batches concatenated in rank order (drawn here from the
// same per-rank streams), the parameters are identical on every rank, and stopping (non-finite
// values, failures, callbacks) is collective.
#include <advdiv/gan.hpp>
#include <advdiv/mpi/train.hpp>
#include <advdiv/nn.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace am = advdiv::mpi;
namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

namespace {

using row = Eigen::Matrix<double, 1, Eigen::Dynamic>;
using generator_t = nn::mlp<double, nn::dense<1, 8, nn::tanh>, nn::dense<8, 1>>;
using critic_t = nn::mlp<double, nn::dense<1, 16, nn::tanh>, nn::dense<16, 1>>;

/// n draws of mean + sd·N(0, 1) from rng, as a 1 × n batch.
row normal_batch(advdiv::random_engine& rng, std::size_t n, double mean, double sd) {
  row x(1, static_cast<Eigen::Index>(n));
  for (auto& v : x.reshaped()) v = mean + sd * advdiv::standard_normal(rng);
  return x;
}

/// The sampler of the single-process reference: asked for R·B samples, it returns the R batches
/// of B that the ranks' samplers draw, in rank order, each from rank r's stream
/// random_engine(seed).substream(which).substream(r) (mpi::train's documented streams); the
/// trainer's own engine is ignored.
struct concatenated_sampler {
  std::vector<advdiv::random_engine> streams;
  double mean, sd;
  concatenated_sampler(std::uint64_t seed, std::uint64_t which, int ranks, double mean_, double sd_) : mean(mean_), sd(sd_) {
    for (int r = 0; r < ranks; ++r)
      streams.push_back(advdiv::random_engine(seed).substream(which).substream(static_cast<std::uint64_t>(r)));
  }
  row operator()(advdiv::random_engine&, std::size_t n) {
    const std::size_t b = n / streams.size();
    row x(1, static_cast<Eigen::Index>(n));
    for (std::size_t r = 0; r < streams.size(); ++r)
      x.middleCols(static_cast<Eigen::Index>(r * b), static_cast<Eigen::Index>(b)) = normal_batch(streams[r], b, mean, sd);
    return x;
  }
};

std::vector<double> parameters_of(generator_t& g, critic_t& d) {
  std::vector<double> p(g.parameters().begin(), g.parameters().end());
  p.insert(p.end(), d.parameters().begin(), d.parameters().end());
  return p;
}

/// FNV-1a of the bits of the values.
std::uint64_t bit_hash(const std::vector<double>& v) {
  std::uint64_t h = 14695981039346656037ull;
  for (double x : v) {
    std::uint64_t b = 0;
    std::memcpy(&b, &x, sizeof b);
    h = (h ^ b) * 1099511628211ull;
  }
  return h;
}

bool same_on_every_rank(am::communicator comm, std::uint64_t h) {
  for (std::uint64_t other : am::detail::all_gather(comm, h, "test")) {
    if (other != h) return false;
  }
  return true;
}

/// mpi::train on this communicator against gan::train with the concatenated batches.
template <class O>
void check_matches_single_process(const O& objective, std::size_t critic_steps) {
  const am::communicator comm;
  const int ranks = comm.size();
  constexpr std::size_t B = 8, steps = 50;
  constexpr std::uint64_t seed = 11;
  auto data = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 1.0, 0.5); };
  auto noise = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 0.0, 1.0); };

  generator_t G(nn::glorot_uniform{}, 3);
  critic_t D(nn::glorot_uniform{}, 4);
  nn::adam<double> og({.learning_rate = 0.01}), od({.learning_rate = 0.01});
  const auto r = am::train(comm, G, D, objective, data, noise, og, od,
                           {.steps = steps, .discriminator_steps = critic_steps, .batch_size = B, .seed = seed});

  generator_t G1(nn::glorot_uniform{}, 3);
  critic_t D1(nn::glorot_uniform{}, 4);
  nn::adam<double> og1({.learning_rate = 0.01}), od1({.learning_rate = 0.01});
  const auto r1 = gan::train(G1, D1, objective, concatenated_sampler(seed, 0, ranks, 1.0, 0.5),
                             concatenated_sampler(seed, 1, ranks, 0.0, 1.0), og1, od1,
                             {.steps = steps, .discriminator_steps = critic_steps, .batch_size = ranks * B, .seed = seed});

  CHECK(r.status == advdiv::solver_status::iteration_limit);
  CHECK(r1.status == advdiv::solver_status::iteration_limit);
  CHECK(r.steps == steps);
  const std::vector<double> p = parameters_of(G, D), p1 = parameters_of(G1, D1);
  double worst = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) worst = std::max(worst, std::abs(p[i] - p1[i]));
  INFO("ranks = ", ranks, ", largest parameter difference = ", worst);
  CHECK(worst < 1e-6);
  if (ranks == 1) CHECK(p == p1);  // nothing to reassociate: the same bits
  // The reported losses are the global batch means.
  CHECK(r.discriminator_loss == doctest::Approx(r1.discriminator_loss).epsilon(1e-9));
  CHECK(r.generator_loss == doctest::Approx(r1.generator_loss).epsilon(1e-9));
  CHECK(same_on_every_rank(comm, bit_hash(p)));
  CHECK(same_on_every_rank(comm, bit_hash({r.discriminator_loss, r.generator_loss})));
}

}  // namespace

TEST_CASE("mpi: train on R ranks with batch B is gan::train with batch R·B (non-saturating)") {
  check_matches_single_process(gan::non_saturating{}, 1);
}

TEST_CASE("mpi: train matches gan::train with a gradient penalty (WGAN-GP, 3 critic steps)") {
  check_matches_single_process(gan::wasserstein_gp{}, 3);
}

TEST_CASE("mpi: train matches gan::train with weight clipping (WGAN, 2 critic steps)") {
  check_matches_single_process(gan::wasserstein{}, 2);
}

TEST_CASE("mpi: the ranks start from rank 0's parameters") {
  const am::communicator comm;
  generator_t G(nn::glorot_uniform{}, 3 + static_cast<std::uint64_t>(comm.rank()));
  critic_t D(nn::glorot_uniform{}, 4 + static_cast<std::uint64_t>(comm.rank()));
  nn::sgd<double> og, od;
  auto sampler = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 0.0, 1.0); };
  am::train(comm, G, D, gan::minimax{}, sampler, sampler, og, od, {.steps = 3, .batch_size = 4});
  CHECK(same_on_every_rank(comm, bit_hash(parameters_of(G, D))));
}

TEST_CASE("mpi: a non-finite sample on one rank stops every rank with status non_finite") {
  const am::communicator comm;
  const int last = comm.size() - 1;
  // The last rank's noise sampler returns NaN on its 5th call (the critic step of step 3).
  int calls = 0;
  auto noise = [&](advdiv::random_engine& rng, std::size_t n) {
    row z = normal_batch(rng, n, 0.0, 1.0);
    if (comm.rank() == last && ++calls == 5) z(0, 1) = std::numeric_limits<double>::quiet_NaN();
    return z;
  };
  auto data = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 1.0, 1.0); };
  gan::location_scale<double> G(0.0, 1.0);
  critic_t D(nn::glorot_uniform{}, 2);
  nn::sgd<double> og, od;
  const auto r = am::train(comm, G, D, gan::non_saturating{}, data, noise, og, od, {.steps = 10, .batch_size = 8});
  CHECK(r.status == advdiv::solver_status::non_finite);
  CHECK(r.steps == 2);
  CHECK(r.message == "step 3: a generated sample is not finite");
  std::vector<double> p(G.parameters().begin(), G.parameters().end());
  p.insert(p.end(), D.parameters().begin(), D.parameters().end());
  CHECK(same_on_every_rank(comm, bit_hash(p)));
}

TEST_CASE("mpi: a rank's exception (NaN data into an MLP critic) is raised on every rank") {
  const am::communicator comm;
  const int last = comm.size() - 1;
  auto data = [&](advdiv::random_engine& rng, std::size_t n) {
    row x = normal_batch(rng, n, 1.0, 1.0);
    if (comm.rank() == last) x(0, 2) = std::numeric_limits<double>::quiet_NaN();
    return x;
  };
  auto noise = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 0.0, 1.0); };
  generator_t G(nn::glorot_uniform{}, 3);
  critic_t D(nn::glorot_uniform{}, 4);
  nn::sgd<double> og, od;
  // gan::train throws the same for this sampler on one process.
  CHECK_THROWS_WITH_AS(am::train(comm, G, D, gan::non_saturating{}, data, noise, og, od, {.steps = 5, .batch_size = 4}),
                       "advdiv::nn::mlp::forward: x(0, 2) = nan is not finite", std::domain_error);
  // A sampler returning the wrong count, on one rank.
  auto short_data = [&](advdiv::random_engine& rng, std::size_t n) {
    return normal_batch(rng, comm.rank() == last ? n - 1 : n, 1.0, 1.0);
  };
  CHECK_THROWS_WITH_AS(
      am::train(comm, G, D, gan::non_saturating{}, short_data, noise, og, od, {.steps = 5, .batch_size = 4}),
      "advdiv::mpi::train: the data sampler returned 3 samples instead of the batch size 4", std::invalid_argument);
}

TEST_CASE("mpi: train's options are checked on every rank") {
  const am::communicator comm;
  generator_t G(nn::glorot_uniform{}, 3);
  critic_t D(nn::glorot_uniform{}, 4);
  nn::sgd<double> og, od;
  auto sampler = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 0.0, 1.0); };
  CHECK_THROWS_WITH_AS(am::train(comm, G, D, gan::minimax{}, sampler, sampler, og, od, {.batch_size = 0}),
                       "advdiv::mpi::train: batch_size = 0 is not positive", std::domain_error);
  if (comm.size() > 1) {
    const std::uint64_t seed = comm.rank() == 0 ? 7 : 8;
    CHECK_THROWS_WITH_AS(
        am::train(comm, G, D, gan::minimax{}, sampler, sampler, og, od, {.steps = 2, .batch_size = 4, .seed = seed}),
        "advdiv::mpi::train: options differ between ranks (rank 1 has seed = 8, rank 0 seed = 7)",
        std::invalid_argument);
  }
}

TEST_CASE("mpi: a callback's stop on one rank stops every rank; callbacks run on every rank") {
  const am::communicator comm;
  const int last = comm.size() - 1;
  struct stopper {
    bool mine;
    std::size_t ends = 0;
    bool on_step_end(const gan::train_state<generator_t, critic_t>& s) { return mine && s.step == 4; }
    void on_end(const gan::train_state<generator_t, critic_t>&, const gan::train_result&) { ++ends; }
  } cb{comm.rank() == last};
  generator_t G(nn::glorot_uniform{}, 3);
  critic_t D(nn::glorot_uniform{}, 4);
  nn::sgd<double> og, od;
  auto sampler = [](advdiv::random_engine& rng, std::size_t n) { return normal_batch(rng, n, 0.0, 1.0); };
  const auto r = am::train(comm, G, D, gan::minimax{}, sampler, sampler, og, od, {.steps = 20, .batch_size = 4}, cb);
  CHECK(r.status == advdiv::solver_status::converged);
  CHECK(r.steps == 4);
  CHECK(r.message == "stopped by a callback after 4 steps");
  CHECK(cb.ends == 1);
}

TEST_CASE("mpi: train with float networks (the gradients are allreduced as MPI_FLOAT)") {
  using G_f = nn::mlp<float, nn::dense<1, 8, nn::tanh>, nn::dense<8, 1>>;
  using D_f = nn::mlp<float, nn::dense<1, 16, nn::tanh>, nn::dense<16, 1>>;
  using row_f = Eigen::Matrix<float, 1, Eigen::Dynamic>;
  const am::communicator comm;
  const int ranks = comm.size();
  constexpr std::size_t B = 8, steps = 20;
  constexpr std::uint64_t seed = 5;
  // Rank r's stream, as in concatenated_sampler, in float.
  struct sampler {
    std::vector<advdiv::random_engine> streams;  // one per rank for the reference, or none
    float mean;
    row_f operator()(advdiv::random_engine& rng, std::size_t n) {
      row_f x(1, static_cast<Eigen::Index>(n));
      if (streams.empty()) {
        for (auto& v : x.reshaped()) v = mean + static_cast<float>(advdiv::standard_normal(rng));
        return x;
      }
      const std::size_t b = n / streams.size();
      for (std::size_t r = 0; r < streams.size(); ++r)
        for (std::size_t i = 0; i < b; ++i)
          x(0, static_cast<Eigen::Index>(r * b + i)) = mean + static_cast<float>(advdiv::standard_normal(streams[r]));
      return x;
    }
  };
  auto streams = [&](std::uint64_t which) {
    std::vector<advdiv::random_engine> s;
    for (int r = 0; r < ranks; ++r) s.push_back(advdiv::random_engine(seed).substream(which).substream(std::uint64_t(r)));
    return s;
  };
  G_f G(nn::glorot_uniform{}, 3), G1(nn::glorot_uniform{}, 3);
  D_f D(nn::glorot_uniform{}, 4), D1(nn::glorot_uniform{}, 4);
  nn::adam<float> og({.learning_rate = 0.01f}), od({.learning_rate = 0.01f}), og1({.learning_rate = 0.01f}),
      od1({.learning_rate = 0.01f});
  am::train(comm, G, D, gan::non_saturating{}, sampler{{}, 1.0f}, sampler{{}, 0.0f}, og, od,
            {.steps = steps, .batch_size = B, .seed = seed});
  gan::train(G1, D1, gan::non_saturating{}, sampler{streams(0), 1.0f}, sampler{streams(1), 0.0f}, og1, od1,
             {.steps = steps, .batch_size = ranks * B, .seed = seed});
  float worst = 0.0f;
  std::vector<double> bits;
  for (std::size_t i = 0; i < G.parameters().size(); ++i) {
    worst = std::max(worst, std::abs(G.parameters()[i] - G1.parameters()[i]));
    bits.push_back(G.parameters()[i]);
  }
  for (std::size_t i = 0; i < D.parameters().size(); ++i) {
    worst = std::max(worst, std::abs(D.parameters()[i] - D1.parameters()[i]));
    bits.push_back(D.parameters()[i]);
  }
  INFO("largest parameter difference (float) = ", worst);
  CHECK(worst < 1e-4f);
  CHECK(same_on_every_rank(comm, bit_hash(bits)));
}
