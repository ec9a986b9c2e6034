#pragma once
/// \file
/// Exact p-Wasserstein distance between one-dimensional distributions: between two
/// (weighted) samples by merging their sorted quantile functions, between two distributions
/// that expose a quantile function by quadrature of the quantile integral, and the closed
/// form W_2 between normal distributions.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/sort.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/transport/wasserstein_term.hpp>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace advdiv {

/// A one-dimensional distribution whose quantile function (inverse CDF) is found by
/// argument-dependent lookup as `quantile(d, u)` for u in (0, 1): Boost.Math distributions,
/// advdiv's densities, or any light parameter type with such a free function.
template <class D>
concept quantile_distribution = !vector_like<D> && requires(const D& d, double u) {
  { quantile(d, u) } -> std::convertible_to<double>;
};

namespace detail {

/// W_p^p held without overflow as (scaling, sum): W_p = wasserstein_root{p, scaling}(sum),
/// where sum ≤ 1 is the mass-weighted total of the scaled terms (in W: double, or long double
/// for weighted samples whose weights span more than a double's exponent range).
template <class W>
struct basic_scaled_wpp {
  wasserstein_scaling<W> scaling;
  W sum = 0;
};
using scaled_wpp = basic_scaled_wpp<double>;

/// Calls f(mass, x, y) for every piece of the merged quantile functions of two sorted
/// equally weighted samples (n and m points, read through xs(i) and ys(j)). The masses are
/// integer counts in units of 1/(n·m) (1/n when n = m): the breakpoints i/n and j/m are
/// compared as the exact integers i·m and j·n. Returns the total count.
template <class XS, class YS, class F>
double for_each_uniform_piece(std::size_t n, XS xs, std::size_t m, YS ys, F f) {
  if (n == m) {
    for (std::size_t i = 0; i < n; ++i) f(1.0, double(xs(i)), double(ys(i)));
    return double(n);
  }
  const std::uint64_t un = n, um = m;
  std::uint64_t pos = 0;
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    const std::uint64_t nx = (i + 1) * um, ny = (j + 1) * un;
    const std::uint64_t next = nx < ny ? nx : ny;
    f(double(next - pos), double(xs(i)), double(ys(j)));
    pos = next;
    if (nx == next) ++i;
    if (ny == next) ++j;
  }
  return double(n) * double(m);
}

/// Scaled W_p^p of the pieces that `walk(f)` enumerates (calling f(mass, x, y), returning
/// the total mass): one pass for the largest gap (a second with unit ½ if a gap overflows),
/// one for the scaled terms.
template <class W = double, class Walk>
basic_scaled_wpp<W> scaled_wpp_of(Walk walk, double p) {
  W unit = 1, max_gap = 0;
  for (;;) {
    const wasserstein_gap<W> gap{unit};
    max_gap = 0;
    walk([&](W mass, W x, W y) {
      const W g = gap(x, y);
      if (mass > 0 && g > max_gap) max_gap = g;
    });
    if (max_gap < math::infinity<W>() || unit < 1) break;
    unit = W(0.5);  // |x − y| overflowed: ½x − ½y cannot
  }
  const wasserstein_term<W> term{W(p), wasserstein_scaling<W>::from_max_gap(max_gap, unit)};
  compensated_sum<W> acc;
  const W total = walk([&](W mass, W x, W y) { acc += term(mass, x, y); });
  return {term.scaling, acc.value() / total};
}

/// Scaled W_p^p between two sorted equally weighted samples read through xs(i), ys(j).
template <class XS, class YS>
scaled_wpp wpp_sorted_uniform(std::size_t n, XS xs, std::size_t m, YS ys, double p) {
  return scaled_wpp_of([&](auto f) { return for_each_uniform_piece(n, xs, m, ys, f); }, p);
}

/// Same, for sorted vectors of doubles.
inline scaled_wpp wpp_sorted_uniform(std::span<const double> xs, std::span<const double> ys,
                                     double p) {
  return wpp_sorted_uniform(
      xs.size(), [&](std::size_t i) { return xs[i]; }, ys.size(),
      [&](std::size_t j) { return ys[j]; }, p);
}

