// libFuzzer harness: exact (emd) and entropic (sinkhorn) optimal transport through their
// cost-matrix entry points (which do not depend on the layout of point clouds).
//
// Input layout (reads past the end give 0):
//   byte 0  n (bits 0-2: 1..8 sources; bit 3: 0 sources), byte 1  m likewise
//   byte 2  masses: bits 0-1 how (0 raw, 1 normalised values, 2 uniform, 3 normalised with
//           zeros), bits 2-3 total mass (1, 1e-300, 1e300, 1e-10), bit 4 C has a wrong shape
//   byte 3  costs: bits 0-1 how (0 raw, 1 grid values × 10^k, 2 table values, 3 O(1) grid
//           with one big-M entry), then a byte for k and two for M = 10^(0..300)
//   byte 4  sinkhorn ε relative to max C (a table, or raw), byte 5 sinkhorn options
//   then    the masses and the costs.
//
// Contract asserted (a violation is a finding, abort()):
//   * bad input throws std::invalid_argument (shapes) / std::domain_error (values) reading
//     "advdiv::emd: ..." / "advdiv::sinkhorn: ..."; valid input never throws;
//   * emd: status converged means the plan is feasible (indices in range, positive masses,
//     row and column sums equal a and b), its cost is ⟨P, C⟩, the reported potentials
//     satisfy u_i + v_j ≤ C_ij and equality on the support (to 1e-9 of the magnitudes on
//     that arc + 1e-12 of the largest potentials), and cancelling the negative cycles of P's
//     residual graph (Bellman–Ford in long double) lowers the cost by no more than the
//     documented accuracy 2τ·ΣP (transport/emd.hpp): an independent check of optimality;
//   * sinkhorn: no NaN anywhere unless the status is non_finite; converged means the L1
//     error of each marginal recomputed here from the plan is within the tolerance, the plan is
//     ≥ 0 and its cost ⟨P, C⟩ is the reported one and not below the exact optimum by more
//     than the marginal error allows; a plan within the tolerance is reported converged.
#include "fuzz_common.hpp"

#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/sinkhorn.hpp>

#include <algorithm>
#include <limits>

namespace {

using ld = long double;
using advdiv::solver_status;

std::vector<double> make_masses(std::size_t n, int how, double total, fuzz::byte_reader& r) {
  std::vector<double> x(n);
  if (how == 0) {
    for (auto& v : x) v = r.value();
    return x;
  }
  ld s = 0;
  for (auto& v : x) {
    double d = how == 2 ? 1.0 : r.value();
    if (!std::isfinite(d)) d = 1.0;
    d = std::fabs(d) == 0.0 ? d : std::fabs(d);  // −0.0 stays: it is a valid zero mass
    if (how == 3 && (r.u8() & 1)) d = 0.0;
    v = d;
    s += d;
  }
  if (s > 0)
    for (auto& v : x) v = static_cast<double>(static_cast<ld>(v) / s * total);
  return x;
}

bool finite_nonnegative(const std::vector<double>& x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return v >= 0 && std::isfinite(v); });
}

ld sum(const std::vector<double>& x) {
  ld s = 0;
  for (const double v : x) s += v;
  return s;
}

