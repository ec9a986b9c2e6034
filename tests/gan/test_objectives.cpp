// GAN objectives: derivatives by finite differences, the optimal critic of each game against the
// theory (D* = p/(p+q) and 2·JS − log 4; T* = f'(p/q) and D_f; LSGAN's and the hinge's optima),
// the identities between objectives, stability on extreme logits, and the batch losses.
#include <advdiv/divergence.hpp>
#include <advdiv/gan.hpp>

#include <boost/math/tools/minima.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <stdexcept>
#include <vector>

namespace gan = advdiv::gan;
namespace fd = advdiv::fdiv;  // not `fdiv`: glibc declares a C function of that name

namespace {

// Every objective, for the checks that apply to all of them.
const gan::minimax minimax_obj{};
const gan::minimax smoothed{0.9};
const gan::non_saturating ns{};
const gan::wasserstein wgan{};
const gan::least_squares lsgan{-1.0, 1.0, 0.0};
const gan::hinge hinge_obj{};

/// Central difference of a member term at v (step chosen for double rounding, h ~ ε^{1/3}).
template <class F>
double central_difference(F term, double v) {
  const double h = 1e-5 * std::max(1.0, std::abs(v));
  return (term(v + h).value - term(v - h).value) / (2 * h);
}

template <gan::objective O>
void check_derivatives(const O& o, const char* name, std::initializer_list<double> vs) {
  for (double v : vs) {
    CAPTURE(name);
    CAPTURE(v);
    auto r = [&](double x) { return o.real_term(x); };
    auto f = [&](double x) { return o.fake_term(x); };
    auto g = [&](double x) { return o.generator_term(x); };
    const double tol = 1e-7;
    CHECK(o.real_term(v).derivative == doctest::Approx(central_difference(r, v)).epsilon(tol).scale(1));
    CHECK(o.fake_term(v).derivative == doctest::Approx(central_difference(f, v)).epsilon(tol).scale(1));
    CHECK(o.generator_term(v).derivative == doctest::Approx(central_difference(g, v)).epsilon(tol).scale(1));
  }
}

/// min over v of p·real_term(v) + q·fake_term(v) for one point, by Brent's method on [lo, hi].
template <gan::objective O>
std::pair<double, double> optimal_point(const O& o, double p, double q, double lo = -30, double hi = 30) {
  auto loss = [&](double v) { return p * o.real_term(v).value + q * o.fake_term(v).value; };
  const auto r = boost::math::tools::brent_find_minima(loss, lo, hi, 50);
  return {r.first, r.second};
}

struct no_generator_term {
  template <class T> gan::loss_term<T> real_term(T v) const { return {v, T(1)}; }
  template <class T> gan::loss_term<T> fake_term(T v) const { return {v, T(1)}; }
};

// A game written by a user: a logistic real term, a quadratic fake term; only the three terms.
struct my_objective {
  template <class T> gan::loss_term<T> real_term(T v) const { return {advdiv::math::softplus(-v), -advdiv::math::sigmoid(-v)}; }
  template <class T> gan::loss_term<T> fake_term(T v) const { return {v * v / 2, v}; }
  template <class T> gan::loss_term<T> generator_term(T v) const { return {-v, T(-1)}; }
};

const std::vector<double> P{0.1, 0.25, 0.4, 0.05, 0.2};
const std::vector<double> Q{0.3, 0.1, 0.2, 0.25, 0.15};

}  // namespace

