#pragma once
/// \file
/// The Fréchet distance between Gaussian fits of two sample sets (the formula of the FID,
/// Heusel et al. 2017, on raw coordinates in any dimension d): the squared 2-Wasserstein
/// distance between N(μ₁, Σ₁) and N(μ₂, Σ₂), with every matrix square root taken by a symmetric
/// eigen-decomposition so the result is never complex, negative or NaN.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/points.hpp>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>

namespace advdiv::gan {

/// The mean and covariance of a sample (gaussian_fit).
struct gaussian_moments {
  Eigen::VectorXd mean;        ///< μ̂ = (1/n) Σ_i x_i
  Eigen::MatrixXd covariance;  ///< Σ̂ = (1/(n−1)) Σ_i (x_i − μ̂)(x_i − μ̂)ᵀ (unbiased, as numpy.cov)
  std::size_t samples = 0;     ///< n
};

/// The Gaussian fit of a sample X (d × n, one column per point; any sample
/// detail::read_sample reads): the sample mean and the unbiased sample covariance
/// (normaliser n − 1, NumPy's `np.cov` default and pytorch-fid's choice). Accumulated about
/// the mean (two passes), so a cloud far from the origin loses no digits.
/// \throws std::invalid_argument if X is empty or has a single point (a covariance needs two).
/// \throws std::domain_error if a coordinate is not finite.
/// Complexity O(n·d²).
/// \code
/// Eigen::MatrixXd x(1, 3);
/// x << 1, 2, 3;
/// auto g = advdiv::gan::gaussian_fit(x);  // g.mean(0) == 2, g.covariance(0, 0) == 1
/// \endcode
template <class S>
gaussian_moments gaussian_fit(const S& X, const char* function = "advdiv::gan::gaussian_fit",
                              const char* name = "X") {
  const auto pc = advdiv::detail::read_sample(X, function, name);
  if (pc.count < 2)
    advdiv::detail::throw_invalid_argument(function, std::string(name) + " has 1 point (a covariance needs at least 2)");
  const auto d = static_cast<Eigen::Index>(pc.dim);
  const auto n = static_cast<Eigen::Index>(pc.count);
  const Eigen::Map<const Eigen::MatrixXd> x(pc.data.data(), d, n);
  gaussian_moments g;
  g.samples = pc.count;
  g.mean = x.rowwise().mean();
  const Eigen::MatrixXd c = x.colwise() - g.mean;
  g.covariance = (c * c.transpose()) / static_cast<double>(n - 1);
  return g;
}

namespace detail {

/// The eigenvalues of the symmetric PSD matrix A with those below the eigen-solver's accuracy,
/// λ < d·ε·max λ (negative round-off included), set to 0: the PSD projection, and exact rank
/// where the matrix is rank-deficient. Without the floor a zero eigenvalue computed as +ε‖A‖
/// would add √(ε‖A‖) ≈ 1e-8 √‖A‖ to a trace of square roots.
inline Eigen::VectorXd psd_eigenvalues(const Eigen::VectorXd& lambda) {
  const double floor = static_cast<double>(lambda.size()) * std::numeric_limits<double>::epsilon() *
                       std::max(lambda.maxCoeff(), 0.0);
  return lambda.unaryExpr([floor](double l) { return l < floor ? 0.0 : l; });
}

/// tr(A^{1/2}) = Σ √λ_i of the symmetric PSD matrix A (psd_eigenvalues).
inline double psd_trace_sqrt(const Eigen::MatrixXd& A) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(A, Eigen::EigenvaluesOnly);
  return psd_eigenvalues(es.eigenvalues()).cwiseSqrt().sum();
}

/// A^{1/2} = V diag(√λ) Vᵀ of the symmetric PSD matrix A = V diag(λ) Vᵀ (psd_eigenvalues).
inline Eigen::MatrixXd psd_sqrt(const Eigen::MatrixXd& A) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(A);
  const Eigen::VectorXd r = psd_eigenvalues(es.eigenvalues()).cwiseSqrt();
  return es.eigenvectors() * r.asDiagonal() * es.eigenvectors().transpose();
}

