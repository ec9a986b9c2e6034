#pragma once
/// \file
/// The f-GAN objective (Nowozin, Cseke, Tomioka 2016) for any f-generator.

#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/gan/detail/dual.hpp>
#include <advdiv/gan/objective.hpp>

#include <type_traits>

namespace advdiv::gan {

/// Which generator loss f_gan uses.
enum class f_gan_generator_loss {
  saddle,     ///< minimise −E_Q[f*(g_f(v))]: the saddle point of the variational bound
  heuristic,  ///< minimise −E_Q[g_f(v)] (Nowozin et al. §3.2; for fdiv::gan the non-saturating loss)
};

namespace detail {
/// g_f(v) and its derivative: the generator's own activation_derivative where it states one,
/// else forward-mode differentiation of its activation (no formula is written here).
template <class G, class T>
loss_term<T> activation_with_derivative(const G& g, T v) {
  if constexpr (requires { g.activation_derivative(v); }) {
    return {static_cast<T>(g.activation(v)), static_cast<T>(g.activation_derivative(v))};
  } else {
    static_assert(dual_differentiable<G, T>,
                  "advdiv::gan::f_gan: the generator's activation cannot be differentiated: give it "
                  "template members activation(T) / conjugate_of_activation(T) written with advdiv::math, "
                  "or activation_derivative(v) and conjugate_of_activation_derivative(v)");
    const dual<T> r = g.activation(dual<T>(v, T(1)));
    return {r.value, r.slope};
  }
}
/// f*(g_f(v)) and its derivative, likewise.
template <class G, class T>
loss_term<T> conjugate_with_derivative(const G& g, T v) {
  if constexpr (requires { g.conjugate_of_activation_derivative(v); }) {
    return {static_cast<T>(g.conjugate_of_activation(v)),
            static_cast<T>(g.conjugate_of_activation_derivative(v))};
  } else {
    static_assert(dual_differentiable<G, T>,
                  "advdiv::gan::f_gan: the generator's conjugate_of_activation cannot be differentiated: "
                  "write it as a template on T with advdiv::math, or give conjugate_of_activation_derivative(v)");
    const dual<T> r = g.conjugate_of_activation(dual<T>(v, T(1)));
    return {r.value, r.slope};
  }
}
}  // namespace detail

/// The f-GAN game for generator G (any advdiv::fdiv generator, or a user's own modelling
/// variational_f_generator). The critic is T(x) = g_f(v(x)) with g_f = G's `activation`; the
/// discriminator maximises the variational lower bound
///
///   F(T) = E_P[g_f(v)] − E_Q[f*(g_f(v))] ≤ D_f(P‖Q),
///
/// tight at T* = f′(p/q), so L_D = −F: real_term(v) = −g_f(v), fake_term(v) = f*(g_f(v)).
/// The generator minimises F (saddle: generator_term(v) = −f*(g_f(v))) or maximises E_Q[g_f(v)]
/// (heuristic). f*(g_f(v)) is G's own `conjugate_of_activation`, in its stable form; the
/// derivatives come from G's `activation_derivative` / `conjugate_of_activation_derivative`
/// where it has them, else from forward-mode differentiation of the same formulas.
/// For G = fdiv::gan this is exactly `minimax` (saddle) and `non_saturating` (heuristic).
/// \code
/// advdiv::gan::f_gan<advdiv::fdiv::pearson> obj;             // χ²-GAN
/// auto t = obj.fake_term(0.3);                             // f*(g_f(0.3)) and its derivative
/// \endcode
template <variational_f_generator G>
struct f_gan {
  /// The generator being trained.
  G generator{};
  /// Which generator loss the f-GAN objective uses (saddle by default).
  f_gan_generator_loss generator_loss = f_gan_generator_loss::saddle;

  /// The discriminator's loss on a real sample, ℓ(v), and dℓ/dv (formula in the class comment).
  template <class T>
  loss_term<T> real_term(T v) const {
    const loss_term<T> a = detail::activation_with_derivative(generator, v);
    return {-a.value, -a.derivative};
  }
  /// The discriminator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> fake_term(T v) const {
    return detail::conjugate_with_derivative(generator, v);
  }
  /// The generator's loss on a generated sample, ℓ(v), and dℓ/dv.
  template <class T>
  loss_term<T> generator_term(T v) const {
    if (generator_loss == f_gan_generator_loss::heuristic) return real_term(v);
    const loss_term<T> c = detail::conjugate_with_derivative(generator, v);
    return {-c.value, -c.derivative};
  }
};

}  // namespace advdiv::gan
