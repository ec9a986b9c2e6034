#pragma once
/// \file
/// The non-saturating GAN: Goodfellow's discriminator, generator loss −log D(G(z)).

#include <advdiv/gan/objective/minimax.hpp>

namespace advdiv::gan {

/// The non-saturating GAN (Goodfellow et al. 2014, §3): the discriminator plays as in
/// `minimax` (same real_term and fake_term, same optional one-sided label smoothing), the
/// generator minimises −log D(G(z)) = softplus(−v) instead of log(1 − D(G(z))), whose gradient
/// vanishes when D rejects the generated samples confidently (v → −∞). Same fixed point.
struct non_saturating {
  /// The target of real samples in the discriminator's cross-entropy (one-sided smoothing).
  double real_label = 1.0;

  /// The discriminator's loss on a real sample, ℓ(v), and dℓ/dv (formula in the class comment).
  template <class T>
  loss_term<T> real_term(T v) const noexcept {
    return minimax{real_label}.real_term(v);
  }
  /// The discriminator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> fake_term(T v) const noexcept {
    return minimax{real_label}.fake_term(v);
  }
  /// The generator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> generator_term(T v) const noexcept {
    return {math::softplus(-v), -math::sigmoid(-v)};
  }
};

}  // namespace advdiv::gan
