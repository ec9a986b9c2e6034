#pragma once
/// \file
/// The reduction behind every discrete divergence: validate p and q and sum a
/// per-element term in one pass.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/dispatch.hpp>
#include <advdiv/core/lane.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/options.hpp>
#include <advdiv/divergence/pair_reduction.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <type_traits>

/// \def ADVDIV_HAS_XSIMD
/// 1: the CPU reduction evaluates branch-free terms on xsimd batches of the build's width; 0:
/// the scalar loop. KL and JS (dispatch terms) take the run-time dispatched lane kernel on
/// CPUs with AVX2 or AVX-512 either way (core/dispatch.hpp); the setting then only decides
/// their simd_target::build code.
/// Not defined means 0. The CMake target advdiv::advdiv defines ADVDIV_HAS_XSIMD=1 when the
/// option ADVDIV_WITH_XSIMD is ON; without CMake, define it on the command line. It is a
/// build-wide setting, never decided per translation unit (by __has_include or otherwise):
/// two translation units that disagree would define the same inline reduction twice, an ODR
/// violation. CUDA translation units use the Thrust backend and never include xsimd.
#if !defined(ADVDIV_HAS_XSIMD)
#define ADVDIV_HAS_XSIMD 0
#endif
/// \def ADVDIV_DETAIL_XSIMD
/// Internal: 1 where the xsimd reduction is compiled (ADVDIV_HAS_XSIMD and not CUDA), else 0.
#if ADVDIV_HAS_XSIMD && !defined(__CUDACC__)
#define ADVDIV_DETAIL_XSIMD 1
#include <xsimd/xsimd.hpp>
#else
#define ADVDIV_DETAIL_XSIMD 0
#endif

namespace advdiv {

namespace detail {

/// Sums of one block of p, q and term(p, q), and whether the block held an invalid mass.
template <class A>
struct block_sums {
  A term = 0, p = 0, q = 0;
  bool invalid = false;
};

/// Entries per block: blocks are summed plainly (in registers), and combined with
/// compensated summation.
inline constexpr std::size_t block_size = 256;

/// One block (≤ block_size elements): plain sums in four interleaved lanes, so the loop has
/// independent dependency chains.
template <class A, class P, class Q, class Term>
block_sums<A> sum_block(const P* p, const Q* q, std::size_t n, const Term& term) {
  A t[4] = {0, 0, 0, 0};
  A sp = 0, sq = 0;
  bool invalid = false;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t k = 0; k < 4; ++k) {
      const A pi = static_cast<A>(p[i + k]), qi = static_cast<A>(q[i + k]);
      invalid |= !(valid_mass(pi) && valid_mass(qi));
      sp += pi;
      sq += qi;
      t[k] += term(pi, qi);
    }
  }
  for (; i < n; ++i) {
    const A pi = static_cast<A>(p[i]), qi = static_cast<A>(q[i]);
    invalid |= !(valid_mass(pi) && valid_mass(qi));
    sp += pi;
    sq += qi;
    t[0] += term(pi, qi);
  }
  return {(t[0] + t[1]) + (t[2] + t[3]), sp, sq, invalid};
}

#if ADVDIV_DETAIL_XSIMD
/// The SIMD version of sum_block for double data and a branch-free term (Term::simd_term):
/// the term is evaluated on xsimd batches of the width the build targets (2 doubles with
/// SSE2, 4 with AVX2, 8 with AVX-512), two batches per step; the tail goes to sum_block.
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

/// Whether the blocks of this term, accumulated in A, take the SIMD kernel.
template <class Term, class A>
inline constexpr bool use_simd = std::is_same_v<A, double> && requires { requires bool(Term::simd_term); };
#endif

/// One block of p, q (≤ block_size elements), by the SIMD kernel where it applies. Float data
/// is widened to double first, so float input is computed and accumulated in double.
template <class A, class P, class Q, class Term>
block_sums<A> sum_any_block(const P* p, const Q* q, std::size_t n, const Term& term) {
#if ADVDIV_DETAIL_XSIMD
  if constexpr (use_simd<Term, A>) {
    if constexpr (std::is_same_v<P, double> && std::is_same_v<Q, double>) {
      return sum_block_simd(p, q, n, term);
    } else {
      alignas(64) double pd[block_size], qd[block_size];
      for (std::size_t i = 0; i < n; ++i) pd[i] = static_cast<double>(p[i]);
      for (std::size_t i = 0; i < n; ++i) qd[i] = static_cast<double>(q[i]);
      return sum_block_simd(pd, qd, n, term);
    }
  }
#endif
  return sum_block<A>(p, q, n, term);
}

