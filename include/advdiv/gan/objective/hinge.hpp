#pragma once
/// \file
/// The hinge GAN loss (Lim & Ye 2017; Miyato et al. 2018).

#include <advdiv/gan/objective.hpp>

namespace advdiv::gan {

/// Hinge loss on the raw critic output v:
///
///   real_term(v) = max(0, 1 − v),  fake_term(v) = max(0, 1 + v),  generator_term(v) = −v.
///
/// Per point the optimal critic is v* = 1 where p_data > p_G and −1 where p_data < p_G; at
/// it the discriminator's loss is 2 − 2·TV(p_data, p_G) (total variation distance). The
/// derivative at the kinks (v = ±1) is taken as 0, a subgradient.
struct hinge {
  /// The discriminator's loss on a real sample, ℓ(v), and dℓ/dv (formula in the class comment).
  template <class T>
  loss_term<T> real_term(T v) const noexcept {
    return v < T(1) ? loss_term<T>{T(1) - v, T(-1)} : loss_term<T>{T(0), T(0)};
  }
  /// The discriminator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> fake_term(T v) const noexcept {
    return v > T(-1) ? loss_term<T>{T(1) + v, T(1)} : loss_term<T>{T(0), T(0)};
  }
  /// The generator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> generator_term(T v) const noexcept {
    return {-v, T(-1)};
  }
};

}  // namespace advdiv::gan