/// Exact sums and products of doubles as floating-point expansions (Shewchuk, "Adaptive
/// precision floating-point arithmetic and fast robust geometric predicates", 1997): a value
/// held as a sum of doubles of increasing magnitude whose bits do not overlap, the largest
/// last (so its sign is the value's). Zero components are dropped; an empty expansion is 0.
/// The weighted merge needs them: a piece of the merged quantile functions can be the tiny
/// difference of two breakpoints near 1, which no fixed precision resolves.
namespace expansion {

/// e += b, exactly (Grow-Expansion with zero elimination, in place). T is double, or long
/// double where the weights need its exponent range.
template <class T>
void grow(std::vector<T>& e, T b) {
  T q = b;
  std::size_t k = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    const T a = e[i], s = q + a, bv = s - q, err = (q - (s - bv)) + (a - bv);
    if (err != T(0)) e[k++] = err;
    q = s;
  }
  e.resize(k);
  if (q != T(0)) e.push_back(q);
}

/// Rewrites e with as few components as it needs, the largest within one rounding of the value
/// (Compress, in place).
template <class T>
void compress(std::vector<T>& e) {
  if (e.size() < 2) return;
  std::size_t bottom = e.size() - 1;
  T q = e[bottom];
  for (std::size_t i = e.size() - 1; i-- > 0;) {
    const T s = q + e[i], small = e[i] - (s - q);
    if (small != T(0)) {
      e[bottom--] = s;
      q = small;
    } else {
      q = s;
    }
  }
  std::size_t top = 0;
  for (std::size_t i = bottom + 1; i < e.size(); ++i) {
    const T s = e[i] + q, small = q - (s - e[i]);
    if (small != T(0)) e[top++] = small;
    q = s;
  }
  e[top] = q;
  e.resize(top + 1);
}

/// out = e·b, exactly unless a product underflows (Scale-Expansion with zero elimination; the
/// rounding errors of the products come from fma, and since each rounded product also feeds
/// that fma, -ffp-contract cannot fuse it into a later sum).
template <class T>
void scale(const std::vector<T>& e, T b, std::vector<T>& out) {
  out.clear();
  if (e.empty() || b == T(0)) return;
  T q = e[0] * b;
  T err = std::fma(e[0], b, -q);
  if (err != T(0)) out.push_back(err);
  for (std::size_t i = 1; i < e.size(); ++i) {
    const T t = e[i] * b, terr = std::fma(e[i], b, -t);
    const T s = q + terr, bv = s - q, serr = (q - (s - bv)) + (terr - bv);
    if (serr != T(0)) out.push_back(serr);
    q = t + s;
    const T ferr = s - (q - t);
    if (ferr != T(0)) out.push_back(ferr);
  }
  if (q != T(0)) out.push_back(q);
  compress(out);
}

/// out = e − f, exactly, compressed.
template <class T>
void difference(const std::vector<T>& e, const std::vector<T>& f, std::vector<T>& out) {
  out = e;
  for (const T c : f) grow(out, -c);
  compress(out);
}

/// The value to within about one rounding (the components summed from the smallest).
template <class T>
T estimate(const std::vector<T>& e) {
  T s = 0;
  for (const T c : e) s += c;
  return s;
}

}  // namespace expansion

/// The weights of a sample multiplied by a power of two that brings the largest into [1, 2)
/// (exact, so finite weights whose sum overflows are fine), in W, with their exact total as
/// an expansion. `exact` is false when some positive weight lands below W's smallest normal
/// number (it would round or vanish: below 2^-1022 of the largest weight in double, which
/// never happens in long double, whose exponent range holds the ratio of any two doubles).
template <class W>
struct scaled_weights {
  std::vector<W> w;
  std::vector<W> total;
  bool exact = true;
};

