#pragma once
/// \file
/// Optimizers (SGD with momentum, Adam with optional weight decay, RMSProp) and WGAN
/// parameter clipping, on flat parameter/gradient spans or any nn::differentiable_network.
///
/// Each optimizer object holds its own options (so a generator and a discriminator get
/// their own learning rates) and its state, sized on the first step. The update formulas
/// are PyTorch's (torch.optim), so a step can be checked against it by hand.

#include <advdiv/core/checks.hpp>
#include <advdiv/nn/network.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

namespace advdiv::nn {

namespace detail {

/// The checks every step makes before it writes anything: equal lengths, state of the same
/// length (one optimizer per network), finite gradients.
template <class T>
void check_step(const char* fn, std::span<const T> params, std::span<const T> grads,
                std::size_t state) {
  check_same_size(fn, "parameters", params.size(), "gradients", grads.size());
  if (state != 0) check_same_size(fn, "parameters", params.size(), "the optimizer state", state);
  check_finite(fn, "gradient", grads);
}

inline void check_unit(const char* fn, const char* name, double v) {
  check_in_interval(fn, name, v, 0.0, 1.0, bounds::right_open);
}

}  // namespace detail

/// Options of nn::sgd.
struct sgd_options {
  /// Learning rate η > 0.
  double learning_rate = 0.01;
  /// Momentum μ ∈ [0, 1) (0: plain SGD).
  double momentum = 0.0;
  /// L2 weight decay w ≥ 0, added to the gradient as w·θ.
  double weight_decay = 0.0;
};

/// Stochastic gradient descent with momentum: with g = ∇θ + w·θ,
/// v ← μ·v + g (v starts at 0), θ ← θ − η·v.
/// \code
/// advdiv::nn::sgd<float> opt({.learning_rate = 0.1, .momentum = 0.9});
/// opt.step(net);   // net: any nn::differentiable_network<float>
/// \endcode
template <class T>
class sgd {
 public:
  /// \throws std::domain_error if η ≤ 0, μ ∉ [0, 1) or w < 0 (or any is not finite).
  explicit sgd(const sgd_options& options = {}) : o_(options) {
    constexpr const char* fn = "advdiv::nn::sgd";
    check_positive_finite(fn, "learning_rate", o_.learning_rate);
    detail::check_unit(fn, "momentum", o_.momentum);
    check_nonnegative_finite(fn, "weight_decay", o_.weight_decay);
  }
  /// The options.
  const sgd_options& options() const noexcept { return o_; }
  /// Sets the learning rate (for a schedule, e.g. from a training callback); the optimizer's
  /// state (moments, step count) is kept.
  /// \throws std::domain_error if it is not positive and finite.
  void set_learning_rate(double learning_rate) {
    check_positive_finite("advdiv::nn::sgd::set_learning_rate", "learning_rate", learning_rate);
    o_.learning_rate = learning_rate;
  }
  /// One update of `params` with `grads` (same length, same length at every call).
  /// Everything is checked before anything is written: on an exception the parameters and
  /// the optimizer state are unchanged.
  /// \throws std::invalid_argument on a length mismatch.
  /// \throws std::domain_error if a gradient is NaN or infinite, e.g.
  /// `advdiv::nn::sgd::step: gradient[3] = nan is not finite`.
  /// \par Complexity O(n).
  void step(std::span<T> params, std::span<const T> grads) {
    detail::check_step<T>("advdiv::nn::sgd::step", params, grads, v_.size());
    if (v_.empty()) v_.assign(params.size(), T(0));
    const T lr = T(o_.learning_rate), mu = T(o_.momentum), wd = T(o_.weight_decay);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const T g = grads[i] + wd * params[i];
      v_[i] = mu * v_[i] + g;
      params[i] -= lr * v_[i];
    }
  }
  /// One update of a network with its accumulated gradients.
  template <differentiable_network N>
    requires std::is_same_v<typename N::scalar_type, T>
  void step(N& net) {
    step(net.parameters(), std::span<const T>(net.gradients()));
  }

 private:
  sgd_options o_;
  std::vector<T> v_;
};

