// What the 2-D mixture GAN examples share (mixture_2d, conditional_mixture_2d, mode_collapse):
// the learning-rate schedule and the scale the networks see the data at.
#pragma once

#include <advdiv/gan/toy_mixture.hpp>
#include <advdiv/nn/optimizer.hpp>

#include <Eigen/Core>

#include <cmath>
#include <numbers>

namespace example {

/// Cosine decay of both learning rates from their initial values to `final_fraction` of them
/// over the run: the late small steps sharpen the modes (σ is 0.01 on the ring).
struct cosine_schedule {
  advdiv::nn::adam<float>& g;
  advdiv::nn::adam<float>& d;
  double lr_g, lr_d, final_fraction;
  template <class S>
  void on_step_end(const S& s) {
    const double t = double(s.step) / double(s.total_steps);
    const double f = final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * t));
    g.set_learning_rate(lr_g * f);
    d.set_learning_rate(lr_d * f);
  }
};

/// The per-coordinate standard deviation of the equal-weight mixture, averaged over the
/// coordinates: √(mean over coordinates of (variance of the means + σ²)); the networks see the
/// data divided by it.
inline double data_scale(const advdiv::gan::toy_mixture& m) {
  const Eigen::MatrixXd& mu = m.means();
  const Eigen::VectorXd centre = mu.rowwise().mean();
  const double var = (mu.colwise() - centre).squaredNorm() / double(mu.cols() * mu.rows()) + m.sigma() * m.sigma();
  return std::sqrt(var);
}

}  // namespace example
