#pragma once
/// \file
/// Entropic optimal transport with the rows of the problem split over the ranks of an MPI
/// communicator: advdiv::mpi::sinkhorn, the log-domain Sinkhorn solver of
/// advdiv::sinkhorn (transport/sinkhorn.hpp) run on row shards. The iteration is the
/// single-process one (transport/detail/sinkhorn_solver.hpp) with a Rows policy that combines
/// the per-column partial sums of the ranks by one MPI_Allreduce per column update. Two forms:
/// each rank passes its rows of the cost matrix, or its source points (the cost rows are then
/// built on the rank from them and the replicated target points).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/mpi/communicator.hpp>
#include <advdiv/transport/sinkhorn.hpp>

#include <mpi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace advdiv::mpi {

namespace detail {

/// MPI_User_function of sums carried as pairs (s, e), the value being s + e: the high parts
/// are added by Knuth's TwoSum (whose rounding error is exact) and the errors accumulate in
/// e. The total is then accurate to about one ulp whatever the grouping MPI chooses, and the
/// operand order is the rank order (the operation is registered as non-commutative). Once a
/// high part is ±inf or NaN the error is meaningless and set to 0, so s + e is that value.
inline void pair_sum_op(void* in, void* inout, int* len, MPI_Datatype*) {
  const double* x = static_cast<const double*>(in);  // the lower ranks' partial
  double* y = static_cast<double*>(inout);
  for (int k = 0; k < *len; ++k, x += 2, y += 2) {
    const double s = x[0] + y[0];
    double e = 0.0;
    if (std::isfinite(s)) {
      const double yv = s - x[0];
      e = ((x[0] - (s - yv)) + (y[0] - yv)) + (x[1] + y[1]);
    }
    y[0] = s;
    y[1] = e;
  }
}

/// The MPI datatype of a pair of doubles and the MPI_Op pair_sum_op on it, created for one
/// call and freed at its end.
class pair_sum {
 public:
  explicit pair_sum(const char* function) {
    check_mpi(MPI_Type_contiguous(2, MPI_DOUBLE, &type_), function, "MPI_Type_contiguous");
    check_mpi(MPI_Type_commit(&type_), function, "MPI_Type_commit");
    check_mpi(MPI_Op_create(&pair_sum_op, 0, &op_), function, "MPI_Op_create");
  }
  pair_sum(const pair_sum&) = delete;
  pair_sum& operator=(const pair_sum&) = delete;
  ~pair_sum() {
    MPI_Op_free(&op_);
    MPI_Type_free(&type_);
  }
  MPI_Datatype type() const noexcept { return type_; }
  MPI_Op op() const noexcept { return op_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
  MPI_Op op_ = MPI_OP_NULL;
};

/// The Rows policy of the Sinkhorn iteration (advdiv::detail::sinkhorn_rows) for rows split
/// over the ranks of a communicator: sum() is one MPI_Allreduce of k pairs (16·k bytes) with
/// pair_sum, max() one MPI_Allreduce of k doubles with MPI_MAX (exact). Both give every rank
/// the same bits. A handle: the pair_sum it uses must outlive it.
struct sinkhorn_row_shards {
  MPI_Comm comm;
  const pair_sum* pairs;
  const char* function;
  mutable std::vector<double> buffer;

  void sum(double* x, std::size_t k) const {
    if (k == 0) return;
    buffer.resize(2 * k);
    for (std::size_t q = 0; q < k; ++q) buffer[2 * q] = x[q], buffer[2 * q + 1] = 0.0;
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, buffer.data(), static_cast<int>(k), pairs->type(), pairs->op(), comm),
              function, "MPI_Allreduce");
    for (std::size_t q = 0; q < k; ++q) x[q] = buffer[2 * q] + buffer[2 * q + 1];
  }

  void max(double* x, std::size_t k) const {
    if (k == 0) return;
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, x, static_cast<int>(k), MPI_DOUBLE, MPI_MAX, comm), function,
              "MPI_Allreduce");
  }
};

/// FNV-1a hash of the bytes of a range of trivially copyable values, continued from h.
template <class T>
std::uint64_t hash_bytes(const T* data, std::size_t count, std::uint64_t h = 14695981039346656037ull) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  for (std::size_t k = 0; k < count * sizeof(T); ++k) h = (h ^ bytes[k]) * 1099511628211ull;
  return h;
}

