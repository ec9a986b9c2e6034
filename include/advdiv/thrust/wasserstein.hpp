#pragma once
/// \file
/// 1-D p-Wasserstein distance between samples and its batched form (sliced Wasserstein
/// projections), run by Thrust: sort, then reduce over the merged steps of the two quantile
/// functions.

#include <advdiv/core/math.hpp>  // before execution.hpp, which uses math:: without including it
#include <advdiv/thrust/execution.hpp>
#include <advdiv/transport/wasserstein_term.hpp>

#include <thrust/copy.h>
#include <thrust/functional.h>
#include <thrust/logical.h>
#include <thrust/memory.h>
#include <thrust/merge.h>
#include <thrust/reduce.h>
#include <thrust/sort.h>
#include <thrust/transform.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/discard_iterator.h>
#include <thrust/iterator/transform_iterator.h>

#include <cstdint>
#include <string>

namespace advdiv {

namespace detail {

/// i → (i + 1)·step (the breakpoints of one quantile function, in units of 1/(n·m)).
struct breakpoint {
  std::uint64_t step;
  ADVDIV_HOST_DEVICE std::uint64_t operator()(std::uint64_t i) const noexcept { return (i + 1) * step; }
};

/// i → i / n.
struct segment_of {
  std::uint64_t n;
  ADVDIV_HOST_DEVICE std::uint64_t operator()(std::uint64_t i) const noexcept { return i / n; }
};

/// The pieces of the merged quantile functions of every row (n and m sorted points per
/// row): piece k of row r has mass (c_k − c_{k−1})/(n·m) and the values x_(i), y_(j), where
/// i = ⌈c_k/m⌉ − 1, j = ⌈c_k/n⌉ − 1 and c holds the merged breakpoints. For n = m the pieces
/// are the points themselves (mass 1/n, c unused).
template <class ItX, class ItY, class ItC>
struct merged_pieces {
  ItX x;
  ItY y;
  ItC c;
  std::uint64_t n, m, pieces;  // pieces per row
  ADVDIV_HOST_DEVICE void locate(std::uint64_t g, double& mass, double& xv, double& yv) const noexcept {
    const std::uint64_t r = g / pieces, k = g % pieces;
    std::uint64_t i = k, j = k;
    mass = 1.0 / double(n);
    if (n != m) {
      const std::uint64_t ck = c[k], prev = k == 0 ? 0 : std::uint64_t(c[k - 1]);
      i = (ck + m - 1) / m - 1;
      j = (ck + n - 1) / n - 1;
      mass = double(ck - prev) / (double(n) * double(m));
    }
    xv = double(x[r * n + i]);
    yv = double(y[r * m + j]);
  }
};

/// Global piece g → its gap (wasserstein_gap with the given unit).
template <class Pieces>
struct piece_gap {
  Pieces pieces;
  double unit;
  ADVDIV_HOST_DEVICE double operator()(std::uint64_t g) const noexcept {
    double mass, x, y;
    pieces.locate(g, mass, x, y);
    return wasserstein_gap<double>{unit}(x, y);
  }
};

/// Global piece g → its term (wasserstein_term with the scaling of its row).
template <class Pieces>
struct piece_term {
  Pieces pieces;
  const wasserstein_scaling<double>* scaling;  // one per row
  double p;
  ADVDIV_HOST_DEVICE double operator()(std::uint64_t g) const noexcept {
    double mass, x, y;
    pieces.locate(g, mass, x, y);
    return wasserstein_term<double>{p, scaling[g / pieces.pieces]}(mass, x, y);
  }
};

/// Largest gap with unit 1 and with unit ½ → the scaling of a row (unit ½ only where a gap
/// overflowed with unit 1).
struct choose_scaling {
  ADVDIV_HOST_DEVICE wasserstein_scaling<double> operator()(double whole, double half) const noexcept {
    return whole < math::infinity<double>() ? wasserstein_scaling<double>::from_max_gap(whole)
                                            : wasserstein_scaling<double>::from_max_gap(half, 0.5);
  }
};

/// (sum of a row's terms, its scaling) → W_p (wasserstein_root).
struct root_of_row {
  double p;
  ADVDIV_HOST_DEVICE double operator()(double sum, const wasserstein_scaling<double>& s) const noexcept {
    return wasserstein_root<double>{p, s}(sum);
  }
};

/// Is a value +inf.
struct is_infinite {
  ADVDIV_HOST_DEVICE bool operator()(double x) const noexcept { return !(x < math::infinity<double>()); }
};

/// Checks sizes, finiteness and p as the CPU advdiv::wasserstein_1d, with its messages.
template <class E, class ItX, class ItY>
void check_samples(const E& exec, const char* function, ItX x, std::size_t nx, ItY y, std::size_t ny,
                   double p) {
  check_nonempty_size(function, "x", nx);
  check_nonempty_size(function, "y", ny);
  const auto bx = first_failing(exec, x, nx, is_finite_value{});
  if (bx.index < nx) check_finite(function, element_name("x", bx.index).c_str(), bx.value);
  const auto by = first_failing(exec, y, ny, is_finite_value{});
  if (by.index < ny) check_finite(function, element_name("y", by.index).c_str(), by.value);
  check_order_p(function, p);
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
  // Two reductions per row: the largest gap (again with unit ½ if one overflowed), then the
  // scaled terms (transport/wasserstein_term.hpp); then the root of each row.
  using pieces_t = merged_pieces<decltype(xs.begin()), decltype(ys.begin()), decltype(c.begin())>;
  const pieces_t all{xs.begin(), ys.begin(), c.begin(), n, m, pieces};
  const auto total = static_cast<std::ptrdiff_t>(rows * pieces);
  const auto count = thrust::counting_iterator<std::uint64_t>(0);
  auto keys = thrust::make_transform_iterator(count, segment_of{pieces});
  temporary_buffer<double, E> whole(exec, rows), half(exec, rows), sums(exec, rows);
  temporary_buffer<wasserstein_scaling<double>, E> scaling(exec, rows);
  auto max_gap = [&](double unit, auto out) {
    thrust::reduce_by_key(exec, keys, keys + total,
                          thrust::make_transform_iterator(count, piece_gap<pieces_t>{all, unit}),
                          thrust::make_discard_iterator(), out, thrust::equal_to<std::uint64_t>(),
                          thrust::maximum<double>());
  };
  max_gap(1.0, whole.begin());
  const auto rows_d = static_cast<std::ptrdiff_t>(rows);
  if (thrust::any_of(exec, whole.begin(), whole.begin() + rows_d, is_infinite{})) max_gap(0.5, half.begin());
  else thrust::copy(exec, whole.begin(), whole.begin() + rows_d, half.begin());
  thrust::transform(exec, whole.begin(), whole.begin() + rows_d, half.begin(), scaling.begin(),
                    choose_scaling{});
  const piece_term<pieces_t> term{all, thrust::raw_pointer_cast(scaling.begin()), p};
  thrust::reduce_by_key(exec, keys, keys + total, thrust::make_transform_iterator(count, term),
                        thrust::make_discard_iterator(), sums.begin());
  thrust::transform(exec, sums.begin(), sums.begin() + rows_d, scaling.begin(), out, root_of_row{p});
}

}  // namespace detail

/// p-Wasserstein distance W_p between the empirical distributions of two 1-D samples x (n
/// points) and y (m points), computed by Thrust under `exec`:
/// \f[ W_p = \Big(\int_0^1 |F_x^{-1}(u) - F_y^{-1}(u)|^p\,du\Big)^{1/p}. \f]
/// Both samples are copied and sorted on the device; the steps i/n and j/m of the two quantile
/// functions are merged as exact integers over n·m and the pieces reduced, with the per-piece
/// term and the root of the CPU path (transport/wasserstein_term.hpp): gaps divided by the
/// largest one before the power, so no finite input overflows or underflows. For p = 1 this
/// is the integral of |F_x − F_y| (SciPy's wasserstein_distance). Returns W_p, not W_p^p.
///
/// \throws std::invalid_argument x or y empty.
/// \throws std::domain_error a NaN or infinite value (found by a device reduction), p not
///         finite or < 1. Messages as the CPU advdiv::wasserstein_1d.
/// Complexity: two sorts and three O(n + m) passes (largest gap, terms, a second gap pass only
/// when a gap overflows) on the device.
///
/// \code
/// thrust::device_vector<float> x = ..., y = ...;
/// double w2 = advdiv::wasserstein_1d(thrust::device, x, y, 2.0);
/// \endcode
template <thrust_execution_policy E, thrust_floating_range X, thrust_floating_range Y>
double wasserstein_1d(const E& exec, const X& x, const Y& y, double p = 1.0) {
  const auto n = static_cast<std::size_t>(x.end() - x.begin());
  const auto m = static_cast<std::size_t>(y.end() - y.begin());
  detail::check_samples(exec, "advdiv::wasserstein_1d", x.begin(), n, y.begin(), m, p);
  detail::temporary_buffer<double, E> w(exec, 1);
  detail::thrust_wasserstein_rows(exec, x.begin(), y.begin(), 1, n, m, p, w.begin());
  return w.begin()[0];  // one element read back to the host
}

namespace rowwise {

/// Batched 1-D Wasserstein (the slices of sliced Wasserstein): x holds B rows of n projected
/// samples and y B rows of m, row-major; out is resized to B and receives W_p(x_r, y_r).
///
/// \throws std::invalid_argument if n or m is 0, or x, y are not the same whole number B ≥ 1
///         of rows; std::domain_error for a NaN / infinite value or p out of range
///         (`x[130] = nan is not finite`, indices into the flat arrays).
/// Complexity: two segmented sorts (two stable sort-by-key passes each) and two or three
/// reduce_by_key passes.
///
/// \code
/// thrust::device_vector<double> xp(L * n), yp(L * m), w;  // L projections
/// advdiv::rowwise::wasserstein_1d(thrust::device, xp, yp, n, m, w, 2.0);
/// \endcode
template <thrust_execution_policy E, thrust_floating_range X, thrust_floating_range Y, class Out>
void wasserstein_1d(const E& exec, const X& x, const Y& y, std::size_t n, std::size_t m, Out& out,
                    double p = 1.0) {
  constexpr const char* function = "advdiv::rowwise::wasserstein_1d";
  const auto nx = static_cast<std::size_t>(x.end() - x.begin());
  const auto ny = static_cast<std::size_t>(y.end() - y.begin());
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
