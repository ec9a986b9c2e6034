#pragma once
/// \file
/// The quadrature behind every density integral (internal): breakpoints, density crossings,
/// and a globally adaptive Gauss–Kronrod rule over finite and semi-infinite pieces.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/options.hpp>
#include <advdiv/density/any_family.hpp>
#include <advdiv/density/concepts.hpp>
#include <advdiv/density/distribution_common.hpp>
#include <advdiv/density/options.hpp>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <queue>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace advdiv::detail {

/// Quantile levels whose points split the real line into pieces where the mass lies.
inline constexpr std::array<double, 7> breakpoint_levels{1e-10, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-3, 1 - 1e-10};

/// Multiples of the half-spread h = (x(1 − 1e-10) − x(1e-10))/2 at which points are added
/// beyond the outermost quantiles x(1e-10) and x(1 − 1e-10): one, at 1.5 times the distance
/// of those quantiles from the middle (9.5σ for a normal, where √p has 1e-11 of its mass left).
/// Farther points would put nodes where p underflows while q²/p does not; variational_bound
/// is right there too since P10 (tested with breakpoints there), but they would cost every
/// divergence evaluations that no case has been shown to need.
inline constexpr std::array<double, 1> tail_steps{0.5};

/// Appends the finite support ends of d, its quantiles at breakpoint_levels (when d has a
/// quantile), points beyond the outermost quantiles at tail_steps times their half-spread
/// (inside the support), and for a mixture the breakpoints of every component (its modes and
/// kinks). The tail points are there because an integrand such as √(p q) or p^α q^{1−α} reaches
/// further than p: √p of a normal is a normal of width σ√2, with a relative 3.4e-6 of its
/// mass beyond p's 1e-10 quantile. Inside one wide piece of a much wider q (N(−7.94, 0.064²)
/// against N(0, 1000²)) the Gauss–Kronrod nodes never came near that tail and H² was off by
/// 7.7e-8 under an error estimate of 1.3e-11 (fuzzer finding P8).
template <density_1d D>
void append_breakpoints(const D& d, std::vector<double>& points) {
  const interval s = support(d);
  if (math::isfinite(s.lower)) points.push_back(s.lower);
  if (math::isfinite(s.upper)) points.push_back(s.upper);
  if constexpr (requires { d.components(); }) {
    for (const auto& c : d.components()) append_breakpoints(c, points);
  } else if constexpr (density_with_quantile<D>) {
    for (const double u : breakpoint_levels) {
      const double x = static_cast<double>(quantile(d, u));
      if (math::isfinite(x)) points.push_back(x);
    }
    const double lo = static_cast<double>(quantile(d, breakpoint_levels.front()));
    const double hi = static_cast<double>(quantile(d, breakpoint_levels.back()));
    const double half = 0.5 * hi - 0.5 * lo;
    if (math::isfinite(lo) && math::isfinite(hi) && half > 0 && math::isfinite(half)) {
      for (const double k : tail_steps) {
        const double below = lo - k * half, above = hi + k * half;
        if (math::isfinite(below) && below > s.lower) points.push_back(below);
        if (math::isfinite(above) && above < s.upper) points.push_back(above);
      }
    }
  }
}

inline void sort_unique(std::vector<double>& points) {
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
}

/// A density without quantiles tells nothing of where its mass lies: the points 0 and ±2^k
/// (k = −10, ..., 60) inside `h` give the crossing scan and the normalisation check a grid
/// on every scale.
inline void append_scale_grid(interval h, std::vector<double>& points) {
  for (int k = -10; k <= 60; ++k) {
    for (const double x : {std::ldexp(1.0, k), -std::ldexp(1.0, k)})
      if (x > h.lower && x < h.upper) points.push_back(x);
  }
  if (0.0 > h.lower && 0.0 < h.upper) points.push_back(0.0);
}

/// The hull of the supports of p and q.
inline interval support_hull(interval a, interval b) {
  return {math::min(a.lower, b.lower), math::max(a.upper, b.upper), false, false};
}

