#pragma once
/// \file
/// 1-D p-Wasserstein distance between samples and its batched form (sliced Wasserstein
/// projections), run by Thrust: sort, then reduce over the merged steps of the two quantile
/// functions.

#include <advdiv/thrust/execution.hpp>

#include <thrust/copy.h>
#include <thrust/fill.h>
#include <thrust/merge.h>
#include <thrust/reduce.h>
#include <thrust/sort.h>
#include <thrust/iterator/discard_iterator.h>
#include <thrust/iterator/transform_output_iterator.h>

#include <cstdint>
#include <string>
#include <type_traits>

namespace advdiv {

namespace detail {

/// i → (i + 1)·step (the breakpoints of one quantile function, in units of 1/(n·m)).
struct breakpoint {
  std::uint64_t step;
  ADVDIV_HOST_DEVICE std::uint64_t operator()(std::uint64_t i) const noexcept { return (i + 1) * step; }
};

/// Piece k of the merged quantile functions of row r (n and m sorted points): its mass
/// (c_k − c_{k−1})/(n·m) times |x_(i) − y_(j)|^p, where i = ⌈c_k/m⌉ − 1, j = ⌈c_k/n⌉ − 1.
/// For n = m the pieces are the points themselves (mass 1/n).
template <class ItX, class ItY, class ItC>
struct wasserstein_piece {
  ItX x;
  ItY y;
  ItC c;  // merged breakpoints (unused when n = m)
  std::uint64_t n, m, pieces;
  double p;
  ADVDIV_HOST_DEVICE double operator()(std::uint64_t g) const noexcept {
    const std::uint64_t r = g / pieces, k = g % pieces;
    std::uint64_t i = k, j = k;
    double mass = 1.0 / double(n);
    if (n != m) {
      const std::uint64_t ck = c[k], prev = k == 0 ? 0 : std::uint64_t(c[k - 1]);
      i = (ck + m - 1) / m - 1;
      j = (ck + n - 1) / n - 1;
      mass = double(ck - prev) / (double(n) * double(m));
    }
    const double d = math::abs(double(x[r * n + i]) - double(y[r * m + j]));
    if (p == 1.0) return mass * d;
    if (p == 2.0) return mass * d * d;
    return mass * math::pow(d, p);
  }
};

/// W_p^p → W_p.
struct root_p {
  double p;
  ADVDIV_HOST_DEVICE double operator()(double wpp) const noexcept {
    if (!(wpp > 0.0)) return 0.0;
    if (p == 1.0) return wpp;
    if (p == 2.0) return math::sqrt(wpp);
    return math::pow(wpp, 1.0 / p);
  }
};

/// i → i / n.
struct segment_of {
  std::uint64_t n;
  ADVDIV_HOST_DEVICE std::uint64_t operator()(std::uint64_t i) const noexcept { return i / n; }
};

/// Checks sizes, finiteness and p as the CPU advdiv::wasserstein_1d; `row` ≥ 0 names rows.
template <class E, class ItX, class ItY>
void check_samples(const E& exec, const char* function, ItX x, std::size_t nx, ItY y, std::size_t ny,
                   double p) {
  check_nonempty_size(function, "x", nx);
  check_nonempty_size(function, "y", ny);
  const auto bx = first_failing(exec, x, nx, is_finite_value{});
  if (bx.index < nx) throw_domain_error(function, element_text("x", bx.index, bx.value) + " is not finite");
  const auto by = first_failing(exec, y, ny, is_finite_value{});
  if (by.index < ny) throw_domain_error(function, element_text("y", by.index, by.value) + " is not finite");
  check_parameter(function, "p", p, p >= 1.0 && p < math::infinity<double>(), "must be finite and >= 1");
}

/// W_p of B row pairs (x: B×n, y: B×m, row-major) into out; x and y are copied and sorted
/// per row (two stable sort-by-key passes: by value, then by row).
template <class E, class ItX, class ItY, class Out>
void thrust_wasserstein_rows(const E& exec, ItX x, ItY y, std::size_t rows, std::size_t n, std::size_t m,
                             double p, Out out) {
  using TX = iter_value_t<ItX>;
  using TY = iter_value_t<ItY>;
  temporary_buffer<TX, E> xs(exec, rows * n);
  temporary_buffer<TY, E> ys(exec, rows * m);
  thrust::copy(exec, x, x + static_cast<std::ptrdiff_t>(rows * n), xs.begin());
  thrust::copy(exec, y, y + static_cast<std::ptrdiff_t>(rows * m), ys.begin());
  auto sort_rows = [&](auto values, std::size_t len) {
    if (rows == 1) {
      thrust::sort(exec, values, values + static_cast<std::ptrdiff_t>(len));
      return;
    }
    temporary_buffer<std::uint64_t, E> keys(exec, rows * len);
    const auto total = static_cast<std::ptrdiff_t>(rows * len);
    auto seg = thrust::make_transform_iterator(thrust::counting_iterator<std::uint64_t>(0), segment_of{len});
    thrust::copy(exec, seg, seg + total, keys.begin());
    thrust::stable_sort_by_key(exec, values, values + total, keys.begin());
    thrust::stable_sort_by_key(exec, keys.begin(), keys.begin() + total, values);
  };
  sort_rows(xs.begin(), n);
  sort_rows(ys.begin(), m);
  const std::uint64_t pieces = n == m ? n : n + m;
  temporary_buffer<std::uint64_t, E> c(exec, n == m ? 1 : n + m);
  if (n != m) {
    auto a = thrust::make_transform_iterator(thrust::counting_iterator<std::uint64_t>(0), breakpoint{m});
    auto b = thrust::make_transform_iterator(thrust::counting_iterator<std::uint64_t>(0), breakpoint{n});
    thrust::merge(exec, a, a + static_cast<std::ptrdiff_t>(n), b, b + static_cast<std::ptrdiff_t>(m), c.begin());
  }
  using piece_t = wasserstein_piece<decltype(xs.begin()), decltype(ys.begin()), decltype(c.begin())>;
  const piece_t piece{xs.begin(), ys.begin(), c.begin(), n, m, pieces, p};
  auto terms = thrust::make_transform_iterator(thrust::counting_iterator<std::uint64_t>(0), piece);
  if (rows == 1) {
    const double wpp = thrust::reduce(exec, terms, terms + static_cast<std::ptrdiff_t>(pieces), 0.0);
    if constexpr (std::is_same_v<Out, double*>)
      *out = root_p{p}(wpp);  // the host scalar of wasserstein_1d
    else
      thrust::fill_n(exec, out, 1, root_p{p}(wpp));
    return;
  }
  auto keys = thrust::make_transform_iterator(thrust::counting_iterator<std::uint64_t>(0), segment_of{pieces});
  auto roots = thrust::make_transform_output_iterator(out, root_p{p});
  thrust::reduce_by_key(exec, keys, keys + static_cast<std::ptrdiff_t>(rows * pieces), terms,
                        thrust::make_discard_iterator(), roots);
}

}  // namespace detail

/// p-Wasserstein distance W_p between the empirical distributions of two 1-D samples x (n
/// points) and y (m points), computed by Thrust under `exec`:
/// \f[ W_p = \Big(\int_0^1 |F_x^{-1}(u) - F_y^{-1}(u)|^p\,du\Big)^{1/p}. \f]
/// Both samples are copied and sorted on the device; the steps i/n and j/m of the two quantile
/// functions are merged as exact integers over n·m and the pieces reduced. For p = 1 this is
/// the integral of |F_x − F_y| (SciPy's wasserstein_distance). Returns W_p, not W_p^p.
///
/// \throws std::invalid_argument x or y empty.
/// \throws std::domain_error a NaN or infinite value (found by a device reduction), p not
///         finite or < 1. Messages as the CPU advdiv::wasserstein_1d.
/// Complexity: two sorts and O(n + m) further work and memory on the device.
///
/// \code
/// thrust::device_vector<float> x = ..., y = ...;
/// double w2 = advdiv::wasserstein_1d(thrust::device, x, y, 2.0);
/// \endcode
template <thrust_execution_policy E, thrust_floating_range X, thrust_floating_range Y>
double wasserstein_1d(const E& exec, const X& x, const Y& y, double p = 1.0) {
  const std::size_t n = detail::range_size(x), m = detail::range_size(y);
  detail::check_samples(exec, "advdiv::wasserstein_1d", x.begin(), n, y.begin(), m, p);
  double w = 0.0;
  detail::thrust_wasserstein_rows(exec, x.begin(), y.begin(), 1, n, m, p, &w);
  return w;
}

namespace rowwise {

/// Batched 1-D Wasserstein (the slices of sliced Wasserstein): x holds B rows of n projected
/// samples and y B rows of m, row-major; out is resized to B and receives W_p(x_r, y_r).
///
/// \throws std::invalid_argument if n or m is 0, or x, y are not the same whole number B ≥ 1
///         of rows; std::domain_error for a NaN / infinite value or p out of range
///         (`x[130] = nan is not finite`, indices into the flat arrays).
/// Complexity: two segmented sorts (two stable sort-by-key passes each) and one reduce_by_key.
///
/// \code
/// thrust::device_vector<double> xp(L * n), yp(L * m), w;  // L projections
/// advdiv::rowwise::wasserstein_1d(thrust::device, xp, yp, n, m, w, 2.0);
/// \endcode
template <thrust_execution_policy E, thrust_floating_range X, thrust_floating_range Y, class Out>
void wasserstein_1d(const E& exec, const X& x, const Y& y, std::size_t n, std::size_t m, Out& out,
                    double p = 1.0) {
  constexpr const char* function = "advdiv::rowwise::wasserstein_1d";
  const std::size_t nx = advdiv::detail::range_size(x), ny = advdiv::detail::range_size(y);
  advdiv::detail::check_nonempty_size(function, "x", n == 0 ? 0 : nx);
  advdiv::detail::check_nonempty_size(function, "y", m == 0 ? 0 : ny);
  if (nx % n != 0 || ny % m != 0 || nx / n != ny / m)
    advdiv::detail::throw_invalid_argument(
        function, "x and y are not the same number of rows of " + std::to_string(n) + " and " +
                      std::to_string(m) + " samples (" + std::to_string(nx) + " and " +
                      std::to_string(ny) + " elements)");
  advdiv::detail::check_samples(exec, function, x.begin(), nx, y.begin(), ny, p);
  out.resize(nx / n);
  advdiv::detail::thrust_wasserstein_rows(exec, x.begin(), y.begin(), nx / n, n, m, p, out.begin());
}

}  // namespace rowwise
}  // namespace advdiv
