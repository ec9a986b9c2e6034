#pragma once
/// \file
/// Plug-in estimators of any f-divergence from two samples: histogram masses on common bins
/// (Freedman–Diaconis, Scott or a fixed count per coordinate) fed to the discrete
/// f_divergence, and Gaussian kernel density estimates (Scott / Silverman bandwidth or a given
/// one) averaged over the pooled sample.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/points.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/density/log_space.hpp>
#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/estimate/result.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

namespace advdiv::estimate {

/// How histogram_divergence chooses its bins (per coordinate, on the range of the pooled
/// sample X ∪ Y of N = n + m points in d dimensions).
enum class bin_rule {
  /// Width h_k = 2·IQR_k·N^{−1/(d+2)} (Freedman & Diaconis 1981 for d = 1; the exponent of
  /// Scott's multivariate rule for d > 1).
  freedman_diaconis,
  /// Width h_k = 3.49·s_k·N^{−1/(d+2)}, s_k the standard deviation (Scott 1979, 1992).
  scott,
  /// histogram_options::bins bins per coordinate.
  fixed_count,
};

/// Options of histogram_divergence.
struct histogram_options {
  /// The bin rule.
  bin_rule rule = bin_rule::freedman_diaconis;
  /// Bins per coordinate for bin_rule::fixed_count (at least 1; ignored by the other rules).
  std::size_t bins = 10;
};

/// The largest dimension histogram_divergence accepts: cells grow as (bins)^d and the
/// estimate is useless long before memory runs out.
inline constexpr std::size_t histogram_max_dimension = 3;

namespace detail {

/// Quantile of sorted values at level t, by linear interpolation between order statistics
/// (NumPy's default `linear` method).
inline double sorted_quantile(const std::vector<double>& s, double t) {
  const double pos = t * static_cast<double>(s.size() - 1);
  const std::size_t i = static_cast<std::size_t>(pos);
  if (i + 1 >= s.size()) return s.back();
  return s[i] + (pos - static_cast<double>(i)) * (s[i + 1] - s[i]);
}

/// Sample variance (divisor N − 1; 0 for one point) of coordinate k of the pooled points.
inline double pooled_variance(const advdiv::detail::point_cloud& a, const advdiv::detail::point_cloud& b,
                              std::size_t k) {
  const std::size_t N = a.count + b.count;
  if (N < 2) return 0.0;
  double mean = 0;
  for (std::size_t i = 0; i < a.count; ++i) mean += a.point(i)[k];
  for (std::size_t i = 0; i < b.count; ++i) mean += b.point(i)[k];
  mean /= static_cast<double>(N);
  double ss = 0;
  for (std::size_t i = 0; i < a.count; ++i) ss += (a.point(i)[k] - mean) * (a.point(i)[k] - mean);
  for (std::size_t i = 0; i < b.count; ++i) ss += (b.point(i)[k] - mean) * (b.point(i)[k] - mean);
  return ss / static_cast<double>(N - 1);
}

/// The two samples read, checked for dimension, and converted.
struct sample_pair {
  advdiv::detail::point_cloud x, y;
};

template <class SX, class SY>
sample_pair read_pair(const SX& X, const SY& Y, const char* fn) {
  sample_pair s{advdiv::detail::read_sample(X, fn, "X"), advdiv::detail::read_sample(Y, fn, "Y")};
  check_same_dimension(fn, "X", s.x.dim, "Y", s.y.dim);
  return s;
}

}  // namespace detail

/// Histogram plug-in estimate of D_f(P‖Q) from X ~ P (n points) and Y ~ Q (m points):
/// both samples are binned on one grid covering the pooled range, the masses
/// p̂_b = (points of X in cell b)/n and q̂_b = (points of Y in cell b)/m are formed, and
///
/// \f[ \hat D_f = \sum_b \hat q_b\, f(\hat p_b / \hat q_b) \f]
///
/// is the discrete advdiv::f_divergence of the two mass vectors, with its limits: a cell with
/// p̂ = q̂ = 0 contributes 0, a cell with q̂ = 0 < p̂ contributes p̂·lim_{u→∞} f(u)/u, so the
/// **histogram KL (χ², Jeffreys) is +inf as soon as one cell holds points of X and none of
/// Y** (likely in the tails for small m, and always for disjoint supports); TV, JS, Hellinger
/// and the GAN divergence stay finite. A cell with p̂ = 0 < q̂ contributes q̂·f(0) (+inf for
/// reverse KL).
///
/// Bins: on coordinate k the grid spans [min, max] of the pooled sample in
/// ⌈(max − min)/h_k⌉ equal bins (at least 1; exactly 1 when all values coincide) with h_k
/// from `options.rule` (see bin_rule); the maximum lies in the last bin. Only occupied cells
/// are stored (O((n + m) log(n + m)) time, O(n + m) memory).
///
/// Assumptions and biases: P and Q have densities on a bounded-ish region and d ≤ 3
/// (histogram_max_dimension). The estimate is biased by the bin width (smoothing, O(h²) for
/// smooth densities) and by empty cells (the finite-sample KL is +inf with positive
/// probability whenever P's support reaches where Q is thin); the rules are tuned for density
/// estimation, not for divergences. No standard error is given.
///
/// \param X, Y samples, points as columns (d × n and d × m Eigen matrices or maps), 1-D
///             samples as any range, or ranges of std::array<T, d> points.
/// \param g    an f-generator: fdiv::kl{}, fdiv::jensen_shannon{}, a user's own type, ...
/// \param options the bin rule and, for bin_rule::fixed_count, the bins per coordinate.
/// \throws std::invalid_argument `advdiv::estimate::histogram_divergence: X is empty`, X and Y
///         of different dimension, or d > 3 (`X has dimension 4; a histogram estimate takes
///         at most 3`).
/// \throws std::domain_error a NaN or infinite coordinate (`X(1, 4) = nan is not finite`),
///         `bins = 0 is not at least 1` for bin_rule::fixed_count, or a coordinate whose
///         interquartile range is 0 while its range is not, under bin_rule::freedman_diaconis.
/// \returns value, n, m; status converged; no std_error.
/// \code
/// std::vector<double> x{0.1, 0.2, 0.6, 0.9}, y{0.15, 0.7, 0.8, 0.95};
/// auto r = advdiv::estimate::histogram_divergence(x, y, advdiv::fdiv::squared_hellinger{},
///          {.rule = advdiv::estimate::bin_rule::fixed_count, .bins = 2});
/// \endcode
template <class SX, class SY, f_generator G>
estimate_result histogram_divergence(const SX& X, const SY& Y, const G& g, const histogram_options& options = {}) {
  constexpr const char* fn = "advdiv::estimate::histogram_divergence";
  if (options.rule == bin_rule::fixed_count)
    check_parameter(fn, "bins", options.bins, options.bins >= 1, "is not at least 1");
  const auto s = detail::read_pair(X, Y, fn);
  const std::size_t d = s.x.dim;
  if (d > histogram_max_dimension)
    advdiv::detail::throw_invalid_argument(fn, "X has dimension " + std::to_string(d) +
                                                   "; a histogram estimate takes at most " +
                                                   std::to_string(histogram_max_dimension));
  const std::size_t n = s.x.count, m = s.y.count, N = n + m;
  const double shrink = std::pow(static_cast<double>(N), -1.0 / static_cast<double>(d + 2));

  std::vector<double> lo(d), width(d);
  std::vector<std::uint64_t> bins(d);
  for (std::size_t k = 0; k < d; ++k) {
    std::vector<double> v;
    v.reserve(N);
    for (std::size_t i = 0; i < n; ++i) v.push_back(s.x.point(i)[k]);
    for (std::size_t i = 0; i < m; ++i) v.push_back(s.y.point(i)[k]);
    std::sort(v.begin(), v.end());
    const double range = v.back() - v.front();
    lo[k] = v.front();
    std::uint64_t count = 1;
    if (range > 0) {
      if (options.rule == bin_rule::fixed_count) {
        count = options.bins;
      } else {
        double h;
        if (options.rule == bin_rule::freedman_diaconis) {
          const double iqr = detail::sorted_quantile(v, 0.75) - detail::sorted_quantile(v, 0.25);
          if (!(iqr > 0))
            advdiv::detail::throw_value_error(fn, "interquartile range of coordinate " + std::to_string(k), iqr,
                                              "is not positive (Freedman-Diaconis bins are undefined; use "
                                              "bin_rule::scott or bin_rule::fixed_count)");
          h = 2.0 * iqr * shrink;
        } else {
          h = 3.49 * std::sqrt(detail::pooled_variance(s.x, s.y, k)) * shrink;
        }
        // At most 2^20 bins per coordinate, so a cell index of d <= 3 coordinates fits 64 bits.
        count = static_cast<std::uint64_t>(std::min(std::ceil(range / h), 1048576.0));
        count = std::max<std::uint64_t>(count, 1);
      }
    }
    bins[k] = count;
    width[k] = range > 0 ? range / static_cast<double>(count) : 1.0;
  }
  auto cell = [&](const double* x) {
    std::uint64_t c = 0;
    for (std::size_t k = 0; k < d; ++k) {
      const double t = std::floor((x[k] - lo[k]) / width[k]);
      const std::uint64_t b = t <= 0 ? 0 : std::min(static_cast<std::uint64_t>(t), bins[k] - 1);
      c = c * bins[k] + b;
    }
    return c;
  };
  std::vector<std::uint64_t> cx(n), cy(m);
  for (std::size_t i = 0; i < n; ++i) cx[i] = cell(s.x.point(i));
  for (std::size_t i = 0; i < m; ++i) cy[i] = cell(s.y.point(i));
  std::sort(cx.begin(), cx.end());
  std::sort(cy.begin(), cy.end());
  // Merge the sorted cell lists into the masses of the occupied cells.
  std::vector<double> p, q;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    const std::uint64_t c = (j == m || (i < n && cx[i] <= cy[j])) ? cx[i] : cy[j];
    std::size_t a = 0, b = 0;
    while (i < n && cx[i] == c) ++i, ++a;
    while (j < m && cy[j] == c) ++j, ++b;
    p.push_back(static_cast<double>(a) / static_cast<double>(n));
    q.push_back(static_cast<double>(b) / static_cast<double>(m));
  }
  estimate_result r;
  r.value = static_cast<double>(advdiv::f_divergence(p, q, g));
  r.n = n;
  r.m = m;
  return r;
}