/// Adds the points where log p − log q changes sign, refined by TOMS 748: the kinks of
/// |p − q| (total variation and every integrand with a kink at p = q) and the jumps of
/// critics such as the total-variation T* = ½ sign(p − q). The sign is sampled at the
/// midpoints of 16 cells between consecutive breakpoints (and of the scale grid for a
/// density without quantiles) and, beyond the outermost ones, of 2 cells in each gap of a
/// grid of doubling width while either density is still representable (a crossing in a
/// tail is found too).
template <density_1d P, density_1d Q>
void append_crossings(const P& p, const Q& q, std::vector<double>& points) {
  const auto diff = [&](double x) {
    return static_cast<double>(log_pdf(p, x)) - static_cast<double>(log_pdf(q, x));
  };
  const auto representable = [&](double x) {
    return math::max(static_cast<double>(log_pdf(p, x)), static_cast<double>(log_pdf(q, x))) > -745.0;
  };
  const interval h = support_hull(support(p), support(q));
  std::vector<double> grid(points);
  if constexpr (!density_with_quantile<P> || !density_with_quantile<Q>) append_scale_grid(h, grid);
  sort_unique(grid);
  if (grid.size() < 2) return;
  const double width = grid.back() - grid.front();
  const double first = grid.front(), last = grid.back();
  for (int side = -1; side <= 1; side += 2) {
    const double end = side < 0 ? first : last;
    double step = width / 16;
    for (int k = 0; k < 60 && step > 0; ++k, step *= 2) {
      const double x = end + side * step;
      if (!(x > h.lower && x < h.upper)) break;
      grid.push_back(x);
      if (!representable(x)) break;
    }
  }
  sort_unique(grid);
  // The samples are scanned as one sequence (a crossing at a grid point lies between two
  // samples); a sign change counts where a density is representable at one of its samples
  // (further out, log p − log q is rounding noise).
  constexpr int cells = 16;
  std::vector<double> found;
  double x0 = math::quiet_nan<double>(), d0 = math::quiet_nan<double>();
  bool r0 = false;
  for (std::size_t k = 0; k + 1 < grid.size(); ++k) {
    const double a = grid[k], b = grid[k + 1];
    const int n = (a >= first && b <= last) ? cells : 2;  // the tail cells are coarse anyway
    for (int j = 0; j < n; ++j) {
      const double x1 = a + (b - a) * (j + 0.5) / n;
      const double lp = static_cast<double>(log_pdf(p, x1)), lq = static_cast<double>(log_pdf(q, x1));
      const double d1 = lp - lq;
      const bool r1 = math::max(lp, lq) > -745.0;
      if (r0 || r1) {
        if (d1 == 0.0) {
          found.push_back(x1);
        } else if (math::isfinite(d0) && math::isfinite(d1) && ((d0 < 0 && d1 > 0) || (d0 > 0 && d1 < 0))) {
          std::uintmax_t iterations = 100;
          const auto r = boost::math::tools::toms748_solve(
              diff, x0, x1, d0, d1, boost::math::tools::eps_tolerance<double>(50), iterations,
              density_policy());
          found.push_back(0.5 * (r.first + r.second));
        }
      }
      x0 = x1;
      d0 = d1;
      r0 = r1;
    }
  }
  points.insert(points.end(), found.begin(), found.end());
}

/// Outcome of an integration: value, error estimate, evaluations; `bad_x` holds the first
/// abscissa where the integrand was NaN (NaN if none).
struct quadrature_outcome {
  double value = 0;
  double error = 0;
  std::size_t evaluations = 0;
  double bad_x = math::quiet_nan<double>();
};

