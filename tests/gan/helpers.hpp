#pragma once
// Helpers shared by the gan tests.
#include <advdiv/core/random.hpp>

#include <Eigen/Core>

#include <cstddef>

namespace gan_test {

/// A data sampler of N(mean, sd²) draws as a 1 × n batch (the samplers' signature of gan::train).
inline auto normal_sampler(double mean, double sd) {
  return [=](advdiv::random_engine& rng, std::size_t n) {
    Eigen::Matrix<double, 1, Eigen::Dynamic> x(1, static_cast<Eigen::Index>(n));
    for (auto& v : x.reshaped()) v = mean + sd * advdiv::standard_normal(rng);
    return x;
  };
}

}  // namespace gan_test
