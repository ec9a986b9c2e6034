#pragma once
/// \file
/// A classifier score in the spirit of the Inception score (Salimans et al. 2016), with the
/// exact Bayes posterior p(k | x) of a known toy_mixture as the classifier: quality (how
/// confidently each sample belongs to one mode), diversity (how evenly the samples spread over
/// the modes) and the score exp(E_x KL(p(k|x) ‖ p̂(k))) ∈ [1, K] that combines both.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/points.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/gan/toy_mixture.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace advdiv::gan {

namespace detail {

/// log p(k | x) for k = 0, …, K − 1 of one point x (d coordinates) under the equal-weight
/// mixture of N(μ_k, σ²I), written to out[0..K). With h_k = ‖μ_k‖² − 2 x·μ_k (= ‖x − μ_k‖² − ‖x‖²),
/// b = argmin_k h_k (a nearest mode) and a_k = (h_k − h_b)/(2σ²) ≥ 0,
///
///   log p(k | x) = −a_k − log1p(Σ_{j ≠ b} e^{−a_j}),
///
/// so the normaliser lies in [0, log K] and nothing overflows. Why h and not ‖x − μ_k‖²: for a
/// point far from every mode the squared distances agree in all their leading digits (at
/// |x| = 1e16 they are equal in double), while h_k − h_b keeps the separation 2 x·(μ_b − μ_k).
/// x and the means are first divided by a power of two s near their largest |coordinate|
/// (exact), so h cannot overflow; a_k = ½ (h̃_k − h̃_b)(s/σ)² may then be +inf (log p = −inf,
/// p = 0), never NaN.
inline void mode_log_posterior_one(const Eigen::MatrixXd& mu, double sigma, const double* x, double* out) {
  const Eigen::Index d = mu.rows(), K = mu.cols();
  double m = mu.cwiseAbs().maxCoeff();
  for (Eigen::Index i = 0; i < d; ++i) m = std::max(m, std::abs(x[i]));
  int e = 0;
  std::frexp(m, &e);                                 // 2^(e−1) ≤ m < 2^e
  const double s = m > 0 ? std::ldexp(1.0, e - 1) : 1.0;  // finite: e ≤ 1024
  Eigen::Index best = 0;
  for (Eigen::Index k = 0; k < K; ++k) {
    double h = 0;  // h_k / s²
    for (Eigen::Index i = 0; i < d; ++i) {
      const double u = mu(i, k) / s;
      h += u * (u - 2 * (x[i] / s));
    }
    out[k] = h;
    if (h < out[best]) best = k;
  }
  const double hb = out[best];
  const double r = s / sigma;  // (s/σ)² may overflow: multiply by r twice
  double rest = 0;             // Σ_{j ≠ b} e^{−a_j}
  for (Eigen::Index k = 0; k < K; ++k) {
    const double gap = out[k] - hb;  // ≥ 0 by the choice of b
    const double a = gap == 0 ? 0.0 : 0.5 * (gap * r) * r;
    out[k] = a;
    if (k != best) rest += std::exp(-a);
  }
  const double log_norm = std::log1p(rest);
  for (Eigen::Index k = 0; k < K; ++k) out[k] = -out[k] - log_norm;
}

}  // namespace detail

/// log p(k | x) of every sample under the mixture's exact posterior (equal weights, isotropic
/// N(μ_k, σ²I)):
///
///   log p(k | x) = −‖x − μ_k‖²/(2σ²) − log Σ_j exp(−‖x − μ_j‖²/(2σ²)),
///
/// returned as a K × n matrix (column j: the log posterior of sample j). Computed in log space
/// relative to the nearest mode: every entry is ≤ 0 or −inf (a mode so far that its posterior
/// underflows), never NaN, however far x is from every mode. Samples X: d × n, one column per
/// sample (any sample detail::read_sample reads: Eigen or xtensor matrix, a 1-D range for d = 1,
/// std::vector<std::array<T, d>>).
/// \throws std::invalid_argument if X is empty or its dimension is not the mixture's.
/// \throws std::domain_error if a coordinate is not finite.
/// Complexity O(n·K·d).
/// \code
/// auto grid = advdiv::gan::toy_mixture::grid();
/// Eigen::MatrixXd x(2, 1);
/// x << 1.0, 0.0;  // halfway between the modes (0, 0) and (2, 0)
/// Eigen::MatrixXd lp = advdiv::gan::mode_log_posterior(grid, x);  // lp(12, 0) = lp(17, 0) = −log 2
/// \endcode
template <class S>
Eigen::MatrixXd mode_log_posterior(const toy_mixture& mixture, const S& X) {
  constexpr const char* fn = "advdiv::gan::mode_log_posterior";
  const auto pc = advdiv::detail::read_sample(X, fn, "X");
  check_same_dimension(fn, "X", pc.dim, "the mixture", mixture.dimension());
  Eigen::MatrixXd lp(mixture.means().cols(), static_cast<Eigen::Index>(pc.count));
  for (std::size_t j = 0; j < pc.count; ++j)
    detail::mode_log_posterior_one(mixture.means(), mixture.sigma(), pc.point(j), lp.col(static_cast<Eigen::Index>(j)).data());
  return lp;
}

/// The classifier score of samples against a toy_mixture (see classifier_score).
struct classifier_score_result {
  /// Mean over the samples of max_k p(k | x), in [1/K, 1]: 1 when every sample is unambiguously
  /// nearer one mode than all others by many σ; 1/m for samples equidistant from m modes.
  double quality = 0;
  /// H(p̂) = −Σ_k p̂_k log p̂_k (nats), the entropy of the marginal mode distribution, in [0, log K].
  double diversity = 0;
  /// exp(E_x KL(p(· | x) ‖ p̂)), in [1, K].
  double score = 0;
  /// p̂_k = (1/n) Σ_x p(k | x), the marginal (soft) mode histogram; sums to 1.
  std::vector<double> marginal;
  /// n, the number of samples.
  std::size_t samples = 0;
};

