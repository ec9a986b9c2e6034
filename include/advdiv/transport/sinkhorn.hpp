#pragma once
/// \file
/// Entropy-regularised optimal transport by Sinkhorn iterations in the log domain (dual
/// potentials, never the scalings), with optional ε-scaling, and the debiased Sinkhorn
/// divergence.

#include <advdiv/core/concepts.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/transport/cost.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace advdiv {

/// Options of sinkhorn() and sinkhorn_divergence().
struct sinkhorn_options {
  /// Stop when the marginal error Σ_i |(P1)_i − a_i| (L1; the column marginals are exact
  /// after each iteration) is at most this.
  double tolerance = 1e-9;
  /// Maximum number of iterations (one iteration = one column and one row update), over all
  /// ε stages. Reaching it gives solver_status::iteration_limit.
  std::size_t max_iterations = 100000;
  /// Anneal ε from max C down to the target by factors of scaling_factor (warm-starting the
  /// potentials), which needs far fewer iterations for small ε. The result is the same.
  bool epsilon_scaling = true;
  /// Ratio between consecutive ε of the annealing, in (0, 1). Intermediate stages stop at
  /// an L1 marginal error of 1e−2.
  double scaling_factor = 0.5;
  /// Allowed relative difference of Σa and Σb.
  double mass_tolerance = 1e-9;
  /// Over-relaxation ω in [1, 2) of the potential updates at the target ε:
  /// f ← f + ω (f_Sinkhorn − f), likewise g (every 10th column update stays plain, to
  /// measure the error). 1 is plain Sinkhorn; ω ≈ 1.8 reaches the same fixed point in ~5×
  /// fewer iterations at small ε.
  double relaxation = 1.8;
};

/// Result of sinkhorn().
struct sinkhorn_result {
  /// Transport cost ⟨P, C⟩ of the entropic plan (no entropy term; POT's sinkhorn2 value).
  double cost = 0.0;
  /// Regularised objective OT_ε = ⟨P, C⟩ + ε·KL(P ‖ a⊗b), with the generalised KL
  /// Σ P log(P/(a_i b_j)) − ΣP + Σa·Σb.
  double objective = 0.0;
  /// Plan P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε), dense n × m.
  dense_matrix plan;
  /// Dual potential of the sources (tends to an optimal emd potential as ε → 0).
  std::vector<double> f;
  /// Dual potential of the targets.
  std::vector<double> g;
  /// L1 marginal error Σ_i |(P1)_i − a_i| + Σ_j |(Pᵀ1)_j − b_j| of the returned plan.
  double marginal_error = 0.0;
  /// Number of iterations over all ε stages.
  std::size_t iterations = 0;
  /// optimal (marginal error ≤ tolerance) or iteration_limit.
  solver_status status = solver_status::converged;
};

namespace detail {

/// Terms whose exponent (relative to the current potentials) is below this are skipped:
/// the terms are weighted by masses summing to 1, so at most e^{−40} ≈ 4e−18 is dropped,
/// below 1e−13 of any accepted shifted sum (≥ sum_low), i.e. below 1e−13·ε on a potential. Near convergence most entries of C are far above the
/// potentials at small ε, so this skips most exponentials without changing the result.
inline constexpr double exponent_cut = -40.0;

/// Shifted sums outside [sum_low, sum_high] are recomputed with an exact max-shifted
/// log-sum-exp.
inline constexpr double sum_low = 1e-4;
/// See sum_low.
inline constexpr double sum_high = 1e200;

/// Power of two below which a term is dropped: k ≤ −58 means e^x < 2^−57.5 ≈ 4.8e−18
/// (x ≲ −39.9), the integer form of exponent_cut used inside the kernels.
inline constexpr std::int64_t kernel_cut_k = -58;

/// e^x for one entry, or 0 when x ≲ −40, with ~1 ulp accuracy (max relative error 2.3e−16),
/// written with integer selects only so that loops over it vectorise under the default
/// -ftrapping-math: Cody–Waite reduction x = k ln2 + r (|r| ≤ ln2/2) with k read from the
/// bits of a rounding shift, degree-13 Taylor polynomial of e^r, and 2^k assembled in the
/// exponent bits with k clamped to [−1022, 1023] (x > 709 gives a huge finite value, which
/// the callers' range check sends to the exact path).
inline double kernel_exp(double x) noexcept {
  constexpr double shift = 0x1.8p52;
  const double kd = x * 1.4426950408889634 + shift;
  const double k = kd - shift;
  const double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  std::int64_t ki = std::bit_cast<std::int64_t>(kd) - std::bit_cast<std::int64_t>(shift);
  const std::uint64_t keep = ki > kernel_cut_k ? ~std::uint64_t(0) : std::uint64_t(0);
  ki = ki < -1022 ? -1022 : (ki > 1023 ? 1023 : ki);
  const double scale = std::bit_cast<double>(std::uint64_t(ki + 1023) << 52);
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(p * scale) & keep);
}

