#pragma once
/// \file
/// Batched divergences run by Thrust: B pairs of distributions of length K stored row-major
/// (B×K, row r at [r·K, (r + 1)·K)) give B divergences in one call; or B distributions against
/// one distribution of length K broadcast against every row (either argument).

#include <advdiv/thrust/divergence.hpp>

#include <thrust/fill.h>
#include <thrust/find.h>
#include <thrust/host_vector.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/discard_iterator.h>
#include <thrust/iterator/permutation_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/logical.h>
#include <thrust/reduce.h>
#include <thrust/transform.h>

#include <numbers>
#include <string>

namespace advdiv {

/// How a batched (segmented) reduction is spread over threads.
enum class batch_strategy {
  automatic,       ///< choose from the shape (see rowwise_options)
  row_per_thread,  ///< one thread sums one row sequentially: many short rows
  segmented,       ///< one reduce_by_key over all B·K elements keyed by row: many medium rows
  row_by_row,      ///< one full parallel reduction per row: few long rows
};

/// Options of the batched Thrust divergences: the divergence options plus the strategy.
/// `automatic` takes row_by_row when B ≤ 16 and K ≥ 2^15 (each row alone fills the device),
/// row_per_thread when K ≤ 64 or when the policy does not run on a CUDA device (then every
/// thread gets whole rows), and segmented otherwise.
struct rowwise_options {
  divergence_options divergence{};                     ///< log base and sum tolerance
  batch_strategy strategy = batch_strategy::automatic;  ///< reduction strategy
};

namespace detail {

/// Sums of row r computed sequentially by one thread.
template <class A, class ItP, class ItQ, class Term>
struct row_sums {
  ItP p;
  ItQ q;
  std::size_t cols;
  Term term;
  ADVDIV_HOST_DEVICE pair_sums<A> operator()(std::size_t r) const noexcept {
    pair_sums<A> s;
    const pair_element<A, Term> element{term};
    const merge_pair_sums<A> merge;
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      s = merge(s, element(thrust::make_tuple(p[i], q[i])));
    }
    return s;
  }
};

/// The shape of a batched call: B rows of K values, and which argument, if any, is one
/// distribution of K values broadcast against every row of the other.
struct batch_shape {
  std::size_t rows = 0;
  bool p_broadcast = false;  ///< p is one distribution, q holds the rows
  bool q_broadcast = false;  ///< q is one distribution, p holds the rows
  bool valid = false;        ///< the sizes fit one of the three forms
};

/// The shape of np and nq elements in rows of `cols`: the same number of rows (np = nq), or
/// rows against one distribution (nq = cols: q broadcast; np = cols: p broadcast). np = nq = cols
/// is one pair (the two readings agree).
inline batch_shape batch_shape_of(std::size_t np, std::size_t nq, std::size_t cols) noexcept {
  if (cols == 0) return {};
  if (np == nq && np % cols == 0) return {np / cols, false, false, true};
  if (nq == cols && np % cols == 0) return {np / cols, false, true, true};
  if (np == cols && nq % cols == 0) return {nq / cols, true, false, true};
  return {};
}

/// batch_shape_of, or std::invalid_argument: `p has no columns`, `p has no rows` (`q has no
/// rows` when p is broadcast), or `p and q hold 8 and 5 elements: not the same number of rows of
/// 3, nor rows of 3 and one distribution of 3`.
inline batch_shape check_batch_shape(const char* function, std::size_t np, std::size_t nq, std::size_t cols) {
  if (cols == 0) throw_invalid_argument(function, "p has no columns");
  const batch_shape s = batch_shape_of(np, nq, cols);
  if (!s.valid) {
    const std::string k = std::to_string(cols);
    throw_invalid_argument(function, "p and q hold " + std::to_string(np) + " and " + std::to_string(nq) +
                                         " elements: not the same number of rows of " + k + ", nor rows of " + k +
                                         " and one distribution of " + k);
  }
  if (s.rows == 0) throw_invalid_argument(function, s.p_broadcast ? "q has no rows" : "p has no rows");
  return s;
}

/// i → i mod cols: the index into a broadcast distribution of element i of the batch.
struct column_of {
  std::size_t cols;
  ADVDIV_HOST_DEVICE std::size_t operator()(std::size_t i) const noexcept { return i % cols; }
};

/// A distribution of `cols` values read as B identical rows (element i of the batch is x[i mod cols]).
template <class It>
auto broadcast_rows(It first, std::size_t cols) {
  return thrust::make_permutation_iterator(
      first, thrust::make_transform_iterator(thrust::counting_iterator<std::size_t>(0), column_of{cols}));
}

#if !defined(__CUDACC__)
/// Row r summed on one host thread by the CPU loop (sum_blocks); a broadcast argument has stride 0.
template <class A, class P, class Q, class Term>
struct host_row_sums {
  const P* p;
  const Q* q;
  std::size_t cols, p_stride, q_stride;
  Term term;
  pair_sums<A> operator()(std::size_t r) const {
    return sum_blocks<A>(p + r * p_stride, q + r * q_stride, 0, cols, term);
  }
};
#endif

/// i → i / cols (the row key of element i).
struct row_of {
  std::size_t cols;
  ADVDIV_HOST_DEVICE std::size_t operator()(std::size_t i) const noexcept { return i / cols; }
};

/// Index of a row whose sums fail validation (pair_sums_ok: an invalid entry or a sum off 1),
/// or `none`.
template <class A>
struct failing_row {
  double tolerance;
  std::size_t none;
  ADVDIV_HOST_DEVICE std::size_t operator()(const thrust::tuple<std::size_t, pair_sums<A>>& t) const noexcept {
    return pair_sums_ok(thrust::get<1>(t), tolerance) ? none : thrust::get<0>(t);
  }
};

/// Smaller of two indices.
struct min_index {
  ADVDIV_HOST_DEVICE std::size_t operator()(std::size_t a, std::size_t b) const noexcept {
    return b < a ? b : a;
  }
};

/// pair_sums → the row's value: finish(Σ term, 1/log(base)) in R (Finish as in the catalogue).
template <class A, class R, class Finish>
struct finish_row {
  A inv_log_base;
  ADVDIV_HOST_DEVICE R operator()(const pair_sums<A>& s) const noexcept {
    return static_cast<R>(Finish{}(s.term.value(), inv_log_base));
  }
};

/// The strategy `automatic` stands for, for this shape and policy.
template <class E>
batch_strategy choose_strategy(batch_strategy s, std::size_t rows, std::size_t cols) {
  if (s != batch_strategy::automatic) return s;
  if (rows <= 16 && cols >= (std::size_t(1) << 15)) return batch_strategy::row_by_row;
  if (cols <= 64 || !runs_on_cuda<E>) return batch_strategy::row_per_thread;
  return batch_strategy::segmented;
}

/// The per-row pair_sums of a B×K batch (p and q both B×K, or broadcast iterators) into
/// [states, states + rows), by a resolved strategy.
template <class A, class E, class ItP, class ItQ, class Term, class Out>
void batch_sums_of(const E& exec, ItP p, ItQ q, std::size_t rows, std::size_t cols, const Term& term,
                   batch_strategy strategy, Out states) {
  switch (strategy) {
    case batch_strategy::row_by_row: {
      auto zipped = thrust::make_zip_iterator(thrust::make_tuple(p, q));
      for (std::size_t r = 0; r < rows; ++r) {
        const auto first = zipped + static_cast<std::ptrdiff_t>(r * cols);
        const pair_sums<A> row = thrust::transform_reduce(
            exec, first, first + static_cast<std::ptrdiff_t>(cols), pair_element<A, Term>{term},
            pair_sums<A>{}, merge_pair_sums<A>{});
        // fill_n rather than states[r] = row: no element reference through a null system.
        thrust::fill_n(exec, states + static_cast<std::ptrdiff_t>(r), 1, row);
      }
      break;
    }
    case batch_strategy::segmented: {
      auto keys = thrust::make_transform_iterator(thrust::counting_iterator<std::size_t>(0), row_of{cols});
      auto values = thrust::make_transform_iterator(
          thrust::make_zip_iterator(thrust::make_tuple(p, q)), pair_element<A, Term>{term});
      thrust::reduce_by_key(exec, keys, keys + static_cast<std::ptrdiff_t>(rows * cols), values,
                            thrust::make_discard_iterator(), states, thrust::equal_to<std::size_t>(),
                            merge_pair_sums<A>{});
      break;
    }
    default: {
      thrust::counting_iterator<std::size_t> r0(0);
      thrust::transform(exec, r0, r0 + static_cast<std::ptrdiff_t>(rows), states,
                        row_sums<A, ItP, ItQ, Term>{p, q, cols, term});
    }
  }
}

/// The per-row pair_sums of a batch of `shape` into [states, states + shape.rows), by `strategy`.
/// Contiguous host memory under a host policy, one row per thread, runs the CPU loop on each row
/// in place (a broadcast argument read with stride 0); otherwise a broadcast argument is read
/// through broadcast_rows.
template <class A, class E, class ItP, class ItQ, class Term, class Out>
void batch_sums(const E& exec, ItP p, ItQ q, const batch_shape& shape, std::size_t cols, const Term& term,
                batch_strategy strategy, Out states) {
  const std::size_t rows = shape.rows;
  const batch_strategy s = choose_strategy<E>(strategy, rows, cols);
#if !defined(__CUDACC__)
  if constexpr (host_contiguous<E, ItP, ItQ>) {
    if (s == batch_strategy::row_per_thread) {
      thrust::counting_iterator<std::size_t> r0(0);
      thrust::transform(exec, r0, r0 + static_cast<std::ptrdiff_t>(rows), states,
                        host_row_sums<A, iter_value_t<ItP>, iter_value_t<ItQ>, Term>{
                            host_pointer(p), host_pointer(q), cols, shape.p_broadcast ? 0 : cols,
                            shape.q_broadcast ? 0 : cols, term});
      return;
    }
  }
#endif
  if (shape.q_broadcast)
    batch_sums_of<A>(exec, p, broadcast_rows(q, cols), rows, cols, term, s, states);
  else if (shape.p_broadcast)
    batch_sums_of<A>(exec, broadcast_rows(p, cols), q, rows, cols, term, s, states);
  else
    batch_sums_of<A>(exec, p, q, rows, cols, term, s, states);
}

/// needs_rescaled_sum of a row's sums, as a functor.
template <class A, class Term>
struct row_needs_rescaled_sum {
  ADVDIV_HOST_DEVICE bool operator()(const pair_sums<A>& s) const noexcept { return needs_rescaled_sum<Term>(s); }
};

/// A row's sums, with Σ term taken from the rescaled pass r where the first pass needs it.
template <class A, class Term>
struct take_rescaled_sum {
  ADVDIV_HOST_DEVICE pair_sums<A> operator()(pair_sums<A> s, const pair_sums<A>& r) const noexcept {
    if (needs_rescaled_sum<Term>(s)) s.term = rescaled_sum(r);
    return s;
  }
};

/// The second pass of D17 for a batch: where some row's Σ term is not finite for huge
/// unnormalised entries (needs_rescaled_sum), the batch is summed again with rescaled_term and
/// those rows take 2^64 times the rescaled sum, so terms that overflowed with opposite signs
/// never merge to inf − inf. Costs one device test when no row needs it.
template <class A, class E, class ItP, class ItQ, class Term, class States>
void rescale_overflowed_rows(const E& exec, ItP p, ItQ q, const batch_shape& shape, std::size_t cols,
                             const Term& term, batch_strategy strategy, States states) {
  const auto last = states + static_cast<std::ptrdiff_t>(shape.rows);
  if (!thrust::any_of(exec, states, last, row_needs_rescaled_sum<A, Term>{})) return;
  temporary_buffer<pair_sums<A>, E> again(exec, shape.rows);
  batch_sums<A>(exec, p, q, shape, cols, rescaled_term<Term>{term}, strategy, again.begin());
  thrust::transform(exec, states, last, again.begin(), states, take_rescaled_sum<A, Term>{});
}

/// The batched reduction behind every rowwise function: validates the options and the shape on
/// the host (check_batch_shape), reduces each row, finds the first failing row by a device
/// reduction and reports it with the CPU rowwise message (check_pair_sums: `p(2, 3) = -0.2 is
/// negative`, `row 2 of p sums to ...`; a broadcast distribution as a vector, `q[1] = -0.2 is
/// negative`, `q sums to ...`); otherwise writes finish(row) for the B rows to `out`.
template <class Finish, class E, class ItP, class ItQ, class Term, class Out>
void thrust_reduce_rows(const E& exec, const char* function, ItP p, std::size_t np, ItQ q, std::size_t nq,
                        std::size_t cols, const Term& term, const rowwise_options& options, Out out) {
  using R = divergence_result_t<iter_value_t<ItP>, iter_value_t<ItQ>>;
  using A = accumulator_t<R>;
  check_term_log_unit<Term>(function, options.divergence.log_base);  // TV, H², χ², α, ...: e only
  const checked_options o = check_divergence_options<R>(function, options.divergence);
  const batch_shape shape = check_batch_shape(function, np, nq, cols);
  const std::size_t rows = shape.rows;
  temporary_buffer<pair_sums<A>, E> states(exec, rows);
  batch_sums<A>(exec, p, q, shape, cols, term, options.strategy, states.begin());
  if constexpr (rescalable_term<Term>)
    rescale_overflowed_rows<A>(exec, p, q, shape, cols, term, options.strategy, states.begin());
  auto indexed = thrust::make_zip_iterator(
      thrust::make_tuple(thrust::counting_iterator<std::size_t>(0), states.begin()));
  const std::size_t bad = thrust::transform_reduce(exec, indexed, indexed + static_cast<std::ptrdiff_t>(rows),
                                                   failing_row<A>{o.tolerance, rows}, rows, min_index{});
  if (bad < rows) {
    const thrust::host_vector<pair_sums<A>> one(states.begin() + static_cast<std::ptrdiff_t>(bad),
                                                states.begin() + static_cast<std::ptrdiff_t>(bad + 1));
    const std::string row_text = "row " + std::to_string(bad) + " of ";
    const std::string pn = shape.p_broadcast ? "p" : row_text + "p", qn = shape.q_broadcast ? "q" : row_text + "q";
    const auto offset = static_cast<std::ptrdiff_t>(bad * cols);
    const auto row = static_cast<std::ptrdiff_t>(bad);
    check_pair_sums(function, pn.c_str(), qn.c_str(), one[0], o.tolerance, [&] {
      if (shape.p_broadcast)
        check_masses(exec, function, "p", p, cols);
      else
        check_masses(exec, function, "p", p + offset, cols, row);
      if (shape.q_broadcast)
        check_masses(exec, function, "q", q, cols);
      else
        check_masses(exec, function, "q", q + offset, cols, row);
    });
  }
  thrust::transform(exec, states.begin(), states.begin() + static_cast<std::ptrdiff_t>(rows), out,
                    finish_row<A, R, Finish>{static_cast<A>(o.inv_log_base)});
}

/// Resizes `out` to the number of rows (B) and runs thrust_reduce_rows into it.
template <class Finish, class E, class P, class Q, class Term, class Out>
void thrust_rows_into(const E& exec, const char* function, const P& p, const Q& q, std::size_t cols,
                      const Term& term, const rowwise_options& options, Out& out) {
  const std::size_t np = range_size(p), nq = range_size(q);
  out.resize(batch_shape_of(np, nq, cols).rows);  // 0 where the shape is wrong: thrust_reduce_rows throws
  thrust_reduce_rows<Finish>(exec, function, p.begin(), np, q.begin(), nq, cols, term, options, out.begin());
}

/// (d, S) → the row's Rényi divergence (renyi_from_sums, the CPU's formula).
template <class A, class R>
struct renyi_row {
  double alpha;
  A inv_log_base;
  ADVDIV_HOST_DEVICE R operator()(const thrust::tuple<A, A>& t) const noexcept {
    return static_cast<R>(renyi_from_sums(thrust::get<0>(t), thrust::get<1>(t), alpha, inv_log_base));
  }
};

}  // namespace detail

