// Every divergence of the catalogue between two probability vectors, in nats and bits.
//
//   ./divergences                              # a default pair
//   ./divergences --p 0.1,0.2,0.7 --q 0.3,0.3,0.4
#include <advdiv/advdiv.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <vector>

int main(int argc, char** argv) {
  CLI::App app{"Divergences between two probability vectors (advdiv)"};
  std::vector<double> p{0.10, 0.40, 0.30, 0.15, 0.05};
  std::vector<double> q{0.20, 0.20, 0.20, 0.20, 0.20};
  app.add_option("--p", p, "first distribution, comma separated")->delimiter(',');
  app.add_option("--q", q, "second distribution, comma separated")->delimiter(',');
  CLI11_PARSE(app, argc, argv);

  try {
    namespace fdiv = advdiv::fdiv;
    std::printf("%-28s %14s %14s\n", "divergence", "nats", "bits");
    auto row = [](const char* name, double nats, double bits) {
      std::printf("%-28s %14.10f %14.10f\n", name, nats, bits);
    };
    row("KL(P||Q)", advdiv::kl(p, q), advdiv::kl(p, q, advdiv::bits));
    row("KL(Q||P)", advdiv::reverse_kl(p, q), advdiv::reverse_kl(p, q, advdiv::bits));
    row("Jeffreys", advdiv::jeffreys(p, q), advdiv::jeffreys(p, q, advdiv::bits));
    row("JS (standard, <= log 2)", advdiv::js(p, q), advdiv::js(p, q, advdiv::bits));
    row("JS distance", advdiv::js_distance(p, q), advdiv::js_distance(p, q, advdiv::bits));
    row("GAN f-div (2 JS - log 4)", advdiv::f_divergence(p, q, fdiv::gan{}),
        advdiv::f_divergence(p, q, fdiv::gan{}, advdiv::bits));
    row("entropy H(P)", advdiv::entropy(p), advdiv::entropy(p, advdiv::bits));
    row("cross-entropy H(P, Q)", advdiv::cross_entropy(p, q), advdiv::cross_entropy(p, q, advdiv::bits));
    row("Renyi, alpha = 2", advdiv::renyi(p, q, 2.0), advdiv::renyi(p, q, 2.0, advdiv::bits));
    std::printf("\n%-28s %14s\n", "(no logarithm)", "value");
    auto plain = [](const char* name, double v) { std::printf("%-28s %14.10f\n", name, v); };
    plain("total variation", advdiv::total_variation(p, q));
    plain("squared Hellinger", advdiv::squared_hellinger(p, q));
    plain("Pearson chi^2", advdiv::pearson_chi2(p, q));
    plain("Neyman chi^2", advdiv::neyman_chi2(p, q));
    plain("alpha-divergence, a = 0.5", advdiv::alpha_divergence(p, q, 0.5));
    plain("alpha-divergence, a = 2", advdiv::alpha_divergence(p, q, 2.0));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
