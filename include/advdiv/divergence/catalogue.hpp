#pragma once
/// \file
/// The catalogue of named discrete divergences: the one list every backend expands.
///
/// ADVDIV_NAMED_DIVERGENCES(X) calls X(name, term, finish) once per named divergence of two
/// probability vectors without a parameter: `name` is the function name in every backend
/// (advdiv::name on vectors, advdiv::rowwise::name on rows, the same names with a Thrust
/// execution policy), `term` the per-element functor (device-neutral), `finish` how Σ term
/// becomes the result (detail::in_units, or detail::root_in_units for a distance). The CPU
/// vector functions are written out (kl.hpp, ...) for their documentation and take term and
/// finish from `detail::named::NAME`; the row-wise and Thrust backends are generated from the
/// list. The divergences with a parameter, alpha_divergence and renyi
/// (ADVDIV_PARAMETRISED_DIVERGENCES), are written out in every backend on top of shared
/// helpers (divergence/alpha.hpp). tests/thrust/test_thrust.cpp expands both lists to check
/// that every backend offers every name with the same values.
///
/// \code
/// #define MY_PRINT(name, term, finish) std::puts(#name);
/// ADVDIV_NAMED_DIVERGENCES(MY_PRINT)
/// \endcode

#include <advdiv/core/math.hpp>
#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/divergence/fdiv.hpp>
#include <advdiv/divergence/pair_reduction.hpp>

namespace advdiv {

namespace detail {
/// The term of the Shannon entropy, −p log p (the q argument is ignored).
struct entropy_term {
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T) const noexcept { return -math::xlogy(p, p); }
};
/// The term of the cross-entropy, −p log q (0 where p = 0; +inf where q = 0 < p).
struct cross_entropy_term {
  /// Linear in p: terms that overflow on their own are re-summed from p·2^−64 (rescaled_term).
  static constexpr bool linear_in_p = true;
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept { return -math::xlogy(p + T(0), q + T(0)); }
};
}  // namespace detail

/// \def ADVDIV_NAMED_DIVERGENCES
/// The list of named divergences without a parameter: X(name, term, finish) for each.
#define ADVDIV_NAMED_DIVERGENCES(X)                                                              \
  X(kl, ::advdiv::f_divergence_term<::advdiv::fdiv::kl>, ::advdiv::detail::in_units)                \
  X(reverse_kl, ::advdiv::f_divergence_term<::advdiv::fdiv::reverse_kl>, ::advdiv::detail::in_units) \
  X(jeffreys, ::advdiv::f_divergence_term<::advdiv::fdiv::jeffreys>, ::advdiv::detail::in_units)    \
  X(js, ::advdiv::f_divergence_term<::advdiv::fdiv::jensen_shannon>, ::advdiv::detail::in_units)    \
  X(js_distance, ::advdiv::f_divergence_term<::advdiv::fdiv::jensen_shannon>,                       \
    ::advdiv::detail::root_in_units)                                                                \
  X(total_variation, ::advdiv::f_divergence_term<::advdiv::fdiv::total_variation>,                  \
    ::advdiv::detail::in_units)                                                                     \
  X(squared_hellinger, ::advdiv::f_divergence_term<::advdiv::fdiv::squared_hellinger>,              \
    ::advdiv::detail::in_units)                                                                     \
  X(pearson_chi2, ::advdiv::f_divergence_term<::advdiv::fdiv::pearson>, ::advdiv::detail::in_units) \
  X(neyman_chi2, ::advdiv::f_divergence_term<::advdiv::fdiv::neyman>, ::advdiv::detail::in_units)   \
  X(cross_entropy, ::advdiv::detail::cross_entropy_term, ::advdiv::detail::in_units)

/// \def ADVDIV_PARAMETRISED_DIVERGENCES
/// The named divergences with a parameter α (signature (p, q, alpha, options)): X(name).
#define ADVDIV_PARAMETRISED_DIVERGENCES(X) X(alpha_divergence) X(renyi)

namespace detail::named {
/// \def ADVDIV_DETAIL_NAMED_SPEC
/// One spec type per named divergence: its term and finish.
#define ADVDIV_DETAIL_NAMED_SPEC(NAME, TERM, FINISH) \
  struct NAME {                                     \
    using term = TERM;                              \
    using finish = FINISH;                          \
  };
ADVDIV_NAMED_DIVERGENCES(ADVDIV_DETAIL_NAMED_SPEC)
#undef ADVDIV_DETAIL_NAMED_SPEC
}  // namespace detail::named

}  // namespace advdiv
