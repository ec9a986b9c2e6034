#pragma once
/// \file
/// The least-squares GAN (Mao et al. 2017).

#include <advdiv/gan/objective.hpp>

namespace advdiv::gan {

/// LSGAN with targets a (generated), b (real) for the discriminator and c for the generator,
/// on the raw critic output v (no sigmoid):
///
///   real_term(v) = ½(v − b)²,  fake_term(v) = ½(v − a)²,  generator_term(v) = ½(v − c)².
///
/// Per point the optimal critic is v* = (b·p_data + a·p_G)/(p_data + p_G). With b − c = 1 and
/// b − a = 2 (e.g. a = −1, b = 1, c = 0) the generator then minimises, up to a term that does not
/// depend on G, ½·χ²_Pearson(p_data + p_G ‖ 2p_G) (Mao et al., Thm. 1). The defaults a = 0,
/// b = c = 1 are the paper's "0-1" coding.
struct least_squares {
  double a = 0.0;  ///< the discriminator's target for generated samples
  double b = 1.0;  ///< the discriminator's target for real samples
  double c = 1.0;  ///< the generator's target for its samples

  /// The discriminator's loss on a real sample, ℓ(v), and dℓ/dv (formula in the class comment).
  template <class T>
  loss_term<T> real_term(T v) const noexcept {
    const T d = v - static_cast<T>(b);
    return {T(0.5) * d * d, d};
  }
  /// The discriminator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> fake_term(T v) const noexcept {
    const T d = v - static_cast<T>(a);
    return {T(0.5) * d * d, d};
  }
  /// The generator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> generator_term(T v) const noexcept {
    const T d = v - static_cast<T>(c);
    return {T(0.5) * d * d, d};
  }
};

}  // namespace advdiv::gan
