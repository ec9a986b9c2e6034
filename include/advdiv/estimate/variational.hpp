#pragma once
/// \file
/// Variational (critic-based) divergence estimators: the f-divergence dual lower bound for
/// any generator (the f-GAN critic), its KL case NWJ, Donsker–Varadhan, and Jensen–Shannon
/// through a classifier trained towards the optimal discriminator. The critic is an nn
/// network fitted by gan::fit_critic on part of the samples and evaluated on the rest.
///
/// Layering: estimate/ uses gan's critic fit and objectives (one training loop, one conjugate
/// formula in the library); gan/ never includes estimate/.

#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/points.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/fdiv.hpp>
#include <advdiv/estimate/result.hpp>
#include <advdiv/gan/fit_critic.hpp>
#include <advdiv/gan/objective/f_gan.hpp>
#include <advdiv/gan/objective/minimax.hpp>
#include <advdiv/nn/init.hpp>
#include <advdiv/nn/mlp.hpp>
#include <advdiv/nn/optimizer.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace advdiv::estimate {

/// The default critic of the variational estimators: a double-precision MLP
/// Dim → Width → Width → 1 with tanh hidden layers and a linear output (the raw critic value
/// v; each estimator applies its own output activation). Pass another width (or any
/// nn::differentiable_network with one output, constructible as `Critic(nn::glorot_uniform,
/// seed)`) as the estimators' first template argument.
/// \code
/// using wide = advdiv::estimate::default_critic<2, 128>;
/// auto r = advdiv::estimate::nwj_kl<wide>(X, Y);
/// \endcode
template <int Dim, int Width = 64>
using default_critic = nn::mlp<double, nn::dense<Dim, Width, nn::tanh>, nn::dense<Width, Width, nn::tanh>,
                               nn::dense<Width, 1>>;

/// Options of the variational estimators (validated on entry; each named in its message).
struct variational_options {
  std::size_t steps = 2000;          ///< critic steps (at least 1)
  std::size_t batch_size = 256;      ///< points of each sample per step, drawn with replacement (at least 1)
  double learning_rate = 1e-3;       ///< Adam's learning rate (positive and finite)
  std::uint64_t seed = 1;            ///< seed of the split, the critic's weights and its minibatches
  double train_fraction = 0.5;       ///< share of each sample the critic is fitted on, in (0, 1)
};

