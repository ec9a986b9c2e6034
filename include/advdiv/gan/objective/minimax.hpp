#pragma once
/// \file
/// Goodfellow et al.'s minimax game, with the original (saturating) generator loss.

#include <advdiv/core/math.hpp>
#include <advdiv/gan/objective.hpp>

namespace advdiv::gan {

/// The minimax GAN (Goodfellow et al. 2014), on logits: D(x) = σ(v(x)).
///
///   real_term(v) = −[α log σ(v) + (1 − α) log(1 − σ(v))] = α·softplus(−v) + (1 − α)·softplus(v)
///   fake_term(v) = −log(1 − σ(v)) = softplus(v)
///   generator_term(v) = log(1 − σ(v)) = −softplus(v)          (saturating)
///
/// with one-sided label smoothing α = `real_label` (1: none; Salimans et al. 2016 use 0.9).
/// With α = 1, L_D = −V(G, D); per point the optimal discriminator is
/// D* = p_data/(p_data + p_G), where L_D = log 4 − 2·JS(p_data‖p_G) (Goodfellow's Prop. 1,
/// Thm. 1); with α < 1 it is D* = α·p_data/(p_data + p_G). Everything is written with
/// softplus and σ on the logit: no log(σ(v)) underflows and nothing overflows.
struct minimax {
  /// The target of real samples in the discriminator's cross-entropy (one-sided smoothing).
  double real_label = 1.0;

  /// The discriminator's loss on a real sample, ℓ(v), and dℓ/dv (formula in the class comment).
  template <class T>
  loss_term<T> real_term(T v) const noexcept {
    const T a = static_cast<T>(real_label);
    return {a * math::softplus(-v) + (T(1) - a) * math::softplus(v), math::sigmoid(v) - a};
  }
  /// The discriminator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> fake_term(T v) const noexcept {
    return {math::softplus(v), math::sigmoid(v)};
  }
  /// The generator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> generator_term(T v) const noexcept {
    return {-math::softplus(v), -math::sigmoid(v)};
  }
};

}  // namespace advdiv::gan
