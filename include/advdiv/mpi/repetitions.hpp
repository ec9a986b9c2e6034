#pragma once
/// \file
/// The estimator harness over MPI: independent repetitions of an experiment split across the
/// ranks, each with its own random stream, the results gathered in repetition order.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/core/status.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/estimate/result.hpp>
#include <advdiv/mpi/communicator.hpp>
#include <advdiv/mpi/detail/block_range.hpp>

#include <mpi.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace advdiv::mpi {

/// What repeat returns, the same on every rank (but the times).
template <class V>
struct repetitions {
  /// results[r] = f(random_engine(seed).substream(r), r), in repetition order.
  std::vector<V> results;
  /// The wall time of each repetition in seconds, on the rank that ran it.
  std::vector<double> seconds;
  /// The mean of the values (the doubles, or estimate_result::value), summed in repetition
  /// order: the same bits for every number of ranks (±inf or NaN values make it so).
  double mean = 0.0;
  /// Their sample standard deviation (divisor n − 1; 0 for one repetition), likewise.
  double sd = 0.0;
  /// The wall time of the call, the largest over the ranks.
  double wall_seconds = 0.0;
};

namespace detail {

/// One repetition's estimate_result without its message, as bytes for MPI.
struct result_record {
  double value = 0.0, std_error = 0.0, seconds = 0.0;
  std::uint64_t n = 0, m = 0, message_length = 0;
  std::int32_t status = 0, has_std_error = 0;
};

/// Gathers every rank's byte buffer on every rank, concatenated in rank order (MPI_Allgatherv).
inline std::vector<char> all_gather_bytes(communicator comm, const std::vector<char>& mine, const char* function) {
  const auto counts64 = all_gather(comm, static_cast<std::uint64_t>(mine.size()), function);
  std::vector<int> counts(counts64.size()), displs(counts64.size());
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts64.size(); ++r) {
    counts[r] = static_cast<int>(counts64[r]);
    displs[r] = static_cast<int>(total);
    total += counts64[r];
  }
  std::vector<char> all(total);
  check_mpi(MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_BYTE, all.data(), counts.data(),
                           displs.data(), MPI_BYTE, comm.native()),
            function, "MPI_Allgatherv");
  return all;
}

}  // namespace detail

