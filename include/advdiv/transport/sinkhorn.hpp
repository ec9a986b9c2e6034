#pragma once
/// \file
/// Entropy-regularised optimal transport by Sinkhorn iterations in the log domain (dual
/// potentials, never the scalings), with optional ε-scaling, and the debiased Sinkhorn
/// divergence.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/status.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/detail/sinkhorn_solver.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace advdiv {

/// Options of sinkhorn() and sinkhorn_divergence().
struct sinkhorn_options {
  /// Stop when both marginal errors of the plan, ‖P1 − a‖₁ and ‖Pᵀ1 − b‖₁, are at most
  /// tolerance · Σa (relative to the total mass, so that it does not depend on the units of
  /// the masses). Finite, ≥ 0.
  double tolerance = 1e-9;
  /// Maximum number of iterations (one iteration = one column and one row update), over all
  /// ε stages. Reaching it gives solver_status::iteration_limit.
  std::size_t max_iterations = 100000;
  /// Also run an annealed schedule (ε from max C down to the target by factors of
  /// scaling_factor, warm-starting the potentials, each intermediate stage to a marginal error
  /// of 1e−2) in turn with the plain run at the target ε, and return whichever converges
  /// first (two plain iterations for each annealed one). The fixed point is the same.
  /// Annealing is what converges when C/ε is large (≳ 1e4: the plain run can stall for 10⁴+
  /// iterations); on other problems it is rarely faster and can be 10⁴× slower, so the race
  /// costs at most 1.5× the plain run's iterations and 3× the annealed run's
  /// (docs/transport.md, "ε-scaling", has measurements). false: the plain run only.
  bool epsilon_scaling = true;
  /// Ratio between consecutive ε of the annealing, in (0, 1) (open).
  double scaling_factor = 0.5;
  /// Allowed relative difference of Σa and Σb, ≥ 0 (+inf disables the check).
  double mass_tolerance = 1e-9;
  /// Over-relaxation ω in [1, 2) of the potential updates at the target ε:
  /// f ← f + ω (f_Sinkhorn − f), likewise g (every 10th column update stays plain, to
  /// measure the errors). 1 is plain Sinkhorn; ω ≈ 1.8 reaches the same fixed point in ~5×
  /// fewer iterations at small ε.
  double relaxation = 1.8;
};

/// Result of sinkhorn().
struct sinkhorn_result {
  /// Transport cost ⟨P, C⟩ of the entropic plan (no entropy term; POT's sinkhorn2 value).
  double cost = 0.0;
  /// Regularised objective OT_ε = ⟨P, C⟩ + ε·KL(P ‖ a⊗b) of the returned plan, with the
  /// generalised KL Σ P log(P/(a_i b_j)) − ΣP + Σa·Σb.
  double objective = 0.0;
  /// Plan P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε), dense n × m; rows with a_i = 0 and
  /// columns with b_j = 0 are exactly 0.
  dense_matrix plan;
  /// Dual potential of the sources (tends to an optimal emd potential as ε → 0). For a_i = 0
  /// it is the soft c-transform f_i = −ε log Σ_j b_j e^{(g_j − C_ij)/ε} of g (the value the
  /// next Sinkhorn update would give it; such a row takes no part in the iteration).
  std::vector<double> f;
  /// Dual potential of the targets; for b_j = 0, g_j = −ε log Σ_i a_i e^{(f_i − C_ij)/ε}.
  std::vector<double> g;
  /// max(‖P1 − a‖₁, ‖Pᵀ1 − b‖₁) / Σa of the returned plan.
  double marginal_error = 0.0;
  /// Number of iterations over all ε stages.
  std::size_t iterations = 0;
  /// converged: both marginal errors ≤ tolerance · Σa and plan, cost, objective and
  /// potentials finite. iteration_limit: max_iterations reached first (the result holds the
  /// last iterate at the target ε). non_finite: an iterate became NaN or ±inf, or the
  /// objective overflowed (possible only near the limits of double, e.g. totals of 1e300,
  /// whose Σa·Σb term is 1e600); the result holds the last finite potentials and the plan
  /// they give.
  solver_status status = solver_status::converged;
};

