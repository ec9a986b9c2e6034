#pragma once
/// \file
/// The matrix products of nn::mlp and of double backpropagation, run on dynamic-size maps.

#include <advdiv/nn/detail/packed_gemm.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace advdiv::nn::detail {

/// A dynamic-size map of a contiguous matrix (a 1×n row vector has the same memory in
/// either storage order).
template <class M>
auto dynamic_view(M&& m) {
  using S = typename std::remove_cvref_t<M>::Scalar;
  using D = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  if constexpr (std::is_const_v<std::remove_reference_t<M>>)
    return Eigen::Map<const D>(m.data(), m.rows(), m.cols());
  else
    return Eigen::Map<D>(m.data(), m.rows(), m.cols());
}

/// Whether the build's own code already has the vectors of `target` (then Eigen's product,
/// compiled for them, is used: it is the faster of the two there).
constexpr bool build_has_vectors_of(advdiv::detail::simd_target target) noexcept {
#if defined(__AVX512F__)
  (void)target;
  return true;
#elif defined(__AVX2__) && defined(__FMA__)
  return target != advdiv::detail::simd_target::avx512;
#else
  return target == advdiv::detail::simd_target::build;
#endif
}

/// Whether a product of these sizes goes to the packed kernel: each dimension is at least a
/// few vectors (the network's 1- and 2-wide layers are matrix–vector products, which Eigen
/// does well on any target) and the flops outweigh the packing.
constexpr bool packed_gemm_pays(std::size_t m, std::size_t n, std::size_t k) noexcept {
  return m >= 16 && n >= 16 && k >= 16 && m * n * k >= (std::size_t(1) << 16);
}

/// dst = op(a)·op(b), or dst += op(a)·op(b) when Accumulate; op transposes when TA / TB.
/// For float and double, products that pay run on the packed kernel of the CPU's widest
/// target (packed_gemm.hpp) where the build's own code is narrower, e.g. AVX-512 in a default
/// x86-64 build whose Eigen is SSE2; otherwise, and for `target == build`, on Eigen's product
/// (on dynamic-size maps: the GEMM is sized at run time anyway, and with compile-time sizes
/// GCC 12 -O3 emits a false -Waggressive-loop-optimizations warning from Eigen's GEMV branch).
template <bool TA, bool TB, bool Accumulate, class Dst, class A, class B>
void gemm_on(advdiv::detail::simd_target target, Dst&& dst, const A& a, const B& b) {
  auto d = dynamic_view(dst);
  const auto ma = dynamic_view(a);
  const auto mb = dynamic_view(b);
  using S = typename decltype(d)::Scalar;
  if constexpr (std::is_same_v<S, float> || std::is_same_v<S, double>) {
    const std::size_t m = std::size_t(d.rows()), n = std::size_t(d.cols());
    const std::size_t k = std::size_t(TA ? ma.rows() : ma.cols());
    if (packed_gemm_pays(m, n, k) &&
        packed_gemm_on(target, gemm_problem<S>{m, n, k, ma.data(), std::size_t(ma.rows()), TA, mb.data(),
                                               std::size_t(mb.rows()), TB, d.data(), m, Accumulate}))
      return;
  }
  auto run = [&](const auto& lhs, const auto& rhs) {
    if constexpr (Accumulate)
      d.noalias() += lhs * rhs;
    else
      d.noalias() = lhs * rhs;
  };
  if constexpr (TA && TB)
    run(ma.transpose(), mb.transpose());
  else if constexpr (TA)
    run(ma.transpose(), mb);
  else if constexpr (TB)
    run(ma, mb.transpose());
  else
    run(ma, mb);
}

/// gemm_on with the CPU's widest target where the build's own code is narrower, else Eigen.
template <bool TA, bool TB, bool Accumulate, class Dst, class A, class B>
void gemm(Dst&& dst, const A& a, const B& b) {
  const advdiv::detail::simd_target best = advdiv::detail::best_simd_target();
  gemm_on<TA, TB, Accumulate>(build_has_vectors_of(best) ? advdiv::detail::simd_target::build : best,
                              std::forward<Dst>(dst), a, b);
}

}  // namespace advdiv::nn::detail