namespace detail {

/// The dimension of a sample type when the type fixes it (1 for 1-D ranges and Eigen vectors,
/// the row count of a fixed-row Eigen matrix, d of std::array<T, d> points), else 0.
template <class S>
consteval int static_dimension() {
  using B = advdiv::detail::bare_t<S>;
  if constexpr (advdiv::detail::contiguous_floating_range<S> || advdiv::detail::eigen_vector_like<S>) {
    return 1;
  } else if constexpr (requires { B::RowsAtCompileTime; }) {
    return int(B::RowsAtCompileTime) > 0 ? int(B::RowsAtCompileTime) : 0;
  } else if constexpr (advdiv::detail::array_point_range<S>) {
    return int(std::tuple_size<advdiv::detail::bare_t<decltype(*std::ranges::begin(std::declval<const B&>()))>>::value);
  } else {
    return 0;
  }
}

template <class Critic, int Dim>
struct critic_choice {
  using type = Critic;
};
template <int Dim>
struct critic_choice<void, Dim> {
  static_assert(Dim > 0,
                "advdiv::estimate: the dimension of this sample type is only known at run time: name the "
                "critic, e.g. advdiv::estimate::nwj_kl<advdiv::estimate::default_critic<3>>(X, Y)");
  using type = default_critic<(Dim > 0 ? Dim : 1)>;
};
/// Critic if given, else default_critic of the sample's static dimension.
template <class Critic, class S>
using critic_for = typename critic_choice<Critic, static_dimension<S>()>::type;

/// The raw critic values on the held-out points and how the fit ended.
struct held_out {
  std::vector<double> vp;  ///< v(x) on the held-out points of X
  std::vector<double> vq;  ///< v(y) on the held-out points of Y
  gan::train_result fit;   ///< how the fit ended
  std::size_t n = 0, m = 0;  ///< the full sample sizes
};

/// Mean and variance (divisor N − 1) of per-sample terms.
struct moments {
  double mean = 0, var = 0;
};
template <class F>
moments moments_of(const std::vector<double>& v, F term) {
  compensated_sum<double> s;
  for (double x : v) s += term(x);
  moments r;
  r.mean = s.value() / static_cast<double>(v.size());
  compensated_sum<double> ss;
  for (double x : v) ss += (term(x) - r.mean) * (term(x) - r.mean);
  r.var = v.size() > 1 ? ss.value() / static_cast<double>(v.size() - 1) : 0.0;
  return r;
}

/// Splits X and Y at random into a training and a held-out part, standardises both with the
/// pooled training mean and standard deviation per coordinate (an invertible affine map: no
/// divergence changes), fits `Critic` on the training parts with `objective` by
/// gan::fit_critic (Adam), and returns the raw critic values on the held-out parts.
template <class Critic, class O, class SX, class SY>
held_out fit_and_evaluate(const char* fn, const SX& X, const SY& Y, const O& objective,
                          const variational_options& o) {
  static_assert(nn::differentiable_network<Critic> && Critic::output_dim == 1,
                "advdiv::estimate: the critic must be an nn::differentiable_network with one output");
  using T = typename Critic::scalar_type;
  using batch = typename Critic::input_batch;
  check_parameter(fn, "steps", o.steps, o.steps >= 1, "is not at least 1");
  check_parameter(fn, "batch_size", o.batch_size, o.batch_size >= 1, "is not at least 1");
  check_positive_finite(fn, "learning_rate", o.learning_rate);
  check_in_interval(fn, "train_fraction", o.train_fraction, 0.0, 1.0, bounds::open);
  const advdiv::detail::point_cloud xs = advdiv::detail::read_sample(X, fn, "X");
  const advdiv::detail::point_cloud ys = advdiv::detail::read_sample(Y, fn, "Y");
  check_same_dimension(fn, "X", xs.dim, "Y", ys.dim);
  const std::size_t d = xs.dim;
  if (d != static_cast<std::size_t>(Critic::input_dim))
    advdiv::detail::throw_invalid_argument(fn, "X has dimension " + std::to_string(d) + " but the critic takes " +
                                                   std::to_string(Critic::input_dim) + " inputs");
  auto split_size = [&](const char* name, std::size_t count) {
    if (count < 2)
      advdiv::detail::throw_invalid_argument(fn, std::string(name) + " has " + std::to_string(count) +
                                                     " point; a training and a held-out part need at least 2");
    const auto t = static_cast<std::size_t>(std::llround(o.train_fraction * static_cast<double>(count)));
    return std::clamp<std::size_t>(t, 1, count - 1);
  };
  const std::size_t nt = split_size("X", xs.count), mt = split_size("Y", ys.count);

  // A random split (the samples may come sorted), from its own substream of the seed.
  random_engine split_rng = random_engine(o.seed).substream(2);
  auto permutation = [&](std::size_t count) {
    std::vector<std::size_t> idx(count);
    for (std::size_t i = 0; i < count; ++i) idx[i] = i;
    for (std::size_t i = count - 1; i > 0; --i) {
      const std::size_t j = uniform_index(split_rng, i + 1);
      std::swap(idx[i], idx[j]);
    }
    return idx;
  };
  const std::vector<std::size_t> px = permutation(xs.count), py = permutation(ys.count);

  std::vector<double> mean(d, 0.0), scale(d, 0.0);
  for (std::size_t k = 0; k < d; ++k) {
    compensated_sum<double> s, ss;
    for (std::size_t i = 0; i < nt; ++i) s += xs.point(px[i])[k];
    for (std::size_t i = 0; i < mt; ++i) s += ys.point(py[i])[k];
    mean[k] = s.value() / static_cast<double>(nt + mt);
    for (std::size_t i = 0; i < nt; ++i) ss += (xs.point(px[i])[k] - mean[k]) * (xs.point(px[i])[k] - mean[k]);
    for (std::size_t i = 0; i < mt; ++i) ss += (ys.point(py[i])[k] - mean[k]) * (ys.point(py[i])[k] - mean[k]);
    const double sd = std::sqrt(ss.value() / static_cast<double>(nt + mt));
    scale[k] = sd > 0 ? 1.0 / sd : 1.0;
  }
  auto gather = [&](const advdiv::detail::point_cloud& c, const std::vector<std::size_t>& idx, std::size_t from,
                    std::size_t to) {
    batch b(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(to - from));
    for (std::size_t i = from; i < to; ++i)
      for (std::size_t k = 0; k < d; ++k)
        b(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i - from)) =
            static_cast<T>((c.point(idx[i])[k] - mean[k]) * scale[k]);
    return b;
  };
  const batch x_train = gather(xs, px, 0, nt), y_train = gather(ys, py, 0, mt);
  const batch x_eval = gather(xs, px, nt, xs.count), y_eval = gather(ys, py, mt, ys.count);
  auto sampler = [](const batch& pool) {
    return [&pool](random_engine& rng, std::size_t b) {
      batch out(pool.rows(), static_cast<Eigen::Index>(b));
      const auto size = static_cast<std::size_t>(pool.cols());
      for (std::size_t i = 0; i < b; ++i) {
        const std::size_t j = uniform_index(rng, size);
        out.col(static_cast<Eigen::Index>(i)) = pool.col(static_cast<Eigen::Index>(j));
      }
      return out;
    };
  };
  Critic critic(nn::glorot_uniform{5.0 / 3.0}, o.seed);
  nn::adam<T> opt({.learning_rate = o.learning_rate});
  held_out h;
  h.n = xs.count;
  h.m = ys.count;
  h.fit = gan::fit_critic(critic, objective, sampler(x_train), sampler(y_train), opt,
                          {.steps = o.steps, .batch_size = o.batch_size, .seed = o.seed});
  auto values = [&](const batch& b) {
    const auto& v = critic.forward(b);
    std::vector<double> out(static_cast<std::size_t>(v.cols()));
    for (Eigen::Index i = 0; i < v.cols(); ++i) out[static_cast<std::size_t>(i)] = static_cast<double>(v(0, i));
    return out;
  };
  h.vp = values(x_eval);
  h.vq = values(y_eval);
  return h;
}

