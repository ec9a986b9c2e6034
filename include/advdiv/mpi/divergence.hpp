#pragma once
/// \file
/// The discrete divergences of the catalogue on probability vectors sharded across the ranks of
/// a communicator: rank r holds a contiguous slice of p and of q, and the global vectors are the
/// concatenations of the slices in rank order. Each rank sums its slice with the CPU path's own
/// loop and per-element terms (detail::sum_blocks, the terms of detail::named), then one
/// MPI_Allgather of a fixed-size record per rank (the compensated Σ term, Σp, Σq, the invalid
/// flag, the slice lengths, the call's settings and a local-failure flag) lets every rank merge
/// the records in rank order: the same bits on every rank, whatever order the messages arrive
/// in. Ranks called with different settings (log base, tolerance, α) are refused on every rank.
///
/// Validation is of the global vectors, with the CPU's messages under the name of the MPI
/// function (`advdiv::mpi::kl: p sums to 1.1, not 1 (tolerance 1e-06)`) and global indices
/// (`advdiv::mpi::kl: p[1234] = -1 is negative`). A rank may hold an empty slice; the global
/// vectors must not be empty. Every error is raised on every rank (communicator.hpp).
///
/// Communication per call (R ranks): one MPI_Allgather of sizeof(detail::shard_sums<A>) bytes
/// per rank (88 for double and float input), i.e. 88·R bytes received by each rank; renyi makes
/// one such call per pass over the data (one or two, more only where Σ p^α q^{1−α} overflows).
/// Error paths add an MPI_Allreduce of an int and two broadcasts of the message.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/discrete.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/options.hpp>
#include <advdiv/divergence/pair_reduction.hpp>
#include <advdiv/mpi/communicator.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

namespace advdiv::mpi {

namespace detail {

/// What one rank contributes to a sharded pair reduction: its sums, the lengths of its slices,
/// the settings it was called with (log base, sum tolerance, parameter: compared with rank 0's)
/// and whether its local checks (options, slice lengths) failed. Gathered in rank order.
template <class A>
struct shard_sums {
  advdiv::detail::pair_sums<A> sums{};  ///< Σ term (compensated), Σp, Σq, invalid flag of the slice
  std::uint64_t p_size = 0;             ///< length of this rank's slice of p
  std::uint64_t q_size = 0;             ///< length of this rank's slice of q
  double settings[3] = {0, 0, 0};       ///< log_base, sum tolerance, parameter
  int failed = 0;                       ///< 1 if this rank's local checks threw
};

/// The settings of a call that every rank must pass alike: a rank whose tolerance or α differed
/// would decide differently from the same gathered sums (one rank throwing while another goes
/// on to the next collective call).
struct call_settings {
  double log_base = 0;                   ///< options.log_base
  double tolerance = 0;                  ///< the resolved sum tolerance
  double parameter = 0;                  ///< the divergence's parameter (α), if it has one
  const char* parameter_name = nullptr;  ///< its name, or nullptr for none
};

/// Throws std::invalid_argument `function: name = v on rank r differs from w on rank 0` for the
/// first setting (in rank order) that is not bit for bit rank 0's.
template <class A>
void check_same_settings(const char* function, const std::vector<shard_sums<A>>& all, const char* parameter_name) {
  const char* names[3] = {"log_base", "sum_tolerance", parameter_name};
  for (std::size_t r = 1; r < all.size(); ++r)
    for (std::size_t k = 0; k < 3; ++k) {
      const double mine = all[r].settings[k], first = all[0].settings[k];
      if (names[k] != nullptr && std::memcmp(&mine, &first, sizeof mine) != 0)
        advdiv::detail::throw_invalid_argument(
            function, std::string(names[k]) + " = " + advdiv::detail::format_value(mine) + " on rank " +
                          std::to_string(r) + " differs from " + advdiv::detail::format_value(first) + " on rank 0");
    }
}

/// Throws check_nonnegative_finite's message for the first invalid entry of x, named by its
/// global index: `function: name[offset + i] = value is negative` (or `is not finite`).
template <class T>
void check_masses_at(const char* function, const char* name, std::span<const T> x, std::size_t offset) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (const char* problem = advdiv::detail::nonnegative_finite_problem(x[i]); *problem)
      advdiv::detail::throw_value_error(function, advdiv::detail::element_name(name, offset + i), x[i], problem);
}

/// The local side of a CPU shard: the slices of p and q as spans.
template <class P, class Q>
struct cpu_shard {
  std::span<const P> p;
  std::span<const Q> q;

