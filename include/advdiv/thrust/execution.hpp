#pragma once
/// \file
/// Execution policies and ranges accepted by the Thrust backend, and the device-side checks
/// shared by its algorithms.

#include <advdiv/thrust/device_system.hpp>  // first: before any Thrust header

#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>

#include <thrust/execution_policy.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/memory.h>
#include <thrust/transform_reduce.h>
#include <thrust/tuple.h>
#include <thrust/type_traits/is_contiguous_iterator.h>
#include <thrust/type_traits/is_execution_policy.h>

#include <cstddef>
#include <iterator>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

namespace advdiv {

/// A Thrust execution policy: thrust::device, thrust::host, thrust::cuda::par,
/// thrust::omp::par, thrust::cpp::par, thrust::seq, ...
template <class E>
concept thrust_execution_policy = thrust::is_execution_policy<std::remove_cvref_t<E>>::value;

/// A container whose elements a Thrust policy can read: begin()/end() random-access iterators
/// over floating values (thrust::device_vector, thrust::host_vector, std::vector with a host
/// policy, ...).
template <class R>
concept thrust_floating_range = requires(const R& r) {
  r.begin();
  r.end();
  r.end() - r.begin();
} && std::is_floating_point_v<typename std::iterator_traits<decltype(std::declval<const R&>().begin())>::value_type>;

namespace detail {

/// Value type of an iterator.
template <class It>
using iter_value_t = std::remove_cv_t<typename std::iterator_traits<It>::value_type>;

/// Storage from thrust::get_temporary_buffer in the policy's system, returned on destruction.
template <class T, class E>
class temporary_buffer {
 public:
  temporary_buffer(const E& exec, std::size_t n)
      : exec_(exec), buf_(thrust::get_temporary_buffer<T>(exec, static_cast<std::ptrdiff_t>(n))) {
    if (static_cast<std::size_t>(buf_.second) < n) {
      thrust::return_temporary_buffer(exec_, buf_.first, buf_.second);
      throw std::bad_alloc();
    }
  }
  temporary_buffer(const temporary_buffer&) = delete;
  temporary_buffer& operator=(const temporary_buffer&) = delete;
  ~temporary_buffer() { thrust::return_temporary_buffer(exec_, buf_.first, buf_.second); }
  auto begin() const { return buf_.first; }

 private:
  const E& exec_;
  decltype(thrust::get_temporary_buffer<T>(std::declval<const E&>(), std::ptrdiff_t{})) buf_;
};

/// Whether a policy runs on the host's threads (cpp, omp, tbb systems and thrust::seq).
template <class E>
inline constexpr bool runs_on_host =
    std::is_base_of_v<thrust::system::detail::sequential::execution_policy<E>, E>;

/// Whether a policy runs on a CUDA device.
template <class E>
inline constexpr bool runs_on_cuda = !runs_on_host<E>;

/// Throws std::invalid_argument `function: name is empty` for n = 0 (core's check_nonempty).
inline void check_nonempty_size(const char* function, const char* name, std::size_t n) {
  check_nonempty(function, name, n);
}

/// The index and value of the first entry failing a test (index = size when none does).
template <class T>
struct indexed_value {
  std::size_t index;  ///< position of the entry
  T value;            ///< the entry
};

/// Keeps the entry with the smaller index.
template <class T>
struct first_of {
  ADVDIV_HOST_DEVICE indexed_value<T> operator()(const indexed_value<T>& a,
                                                 const indexed_value<T>& b) const noexcept {
    return b.index < a.index ? b : a;
  }
};

/// (i, x_i) → (i, x_i) if x_i fails `Test`, else (none, x_i).
template <class T, class Test>
struct flag_entry {
  std::size_t none;
  Test test;
  ADVDIV_HOST_DEVICE indexed_value<T> operator()(const thrust::tuple<std::size_t, T>& t) const noexcept {
    const T x = thrust::get<1>(t);
    return {test(x) ? none : thrust::get<0>(t), x};
  }
};

/// Test of finiteness as a functor.
struct is_finite_value {
  template <class T>
  ADVDIV_HOST_DEVICE bool operator()(T x) const noexcept { return math::isfinite(x); }
};

/// The first entry of [first, first + n) failing `test`, found by a device reduction (the slow
/// path taken only to name an offending entry); index = n if there is none.
template <class E, class It, class Test>
auto first_failing(const E& exec, It first, std::size_t n, Test test) {
  using T = iter_value_t<It>;
  auto zipped = thrust::make_zip_iterator(thrust::make_tuple(thrust::counting_iterator<std::size_t>(0), first));
  return thrust::transform_reduce(exec, zipped, zipped + static_cast<std::ptrdiff_t>(n),
                                  flag_entry<T, Test>{n, test}, indexed_value<T>{n, T(0)},
                                  first_of<T>{});
}

/// Throws std::domain_error `function: name[i] = value is not finite` for the first NaN or
/// infinite entry of [first, first + n), found by a device reduction.
template <class E, class It>
void check_finite_range(const E& exec, const char* function, const char* name, It first, std::size_t n) {
  const auto bad = first_failing(exec, first, n, is_finite_value{});
  if (bad.index < n) throw_domain_error(function, element_text(name, bad.index, bad.value) + " is not finite");
}

/// Size of a container as std::size_t.
template <class C>
std::size_t range_size(const C& c) {
  return static_cast<std::size_t>(c.end() - c.begin());
}

}  // namespace detail
}  // namespace advdiv
