// Fits noisy samples of y = sin x on a grid of [−π, π] with a 1-32-32-1 tanh MLP and Adam,
// saves the parameters and reads them back, and writes the data, the target sin x and the fit
// to a CSV and a picture (docs/img/nn_fit_sine.png).
//   nn_fit_sine --steps 3000 --lr 0.01 --noise 0.1 --seed 2024 --out sine.advnn
//               --csv nn_fit_sine.csv --png nn_fit_sine.png        (the defaults)
#include "example_support.hpp"

#include <advdiv/core/random.hpp>
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <string>

int main(int argc, char** argv) {
  namespace nn = advdiv::nn;
  int steps = 3000, points = 64;
  double lr = 0.01, noise = 0.1;
  std::uint64_t seed = 2024;
  std::string out = "sine.advnn", csv = "nn_fit_sine.csv", png = "nn_fit_sine.png";
  CLI::App app{"Fit y = sin x with an advdiv::nn::mlp"};
  app.add_option("--steps", steps, "Adam steps (full batch)");
  app.add_option("--points", points, "grid points on [-pi, pi]")->check(CLI::Range(2, 1 << 20));
  app.add_option("--lr", lr, "learning rate");
  app.add_option("--seed", seed, "initialisation seed");
  app.add_option("--noise", noise, "standard deviation of the normal noise on the data")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--out", out, "parameter file to write");
  app.add_option("--csv", csv, "CSV of the data (block 0) and of x, sin x, fit on a fine grid (block 1)");
  app.add_option("--png", png, "picture of data, target and fit ('' for none; needs gnuplot)");
  CLI11_PARSE(app, argc, argv);

  using net_t = nn::mlp<double, nn::dense<1, 32, nn::tanh>, nn::dense<32, 32, nn::tanh>,
                        nn::dense<32, 1>>;
  net_t net(nn::glorot_uniform{}, seed);
  nn::adam<double> opt({.learning_rate = lr});
  advdiv::random_engine rng(seed);
  Eigen::RowVectorXd x(points), y(points);  // 1 × points batches: one column per sample
  for (int i = 0; i < points; ++i) {
    x(i) = -std::numbers::pi + 2 * std::numbers::pi * i / (points - 1);
    y(i) = std::sin(x(i)) + noise * advdiv::standard_normal(rng);
  }
  for (int it = 1; it <= steps; ++it) {
    net.zero_grad();
    const Eigen::RowVectorXd r = net.forward(x) - y;
    net.backward((2.0 / points) * r);
    opt.step(net);
    if (it % (steps / 10 > 0 ? steps / 10 : 1) == 0)
      std::printf("step %6d  mse on the data %.3e\n", it, r.squaredNorm() / points);
  }
  // The fit against the target sin x between and beyond the training points.
  const int fine = 401;
  Eigen::RowVectorXd t(fine);
  for (int i = 0; i < fine; ++i) t(i) = -std::numbers::pi + 2 * std::numbers::pi * i / (fine - 1);
  const Eigen::RowVectorXd fit = net.forward(t);
  double target_mse = 0;
  for (int i = 0; i < fine; ++i) target_mse += std::pow(fit(i) - std::sin(t(i)), 2) / fine;
  std::printf("mse against sin x on a %d-point grid: %.3e (noise variance %.3e)\n", fine, target_mse,
              noise * noise);
  {
    std::ofstream f(csv);
    f << "# x,y: the data\n";
    for (int i = 0; i < points; ++i) f << x(i) << ',' << y(i) << '\n';
    f << "\n\n# x,sin x,fit\n";
    for (int i = 0; i < fine; ++i) f << t(i) << ',' << std::sin(t(i)) << ',' << fit(i) << '\n';
  }
  std::printf("wrote %s\n", csv.c_str());
  const std::string q = example::gnuplot_quote(csv);
  if (example::plot_png(png, "set title 'a 1-32-32-1 tanh MLP fitted to " + std::to_string(points) +
                                 " noisy samples of sin x (" + std::to_string(steps) + " Adam steps)'\n"
                                 "set key top left\nset xlabel 'x'\nset xrange [-pi:pi]\n"
                                 "plot " + q + " index 1 using 1:2 with lines lw 2 lc rgb '#999999' title 'target sin x', " +
                                 q + " index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'data', " +
                                 q + " index 1 using 1:3 with lines lw 2 lc rgb '#d62728' title 'MLP fit'\n"))
    std::printf("wrote %s\n", png.c_str());
  nn::save(net, out);
  net_t copy;
  nn::load(copy, out);
  std::printf("saved %s; mse on the data of the trained network %.6e, of the reloaded one %.6e\n",
              out.c_str(), (net.forward(x) - y).squaredNorm() / points,
              (copy.forward(x) - y).squaredNorm() / points);
}