template <class W, class T>
scaled_weights<W> scale_weights(const std::vector<weighted_value<T>>& v) {
  double wmax = 0.0;
  for (const auto& r : v) wmax = double(r.w) > wmax ? double(r.w) : wmax;
  const int e = std::ilogb(wmax);
  scaled_weights<W> s;
  s.w.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    s.w[i] = std::ldexp(static_cast<W>(v[i].w), -e);
    if (s.w[i] < std::numeric_limits<W>::min() && v[i].w > T(0)) s.exact = false;
    expansion::grow(s.total, s.w[i]);
    expansion::compress(s.total);
  }
  return s;
}

/// Calls f(mass, x, y) for every piece of the merged quantile functions of two weighted
/// samples sorted by value, with scaled weights wx and wy of exact totals S_x and S_y;
/// returns the total mass, S_x·S_y to rounding. Masses are in units of 1/(S_x·S_y): atom i of
/// x has mass wx_i·S_y and atom j of y has wy_j·S_x, exact as expansions, and the walk carries
/// the exact remainder of the current atom of each side, so every piece's mass (the tiny
/// difference of two breakpoints near 1 included) is exact before its one final rounding.
template <class W, class T, class F>
W for_each_weighted_piece(const std::vector<weighted_value<T>>& xs, const scaled_weights<W>& wx,
                          const std::vector<weighted_value<T>>& ys, const scaled_weights<W>& wy, F f) {
  const std::size_t n = xs.size(), m = ys.size();
  std::vector<W> rx, ry, d;  // remainders of atom i of x and atom j of y; rx − ry
  expansion::scale(wy.total, wx.w[0], rx);
  expansion::scale(wx.total, wy.w[0], ry);
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    expansion::difference(rx, ry, d);
    const W sign = d.empty() ? W(0) : d.back();
    const W mass = expansion::estimate(sign <= 0 ? rx : ry);
    if (mass > 0) f(mass, static_cast<W>(xs[i].x), static_cast<W>(ys[j].x));
    if (sign < 0) {  // atom i of x ends first: what is left of atom j is ry − rx
      for (auto& c : d) c = -c;
      ry.swap(d);
    } else if (sign > 0) {
      rx.swap(d);
    }
    if (sign <= 0 && ++i < n) expansion::scale(wy.total, wx.w[i], rx);
    if (sign >= 0 && ++j < m) expansion::scale(wx.total, wy.w[j], ry);
  }
  return expansion::estimate(wx.total) * expansion::estimate(wy.total);
}

/// W_p of two sorted weighted samples with the masses, terms and root in W (see
/// wasserstein_1d(weighted, weighted)).
template <class W, class T>
W weighted_wasserstein_sorted(const std::vector<weighted_value<T>>& xs, const scaled_weights<W>& swx,
                              const std::vector<weighted_value<T>>& ys, const scaled_weights<W>& swy, double p) {
  // The exact merge is the costly part: walk it once, then let both passes read the pieces.
  std::vector<std::array<W, 3>> pieces;
  pieces.reserve(xs.size() + ys.size());
  const W total = for_each_weighted_piece(xs, swx, ys, swy, [&](W mass, W x, W y) { pieces.push_back({mass, x, y}); });
  const basic_scaled_wpp<W> wpp = scaled_wpp_of<W>(
      [&](auto f) {
        for (const auto& q : pieces) f(q[0], q[1], q[2]);
        return total;
      },
      p);
  return wasserstein_root<W>{W(p), wpp.scaling}(wpp.sum);
}

}  // namespace detail

