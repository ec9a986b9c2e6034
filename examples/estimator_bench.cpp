// estimator_bench: divergence estimators against ground truth — bias, standard deviation,
// RMSE and time per estimate over estimators × pairs × sample sizes × repetitions.
//
//   ./build/examples/estimator_bench                                   # the default grid
//   ./build/examples/estimator_bench --estimators hist_js,kde_kl,w2 --pairs shift1,mix1 --sizes 100,1000 --reps 5
//   ./build/examples/estimator_bench --pairs all --sizes 100,1000,10000,100000 --reps 20   # the full grid
//
// Pairs (P, Q), X ~ P and Y ~ Q with n = m points each:
//   shift<d>  N(0, I_d) vs N(e_1, I_d), d = 1, 2, 5, 10: KL = 1/2, Rényi = α/2, JS and H²
//             those of the 1-D pair (the other coordinates agree), W1 = W2 = 1
//   scale<d>  N(0, I_d) vs N(0, 4 I_d): KL = d(log 2 + 1/8 − 1/2), H² = 2(1 − (4/5)^{d/2}),
//             Rényi in closed form, W2 = √d; JS and W1 by quadrature in 1-D only
//   mix1      ½N(−2, ½²) + ½N(2, ½²) vs N(0, 2²): KL, JS, H², Rényi by the density layer's quadrature,
//             W1, W2 by quadrature of the quantile functions
//   disjoint1 U(0, 1) vs U(2, 3): KL = ∞, JS = log 2, H² = 2, Rényi = ∞, W1 = W2 = 2
// (H² is ∫(√p − √q)², fdiv::squared_hellinger's convention; Rényi has order α = 0.8.)
// Each (pair, size, repetition) draws its samples from its own substream of --seed, and every
// estimator sees the same samples. An estimator whose target has no known truth on a pair,
// or that does not apply (histograms beyond 3 dimensions, KDE beyond --max-kde-n points, EMD
// beyond --max-emd-n points), is left out of that row.

#include "example_support.hpp"

#include <advdiv/density.hpp>
#include <advdiv/divergence/fdiv.hpp>
#include <advdiv/estimate/knn.hpp>
#include <advdiv/estimate/plugin.hpp>
#include <advdiv/estimate/transport.hpp>
#include <advdiv/estimate/variational.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>

#include <CLI/CLI.hpp>
#include <Eigen/Core>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <numbers>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace est = advdiv::estimate;
using matrix = Eigen::MatrixXd;
constexpr double inf = std::numeric_limits<double>::infinity();

// ------------------------------------------------------------------------------------------
// Ground-truth pairs.

enum class target { kl, js, h2, renyi, w1, w2 };
// The order of the Rényi targets and of the k-NN Rényi estimator.
constexpr double renyi_alpha = 0.8;
const char* target_name(target t) {
  switch (t) {
    case target::kl: return "KL";
    case target::js: return "JS";
    case target::h2: return "H2";
    case target::renyi: return "R0.8";
    case target::w1: return "W1";
    case target::w2: return "W2";
  }
  return "?";
}

struct pair_spec {
  std::string name;
  int dim;
  std::function<void(advdiv::random_engine&, matrix&, matrix&)> draw;  // fills X (d x n), Y (d x m)
  std::map<target, double> truth;                                       // the targets with a known value
};

template <class D1, class D2>
std::map<target, double> one_dimensional_truth(const D1& p, const D2& q) {
  std::map<target, double> t;
  t[target::kl] = advdiv::kl(p, q).value;
  t[target::js] = advdiv::js(p, q).value;
  t[target::h2] = advdiv::squared_hellinger(p, q).value;
  // ∫ p^α q^{1−α} = 1 + α(α − 1)·D_α for Amari's α-divergence D_α.
  const double a = renyi_alpha;
  t[target::renyi] = std::log1p(a * (a - 1) * advdiv::alpha_divergence(p, q, a).value) / (a - 1);
  t[target::w1] = advdiv::wasserstein_1d(p, q, 1.0);
  t[target::w2] = advdiv::wasserstein_1d(p, q, 2.0);
  return t;
}

