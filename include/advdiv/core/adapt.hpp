#pragma once
/// \file
/// Adapters that present any vector_like / matrix_like argument as contiguous
/// spans of its value type. Contiguous storage is viewed in place; expressions
/// and strided views are evaluated once into a buffer owned by the adapter.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace advdiv::detail {

/// A read-only contiguous view of a vector argument, owning a copy only when the
/// argument was not contiguous.
template <class T>
class vector_view {
 public:
  explicit vector_view(std::span<const T> s) : span_(s) {}
  explicit vector_view(std::vector<T>&& owned) : owned_(std::move(owned)), span_(owned_) {}
  vector_view(const vector_view&) = delete;
  vector_view& operator=(const vector_view&) = delete;

  std::span<const T> span() const noexcept { return span_; }
  std::size_t size() const noexcept { return span_.size(); }
  const T* data() const noexcept { return span_.data(); }
  const T& operator[](std::size_t i) const noexcept { return span_[i]; }

 private:
  std::vector<T> owned_;
  std::span<const T> span_;
};

/// Views `v` as contiguous values. `function` and `name` only label the error thrown
/// when an xtensor argument is not one-dimensional.
template <vector_like V>
vector_view<vector_value_t<V>> view_vector(const V& v, const char* function, const char* name) {
  using T = vector_value_t<V>;
  if constexpr (contiguous_floating_range<V>) {
    return vector_view<T>(std::span<const T>(std::ranges::data(v), std::ranges::size(v)));
  } else if constexpr (eigen_vector_like<V>) {
    if constexpr (requires { v.data(); v.innerStride(); }) {
      if (v.innerStride() == 1 || v.size() <= 1)
        return vector_view<T>(std::span<const T>(v.data(), static_cast<std::size_t>(v.size())));
    }
    std::vector<T> copy(static_cast<std::size_t>(v.size()));
    for (std::ptrdiff_t i = 0; i < v.size(); ++i) copy[static_cast<std::size_t>(i)] = v.coeff(i);
    return vector_view<T>(std::move(copy));
  } else {
    if (v.dimension() != 1)
      throw_invalid_argument(function, std::string(name) + " must be one-dimensional, it has " +
                                           std::to_string(v.dimension()) + " dimensions");
    if constexpr (requires { v.data(); v.strides(); v.data_offset(); }) {
      if (v.size() <= 1 || v.strides()[0] == 1)
        return vector_view<T>(
            std::span<const T>(v.data() + v.data_offset(), static_cast<std::size_t>(v.size())));
    }
    std::vector<T> copy;
    copy.reserve(static_cast<std::size_t>(v.size()));
    for (auto it = v.begin(); it != v.end(); ++it) copy.push_back(static_cast<T>(*it));
    return vector_view<T>(std::move(copy));
  }
}

/// Row access to a matrix argument: row(i) is a contiguous span, viewed in place for
/// row-major storage and copied into an internal buffer otherwise.
template <matrix_like M>
class row_reader {
 public:
  using value_type = matrix_value_t<M>;

  row_reader(const M& m, const char* function, const char* name) : m_(m) {
    if constexpr (eigen_matrix_like<M>) {
      rows_ = static_cast<std::size_t>(m.rows());
      cols_ = static_cast<std::size_t>(m.cols());
    } else {
      if (m.dimension() != 2)
        throw_invalid_argument(function, std::string(name) + " must be two-dimensional, it has " +
                                             std::to_string(m.dimension()) + " dimensions");
      rows_ = static_cast<std::size_t>(m.shape()[0]);
      cols_ = static_cast<std::size_t>(m.shape()[1]);
    }
    buffer_.resize(cols_);
  }

  std::size_t rows() const noexcept { return rows_; }
  std::size_t cols() const noexcept { return cols_; }

  /// Row i as a span; valid until the next call of row().
  std::span<const value_type> row(std::size_t i) {
    using T = value_type;
    if constexpr (eigen_matrix_like<M>) {
      if constexpr (requires { m_.data(); m_.innerStride(); m_.outerStride(); M::IsRowMajor; }) {
        if (M::IsRowMajor && m_.innerStride() == 1)
          return {m_.data() + i * static_cast<std::size_t>(m_.outerStride()), cols_};
      }
      const auto r = static_cast<std::ptrdiff_t>(i);
      for (std::size_t j = 0; j < cols_; ++j) buffer_[j] = m_.coeff(r, static_cast<std::ptrdiff_t>(j));
    } else {
      if constexpr (requires { m_.data(); m_.strides(); m_.data_offset(); }) {
        if (cols_ <= 1 || m_.strides()[1] == 1)
          return {m_.data() + m_.data_offset() + i * static_cast<std::size_t>(m_.strides()[0]),
                  cols_};
      }
      for (std::size_t j = 0; j < cols_; ++j) buffer_[j] = static_cast<T>(m_(i, j));
    }
    return {buffer_.data(), cols_};
  }

 private:
  const M& m_;
  std::size_t rows_ = 0, cols_ = 0;
  std::vector<value_type> buffer_;
};

}  // namespace advdiv::detail
