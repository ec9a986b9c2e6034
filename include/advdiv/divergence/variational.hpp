#pragma once
/// \file
/// The per-sample functors of the variational (f-GAN) bound D_f(P‖Q) ≥ E_P[T] − E_Q[f*(T)] with
/// T = g_f(V) for raw critic outputs V: what a sample of P and a sample of Q contribute. Used by
/// the Thrust variational_estimate and meant for the CPU estimators and the gan objectives, so
/// that the bound is written once, from the generator's own activation and stable
/// conjugate_of_activation. Device-neutral.

#include <advdiv/core/config.hpp>
#include <advdiv/divergence/f_generator.hpp>

namespace advdiv {

/// v → g_f(v): the critic value T on a sample of P, from the raw critic output v, computed in
/// double (float outputs are widened).
/// \code
/// const advdiv::activation_of<advdiv::fdiv::gan> t{{}};
/// double log_d = t(0.3);  // log σ(0.3)
/// \endcode
template <variational_f_generator G>
struct activation_of {
  G g;  ///< the generator
  /// g_f(v).
  template <class T>
  ADVDIV_HOST_DEVICE double operator()(T v) const noexcept {
    return g.activation(static_cast<double>(v));
  }
};

/// v → f*(g_f(v)): the conjugate of the critic value on a sample of Q, by the generator's stable
/// conjugate_of_activation (no overflow or cancellation of the naive composition), in double.
/// \code
/// const advdiv::conjugate_of_activation_of<advdiv::fdiv::gan> c{{}};
/// double s = c(0.3);  // softplus(0.3) = −log(1 − σ(0.3))
/// \endcode
template <variational_f_generator G>
struct conjugate_of_activation_of {
  G g;  ///< the generator
  /// f*(g_f(v)).
  template <class T>
  ADVDIV_HOST_DEVICE double operator()(T v) const noexcept {
    return g.conjugate_of_activation(static_cast<double>(v));
  }
};

}  // namespace advdiv
