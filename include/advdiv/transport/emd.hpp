#pragma once
/// \file
/// Exact discrete optimal transport (earth mover's distance): emd() on a cost matrix or on
/// two point clouds (d × n, one column per point), its options and its result with the dual
/// certificate. The solver itself is in transport/detail/network_simplex.hpp.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/status.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/detail/input.hpp>
#include <advdiv/transport/detail/network_simplex.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace advdiv {

/// One nonzero entry of a sparse transport plan: `mass` moves from source i to target j.
struct plan_entry {
  std::size_t i;  ///< source index (row of C)
  std::size_t j;  ///< target index (column of C)
  double mass;    ///< transported mass P_ij > 0
};

/// Options of emd().
struct emd_options {
  /// Maximum number of simplex pivots, over the first solve and any capped re-solve; 0 picks
  /// max(100000, 100·(n + m)). Reaching it is reported as solver_status::iteration_limit
  /// (the plan is then feasible, not certified optimal).
  std::size_t max_iterations = 0;
  /// Allowed relative difference |Σa − Σb| / max(Σa, Σb) of the total masses.
  double mass_tolerance = 1e-9;
};

/// Result of emd(): an optimal (or last) basic transport plan and its dual certificate.
struct emd_result {
  /// Transport cost ⟨P, C⟩ = Σ_ij P_ij C_ij.
  double cost = 0.0;
  /// Nonzero entries of P, sorted by (i, j); at most n + m − 1 of them (a basic solution).
  std::vector<plan_entry> plan;
  /// Dual potential of the sources: u_i + v_j ≤ C_ij for all i, j, with equality where
  /// P_ij > 0 (verified to 64·eps·(n + m + 16)·max_{P_ij > 0} C_ij when the status is
  /// converged). Potentials are unique only up to u + c, v − c; this one has Σa·u = Σb·v.
  std::vector<double> u;
  /// Dual potential of the targets (see u).
  std::vector<double> v;
  /// converged: the plan is optimal and (plan, u, v) passed the dual certificate (primal
  /// feasibility, dual feasibility, complementary slackness) checked on C after the solve.
  /// iteration_limit: the pivot limit was reached, or no certificate could be verified in
  /// double precision even after the capped re-solves; the plan is feasible, not certified.
  solver_status status = solver_status::converged;
  /// Number of simplex pivots performed (over all solves).
  std::size_t iterations = 0;
  /// Number of sources n (rows of C).
  std::size_t rows = 0;
  /// Number of targets m (columns of C).
  std::size_t cols = 0;

  /// The plan as a dense n × m matrix.
  dense_matrix dense_plan() const {
    dense_matrix P = dense_matrix::Zero(static_cast<Eigen::Index>(rows),
                                        static_cast<Eigen::Index>(cols));
    for (const auto& e : plan)
      P(static_cast<Eigen::Index>(e.i), static_cast<Eigen::Index>(e.j)) += e.mass;
    return P;
  }
};

