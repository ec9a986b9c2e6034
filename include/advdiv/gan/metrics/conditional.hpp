#pragma once
/// \file
/// How well a conditional generator obeys its condition on a toy_mixture: the fraction of the
/// samples asked for mode k that land within threshold·σ of μ_k, per mode and averaged.

#include <advdiv/core/checks.hpp>
#include <advdiv/gan/toy_mixture.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace advdiv::gan {

/// The conditional accuracy of samples against the modes they were asked for.
struct conditional_metrics {
  /// Mean over the requested modes of their per-mode accuracy (modes never requested are left
  /// out of the mean).
  double accuracy = 0;
  /// Per mode k: the fraction of the samples requested for k within threshold·σ of μ_k
  /// (0 for a mode never requested; see requested).
  std::vector<double> per_mode;
  /// Per mode k: how many samples were requested for k.
  std::vector<std::size_t> requested;
  /// Modes requested at least once whose accuracy is at least 1/2 ("covered on request").
  std::size_t modes_covered = 0;
};

/// Scores samples X (d × n, column j asked for mode requested_modes[j]) against the mixture:
/// sample j is on target when ‖x_j − μ_{k_j}‖ < threshold·σ (PacGAN's high-quality radius,
/// threshold 3: exact samples of a 2-D mode are on target with probability 1 − e^{−9/2} ≈ 98.9%).
/// per_mode[k] = (on-target samples asked for k) / (samples asked for k), and accuracy is their
/// mean over the modes that were asked for, so each mode counts equally whatever its share.
/// \throws std::invalid_argument if X is empty, its dimension is not the mixture's, or X and
/// requested_modes differ in length.
/// \throws std::domain_error if a coordinate is not finite, a requested mode is not below K,
/// or threshold is not positive and finite.
/// \code
/// auto ring = advdiv::gan::toy_mixture::ring();
/// advdiv::random_engine rng(1);
/// auto s = ring.sample_labelled(rng, 2000);
/// auto m = advdiv::gan::evaluate_conditional(ring, s.points, s.modes);  // m.accuracy ≈ 0.989
/// \endcode
inline conditional_metrics evaluate_conditional(const toy_mixture& mixture, const Eigen::MatrixXd& X,
                                                std::span<const std::size_t> requested_modes,
                                                double threshold = 3.0) {
  constexpr const char* fn = "advdiv::gan::evaluate_conditional";
  check_nonempty(fn, "X", static_cast<std::size_t>(X.cols()));
  check_same_dimension(fn, "X", static_cast<std::size_t>(X.rows()), "the mixture", mixture.dimension());
  check_same_size(fn, "X", static_cast<std::size_t>(X.cols()), "requested_modes", requested_modes.size());
  check_finite_matrix(fn, "X", X);
  check_positive_finite(fn, "threshold", threshold);
  const std::size_t K = mixture.modes();
  for (std::size_t j = 0; j < requested_modes.size(); ++j)
    if (requested_modes[j] >= K)
      advdiv::detail::throw_value_error(fn, advdiv::detail::element_name("requested_modes", j), requested_modes[j],
                                        "is not below the number of modes " + std::to_string(K));
  conditional_metrics r;
  r.per_mode.assign(K, 0.0);
  r.requested.assign(K, 0);
  std::vector<std::size_t> hits(K, 0);
  const double limit = threshold * mixture.sigma();
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const std::size_t k = requested_modes[static_cast<std::size_t>(j)];
    ++r.requested[k];
    if ((X.col(j) - mixture.means().col(static_cast<Eigen::Index>(k))).norm() < limit) ++hits[k];
  }
  std::size_t asked = 0;
  for (std::size_t k = 0; k < K; ++k) {
    if (r.requested[k] == 0) continue;
    ++asked;
    r.per_mode[k] = static_cast<double>(hits[k]) / static_cast<double>(r.requested[k]);
    r.accuracy += r.per_mode[k];
    if (r.per_mode[k] >= 0.5) ++r.modes_covered;
  }
  r.accuracy /= static_cast<double>(asked);
  return r;
}

}  // namespace advdiv::gan
