#pragma once
/// \file
/// What every backend's pair reduction shares (CPU vectors, CPU rows, Thrust ranges, Thrust
/// batches): the validation of the options, the per-pair sums, their validation and the finish.
/// Only the loop that fills the sums differs between backends. Device-neutral: no Eigen, no
/// xsimd, no Thrust.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/config.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/options.hpp>

#include <cmath>
#include <type_traits>

namespace advdiv {

/// Result type of a divergence between vectors of value types A and B (the common type).
template <class A, class B>
using divergence_result_t = std::common_type_t<A, B>;

namespace detail {

/// Accumulation type: double for float input (so float results are correctly rounded
/// sums), the value type otherwise.
template <class T>
using accumulator_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

/// The validated options of one call: 1/log(base) and the tolerance on the sums.
struct checked_options {
  double inv_log_base;  ///< 1/log(log_base)
  double tolerance;     ///< allowed |Σp − 1| (+inf: no check)
};

/// Validates every option with its own message and resolves the default tolerance for value
/// type R: `log_base = 1 is not finite and > 1`,
/// `sum_tolerance = nan is not >= 0 (inf disables the check)`.
template <class R>
checked_options check_divergence_options(const char* function, const divergence_options& options) {
  const double inv_log_base = check_log_base(function, options.log_base);
  const double tolerance = options.sum_tolerance.value_or(default_sum_tolerance<R>());
  check_sum_tolerance(function, "sum_tolerance", tolerance);
  return {inv_log_base, tolerance};
}

/// True for an entry a probability vector may hold: finite and ≥ 0 (−0.0 included).
template <class T>
ADVDIV_HOST_DEVICE bool valid_mass(T x) noexcept {
  return x >= T(0) && x < math::infinity<T>();
}

/// Sums of one pair of probability vectors: Σ term (compensated), Σp, Σq and whether an
/// entry was invalid. Filled by each backend's loop, merged associatively.
template <class A>
struct pair_sums {
  compensated_sum<A> term;  ///< Σ term(p_i, q_i)
  A p = 0;                  ///< Σ p_i
  A q = 0;                  ///< Σ q_i
  bool invalid = false;     ///< some entry negative, NaN or infinite
};

/// Merges two pair_sums (associative, as Thrust's reductions require).
template <class A>
struct merge_pair_sums {
  ADVDIV_HOST_DEVICE pair_sums<A> operator()(pair_sums<A> a, const pair_sums<A>& b) const noexcept {
    a.term += b.term;
    a.p += b.p;
    a.q += b.q;
    a.invalid = a.invalid || b.invalid;
    return a;
  }
};

/// Whether the sums of one pair pass validation (no invalid entry, both sums within the
/// tolerance): the device-side test of a batch, equivalent to check_pair_sums not throwing.
template <class A>
ADVDIV_HOST_DEVICE bool pair_sums_ok(const pair_sums<A>& s, double tolerance) noexcept {
  const bool sums_ok = tolerance == math::infinity<double>() ||
                       (math::abs(static_cast<double>(s.p) - 1.0) <= tolerance &&
                        math::abs(static_cast<double>(s.q) - 1.0) <= tolerance);
  return !s.invalid && sums_ok;
}

/// The validation of one pair reduction, shared by every backend: if an entry was invalid,
/// `locate_invalid()` throws the message naming the first one (each backend scans its own
/// memory); then both sums must be 1 within the tolerance (check_unit_sum).
template <class A, class Locate>
void check_pair_sums(const char* function, const char* p_name, const char* q_name, const pair_sums<A>& s,
                     double tolerance, Locate&& locate_invalid) {
  if (s.invalid) locate_invalid();
  check_unit_sum(function, p_name, static_cast<double>(s.p), tolerance);
  check_unit_sum(function, q_name, static_cast<double>(s.q), tolerance);
}

/// Finish of a divergence: Σ term (nats) times 1/log(base).
struct in_units {
  template <class A>
  ADVDIV_HOST_DEVICE A operator()(A nats, A inv_log_base) const noexcept {
    return nats * inv_log_base;
  }
};

/// Finish of a distance that is the square root of a divergence (js_distance).
struct root_in_units {
  template <class A>
  ADVDIV_HOST_DEVICE A operator()(A nats, A inv_log_base) const noexcept {
    return math::sqrt(nats * inv_log_base);
  }
};

}  // namespace detail
}  // namespace advdiv