namespace detail {

/// The result of one simplex run on the active (positive-mass) rows and columns, in the
/// caller's indices: plan sorted by (i, j), its cost on the original C, and potentials
/// (zero-mass rows and columns get the tightest feasible value), centred so Σa·u = Σb·v.
inline emd_result extract_result(const network_simplex& ns, solver_status status, std::size_t n,
                                 std::size_t m, const double* C, const std::vector<double>& a,
                                 const std::vector<double>& b, const std::vector<std::size_t>& rows,
                                 const std::vector<std::size_t>& cols) {
  emd_result res;
  res.rows = n;
  res.cols = m;
  res.status = status;
  ns.for_each_flow([&](std::size_t r, std::size_t c, double f) {
    res.plan.push_back({rows[r], cols[c], f});
  });
  std::sort(res.plan.begin(), res.plan.end(),
            [](const plan_entry& x, const plan_entry& y) { return x.i != y.i ? x.i < y.i : x.j < y.j; });
  compensated_sum<double> total;
  for (const auto& e : res.plan) total += e.mass * C[e.i * m + e.j];
  res.cost = total.value();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  res.u.assign(n, nan);
  res.v.assign(m, nan);
  for (std::size_t r = 0; r < rows.size(); ++r) res.u[rows[r]] = ns.source_potential(r);
  for (std::size_t c = 0; c < cols.size(); ++c) res.v[cols[c]] = ns.target_potential(c);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] > 0.0) continue;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t j : cols) best = std::min(best, C[i * m + j] - res.v[j]);
    res.u[i] = best;
  }
  for (std::size_t j = 0; j < m; ++j) {
    if (b[j] > 0.0) continue;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) best = std::min(best, C[i * m + j] - res.u[i]);
    res.v[j] = best;
  }
  compensated_sum<double> au, bv, sa, sb;
  for (std::size_t i = 0; i < n; ++i) {
    au += a[i] * res.u[i];
    sa += a[i];
  }
  for (std::size_t j = 0; j < m; ++j) {
    bv += b[j] * res.v[j];
    sb += b[j];
  }
  const double c = (bv.value() - au.value()) / (sa.value() + sb.value());
  for (auto& x : res.u) x += c;
  for (auto& x : res.v) x -= c;
  return res;
}

/// The dual certificate of an emd result, verified in O(n·m) on the original costs:
/// - primal feasibility: the plan's row and column sums equal a and b within
///   |Σa − Σb| + 64·eps·(n + m)·max(Σa, Σb);
/// - dual feasibility: every reduced cost C_ij − u_i − v_j ≥ −τ;
/// - complementary slackness: |C_ij − u_i − v_j| ≤ τ on the plan's support;
/// with τ = 64·eps·(n + m + 16)·S and S the largest cost on the plan's support. The rounding
/// of each computed reduced cost (2·eps·(C_ij + |u_i| + |v_j|)) is counted against the
/// plan, so the exact reduced costs of the returned numbers satisfy the bounds, and
/// ⟨P, C⟩ ≤ ⟨Q, C⟩ + 2τ·ΣP for every Q ≥ 0 with the row and column sums of P (see emd(),
/// "Accuracy"). A plan of cost 0 is optimal (C ≥ 0) and needs no duals.
inline bool certificate_holds(const emd_result& r, const double* C, const std::vector<double>& a,
                              const std::vector<double>& b) {
  const std::size_t n = r.rows, m = r.cols;
  constexpr double eps = std::numeric_limits<double>::epsilon();
  std::vector<compensated_sum<double>> rs(n), cs(m);
  double S = 0.0;
  for (const auto& e : r.plan) {
    rs[e.i] += e.mass;
    cs[e.j] += e.mass;
    S = std::max(S, C[e.i * m + e.j]);
  }
  const double sa = accurate_sum<double>(a), sb = accurate_sum<double>(b);
  const double mass_tol = std::abs(sa - sb) + 64.0 * eps * double(n + m) * std::max(sa, sb);
  for (std::size_t i = 0; i < n; ++i)
    if (!(std::abs(rs[i].value() - a[i]) <= mass_tol)) return false;
  for (std::size_t j = 0; j < m; ++j)
    if (!(std::abs(cs[j].value() - b[j]) <= mass_tol)) return false;
  if (S == 0.0) return true;
  const double tau = 64.0 * eps * double(n + m + 16) * S;
  auto slack = [&](std::size_t i, std::size_t j, double& rounding) {
    const double c = C[i * m + j];
    rounding = 2.0 * eps * (c + std::abs(r.u[i]) + std::abs(r.v[j]));
    return c - r.u[i] - r.v[j];
  };
  for (const auto& e : r.plan) {
    double rounding;
    if (!(std::abs(slack(e.i, e.j, rounding)) + rounding <= tau)) return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    bool ok = true;
    for (std::size_t j = 0; j < m; ++j) {
      double rounding;
      ok &= slack(i, j, rounding) - rounding >= -tau;
    }
    if (!ok) return false;
  }
  return true;
}