std::vector<pair_spec> all_pairs() {
  std::vector<pair_spec> pairs;
  const advdiv::normal n01{0, 1}, n11{1, 1}, n02{0, 2};
  const auto shift1 = one_dimensional_truth(n01, n11);
  const auto scale1 = one_dimensional_truth(n01, n02);
  for (int d : {1, 2, 5, 10}) {
    pair_spec s{"shift" + std::to_string(d), d, nullptr, {}};
    s.draw = [](advdiv::random_engine& rng, matrix& X, matrix& Y) {
      for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::standard_normal(rng);
      for (Eigen::Index i = 0; i < Y.size(); ++i) Y.data()[i] = advdiv::standard_normal(rng);
      Y.row(0).array() += 1.0;
    };
    // Rényi of order α between N(0, 1) and N(1, 1): α(μ₁ − μ₂)²/2.
    s.truth = {{target::kl, 0.5}, {target::js, shift1.at(target::js)}, {target::h2, 2 * (1 - std::exp(-1.0 / 8))},
               {target::renyi, renyi_alpha / 2}, {target::w1, 1.0}, {target::w2, 1.0}};
    pairs.push_back(s);
    pair_spec c{"scale" + std::to_string(d), d, nullptr, {}};
    c.draw = [](advdiv::random_engine& rng, matrix& X, matrix& Y) {
      for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::standard_normal(rng);
      for (Eigen::Index i = 0; i < Y.size(); ++i) Y.data()[i] = 2 * advdiv::standard_normal(rng);
    };
    // Per coordinate KL(N(0,1) ‖ N(0,4)) = log 2 + 1/8 − 1/2; the Bhattacharyya coefficient
    // √(2σ₁σ₂/(σ₁² + σ₂²)) = √(4/5) multiplies over coordinates.
    // Rényi per coordinate: log(σ₂/σ₁) + log(σ₂²/σ_α²)/(2(α − 1)), σ_α² = ασ₂² + (1 − α)σ₁²;
    // additive over the independent coordinates.
    const double a = renyi_alpha, s_alpha = a * 4 + (1 - a);
    c.truth = {{target::kl, d * (std::log(2.0) + 0.125 - 0.5)},
               {target::h2, 2 * (1 - std::pow(0.8, 0.5 * d))},
               {target::renyi, d * (std::log(2.0) + std::log(4 / s_alpha) / (2 * (a - 1)))},
               {target::w2, std::sqrt(double(d))}};
    if (d == 1) {
      c.truth[target::js] = scale1.at(target::js);
      c.truth[target::w1] = scale1.at(target::w1);
    }
    pairs.push_back(c);
  }
  const advdiv::mixture bimodal{{0.5, advdiv::normal{-2, 0.5}}, {0.5, advdiv::normal{2, 0.5}}};
  pair_spec m{"mix1", 1, nullptr, one_dimensional_truth(bimodal, n02)};
  m.draw = [bimodal](advdiv::random_engine& rng, matrix& X, matrix& Y) {
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = sample(bimodal, rng);
    for (Eigen::Index i = 0; i < Y.size(); ++i) Y.data()[i] = 2 * advdiv::standard_normal(rng);
  };
  pairs.push_back(m);
  pair_spec j{"disjoint1", 1, nullptr, {{target::kl, inf}, {target::js, std::numbers::ln2}, {target::h2, 2.0},
                                        {target::renyi, inf}, {target::w1, 2.0}, {target::w2, 2.0}}};
  j.draw = [](advdiv::random_engine& rng, matrix& X, matrix& Y) {
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = advdiv::uniform01(rng);
    for (Eigen::Index i = 0; i < Y.size(); ++i) Y.data()[i] = 2 + advdiv::uniform01(rng);
  };
  pairs.push_back(j);
  // Sort as they are listed in the header comment: shifts, scales, then the 1-D pairs.
  std::stable_sort(pairs.begin(), pairs.end(), [](const pair_spec& a, const pair_spec& b) {
    auto rank = [](const pair_spec& p) { return p.name.rfind("shift", 0) == 0 ? 0 : p.name.rfind("scale", 0) == 0 ? 1 : 2; };
    return rank(a) < rank(b);
  });
  return pairs;
}

// ------------------------------------------------------------------------------------------
// Estimators.

struct settings {
  std::string estimators = "default", pairs = "shift1,shift5,scale1,mix1,disjoint1", sizes = "100,1000";
  std::size_t reps = 5;
  std::uint64_t seed = 1;
  std::string csv = "estimator_bench.csv", png = "estimator_rmse.png";
  std::size_t steps = 600, batch = 128;
  double learning_rate = 3e-3;
  std::size_t max_kde_n = 10000, max_emd_n = 2000;
};