  std::size_t p_size() const noexcept { return p.size(); }
  std::size_t q_size() const noexcept { return q.size(); }
  /// Σ over the slice by the CPU loop (blocks of 256, SIMD where the term allows).
  template <class A, class Term>
  advdiv::detail::pair_sums<A> sums(const Term& term) const {
    return advdiv::detail::sum_blocks<A>(p.data(), q.data(), 0, p.size(), term);
  }
  /// Throws for the first invalid entry of the slice of p (`which` = 0) or of q (1).
  void check_masses(const char* function, int which, const char* name, std::size_t offset) const {
    if (which == 0)
      check_masses_at(function, name, p, offset);
    else
      check_masses_at(function, name, q, offset);
  }
};

/// The reducer of one sharded pair: term → the validated Σ term (nats, accumulator type A)
/// over the global vectors, the same on every rank. `failure` holds the exception of this
/// rank's local checks, if any; it is raised on every rank (lowest failing rank first) by the
/// first call. Usable as the `reduce` of detail::renyi_value.
template <class A, class Shard>
struct sharded_reducer {
  communicator comm;
  const char* function;
  const Shard& shard;
  call_settings settings;
  const std::optional<local_failure>& failure;
  const char* p_label = "p";  ///< what the messages call p (entropy: both are `p`)
  const char* q_label = "q";

  /// Σ term over the global pair: local sums, one MPI_Allgather, a merge in rank order.
  template <class Term>
  A operator()(const Term& term) const {
    shard_sums<A> mine{};
    mine.p_size = shard.p_size();
    mine.q_size = shard.q_size();
    mine.settings[0] = settings.log_base;
    mine.settings[1] = settings.tolerance;
    mine.settings[2] = settings.parameter;
    std::optional<local_failure> local = failure;
    if (!local) local = capture_failure([&] { mine.sums = shard.template sums<A>(term); });
    mine.failed = local ? 1 : 0;
    const std::vector<shard_sums<A>> all = all_gather(comm, mine, function);

    // Everything below is decided from `all`, which every rank holds: the same on every rank.
    int failing = -1;
    for (std::size_t r = 0; r < all.size() && failing < 0; ++r)
      if (all[r].failed) failing = static_cast<int>(r);
    raise_failure(comm, failing, local, function);
    check_same_settings(function, all, settings.parameter_name);

    const auto rank = static_cast<std::size_t>(comm.rank());
    advdiv::detail::pair_sums<A> total;
    std::uint64_t n = 0, offset = 0;
    for (std::size_t r = 0; r < all.size(); ++r) {
      if (r < rank) offset += all[r].p_size;
      n += all[r].p_size;
      total = advdiv::detail::merge_pair_sums<A>{}(total, all[r].sums);
    }
    check_nonempty(function, p_label, n);
    check_nonempty(function, q_label, n);
    advdiv::detail::check_pair_sums(function, p_label, q_label, total, settings.tolerance, [&] {
      // Slow path: the first invalid entry of the global p, else of the global q, is the first
      // of the lowest rank that has one.
      collective_checks(comm, function, [&] { shard.check_masses(function, 0, p_label, offset); });
      collective_checks(comm, function, [&] { shard.check_masses(function, 1, q_label, offset); });
    });
    if constexpr (advdiv::detail::rescalable_term<Term>) {
      // D17 across ranks: slices whose sums overflowed with opposite signs merge to inf − inf;
      // then every rank (deciding from the same `all`) sums the rescaled terms in a second round.
      if (advdiv::detail::needs_rescaled_sum<Term>(total))
        return (*this)(advdiv::detail::rescaled_term<Term>{term}) * A(0x1p64);
    }
    return total.term.value();
  }