/// Whether Term is written for the run-time dispatched kernel (sum_blocks_on): its term uses
/// only what detail::lane vectorises (arithmetic, comparisons, math::select / any / log /
/// abs). Declared by `static constexpr bool dispatch_term = true` in the term or, for
/// f_divergence_term<G>, in the generator G.
template <class Term>
constexpr bool is_dispatch_term() {
  if constexpr (requires { requires bool(Term::dispatch_term); })
    return true;
  else if constexpr (requires { requires bool(std::remove_cvref_t<decltype(Term::generator)>::dispatch_term); })
    return true;
  else
    return false;
}

/// term(p, q) on lanes (L: lane or tame_lane). For f_divergence_term<G> it is
/// G::term(p + 0, q + 0): the zero-sign normalisation of f_divergence_term::operator(), which
/// GCC would not inline into the target-attributed kernels (every function on the kernel's
/// path is forced inline); tame lanes hold no zero, so G::term(p, q) there.
template <class L, class Term>
[[gnu::always_inline]] inline L lane_term(const Term& term, L p, L q) noexcept {
  if constexpr (requires { requires bool(std::remove_cvref_t<decltype(Term::generator)>::dispatch_term); }) {
    if constexpr (std::is_same_v<L, tame_lane>)
      return term.generator.term(p, q);
    else
      return term.generator.term(p + L(0.0), q + L(0.0));
  } else
    return term(p, q);
}

/// Lanes summed side by side in sum_block_lanes: fixed (not the vector width), so that every
/// target adds the terms in the same order.
inline constexpr std::size_t lane_count = 8;