struct estimator_spec {
  std::string name;
  target goal;
  bool in_default;
  std::function<bool(int dim, std::size_t n, const settings&)> applies;
  std::function<est::estimate_result(const matrix&, const matrix&, std::uint64_t seed, const settings&)> run;
};

bool always(int, std::size_t, const settings&) { return true; }

// The variational estimators need the critic's input width at compile time: one instantiation
// per dimension of the pairs.
template <class F>
est::estimate_result with_critic(int dim, F f) {
  switch (dim) {
    case 1: return f.template operator()<est::default_critic<1, 32>>();
    case 2: return f.template operator()<est::default_critic<2, 32>>();
    case 5: return f.template operator()<est::default_critic<5, 32>>();
    case 10: return f.template operator()<est::default_critic<10, 32>>();
    default: throw std::invalid_argument("estimator_bench: no critic compiled for dimension " + std::to_string(dim));
  }
}

est::variational_options fit_options(std::uint64_t seed, const settings& s) {
  return {.steps = s.steps, .batch_size = s.batch, .learning_rate = s.learning_rate, .seed = seed};
}

std::vector<estimator_spec> all_estimators() {
  using advdiv::fdiv::jensen_shannon;
  using advdiv::fdiv::kl;
  using advdiv::fdiv::squared_hellinger;
  auto low_dim = [](int d, std::size_t, const settings&) { return d <= int(est::histogram_max_dimension); };
  auto kde_ok = [](int, std::size_t n, const settings& s) { return n <= s.max_kde_n; };
  auto emd_ok = [](int d, std::size_t n, const settings& s) { return d == 1 || n <= s.max_emd_n; };
  std::vector<estimator_spec> e;
  e.push_back({"hist_kl", target::kl, true, low_dim, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::histogram_divergence(X, Y, kl{});
               }});
  e.push_back({"hist_js", target::js, true, low_dim, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::histogram_divergence(X, Y, jensen_shannon{});
               }});
  e.push_back({"kde_kl", target::kl, true, kde_ok, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::kde_divergence(X, Y, kl{});
               }});
  e.push_back({"kde_js", target::js, true, kde_ok, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::kde_divergence(X, Y, jensen_shannon{});
               }});
  e.push_back({"knn_kl", target::kl, true, always, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::knn_kl(X, Y, {.k = 1});
               }});
  e.push_back({"knn_kl_adapt", target::kl, true, always, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::knn_kl(X, Y, {.k = 1, .adaptive_k = true});
               }});
  e.push_back({"knn_h2", target::h2, false, always, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::knn_squared_hellinger(X, Y, {.k = 4});
               }});
  e.push_back({"knn_renyi", target::renyi, false, always, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::knn_renyi_divergence(X, Y, renyi_alpha, {.k = 4});
               }});
  e.push_back({"nwj_kl", target::kl, true, always, [](const matrix& X, const matrix& Y, std::uint64_t seed, const settings& s) {
                 return with_critic(int(X.rows()), [&]<class C>() { return est::nwj_kl<C>(X, Y, fit_options(seed, s)); });
               }});
  e.push_back({"dv_kl", target::kl, true, always, [](const matrix& X, const matrix& Y, std::uint64_t seed, const settings& s) {
                 return with_critic(int(X.rows()), [&]<class C>() { return est::dv_kl<C>(X, Y, fit_options(seed, s)); });
               }});
  e.push_back({"fdual_h2", target::h2, false, always, [](const matrix& X, const matrix& Y, std::uint64_t seed, const settings& s) {
                 return with_critic(int(X.rows()), [&]<class C>() {
                   return est::f_divergence_bound<C>(X, Y, squared_hellinger{}, fit_options(seed, s));
                 });
               }});
  e.push_back({"classifier_js", target::js, true, always,
               [](const matrix& X, const matrix& Y, std::uint64_t seed, const settings& s) {
                 return with_critic(int(X.rows()), [&]<class C>() { return est::classifier_js<C>(X, Y, fit_options(seed, s)); });
               }});
  e.push_back({"w1", target::w1, true, emd_ok, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::wasserstein(X, Y, {.p = 1});
               }});
  e.push_back({"w2", target::w2, true, emd_ok, [](const matrix& X, const matrix& Y, std::uint64_t, const settings&) {
                 return est::wasserstein(X, Y, {.p = 2});
               }});
  return e;
}

