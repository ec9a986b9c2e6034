#pragma once
/// \file
/// The minimax trainer: alternating discriminator and generator steps for any pair of
/// nn::differentiable_network models and any gan::objective, with ensmallen-style callbacks.
/// The loop is detail::train_loop over a reducer policy: gan::train's is the identity,
/// advdiv::mpi::train's (mpi/train.hpp) allreduces the gradients for data-parallel training.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/core/status.hpp>
#include <advdiv/gan/gradient_penalty.hpp>
#include <advdiv/gan/objective.hpp>
#include <advdiv/nn/network.hpp>
#include <advdiv/nn/optimizer.hpp>

#include <Eigen/Core>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

namespace advdiv::gan {

/// Options of gan::train.
struct train_options {
  /// Generator steps to take (the step limit); each is preceded by discriminator_steps
  /// discriminator steps.
  std::size_t steps = 1000;
  /// Discriminator (critic) steps per generator step, k (Goodfellow: 1; WGAN: 5).
  std::size_t discriminator_steps = 1;
  /// Samples per batch, for the data, the noise and the generated samples alike.
  std::size_t batch_size = 64;
  /// Seed of the trainer's engine: data batches draw from substream 0, noise from substream 1,
  /// a gradient penalty's interpolation weights from substream 2, so the same seed gives
  /// bit-identical parameters.
  std::uint64_t seed = 1;
  /// Call the callbacks' on_evaluate every this many generator steps (0: never).
  std::size_t evaluate_every = 0;
};

/// How training ended.
struct train_result {
  /// converged: stopped by a callback (e.g. early stopping); iteration_limit: took all the
  /// steps; non_finite: a loss or a generated sample became NaN or ±inf (see message).
  solver_status status = solver_status::iteration_limit;
  std::size_t steps = 0;              ///< generator steps completed
  double discriminator_loss = 0;      ///< the last discriminator batch loss L_D
  double generator_loss = 0;          ///< the last generator batch loss L_G
  double seconds = 0;                 ///< wall time of the run
  std::string message;                ///< what stopped the run, in words
};

/// What every callback sees: the step, the last losses, the elapsed time, and the networks.
template <class G, class D>
struct train_state {
  std::size_t step = 0;           ///< generator steps completed so far
  std::size_t total_steps = 0;    ///< the step limit
  double discriminator_loss = 0;  ///< the last discriminator batch loss L_D
  double generator_loss = 0;      ///< the last generator batch loss L_G
  double seconds = 0;             ///< wall time since the start
  /// The generator being trained.
  G& generator;
  /// The discriminator being trained.
  D& discriminator;
};

namespace detail {
// Each hook is optional (detected with requires); a hook returning bool asks to stop with true.
template <class C, class S>
bool call_begin(C& c, const S& s) {
  if constexpr (requires { { c.on_begin(s) } -> std::convertible_to<bool>; }) return c.on_begin(s);
  else if constexpr (requires { c.on_begin(s); }) { c.on_begin(s); return false; }
  else return false;
}
template <class C, class S>
bool call_step_end(C& c, const S& s) {
  if constexpr (requires { { c.on_step_end(s) } -> std::convertible_to<bool>; }) return c.on_step_end(s);
  else if constexpr (requires { c.on_step_end(s); }) { c.on_step_end(s); return false; }
  else return false;
}
template <class C, class S>
bool call_evaluate(C& c, const S& s) {
  if constexpr (requires { { c.on_evaluate(s) } -> std::convertible_to<bool>; }) return c.on_evaluate(s);
  else if constexpr (requires { c.on_evaluate(s); }) { c.on_evaluate(s); return false; }
  else return false;
}
template <class C, class S>
void call_end(C& c, const S& s, const train_result& r) {
  if constexpr (requires { c.on_end(s, r); }) c.on_end(s, r);
}

/// The status and message of a run that did not stop on a non-finite value: converged when a
/// callback stopped it, iteration_limit when it took all its steps.
inline void finish(train_result& result, bool stopped, std::size_t steps) {
  if (result.status == solver_status::non_finite) return;
  result.status = stopped ? solver_status::converged : solver_status::iteration_limit;
  result.message = stopped ? "stopped by a callback after " + std::to_string(steps) + " steps"
                           : "took all " + std::to_string(steps) + " steps";
}

/// A batch returned by a sampler, checked for shape (the message names `function`).
template <class Batch, class Sampler>
Batch draw(Sampler& sampler, random_engine& rng, std::size_t n, const char* what,
           const char* function = "advdiv::gan::train") {
  Batch b = sampler(rng, n);
  if (static_cast<std::size_t>(b.cols()) != n)
    advdiv::detail::throw_invalid_argument(function, std::string(what) + " returned " + std::to_string(b.cols()) +
                                               " samples instead of the batch size " + std::to_string(n));
  return b;
}

/// One discriminator (critic) step on a batch of real samples x and generated samples x̃:
/// L_D and its gradient through the network (compute), then the optimizer's update and weight
/// clipping when the objective asks for it (apply); run does both. Each per-sample derivative
/// depends on its own critic output only, so each half is backpropagated right after its
/// forward pass (two passes, not four). A penalised objective adds the gradient penalty on the
/// interpolates x̂ = interpolate(x, x̃). A non-finite loss is returned before the remaining
/// terms (and, in run, before any update).
template <class T>
struct critic_step {
  Eigen::Matrix<T, 1, Eigen::Dynamic> v, g;
  explicit critic_step(std::size_t batch) : v(1, static_cast<Eigen::Index>(batch)), g(1, static_cast<Eigen::Index>(batch)) {}