  /// On a rank whose local checks failed: joins the collective of operator() (which skips the
  /// sums there) and so raises the failure on every rank, before anything that the failed
  /// checks guard (the α of fdiv::alpha, say) is built on this rank.
  void raise_local_failure() const {
    if (failure) (void)(*this)(advdiv::detail::entropy_term{});
  }
};

/// Finish(Σ term, 1/log(base)) for a term and a finish of the catalogue.
template <class Term, class Finish = advdiv::detail::in_units>
struct term_value {
  Term term;
  template <class Reduce>
  auto operator()(const Reduce& reduce, double inv_log_base) const {
    using A = decltype(reduce(term));
    return Finish{}(reduce(term), static_cast<A>(inv_log_base));
  }
};

/// No checks beyond the options.
struct no_extra_checks {
  void operator()() const noexcept {}
};

/// Views a slice as a span; an xtensor argument that is not one-dimensional gives an empty span
/// (the local checks report it, see check_shard_dimension).
template <class V>
advdiv::detail::vector_view<vector_value_t<V>> view_shard(const V& v, const char* function, const char* name) {
  if constexpr (advdiv::detail::xtensor_like<V>) {
    if (v.dimension() != 1) return advdiv::detail::vector_view<vector_value_t<V>>(std::span<const vector_value_t<V>>{});
  }
  return advdiv::detail::view_vector(v, function, name);
}

/// Throws view_vector's message (`p must be one-dimensional, it has 2 dimensions`) for an
/// xtensor slice that is not one-dimensional.
template <class V>
void check_shard_dimension(const V& v, const char* function, const char* name) {
  if constexpr (advdiv::detail::xtensor_like<V>) {
    if (v.dimension() != 1) (void)advdiv::detail::view_vector(v, function, name);
  }
}

/// Throws std::invalid_argument `function: p and q differ in length on rank r (np and nq)`.
inline void check_same_shard_size(communicator comm, const char* function, std::size_t np, std::size_t nq) {
  if (np != nq)
    advdiv::detail::throw_invalid_argument(function, "p and q differ in length on rank " + std::to_string(comm.rank()) +
                                                         " (" + std::to_string(np) + " and " + std::to_string(nq) + ")");
}

/// The local checks of a sharded pair call, in the CPU's order (the divergence's parameters,
/// the options, the arguments' shapes, then the slices' lengths), captured rather than thrown so
/// that every rank can raise them together; `o` receives the checked options.
template <class R, class Extra, class Shapes>
std::optional<local_failure> local_checks(communicator comm, const char* function, std::size_t np, std::size_t nq,
                                          const divergence_options& options, const Extra& extra,
                                          const Shapes& shapes, advdiv::detail::checked_options& o) {
  return capture_failure([&] {
    extra();
    o = advdiv::detail::check_divergence_options<R>(function, options);
    shapes();
    check_same_shard_size(comm, function, np, nq);
  });
}

/// value(reduce, 1/log(base)) in the result type R, reduce the sharded_reducer of `shard`, after
/// raising on every rank the failure of any rank's local checks. `settings` names the
/// divergence's parameter, if any; the log base and the tolerance are filled in here.
template <class R, class Shard, class Value>
R reduce_shard(communicator comm, const char* function, const Shard& shard,
               const std::optional<local_failure>& failure, const divergence_options& options,
               const advdiv::detail::checked_options& o, call_settings settings, const Value& value) {
  using A = advdiv::detail::accumulator_t<R>;
  settings.log_base = options.log_base;
  settings.tolerance = o.tolerance;
  const sharded_reducer<A, Shard> reduce{comm, function, shard, settings, failure};
  reduce.raise_local_failure();
  return static_cast<R>(value(reduce, o.inv_log_base));
}

/// A sharded divergence on two vector_like slices (the CPU loop on each rank).
template <probability_range P, probability_range Q, class Extra, class Value>
auto reduce_shards(communicator comm, const char* function, const P& p, const Q& q,
                   const divergence_options& options, const call_settings& settings, const Extra& extra,
                   const Value& value) {
  ADVDIV_DETAIL_REQUIRE_FLOATING(vector_like<P> && vector_like<Q>);
  if constexpr (!(vector_like<P> && vector_like<Q>)) {
    return 0.0;
  } else {
    using T = vector_value_t<P>;
    using U = vector_value_t<Q>;
    using R = divergence_result_t<T, U>;
    const auto pv = view_shard(p, function, "p");
    const auto qv = view_shard(q, function, "q");
    advdiv::detail::checked_options o{1.0, 0.0};
    const std::optional<local_failure> failure = local_checks<R>(
        comm, function, pv.size(), qv.size(), options, extra,
        [&] {
          check_shard_dimension(p, function, "p");
          check_shard_dimension(q, function, "q");
        },
        o);
    return reduce_shard<R>(comm, function, cpu_shard<T, U>{pv.span(), qv.span()}, failure, options, o, settings,
                           value);
  }
}

}  // namespace detail