/// The result of a fitted estimator: the fit's status and message, the held-out sizes, and the
/// value checked for finiteness (a non-finite held-out value becomes −inf, the trivial lower
/// bound, with status non_finite).
inline estimate_result fitted_result(const held_out& h, double value, double se) {
  estimate_result r;
  r.n = h.n;
  r.m = h.m;
  r.status = h.fit.status;
  r.message = h.fit.message;
  if (std::isfinite(value)) {
    r.value = value;
    if (std::isfinite(se)) r.std_error = se;
  } else {
    r.value = -math::infinity<double>();
    r.status = solver_status::non_finite;
    r.message = "the held-out estimate is not finite (" + advdiv::detail::format_value(value) +
                "); the fit: " + h.fit.message;
  }
  return r;
}

/// The f-dual bound of f_divergence_bound, with `fn` naming the caller in messages.
template <class C, class SX, class SY, class G>
estimate_result dual_bound(const char* fn, const SX& X, const SY& Y, const G& g, const variational_options& options) {
  const gan::f_gan<G> objective{g};
  const auto h = fit_and_evaluate<C>(fn, X, Y, objective, options);
  const auto p = moments_of(h.vp, [&](double v) { return -objective.real_term(v).value; });
  const auto q = moments_of(h.vq, [&](double v) { return objective.fake_term(v).value; });
  const double np = static_cast<double>(h.vp.size()), nq = static_cast<double>(h.vq.size());
  return fitted_result(h, p.mean - q.mean, std::sqrt(p.var / np + q.var / nq));
}

}  // namespace detail

