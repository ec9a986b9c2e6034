#pragma once
/// \file
/// Mode counting on toy mixtures by the PacGAN protocol (Lin et al. 2018, §5): modes captured,
/// the fraction of high-quality samples and the reverse KL of the mode histogram.

#include <advdiv/core/checks.hpp>
#include <advdiv/gan/toy_mixture.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace advdiv::gan {

/// The PacGAN metrics of a set of samples against a toy_mixture.
struct mode_metrics {
  std::size_t modes_captured = 0;       ///< modes nearest to at least one high-quality sample
  double high_quality_fraction = 0;     ///< fraction of samples within `threshold`·σ of their nearest mode
  double reverse_kl = 0;                ///< KL(p̂ ‖ uniform) of the mode histogram of the high-quality samples (nats)
  std::vector<std::size_t> counts;      ///< high-quality samples per mode
  std::size_t samples = 0;              ///< number of samples evaluated
};

/// Modes captured, % high quality and reverse KL of samples X (d × n, one column per sample)
/// against the mixture: each sample is assigned to its nearest mean (Euclidean); it is of high
/// quality when ‖x − μ_k‖/σ < threshold (PacGAN: 3; for exact samples in 2-D the fraction is
/// then 1 − e^{−9/2} ≈ 98.9%). p̂_k = counts_k / Σ counts, and
/// reverse_kl = Σ_k p̂_k log(K p̂_k) ∈ [0, log K]: 0 when every mode is hit equally. With no
/// high-quality sample at all reverse_kl is +inf (no mode is covered).
/// \throws std::invalid_argument if X is empty or its dimension is not the mixture's.
/// \throws std::domain_error if a coordinate is not finite, or threshold is not positive.
/// Complexity O(n·K·d).
/// \code
/// auto ring = advdiv::gan::toy_mixture::ring();
/// advdiv::random_engine rng(1);
/// auto m = advdiv::gan::evaluate_modes(ring, ring.sample(rng, 2500));  // m.modes_captured == 8
/// \endcode
inline mode_metrics evaluate_modes(const toy_mixture& mixture, const Eigen::MatrixXd& X, double threshold = 3.0) {
  constexpr const char* fn = "advdiv::gan::evaluate_modes";
  check_nonempty(fn, "X", static_cast<std::size_t>(X.cols()));
  check_same_dimension(fn, "X", static_cast<std::size_t>(X.rows()), "the mixture", mixture.dimension());
  check_finite_matrix(fn, "X", X);
  check_positive_finite(fn, "threshold", threshold);
  const Eigen::MatrixXd& mu = mixture.means();
  const double limit = threshold * mixture.sigma();
  mode_metrics r;
  r.samples = static_cast<std::size_t>(X.cols());
  r.counts.assign(mixture.modes(), 0);
  std::size_t hq = 0;
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    Eigen::Index best = 0;
    double best_d2 = std::numeric_limits<double>::infinity();
    for (Eigen::Index k = 0; k < mu.cols(); ++k) {
      const double d2 = (X.col(j) - mu.col(k)).squaredNorm();
      if (d2 < best_d2) {
        best_d2 = d2;
        best = k;
      }
    }
    if (std::sqrt(best_d2) < limit) {
      ++hq;
      ++r.counts[static_cast<std::size_t>(best)];
    }
  }
  r.high_quality_fraction = static_cast<double>(hq) / static_cast<double>(r.samples);
  if (hq == 0) {
    r.reverse_kl = std::numeric_limits<double>::infinity();
    return r;
  }
  const double K = static_cast<double>(mixture.modes());
  for (std::size_t c : r.counts) {
    if (c == 0) continue;
    ++r.modes_captured;
    const double p = static_cast<double>(c) / static_cast<double>(hq);
    r.reverse_kl += p * std::log(K * p);
  }
  return r;
}

}  // namespace advdiv::gan
