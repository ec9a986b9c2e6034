#pragma once
/// \file
/// The k-nearest-neighbour estimators of estimate/knn.hpp with their query loop split across
/// the ranks of a communicator.
///
/// What is replicated and what is split: every rank passes the WHOLE samples X (n points) and
/// Y (m points) and builds its own k-d trees of them (the neighbours of X_i are searched in
/// all of X and all of Y). Only the loop over the query points X_0 … X_{n−1} is split: rank r
/// of R takes a contiguous index range of ⌊n/R⌋ or ⌈n/R⌉ points, in rank order (ranks get no
/// point when n < R), and sums its points' terms in index order; the R partial sums are
/// combined in rank order (compensated sum, or log-sum-exp for the Póczos–Schneider
/// estimators). The sample sizes in the formulas are the global n and m, and the result
/// (estimate_result: value, n, m, status converged, std_error empty as in the single-process
/// estimators) is the same on every rank and equals the single-process estimate up to the
/// rounding of the regrouped sum (tests: 1e-12). The tree builds, O((n + m) log(n + m)), are
/// repeated on every rank; the queries, O(n log(n + m)), are split.
///
/// Memory per rank: the samples read into doubles, 8·d·(n + m) bytes, plus the trees, which
/// hold their own leaf-ordered copy and two index arrays, 8·d·(n + m) + 16·(n + m) bytes, and
/// about 2(n + m)/leaf_size nodes of ~64 bytes; plus 24·n/R bytes of per-point distances and
/// query positions: about 16·(d + 1)·(n + m) bytes on every rank, whatever R (the caller's
/// own copy of the samples comes on top). The layer splits the work, not the memory: X and Y
/// must fit on every rank.
///
/// Communication per call: two MPI_Allreduce of an int for the collective checks (options,
/// samples), one MPI_Allgather of a 64-bit hash of the samples and of the options that change
/// the value (a rank whose copy differs throws on every rank: no silently mixed estimate), one MPI_Allreduce of an int for the errors of the search, and one
/// MPI_Allgather of one double (the partials): 5 small collectives (knn_entropy: 4), O(R)
/// bytes, independent of n and m.
///
/// Errors are collective and name global indices: every rank throws the error the
/// single-process estimator throws for the same data (with the function named
/// `advdiv::mpi::knn_kl` etc.), e.g. the duplicate-point domain_error for the lowest such point.
/// `threads` splits each rank's share further over std::thread.

#include <advdiv/core/log_sum_exp.hpp>
#include <advdiv/core/points.hpp>
#include <advdiv/estimate/knn.hpp>
#include <advdiv/estimate/result.hpp>
#include <advdiv/mpi/communicator.hpp>
#include <advdiv/mpi/detail/block_range.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace advdiv::mpi {

namespace detail {

/// FNV-1a over the dimension, the count and the bits of the coordinates.
inline std::uint64_t cloud_hash(const advdiv::detail::point_cloud& c, std::uint64_t h = 14695981039346656037ull) {
  auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(c.dim);
  mix(c.count);
  for (double v : c.data) {
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    mix(b);
  }
  return h;
}

/// Throws std::invalid_argument on every rank unless every rank holds the same samples and the
/// same options that change the value (k, adaptive_k, α: `settings`).
inline void check_replicated(communicator comm, const char* function, const advdiv::detail::point_cloud& x,
                             const advdiv::detail::point_cloud* y, std::initializer_list<double> settings) {
  std::uint64_t h = cloud_hash(x);
  if (y) h = cloud_hash(*y, h);
  for (double v : settings) {
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    h = (h ^ b) * 1099511628211ull;
  }
  const std::vector<std::uint64_t> all = all_gather(comm, h, function);
  for (std::size_t r = 1; r < all.size(); ++r)
    if (all[r] != all[0])
      advdiv::detail::throw_invalid_argument(
          function, std::string("the samples (") + (y ? "X and Y" : "X") +
                        ") and the options are replicated on every rank, but rank " + std::to_string(r) +
                        "'s differ from rank 0's");
}

/// f() on every rank; if it throws anywhere, every rank throws the lowest failing rank's error.
template <class T, class F>
T collective_value(communicator comm, const char* function, F&& f) {
  T value{};
  collective_checks(comm, function, [&] { value = f(); });
  return value;
}

inline estimate::estimate_result knn_result(double value, std::size_t n, std::size_t m) {
  return estimate::detail::knn_result(value, n, m);
}

/// The samples of a two-sample estimator, read and checked on every rank (collectively), then
/// checked to be the same on every rank.
template <class SX, class SY>
estimate::detail::knn_samples read_two(communicator comm, const char* function, const SX& X, const SY& Y,
                                       std::size_t k, std::initializer_list<double> settings) {
  auto s = collective_value<std::optional<estimate::detail::knn_samples>>(
      comm, function, [&] { return std::optional(estimate::detail::knn_read_two(function, X, Y, k)); });
  check_replicated(comm, function, s->x, &s->y, settings);
  return std::move(*s);
}

/// log Â_α of the Póczos–Schneider estimators, the query loop split across the ranks.
template <class SX, class SY>
estimate::detail::knn_log_alpha log_alpha_integral(communicator comm, const char* function, const SX& X, const SY& Y,
                                                   double alpha, const estimate::knn_alpha_options& o) {
  collective_checks(comm, function, [&] {
    estimate::detail::knn_check_options(function, o.k, o.threads, o.leaf_size);
    estimate::detail::knn_check_alpha(function, alpha, o.k);
  });
  const estimate::detail::knn_samples s = read_two(comm, function, X, Y, o.k, {double(o.k), alpha});
  const auto [first, last] = block_range(comm, s.x.count);
  const double partial = collective_value<double>(comm, function, [&] {
    return advdiv::detail::with_dimension(s.x.dim, [&](auto dim) {
      return estimate::detail::knn_log_alpha_partial<decltype(dim)::value>(function, s.x, s.y, alpha, o, first, last);
    });
  });
  const double log_sum = log_sum_exp(all_gather(comm, partial, function));  // in rank order
  return {estimate::detail::knn_log_alpha_finish(log_sum, s.x.count, o.k, alpha), s.x.count, s.y.count};
}

}  // namespace detail

