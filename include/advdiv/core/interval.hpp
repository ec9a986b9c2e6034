#pragma once
/// \file
/// An interval of the real line: the domain of a conjugate f*, the support of a density.

#include <advdiv/core/config.hpp>

namespace advdiv {

/// An interval of the real line with open or closed ends (the domain of f*, the
/// support of a density).
struct interval {
  double lower;             ///< lower end (may be −inf)
  double upper;             ///< upper end (may be +inf)
  bool lower_open = true;   ///< whether the lower end is excluded
  bool upper_open = true;   ///< whether the upper end is excluded

  /// True when t lies in the interval.
  template <class T>
  ADVDIV_HOST_DEVICE constexpr bool contains(T t) const noexcept {
    const double x = static_cast<double>(t);
    const bool above = lower_open ? x > lower : x >= lower;
    const bool below = upper_open ? x < upper : x <= upper;
    return above && below;
  }
};

}  // namespace advdiv
