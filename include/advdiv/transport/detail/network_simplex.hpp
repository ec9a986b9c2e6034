#pragma once
/// \file
/// Internal: the primal network simplex behind advdiv::emd, for the balanced transportation
/// problem on the complete bipartite graph (spanning-tree basis, block-search pricing,
/// strongly feasible trees against cycling).

#include <advdiv/core/config.hpp>
#include <advdiv/core/dispatch.hpp>
#include <advdiv/core/status.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace advdiv::detail {

/// The body of the pricing scans (any_reduced_cost_below_for), inlined into each dispatched variant.
[[gnu::always_inline]] inline bool any_reduced_cost_below_body(const double* c, const double* pit, double pis,
                                                               double thr, std::size_t len) noexcept {
  int any = 0;
  for (std::size_t j = 0; j < len; ++j) any |= int(c[j] + pis - pit[j] < thr);
  return any != 0;
}

#if ADVDIV_DETAIL_DISPATCH
// The scan compiled for AVX2 and for AVX-512 (core/dispatch.hpp), whatever the flags.
ADVDIV_DETAIL_TARGET_AVX2 inline bool any_reduced_cost_below_avx2(const double* c, const double* pit, double pis,
                                                                  double thr, std::size_t len) noexcept {
  return any_reduced_cost_below_body(c, pit, pis, thr, len);
}
ADVDIV_DETAIL_TARGET_AVX512 inline bool any_reduced_cost_below_avx512(const double* c, const double* pit,
                                                                      double pis, double thr,
                                                                      std::size_t len) noexcept {
  return any_reduced_cost_below_body(c, pit, pis, thr, len);
}
#endif

/// The scan compiled with the build's own flags.
inline bool any_reduced_cost_below_build(const double* c, const double* pit, double pis, double thr,
                                         std::size_t len) noexcept {
  return any_reduced_cost_below_body(c, pit, pis, thr, len);
}

/// The signature of the pricing scans.
using reduced_cost_scan = bool (*)(const double*, const double*, double, double, std::size_t) noexcept;

/// The variant of the pricing scan "some reduced cost c_j + pis − pit_j is below thr" (a
/// branch-free scan that vectorises; the arg-min is then searched only in chunks that have a
/// candidate) compiled for `target`, which must be supported (simd_target_supported). Chosen
/// once per solver and called through a pointer, so the pricing loop stays as small as with
/// no dispatch. Exact on every target: each c_j + pis − pit_j is rounded the same way (no
/// multiply to contract) and only compared, so the answer, and emd's pivots, are the same
/// (tests/transport/test_kernel_dispatch.cpp).
inline reduced_cost_scan any_reduced_cost_below_for(simd_target target) noexcept {
#if ADVDIV_DETAIL_DISPATCH
  if (target == simd_target::avx512) return &any_reduced_cost_below_avx512;
  if (target == simd_target::avx2) return &any_reduced_cost_below_avx2;
#else
  (void)target;
#endif
  return &any_reduced_cost_below_build;
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
  /// `target` is the instruction set of the pricing scan (any_reduced_cost_below_for), which
  /// must be supported; the default is the widest one (tests force the others).
  network_simplex(std::size_t n, std::size_t m, const double* cost, const double* a, const double* b,
                  simd_target target = best_simd_target())
      : n_(n), m_(m), N_(n + m), C_(cost), a_(a), b_(b), scan_(any_reduced_cost_below_for(target)) {
    parent_.assign(N_, -1);
    first_child_.assign(N_, -1);
    next_.assign(N_, -1);
    prev_.assign(N_, -1);
    depth_.assign(N_, 0);
    pi_.assign(N_, 0.0);
    flow_.assign(N_, 0.0);
    const double arcs = double(n) * double(m);
    block_ = std::max<std::size_t>(std::size_t(std::sqrt(arcs)), std::min<std::size_t>(10, n * m));
    initial_basis();
  }

  /// Runs the simplex until no arc prices below −tol (converged) or `max_iterations` pivots
  /// (iteration_limit). Converged means optimal up to the pricing tolerance; emd() verifies
  /// the dual certificate of the result before it reports it so.
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

  /// Calls f(row, column, mass) for every positive flow (internal indices).
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

  /// Calls visit(v) for every node strictly below `top`, parents before children.
  template <class F>
  void for_each_below(std::size_t top, F visit) {
    std::size_t cur = top;
    for (;;) {
      if (first_child_[cur] >= 0) {
        cur = std::size_t(first_child_[cur]);
      } else {
        while (cur != top && next_[cur] < 0) cur = std::size_t(parent_[cur]);
        if (cur == top) break;
        cur = std::size_t(next_[cur]);
      }
      visit(cur);
    }
  }

  /// Recomputes depths and potentials by a pre-order walk from the root, and the pricing
  /// tolerance 32·eps·max|π|. That bounds the rounding of every reduced cost that can be
  /// negative (C_ij < π_j − π_i ≤ 2·max|π|); max C does not belong in it: with one cost 1e15
  /// among O(1) costs it made the tolerance ~7 and stopped the search at suboptimal plans.
  void refresh_potentials() {
    pi_[root_] = 0.0;
    depth_[root_] = 0;
    double scale = 0.0;
    for_each_below(root_, [&](std::size_t v) {
      set_from_parent(v);
      scale = std::max(scale, std::abs(pi_[v]));
    });
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
        if (!scan_(row + k0, pit + k0, pis, lbest, k1 - k0)) continue;
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
    for_each_below(top, [&](std::size_t v) {
      pi_[v] += sigma;
      depth_[v] = depth_[std::size_t(parent_[v])] + 1;
    });
  }

  std::size_t n_, m_, N_;
  const double* C_;
  const double* a_;
  const double* b_;
  reduced_cost_scan scan_;
  double tol_ = 0.0;
  std::size_t block_ = 1, next_arc_ = 0, iterations_ = 0, root_ = 0;
  std::vector<std::int32_t> parent_, first_child_, next_, prev_, depth_;
  std::vector<double> pi_, flow_;
  std::vector<std::size_t> path_;
};

}  // namespace advdiv::detail
