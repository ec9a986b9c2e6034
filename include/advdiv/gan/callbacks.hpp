#pragma once
/// \file
/// Callbacks for gan::train and gan::fit_critic (ensmallen style: each implements only the
/// hooks it needs; a hook returning true stops the run): a CSV log, a progress line, parameter
/// checkpoints, early stopping on any score and a moving average of the generator's
/// parameters (the exact-divergence monitor of 1-D toys is in gan/divergence_monitor.hpp).

#include <advdiv/core/checks.hpp>
#include <advdiv/nn/serialize.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace advdiv::gan {

/// Writes `step,discriminator_loss,generator_loss,seconds` every `every` steps to a CSV file
/// (for fit_critic: `step,loss,seconds`).
/// \throws std::runtime_error if the file cannot be opened.
class csv_log {
 public:
  /// Constructs it; the arguments are described in the class comment.
  explicit csv_log(const std::string& path, std::size_t every = 1) : out_(path), every_(every == 0 ? 1 : every) {
    if (!out_) throw std::runtime_error("advdiv::gan::csv_log: cannot open '" + path + "' for writing");
    out_.precision(10);
  }
  /// Hook called once before the first step.
  template <class S>
  void on_begin(const S&) {
    if constexpr (requires(const S& s) { s.generator_loss; }) out_ << "step,discriminator_loss,generator_loss,seconds\n";
    else out_ << "step,loss,seconds\n";
  }
  /// Hook called after every step; see gan::train.
  template <class S>
  void on_step_end(const S& s) {
    if (s.step % every_ != 0) return;
    if constexpr (requires { s.generator_loss; })
      out_ << s.step << ',' << s.discriminator_loss << ',' << s.generator_loss << ',' << s.seconds << '\n';
    else
      out_ << s.step << ',' << s.loss << ',' << s.seconds << '\n';
  }
  /// Hook called once after the run, with its result.
  template <class S, class R>
  void on_end(const S&, const R&) { out_.flush(); }

 private:
  std::ofstream out_;
  std::size_t every_;
};

/// A progress line `step k/N  r steps/s  ETA t s` rewritten in place on standard error, only
/// when standard error is a terminal (silent in CI logs and pipes).
class progress {
 public:
  /// Constructs it; the arguments are described in the class comment.
  explicit progress(std::size_t every = 50) : every_(every == 0 ? 1 : every), tty_(isatty(fileno(stderr)) != 0) {}
  /// Whether the line is shown (standard error is a terminal).
  bool active() const noexcept { return tty_; }
  /// Hook called after every step; see gan::train.
  template <class S>
  void on_step_end(const S& s) {
    if (!tty_ || s.step % every_ != 0 || s.seconds <= 0) return;
    const double rate = static_cast<double>(s.step) / s.seconds;
    const double eta = static_cast<double>(s.total_steps - s.step) / rate;
    std::fprintf(stderr, "\rstep %zu/%zu  %.0f steps/s  ETA %.0f s   ", s.step, s.total_steps, rate, eta);
  }
  /// Hook called once after the run, with its result.
  template <class S, class R>
  void on_end(const S&, const R&) {
    if (tty_) std::fprintf(stderr, "\n");
  }

 private:
  std::size_t every_;
  bool tty_;
};

/// Saves the generator and the discriminator (nn::save format) every `every` steps and at the
/// end, to `<prefix>generator.advnn` and `<prefix>discriminator.advnn`. Networks that nn::save
/// cannot write (a user's own model) are skipped.
class checkpoint {
 public:
  /// Constructs it; the arguments are described in the class comment.
  explicit checkpoint(std::string prefix, std::size_t every = 1000) : prefix_(std::move(prefix)), every_(every == 0 ? 1 : every) {}
  /// Hook called after every step; see gan::train.
  template <class S>
  void on_step_end(const S& s) {
    if (s.step % every_ == 0) save_all(s);
  }
  /// Hook called once after the run, with its result.
  template <class S, class R>
  void on_end(const S& s, const R&) { save_all(s); }
  /// How many times the networks were written.
  std::size_t saves() const noexcept { return saves_; }