/// A certified plan of cost 0 has exact finite duals u = v = 0 (C ≥ 0 makes them feasible and
/// the plan's support has C = 0); the simplex's own potentials can overflow there (T10: costs
/// of 6e169 beside masses of 1e300), and a certificate must be finite. Leaves any other plan
/// alone.
inline void finite_duals_of_free_plan(emd_result& r, const double* C) {
  for (const auto& e : r.plan)
    if (C[e.i * r.cols + e.j] != 0.0) return;
  auto finite = [](const std::vector<double>& x) {
    return std::all_of(x.begin(), x.end(), [](double t) { return std::isfinite(t); });
  };
  if (finite(r.u) && finite(r.v)) return;
  std::fill(r.u.begin(), r.u.end(), 0.0);
  std::fill(r.v.begin(), r.v.end(), 0.0);
}

/// emd on validated row-major costs and masses (zero masses allowed): the simplex on the
/// positive-mass rows and columns, then the certificate. The certificate can fail when the
/// costs span many magnitudes (one 1e15 among O(1) costs, or 10^±6): zero-flow tree arcs of
/// large cost give potentials far larger than the costs the plan pays, and their rounding
/// either hides improving arcs or exceeds the certificate's tolerance. Then the problem is
/// solved again with every cost replaced by min(C_ij, K): if the plan of the capped problem
/// uses no capped arc and certifies on the original C, it is optimal for C (capping only
/// lowers costs off its support), and the capped potentials are of the size of K. K starts
/// at 4·max(L, S) (L = the largest row or column minimum, a lower bound on the largest cost
/// any plan pays; S = the largest cost on the failed plan) and grows 16-fold up to max C. If
/// no certificate is found, the cheapest plan is returned with status iteration_limit.
inline emd_result emd_solve(std::size_t n, std::size_t m, const double* C,
                            const std::vector<double>& a, const std::vector<double>& b, double cmax,
                            const emd_options& options) {
  // Zero masses take no part in the simplex.
  std::vector<std::size_t> rows, cols;
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] > 0.0) rows.push_back(i);
  for (std::size_t j = 0; j < m; ++j)
    if (b[j] > 0.0) cols.push_back(j);
  const std::size_t nn = rows.size(), mm = cols.size();
  std::vector<double> copy, ar(nn), br(mm);
  if (nn != n || mm != m) {
    copy.resize(nn * mm);
    for (std::size_t r = 0; r < nn; ++r)
      for (std::size_t c = 0; c < mm; ++c) copy[r * mm + c] = C[rows[r] * m + cols[c]];
  }
  const double* active = copy.empty() ? C : copy.data();
  for (std::size_t r = 0; r < nn; ++r) ar[r] = a[rows[r]];
  for (std::size_t c = 0; c < mm; ++c) br[c] = b[cols[c]];
  const std::size_t limit =
      options.max_iterations ? options.max_iterations : std::max<std::size_t>(100000, 100 * (n + m));

  std::size_t pivots = 0;
  auto run = [&](const double* cost) {
    network_simplex ns(nn, mm, cost, ar.data(), br.data());
    const solver_status st = ns.solve(limit - pivots);
    pivots += ns.iterations();
    return extract_result(ns, st, n, m, C, a, b, rows, cols);
  };
  emd_result best = run(active);
  if (best.status != solver_status::converged || certificate_holds(best, C, a, b)) {
    if (best.status == solver_status::converged) finite_duals_of_free_plan(best, C);
    best.iterations = pivots;
    return best;
  }
  // Repair by capping (see above).
  double lower = 0.0, S = 0.0;
  for (std::size_t r = 0; r < nn; ++r)
    lower = std::max(lower, *std::min_element(active + r * mm, active + (r + 1) * mm));
  for (std::size_t c = 0; c < mm; ++c) {
    double cmin = std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < nn; ++r) cmin = std::min(cmin, active[r * mm + c]);
    lower = std::max(lower, cmin);
  }
  for (const auto& e : best.plan) S = std::max(S, C[e.i * m + e.j]);
  double cap = 4.0 * std::max(lower, S);
  if (!(cap < cmax)) cap = 4.0 * lower;
  std::vector<double> capped(nn * mm);
  for (; cap < cmax && pivots < limit; cap *= 16.0) {
    if (!(cap > 0.0)) break;  // every row has a zero cost: the first plan had cost 0
    for (std::size_t k = 0; k < nn * mm; ++k) capped[k] = std::min(active[k], cap);
    emd_result r = run(capped.data());
    if (r.status == solver_status::converged && certificate_holds(r, C, a, b)) {
      finite_duals_of_free_plan(r, C);
      r.iterations = pivots;
      return r;
    }
    if (r.cost < best.cost) best = std::move(r);
  }
  best.status = solver_status::iteration_limit;
  best.iterations = pivots;
  return best;
}

}  // namespace detail