/// ∫ f over [lo, hi] (ends may be infinite), split at `points`; each piece is integrated by
/// 31-point Gauss–Kronrod, semi-infinite pieces after x = a ± L·t/(1 − t) (L: the spread of
/// the points / 16, 1 with fewer than two); the subinterval with
/// the largest error estimate is bisected until the summed estimate is below the target of
/// the options (a global adaptive rule in the manner of QUADPACK's QAGS without
/// extrapolation). An integrand value of ±inf makes the result ±inf at once, with error 0;
/// so does a sum of finite pieces that overflows.
template <class F>
quadrature_outcome integrate_pieces(const F& f, double lo, double hi, std::vector<double> points,
                                    const density_options& options) {
  std::vector<double> cuts;
  for (double x : points)
    if (math::isfinite(x) && x > lo && x < hi) cuts.push_back(x);
  sort_unique(cuts);
  if (!math::isfinite(lo) && !math::isfinite(hi) && cuts.empty()) cuts.push_back(0.0);
  std::vector<double> ends;
  ends.push_back(lo);
  ends.insert(ends.end(), cuts.begin(), cuts.end());
  ends.push_back(hi);

  // A piece: kind 0 finite (x = t), 1 [anchor, inf) and 2 (−inf, anchor] with t ∈ [0, 1),
  // x = anchor ± L·t/(1 − t). L is the spread of the breakpoints (/16): with L = 1, a tail on
  // the scale of 1e301 would need 1 − t < 1e-301 and be cut off at about 1e16 (KL between
  // exponentials of mean 2^1000 lost 2e-9 unseen by the estimate); on the scale of the
  // densities the map is the same at every width.
  double tail_scale = 1.0;
  if (cuts.size() >= 2) {
    const double spread = (0.5 * cuts.back() - 0.5 * cuts.front()) / 8;
    if (spread > 0 && math::isfinite(spread)) tail_scale = spread;
  }
  struct piece {
    int kind;
    double anchor, ta, tb, value, error;
    bool operator<(const piece& o) const noexcept { return error < o.error; }
  };
  quadrature_outcome out;
  bool pos_inf = false, neg_inf = false;
  const auto eval = [&](int kind, double anchor, double ta, double tb) {
    const double mid = 0.5 * (ta + tb), half = 0.5 * (tb - ta);
    const auto g = [&](double s) {
      const double t = mid + half * s;
      double x = t, w = 1.0;
      if (kind != 0) {
        const double r = 1.0 / (1.0 - t);
        x = kind == 1 ? anchor + tail_scale * (t * r) : anchor - tail_scale * (t * r);
        w = tail_scale * (r * r);
      }
      const double y = static_cast<double>(f(x));
      ++out.evaluations;
      if (y == 0.0) return 0.0;
      if (!math::isfinite(y)) {
        if (math::isnan(y)) {
          if (math::isnan(out.bad_x)) out.bad_x = x;
        } else {
          (y > 0 ? pos_inf : neg_inf) = true;
        }
        return 0.0;
      }
      return y * w;
    };
    double err = 0;
    const double v = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
        g, -1.0, 1.0, 0, 0.0, &err);
    return piece{kind, anchor, ta, tb, v * half, err * half};
  };

  std::priority_queue<piece> heap;
  double total = 0, total_error = 0;
  for (std::size_t k = 0; k + 1 < ends.size(); ++k) {
    const double a = ends[k], b = ends[k + 1];
    if (!(a < b)) continue;
    piece pc = !math::isfinite(a) ? eval(2, b, 0.0, 1.0)
             : !math::isfinite(b) ? eval(1, a, 0.0, 1.0)
                                  : eval(0, 0.0, a, b);
    total += pc.value;
    total_error += pc.error;
    heap.push(pc);
  }
  const auto finish = [&]() {
    if (!math::isnan(out.bad_x)) {
      out.value = math::quiet_nan<double>();
    } else if (pos_inf || neg_inf) {
      out.value = pos_inf && neg_inf ? math::quiet_nan<double>()
                                     : (pos_inf ? 1.0 : -1.0) * math::infinity<double>();
      out.error = 0;
    } else {
      compensated_sum<double> s, e;
      while (!heap.empty()) {
        s += heap.top().value;
        e += heap.top().error;
        heap.pop();
      }
      out.value = s.value();
      out.error = e.value();
      // Finite pieces whose sum overflows: the integral exceeds DBL_MAX and +inf is its
      // rounding, as for an infinite integrand (error 0; the compensated sum of the error
      // estimates would be inf − inf = NaN).
      if (std::isinf(out.value)) out.error = 0;
    }
    return out;
  };
  std::size_t intervals = heap.size();
  while (!heap.empty() && intervals < options.max_intervals) {
    if (pos_inf || neg_inf || !math::isnan(out.bad_x)) break;
    const double target = math::max(options.abs_tolerance / 10, options.rel_tolerance * math::abs(total));
    if (total_error <= target) break;
    const piece worst = heap.top();
    const double tm = 0.5 * (worst.ta + worst.tb);
    if (!(tm > worst.ta && tm < worst.tb)) break;  // cannot bisect further
    heap.pop();
    const piece left = eval(worst.kind, worst.anchor, worst.ta, tm);
    const piece right = eval(worst.kind, worst.anchor, tm, worst.tb);
    total += left.value + right.value - worst.value;
    total_error += left.error + right.error - worst.error;
    heap.push(left);
    heap.push(right);
    ++intervals;
  }
  return finish();
}

