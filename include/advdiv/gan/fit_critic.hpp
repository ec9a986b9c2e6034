#pragma once
/// \file
/// Training a discriminator (critic) alone between two fixed samplers: the learned D of a
/// fixed p_G, the critic of a variational divergence estimate.

#include <advdiv/gan/trainer.hpp>

namespace advdiv::gan {

/// Options of gan::fit_critic.
struct fit_options {
  std::size_t steps = 2000;       ///< critic steps (the step limit)
  std::size_t batch_size = 256;   ///< samples of P and of Q per step
  std::uint64_t seed = 1;         ///< P draws from substream 0 of the engine, Q from substream 1, a penalty from 2
  std::size_t evaluate_every = 0; ///< call on_evaluate every this many steps (0: never)
};

/// What fit_critic's callbacks see.
template <class D>
struct fit_state {
  std::size_t step = 0;         ///< critic steps completed
  std::size_t total_steps = 0;  ///< the step limit
  double loss = 0;              ///< the last batch loss L_D
  double seconds = 0;           ///< wall time since the start
  /// The critic being fitted.
  D& critic;
};

/// Fits `critic` by minimising the objective's discriminator loss
/// L_D = mean real_term(v(x)) + mean fake_term(v(y)), x ~ sample_p, y ~ sample_q, with `opt`:
/// the same step as gan::train's discriminator step. For the minimax objective σ(v) tends to
/// D* = p/(p + q); for f_gan<G>, g_f(v) tends to T* = f'(p/q) and −L_D to the variational lower
/// bound of D_f(P‖Q). Samplers are `sampler(rng, n)` returning n samples as columns. Returns
/// status iteration_limit after all steps, converged when a callback stopped the run,
/// non_finite (with the step in the message) the step the loss became NaN or ±inf, in which
/// case the critic keeps its last finite parameters. Callbacks as for gan::train (hooks
/// on_begin, on_step_end, on_evaluate, on_end taking a fit_state).
/// \throws std::domain_error if steps or batch_size is 0; std::invalid_argument if a sampler
/// returns a batch of the wrong size.
template <nn::differentiable_network D, objective O, class SampleP, class SampleQ, class Opt, class... Callbacks>
  requires(D::output_dim == 1)
train_result fit_critic(D& critic, const O& objective, SampleP&& sample_p, SampleQ&& sample_q, Opt& opt,
                        const fit_options& options, Callbacks&&... callbacks) {
  constexpr const char* fn = "advdiv::gan::fit_critic";
  using T = typename D::scalar_type;
  using batch = typename D::input_batch;
  check_parameter(fn, "batch_size", options.batch_size, options.batch_size > 0, "is not positive");
  check_parameter(fn, "steps", options.steps, options.steps > 0, "is not positive");
  const random_engine root(options.seed);
  random_engine p_rng = root.substream(0), q_rng = root.substream(1), penalty_rng = root.substream(2);
  const auto start = std::chrono::steady_clock::now();
  fit_state<D> state{0, options.steps, 0.0, 0.0, critic};
  train_result result;
  auto all = [&]([[maybe_unused]] auto hook) { bool stop = false; ((stop = hook(callbacks) || stop), ...); return stop; };
  detail::critic_step<T> step(options.batch_size);
  bool stopped = all([&](auto& c) { return detail::call_begin(c, std::as_const(state)); });
  while (!stopped && state.step < options.steps) {
    const batch x = detail::draw<batch>(sample_p, p_rng, options.batch_size, "sample_p", fn);
    const batch y = detail::draw<batch>(sample_q, q_rng, options.batch_size, "sample_q", fn);
    const T loss = step.run(critic, objective, x, y, opt, penalty_rng);
    state.loss = static_cast<double>(loss);
    if (!std::isfinite(loss)) {
      result.status = solver_status::non_finite;
      result.message = "step " + std::to_string(state.step + 1) + ": critic loss = " + advdiv::detail::format_value(loss);
      break;
    }
    ++state.step;
    state.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stopped = all([&](auto& c) { return detail::call_step_end(c, std::as_const(state)); });
    if (options.evaluate_every != 0 && state.step % options.evaluate_every == 0)
      stopped = all([&](auto& c) { return detail::call_evaluate(c, std::as_const(state)); }) || stopped;
  }
  result.steps = state.step;
  result.discriminator_loss = state.loss;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  detail::finish(result, stopped, state.step);
  all([&](auto& c) { detail::call_end(c, std::as_const(state), result); return false; });
  return result;
}

}  // namespace advdiv::gan
