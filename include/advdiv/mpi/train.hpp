#pragma once
/// \file
/// Data-parallel GAN training: gan::train's loop with every rank drawing its own batch and one
/// MPI_Allreduce of the flat gradient per network per step.

#include <advdiv/core/random.hpp>
#include <advdiv/gan/trainer.hpp>
#include <advdiv/mpi/communicator.hpp>

#include <mpi.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace advdiv::mpi {

namespace detail {

/// gan::detail::train_loop's reducer over a communicator (the hooks are described at
/// gan::detail::local_reducer; what they do here, at mpi::train).
class train_reducer {
 public:
  train_reducer(communicator comm, const char* function)
      : comm_(comm), rank_(comm.rank()), size_(comm.size()), function_(function) {}

  random_engine data_stream(const random_engine& root) const {
    return root.substream(0).substream(static_cast<std::uint64_t>(rank_));
  }
  random_engine noise_stream(const random_engine& root) const {
    return root.substream(1).substream(static_cast<std::uint64_t>(rank_));
  }
  // One stream shared by the ranks, each taking its block of every step's draws.
  random_engine penalty_stream(const random_engine& root) const { return root.substream(2); }

  /// Rank 0's parameters on every rank (MPI_Bcast), so that identical updates keep them equal.
  template <class G, class D>
  void begin(G& generator, D& discriminator) const {
    broadcast(generator.parameters());
    broadcast(discriminator.parameters());
  }

  template <class T, class F>
  void local(gan::detail::step_report<T>& report, F&& f) {
    failure_ = capture_failure(f);
    report.failed = failure_.has_value();
  }

  /// Rank r's interpolation weights are the draws [r·B, (r + 1)·B) of the R·B the shared stream
  /// gives this step: the weights of a single process's batch of R·B, split in rank order.
  template <class Batch>
  Batch interpolate(const Batch& x, const Batch& x_fake, random_engine& rng) const {
    const auto b = static_cast<std::size_t>(x.cols());
    skip(rng, static_cast<std::size_t>(rank_) * b);  // gan::interpolate takes one 64-bit draw per column
    Batch out = gan::interpolate(x, x_fake, rng);
    skip(rng, static_cast<std::size_t>(size_ - 1 - rank_) * b);
    return out;
  }

  /// One MPI_Allreduce (sum) of [∂L/∂θ..., loss, sample not finite, failed]; then the gradient
  /// and the loss are divided by R (the global batch mean), and a failure on any rank is raised
  /// on every rank (the lowest failing rank's exception).
  template <class N, class T>
  void combine(N& network, gan::detail::step_report<T>& report) {
    const std::span<T> grad = network.gradients();
    const std::size_t p = grad.size();
    std::vector<T>& buffer = buffer_of<T>();
    buffer.resize(p + 3);
    std::copy(grad.begin(), grad.end(), buffer.begin());
    const bool computed = !report.failed && !report.sample_not_finite;
    buffer[p] = computed ? report.loss : T(0);
    buffer[p + 1] = report.sample_not_finite ? T(1) : T(0);
    buffer[p + 2] = report.failed ? T(1) : T(0);
    allreduce_sum(comm_, buffer.data(), buffer.size(), function_);
    if (buffer[p + 2] > T(0)) raise_failure(comm_, lowest_failing_rank(comm_, failure_, function_), failure_, function_);
    const T inv_r = T(1) / static_cast<T>(size_);
    report.sample_not_finite = buffer[p + 1] > T(0);
    report.loss = buffer[p] * inv_r;
    for (std::size_t i = 0; i < p; ++i) grad[i] = buffer[i] * inv_r;
  }

  /// Whether any rank's flag is true (MPI_Allreduce, MPI_LOR).
  bool any(bool flag) const {
    int f = flag ? 1 : 0;
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, &f, 1, MPI_INT, MPI_LOR, comm_.native()), function_, "MPI_Allreduce");
    return f != 0;
  }

 private:
  template <class T>
  void broadcast(std::span<T> values) const {
    check_mpi(MPI_Bcast(values.data(), static_cast<int>(values.size()), datatype<T>(), 0, comm_.native()), function_,
              "MPI_Bcast");
  }
  static void skip(random_engine& rng, std::size_t draws) {
    for (std::size_t i = 0; i < draws; ++i) rng();
  }
  template <class T>
  std::vector<T>& buffer_of() {
    if constexpr (std::is_same_v<T, float>) return float_buffer_;
    else return double_buffer_;
  }

  communicator comm_;
  int rank_, size_;
  const char* function_;
  std::optional<local_failure> failure_;
  std::vector<float> float_buffer_;
  std::vector<double> double_buffer_;
};

}  // namespace detail