/// Σ x over one block (exactly block_size values) in lane_count interleaved sums, combined
/// pairwise.
[[gnu::always_inline]] inline double sum_lanes(const double* x) noexcept {
  constexpr std::size_t L = lane_count;
  double s[L] = {};
  for (std::size_t i = 0; i < block_size; i += L)
    for (std::size_t k = 0; k < L; ++k) s[k] += x[i + k];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/// One full block (exactly block_size elements) by the dispatched kernel: the masses are
/// summed first, in the same pass as the smallest and largest entry of the block (which decide
/// whether all lie in the tame range: a NaN escapes the minimum and maximum but makes its sum
/// NaN, which fails the test too); only a block that is not tame checks its entries one by one
/// for validity (a tame block is valid). Then the terms are evaluated on lanes into a buffer
/// (a branch-free loop that vectorises for the enclosing target; its constant trip count lets
/// GCC's -O2 cost model vectorise it without an epilogue), tame_lane when the block allows,
/// and summed. The terms from index `used` on are dropped (the zero padding of a last block).
template <class Term>
[[gnu::always_inline]] inline block_sums<double> sum_full_block_lanes(const double* p, const double* q,
                                                                      std::size_t used, const Term& term) {
  constexpr std::size_t L = lane_count;
  constexpr double inf = std::numeric_limits<double>::infinity();
  double sp[L] = {}, sq[L] = {}, lo[L], hi[L];
  for (std::size_t k = 0; k < L; ++k) lo[k] = hi[k] = 1.0;
  for (std::size_t i = 0; i < block_size; i += L) {
    // Not unrolled: -O3 would unroll it completely before vectorising, and the selects of the
    // unrolled body stay scalar (the lanes then cost ten times as much).
    ADVDIV_DETAIL_NO_UNROLL
    for (std::size_t k = 0; k < L; ++k) {
      const double pi = p[i + k], qi = q[i + k];
      sp[k] += pi;
      sq[k] += qi;
      const bool pq = __builtin_isless(pi, qi);
      const double mn = pq ? pi : qi, mx = pq ? qi : pi;
      lo[k] = __builtin_isless(mn, lo[k]) ? mn : lo[k];
      hi[k] = __builtin_isless(hi[k], mx) ? mx : hi[k];
    }
  }
  const double sum_p = ((sp[0] + sp[1]) + (sp[2] + sp[3])) + ((sp[4] + sp[5]) + (sp[6] + sp[7]));
  const double sum_q = ((sq[0] + sq[1]) + (sq[2] + sq[3])) + ((sq[4] + sq[5]) + (sq[6] + sq[7]));
  bool all_tame = (sum_p < inf) & (sum_q < inf);
  for (std::size_t k = 0; k < L; ++k) all_tame &= (lo[k] >= tame_min) & (hi[k] <= tame_max);
  bool all_ok = true;
  if (!all_tame) {
    int ok[L] = {1, 1, 1, 1, 1, 1, 1, 1};
    for (std::size_t i = 0; i < block_size; i += L) {
      for (std::size_t k = 0; k < L; ++k) {
        const double pi = p[i + k], qi = q[i + k];
        ok[k] &= (pi >= 0.0) & (pi < inf) & (qi >= 0.0) & (qi < inf);
      }
    }
    all_ok = (ok[0] & ok[1] & ok[2] & ok[3] & ok[4] & ok[5] & ok[6] & ok[7]) != 0;
  }
  alignas(64) double t[block_size];
  if (all_tame) {
    for (std::size_t i = 0; i < block_size; ++i) t[i] = lane_term(term, tame_lane{p[i]}, tame_lane{q[i]}).v;
  } else {
    for (std::size_t i = 0; i < block_size; ++i) t[i] = lane_term(term, lane{p[i]}, lane{q[i]}).v;
  }
  for (std::size_t i = used; i < block_size; ++i) t[i] = 0.0;
  return {sum_lanes(t), sum_p, sum_q, !all_ok};
}

/// One block (≤ block_size elements) by the dispatched kernel. A short block (the last one)
/// and float data go through zero-padded double buffers, so every block takes the loops of
/// constant length.
template <class P, class Q, class Term>
[[gnu::always_inline]] inline block_sums<double> sum_block_lanes(const P* p, const Q* q, std::size_t n,
                                                                 const Term& term) {
  if constexpr (std::is_same_v<P, double> && std::is_same_v<Q, double>) {
    if (n == block_size) return sum_full_block_lanes(p, q, n, term);
  }
  alignas(64) double pd[block_size], qd[block_size];
  for (std::size_t i = 0; i < n; ++i) pd[i] = static_cast<double>(p[i]);
  for (std::size_t i = 0; i < n; ++i) qd[i] = static_cast<double>(q[i]);
  for (std::size_t i = n; i < block_size; ++i) pd[i] = qd[i] = 0.0;
  return sum_full_block_lanes(pd, qd, n, term);
}

/// sum_blocks by the dispatched kernel, compiled for the enclosing function's target.
template <class P, class Q, class Term>
[[gnu::always_inline]] inline pair_sums<double> sum_blocks_lanes(const P* p, const Q* q, std::size_t begin,
                                                                 std::size_t end, const Term& term) {
  pair_sums<double> s;
  for (std::size_t start = begin; start < end; start += block_size) {
    const block_sums<double> b = sum_block_lanes(p + start, q + start, std::min(block_size, end - start), term);
    s = merge_pair_sums<double>{}(s, pair_sums<double>{compensated_sum<double>(b.term), b.p, b.q, b.invalid});
  }
  return s;
}

/// The sums of [begin, end) block by block with sum_any_block: xsimd batches of the build's
/// width for branch-free terms, the scalar loop otherwise (simd_target::build).
template <class A, class P, class Q, class Term>
pair_sums<A> sum_blocks_build(const P* p, const Q* q, std::size_t begin, std::size_t end, const Term& term) {
  pair_sums<A> s;
  for (std::size_t start = begin; start < end; start += block_size) {
    const block_sums<A> b = sum_any_block<A>(p + start, q + start, std::min(block_size, end - start), term);
    s = merge_pair_sums<A>{}(s, pair_sums<A>{compensated_sum<A>(b.term), b.p, b.q, b.invalid});
  }
  return s;
}

#if ADVDIV_DETAIL_DISPATCH
// The dispatched kernel compiled for AVX2 and for AVX-512, whatever the build's flags.
template <class P, class Q, class Term>
ADVDIV_DETAIL_TARGET_AVX2 pair_sums<double> sum_blocks_avx2(const P* p, const Q* q, std::size_t begin,
                                                            std::size_t end, const Term& term) {
  return sum_blocks_lanes(p, q, begin, end, term);
}
template <class P, class Q, class Term>
ADVDIV_DETAIL_TARGET_AVX512 pair_sums<double> sum_blocks_avx512(const P* p, const Q* q, std::size_t begin,
                                                                std::size_t end, const Term& term) {
  return sum_blocks_lanes(p, q, begin, end, term);
}
#endif

/// The sums of [begin, end) of a dispatch term (is_dispatch_term) by the code of `target`,
/// which must be supported (simd_target_supported): build is sum_blocks_build (the reduction
/// of a build without dispatch, unchanged), avx2 and avx512 the lane kernel. The kernels
/// differ in their logarithms (xsimd's or the C library's, kernel_log_ratio / kernel_log1p)
/// and the order of the sums, so results agree to a few ulps per term; avx2 and avx512 add
/// in the same order and differ only where the compiler contracts a multiply-add differently.
/// tests/divergence/test_dispatch.cpp bounds every difference by 4e−16·Σ|term| + 1e−300.
template <class P, class Q, class Term>
pair_sums<double> sum_blocks_on(simd_target target, const P* p, const Q* q, std::size_t begin, std::size_t end,
                                const Term& term) {
#if ADVDIV_DETAIL_DISPATCH
  if (target == simd_target::avx512) return sum_blocks_avx512(p, q, begin, end, term);
  if (target == simd_target::avx2) return sum_blocks_avx2(p, q, begin, end, term);
#else
  (void)target;
#endif
  return sum_blocks_build<double>(p, q, begin, end, term);
}

/// A term of huge unnormalised entries scaled by 2^−64: t·2^−64 where term(p, q) = t is
/// finite or both entries are below 1 (an infinity there is the true one, q = 0 < p), else the
/// term of the scaled entries (p·2^−64, and q·2^−64 for a homogeneous term): a term of entries
/// near the largest double (−p log q with p = 1e308, q = 1e308 is −7e310) overflows although
/// the sum it belongs to need not. Evaluated by sum_blocks only when a sum is not finite.
template <class Term>
struct rescaled_term {
  Term term;  ///< f_divergence_term (homogeneous) or a term linear in p (cross-entropy)
  static constexpr bool simd_term = requires { requires bool(Term::simd_term); };
  template <class T>
  ADVDIV_HOST_DEVICE T operator()(T p, T q) const noexcept {
    using S = typename math::detail::scalar_of<T>::type;
    const T s(S(0x1p-64));
    const T t = term(p, q);
    T qs = q;
    if constexpr (requires { requires bool(Term::homogeneous); }) qs = q * s;
    const T scaled = term(p * s, qs);
    const auto finite = math::isfinite(t), small = math::max(p, q) < T(1);
    return math::select(finite | small, t * s, scaled);
  }
};

/// Whether sum_blocks re-sums a non-finite Σ term with rescaled_term.
template <class Term>
inline constexpr bool rescalable_term =
    requires { requires bool(Term::homogeneous); } || requires { requires bool(Term::linear_in_p); };

/// Whether the sums s of a rescalable Term must be formed again from rescaled_term (D17): Σ term
/// is not finite, every entry was valid and the masses sum to more than 2^512 = √DBL_MAX, so
/// single terms (or partial sums: blocks, Thrust chunks, MPI ranks) may have overflowed although
/// the total need not. Then Σ term = 2^64 · Σ rescaled_term (rescaled_sum). Every backend asks
/// this of its merged sums, so an overflow in one chunk never meets its opposite in another as
/// inf − inf = NaN.
template <class Term, class A>
ADVDIV_HOST_DEVICE constexpr bool needs_rescaled_sum(const pair_sums<A>& s) noexcept {
  if constexpr (rescalable_term<Term>)
    return !math::isfinite(s.term.value()) && !s.invalid && s.p + s.q > A(0x1p512);
  else
    return false;
}

/// Σ term from Σ rescaled_term<Term> (the sums of a second pass): 2^64 times its value.
template <class A>
ADVDIV_HOST_DEVICE constexpr compensated_sum<A> rescaled_sum(const pair_sums<A>& rescaled) noexcept {
  return compensated_sum<A>(rescaled.term.value() * A(0x1p64));
}

/// The sums of [begin, end) of two contiguous arrays, block by block: the CPU loop, also run
/// by the Thrust backend on each host thread's chunk. Dispatch terms (is_dispatch_term:
/// KL, JS) accumulated in double run on the widest instruction set of the CPU
/// (best_simd_target), whatever the flags of the build; the other branch-free terms on xsimd
/// batches of the build's width; the rest by the scalar loop.
template <class A, class P, class Q, class Term>
pair_sums<A> sum_blocks(const P* p, const Q* q, std::size_t begin, std::size_t end, const Term& term) {
  pair_sums<A> s;
  if constexpr (is_dispatch_term<Term>() && std::is_same_v<A, double>) {
    s = sum_blocks_on(best_simd_target(), p, q, begin, end, term);
  } else {
    s = sum_blocks_build<A>(p, q, begin, end, term);
  }
  // Single terms (or partial sums) can overflow only for entries far above 1, which only a sum
  // tolerance of inf admits: then Σ term again, scaled by 2^−64 (D17: a cross-entropy of
  // 1e308-sized entries was inf − inf = NaN, true 3.1e309, i.e. +inf).
  if constexpr (rescalable_term<Term>) {
    if (needs_rescaled_sum<Term>(s))
      s.term = rescaled_sum(sum_blocks_build<A>(p, q, begin, end, rescaled_term<Term>{term}));
  }
  return s;
}

/// Throws check_nonnegative_finite's message for the first invalid entry of row `row` of a
/// matrix: `function: name(row, j) = value is negative` (or `is not finite`).
template <class T>
void check_row_masses(const char* function, const char* name, std::size_t row, std::span<const T> x) {
  for (std::size_t j = 0; j < x.size(); ++j)
    if (const char* problem = nonnegative_finite_problem(x[j]); *problem)
      throw_value_error(function, element_name(name, row, j), x[j], problem);
}

/// The CPU reducer of one pair of spans: term → Σ term(p_i, q_i) in nats (accumulator type),
/// after checking sizes, entries and sums. Errors name `p[i]` (vectors) or `p(row, i)` and
/// `row r of p` (rows of a matrix, when row_label is set).
template <class P, class Q>
struct span_reducer {
  const char* function;
  std::span<const P> p;
  std::span<const Q> q;
  double tolerance;
  const char* p_name = "p";  ///< the name of p (or, for a row, of the matrix)
  const char* q_name = "q";
  const char* p_label = "p";  ///< what the sum messages call p (`p`, `row 2 of p`)
  const char* q_label = "q";
  std::ptrdiff_t row = -1;  ///< the row of a matrix, or −1 for vectors

  /// Σ term over the pair, validated.
  template <class Term>
  auto operator()(const Term& term) const {
    using A = accumulator_t<divergence_result_t<P, Q>>;
    check_nonempty(function, p_label, p.size());
    check_nonempty(function, q_label, q.size());
    check_same_size(function, p_label, p.size(), q_label, q.size());
    const pair_sums<A> s = sum_blocks<A>(p.data(), q.data(), 0, p.size(), term);
    check_pair_sums(function, p_label, q_label, s, tolerance, [&] {  // slow path: name the entry
      if (row < 0) {
        check_nonnegative_finite(function, p_name, p);
        check_nonnegative_finite(function, q_name, q);
      } else {
        check_row_masses(function, p_name, static_cast<std::size_t>(row), p);
        check_row_masses(function, q_name, static_cast<std::size_t>(row), q);
      }
    });
    return s.term.value();
  }
};

/// A named divergence on two vector_like arguments: validates the options, views p and q as
/// spans and returns finish(Σ term, 1/log(base)) in the common value type.
/// \def ADVDIV_DETAIL_REQUIRE_FLOATING
/// Stops a divergence called on integers (or other non-floating values) with one sentence (the
/// argument is the condition, e.g. vector_like<P> && vector_like<Q>), as
/// the first error of the instantiation; the caller then returns early under
/// `if constexpr (!(vector_like<V> && ...))` so no other error follows it.
#define ADVDIV_DETAIL_REQUIRE_FLOATING(...)                                                           \
  static_assert((__VA_ARGS__),                                                 \
                "advdiv: the probability vectors must hold float, double or long double values. For " \
                "integer counts, normalise them on purpose with advdiv::from_counts(counts) "          \
                "(<advdiv/divergence/counts.hpp>), or convert them yourself.")

template <probability_range P, probability_range Q, class Term, class Finish = in_units>
auto reduce_vectors(const char* function, const P& p, const Q& q, const Term& term,
                    const divergence_options& options, Finish finish = {}) {
  ADVDIV_DETAIL_REQUIRE_FLOATING(vector_like<P> && vector_like<Q>);
  if constexpr (!(vector_like<P> && vector_like<Q>)) {
    return 0.0;
  } else {
    using R = divergence_result_t<vector_value_t<P>, vector_value_t<Q>>;
    using A = accumulator_t<R>;
    (void)check_term_log_unit<Term>(function, options.log_base);  // TV, H², χ², α, ...: e only
    const checked_options o = check_divergence_options<R>(function, options);
    const auto pv = view_vector(p, function, "p");
    const auto qv = view_vector(q, function, "q");
    const span_reducer<vector_value_t<P>, vector_value_t<Q>> reduce{function, pv.span(), qv.span(), o.tolerance};
    return static_cast<R>(finish(static_cast<A>(reduce(term)), static_cast<A>(o.inv_log_base)));
  }
}

/// A named divergence of the catalogue (Spec = detail::named::kl, ...) on two vectors,
/// reported under its own function name.
template <class Spec, probability_range P, probability_range Q>
auto reduce_named(const char* function, const P& p, const Q& q, const divergence_options& options) {
  return reduce_vectors(function, p, q, typename Spec::term{}, options, typename Spec::finish{});
}

}  // namespace detail
}  // namespace advdiv
