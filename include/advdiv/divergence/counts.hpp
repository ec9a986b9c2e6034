#pragma once
/// \file
/// The explicit opt-in that turns counts into a probability vector. The divergences never
/// normalise their input (a vector summing to 0.9 is an error, not a rescaled distribution);
/// counts are normalised only where the program says so.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/summation.hpp>

#include <cmath>
#include <cstddef>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace advdiv {

/// Counts (or any non-negative weights: integers or floating values, in a contiguous range or an
/// Eigen vector) divided by their total: p_i = c_i / Σ_j c_j, in double. The sum is
/// compensated, so 10⁹ counts of 1 give p_i = 10⁻⁹ to rounding.
/// \throws std::invalid_argument if there is no count.
/// \throws std::domain_error naming the first negative or non-finite count, or if the counts
/// sum to 0.
/// \code
/// std::vector<int> hist{3, 0, 5, 2};
/// double h = advdiv::entropy(advdiv::from_counts(hist));  // of (0.3, 0, 0.5, 0.2)
/// \endcode
template <class C>
std::vector<double> from_counts(const C& counts) {
  constexpr const char* fn = "advdiv::from_counts";
  std::vector<double> p;
  if constexpr (requires { counts.size(); counts.coeff(std::ptrdiff_t(0)); }) {  // an Eigen vector
    p.resize(static_cast<std::size_t>(counts.size()));
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<double>(counts.coeff(std::ptrdiff_t(i)));
  } else {
    static_assert(std::ranges::sized_range<C> && std::is_arithmetic_v<std::ranges::range_value_t<C>>,
                  "advdiv::from_counts: counts must be a sized range (or an Eigen vector) of numbers");
    for (const auto& c : counts) p.push_back(static_cast<double>(c));
  }
  check_nonempty(fn, "counts", p.size());
  check_nonnegative_finite(fn, "counts", std::span<const double>(p));
  const double total = accurate_sum<double>(std::span<const double>(p));
  if (!(total > 0.0)) detail::throw_domain_error(fn, "counts sum to 0");
  for (double& x : p) x /= total;
  return p;
}

}  // namespace advdiv