/// Throws std::domain_error `function: name integrates to I, not 1 (tolerance t)` when a
/// user's density is not normalised, and `function: the density name is NaN at x = ...` when
/// it is NaN somewhere. A density that is normalised_by_construction is not integrated.
template <density_1d D>
void check_normalised(const char* function, const char* name, const D& d,
                      const density_options& options) {
  if constexpr (!normalised_by_construction<D>) {
    const double tol = options.normalisation_tolerance;
    if (std::isinf(tol)) return;
    std::vector<double> points(options.breakpoints);
    append_breakpoints(d, points);
    const interval s = support(d);
    if constexpr (!density_with_quantile<D>) append_scale_grid(s, points);
    const auto out = integrate_pieces([&](double x) { return static_cast<double>(pdf(d, x)); },
                                      s.lower, s.upper, std::move(points), options);
    if (!math::isnan(out.bad_x))
      throw_domain_error(function, std::string("the density ") + name + " is NaN at x = " +
                                       format_value(out.bad_x));
    if (!(math::abs(out.value - 1.0) <= tol)) {
      char integral[32];  // 10 digits: the quadrature's last digits are noise
      std::snprintf(integral, sizeof integral, "%.10g", out.value);
      throw_domain_error(function, std::string(name) + " integrates to " + integral +
                                       ", not 1 (tolerance " + format_value(tol) + ")");
    }
  } else {
    (void)function, (void)name, (void)d, (void)options;
  }
}

/// Validates the options shared by the density integrals and returns 1/log(log_base), the
/// factor that converts nats into the unit of the options.
inline double check_density_options(const char* function, const density_options& options) {
  check_parameter(function, "abs_tolerance", options.abs_tolerance, options.abs_tolerance > 0.0,
                  "is not positive");
  check_parameter(function, "rel_tolerance", options.rel_tolerance, options.rel_tolerance >= 0.0,
                  "is not >= 0");
  check_sum_tolerance(function, "normalisation_tolerance", options.normalisation_tolerance);
  return check_log_base(function, options.log_base);
}

/// Where a density keeps all but a mass of about tau on each side: [x_lo, x_hi] with
/// F(x_lo) ≤ tau and 1 − F(x_hi) ≤ tau, found from quantile (lower tail) and by TOMS 748 on
/// log ccdf (upper tail; 1 − tau is not representable for tau < 1e-16), together with the
/// masses actually left outside. A density without cdf and quantile keeps its support.
struct mass_interval_result {
  interval range;
  double mass_outside = 0;
};
template <density_1d D>
mass_interval_result mass_interval(const D& d, double tau) {
  const interval s = support(d);
  mass_interval_result out{{s.lower, s.upper, false, false}, 0.0};
  if constexpr (density_with_quantile<D>) {
    const double lo = static_cast<double>(quantile(d, tau));
    if (math::isfinite(lo) && lo > s.lower) {
      out.range.lower = lo;
      out.mass_outside += static_cast<double>(cdf(d, lo));
    }
    if constexpr (requires { ccdf(d, 0.0); }) {
      if (!math::isfinite(s.upper)) {
        const auto log_tail = [&](double x) {
          return std::log(static_cast<double>(ccdf(d, x))) - std::log(tau);
        };
        double a = static_cast<double>(quantile(d, 0.5));
        double step = math::max(static_cast<double>(quantile(d, 0.9)) - a, 1e-300);
        double b = a + step;
        int k = 0;
        while (log_tail(b) > 0 && k++ < 2000) {
          a = b;
          step *= 2;
          b = a + step;
        }
        const double fa = log_tail(a), fb = log_tail(b);
        if (math::isfinite(fa) && math::isfinite(fb) && fa > 0 && fb <= 0) {
          std::uintmax_t iterations = 100;
          const auto r = boost::math::tools::toms748_solve(
              log_tail, a, b, fa, fb, boost::math::tools::eps_tolerance<double>(30), iterations,
              density_policy());
          b = r.second;
        }
        if (math::isfinite(b) && log_tail(b) <= 0) {
          out.range.upper = b;
          out.mass_outside += static_cast<double>(ccdf(d, b));
        }
      }
    }
  }
  return out;
}

