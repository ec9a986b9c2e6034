// PacGAN packing (gan/packing.hpp): a packed generator is G applied to each of the m stacked
// noise vectors, its gradients are G's (finite differences through a packed loss), and a
// packed sampler stacks m consecutive samples per column.
#include "../nn/helpers.hpp"

#include <advdiv/gan/packing.hpp>
#include <advdiv/nn/mlp.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

namespace gan = advdiv::gan;
namespace nn = advdiv::nn;

namespace {
using packed_source_t = nn::mlp<double, nn::dense<3, 5, nn::tanh>, nn::dense<5, 2>>;
}

TEST_CASE("packed generator: forward is G on each stacked noise vector, backward gives G's gradient") {
  packed_source_t g(nn::glorot_uniform{}, 4);
  gan::packed<packed_source_t, 3> p(g);
  static_assert(decltype(p)::input_dim == 9 && decltype(p)::output_dim == 6);
  static_assert(nn::differentiable_network<decltype(p)>);
  const Eigen::Matrix<double, 9, Eigen::Dynamic> z = nn_test::random_matrix(9, 4, 5);
  const Eigen::Matrix<double, 6, Eigen::Dynamic> y = p.forward(z);
  REQUIRE(y.cols() == 4);
  for (Eigen::Index j = 0; j < 4; ++j)
    for (int k = 0; k < 3; ++k) {
      const Eigen::Matrix<double, 3, Eigen::Dynamic> zk = z.col(j).segment(3 * k, 3);
      const Eigen::Matrix<double, 2, Eigen::Dynamic> yk = g.forward(zk);
      CHECK((y.col(j).segment(2 * k, 2) - yk.col(0)).norm() < 1e-15);
    }
  // L = Σ c ⊙ y over the packs: ∂L/∂θ by finite differences of the packed forward.
  const Eigen::Matrix<double, 6, Eigen::Dynamic> c = nn_test::random_matrix(6, 4, 6);
  auto loss = [&] { return p.forward(z).cwiseProduct(c).sum(); };
  loss();
  p.zero_grad();
  const Eigen::Matrix<double, 9, Eigen::Dynamic> dz = p.backward(c);
  const Eigen::VectorXd analytic = nn_test::gradient_vector(g);
  CHECK(nn_test::relative_error(analytic, nn_test::numeric_parameter_gradient(g, loss, 1e-6)) <= 1e-6);
  // ∂L/∂z, one noise coordinate by central differences.
  Eigen::Matrix<double, 9, Eigen::Dynamic> zp = z, zm = z;
  zp(7, 2) += 1e-6;
  zm(7, 2) -= 1e-6;
  const double numeric_dz = (p.forward(zp).cwiseProduct(c).sum() - p.forward(zm).cwiseProduct(c).sum()) / 2e-6;
  CHECK(dz(7, 2) == doctest::Approx(numeric_dz).epsilon(1e-6));
  CHECK(p.parameters().data() == g.parameters().data());
  // Without the noise's gradient (what the trainer asks of a generator): the same ∂L/∂θ.
  p.zero_grad();
  p.forward(z);
  advdiv::nn::backward_parameters(p, c);
  CHECK(nn_test::gradient_vector(g) == analytic);
}

TEST_CASE("packed_sampler: m consecutive samples per column, in order") {
  auto counter = [](advdiv::random_engine&, std::size_t n) {
    Eigen::MatrixXd x(2, static_cast<Eigen::Index>(n));
    for (Eigen::Index j = 0; j < x.cols(); ++j) x.col(j) << double(j), -double(j);
    return x;
  };
  advdiv::random_engine rng(1);
  const Eigen::MatrixXd packs = gan::packed_sampler(counter, 3)(rng, 2);
  REQUIRE(packs.rows() == 6);
  REQUIRE(packs.cols() == 2);
  // Pack 1 holds samples 3, 4, 5: (3, −3, 4, −4, 5, −5).
  CHECK(packs(0, 1) == 3.0);
  CHECK(packs(1, 1) == -3.0);
  CHECK(packs(4, 1) == 5.0);
  CHECK(packs(5, 1) == -5.0);
  CHECK_THROWS_WITH_AS(gan::packed_sampler(counter, 0), "advdiv::gan::packed_sampler: m = 0 is not positive",
                       std::domain_error);
}