/// How kde_divergence chooses the kernel bandwidths.
enum class bandwidth_rule {
  /// h_k = s_k·n^{−1/(d+4)} for a sample of n points, s_k its standard deviation on
  /// coordinate k (Scott 1992; SciPy's gaussian_kde "scott" factor on a diagonal covariance).
  scott,
  /// h_k = s_k·(n(d + 2)/4)^{−1/(d+4)} (Silverman 1986; SciPy's "silverman" factor).
  silverman,
  /// h_k = kde_options::bandwidth on every coordinate, for both samples.
  given,
};

/// Options of kde_divergence.
struct kde_options {
  /// The bandwidth rule.
  bandwidth_rule rule = bandwidth_rule::scott;
  /// The bandwidth for bandwidth_rule::given (positive and finite; ignored by the others).
  double bandwidth = 0.0;
};

/// Gaussian-KDE plug-in estimate of D_f(P‖Q) = ∫ q f(p/q) from X ~ P (n ≥ 2 points) and
/// Y ~ Q (m ≥ 2 points). With leave-one-out product-Gaussian kernel estimates
///
/// \f[ \hat p_{-i}(z) = \frac{1}{n - [z = x_i]} \sum_{j:\,x_j \ne z} \prod_{k=1}^d
///     \frac{1}{h_k}\varphi\Big(\frac{z_k - x_{jk}}{h_k}\Big) \f]
///
/// (likewise q̂ from Y with its own bandwidths), the integral is averaged over the pooled
/// sample, whose points are draws from r = (n p + m q)/(n + m):
///
/// \f[ \hat D_f = \frac{1}{n+m}\sum_{z \in X \cup Y} \frac{\hat q(z)}{\hat r(z)} f\Big(\frac{\hat p(z)}{\hat q(z)}\Big)
///     = \sum_{z \in X \cup Y} \frac{\hat q(z) f(\hat p(z)/\hat q(z))}{n \hat p(z) + m \hat q(z)}, \f]
///
/// an unbiased average of ∫ q f(p/q) for the true densities; only the plug-in of p̂, q̂ biases
/// it. Each term is formed from log p̂ and log q̂ (log-sum-exp over the kernels) with the
/// library's log-space term q·f(p/q) (density/log_space.hpp), so no density underflows to 0:
/// the Gaussian KDE never gives a zero density and the estimate is finite for the catalogue's
/// KL even when the supports are disjoint (it then grows with the separation in bandwidths).
///
/// Assumptions and biases: smooth densities; the bandwidth smooths both densities (bias
/// O(h²), which shrinks the estimate of a divergence between well-separated densities and
/// inflates the tails' contribution for heavy-tailed ratios such as χ²); the curse of
/// dimensionality makes it unreliable beyond a few dimensions (accepted for any d, tested for
/// d ≤ 3). No standard error is given. A generator known only through f whose term could only
/// be bounded (density/log_space.hpp) is reported in `message`.
///
/// Complexity: O((n + m)²·d) kernel evaluations, O(n + m) memory: 0.04 s for n = m = 10³,
/// about 4 s for 10⁴ (one core), impractical for 10⁵.
///
/// \param X, Y samples (n, m ≥ 2), in any of the forms histogram_divergence takes.
/// \param g    an f-generator of the catalogue or a user's own.
/// \param options the bandwidth rule and, for bandwidth_rule::given, the bandwidth.
/// \throws std::invalid_argument an empty sample, X and Y of different dimension, or a
///         sample of one point (`X has 1 point; the leave-one-out estimate needs at least 2`).
/// \throws std::domain_error a NaN or infinite coordinate, `bandwidth = 0 is not positive and
///         finite` under bandwidth_rule::given, or a coordinate of zero variance under a rule
///         (`standard deviation of X coordinate 0 = 0 is not positive`).
/// \code
/// Eigen::MatrixXd X = ..., Y = ...;   // 2 x n and 2 x m, one column per point
/// auto r = advdiv::estimate::kde_divergence(X, Y, advdiv::fdiv::kl{},
///                                           {.rule = advdiv::estimate::bandwidth_rule::silverman});
/// \endcode
template <class SX, class SY, f_generator G>
estimate_result kde_divergence(const SX& X, const SY& Y, const G& g, const kde_options& options = {}) {
  constexpr const char* fn = "advdiv::estimate::kde_divergence";
  if (options.rule == bandwidth_rule::given) check_positive_finite(fn, "bandwidth", options.bandwidth);
  const auto s = detail::read_pair(X, Y, fn);
  const std::size_t d = s.x.dim, n = s.x.count, m = s.y.count;
  auto check_two = [&](const char* name, std::size_t count) {
    if (count < 2)
      advdiv::detail::throw_invalid_argument(fn, std::string(name) + " has " + std::to_string(count) +
                                                     " point; the leave-one-out estimate needs at least 2");
  };
  check_two("X", n);
  check_two("Y", m);
  auto bandwidths = [&](const advdiv::detail::point_cloud& c, const char* name) {
    std::vector<double> h(d, options.bandwidth);
    if (options.rule == bandwidth_rule::given) return h;
    const double cnt = static_cast<double>(c.count), dd = static_cast<double>(d);
    const double factor = options.rule == bandwidth_rule::scott ? std::pow(cnt, -1.0 / (dd + 4))
                                                                : std::pow(cnt * (dd + 2) / 4, -1.0 / (dd + 4));
    const advdiv::detail::point_cloud none{{}, d, 0, 0.0};
    for (std::size_t k = 0; k < d; ++k) {
      const double sd = std::sqrt(detail::pooled_variance(c, none, k));
      if (!(sd > 0))
        advdiv::detail::throw_value_error(fn, "standard deviation of " + std::string(name) + " coordinate " +
                                                  std::to_string(k), sd, "is not positive");
      h[k] = factor * sd;
    }
    return h;
  };
  const std::vector<double> hx = bandwidths(s.x, "X"), hy = bandwidths(s.y, "Y");
  auto log_norm = [&](const std::vector<double>& h) {
    double l = 0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi);
    for (double v : h) l += std::log(v);
    return l;
  };
  const double cx = log_norm(hx), cy = log_norm(hy);
  std::vector<double> e(std::max(n, m));
  // log of the leave-one-out KDE of `c` (bandwidths h) at z; `self` is the index of z in c or
  // c.count when z is not one of its points.
  auto log_kde = [&](const advdiv::detail::point_cloud& c, const std::vector<double>& h, double lc, const double* z,
                     std::size_t self) {
    double top = -math::infinity<double>();
    std::size_t used = 0;
    for (std::size_t j = 0; j < c.count; ++j) {
      if (j == self) continue;
      const double* x = c.point(j);
      double q = 0;
      for (std::size_t k = 0; k < d; ++k) {
        const double t = (z[k] - x[k]) / h[k];
        q += t * t;
      }
      e[used] = -0.5 * q;
      top = std::max(top, e[used]);
      ++used;
    }
    double sum = 0;
    for (std::size_t j = 0; j < used; ++j) sum += std::exp(e[j] - top);
    return top + std::log(sum) - std::log(static_cast<double>(used)) - lc;
  };
  const double ln = std::log(static_cast<double>(n)), lm = std::log(static_cast<double>(m));
  bool unresolved = false;
  auto summand = [&](double lp, double lq) {
    // q·f(p/q)/(n p + m q) is homogeneous of degree 0: shift both logs so the larger is 0.
    const double c = std::max(lp, lq);
    const double term = advdiv::detail::log_space_term(g, lp - c, lq - c, unresolved);
    const double a = ln + lp - c, b = lm + lq - c;
    const double lr = std::max(a, b) + std::log1p(std::exp(-std::abs(a - b)));
    return term * std::exp(-lr);
  };
  compensated_sum<double> total;
  for (std::size_t i = 0; i < n; ++i) {
    const double* z = s.x.point(i);
    total += summand(log_kde(s.x, hx, cx, z, i), log_kde(s.y, hy, cy, z, m));
  }
  for (std::size_t j = 0; j < m; ++j) {
    const double* z = s.y.point(j);
    total += summand(log_kde(s.x, hx, cx, z, n), log_kde(s.y, hy, cy, z, j));
  }
  estimate_result r;
  r.value = total.value();
  r.n = n;
  r.m = m;
  if (unresolved)
    r.message = "some terms q f(p/q) could only be bounded below (the generator has no log-space form); "
                "the value is a lower bound";
  return r;
}

}  // namespace advdiv::estimate