TEST_CASE("every provided objective models the concept; a type missing a term does not") {
  static_assert(gan::objective<gan::minimax>);
  static_assert(gan::objective<gan::non_saturating>);
  static_assert(gan::objective<gan::wasserstein>);
  static_assert(gan::objective<gan::least_squares>);
  static_assert(gan::objective<gan::hinge>);
  static_assert(gan::objective<gan::f_gan<fd::kl>>);
  static_assert(gan::objective<gan::f_gan<fd::alpha>>);
  static_assert(gan::objective<gan::wasserstein_gp>);
  static_assert(gan::clipping_objective<gan::wasserstein>);
  static_assert(!gan::clipping_objective<gan::minimax>);
  static_assert(gan::penalised_objective<gan::wasserstein_gp> && !gan::clipping_objective<gan::wasserstein_gp>);
  static_assert(!gan::penalised_objective<gan::wasserstein>);
  static_assert(!gan::objective<no_generator_term>);
  CHECK(gan::wasserstein{}.weight_clip() == 0.01);
  CHECK(gan::wasserstein_gp{}.gradient_penalty_weight() == 10.0);
  CHECK(gan::wasserstein_gp{.lambda = 0.1}.gradient_penalty_weight() == 0.1);
}

TEST_CASE("derivatives of every term agree with central differences") {
  const auto vs = {-7.5, -2.0, -0.3, 0.0, 0.4, 1.7, 6.0};
  check_derivatives(minimax_obj, "minimax", vs);
  check_derivatives(smoothed, "minimax(0.9)", vs);
  check_derivatives(ns, "non_saturating", vs);
  check_derivatives(wgan, "wasserstein", vs);
  check_derivatives(gan::wasserstein_gp{}, "wasserstein_gp", vs);
  check_derivatives(lsgan, "least_squares", vs);
  check_derivatives(hinge_obj, "hinge", {-3.0, -0.5, 0.2, 2.5});  // away from the kinks ±1
  // f-GAN: derivatives by forward-mode differentiation of each generator's own formulas.
  check_derivatives(gan::f_gan<fd::kl>{}, "f_gan<kl>", vs);
  check_derivatives(gan::f_gan<fd::reverse_kl>{}, "f_gan<reverse_kl>", vs);
  check_derivatives(gan::f_gan<fd::pearson>{}, "f_gan<pearson>", vs);
  check_derivatives(gan::f_gan<fd::neyman>{}, "f_gan<neyman>", vs);
  check_derivatives(gan::f_gan<fd::squared_hellinger>{}, "f_gan<squared_hellinger>", vs);
  check_derivatives(gan::f_gan<fd::jensen_shannon>{}, "f_gan<jensen_shannon>", vs);
  check_derivatives(gan::f_gan<fd::gan>{}, "f_gan<gan>", vs);
  check_derivatives(gan::f_gan<fd::total_variation>{}, "f_gan<total_variation>", vs);
  check_derivatives(gan::f_gan<fd::alpha>{fd::alpha{0.5}}, "f_gan<alpha 0.5>", vs);
  check_derivatives(gan::f_gan<fd::jeffreys>{}, "f_gan<jeffreys> (stated derivative)", vs);
  check_derivatives(gan::f_gan<fd::alpha>{fd::alpha{3.0}}, "f_gan<alpha 3>", {-2.0, -0.3, 0.0, 0.4, 1.7});
  gan::f_gan<fd::pearson> heuristic{{}, gan::f_gan_generator_loss::heuristic};
  check_derivatives(heuristic, "f_gan<pearson> heuristic", vs);
}

TEST_CASE("minimax: D* = p/(p+q) per point and min L_D = log 4 − 2·JS (Goodfellow Prop. 1, Thm. 1)") {
  double total = 0;
  for (std::size_t k = 0; k < P.size(); ++k) {
    const auto [v, loss] = optimal_point(minimax_obj, P[k], Q[k]);
    CHECK(advdiv::math::sigmoid(v) == doctest::Approx(P[k] / (P[k] + Q[k])).epsilon(1e-7));
    total += loss;
  }
  CHECK(total == doctest::Approx(std::log(4.0) - 2 * advdiv::js(P, Q)).epsilon(1e-12));
  // One-sided label smoothing moves the optimum to α·p/(p+q).
  const auto [vs, ls] = optimal_point(smoothed, 0.3, 0.1);
  CHECK(advdiv::math::sigmoid(vs) == doctest::Approx(0.9 * 0.75).epsilon(1e-7));
  (void)ls;
}