namespace detail {

/// Solves on the support of a and b (zero masses take no part), then builds the full result.
/// With row blocks (Rows: the MPI layer), n, C and a are this block's rows (C row-major
/// n × m), cmax is the largest entry of the whole C, and the result holds this block's rows
/// of the plan and of f, with everything else (g, cost, objective, errors, status) combined
/// over the blocks and the same in each.
template <sinkhorn_rows Rows = sinkhorn_all_rows>
sinkhorn_result sinkhorn_solve(std::size_t n, std::size_t m, const double* C, const std::vector<double>& a,
                               const std::vector<double>& b, double cmax, double epsilon,
                               const sinkhorn_options& opt, const Rows& rows = {}) {
  std::vector<std::size_t> I, J;
  std::vector<double> sa, sb;
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] > 0.0) I.push_back(i), sa.push_back(a[i]);
  for (std::size_t j = 0; j < m; ++j)
    if (b[j] > 0.0) J.push_back(j), sb.push_back(b[j]);
  const std::size_t ns = I.size(), ms = J.size();
  // The plan scales with the masses (P(λa, λb) = λ P(a, b)), so the iteration runs on masses
  // of total 1: its exponents then stay far from overflow whatever the units of a and b.
  double lambda = accurate_sum<double>(sa);
  rows.sum(&lambda, 1);
  const double log_lambda = std::log(lambda);
  for (double& x : sa) x /= lambda;
  for (double& x : sb) x /= lambda;
  std::vector<double> W(ns * ms);
  for (std::size_t ii = 0; ii < ns; ++ii)
    for (std::size_t jj = 0; jj < ms; ++jj) W[ii * ms + jj] = C[I[ii] * m + J[jj]];
  sinkhorn_outcome<Rows> out = sinkhorn_iterate(
      ns, ms, W.data(), sa, sb, cmax, epsilon,
      {opt.tolerance, opt.max_iterations, opt.epsilon_scaling, opt.scaling_factor, opt.relaxation}, rows);
  const sinkhorn_solver<Rows>& s = out.solver;

  sinkhorn_result res;
  res.iterations = out.iterations;
  res.plan = dense_matrix::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  res.f.assign(n, 0.0);
  res.g.assign(m, 0.0);
  const double ie = 1.0 / epsilon;
  compensated_sum<double> cost, kl, mass, row_err, col_err;
  std::vector<compensated_sum<double>> colsum(ms);
  for (std::size_t ii = 0; ii < ns; ++ii) {
    const double* w = s.W + ii * ms;
    const double* c = C + I[ii] * m;
    double* P = res.plan.data() + I[ii] * m;
    compensated_sum<double> rs;
    for (std::size_t jj = 0; jj < ms; ++jj) {
      const double x = s.f[ii] + s.g[jj] - w[jj];  // ε log(P_ij / (a_i b_j)) + ε log λ
      const double p = std::exp(x * ie + s.la[ii] + s.lb[jj] + log_lambda);
      P[J[jj]] = p;
      rs += p;
      colsum[jj] += p;
      if (p == 0.0) continue;
      cost += p * c[J[jj]];
      kl += p * (x - epsilon * log_lambda);
    }
    mass += rs.value();
    row_err += std::abs(rs.value() - a[I[ii]]);
  }
  // Undo the normalisation: f + g − ε log λ, split evenly.
  const double half_shift = 0.5 * epsilon * log_lambda;
  for (std::size_t ii = 0; ii < ns; ++ii) res.f[I[ii]] = (s.F[ii] + s.f[ii]) - half_shift;
  for (std::size_t jj = 0; jj < ms; ++jj) res.g[J[jj]] = (s.G[jj] + s.g[jj]) - half_shift;
  // Zero-mass rows and columns: the soft c-transform, an exact max-shifted log-sum-exp
  // (in potential units, so no ratio by a small ε overflows).
  for (std::size_t i = 0, ii = 0; i < n; ++i) {
    if (ii < ns && I[ii] == i) { ++ii; continue; }
    double mx = -std::numeric_limits<double>::infinity();
    auto term = [&](std::size_t jj) { return res.g[J[jj]] - C[i * m + J[jj]] + epsilon * (s.lb[jj] + log_lambda); };
    for (std::size_t jj = 0; jj < ms; ++jj) mx = std::max(mx, term(jj));
    double t = 0.0;
    for (std::size_t jj = 0; jj < ms; ++jj) t += std::exp((term(jj) - mx) * ie);
    res.f[i] = -(mx + epsilon * std::log(t));
  }
  // The sums over rows, combined over the row blocks in one Rows::sum: the plan's column
  // sums, ⟨P, C⟩, the KL term, ΣP, the row error, Σa, and a count of non-finite local rows.
  const bool local_finite = res.plan.allFinite() &&
                            std::all_of(res.f.begin(), res.f.end(), [](double x) { return std::isfinite(x); });
  std::vector<double> sums(ms + 6);
  for (std::size_t jj = 0; jj < ms; ++jj) sums[jj] = colsum[jj].value();
  sums[ms] = cost.value();
  sums[ms + 1] = kl.value();
  sums[ms + 2] = mass.value();
  sums[ms + 3] = row_err.value();
  sums[ms + 4] = accurate_sum<double>(a);
  sums[ms + 5] = local_finite ? 0.0 : 1.0;
  rows.sum(sums.data(), sums.size());
  for (std::size_t jj = 0; jj < ms; ++jj) col_err += std::abs(sums[jj] - b[J[jj]]);
  const double total_a = sums[ms + 4], total_b = accurate_sum<double>(b);
  res.cost = sums[ms];
  res.objective = sums[ms] + sums[ms + 1] - epsilon * (sums[ms + 2] - total_a * total_b);
  res.marginal_error = std::max(sums[ms + 3], col_err.value()) / total_a;
  // Zero-mass columns (the same in every row block): max and shifted sum over all rows.
  std::vector<std::size_t> Z;
  for (std::size_t j = 0, jj = 0; j < m; ++j) {
    if (jj < ms && J[jj] == j) ++jj;
    else Z.push_back(j);
  }
  if (!Z.empty()) {
    const std::size_t k = Z.size();
    auto term = [&](std::size_t ii, std::size_t q) {
      return res.f[I[ii]] - C[I[ii] * m + Z[q]] + epsilon * (s.la[ii] + log_lambda);
    };
    std::vector<double> mx(k, -std::numeric_limits<double>::infinity()), t(k, 0.0);
    for (std::size_t ii = 0; ii < ns; ++ii)
      for (std::size_t q = 0; q < k; ++q) mx[q] = std::max(mx[q], term(ii, q));
    rows.max(mx.data(), k);
    for (std::size_t ii = 0; ii < ns; ++ii)
      for (std::size_t q = 0; q < k; ++q) t[q] += std::exp((term(ii, q) - mx[q]) * ie);
    rows.sum(t.data(), k);
    for (std::size_t q = 0; q < k; ++q) res.g[Z[q]] = -(mx[q] + epsilon * std::log(t[q]));
  }
  const bool finite = sums[ms + 5] == 0.0 && std::isfinite(res.cost) && std::isfinite(res.objective) &&
                      std::isfinite(res.marginal_error) &&
                      std::all_of(res.g.begin(), res.g.end(), [](double x) { return std::isfinite(x); });
  if (out.non_finite || !finite) res.status = solver_status::non_finite;
  else if (res.marginal_error <= opt.tolerance) res.status = solver_status::converged;
  else res.status = solver_status::iteration_limit;
  return res;
}