/// Σ_j w_j exp((shift + g_j − c_j)/ε), dropping terms below e^{−40} (relative to the shift).
ADVDIV_TARGET_CLONES inline double exp_dot(const double* g, const double* c, const double* w,
                                            double shift, double ie, std::size_t m) noexcept {
  constexpr std::size_t chunk = 256;
  double t[chunk];
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (std::size_t j0 = 0; j0 < m; j0 += chunk) {
    const std::size_t len = m - j0 < chunk ? m - j0 : chunk;
    for (std::size_t j = 0; j < len; ++j)
      t[j] = w[j0 + j] * kernel_exp((shift + g[j0 + j] - c[j0 + j]) * ie);
    std::size_t j = 0;
    for (; j + 4 <= len; j += 4) {
      s0 += t[j];
      s1 += t[j + 1];
      s2 += t[j + 2];
      s3 += t[j + 3];
    }
    for (; j < len; ++j) s0 += t[j];
  }
  return (s0 + s1) + (s2 + s3);
}

/// s_j += w · exp((shift + g_j − c_j)/ε), dropping terms below e^{−40}.
ADVDIV_TARGET_CLONES inline void exp_axpy(double* s, const double* g, const double* c, double w,
                                           double shift, double ie, std::size_t m) noexcept {
  for (std::size_t j = 0; j < m; ++j) s[j] += w * kernel_exp((shift + g[j] - c[j]) * ie);
}

/// State and half-steps of the log-domain Sinkhorn iteration.
struct sinkhorn_solver {
  std::size_t n, m;
  const double* C;
  const double* a;
  const double* b;
  std::vector<double> f, g, S;
  double eps = 1.0;

  /// S_j = Σ_i a_i exp((f_i + g_j − C_ij)/ε) (column marginal over b_j), then g_j −= ε log S_j.
  /// Columns whose shifted sum left [1e−200, 1e200] are redone with a max-shifted sum.
  void update_g(double omega = 1.0) {
    const double ie = 1.0 / eps;
    std::fill(S.begin(), S.end(), 0.0);
    double* sp = S.data();
    const double* gp = g.data();
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] == 0.0) continue;
      exp_axpy(sp, gp, C + i * m, a[i], f[i], ie, m);
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (b[j] > 0.0 && S[j] >= sum_low && S[j] <= sum_high) g[j] -= omega * eps * std::log(S[j]);
      else g[j] = column_lse(j);
    }
  }

  /// g_j = −ε log Σ_i a_i exp((f_i − C_ij)/ε), shifted by the maximum exponent.
  double column_lse(std::size_t j) const {
    double mx = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] > 0.0) mx = std::max(mx, (f[i] - C[i * m + j]) / eps + std::log(a[i]));
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] > 0.0) s += std::exp((f[i] - C[i * m + j]) / eps + std::log(a[i]) - mx);
    return -eps * (mx + std::log(s));
  }

  double row_lse(std::size_t i) const {
    const double* row = C + i * m;
    double mx = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < m; ++j)
      if (b[j] > 0.0) mx = std::max(mx, (g[j] - row[j]) / eps + std::log(b[j]));
    double s = 0.0;
    for (std::size_t j = 0; j < m; ++j)
      if (b[j] > 0.0) s += std::exp((g[j] - row[j]) / eps + std::log(b[j]) - mx);
    return -eps * (mx + std::log(s));
  }

  /// Row sums S_i = Σ_j b_j exp((f_i + g_j − C_ij)/ε); returns Σ_i |a_i S_i − a_i|, the
  /// row marginal error of the current plan. If apply, then f_i −= ε log S_i.
  double update_f(bool apply, double omega = 1.0) {
    const double ie = 1.0 / eps;
    const double* gp = g.data();
    compensated_sum<double> err;
    for (std::size_t i = 0; i < n; ++i) {
      const double s = exp_dot(gp, C + i * m, b, f[i], ie, m);
      err += std::abs(a[i] * s - a[i]);
      if (!apply) continue;
      if (a[i] > 0.0 && s >= sum_low && s <= sum_high) f[i] -= omega * eps * std::log(s);
      else f[i] = row_lse(i);
    }
    return err.value();
  }
};

