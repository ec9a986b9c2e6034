#pragma once
/// \file
/// The Wasserstein GAN with weight clipping (Arjovsky, Chintala, Bottou 2017).

#include <advdiv/gan/objective.hpp>

namespace advdiv::gan {

/// WGAN: the critic maximises E_P[v] − E_Q[v] over (approximately) 1-Lipschitz functions,
/// which by Kantorovich–Rubinstein duality is W₁(P, Q) at the optimum; the generator
/// minimises −E_Q[v]:
///
///   real_term(v) = −v,  fake_term(v) = v,  generator_term(v) = −v.
///
/// The Lipschitz constraint is enforced as in the paper by clipping every critic parameter to
/// [−clip, clip] after each critic step (the trainer does it through weight_clip()). The
/// paper's defaults: clip 0.01, RMSProp with learning rate 5e-5, 5 critic steps per generator
/// step. The critic output is the raw last layer (no activation).
struct wasserstein {
  /// The clipping bound c > 0 of the critic's parameters.
  double clip = 0.01;

  /// The discriminator's loss on a real sample, ℓ(v), and dℓ/dv (formula in the class comment).
  template <class T>
  loss_term<T> real_term(T v) const noexcept {
    return {-v, T(-1)};
  }
  /// The discriminator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> fake_term(T v) const noexcept {
    return {v, T(1)};
  }
  /// The generator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> generator_term(T v) const noexcept {
    return {-v, T(-1)};
  }
  /// The bound the trainer clips the critic's parameters to.
  double weight_clip() const noexcept { return clip; }
};

}  // namespace advdiv::gan