// ------------------------------------------------------------------------------------------
// The run.

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

struct cell {
  std::string estimator, pair;
  int dim = 0;
  std::size_t n = 0, reps = 0, not_converged = 0, errors = 0;
  double truth = 0, sum = 0, sq_err = 0, seconds = 0;
  double mean = 0, m2 = 0;  // Welford's running mean and M2, for the sd of finite estimates
  bool all_finite = true;
  std::string first_error;
};

std::string number(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  settings o;
  CLI::App app{"Divergence estimators against ground truth: bias, sd, RMSE and time per estimate"};
  app.add_option("--estimators", o.estimators,
                 "comma-separated estimators, 'default' or 'all' (hist_kl, hist_js, kde_kl, kde_js, knn_kl, "
                 "knn_kl_adapt, knn_h2, knn_renyi, nwj_kl, dv_kl, fdual_h2, classifier_js, w1, w2)")
      ->capture_default_str();
  app.add_option("--pairs", o.pairs, "comma-separated pairs or 'all' (shift1/2/5/10, scale1/2/5/10, mix1, disjoint1)")
      ->capture_default_str();
  app.add_option("--sizes", o.sizes, "comma-separated sample sizes n = m (e.g. 100,1000,10000,100000)")->capture_default_str();
  app.add_option("--reps", o.reps, "repetitions per (estimator, pair, size)")->check(CLI::Range(1, 100000))->capture_default_str();
  app.add_option("--seed", o.seed, "seed; (pair, size, rep) draws from its own substream")->capture_default_str();
  app.add_option("--csv", o.csv, "CSV output")->capture_default_str();
  app.add_option("--png", o.png, "log-log RMSE picture (gnuplot); empty: none")->capture_default_str();
  app.add_option("--steps", o.steps, "critic steps of the variational estimators")->check(CLI::Range(1, 10000000))->capture_default_str();
  app.add_option("--batch", o.batch, "critic batch size")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--learning-rate", o.learning_rate, "critic learning rate (Adam)")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--max-kde-n", o.max_kde_n, "largest n for the O(n^2) KDE estimators")->capture_default_str();
  app.add_option("--max-emd-n", o.max_emd_n, "largest n for EMD (d > 1; O(n^2) memory)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const auto pairs = all_pairs();
  const auto estimators = all_estimators();
  std::vector<const pair_spec*> chosen_pairs;
  for (const auto& name : o.pairs == "all" ? std::vector<std::string>{} : split(o.pairs)) {
    auto it = std::find_if(pairs.begin(), pairs.end(), [&](const pair_spec& p) { return p.name == name; });
    if (it == pairs.end()) {
      std::cerr << "estimator_bench: unknown pair '" << name << "'\n";
      return 2;
    }
    chosen_pairs.push_back(&*it);
  }
  if (o.pairs == "all")
    for (const auto& p : pairs) chosen_pairs.push_back(&p);
  std::vector<const estimator_spec*> chosen;
  if (o.estimators == "all" || o.estimators == "default") {
    for (const auto& e : estimators)
      if (o.estimators == "all" || e.in_default) chosen.push_back(&e);
  } else {
    for (const auto& name : split(o.estimators)) {
      auto it = std::find_if(estimators.begin(), estimators.end(), [&](const estimator_spec& e) { return e.name == name; });
      if (it == estimators.end()) {
        std::cerr << "estimator_bench: unknown estimator '" << name << "'\n";
        return 2;
      }
      chosen.push_back(&*it);
    }
  }
  std::vector<std::size_t> sizes;
  for (const auto& s : split(o.sizes)) {
    long long v = 0;
    try {
      v = std::stoll(s);
    } catch (const std::exception&) {
      v = 0;
    }
    if (v < 4) {
      std::cerr << "estimator_bench: size '" << s << "' is not an integer of at least 4\n";
      return 2;
    }
    sizes.push_back(static_cast<std::size_t>(v));
  }

  // Count the estimates for the progress line.
  std::size_t total = 0, done = 0;
  for (const auto* p : chosen_pairs)
    for (std::size_t n : sizes)
      for (const auto* e : chosen)
        if (p->truth.count(e->goal) && e->applies(p->dim, n, o)) total += o.reps;
  const bool terminal = isatty(fileno(stderr));

  std::vector<cell> cells;
  const advdiv::random_engine root(o.seed);
  for (std::size_t pi = 0; pi < pairs.size(); ++pi) {
    const pair_spec& p = pairs[pi];
    if (std::find(chosen_pairs.begin(), chosen_pairs.end(), &p) == chosen_pairs.end()) continue;
    for (std::size_t si = 0; si < sizes.size(); ++si) {
      const std::size_t n = sizes[si];
      std::vector<cell> row;
      std::vector<const estimator_spec*> active;
      for (const auto* e : chosen)
        if (p.truth.count(e->goal) && e->applies(p.dim, n, o)) {
          active.push_back(e);
          cell c;
          c.estimator = e->name;
          c.pair = p.name;
          c.dim = p.dim;
          c.n = n;
          c.truth = p.truth.at(e->goal);
          row.push_back(c);
        }
      if (active.empty()) continue;
      for (std::size_t rep = 0; rep < o.reps; ++rep) {
        // One substream per (pair, size, repetition), the same for every estimator.
        const std::uint64_t stream = (pi * 64 + si) * 1000003ULL + rep;
        advdiv::random_engine rng = root.substream(stream);
        matrix X(p.dim, static_cast<Eigen::Index>(n)), Y(p.dim, static_cast<Eigen::Index>(n));
        p.draw(rng, X, Y);
        for (std::size_t k = 0; k < active.size(); ++k) {
          if (terminal)
            std::fprintf(stderr, "\r[%zu/%zu] %-14s %-10s n = %-7zu rep %zu   ", ++done, total, active[k]->name.c_str(),
                         p.name.c_str(), n, rep + 1);
          cell& c = row[k];
          const auto start = std::chrono::steady_clock::now();
          est::estimate_result r;
          try {
            r = active[k]->run(X, Y, stream + 1, o);
          } catch (const std::exception& e) {  // e.g. a k-NN estimator on duplicate points: counted, not fatal
            if (c.errors++ == 0) c.first_error = e.what();
            continue;
          }
          c.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          ++c.reps;
          c.sum += r.value;
          c.all_finite = c.all_finite && std::isfinite(r.value);
          if (c.all_finite) {
            const double delta = r.value - c.mean;
            c.mean += delta / static_cast<double>(c.reps);
            c.m2 += delta * (r.value - c.mean);
          }
          c.sq_err += (r.value - c.truth) * (r.value - c.truth);
          if (r.status != advdiv::solver_status::converged && r.status != advdiv::solver_status::iteration_limit)
            ++c.not_converged;
        }
      }
      cells.insert(cells.end(), row.begin(), row.end());
    }
  }
  if (terminal) std::fprintf(stderr, "\r%80s\r", "");

  std::ofstream csv(o.csv);
  csv << "estimator,target,pair,dim,n,reps,truth,mean,bias,sd,rmse,seconds_per_estimate,non_finite_fits,errors\n";
  std::printf("%-14s %-4s %-10s %3s %7s %4s %10s %10s %10s %10s %10s %10s\n", "estimator", "tgt", "pair", "d", "n", "reps",
              "truth", "mean", "bias", "sd", "rmse", "s/est");
  for (const cell& c : cells) {
    const double r = static_cast<double>(c.reps);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double mean = !c.reps ? nan : c.all_finite ? c.mean : c.sum / r;
    // With an infinite truth (or estimate) bias and RMSE are ±inf or undefined, and so is the
    // sd of infinite estimates: shown as such.
    const double sd = c.reps < 2 ? 0.0 : c.all_finite ? std::sqrt(c.m2 / (r - 1)) : nan;
    const double bias = mean - c.truth, rmse = std::sqrt(c.sq_err / r), sec = c.reps ? c.seconds / r : 0.0;
    if (c.errors)
      std::fprintf(stderr, "estimator_bench: %s on %s, n = %zu: %zu of %zu estimates threw, first: %s\n",
                   c.estimator.c_str(), c.pair.c_str(), c.n, c.errors, c.errors + c.reps, c.first_error.c_str());
    const auto* spec = &*std::find_if(estimators.begin(), estimators.end(), [&](const estimator_spec& e) { return e.name == c.estimator; });
    std::printf("%-14s %-4s %-10s %3d %7zu %4zu %10s %10s %10s %10s %10s %10.2e%s\n", c.estimator.c_str(), target_name(spec->goal),
                c.pair.c_str(), c.dim, c.n, c.reps, number(c.truth).c_str(), number(mean).c_str(), number(bias).c_str(),
                number(sd).c_str(), number(rmse).c_str(), sec,
                c.not_converged ? ("  (" + std::to_string(c.not_converged) + " non-finite fits)").c_str() : "");
    csv << c.estimator << ',' << target_name(spec->goal) << ',' << c.pair << ',' << c.dim << ',' << c.n << ',' << c.reps
        << ',' << number(c.truth) << ',' << number(mean) << ',' << number(bias) << ',' << number(sd) << ','
        << number(rmse) << ',' << number(sec) << ',' << c.not_converged << ',' << c.errors << '\n';
  }
  std::printf("wrote %s\n", o.csv.c_str());

  if (o.png.empty()) return 0;
  // One panel per pair: RMSE against n for each estimator with a finite RMSE, as inline
  // gnuplot data blocks (comma-separated, as plot_png sets; no line crosses a missing size).
  std::vector<std::string> panel_pairs;
  for (const cell& c : cells)
    if (std::find(panel_pairs.begin(), panel_pairs.end(), c.pair) == panel_pairs.end()) panel_pairs.push_back(c.pair);
  if (panel_pairs.empty()) return 0;
  std::ostringstream script;
  std::vector<std::string> names, all_names;
  for (const auto* e : chosen) names.push_back(e->name);
  for (const auto& e : estimators) all_names.push_back(e.name);
  int block = 0;
  std::ostringstream plots;
  const int columns = panel_pairs.size() > 1 ? 2 : 1;
  const int rows_of_panels = int((panel_pairs.size() + columns - 1) / columns);
  for (const auto& pname : panel_pairs) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < names.size(); ++k) {
      std::ostringstream data;
      int points = 0;
      for (const cell& c : cells)
        if (c.pair == pname && c.estimator == names[k]) {
          const double rmse = c.reps ? std::sqrt(c.sq_err / double(c.reps)) : 0.0;
          if (std::isfinite(rmse) && rmse > 1e-12) {  // an exact 0 (saturated JS) has no place on a log axis
            data << c.n << ',' << number(rmse) << '\n';
            ++points;
          }
        }
      if (points == 0) continue;
      script << "$d" << block << " << EOD\n" << data.str() << "EOD\n";
      // A fixed colour and point type per estimator, the same in every panel.
      static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                                      "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#aec7e8", "#ffbb78", "#98df8a"};
      const std::size_t ci = std::find(all_names.begin(), all_names.end(), names[k]) - all_names.begin();
      parts.push_back("$d" + std::to_string(block) + " using 1:2 with linespoints lw 2 pt " + std::to_string(5 + ci % 4) +
                      " ps 0.8 lc rgb '" + colours[ci % 14] + "' dt " + std::to_string(1 + ci / 7) + " title " +
                      example::gnuplot_quote(names[k]) + " noenhanced");
      ++block;
    }
    plots << "set title " << example::gnuplot_quote(pname) << " noenhanced\n";
    if (parts.empty())
      plots << "unset key\nset label 1 'no finite RMSE' at graph 0.3, 0.5\nplot 1/0 notitle\nunset label 1\nset key\n";
    else {
      plots << "plot ";
      for (std::size_t i = 0; i < parts.size(); ++i) plots << (i ? ", " : "") << parts[i];
      plots << "\n";
    }
  }
  // A larger canvas than plot_png's default for the grid of panels (same terminal family).
  script << "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) { set terminal pngcairo size " << 620 * columns << ","
         << 360 * rows_of_panels + 40 << " font 'sans,10' } else { set terminal png size " << 620 * columns << ","
         << 360 * rows_of_panels + 40 << " }\n";
  // RMSE above 10 (variational bounds on overfitted critics at small n) is off the top.
  script << "set logscale xy\nset format x '10^{%T}'\nset format y '10^{%T}'\nset yrange [1e-5:10]\nset grid\n"
            "set key outside right top font ',8' spacing 0.9\n"
            "set xlabel 'n = m'\nset ylabel 'RMSE'\nset multiplot layout "
         << rows_of_panels << "," << columns << " title "
         << example::gnuplot_quote("RMSE of each estimator against n (" + std::to_string(o.reps) + " repetitions)") << "\n"
         << plots.str() << "unset multiplot\n";
  if (example::plot_png(o.png, script.str())) std::printf("wrote %s\n", o.png.c_str());
  return 0;
}
