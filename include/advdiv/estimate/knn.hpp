#pragma once
/// \file
/// k-nearest-neighbour estimators from samples: the Wang–Kulkarni–Verdú KL divergence (fixed
/// and adaptive k), the Kozachenko–Leonenko differential entropy, and the Póczos–Schneider
/// estimator of ∫p^α q^{1−α}, with the Rényi and Amari α-divergences, the Hellinger affinity
/// and the squared Hellinger distance built on it.
///
/// Common to all of them:
/// - Samples are point clouds d × n, one column per point (Eigen or 2-D xtensor matrices), a
///   1-D sample as any range of values, or a std::vector of std::array<T, d> points; they are
///   read into doubles (advdiv::detail::read_sample).
/// - Distances are Euclidean. Neighbours are found exactly by a nanoflann k-d tree built once
///   per sample and shared by all queries. ρ_k(i) is the distance from X_i to its k-th
///   nearest neighbour in X \ {X_i} (X_i itself excluded, its duplicates not), ν_k(i) the
///   distance to its k-th nearest neighbour in Y.
/// - Duplicates: a point whose k-th neighbour is at distance 0 makes log ρ (or log ν) = −inf
///   and the density estimate behind it infinite. The estimators do not perturb or skip such
///   points: they throw std::domain_error naming the sample, the neighbour rank and the first
///   such point (lowest index), e.g.
///
///       advdiv::estimate::knn_kl: X has a point at distance 0 from its 1st nearest neighbour in X (point 17; duplicates make log(rho) = -inf; remove duplicates or raise k)
///
///   With k larger than the multiplicity of every point the estimate is defined again.
/// - Data whose largest |coordinate| is above 2^500 or below 2^−500 is first scaled by a power
///   of two (exact), so squared distances neither overflow nor underflow; only the entropy
///   depends on the scale and is corrected exactly.
/// - `threads` splits the query loop over std::thread. The per-point terms are stored and
///   summed in index order afterwards, so the value is bit-identical for every thread count.
/// - std_error is empty: the per-point terms are dependent through shared neighbours, so
///   their sample standard deviation over √n is not a standard error, and no closed-form
///   variance is implemented. Use repetitions (or the harness) for the spread.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/log_sum_exp.hpp>
#include <advdiv/core/points.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/fdiv/alpha.hpp>
#include <advdiv/estimate/detail/kd_tree.hpp>
#include <advdiv/estimate/result.hpp>

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace advdiv::estimate {

/// Options of knn_kl.
struct knn_kl_options {
  /// The neighbour rank k ≥ 1 (the fixed k, or the smallest rank of the adaptive variant).
  std::size_t k = 1;
  /// false: the fixed-k estimator; true: the adaptive-k estimator of Wang et al. (see knn_kl).
  bool adaptive_k = false;
  /// Threads of the query loop (≥ 1); the value does not depend on it.
  std::size_t threads = 1;
  /// Largest leaf of the k-d trees (≥ 1): speed only, the value does not depend on it.
  std::size_t leaf_size = 16;
};

/// Options of knn_entropy.
struct knn_entropy_options {
  /// The neighbour rank k ≥ 1.
  std::size_t k = 1;
  /// Threads of the query loop (≥ 1); the value does not depend on it.
  std::size_t threads = 1;
  /// Largest leaf of the k-d tree (≥ 1): speed only, the value does not depend on it.
  std::size_t leaf_size = 16;
};

/// Options of the Póczos–Schneider estimators (knn_renyi_divergence, knn_alpha_divergence,
/// knn_hellinger_affinity, knn_squared_hellinger).
struct knn_alpha_options {
  /// The neighbour rank k ≥ 1; the order α must satisfy |α − 1| < k.
  std::size_t k = 1;
  /// Threads of the query loop (≥ 1); the value does not depend on it.
  std::size_t threads = 1;
  /// Largest leaf of the k-d trees (≥ 1): speed only, the value does not depend on it.
  std::size_t leaf_size = 16;
};

namespace detail {

using advdiv::detail::kd_tree;
using advdiv::detail::knn_distances;
using advdiv::detail::point_cloud;

/// "1st", "2nd", "3rd", "4th", ..., "11th", "12th", "13th", "21st", ...
inline std::string knn_ordinal(std::size_t k) {
  const std::size_t h = k % 100, t = k % 10;
  const char* suffix = (h >= 11 && h <= 13) ? "th" : t == 1 ? "st" : t == 2 ? "nd" : t == 3 ? "rd" : "th";
  return std::to_string(k) + suffix;
}

/// Validates the options every k-NN estimator has.
inline void knn_check_options(const char* function, std::size_t k, std::size_t threads,
                              std::size_t leaf_size) {
  check_parameter(function, "k", k, k >= 1, "is not at least 1");
  check_parameter(function, "threads", threads, threads >= 1, "is not at least 1");
  check_parameter(function, "leaf_size", leaf_size, leaf_size >= 1, "is not at least 1");
}

/// Throws std::invalid_argument `function: X has 3 points, fewer than k + 1 = 4` when a
/// sample is too small for rank k (`what` names the requirement: "k + 1" or "k").
inline void knn_check_count(const char* function, const char* name, std::size_t count,
                            std::size_t needed, const char* what) {
  if (count < needed)
    advdiv::detail::throw_invalid_argument(
        function, std::string(name) + " has " + std::to_string(count) +
                      (count == 1 ? " point" : " points") + ", fewer than " + what + " = " +
                      std::to_string(needed));
}

/// Throws the duplicate-point std::domain_error (see the file's documentation).
[[noreturn]] inline void knn_throw_zero_distance(const char* function, std::size_t k,
                                                 const char* in, std::size_t point,
                                                 const char* consequence) {
  advdiv::detail::throw_domain_error(
      function, "X has a point at distance 0 from its " + knn_ordinal(k) +
                    " nearest neighbour in " + in + " (point " + std::to_string(point) + "; " +
                    consequence + "; remove duplicates or raise k)");
}

/// Scales one or two clouds by a common power of two 2^−e (exact) when their largest
/// |coordinate| is outside [2^−500, 2^500], so squared distances neither overflow nor
/// underflow; returns e (0 when nothing was scaled).
inline int knn_rescale(point_cloud& a, point_cloud* b) {
  const double largest = b && b->max_abs > a.max_abs ? b->max_abs : a.max_abs;
  if (largest == 0.0 || (largest <= 0x1p500 && largest >= 0x1p-500)) return 0;
  int e = 0;
  std::frexp(largest, &e);  // largest = f·2^e, f in [0.5, 1)
  for (point_cloud* c : {&a, b}) {
    if (!c) continue;
    c->max_abs = 0.0;
    for (double& v : c->data) {
      v = std::ldexp(v, -e);
      c->max_abs = std::abs(v) > c->max_abs ? std::abs(v) : c->max_abs;
    }
  }
  return e;
}

/// The query points X_i with first ≤ i < last (every point for [0, n); a share of them when
/// the MPI layer splits the query loop by index range), and their positions in the X tree's
/// leaf order, the order they are queried in.
struct knn_queries {
  std::size_t first = 0, last = 0;
  std::vector<std::size_t> positions;  // ascending leaf positions j with first ≤ original_index(j) < last
  std::size_t size() const noexcept { return last - first; }
};

template <int D>
knn_queries knn_query_range(const kd_tree<D>& tx, std::size_t first, std::size_t last) {
  knn_queries q{first, last, {}};
  q.positions.reserve(last - first);
  for (std::size_t j = 0; j < tx.size(); ++j) {
    const std::size_t i = tx.original_index(j);
    if (i >= first && i < last) q.positions.push_back(j);
  }
  return q;
}

/// Squared k-th neighbour distances of the query points X_i: rho2[i − first] = ρ_k(i)² in
/// X \ {X_i} and, when Y's tree is given, nu2[i − first] = ν_k(i)² in Y. Queries run in the
/// X tree's leaf order.
template <int D>
void knn_fixed_distances(const kd_tree<D>& tx, const kd_tree<D>* ty, const knn_queries& q,
                         std::size_t k, std::size_t threads, std::vector<double>& rho2,
                         std::vector<double>& nu2) {
  rho2.assign(q.size(), 0.0);
  if (ty) nu2.assign(q.size(), 0.0);
  advdiv::detail::parallel_chunks(q.size(), threads, [&](std::size_t begin, std::size_t end) {
    knn_distances in_x(k + 1), in_y(k);  // X_i is its own nearest point in X
    auto buffer = tx.make_buffer();
    // One tree after the other: each pass keeps one tree's points and nodes in cache.
    for (std::size_t t = begin; t < end; ++t) {
      const std::size_t pos = q.positions[t];
      rho2[tx.original_index(pos) - q.first] = tx.kth_squared_distance(tx.ordered_point(pos), in_x, buffer);
    }
    if (ty)
      for (std::size_t t = begin; t < end; ++t) {
        const std::size_t pos = q.positions[t];
        nu2[tx.original_index(pos) - q.first] = ty->kth_squared_distance(tx.ordered_point(pos), in_y, buffer);
      }
  });
}

/// The first point (lowest index) whose k-th neighbour distance is 0: ρ before ν. rho2[t] is
/// point first + t's.
inline void knn_check_zero_distances(const char* function, std::size_t k,
                                     const std::vector<double>& rho2,
                                     const std::vector<double>* nu2, const char* rho_consequence,
                                     std::size_t first = 0) {
  for (std::size_t t = 0; t < rho2.size(); ++t) {
    if (rho2[t] == 0.0) knn_throw_zero_distance(function, k, "X", first + t, rho_consequence);
    if (nu2 && (*nu2)[t] == 0.0)
      knn_throw_zero_distance(function, k, "Y", first + t,
                              "points of X repeated in Y make log(nu) = -inf");
  }
}

/// log(a/b) for a, b > 0 without overflow or underflow of the quotient.
inline double knn_log_ratio(double a, double b) noexcept {
  const double r = a / b;
  return (r > 0.0 && r < INFINITY) ? std::log(r) : std::log(a) - std::log(b);
}

/// The trees of X and Y, built on two threads when threads ≥ 2.
template <int D>
struct knn_tree_pair {
  std::optional<kd_tree<D>> x, y;
  knn_tree_pair(const point_cloud& X, const point_cloud& Y, std::size_t leaf_size, std::size_t threads) {
    advdiv::detail::parallel_chunks(2, threads, [&](std::size_t begin, std::size_t end) {
      for (std::size_t t = begin; t < end; ++t) (t == 0 ? x : y).emplace(t == 0 ? X : Y, leaf_size);
    });
  }
};

/// Both samples read and checked for the two-sample estimators.
struct knn_samples {
  point_cloud x, y;
};

template <class SX, class SY>
knn_samples knn_read_two(const char* function, const SX& X, const SY& Y, std::size_t k) {
  knn_samples s{advdiv::detail::read_sample(X, function, "X"),
                advdiv::detail::read_sample(Y, function, "Y")};
  check_same_dimension(function, "X", s.x.dim, "Y", s.y.dim);
  knn_check_count(function, "X", s.x.count, k + 1, "k + 1");
  knn_check_count(function, "Y", s.y.count, k, "k");
  knn_rescale(s.x, &s.y);
  return s;
}

/// The sum of knn_kl's per-point terms over the query points X_i, first ≤ i < last, summed
/// (compensated) in index order: Σ log(ν_k(i)²/ρ_k(i)²) for fixed k, Σ of the adaptive terms
/// (see knn_kl) for adaptive k. knn_kl_finish turns the sum over all i into the estimate.
/// Throws the duplicate-point error for the first such query point.
template <int D>
double knn_kl_partial(const char* function, const point_cloud& X, const point_cloud& Y, const knn_kl_options& o,
                      std::size_t first, std::size_t last) {
  const knn_tree_pair<D> trees(X, Y, o.leaf_size, o.threads);
  const kd_tree<D>&tx = *trees.x, &ty = *trees.y;
  const knn_queries q = knn_query_range(tx, first, last);
  const double d = double(X.dim);
  std::vector<double> rho2, nu2;
  knn_fixed_distances(tx, &ty, q, o.k, o.threads, rho2, nu2);
  knn_check_zero_distances(function, o.k, rho2, &nu2, "duplicates make log(rho) = -inf", first);
  if (!o.adaptive_k) {
    compensated_sum<double> s;
    for (std::size_t t = 0; t < q.size(); ++t) s += knn_log_ratio(nu2[t], rho2[t]);
    return s.value();
  }
  // Adaptive k: ε_i = max(ρ_k(i), ν_k(i)); k_i and l_i count the points of X \ {X_i} and of
  // Y in the closed ball B(X_i, ε_i); the term is d·log(ν_{l_i}(i)/ρ_{k_i}(i)) + ψ(k_i) − ψ(l_i).
  std::vector<double> term(q.size(), 0.0);
  advdiv::detail::parallel_chunks(q.size(), o.threads, [&](std::size_t begin, std::size_t end) {
    auto buffer = tx.make_buffer();
    std::vector<std::size_t> count_x(end - begin);
    std::vector<double> rho2_x(end - begin);
    for (std::size_t u = begin; u < end; ++u) {  // the X tree first, then the Y tree
      const std::size_t pos = q.positions[u], t = tx.original_index(pos) - first;
      advdiv::detail::ball_count b(rho2[t] > nu2[t] ? rho2[t] : nu2[t]);
      tx.search(b, tx.ordered_point(pos), buffer);
      count_x[u - begin] = b.count() - 1;  // X_i itself is in its ball
      rho2_x[u - begin] = b.largest();
    }
    for (std::size_t u = begin; u < end; ++u) {
      const std::size_t pos = q.positions[u], t = tx.original_index(pos) - first;
      advdiv::detail::ball_count b(rho2[t] > nu2[t] ? rho2[t] : nu2[t]);
      ty.search(b, tx.ordered_point(pos), buffer);
      const std::size_t ki = count_x[u - begin], li = b.count();
      term[t] = 0.5 * d * knn_log_ratio(b.largest(), rho2_x[u - begin]) +
                (boost::math::digamma(double(ki)) - boost::math::digamma(double(li)));
    }
  });
  compensated_sum<double> s;
  for (std::size_t t = 0; t < q.size(); ++t) s += term[t];
  return s.value();
}

/// knn_kl's estimate from the sum of its per-point terms over all n points of X.
inline double knn_kl_finish(double sum, std::size_t n_points, std::size_t m_points, std::size_t dim, bool adaptive_k) {
  const double n = double(n_points), m = double(m_points), d = double(dim);
  if (!adaptive_k) return 0.5 * d * sum / n + (std::log(m) - std::log(n - 1.0));
  return sum / n + (std::log(m) - std::log(n - 1.0));
}

template <int D>
double knn_kl_value(const point_cloud& X, const point_cloud& Y, const knn_kl_options& o) {
  const double sum = knn_kl_partial<D>("advdiv::estimate::knn_kl", X, Y, o, 0, X.count);
  return knn_kl_finish(sum, X.count, Y.count, X.dim, o.adaptive_k);
}

/// Σ log ε_k(i)² over the query points X_i, first ≤ i < last, in index order (compensated);
/// throws the duplicate-point error for the first query point with ε_k(i) = 0.
template <int D>
double knn_entropy_partial(const char* function, const point_cloud& X, const knn_entropy_options& o,
                           std::size_t first, std::size_t last) {
  const kd_tree<D> tx(X, o.leaf_size);
  const knn_queries q = knn_query_range(tx, first, last);
  std::vector<double> eps2, unused;
  knn_fixed_distances<D>(tx, nullptr, q, o.k, o.threads, eps2, unused);
  knn_check_zero_distances(function, o.k, eps2, nullptr, "duplicates make log(epsilon) = -inf", first);
  compensated_sum<double> s;
  for (double e2 : eps2) s += std::log(e2);
  return s.value();
}

/// knn_entropy's estimate from Σ log ε_k(i)² over all n points (scale_exponent: knn_rescale's).
inline double knn_entropy_finish(double sum, std::size_t n_points, std::size_t dim, std::size_t k, int scale_exponent) {
  const double n = double(n_points), d = double(dim);
  // log V_d, V_d = π^{d/2} / Γ(d/2 + 1) the volume of the unit ball.
  const double log_ball = 0.5 * d * std::log(std::numbers::pi) - boost::math::lgamma(0.5 * d + 1.0);
  return boost::math::digamma(n) - boost::math::digamma(double(k)) + log_ball +
         0.5 * d * sum / n + d * double(scale_exponent) * std::numbers::ln2;
}

template <int D>
double knn_entropy_value(const point_cloud& X, const knn_entropy_options& o, int scale_exponent) {
  const double sum = knn_entropy_partial<D>("advdiv::estimate::knn_entropy", X, o, 0, X.count);
  return knn_entropy_finish(sum, X.count, X.dim, o.k, scale_exponent);
}

/// Checks α for the Póczos–Schneider estimator of rank k: finite, ∉ {0, 1}, |α − 1| < k.
inline void knn_check_alpha(const char* function, double alpha, std::size_t k) {
  check_alpha(function, alpha);
  const double kd = double(k);
  if (!(std::abs(alpha - 1.0) < kd))
    check_parameter(function, "alpha", alpha, false,
                    ("is not in (" + advdiv::detail::format_value(1.0 - kd) + ", " +
                     advdiv::detail::format_value(1.0 + kd) +
                     "), where the estimator of rank k = " + std::to_string(k) +
                     " is defined (|alpha - 1| < k)")
                        .c_str());
}

/// log Σ_i term_i over the query points X_i, first ≤ i < last, of the Póczos–Schneider
/// estimate, term_i = ((n − 1) ρ_k(i)^d / (m ν_k(i)^d))^{1−α} with the global n and m
/// (−inf for no query point); α already checked. knn_log_alpha_finish gives log Â_α.
template <int D>
double knn_log_alpha_partial(const char* function, const point_cloud& X, const point_cloud& Y, double alpha,
                             const knn_alpha_options& o, std::size_t first, std::size_t last) {
  const knn_tree_pair<D> trees(X, Y, o.leaf_size, o.threads);
  const kd_tree<D>&tx = *trees.x, &ty = *trees.y;
  const knn_queries q = knn_query_range(tx, first, last);
  std::vector<double> rho2, nu2;
  knn_fixed_distances(tx, &ty, q, o.k, o.threads, rho2, nu2);
  knn_check_zero_distances(function, o.k, rho2, &nu2, "duplicates make log(rho) = -inf", first);
  const double n = double(X.count), m = double(Y.count), d = double(X.dim);
  // Summed in log space in index order.
  const double log_nm = std::log(n - 1.0) - std::log(m);
  std::vector<double> log_term(q.size());
  for (std::size_t t = 0; t < q.size(); ++t)
    log_term[t] = (1.0 - alpha) * (0.5 * d * knn_log_ratio(rho2[t], nu2[t]) + log_nm);
  return log_sum_exp(log_term);
}

/// log Â_α from the log-sum of the terms over all n points.
inline double knn_log_alpha_finish(double log_sum, std::size_t n_points, std::size_t k_rank, double alpha) {
  const double k = double(k_rank);
  // B_{k,α} = Γ(k)² / (Γ(k − α + 1) Γ(k + α − 1)); both arguments are > 0 as |α − 1| < k.
  const double log_b = 2.0 * boost::math::lgamma(k) - boost::math::lgamma(k - alpha + 1.0) -
                       boost::math::lgamma(k + alpha - 1.0);
  return log_b + log_sum - std::log(double(n_points));
}

/// log of the Póczos–Schneider estimate of ∫ p^α q^{1−α} (α already checked).
template <int D>
double knn_log_alpha_value(const char* function, const point_cloud& X, const point_cloud& Y,
                              double alpha, const knn_alpha_options& o) {
  const double log_sum = knn_log_alpha_partial<D>(function, X, Y, alpha, o, 0, X.count);
  return knn_log_alpha_finish(log_sum, X.count, o.k, alpha);
}

/// log Â_α with the sample sizes.
struct knn_log_alpha {
  double log_a;
  std::size_t n, m;
};

template <class SX, class SY>
knn_log_alpha knn_log_alpha_integral(const char* function, const SX& X, const SY& Y,
                                     double alpha, const knn_alpha_options& o) {
  knn_check_options(function, o.k, o.threads, o.leaf_size);
  knn_check_alpha(function, alpha, o.k);
  const knn_samples s = knn_read_two(function, X, Y, o.k);
  const double log_a = advdiv::detail::with_dimension(s.x.dim, [&](auto dim) {
    return knn_log_alpha_value<decltype(dim)::value>(function, s.x, s.y, alpha, o);
  });
  return {log_a, s.x.count, s.y.count};
}

inline estimate_result knn_result(double value, std::size_t n, std::size_t m) {
  estimate_result r;
  r.value = value;
  r.n = n;
  r.m = m;
  return r;
}

}  // namespace detail

/// k-nearest-neighbour estimate of KL(P‖Q) from X ~ P (n points) and Y ~ Q (m points), the
/// estimator of Wang, Kulkarni & Verdú (2009) and Pérez-Cruz (2008).
///
/// Fixed k (default):
/// \f[ \hat D = \frac{d}{n}\sum_{i=1}^n \log\frac{\nu_k(i)}{\rho_k(i)} + \log\frac{m}{n-1}, \f]
/// ρ_k(i) the distance from X_i to its k-th nearest neighbour in X \ {X_i}, ν_k(i) to its k-th
/// nearest neighbour in Y, d the dimension.
///
/// Adaptive k (`.adaptive_k = true`; Wang, Kulkarni & Verdú 2009, Sec. III-B, with their
/// ψ correction): for each i, ε_i = max(ρ_k(i), ν_k(i)); k_i = #{j ≠ i : ‖X_j − X_i‖ ≤ ε_i} and
/// l_i = #{j : ‖Y_j − X_i‖ ≤ ε_i} (closed balls, so k_i, l_i ≥ k and ties at ε_i count), and
/// \f[ \hat D = \frac{1}{n}\sum_{i=1}^n \Big[d\log\frac{\nu_{l_i}(i)}{\rho_{k_i}(i)} +
///     \psi(k_i) - \psi(l_i)\Big] + \log\frac{m}{n-1}, \f]
/// ψ the digamma function (Boost.Math). Both radii are then close to ε_i, which lowers the bias
/// where the densities differ in scale; with k_i = l_i = k it is the fixed-k estimator.
///
/// Assumptions and biases: P, Q have densities with P ≪ Q; the estimate is consistent
/// (n, m → ∞ with k fixed) but biased at finite n, the bias growing with the dimension and
/// with the KL itself (ν is then much larger than ρ). It can be negative. Costs two tree
/// builds, O((n + m) log), and n queries per tree (adaptive: two more range counts per point).
///
/// Points: d × n and d × m, one column per point (see the file). Duplicates: a point of X
/// whose k-th neighbour in X \ {X_i} or in Y is at distance 0 throws (see the file).
/// std_error is empty (no formula: the terms are dependent).
///
/// \throws std::domain_error `advdiv::estimate::knn_kl: k = 0 is not at least 1` (likewise
///   `threads`, `leaf_size`); `X(k, i) = nan is not finite`; the duplicate-point error, e.g.
///   `X has a point at distance 0 from its 1st nearest neighbour in Y (point 3; ...)` for a
///   point of X that is also in Y (the reason then reads
///   `points of X repeated in Y make log(nu) = -inf`).
/// \throws std::invalid_argument `X is empty`, `X and Y differ in dimension (2 and 3)`,
///   `X has 2 points, fewer than k + 1 = 3`, `Y has 1 point, fewer than k = 2`.
///
/// \code
/// Eigen::MatrixXd X(2, 1000), Y(2, 1000);  // columns are points
/// // ... fill X from P and Y from Q ...
/// auto r = advdiv::estimate::knn_kl(X, Y, {.k = 5, .threads = 2});
/// double kl = r.value;
/// \endcode
template <class SX, class SY>
estimate_result knn_kl(const SX& X, const SY& Y, const knn_kl_options& options = {}) {
  const char* function = "advdiv::estimate::knn_kl";
  detail::knn_check_options(function, options.k, options.threads, options.leaf_size);
  const detail::knn_samples s = detail::knn_read_two(function, X, Y, options.k);
  const double value = advdiv::detail::with_dimension(s.x.dim, [&](auto dim) {
    return detail::knn_kl_value<decltype(dim)::value>(s.x, s.y, options);
  });
  return detail::knn_result(value, s.x.count, s.y.count);
}

/// Kozachenko–Leonenko k-nearest-neighbour estimate of the differential entropy (nats) of
/// the density of X (n points in d dimensions):
/// \f[ \hat H = \psi(n) - \psi(k) + \log V_d + \frac{d}{n}\sum_{i=1}^n \log\varepsilon_k(i), \f]
/// ε_k(i) the distance from X_i to its k-th nearest neighbour in X \ {X_i},
/// V_d = π^{d/2}/Γ(d/2 + 1) the volume of the unit ball, ψ the digamma function (Boost.Math
/// digamma and lgamma); Kozachenko & Leonenko (1987), Kraskov, Stögbauer & Grassberger (2004).
///
/// Assumptions and biases: X has a density; consistent for fixed k, with a finite-n bias that
/// grows with d and where the density has heavy tails or sharp edges (boundary bias for
/// bounded supports). Duplicates: a point whose k-th neighbour is at distance 0 throws, as in
/// knn_kl, with the reason `duplicates make log(epsilon) = -inf`. std_error is empty (no
/// formula). The result has m = 0.
///
/// \throws std::domain_error for k, threads or leaf_size = 0, non-finite coordinates and
///   duplicates (messages as knn_kl, function `advdiv::estimate::knn_entropy`).
/// \throws std::invalid_argument `X is empty`, `X has 1 point, fewer than k + 1 = 2`.
///
/// \code
/// std::vector<double> x = ...;  // a 1-D sample
/// double h = advdiv::estimate::knn_entropy(x, {.k = 3}).value;
/// \endcode
template <class SX>
estimate_result knn_entropy(const SX& X, const knn_entropy_options& options = {}) {
  const char* function = "advdiv::estimate::knn_entropy";
  detail::knn_check_options(function, options.k, options.threads, options.leaf_size);
  advdiv::detail::point_cloud x = advdiv::detail::read_sample(X, function, "X");
  detail::knn_check_count(function, "X", x.count, options.k + 1, "k + 1");
  const int e = detail::knn_rescale(x, nullptr);
  const double value = advdiv::detail::with_dimension(x.dim, [&](auto dim) {
    return detail::knn_entropy_value<decltype(dim)::value>(x, options, e);
  });
  return detail::knn_result(value, x.count, 0);
}

/// Póczos–Schneider k-NN estimate of the Rényi divergence of order α,
/// R_α(P‖Q) = log(∫ p^α q^{1−α}) / (α − 1), from X ~ P (n points) and Y ~ Q (m points).
///
/// The integral ∫ p^α q^{1−α} = E_P[(q/p)^{1−α}] is estimated by (Póczos & Schneider 2011)
/// \f[ \hat A_\alpha = \frac{B_{k,\alpha}}{n}\sum_{i=1}^n
///     \Big(\frac{(n-1)\,\rho_k(i)^d}{m\,\nu_k(i)^d}\Big)^{1-\alpha},\qquad
///     B_{k,\alpha} = \frac{\Gamma(k)^2}{\Gamma(k-\alpha+1)\,\Gamma(k+\alpha-1)}, \f]
/// ρ_k, ν_k as in knn_kl, summed in log space (no overflow). B_{k,α} makes Â_α
/// asymptotically unbiased; it needs both Gamma arguments positive, i.e. |α − 1| < k
/// (α ∈ (0, 2) for k = 1), the range validated here; α ∉ {0, 1} as everywhere in the library
/// (α → 1 is KL: use knn_kl). Biases as knn_kl; the estimate of R_α can be negative.
/// Duplicates throw as in knn_kl. std_error is empty (no formula).
///
/// \throws std::domain_error for α outside the range, e.g. for k = 1 and α = 2
///
///       advdiv::estimate::knn_renyi_divergence: alpha = 2 is not in (0, 2), where the estimator of rank k = 1 is defined (|alpha - 1| < k)
///
///   or `alpha = 1 is not finite and different from 0 and 1`, and the errors of knn_kl.
/// \throws std::invalid_argument as knn_kl.
///
/// \code
/// double r = advdiv::estimate::knn_renyi_divergence(X, Y, 0.8, {.k = 4}).value;
/// \endcode
template <class SX, class SY>
estimate_result knn_renyi_divergence(const SX& X, const SY& Y, double alpha,
                                     const knn_alpha_options& options = {}) {
  const auto a = detail::knn_log_alpha_integral("advdiv::estimate::knn_renyi_divergence",
                                                      X, Y, alpha, options);
  return detail::knn_result(a.log_a / (alpha - 1.0), a.n, a.m);
}

/// Póczos–Schneider k-NN estimate of the Amari α-divergence in the library's convention
/// (fdiv::alpha): D_α(P‖Q) = (∫ p^α q^{1−α} − 1) / (α(α − 1)), from the estimate Â_α of
/// knn_renyi_divergence: (Â_α − 1)/(α(α − 1)), evaluated as expm1(log Â_α)/(α(α − 1)).
/// Range of α, biases, duplicates and throws as knn_renyi_divergence (function name
/// `advdiv::estimate::knn_alpha_divergence`). The value is +inf only if Â_α overflows a
/// double. std_error is empty (no formula).
///
/// \code
/// double d = advdiv::estimate::knn_alpha_divergence(X, Y, 0.5).value;  // = 2·(squared Hellinger)
/// \endcode
template <class SX, class SY>
estimate_result knn_alpha_divergence(const SX& X, const SY& Y, double alpha,
                                     const knn_alpha_options& options = {}) {
  const auto a = detail::knn_log_alpha_integral("advdiv::estimate::knn_alpha_divergence",
                                                      X, Y, alpha, options);
  return detail::knn_result(std::expm1(a.log_a) / (alpha * (alpha - 1.0)), a.n, a.m);
}

/// Póczos–Schneider k-NN estimate of the Hellinger affinity (Bhattacharyya coefficient)
/// BC(P, Q) = ∫ √(pq) ∈ [0, 1]: the estimate Â_{1/2} of knn_renyi_divergence, whose constant is
/// B_{k,1/2} = Γ(k)²/(Γ(k + ½)Γ(k − ½)) (2/π for k = 1); every k ≥ 1 is allowed. The estimate
/// is not clipped to [0, 1]: values above 1 are sampling error. Duplicates and throws as
/// knn_kl (function `advdiv::estimate::knn_hellinger_affinity`). std_error is empty.
///
/// \code
/// double bc = advdiv::estimate::knn_hellinger_affinity(X, Y, {.k = 3}).value;
/// \endcode
template <class SX, class SY>
estimate_result knn_hellinger_affinity(const SX& X, const SY& Y,
                                       const knn_alpha_options& options = {}) {
  const auto a = detail::knn_log_alpha_integral("advdiv::estimate::knn_hellinger_affinity",
                                                      X, Y, 0.5, options);
  return detail::knn_result(std::exp(a.log_a), a.n, a.m);
}

/// k-NN estimate of the squared Hellinger distance in the library's convention
/// (fdiv::squared_hellinger, no ½): H²(P, Q) = ∫(√p − √q)² = 2(1 − BC), from the affinity
/// estimate of knn_hellinger_affinity, evaluated as −2·expm1(log BĈ). Not clipped to [0, 2].
/// Duplicates and throws as knn_kl (function `advdiv::estimate::knn_squared_hellinger`).
/// std_error is empty.
///
/// \code
/// double h2 = advdiv::estimate::knn_squared_hellinger(X, Y).value;
/// \endcode
template <class SX, class SY>
estimate_result knn_squared_hellinger(const SX& X, const SY& Y,
                                      const knn_alpha_options& options = {}) {
  const auto a = detail::knn_log_alpha_integral("advdiv::estimate::knn_squared_hellinger",
                                                      X, Y, 0.5, options);
  return detail::knn_result(-2.0 * std::expm1(a.log_a), a.n, a.m);
}

}  // namespace advdiv::estimate
