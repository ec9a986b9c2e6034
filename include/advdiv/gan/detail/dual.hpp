#pragma once
/// \file
/// Forward-mode dual numbers a + b·ε (ε² = 0): evaluating a generic formula on
/// dual{v, 1} gives its value and its exact derivative at v in one pass. Used to differentiate
/// a user's f-generator activation g_f(v) and f*(g_f(v)) when the generator does not state
/// the derivatives itself; every math:: wrapper reaches these overloads by argument-dependent
/// lookup, so the generator's own formula is what is differentiated.

#include <cmath>
#include <limits>
#include <type_traits>

namespace advdiv::gan::detail {

/// a + b·ε with ε² = 0: `value` carries f(v), `slope` carries f'(v).
template <class T>
struct dual {
  T value{};
  T slope{};

  constexpr dual() = default;
  /// A constant (slope 0): lets formulas write T(0), T(0.5), static_cast<T>(x).
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr dual(U c) : value(static_cast<T>(c)) {}  // NOLINT: implicit like a scalar
  constexpr dual(T v, T s) : value(v), slope(s) {}

  constexpr dual& operator+=(const dual& o) { value += o.value; slope += o.slope; return *this; }
  constexpr dual& operator-=(const dual& o) { value -= o.value; slope -= o.slope; return *this; }
  constexpr dual& operator*=(const dual& o) { return *this = *this * o; }
  constexpr dual& operator/=(const dual& o) { return *this = *this / o; }

  friend constexpr dual operator+(const dual& a) { return a; }
  friend constexpr dual operator-(const dual& a) { return {-a.value, -a.slope}; }
  friend constexpr dual operator+(const dual& a, const dual& b) { return {a.value + b.value, a.slope + b.slope}; }
  friend constexpr dual operator-(const dual& a, const dual& b) { return {a.value - b.value, a.slope - b.slope}; }
  friend constexpr dual operator*(const dual& a, const dual& b) {
    return {a.value * b.value, a.slope * b.value + a.value * b.slope};
  }
  friend constexpr dual operator/(const dual& a, const dual& b) {
    const T q = a.value / b.value;
    return {q, (a.slope - q * b.slope) / b.value};
  }
  // Comparisons look at the value only: a branch of the formula is chosen as for a scalar.
  friend constexpr bool operator==(const dual& a, const dual& b) { return a.value == b.value; }
  friend constexpr bool operator!=(const dual& a, const dual& b) { return a.value != b.value; }
  friend constexpr bool operator<(const dual& a, const dual& b) { return a.value < b.value; }
  friend constexpr bool operator>(const dual& a, const dual& b) { return a.value > b.value; }
  friend constexpr bool operator<=(const dual& a, const dual& b) { return a.value <= b.value; }
  friend constexpr bool operator>=(const dual& a, const dual& b) { return a.value >= b.value; }
  explicit constexpr operator T() const { return value; }
};

// The chain rule for each elementary function: f(a + bε) = f(a) + f'(a)·b·ε.
template <class T> dual<T> log(const dual<T>& x) { using std::log; return {log(x.value), x.slope / x.value}; }
template <class T> dual<T> log1p(const dual<T>& x) { using std::log1p; return {log1p(x.value), x.slope / (T(1) + x.value)}; }
template <class T> dual<T> exp(const dual<T>& x) { using std::exp; const T e = exp(x.value); return {e, e * x.slope}; }
template <class T> dual<T> expm1(const dual<T>& x) {
  using std::exp; using std::expm1;
  return {expm1(x.value), exp(x.value) * x.slope};
}
template <class T> dual<T> sqrt(const dual<T>& x) {
  using std::sqrt;
  const T r = sqrt(x.value);
  return {r, x.slope / (T(2) * r)};
}
template <class T> dual<T> tanh(const dual<T>& x) {
  using std::tanh;
  const T t = tanh(x.value);
  return {t, (T(1) - t * t) * x.slope};
}
template <class T> dual<T> abs(const dual<T>& x) { return x.value < T(0) ? -x : x; }
template <class T> dual<T> fabs(const dual<T>& x) { return abs(x); }
template <class T> dual<T> fmax(const dual<T>& a, const dual<T>& b) { return (a.value < b.value || a.value != a.value) ? b : a; }
template <class T> dual<T> fmin(const dual<T>& a, const dual<T>& b) { return (b.value < a.value || a.value != a.value) ? b : a; }
template <class T> dual<T> pow(const dual<T>& x, const dual<T>& y) {
  using std::log; using std::pow;
  const T v = pow(x.value, y.value);
  // d(x^y) = y·x^(y−1)·dx + x^y·log(x)·dy; the second term only where y varies.
  const T dx = y.value == T(0) ? T(0) : y.value * pow(x.value, y.value - T(1)) * x.slope;
  const T dy = y.slope == T(0) ? T(0) : v * log(x.value) * y.slope;
  return {v, dx + dy};
}
template <class T> bool isnan(const dual<T>& x) { return x.value != x.value; }
template <class T> bool isfinite(const dual<T>& x) { using std::isfinite; return isfinite(x.value); }

/// True when the one-argument member formula `F` of a generator evaluates on dual numbers.
template <class G, class T>
concept dual_differentiable = requires(const G& g, dual<T> x) {
  { g.activation(x) } -> std::convertible_to<dual<T>>;
  { g.conjugate_of_activation(x) } -> std::convertible_to<dual<T>>;
};

}  // namespace advdiv::gan::detail

/// \cond INTERNAL
/// numeric_limits must be specialised: the generic template silently returns dual{} = 0 for
/// infinity() and quiet_NaN(), which the formulas use.
template <class T>
struct std::numeric_limits<advdiv::gan::detail::dual<T>> : std::numeric_limits<T> {
  using D = advdiv::gan::detail::dual<T>;
  static constexpr D infinity() noexcept { return D(std::numeric_limits<T>::infinity()); }
  static constexpr D quiet_NaN() noexcept { return D(std::numeric_limits<T>::quiet_NaN()); }
  static constexpr D max() noexcept { return D(std::numeric_limits<T>::max()); }
  static constexpr D lowest() noexcept { return D(std::numeric_limits<T>::lowest()); }
  static constexpr D min() noexcept { return D(std::numeric_limits<T>::min()); }
  static constexpr D epsilon() noexcept { return D(std::numeric_limits<T>::epsilon()); }
};
/// \endcond