/// Checks that Σ (named `name`) is a finite, symmetric, positive semi-definite d × d matrix and
/// returns its symmetric part. Symmetric: |Σ_ij − Σ_ji| ≤ 1e-12·max_ij |Σ_ij|. PSD: the smallest
/// eigenvalue ≥ −1e-8·(the largest |eigenvalue|), the room round-off in a computed covariance
/// needs; eigenvalues inside that room are later set to 0.
inline Eigen::MatrixXd checked_covariance(const char* fn, const char* name, const Eigen::MatrixXd& S, Eigen::Index d,
                                          const char* mean_name) {
  if (S.rows() != d || S.cols() != d)
    advdiv::detail::throw_invalid_argument(
        fn, std::string(name) + " is " + std::to_string(S.rows()) + " x " + std::to_string(S.cols()) + ", not " +
                std::to_string(d) + " x " + std::to_string(d) + " (the dimension of " + mean_name + ")");
  check_finite_matrix(fn, name, S);
  const double scale = S.cwiseAbs().maxCoeff();
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = j + 1; i < d; ++i)
      if (!(std::abs(S(i, j) - S(j, i)) <= 1e-12 * scale))
        advdiv::detail::throw_value_error(
            fn, advdiv::detail::element_name(name, std::size_t(i), std::size_t(j)), S(i, j),
            "is not symmetric (" + advdiv::detail::element_text(name, std::size_t(j), std::size_t(i), S(j, i)) + ")");
  const Eigen::MatrixXd sym = 0.5 * (S + S.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(sym, Eigen::EigenvaluesOnly);
  const double lo = es.eigenvalues().minCoeff();
  const double big = es.eigenvalues().cwiseAbs().maxCoeff();
  if (lo < -1e-8 * big)
    advdiv::detail::throw_value_error(fn, std::string("the smallest eigenvalue of ") + name, lo,
                                      "is negative (" + std::string(name) + " is not positive semi-definite)");
  return sym;
}

}  // namespace detail