/// p-Wasserstein distance W_p between the empirical distributions of two 1-D samples x
/// (n points, mass 1/n each) and y (m points, mass 1/m each), for any n and m:
/// \f[ W_p = \Big(\int_0^1 |F_x^{-1}(u) - F_y^{-1}(u)|^p\,du\Big)^{1/p}. \f]
/// Returns W_p itself, not W_p^p (POT's `wasserstein_1d` returns W_p^p; for p = 1 this equals
/// SciPy's `wasserstein_distance`). Exact: both samples are sorted and the two step quantile
/// functions are merged; the breakpoints i/n and j/m are compared as exact integers. The
/// gaps are divided by the largest one before the power and the root multiplied back
/// (wasserstein_term.hpp), so no finite input overflows or underflows on the way:
/// W₂({1e200}, {−1e200}) = 2e200 and W₂₀₀₀({0}, {0.5}) = 0.5.
///
/// \param x first sample (any vector_like of float or double).
/// \param y second sample.
/// \param p order, finite and ≥ 1.
/// \throws std::invalid_argument x or y empty.
/// \throws std::domain_error a NaN or infinite value, or p out of range.
/// Complexity: O(n + m) memory and O((n + m) log(n + m)) time (radix sort, so in practice
/// linear for large samples).
///
/// \code
/// std::vector<double> x{0.0, 1.0, 3.0}, y{5.0, 6.0, 8.0};
/// double w1 = advdiv::wasserstein_1d(x, y);       // 5
/// double w2 = advdiv::wasserstein_1d(x, y, 2.0);  // 5
/// \endcode
template <vector_like X, vector_like Y>
auto wasserstein_1d(const X& x, const Y& y, double p = 1.0) {
  using T = std::common_type_t<vector_value_t<X>, vector_value_t<Y>>;
  constexpr const char* fn = "advdiv::wasserstein_1d";
  const auto vx = detail::view_vector(x, fn, "x");
  const auto vy = detail::view_vector(y, fn, "y");
  check_nonempty(fn, "x", vx.span());
  check_nonempty(fn, "y", vy.span());
  check_finite(fn, "x", vx.span());
  check_finite(fn, "y", vy.span());
  detail::check_order_p(fn, p);
  // Sort the order-preserving integer keys of the values (one scratch buffer for both).
  using KX = detail::float_key_t<vector_value_t<X>>;
  using KY = detail::float_key_t<vector_value_t<Y>>;
  std::vector<KX> tmp_x;
  const std::vector<KX> kx = detail::sorted_keys(vx.span(), tmp_x);
  std::vector<KY> tmp_y;
  if constexpr (std::is_same_v<KX, KY>) tmp_y.swap(tmp_x);
  const std::vector<KY> ky = detail::sorted_keys(vy.span(), tmp_y);
  const detail::scaled_wpp wpp = detail::wpp_sorted_uniform(
      kx.size(), [&](std::size_t i) { return detail::key_to_float<vector_value_t<X>>(kx[i]); },
      ky.size(), [&](std::size_t j) { return detail::key_to_float<vector_value_t<Y>>(ky[j]); }, p);
  return static_cast<T>(wasserstein_root<double>{p, wpp.scaling}(wpp.sum));
}

/// A 1-D sample with weights, the distribution Σ_i w_i δ_{x_i} / Σ_i w_i, made by
/// advdiv::weighted(x, w): the argument of the weighted wasserstein_1d. An lvalue is held by
/// reference, a temporary is moved in, so `weighted(x, w)` never copies a named vector.
template <class X, class W>
struct weighted_sample {
  X values;   ///< the sample x (a reference type for an lvalue argument)
  W weights;  ///< its weights w, relative frequencies
};

/// The weighted sample (x, w) for wasserstein_1d: the weights are paired with their values in
/// one argument, so the SciPy order (u, v, u_weights, v_weights) cannot be mistaken for
/// (x, wx, y, wy).
/// \code
/// double w1 = advdiv::wasserstein_1d(advdiv::weighted(x, wx), advdiv::weighted(y, wy));
/// \endcode
template <class X, class W>
  requires vector_like<std::remove_cvref_t<X>> && vector_like<std::remove_cvref_t<W>>
weighted_sample<X, W> weighted(X&& x, W&& w) {
  return {std::forward<X>(x), std::forward<W>(w)};
}

