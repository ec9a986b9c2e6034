#pragma once
/// \file
/// The reduction behind every discrete divergence: validate p and q and sum a
/// per-element term in one pass.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/options.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <type_traits>

// The CPU reduction evaluates branch-free terms on xsimd batches (xsimd comes with xtensor);
// never in CUDA translation units, which use the Thrust backend.
#if !defined(ADVDIV_HAS_XSIMD)
/// 1 when the CPU reduction uses xsimd batches; define it to 0 to force the scalar loop.
#if !defined(__CUDACC__) && __has_include(<xsimd/xsimd.hpp>)
#define ADVDIV_HAS_XSIMD 1
#else
#define ADVDIV_HAS_XSIMD 0
#endif
#endif
#if ADVDIV_HAS_XSIMD
#include <xsimd/xsimd.hpp>
#endif

namespace advdiv {

/// Result type of a divergence between vectors of value types A and B (the common type).
template <class A, class B>
using divergence_result_t = std::common_type_t<A, B>;

namespace detail {

/// Accumulation type: double for float input (so float results are correctly rounded
/// sums), the value type otherwise.
template <class T>
using accumulator_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

/// Validates the log base of `options` and returns 1/log(base).
inline double inverse_log_base(const char* function, const divergence_options& options) {
  const double b = options.log_base;
  check_parameter(function, "log_base", b, math::isfinite(b) && b > 0.0 && b != 1.0,
                  "must be finite, positive and not 1");
  return 1.0 / std::log(b);
}

/// Sums of one block of p, q and term(p, q), and whether the block held an invalid mass.
template <class A>
struct block_sums {
  A term = 0, p = 0, q = 0;
  bool invalid = false;
};

/// One block (≤ 256 elements): plain sums in four interleaved lanes, so the loop has
/// independent dependency chains; blocks are combined with compensated summation.
template <class A, class P, class Q, class Term>
block_sums<A> sum_block(const P* p, const Q* q, std::size_t n, const Term& term) {
  A t[4] = {0, 0, 0, 0};
  A sp = 0, sq = 0;
  bool invalid = false;
  constexpr A inf = std::numeric_limits<A>::infinity();
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t k = 0; k < 4; ++k) {
      const A pi = static_cast<A>(p[i + k]), qi = static_cast<A>(q[i + k]);
      invalid |= !(pi >= A(0) && pi < inf && qi >= A(0) && qi < inf);
      sp += pi;
      sq += qi;
      t[k] += term(pi, qi);
    }
  }
  for (; i < n; ++i) {
    const A pi = static_cast<A>(p[i]), qi = static_cast<A>(q[i]);
    invalid |= !(pi >= A(0) && pi < inf && qi >= A(0) && qi < inf);
    sp += pi;
    sq += qi;
    t[0] += term(pi, qi);
  }
  return {(t[0] + t[1]) + (t[2] + t[3]), sp, sq, invalid};
}

#if ADVDIV_HAS_XSIMD
/// The SIMD version of sum_block for double data and a branch-free term: the term is
/// evaluated on xsimd batches (used when a batch holds ≥ 4 doubles, i.e. AVX and wider;
/// with SSE2's two lanes the scalar loop is as fast).
template <class Term>
block_sums<double> sum_block_simd(const double* p, const double* q, std::size_t n, const Term& term) {
  using B = xsimd::batch<double>;
  constexpr std::size_t W = B::size;
  const B zero(0.0), inf(std::numeric_limits<double>::infinity());
  B t0 = zero, t1 = zero, sp = zero, sq = zero;
  auto ok = zero == zero;
  std::size_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    const B p0 = B::load_unaligned(p + i), q0 = B::load_unaligned(q + i);
    const B p1 = B::load_unaligned(p + i + W), q1 = B::load_unaligned(q + i + W);
    ok = ok & (p0 >= zero) & (p0 < inf) & (q0 >= zero) & (q0 < inf);
    ok = ok & (p1 >= zero) & (p1 < inf) & (q1 >= zero) & (q1 < inf);
    sp += p0 + p1;
    sq += q0 + q1;
    t0 += term(p0, q0);
    t1 += term(p1, q1);
  }
  block_sums<double> tail = sum_block<double>(p + i, q + i, n - i, term);
  tail.term += xsimd::hadd(t0 + t1);
  tail.p += xsimd::hadd(sp);
  tail.q += xsimd::hadd(sq);
  tail.invalid |= !xsimd::all(ok);
  return tail;
}