/// D_f(P‖Q) = Σ_i q_i f(p_i/q_i) over probability vectors sharded across the ranks of `comm`:
/// this rank passes its slices p_local, q_local (any vector advdiv::f_divergence takes, of equal
/// length on each rank, possibly empty); the global p and q are the concatenations of the slices
/// in rank order. Collective: every rank calls it with the same generator and options and gets
/// the same value, bit for bit. It equals advdiv::f_divergence on the global vectors up to the
/// reassociation of the block sums at slice boundaries (a few ulps: both sums are compensated).
///
/// Conventions, options and errors as advdiv::f_divergence, named `advdiv::mpi::f_divergence`
/// and checked on the global vectors: `p sums to 1.1, not 1 (tolerance 1e-06)` for Σp over all
/// ranks, `p[1234] = -1 is negative` with the global index. Every error is thrown on every rank
/// (the message of the lowest rank that found one).
/// \throws std::invalid_argument if the global vectors are empty, or if the slices of p and q
///         differ in length on some rank (`p and q differ in length on rank 1 (5 and 4)`).
/// \throws std::domain_error for a negative, NaN or infinite entry, a global sum off 1, an
///         invalid option.
/// Communication: one MPI_Allgather of 88 bytes per rank. Memory: the slices only.
/// \code
/// // rank r holds p[offset_r, offset_r + n_r) and the same entries of q
/// double d = advdiv::mpi::f_divergence(MPI_COMM_WORLD, p_local, q_local, advdiv::fdiv::pearson{});
/// \endcode
template <probability_range P, probability_range Q, f_generator G>
auto f_divergence(communicator comm, const P& p_local, const Q& q_local, const G& g,
                  const divergence_options& options = {}) {
  return detail::reduce_shards(comm, "advdiv::mpi::f_divergence", p_local, q_local, options, {},
                               advdiv::detail::log_unit_check<f_divergence_term<G>>{"advdiv::mpi::f_divergence", options.log_base},
                               detail::term_value<f_divergence_term<G>>{f_divergence_term<G>{g}});
}

