#pragma once
/// \file
/// What every sample-based estimator returns: the estimate, its standard error where a formula
/// or the bootstrap gives one, the sample sizes and, for the estimators that fit something
/// (variational critics), how the fit ended.

#include <advdiv/core/status.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace advdiv::estimate {

/// The result of estimating a divergence (or an entropy) from samples X ~ P (n points) and
/// Y ~ Q (m points; m = 0 for one-sample quantities such as an entropy).
///
/// `value` is never NaN: an estimator either returns a number (+inf only where the estimator's
/// own formula gives +inf for a finite sample and says so in its docs) or throws. The status is
/// `converged` for the closed-form estimators (plug-in, k-NN, transport); the fitted ones
/// report how their fit ended and keep the estimate of the last finite state.
struct estimate_result {
  double value = 0.0;                ///< the estimate
  std::optional<double> std_error;   ///< standard error, where a formula or the bootstrap gives one
  std::size_t n = 0;                 ///< points in X (the sample from P)
  std::size_t m = 0;                 ///< points in Y (the sample from Q); 0 for one-sample estimates
  solver_status status = solver_status::converged;  ///< how a fit ended (converged if none)
  std::string message;               ///< what happened when status is not converged, else empty
};

}  // namespace advdiv::estimate
