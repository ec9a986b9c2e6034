#pragma once
/// \file
/// Discrete divergences run by Thrust: every function of the CPU catalogue with an execution
/// policy as first argument, on containers (thrust::device_vector, thrust::host_vector) or on
/// iterator ranges. The per-element terms, the option checks, the validation of the sums and
/// the finish are the CPU path's (divergence/pair_reduction.hpp, divergence/catalogue.hpp);
/// only the loop differs (a Thrust tree reduction with compensated merges instead of the CPU's
/// blocked loop), so results agree with the CPU functions to a few ulps times the reduction
/// depth.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/discrete.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/divergence/fdiv.hpp>
#include <advdiv/divergence/options.hpp>
#include <advdiv/divergence/pair_reduction.hpp>
#include <advdiv/thrust/execution.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace advdiv {

namespace detail {

/// (p_i, q_i) → pair_sums of one element, the term evaluated in the accumulation type A
/// with the CPU path's per-element functor.
template <class A, class Term>
struct pair_element {
  Term term;
  template <class P, class Q>
  ADVDIV_HOST_DEVICE pair_sums<A> operator()(const thrust::tuple<P, Q>& t) const noexcept {
    const A p = static_cast<A>(thrust::get<0>(t)), q = static_cast<A>(thrust::get<1>(t));
    pair_sums<A> s;
    s.term += term(p, q);
    s.p = p;
    s.q = q;
    s.invalid = !(valid_mass(p) && valid_mass(q));
    return s;
  }
};

/// Test of valid_mass as a functor.
struct is_valid_mass {
  template <class T>
  ADVDIV_HOST_DEVICE bool operator()(T x) const noexcept { return valid_mass(x); }
};

/// Throws check_nonnegative_finite's std::domain_error for the first negative, NaN or infinite
/// entry of [first, first + n), if any (scanned on the device, formatted on the host): named
/// `name[i]`, or `name(row, i)` when row ≥ 0 (row-wise use).
template <class E, class It>
void check_masses(const E& exec, const char* function, const char* name, It first, std::size_t n,
                  std::ptrdiff_t row = -1) {
  const auto bad = first_failing(exec, first, n, is_valid_mass{});
  if (bad.index == n) return;
  const std::string element =
      row < 0 ? element_name(name, bad.index) : element_name(name, static_cast<std::size_t>(row), bad.index);
  throw_value_error(function, element, bad.value, nonnegative_finite_problem(bad.value));
}

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
/// CPU path's own block loop (sum_blocks, SIMD where the term allows) on chunks in parallel.
template <class E, class ItP, class ItQ>
inline constexpr bool host_contiguous = runs_on_host<E> && unwrappable<ItP> && unwrappable<ItQ>;

/// Chunk c of [p, p + n) (chunks of `chunk` elements) summed on one host thread by the CPU loop.
template <class A, class P, class Q, class Term>
struct host_chunk_sums {
  const P* p;
  const Q* q;
  std::size_t n, chunk;
  Term term;
  pair_sums<A> operator()(std::size_t c) const {
    return sum_blocks<A>(p, q, c * chunk, std::min(n, (c + 1) * chunk), term);
  }
};
#endif

/// Σ term, Σp, Σq over n pairs of two Thrust ranges, by the backend's reduction: on a host
/// system with contiguous memory, chunks of 2^14 entries summed by the CPU's block loop (its
/// SIMD kernel included), merged by Thrust; elsewhere (CUDA), one zipped transform_reduce.
template <class A, class E, class ItP, class ItQ, class Term>
pair_sums<A> thrust_pair_sums_once(const E& exec, ItP p, ItQ q, std::size_t n, const Term& term) {
#if !defined(__CUDACC__)
  if constexpr (host_contiguous<E, ItP, ItQ>) {
    constexpr std::size_t chunk = 1 << 14;
    thrust::counting_iterator<std::size_t> c0(0);
    return thrust::transform_reduce(
        exec, c0, c0 + static_cast<std::ptrdiff_t>((n + chunk - 1) / chunk),
        host_chunk_sums<A, iter_value_t<ItP>, iter_value_t<ItQ>, Term>{host_pointer(p), host_pointer(q), n, chunk,
                                                                        term},
        pair_sums<A>{}, merge_pair_sums<A>{});
  }
#endif
  auto zipped = thrust::make_zip_iterator(thrust::make_tuple(p, q));
  return thrust::transform_reduce(exec, zipped, zipped + static_cast<std::ptrdiff_t>(n), pair_element<A, Term>{term},
                                  pair_sums<A>{}, merge_pair_sums<A>{});
}

/// thrust_pair_sums_once, and where the merged Σ term is not finite for huge unnormalised
/// entries (needs_rescaled_sum) a second pass of rescaled_term: chunks (or elements) whose
/// terms overflowed with opposite signs merge to the true sum, not to inf − inf (D17). Shared
/// by thrust_reducer and the MPI layer's Thrust shards.
template <class A, class E, class ItP, class ItQ, class Term>
pair_sums<A> thrust_pair_sums(const E& exec, ItP p, ItQ q, std::size_t n, const Term& term) {
  pair_sums<A> s = thrust_pair_sums_once<A>(exec, p, q, n, term);
  if constexpr (rescalable_term<Term>) {
    if (needs_rescaled_sum<Term>(s))
      s.term = rescaled_sum(thrust_pair_sums_once<A>(exec, p, q, n, rescaled_term<Term>{term}));
  }
  return s;
}

/// The Thrust reducer of one pair of ranges [p, p + np), [q, q + nq) readable by `exec`:
/// term → Σ term(p_i, q_i) in nats, validated as the CPU span_reducer (sizes on the host;
/// invalid entries found by the reduction and then located by a second one; sums within the
/// tolerance).
template <class E, class ItP, class ItQ>
struct thrust_reducer {
  const E& exec;
  const char* function;
  ItP p;
  std::size_t np;
  ItQ q;
  std::size_t nq;
  double tolerance;
  const char* p_name = "p";
  const char* q_name = "q";

