#pragma once
/// \file
/// Seeded weight initialisers for dense layers: Glorot/Xavier uniform, He normal and
/// orthogonal (each with a gain where the literature gives one).
///
/// Random numbers come from std::mt19937_64, whose output sequence is fixed by the C++
/// standard, turned into uniforms and normals by our own transforms (not the
/// implementation-defined std::uniform_real_distribution / std::normal_distribution), so a
/// seed gives the same weights with every standard library. Biases start at 0.

#include <advdiv/core/checks.hpp>

#include <Eigen/Core>
#include <Eigen/QR>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <random>

namespace advdiv::nn {

namespace detail {

/// Deterministic source of uniforms on (0, 1] and standard normals (Box–Muller).
class random_source {
 public:
  explicit random_source(std::uint64_t seed) : engine_(seed) {}
  /// Uniform on (0, 1], 53 random bits.
  double uniform() { return (double(engine_() >> 11) + 1.0) * 0x1.0p-53; }
  /// Uniform on (−1, 1].
  double symmetric() { return 2.0 * uniform() - 1.0; }
  /// Standard normal; draws come in pairs from one Box–Muller transform.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double t = 6.283185307179586476925286766559 * uniform();
    spare_ = r * std::sin(t);
    has_spare_ = true;
    return r * std::cos(t);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace detail

/// Glorot/Xavier uniform: W_ij ~ U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).
struct glorot_uniform {
  /// Multiplies the bound a (1 for identity/sigmoid layers, 5/3 for tanh, √2 for relu).
  double gain = 1.0;
  /// Fills an out×in weight matrix.
  template <class W>
  void fill(W&& w, detail::random_source& rng) const {
    const double fan_out = double(w.rows()), fan_in = double(w.cols());
    const double a = gain * std::sqrt(6.0 / (fan_in + fan_out));
    for (Eigen::Index j = 0; j < w.cols(); ++j)
      for (Eigen::Index i = 0; i < w.rows(); ++i)
        w(i, j) = static_cast<typename std::remove_cvref_t<W>::Scalar>(a * rng.symmetric());
  }
};

/// He (Kaiming) normal: W_ij ~ N(0, gain² / fan_in); the default gain √2 suits relu layers.
struct he_normal {
  /// Multiplies the standard deviation 1/√fan_in (√2 for relu, as in He et al. 2015).
  double gain = 1.4142135623730950488;
  /// Fills an out×in weight matrix.
  template <class W>
  void fill(W&& w, detail::random_source& rng) const {
    const double sd = gain / std::sqrt(double(w.cols()));
    for (Eigen::Index j = 0; j < w.cols(); ++j)
      for (Eigen::Index i = 0; i < w.rows(); ++i)
        w(i, j) = static_cast<typename std::remove_cvref_t<W>::Scalar>(sd * rng.normal());
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
  void fill(W&& w, detail::random_source& rng) const {
    const Eigen::Index rows = w.rows(), cols = w.cols();
    const bool tall = rows >= cols;
    const Eigen::Index n = tall ? rows : cols, k = tall ? cols : rows;
    Eigen::MatrixXd g(n, k);
    for (Eigen::Index j = 0; j < k; ++j)
      for (Eigen::Index i = 0; i < n; ++i) g(i, j) = rng.normal();
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

/// An initialiser: fills an out×in Eigen weight block from a detail::random_source.
template <class I>
concept initializer = requires(const I& init, Eigen::Map<Eigen::MatrixXd> w,
                               detail::random_source& rng) { init.fill(w, rng); };

}  // namespace advdiv::nn
