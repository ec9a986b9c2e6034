// libFuzzer harness: wasserstein_1d (plain and weighted) and sliced_wasserstein.
//
// Input layout (reads past the end give 0):
//   byte 0  len(x) (bits 0-4, 0..31), byte 1 len(y); bit 5 of byte 0: weighted call has a
//           wrong weight length; bit 6: values are raw (else scaled grid values)
//   byte 2  order p (a table, or raw), byte 3 scale exponent of the values (1e-300..1e300)
//   byte 4  weights: 0-1 how (all 1, table values, raw, 1e308 each)
//   byte 5  sliced: rows (bits 0-2, 1..8) and columns (bits 3-5, 1..8) of X and Y (the
//           same shape, so either point layout reads them), byte 6 projections and seed
//   then    x, y, wx, wy, X, Y.
//
// Contract asserted (a violation is a finding, abort()):
//   * bad input throws std::invalid_argument / std::domain_error reading
//     "advdiv::wasserstein_1d: ..." / "advdiv::sliced_wasserstein: ..."; valid input never
//     throws;
//   * W_p is never NaN, ≥ 0, symmetric, ≥ |mean x − mean y| (weighted means), ≤ the range
//     of the values, and equals an extended-precision evaluation of
//     (∫₀¹ |F⁻¹ − G⁻¹|^p)^{1/p} (the quantile functions merged at the cumulative weights,
//     scaled by the largest gap so no power overflows) to 1e-9 relative — hence finite
//     whenever the true value is a finite double, and +inf where it exceeds the largest
//     double (values near ±DBL_MAX); all-ones weights give the unweighted value;
//   * SW_p is never NaN, ≥ 0, symmetric for a fixed seed, 0 for identical clouds, at most
//     the largest distance between points, and finite when that distance is a finite double
//     (+inf only where the distance exceeds the largest double).
#include "fuzz_common.hpp"

#include <advdiv/transport/sliced.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <Eigen/Core>
#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <numeric>