  /// Σ term over the pair, validated.
  template <class Term>
  auto operator()(const Term& term) const {
    using A = accumulator_t<divergence_result_t<iter_value_t<ItP>, iter_value_t<ItQ>>>;
    check_nonempty(function, p_name, np);
    check_nonempty(function, q_name, nq);
    check_same_size(function, p_name, np, q_name, nq);
    const pair_sums<A> s = thrust_pair_sums<A>(exec, p, q, np, term);
    check_pair_sums(function, p_name, q_name, s, tolerance, [&] {
      check_masses(exec, function, p_name, p, np);
      check_masses(exec, function, q_name, q, nq);
    });
    return s.term.value();
  }
};

/// A divergence of a term and a finish on two Thrust ranges: options checked, then
/// finish(Σ term, 1/log(base)) in the common value type.
template <class E, class ItP, class ItQ, class Term, class Finish = in_units>
auto thrust_reduce_pair(const E& exec, const char* function, ItP p, std::size_t np, ItQ q, std::size_t nq,
                        const Term& term, const divergence_options& options, Finish finish = {}) {
  using R = divergence_result_t<iter_value_t<ItP>, iter_value_t<ItQ>>;
  using A = accumulator_t<R>;
  check_term_log_unit<Term>(function, options.log_base);  // TV, H², χ², α, ...: e only
  const checked_options o = check_divergence_options<R>(function, options);
  const thrust_reducer<E, ItP, ItQ> reduce{exec, function, p, np, q, nq, o.tolerance};
  return static_cast<R>(finish(static_cast<A>(reduce(term)), static_cast<A>(o.inv_log_base)));
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
///         message formatted on the host), a sum off 1, an invalid option.
/// Complexity: one reduction over n elements (a second one only when an entry is invalid).
///
/// \code
/// thrust::device_vector<float> p = ..., q = ...;
/// double d = advdiv::f_divergence(thrust::device, p, q, advdiv::fdiv::squared_hellinger{});
/// \endcode
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, f_generator G>
auto f_divergence(const E& exec, const P& p, const Q& q, const G& g, const divergence_options& options = {}) {
  return detail::thrust_reduce_pair(exec, "advdiv::f_divergence", p.begin(), detail::range_size(p), q.begin(),
                                    detail::range_size(q), f_divergence_term<G>{g}, options);
}

/// advdiv::f_divergence on the iterator ranges [p_first, p_last) and [q_first, q_last).
template <thrust_execution_policy E, std::random_access_iterator ItP, std::random_access_iterator ItQ,
          f_generator G>
auto f_divergence(const E& exec, ItP p_first, ItP p_last, ItQ q_first, ItQ q_last, const G& g,
                  const divergence_options& options = {}) {
  return detail::thrust_reduce_pair(exec, "advdiv::f_divergence", p_first, static_cast<std::size_t>(p_last - p_first),
                                    q_first, static_cast<std::size_t>(q_last - q_first), f_divergence_term<G>{g},
                                    options);
}

/// \def ADVDIV_THRUST_NAMED
/// Defines the container and iterator-range Thrust overloads of one catalogue entry
/// (ADVDIV_NAMED_DIVERGENCES): same names, conventions and messages as the CPU.
#define ADVDIV_THRUST_NAMED(NAME, TERM, FINISH)                                                     \
  /** advdiv::NAME run by Thrust under `exec` on two containers; conventions and errors as the */  \
  /** CPU advdiv::NAME (see advdiv::f_divergence(const E&, const P&, const Q&, const G&, const  */  \
  /** divergence_options&) for the policy and containers). */                                       \
  template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>            \
  auto NAME(const E& exec, const P& p, const Q& q, const divergence_options& options = {}) {        \
    return detail::thrust_reduce_pair(exec, "advdiv::" #NAME, p.begin(), detail::range_size(p),     \
                                      q.begin(), detail::range_size(q), TERM{}, options, FINISH{}); \
  }                                                                                                 \
  /** advdiv::NAME run by Thrust under `exec` on [p_first, p_last) and [q_first, q_last). */        \
  template <thrust_execution_policy E, std::random_access_iterator ItP,                            \
            std::random_access_iterator ItQ>                                                        \
  auto NAME(const E& exec, ItP p_first, ItP p_last, ItQ q_first, ItQ q_last,                        \
            const divergence_options& options = {}) {                                               \
    return detail::thrust_reduce_pair(exec, "advdiv::" #NAME, p_first,                              \
                                      static_cast<std::size_t>(p_last - p_first), q_first,          \
                                      static_cast<std::size_t>(q_last - q_first), TERM{}, options,  \
                                      FINISH{});                                                    \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_THRUST_NAMED)
#undef ADVDIV_THRUST_NAMED

/// Shannon entropy H(P) = −Σ p_i log p_i run by Thrust; conventions and errors as the CPU
/// advdiv::entropy.
template <thrust_execution_policy E, thrust_floating_range P>
auto entropy(const E& exec, const P& p, const divergence_options& options = {}) {
  const std::size_t n = detail::range_size(p);
  return detail::thrust_reduce_pair(exec, "advdiv::entropy", p.begin(), n, p.begin(), n, detail::entropy_term{},
                                    options);
}

/// Amari α-divergence run by Thrust; conventions and errors as the CPU advdiv::alpha_divergence.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto alpha_divergence(const E& exec, const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::alpha_divergence";
  check_alpha(function, alpha);
  return detail::thrust_reduce_pair(exec, function, p.begin(), detail::range_size(p), q.begin(),
                                    detail::range_size(q), f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}},
                                    options);
}

/// Rényi divergence of order α > 0 run by Thrust; conventions and errors as the CPU
/// advdiv::renyi (the same steps: detail::renyi_value).
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q>
auto renyi(const E& exec, const P& p, const Q& q, double alpha, const divergence_options& options = {}) {
  constexpr const char* function = "advdiv::renyi";
  using R = divergence_result_t<detail::iter_value_t<decltype(p.begin())>, detail::iter_value_t<decltype(q.begin())>>;
  check_positive_finite(function, "alpha", alpha);
  const detail::checked_options o = detail::check_divergence_options<R>(function, options);
  const detail::thrust_reducer<E, decltype(p.begin()), decltype(q.begin())> reduce{
      exec, function, p.begin(), detail::range_size(p), q.begin(), detail::range_size(q), o.tolerance};
  return static_cast<R>(detail::renyi_value<detail::accumulator_t<R>>(alpha, o.inv_log_base, reduce));
}

}  // namespace advdiv
