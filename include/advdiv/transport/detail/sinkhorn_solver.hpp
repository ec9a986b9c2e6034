#pragma once
/// \file
/// The log-domain Sinkhorn iteration behind advdiv::sinkhorn() and advdiv::mpi::sinkhorn():
/// the shifted-sum half-steps, absorption of the potentials into a working cost matrix, the
/// ε schedule and the race of the plain and annealed runs. See docs/transport.md.
///
/// The iteration runs on the rows it is given; a `Rows` policy says whether they are all the
/// rows (sinkhorn_all_rows) or one block of rows of a problem split over processes (the MPI
/// layer's row shards). Everything that sums or maximises over rows (the column sums of the
/// plan, the row marginal error, the largest potential, column log-sum-exps) is formed over
/// the local rows and then passed through Rows::sum / Rows::max, which combine the blocks; every
/// other step is local to a row or uses only the replicated column data (b, g). So the
/// single-process and the distributed solver are one implementation, and they take the same
/// decisions (stopping, absorption, the race) from the same global quantities.

#include <advdiv/core/config.hpp>
#include <advdiv/core/fast_exp.hpp>
#include <advdiv/core/status.hpp>
#include <advdiv/core/summation.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace advdiv::detail {

/// A Rows policy of the iteration: after a pass over its local rows, `sum(x, k)` replaces
/// x[0..k) by the sums over all row blocks and `max(x, k)` by the maxima; both are collective
/// over the blocks (every block calls them with the same k, in the same order) and must give
/// every block the same values.
template <class R>
concept sinkhorn_rows = requires(const R& r, double* x, std::size_t k) {
  r.sum(x, k);
  r.max(x, k);
};

/// All rows of the problem are here: nothing to combine.
struct sinkhorn_all_rows {
  /// Σ over the one block: x unchanged.
  void sum(double*, std::size_t) const noexcept {}
  /// max over the one block: x unchanged.
  void max(double*, std::size_t) const noexcept {}
};

/// A shifted sum S (Σ of mass × e^{exponent relative to the current potential}) is used by
/// the fast path only inside [sinkhorn_sum_low, sinkhorn_sum_high]; outside it the potential
/// is recomputed by an exact max-shifted log-sum-exp. Inside it every term the kernel flushes
/// to zero (< e^{−708}) weighs less than 1e−300 of S, and log S is far from overflow.
inline constexpr double sinkhorn_sum_low = 1e-4;
/// See sinkhorn_sum_low.
inline constexpr double sinkhorn_sum_high = 1e200;

/// Potentials are absorbed into the working cost (W_ij ← W_ij − f_i − g_j, then f = g = 0)
/// once max(|f|, |g|) exceeds this multiple of ε: the exponent (f_i + g_j − W_ij)/ε is then
/// formed from numbers of size ≤ ~1e3 ε, so its rounding error stays below ~1e−13 however
/// large C/ε is (without it, C ~ 1e10 ε leaves exponent errors ~1e−6 and the marginals
/// cannot reach 1e−9).
inline constexpr double sinkhorn_absorb_above = 1e3;

/// Marginal errors of a plan, relative to the total mass: ‖P1 − a‖₁/Σa and ‖Pᵀ1 − b‖₁/Σa.
struct sinkhorn_errors {
  double row = std::numeric_limits<double>::infinity();
  double col = std::numeric_limits<double>::infinity();
  double max() const noexcept { return std::isnan(row) || std::isnan(col) ? row + col : std::max(row, col); }
};

/// The iteration on the support (rows with a_i > 0, columns with b_j > 0; zero masses take
/// no part: their plan entries are exactly 0). The true potentials are F + f and G + g;
/// W = C − F ⊕ G on the support (row-major n × m: the local rows, all columns). W is the
/// shared support cost until the first absorption, which makes a private copy. a, f, F are
/// the local rows'; b, g, G (all columns) are the same in every row block.
template <sinkhorn_rows Rows = sinkhorn_all_rows>
struct sinkhorn_solver {
  std::size_t n, m;
  const double* W;
  std::vector<double> own_W, a, b, la, lb;  // la = log a, lb = log b
  std::vector<double> f, g, F, G;
  // Shifted row sums S_i; column sums of the plan (and, in measure(), the row error at [m]).
  std::vector<double> row_sum, col_sum;
  std::vector<std::size_t> fallback;      // columns whose shifted sum left the fast range
  std::vector<double> lse_max, lse_sum;  // their log-sum-exps
  double eps = 1.0;
  double mass = 1.0;  // Σa on the support, over all row blocks
  Rows rows;