/// \def ADVDIV_MPI_NAMED
/// Defines advdiv::mpi::NAME from the catalogue entry (NAME, TERM, FINISH).
#define ADVDIV_MPI_NAMED(NAME, TERM, FINISH)                                                           \
  /** advdiv::NAME over probability vectors sharded across the ranks of `comm` (this rank's */        \
  /** slices p_local, q_local; the global vectors are their concatenation in rank order). */          \
  /** Collective; the same bits on every rank; conventions, options and errors as advdiv::NAME, */    \
  /** named `advdiv::mpi::NAME`, with global sums and global indices (see */                          \
  /** advdiv::mpi::f_divergence). One MPI_Allgather of 88 bytes per rank. */                          \
  template <probability_range P, probability_range Q>                                                 \
  auto NAME(communicator comm, const P& p_local, const Q& q_local, const divergence_options& options = {}) { \
    return detail::reduce_shards(comm, "advdiv::mpi::" #NAME, p_local, q_local, options, {},          \
                                 advdiv::detail::log_unit_check<TERM>{"advdiv::mpi::" #NAME, options.log_base}, \
                                 detail::term_value<TERM, FINISH>{});                                  \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_MPI_NAMED)
#undef ADVDIV_MPI_NAMED

/// Shannon entropy H(P) = −Σ p_i log p_i of a probability vector sharded across the ranks of
/// `comm` (this rank's slice p_local, possibly empty). Collective; the same bits on every rank;
/// conventions and errors as advdiv::entropy, named `advdiv::mpi::entropy`, with the global sum
/// and global indices. One MPI_Allgather of 88 bytes per rank.
/// \code
/// double h = advdiv::mpi::entropy(MPI_COMM_WORLD, p_local, advdiv::bits);
/// \endcode
template <probability_range P>
auto entropy(communicator comm, const P& p_local, const divergence_options& options = {}) {
  ADVDIV_DETAIL_REQUIRE_FLOATING(vector_like<P>);
  if constexpr (!vector_like<P>) {
    return 0.0;
  } else {
    constexpr const char* function = "advdiv::mpi::entropy";
    using R = vector_value_t<P>;
    using A = advdiv::detail::accumulator_t<R>;
    const auto pv = detail::view_shard(p_local, function, "p");
    advdiv::detail::checked_options o{1.0, 0.0};
    const std::optional<detail::local_failure> failure = detail::capture_failure([&] {
      o = advdiv::detail::check_divergence_options<R>(function, options);
      detail::check_shard_dimension(p_local, function, "p");
    });
    const detail::cpu_shard<R, R> shard{pv.span(), pv.span()};
    const detail::call_settings settings{options.log_base, o.tolerance};
    const detail::sharded_reducer<A, detail::cpu_shard<R, R>> reduce{comm, function, shard, settings, failure,
                                                                      "p", "p"};
    return static_cast<R>(detail::term_value<advdiv::detail::entropy_term>{}(reduce, o.inv_log_base));
  }
}

/// Amari α-divergence (advdiv::alpha_divergence) over sharded probability vectors: collective,
/// the same bits on every rank, global sums and indices (see advdiv::mpi::f_divergence).
/// \throws std::domain_error if α is not finite or is 0 or 1 (check_alpha); otherwise as
///         advdiv::mpi::f_divergence.
/// \code
/// double d = advdiv::mpi::alpha_divergence(MPI_COMM_WORLD, p_local, q_local, 0.5);
/// \endcode
template <probability_range P, probability_range Q>
auto alpha_divergence(communicator comm, const P& p_local, const Q& q_local, double alpha,
                      const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::alpha_divergence";
  using term = f_divergence_term<fdiv::alpha>;
  return detail::reduce_shards(
      comm, function, p_local, q_local, options, {.parameter = alpha, .parameter_name = "alpha"},
      [alpha, &options] {
        check_alpha(function, alpha);
        (void)check_log_unit<fdiv::alpha>(function, options.log_base);
      },
      [alpha](const auto& reduce, double inv_log_base) {  // fdiv::alpha is built once α is checked everywhere
        return detail::term_value<term>{term{fdiv::alpha{alpha}}}(reduce, inv_log_base);
      });
}

/// Rényi divergence of order α > 0 (advdiv::renyi, the same steps: detail::renyi_value) over
/// sharded probability vectors. Collective; the same bits on every rank. Each pass over the data
/// is one MPI_Allgather of 88 bytes per rank: one pass (α = 1, or the α-divergence), two where
/// the sum Σ p^α q^{1−α} is needed itself, more only where it overflows (α > 1).
/// \throws std::domain_error unless α is finite and > 0; otherwise as advdiv::mpi::f_divergence.
/// \code
/// double d = advdiv::mpi::renyi(MPI_COMM_WORLD, p_local, q_local, 2.0);
/// \endcode
template <probability_range P, probability_range Q>
auto renyi(communicator comm, const P& p_local, const Q& q_local, double alpha,
           const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::renyi";
  return detail::reduce_shards(
      comm, function, p_local, q_local, options, {.parameter = alpha, .parameter_name = "alpha"},
      [alpha] { check_positive_finite(function, "alpha", alpha); },
      [alpha](const auto& reduce, double inv_log_base) {
        using A = decltype(reduce(f_divergence_term<fdiv::kl>{}));
        return advdiv::detail::renyi_value<A>(alpha, inv_log_base, reduce);
      });
}

}  // namespace advdiv::mpi
