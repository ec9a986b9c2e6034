#pragma once
/// \file
/// Row-wise divergences (divergence/rowwise.hpp) with the rows sharded across the ranks of a
/// communicator: rank r holds rows [offset_r, offset_r + B_r) of P and of Q (B_r ≥ 0, the global
/// matrices are the concatenations in rank order), or its rows of one matrix and the same
/// broadcast vector as every other rank. Each row is one whole distribution, so each rank
/// computes its own rows exactly as advdiv::rowwise does (the same values, bit for bit); the
/// communication is only for the shapes and for collective errors, which name global rows:
/// `advdiv::mpi::rowwise::kl: p(1234, 5) = -1 is negative`,
/// `advdiv::mpi::rowwise::kl: row 1234 of q sums to 1.1, not 1 (tolerance 1e-06)`.
///
/// Two forms of every function:
/// - `rowwise::kl(comm, P_local, Q_local)` returns the values of this rank's rows (B_r values);
///   communication: one MPI_Allgather of 24 bytes per rank (the local shape and a failure
///   flag) and one MPI_Allreduce of an int;
/// - `rowwise::kl(comm, advdiv::mpi::all_rows, P_local, Q_local)` returns the values of all B
///   rows on every rank, in global row order: the same, then one MPI_Allgather of an int and one
///   MPI_Allgatherv of B values (B·sizeof(R) bytes received by every rank).
/// Results are Eigen::VectorX<R> when an argument is an Eigen type, else std::vector<R>, as in
/// advdiv::rowwise.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/rowwise.hpp>
#include <advdiv/mpi/communicator.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace advdiv::mpi {

/// The type of advdiv::mpi::all_rows.
struct all_rows_t {
  explicit constexpr all_rows_t() = default;
};
/// Tag asking a sharded row-wise call for the values of all rows on every rank (global row
/// order) instead of those of this rank's rows.
inline constexpr all_rows_t all_rows{};