/// Whether reduce_pair takes the SIMD path for this term and accumulator.
template <class Term, class A>
inline constexpr bool use_simd = std::is_same_v<A, double> && xsimd::batch<double>::size >= 2 &&
                                 requires { requires bool(Term::simd_term); };
#else
template <class Term, class A>
inline constexpr bool use_simd = false;
#endif

/// One block of p, q (≤ 256 elements), by the SIMD kernel where it applies. Float data is
/// widened to double first, so float input is computed and accumulated in double.
template <class A, class P, class Q, class Term>
block_sums<A> sum_any_block(const P* p, const Q* q, std::size_t n, const Term& term) {
#if ADVDIV_HAS_XSIMD
  if constexpr (use_simd<Term, A>) {
    if constexpr (std::is_same_v<P, double> && std::is_same_v<Q, double>) {
      return sum_block_simd(p, q, n, term);
    } else {
      alignas(64) double pd[256], qd[256];
      for (std::size_t i = 0; i < n; ++i) pd[i] = static_cast<double>(p[i]);
      for (std::size_t i = 0; i < n; ++i) qd[i] = static_cast<double>(q[i]);
      return sum_block_simd(pd, qd, n, term);
    }
  }
#endif
  return sum_block<A>(p, q, n, term);
}

/// Σ term(p_i, q_i) over two probability vectors, after checking both (non-empty, same
/// length, entries finite and ≥ 0, sums within the tolerance). The result is divided by
/// log(base). `row` ≥ 0 labels errors as `p(row, i)` for the row-wise functions.
template <class P, class Q, class Term>
auto reduce_pair(const char* function, std::span<const P> p, std::span<const Q> q,
                 const Term& term, const divergence_options& options, const char* p_name = "p",
                 const char* q_name = "q") {
  using R = divergence_result_t<P, Q>;
  using A = accumulator_t<R>;
  const double inv_log_base = inverse_log_base(function, options);
  check_nonempty(function, p_name, p);
  check_nonempty(function, q_name, q);
  check_same_size(function, p_name, p.size(), q_name, q.size());

  compensated_sum<A> total, sum_p, sum_q;
  bool invalid = false;
  constexpr std::size_t block = 256;
  for (std::size_t start = 0; start < p.size(); start += block) {
    const std::size_t len = std::min(block, p.size() - start);
    const block_sums<A> b = sum_any_block<A>(p.data() + start, q.data() + start, len, term);
    total += b.term;
    sum_p += b.p;
    sum_q += b.q;
    invalid |= b.invalid;
  }
  if (invalid) {  // slow path only to name the first offending entry
    check_nonnegative_finite(function, p_name, p);
    check_nonnegative_finite(function, q_name, q);
  }
  const double tol = options.sum_tolerance.value_or(default_sum_tolerance<R>());
  check_unit_sum(function, p_name, static_cast<double>(sum_p.value()), tol);
  check_unit_sum(function, q_name, static_cast<double>(sum_q.value()), tol);
  A value = total.value();
  if (inv_log_base != 1.0) value *= static_cast<A>(inv_log_base);
  return static_cast<R>(value);
}

/// Adapts two vector_like arguments to spans and reduces term over them.
template <vector_like P, vector_like Q, class Term>
auto reduce_vectors(const char* function, const P& p, const Q& q, const Term& term,
                    const divergence_options& options) {
  const auto pv = view_vector(p, function, "p");
  const auto qv = view_vector(q, function, "q");
  return reduce_pair(function, pv.span(), qv.span(), term, options);
}

}  // namespace detail
}  // namespace advdiv
