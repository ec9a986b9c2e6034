#pragma once
/// \file
/// Discrete divergences run by Thrust: every function of the CPU catalogue with an execution
/// policy as first argument, on containers (thrust::device_vector, thrust::host_vector) or on
/// iterator ranges. The per-element terms are the CPU path's functors (f_divergence_term and the
/// generators of advdiv::fdiv); only the reduction differs (a Thrust tree reduction with
/// compensated merges instead of the CPU's blocked loop), so results agree with the CPU
/// functions to a few ulps times the reduction depth.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/discrete.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/divergence/fdiv.hpp>
#include <advdiv/divergence/options.hpp>
#include <advdiv/thrust/execution.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace advdiv {

namespace detail {

#if !defined(__CUDACC__)
/// The raw pointer behind a contiguous iterator: a pointer, a thrust::device_ptr, or an iterator
/// wrapping one of those (thrust::device_vector's, std::vector's). Taken without dereferencing
/// (a thrust::reference read on the host goes through a null system pointer in Thrust).
template <class It>
auto host_pointer(It it) {
  if constexpr (std::is_pointer_v<It>)
    return static_cast<const iter_value_t<It>*>(it);
  else if constexpr (requires { thrust::raw_pointer_cast(it.base()); })
    return static_cast<const iter_value_t<It>*>(thrust::raw_pointer_cast(it.base()));
  else
    return static_cast<const iter_value_t<It>*>(it.get());
}

/// Iterators host_pointer unwraps.
template <class It>
concept unwrappable = thrust::is_contiguous_iterator<It>::value && requires(It it) {
  { host_pointer(it) } -> std::same_as<const iter_value_t<It>*>;
};

/// Whether p and q are contiguous host memory read by a host policy: then the reduction runs the
/// CPU path's own block kernel (sum_any_block, SIMD where the term allows) on chunks in parallel.
template <class E, class ItP, class ItQ>
inline constexpr bool host_contiguous = runs_on_host<E> && unwrappable<ItP> && unwrappable<ItQ>;

/// Chunk c of [p, p + n) (chunks of `chunk` elements) summed on one host thread as the CPU
/// reduce_pair does: blocks of 256 by sum_any_block, combined with compensated summation.
template <class A, class P, class Q, class Term>
struct host_chunk_sums {
  const P* p;
  const Q* q;
  std::size_t n, chunk;
  Term term;
  pair_sums<A> operator()(std::size_t c) const {
    pair_sums<A> s;
    const std::size_t end = std::min(n, (c + 1) * chunk);
    for (std::size_t start = c * chunk; start < end; start += 256) {
      const block_sums<A> b = sum_any_block<A>(p + start, q + start, std::min<std::size_t>(256, end - start), term);
      s.term += b.term;
      s.p += b.p;
      s.q += b.q;
      s.invalid = s.invalid || b.invalid;
    }
    return s;
  }
};
#endif

/// Σ term(p_i, q_i) over [p, p + n) and [q, q + n) in one device reduction, validated as the CPU
/// reduce_pair: sizes on the host; negative / NaN / infinite entries found by the reduction
/// (and then located by a second reduction, to name the entry); sums within the tolerance.
template <class E, class ItP, class ItQ, class Term>
auto thrust_reduce_pair(const E& exec, const char* function, ItP p, std::size_t np, ItQ q,
                        std::size_t nq, const Term& term, const divergence_options& options,
                        const char* p_name = "p", const char* q_name = "q") {
  using R = divergence_result_t<iter_value_t<ItP>, iter_value_t<ItQ>>;
  using A = accumulator_t<R>;
  const double inv_log_base = inverse_log_base(function, options);
  check_nonempty_size(function, p_name, np);
  check_nonempty_size(function, q_name, nq);
  check_same_size(function, p_name, np, q_name, nq);
  const pair_sums<A> s = [&] {
#if !defined(__CUDACC__)
    if constexpr (host_contiguous<E, ItP, ItQ>) {
      constexpr std::size_t chunk = 1 << 14;
      thrust::counting_iterator<std::size_t> c0(0);
      return thrust::transform_reduce(
          exec, c0, c0 + static_cast<std::ptrdiff_t>((np + chunk - 1) / chunk),
          host_chunk_sums<A, iter_value_t<ItP>, iter_value_t<ItQ>, Term>{host_pointer(p), host_pointer(q), np,
                                                                          chunk, term},
          pair_sums<A>{}, merge_pair_sums<A>{});
    }
#endif
    auto zipped = thrust::make_zip_iterator(thrust::make_tuple(p, q));
    return thrust::transform_reduce(exec, zipped, zipped + static_cast<std::ptrdiff_t>(np),
                                    pair_element<A, Term>{term}, pair_sums<A>{}, merge_pair_sums<A>{});
  }();
  if (s.invalid) {
    check_masses(exec, function, p_name, p, np);
    check_masses(exec, function, q_name, q, nq);
  }
  const double tol = options.sum_tolerance.value_or(default_sum_tolerance<R>());
  check_unit_sum(function, p_name, static_cast<double>(s.p), tol);
  check_unit_sum(function, q_name, static_cast<double>(s.q), tol);
  A value = s.term.value();
  if (inv_log_base != 1.0) value *= static_cast<A>(inv_log_base);
  return static_cast<R>(value);
}

/// Size of a container as std::size_t.
template <class C>
std::size_t range_size(const C& c) {
  return static_cast<std::size_t>(c.end() - c.begin());
}

}  // namespace detail

