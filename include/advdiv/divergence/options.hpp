#pragma once
/// \file
/// Options shared by the discrete divergences: the unit (log base) and the tolerance
/// on the sums of the probability vectors.

#include <advdiv/core/checks.hpp>
#include <advdiv/divergence/f_generator.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace advdiv {

/// Options of the discrete divergences and entropies.
///
/// \code
/// advdiv::kl(p, q);                                  // nats
/// advdiv::kl(p, q, advdiv::bits);                    // bits
/// advdiv::kl(p, q, {.log_base = 10});                // dits (hartleys)
/// advdiv::kl(p, q, {.sum_tolerance = 1e-3});         // looser normalisation check
/// \endcode
struct divergence_options {
  /// Base of the logarithm: e (nats) by default, 2 for bits. Must be finite and > 1: a base in
  /// (0, 1) would flip the sign of every divergence (and make js_distance the root of a
  /// negative number). Only the measures in a logarithmic unit take another base than e (KL,
  /// reverse KL, Jeffreys, JS, entropies, Rényi, an f-divergence of a logarithmic generator:
  /// see has_log_unit); total variation, squared Hellinger, the χ² divergences, the
  /// α-divergence and other generators refuse it (check_log_unit).
  double log_base = std::numbers::e;
  /// Allowed |Σp − 1| (and |Σq − 1|); unset means default_sum_tolerance<T>(), +inf
  /// disables the check (the formula is then applied to unnormalised measures as is).
  std::optional<double> sum_tolerance{};
};

/// A log base that converts to divergence_options, so it can be passed on its own.
struct log_base {
  double value;  ///< the base b of log_b
  /// Options with this base and the default tolerance (implicit, so `kl(p, q, bits)` works).
  constexpr operator divergence_options() const noexcept {  // NOLINT: implicit on purpose
    return divergence_options{value, {}};
  }
};

/// Natural logarithm (the default unit).
inline constexpr log_base nats{std::numbers::e};
/// Base-2 logarithm.
inline constexpr log_base bits{2.0};
/// Base-10 logarithm (hartleys / dits).
inline constexpr log_base dits{10.0};

/// Throws std::domain_error `function: log_base = b is not finite and > 1` unless 1 < b < inf,
/// and returns 1/log(b), the factor that converts nats into that unit.
inline double check_log_base(const char* function, double b) {
  check_parameter(function, "log_base", b, b > 1.0 && b < std::numeric_limits<double>::infinity(),
                  "is not finite and > 1");
  return 1.0 / std::log(b);
}

namespace fdiv {
struct kl;
struct reverse_kl;
struct jeffreys;
struct jensen_shannon;
struct gan;
struct total_variation;
struct squared_hellinger;
struct pearson;
struct neyman;
struct alpha;
}  // namespace fdiv

/// Whether D_f of generator G is measured in a logarithmic unit, so that a log base converts
/// it: true for the generators whose f is a logarithm in nats (fdiv::kl, reverse_kl, jeffreys,
/// jensen_shannon, gan) and for a user's generator that declares
/// `static constexpr bool logarithmic_unit = true;` (its f in nats); false for every other
/// generator (total variation, squared Hellinger, Pearson and Neyman χ², α: numbers without a
/// unit, which divided by log 2 would be silently wrong, TV/ln 2 > 1).
///
/// \code
/// struct my_kl {  // f(u) = u log u, in nats
///   static constexpr bool logarithmic_unit = true;
///   template <class T> T f(T u) const { return u * std::log(u); }
///   double slope_at_infinity() const { return advdiv::math::infinity<double>(); }
/// };
/// static_assert(advdiv::has_log_unit<my_kl>);
/// \endcode
template <class G>
inline constexpr bool has_log_unit = requires { requires bool(G::logarithmic_unit); };
/// \cond SPECIALISATIONS
template <>
inline constexpr bool has_log_unit<fdiv::kl> = true;
template <>
inline constexpr bool has_log_unit<fdiv::reverse_kl> = true;
template <>
inline constexpr bool has_log_unit<fdiv::jeffreys> = true;
template <>
inline constexpr bool has_log_unit<fdiv::jensen_shannon> = true;
template <>
inline constexpr bool has_log_unit<fdiv::gan> = true;
/// \endcond

namespace detail {

/// The name a refusal gives the measure of generator G ("total variation", ...; "the
/// generator" for a user's own).
template <class G>
inline constexpr const char* unitless_name = "the generator";
/// \cond SPECIALISATIONS
template <>
inline constexpr const char* unitless_name<fdiv::total_variation> = "total variation";
template <>
inline constexpr const char* unitless_name<fdiv::squared_hellinger> = "squared Hellinger";
template <>
inline constexpr const char* unitless_name<fdiv::pearson> = "Pearson chi2";
template <>
inline constexpr const char* unitless_name<fdiv::neyman> = "Neyman chi2";
template <>
inline constexpr const char* unitless_name<fdiv::alpha> = "the alpha divergence";
/// \endcond

/// Whether the sum of the per-element Term is in a logarithmic unit: an f_divergence_term as
/// its generator (has_log_unit), any other term of the library (entropy, cross-entropy) yes.
template <class Term>
struct term_log_unit {
  static constexpr bool value = true;                 ///< logarithmic
  static constexpr const char* name = "the measure";  ///< not used where value is true
};
/// \cond SPECIALISATIONS
template <f_generator G>
struct term_log_unit<f_divergence_term<G>> {
  static constexpr bool value = has_log_unit<G>;
  static constexpr const char* name = unitless_name<G>;
};
/// \endcond

/// Throws std::invalid_argument `function: log_base = b is not e (<measure> has no logarithmic
/// unit)` unless b is e. The one refusal of a log base by a measure without a unit.
inline void refuse_log_base(const char* function, const char* measure, double b) {
  if (b != std::numbers::e)
    throw_invalid_argument(function, "log_base = " + format_value(b) + " is not e (" + measure +
                                         " has no logarithmic unit)");
}

}  // namespace detail

/// Validates the log base of a divergence of the catalogue or of a generator G and returns
/// 1/log(b): a base that is no base (not finite and > 1) throws std::domain_error
/// (check_log_base); a measure without a logarithmic unit (has_log_unit<G> false) throws
/// std::invalid_argument for any base other than e:
/// `advdiv::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)`.
///
/// \code
/// advdiv::check_log_unit<advdiv::fdiv::kl>("advdiv::kl", 2.0);  // 1/log 2
/// advdiv::check_log_unit<advdiv::fdiv::total_variation>("advdiv::total_variation", 2.0);  // throws
/// \endcode
template <class G>
double check_log_unit(const char* function, double b) {
  const double inv = check_log_base(function, b);
  if constexpr (!has_log_unit<G>) detail::refuse_log_base(function, detail::unitless_name<G>, b);
  return inv;
}

namespace detail {
/// check_log_unit for a per-element term (term_log_unit): the form the backends' generic
/// reductions call with the term they reduce.
template <class Term>
double check_term_log_unit(const char* function, double b) {
  const double inv = check_log_base(function, b);
  if constexpr (!term_log_unit<Term>::value) refuse_log_base(function, term_log_unit<Term>::name, b);
  return inv;
}

/// check_term_log_unit as a functor: the extra local check of a distributed call (the MPI layer
/// captures it with the other local checks so that every rank raises it together).
template <class Term>
struct log_unit_check {
  const char* function;  ///< the message prefix
  double log_base;       ///< options.log_base
  void operator()() const { (void)check_term_log_unit<Term>(function, log_base); }
};
}  // namespace detail

}  // namespace advdiv