/// Data-parallel gan::train over the ranks of `comm`: the same alternating game (see
/// gan::train for the losses, the callbacks and the statuses), with each of the R ranks
/// drawing its own batch of B = options.batch_size samples, so that a step sees R·B samples.
///
/// Per discriminator step and per generator step, each rank computes the gradient of its own
/// batch's mean loss; ONE MPI_Allreduce (MPI_SUM) of the network's flat gradient
/// (network.gradients(), in the network's scalar type) with three more scalars (the loss, a
/// non-finite-sample flag, a failure flag) gives every rank the sum; divided by R it is the
/// gradient of the global batch mean. Every rank then takes the same optimizer step, so the
/// parameters stay equal on every rank. Communication per generator step:
/// (discriminator_steps·(P_D + 3) + (P_G + 3)) scalars allreduced per rank (8 bytes each for
/// double networks), plus one MPI_Allreduce of an int when callbacks are given (a stop
/// requested by a callback on any rank stops all ranks). Before the first step rank 0's
/// parameters are broadcast (MPI_Bcast), so the ranks start equal even if initialised apart.
/// The order of the allreduced sums is MPI's; the parameters stay identical on every rank
/// because MPI_Allreduce hands every rank the same sum (the standard advises it and Open MPI's
/// algorithms do it; tests/mpi/test_train.cpp checks the bits on 1, 2 and 4 ranks).
///
/// Randomness, for options.seed = s and root = random_engine(s): rank r's data sampler draws
/// from root.substream(0).substream(r), its noise sampler from root.substream(1).substream(r).
/// The gradient penalty's interpolation weights (penalised objectives) come from one stream
/// root.substream(2) shared by the ranks: each discriminator step, rank r takes the draws
/// [r·B, (r + 1)·B) of the next R·B (skipping the others, R·B engine calls per step), so the
/// weights are those of gan::train's penalty stream with batch R·B. Hence mpi::train on R ranks
/// equals gan::train with batch R·B and samplers returning the concatenation (in rank order)
/// of the ranks' batches, up to floating-point reassociation of the sums.
///
/// Stopping is collective: a generated sample that is not finite, or a non-finite global mean
/// loss (any rank's NaN or ±inf makes the sum non-finite), stops every rank at the same step
/// with status non_finite and the same message as gan::train ("step 3: a generated sample is
/// not finite", "step 5: discriminator loss = nan"). An exception in one rank's local work (a
/// sampler returning the wrong count, a network rejecting a NaN input) is raised on every rank
/// (the lowest failing rank's type and message). The reported losses are the global means.
///
/// Callbacks run on every rank with the same state (the wall time is the rank's own); print on
/// one rank (e.g. `if (rank == 0)`). They must not throw on some ranks only.
///
/// Collective: every rank calls it with networks and optimizers of the same types and state,
/// the same objective and the same options. Memory: one buffer of max(P_G, P_D) + 3 scalars.
/// \throws std::domain_error (every rank) `advdiv::mpi::train: batch_size = 0 is not positive`
///   (likewise steps, discriminator_steps).
/// \throws std::invalid_argument (every rank) if the options differ between ranks, e.g.
///   `advdiv::mpi::train: options differ between ranks (rank 1 has seed = 8, rank 0 seed = 7)`;
///   the local failures above.
/// \code
/// advdiv::mpi::communicator comm;  // MPI_COMM_WORLD
/// auto r = advdiv::mpi::train(comm, G, D, advdiv::gan::non_saturating{}, data, noise, opt_g, opt_d,
///                             {.steps = 2000, .batch_size = 128, .seed = 7});  // 128 per rank
/// if (comm.rank() == 0) std::printf("%s: L_D = %g\n", r.message.c_str(), r.discriminator_loss);
/// \endcode
template <nn::differentiable_network G, nn::differentiable_network D, gan::objective O, class DataSampler,
          class NoiseSampler, class OptG, class OptD, class... Callbacks>
  requires(D::output_dim == 1 && D::input_dim == G::output_dim)
gan::train_result train(communicator comm, G& generator, D& discriminator, const O& objective, DataSampler&& data,
                        NoiseSampler&& noise, OptG& opt_g, OptD& opt_d, const gan::train_options& options,
                        Callbacks&&... callbacks) {
  constexpr const char* fn = "advdiv::mpi::train";
  const std::uint64_t mine[5] = {options.steps, options.discriminator_steps, options.batch_size, options.seed,
                                 options.evaluate_every};
  std::vector<std::uint64_t> all(5 * static_cast<std::size_t>(comm.size()));
  detail::check_mpi(MPI_Allgather(mine, 5, MPI_UINT64_T, all.data(), 5, MPI_UINT64_T, comm.native()), fn, "MPI_Allgather");
  detail::collective_checks(comm, fn, [&] {
    static constexpr const char* names[5] = {"steps", "discriminator_steps", "batch_size", "seed", "evaluate_every"};
    for (std::size_t r = 1; r < static_cast<std::size_t>(comm.size()); ++r)
      for (std::size_t i = 0; i < 5; ++i)
        if (all[5 * r + i] != all[i])
          advdiv::detail::throw_invalid_argument(
              fn, std::string("options differ between ranks (rank ") + std::to_string(r) + " has " + names[i] + " = " +
                      std::to_string(all[5 * r + i]) + ", rank 0 " + names[i] + " = " + std::to_string(all[i]) + ")");
    check_parameter(fn, "batch_size", options.batch_size, options.batch_size > 0, "is not positive");
    check_parameter(fn, "steps", options.steps, options.steps > 0, "is not positive");
    check_parameter(fn, "discriminator_steps", options.discriminator_steps, options.discriminator_steps > 0,
                    "is not positive");
  });
  detail::train_reducer reducer(comm, fn);
  return gan::detail::train_loop(fn, generator, discriminator, objective, data, noise, opt_g, opt_d, options, reducer,
                                 callbacks...);
}

}  // namespace advdiv::mpi