/// D_f(P‖Q) = Σ_i q_i f(p_i/q_i) computed by Thrust under the execution policy `exec`; the same
/// conventions, options and errors as the CPU advdiv::f_divergence (message prefix
/// `advdiv::f_divergence`). Float input is evaluated and accumulated in double, as on the CPU.
///
/// \param exec  a Thrust execution policy (thrust::device, thrust::host, thrust::omp::par, ...);
///              p and q must live in memory that policy reads.
/// \param p, q  thrust::device_vector / thrust::host_vector (or any container with
///              random-access begin()/end()) of float or double.
/// \param g     an f-generator (fdiv::kl{}, fdiv::alpha{0.5}, a user type).
/// \param options log base and sum tolerance (divergence_options).
/// \throws std::invalid_argument empty input or length mismatch (checked on the host).
/// \throws std::domain_error negative / NaN / infinite entry (found by a device reduction, the
///         message formatted on the host), a sum off 1, an invalid log base.
/// Complexity: one reduction over n elements (a second one only when an entry is invalid).
///
/// \code
/// thrust::device_vector<float> p = ..., q = ...;
/// double d = advdiv::f_divergence(thrust::device, p, q, advdiv::fdiv::squared_hellinger{});
/// \endcode
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, f_generator G>
auto f_divergence(const E& exec, const P& p, const Q& q, const G& g,
                  const divergence_options& options = {}) {
  return detail::thrust_reduce_pair(exec, "advdiv::f_divergence", p.begin(), detail::range_size(p),
                                    q.begin(), detail::range_size(q), f_divergence_term<G>{g}, options);
}

/// advdiv::f_divergence on the iterator ranges [p_first, p_last) and [q_first, q_last).
template <thrust_execution_policy E, std::random_access_iterator ItP, std::random_access_iterator ItQ,
          f_generator G>
auto f_divergence(const E& exec, ItP p_first, ItP p_last, ItQ q_first, ItQ q_last, const G& g,
                  const divergence_options& options = {}) {
  return detail::thrust_reduce_pair(exec, "advdiv::f_divergence", p_first,
                                    static_cast<std::size_t>(p_last - p_first), q_first,
                                    static_cast<std::size_t>(q_last - q_first), f_divergence_term<G>{g},
                                    options);
}

/// \def ADVDIV_THRUST_NAMED
/// Defines the container and iterator-range Thrust overloads of one named divergence.
// The named divergences: each has a container form (exec, p, q, options) and an iterator-range
// form (exec, p_first, p_last, q_first, q_last, options), same names and messages as the CPU.
#define ADVDIV_THRUST_NAMED(NAME, GENERATOR)                                                        \
  /** advdiv::NAME run by Thrust under `exec` on two containers; conventions and errors as the */  \
  /** CPU advdiv::NAME (see advdiv::f_divergence(const E&, const P&, const Q&, const G&, const  */  \
  /** divergence_options&) for the policy and containers). */                                       \
  template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>            \
  auto NAME(const E& exec, const P& p, const Q& q, const divergence_options& options = {}) {        \
    return detail::thrust_reduce_pair(exec, "advdiv::" #NAME, p.begin(), detail::range_size(p),     \
                                      q.begin(), detail::range_size(q),                             \
                                      f_divergence_term<GENERATOR>{}, options);                     \
  }                                                                                                 \
  /** advdiv::NAME run by Thrust under `exec` on [p_first, p_last) and [q_first, q_last). */        \
  template <thrust_execution_policy E, std::random_access_iterator ItP,                            \
            std::random_access_iterator ItQ>                                                        \
  auto NAME(const E& exec, ItP p_first, ItP p_last, ItQ q_first, ItQ q_last,                        \
            const divergence_options& options = {}) {                                               \
    return detail::thrust_reduce_pair(exec, "advdiv::" #NAME, p_first,                              \
                                      static_cast<std::size_t>(p_last - p_first), q_first,          \
                                      static_cast<std::size_t>(q_last - q_first),                   \
                                      f_divergence_term<GENERATOR>{}, options);                     \
  }