/// Exact optimal transport between discrete measures a (n sources) and b (m targets) under
/// the cost matrix C (n × m): the linear program
/// \f[ \min_{P \ge 0} \langle P, C\rangle \ \text{ s.t. } P\mathbf 1 = a,\ P^\top\mathbf 1 = b, \f]
/// solved by a primal network simplex written for advdiv (spanning-tree basis, block-search
/// pivoting over blocks of √(n·m) arcs, strongly feasible trees against cycling). Returns
/// the cost ⟨P, C⟩ (for C = d^p this is W_p^p, not W_p), the sparse plan, dual potentials u,
/// v (u_i + v_j ≤ C_ij, equality on the support of P, Σa·u + Σb·v = ⟨P, C⟩), the status and
/// the pivot count. Masses need not sum to 1, but Σa and Σb must agree within
/// options.mass_tolerance (relative); zero masses are allowed.
///
/// The status is `converged` only after the dual certificate has been verified on C in
/// O(n·m) (primal feasibility, reduced costs C_ij − u_i − v_j ≥ −τ everywhere, |·| ≤ τ on
/// the support, τ = 64·eps·(n + m + 16)·max_{P_ij > 0} C_ij, rounding of the check counted
/// against it). Costs of very different magnitudes (a "big-M" entry 1e15 among O(1) costs)
/// can leave potentials whose rounding hides improving arcs; then the problem is re-solved
/// with the costs capped (min(C, K) for growing K), which is exact whenever the capped plan
/// avoids the capped arcs and certifies on C. Without a certificate the status is
/// `iteration_limit` and the plan is feasible but not certified optimal.
///
/// Accuracy of a `converged` result (what the certificate proves, in exact arithmetic on the
/// returned numbers): with S = max_{P_ij > 0} C_ij the largest cost the plan pays and
/// τ = 64·eps·(n + m + 16)·S,
/// - the plan's row and column sums r, c equal a and b within
///   δ = |Σa − Σb| + 64·eps·(n + m)·max(Σa, Σb) each (up to one rounding of each sum);
/// - ⟨P, C⟩ ≤ ⟨Q, C⟩ + 2τ·ΣP for every plan Q ≥ 0 with the marginals r, c of P;
/// - against plans Q with the marginals a, b themselves (where Σa = Σb),
///   ⟨P, C⟩ ≤ ⟨Q, C⟩ + τ·(ΣP + Σa) + δ·(Σ_i |u_i| + Σ_j |v_j|).
/// The error is absolute, at the scale S·Σa: cost differences far below S are not resolved.
/// With costs 1e-309, 1e-100, 1e-15 and 0.99 the plan may pay 1e-15 where a plan through two
/// arcs of 1e-309 would not (by 4e-27 in all, for Σa = 1e-10, within 2τ·Σa = 7.6e-23; T11 in
/// docs/reliability.md). The reported `cost` is ⟨P, C⟩ summed with compensation.
///
/// \param a source masses (n, non-negative).
/// \param b target masses (m, non-negative).
/// \param C Eigen matrix (either storage order, maps, expressions) or 2-D xtensor, float or
///          double; copied once into row-major doubles.
/// \param options iteration limit and mass tolerance.
/// \throws std::invalid_argument a or b empty, or C not n × m.
/// \throws std::domain_error a negative / NaN / infinite mass or cost (`C(1, 0) = -1 is
///         negative`), Σa ≠ Σb beyond the tolerance, a zero total mass, or a negative / NaN
///         mass_tolerance. The iteration limit is a status, not an error.
/// Complexity: O(n·m) memory; each pivot scans at least √(n·m) arcs and updates one subtree;
/// random geometric instances take about 10–15·(n + m) pivots (0.13 s for n = m = 2000 with
/// squared Euclidean costs on the 2-core test machine; see docs/benchmarks/transport.md).
///
/// \code
/// std::vector<double> a{0.5, 0.5}, b{0.5, 0.5};
/// Eigen::MatrixXd C(2, 2);
/// C << 0, 1,
///      1, 0;
/// advdiv::emd_result r = advdiv::emd(a, b, C);  // r.cost == 0, plan on the diagonal
/// \endcode
template <vector_like A, vector_like B, matrix_like M>
emd_result emd(const A& a, const B& b, const M& C, const emd_options& options = {}) {
  constexpr const char* fn = "advdiv::emd";
  const std::vector<double> va = detail::read_masses(a, fn, "a");
  const std::vector<double> vb = detail::read_masses(b, fn, "b");
  check_sum_tolerance(fn, "mass_tolerance", options.mass_tolerance);
  std::vector<double> copy;
  double cmax = 0.0;
  const double* cost = detail::read_cost(C, va.size(), vb.size(), copy, cmax, fn);
  detail::check_balanced(fn, accurate_sum<double>(va), accurate_sum<double>(vb),
                         options.mass_tolerance);
  return detail::emd_solve(va.size(), vb.size(), cost, va, vb, cmax, options);
}