/// Runs the repetitions r = 0 … reps−1 of an experiment, split across the ranks of `comm`:
/// rank k runs a contiguous block of ⌊reps/R⌋ or ⌈reps/R⌉ repetitions (in rank order), and
/// repetition r calls f(rng, r) with rng = random_engine(seed).substream(r), whichever rank
/// runs it. f returns a double or an estimate::estimate_result. The results are gathered on
/// every rank in repetition order (two MPI_Allgatherv: fixed-size records, then the messages),
/// so `results`, `mean` and `sd` are identical for any number of ranks and equal a plain loop
/// `for r: f(random_engine(seed).substream(r), r)`; only the times differ.
///
/// Collective: every rank calls it with the same reps and seed and an f that computes the same
/// thing everywhere (f itself need not be collective and must not call collectives). When f
/// throws for some repetition, every rank throws (after all ranks have finished their blocks)
/// the exception of the lowest such repetition, its kind kept (std::invalid_argument,
/// std::domain_error, else std::runtime_error), its message prefixed by
/// `advdiv::mpi::repeat: repetition 17: `. Catch inside f to count failures instead (as
/// examples/estimator_bench does).
/// Communication: three MPI_Allgather of a few bytes, two MPI_Allgatherv of 56·reps bytes
/// plus the messages, one MPI_Allreduce for errors, one for the wall time.
/// \throws std::domain_error (every rank) `advdiv::mpi::repeat: repetitions = 0 is not at
///   least 1`, or above 38347922 (`is not at most 38347922`: the gathered records must fit an
///   int count of bytes).
/// \code
/// auto runs = advdiv::mpi::repeat(MPI_COMM_WORLD, 1000, 7, [&](advdiv::random_engine& rng, std::size_t) {
///   Eigen::MatrixXd X = draw_p(rng, 2000), Y = draw_q(rng, 2000);
///   return advdiv::estimate::knn_kl(X, Y, {.k = 5});
/// });
/// if (advdiv::mpi::communicator{}.rank() == 0) std::printf("%.4f ± %.4f\n", runs.mean, runs.sd);
/// \endcode
template <class F>
auto repeat(communicator comm, std::size_t reps, std::uint64_t seed, F&& f) {
  constexpr const char* fn = "advdiv::mpi::repeat";
  using V = std::decay_t<std::invoke_result_t<F&, random_engine&, std::size_t>>;
  static_assert(std::is_same_v<V, double> || std::is_same_v<V, estimate::estimate_result>,
                "advdiv::mpi::repeat: f(rng, r) must return a double or an estimate::estimate_result");
  const auto start = std::chrono::steady_clock::now();
  detail::collective_checks(comm, fn, [&] {
    check_parameter(fn, "repetitions", reps, reps >= 1, "is not at least 1");
    // MPI_Allgatherv counts and displacements are ints: at most INT_MAX bytes of records.
    constexpr std::size_t most = std::size_t(std::numeric_limits<int>::max()) / sizeof(detail::result_record);
    check_parameter(fn, "repetitions", reps, reps <= most, ("is not at most " + std::to_string(most)).c_str());
  });
  const auto [first, last] = detail::block_range(comm, reps);
  const random_engine root(seed);

  // This rank's block: records and messages, stopping at its first failing repetition.
  std::vector<detail::result_record> records;
  std::string messages;
  std::optional<detail::local_failure> failure;
  for (std::size_t r = first; r < last && !failure; ++r) {
    failure = detail::capture_failure([&] {
      random_engine rng = root.substream(r);
      const auto t0 = std::chrono::steady_clock::now();
      V v = f(rng, r);
      detail::result_record rec;
      rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if constexpr (std::is_same_v<V, double>) {
        rec.value = v;
      } else {
        rec.value = v.value;
        rec.has_std_error = v.std_error.has_value();
        rec.std_error = v.std_error.value_or(0.0);
        rec.n = v.n;
        rec.m = v.m;
        rec.status = static_cast<std::int32_t>(v.status);
        rec.message_length = v.message.size();
        messages += v.message;
      }
      records.push_back(rec);
    });
    if (failure) failure->message = std::string(fn) + ": repetition " + std::to_string(r) + ": " + failure->message;
  }
  detail::raise_failure(comm, detail::lowest_failing_rank(comm, failure, fn), failure, fn);

  std::vector<char> mine(records.size() * sizeof(detail::result_record));
  if (!mine.empty()) std::memcpy(mine.data(), records.data(), mine.size());
  const std::vector<char> all = detail::all_gather_bytes(comm, mine, fn);
  const std::vector<char> text = detail::all_gather_bytes(comm, std::vector<char>(messages.begin(), messages.end()), fn);

  repetitions<V> out;
  out.results.reserve(reps);
  out.seconds.reserve(reps);
  std::size_t at = 0;
  for (std::size_t r = 0; r < reps; ++r) {
    detail::result_record rec;
    std::memcpy(&rec, all.data() + r * sizeof rec, sizeof rec);
    out.seconds.push_back(rec.seconds);
    if constexpr (std::is_same_v<V, double>) {
      out.results.push_back(rec.value);
    } else {
      estimate::estimate_result e;
      e.value = rec.value;
      if (rec.has_std_error) e.std_error = rec.std_error;
      e.n = rec.n;
      e.m = rec.m;
      e.status = static_cast<solver_status>(rec.status);
      e.message.assign(text.data() + at, rec.message_length);
      at += rec.message_length;
      out.results.push_back(std::move(e));
    }
  }
  auto value = [&](std::size_t r) {
    if constexpr (std::is_same_v<V, double>) return out.results[r];
    else return out.results[r].value;
  };
  compensated_sum<double> s;
  for (std::size_t r = 0; r < reps; ++r) s += value(r);
  out.mean = s.value() / static_cast<double>(reps);
  compensated_sum<double> s2;
  for (std::size_t r = 0; r < reps; ++r) s2 += (value(r) - out.mean) * (value(r) - out.mean);
  out.sd = reps > 1 ? std::sqrt(s2.value() / static_cast<double>(reps - 1)) : 0.0;
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  detail::check_mpi(MPI_Allreduce(MPI_IN_PLACE, &out.wall_seconds, 1, MPI_DOUBLE, MPI_MAX, comm.native()), fn,
                    "MPI_Allreduce");
  return out;
}

}  // namespace advdiv::mpi