namespace rowwise {

/// Batched D_f: p and q hold B distributions of length `cols` each, row-major (row r at
/// [r·cols, (r + 1)·cols)); out is resized to B and receives D_f(p_r‖q_r). Broadcasting: a q of
/// exactly `cols` values is one distribution against every row of p (out_r = D_f(p_r‖q)), and a
/// p of `cols` values one distribution against every row of q (out_r = D_f(p‖q_r)); which form
/// is meant follows from the sizes (B·K and B·K, B·K and K, K and B·K; with B = 1 the readings
/// agree). Rows are the distributions, as in advdiv::rowwise on the CPU. Conventions as
/// advdiv::f_divergence; float input is accumulated in double and stored as float.
///
/// \param exec  Thrust execution policy; p, q and out must live in memory it reads and writes.
/// \param p, q  B·K values each, row-major; or one of them K values (broadcast).
/// \param cols  K, the length of each distribution.
/// \param g     an f-generator.
/// \param options divergence options and the batch strategy (rowwise_options).
/// \param out   a container with resize() and begin() (thrust::device_vector<R>, ...).
/// \throws std::invalid_argument if cols = 0 (`p has no columns`), if p and q are neither the same
///         whole number of rows nor rows and one distribution of `cols` values, or if there are no
///         rows (checked on the host).
/// \throws std::domain_error for an invalid option, or for the first row (in order) with a
///         negative / NaN / infinite entry or a sum off 1, with the message of
///         advdiv::rowwise::f_divergence (`p(2, 3) = -0.2 is negative`,
///         `row 2 of p sums to 1.1, not 1 (tolerance 1e-06)`; a broadcast distribution named as a
///         vector, `q[1] = -0.2 is negative`, `q sums to ...`; found on the device, formatted on
///         the host).
/// Complexity: O(B·K) work; the strategy (options.strategy) decides how it is spread.
///
/// \code
/// thrust::device_vector<double> P(B * K), Q(B * K), q(K), d;
/// advdiv::rowwise::f_divergence(thrust::device, P, Q, K, d, advdiv::fdiv::kl{});  // row r vs row r
/// advdiv::rowwise::f_divergence(thrust::device, P, q, K, d, advdiv::fdiv::kl{});  // row r vs q
/// \endcode
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, class Out,
          f_generator G>
void f_divergence(const E& exec, const P& p, const Q& q, std::size_t cols, Out& out, const G& g,
                  const rowwise_options& options = {}) {
  advdiv::detail::thrust_rows_into<advdiv::detail::in_units>(exec, "advdiv::rowwise::f_divergence", p, q, cols,
                                                             f_divergence_term<G>{g}, options, out);
}

/// Batched D_f on iterators: rows·cols elements from p_first and q_first, B results to out_first
/// (row against row; broadcasting is offered by the container forms).
template <thrust_execution_policy E, std::random_access_iterator ItP, std::random_access_iterator ItQ,
          class ItOut, f_generator G>
void f_divergence(const E& exec, ItP p_first, ItQ q_first, std::size_t rows, std::size_t cols,
                  ItOut out_first, const G& g, const rowwise_options& options = {}) {
  advdiv::detail::thrust_reduce_rows<advdiv::detail::in_units>(exec, "advdiv::rowwise::f_divergence", p_first,
                                                               rows * cols, q_first, rows * cols, cols,
                                                               f_divergence_term<G>{g}, options, out_first);
}

/// \def ADVDIV_THRUST_ROWWISE
/// Defines the batched Thrust overload of one catalogue entry (ADVDIV_NAMED_DIVERGENCES).
#define ADVDIV_THRUST_ROWWISE(NAME, TERM, FINISH)                                                   \
  /** Batched advdiv::NAME by Thrust: B rows of length cols, B results into out (row against */   \
  /** row, or one distribution of cols values broadcast); see rowwise::f_divergence for the */      \
  /** layout, broadcasting, errors and strategies. */                                               \
  template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, class Out> \
  void NAME(const E& exec, const P& p, const Q& q, std::size_t cols, Out& out,                     \
            const rowwise_options& options = {}) {                                                  \
    advdiv::detail::thrust_rows_into<FINISH>(exec, "advdiv::rowwise::" #NAME, p, q, cols, TERM{},   \
                                             options, out);                                         \
  }
ADVDIV_NAMED_DIVERGENCES(ADVDIV_THRUST_ROWWISE)
#undef ADVDIV_THRUST_ROWWISE

/// Batched advdiv::alpha_divergence by Thrust: B rows of length cols, B results into out (row
/// against row, or one distribution broadcast: see rowwise::f_divergence).
/// \throws std::domain_error for α ∉ ℝ∖{0, 1} (check_alpha); otherwise as rowwise::f_divergence.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, class Out>
void alpha_divergence(const E& exec, const P& p, const Q& q, std::size_t cols, Out& out, double alpha,
                      const rowwise_options& options = {}) {
  constexpr const char* function = "advdiv::rowwise::alpha_divergence";
  check_alpha(function, alpha);
  advdiv::detail::thrust_rows_into<advdiv::detail::in_units>(
      exec, function, p, q, cols, f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}}, options, out);
}