TEST_CASE("f-GAN: the optimal critic is T* = f'(p/q) and the bound is tight, for every generator") {
  auto check_game = [](const auto& g, const char* name) {
    CAPTURE(name);
    gan::f_gan<std::remove_cvref_t<decltype(g)>> obj{g};
    double bound = 0;
    for (std::size_t k = 0; k < P.size(); ++k) {
      const auto [v, loss] = optimal_point(obj, P[k], Q[k]);
      CHECK(g.activation(v) == doctest::Approx(g.f_prime(P[k] / Q[k])).epsilon(1e-6));
      bound -= loss;  // F = E_P[T] − E_Q[f*(T)] = −L_D
    }
    CHECK(bound == doctest::Approx(advdiv::f_divergence(P, Q, g)).epsilon(1e-10));
  };
  check_game(fd::kl{}, "kl");
  check_game(fd::reverse_kl{}, "reverse_kl");
  check_game(fd::pearson{}, "pearson");
  check_game(fd::neyman{}, "neyman");
  check_game(fd::squared_hellinger{}, "squared_hellinger");
  check_game(fd::jensen_shannon{}, "jensen_shannon");
  check_game(fd::gan{}, "gan");
  check_game(fd::jeffreys{}, "jeffreys");
  check_game(fd::alpha{0.5}, "alpha 0.5");
  check_game(fd::alpha{2.0}, "alpha 2");
}

TEST_CASE("f_gan<fd::gan> is Goodfellow's game: saddle = minimax, heuristic = non-saturating") {
  gan::f_gan<fd::gan> saddle;
  gan::f_gan<fd::gan> heuristic{{}, gan::f_gan_generator_loss::heuristic};
  for (double v : {-30.0, -2.0, 0.0, 0.7, 12.0}) {
    CAPTURE(v);
    CHECK(saddle.real_term(v).value == doctest::Approx(minimax_obj.real_term(v).value).epsilon(1e-14));
    CHECK(saddle.real_term(v).derivative == doctest::Approx(minimax_obj.real_term(v).derivative).epsilon(1e-14));
    CHECK(saddle.fake_term(v).value == doctest::Approx(minimax_obj.fake_term(v).value).epsilon(1e-14));
    CHECK(saddle.fake_term(v).derivative == doctest::Approx(minimax_obj.fake_term(v).derivative).epsilon(1e-14));
    CHECK(saddle.generator_term(v).value == doctest::Approx(minimax_obj.generator_term(v).value).epsilon(1e-14));
    CHECK(heuristic.generator_term(v).value == doctest::Approx(ns.generator_term(v).value).epsilon(1e-14));
    CHECK(heuristic.generator_term(v).derivative == doctest::Approx(ns.generator_term(v).derivative).epsilon(1e-14));
  }
}

TEST_CASE("least squares: v* = (b p + a q)/(p + q); hinge: min L_D = 2 − 2·TV") {
  for (std::size_t k = 0; k < P.size(); ++k) {
    const auto [v, loss] = optimal_point(lsgan, P[k], Q[k]);
    CHECK(v == doctest::Approx((1.0 * P[k] - 1.0 * Q[k]) / (P[k] + Q[k])).epsilon(1e-7));
    (void)loss;
  }
  double total = 0;
  for (std::size_t k = 0; k < P.size(); ++k) {
    auto loss = [&](double v) { return P[k] * hinge_obj.real_term(v).value + Q[k] * hinge_obj.fake_term(v).value; };
    // Piecewise linear with kinks at ±1: the minimum is at a kink.
    total += std::min(loss(-1.0), loss(1.0));
    CHECK(std::min(loss(-1.0), loss(1.0)) <= loss(0.3));
  }
  CHECK(total == doctest::Approx(2 - 2 * advdiv::total_variation(P, Q)).epsilon(1e-14));
}