/// The Inception-style classifier score of samples X (d × n, one column per sample) with the
/// exact posterior p(k | x) of the mixture (mode_log_posterior) as the classifier:
///
///   quality   = (1/n) Σ_x max_k p(k | x),
///   p̂_k       = (1/n) Σ_x p(k | x)          (the soft marginal: the mean posterior, not a
///                                            histogram of hard assignments),
///   diversity = H(p̂) = −Σ_k p̂_k log p̂_k,
///   score     = exp( (1/n) Σ_x KL(p(· | x) ‖ p̂) ).
///
/// Bounds, 1 ≤ score ≤ exp(diversity) ≤ K. Proof: expanding the logarithms,
/// (1/n) Σ_x KL(p(·|x) ‖ p̂) = H(p̂) − (1/n) Σ_x H(p(·|x)) (the mutual information between the
/// sample index and the mode). Each KL is ≥ 0 (Gibbs), so the mean is ≥ 0 and score ≥ 1; each
/// H(p(·|x)) ≥ 0, so the mean is ≤ H(p̂); and H(p̂) ≤ log K (Gibbs against the uniform
/// distribution), so score ≤ K. score = K exactly when p̂ is uniform and every p(·|x) is
/// one-hot (every mode hit equally, each sample unambiguous); score = 1 exactly when every
/// sample has the same posterior (all in one mode, or all equally ambiguous).
///
/// The soft marginal is what makes the identity above hold; a hard-assignment histogram is
/// what evaluate_modes reports (its reverse_kl = log K − H of that histogram). Computed in log
/// space: log p̂_k = log Σ_x exp(log p(k|x)) − log n, terms with p(k|x) = 0 contribute 0 (so a
/// sample far from every mode gives no NaN). The exact mean KL lies in [0, diversity] and the
/// exact diversity in [0, log K]; a computed value outside by round-off is clamped to the
/// interval, so the bounds hold exactly for the returned numbers.
///
/// What it can and cannot see (docs/evaluation.md): it detects dropped modes and collapse
/// (diversity and score fall) and samples between modes (quality falls), but not samples far
/// from every mode on the outside of the mixture or σ-scale blur: the posterior there is still
/// one-hot. Use evaluate_modes' high-quality fraction or frechet_distance for those.
/// \throws std::invalid_argument if X is empty or its dimension is not the mixture's.
/// \throws std::domain_error if a coordinate is not finite.
/// Complexity O(n·K·d); memory K·n doubles.
/// \code
/// auto ring = advdiv::gan::toy_mixture::ring();
/// advdiv::random_engine rng(1);
/// auto c = advdiv::gan::classifier_score(ring, ring.sample(rng, 2500));  // c.score ≈ 8, c.quality ≈ 1
/// \endcode
template <class S>
classifier_score_result classifier_score(const toy_mixture& mixture, const S& X) {
  constexpr const char* fn = "advdiv::gan::classifier_score";
  const auto pc = advdiv::detail::read_sample(X, fn, "X");
  check_same_dimension(fn, "X", pc.dim, "the mixture", mixture.dimension());
  const auto K = mixture.means().cols();
  const auto n = static_cast<Eigen::Index>(pc.count);
  Eigen::MatrixXd lp(K, n);
  for (Eigen::Index j = 0; j < n; ++j)
    detail::mode_log_posterior_one(mixture.means(), mixture.sigma(), pc.point(static_cast<std::size_t>(j)), lp.col(j).data());

  classifier_score_result r;
  r.samples = pc.count;
  // log p̂_k = log Σ_x p(k|x) − log n, shifted by the row's maximum (−inf only for a mode every
  // sample's posterior underflows at: then p̂_k = 0).
  const double log_n = std::log(static_cast<double>(n));
  Eigen::VectorXd log_marginal(K);
  for (Eigen::Index k = 0; k < K; ++k) {
    const double m = lp.row(k).maxCoeff();
    if (m == -std::numeric_limits<double>::infinity()) {
      log_marginal(k) = m;
      continue;
    }
    double s = 0;
    for (Eigen::Index j = 0; j < n; ++j) s += std::exp(lp(k, j) - m);
    log_marginal(k) = m + std::log(s) - log_n;
  }
  std::vector<double> quality(static_cast<std::size_t>(n)), kl(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) {
    quality[static_cast<std::size_t>(j)] = std::exp(lp.col(j).maxCoeff());
    double t = 0;
    for (Eigen::Index k = 0; k < K; ++k) {
      const double p = std::exp(lp(k, j));
      if (p > 0) t += p * (lp(k, j) - log_marginal(k));
    }
    kl[static_cast<std::size_t>(j)] = t;
  }
  r.marginal.resize(static_cast<std::size_t>(K));
  double h = 0;
  for (Eigen::Index k = 0; k < K; ++k) {
    const double p = std::exp(log_marginal(k));
    r.marginal[static_cast<std::size_t>(k)] = p;
    if (p > 0) h -= p * log_marginal(k);
  }
  r.diversity = std::clamp(h, 0.0, std::log(static_cast<double>(K)));
  r.quality = accurate_sum(quality) / static_cast<double>(n);
  const double mean_kl = accurate_sum(kl) / static_cast<double>(n);
  r.score = std::exp(std::clamp(mean_kl, 0.0, r.diversity));
  return r;
}

}  // namespace advdiv::gan
