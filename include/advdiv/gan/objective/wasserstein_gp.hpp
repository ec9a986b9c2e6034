#pragma once
/// \file
/// The Wasserstein GAN with gradient penalty (Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville
/// 2017).

#include <advdiv/gan/objective.hpp>
#include <advdiv/gan/objective/wasserstein.hpp>

namespace advdiv::gan {

/// WGAN-GP: the WGAN losses (real_term = −v, fake_term = v, generator_term = −v) with the
/// Lipschitz constraint enforced softly instead of by clipping: each critic step also
/// minimises
///
///   λ·mean_i (‖∇ₓD(x̂_i)‖₂ − 1)²,   x̂_i = ε_i x_i + (1 − ε_i) x̃_i,  ε_i ~ U(0, 1) per sample,
///
/// on the segments between the batch's real samples x_i and generated samples x̃_i. The
/// trainer adds it (through gradient_penalty_weight(); see gan/gradient_penalty.hpp) and
/// reports L_D with the penalty included. At the optimum the critic is a 1-Lipschitz
/// Kantorovich potential and E_P[v] − E_Q[v] estimates W₁(P, Q). The paper's defaults: λ = 10,
/// Adam with learning rate 1e-4 and β = (0, 0.9), 5 critic steps per generator step. The
/// critic must support double backpropagation (nn::double_backprop_network, e.g. nn::mlp with
/// one output).
struct wasserstein_gp {
  /// The penalty weight λ ≥ 0.
  double lambda = 10.0;

  // WGAN's terms; not inherited, so that `wasserstein_gp{.lambda = 1}` stays a plain aggregate
  // and the objective has no weight_clip().
  /// The discriminator's loss on a real sample, ℓ(v) = −v, and dℓ/dv (WGAN's).
  template <class T>
  loss_term<T> real_term(T v) const noexcept {
    return wasserstein{}.real_term(v);
  }
  /// The discriminator's loss on a generated sample, ℓ(v) = v, and dℓ/dv (WGAN's).
  template <class T>
  loss_term<T> fake_term(T v) const noexcept {
    return wasserstein{}.fake_term(v);
  }
  /// The generator's loss on a generated sample, ℓ(v) = −v, and dℓ/dv (WGAN's).
  template <class T>
  loss_term<T> generator_term(T v) const noexcept {
    return wasserstein{}.generator_term(v);
  }
  /// The weight λ of the gradient penalty the trainer adds to each critic step.
  double gradient_penalty_weight() const noexcept { return lambda; }
};

}  // namespace advdiv::gan