TEST_CASE("losses stay finite on extreme logits (softplus, never log of an underflowed sigmoid)") {
  for (double v : {-1e4, -800.0, 800.0, 1e4}) {
    CAPTURE(v);
    CHECK(std::isfinite(minimax_obj.real_term(v).value));
    CHECK(std::isfinite(minimax_obj.fake_term(v).value));
    CHECK(std::isfinite(ns.generator_term(v).value));
    CHECK(std::isfinite(gan::f_gan<fd::gan>{}.fake_term(v).derivative));
    CHECK(std::isfinite(gan::f_gan<fd::jensen_shannon>{}.real_term(v).value));
  }
  CHECK(minimax_obj.real_term(-1e4).value == 1e4);  // −log σ(−1e4) = 1e4
  CHECK(ns.generator_term(-800.0).derivative == -1.0);
}

TEST_CASE("batch losses: means over the batch and per-sample gradients with the 1/n") {
  const std::vector<double> vr{1.2, -0.3, 0.8}, vf{-0.5, 2.0};
  std::vector<double> gr(3), gf(2);
  const double ld = gan::discriminator_loss(ns, std::span<const double>(vr), std::span<const double>(vf),
                                            std::span<double>(gr), std::span<double>(gf));
  double expected = 0;
  for (double v : vr) expected += advdiv::math::softplus(-v) / 3;
  for (double v : vf) expected += advdiv::math::softplus(v) / 2;
  CHECK(ld == doctest::Approx(expected).epsilon(1e-15));
  CHECK(gr[1] == doctest::Approx(ns.real_term(-0.3).derivative / 3).epsilon(1e-15));
  CHECK(gf[1] == doctest::Approx(ns.fake_term(2.0).derivative / 2).epsilon(1e-15));
  // The gradient of the batch loss by finite differences in one coordinate.
  std::vector<double> vr2 = vr;
  vr2[2] += 1e-6;
  const double ld2 = gan::discriminator_loss(ns, std::span<const double>(vr2), std::span<const double>(vf));
  CHECK((ld2 - ld) / 1e-6 == doctest::Approx(gr[2]).epsilon(1e-5));
  std::vector<float> ff{0.5f, -1.0f}, gff(2);
  const float lg = gan::generator_loss(ns, std::span<const float>(ff), std::span<float>(gff));
  CHECK(lg == doctest::Approx((advdiv::math::softplus(-0.5) + advdiv::math::softplus(1.0)) / 2).epsilon(1e-6));
  // Bad shapes.
  CHECK_THROWS_WITH_AS(gan::generator_loss(ns, std::span<const double>{}), "advdiv::gan::generator_loss: v_fake is empty",
                       std::invalid_argument);
  std::vector<double> short_grad(1);
  CHECK_THROWS_WITH_AS(gan::discriminator_loss(ns, std::span<const double>(vr), std::span<const double>(vf),
                                               std::span<double>(short_grad), std::span<double>(gf)),
                       "advdiv::gan::discriminator_loss: v_real and its gradient differ in length (3 and 1)",
                       std::invalid_argument);
  // A NaN critic output is not an error here: the loss is NaN and the trainer reports it.
  const std::vector<double> bad{std::nan("")};
  CHECK(std::isnan(gan::discriminator_loss(ns, std::span<const double>(bad), std::span<const double>(vf))));
}

TEST_CASE("a user's own objective is one small type") {
  static_assert(gan::objective<my_objective>);
  check_derivatives(my_objective{}, "user", {-1.0, 0.5, 3.0});
  const std::vector<double> vr{0.0}, vf{2.0};
  CHECK(gan::discriminator_loss(my_objective{}, std::span<const double>(vr), std::span<const double>(vf)) ==
        doctest::Approx(std::log(2.0) + 2.0));
}
