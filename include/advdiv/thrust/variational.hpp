#pragma once
/// \file
/// Sample-based variational (f-GAN) estimate E_P[T] − E_Q[f*(T)] from critic outputs, run by
/// Thrust with the per-sample functors of divergence/variational.hpp.

#include <advdiv/core/summation.hpp>
#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/divergence/variational.hpp>
#include <advdiv/thrust/execution.hpp>

namespace advdiv {

namespace detail {
/// v → F(v)/n as a compensated sum: the terms of a mean, divided before they are added, so a
/// mean of finite values near the largest double does not overflow on the way.
template <class F>
struct mean_term {
  F f;
  double n;
  template <class T>
  ADVDIV_HOST_DEVICE compensated_sum<double> operator()(T v) const noexcept {
    return compensated_sum<double>(f(v) / n);
  }
};
/// Merges two compensated sums.
struct merge_sums {
  ADVDIV_HOST_DEVICE compensated_sum<double> operator()(compensated_sum<double> a,
                                                        const compensated_sum<double>& b) const noexcept {
    a += b;
    return a;
  }
};
/// (1/n) Σ F(v_i) over a Thrust range of n ≥ 1 values.
template <class E, class It, class F>
double thrust_mean(const E& exec, It first, std::size_t n, const F& f) {
  return thrust::transform_reduce(exec, first, first + static_cast<std::ptrdiff_t>(n),
                                  mean_term<F>{f, static_cast<double>(n)}, compensated_sum<double>{}, merge_sums{})
      .value();
}
}  // namespace detail

/// The f-GAN variational estimate (1/n)Σ_i g_f(v_i^P) − (1/m)Σ_j f*(g_f(v_j^Q)), a lower bound
/// on D_f(P‖Q) in expectation, from the raw critic outputs V on n samples of P and m samples of
/// Q (T = g_f(V), so any real V is admissible). Uses the generator's own activation and
/// stable conjugate_of_activation (advdiv::activation_of, advdiv::conjugate_of_activation_of);
/// computed in double with compensated sums of the terms divided by n (m) first, so finite
/// critic outputs near the largest double give a finite mean (or −inf where f*(T) truly
/// overflows) rather than inf − inf.
///
/// \param exec      Thrust execution policy.
/// \param v_p, v_q  critic outputs on samples of P and of Q.
/// \param g         a variational_f_generator (fdiv::kl{}, fdiv::gan{}, ...).
/// \throws std::invalid_argument if v_p or v_q is empty.
/// \throws std::domain_error for the first NaN or infinite critic output
///         (`advdiv::variational_estimate: v_q[4] = inf is not finite`).
/// Complexity: two reductions, O(n + m).
///
/// \code
/// thrust::device_vector<float> vp = critic(xp), vq = critic(xq);
/// double d = advdiv::variational_estimate(thrust::device, vp, vq, advdiv::fdiv::gan{});
/// \endcode
template <thrust_execution_policy E, thrust_floating_range VP, thrust_floating_range VQ,
          variational_f_generator G>
double variational_estimate(const E& exec, const VP& v_p, const VQ& v_q, const G& g) {
  constexpr const char* function = "advdiv::variational_estimate";
  const std::size_t n = detail::range_size(v_p), m = detail::range_size(v_q);
  check_nonempty(function, "v_p", n);
  check_nonempty(function, "v_q", m);
  detail::check_finite_range(exec, function, "v_p", v_p.begin(), n);
  detail::check_finite_range(exec, function, "v_q", v_q.begin(), m);
  const double ep = detail::thrust_mean(exec, v_p.begin(), n, activation_of<G>{g});
  const double eq = detail::thrust_mean(exec, v_q.begin(), m, conjugate_of_activation_of<G>{g});
  return ep - eq;
}

}  // namespace advdiv
