#pragma once
/// \file
/// Exact discrete optimal transport (earth mover's distance) by a primal network simplex
/// on the complete bipartite graph, with block-search pivoting.

#include <advdiv/core/concepts.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/transport/cost.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
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
  /// Maximum number of simplex pivots; 0 picks max(100000, 100·(n + m)). Reaching it is
  /// reported as solver_status::iteration_limit (the plan is then feasible, not optimal).
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
  /// P_ij > 0. Potentials are unique only up to u + c, v − c; this one has Σa·u = Σb·v.
  std::vector<double> u;
  /// Dual potential of the targets (see u).
  std::vector<double> v;
  /// optimal, or iteration_limit.
  solver_status status = solver_status::converged;
  /// Number of simplex pivots performed.
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

/// True if some reduced cost c_j + pis − pit_j is below thr (a branch-free scan that
/// vectorises; the arg-min is then searched only in chunks that have a candidate).
ADVDIV_TARGET_CLONES inline bool any_reduced_cost_below(const double* c, const double* pit, double pis,
                                                     double thr, std::size_t len) noexcept {
  int any = 0;
  for (std::size_t j = 0; j < len; ++j) any |= int(c[j] + pis - pit[j] < thr);
  return any != 0;
}

/// Primal network simplex for the balanced transportation problem with n sources
/// (nodes 0..n−1) and m targets (nodes n..n+m−1), all masses positive, cost row-major.
///
/// The basis is a spanning tree stored with parent pointers, child lists (first child,
/// next / previous sibling) and depths. Every tree arc is represented by its lower node v:
/// for a source v the arc runs v → parent, for a target v it runs parent → v, and flow[v]
/// is its flow. Potentials pi satisfy C_ij + pi_i − pi_{n+j} = 0 on tree arcs; the reduced
/// cost of arc (i, j) is C_ij + pi_i − pi_{n+j}.
///
/// The initial basis comes from the north-west corner rule on an order of rows and columns
/// chosen from the costs; rooted at its first source, every zero-flow arc of it points to
/// the root, so the tree is strongly feasible, and the leaving-arc rule (the last blocking
/// arc of the cycle, oriented from the join node) keeps it so, which prevents cycling.
class network_simplex {
 public:
  network_simplex(std::size_t n, std::size_t m, const double* cost, const double* a,
                  const double* b, double cmax)
      : n_(n), m_(m), N_(n + m), C_(cost), a_(a), b_(b) {
    parent_.assign(N_, -1);
    first_child_.assign(N_, -1);
    next_.assign(N_, -1);
    prev_.assign(N_, -1);
    depth_.assign(N_, 0);
    pi_.assign(N_, 0.0);
    flow_.assign(N_, 0.0);
    cmax_ = cmax > 0.0 ? cmax : 1.0;
    const double arcs = double(n) * double(m);
    block_ = std::max<std::size_t>(std::size_t(std::sqrt(arcs)), std::min<std::size_t>(10, n * m));
    initial_basis();
  }

  /// Runs the simplex; returns optimal or iteration_limit.
  solver_status solve(std::size_t max_iterations) {
    std::size_t since_refresh = 0;
    bool fresh = false;
    for (;;) {
      if (iterations_ >= max_iterations) return solver_status::iteration_limit;
      if (since_refresh >= 1000) {
        refresh_potentials();
        since_refresh = 0;
      }
      std::size_t s, t;
      if (!find_entering(s, t)) {
        if (fresh) return solver_status::converged;
        // Confirm optimality with potentials recomputed from the tree.
        refresh_potentials();
        since_refresh = 0;
        fresh = true;
        continue;
      }
      fresh = false;
      if (parent_[s] == std::int32_t(t) || parent_[t] == std::int32_t(s)) {
        // A tree arc only looks improving through rounding drift: recompute and go on.
        refresh_potentials();
        since_refresh = 0;
        fresh = true;
        if (!find_entering(s, t) || parent_[s] == std::int32_t(t) || parent_[t] == std::int32_t(s))
          return solver_status::converged;
      }
      pivot(s, t);
      ++iterations_;
      ++since_refresh;
    }
  }

  std::size_t iterations() const noexcept { return iterations_; }

  /// Appends the positive flows as (row, column, mass) with internal indices.
  template <class F>
  void for_each_flow(F f) const {
    for (std::size_t v = 0; v < N_; ++v) {
      if (parent_[v] < 0 || !(flow_[v] > 0.0)) continue;
      const std::size_t p = std::size_t(parent_[v]);
      if (v < n_) f(v, p - n_, flow_[v]);
      else f(p, v - n_, flow_[v]);
    }
  }

  /// u_i = −pi_i, v_j = pi_{n+j} (dual feasible: u_i + v_j ≤ C_ij).
  double source_potential(std::size_t i) const noexcept { return -pi_[i]; }
  double target_potential(std::size_t j) const noexcept { return pi_[n_ + j]; }