  template <class D, class O, class Batch, class Interpolate>
  T compute(D& critic, const O& objective, const Batch& x, const Batch& x_fake, Interpolate&& interpolate_batch) {
    constexpr const char* fn = "advdiv::gan::discriminator_loss";
    critic.zero_grad();
    auto half = [&](const Batch& batch, const char* name, auto term) {
      const std::size_t n = static_cast<std::size_t>(batch.cols());
      v = critic.forward(batch);
      g.resize(1, v.cols());
      const T loss = mean_term(fn, name, std::span<const T>(v.data(), n), std::span<T>(g.data(), n), term);
      if (std::isfinite(loss)) nn::backward_parameters(critic, g);  // ∂L_D/∂x is not needed
      return loss;
    };
    const T real = half(x, "v_real", [&](T u) { return objective.real_term(u); });
    if (!std::isfinite(real)) return real;
    const T fake = half(x_fake, "v_fake", [&](T u) { return objective.fake_term(u); });
    if (!std::isfinite(fake)) return fake;
    T penalty = T(0);
    if constexpr (penalised_objective<O>) {
      static_assert(nn::double_backprop_network<D>,
                    "advdiv::gan: a gradient-penalty objective needs a critic with double "
                    "backpropagation (nn::double_backprop_network, e.g. nn::mlp with one output)");
      penalty = gradient_penalty(critic, interpolate_batch(x, x_fake), static_cast<T>(objective.gradient_penalty_weight()));
      if (!std::isfinite(penalty)) return penalty;
    }
    return real + fake + penalty;
  }

  template <class D, class O, class Opt>
  static void apply(D& critic, const O& objective, Opt& opt) {
    opt.step(critic);
    if constexpr (clipping_objective<O>) nn::clip_parameters(critic, static_cast<T>(objective.weight_clip()));
  }

