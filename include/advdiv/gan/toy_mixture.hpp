#pragma once
/// \file
/// Mixtures of isotropic Gaussians in R^d: the toy data of GAN benchmarks (the ring of 8 and
/// the grid of 25 of the PacGAN / VEEGAN protocol), with seeded sampling.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace advdiv::gan {

/// An equal-weight mixture of K isotropic Gaussians N(μ_k, σ²I) in R^d. The means are the
/// columns of a d × K matrix (points are columns, as everywhere in advdiv).
class toy_mixture {
 public:
  /// \throws std::invalid_argument if there is no mode or the means have no dimension.
  /// \throws std::domain_error if a mean is not finite or sigma is not positive and finite.
  toy_mixture(Eigen::MatrixXd means, double sigma) : means_(std::move(means)), sigma_(sigma) {
    constexpr const char* fn = "advdiv::gan::toy_mixture";
    check_nonempty(fn, "means", static_cast<std::size_t>(means_.cols()));
    check_nonempty(fn, "the dimension of means", static_cast<std::size_t>(means_.rows()));
    check_finite_matrix(fn, "means", means_);
    check_positive_finite(fn, "sigma", sigma_);
  }

  /// The ring: K modes evenly spaced on the circle of the given radius in R² (PacGAN: K = 8,
  /// radius 1, σ = 0.01); mode k at angle 2πk/K.
  static toy_mixture ring(std::size_t modes = 8, double radius = 1.0, double sigma = 0.01) {
    Eigen::MatrixXd m(2, static_cast<Eigen::Index>(modes));
    for (std::size_t k = 0; k < modes; ++k) {
      const double a = 2 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(modes);
      m(0, static_cast<Eigen::Index>(k)) = radius * std::cos(a);
      m(1, static_cast<Eigen::Index>(k)) = radius * std::sin(a);
    }
    return toy_mixture(std::move(m), sigma);
  }

  /// The grid: side × side modes at {−(side−1), …, side−1}·spacing/2 in each coordinate
  /// (PacGAN: side 5, spacing 2, i.e. means {−4, −2, 0, 2, 4}², σ = 0.05).
  static toy_mixture grid(std::size_t side = 5, double spacing = 2.0, double sigma = 0.05) {
    Eigen::MatrixXd m(2, static_cast<Eigen::Index>(side * side));
    const double offset = 0.5 * spacing * static_cast<double>(side - 1);
    for (std::size_t i = 0; i < side; ++i)
      for (std::size_t j = 0; j < side; ++j) {
        const auto k = static_cast<Eigen::Index>(i * side + j);
        m(0, k) = spacing * static_cast<double>(i) - offset;
        m(1, k) = spacing * static_cast<double>(j) - offset;
      }
    return toy_mixture(std::move(m), sigma);
  }

  /// The means, one column per mode (d × K).
  const Eigen::MatrixXd& means() const noexcept { return means_; }
  /// The common standard deviation σ of every coordinate of every mode.
  double sigma() const noexcept { return sigma_; }
  /// The number of modes K.
  std::size_t modes() const noexcept { return static_cast<std::size_t>(means_.cols()); }
  /// The dimension d.
  std::size_t dimension() const noexcept { return static_cast<std::size_t>(means_.rows()); }

  /// n samples as the columns of a d × n matrix: a uniformly drawn mode, plus σ·N(0, I).
  /// The same engine state gives the same samples on every platform (core/random.hpp).
  template <std::uniform_random_bit_generator R>
  Eigen::MatrixXd sample(R& rng, std::size_t n) const {
    return sample_labelled(rng, n).points;
  }

  /// Samples with the mode each was drawn from (the labels of a conditional GAN).
  struct labelled_sample {
    Eigen::MatrixXd points;          ///< d × n, one column per sample
    std::vector<std::size_t> modes;  ///< the mode index k of each column, in {0, …, K−1}
  };
  /// n samples and their modes; the same draws as sample(rng, n), so the points are identical.
  template <std::uniform_random_bit_generator R>
  labelled_sample sample_labelled(R& rng, std::size_t n) const {
    labelled_sample s{Eigen::MatrixXd(means_.rows(), static_cast<Eigen::Index>(n)), std::vector<std::size_t>(n)};
    for (Eigen::Index j = 0; j < s.points.cols(); ++j) {
      const std::size_t k = uniform_index(rng, modes());
      s.modes[static_cast<std::size_t>(j)] = k;
      const auto mode = static_cast<Eigen::Index>(k);
      for (Eigen::Index i = 0; i < s.points.rows(); ++i)
        s.points(i, j) = means_(i, mode) + sigma_ * standard_normal(rng);
    }
    return s;
  }

 private:
  Eigen::MatrixXd means_;
  double sigma_;
};

}  // namespace advdiv::gan