inline sinkhorn_result sinkhorn_solve(std::size_t n, std::size_t m, const double* C,
                                      const std::vector<double>& a, const std::vector<double>& b,
                                      double cmax, double epsilon, const sinkhorn_options& opt) {
  sinkhorn_solver s{n, m, C, a.data(), b.data(), std::vector<double>(n, 0.0),
                    std::vector<double>(m, 0.0), std::vector<double>(m, 0.0), epsilon};
  sinkhorn_result res;
  std::vector<double> schedule;
  if (opt.epsilon_scaling) {
    for (double e = cmax; e > epsilon; e *= opt.scaling_factor) schedule.push_back(e);
  }
  schedule.push_back(epsilon);
  double err = std::numeric_limits<double>::infinity();
  bool converged = false;
  for (std::size_t k = 0; k < schedule.size(); ++k) {
    s.eps = schedule[k];
    const bool last = k + 1 == schedule.size();
    // Intermediate stages only need to be roughly converged.
    const double stage_tol = last ? opt.tolerance : std::max(opt.tolerance, 1e-2);
    const double omega = last ? opt.relaxation : 1.0;
    while (res.iterations < opt.max_iterations) {
      // Every 10th iteration (and always without relaxation) the column update is plain,
      // so the columns of the plan are exact and the row error measures the whole error.
      const bool check = omega == 1.0 || res.iterations % 10 == 0;
      s.update_g(check ? 1.0 : omega);
      ++res.iterations;
      if (check) {
        err = s.update_f(false);
        if (err <= stage_tol) {
          converged = last;
          break;
        }
      }
      if (res.iterations >= opt.max_iterations) break;
      s.update_f(true, omega);
    }
    if (res.iterations >= opt.max_iterations && !converged) break;
  }
  if (!converged && res.iterations >= opt.max_iterations && s.eps != epsilon) {
    s.eps = epsilon;  // out of iterations before the last stage: report at the target ε
    s.update_g();
    err = s.update_f(false);
  }
  res.status = converged ? solver_status::converged : solver_status::iteration_limit;
  // The plan of the final (f, g): columns exact, rows off by err.
  res.plan.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  const double ie = 1.0 / epsilon;
  compensated_sum<double> cost, mass, fg, merr;
  std::vector<double> colsum(m, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = C + i * m;
    double* P = res.plan.data() + i * m;
    double rs = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      const double x = (s.f[i] + s.g[j] - row[j]) * ie;
      P[j] = x > -700.0 ? a[i] * b[j] * std::exp(x) : 0.0;
      rs += P[j];
      colsum[j] += P[j];
      if (P[j] == 0.0) continue;
      cost += P[j] * row[j];
      fg += P[j] * (s.f[i] + s.g[j]);
    }
    mass += rs;
    merr += std::abs(rs - a[i]);
  }
  for (std::size_t j = 0; j < m; ++j) merr += std::abs(colsum[j] - b[j]);
  const double sa = accurate_sum<double>(a), sb = accurate_sum<double>(b);
  res.cost = cost.value();
  res.objective = fg.value() - epsilon * (mass.value() - sa * sb);
  res.marginal_error = merr.value();
  res.f = std::move(s.f);
  res.g = std::move(s.g);
  return res;
}

inline void check_sinkhorn_parameters(const char* fn, double epsilon, const sinkhorn_options& o) {
  check_parameter(fn, "epsilon", epsilon, epsilon > 0.0 && std::isfinite(epsilon),
                  "must be finite and > 0");
  check_parameter(fn, "tolerance", o.tolerance, o.tolerance >= 0.0, "must be >= 0");
  check_parameter(fn, "scaling_factor", o.scaling_factor,
                  o.scaling_factor > 0.0 && o.scaling_factor < 1.0, "must be in (0, 1)");
  check_parameter(fn, "mass_tolerance", o.mass_tolerance, o.mass_tolerance >= 0.0, "must be >= 0");
  check_parameter(fn, "relaxation", o.relaxation, o.relaxation >= 1.0 && o.relaxation < 2.0,
                  "must be in [1, 2)");
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
/// (log domain: no scaling vector ever under- or overflows, so ε may go down to 1e−4·max C
/// and below). The plan is P_ij = a_i b_j e^{(f_i + g_j − C_ij)/ε}; it minimises
/// ⟨P,C⟩ − ε H(P) as well (POT's convention), since the two objectives differ by a constant.
/// With options.epsilon_scaling (default) ε is annealed from max C. Stops when the L1 row
/// marginal error is ≤ options.tolerance (the columns are then exact to rounding).
///
/// \throws std::invalid_argument a or b empty, or C not n × m.
/// \throws std::domain_error negative / NaN / infinite masses or costs, Σa ≠ Σb beyond the
///         tolerance, epsilon not finite and > 0, or an option out of range.
/// Non-convergence is reported by status iteration_limit, not thrown.
/// Complexity: O(n·m) memory, O(n·m) per iteration (two exponentials per entry).
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

/// Debiased Sinkhorn divergence between point clouds: rows of X (masses a) and of Y
/// (masses b), with every cost matrix built by cost_matrix() under `metric`.
/// \throws as sinkhorn() and cost_matrix().
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(50, 2), Y = Eigen::MatrixXd::Random(60, 2);
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