  sinkhorn_solver(std::size_t n_rows, std::size_t cols, const double* cost, std::vector<double> ma,
                  std::vector<double> mb, Rows row_blocks = {})
      : n(n_rows), m(cols), W(cost), a(std::move(ma)), b(std::move(mb)), la(n), lb(m),
        f(n, 0.0), g(m, 0.0), F(n, 0.0), G(m, 0.0), row_sum(n, 0.0), col_sum(m + 1, 0.0),
        rows(std::move(row_blocks)) {
    for (std::size_t i = 0; i < n; ++i) la[i] = std::log(a[i]);
    for (std::size_t j = 0; j < m; ++j) lb[j] = std::log(b[j]);
    mass = accurate_sum<double>(a);
    rows.sum(&mass, 1);
  }

  /// New g_j = −ε log Σ_i a_i e^{(f_i − W_ij)/ε} for the columns j in `fallback`, into
  /// lse_sum, by exact log-sum-exps shifted by each column's largest term (taken in potential
  /// units, so no ratio by a tiny ε overflows). Collective over the row blocks.
  void fallback_lse() {
    const std::size_t k = fallback.size();
    lse_max.assign(k, -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t q = 0; q < k; ++q)
        lse_max[q] = std::max(lse_max[q], f[i] - W[i * m + fallback[q]] + eps * la[i]);
    rows.max(lse_max.data(), k);
    lse_sum.assign(k, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t q = 0; q < k; ++q)
        lse_sum[q] += std::exp((f[i] - W[i * m + fallback[q]] + eps * la[i] - lse_max[q]) / eps);
    rows.sum(lse_sum.data(), k);
    for (std::size_t q = 0; q < k; ++q) lse_sum[q] = -(lse_max[q] + eps * std::log(lse_sum[q]));
  }