ADVDIV_THRUST_NAMED(kl, fdiv::kl)
ADVDIV_THRUST_NAMED(reverse_kl, fdiv::reverse_kl)
ADVDIV_THRUST_NAMED(jeffreys, fdiv::jeffreys)
ADVDIV_THRUST_NAMED(js, fdiv::jensen_shannon)
ADVDIV_THRUST_NAMED(total_variation, fdiv::total_variation)
ADVDIV_THRUST_NAMED(squared_hellinger, fdiv::squared_hellinger)
ADVDIV_THRUST_NAMED(pearson_chi2, fdiv::pearson)
ADVDIV_THRUST_NAMED(neyman_chi2, fdiv::neyman)
#undef ADVDIV_THRUST_NAMED

/// Jensen–Shannon distance √JS(P‖Q) run by Thrust; conventions and errors as the CPU
/// advdiv::js_distance.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto js_distance(const E& exec, const P& p, const Q& q, const divergence_options& options = {}) {
  using std::sqrt;
  return sqrt(detail::thrust_reduce_pair(exec, "advdiv::js_distance", p.begin(), detail::range_size(p),
                                         q.begin(), detail::range_size(q),
                                         f_divergence_term<fdiv::jensen_shannon>{}, options));
}

/// Cross-entropy H(P, Q) = −Σ p_i log q_i run by Thrust; conventions and errors as the CPU
/// advdiv::cross_entropy.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto cross_entropy(const E& exec, const P& p, const Q& q, const divergence_options& options = {}) {
  return detail::thrust_reduce_pair(exec, "advdiv::cross_entropy", p.begin(), detail::range_size(p),
                                    q.begin(), detail::range_size(q), detail::cross_entropy_term{},
                                    options);
}

/// Shannon entropy H(P) = −Σ p_i log p_i run by Thrust; conventions and errors as the CPU
/// advdiv::entropy.
template <thrust_execution_policy E, thrust_floating_range P>
auto entropy(const E& exec, const P& p, const divergence_options& options = {}) {
  const std::size_t n = detail::range_size(p);
  return detail::thrust_reduce_pair(exec, "advdiv::entropy", p.begin(), n, p.begin(), n,
                                    detail::entropy_term{}, options, "p", "p");
}

/// Amari α-divergence run by Thrust; conventions and errors as the CPU advdiv::alpha_divergence.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto alpha_divergence(const E& exec, const P& p, const Q& q, double alpha,
                      const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::alpha_divergence";
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha != 0.0 && alpha != 1.0,
                  "must be finite and not 0 or 1 (use reverse_kl or kl)");
  return detail::thrust_reduce_pair(exec, function, p.begin(), detail::range_size(p), q.begin(),
                                    detail::range_size(q), f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}},
                                    options);
}

/// Rényi divergence of order α > 0 run by Thrust; conventions and errors as the CPU
/// advdiv::renyi (evaluated from the α-divergence through log1p, KL at α = 1).
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto renyi(const E& exec, const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::renyi";
  check_parameter(function, "alpha", alpha, math::isfinite(alpha) && alpha > 0.0,
                  "must be finite and positive");
  const std::size_t np = detail::range_size(p), nq = detail::range_size(q);
  if (alpha == 1.0)
    return detail::thrust_reduce_pair(exec, function, p.begin(), np, q.begin(), nq,
                                      f_divergence_term<fdiv::kl>{}, options);
  const auto d_alpha = detail::thrust_reduce_pair(
      exec, function, p.begin(), np, q.begin(), nq, f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}},
      divergence_options{std::numbers::e, options.sum_tolerance});
  return detail::renyi_from_alpha_divergence(d_alpha, alpha, detail::inverse_log_base(function, options));
}

}  // namespace advdiv
