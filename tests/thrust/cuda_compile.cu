// Compile-only check of the Thrust backend's device code with nvcc (CI has no GPU): every
// public entry point instantiated on thrust::device_vector<float> with thrust::device (float only,
// to keep the nvcc pass near a minute; the templates are the same for double).
#include <advdiv/thrust.hpp>

#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>

template <class T>
double instantiate_all(const thrust::device_vector<T>& p, const thrust::device_vector<T>& q) {
  double s = 0;
  s += advdiv::kl(thrust::device, p, q) + advdiv::reverse_kl(thrust::device, p, q);
  s += advdiv::jeffreys(thrust::device, p, q) + advdiv::js(thrust::device, p, q);
  s += advdiv::js_distance(thrust::device, p, q) + advdiv::total_variation(thrust::device, p, q);
  s += advdiv::squared_hellinger(thrust::device, p, q) + advdiv::pearson_chi2(thrust::device, p, q);
  s += advdiv::neyman_chi2(thrust::device, p, q) + advdiv::cross_entropy(thrust::device, p, q);
  s += advdiv::entropy(thrust::device, p) + advdiv::alpha_divergence(thrust::device, p, q, 0.5);
  s += advdiv::renyi(thrust::device, p, q, 2.0);
  s += advdiv::f_divergence(thrust::device, p, q, advdiv::fdiv::gan{});
  s += advdiv::kl(thrust::device, p.begin(), p.end(), q.begin(), q.end());
  thrust::device_vector<T> out;
  advdiv::rowwise::kl(thrust::device, p, q, 10, out);
  advdiv::rowwise::js(thrust::device, p, q, 10, out, {.strategy = advdiv::batch_strategy::segmented});
  advdiv::rowwise::f_divergence(thrust::device, p, q, 10, out, advdiv::fdiv::jeffreys{});
  advdiv::rowwise::alpha_divergence(thrust::device, p, q, 10, out, 0.5);
  advdiv::rowwise::renyi(thrust::device, p, q, 10, out, 0.5);
  advdiv::rowwise::js_distance(thrust::device, p, q, 10, out);
  thrust::device_vector<double> w;
  s += advdiv::wasserstein_1d(thrust::device, p, q, 2.0);
  advdiv::rowwise::wasserstein_1d(thrust::device, p, q, 10, 10, w);
  s += advdiv::variational_estimate(thrust::device, p, q, advdiv::fdiv::gan{});
  s += advdiv::variational_estimate(thrust::device, p, q, advdiv::fdiv::jeffreys{});
  return s;
}

template double instantiate_all<float>(const thrust::device_vector<float>&, const thrust::device_vector<float>&);