 private:
  double cost_of(std::size_t v) const noexcept {
    const std::size_t p = std::size_t(parent_[v]);
    return v < n_ ? C_[v * m_ + (p - n_)] : C_[p * m_ + (v - n_)];
  }

  void attach(std::size_t v, std::size_t p) noexcept {
    parent_[v] = std::int32_t(p);
    prev_[v] = -1;
    next_[v] = first_child_[p];
    if (first_child_[p] >= 0) prev_[std::size_t(first_child_[p])] = std::int32_t(v);
    first_child_[p] = std::int32_t(v);
  }

  void detach(std::size_t v) noexcept {
    const std::int32_t p = parent_[v];
    if (prev_[v] >= 0) next_[std::size_t(prev_[v])] = next_[v];
    else first_child_[std::size_t(p)] = next_[v];
    if (next_[v] >= 0) prev_[std::size_t(next_[v])] = prev_[v];
    prev_[v] = next_[v] = -1;
  }

  /// Sets pi and depth of v from its parent (tree arc has zero reduced cost).
  void set_from_parent(std::size_t v) noexcept {
    const std::size_t p = std::size_t(parent_[v]);
    depth_[v] = depth_[p] + 1;
    // source v: C + pi_v − pi_p = 0; target v: C + pi_p − pi_v = 0.
    pi_[v] = v < n_ ? pi_[p] - cost_of(v) : pi_[p] + cost_of(v);
  }

  /// North-west corner rule on rows in their order and columns sorted by their cheapest
  /// row (a cost-aware order: each column tends to be filled from a nearby row).
  void initial_basis() {
    std::vector<std::size_t> cols(m_);
    {
      std::vector<std::uint32_t> best_row(m_, 0);
      std::vector<double> best(m_, std::numeric_limits<double>::infinity());
      for (std::size_t i = 0; i < n_; ++i) {
        const double* row = C_ + i * m_;
        for (std::size_t j = 0; j < m_; ++j)
          if (row[j] < best[j]) {
            best[j] = row[j];
            best_row[j] = std::uint32_t(i);
          }
      }
      std::iota(cols.begin(), cols.end(), std::size_t(0));
      std::stable_sort(cols.begin(), cols.end(), [&](std::size_t x, std::size_t y) {
        return best_row[x] < best_row[y];
      });
    }
    std::size_t i = 0, k = 0;  // row i, column cols[k]
    double ra = a_[0], rb = b_[cols[0]];
    root_ = 0;
    // The first cell links target cols[0] to the root.
    std::size_t j = cols[0];
    attach(n_ + j, 0);
    flow_[n_ + j] = std::min(ra, rb);
    set_from_parent(n_ + j);
    for (;;) {
      const double x = std::min(ra, rb);
      ra -= x;
      rb -= x;
      if (i + 1 == n_ && k + 1 == m_) break;
      bool down;  // next cell in a new row (i + 1), else a new column
      if (i + 1 == n_) down = false;
      else if (k + 1 == m_) down = true;
      else down = ra <= rb;  // tie: open the new row with a zero arc pointing to the root
      if (down) {
        ++i;
        ra = a_[i];
        attach(i, n_ + j);
        flow_[i] = std::min(ra, rb);
        set_from_parent(i);
      } else {
        ++k;
        j = cols[k];
        rb = b_[j];
        attach(n_ + j, i);
        flow_[n_ + j] = std::min(ra, rb);
        set_from_parent(n_ + j);
      }
    }
    refresh_potentials();
  }

  /// Recomputes depths and potentials by a pre-order walk from the root.
  void refresh_potentials() {
    pi_[root_] = 0.0;
    depth_[root_] = 0;
    double scale = cmax_;
    std::size_t cur = root_;
    for (;;) {
      if (first_child_[cur] >= 0) {
        cur = std::size_t(first_child_[cur]);
      } else {
        while (cur != root_ && next_[cur] < 0) cur = std::size_t(parent_[cur]);
        if (cur == root_) break;
        cur = std::size_t(next_[cur]);
      }
      set_from_parent(cur);
      scale = std::max(scale, std::abs(pi_[cur]));
    }
    tol_ = 32.0 * std::numeric_limits<double>::epsilon() * scale;
  }