  /// compute with the interpolation weights drawn from `rng`, then apply if the loss is finite.
  template <class D, class O, class Batch, class Opt>
  T run(D& critic, const O& objective, const Batch& x, const Batch& x_fake, Opt& opt, random_engine& rng) {
    const T loss = compute(critic, objective, x, x_fake, [&](const Batch& a, const Batch& b) { return interpolate(a, b, rng); });
    if (std::isfinite(loss)) apply(critic, objective, opt);
    return loss;
  }
};

/// What one rank's half of a training step produced, before the ranks combine it: the batch
/// loss, whether a generated sample was not finite (the loss is then not computed) and whether
/// the rank-local work threw (a distributed reducer captures the exception).
template <class T>
struct step_report {
  T loss = T(0);
  bool sample_not_finite = false;
  bool failed = false;
};

/// The reducer of a single process: every hook is the identity, and gan::train is this
/// policy's train_loop. A distributed reducer (advdiv::mpi::train) supplies the same hooks:
/// - `data_stream(root)`, `noise_stream(root)`, `penalty_stream(root)`: the engines of the
///   samplers and of the penalty's interpolation weights;
/// - `begin(G, D)`: before the first step (e.g. make the parameters agree);
/// - `local(report, f)`: runs the rank-local work f (exceptions: propagated here, captured and
///   flagged in report.failed by a distributed reducer);
/// - `interpolate(x, x_fake, rng)`: the gradient penalty's interpolates of this batch;
/// - `combine(network, report)`: turns the local gradient of `network` and the report into the
///   global ones (here: nothing to do), raising a captured failure on every rank;
/// - `any(flag)`: true if the flag is true anywhere (a callback's request to stop).
struct local_reducer {
  static random_engine data_stream(const random_engine& root) { return root.substream(0); }
  static random_engine noise_stream(const random_engine& root) { return root.substream(1); }
  static random_engine penalty_stream(const random_engine& root) { return root.substream(2); }
  template <class G, class D>
  static void begin(G&, D&) {}
  template <class T, class F>
  static void local(step_report<T>&, F&& f) {
    f();
  }
  template <class Batch>
  static Batch interpolate(const Batch& x, const Batch& x_fake, random_engine& rng) {
    return gan::interpolate(x, x_fake, rng);
  }
  template <class N, class T>
  static void combine(N&, step_report<T>&) {}
  static bool any(bool flag) { return flag; }
};

/// The trainer's loop (documented at gan::train) for any reducer policy (see local_reducer).
/// The options are checked by the caller; `function` names it in the samplers' messages.
template <class G, class D, class O, class DataSampler, class NoiseSampler, class OptG, class OptD, class Reducer,
          class... Callbacks>
train_result train_loop(const char* function, G& generator, D& discriminator, const O& objective, DataSampler& data,
                        NoiseSampler& noise, OptG& opt_g, OptD& opt_d, const train_options& options, Reducer& reducer,
                        Callbacks&... callbacks) {
  using T = typename D::scalar_type;
  using data_batch = typename D::input_batch;
  using noise_batch = typename G::input_batch;
  const random_engine root(options.seed);
  random_engine data_rng = reducer.data_stream(root), noise_rng = reducer.noise_stream(root),
                penalty_rng = reducer.penalty_stream(root);
  const std::size_t B = options.batch_size;
  const auto start = std::chrono::steady_clock::now();
  train_state<G, D> state{0, options.steps, 0.0, 0.0, 0.0, generator, discriminator};
  train_result result;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto stop_non_finite = [&](const std::string& what) {
    result.status = solver_status::non_finite;
    result.message = "step " + std::to_string(state.step + 1) + ": " + what;
  };
  auto all = [&]([[maybe_unused]] auto hook) { bool stop = false; ((stop = hook(callbacks) || stop), ...); return stop; };
  // A callback's request to stop holds for every rank (no vote without callbacks).
  auto agree = [&](bool stop) {
    if constexpr (sizeof...(Callbacks) > 0) return reducer.any(stop);
    else return stop;
  };

  reducer.begin(generator, discriminator);
  critic_step<T> step(B);
  Eigen::Matrix<T, 1, Eigen::Dynamic> v_fake(1, B), g_fake(1, B);
  bool stopped = agree(all([&](auto& c) { return call_begin(c, std::as_const(state)); }));
  while (!stopped && state.step < options.steps) {
    for (std::size_t k = 0; k < options.discriminator_steps; ++k) {
      step_report<T> d_report;
      reducer.local(d_report, [&] {
        const data_batch x = draw<data_batch>(data, data_rng, B, "the data sampler", function);
        const noise_batch z = draw<noise_batch>(noise, noise_rng, B, "the noise sampler", function);
        const data_batch x_fake = generator.forward(z);
        if (!x_fake.allFinite()) {
          d_report.sample_not_finite = true;
          return;
        }
        d_report.loss = step.compute(discriminator, objective, x, x_fake, [&](const data_batch& a, const data_batch& b) {
          return reducer.interpolate(a, b, penalty_rng);
        });
      });
      reducer.combine(discriminator, d_report);
      if (d_report.sample_not_finite) {
        stop_non_finite("a generated sample is not finite");
        break;
      }
      state.discriminator_loss = static_cast<double>(d_report.loss);
      if (!std::isfinite(d_report.loss)) {
        stop_non_finite("discriminator loss = " + advdiv::detail::format_value(d_report.loss));
        break;
      }
      critic_step<T>::apply(discriminator, objective, opt_d);
    }
    if (result.status == solver_status::non_finite) break;

    step_report<T> g_report;
    reducer.local(g_report, [&] {
      const noise_batch z = draw<noise_batch>(noise, noise_rng, B, "the noise sampler", function);
      const data_batch x_fake = generator.forward(z);
      if (!x_fake.allFinite()) {
        g_report.sample_not_finite = true;
        return;
      }
      v_fake = discriminator.forward(x_fake);
      g_report.loss = generator_loss<O, T>(objective, std::span<const T>(v_fake.data(), B), std::span<T>(g_fake.data(), B));
      if (!std::isfinite(g_report.loss)) return;
      // ∂L_G/∂x̃ through D without D's parameter gradients, then ∂L_G/∂θ_G without the noise's.
      const data_batch dx = nn::backward_input(discriminator, g_fake);
      generator.zero_grad();
      nn::backward_parameters(generator, dx);
    });
    reducer.combine(generator, g_report);
    if (g_report.sample_not_finite) {
      stop_non_finite("a generated sample is not finite");
      break;
    }
    state.generator_loss = static_cast<double>(g_report.loss);
    if (!std::isfinite(g_report.loss)) {
      stop_non_finite("generator loss = " + advdiv::detail::format_value(g_report.loss));
      break;
    }
    opt_g.step(generator);

    ++state.step;
    state.seconds = elapsed();
    stopped = all([&](auto& c) { return call_step_end(c, std::as_const(state)); });
    if (options.evaluate_every != 0 && state.step % options.evaluate_every == 0)
      stopped = all([&](auto& c) { return call_evaluate(c, std::as_const(state)); }) || stopped;
    stopped = agree(stopped);
  }
  result.steps = state.step;
  result.discriminator_loss = state.discriminator_loss;
  result.generator_loss = state.generator_loss;
  result.seconds = elapsed();
  finish(result, stopped, state.step);
  all([&](auto& c) { call_end(c, std::as_const(state), result); return false; });
  return result;
}
}  // namespace detail

/// Trains `generator` against `discriminator` on `objective` by alternating stochastic
/// gradient steps: per generator step, k = discriminator_steps times
///
///   x ~ data(rng, B), z ~ noise(rng, B), x̃ = G(z):  D ← opt_d(∇ L_D) with
///   L_D = mean real_term(D(x)) + mean fake_term(D(x̃))   (+ the gradient penalty, then
///   weight clipping, if the objective asks for them),
///
/// then z ~ noise(rng, B): G ← opt_g(∇ L_G) with L_G = mean generator_term(D(G(z))), the gradient
/// reaching G through D's input gradient. Samplers are callables `sampler(rng, n)` returning a
/// batch of n samples as columns (data: D::input_batch, noise: G::input_batch); the critic
/// output is D's raw single output.
///
/// It never throws on divergence: the step a loss or a generated sample becomes NaN or ±inf,
/// training stops with status non_finite and a message naming the step and the loss; the
/// networks keep the parameters of the last finite step. Callbacks are any objects with any
/// of on_begin(state), on_step_end(state), on_evaluate(state) (every evaluate_every steps),
/// on_end(state, result); every callback sees every event, and a hook returning true stops
/// the run (status converged). Same seed, same samplers: bit-identical parameters.
/// \throws std::domain_error if batch_size, steps or discriminator_steps is 0;
/// std::invalid_argument if a sampler returns a batch of the wrong size; what the networks and
/// optimizers throw on bad shapes.
/// \code
/// auto r = advdiv::gan::train(G, D, advdiv::gan::non_saturating{}, data, noise, opt_g, opt_d,
///                             {.steps = 2000, .batch_size = 128, .seed = 7});
/// if (r.status == advdiv::solver_status::non_finite) std::puts(r.message.c_str());
/// \endcode
template <nn::differentiable_network G, nn::differentiable_network D, objective O, class DataSampler,
          class NoiseSampler, class OptG, class OptD, class... Callbacks>
  requires(D::output_dim == 1 && D::input_dim == G::output_dim)
train_result train(G& generator, D& discriminator, const O& objective, DataSampler&& data,
                   NoiseSampler&& noise, OptG& opt_g, OptD& opt_d, const train_options& options,
                   Callbacks&&... callbacks) {
  constexpr const char* fn = "advdiv::gan::train";
  check_parameter(fn, "batch_size", options.batch_size, options.batch_size > 0, "is not positive");
  check_parameter(fn, "steps", options.steps, options.steps > 0, "is not positive");
  check_parameter(fn, "discriminator_steps", options.discriminator_steps, options.discriminator_steps > 0,
                  "is not positive");
  detail::local_reducer reducer;
  return detail::train_loop(fn, generator, discriminator, objective, data, noise, opt_g, opt_d, options, reducer,
                            callbacks...);
}

}  // namespace advdiv::gan
