#include <advdiv/gan/location_scale.hpp>
#include <advdiv/nn/network.hpp>

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("location_scale: x = mu + sigma z, gradients by finite differences") {
  using G = advdiv::gan::location_scale<double>;
  static_assert(advdiv::nn::differentiable_network<G>);
  G g(1.5, 0.5);
  CHECK(g.mu() == 1.5);
  CHECK(g.sigma() == doctest::Approx(0.5).epsilon(1e-15));
  G::input_batch z(1, 3);
  z << -1.0, 0.25, 2.0;
  const G::output_batch x = g.forward(z);
  CHECK(x(0, 0) == doctest::Approx(1.0));
  CHECK(x(0, 2) == doctest::Approx(2.5));
  // L = Σ w_i x_i² for fixed weights: ∂L/∂x = 2 w x.
  const G::output_batch w = (G::output_batch(1, 3) << 0.3, -1.0, 2.0).finished();
  auto loss = [&](double mu, double log_sigma) {
    return (w.array() * (mu + std::exp(log_sigma) * z.array()).square()).sum();
  };
  g.zero_grad();
  const G::input_batch dz = g.backward((2 * w.array() * x.array()).matrix());
  const double h = 1e-6, s = std::log(0.5);
  CHECK(g.gradients()[0] == doctest::Approx((loss(1.5 + h, s) - loss(1.5 - h, s)) / (2 * h)).epsilon(1e-8));
  CHECK(g.gradients()[1] == doctest::Approx((loss(1.5, s + h) - loss(1.5, s - h)) / (2 * h)).epsilon(1e-8));
  CHECK(dz(0, 1) == doctest::Approx(0.5 * 2 * w(0, 1) * x(0, 1)));
  g.parameters()[1] = std::log(2.0);  // the scale is stored as its logarithm
  CHECK(g.sigma() == doctest::Approx(2.0));
}