  /// Block search: scans arcs from where the last search stopped, block by block, and
  /// returns the most negative reduced cost of the first block that has one below −tol.
  bool find_entering(std::size_t& s, std::size_t& t) {
    const std::size_t total = n_ * m_;
    std::size_t e = next_arc_, remaining = total, cnt = 0;
    double best = -tol_;
    std::size_t bi = 0, bj = 0;
    bool found = false;
    const double* pit = pi_.data() + n_;
    while (remaining > 0) {
      const std::size_t i = e / m_, j0 = e % m_;
      std::size_t len = std::min({m_ - j0, remaining, block_ - cnt});
      const double* row = C_ + i * m_;
      const double pis = pi_[i];
      double lbest = best;
      std::size_t lj = m_;
      // Vectorised screening in sub-chunks of 64 arcs; the scalar arg-min runs only where
      // some reduced cost beats the best so far.
      for (std::size_t k0 = j0; k0 < j0 + len; k0 += 64) {
        const std::size_t k1 = std::min(k0 + 64, j0 + len);
        if (!any_reduced_cost_below(row + k0, pit + k0, pis, lbest, k1 - k0)) continue;
        for (std::size_t j = k0; j < k1; ++j) {
          const double r = row[j] + pis - pit[j];
          if (r < lbest) {
            lbest = r;
            lj = j;
          }
        }
      }
      if (lj != m_) {
        best = lbest;
        bi = i;
        bj = lj;
        found = true;
      }
      e += len;
      if (e == total) e = 0;
      remaining -= len;
      cnt += len;
      if (cnt == block_) {
        if (found) break;
        cnt = 0;
      }
    }
    next_arc_ = e;
    if (!found) return false;
    s = bi;
    t = n_ + bj;
    return true;
  }

  /// One pivot with entering arc s → t (s a source, t a target).
  void pivot(std::size_t s, std::size_t t) {
    // Join node of the cycle.
    std::size_t u = s, w = t;
    while (u != w) {
      if (depth_[u] > depth_[w]) u = std::size_t(parent_[u]);
      else if (depth_[w] > depth_[u]) w = std::size_t(parent_[w]);
      else {
        u = std::size_t(parent_[u]);
        w = std::size_t(parent_[w]);
      }
    }
    const std::size_t join = u;
    // Leaving arc: the blocking arc met last when the cycle is walked from the join node
    // in the direction of the new flow (s-side strictly, t-side with ties).
    double delta = std::numeric_limits<double>::infinity();
    std::size_t out = N_;
    bool out_on_s_side = true;
    for (u = s; u != join; u = std::size_t(parent_[u]))
      if (u < n_ && flow_[u] < delta) {  // source arc u → parent loses flow
        delta = flow_[u];
        out = u;
      }
    for (u = t; u != join; u = std::size_t(parent_[u]))
      if (u >= n_ && flow_[u] <= delta) {  // parent → target arc loses flow
        delta = flow_[u];
        out = u;
        out_on_s_side = false;
      }
    // out == N_ cannot happen: every cycle has a source arc or a target arc losing flow.
    if (delta > 0.0) {
      for (u = s; u != join; u = std::size_t(parent_[u])) flow_[u] += u < n_ ? -delta : delta;
      for (u = t; u != join; u = std::size_t(parent_[u])) flow_[u] += u >= n_ ? -delta : delta;
    }
    const std::size_t u_in = out_on_s_side ? s : t, v_in = out_on_s_side ? t : s;
    const double rc = C_[s * m_ + (t - n_)] + pi_[s] - pi_[t];
    const double sigma = out_on_s_side ? -rc : rc;
    // Re-hang the path u_in … out below v_in, reversing it.
    path_.clear();
    for (u = u_in;; u = std::size_t(parent_[u])) {
      path_.push_back(u);
      if (u == out) break;
    }
    for (std::size_t k = 0; k < path_.size(); ++k) detach(path_[k]);
    double carried = delta;  // flow of the arc that becomes the tree arc of path_[k]
    std::size_t new_parent = v_in;
    for (std::size_t k = 0; k < path_.size(); ++k) {
      const std::size_t x = path_[k];
      const double old = flow_[x];
      attach(x, new_parent);
      flow_[x] = carried;
      carried = old;
      new_parent = x;
    }
    // Shift the potentials and depths of the moved subtree.
    const std::size_t top = u_in;
    pi_[top] += sigma;
    depth_[top] = depth_[v_in] + 1;
    std::size_t cur = top;
    for (;;) {
      if (first_child_[cur] >= 0) {
        cur = std::size_t(first_child_[cur]);
      } else {
        while (cur != top && next_[cur] < 0) cur = std::size_t(parent_[cur]);
        if (cur == top) break;
        cur = std::size_t(next_[cur]);
      }
      pi_[cur] += sigma;
      depth_[cur] = depth_[std::size_t(parent_[cur])] + 1;
    }
  }

  std::size_t n_, m_, N_;
  const double* C_;
  const double* a_;
  const double* b_;
  double cmax_ = 1.0, tol_ = 0.0;
  std::size_t block_ = 1, next_arc_ = 0, iterations_ = 0, root_ = 0;
  std::vector<std::int32_t> parent_, first_child_, next_, prev_, depth_;
  std::vector<double> pi_, flow_;
  std::vector<std::size_t> path_;
};