/// The widths the quadrature resolves. It integrates in x itself, so a density's mass must
/// sit on abscissae that double arithmetic can tell apart and its peak must be a double:
/// a width (σ, b, s, b − a, 1/λ) below 2^−1000 has a peak density near or beyond DBL_MAX
/// (a subnormal σ makes it +inf), one above 2^1000 puts its quantiles and the crossing scan
/// near overflow, and one below 2^−16·|location| leaves fewer than 2^37 doubles across the
/// width, so the Gauss–Kronrod nodes are rounded by more than the error estimate can see
/// (laplace{1000, 1e−10}: JS off by 8e−8 against an estimate of 1e−8). Such a density is
/// refused with std::domain_error rather than given a wrong number; the closed forms
/// (closed_form.hpp) have no such limit.
inline constexpr double min_resolved_width = 0x1p-1000;
inline constexpr double max_resolved_width = 0x1p1000;
inline constexpr double min_relative_width = 0x1p-16;

inline bool resolved_width(double location, double width) {
  return width >= min_resolved_width && width <= max_resolved_width &&
         width >= min_relative_width * math::abs(location);
}

/// Throws `function: name.param = value is not a width the quadrature resolves (...)` unless
/// resolved_width(location, width).
inline void check_resolved_width(const char* function, const std::string& name, double value,
                                 double location, double width) {
  if (resolved_width(location, width)) return;
  const std::string problem =
      "is not a width the quadrature resolves (the width must lie in [2^-1000, 2^1000] and be at "
      "least 2^-16 of |location| = " + format_value(math::abs(location)) + ")";
  check_parameter(function, name.c_str(), value, false, problem.c_str());
}

/// A user's density: nothing is known of its width (its quantiles and breakpoints are its
/// own), so it is not checked.
template <class D>
void check_resolvable(const char*, const std::string&, const D&) {}
inline void check_resolvable(const char* function, const std::string& name, const normal& d) {
  check_resolved_width(function, name + ".sigma", d.sigma(), d.mu(), d.sigma());
}
inline void check_resolvable(const char* function, const std::string& name, const laplace& d) {
  check_resolved_width(function, name + ".b", d.b(), d.mu(), d.b());
}
inline void check_resolvable(const char* function, const std::string& name, const logistic& d) {
  check_resolved_width(function, name + ".s", d.s(), d.mu(), d.s());
}
inline void check_resolvable(const char* function, const std::string& name, const uniform& d) {
  // b − a may overflow to +inf (then it is too wide); the centre a/2 + b/2 does not.
  check_resolved_width(function, name + ".b - " + name + ".a", d.b() - d.a(), 0.5 * d.a() + 0.5 * d.b(),
                       d.b() - d.a());
}
inline void check_resolvable(const char* function, const std::string& name, const exponential& d) {
  check_resolved_width(function, name + ".lambda", d.lambda(), 0.0, 1.0 / d.lambda());
}
inline void check_resolvable(const char* function, const std::string& name, const any_family& d) {
  std::visit([&](const auto& f) { check_resolvable(function, name, f); }, d.value());
}
template <class D>
  requires requires(const D& d) { d.components(); }
void check_resolvable(const char* function, const std::string& name, const D& d) {
  for (std::size_t i = 0; i < d.components().size(); ++i)
    check_resolvable(function, name + ".components()[" + std::to_string(i) + "]", d.components()[i]);
}

/// Integrates f(x) over the hull of the supports of p and q (or over `range` within it),
/// split at their breakpoints, the options' breakpoints and the crossings of p and q (kinks
/// of |p − q| and jumps of critics such as sign(p − q)); throws if the integrand is NaN, or
/// (check_resolvable) if a built-in density's width is beyond what the quadrature resolves.
template <density_1d P, density_1d Q, class F>
quadrature_outcome integrate_pair(const char* function, const P& p, const Q& q, const F& f,
                                  const density_options& options,
                                  interval range = {-math::infinity<double>(), math::infinity<double>()}) {
  check_resolvable(function, "p", p);
  check_resolvable(function, "q", q);
  std::vector<double> points(options.breakpoints);
  append_breakpoints(p, points);
  append_breakpoints(q, points);
  append_crossings(p, q, points);
  const interval h = support_hull(support(p), support(q));
  auto out = integrate_pieces(f, math::max(h.lower, range.lower), math::min(h.upper, range.upper),
                              std::move(points), options);
  if (!math::isnan(out.bad_x))
    throw_domain_error(function, "the integrand is NaN at x = " + format_value(out.bad_x));
  return out;
}

}  // namespace advdiv::detail
