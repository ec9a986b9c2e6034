#pragma once
/// \file
/// A training callback for 1-D toys: the exact JS, KL and W₁ between p_data and p_G.

#include <advdiv/density/divergence.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace advdiv::gan {

/// One evaluation of divergence_monitor.
struct divergence_record {
  /// Generator steps completed so far.
  std::size_t step;
  double js;  ///< JS(p_data‖p_G), nats (quadrature)
  double kl;  ///< KL(p_data‖p_G), nats (quadrature; +inf where p_G misses mass)
  double w1;  ///< W₁(p_data, p_G) from the quantile functions
};

/// The exact divergences between p_data and p_G over training, for 1-D toys where p_G is
/// known: `density_of(generator)` returns the generator's density (e.g. advdiv::normal{μ, σ}
/// for a location_scale generator). On each on_evaluate it records JS, KL (density layer,
/// quadrature) and W₁ (transport layer) in records().
/// \code
/// auto monitor = advdiv::gan::divergence_monitor(data, [](const auto& g) {
///   return advdiv::normal{g.mu(), g.sigma()}; });
/// \endcode
template <class Data, class DensityOf>
class divergence_monitor {
 public:
  /// Constructs it; the arguments are described in the class comment.
  divergence_monitor(Data data, DensityOf density_of) : data_(std::move(data)), density_of_(std::move(density_of)) {}
  /// Hook called every evaluate_every steps; see gan::train.
  template <class S>
  void on_evaluate(const S& s) {
    const auto q = density_of_(s.generator);
    records_.push_back({s.step, advdiv::js(data_, q).value, advdiv::kl(data_, q).value,
                        advdiv::wasserstein_1d(data_, q, 1.0)});
  }
  /// The evaluations recorded so far, in step order.
  const std::vector<divergence_record>& records() const noexcept { return records_; }

 private:
  Data data_;
  DensityOf density_of_;
  std::vector<divergence_record> records_;
};

}  // namespace advdiv::gan