/// estimate::knn_kl (the Wang–Kulkarni–Verdú k-NN estimate of KL(P‖Q), fixed or adaptive k;
/// formula, assumptions and options there) with the query loop split across the ranks of
/// `comm`. X (n points from P) and Y (m points from Q) are replicated: every rank passes both
/// whole (see the file for the split, the memory per rank and the communication). The result
/// is the same on every rank, with n and m the sizes of X and Y, and equals
/// estimate::knn_kl(X, Y, options) to rounding (≤ 1e-12 in the tests).
///
/// Collective: every rank calls it with the same samples and options.
/// \throws on every rank what estimate::knn_kl throws for these samples, with the function
///   named `advdiv::mpi::knn_kl` (duplicate points: the lowest index, as there);
///   std::invalid_argument `advdiv::mpi::knn_kl: the samples (X and Y) and the options are
///   replicated on every rank, but rank 2's differ from rank 0's` (k or adaptive_k included).
/// \code
/// // every rank: the whole X (d × n) and Y (d × m), e.g. read from the same file
/// auto r = advdiv::mpi::knn_kl(MPI_COMM_WORLD, X, Y, {.k = 5});
/// if (advdiv::mpi::communicator{}.rank() == 0) std::printf("KL = %.6f\n", r.value);
/// \endcode
template <class SX, class SY>
estimate::estimate_result knn_kl(communicator comm, const SX& X, const SY& Y,
                                 const estimate::knn_kl_options& options = {}) {
  const char* function = "advdiv::mpi::knn_kl";
  detail::collective_checks(comm, function, [&] {
    estimate::detail::knn_check_options(function, options.k, options.threads, options.leaf_size);
  });
  const estimate::detail::knn_samples s =
      detail::read_two(comm, function, X, Y, options.k, {double(options.k), options.adaptive_k ? 1.0 : 0.0});
  const auto [first, last] = detail::block_range(comm, s.x.count);
  const double partial = detail::collective_value<double>(comm, function, [&] {
    return advdiv::detail::with_dimension(s.x.dim, [&](auto dim) {
      return estimate::detail::knn_kl_partial<decltype(dim)::value>(function, s.x, s.y, options, first, last);
    });
  });
  const double sum = detail::sum_in_rank_order(comm, partial, function);
  return detail::knn_result(estimate::detail::knn_kl_finish(sum, s.x.count, s.y.count, s.x.dim, options.adaptive_k),
                            s.x.count, s.y.count);
}

