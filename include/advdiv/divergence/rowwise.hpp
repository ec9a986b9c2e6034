#pragma once
/// \file
/// Row-wise divergences: one value per row, where the rows of a 2-D array are the distributions
/// (the last axis is summed: axis = 1 in NumPy's terms, `dim=-1` in torch's). Two shapes of
/// call, for every name of the catalogue (ADVDIV_NAMED_DIVERGENCES) plus f_divergence,
/// alpha_divergence and renyi:
///   - row against row: `rowwise::kl(P, Q)`, B × K and B × K, gives KL(P_i‖Q_i) for each i;
///   - broadcast: `rowwise::kl(P, q)` (every row of P against the one distribution q) and
///     `rowwise::kl(p, Q)` (p against every row of Q), q or p of length K.
/// A matrix is an Eigen matrix of either storage order, map or expression, or a 2-D xtensor
/// container or expression; the broadcast distribution is any vector advdiv::kl takes
/// (std::vector, std::span, an Eigen vector, a 1-D xtensor; an xtensor argument is a matrix or
/// a vector by its run-time dimension).
///
/// The result is an `Eigen::Matrix<R, Eigen::Dynamic, 1>` (Eigen::VectorX<R>, R the common
/// value type) when an argument is an Eigen type, and a `std::vector<R>` otherwise: the header
/// does not include Eigen, so a caller with only xtensor or standard containers does not pay
/// for compiling Eigen (about half a second) to receive B numbers.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

// Eigen's own declaration (Eigen/src/Core/util/ForwardDeclarations.h) supplies the defaults;
// redeclaring the template without them is allowed and lets the result type be named without
// including Eigen. It is only completed, and only used, when an argument is an Eigen type.
namespace Eigen {
template <typename Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
class Matrix;
}  // namespace Eigen

namespace advdiv::rowwise {

namespace detail {

/// An argument of a row-wise call: a matrix (Eigen, not a vector at compile time; or xtensor)
/// or one distribution (a vector_like; or xtensor).
template <class X>
concept rowwise_argument = matrix_like<X> || vector_like<X>;

/// Whether X can only be one distribution (known at compile time: a standard range or an Eigen
/// vector type); xtensor arguments are decided by their dimension at run time. xtensor is tested
/// first: the conjunction then never asks std::ranges about an xtensor view, whose begin() does
/// not compile for some nested views (xtensor 0.24).
template <class X>
concept static_vector = !advdiv::detail::xtensor_like<X> && vector_like<X>;

/// The arguments of a row-wise call: each a rowwise_argument, not both vectors at compile time.
template <class XP, class XQ>
concept rowwise_pair = rowwise_argument<XP> && rowwise_argument<XQ> && !(static_vector<XP> && static_vector<XQ>);

/// The value type of a row-wise argument.
template <class X>
struct rowwise_value {
  using type = vector_value_t<X>;
};
template <class X>
  requires(matrix_like<X> && !static_vector<X>)
struct rowwise_value<X> {
  using type = matrix_value_t<X>;
};
template <class X>
using rowwise_value_t = typename rowwise_value<X>::type;

/// The common value type of a row-wise call.
template <class XP, class XQ>
using rowwise_scalar_t = divergence_result_t<rowwise_value_t<XP>, rowwise_value_t<XQ>>;

/// The result of a row-wise call: Eigen::VectorX<R> if an argument is an Eigen type (Options 0 =
/// ColMajor | AutoAlign, Eigen's default for a column vector), else std::vector<R>.
template <class XP, class XQ>
using rowwise_result_t =
    std::conditional_t<advdiv::detail::eigen_matrix_like<XP> || advdiv::detail::eigen_matrix_like<XQ>,
                       Eigen::Matrix<rowwise_scalar_t<XP, XQ>, -1, 1, 0, -1, 1>, std::vector<rowwise_scalar_t<XP, XQ>>>;

template <class X, bool Matrix = matrix_like<X> && !static_vector<X>>
struct rows_of {
  using type = std::optional<int>;  // never engaged: X is never a matrix
};
template <class X>
struct rows_of<X, true> {
  using type = std::optional<advdiv::detail::row_reader<X>>;
};

/// One argument read as the rows of a matrix or as one distribution broadcast against every
/// row of the other argument. Names its elements in errors as the rest of the library does:
/// `p(2, 3)` and `row 2 of p` for a matrix, `q[3]` and `q` for a vector.
template <rowwise_argument X>
class rowwise_operand {
 public:
  using value_type = rowwise_value_t<X>;