/// Batched advdiv::renyi by Thrust (order α > 0, KL at α = 1): B rows of length cols, B
/// results into out (row against row, or one distribution broadcast: see rowwise::f_divergence).
/// For α < 1 a second batched pass sums p^α q^{1−α} (the CPU's second pass,
/// taken for every row here). \throws std::domain_error unless α is finite and > 0; otherwise as
/// rowwise::f_divergence.
template <thrust_execution_policy E, thrust_floating_range P, thrust_floating_range Q, class Out>
void renyi(const E& exec, const P& p, const Q& q, std::size_t cols, Out& out, double alpha,
           const rowwise_options& options = {}) {
  constexpr const char* function = "advdiv::rowwise::renyi";
  namespace d = advdiv::detail;
  using R = divergence_result_t<d::iter_value_t<decltype(p.begin())>, d::iter_value_t<decltype(q.begin())>>;
  using A = d::accumulator_t<R>;
  check_positive_finite(function, "alpha", alpha);
  if (alpha == 1.0) {
    d::thrust_rows_into<d::in_units>(exec, function, p, q, cols, f_divergence_term<fdiv::kl>{}, options, out);
    return;
  }
  const d::checked_options o = d::check_divergence_options<R>(function, options.divergence);
  rowwise_options nats = options;
  nats.divergence.log_base = std::numbers::e;
  const std::size_t np = d::range_size(p), nq = d::range_size(q);
  const std::size_t rows = d::check_batch_shape(function, np, nq, cols).rows;
  d::temporary_buffer<A, E> alpha_div(exec, rows), power_sum(exec, rows);
  d::thrust_reduce_rows<d::in_units>(exec, function, p.begin(), np, q.begin(), nq, cols,
                                     f_divergence_term<fdiv::alpha>{fdiv::alpha{alpha}}, nats, alpha_div.begin());
  if (alpha < 1.0)
    d::thrust_reduce_rows<d::in_units>(exec, function, p.begin(), np, q.begin(), nq, cols,
                                       d::renyi_power_term{alpha}, nats, power_sum.begin());
  else
    thrust::fill_n(exec, power_sum.begin(), static_cast<std::ptrdiff_t>(rows), A(1));
  out.resize(rows);
  auto both = thrust::make_zip_iterator(thrust::make_tuple(alpha_div.begin(), power_sum.begin()));
  thrust::transform(exec, both, both + static_cast<std::ptrdiff_t>(rows), out.begin(),
                    d::renyi_row<A, R>{alpha, static_cast<A>(o.inv_log_base)});
}

}  // namespace rowwise
}  // namespace advdiv