  /// New f_i = −ε log Σ_j b_j e^{(g_j − W_ij)/ε}, as column_lse.
  double row_lse(std::size_t i) const {
    const double* row = W + i * m;
    double mx = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < m; ++j) mx = std::max(mx, g[j] - row[j] + eps * lb[j]);
    double s = 0.0;
    for (std::size_t j = 0; j < m; ++j) s += std::exp((g[j] - row[j] + eps * lb[j] - mx) / eps);
    return -(mx + eps * std::log(s));
  }

  /// g ← g + ω (g_Sinkhorn − g), from S_j = Σ_i a_i e^{(f_i + g_j − W_ij)/ε} (one Rows::sum
  /// of m values; two more collectives only when some S_j leaves the fast range). The set of
  /// such columns is the same in every row block, since S is.
  void update_g(double omega) {
    const double ie = 1.0 / eps;
    std::fill(col_sum.begin(), col_sum.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) exp_axpy(col_sum.data(), g.data(), W + i * m, a[i], f[i], ie, m);
    rows.sum(col_sum.data(), m);
    fallback.clear();
    for (std::size_t j = 0; j < m; ++j) {
      const double s = col_sum[j];
      if (s >= sinkhorn_sum_low && s <= sinkhorn_sum_high) g[j] -= omega * eps * std::log(s);
      else fallback.push_back(j);
    }
    if (fallback.empty()) return;
    fallback_lse();  // reads f and W only, so it may follow the fast columns' updates
    for (std::size_t q = 0; q < fallback.size(); ++q) {
      const std::size_t j = fallback[q];
      g[j] += omega * (lse_sum[q] - g[j]);
    }
  }

  /// f ← f + ω (f_Sinkhorn − f) from the row sums S_i in row_sum.
  void apply_f(double omega) {
    for (std::size_t i = 0; i < n; ++i) {
      const double s = row_sum[i];
      if (s >= sinkhorn_sum_low && s <= sinkhorn_sum_high) f[i] -= omega * eps * std::log(s);
      else f[i] += omega * (row_lse(i) - f[i]);
    }
  }

  /// Row sums only, then the f update.
  void update_f(double omega) {
    const double ie = 1.0 / eps;
    for (std::size_t i = 0; i < n; ++i) row_sum[i] = exp_dot(g.data(), W + i * m, b.data(), f[i], ie, m);
    apply_f(omega);
  }

  /// Both marginal errors of the current plan P = a b e^{(f + g − W)/ε} (relative to Σa),
  /// leaving its row sums S_i in row_sum for apply_f. The local row error rides with the
  /// column sums in one Rows::sum of m + 1 values.
  sinkhorn_errors measure() {
    const double ie = 1.0 / eps;
    std::fill(col_sum.begin(), col_sum.end(), 0.0);
    compensated_sum<double> re, ce;
    for (std::size_t i = 0; i < n; ++i) {
      row_sum[i] = exp_dot_accumulate(col_sum.data(), g.data(), W + i * m, b.data(), a[i], f[i], ie, m);
      re += std::abs(a[i] * row_sum[i] - a[i]);
    }
    col_sum[m] = re.value();
    rows.sum(col_sum.data(), m + 1);
    for (std::size_t j = 0; j < m; ++j) ce += std::abs(col_sum[j] - b[j]);
    return {col_sum[m] / mass, ce.value() / mass};
  }

  /// max(|f|, |g|) over all row blocks (one Rows::max of one value).
  double max_potential() const {
    double mx = 0.0;
    for (double x : f) mx = std::max(mx, std::abs(x));
    for (double x : g) mx = std::max(mx, std::abs(x));
    rows.max(&mx, 1);
    return mx;
  }

  /// W_ij ← W_ij − f_i − g_j, F += f, G += g, f = g = 0 (the plan is unchanged up to the
  /// rounding of W, which is then a perturbation of the cost of at most a few ulps of C).
  void absorb() {
    if (own_W.empty()) {
      own_W.assign(W, W + n * m);
      W = own_W.data();
    }
    for (std::size_t i = 0; i < n; ++i) {
      double* row = own_W.data() + i * m;
      for (std::size_t j = 0; j < m; ++j) row[j] = (row[j] - f[i]) - g[j];
    }
    for (std::size_t i = 0; i < n; ++i) F[i] += std::exchange(f[i], 0.0);
    for (std::size_t j = 0; j < m; ++j) G[j] += std::exchange(g[j], 0.0);
  }
};

/// Options the loop needs (copied from sinkhorn_options by the caller).
struct sinkhorn_loop_options {
  double tolerance;
  std::size_t max_iterations;
  bool epsilon_scaling;
  double scaling_factor;
  double relaxation;
};

/// One run of the iteration along an ε schedule (the last entry is the target ε).
template <sinkhorn_rows Rows>
struct sinkhorn_run {
  sinkhorn_solver<Rows> s;
  std::vector<double> schedule;
  std::size_t stage = 0, iterations = 0;
  sinkhorn_errors err;  // last measured, at schedule[stage]
  bool converged = false, non_finite = false;
  std::vector<double> keep_f, keep_g;  // the last finite potentials, in the frame of W

  sinkhorn_run(sinkhorn_solver<Rows> solver, std::vector<double> eps_schedule)
      : s(std::move(solver)), schedule(std::move(eps_schedule)), keep_f(s.f), keep_g(s.g) {
    s.eps = schedule[0];
  }

  bool at_target() const { return stage + 1 == schedule.size(); }
  bool done() const { return converged || non_finite; }

