#pragma once
/// \file
/// A training callback that records mode collapse and mode dropping over training on a toy
/// mixture: on each evaluation it scores fresh generated samples by evaluate_modes (modes
/// captured, high-quality fraction, reverse KL), classifier_score and frechet_distance to a
/// fixed set of data samples, keeps the records and writes them as CSV rows.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/gan/metrics/classifier_score.hpp>
#include <advdiv/gan/metrics/frechet.hpp>
#include <advdiv/gan/metrics/modes.hpp>
#include <advdiv/gan/toy_mixture.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace advdiv::gan {

/// One evaluation of mode_monitor.
struct mode_record {
  std::size_t step = 0;               ///< generator steps completed so far
  std::size_t modes_captured = 0;     ///< evaluate_modes: modes nearest to ≥ 1 high-quality sample
  double high_quality_fraction = 0;   ///< evaluate_modes: fraction within threshold·σ of a mode
  double reverse_kl = 0;              ///< evaluate_modes: KL(p̂ ‖ uniform) of the high-quality histogram
  double quality = 0;                 ///< classifier_score: mean max_k p(k | x)
  double diversity = 0;               ///< classifier_score: H(p̂) of the soft marginal, nats
  double score = 0;                   ///< classifier_score: exp(E KL(p(·|x) ‖ p̂)) ∈ [1, K]
  double frechet = 0;                 ///< frechet_distance to the data samples
};

/// Options of mode_monitor.
struct mode_monitor_options {
  /// Generated samples scored per evaluation, and data samples for the Fréchet distance
  /// (PacGAN: 2,500).
  std::size_t samples = 2500;
  /// Seed: the data samples are drawn once from substream 0, the generator's noise from
  /// substream 1, restarted at every evaluation (the same noise each time, so the records
  /// change with the generator only).
  std::uint64_t seed = 1;
  /// evaluate_modes' threshold, in σ.
  double threshold = 3.0;
  /// A CSV file to write (empty: none): the header
  /// `step,modes_captured,high_quality_fraction,reverse_kl,quality,diversity,score,frechet`,
  /// then one row per evaluation, flushed as it is written.
  std::string csv = {};
};

/// Mode collapse / mode dropping indicators over training. `sample_of(generator, rng, n)`
/// returns n samples of the generator as a d × n matrix (one column per sample), e.g. running
/// an unpacked generator on n noise columns drawn from rng and undoing any scaling of the data.
/// On each on_evaluate of gan::train (set evaluate_every) it draws n = options.samples of them
/// and records a mode_record: evaluate_modes (modes captured, high-quality fraction, reverse
/// KL), classifier_score (quality, diversity, score) and frechet_distance to n data samples
/// drawn once at construction. A collapsed generator shows as few modes, diversity → 0 and
/// score → 1 with high quality; a generator that blurs or bridges the modes as a low
/// high-quality fraction; docs/evaluation.md shows both. If a generated sample is not finite
/// (the trainer stops on its own batch at the next step), the record has modes_captured = 0
/// and NaN for every other metric, so the CSV says so instead of the run throwing.
/// \throws std::domain_error (construction) if samples < 2 or threshold is not positive;
/// std::runtime_error if the CSV file cannot be opened; on evaluation, std::invalid_argument if
/// sample_of returns a matrix of another shape than d × n.
/// \code
/// auto monitor = advdiv::gan::mode_monitor(grid, [&](auto& G, advdiv::random_engine& rng, std::size_t n) {
///   Eigen::MatrixXf z(16, n);
///   for (auto& v : z.reshaped()) v = float(advdiv::standard_normal(rng));
///   return Eigen::MatrixXd(G.forward(z).template cast<double>());
/// }, {.csv = "modes.csv"});
/// advdiv::gan::train(G, D, objective, data, noise, opt_g, opt_d, {.evaluate_every = 500}, monitor);
/// \endcode
template <class SampleOf>
class mode_monitor {
 public:
  /// Constructs it; the arguments are described in the class comment.
  mode_monitor(toy_mixture mixture, SampleOf sample_of, mode_monitor_options options = {})
      : mixture_(std::move(mixture)), sample_of_(std::move(sample_of)), options_(std::move(options)) {
    constexpr const char* fn = "advdiv::gan::mode_monitor";
    check_parameter(fn, "samples", options_.samples, options_.samples >= 2, "is not at least 2");
    check_positive_finite(fn, "threshold", options_.threshold);
    random_engine data_rng = random_engine(options_.seed).substream(0);
    data_ = mixture_.sample(data_rng, options_.samples);
    if (!options_.csv.empty()) {
      out_ = std::make_unique<std::ofstream>(options_.csv);
      if (!*out_) throw std::runtime_error("advdiv::gan::mode_monitor: cannot open '" + options_.csv + "' for writing");
      out_->precision(10);
      *out_ << "step,modes_captured,high_quality_fraction,reverse_kl,quality,diversity,score,frechet\n";
      out_->flush();
    }
  }

  /// Hook called every evaluate_every steps; see gan::train.
  template <class S>
  void on_evaluate(const S& s) {
    records_.push_back(evaluate(s.generator, s.step));
  }

  /// Scores n = options.samples samples of `generator` now and returns the record (also kept
  /// and written), e.g. for the initial or the final generator outside training.
  template <class G>
  const mode_record& evaluate_now(G& generator, std::size_t step) {
    records_.push_back(evaluate(generator, step));
    return records_.back();
  }

  /// The evaluations recorded so far, in step order.
  const std::vector<mode_record>& records() const noexcept { return records_; }
  /// The data samples the Fréchet distance is measured to (d × n).
  const Eigen::MatrixXd& data_samples() const noexcept { return data_; }

 private:
  template <class G>
  mode_record evaluate(G& generator, std::size_t step) {
    random_engine rng = random_engine(options_.seed).substream(1);
    const Eigen::MatrixXd x = sample_of_(generator, rng, options_.samples);
    if (static_cast<std::size_t>(x.rows()) != mixture_.dimension() ||
        static_cast<std::size_t>(x.cols()) != options_.samples)
      advdiv::detail::throw_invalid_argument(
          "advdiv::gan::mode_monitor",
          "sample_of returned " + std::to_string(x.rows()) + " x " + std::to_string(x.cols()) + " samples instead of " +
              std::to_string(mixture_.dimension()) + " x " + std::to_string(options_.samples));
    mode_record r;
    r.step = step;
    if (!x.allFinite()) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      r.high_quality_fraction = r.reverse_kl = r.quality = r.diversity = r.score = r.frechet = nan;
    } else {
      const mode_metrics m = evaluate_modes(mixture_, x, options_.threshold);
      const classifier_score_result c = classifier_score(mixture_, x);
      r.modes_captured = m.modes_captured;
      r.high_quality_fraction = m.high_quality_fraction;
      r.reverse_kl = m.reverse_kl;
      r.quality = c.quality;
      r.diversity = c.diversity;
      r.score = c.score;
      r.frechet = frechet_distance(x, data_);
    }
    if (out_) {
      *out_ << r.step << ',' << r.modes_captured << ',' << r.high_quality_fraction << ',' << r.reverse_kl << ','
            << r.quality << ',' << r.diversity << ',' << r.score << ',' << r.frechet << '\n';
      out_->flush();
    }
    return r;
  }

  toy_mixture mixture_;
  SampleOf sample_of_;
  mode_monitor_options options_;
  Eigen::MatrixXd data_;
  std::unique_ptr<std::ofstream> out_;
  std::vector<mode_record> records_;
};

}  // namespace advdiv::gan
