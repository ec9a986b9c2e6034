#pragma once
/// \file
/// The sharded divergences of mpi/divergence.hpp with each rank's slice reduced by Thrust under
/// an execution policy (a GPU per rank: `advdiv::mpi::kl(comm, thrust::device, p_local, q_local)`
/// with thrust::device_vector slices). Each rank sums its slice as the Thrust backend does
/// (thrust/divergence.hpp: the per-element pair_sums of the catalogue's terms merged by a
/// Thrust reduction, or the CPU block loop on host chunks for host memory), copies the one
/// pair_sums record to the host, and the ranks combine the records exactly as the CPU path
/// does: one MPI_Allgather of 88 bytes per rank, merged in rank order, the global checks and
/// messages of mpi/divergence.hpp. Only the 88-byte records cross MPI, so no CUDA-aware MPI is
/// needed. Not included by advdiv/mpi.hpp (it needs advdiv::thrust): include it yourself.

#include <advdiv/mpi/divergence.hpp>
#include <advdiv/thrust/divergence.hpp>

#include <cstddef>
#include <optional>

namespace advdiv::mpi {

namespace detail {

/// The local side of a Thrust shard: [p, p + np) and [q, q + nq) readable by `exec`.
template <class E, class ItP, class ItQ>
struct thrust_shard {
  const E& exec;
  ItP p;
  std::size_t np;
  ItQ q;
  std::size_t nq;

  std::size_t p_size() const noexcept { return np; }
  std::size_t q_size() const noexcept { return nq; }

  /// Σ over the slice, as the Thrust backend sums it (advdiv::detail::thrust_pair_sums).
  template <class A, class Term>
  advdiv::detail::pair_sums<A> sums(const Term& term) const {
    return advdiv::detail::thrust_pair_sums<A>(exec, p, q, np, term);
  }

