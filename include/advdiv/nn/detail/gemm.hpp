#pragma once
/// \file
/// The matrix products of nn::mlp and of double backpropagation, run on dynamic-size maps.

#include <Eigen/Core>

#include <type_traits>

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

/// dst = op(a)·op(b), or dst += op(a)·op(b) when Accumulate; op transposes when TA / TB.
/// The products run on dynamic-size maps: the GEMM is sized at run time anyway, and
/// with compile-time sizes GCC 12 -O3 emits a false -Waggressive-loop-optimizations warning
/// from Eigen's GEMV branch.
template <bool TA, bool TB, bool Accumulate, class Dst, class A, class B>
void gemm(Dst&& dst, const A& a, const B& b) {
  auto d = dynamic_view(dst);
  const auto ma = dynamic_view(a);
  const auto mb = dynamic_view(b);
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

}  // namespace advdiv::nn::detail
