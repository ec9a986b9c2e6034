#pragma once
/// \file
/// KL, JS and cross-entropy of distributions given as log-probabilities or as logits (the
/// unnormalised log-probabilities of a softmax, what a network outputs), computed from the
/// logarithms: differences of logs replace logs of ratios, and nothing is exponentiated except
/// the weights p_i = e^{a_i}. Wrap each argument to say what it is:
///
///   advdiv::kl(advdiv::log_probabilities(a), advdiv::log_probabilities(b))
///   advdiv::js(advdiv::logits(z1), advdiv::logits(z2))
///   advdiv::cross_entropy(p, advdiv::logits(z))       // torch's cross_entropy with soft targets

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/log_sum_exp.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/options.hpp>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace advdiv {

/// A vector of log-probabilities a_i = log p_i (−inf for p_i = 0), Σ e^{a_i} = 1 within the
/// sum tolerance. Made by advdiv::log_probabilities(v); an lvalue is referenced, a temporary
/// moved in.
template <class V>
struct log_probability_vector {
  V values;  ///< a_i = log p_i
};
/// A vector of logits z_i: p = softmax(z), p_i = e^{z_i} / Σ_j e^{z_j} (−inf for p_i = 0).
/// Made by advdiv::logits(v).
template <class V>
struct logit_vector {
  V values;  ///< z_i, any finite shift of log p_i
};

/// Marks v as log-probabilities for kl, js and cross_entropy.
template <class V>
  requires vector_like<std::remove_cvref_t<V>>
log_probability_vector<V> log_probabilities(V&& v) {
  return {std::forward<V>(v)};
}
/// Marks v as logits (softmax inputs) for kl, js and cross_entropy.
template <class V>
  requires vector_like<std::remove_cvref_t<V>>
logit_vector<V> logits(V&& v) {
  return {std::forward<V>(v)};
}

namespace detail {
template <class W>
struct log_input_traits;
template <class V>
struct log_input_traits<log_probability_vector<V>> {
  static constexpr bool is_logits = false;
  using vector = std::remove_cvref_t<V>;
};
template <class V>
struct log_input_traits<logit_vector<V>> {
  static constexpr bool is_logits = true;
  using vector = std::remove_cvref_t<V>;
};
template <class W>
concept log_input = requires { log_input_traits<std::remove_cvref_t<W>>::is_logits; };

/// The log-probabilities (doubles) of a wrapped argument, checked: every element finite or
/// −inf; logits are normalised by their log-sum-exp (not all −inf); log-probabilities must
/// have Σ e^{a_i} = 1 within the tolerance.
/// `which` is "p" or "q"; the argument is named log_p / logits_p in messages.
template <class W>
std::vector<double> read_log_input(const char* function, const char* which, const W& w, double tolerance) {
  using traits = log_input_traits<std::remove_cvref_t<W>>;
  const std::string name_text = std::string(traits::is_logits ? "logits_" : "log_") + which;
  const char* name = name_text.c_str();
  const auto v = view_vector(w.values, function, name);
  check_nonempty(function, name, v.span());
  std::vector<double> a(v.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<double>(v[i]);
    if (std::isnan(a[i]) || a[i] == math::infinity<double>())
      throw_value_error(function, element_name(name, i), a[i], "is not finite or -inf");
  }
  if constexpr (traits::is_logits) {
    const double lse = log_sum_exp(a);
    if (lse == -math::infinity<double>())
      throw_domain_error(function, std::string(name) + " are all -inf (no mass)");
    for (double& x : a) x -= lse;
  } else {
    std::vector<double> p(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) p[i] = std::exp(a[i]);
    check_unit_sum(function, (std::string("exp(") + name + ")").c_str(), accurate_sum<double>(std::span<const double>(p)),
                   tolerance);
  }
  return a;
}

/// The tolerance and unit factor of the options (the probability vectors' defaults for double).
inline std::pair<double, double> log_input_options(const char* function, const divergence_options& o) {
  const double tolerance = o.sum_tolerance.value_or(default_sum_tolerance<double>());
  check_sum_tolerance(function, "sum_tolerance", tolerance);
  return {tolerance, check_log_base(function, o.log_base)};
}

/// Σ p_i (a_i − b_i) with p_i = e^{a_i}: 0 where a_i = −inf, +inf where b_i = −inf < a_i.
inline double kl_of_logs(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> terms(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == -math::infinity<double>()) terms[i] = 0.0;
    else if (b[i] == -math::infinity<double>()) return math::infinity<double>();
    else terms[i] = std::exp(a[i]) * (a[i] - b[i]);
  }
  return accurate_sum<double>(std::span<const double>(terms));
}

}  // namespace detail

