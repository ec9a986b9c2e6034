#pragma once
/// \file
/// Row-wise divergences: one value per row of two 2-D arrays (Eigen matrices of either
/// storage order, maps and expressions; 2-D xtensor containers and expressions).

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/fdiv.hpp>

#include <string>
#include <vector>

namespace advdiv::rowwise {

namespace detail {
/// Applies `term` to each pair of rows; errors name the row, e.g. `p[2][3] = -0.2 is negative`.
template <matrix_like MP, matrix_like MQ, class Term, class Post>
auto reduce_rows(const char* function, const MP& p, const MQ& q, const Term& term,
                 const divergence_options& options, Post post) {
  using R = divergence_result_t<matrix_value_t<MP>, matrix_value_t<MQ>>;
  advdiv::detail::row_reader<MP> pr(p, function, "p");
  advdiv::detail::row_reader<MQ> qr(q, function, "q");
  if (pr.rows() != qr.rows() || pr.cols() != qr.cols())
    advdiv::detail::throw_invalid_argument(
        function, "p and q differ in shape (" + std::to_string(pr.rows()) + "x" +
                      std::to_string(pr.cols()) + " and " + std::to_string(qr.rows()) + "x" +
                      std::to_string(qr.cols()) + ")");
  if (pr.rows() == 0) advdiv::detail::throw_invalid_argument(function, "p has no rows");
  std::vector<R> out(pr.rows());
  for (std::size_t i = 0; i < pr.rows(); ++i) {
    const std::string pn = "p[" + std::to_string(i) + "]", qn = "q[" + std::to_string(i) + "]";
    out[i] = post(static_cast<R>(advdiv::detail::reduce_pair(function, pr.row(i), qr.row(i), term,
                                                             options, pn.c_str(), qn.c_str())));
  }
  return out;
}
inline constexpr auto identity = [](auto x) { return x; };
}  // namespace detail

/// D_f between each row of p and the same row of q; returns std::vector of the common
/// value type with p.rows() entries. Conventions and errors as advdiv::f_divergence, plus
/// std::invalid_argument if the shapes differ.
/// \code
/// Eigen::MatrixXd P = ..., Q = ...;  // rows are distributions
/// std::vector<double> d = advdiv::rowwise::f_divergence(P, Q, advdiv::fdiv::kl{});
/// \endcode
template <matrix_like MP, matrix_like MQ, f_generator G>
auto f_divergence(const MP& p, const MQ& q, const G& g, const divergence_options& options = {}) {
  return detail::reduce_rows("advdiv::rowwise::f_divergence", p, q, f_divergence_term<G>{g}, options,
                             detail::identity);
}

// clang-format off
/// Row-wise advdiv::kl.
template <matrix_like MP, matrix_like MQ>
auto kl(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::kl", p, q, f_divergence_term<fdiv::kl>{}, o, detail::identity);
}
/// Row-wise advdiv::reverse_kl.
template <matrix_like MP, matrix_like MQ>
auto reverse_kl(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::reverse_kl", p, q, f_divergence_term<fdiv::reverse_kl>{}, o, detail::identity);
}
/// Row-wise advdiv::jeffreys.
template <matrix_like MP, matrix_like MQ>
auto jeffreys(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::jeffreys", p, q, f_divergence_term<fdiv::jeffreys>{}, o, detail::identity);
}
/// Row-wise advdiv::js.
template <matrix_like MP, matrix_like MQ>
auto js(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::js", p, q, f_divergence_term<fdiv::jensen_shannon>{}, o, detail::identity);
}
/// Row-wise advdiv::js_distance.
template <matrix_like MP, matrix_like MQ>
auto js_distance(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::js_distance", p, q, f_divergence_term<fdiv::jensen_shannon>{}, o,
                             [](auto x) { using std::sqrt; return sqrt(x); });
}
/// Row-wise advdiv::total_variation.
template <matrix_like MP, matrix_like MQ>
auto total_variation(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::total_variation", p, q, f_divergence_term<fdiv::total_variation>{}, o, detail::identity);
}
/// Row-wise advdiv::squared_hellinger.
template <matrix_like MP, matrix_like MQ>
auto squared_hellinger(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::squared_hellinger", p, q, f_divergence_term<fdiv::squared_hellinger>{}, o, detail::identity);
}
/// Row-wise advdiv::pearson_chi2.
template <matrix_like MP, matrix_like MQ>
auto pearson_chi2(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::pearson_chi2", p, q, f_divergence_term<fdiv::pearson>{}, o, detail::identity);
}
/// Row-wise advdiv::neyman_chi2.
template <matrix_like MP, matrix_like MQ>
auto neyman_chi2(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::neyman_chi2", p, q, f_divergence_term<fdiv::neyman>{}, o, detail::identity);
}
/// Row-wise advdiv::cross_entropy.
template <matrix_like MP, matrix_like MQ>
auto cross_entropy(const MP& p, const MQ& q, const divergence_options& o = {}) {
  return detail::reduce_rows("advdiv::rowwise::cross_entropy", p, q, advdiv::detail::cross_entropy_term{}, o, detail::identity);
}
// clang-format on

/// Row-wise advdiv::alpha_divergence. \throws std::domain_error for α ∉ ℝ∖{0, 1}.
template <matrix_like MP, matrix_like MQ>
auto alpha_divergence(const MP& p, const MQ& q, double alpha, const divergence_options& o = {}) {
  constexpr const char* function = "advdiv::rowwise::alpha_divergence";
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha != 0.0 && alpha != 1.0,
                  "must be finite and not 0 or 1 (use reverse_kl or kl)");
  return detail::reduce_rows(function, p, q, f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}}, o,
                             detail::identity);
}

}  // namespace advdiv::rowwise
