// A tour of the transport layer, in two parts.
//
// 1. Two Gaussian point clouds in R^2 (2 x n matrices, one column per point) with the squared
//    Euclidean cost: exact EMD, entropic Sinkhorn at several epsilons, the Sinkhorn divergence,
//    sliced W_2 and the 1-D distances of the first coordinate. With the cost ||x - y||^2 the
//    transport costs <P, C> are squared distances: EMD's cost is W_2^2 of the samples and W_2
//    is its square root; every line says which of the two it prints.
// 2. The transport plans themselves on two small clouds (a blob and a ring): EMD against
//    Sinkhorn at eps = 0.5, 0.1 and 0.02, written to a CSV and drawn as segments x_i -> y_j
//    whose opacity (and, in three classes, width) grows with the mass P_ij
//    (docs/img/transport_plan.png).
//
//   transport_tour --n 200 --shift 1.0 --seed 1 --plan-n 30 --csv transport_plan.csv --png transport_plan.png
#include "example_support.hpp"

#include <advdiv/core/random.hpp>
#include <advdiv/transport.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

namespace {

// Part 2: the plans. Masses below 1e-3 of a full point (1/n) are not written: invisible anyway.
void plans(std::size_t n, std::uint64_t seed, const std::string& csv, const std::string& png) {
  advdiv::random_engine rng(seed);
  const auto m = n;
  Eigen::MatrixXd X(2, Eigen::Index(n)), Y(2, Eigen::Index(m));
  for (Eigen::Index i = 0; i < X.cols(); ++i) {  // a blob left of the origin
    X(0, i) = -1.2 + 0.4 * advdiv::standard_normal(rng);
    X(1, i) = 0.4 * advdiv::standard_normal(rng);
  }
  for (Eigen::Index j = 0; j < Y.cols(); ++j) {  // a noisy ring right of it
    const double t = 2.0 * std::numbers::pi * advdiv::uniform01(rng);
    const double r = 0.8 + 0.08 * advdiv::standard_normal(rng);
    Y(0, j) = 1.2 + r * std::cos(t);
    Y(1, j) = r * std::sin(t);
  }
  const std::vector<double> a(n, 1.0 / double(n)), b(m, 1.0 / double(m));
  const auto C = advdiv::cost_matrix(X, Y, advdiv::ground_metric::sqeuclidean);

  std::ofstream out(csv);
  out << "# panel,x1,y1,x2,y2,mass_times_n (panel -1: the blob, -2: the ring)\n";
  for (Eigen::Index i = 0; i < X.cols(); ++i) out << "-1," << X(0, i) << ',' << X(1, i) << ",0,0,0\n";
  for (Eigen::Index j = 0; j < Y.cols(); ++j) out << "-2," << Y(0, j) << ',' << Y(1, j) << ",0,0,0\n";
  const auto segment = [&](int panel, Eigen::Index i, Eigen::Index j, double mass) {
    if (mass * double(n) < 1e-3) return;
    out << panel << ',' << X(0, i) << ',' << X(1, i) << ',' << Y(0, j) << ',' << Y(1, j) << ','
        << mass * double(n) << '\n';
  };

  std::printf("\nplans: a blob of %zu points and a ring of %zu, cost ||x - y||^2\n", n, m);
  const auto exact = advdiv::emd(a, b, C);
  for (const auto& e : exact.plan) segment(0, Eigen::Index(e.i), Eigen::Index(e.j), e.mass);
  std::printf("  emd                <P,C> = %.6f = W_2^2 (W_2 = %.6f), %zu entries (a permutation), %s\n",
              exact.cost, std::sqrt(exact.cost), exact.plan.size(), advdiv::to_string(exact.status));
  const double epsilons[] = {0.5, 0.1, 0.02};
  for (int k = 0; k < 3; ++k) {
    const auto r = advdiv::sinkhorn(a, b, C, epsilons[k]);
    std::size_t visible = 0;
    for (Eigen::Index i = 0; i < r.plan.rows(); ++i)
      for (Eigen::Index j = 0; j < r.plan.cols(); ++j) {
        visible += r.plan(i, j) * double(n) >= 1e-3;
        segment(k + 1, i, j, r.plan(i, j));
      }
    std::printf("  sinkhorn eps=%-5g <P,C> = %.6f (>= W_2^2), %zu entries above 1e-3/n, %s, %zu iterations\n",
                epsilons[k], r.cost, visible, advdiv::to_string(r.status), r.iterations);
  }
  out.close();
  std::printf("  wrote %s\n", csv.c_str());

  // Four panels; a segment's opacity grows with its mass (gnuplot's alpha byte: 0 = opaque).
  std::string script =
      "set multiplot layout 2,2 title 'transport plans between a blob and a ring (cost |x - y|^{2})'\n"
      "set size ratio -1\nunset key\nset xrange [-2.5:2.2]\nset yrange [-1.3:1.3]\nset tics out\n"
      "f = " + example::gnuplot_quote(csv) + "\n"
      "alpha(m) = (int(255 * (1 - (m > 1 ? 1 : m))) << 24) + 0x303030\n";  // dark grey, clear at 0
  const char* titles[] = {"EMD (exact): a permutation", "Sinkhorn, eps = 0.5", "Sinkhorn, eps = 0.1",
                          "Sinkhorn, eps = 0.02"};
  // gnuplot 5.4 has no variable width for vectors: three widths by mass (times n) class.
  const auto segments = [](int k, const char* lo, const char* hi, const char* width) {
    return "f using ($1 == " + std::to_string(k) + " && $6 >= " + lo + " && $6 < " + hi +
           " ? $2 : 1/0):3:($4 - $2):($5 - $3):(alpha($6)) with vectors nohead lw " + width +
           " lc rgb variable, ";
  };
  for (int k = 0; k < 4; ++k)
    script += "set title '" + std::string(titles[k]) + "'\nplot " + segments(k, "0", "0.1", "0.7") +
              segments(k, "0.1", "0.5", "1.4") + segments(k, "0.5", "2", "2.4") +
              "f using ($1 == -1 ? $2 : 1/0):3 with points pt 7 ps 0.6 lc rgb '#1f77b4', "
              "f using ($1 == -2 ? $2 : 1/0):3 with points pt 7 ps 0.6 lc rgb '#d62728'\n";
  script += "unset multiplot\n";
  if (example::plot_png(png, script)) std::printf("  wrote %s\n", png.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"advdiv transport tour"};
  std::size_t n = 200, plan_n = 30;
  double shift = 1.0;
  std::uint64_t seed = 1;
  std::string csv = "transport_plan.csv", png = "transport_plan.png";
  app.add_option("--n", n, "points per cloud in part 1")->check(CLI::Range(1, 5000));
  app.add_option("--shift", shift, "mean shift of the second cloud along x in part 1");
  app.add_option("--seed", seed, "random seed");
  app.add_option("--plan-n", plan_n, "points per cloud in the plan picture")->check(CLI::Range(1, 200));
  app.add_option("--csv", csv, "CSV of the plans (panel, segment end points, mass times n)");
  app.add_option("--png", png, "picture of the plans ('' for none; needs gnuplot)");
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

  std::printf("two clouds of %zu points from N(0, I) and N((%g, 0), I) in R^2, cost ||x - y||^2\n", n,
              shift);
  const auto exact = advdiv::emd(a, a, C);
  std::printf("emd:      <P,C> = W_2^2 = %.6f, so W_2 = %.6f  (%zu pivots, %zu plan entries, status %s)\n",
              exact.cost, std::sqrt(exact.cost), exact.iterations, exact.plan.size(),
              advdiv::to_string(exact.status));
  std::printf("          population W_2 of the two normals = %.6f (W_2^2 = %.6f)\n",
              advdiv::wasserstein_2_normal(0.0, 1.0, shift, 1.0),
              std::pow(advdiv::wasserstein_2_normal(0.0, 1.0, shift, 1.0), 2));
  for (double rel : {1e-1, 1e-2, 1e-3}) {
    const double eps = rel * C.maxCoeff();
    const auto r = advdiv::sinkhorn(a, a, C, eps);
    // The entropic plan is a coupling, so its cost is at least EMD's W_2^2, and tends to it as eps -> 0.
    std::printf("sinkhorn: eps = %.2e  <P,C> = %.6f (>= W_2^2)  OT_eps = <P,C> + eps KL = %.6f  (%zu iterations, error %.1e)\n",
                eps, r.cost, r.objective, r.iterations, r.marginal_error);
  }
  // The debiased Sinkhorn divergence is on the scale of W_2^2 too (-> W_2^2 as eps -> 0).
  std::printf("S_eps:    %.6f (a W_2^2-scale quantity) at eps = 0.5\n",
              advdiv::sinkhorn_divergence(a, a, X, Y, advdiv::ground_metric::sqeuclidean, 0.5));
  std::printf("sliced:   SW_2 = %.6f (not squared; 200 directions, <= W_2)\n",
              advdiv::sliced_wasserstein(X, Y, 200, 2.0, seed));
  const Eigen::VectorXd x0 = X.row(0).transpose(), y0 = Y.row(0).transpose();  // first coordinates
  std::printf("1-D:      W_1(x-coordinates) = %.6f, W_2 = %.6f (not squared)\n", advdiv::wasserstein_1d(x0, y0),
              advdiv::wasserstein_1d(x0, y0, 2.0));

  plans(plan_n, seed, csv, png);
  return 0;
}