/// The variational (f-GAN) lower bound of D_f(P‖Q) for any f-generator G (the catalogue's
/// `fdiv` types or a user's own modelling variational_f_generator):
///
/// \f[ D_f(P\|Q) \ \ge\ \sup_T\ \mathbb E_P[T] - \mathbb E_Q[f^*(T)], \qquad T = g_f(v), \f]
///
/// tight at T* = f′(p/q) (Nguyen, Wainwright, Jordan 2010; Nowozin et al. 2016). The critic v
/// is fitted on `train_fraction` of each sample (chosen at random) by gan::fit_critic with
/// the objective gan::f_gan<G> (which writes g_f and f*(g_f(v)) as the generator's own
/// `activation` and `conjugate_of_activation`), Adam, `steps` steps of `batch_size` points of
/// each sample drawn with replacement; inputs are standardised by the pooled training mean and
/// standard deviation. The bound is then evaluated on the held-out points x'_i (n') and y'_j
/// (m'):
///
/// \f[ \hat D = \frac1{n'}\sum_i g_f(v(x'_i)) - \frac1{m'}\sum_j f^*(g_f(v(y'_j))),\qquad
///     \mathrm{se} = \sqrt{s_P^2/n' + s_Q^2/m'} \f]
///
/// with s² the sample variances of the two per-point terms. Because the critic never saw the
/// held-out points, E[D̂ | critic] is the bound of that critic, ≤ D_f: the estimate is a lower
/// bound up to its standard error.
///
/// Status: the fit's own (gan::fit_critic): iteration_limit after all steps (the fit has no
/// convergence test), non_finite (the critic keeps its last finite parameters; message names
/// the step) if a batch loss overflowed. A held-out value that is not finite is returned as
/// −inf with status non_finite.
///
/// Known biases: the estimate is below D_f by the critic's approximation and optimisation gap
/// (worse for large divergences, whose optimal critic is steep); for KL-type bounds the
/// variance of any such estimator grows exponentially with the true KL (McAllester & Stratos
/// 2020; Song & Ermon 2020), so values above a few nats are unreliable at practical n. χ²-type
/// conjugates (Pearson) are unbounded in T and sensitive to outliers in Q.
///
/// \tparam Critic the critic network; by default default_critic of the sample's static
///                dimension (1-D ranges, fixed-row Eigen matrices, std::array points); give it
///                explicitly for Eigen::MatrixXd samples.
/// \throws std::invalid_argument an empty sample, X and Y of different dimension, a sample
///         of fewer than 2 points, or a critic of another input dimension
///         (`X has dimension 2 but the critic takes 1 inputs`).
/// \throws std::domain_error a NaN or infinite coordinate, or a bad option (`steps = 0 is
///         not at least 1`, `learning_rate = 0 is not positive and finite`,
///         `train_fraction = 1 is not in (0, 1)`).
/// \returns value, std_error, n and m (the full sample sizes), status and message of the fit.
/// \code
/// std::vector<double> x = ..., y = ...;   // samples of P and Q
/// auto r = advdiv::estimate::f_divergence_bound(x, y, advdiv::fdiv::squared_hellinger{},
///                                               {.steps = 1000, .seed = 3});
/// std::printf("%g ± %g (%s)\n", r.value, *r.std_error, advdiv::to_string(r.status));
/// \endcode
template <class Critic = void, class SX, class SY, variational_f_generator G>
estimate_result f_divergence_bound(const SX& X, const SY& Y, const G& g, const variational_options& options = {}) {
  return detail::dual_bound<detail::critic_for<Critic, SX>>("advdiv::estimate::f_divergence_bound", X, Y, g, options);
}

/// The NWJ lower bound of KL(P‖Q) (Nguyen, Wainwright, Jordan 2010),
/// \f$ \mathrm{KL} \ge \mathbb E_P[T] - \mathbb E_Q[e^{T-1}] \f$, tight at T* = 1 + log(p/q):
/// exactly f_divergence_bound with fdiv::kl (g_f(v) = v, f*(t) = e^{t−1}), with the same
/// fit, split, standard error, status and exceptions (function name
/// `advdiv::estimate::nwj_kl` in messages). Its variance grows like e^{KL}
/// (McAllester & Stratos 2020; Song & Ermon 2020).
/// \code
/// auto r = advdiv::estimate::nwj_kl(x, y, {.steps = 1500});   // x, y: std::vector<double>
/// \endcode
template <class Critic = void, class SX, class SY>
estimate_result nwj_kl(const SX& X, const SY& Y, const variational_options& options = {}) {
  return detail::dual_bound<detail::critic_for<Critic, SX>>("advdiv::estimate::nwj_kl", X, Y, fdiv::kl{}, options);
}