inline void check_sinkhorn_parameters(const char* fn, double epsilon, const sinkhorn_options& o) {
  check_positive_finite(fn, "epsilon", epsilon);
  check_nonnegative_finite(fn, "tolerance", o.tolerance);
  check_in_interval(fn, "scaling_factor", o.scaling_factor, 0.0, 1.0, bounds::open);
  check_sum_tolerance(fn, "mass_tolerance", o.mass_tolerance);
  check_in_interval(fn, "relaxation", o.relaxation, 1.0, 2.0, bounds::right_open);
}

template <vector_like A, vector_like B, matrix_like M>
sinkhorn_result sinkhorn_checked(const char* fn, const A& a, const B& b, const M& C, double epsilon,
                                 const sinkhorn_options& options) {
  const std::vector<double> va = read_masses(a, fn, "a");
  const std::vector<double> vb = read_masses(b, fn, "b");
  check_sinkhorn_parameters(fn, epsilon, options);
  std::vector<double> copy;
  double cmax = 0.0;
  const double* cost = read_cost(C, va.size(), vb.size(), copy, cmax, fn);
  check_balanced(fn, accurate_sum<double>(va), accurate_sum<double>(vb), options.mass_tolerance);
  return sinkhorn_solve(va.size(), vb.size(), cost, va, vb, cmax, epsilon, options);
}

}  // namespace detail