/// Exact optimal transport between point clouds: points are the columns of X (d × n), with
/// masses a, and of Y (d × m), with masses b; C_ij = metric(x_i, y_j) is built as by
/// cost_matrix().
/// Same result and errors as emd(a, b, C); also std::invalid_argument when X has not a.size()
/// columns or Y not b.size() columns (`a has 3 entries but X has 2 points (X is 3 x 2; points
/// are its columns)`: the usual sign of a matrix with one row per point, to be passed as
/// X.transpose()), or X and Y differ in dimension. An Eigen type with a fixed column count
/// and dynamic rows holds points as rows and does not compile.
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(2, 50), Y = Eigen::MatrixXd::Random(2, 60);
/// std::vector<double> a(50, 1.0 / 50), b(60, 1.0 / 60);
/// double w2sq = advdiv::emd(a, b, X, Y, advdiv::ground_metric::sqeuclidean).cost;  // W_2^2
/// \endcode
template <vector_like A, vector_like B, matrix_like MX, matrix_like MY>
emd_result emd(const A& a, const B& b, const MX& X, const MY& Y, ground_metric metric,
               const emd_options& options = {}) {
  constexpr const char* fn = "advdiv::emd";
  const detail::point_cloud xs = detail::read_points(X, fn, "X");
  const detail::point_cloud ys = detail::read_points(Y, fn, "Y");
  check_same_dimension(fn, "X", xs.dim, "Y", ys.dim);
  detail::check_points_match_masses(fn, "a", detail::view_vector(a, fn, "a").size(), "X", xs);
  detail::check_points_match_masses(fn, "b", detail::view_vector(b, fn, "b").size(), "Y", ys);
  return emd(a, b, detail::cost_matrix_of(xs, ys, metric), options);
}

}  // namespace advdiv