/// The Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂):
///
///   FD = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}),
///
/// which is W₂² between the two Gaussians (Dowson & Landau 1982; Givens & Shortt 1984) —
/// squared, as the FID reports it, so its unit is the squared unit of the coordinates. In 1-D
/// it is (μ₁ − μ₂)² + (σ₁ − σ₂)². Both square roots are of symmetric PSD matrices and are taken
/// by Eigen::SelfAdjointEigenSolver: Σ₁^{1/2} = V diag(√λ) Vᵀ, and tr(M^{1/2}) = Σ √λ_i(M) for
/// the symmetrised M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}. Eigenvalues below the solver's accuracy,
/// λ < d·ε·λ_max, which includes those round-off makes slightly negative, are set to 0: that is
/// the projection onto the PSD cone (the nearest PSD matrix in Frobenius norm) plus exact rank
/// for rank-deficient matrices (a zero eigenvalue computed as +ε‖M‖ would otherwise add
/// √(ε‖M‖) ≈ 1e-8·√‖M‖ to the trace). It is not a clip of the input, which is checked to be
/// PSD within 1e-8 of its largest eigenvalue. An unsymmetric square root of Σ₁Σ₂ (scipy.linalg.sqrtm, as in the reference FID
/// code) is never formed: it is where complex parts and negative FIDs come from. Rank-deficient
/// covariances (a collapsed generator: all samples equal, Σ = 0) need nothing special: with
/// Σ₁ = 0, FD = ‖μ₁ − μ₂‖² + tr Σ₂ exactly.
///
/// The exact value is ≥ 0; the computed one differs by round-off of order d·ε·(tr Σ₁ + tr Σ₂),
/// and a negative result of that size (identical inputs) is returned as 0, so the result is
/// never negative. Never NaN for finite input.
/// \throws std::invalid_argument if mu1 is empty, mu2 has another dimension, or a covariance is
/// not d × d.
/// \throws std::domain_error if an entry is not finite, or a covariance is not symmetric
/// (|Σ_ij − Σ_ji| > 1e-12 max|Σ|) or not positive semi-definite.
/// Complexity O(d³).
/// \code
/// Eigen::Vector2d m1(0, 0), m2(3, 0);
/// Eigen::Matrix2d s1 = Eigen::Vector2d(1, 4).asDiagonal(), s2 = Eigen::Vector2d(9, 1).asDiagonal();
/// double fd = advdiv::gan::frechet_distance(m1, s1, m2, s2);  // 9 + (1 − 3)² + (2 − 1)² = 14
/// \endcode
inline double frechet_distance(const Eigen::VectorXd& mu1, const Eigen::MatrixXd& sigma1, const Eigen::VectorXd& mu2,
                               const Eigen::MatrixXd& sigma2) {
  constexpr const char* fn = "advdiv::gan::frechet_distance";
  check_nonempty(fn, "mu1", static_cast<std::size_t>(mu1.size()));
  check_same_dimension(fn, "mu1", static_cast<std::size_t>(mu1.size()), "mu2", static_cast<std::size_t>(mu2.size()));
  check_finite(fn, "mu1", std::span<const double>(mu1.data(), static_cast<std::size_t>(mu1.size())));
  check_finite(fn, "mu2", std::span<const double>(mu2.data(), static_cast<std::size_t>(mu2.size())));
  const Eigen::Index d = mu1.size();
  const Eigen::MatrixXd s1 = detail::checked_covariance(fn, "Sigma1", sigma1, d, "mu1");
  const Eigen::MatrixXd s2 = detail::checked_covariance(fn, "Sigma2", sigma2, d, "mu2");
  const Eigen::MatrixXd r1 = detail::psd_sqrt(s1);
  Eigen::MatrixXd m = r1 * s2 * r1;
  m = 0.5 * (m + m.transpose()).eval();
  const double trace_sqrt = detail::psd_trace_sqrt(m);
  const double fd = (mu1 - mu2).squaredNorm() + s1.trace() + s2.trace() - 2 * trace_sqrt;
  return std::max(fd, 0.0);
}

/// The Fréchet distance between the Gaussian fits (gaussian_fit: sample mean, unbiased
/// covariance) of two samples X (d × n) and Y (d × m), one column per point: the FID formula
/// on raw coordinates. A plug-in estimate: for two finite samples of the same distribution its
/// expectation is positive, of order tr(Σ)/n from the noise of the fitted mean and covariance
/// (0.018 on average for two 2,500-point samples of the grid, tr Σ = 16), so compare values at
/// equal sample sizes. It sees only the first two moments: a generator that
/// puts its mass between the modes with the right mean and covariance scores 0
/// (docs/evaluation.md).
/// \throws std::invalid_argument if X or Y is empty or has one point, or their dimensions differ.
/// \throws std::domain_error if a coordinate is not finite.
/// \code
/// auto grid = advdiv::gan::toy_mixture::grid();
/// advdiv::random_engine rng(1);
/// double fd = advdiv::gan::frechet_distance(grid.sample(rng, 2500), grid.sample(rng, 2500));  // 0.010 (mean over pairs ≈ 0.018)
/// \endcode
template <class SX, class SY>
double frechet_distance(const SX& X, const SY& Y) {
  constexpr const char* fn = "advdiv::gan::frechet_distance";
  const gaussian_moments a = gaussian_fit(X, fn, "X");
  const gaussian_moments b = gaussian_fit(Y, fn, "Y");
  check_same_dimension(fn, "X", static_cast<std::size_t>(a.mean.size()), "Y", static_cast<std::size_t>(b.mean.size()));
  return frechet_distance(a.mean, a.covariance, b.mean, b.covariance);
}

}  // namespace advdiv::gan
