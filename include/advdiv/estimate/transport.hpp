#pragma once
/// \file
/// Wasserstein distances between two samples through the transport layer, as estimators of
/// W_p(P, Q): the exact 1-D quantile formula for d = 1, the exact EMD (network simplex) on the
/// points for d > 1.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/points.hpp>
#include <advdiv/estimate/result.hpp>
#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace advdiv::estimate {

/// Options of estimate::wasserstein.
struct wasserstein_options {
  /// The order p ≥ 1 (finite).
  double p = 1.0;
  /// Options of the EMD solve (d > 1): its pivot limit and mass tolerance.
  emd_options emd{};
};

/// The empirical p-Wasserstein distance W_p(P̂_n, Q̂_m) between the samples X ~ P (n points,
/// mass 1/n each) and Y ~ Q (m points, mass 1/m each), Euclidean ground distance, as an
/// estimate of W_p(P, Q). Returns W_p itself (the p-th root), not W_p^p.
///
/// - d = 1: advdiv::wasserstein_1d (sorted quantile functions merged; exact,
///   O((n + m) log(n + m))).
/// - d > 1: advdiv::emd with uniform masses and costs ‖x_i − y_j‖₂^p (squared Euclidean for
///   p = 2, Euclidean for p = 1); the value is cost^{1/p} and the status is the EMD's own
///   (converged only with a verified dual certificate, iteration_limit otherwise, with the
///   pivot count in `message`). O(n·m) memory: n = m = 5000 needs 200 MB.
///
/// Assumptions and biases: P and Q with finite p-th moments. The empirical distance is
/// biased upwards (W_p(P̂_n, Q̂_m) ≥ 0 even for P = Q) and converges slowly in high
/// dimension, E|W_p(P̂_n, P)| ~ n^{−1/d} for d > 2p (Fournier & Guillin 2015), so at a fixed
/// n the bias grows with d. No standard error is given.
///
/// \param X, Y samples, points as columns (d × n and d × m Eigen matrices or maps), 1-D
///             samples as any range, or ranges of std::array<T, d> points.
/// \param options the order p and the EMD options.
/// \throws std::invalid_argument an empty sample (`advdiv::estimate::wasserstein: X is
///         empty`) or X and Y of different dimension.
/// \throws std::domain_error a NaN or infinite coordinate (`X(0, 2) = nan is not finite`), or
///         `p = 0.5 is not finite and >= 1`.
/// \code
/// std::vector<double> x{0.0, 1.0, 3.0}, y{5.0, 6.0, 8.0};
/// auto w2 = advdiv::estimate::wasserstein(x, y, {.p = 2});   // w2.value == 5
/// \endcode
template <class SX, class SY>
estimate_result wasserstein(const SX& X, const SY& Y, const wasserstein_options& options = {}) {
  constexpr const char* fn = "advdiv::estimate::wasserstein";
  check_finite_at_least(fn, "p", options.p, 1.0);
  const advdiv::detail::point_cloud xs = advdiv::detail::read_sample(X, fn, "X");
  const advdiv::detail::point_cloud ys = advdiv::detail::read_sample(Y, fn, "Y");
  check_same_dimension(fn, "X", xs.dim, "Y", ys.dim);
  estimate_result r;
  r.n = xs.count;
  r.m = ys.count;
  if (xs.dim == 1) {
    r.value = static_cast<double>(advdiv::wasserstein_1d(xs.data, ys.data, options.p));
    return r;
  }
  const double p = options.p;
  dense_matrix C = advdiv::detail::cost_matrix_of(xs, ys, p == 2.0 ? ground_metric::sqeuclidean
                                                                   : ground_metric::euclidean);
  if (p != 1.0 && p != 2.0) C = C.array().pow(p).matrix();
  const std::vector<double> a(xs.count, 1.0 / static_cast<double>(xs.count));
  const std::vector<double> b(ys.count, 1.0 / static_cast<double>(ys.count));
  const emd_result e = advdiv::emd(a, b, C, options.emd);
  r.value = std::pow(e.cost, 1.0 / p);
  r.status = e.status;
  if (e.status != solver_status::converged)
    r.message = "emd ended with status " + std::string(to_string(e.status)) + " after " +
                std::to_string(e.iterations) + " pivots (the plan is feasible, its cost not certified optimal)";
  return r;
}

}  // namespace advdiv::estimate
