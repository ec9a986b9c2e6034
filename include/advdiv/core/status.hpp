#pragma once
/// \file
/// How an iterative routine ended: one status type for the exact and entropic transport
/// solvers, the minimax trainer and the estimators that fit a critic. Iterative routines
/// never throw on non-convergence; they return a result holding a solver_status, the
/// iteration count and the last residual or loss.

namespace advdiv {

/// How an iterative routine ended.
enum class solver_status {
  /// Finished as intended: an optimal basis with a verified dual certificate (emd), marginal
  /// errors within tolerance (sinkhorn), the stopping rule met (training, fitted estimators).
  converged,
  /// Stopped at the iteration or step limit; the result holds the last iterate.
  iteration_limit,
  /// No feasible point exists (e.g. transport between masses that cannot be matched).
  infeasible,
  /// The objective is unbounded below (cannot happen for transport with finite costs).
  unbounded,
  /// A loss, residual or iterate became NaN or ±inf; the result holds the last finite state.
  non_finite,
};

/// The name of a status: "converged", "iteration_limit", "infeasible", "unbounded" or
/// "non_finite".
constexpr const char* to_string(solver_status s) noexcept {
  switch (s) {
    case solver_status::converged: return "converged";
    case solver_status::iteration_limit: return "iteration_limit";
    case solver_status::infeasible: return "infeasible";
    case solver_status::unbounded: return "unbounded";
    case solver_status::non_finite: return "non_finite";
  }
  return "unknown";
}

}  // namespace advdiv
