#pragma once
/// \file
/// Sample-based variational (f-GAN) estimate E_P[T] − E_Q[f*(T)] from critic outputs, run by
/// Thrust.

#include <advdiv/divergence/f_generator.hpp>
#include <advdiv/thrust/execution.hpp>

namespace advdiv {

namespace detail {
/// v → g_f(v) (the critic value T on a sample of P).
template <class G>
struct activation_of {
  G g;
  template <class T>
  ADVDIV_HOST_DEVICE double operator()(T v) const noexcept { return g.activation(static_cast<double>(v)); }
};
/// v → f*(g_f(v)) (the conjugate of the critic value on a sample of Q).
template <class G>
struct conjugate_of_activation_of {
  G g;
  template <class T>
  ADVDIV_HOST_DEVICE double operator()(T v) const noexcept {
    return g.conjugate_of_activation(static_cast<double>(v));
  }
};
}  // namespace detail

/// The f-GAN variational estimate (1/n)Σ_i g_f(v_i^P) − (1/m)Σ_j f*(g_f(v_j^Q)), a lower bound
/// on D_f(P‖Q) in expectation, from the raw critic outputs V on n samples of P and m samples of
/// Q (T = g_f(V), so any real V is admissible). Uses the generator's own activation and
/// stable conjugate_of_activation; computed in double.
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
  detail::check_nonempty_size(function, "v_p", n);
  detail::check_nonempty_size(function, "v_q", m);
  const auto bp = detail::first_failing(exec, v_p.begin(), n, detail::is_finite_value{});
  if (bp.index < n)
    detail::throw_domain_error(function, detail::element_text("v_p", bp.index, bp.value) + " is not finite");
  const auto bq = detail::first_failing(exec, v_q.begin(), m, detail::is_finite_value{});
  if (bq.index < m)
    detail::throw_domain_error(function, detail::element_text("v_q", bq.index, bq.value) + " is not finite");
  const double ep = thrust::transform_reduce(exec, v_p.begin(), v_p.end(), detail::activation_of<G>{g}, 0.0,
                                             thrust::plus<double>());
  const double eq = thrust::transform_reduce(exec, v_q.begin(), v_q.end(),
                                             detail::conjugate_of_activation_of<G>{g}, 0.0,
                                             thrust::plus<double>());
  return ep / double(n) - eq / double(m);
}

}  // namespace advdiv
