// A tour of the transport layer on two Gaussian point clouds in R^2 (2 x n matrices, one
// column per point): exact EMD (W_2), entropic Sinkhorn at several epsilons, the Sinkhorn
// divergence, sliced W_2 and the 1-D distances of the first coordinate.
//
//   transport_tour --n 500 --shift 1.0 --seed 1
#include <advdiv/core/random.hpp>
#include <advdiv/transport.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
  CLI::App app{"advdiv transport tour"};
  std::size_t n = 500;
  double shift = 1.0;
  std::uint64_t seed = 1;
  app.add_option("--n", n, "points per cloud")->check(CLI::Range(1, 5000));
  app.add_option("--shift", shift, "mean shift of the second cloud along x");
  app.add_option("--seed", seed, "random seed");
  CLI11_PARSE(app, argc, argv);

  advdiv::random_engine rng(seed);
  Eigen::MatrixXd X(2, Eigen::Index(n)), Y(2, Eigen::Index(n));  // points are the columns
  for (Eigen::Index i = 0; i < Eigen::Index(n); ++i) {
    X(0, i) = advdiv::standard_normal(rng);
    X(1, i) = advdiv::standard_normal(rng);
    Y(0, i) = advdiv::standard_normal(rng) + shift;
    Y(1, i) = advdiv::standard_normal(rng);
  }
  const std::vector<double> a(n, 1.0 / double(n));
  const auto C = advdiv::cost_matrix(X, Y, advdiv::ground_metric::sqeuclidean);

  const auto exact = advdiv::emd(a, a, C);
  std::printf("emd:      W_2 = %.6f, W_2^2 = %.6f  (%zu pivots, %zu plan entries, status %s)\n",
              std::sqrt(exact.cost), exact.cost, exact.iterations, exact.plan.size(),
              advdiv::to_string(exact.status));
  std::printf("          population W_2 of the two normals = %.6f\n",
              advdiv::wasserstein_2_normal(0.0, 1.0, shift, 1.0));
  for (double rel : {1e-1, 1e-2, 1e-3}) {
    const double eps = rel * C.maxCoeff();
    const auto r = advdiv::sinkhorn(a, a, C, eps);
    // C is the squared distance, so <P, C> estimates W_2^2 (compare with the square of W_2 above).
    std::printf("sinkhorn: eps = %.2e  <P,C> = %.6f (~ W_2^2)  OT_eps = %.6f  (%zu iterations, error %.1e)\n",
                eps, r.cost, r.objective, r.iterations, r.marginal_error);
  }
  // The debiased Sinkhorn divergence, also a squared-distance quantity (→ W_2^2 as eps → 0).
  std::printf("S_eps:    %.6f (~ W_2^2) at eps = 0.5\n",
              advdiv::sinkhorn_divergence(a, a, X, Y, advdiv::ground_metric::sqeuclidean, 0.5));
  std::printf("sliced:   SW_2 = %.6f (200 directions)\n",
              advdiv::sliced_wasserstein(X, Y, 200, 2.0, seed));
  const Eigen::VectorXd x0 = X.row(0).transpose(), y0 = Y.row(0).transpose();  // first coordinates
  std::printf("1-D:      W_1(x-coordinates) = %.6f, W_2 = %.6f\n", advdiv::wasserstein_1d(x0, y0),
              advdiv::wasserstein_1d(x0, y0, 2.0));
  return 0;
}