/// Options of nn::adam.
struct adam_options {
  /// Learning rate η > 0.
  double learning_rate = 1e-3;
  /// Decay of the first moment, β1 ∈ [0, 1).
  double beta1 = 0.9;
  /// Decay of the second moment, β2 ∈ [0, 1).
  double beta2 = 0.999;
  /// ε > 0 added to √v̂.
  double epsilon = 1e-8;
  /// Weight decay w ≥ 0.
  double weight_decay = 0.0;
  /// false: L2 decay added to the gradient (torch.optim.Adam); true: decoupled decay
  /// θ ← θ(1 − ηw) before the update (AdamW, Loshchilov & Hutter 2019).
  bool decoupled_weight_decay = false;
};

/// Adam (Kingma & Ba 2015) as in torch.optim.Adam / AdamW. At step t, with g = ∇θ
/// (+ w·θ unless decoupled): m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g²,
/// θ ← θ − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
/// \code
/// advdiv::nn::adam<float> opt_d({.learning_rate = 1e-4, .beta1 = 0.5, .beta2 = 0.9});
/// opt_d.step(critic);
/// \endcode
template <class T>
class adam {
 public:
  /// \throws std::domain_error if η ≤ 0, β1 or β2 ∉ [0, 1), ε ≤ 0 or w < 0.
  explicit adam(const adam_options& options = {}) : o_(options) {
    constexpr const char* fn = "advdiv::nn::adam";
    check_positive_finite(fn, "learning_rate", o_.learning_rate);
    detail::check_unit(fn, "beta1", o_.beta1);
    detail::check_unit(fn, "beta2", o_.beta2);
    check_positive_finite(fn, "epsilon", o_.epsilon);
    check_nonnegative_finite(fn, "weight_decay", o_.weight_decay);
  }
  /// The options.
  const adam_options& options() const noexcept { return o_; }
  /// Sets the learning rate (for a schedule, e.g. from a training callback); the optimizer's
  /// state (moments, step count) is kept.
  /// \throws std::domain_error if it is not positive and finite.
  void set_learning_rate(double learning_rate) {
    check_positive_finite("advdiv::nn::adam::set_learning_rate", "learning_rate", learning_rate);
    o_.learning_rate = learning_rate;
  }
  /// Number of steps taken.
  std::size_t steps() const noexcept { return t_; }
  /// One update of `params` with `grads` (same length, same length at every call).
  /// Everything is checked before anything is written: on an exception the parameters and
  /// the optimizer state are unchanged.
  /// \throws std::invalid_argument on a length mismatch.
  /// \throws std::domain_error if a gradient is NaN or infinite, e.g.
  /// `advdiv::nn::adam::step: gradient[3] = nan is not finite`.
  /// \par Complexity O(n).
  void step(std::span<T> params, std::span<const T> grads) {
    detail::check_step<T>("advdiv::nn::adam::step", params, grads, m_.size());
    if (m_.empty()) {
      m_.assign(params.size(), T(0));
      v_.assign(params.size(), T(0));
    }
    ++t_;
    const double bc1 = 1.0 - std::pow(o_.beta1, double(t_));
    const double bc2 = 1.0 - std::pow(o_.beta2, double(t_));
    const T step_size = T(o_.learning_rate / bc1);
    const T sqrt_bc2 = T(std::sqrt(bc2));
    const T b1 = T(o_.beta1), b2 = T(o_.beta2), eps = T(o_.epsilon);
    const T wd = T(o_.weight_decay);
    const T shrink = T(1.0 - o_.learning_rate * o_.weight_decay);
    const bool decoupled = o_.decoupled_weight_decay;
    for (std::size_t i = 0; i < params.size(); ++i) {
      T g = grads[i];
      if (decoupled)
        params[i] *= shrink;
      else
        g += wd * params[i];
      m_[i] = b1 * m_[i] + (T(1) - b1) * g;
      v_[i] = b2 * v_[i] + (T(1) - b2) * g * g;
      params[i] -= step_size * m_[i] / (std::sqrt(v_[i]) / sqrt_bc2 + eps);
    }
  }
  /// One update of a network with its accumulated gradients.
  template <differentiable_network N>
    requires std::is_same_v<typename N::scalar_type, T>
  void step(N& net) {
    step(net.parameters(), std::span<const T>(net.gradients()));
  }