  rowwise_operand(const X& x, const char* function, const char* name) : name_(name) {
    if constexpr (static_vector<X>) {
      read_vector(x, function);
    } else if constexpr (advdiv::detail::xtensor_like<X>) {
      if (x.dimension() == 1)
        read_vector(x, function);
      else if (x.dimension() == 2)
        rows_.emplace(x, function, name);
      else
        advdiv::detail::throw_invalid_argument(function, std::string(name) + " must be one- or two-dimensional, it has " +
                                                         std::to_string(x.dimension()) + " dimensions");
    } else {
      rows_.emplace(x, function, name);
    }
  }

  bool is_vector() const noexcept { return !rows_.has_value(); }
  /// The rows of a matrix (1 for a vector).
  std::size_t rows() const noexcept {
    if constexpr (requires { rows_->rows(); })
      if (rows_) return rows_->rows();
    return 1;
  }
  /// The columns of a matrix, or the length of a vector.
  std::size_t cols() const noexcept {
    if constexpr (requires { rows_->cols(); })
      if (rows_) return rows_->cols();
    return vector_.size();
  }

  /// Row i (the vector itself when broadcast); valid until the next call.
  std::span<const value_type> row(std::size_t i) {
    if (is_vector()) return {vector_.data(), vector_.size()};
    if constexpr (requires { rows_->row(i); }) return rows_->row(i);
    return {};
  }

  /// What the sum messages call row i: `row 2 of p`, or `q` for a broadcast vector.
  std::string label(std::size_t i) const {
    return is_vector() ? std::string(name_) : "row " + std::to_string(i) + " of " + name_;
  }

  /// Throws check_nonnegative_finite's message for the first invalid entry of row i.
  void check_masses(const char* function, std::size_t i, std::span<const value_type> x) const {
    if (is_vector())
      check_nonnegative_finite(function, name_, x);
    else
      advdiv::detail::check_row_masses(function, name_, i, x);
  }

