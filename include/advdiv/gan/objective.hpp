#pragma once
/// \file
/// What a GAN objective is, and the batch losses every objective shares.
///
/// An objective says, for one raw critic output v (the discriminator's last, unactivated
/// layer), three per-sample losses with their derivatives dℓ/dv:
/// - `real_term(v)`: the discriminator's loss on a sample of the data,
/// - `fake_term(v)`: the discriminator's loss on a generated sample,
/// - `generator_term(v)`: the generator's loss on a generated sample.
/// Both players minimise:
///
///   L_D = (1/n) Σ_i real_term(v(x_i)) + (1/m) Σ_j fake_term(v(G(z_j))),
///   L_G = (1/m) Σ_j generator_term(v(G(z_j))),
///
/// and the trainer backpropagates the per-sample derivatives through the networks. A user adds
/// an objective by writing one small type with these three members (see docs/training.md).
/// Optional members the trainer honours: `weight_clip()` (clip every discriminator parameter to
/// [−c, c] after each discriminator step, as WGAN does) and `gradient_penalty_weight()` (add
/// WGAN-GP's λ·mean (‖∇ₓD(x̂)‖ − 1)² on random interpolates x̂ to each discriminator step).

#include <advdiv/core/checks.hpp>
#include <advdiv/core/summation.hpp>

#include <concepts>
#include <cstddef>
#include <span>

namespace advdiv::gan {

/// A per-sample loss and its derivative with respect to the critic output v.
template <class T>
struct loss_term {
  T value;       ///< ℓ(v)
  T derivative;  ///< dℓ/dv
};

/// A GAN objective: real_term, fake_term and generator_term, each mapping a critic output v
/// (float or double) to a loss_term of the same type.
template <class O>
concept objective = requires(const O& o, double d, float f) {
  { o.real_term(d) } -> std::same_as<loss_term<double>>;
  { o.fake_term(d) } -> std::same_as<loss_term<double>>;
  { o.generator_term(d) } -> std::same_as<loss_term<double>>;
  { o.real_term(f) } -> std::same_as<loss_term<float>>;
  { o.fake_term(f) } -> std::same_as<loss_term<float>>;
  { o.generator_term(f) } -> std::same_as<loss_term<float>>;
};

/// An objective that asks for weight clipping after each discriminator step (WGAN).
template <class O>
concept clipping_objective = objective<O> && requires(const O& o) {
  { o.weight_clip() } -> std::convertible_to<double>;
};

/// An objective that asks for WGAN-GP's gradient penalty on each discriminator step.
template <class O>
concept penalised_objective = objective<O> && requires(const O& o) {
  { o.gradient_penalty_weight() } -> std::convertible_to<double>;
};

namespace detail {
/// mean_i term(v_i), writing dterm/dv_i / n into grad (when grad is not empty).
template <class T, class Term>
T mean_term(const char* function, const char* name, std::span<const T> v, std::span<T> grad,
            Term term) {
  check_nonempty(function, name, v);
  if (!grad.empty()) check_same_size(function, name, v.size(), "its gradient", grad.size());
  const T inv_n = T(1) / static_cast<T>(v.size());
  // Accumulated in double: batch losses are compared across steps by the callbacks.
  compensated_sum<double> s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const loss_term<T> t = term(v[i]);
    s += static_cast<double>(t.value);
    if (!grad.empty()) grad[i] = t.derivative * inv_n;
  }
  return static_cast<T>(s.value() * static_cast<double>(inv_n));
}
}  // namespace detail

/// The discriminator's batch loss L_D = mean real_term(v_real) + mean fake_term(v_fake), and
/// (when the spans are not empty) its gradient ∂L_D/∂v per sample, the 1/n and 1/m included.
/// A NaN or infinite critic output gives a non-finite loss; nothing is thrown for it (the
/// trainer stops with status non_finite).
/// \throws std::invalid_argument for an empty batch or a gradient span of another length.
/// \code
/// std::vector<double> vr{1.2, 0.3}, vf{-0.5}, gr(2), gf(1);
/// double ld = advdiv::gan::discriminator_loss(advdiv::gan::non_saturating{},
///     std::span<const double>(vr), std::span<const double>(vf), std::span(gr), std::span(gf));
/// \endcode
template <objective O, std::floating_point T>
T discriminator_loss(const O& o, std::span<const T> v_real, std::span<const T> v_fake,
                     std::span<T> grad_real = {}, std::span<T> grad_fake = {}) {
  constexpr const char* fn = "advdiv::gan::discriminator_loss";
  const T real = detail::mean_term(fn, "v_real", v_real, grad_real, [&](T v) { return o.real_term(v); });
  const T fake = detail::mean_term(fn, "v_fake", v_fake, grad_fake, [&](T v) { return o.fake_term(v); });
  return real + fake;
}

/// The generator's batch loss L_G = mean generator_term(v_fake) and (when grad_fake is not
/// empty) ∂L_G/∂v per generated sample, the 1/m included.
/// \throws std::invalid_argument for an empty batch or a gradient span of another length.
template <objective O, std::floating_point T>
T generator_loss(const O& o, std::span<const T> v_fake, std::span<T> grad_fake = {}) {
  return detail::mean_term("advdiv::gan::generator_loss", "v_fake", v_fake, grad_fake,
                           [&](T v) { return o.generator_term(v); });
}

}  // namespace advdiv::gan
