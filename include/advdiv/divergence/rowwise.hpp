#pragma once
/// \file
/// Row-wise divergences: one value per row of two 2-D arrays (Eigen matrices of either
/// storage order, maps and expressions; 2-D xtensor containers and expressions). Every name of
/// the catalogue (ADVDIV_NAMED_DIVERGENCES) plus f_divergence, alpha_divergence and renyi.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <string>
#include <vector>

namespace advdiv::rowwise {

namespace detail {
/// Calls `row_value(reduce, inv_log_base)` for each pair of rows, where `reduce(term)` is the
/// validated Σ term over the row in nats; returns the values. Errors name matrix elements and
/// rows: `p(2, 3) = -0.2 is negative`, `row 1 of q sums to 1.1, not 1 (tolerance 1e-06)`.
template <matrix_like MP, matrix_like MQ, class RowValue>
auto reduce_rows(const char* function, const MP& p, const MQ& q, const divergence_options& options,
                 RowValue row_value) {
  using R = divergence_result_t<matrix_value_t<MP>, matrix_value_t<MQ>>;
  const advdiv::detail::checked_options o = advdiv::detail::check_divergence_options<R>(function, options);
  advdiv::detail::row_reader<MP> pr(p, function, "p");
  advdiv::detail::row_reader<MQ> qr(q, function, "q");
  check_same_shape(function, "p", pr.rows(), pr.cols(), "q", qr.rows(), qr.cols());
  if (pr.rows() == 0) advdiv::detail::throw_invalid_argument(function, "p has no rows");
  if (pr.cols() == 0) advdiv::detail::throw_invalid_argument(function, "p has no columns");
  std::vector<R> out(pr.rows());
  for (std::size_t i = 0; i < pr.rows(); ++i) {
    const std::string pn = "row " + std::to_string(i) + " of p", qn = "row " + std::to_string(i) + " of q";
    const advdiv::detail::span_reducer<matrix_value_t<MP>, matrix_value_t<MQ>> reduce{
        function, pr.row(i), qr.row(i), o.tolerance, "p", "q", pn.c_str(), qn.c_str(), static_cast<std::ptrdiff_t>(i)};
    out[i] = static_cast<R>(row_value(reduce, o.inv_log_base));
  }
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

/// term_row for the value types of MP and MQ.
template <class MP, class MQ, class Term, class Finish = advdiv::detail::in_units>
using term_row_for =
    term_row<Term, Finish, advdiv::detail::accumulator_t<divergence_result_t<matrix_value_t<MP>, matrix_value_t<MQ>>>>;
}  // namespace detail

/// D_f between each row of p and the same row of q; returns std::vector of the common
/// value type with p.rows() entries. Conventions and errors as advdiv::f_divergence, plus
/// std::invalid_argument if the shapes differ or there are no rows or no columns.
/// \code
/// Eigen::MatrixXd P = ..., Q = ...;  // rows are distributions
/// std::vector<double> d = advdiv::rowwise::f_divergence(P, Q, advdiv::fdiv::kl{});
/// \endcode
template <matrix_like MP, matrix_like MQ, f_generator G>
auto f_divergence(const MP& p, const MQ& q, const G& g, const divergence_options& options = {}) {
  return detail::reduce_rows("advdiv::rowwise::f_divergence", p, q, options,
                             detail::term_row_for<MP, MQ, f_divergence_term<G>>{f_divergence_term<G>{g}});
}

/// \def ADVDIV_ROWWISE_NAMED
/// Defines advdiv::rowwise::NAME from the catalogue entry (NAME, TERM, FINISH).
#define ADVDIV_ROWWISE_NAMED(NAME, TERM, FINISH)                                                      \
  /** Row-wise advdiv::NAME: one value per row of p and q (std::vector); conventions and errors as */ \
  /** advdiv::NAME and rowwise::f_divergence. */                                                        \
  template <matrix_like MP, matrix_like MQ>                                                             \
  auto NAME(const MP& p, const MQ& q, const divergence_options& options = {}) {                        \
    return detail::reduce_rows("advdiv::rowwise::" #NAME, p, q, options,                               \
                               detail::term_row_for<MP, MQ, TERM, FINISH>{});                           \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_ROWWISE_NAMED)
#undef ADVDIV_ROWWISE_NAMED

/// Row-wise advdiv::alpha_divergence. \throws std::domain_error for α ∉ ℝ∖{0, 1}
/// (check_alpha); otherwise as rowwise::f_divergence.
template <matrix_like MP, matrix_like MQ>
auto alpha_divergence(const MP& p, const MQ& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::rowwise::alpha_divergence";
  check_alpha(function, alpha);
  using term = f_divergence_term<fdiv::alpha>;
  return detail::reduce_rows(function, p, q, options, detail::term_row_for<MP, MQ, term>{term{fdiv::alpha{alpha}}});
}

/// Row-wise advdiv::renyi (order α > 0, KL at α = 1). \throws std::domain_error unless α is
/// finite and > 0; otherwise as rowwise::f_divergence.
template <matrix_like MP, matrix_like MQ>
auto renyi(const MP& p, const MQ& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::rowwise::renyi";
  using A = advdiv::detail::accumulator_t<divergence_result_t<matrix_value_t<MP>, matrix_value_t<MQ>>>;
  check_positive_finite(function, "alpha", alpha);
  return detail::reduce_rows(function, p, q, options, [alpha](const auto& reduce, double inv_log_base) {
    return advdiv::detail::renyi_value<A>(alpha, inv_log_base, reduce);
  });
}

}  // namespace advdiv::rowwise