/// p-Wasserstein distance between two weighted 1-D samples: the distributions
/// Σ_i wx_i δ_{x_i} / Σ wx and Σ_j wy_j δ_{y_j} / Σ wy, given as weighted(x, wx) and
/// weighted(y, wy). The weights are relative frequencies, as SciPy's `u_weights` /
/// `v_weights`: each set is divided by its own total (which must be positive). Zero weights
/// are allowed, and so are finite weights whose sum overflows (each set is multiplied by the
/// power of two that brings its largest weight into [1, 2) before it is summed). Returns W_p,
/// not W_p^p, computed with the scaled gaps of the unweighted form. The mass of every piece of
/// the merged quantile functions is exact before one final rounding, also where the
/// breakpoints of the two samples differ by less than their rounding (a weight of 1e-15 next
/// to one of 0.75): the scaled weights are summed exactly as floating-point expansions, and
/// the merge carries exact remainders. Weights spanning more than a double's exponent range
/// (a weight below 2^-1022 times the largest of its sample: 7e-310 next to 1e154) are not
/// dropped: the masses, terms and root are then computed in long double, whose range holds
/// the ratio of any two doubles; the result is rounded once to a double at the end. (In
/// double, a piece below about 1e-300 of the total mass can still lose digits to underflow in
/// a product of the exact merge.) SciPy's `wasserstein_distance(u, v, uw, vw)` is
/// `wasserstein_1d(weighted(u, uw), weighted(v, vw))`.
///
/// \throws std::invalid_argument an empty sample, or a weight vector whose length differs
///         from its sample's.
/// \throws std::domain_error a NaN or infinite value, a negative / NaN / infinite weight,
///         weights summing to 0, or p out of range.
/// Complexity: O((n + m) log(n + m)) time for the sort, then O(n + m) exact-expansion steps
/// of a few components each (on random data about twice the time of the sort); O(n + m) memory.
///
/// \code
/// std::vector<double> x{0.0, 1.0}, wx{3.0, 1.0}, y{0.0}, wy{1.0};
/// double w1 = advdiv::wasserstein_1d(advdiv::weighted(x, wx), advdiv::weighted(y, wy));  // 0.25
/// \endcode
template <class X, class WX, class Y, class WY>
auto wasserstein_1d(const weighted_sample<X, WX>& a, const weighted_sample<Y, WY>& b, double p = 1.0) {
  using VX = std::remove_cvref_t<X>;
  using VWX = std::remove_cvref_t<WX>;
  using VY = std::remove_cvref_t<Y>;
  using VWY = std::remove_cvref_t<WY>;
  using T = std::common_type_t<vector_value_t<VX>, vector_value_t<VWX>, vector_value_t<VY>, vector_value_t<VWY>>;
  constexpr const char* fn = "advdiv::wasserstein_1d";
  const auto vx = detail::view_vector(a.values, fn, "x");
  const auto vwx = detail::view_vector(a.weights, fn, "wx");
  const auto vy = detail::view_vector(b.values, fn, "y");
  const auto vwy = detail::view_vector(b.weights, fn, "wy");
  check_nonempty(fn, "x", vx.span());
  check_nonempty(fn, "y", vy.span());
  check_same_size(fn, "x", vx.size(), "wx", vwx.size());
  check_same_size(fn, "y", vy.size(), "wy", vwy.size());
  check_finite(fn, "x", vx.span());
  check_finite(fn, "y", vy.span());
  check_nonnegative_finite(fn, "wx", vwx.span());
  check_nonnegative_finite(fn, "wy", vwy.span());
  if (!(accurate_sum<double>(vwx.span()) > 0.0)) detail::throw_domain_error(fn, "wx sums to 0");
  if (!(accurate_sum<double>(vwy.span()) > 0.0)) detail::throw_domain_error(fn, "wy sums to 0");
  detail::check_order_p(fn, p);
  std::vector<detail::weighted_value<T>> xs(vx.size()), ys(vy.size());
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = {T(vx[i]), T(vwx[i])};
  for (std::size_t j = 0; j < ys.size(); ++j) ys[j] = {T(vy[j]), T(vwy[j])};
  detail::sort_weighted(xs);
  detail::sort_weighted(ys);
  // In double while every weight is a normal double after scaling (the common case); else
  // in long double, whose exponent range holds the ratio of any two double weights (a weight
  // of 7e-310 next to one of 1e154 is not dropped) and every product of the exact merge.
  const auto swx = detail::scale_weights<double>(xs), swy = detail::scale_weights<double>(ys);
  if (swx.exact && swy.exact) return static_cast<T>(detail::weighted_wasserstein_sorted(xs, swx, ys, swy, p));
  const auto lwx = detail::scale_weights<long double>(xs), lwy = detail::scale_weights<long double>(ys);
  return static_cast<T>(detail::weighted_wasserstein_sorted(xs, lwx, ys, lwy, p));
}