namespace detail {

/// The values of every rank's rows, concatenated in rank order, on every rank (one
/// MPI_Allgather of the counts, one MPI_Allgatherv of the values). V is std::vector<R> or
/// Eigen::VectorX<R>.
template <class V>
V gather_rows(communicator comm, const V& local, const char* function) {
  using R = std::remove_cvref_t<decltype(*local.data())>;
  const std::vector<int> counts = all_gather(comm, static_cast<int>(local.size()), function);
  std::vector<int> displacements(counts.size());
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    displacements[r] = static_cast<int>(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  V all;
  all.resize(static_cast<decltype(all.size())>(total));
  check_mpi(MPI_Allgatherv(local.data(), static_cast<int>(local.size()), datatype<R>(), all.data(), counts.data(),
                           displacements.data(), datatype<R>(), comm.native()),
            function, "MPI_Allgatherv");
  return all;
}

/// This rank's shape of a sharded row-wise call, gathered in rank order.
struct row_shard_shape {
  std::uint64_t rows = 0;  ///< rows of the local matrix
  std::uint64_t cols = 0;  ///< its columns
  int failed = 0;          ///< 1 if this rank's local checks threw
};

/// The sharded form of advdiv::rowwise::detail::reduce_rows: the same checks (the shapes
/// across ranks as well), `row_value(reduce, 1/log(base))` for each local row (reduce(term) the
/// validated Σ term over the row, in nats), messages naming global rows; every error raised on
/// every rank. `extra()` checks the parameters of the divergence.
template <class XP, class XQ, class Extra, class RowValue>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> reduce_row_shards(communicator comm, const char* function,
                                                                    const XP& p, const XQ& q,
                                                                    const divergence_options& options,
                                                                    const Extra& extra, const RowValue& row_value) {
  namespace rw = advdiv::rowwise::detail;
  namespace ad = advdiv::detail;
  using R = rw::rowwise_scalar_t<XP, XQ>;
  ad::checked_options o{1.0, 0.0};
  std::optional<rw::rowwise_operand<XP>> pr;
  std::optional<rw::rowwise_operand<XQ>> qr;
  row_shard_shape mine;
  const std::optional<local_failure> pre = capture_failure([&] {
    extra();
    o = ad::check_divergence_options<R>(function, options);
    pr.emplace(p, function, "p");
    qr.emplace(q, function, "q");
    if (pr->is_vector() && qr->is_vector())
      ad::throw_invalid_argument(function,
                                 "p and q are both one-dimensional; one must be a matrix whose rows are distributions");
    if (!pr->is_vector() && !qr->is_vector()) {
      if (pr->rows() != qr->rows() || pr->cols() != qr->cols())
        ad::throw_invalid_argument(function, "p and q differ in shape on rank " + std::to_string(comm.rank()) + " (" +
                                                 std::to_string(pr->rows()) + " x " + std::to_string(pr->cols()) +
                                                 " and " + std::to_string(qr->rows()) + " x " +
                                                 std::to_string(qr->cols()) + ")");
    } else {  // the broadcast vector first, as advdiv::rowwise checks it
      check_nonempty(function, pr->is_vector() ? "p" : "q", pr->is_vector() ? pr->cols() : qr->cols());
    }
    mine.rows = pr->is_vector() ? qr->rows() : pr->rows();
    mine.cols = pr->is_vector() ? qr->cols() : pr->cols();
    if (mine.rows > 0 && pr->is_vector()) check_same_size(function, "p", pr->cols(), "a row of q", qr->cols());
    if (mine.rows > 0 && qr->is_vector()) check_same_size(function, "a row of p", pr->cols(), "q", qr->cols());
  });
  mine.failed = pre ? 1 : 0;
  const std::vector<row_shard_shape> all = all_gather(comm, mine, function);
  int failing = -1;
  for (std::size_t r = 0; r < all.size() && failing < 0; ++r)
    if (all[r].failed) failing = static_cast<int>(r);
  raise_failure(comm, failing, pre, function);

  // The global shape, decided from `all` (the same on every rank).
  const std::string matrix = pr->is_vector() ? "q" : "p";
  const auto rank = static_cast<std::size_t>(comm.rank());
  std::size_t total = 0, offset = 0, cols = 0;
  std::ptrdiff_t first = -1;  // the first rank with rows: its column count is the reference
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (r < rank) offset += all[r].rows;
    total += all[r].rows;
    if (all[r].rows == 0) continue;
    if (first < 0) {
      first = static_cast<std::ptrdiff_t>(r);
      cols = all[r].cols;
    } else if (all[r].cols != cols) {
      ad::throw_invalid_argument(function, matrix + " has " + std::to_string(cols) + " columns on rank " +
                                               std::to_string(first) + " and " + std::to_string(all[r].cols) +
                                               " on rank " + std::to_string(r));
    }
  }
  if (total == 0) ad::throw_invalid_argument(function, matrix + " has no rows");
  if (cols == 0) ad::throw_invalid_argument(function, matrix + " has no columns");

  const auto rows = static_cast<std::size_t>(mine.rows);
  rw::rowwise_result_t<XP, XQ> out;
  out.resize(static_cast<decltype(out.size())>(rows));
  const std::optional<local_failure> failure = capture_failure(
      [&] { rw::fill_rows<R>(function, *pr, *qr, rows, cols, o, row_value, out, offset); });
  // Rows are in rank order: the lowest failing rank holds the first failing global row.
  raise_failure(comm, lowest_failing_rank(comm, failure, function), failure, function);
  return out;
}

}  // namespace detail

