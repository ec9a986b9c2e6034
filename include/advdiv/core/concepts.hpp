#pragma once
/// \file
/// Named roles for template arguments, so that a wrong argument fails with a
/// sentence instead of a page of template noise.
///
/// None of these concepts includes Eigen or xtensor: they recognise those types
/// by the members they expose (Eigen: `Scalar`, `coeff(i)`, `innerStride()`;
/// xtensor: `value_type`, `shape()`, `strides()`, element iteration).

#include <concepts>
#include <cstddef>
#include <ranges>
#include <type_traits>

namespace advdiv {

/// float, double or long double.
template <class T>
concept floating_scalar = std::floating_point<T>;

namespace detail {

template <class V>
using bare_t = std::remove_cvref_t<V>;

/// Has an xtensor-style rank (such types are handled as xtensor even when contiguous, so a
/// 2-D tensor is never read as a flat vector).
template <class V>
concept has_rank = requires(const bare_t<V>& v) {
  v.shape();
  v.dimension();
};

/// A contiguous standard range of floating values (std::vector, std::array, std::span, C array).
template <class V>
concept contiguous_floating_range =
    std::ranges::contiguous_range<V> && std::ranges::sized_range<V> &&
    floating_scalar<std::remove_cv_t<std::ranges::range_value_t<V>>> && !has_rank<V>;

/// An Eigen dense vector or vector expression (anything with Scalar, size() and coeff(i)
/// whose shape is a vector at compile time).
template <class V>
concept eigen_vector_like = requires(const bare_t<V>& v, std::ptrdiff_t i) {
  typename bare_t<V>::Scalar;
  { bare_t<V>::IsVectorAtCompileTime } -> std::convertible_to<bool>;
  { v.size() } -> std::convertible_to<std::ptrdiff_t>;
  v.coeff(i);
} && floating_scalar<typename bare_t<V>::Scalar> && bool(bare_t<V>::IsVectorAtCompileTime);

/// An Eigen dense matrix or expression (2-D).
template <class M>
concept eigen_matrix_like = requires(const bare_t<M>& m, std::ptrdiff_t i) {
  typename bare_t<M>::Scalar;
  { m.rows() } -> std::convertible_to<std::ptrdiff_t>;
  { m.cols() } -> std::convertible_to<std::ptrdiff_t>;
  m.coeff(i, i);
} && floating_scalar<typename bare_t<M>::Scalar>;

/// An xtensor container or expression (recognised by shape() and element iteration).
template <class V>
concept xtensor_like = requires(const bare_t<V>& v) {
  typename bare_t<V>::value_type;
  v.shape();
  v.dimension();
  v.begin();
  v.end();
} && floating_scalar<typename bare_t<V>::value_type> && !eigen_matrix_like<V>;

}  // namespace detail

/// A one-dimensional sequence of floating values that advdiv reads as a vector:
/// std::vector / std::array / std::span / C arrays, Eigen vectors, arrays, maps and
/// expressions, and 1-D xtensor containers and expressions (their rank is checked
/// at run time).
template <class V>
concept vector_like = detail::contiguous_floating_range<V> || detail::eigen_vector_like<V> ||
                      detail::xtensor_like<V>;

namespace detail {
/// A vector of integers (not bool or characters): a contiguous standard range, or an Eigen
/// vector of a non-floating scalar. The discrete divergences accept it in overload resolution only to stop
/// it with one readable static_assert (counts must be normalised on purpose: from_counts).
template <class T>
concept count_scalar = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> &&
                       !std::same_as<T, signed char> && !std::same_as<T, unsigned char> &&
                       !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> && !std::same_as<T, char16_t> &&
                       !std::same_as<T, char32_t>;
template <class V>
concept non_floating_vector =
    (std::ranges::contiguous_range<V> && std::ranges::sized_range<V> &&
     count_scalar<std::remove_cv_t<std::ranges::range_value_t<V>>> && !has_rank<V>) ||
    (requires { typename bare_t<V>::Scalar; { bare_t<V>::IsVectorAtCompileTime } -> std::convertible_to<bool>; } &&
     !requires { requires floating_scalar<typename bare_t<V>::Scalar>; });
}  // namespace detail

/// A probability vector argument (p or q of a discrete divergence): a vector_like
/// sequence of floating values. The values themselves (non-negative, summing to 1)
/// are checked at run time. A vector of integers also matches, so that the divergence can
/// refuse it with a static_assert that says what to do instead of a page of unmet
/// constraints.
template <class V>
concept probability_range = vector_like<V> || detail::non_floating_vector<V>;

/// A two-dimensional array whose rows are vectors: Eigen matrices (either storage
/// order, maps and expressions) and 2-D xtensor containers and expressions.
template <class M>
concept matrix_like = detail::eigen_matrix_like<M> || detail::xtensor_like<M>;

namespace detail {
template <class V>
struct vector_value;
template <contiguous_floating_range V>
struct vector_value<V> {
  using type = std::remove_cv_t<std::ranges::range_value_t<V>>;
};
template <class V>
  requires(!contiguous_floating_range<V> && eigen_vector_like<V>)
struct vector_value<V> {
  using type = typename bare_t<V>::Scalar;
};
template <class V>
  requires(!contiguous_floating_range<V> && !eigen_vector_like<V> && xtensor_like<V>)
struct vector_value<V> {
  using type = typename bare_t<V>::value_type;
};
template <class M>
struct matrix_value;
template <eigen_matrix_like M>
struct matrix_value<M> {
  using type = typename bare_t<M>::Scalar;
};
template <class M>
  requires(!eigen_matrix_like<M> && xtensor_like<M>)
struct matrix_value<M> {
  using type = typename bare_t<M>::value_type;
};
}  // namespace detail

/// The floating type of the elements of a vector_like V.
template <vector_like V>
using vector_value_t = typename detail::vector_value<detail::bare_t<V>>::type;

/// The floating type of the elements of a matrix_like M.
template <matrix_like M>
using matrix_value_t = typename detail::matrix_value<detail::bare_t<M>>::type;

}  // namespace advdiv