/// Four vectors are refused at compile time: SciPy's order (u, v, u_weights, v_weights) and
/// the pairing (x, wx, y, wy) would both compile and mean different things. Write
/// wasserstein_1d(weighted(x, wx), weighted(y, wy), p).
template <vector_like X, vector_like A, vector_like B, vector_like C>
double wasserstein_1d(const X&, const A&, const B&, const C&, double = 1.0) {
  static_assert(sizeof(X) == 0,
                "advdiv::wasserstein_1d: pass weighted samples as wasserstein_1d(advdiv::weighted(x, wx), "
                "advdiv::weighted(y, wy), p) (SciPy's wasserstein_distance(u, v, u_weights, v_weights) order "
                "is not accepted)");
  return 0.0;
}

/// Options of the quadrature behind wasserstein_1d() between two distributions.
struct quantile_integral_options {
  /// Relative tolerance asked of the quadrature.
  double tolerance = 1e-10;
  /// Maximum number of tanh-sinh refinement levels (the tails of the quantile integral).
  std::size_t max_refinements = 15;
  /// Maximum bisection depth of the adaptive Gauss–Kronrod rule (the body).
  std::size_t max_depth = 20;
};

namespace detail {
/// ∫_0^1 g by tanh-sinh on the tails (0, 0.01] and [0.99, 1), whose endpoint singularities it
/// handles, and adaptive 31-point Gauss–Kronrod on [0.01, 0.99], whose bisection isolates a
/// near-jump of the integrand (a quantile function between well-separated modes, where
/// tanh-sinh on the whole interval stops at a 2e-3 error). Returns the value and the summed
/// error estimates and L1 norms.
template <class G>
std::array<double, 3> quantile_integral(G& g, const quantile_integral_options& o) {
  using gauss_kronrod = boost::math::quadrature::gauss_kronrod<double, 31>;
  boost::math::quadrature::tanh_sinh<double> tails(o.max_refinements);
  constexpr double lo = 0.01, hi = 0.99;
  double e0 = 0, e1 = 0, e2 = 0, l0 = 0, l1 = 0, l2 = 0;
  const double v = tails.integrate(g, 0.0, lo, o.tolerance, &e0, &l0) +
                   gauss_kronrod::integrate(g, lo, hi, static_cast<unsigned>(o.max_depth), o.tolerance, &e1, &l1) +
                   tails.integrate(g, hi, 1.0, o.tolerance, &e2, &l2);
  return {v, e0 + e1 + e2, l0 + l1 + l2};
}
}  // namespace detail