/// Entropic optimal transport between discrete measures a (n) and b (m) with cost C (n × m):
/// \f[ OT_\varepsilon(a, b) = \min_{P\mathbf 1 = a,\ P^\top\mathbf 1 = b}
///     \langle P, C\rangle + \varepsilon\,\mathrm{KL}(P \,\|\, a\otimes b), \f]
/// solved by Sinkhorn's alternating updates written on the dual potentials
/// g_j = −ε log Σ_i a_i e^{(f_i − C_ij)/ε} and f_i = −ε log Σ_j b_j e^{(g_j − C_ij)/ε}
/// (log domain: no scaling vector e^{f/ε} is ever formed, so nothing under- or overflows at
/// any C/ε; the potentials are periodically absorbed into a working copy of C so that the
/// exponents stay exact even for C/ε ~ 1e16). The plan is P_ij = a_i b_j e^{(f_i + g_j − C_ij)/ε};
/// it minimises ⟨P,C⟩ − ε H(P) as well (POT's convention), since the two objectives differ by
/// a constant. Masses need not sum to 1, and zero masses are allowed: their rows or columns
/// take no part in the iteration, their plan entries are exactly 0, and their potentials are
/// the soft c-transforms (sinkhorn_result::f, g).
/// With options.epsilon_scaling (default) a run annealed from ε = max C is raced against
/// the plain run at the target ε (whichever meets the tolerance first is returned: at most
/// 1.5× the iterations of the plain run, 3× those of the annealed run). Stops when both
/// marginal errors are ≤ options.tolerance · Σa.
///
/// \throws std::invalid_argument a or b empty, or C not n × m.
/// \throws std::domain_error negative / NaN / infinite masses or costs, Σa or Σb zero,
///         Σa ≠ Σb beyond mass_tolerance, epsilon not positive and finite, or an option out
///         of range (each named in the message).
/// Non-convergence is reported by status iteration_limit, NaN/inf by non_finite, not thrown.
/// Complexity: O(n·m) memory (the plan, a working copy of C restricted to the support, and
/// a second copy when both raced runs absorb), O(n·m) per iteration (two exponentials per
/// entry).
///
/// \code
/// std::vector<double> a{0.5, 0.5}, b{0.5, 0.5};
/// Eigen::MatrixXd C(2, 2);
/// C << 0, 1,
///      1, 0;
/// advdiv::sinkhorn_result r = advdiv::sinkhorn(a, b, C, 0.01);
/// // r.cost ≈ 0 (≈ 2·e^{-100}), r.status == advdiv::solver_status::converged
/// \endcode
template <vector_like A, vector_like B, matrix_like M>
sinkhorn_result sinkhorn(const A& a, const B& b, const M& C, double epsilon,
                         const sinkhorn_options& options = {}) {
  return detail::sinkhorn_checked("advdiv::sinkhorn", a, b, C, epsilon, options);
}

/// Debiased Sinkhorn divergence (Genevay et al. 2018; Feydy et al. 2019):
/// \f[ S_\varepsilon(a, b) = OT_\varepsilon(a, b) - \tfrac12 OT_\varepsilon(a, a)
///     - \tfrac12 OT_\varepsilon(b, b), \f]
/// with OT_ε the regularised objective of sinkhorn() (KL to the product measure). It is
/// 0 for a = b on the same support, ≥ 0 for costs such as ‖x − y‖ and ‖x − y‖², and
/// interpolates between OT (ε → 0) and an MMD (ε → ∞).
/// C_ab is n × m, C_aa is n × n (costs among the support of a), C_bb is m × m.
/// \throws as sinkhorn(), naming advdiv::sinkhorn_divergence.
/// \code
/// double s = advdiv::sinkhorn_divergence(a, b, Cab, Caa, Cbb, 0.05);
/// \endcode
template <vector_like A, vector_like B, matrix_like M1, matrix_like M2, matrix_like M3>
double sinkhorn_divergence(const A& a, const B& b, const M1& C_ab, const M2& C_aa, const M3& C_bb,
                           double epsilon, const sinkhorn_options& options = {}) {
  constexpr const char* fn = "advdiv::sinkhorn_divergence";
  const double ab = detail::sinkhorn_checked(fn, a, b, C_ab, epsilon, options).objective;
  const double aa = detail::sinkhorn_checked(fn, a, a, C_aa, epsilon, options).objective;
  const double bb = detail::sinkhorn_checked(fn, b, b, C_bb, epsilon, options).objective;
  return ab - 0.5 * (aa + bb);
}

/// Debiased Sinkhorn divergence between point clouds: X is d × n (one column per point,
/// masses a) and Y is d × m (masses b), with every cost matrix built by cost_matrix() under
/// `metric`.
/// \throws as sinkhorn() and cost_matrix().
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(2, 50), Y = Eigen::MatrixXd::Random(2, 60);
/// std::vector<double> a(50, 1.0 / 50), b(60, 1.0 / 60);
/// double s = advdiv::sinkhorn_divergence(a, b, X, Y, advdiv::ground_metric::sqeuclidean, 0.05);
/// \endcode
template <vector_like A, vector_like B, matrix_like MX, matrix_like MY>
double sinkhorn_divergence(const A& a, const B& b, const MX& X, const MY& Y, ground_metric metric,
                           double epsilon, const sinkhorn_options& options = {}) {
  constexpr const char* fn = "advdiv::sinkhorn_divergence";
  return sinkhorn_divergence(a, b, cost_matrix(X, Y, metric, fn), cost_matrix(X, X, metric, fn),
                             cost_matrix(Y, Y, metric, fn), epsilon, options);
}

}  // namespace advdiv
