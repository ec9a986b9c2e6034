#pragma once
/// \file
/// Uniform variates in the open unit interval (for inverse-cdf sampling).

#include <random>

namespace advdiv::detail {

/// A uniform variate in (0, 1) from any UniformRandomBitGenerator: 53 random bits through
/// std::generate_canonical, redrawn in the rare cases 0 and 1 (libstdc++ can return 1, LWG 2524),
/// so that quantile(d, u) is always finite.
template <std::uniform_random_bit_generator R>
double uniform_open01(R& rng) {
  for (;;) {
    const double u = std::generate_canonical<double, 53>(rng);
    if (u > 0.0 && u < 1.0) return u;
  }
}

}  // namespace advdiv::detail