 private:
  template <class V>
  void read_vector(const V& v, const char* function) {
    if constexpr (advdiv::detail::xtensor_like<V>) {
      // Element access only: this is compiled for every xtensor type (a matrix-typed one too,
      // where it never runs), and the iterators of nested xtensor 0.24 views do not compile.
      const auto n = static_cast<std::size_t>(v.shape()[0]);
      vector_.resize(n);
      for (std::size_t i = 0; i < n; ++i) vector_[i] = static_cast<value_type>(v(i));
    } else {
      const auto view = advdiv::detail::view_vector(v, function, name_);
      vector_.assign(view.span().begin(), view.span().end());
    }
  }
  const char* name_;
  std::vector<value_type> vector_;  // the broadcast distribution (K values, copied once)
  typename rows_of<X>::type rows_;  // engaged for a matrix
};

/// The values of rows [0, rows) of two validated operands into out[0, rows): Σ term of each
/// row pair (sum_blocks), checked (sums within the tolerance, masses), then row_value's finish.
/// Errors name row row_offset + i: a rank of the MPI layer holds the rows of a larger batch.
template <class R, class OP, class OQ, class RowValue, class Out>
void fill_rows(const char* function, OP& pr, OQ& qr, std::size_t rows, std::size_t cols,
               const advdiv::detail::checked_options& o, const RowValue& row_value, Out& out,
               std::size_t row_offset = 0) {
  using A = advdiv::detail::accumulator_t<R>;
  for (std::size_t i = 0; i < rows; ++i) {
    const auto prow = pr.row(i);
    const auto qrow = qr.row(i);
    const std::size_t row = row_offset + i;
    const auto reduce = [&](const auto& term) {
      const advdiv::detail::pair_sums<A> s = advdiv::detail::sum_blocks<A>(prow.data(), qrow.data(), 0, cols, term);
      if (!advdiv::detail::pair_sums_ok(s, o.tolerance)) {  // labels built only on the way to an error
        const std::string pl = pr.label(row), ql = qr.label(row);
        advdiv::detail::check_pair_sums(function, pl.c_str(), ql.c_str(), s, o.tolerance, [&] {
          pr.check_masses(function, row, prow);
          qr.check_masses(function, row, qrow);
        });
      }
      return s.term.value();
    };
    out[static_cast<decltype(out.size())>(i)] = static_cast<R>(row_value(reduce, o.inv_log_base));
  }
}

/// Calls `row_value(reduce, inv_log_base)` for each row i of the result, where `reduce(term)`
/// is the validated Σ term over row i of p and row i of q (or the broadcast vector) in nats;
/// returns the values (rowwise_result_t). Shapes: both matrices of the same shape, or one
/// matrix and a vector as long as its rows. Errors name matrix elements and rows,
/// `p(2, 3) = -0.2 is negative`, `row 1 of q sums to 1.1, not 1 (tolerance 1e-06)`, and the
/// elements of a broadcast vector as the vector functions do (`q[3] = -0.2 is negative`,
/// `q sums to 1.1, not 1 (tolerance 1e-06)`).
template <class XP, class XQ, class RowValue>
rowwise_result_t<XP, XQ> reduce_rows(const char* function, const XP& p, const XQ& q,
                                     const divergence_options& options, RowValue row_value) {
  using R = rowwise_scalar_t<XP, XQ>;
  const advdiv::detail::checked_options o = advdiv::detail::check_divergence_options<R>(function, options);
  rowwise_operand<XP> pr(p, function, "p");
  rowwise_operand<XQ> qr(q, function, "q");
  if (pr.is_vector() && qr.is_vector())
    advdiv::detail::throw_invalid_argument(
        function, "p and q are both one-dimensional; one must be a matrix whose rows are distributions");
  if (!pr.is_vector() && !qr.is_vector()) {
    check_same_shape(function, "p", pr.rows(), pr.cols(), "q", qr.rows(), qr.cols());
  } else {  // the broadcast vector first, as advdiv::kl checks its arguments
    check_nonempty(function, pr.is_vector() ? "p" : "q", pr.is_vector() ? pr.cols() : qr.cols());
  }
  const std::size_t rows = pr.is_vector() ? qr.rows() : pr.rows();
  const std::size_t cols = pr.is_vector() ? qr.cols() : pr.cols();
  const std::string matrix = pr.is_vector() ? "q" : "p";
  if (rows == 0) advdiv::detail::throw_invalid_argument(function, matrix + " has no rows");
  if (cols == 0) advdiv::detail::throw_invalid_argument(function, matrix + " has no columns");
  if (pr.is_vector()) check_same_size(function, "p", pr.cols(), "a row of q", qr.cols());
  if (qr.is_vector()) check_same_size(function, "a row of p", pr.cols(), "q", qr.cols());
  rowwise_result_t<XP, XQ> out(static_cast<std::ptrdiff_t>(rows));
  fill_rows<R>(function, pr, qr, rows, cols, o, row_value, out);
  return out;
}

/// The row value of a term and a finish (every name of the catalogue, f_divergence).
template <class Term, class Finish, class A>
struct term_row {
  Term term;
  template <class Reduce>
  A operator()(const Reduce& reduce, double inv_log_base) const {
    return Finish{}(static_cast<A>(reduce(term)), static_cast<A>(inv_log_base));
  }
};

/// term_row for the value types of XP and XQ.
template <class XP, class XQ, class Term, class Finish = advdiv::detail::in_units>
using term_row_for = term_row<Term, Finish, advdiv::detail::accumulator_t<rowwise_scalar_t<XP, XQ>>>;
}  // namespace detail

/// D_f row by row: with P and Q B × K matrices, d_i = D_f(P_i‖Q_i); with a vector q of length K,
/// d_i = D_f(P_i‖q) (q broadcast against every row), and with a vector p, d_i = D_f(p‖Q_i).
/// Rows are the distributions (the sum runs along each row: axis = 1 in NumPy's terms).
/// Returns B values of the common value type R: Eigen::VectorX<R> if an argument is an Eigen
/// type, std::vector<R> otherwise. Each value equals advdiv::f_divergence on that pair of rows.
/// Conventions and errors as advdiv::f_divergence, with matrix elements and rows named
/// (`p(2, 3) = -0.2 is negative`, `row 1 of q sums to 1.1, not 1 (tolerance 1e-06)`) and a
/// broadcast vector named as a vector (`q[3] = -0.2 is negative`).
/// \throws std::invalid_argument if two matrices differ in shape (`p and q differ in shape
///         (2 x 3 and 2 x 2)`), if a broadcast vector is not as long as a row (`a row of p and q
///         differ in length (3 and 2)`) or is empty, if the matrix has no rows or no columns, or
///         if both arguments are one-dimensional xtensor arguments (two vectors: advdiv::f_divergence).
/// \throws std::domain_error for an invalid option or an invalid entry or sum, the first in row order.
/// Complexity: O(B·K); a broadcast vector is copied once.
/// \code
/// Eigen::MatrixXd P = ..., Q = ...;  // rows are distributions
/// Eigen::VectorXd d = advdiv::rowwise::f_divergence(P, Q, advdiv::fdiv::kl{});
/// std::vector<double> q = ...;       // one distribution, q.size() == P.cols()
/// Eigen::VectorXd e = advdiv::rowwise::f_divergence(P, q, advdiv::fdiv::kl{});  // e(i) = KL(P_i‖q)
/// \endcode
template <class XP, class XQ, f_generator G>
  requires detail::rowwise_pair<XP, XQ>
detail::rowwise_result_t<XP, XQ> f_divergence(const XP& p, const XQ& q, const G& g,
                                              const divergence_options& options = {}) {
  (void)advdiv::detail::check_term_log_unit<f_divergence_term<G>>("advdiv::rowwise::f_divergence", options.log_base);
  return detail::reduce_rows("advdiv::rowwise::f_divergence", p, q, options,
                             detail::term_row_for<XP, XQ, f_divergence_term<G>>{f_divergence_term<G>{g}});
}

/// \def ADVDIV_ROWWISE_NAMED
/// Defines advdiv::rowwise::NAME from the catalogue entry (NAME, TERM, FINISH).
#define ADVDIV_ROWWISE_NAMED(NAME, TERM, FINISH)                                                       \
  /** Row-wise advdiv::NAME: one value per row of a matrix argument, against the same row of the */ \
  /** other matrix or against a broadcast vector (NAME(P, Q), NAME(P, q), NAME(p, Q)). Returns */      \
  /** Eigen::VectorX<R> if an argument is an Eigen type, else std::vector<R>; conventions and */     \
  /** errors as advdiv::NAME and rowwise::f_divergence. */                                             \
  template <class XP, class XQ>                                                                         \
    requires detail::rowwise_pair<XP, XQ>                                                               \
  detail::rowwise_result_t<XP, XQ> NAME(const XP& p, const XQ& q, const divergence_options& options = {}) { \
    (void)advdiv::detail::check_term_log_unit<TERM>("advdiv::rowwise::" #NAME, options.log_base);              \
    return detail::reduce_rows("advdiv::rowwise::" #NAME, p, q, options,                                \
                               detail::term_row_for<XP, XQ, TERM, FINISH>{});                            \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_ROWWISE_NAMED)
#undef ADVDIV_ROWWISE_NAMED

/// Row-wise advdiv::alpha_divergence (row against row, or a broadcast vector; result type as
/// rowwise::f_divergence). \throws std::domain_error for α ∉ ℝ∖{0, 1} (check_alpha); otherwise as
/// rowwise::f_divergence.
/// \code
/// Eigen::VectorXd d = advdiv::rowwise::alpha_divergence(P, q, 0.5);
/// \endcode
template <class XP, class XQ>
  requires detail::rowwise_pair<XP, XQ>
detail::rowwise_result_t<XP, XQ> alpha_divergence(const XP& p, const XQ& q, double alpha,
                                                  const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::rowwise::alpha_divergence";
  check_alpha(function, alpha);
  using term = f_divergence_term<fdiv::alpha>;
  (void)advdiv::detail::check_term_log_unit<term>(function, options.log_base);
  return detail::reduce_rows(function, p, q, options, detail::term_row_for<XP, XQ, term>{term{fdiv::alpha{alpha}}});
}

/// Row-wise advdiv::renyi (order α > 0, KL at α = 1; row against row, or a broadcast vector;
/// result type as rowwise::f_divergence). \throws std::domain_error unless α is finite and > 0;
/// otherwise as rowwise::f_divergence.
/// \code
/// Eigen::VectorXd d = advdiv::rowwise::renyi(p, Q, 2.0);  // d(i) = D_2(p‖Q_i)
/// \endcode
template <class XP, class XQ>
  requires detail::rowwise_pair<XP, XQ>
detail::rowwise_result_t<XP, XQ> renyi(const XP& p, const XQ& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::rowwise::renyi";
  using A = advdiv::detail::accumulator_t<detail::rowwise_scalar_t<XP, XQ>>;
  check_positive_finite(function, "alpha", alpha);
  return detail::reduce_rows(function, p, q, options, [alpha](const auto& reduce, double inv_log_base) {
    return advdiv::detail::renyi_value<A>(alpha, inv_log_base, reduce);
  });
}

}  // namespace advdiv::rowwise