/// The Donsker–Varadhan lower bound of KL(P‖Q),
/// \f[ \mathrm{KL}(P\|Q) \ \ge\ \mathbb E_P[T] - \log \mathbb E_Q[e^{T}], \f]
/// evaluated on the held-out points with the critic T = v fitted for the NWJ bound
/// (gan::f_gan<fdiv::kl>, as f_divergence_bound). For the same T, DV ≥ NWJ (log y ≤ y/e), and
/// both are lower bounds; DV is invariant to adding a constant to T. The log of a mean makes
/// the held-out estimate biased (upwards, by Jensen, for small m'); the standard error is the
/// delta method's,
/// \f$ \mathrm{se}^2 = s_T^2/n' + s_{e^T}^2 / (\overline{e^T}^2\, m') \f$,
/// with e^T formed as e^{T − max T} so nothing overflows.
///
/// Known biases: as for NWJ, the variance of the log E_Q[e^T] term grows exponentially with
/// the true KL (McAllester & Stratos 2020; Song & Ermon 2020).
/// \throws as f_divergence_bound, with the function name `advdiv::estimate::dv_kl`.
/// \code
/// auto r = advdiv::estimate::dv_kl(x, y, {.steps = 1500, .seed = 2});
/// \endcode
template <class Critic = void, class SX, class SY>
estimate_result dv_kl(const SX& X, const SY& Y, const variational_options& options = {}) {
  using C = detail::critic_for<Critic, SX>;
  const gan::f_gan<fdiv::kl> objective{};
  const auto h = detail::fit_and_evaluate<C>("advdiv::estimate::dv_kl", X, Y, objective, options);
  const auto t = detail::moments_of(h.vp, [&](double v) { return objective.generator.activation(v); });
  double top = -math::infinity<double>();
  for (double v : h.vq) top = std::max(top, objective.generator.activation(v));
  const auto e = detail::moments_of(h.vq, [&](double v) { return std::exp(objective.generator.activation(v) - top); });
  const double np = static_cast<double>(h.vp.size()), nq = static_cast<double>(h.vq.size());
  const double value = t.mean - (top + std::log(e.mean));
  const double se = std::sqrt(t.var / np + e.var / (e.mean * e.mean * nq));
  return detail::fitted_result(h, value, se);
}

/// Jensen–Shannon divergence through a classifier: a discriminator D = σ(v) is fitted with
/// the minimax cross-entropy (gan::minimax, equal batches of X and Y), whose optimum is
/// D* = p/(p + q), and
///
/// \f[ \mathrm{JS}(P\|Q) = \tfrac12\mathbb E_P[\log 2D^*] + \tfrac12\mathbb E_Q[\log 2(1-D^*)]
///     = \log 2 - \tfrac12\mathbb E_P[\mathrm{softplus}(-v)] - \tfrac12\mathbb E_Q[\mathrm{softplus}(v)] \f]
///
/// is evaluated on the held-out points on logits (the objective's own real_term/fake_term),
/// so no log σ underflows. This is the standard JS (≤ log 2), not the f-GAN table's 2·JS.
/// For any D the right-hand side is ≤ JS (it is −½ of the cross-entropy plus log 2, and D*
/// minimises the cross-entropy), so the estimate is again a lower bound up to its standard
/// error ½·√(s_P²/n' + s_Q²/m'). Split, fit, status and exceptions as f_divergence_bound
/// (function name `advdiv::estimate::classifier_js`).
///
/// Known biases: an under-fitted classifier gives too small a JS; it saturates near log 2
/// for nearly disjoint samples (which it then estimates well).
/// \code
/// auto r = advdiv::estimate::classifier_js(x, y, {.steps = 1500});
/// \endcode
template <class Critic = void, class SX, class SY>
estimate_result classifier_js(const SX& X, const SY& Y, const variational_options& options = {}) {
  using C = detail::critic_for<Critic, SX>;
  const gan::minimax objective{};
  const auto h = detail::fit_and_evaluate<C>("advdiv::estimate::classifier_js", X, Y, objective, options);
  const auto p = detail::moments_of(h.vp, [&](double v) { return objective.real_term(v).value; });
  const auto q = detail::moments_of(h.vq, [&](double v) { return objective.fake_term(v).value; });
  const double np = static_cast<double>(h.vp.size()), nq = static_cast<double>(h.vq.size());
  return detail::fitted_result(h, std::numbers::ln2 - 0.5 * (p.mean + q.mean), 0.5 * std::sqrt(p.var / np + q.var / nq));
}

}  // namespace advdiv::estimate