namespace {

using ld = long double;

/// The overflow threshold of a double, 2^1024 − 2^970: a true value from here on rounds to +inf.
const ld overflow = std::ldexp(1.0L, 1024) - std::ldexp(1.0L, 970);

/// (∫₀¹ |F⁻¹(t) − G⁻¹(t)|^p dt)^{1/p} from sorted (value, weight) pairs: the pieces' masses as
/// exact rationals (a piece can be the difference of two breakpoints near 1 that no fixed
/// precision resolves), the powers in long double.
ld reference_wp(std::vector<std::pair<ld, ld>> xs, std::vector<std::pair<ld, ld>> ys, ld p) {
  using rational = boost::multiprecision::cpp_rational;
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  rational sx = 0, sy = 0;
  for (const auto& e : xs) sx += rational(double(e.second));
  for (const auto& e : ys) sy += rational(double(e.second));
  std::vector<std::pair<ld, rational>> pieces;  // (gap, mass)
  std::size_t i = 0, j = 0;
  rational rx = rational(double(xs[0].second)) / sx, ry = rational(double(ys[0].second)) / sy;
  while (i < xs.size() && j < ys.size()) {
    const rational mass = rx < ry ? rx : ry;
    if (mass > 0) pieces.emplace_back(std::fabs(xs[i].first - ys[j].first), mass);
    rx -= mass;
    ry -= mass;
    if (rx == 0 && ++i < xs.size()) rx = rational(double(xs[i].second)) / sx;
    if (ry == 0 && ++j < ys.size()) ry = rational(double(ys[j].second)) / sy;
  }
  ld D = 0;
  for (const auto& e : pieces) D = std::max(D, e.first);
  if (D == 0) return 0;
  ld acc = 0;
  for (const auto& e : pieces) acc += e.second.convert_to<ld>() * std::pow(e.first / D, p);
  return D * std::pow(acc, 1 / p);
}

double choose_p(std::uint8_t sel, fuzz::byte_reader& r) {
  static const double table[] = {1.0, 2.0, 1.5, 3.0, 10.0, 100.0, 2000.0, 1.0 + 1e-12, 0.5, 0.0};
  if (sel < 200) return table[sel % (sizeof table / sizeof table[0])];
  return r.value();
}

bool all_finite(const std::vector<double>& x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
}

void judge(const char* fn, fuzz::outcome o, bool shape_bad, bool value_bad, bool undecided = false) {
  if (undecided) return;
  if (o == fuzz::outcome::value && (shape_bad || value_bad)) fuzz::finding(fn, "accepted invalid input");
  if (o != fuzz::outcome::value && !shape_bad && !value_bad)
    fuzz::finding(fn, "threw on valid input: " + fuzz::last_message);
  if (o == fuzz::outcome::domain_error && shape_bad && !value_bad)
    fuzz::finding(fn, "shape problem reported as domain_error: " + fuzz::last_message);
  if (o == fuzz::outcome::invalid_argument && !shape_bad)
    fuzz::finding(fn, "value problem reported as invalid_argument: " + fuzz::last_message);
}

void check_w1d(const char* what, double got, const std::vector<double>& x, const std::vector<double>& wx,
               const std::vector<double>& y, const std::vector<double>& wy, double p) {
  const char* fn = "advdiv::wasserstein_1d";
  if (std::isnan(got)) fuzz::finding(fn, std::string(what) + ": NaN result");
  if (got < 0) fuzz::finding(fn, std::string(what) + ": negative result");
  std::vector<std::pair<ld, ld>> xs, ys;
  for (std::size_t i = 0; i < x.size(); ++i) xs.emplace_back(x[i], wx[i]);
  for (std::size_t j = 0; j < y.size(); ++j) ys.emplace_back(y[j], wy[j]);
  // Zero weights carry no mass: drop them (at least one weight of each set is positive).
  std::erase_if(xs, [](const auto& e) { return e.second == 0; });
  std::erase_if(ys, [](const auto& e) { return e.second == 0; });
  const ld want = reference_wp(xs, ys, p);
  ld lo = std::numeric_limits<ld>::infinity(), hi = -lo, mx = 0, my = 0, sx = 0, sy = 0;
  for (const auto& e : xs) lo = std::min(lo, e.first), hi = std::max(hi, e.first), mx += e.first * e.second, sx += e.second;
  for (const auto& e : ys) lo = std::min(lo, e.first), hi = std::max(hi, e.first), my += e.first * e.second, sy += e.second;
  const ld range = hi - lo, mean_gap = std::fabs(mx / sx - my / sy);
  // A true W_p can exceed the largest double although every value is finite (x near +DBL_MAX,
  // y near −1e294: W8 was such a case): it rounds to +inf, the correct double. Below the
  // overflow threshold 2^1024 − 2^970 the result must be finite and match; within the
  // reference's tolerance of the threshold either is right.
  if (want >= overflow * (1 + 1e-9L)) {
    if (got != std::numeric_limits<double>::infinity())
      fuzz::finding(fn, std::string(what) + ": W_" + fuzz::num(p) + " = " + fuzz::num(got) + ", reference " +
                            fuzz::num(want) + " overflows a double (+inf)");
    return;
  }
  if (!(want >= overflow * (1 - 1e-9L) && got == std::numeric_limits<double>::infinity())) {
    if (!fuzz::close(got, want, 1e-9L, 1e-300L))
      fuzz::finding(fn, std::string(what) + ": W_" + fuzz::num(p) + " = " + fuzz::num(got) +
                            ", extended-precision reference " + fuzz::num(want));
    if (got > range * (1 + 1e-12L)) fuzz::finding(fn, std::string(what) + ": above the range of the values");
  }
  const ld size = std::max(std::fabs(lo), std::fabs(hi));  // the means carry rounding of this size
  if (got < mean_gap * (1 - 1e-9L) - 1e-15L * size - 1e-300L)
    fuzz::finding(fn, std::string(what) + ": below |mean x − mean y| = " + fuzz::num(mean_gap));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::byte_reader r(data, size);
  const std::uint8_t b0 = r.u8(), b1 = r.u8(), bp = r.u8(), bs = r.u8(), bw = r.u8();
  const std::uint8_t bsl = r.u8(), bproj = r.u8();
  const std::size_t n = b0 & 31, m = b1 & 31;
  const bool wrong_weights = (b0 & 32) != 0, raw = (b0 & 64) != 0;
  const double p = choose_p(bp, r);
  const double scale = std::pow(10.0, int(bs % 61) * 10 - 300);
  auto values = [&](std::size_t k) {
    std::vector<double> v(k);
    for (auto& e : v) e = raw ? r.value() : (double(r.u8()) - 128.0) / 16.0 * scale;
    return v;
  };
  const std::vector<double> x = values(n), y = values(m);
  auto weights = [&](std::size_t k) {
    std::vector<double> w(k);
    for (auto& e : w) {
      switch (bw & 3) {
        case 0: e = 1.0; break;
        case 1: e = std::fabs(r.special()); break;
        case 2: e = r.value(); break;
        default: e = 1e308; break;
      }
    }
    return w;
  };
  const std::vector<double> wx = weights(wrong_weights ? n + 1 : n), wy = weights(m);
  const bool p_ok = std::isfinite(p) && p >= 1;
  fuzz::note = "x = " + fuzz::list(x) + ", y = " + fuzz::list(y) + ", wx = " + fuzz::list(wx) + ", wy = " +
               fuzz::list(wy) + ", p = " + fuzz::num(p);

  // Plain.
  {
    const char* fn = "advdiv::wasserstein_1d";
    const bool shape_bad = n == 0 || m == 0;
    const bool value_bad = !all_finite(x) || !all_finite(y) || !p_ok;
    double w = 0, back = 0;
    const fuzz::outcome o = fuzz::call(fn, [&] { w = advdiv::wasserstein_1d(x, y, p); });
    judge(fn, o, shape_bad, value_bad);
    if (o == fuzz::outcome::value) {
      check_w1d("plain", w, x, std::vector<double>(n, 1.0), y, std::vector<double>(m, 1.0), p);
      back = advdiv::wasserstein_1d(y, x, p);
      if (!fuzz::close(w, back, 1e-12L, 1e-300L))
        fuzz::finding(fn, "not symmetric: " + fuzz::num(w) + " and " + fuzz::num(back));
      const double self = advdiv::wasserstein_1d(x, x, p);
      if (self != 0) fuzz::finding(fn, "W(x, x) = " + fuzz::num(self));
    }
  }
  // Weighted.
  {
    const char* fn = "advdiv::wasserstein_1d";
    const bool shape_bad = n == 0 || m == 0 || wx.size() != n;
    bool value_bad = !all_finite(x) || !all_finite(y) || !p_ok;
    auto weights_bad = [](const std::vector<double>& w) {
      ld s = 0;
      for (const double v : w) {
        if (!(v >= 0 && std::isfinite(v))) return true;
        s += v;
      }
      return !(s > 0);
    };
    value_bad = value_bad || weights_bad(wx) || weights_bad(wy);
    double w = 0;
    const fuzz::outcome o = fuzz::call(fn, [&] { w = advdiv::wasserstein_1d(advdiv::weighted(x, wx), advdiv::weighted(y, wy), p); });
    judge(fn, o, shape_bad, value_bad);
    if (o == fuzz::outcome::value) {
      check_w1d("weighted", w, x, wx, y, wy, p);
      const double back = advdiv::wasserstein_1d(advdiv::weighted(y, wy), advdiv::weighted(x, wx), p);
      if (!fuzz::close(w, back, 1e-12L, 1e-300L))
        fuzz::finding(fn, "weighted: not symmetric: " + fuzz::num(w) + " and " + fuzz::num(back));
      if ((bw & 3) == 0) {
        const double plain = advdiv::wasserstein_1d(x, y, p);
        if (!fuzz::close(w, plain, 1e-12L, 1e-300L))
          fuzz::finding(fn, "unit weights give " + fuzz::num(w) + ", unweighted " + fuzz::num(plain));
      }
    }
  }
  // Sliced, X and Y of the same shape.
  {
    const char* fn = "advdiv::sliced_wasserstein";
    const Eigen::Index rows = 1 + (bsl & 7), cols = 1 + ((bsl >> 3) & 7);
    Eigen::MatrixXd X(rows, cols), Y(rows, cols);
    for (Eigen::Index k = 0; k < X.size(); ++k) X.data()[k] = raw ? r.value() : (double(r.u8()) - 128.0) / 16.0 * scale;
    for (Eigen::Index k = 0; k < Y.size(); ++k) Y.data()[k] = (bsl & 64) ? X.data()[k] : (raw ? r.value() : (double(r.u8()) - 128.0) / 16.0 * scale);
    const std::size_t L = 1 + (bproj & 7);
    const std::uint64_t seed = bproj >> 3;
    const bool value_bad = !X.allFinite() || !Y.allFinite() || !p_ok;
    fuzz::note = std::to_string(rows) + " x " + std::to_string(cols) + " X = " +
                 fuzz::list(std::vector<double>(X.data(), X.data() + X.size())) + ", Y = " +
                 fuzz::list(std::vector<double>(Y.data(), Y.data() + Y.size())) + " (column-major), p = " +
                 fuzz::num(p) + ", projections = " + std::to_string(L) + ", seed = " + std::to_string(seed);
    double sw = 0;
    const fuzz::outcome o = fuzz::call(fn, [&] { sw = advdiv::sliced_wasserstein(X, Y, L, p, seed); });
    judge(fn, o, false, value_bad);
    if (o != fuzz::outcome::value) return 0;
    if (std::isnan(sw)) fuzz::finding(fn, "NaN result");
    if (sw < 0) fuzz::finding(fn, "negative result");
    // Largest distance between a point of X and one of Y, bounded for either layout:
    // max |X_ab − Y_cd| · √(max(rows, cols)).
    ld gap = 0;
    for (Eigen::Index k = 0; k < X.size(); ++k)
      for (Eigen::Index l = 0; l < Y.size(); ++l)
        gap = std::max(gap, std::fabs(static_cast<ld>(X.data()[k]) - Y.data()[l]));
    const ld bound = gap * std::sqrt(static_cast<ld>(std::max(rows, cols)));
    // A true SW_p above the largest double rounds to +inf, which needs a distance above the
    // overflow threshold 2^1024 − 2^970 (W9: one 4-D point at (M, M, M, ·), M = DBL_MAX, against
    // one near 0: the distance is √3·M and the true SW_100 over the seed's 7 directions 2.13e308).
    if (std::isfinite(sw) && sw > bound * (1 + 1e-9L) + 1e-300L)
      fuzz::finding(fn, "SW = " + fuzz::num(sw) + " above the largest distance " + fuzz::num(bound));
    if (std::isinf(sw) && bound < overflow)
      fuzz::finding(fn, "inf although every distance is below " + fuzz::num(bound));
    const double back = advdiv::sliced_wasserstein(Y, X, L, p, seed);
    if (!fuzz::close(sw, back, 1e-9L, 1e-300L))
      fuzz::finding(fn, "not symmetric: " + fuzz::num(sw) + " and " + fuzz::num(back));
    const double self = advdiv::sliced_wasserstein(X, X, L, p, seed);
    if (self != 0) fuzz::finding(fn, "SW(X, X) = " + fuzz::num(self));
  }
  return 0;
}