/// KL(P‖Q) = Σ p_i (a_i − b_i) from log-probabilities or logits a, b (both the same kind),
/// p_i = e^{a_i}: the difference of the logs, never the log of a ratio, so KL is exact to
/// rounding also where p/q under- or overflows. 0 where p_i = 0, +inf where q_i = 0 < p_i.
/// Same units and sum tolerance as kl(p, q); logits need no tolerance (they are normalised).
/// \throws std::invalid_argument empty input or length mismatch; std::domain_error for a NaN
/// or +inf element (`advdiv::kl: log_q[1] = nan is not finite or -inf`), log-probabilities
/// whose exponentials do not sum to 1, logits that are all −inf, or a bad option.
/// \code
/// std::vector<double> za{2.0, 0.0, -1.0}, zb{0.0, 0.0, 0.0};
/// double d = advdiv::kl(advdiv::logits(za), advdiv::logits(zb));  // KL(softmax(za) ‖ uniform)
/// \endcode
template <class A, class B>
  requires(detail::log_input<A> && detail::log_input<B> &&
           detail::log_input_traits<std::remove_cvref_t<A>>::is_logits ==
               detail::log_input_traits<std::remove_cvref_t<B>>::is_logits)
double kl(const A& a, const B& b, const divergence_options& options = {}) {
  constexpr const char* fn = "advdiv::kl";
  const auto [tolerance, unit] = detail::log_input_options(fn, options);
  const auto la = detail::read_log_input(fn, "p", a, tolerance);
  const auto lb = detail::read_log_input(fn, "q", b, tolerance);
  check_same_size(fn, "p", la.size(), "q", lb.size());
  return detail::kl_of_logs(la, lb) * unit;
}

/// JS(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M) from log-probabilities or logits, with
/// log m_i = logaddexp(a_i, b_i) − log 2 (no exponentials of the mixture); ≤ log 2.
/// Errors and options as kl on logarithms.
template <class A, class B>
  requires(detail::log_input<A> && detail::log_input<B> &&
           detail::log_input_traits<std::remove_cvref_t<A>>::is_logits ==
               detail::log_input_traits<std::remove_cvref_t<B>>::is_logits)
double js(const A& a, const B& b, const divergence_options& options = {}) {
  constexpr const char* fn = "advdiv::js";
  const auto [tolerance, unit] = detail::log_input_options(fn, options);
  const auto la = detail::read_log_input(fn, "p", a, tolerance);
  const auto lb = detail::read_log_input(fn, "q", b, tolerance);
  check_same_size(fn, "p", la.size(), "q", lb.size());
  std::vector<double> lm(la.size());
  for (std::size_t i = 0; i < lm.size(); ++i) lm[i] = math::log_add_exp(la[i], lb[i]) - std::numbers::ln2;
  return 0.5 * (detail::kl_of_logs(la, lm) + detail::kl_of_logs(lb, lm)) * unit;
}

/// Cross-entropy H(P, Q) = −Σ p_i log q_i with Q given by log-probabilities or logits (torch's
/// `cross_entropy(logits, soft_targets)`), and P as probabilities (any vector_like, checked as
/// in kl) or as log-probabilities / logits of its own. 0·log 0 = 0; +inf where q_i = 0 < p_i.
/// Errors and options as kl on logarithms (and kl's for a probability vector p).
/// \code
/// std::vector<double> target{0.0, 1.0, 0.0}, z{0.5, 2.0, -1.0};
/// double loss = advdiv::cross_entropy(target, advdiv::logits(z));  // −log softmax(z)_1
/// \endcode
template <class P, class B>
  requires((vector_like<P> || detail::log_input<P>) && detail::log_input<B>)
double cross_entropy(const P& p, const B& b, const divergence_options& options = {}) {
  constexpr const char* fn = "advdiv::cross_entropy";
  const auto [tolerance, unit] = detail::log_input_options(fn, options);
  std::vector<double> w;
  if constexpr (detail::log_input<P>) {
    w = detail::read_log_input(fn, "p", p, tolerance);
    for (double& x : w) x = std::exp(x);
  } else {
    const auto vp = detail::view_vector(p, fn, "p");
    check_nonempty(fn, "p", vp.span());
    check_nonnegative_finite(fn, "p", vp.span());
    check_unit_sum(fn, "p", accurate_sum<double>(vp.span()), tolerance);
    w.assign(vp.span().begin(), vp.span().end());
  }
  const auto lb = detail::read_log_input(fn, "q", b, tolerance);
  check_same_size(fn, "p", w.size(), "q", lb.size());
  std::vector<double> terms(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] == 0.0) terms[i] = 0.0;
    else if (lb[i] == -math::infinity<double>()) return math::infinity<double>();
    else terms[i] = -w[i] * lb[i];
  }
  return accurate_sum<double>(std::span<const double>(terms)) * unit;
}

}  // namespace advdiv