 private:
  adam_options o_;
  std::vector<T> m_, v_;
  std::size_t t_ = 0;
};

/// Options of nn::rmsprop.
struct rmsprop_options {
  /// Learning rate η > 0.
  double learning_rate = 1e-2;
  /// Smoothing constant α ∈ [0, 1).
  double alpha = 0.99;
  /// ε > 0 added to √v.
  double epsilon = 1e-8;
  /// L2 weight decay w ≥ 0, added to the gradient as w·θ.
  double weight_decay = 0.0;
};

/// RMSProp (Tieleman & Hinton 2012) as in torch.optim.RMSprop: with g = ∇θ + w·θ,
/// v ← α v + (1 − α) g², θ ← θ − η g / (√v + ε). The optimizer of the original WGAN.
/// \code
/// advdiv::nn::rmsprop<float> opt({.learning_rate = 5e-5});
/// opt.step(critic);
/// advdiv::nn::clip_parameters(critic, 0.01f);
/// \endcode
template <class T>
class rmsprop {
 public:
  /// \throws std::domain_error if η ≤ 0, α ∉ [0, 1), ε ≤ 0 or w < 0.
  explicit rmsprop(const rmsprop_options& options = {}) : o_(options) {
    constexpr const char* fn = "advdiv::nn::rmsprop";
    check_positive_finite(fn, "learning_rate", o_.learning_rate);
    detail::check_unit(fn, "alpha", o_.alpha);
    check_positive_finite(fn, "epsilon", o_.epsilon);
    check_nonnegative_finite(fn, "weight_decay", o_.weight_decay);
  }
  /// The options.
  const rmsprop_options& options() const noexcept { return o_; }
  /// Sets the learning rate (for a schedule, e.g. from a training callback); the optimizer's
  /// state (moments, step count) is kept.
  /// \throws std::domain_error if it is not positive and finite.
  void set_learning_rate(double learning_rate) {
    check_positive_finite("advdiv::nn::rmsprop::set_learning_rate", "learning_rate", learning_rate);
    o_.learning_rate = learning_rate;
  }
  /// One update of `params` with `grads` (same length, same length at every call).
  /// Everything is checked before anything is written: on an exception the parameters and
  /// the optimizer state are unchanged.
  /// \throws std::invalid_argument on a length mismatch.
  /// \throws std::domain_error if a gradient is NaN or infinite, e.g.
  /// `advdiv::nn::rmsprop::step: gradient[3] = nan is not finite`.
  /// \par Complexity O(n).
  void step(std::span<T> params, std::span<const T> grads) {
    detail::check_step<T>("advdiv::nn::rmsprop::step", params, grads, v_.size());
    if (v_.empty()) v_.assign(params.size(), T(0));
    const T lr = T(o_.learning_rate), a = T(o_.alpha), eps = T(o_.epsilon);
    const T wd = T(o_.weight_decay);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const T g = grads[i] + wd * params[i];
      v_[i] = a * v_[i] + (T(1) - a) * g * g;
      params[i] -= lr * g / (std::sqrt(v_[i]) + eps);
    }
  }
  /// One update of a network with its accumulated gradients.
  template <differentiable_network N>
    requires std::is_same_v<typename N::scalar_type, T>
  void step(N& net) {
    step(net.parameters(), std::span<const T>(net.gradients()));
  }

 private:
  rmsprop_options o_;
  std::vector<T> v_;
};

/// Clamps every parameter to [−c, c] (weight clipping of the original WGAN, Arjovsky et
/// al. 2017, applied to all parameters, biases included).
/// \throws std::domain_error if c is not positive and finite.
/// \par Complexity O(n).
template <class T>
void clip_parameters(std::span<T> params, T c) {
  check_positive_finite("advdiv::nn::clip_parameters", "c", c);
  for (T& p : params) p = p < -c ? -c : (p > c ? c : p);
}

/// Clamps every parameter of a network to [−c, c].
/// \throws std::domain_error if c is not positive and finite.
template <differentiable_network N>
void clip_parameters(N& net, typename N::scalar_type c) {
  clip_parameters(net.parameters(), c);
}

}  // namespace advdiv::nn