  /// Throws for the first invalid entry of the slice of p (`which` = 0) or of q (1), found by a
  /// Thrust reduction, named by its global index.
  void check_masses(const char* function, int which, const char* name, std::size_t offset) const {
    namespace ad = advdiv::detail;
    const auto throw_first = [&](auto first, std::size_t n) {
      const auto bad = ad::first_failing(exec, first, n, ad::is_valid_mass{});
      if (bad.index < n)
        ad::throw_value_error(function, ad::element_name(name, offset + bad.index), bad.value,
                              ad::nonnegative_finite_problem(bad.value));
    };
    if (which == 0)
      throw_first(p, np);
    else
      throw_first(q, nq);
  }
};

/// A sharded divergence on two Thrust ranges under `exec`.
template <class E, class ItP, class ItQ, class Extra, class Value>
auto reduce_thrust_shards(communicator comm, const E& exec, const char* function, ItP p, std::size_t np, ItQ q,
                          std::size_t nq, const divergence_options& options, const call_settings& settings,
                          const Extra& extra, const Value& value) {
  using R = divergence_result_t<advdiv::detail::iter_value_t<ItP>, advdiv::detail::iter_value_t<ItQ>>;
  advdiv::detail::checked_options o{1.0, 0.0};
  const std::optional<local_failure> failure =
      local_checks<R>(comm, function, np, nq, options, extra, no_extra_checks{}, o);
  return reduce_shard<R>(comm, function, thrust_shard<E, ItP, ItQ>{exec, p, np, q, nq}, failure, options, o, settings,
                         value);
}

}  // namespace detail

/// advdiv::mpi::f_divergence with this rank's slices reduced by Thrust under `exec`
/// (thrust::device with thrust::device_vector slices: a GPU per rank; thrust::host, thrust::omp::par,
/// ...). Collective; the same bits on every rank; global sums, global indices and errors as
/// advdiv::mpi::f_divergence (messages `advdiv::mpi::f_divergence: ...`). Agrees with the CPU
/// form to a few ulps (the Thrust reduction associates the terms differently).
/// Communication: one MPI_Allgather of 88 bytes per rank (host memory; the device holds the data).
/// \code
/// thrust::device_vector<double> p_local = ..., q_local = ...;  // this rank's slices
/// double d = advdiv::mpi::f_divergence(MPI_COMM_WORLD, thrust::device, p_local, q_local, advdiv::fdiv::pearson{});
/// \endcode
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, f_generator G>
auto f_divergence(communicator comm, const E& exec, const P& p_local, const Q& q_local, const G& g,
                  const divergence_options& options = {}) {
  return detail::reduce_thrust_shards(comm, exec, "advdiv::mpi::f_divergence", p_local.begin(),
                                      advdiv::detail::range_size(p_local), q_local.begin(),
                                      advdiv::detail::range_size(q_local), options, {},
                                      advdiv::detail::log_unit_check<f_divergence_term<G>>{"advdiv::mpi::f_divergence",
                                                                                    options.log_base},
                                      detail::term_value<f_divergence_term<G>>{f_divergence_term<G>{g}});
}

/// \def ADVDIV_MPI_THRUST_NAMED
/// Defines advdiv::mpi::NAME(comm, exec, p_local, q_local, options) from the catalogue entry.
#define ADVDIV_MPI_THRUST_NAMED(NAME, TERM, FINISH)                                                      \
  /** advdiv::mpi::NAME with this rank's slices reduced by Thrust under `exec` (a GPU per rank with */  \
  /** thrust::device); see advdiv::mpi::f_divergence(communicator, const E&, const P&, const Q&, */      \
  /** const G&, const divergence_options&). */                                                           \
  template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>                \
  auto NAME(communicator comm, const E& exec, const P& p_local, const Q& q_local,                       \
            const divergence_options& options = {}) {                                                   \
    return detail::reduce_thrust_shards(comm, exec, "advdiv::mpi::" #NAME, p_local.begin(),             \
                                        advdiv::detail::range_size(p_local), q_local.begin(),           \
                                        advdiv::detail::range_size(q_local), options, {},               \
                                        advdiv::detail::log_unit_check<TERM>{"advdiv::mpi::" #NAME, options.log_base}, \
                                        detail::term_value<TERM, FINISH>{});                             \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_MPI_THRUST_NAMED)
#undef ADVDIV_MPI_THRUST_NAMED

/// advdiv::mpi::entropy with this rank's slice reduced by Thrust under `exec`.
/// \code
/// double h = advdiv::mpi::entropy(MPI_COMM_WORLD, thrust::device, p_local);
/// \endcode
template <thrust_execution_policy E, thrust_floating_range P>
auto entropy(communicator comm, const E& exec, const P& p_local, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::entropy";
  using It = decltype(p_local.begin());
  using R = advdiv::detail::iter_value_t<It>;
  const std::size_t n = advdiv::detail::range_size(p_local);
  advdiv::detail::checked_options o{1.0, 0.0};
  const std::optional<detail::local_failure> failure = detail::capture_failure(
      [&] { o = advdiv::detail::check_divergence_options<R>(function, options); });
  const detail::thrust_shard<E, It, It> shard{exec, p_local.begin(), n, p_local.begin(), n};
  const detail::call_settings settings{options.log_base, o.tolerance};
  const detail::sharded_reducer<advdiv::detail::accumulator_t<R>, detail::thrust_shard<E, It, It>> reduce{
      comm, function, shard, settings, failure, "p", "p"};
  return static_cast<R>(detail::term_value<advdiv::detail::entropy_term>{}(reduce, o.inv_log_base));
}

/// advdiv::mpi::alpha_divergence with this rank's slices reduced by Thrust under `exec`.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto alpha_divergence(communicator comm, const E& exec, const P& p_local, const Q& q_local, double alpha,
                      const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::alpha_divergence";
  using term = f_divergence_term<fdiv::alpha>;
  return detail::reduce_thrust_shards(
      comm, exec, function, p_local.begin(), advdiv::detail::range_size(p_local), q_local.begin(),
      advdiv::detail::range_size(q_local), options, {.parameter = alpha, .parameter_name = "alpha"},
      [alpha, &options] {
        check_alpha(function, alpha);
        (void)check_log_unit<fdiv::alpha>(function, options.log_base);
      },
      [alpha](const auto& reduce, double inv_log_base) {
        return detail::term_value<term>{term{fdiv::alpha{alpha}}}(reduce, inv_log_base);
      });
}

/// advdiv::mpi::renyi with this rank's slices reduced by Thrust under `exec` (one MPI_Allgather
/// of 88 bytes per pass, as advdiv::mpi::renyi).
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto renyi(communicator comm, const E& exec, const P& p_local, const Q& q_local, double alpha,
           const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::renyi";
  return detail::reduce_thrust_shards(
      comm, exec, function, p_local.begin(), advdiv::detail::range_size(p_local), q_local.begin(),
      advdiv::detail::range_size(q_local), options, {.parameter = alpha, .parameter_name = "alpha"},
      [alpha] { check_positive_finite(function, "alpha", alpha); },
      [alpha](const auto& reduce, double inv_log_base) {
        using A = decltype(reduce(f_divergence_term<fdiv::kl>{}));
        return advdiv::detail::renyi_value<A>(alpha, inv_log_base, reduce);
      });
}

}  // namespace advdiv::mpi
