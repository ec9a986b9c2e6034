// The nn layer's matrix product on every dispatch target (nn/detail/gemm.hpp,
// nn/detail/packed_gemm.hpp): against a long double product with the k·ε·Σ|a||b| bound, every
// transpose and the accumulating form, shapes that cross each blocking edge, non-finite
// entries staying in their rows and columns, and an mlp wide enough to use the packed kernel
// against finite differences.

#include "helpers.hpp"

#include <advdiv/core/dispatch.hpp>
#include <advdiv/nn/detail/gemm.hpp>
#include <advdiv/nn/mlp.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace nn = advdiv::nn;
using advdiv::detail::simd_target;

namespace {

template <class T>
using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

struct shape {
  Eigen::Index m, n, k;
};

// m × n, n × k and so on around every edge: 1-wide, not a multiple of any tile (mr = 8, 16 or
// 32; nr = 6 or 12), k across the 256-deep blocks, m across the 128-row (float) and 64-row
// (double) blocks of A.
const shape shapes[] = {{1, 1, 1},    {5, 3, 7},     {33, 13, 19}, {31, 12, 257},
                        {70, 25, 513}, {130, 31, 40}, {257, 20, 3}, {64, 128, 256}};

// op(A)·op(B) in long double, and Σ|a||b| per entry.
template <class T>
void reference(const matrix<T>& a, bool ta, const matrix<T>& b, bool tb, matrix<long double>& exact,
               matrix<long double>& magnitude) {
  matrix<long double> oa = a.template cast<long double>(), ob = b.template cast<long double>();
  if (ta) oa.transposeInPlace();
  if (tb) ob.transposeInPlace();
  exact = oa * ob;
  magnitude = oa.cwiseAbs() * ob.cwiseAbs();
}

template <class T, bool TA, bool TB, bool Acc>
void check_target(simd_target target, const shape& s, std::uint64_t seed) {
  const matrix<T> a = (TA ? nn_test::random_matrix(s.k, s.m, seed) : nn_test::random_matrix(s.m, s.k, seed)).cast<T>();
  const matrix<T> b =
      (TB ? nn_test::random_matrix(s.n, s.k, seed + 1) : nn_test::random_matrix(s.k, s.n, seed + 1)).cast<T>();
  const matrix<T> c0 = nn_test::random_matrix(s.m, s.n, seed + 2).cast<T>();
  matrix<long double> exact, magnitude;
  reference(a, TA, b, TB, exact, magnitude);
  if (Acc) {
    exact += c0.template cast<long double>();
    magnitude += c0.cwiseAbs().template cast<long double>();
  }
  constexpr long double eps = std::numeric_limits<T>::epsilon();
  const long double bound = (s.k + 2) * eps;

  // Through the packed kernel directly (whatever the shape) and through gemm_on (which sends
  // small products to Eigen).
  for (int through_gemm_on = 0; through_gemm_on < 2; ++through_gemm_on) {
    matrix<T> c = c0;
    if (through_gemm_on) {
      nn::detail::gemm_on<TA, TB, Acc>(target, c, a, b);
    } else {
      const bool ran = nn::detail::packed_gemm_on(
          target, nn::detail::gemm_problem<T>{std::size_t(s.m), std::size_t(s.n), std::size_t(s.k), a.data(),
                                              std::size_t(a.rows()), TA, b.data(), std::size_t(b.rows()), TB,
                                              c.data(), std::size_t(s.m), Acc});
      REQUIRE(ran == (target != simd_target::build && ADVDIV_DETAIL_DISPATCH));
      if (!ran) continue;
    }
    long double worst = 0;
    for (Eigen::Index j = 0; j < s.n; ++j)
      for (Eigen::Index i = 0; i < s.m; ++i)
        worst = std::max(worst, std::abs(c(i, j) - exact(i, j)) / (magnitude(i, j) * bound));
    INFO("target " << advdiv::detail::to_string(target) << ", m " << s.m << ", n " << s.n << ", k " << s.k
                   << ", ta " << TA << ", tb " << TB << ", accumulate " << Acc << ", gemm_on " << through_gemm_on);
    CHECK(worst <= 1.0L);
  }
}

template <class T>
void check_all_forms(simd_target target) {
  std::uint64_t seed = 100;
  for (const shape& s : shapes) {
    check_target<T, false, false, false>(target, s, seed += 3);
    check_target<T, true, false, false>(target, s, seed += 3);
    check_target<T, false, true, false>(target, s, seed += 3);
    check_target<T, true, true, false>(target, s, seed += 3);
    check_target<T, false, false, true>(target, s, seed += 3);
    check_target<T, false, true, true>(target, s, seed += 3);
    check_target<T, true, false, true>(target, s, seed += 3);
  }
}

}  // namespace

