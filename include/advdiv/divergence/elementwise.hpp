#pragma once
/// \file
/// SciPy's elementwise building blocks, `scipy.special.rel_entr`, `kl_div` and `entr`, on
/// scalars and on vectors (a std::vector of the terms, one per element). Their sums are the
/// divergences: Σ rel_entr(p_i, q_i) = KL(P‖Q) for probability vectors, and Σ kl_div(x_i, y_i)
/// is the generalised KL of unnormalised masses (Σ x − Σ y added). Unlike SciPy, a negative or
/// non-finite argument is an error (SciPy returns +inf or NaN for it), named with its index.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/math.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

namespace advdiv {

namespace detail {
/// h(1 + d) = (1 + d) log(1 + d) − d ≥ 0 for d = x/y − 1 ≥ −1, to full relative accuracy also
/// near its zero d = 0: there (|d| < 0.1) by its Taylor series Σ_{k≥2} (−d)^k / (k(k−1)),
/// whose terms fall by 10 per order, with d formed as (x − y)/y (x − y is exact when x and y
/// are within a factor 2, so d has one rounding, not the ratio's absolute one); elsewhere
/// directly from u = x/y (no cancellation beyond a factor ~20).
template <class T>
T kl_div_ratio(T x, T y) noexcept {
  const T u = x / y;
  if (std::abs(u - T(1)) < T(0.1)) {
    const T d = (x - y) / y;
    T sum = T(0), power = d * d;  // (−d)^k for k = 2, 3, …
    for (int k = 2; k < 24; ++k, power *= -d) sum += power / T(k * (k - 1));
    return sum;
  }
  return u * std::log(u) - (u - T(1));
}

/// The floating type of a term of scalars x and y (integers count as double).
template <class X, class Y = X>
using term_t = std::common_type_t<std::conditional_t<std::is_floating_point_v<X>, X, double>,
                                  std::conditional_t<std::is_floating_point_v<Y>, Y, double>>;

template <class T>
void check_term_argument(const char* function, const char* name, T x) {
  if (x < T(0)) throw_value_error(function, name, x, "is negative");
  check_finite(function, name, x);
}

/// The terms f(x_i, y_i) of two equal-length vectors, each element checked as non-negative
/// and finite with its index in the message.
template <class X, class Y, class F>
auto elementwise(const char* function, const X& x, const Y& y, F f) {
  using T = std::common_type_t<vector_value_t<X>, vector_value_t<Y>>;
  const auto vx = view_vector(x, function, "x");
  const auto vy = view_vector(y, function, "y");
  check_same_size(function, "x", vx.size(), "y", vy.size());
  check_nonnegative_finite(function, "x", vx.span());
  check_nonnegative_finite(function, "y", vy.span());
  std::vector<T> out(vx.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = f(T(vx[i]), T(vy[i]));
  return out;
}
}  // namespace detail

/// rel_entr(x, y) = x log(x/y) for x, y > 0 (any arithmetic types; integers as double); 0 for x = 0 (any y ≥ 0); +inf for x > 0 = y —
/// SciPy's `scipy.special.rel_entr` on its domain. The per-element term of KL.
/// \throws std::domain_error if x or y is negative or not finite.
/// \code
/// double t = advdiv::rel_entr(0.5, 0.25);  // 0.5·log 2
/// \endcode
template <class X, class Y>
  requires(std::is_arithmetic_v<X> && std::is_arithmetic_v<Y>)
detail::term_t<X, Y> rel_entr(X x_, Y y_) {
  using T = detail::term_t<X, Y>;
  const T x = T(x_), y = T(y_);
  detail::check_term_argument("advdiv::rel_entr", "x", x);
  detail::check_term_argument("advdiv::rel_entr", "y", y);
  return math::rel_entr(x, y);
}

/// kl_div(x, y) = x log(x/y) − x + y for x, y > 0; y for x = 0; +inf for x > 0 = y —
/// SciPy's `scipy.special.kl_div` on its domain. Computed as y·h(x/y) with
/// h(u) = u log u − u + 1, to full relative accuracy also where x ≈ y (the direct formula
/// cancels there; float arguments form the ratio in double); where x/y overflows or
/// underflows, as rel_entr(x, y) − x + y.
/// \throws std::domain_error if x or y is negative or not finite.
template <class X, class Y>
  requires(std::is_arithmetic_v<X> && std::is_arithmetic_v<Y>)
detail::term_t<X, Y> kl_div(X x_, Y y_) {
  using T = detail::term_t<X, Y>;
  const T x = T(x_), y = T(y_);
  detail::check_term_argument("advdiv::kl_div", "x", x);
  detail::check_term_argument("advdiv::kl_div", "y", y);
  if (x == T(0)) return y;
  if (y == T(0)) return math::infinity<T>();
  using W = std::conditional_t<std::is_same_v<T, float>, double, T>;  // float: the ratio in double
  const W u = W(x) / W(y);
  if (std::isfinite(u) && u > W(std::numeric_limits<T>::min()) && u < W(std::numeric_limits<T>::max()))
    return T(W(y) * detail::kl_div_ratio(W(x), W(y)));
  return math::rel_entr(x, y) - x + y;
}

/// entr(x) = −x log x for x > 0, 0 for x = 0 — SciPy's `scipy.special.entr` on its domain.
/// The per-element term of the Shannon entropy.
/// \throws std::domain_error if x is negative or not finite.
template <class X>
  requires std::is_arithmetic_v<X>
detail::term_t<X> entr(X x_) {
  using T = detail::term_t<X>;
  const T x = T(x_);
  detail::check_term_argument("advdiv::entr", "x", x);
  return -math::xlogy(x, x);
}

/// rel_entr of each pair (x_i, y_i) of two equal-length vectors (any vector_like): a
/// std::vector of the terms, so `sum(rel_entr(p, q))` is KL(P‖Q).
/// \throws std::invalid_argument if the lengths differ; std::domain_error naming the first
/// negative or non-finite element, e.g. `advdiv::rel_entr: y[2] = -0.1 is negative`.
/// \code
/// std::vector<double> p{0.5, 0.5, 0}, q{0.25, 0.5, 0.25};
/// std::vector<double> t = advdiv::rel_entr(p, q);  // {0.5·log 2, 0, 0}
/// \endcode
template <vector_like X, vector_like Y>
auto rel_entr(const X& x, const Y& y) {
  return detail::elementwise("advdiv::rel_entr", x, y, [](auto a, auto b) { return math::rel_entr(a, b); });
}

/// kl_div of each pair (x_i, y_i) of two equal-length vectors; errors as rel_entr.
template <vector_like X, vector_like Y>
auto kl_div(const X& x, const Y& y) {
  return detail::elementwise("advdiv::kl_div", x, y, [](auto a, auto b) { return kl_div(a, b); });
}

/// entr of each element of a vector; std::domain_error naming the first negative or
/// non-finite element.
template <vector_like X>
auto entr(const X& x) {
  constexpr const char* function = "advdiv::entr";
  using T = vector_value_t<X>;
  const auto vx = detail::view_vector(x, function, "x");
  check_nonnegative_finite(function, "x", vx.span());
  std::vector<T> out(vx.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = -math::xlogy(vx[i], vx[i]);
  return out;
}

}  // namespace advdiv