  /// One iteration (a g and an f update). Every 10th iteration at the target ε (every one
  /// at intermediate ε, where there is no relaxation) the g update is plain and both
  /// marginals are measured; the row sums of that pass serve the f update.
  void step(const sinkhorn_loop_options& opt) {
    const bool last = at_target();
    const double omega = last ? opt.relaxation : 1.0;
    if (s.max_potential() > sinkhorn_absorb_above * s.eps) {
      for (std::size_t i = 0; i < s.n; ++i) keep_f[i] -= s.f[i];
      for (std::size_t j = 0; j < s.m; ++j) keep_g[j] -= s.g[j];
      s.absorb();
    }
    const bool check = omega == 1.0 || iterations % 10 == 0;
    s.update_g(check ? 1.0 : omega);
    ++iterations;
    if (!check) {
      s.update_f(omega);
      return;
    }
    err = s.measure();
    if (!std::isfinite(err.row) || !std::isfinite(err.col)) {
      non_finite = true;
      s.f = keep_f;
      s.g = keep_g;
      return;
    }
    keep_f = s.f;
    keep_g = s.g;
    // Intermediate stages stop at 1e−2: a tighter stage tolerance does not shorten the
    // final stage (measured, docs/transport.md).
    if (err.max() <= (last ? opt.tolerance : std::max(opt.tolerance, 1e-2))) {
      if (last) {
        converged = true;
        return;
      }
      s.eps = schedule[++stage];
      return;
    }
    s.apply_f(omega);
  }
};

/// The outcome of sinkhorn_iterate: the run whose iterate is reported (at the target ε).
template <sinkhorn_rows Rows>
struct sinkhorn_outcome {
  sinkhorn_solver<Rows> solver;
  std::size_t iterations;
  bool non_finite;
};

/// Runs Sinkhorn at the target ε from zero potentials and, with ε-scaling, the annealed
/// schedule cmax, cmax·q, cmax·q², … > ε, then ε, in turn (two iterations of the plain run,
/// then one of the annealed run), and stops when either meets the tolerance at the target ε
/// or all iterations are spent. Which of the two is faster depends on the problem: annealing
/// is what converges at large C/ε (≳ 1e4, where the plain run can stall for 10⁴+ iterations),
/// and it can be 10⁴× slower on small, well separated problems (docs/transport.md). Racing
/// costs at most 1.5× the iterations of the plain run and 3× those of the annealed run, plus
/// O(n+m) potentials and, only if both runs absorb, a second working copy of W.
/// With row blocks (Rows), n, W and a are the local rows', cmax the global max C; every
/// decision is taken from quantities combined over the blocks, so all blocks take it alike.
template <sinkhorn_rows Rows = sinkhorn_all_rows>
sinkhorn_outcome<Rows> sinkhorn_iterate(std::size_t n, std::size_t m, const double* W,
                                        const std::vector<double>& a, const std::vector<double>& b,
                                        double cmax, double epsilon, const sinkhorn_loop_options& opt,
                                        const Rows& rows = {}) {
  std::vector<sinkhorn_run<Rows>> runs;
  runs.emplace_back(sinkhorn_solver<Rows>(n, m, W, a, b, rows), std::vector<double>{epsilon});
  if (opt.epsilon_scaling && cmax > epsilon) {
    std::vector<double> schedule;
    for (double e = cmax; e > epsilon; e *= opt.scaling_factor) schedule.push_back(e);
    schedule.push_back(epsilon);
    runs.emplace_back(sinkhorn_solver<Rows>(n, m, W, a, b, rows), std::move(schedule));
  }
  constexpr std::size_t share[2] = {2, 1};  // iterations per round: plain, annealed
  std::size_t total = 0;
  sinkhorn_run<Rows>* winner = nullptr;
  while (total < opt.max_iterations && !winner) {
    bool any = false;
    for (std::size_t k = 0; k < runs.size() && !winner; ++k) {
      sinkhorn_run<Rows>& r = runs[k];
      for (std::size_t t = 0; t < share[k] && !r.done() && total < opt.max_iterations; ++t) {
        any = true;
        r.step(opt);
        ++total;
        if (r.converged) winner = &r;
      }
    }
    if (!any) break;
  }
  if (!winner) {  // the finite run at the target ε with the smallest error, else the first
    for (sinkhorn_run<Rows>& r : runs)
      if (!r.non_finite && r.at_target() && (!winner || r.err.max() < winner->err.max())) winner = &r;
    if (!winner) winner = &runs[0];
  }
  if (winner->s.eps != epsilon) {  // stopped before the last stage: report at the target ε
    winner->s.eps = epsilon;
    winner->s.update_g(1.0);
  }
  return {std::move(winner->s), total, winner->non_finite};
}

}  // namespace advdiv::detail