TEST_CASE("the nn product is within k·ε·Σ|a||b| of the exact product on every target, form and edge") {
  for (const simd_target t : advdiv::detail::all_simd_targets) {
    if (!advdiv::detail::simd_target_supported(t)) {
      MESSAGE("target " << advdiv::detail::to_string(t) << " not supported on this CPU: skipped");
      continue;
    }
    check_all_forms<float>(t);
    check_all_forms<double>(t);
  }
}

TEST_CASE("a non-finite entry of A or B reaches only its own row or column of the packed product") {
  // Zero padding past the edges must never meet an infinity (0·inf = NaN) in a kept entry.
  for (const simd_target t : advdiv::detail::all_simd_targets) {
    if (t == simd_target::build || !advdiv::detail::simd_target_supported(t)) continue;
    const Eigen::Index m = 37, n = 29, k = 45;
    matrix<float> a = nn_test::random_matrix(m, k, 7).cast<float>();
    matrix<float> b = nn_test::random_matrix(k, n, 8).cast<float>();
    a(m - 1, 3) = std::numeric_limits<float>::infinity();  // the last row: in the padded panel
    b(5, n - 1) = std::numeric_limits<float>::quiet_NaN();  // the last column: in the padded panel
    matrix<float> c(m, n);
    REQUIRE(nn::detail::packed_gemm_on(t, nn::detail::gemm_problem<float>{std::size_t(m), std::size_t(n),
                                                                          std::size_t(k), a.data(), std::size_t(m),
                                                                          false, b.data(), std::size_t(k), false,
                                                                          c.data(), std::size_t(m), false}));
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index i = 0; i < m; ++i) {
        INFO("target " << advdiv::detail::to_string(t) << ", entry (" << i << ", " << j << ")");
        CHECK(std::isfinite(c(i, j)) == (i != m - 1 && j != n - 1));
      }
  }
}

TEST_CASE("an mlp wide enough for the packed product has the finite-difference gradients") {
  // 4 → 48 → 40 → 1 on a batch of 40: the 48 × 40 × 40 products (76,800 multiply-adds) go to
  // the packed kernel on a CPU with AVX2 or AVX-512 in a build without them.
  using net_t = nn::mlp<double, nn::dense<4, 48, nn::tanh>, nn::dense<48, 40, nn::tanh>, nn::dense<40, 1>>;
  net_t net(nn::glorot_uniform{}, 3);
  for (auto& p : net.parameters()) p += 0.05;
  const Eigen::MatrixXd x = nn_test::random_matrix(4, 40, 21);
  const Eigen::MatrixXd c = nn_test::random_matrix(1, 40, 22);
  auto loss = [&] { return net.forward(x).cwiseProduct(c).sum(); };
  loss();
  net.zero_grad();
  net.backward(c);
  const Eigen::VectorXd analytic = nn_test::gradient_vector(net);
  const Eigen::VectorXd numeric = nn_test::numeric_parameter_gradient(net, loss, 1e-6);
  CHECK(analytic.norm() > 0);
  CHECK(nn_test::relative_error(analytic, numeric) <= 1e-7);
}
