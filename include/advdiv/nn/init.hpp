#pragma once
/// \file
/// Seeded weight initialisers for dense layers: Glorot/Xavier uniform, He normal and
/// orthogonal (each with a gain where the literature gives one).
///
/// Every draw comes from advdiv::random_engine through core/random.hpp (uniform_real,
/// standard_normal), whose output is the same on every standard library, so a seed gives
/// the same weights everywhere. Biases start at 0 (nn::mlp sets them).

#include <advdiv/core/random.hpp>

#include <Eigen/Core>
#include <Eigen/QR>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <type_traits>

namespace advdiv::nn {

/// Glorot/Xavier uniform: W_ij ~ U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).
struct glorot_uniform {
  /// Multiplies the bound a (1 for identity/sigmoid layers, 5/3 for tanh, √2 for relu).
  double gain = 1.0;
  /// Fills an out×in weight matrix.
  template <class W>
  void fill(W&& w, random_engine& rng) const {
    const double fan_out = double(w.rows()), fan_in = double(w.cols());
    const double a = gain * std::sqrt(6.0 / (fan_in + fan_out));
    for (Eigen::Index j = 0; j < w.cols(); ++j)
      for (Eigen::Index i = 0; i < w.rows(); ++i)
        w(i, j) = static_cast<typename std::remove_cvref_t<W>::Scalar>(uniform_real(rng, -a, a));
  }
};

/// He (Kaiming) normal: W_ij ~ N(0, gain² / fan_in); the default gain √2 suits relu layers.
struct he_normal {
  /// Multiplies the standard deviation 1/√fan_in (√2 for relu, as in He et al. 2015).
  double gain = 1.4142135623730950488;
  /// Fills an out×in weight matrix.
  template <class W>
  void fill(W&& w, random_engine& rng) const {
    const double sd = gain / std::sqrt(double(w.cols()));
    for (Eigen::Index j = 0; j < w.cols(); ++j)
      for (Eigen::Index i = 0; i < w.rows(); ++i)
        w(i, j) = static_cast<typename std::remove_cvref_t<W>::Scalar>(sd * standard_normal(rng));
  }
};

/// Orthogonal (Saxe et al. 2014): W = gain·Q where Q has orthonormal rows (out ≤ in) or
/// orthonormal columns (out > in). Q comes from the QR factorisation of a Gaussian matrix,
/// with the signs of R's diagonal folded in so that Q is Haar-distributed.
struct orthogonal {
  /// Scale of the orthonormal matrix.
  double gain = 1.0;
  /// Fills an out×in weight matrix.
  template <class W>
  void fill(W&& w, random_engine& rng) const {
    const Eigen::Index rows = w.rows(), cols = w.cols();
    const bool tall = rows >= cols;
    const Eigen::Index n = tall ? rows : cols, k = tall ? cols : rows;
    Eigen::MatrixXd g(n, k);
    for (Eigen::Index j = 0; j < k; ++j)
      for (Eigen::Index i = 0; i < n; ++i) g(i, j) = standard_normal(rng);
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, k);
    const Eigen::MatrixXd& r = qr.matrixQR();
    for (Eigen::Index j = 0; j < k; ++j)
      if (r(j, j) < 0) q.col(j) = -q.col(j);
    q *= gain;
    using S = typename std::remove_cvref_t<W>::Scalar;
    if (tall)
      w = q.cast<S>();
    else
      w = q.transpose().cast<S>();
  }
};

/// An initialiser: `init.fill(w, rng)` fills an out×in Eigen weight block with draws from
/// an advdiv::random_engine (column by column, so the order is fixed).
template <class I>
concept initializer = requires(const I& init, Eigen::Map<Eigen::MatrixXd> w,
                               random_engine& rng) { init.fill(w, rng); };

}  // namespace advdiv::nn
