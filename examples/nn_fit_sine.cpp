// Fits y = sin x on a grid of [−π, π] with a 1-32-32-1 tanh MLP and Adam, then saves the
// parameters and reads them back.
//   ./nn_fit_sine --steps 3000 --lr 0.01 --seed 2024 --out sine.advnn
#include <advdiv/nn.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

int main(int argc, char** argv) {
  namespace nn = advdiv::nn;
  int steps = 3000, points = 64;
  double lr = 0.01;
  std::uint64_t seed = 2024;
  std::string out = "sine.advnn";
  CLI::App app{"Fit y = sin x with an advdiv::nn::mlp"};
  app.add_option("--steps", steps, "Adam steps (full batch)");
  app.add_option("--points", points, "grid points on [-pi, pi]")->check(CLI::Range(2, 1 << 20));
  app.add_option("--lr", lr, "learning rate");
  app.add_option("--seed", seed, "initialisation seed");
  app.add_option("--out", out, "parameter file to write");
  CLI11_PARSE(app, argc, argv);

  using net_t = nn::mlp<double, nn::dense<1, 32, nn::tanh>, nn::dense<32, 32, nn::tanh>,
                        nn::dense<32, 1>>;
  net_t net(nn::glorot_uniform{}, seed);
  nn::adam<double> opt({.learning_rate = lr});
  Eigen::RowVectorXd x(points), y(points);  // 1 × points batches: one column per sample
  for (int i = 0; i < points; ++i) {
    x(i) = -std::numbers::pi + 2 * std::numbers::pi * i / (points - 1);
    y(i) = std::sin(x(i));
  }
  for (int it = 1; it <= steps; ++it) {
    net.zero_grad();
    const Eigen::RowVectorXd r = net.forward(x) - y;
    net.backward((2.0 / points) * r);
    opt.step(net);
    if (it % (steps / 10 > 0 ? steps / 10 : 1) == 0)
      std::printf("step %6d  mse %.3e\n", it, r.squaredNorm() / points);
  }
  nn::save(net, out);
  net_t copy;
  nn::load(copy, out);
  std::printf("saved %s; reloaded network mse %.3e\n", out.c_str(),
              (copy.forward(x) - y).squaredNorm() / points);
}