/// emd on validated row-major costs and masses (zero masses allowed).
inline emd_result emd_solve(std::size_t n, std::size_t m, const double* C,
                            const std::vector<double>& a, const std::vector<double>& b, double cmax,
                            const emd_options& options) {
  emd_result res;
  res.rows = n;
  res.cols = m;
  // Zero masses take no part in the simplex.
  std::vector<std::size_t> rows, cols;
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] > 0.0) rows.push_back(i);
  for (std::size_t j = 0; j < m; ++j)
    if (b[j] > 0.0) cols.push_back(j);
  const std::size_t nn = rows.size(), mm = cols.size();
  const bool all = nn == n && mm == m;
  std::vector<double> Cr, ar(nn), br(mm);
  if (!all) {
    Cr.resize(nn * mm);
    for (std::size_t r = 0; r < nn; ++r)
      for (std::size_t c = 0; c < mm; ++c) Cr[r * mm + c] = C[rows[r] * m + cols[c]];
  }
  for (std::size_t r = 0; r < nn; ++r) ar[r] = a[rows[r]];
  for (std::size_t c = 0; c < mm; ++c) br[c] = b[cols[c]];
  const double* cost = all ? C : Cr.data();
  network_simplex ns(nn, mm, cost, ar.data(), br.data(), cmax);
  const std::size_t limit =
      options.max_iterations ? options.max_iterations : std::max<std::size_t>(100000, 100 * (n + m));
  res.status = ns.solve(limit);
  res.iterations = ns.iterations();
  ns.for_each_flow([&](std::size_t r, std::size_t c, double f) {
    res.plan.push_back({rows[r], cols[c], f});
  });
  std::sort(res.plan.begin(), res.plan.end(),
            [](const plan_entry& x, const plan_entry& y) { return x.i != y.i ? x.i < y.i : x.j < y.j; });
  compensated_sum<double> total;
  for (const auto& e : res.plan) total += e.mass * C[e.i * m + e.j];
  res.cost = total.value();
  // Duals: from the tree for active nodes, then the tightest feasible value for the rest.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  res.u.assign(n, nan);
  res.v.assign(m, nan);
  for (std::size_t r = 0; r < nn; ++r) res.u[rows[r]] = ns.source_potential(r);
  for (std::size_t c = 0; c < mm; ++c) res.v[cols[c]] = ns.target_potential(c);
  if (!all) {
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
  }
  // Centre: u + c, v − c with Σa·u = Σb·v.
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
/// \param a source masses (n, non-negative).
/// \param b target masses (m, non-negative).
/// \param C Eigen matrix (either storage order, maps, expressions) or 2-D xtensor, float or
///          double; copied once into row-major doubles.
/// \param options iteration limit and mass tolerance.
/// \throws std::invalid_argument a or b empty, or C not n × m.
/// \throws std::domain_error a negative / NaN / infinite mass or cost, Σa ≠ Σb beyond the
///         tolerance, or a zero total mass. The iteration limit is a status, not an error.
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
  check_parameter(fn, "mass_tolerance", options.mass_tolerance, options.mass_tolerance >= 0.0,
                  "must be >= 0");
  std::vector<double> copy;
  double cmax = 0.0;
  const double* cost = detail::read_cost(C, va.size(), vb.size(), copy, cmax, fn);
  detail::check_balanced(fn, accurate_sum<double>(va), accurate_sum<double>(vb),
                         options.mass_tolerance);
  return detail::emd_solve(va.size(), vb.size(), cost, va, vb, cmax, options);
}

/// Exact optimal transport between point clouds: the rows of X (n × d, masses a) and of Y
/// (m × d, masses b), with C_ij = metric(x_i, y_j) built by cost_matrix(). Same result and
/// errors as emd(a, b, C); also std::invalid_argument when X has not a.size() rows or Y has
/// not b.size() rows, or X and Y differ in dimension.
/// \code
/// Eigen::MatrixXd X = Eigen::MatrixXd::Random(50, 2), Y = Eigen::MatrixXd::Random(60, 2);
/// std::vector<double> a(50, 1.0 / 50), b(60, 1.0 / 60);
/// double w2sq = advdiv::emd(a, b, X, Y, advdiv::ground_metric::sqeuclidean).cost;  // W_2^2
/// \endcode
template <vector_like A, vector_like B, matrix_like MX, matrix_like MY>
emd_result emd(const A& a, const B& b, const MX& X, const MY& Y, ground_metric metric,
               const emd_options& options = {}) {
  constexpr const char* fn = "advdiv::emd";
  const dense_matrix C = cost_matrix(X, Y, metric, fn);
  return emd(a, b, C, options);
}

}  // namespace advdiv