/// How much cheaper a plan with the same marginals as P can be, bounded from below by
/// cancelling negative cycles in P's residual graph (sources 0..n-1, targets n..n+m-1: i → j
/// with cost C_ij always, j → i with cost −C_ij and capacity P_ij where P_ij > 0). Each cycle
/// is a simple cycle found by Bellman–Ford (long double) from its predecessor links; its gain g
/// is summed again along the cycle, the mass δ pushed round it is its bottleneck (the smallest
/// P_ij on its backward arcs), and it lowers the cost by at least (−g − e)·δ − r, e bounding the
/// rounding of the sum and r that of the flow updates. A Floyd–Warshall distance d(v, v) < 0
/// is no such bound: once a negative cycle exists it is the weight of a walk that can wind
/// round it many times (T11: 8.6e-13 per unit for a simple cycle of gain 1e-15).
/// Returns the total (a lower bound on ⟨P, C⟩ − min over plans with P's marginals) and
/// describes the first cycle in `first`.
long double cancelled_gain(std::size_t n, std::size_t m, const advdiv::dense_matrix& C,
                           const advdiv::emd_result& res, std::string& first) {
  const std::size_t V = n + m;
  const ld eps_ld = std::numeric_limits<ld>::epsilon();
  std::vector<ld> flow(n * m, 0);
  for (const auto& e : res.plan) flow[e.i * m + e.j] += e.mass;
  ld total_mass = 0;
  for (const ld f : flow) total_mass += f;
  ld gained = 0;
  struct arc {
    std::size_t from, to, ij;
    ld cost;
    bool backward;
  };
  for (int round = 0; round < 256; ++round) {
    std::vector<arc> arcs;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) {
        const ld c = C(Eigen::Index(i), Eigen::Index(j));
        arcs.push_back({i, n + j, i * m + j, c, false});
        if (flow[i * m + j] > 0) arcs.push_back({n + j, i, i * m + j, -c, true});
      }
    std::vector<ld> d(V, 0);  // a virtual source joined to every node at cost 0
    std::vector<std::ptrdiff_t> pred(V, -1);
    std::ptrdiff_t last = -1;
    for (std::size_t pass = 0; pass < V; ++pass) {
      last = -1;
      for (std::size_t k = 0; k < arcs.size(); ++k)
        if (d[arcs[k].from] + arcs[k].cost < d[arcs[k].to]) {
          d[arcs[k].to] = d[arcs[k].from] + arcs[k].cost;
          pred[arcs[k].to] = std::ptrdiff_t(k);
          last = std::ptrdiff_t(arcs[k].to);
        }
      if (last < 0) return gained;  // no negative cycle left
    }
    // Relaxed in the V-th pass: V steps back along pred lead onto a cycle.
    std::size_t x = std::size_t(last);
    for (std::size_t s = 0; s < V; ++s) {
      if (pred[x] < 0) return gained;  // rounding: no cycle in the links after all
      x = arcs[std::size_t(pred[x])].from;
    }
    std::vector<std::size_t> cycle;
    std::size_t y = x;
    do {
      if (pred[y] < 0) return gained;
      cycle.push_back(std::size_t(pred[y]));
      y = arcs[cycle.back()].from;
    } while (y != x && cycle.size() <= V);
    if (y != x) return gained;
    ld g = 0, mag = 0, delta = std::numeric_limits<ld>::infinity();
    for (const std::size_t k : cycle) {
      g += arcs[k].cost;
      mag += std::fabs(arcs[k].cost);
      if (arcs[k].backward) delta = std::min(delta, flow[arcs[k].ij]);
    }
    const ld sum_rounding = 2 * ld(cycle.size()) * eps_ld * mag;
    if (!(g + sum_rounding < 0) || !(delta > 0) || !std::isfinite(delta)) return gained;
    for (const std::size_t k : cycle) {
      ld& f = flow[arcs[k].ij];
      f = arcs[k].backward ? (f == delta ? 0 : f - delta) : f + delta;
    }
    // Each updated flow is rounded by at most eps_ld·total_mass, which moves the cost by at
    // most that times the arc's cost.
    const ld flow_rounding = 2 * eps_ld * total_mass * mag;
    const ld step = (-g - sum_rounding) * delta - flow_rounding;
    if (step > 0) gained += step;
    if (first.empty())
      first = "a cycle through node " + std::to_string(x) + " of gain " + fuzz::num(g) + " per unit (|C| along it " +
              fuzz::num(mag) + ", bottleneck " + fuzz::num(delta) + ")";
  }
  return gained;
}