/// Throws std::invalid_argument on every rank unless every rank passed the same b, epsilon
/// and options (bit for bit): ranks that disagree would take different decisions and leave
/// one another waiting in a collective. One MPI_Allreduce of two 64-bit integers.
inline void check_replicated(communicator comm, const std::vector<double>& b, double epsilon,
                             const sinkhorn_options& o, const char* function) {
  std::uint64_t h = hash_bytes(b.data(), b.size());
  const double reals[] = {epsilon, o.tolerance, o.scaling_factor, o.mass_tolerance, o.relaxation};
  h = hash_bytes(reals, 5, h);
  const std::uint64_t integers[] = {o.max_iterations, o.epsilon_scaling ? 1u : 0u};
  h = hash_bytes(integers, 2, h);
  std::uint64_t range[2] = {h, ~h};  // min of ~h is ~(max of h)
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, range, 2, MPI_UINT64_T, MPI_MIN, comm.native()), function, "MPI_Allreduce");
  if (range[0] != ~range[1])
    advdiv::detail::throw_invalid_argument(
        function, "b, epsilon and the options differ between ranks (they must be the same on every rank)");
}

}  // namespace detail

/// Entropic optimal transport (advdiv::sinkhorn) between a (n) and b (m) with cost C (n × m),
/// with the rows of the problem split over the ranks of `comm`: rank r holds a contiguous
/// block of n_r rows, its slice `a_local` of a and its rows `C_local_rows` (n_r × m) of C, in
/// rank order (rank 0 the first rows); b is replicated (the same on every rank). No rank
/// holds more than its rows of C, so the memory per rank is O(n_r·m) (its rows, a working
/// copy of them on the support, its rows of the plan) plus O(m) for b and g. Any n_r may be 0.
///
/// It solves the same problem by the same iteration, options, stopping rule and ε-scaling
/// race as advdiv::sinkhorn on the whole data:
/// \f[ OT_\varepsilon(a, b) = \min_{P\mathbf 1 = a,\ P^\top\mathbf 1 = b}
///     \langle P, C\rangle + \varepsilon\,\mathrm{KL}(P \,\|\, a\otimes b), \f]
/// f_i = −ε log Σ_j b_j e^{(g_j − C_ij)/ε} is local to the rank of row i; the column update
/// g_j = −ε log Σ_i a_i e^{(f_i − C_ij)/ε} sums over all rows: each rank forms the shifted
/// column sums of its rows and one MPI_Allreduce of m (sum, error) pairs combines them in rank
/// order, the same bits on every rank. Communication per iteration: that allreduce (16·m
/// bytes), one of 8 bytes (the largest potential, which decides absorption), and on measuring
/// iterations (every 10th at the target ε with relaxation > 1, else every one) one of m + 1
/// pairs (the plan's column sums and the local row errors, for the stopping rule): at the
/// target ε with the default relaxation ≈ 2.1 allreduces and 17.6·m bytes per iteration; at
/// the intermediate ε of the annealed run, or with relaxation 1, three and 32·m bytes.
/// Columns whose shifted sum leaves [1e-4, 1e200] (large C/ε, first iterations) add one
/// allreduce of their maxima and one of their sums.
///
/// The result is advdiv::sinkhorn_result with:
/// - `plan` this rank's rows of P (n_r × m) and `f` this rank's entries of the row
///   potential (global row offset + i is row i here);
/// - `g`, `cost`, `objective`, `marginal_error`, `iterations` and `status` those of the whole
///   problem, the same bits on every rank.
///
/// They equal advdiv::sinkhorn's on the concatenated data up to the reassociation of the sums
/// over rows (partials per rank, then combined): the same status and iteration count, and
/// cost, plan and potentials within 1e-14 of their scales on the tested problems (the same
/// bits on one rank; tests/mpi/test_sinkhorn.cpp asserts 1e-10).
///
/// Collective: every rank calls it with the same b, epsilon and options (checked: a hash of
/// them is compared across ranks).
/// \throws std::invalid_argument (on every rank) a empty on all ranks (`a is empty`), b empty,
///         b, epsilon or the options not the same on every rank, or a rank's C not n_r × m:
///         `advdiv::mpi::sinkhorn: C is 3 x 5 on rank 1 but a has 4 entries there and b has 5`.
/// \throws std::domain_error (on every rank) as advdiv::sinkhorn, with global indices: a
///         negative mass `a[7] = -1 is negative`, a bad cost `C(7, 2) = nan is not finite`,
///         Σa ≠ Σb, epsilon or an option out of range. When several ranks fail, the error
///         of the lowest failing rank, checked in the order a, then b and the options, then C:
///         the error advdiv::sinkhorn gives on the whole data.
/// Non-convergence is reported by status iteration_limit, NaN/inf by non_finite, not thrown.
/// Complexity: O(n_r·m) work per iteration on rank r.
///
/// \code
/// // n = 1000 source points split in blocks of columns (rows of C), m = 800 targets on every rank.
/// const advdiv::mpi::communicator comm;  // MPI_COMM_WORLD
/// const std::size_t n = 1000, m = 800;
/// const std::size_t begin = n * comm.rank() / comm.size(), end = n * (comm.rank() + 1) / comm.size();
/// Eigen::MatrixXd X_local = ..., Y = ...;  // 2 × (end − begin): this rank's points; 2 × m
/// advdiv::dense_matrix C_local = advdiv::cost_matrix(X_local, Y);  // (end − begin) × m
/// std::vector<double> a_local(end - begin, 1.0 / n), b(m, 1.0 / m);
/// advdiv::sinkhorn_result r = advdiv::mpi::sinkhorn(comm, a_local, b, C_local, 0.01);
/// // r.cost, r.g, r.status: the whole problem's; r.plan, r.f: rows [begin, end)
/// \endcode
template <vector_like A, vector_like B, matrix_like M>
sinkhorn_result sinkhorn(communicator comm, const A& a_local, const B& b, const M& C_local_rows, double epsilon,
                         const sinkhorn_options& options = {}) {
  constexpr const char* fn = "advdiv::mpi::sinkhorn";
  namespace ad = advdiv::detail;
  // The checks in the order of advdiv::sinkhorn's, each phase collective, so that every rank
  // throws the error the single-process solver gives on the whole data.
  std::vector<double> va;
  detail::collective_checks(comm, fn, [&] {
    const auto view = ad::view_vector(a_local, fn, "a");
    va.assign(view.span().begin(), view.span().end());
  });
  const detail::shard_extent rows = detail::global_extent(comm, va.size(), fn);
  if (rows.total == 0) ad::throw_invalid_argument(fn, "a is empty");
  detail::collective_checks(comm, fn, [&] {
    for (std::size_t i = 0; i < va.size(); ++i)
      if (const char* problem = ad::nonnegative_finite_problem(va[i]); *problem)
        ad::throw_value_error(fn, ad::element_name("a", rows.offset + i), va[i], problem);
  });
  std::vector<double> vb;
  detail::collective_checks(comm, fn, [&] {
    vb = ad::read_masses(b, fn, "b");
    ad::check_sinkhorn_parameters(fn, epsilon, options);
  });
  detail::check_replicated(comm, vb, epsilon, options, fn);
  std::vector<double> copy;
  const double* cost = nullptr;
  double cmax = 0.0;
  detail::collective_checks(comm, fn, [&] {
    const ad::row_reader<M> shape(C_local_rows, fn, "C");
    if (shape.rows() != va.size() || shape.cols() != vb.size())
      ad::throw_invalid_argument(fn, "C is " + std::to_string(shape.rows()) + " x " + std::to_string(shape.cols()) +
                                         " on rank " + std::to_string(comm.rank()) + " but a has " +
                                         std::to_string(va.size()) + " entries there and b has " +
                                         std::to_string(vb.size()));
    cost = ad::read_cost(C_local_rows, va.size(), vb.size(), copy, cmax, fn, rows.offset);
  });
  const detail::pair_sum pairs(fn);
  const detail::sinkhorn_row_shards shards{comm.native(), &pairs, fn, {}};
  shards.max(&cmax, 1);
  const double total_a = detail::sum_in_rank_order(comm, accurate_sum<double>(va), fn);
  ad::check_balanced(fn, total_a, accurate_sum<double>(vb), options.mass_tolerance);
  return ad::sinkhorn_solve(va.size(), vb.size(), cost, va, vb, cmax, epsilon, options, shards);
}