/// p-Wasserstein distance between two 1-D distributions given by their quantile
/// functions (found by ADL as `quantile(d, u)`):
/// \f[ W_p(\mu, \nu) = \Big(\int_0^1 |F_\mu^{-1}(u) - F_\nu^{-1}(u)|^p\,du\Big)^{1/p}, \f]
/// by quadrature: Boost.Math's tanh-sinh on the tails u < 0.01 and u > 0.99 (the integrable
/// endpoint singularities of unbounded supports) and its adaptive Gauss–Kronrod rule on the
/// body, whose bisection isolates a quantile function's near-jump between well-separated
/// modes of a mixture. For p = 1 between distributions that also have `cdf(d, x)` it integrates
/// W₁ = ∫|F_μ(x) − F_ν(x)| dx instead (adaptive Gauss–Kronrod between the 1e-17 and
/// 1 − 1e-16 quantiles of either law), whose integrand stays continuous there. Abscissae that
/// round to 0 or 1 contribute nothing (they carry less than 1e-16 of the mass). Returns W_p,
/// not W_p^p; +inf when the integral diverges (e.g. p ≥ the tail index of a heavy-tailed
/// law). The integrand |F_μ⁻¹(u) − F_ν⁻¹(u)|^p is not scaled (its largest value is not known
/// before the quadrature): keep |quantile gaps|^p within the range of double.
///
/// The Gauss–Kronrod error estimate is conservative at the kinks of |·| (it reads 1e-5 where
/// the value is right to 1e-12, tests/transport/test_wasserstein_1d.cpp); a result whose
/// estimate exceeds 1e-3 of the integral is refused rather than returned.
///
/// \throws std::domain_error p out of range or a tolerance that is not positive; whatever
/// `quantile` or `cdf` throws.
/// \throws std::runtime_error if the relative error estimate exceeds 1e-3 (never a silently
///         inaccurate value).
/// Complexity: a few hundred to a few thousand quantile (or CDF) evaluations.
///
/// \code
/// boost::math::normal_distribution<> a(0.0, 1.0), b(1.0, 2.0);
/// double w2 = advdiv::wasserstein_1d(a, b, 2.0);  // sqrt(1 + 1) (see wasserstein_2_normal)
/// \endcode
template <quantile_distribution D1, quantile_distribution D2>
double wasserstein_1d(const D1& d1, const D2& d2, double p = 1.0,
                      const quantile_integral_options& options = {}) {
  constexpr const char* fn = "advdiv::wasserstein_1d";
  detail::check_order_p(fn, p);
  check_positive_finite(fn, "options.tolerance", options.tolerance);
  std::array<double, 3> r{};  // value, error estimate, L1 norm
  bool done = false;
  if constexpr (requires(double x) {
                  { cdf(d1, x) } -> std::convertible_to<double>;
                  { cdf(d2, x) } -> std::convertible_to<double>;
                }) {
    if (p == 1.0) {
      const double lo = std::min<double>(quantile(d1, 1e-17), quantile(d2, 1e-17));
      const double hi = std::max<double>(quantile(d1, 1 - 1e-16), quantile(d2, 1 - 1e-16));
      auto gap = [&](double x) {
        return std::abs(static_cast<double>(cdf(d1, x)) - static_cast<double>(cdf(d2, x)));
      };
      if (std::isfinite(lo) && std::isfinite(hi) && lo < hi) {
        r[0] = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
            gap, lo, hi, static_cast<unsigned>(options.max_depth), options.tolerance, &r[1], &r[2]);
        done = true;
      } else if (lo == hi) {
        done = true;  // two point masses at the same place
      }
    }
  }
  if (!done) {
    const wasserstein_term<double> term{p};
    auto integrand = [&](double u) -> double {
      if (!(u > std::numeric_limits<double>::min() && u < 1.0)) return 0.0;
      return term(1.0, static_cast<double>(quantile(d1, u)), static_cast<double>(quantile(d2, u)));
    };
    r = detail::quantile_integral(integrand, options);
    r[0] = wasserstein_root<double>{p}(r[0]);
  }
  if (std::isfinite(r[0]) && r[1] > 1e-3 * r[2])
    throw std::runtime_error(std::string(fn) + ": the quadrature's error estimate is " +
                             detail::format_value(r[1] / r[2]) +
                             " of the integral; the quantile functions are too steep or rough for it");
  return r[0];
}

/// Closed-form 2-Wasserstein distance between N(μ₁, σ₁²) and N(μ₂, σ₂²):
/// \f[ W_2 = \sqrt{(\mu_1-\mu_2)^2 + (\sigma_1-\sigma_2)^2}. \f]
/// σ = 0 (a point mass) is allowed.
/// \throws std::domain_error a non-finite mean (`mu1 = nan is not finite`), or a standard
///         deviation that is negative or not finite (`sigma1 = -1 is negative`).
/// \code
/// double w = advdiv::wasserstein_2_normal(0.0, 1.0, 3.0, 5.0);  // 5
/// \endcode
inline double wasserstein_2_normal(double mu1, double sigma1, double mu2, double sigma2) {
  constexpr const char* fn = "advdiv::wasserstein_2_normal";
  check_finite(fn, "mu1", mu1);
  check_nonnegative_finite(fn, "sigma1", sigma1);
  check_finite(fn, "mu2", mu2);
  check_nonnegative_finite(fn, "sigma2", sigma2);
  return std::hypot(mu1 - mu2, sigma1 - sigma2);
}

}  // namespace advdiv
