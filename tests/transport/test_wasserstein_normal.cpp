// W_2 between advdiv::normal densities: the closed form against the quantile integral.
#include <advdiv/density.hpp>
#include <advdiv/transport.hpp>

#include <doctest/doctest.h>

TEST_CASE("wasserstein_2_normal(normal, normal) equals the quantile-integral W_2") {
  const advdiv::normal a{0.0, 1.0}, b{3.0, 5.0}, c{-1.5, 0.25};
  CHECK(advdiv::wasserstein_2_normal(a, b) == doctest::Approx(5.0).epsilon(1e-15));
  CHECK(advdiv::wasserstein_1d(a, b, 2.0) == doctest::Approx(advdiv::wasserstein_2_normal(a, b)).epsilon(1e-7));
  CHECK(advdiv::wasserstein_1d(a, c, 2.0) == doctest::Approx(advdiv::wasserstein_2_normal(a, c)).epsilon(1e-7));
  CHECK(advdiv::wasserstein_2_normal(c, c) == 0.0);
}