/// Checks an emd result that claims convergence; returns its cost when it is certified.
void check_emd(const std::vector<double>& a, const std::vector<double>& b,
               const advdiv::dense_matrix& C, const advdiv::emd_result& res) {
  const char* fn = "advdiv::emd";
  const std::size_t n = a.size(), m = b.size();
  if (std::isnan(res.cost)) fuzz::finding(fn, "NaN cost with status " + std::string(advdiv::to_string(res.status)));
  if (res.status != solver_status::converged) return;
  if (res.u.size() != n || res.v.size() != m) fuzz::finding(fn, "potentials of the wrong length");
  std::vector<ld> row(n, 0), col(m, 0);
  std::vector<std::vector<bool>> support(n, std::vector<bool>(m, false));
  ld cost = 0, cost_mag = 0;
  for (const auto& e : res.plan) {
    if (e.i >= n || e.j >= m) fuzz::finding(fn, "plan entry out of range");
    if (!(e.mass > 0) || !std::isfinite(e.mass)) fuzz::finding(fn, "plan mass " + fuzz::num(e.mass));
    row[e.i] += e.mass;
    col[e.j] += e.mass;
    support[e.i][e.j] = true;
    const ld c = C(Eigen::Index(e.i), Eigen::Index(e.j));
    cost += e.mass * c;
    cost_mag += std::fabs(e.mass * c);
  }
  const ld total = std::max(sum(a), sum(b));
  // Totals that differ within mass_tolerance cannot both be met exactly: the plan may miss a
  // marginal by that difference (plus rounding).
  const ld slack = 1e-9L * total + std::fabs(sum(a) - sum(b));
  for (std::size_t i = 0; i < n; ++i)
    if (std::fabs(row[i] - a[i]) > slack)
      fuzz::finding(fn, "converged, but row " + std::to_string(i) + " of the plan sums to " +
                            fuzz::num(row[i]) + ", a = " + fuzz::num(a[i]));
  for (std::size_t j = 0; j < m; ++j)
    if (std::fabs(col[j] - b[j]) > slack)
      fuzz::finding(fn, "converged, but column " + std::to_string(j) + " of the plan sums to " +
                            fuzz::num(col[j]) + ", b = " + fuzz::num(b[j]));
  const bool beyond_double = cost > std::numeric_limits<double>::max();  // inf is then right
  if (!(beyond_double && res.cost == std::numeric_limits<double>::infinity()) &&
      !fuzz::close(res.cost, cost, 1e-9L, 1e-9L * cost_mag + 1e-300L))
    fuzz::finding(fn, "reported cost " + fuzz::num(res.cost) + ", ⟨P, C⟩ = " + fuzz::num(cost));
  // The duals are checked to the resolution of the potentials themselves (1e-12 of the
  // largest |u| + |v|) and of the arc; optimality itself is the cycle test below.
  ld pot = 0;
  for (const double u : res.u) pot = std::max(pot, static_cast<ld>(std::fabs(u)));
  ld pot_v = 0;
  for (const double v : res.v) pot_v = std::max(pot_v, static_cast<ld>(std::fabs(v)));
  pot += pot_v;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      const ld u = res.u[i], v = res.v[j], c = C(Eigen::Index(i), Eigen::Index(j));
      const ld tol = 1e-9L * (std::fabs(u) + std::fabs(v) + c) + 1e-12L * pot + 1e-300L;
      if (!std::isfinite(u) || !std::isfinite(v)) fuzz::finding(fn, "converged with non-finite potentials");
      if (u + v - c > tol)
        fuzz::finding(fn, "converged, but the reduced cost of (" + std::to_string(i) + ", " + std::to_string(j) +
                              ") is " + fuzz::num(c - u - v) + " < 0");
      if (support[i][j] && std::fabs(u + v - c) > tol)
        fuzz::finding(fn, "converged, but complementary slackness fails at (" + std::to_string(i) + ", " +
                              std::to_string(j) + "): C − u − v = " + fuzz::num(c - u - v));
    }
  // Optimality to the documented accuracy (transport/emd.hpp): a certified plan is within
  // 2τ·ΣP of the cheapest plan with its marginals, τ = 64·ε·(n + m + 16)·S, S the largest cost
  // the plan pays (the marginals themselves are checked above).
  ld largest_paid = 0, plan_mass = 0;
  for (const auto& e : res.plan) {
    largest_paid = std::max<ld>(largest_paid, C(Eigen::Index(e.i), Eigen::Index(e.j)));
    plan_mass += e.mass;
  }
  const ld certified = 2 * 64 * ld(std::numeric_limits<double>::epsilon()) * ld(n + m + 16) * largest_paid *
                       std::max(plan_mass, total);
  std::string where;
  const ld gain = cancelled_gain(n, m, C, res, where);
  if (gain > certified)
    fuzz::finding(fn, "converged, but the plan is not optimal: cancelling cycles lowers the cost by " +
                          fuzz::num(gain) + " > the documented accuracy 2τ·ΣP = " + fuzz::num(certified) +
                          " (first " + where + "); reported cost " + fuzz::num(res.cost));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::byte_reader r(data, size);
  const std::uint8_t bn = r.u8(), bm = r.u8(), bmass = r.u8(), bcost = r.u8();
  const std::uint8_t beps = r.u8(), bopt = r.u8();
  const std::size_t n = (bn & 8) ? 0 : 1 + (bn & 7), m = (bm & 8) ? 0 : 1 + (bm & 7);
  static const double totals[] = {1.0, 1e-300, 1e300, 1e-10};
  const double total = totals[(bmass >> 2) & 3];
  const std::vector<double> a = make_masses(n, bmass & 3, total, r);
  const std::vector<double> b = make_masses(m, bmass & 3, total, r);
  const bool wrong_shape = (bmass & 16) != 0;
  const std::size_t cn = wrong_shape ? n + 1 : n;

  advdiv::dense_matrix C(static_cast<Eigen::Index>(cn), static_cast<Eigen::Index>(m));
  const int how = bcost & 3;
  const double scale = std::pow(10.0, int(r.u8() % 61) * 10 - 300);  // 1e-300 .. 1e300
  const double big_m = std::pow(10.0, int(r.u16() % 301));            // 1 .. 1e300
  const std::size_t big_at = cn * m > 0 ? r.u8() % (cn * m) : 0;
  for (std::size_t i = 0; i < cn; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      double c;
      switch (how) {
        case 0: c = r.value(); break;
        case 1: c = double(r.u8()) / 255.0 * scale; break;
        case 2: c = std::fabs(r.special()); break;
        default: c = i * m + j == big_at ? big_m : double(r.u8() % 8) / 4.0; break;
      }
      C(Eigen::Index(i), Eigen::Index(j)) = c;
    }

  // What the input deserves.
  const bool shape_bad = n == 0 || m == 0 || wrong_shape;
  bool value_bad = !finite_nonnegative(a) || !finite_nonnegative(b);
  bool undecided = false;
  for (Eigen::Index i = 0; i < C.size(); ++i)
    if (!(C.data()[i] >= 0 && std::isfinite(C.data()[i]))) value_bad = true;
  if (!value_bad && !shape_bad) {
    const ld sa = sum(a), sb = sum(b);
    if (!(sa > 0) || !(sb > 0)) value_bad = true;
    // Finite masses whose total overflows a double are refused with a clear message.
    if (sa > std::numeric_limits<double>::max() || sb > std::numeric_limits<double>::max()) value_bad = true;
    const ld rel = std::fabs(sa - sb) / std::max(sa, sb);
    if (std::fabs(rel - 1e-9L) < 1e-12L) undecided = true;
    else if (rel > 1e-9L) value_bad = true;
  }
  const auto judge = [&](const char* fn, fuzz::outcome o) {
    if (undecided) return;
    if (o == fuzz::outcome::value && (shape_bad || value_bad)) fuzz::finding(fn, "accepted invalid input");
    if (o != fuzz::outcome::value && !shape_bad && !value_bad)
      fuzz::finding(fn, "threw on valid input: " + fuzz::last_message);
    if (o == fuzz::outcome::domain_error && shape_bad && !value_bad)
      fuzz::finding(fn, "shape problem reported as domain_error: " + fuzz::last_message);
    if (o == fuzz::outcome::invalid_argument && !shape_bad)
      fuzz::finding(fn, "value problem reported as invalid_argument: " + fuzz::last_message);
  };

  {
    std::string c = "[";
    for (Eigen::Index i = 0; i < C.rows(); ++i) c += (i ? ", " : "") + fuzz::list(C.row(i));
    fuzz::note = "a = " + fuzz::list(a) + ", b = " + fuzz::list(b) + ", C = " + c + "]";
  }
  advdiv::emd_result er;
  const fuzz::outcome eo = fuzz::call("advdiv::emd", [&] { er = advdiv::emd(a, b, C); });
  judge("advdiv::emd", eo);
  if (eo == fuzz::outcome::value) check_emd(a, b, C, er);

  // Sinkhorn: ε relative to max C (or raw), options from one byte.
  double cmax = 0;
  for (Eigen::Index i = 0; i < C.size(); ++i)
    if (std::isfinite(C.data()[i])) cmax = std::max(cmax, C.data()[i]);
  static const double eps_rel[] = {1.0, 0.1, 1e-2, 1e-3, 1e-4, 1e-8, 1e-10, 1e-16};
  double eps = beps < 200 ? eps_rel[beps & 7] * (cmax > 0 ? cmax : 1.0) : r.value();
  advdiv::sinkhorn_options so;
  so.max_iterations = (bopt & 1) ? 100000 : 2000;  // the default, or a short run
  so.epsilon_scaling = (bopt & 2) == 0;
  if (bopt & 4) so.relaxation = 1.0;
  if (bopt & 8) so.tolerance = 1e-6;
  const bool eps_bad = !(eps > 0 && std::isfinite(eps));
  fuzz::note += ", epsilon = " + fuzz::num(eps) + ", max_iterations = " + std::to_string(so.max_iterations) +
                ", epsilon_scaling = " + (so.epsilon_scaling ? "true" : "false") + ", relaxation = " +
                fuzz::num(so.relaxation) + ", tolerance = " + fuzz::num(so.tolerance);
  advdiv::sinkhorn_result sr;
  const fuzz::outcome so_out = fuzz::call("advdiv::sinkhorn", [&] { sr = advdiv::sinkhorn(a, b, C, eps, so); });
  if (!undecided) {
    const bool bad = shape_bad || value_bad || eps_bad;
    if (so_out == fuzz::outcome::value && bad) fuzz::finding("advdiv::sinkhorn", "accepted invalid input");
    if (so_out != fuzz::outcome::value && !bad)
      fuzz::finding("advdiv::sinkhorn", "threw on valid input: " + fuzz::last_message);
    if (so_out == fuzz::outcome::invalid_argument && !shape_bad)
      fuzz::finding("advdiv::sinkhorn", "value problem reported as invalid_argument: " + fuzz::last_message);
  }
  if (so_out != fuzz::outcome::value) return 0;

  const char* fn = "advdiv::sinkhorn";
  const bool nonfinite_ok = sr.status == solver_status::non_finite;
  ld row_err = 0, col_err = 0, cost = 0, mag = 0;
  bool plan_nan = false;
  if (sr.plan.rows() != Eigen::Index(n) || sr.plan.cols() != Eigen::Index(m))
    fuzz::finding(fn, "plan of the wrong shape");
  for (std::size_t i = 0; i < n; ++i) {
    ld s = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double p = sr.plan(Eigen::Index(i), Eigen::Index(j));
      if (std::isnan(p) || std::isinf(p)) plan_nan = true;
      if (p < 0) fuzz::finding(fn, "negative plan entry " + fuzz::num(p));
      s += p;
      cost += p * static_cast<ld>(C(Eigen::Index(i), Eigen::Index(j)));
      mag += std::fabs(p * static_cast<ld>(C(Eigen::Index(i), Eigen::Index(j))));
    }
    row_err += std::fabs(s - a[i]);
  }
  for (std::size_t j = 0; j < m; ++j) {
    ld s = 0;
    for (std::size_t i = 0; i < n; ++i) s += sr.plan(Eigen::Index(i), Eigen::Index(j));
    col_err += std::fabs(s - b[j]);
  }
  const std::string status = advdiv::to_string(sr.status);
  if (!nonfinite_ok && (plan_nan || std::isnan(sr.cost) || std::isnan(sr.objective) || std::isnan(sr.marginal_error)))
    fuzz::finding(fn, "NaN/inf in the result with status " + status + " (cost " + fuzz::num(sr.cost) + ")");
  if (nonfinite_ok) return 0;
  const ld err = row_err + col_err, total_mass = std::max(sum(a), sum(b));
  const ld slack = 1e-12L * total_mass;  // rounding of the sums
  if (sr.status == solver_status::converged) {
    // The documented criterion (sinkhorn.hpp): each marginal's L1 error ≤ tolerance·Σa, not
    // their sum (T12: rows 6.5e-10 and columns 4.7e-10 at tolerance 1e-9 are converged).
    const ld worst = std::max(row_err, col_err);
    if (worst > so.tolerance * total_mass + slack && worst > so.tolerance + slack)
      fuzz::finding(fn, "converged, but the plan's L1 marginal error is " + fuzz::num(err) + " (rows " +
                            fuzz::num(row_err) + ", columns " + fuzz::num(col_err) + "), tolerance " +
                            fuzz::num(so.tolerance) + "; reported " + fuzz::num(sr.marginal_error));
    if (!(cost > std::numeric_limits<double>::max() && std::isinf(sr.cost)) &&
        !fuzz::close(sr.cost, cost, 1e-9L, 1e-9L * mag + 1e-300L))
      fuzz::finding(fn, "reported cost " + fuzz::num(sr.cost) + ", ⟨P, C⟩ = " + fuzz::num(cost));
    if (eo == fuzz::outcome::value && er.status == solver_status::converged) {
      // A plan with marginal error δ is δ·max C from a feasible one: cost ≥ OT − δ·max C.
      const ld floor = ld(er.cost) - (err + 1e-9L * total_mass) * cmax - 1e-9L * std::fabs(er.cost) - 1e-300L;
      if (cost < floor)
        fuzz::finding(fn, "cost " + fuzz::num(cost) + " below the exact optimum " + fuzz::num(er.cost));
    }
  } else if (sr.status == solver_status::iteration_limit) {
    if (sr.marginal_error <= 0.5 * so.tolerance && err <= 0.5 * so.tolerance)
      fuzz::finding(fn, "iteration_limit although the plan's marginal error " + fuzz::num(err) +
                            " is within the tolerance " + fuzz::num(so.tolerance));
  }
  return 0;
}