/// advdiv::mpi::sinkhorn between point clouds, the cost C_ij = metric(x_i, y_j) built by
/// each rank for its own rows: rank r holds its n_r source points X_local (d × n_r, one column
/// per point, the rows of the plan; d × 0 for an empty shard) and their masses a_local; the
/// targets Y (d × m) and b are replicated. The inputs take d·(n_r + m) doubles per rank; the
/// solver then holds the n_r × m rows of C as the matrix form does. The result is that of
/// `advdiv::sinkhorn(a, b, advdiv::cost_matrix(X, Y, metric), epsilon, options)` on the
/// concatenated points (see the matrix form for what is local and what is global).
/// \throws as advdiv::cost_matrix, then as the matrix form, with global point indices:
///         `advdiv::mpi::sinkhorn: X is empty` (no points on any rank), `X(1, 37) = nan is not
///         finite` (coordinate 1 of point 37 of the whole cloud), `Y(0, 3) = inf is not finite`,
///         `X and Y differ in dimension (2 and 3)`, `X has 4 points on rank 1 but a has 3
///         entries there` (std::invalid_argument for shapes, std::domain_error for values).
/// \code
/// Eigen::MatrixXd X_local = ..., Y = ...;  // 2 × n_r (this rank's points), 2 × m
/// advdiv::sinkhorn_result r = advdiv::mpi::sinkhorn(MPI_COMM_WORLD, a_local, b, X_local, Y,
///                                                   advdiv::ground_metric::sqeuclidean, 0.01);
/// \endcode
template <vector_like A, vector_like B, matrix_like MX, matrix_like MY>
sinkhorn_result sinkhorn(communicator comm, const A& a_local, const B& b, const MX& X_local, const MY& Y,
                         ground_metric metric, double epsilon, const sinkhorn_options& options = {}) {
  constexpr const char* fn = "advdiv::mpi::sinkhorn";
  namespace ad = advdiv::detail;
  ad::static_check_points_layout<MX>();
  // advdiv::cost_matrix's checks in its order (X, then Y, then the dimensions), collective.
  std::size_t dim = 0, points = 0;
  detail::collective_checks(comm, fn, [&] {
    const ad::row_reader<MX> shape(X_local, fn, "X");
    dim = shape.rows();
    points = shape.cols();
  });
  const detail::shard_extent cols = detail::global_extent(comm, points, fn);
  if (cols.total == 0 || dim == 0) ad::throw_invalid_argument(fn, "X is empty");
  ad::point_cloud xs, ys;
  detail::collective_checks(comm, fn, [&] {
    ad::row_reader<MX> coordinates(X_local, fn, "X");
    for (std::size_t k = 0; k < dim; ++k) {
      const auto row = coordinates.row(k);
      for (std::size_t i = 0; i < points; ++i)
        if (const char* problem = ad::finite_problem(static_cast<double>(row[i])); *problem)
          ad::throw_value_error(fn, ad::element_name("X", k, cols.offset + i), static_cast<double>(row[i]), problem);
    }
    if (points > 0) xs = ad::read_points(X_local, fn, "X");
  });
  detail::collective_checks(comm, fn, [&] {
    ys = ad::read_points(Y, fn, "Y");
    check_same_dimension(fn, "X", dim, "Y", ys.dim);
    const std::size_t masses = ad::view_vector(a_local, fn, "a").span().size();
    if (masses != points)
      ad::throw_invalid_argument(fn, "X has " + std::to_string(points) + " points on rank " +
                                         std::to_string(comm.rank()) + " but a has " + std::to_string(masses) +
                                         " entries there");
  });
  const dense_matrix C_local = points > 0 ? ad::cost_matrix_of(xs, ys, metric)
                                          : dense_matrix(0, static_cast<Eigen::Index>(ys.count));
  return sinkhorn(comm, a_local, b, C_local, epsilon, options);
}

}  // namespace advdiv::mpi
