#pragma once
/// \file
/// The one formula of the 1-D transport cost, shared by the CPU solvers
/// (transport/wasserstein_1d.hpp, transport/sliced.hpp) and the Thrust backend
/// (thrust/wasserstein.hpp): the scaled per-piece term mass·(|x − y|/s)^p and the p-th root
/// s·(Σ terms)^{1/p}. Includes only core headers, so device code can use it.
///
/// Why scaled: W_p^p = Σ_k m_k |x_k − y_k|^p overflows or underflows long before W_p does
/// (W₂({1e200}, {−1e200}) = 2e200 has W₂² = 4e400; W₂₀₀₀({0}, {0.5}) = 0.5 has
/// W^p = 0.5^2000 = 1e-602). With s the largest gap over the pieces of positive mass, every
/// ratio |x − y|/s is in [0, 1], the largest term is its piece's mass, and
/// W_p = s·(Σ_k m_k (|x_k − y_k|/s)^p)^{1/p} is computed without overflow or underflow for
/// every finite input (terms that underflow are below 1e-300 of the largest one). When a gap
/// x − y itself overflows (x ≈ 1e308, y ≈ −1e308), every value is first multiplied by
/// `unit` = ½ and the result divided by it; a true W_p above the largest double is +inf.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/config.hpp>
#include <advdiv/core/math.hpp>

namespace advdiv {

/// How the gaps of one W_p computation are scaled: a gap is |unit·x − unit·y| / scale.
/// `unit` is 1, or ½ when some |x − y| overflows; `scale` is the largest gap (in units) over
/// the pieces, or 1 when every gap is 0. Trivially copyable (stored per row on the device).
template <class T>
struct wasserstein_scaling {
  /// The factor applied to every value before a gap is taken: 1, or ½ when some |x − y| overflows.
  T unit = T(1);
  /// The largest gap in units (1 when every gap is 0): the gaps are divided by it.
  T scale = T(1);

  /// The scaling for a largest gap `max_gap` measured with this `unit`.
  ADVDIV_HOST_DEVICE static wasserstein_scaling from_max_gap(T max_gap, T unit = T(1)) noexcept {
    return {unit, max_gap > T(0) ? max_gap : T(1)};
  }
};

/// The gap |unit·x − unit·y| of one piece, in units (the first pass: its maximum over the
/// pieces gives the scale).
template <class T>
struct wasserstein_gap {
  /// The factor applied to both values (see wasserstein_scaling).
  T unit = T(1);
  /// |unit·x − unit·y|.
  ADVDIV_HOST_DEVICE T operator()(T x, T y) const noexcept { return math::abs(unit * x - unit * y); }
};

/// One term of the 1-D transport cost, `mass · (gap/scale)^p`: the contribution of a piece
/// of probability `mass` on which the two quantile functions take the values x and y, with
/// the gap scaled as in wasserstein_scaling. W_p^p / scale^p is the sum of these terms over
/// the pieces of the merged quantile functions; wasserstein_root turns the sum into W_p.
/// p = 1 and p = 2 avoid pow. With the default scaling (unit = scale = 1) it is the plain
/// `mass · |x − y|^p`. Trivially copyable, exception-free, usable on the device.
template <class T>
struct wasserstein_term {
  /// The order p ≥ 1 of the distance.
  T p;
  /// The scaling of the gaps (default: none).
  wasserstein_scaling<T> scaling = {};

  /// mass · (|unit·x − unit·y| / scale)^p.
  ADVDIV_HOST_DEVICE T operator()(T mass, T x, T y) const noexcept {
    const T r = wasserstein_gap<T>{scaling.unit}(x, y) / scaling.scale;
    if (p == T(1)) return mass * r;
    if (p == T(2)) return mass * r * r;
    return mass * math::pow(r, p);
  }
};

/// The p-th root that finishes a W_p computation: scale·sum^{1/p} / unit, where `sum` is the
/// total of the wasserstein_term values (with the masses summing to 1). Returns 0 for a
/// sum ≤ 0, +inf when the true W_p exceeds the largest finite value.
template <class T>
struct wasserstein_root {
  /// The order p ≥ 1.
  T p;
  /// The scaling the sum was computed with.
  wasserstein_scaling<T> scaling = {};

  /// W_p = (scale/unit)·sum^{1/p} from the sum of the scaled terms.
  ADVDIV_HOST_DEVICE T operator()(T sum) const noexcept {
    if (!(sum > T(0))) return T(0);
    T root = sum;
    if (p == T(2)) root = math::sqrt(sum);
    else if (p != T(1)) root = math::pow(sum, T(1) / p);
    return scaling.scale * root / scaling.unit;
  }
};

namespace detail {

/// Throws std::domain_error `function: p = value is not finite and >= 1` unless 1 ≤ p < inf
/// (the order of every Wasserstein distance, CPU and Thrust).
inline void check_order_p(const char* function, double p) { check_finite_at_least(function, "p", p, 1.0); }

}  // namespace detail
}  // namespace advdiv