 private:
  template <class N>
  void save_one(const N& net, const char* name) {
    if constexpr (requires(const std::string& p) { nn::save(net, p); }) nn::save(net, prefix_ + name + ".advnn");
  }
  template <class S>
  void save_all(const S& s) {
    if constexpr (requires { s.generator; }) save_one(s.generator, "generator");
    if constexpr (requires { s.discriminator; }) save_one(s.discriminator, "discriminator");
    if constexpr (requires { s.critic; }) save_one(s.critic, "critic");
    ++saves_;
  }
  std::string prefix_;
  std::size_t every_, saves_ = 0;
};

/// Stops the run when `score(state)` (lower is better) has not improved by more than
/// min_delta for `patience` evaluations in a row. Scored on on_evaluate (set evaluate_every in
/// the options); the best score and its step are kept.
template <class Score>
class early_stopping {
 public:
  /// Constructs it; the arguments are described in the class comment.
  early_stopping(Score score, std::size_t patience, double min_delta = 0.0)
      : score_(std::move(score)), patience_(patience), min_delta_(min_delta) {}
  /// Hook called every evaluate_every steps; see gan::train.
  template <class S>
  bool on_evaluate(const S& s) {
    const double v = score_(s);
    if (v < best_ - min_delta_) {
      best_ = v;
      best_step_ = s.step;
      waited_ = 0;
      return false;
    }
    return ++waited_ >= patience_;
  }
  double best() const noexcept { return best_; }            ///< the best score seen
  std::size_t best_step() const noexcept { return best_step_; }  ///< the step it was seen at

 private:
  Score score_;
  std::size_t patience_, waited_ = 0, best_step_ = 0;
  double min_delta_, best_ = std::numeric_limits<double>::infinity();
};

/// An exponential moving average of the generator's parameters (Yazıcı et al., "The Unusual
/// Effectiveness of Averaging in GAN Training", ICLR 2019): the iterates of the game circle
/// around its equilibrium, and their average lies closer to it than the last one.
///
/// From the generator step `start` on, after each step k: θ̄ ← θ_k at the first update, then
/// θ̄ ← decay·θ̄ + (1 − decay)·θ_k. The average is kept in double, so the small increments of
/// float parameters are not rounded away. Training itself is unchanged (the trained network
/// keeps its own parameters); `apply_to(net)` writes the average into a network of the same
/// parameter count, e.g. the generator once training has ended.
///
/// \code
/// advdiv::gan::parameter_average ema(0.999);  // pass it to gan::train, then: ema.apply_to(G);
/// \endcode
class parameter_average {
 public:
  /// \throws std::domain_error unless 0 ≤ decay < 1.
  explicit parameter_average(double decay = 0.999, std::size_t start = 0) : decay_(decay), start_(start) {
    check_parameter("advdiv::gan::parameter_average", "decay", decay, decay >= 0.0 && decay < 1.0,
                    "is not in [0, 1)");
  }
  /// Hook called after every generator step; see gan::train.
  template <class S>
  void on_step_end(const S& s) {
    if (s.step < start_) return;
    const auto theta = s.generator.parameters();
    if (average_.empty()) {
      average_.assign(theta.begin(), theta.end());
    } else {
      for (std::size_t k = 0; k < average_.size(); ++k)
        average_[k] = decay_ * average_[k] + (1.0 - decay_) * static_cast<double>(theta[k]);
    }
    ++updates_;
  }
  /// θ̄ (empty before the first update).
  std::span<const double> average() const noexcept { return average_; }
  /// Generator steps averaged so far.
  std::size_t updates() const noexcept { return updates_; }
  /// Writes θ̄ into net's parameters (rounded to its scalar type).
  /// \throws std::invalid_argument if nothing was averaged yet or the parameter counts differ.
  template <class N>
  void apply_to(N& net) const {
    const auto theta = net.parameters();
    if (average_.empty() || theta.size() != average_.size())
      advdiv::detail::throw_invalid_argument(
          "advdiv::gan::parameter_average::apply_to",
          average_.empty() ? "nothing has been averaged yet"
                           : "the network has " + std::to_string(theta.size()) + " parameters, the average " +
                                 std::to_string(average_.size()));
    for (std::size_t k = 0; k < average_.size(); ++k)
      theta[k] = static_cast<typename decltype(theta)::value_type>(average_[k]);
  }

 private:
  double decay_;
  std::size_t start_, updates_ = 0;
  std::vector<double> average_;
};

}  // namespace advdiv::gan