namespace rowwise {

/// advdiv::rowwise::f_divergence with the rows sharded across the ranks of `comm`: this rank
/// passes its rows P_local, Q_local (B_r × K, B_r ≥ 0; the global matrices are the
/// concatenations in rank order), or its rows of one matrix and the broadcast vector (the same
/// on every rank). Returns the values of this rank's rows, d_i = D_f(P_i‖Q_i), equal bit for bit
/// to advdiv::rowwise::f_divergence on those rows. Collective (every rank calls it with the same
/// generator and options); errors as advdiv::rowwise::f_divergence, named
/// `advdiv::mpi::rowwise::f_divergence`, with global row numbers, raised on every rank.
/// \throws std::invalid_argument if the global matrix has no rows or no columns, if the ranks'
///         rows differ in length (`p has 3 columns on rank 0 and 4 on rank 1`), if P_local and
///         Q_local differ in shape on a rank (`p and q differ in shape on rank 1 (2 x 3 and 1 x 3)`),
///         or a broadcast vector is empty or not as long as a row.
/// \throws std::domain_error for an invalid option, entry or row sum (the first in global row order).
/// Communication: one MPI_Allgather of 24 bytes per rank and one MPI_Allreduce of an int.
/// \code
/// Eigen::MatrixXd P_local = ..., Q_local = ...;  // this rank's rows
/// Eigen::VectorXd d = advdiv::mpi::rowwise::f_divergence(MPI_COMM_WORLD, P_local, Q_local, advdiv::fdiv::kl{});
/// \endcode
template <class XP, class XQ, f_generator G>
  requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> f_divergence(communicator comm, const XP& p_local, const XQ& q_local,
                                                               const G& g, const divergence_options& options = {}) {
  return detail::reduce_row_shards(
      comm, "advdiv::mpi::rowwise::f_divergence", p_local, q_local, options,
      advdiv::detail::log_unit_check<f_divergence_term<G>>{"advdiv::mpi::rowwise::f_divergence", options.log_base},
      advdiv::rowwise::detail::term_row_for<XP, XQ, f_divergence_term<G>>{f_divergence_term<G>{g}});
}

/// advdiv::mpi::rowwise::f_divergence returning the values of all rows, in global row order, on
/// every rank (one more MPI_Allgather of an int and an MPI_Allgatherv of the B values).
/// \code
/// Eigen::VectorXd all = advdiv::mpi::rowwise::f_divergence(MPI_COMM_WORLD, advdiv::mpi::all_rows, P_local,
///                                                          Q_local, advdiv::fdiv::kl{});
/// \endcode
template <class XP, class XQ, f_generator G>
  requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> f_divergence(communicator comm, all_rows_t, const XP& p_local,
                                                               const XQ& q_local, const G& g,
                                                               const divergence_options& options = {}) {
  return detail::gather_rows(comm, rowwise::f_divergence(comm, p_local, q_local, g, options),
                             "advdiv::mpi::rowwise::f_divergence");
}

/// \def ADVDIV_MPI_ROWWISE_NAMED
/// Defines both forms of advdiv::mpi::rowwise::NAME from the catalogue entry (NAME, TERM, FINISH).
#define ADVDIV_MPI_ROWWISE_NAMED(NAME, TERM, FINISH)                                                        \
  /** advdiv::rowwise::NAME with the rows sharded across the ranks of `comm`: the values of this */       \
  /** rank's rows; conventions, errors and communication as advdiv::mpi::rowwise::f_divergence. */       \
  template <class XP, class XQ>                                                                              \
    requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>                                                   \
  advdiv::rowwise::detail::rowwise_result_t<XP, XQ> NAME(communicator comm, const XP& p_local,              \
                                                         const XQ& q_local, const divergence_options& options = {}) { \
    return detail::reduce_row_shards(comm, "advdiv::mpi::rowwise::" #NAME, p_local, q_local, options,        \
                                     advdiv::detail::log_unit_check<TERM>{"advdiv::mpi::rowwise::" #NAME,          \
                                                                   options.log_base},                        \
                                     advdiv::rowwise::detail::term_row_for<XP, XQ, TERM, FINISH>{});          \
  }                                                                                                          \
  /** advdiv::mpi::rowwise::NAME returning the values of all rows on every rank, in global row order. */    \
  template <class XP, class XQ>                                                                              \
    requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>                                                   \
  advdiv::rowwise::detail::rowwise_result_t<XP, XQ> NAME(communicator comm, all_rows_t, const XP& p_local,  \
                                                         const XQ& q_local, const divergence_options& options = {}) { \
    return detail::gather_rows(comm, rowwise::NAME(comm, p_local, q_local, options),                        \
                               "advdiv::mpi::rowwise::" #NAME);                                              \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_MPI_ROWWISE_NAMED)
#undef ADVDIV_MPI_ROWWISE_NAMED

/// advdiv::rowwise::alpha_divergence with the rows sharded across the ranks of `comm` (the
/// values of this rank's rows). \throws std::domain_error for α ∉ ℝ∖{0, 1} (check_alpha);
/// otherwise as advdiv::mpi::rowwise::f_divergence.
/// \code
/// auto d = advdiv::mpi::rowwise::alpha_divergence(MPI_COMM_WORLD, P_local, Q_local, 0.5);
/// \endcode
template <class XP, class XQ>
  requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> alpha_divergence(communicator comm, const XP& p_local,
                                                                   const XQ& q_local, double alpha,
                                                                   const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::rowwise::alpha_divergence";
  using term = f_divergence_term<fdiv::alpha>;
  using row = advdiv::rowwise::detail::term_row_for<XP, XQ, term>;
  return detail::reduce_row_shards(
      comm, function, p_local, q_local, options,
      [alpha, &options] {
        check_alpha(function, alpha);
        (void)check_log_unit<fdiv::alpha>(function, options.log_base);
      },
      [alpha](const auto& reduce, double inv_log_base) {  // fdiv::alpha built once α is checked
        return row{term{fdiv::alpha{alpha}}}(reduce, inv_log_base);
      });
}

/// advdiv::mpi::rowwise::alpha_divergence returning the values of all rows on every rank.
template <class XP, class XQ>
  requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> alpha_divergence(communicator comm, all_rows_t, const XP& p_local,
                                                                   const XQ& q_local, double alpha,
                                                                   const divergence_options& options = {}) {
  return detail::gather_rows(comm, rowwise::alpha_divergence(comm, p_local, q_local, alpha, options),
                             "advdiv::mpi::rowwise::alpha_divergence");
}

/// advdiv::rowwise::renyi with the rows sharded across the ranks of `comm` (the values of this
/// rank's rows). \throws std::domain_error unless α is finite and > 0; otherwise as
/// advdiv::mpi::rowwise::f_divergence.
/// \code
/// auto d = advdiv::mpi::rowwise::renyi(MPI_COMM_WORLD, P_local, Q_local, 2.0);
/// \endcode
template <class XP, class XQ>
  requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> renyi(communicator comm, const XP& p_local, const XQ& q_local,
                                                        double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::mpi::rowwise::renyi";
  using A = advdiv::detail::accumulator_t<advdiv::rowwise::detail::rowwise_scalar_t<XP, XQ>>;
  return detail::reduce_row_shards(
      comm, function, p_local, q_local, options, [alpha] { check_positive_finite(function, "alpha", alpha); },
      [alpha](const auto& reduce, double inv_log_base) {
        return advdiv::detail::renyi_value<A>(alpha, inv_log_base, reduce);
      });
}

/// advdiv::mpi::rowwise::renyi returning the values of all rows on every rank.
template <class XP, class XQ>
  requires advdiv::rowwise::detail::rowwise_pair<XP, XQ>
advdiv::rowwise::detail::rowwise_result_t<XP, XQ> renyi(communicator comm, all_rows_t, const XP& p_local,
                                                        const XQ& q_local, double alpha,
                                                        const divergence_options& options = {}) {
  return detail::gather_rows(comm, rowwise::renyi(comm, p_local, q_local, alpha, options),
                             "advdiv::mpi::rowwise::renyi");
}

}  // namespace rowwise
}  // namespace advdiv::mpi