/// estimate::knn_entropy (Kozachenko–Leonenko; formula there) with the query loop split across
/// the ranks; X (n points) is replicated. The result (m = 0) is the same on every rank and
/// equals estimate::knn_entropy(X, options) to rounding.
/// \throws on every rank what estimate::knn_entropy throws, function `advdiv::mpi::knn_entropy`;
///   std::invalid_argument if the ranks' copies of X or their k differ.
/// \code
/// double h = advdiv::mpi::knn_entropy(MPI_COMM_WORLD, X, {.k = 3}).value;
/// \endcode
template <class SX>
estimate::estimate_result knn_entropy(communicator comm, const SX& X, const estimate::knn_entropy_options& options = {}) {
  const char* function = "advdiv::mpi::knn_entropy";
  struct read_t {
    advdiv::detail::point_cloud x;
    int scale_exponent = 0;
  };
  auto s = detail::collective_value<std::optional<read_t>>(comm, function, [&] {
    estimate::detail::knn_check_options(function, options.k, options.threads, options.leaf_size);
    read_t r{advdiv::detail::read_sample(X, function, "X"), 0};
    estimate::detail::knn_check_count(function, "X", r.x.count, options.k + 1, "k + 1");
    r.scale_exponent = estimate::detail::knn_rescale(r.x, nullptr);
    return std::optional(std::move(r));
  });
  detail::check_replicated(comm, function, s->x, nullptr, {double(options.k)});
  const auto [first, last] = detail::block_range(comm, s->x.count);
  const double partial = detail::collective_value<double>(comm, function, [&] {
    return advdiv::detail::with_dimension(s->x.dim, [&](auto dim) {
      return estimate::detail::knn_entropy_partial<decltype(dim)::value>(function, s->x, options, first, last);
    });
  });
  const double sum = detail::sum_in_rank_order(comm, partial, function);
  return detail::knn_result(estimate::detail::knn_entropy_finish(sum, s->x.count, s->x.dim, options.k, s->scale_exponent),
                            s->x.count, 0);
}

/// estimate::knn_renyi_divergence (Póczos–Schneider; formula and range of α there) with the
/// query loop split across the ranks; X and Y replicated. The ranks' partial log-sums of the
/// terms are combined by log-sum-exp in rank order. Equals the single-process estimate to
/// rounding, on every rank.
/// \throws on every rank what estimate::knn_renyi_divergence throws (function
///   `advdiv::mpi::knn_renyi_divergence`); std::invalid_argument if the ranks' copies of X and
///   Y, or their k or α, differ.
/// \code
/// double r = advdiv::mpi::knn_renyi_divergence(MPI_COMM_WORLD, X, Y, 0.8, {.k = 4}).value;
/// \endcode
template <class SX, class SY>
estimate::estimate_result knn_renyi_divergence(communicator comm, const SX& X, const SY& Y, double alpha,
                                               const estimate::knn_alpha_options& options = {}) {
  const auto a = detail::log_alpha_integral(comm, "advdiv::mpi::knn_renyi_divergence", X, Y, alpha, options);
  return detail::knn_result(a.log_a / (alpha - 1.0), a.n, a.m);
}

/// estimate::knn_alpha_divergence (Amari's α-divergence, fdiv::alpha's convention) with the
/// query loop split across the ranks, as knn_renyi_divergence.
/// \throws as knn_renyi_divergence (function `advdiv::mpi::knn_alpha_divergence`).
/// \code
/// double d = advdiv::mpi::knn_alpha_divergence(MPI_COMM_WORLD, X, Y, 0.5).value;
/// \endcode
template <class SX, class SY>
estimate::estimate_result knn_alpha_divergence(communicator comm, const SX& X, const SY& Y, double alpha,
                                               const estimate::knn_alpha_options& options = {}) {
  const auto a = detail::log_alpha_integral(comm, "advdiv::mpi::knn_alpha_divergence", X, Y, alpha, options);
  return detail::knn_result(std::expm1(a.log_a) / (alpha * (alpha - 1.0)), a.n, a.m);
}

/// estimate::knn_hellinger_affinity (the Bhattacharyya coefficient ∫√(pq)) with the query loop
/// split across the ranks, as knn_renyi_divergence.
/// \throws as knn_renyi_divergence (function `advdiv::mpi::knn_hellinger_affinity`).
/// \code
/// double bc = advdiv::mpi::knn_hellinger_affinity(MPI_COMM_WORLD, X, Y, {.k = 3}).value;
/// \endcode
template <class SX, class SY>
estimate::estimate_result knn_hellinger_affinity(communicator comm, const SX& X, const SY& Y,
                                                 const estimate::knn_alpha_options& options = {}) {
  const auto a = detail::log_alpha_integral(comm, "advdiv::mpi::knn_hellinger_affinity", X, Y, 0.5, options);
  return detail::knn_result(std::exp(a.log_a), a.n, a.m);
}

/// estimate::knn_squared_hellinger (H² = 2(1 − BC), fdiv::squared_hellinger's convention) with
/// the query loop split across the ranks, as knn_renyi_divergence.
/// \throws as knn_renyi_divergence (function `advdiv::mpi::knn_squared_hellinger`).
/// \code
/// double h2 = advdiv::mpi::knn_squared_hellinger(MPI_COMM_WORLD, X, Y).value;
/// \endcode
template <class SX, class SY>
estimate::estimate_result knn_squared_hellinger(communicator comm, const SX& X, const SY& Y,
                                                const estimate::knn_alpha_options& options = {}) {
  const auto a = detail::log_alpha_integral(comm, "advdiv::mpi::knn_squared_hellinger", X, Y, 0.5, options);
  return detail::knn_result(-2.0 * std::expm1(a.log_a), a.n, a.m);
}

}  // namespace advdiv::mpi
