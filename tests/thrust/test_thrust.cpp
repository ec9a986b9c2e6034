// Thrust backend against the CPU path (built with THRUST_DEVICE_SYSTEM OMP and CPP): every
// result equals the CPU result within a small multiple of epsilon times the reduction depth.
#include "../divergence/edge_cases.hpp"

#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/thrust.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/host_vector.h>
#include <thrust/iterator/transform_iterator.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

template <class T>
std::vector<T> random_distribution(std::size_t n, advdiv::random_engine& rng, double zero_fraction = 0.0) {
  std::vector<double> w(n);
  for (auto& x : w) x = advdiv::uniform01(rng) < zero_fraction ? 0.0 : advdiv::uniform01(rng) + 1e-3;
  const double s = advdiv::accurate_sum(w);
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(w[i] / s);
  return out;
}

// Tolerance for a sum of n terms reduced in another order: 8·eps·⌈log2 n⌉·Σ|term| (the
// reduction accumulates in double for float input, so eps is double's).
template <class Term, class T>
double tolerance(const std::vector<T>& p, const std::vector<T>& q, const Term& term) {
  double abs_sum = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) abs_sum += std::abs(term(double(p[i]), double(q[i])));
  const double depth = std::ceil(std::log2(double(p.size()) + 1.0)) + 1.0;
  return 8.0 * std::numeric_limits<double>::epsilon() * depth * abs_sum + 1e-300;
}

// x → x, to hide contiguity from the backend.
struct pass_through {
  template <class T>
  T operator()(T x) const { return x; }
};

// |a − b| ≤ tol, with equal infinities counting as equal.
bool close(double a, double b, double tol) { return a == b || std::abs(a - b) <= tol; }

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}

}  // namespace

TEST_CASE_TEMPLATE("thrust divergences equal the CPU functions", T, float, double) {
  advdiv::random_engine rng(7);
  for (const std::size_t n : {std::size_t(1), std::size_t(13), std::size_t(1000), std::size_t(100003)}) {
    const auto p = random_distribution<T>(n, rng, 0.1);
    const auto q = random_distribution<T>(n, rng, 0.0);  // q > 0: finite KL, χ²
    const thrust::device_vector<T> dp(p.begin(), p.end()), dq(q.begin(), q.end());
    const thrust::host_vector<T> hp(p.begin(), p.end()), hq(q.begin(), q.end());
    CAPTURE(n);
#define ADVDIV_CHECK_NAMED(NAME, GEN)                                                      \
  {                                                                                        \
    const double cpu = double(advdiv::NAME(p, q));                                         \
    const double tol = tolerance(p, q, advdiv::f_divergence_term<GEN>{});                  \
    CHECK(close(double(advdiv::NAME(thrust::device, dp, dq)), cpu, tol));                   \
    CHECK(close(double(advdiv::NAME(thrust::host, hp, hq)), cpu, tol));                     \
    CHECK(close(double(advdiv::NAME(thrust::device, dp.begin(), dp.end(), dq.begin(),       \
                                    dq.end())), cpu, tol));                                 \
  }
    ADVDIV_CHECK_NAMED(kl, advdiv::fdiv::kl)
    ADVDIV_CHECK_NAMED(reverse_kl, advdiv::fdiv::reverse_kl)
    ADVDIV_CHECK_NAMED(jeffreys, advdiv::fdiv::jeffreys)
    ADVDIV_CHECK_NAMED(js, advdiv::fdiv::jensen_shannon)
    ADVDIV_CHECK_NAMED(total_variation, advdiv::fdiv::total_variation)
    ADVDIV_CHECK_NAMED(squared_hellinger, advdiv::fdiv::squared_hellinger)
    ADVDIV_CHECK_NAMED(pearson_chi2, advdiv::fdiv::pearson)
    ADVDIV_CHECK_NAMED(neyman_chi2, advdiv::fdiv::neyman)
#undef ADVDIV_CHECK_NAMED
    // Non-contiguous iterators take the per-element reduction that CUDA uses.
    const auto tp = thrust::make_transform_iterator(dp.begin(), pass_through{});
    const auto tq = thrust::make_transform_iterator(dq.begin(), pass_through{});
    for (const double cpu : {double(advdiv::kl(p, q))})
      CHECK(close(double(advdiv::kl(thrust::device, tp, tp + std::ptrdiff_t(n), tq, tq + std::ptrdiff_t(n))), cpu,
                  tolerance(p, q, advdiv::f_divergence_term<advdiv::fdiv::kl>{})));
    CHECK(close(double(advdiv::js(thrust::device, tp, tp + std::ptrdiff_t(n), tq, tq + std::ptrdiff_t(n))),
                double(advdiv::js(p, q)), tolerance(p, q, advdiv::f_divergence_term<advdiv::fdiv::jensen_shannon>{})));
    const double tol_kl = tolerance(p, q, advdiv::f_divergence_term<advdiv::fdiv::kl>{});
    CHECK(std::abs(double(advdiv::f_divergence(thrust::device, dp, dq, advdiv::fdiv::gan{})) -
                   double(advdiv::f_divergence(p, q, advdiv::fdiv::gan{}))) <=
          tolerance(p, q, advdiv::f_divergence_term<advdiv::fdiv::gan>{}));
    CHECK(std::abs(double(advdiv::js_distance(thrust::device, dp, dq)) - double(advdiv::js_distance(p, q))) <=
          1e-6 * std::sqrt(double(std::numeric_limits<T>::epsilon())) + 1e-12);
    const advdiv::fdiv::alpha a{0.3};
    CHECK(std::abs(double(advdiv::alpha_divergence(thrust::device, dp, dq, 0.3)) -
                   double(advdiv::alpha_divergence(p, q, 0.3))) <=
          tolerance(p, q, advdiv::f_divergence_term<advdiv::fdiv::alpha>{a}));
    CHECK(std::abs(double(advdiv::renyi(thrust::device, dp, dq, 2.0)) - double(advdiv::renyi(p, q, 2.0))) <=
          1e3 * tol_kl + 1e-13);
    CHECK(std::abs(double(advdiv::cross_entropy(thrust::device, dp, dq)) - double(advdiv::cross_entropy(p, q))) <=
          tolerance(p, q, advdiv::detail::cross_entropy_term{}));
    CHECK(std::abs(double(advdiv::entropy(thrust::device, dp)) - double(advdiv::entropy(p))) <=
          tolerance(p, p, advdiv::detail::entropy_term{}));
    CHECK(std::abs(double(advdiv::kl(thrust::device, dp, dq, advdiv::bits)) -
                   double(advdiv::kl(p, q, advdiv::bits))) <= 2 * tol_kl);
  }
}

TEST_CASE("thrust divergences: limits and closed forms") {
  // KL of (1, 0) against (½, ½) is log 2; q = 0 < p gives +inf, as on the CPU.
  const thrust::device_vector<double> p = std::vector<double>{1.0, 0.0}, q = std::vector<double>{0.5, 0.5};
  CHECK(advdiv::kl(thrust::device, p, q) == doctest::Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(std::isinf(advdiv::kl(thrust::device, q, p)));
  CHECK(advdiv::js(thrust::device, p, q, advdiv::bits) ==
        doctest::Approx(1.5 - 0.75 * std::log2(3.0)).epsilon(1e-14));
  CHECK(advdiv::total_variation(thrust::device, p, q) == doctest::Approx(0.5));
  CHECK(advdiv::kl(thrust::device, p, p) == 0.0);
}

TEST_CASE("thrust divergences: bad input gives the CPU messages") {
  const std::vector<double> good{0.25, 0.25, 0.5}, neg{0.5, 0.7, -0.2}, nan_v{0.5, std::nan(""), 0.5},
      off{0.5, 0.4, 0.3}, two{0.5, 0.5}, empty{};
  const auto d = [](const std::vector<double>& v) { return thrust::device_vector<double>(v.begin(), v.end()); };
  CHECK_THROWS_WITH_AS(advdiv::kl(thrust::device, d(neg), d(good)), "advdiv::kl: p[2] = -0.2 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::js(thrust::device, d(good), d(nan_v)), "advdiv::js: q[1] = nan is not finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::kl(thrust::device, d(good), d(two)),
                       "advdiv::kl: p and q differ in length (3 and 2)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::kl(thrust::device, d(empty), d(good)), "advdiv::kl: p is empty",
                       std::invalid_argument);
  CHECK_THROWS_AS(advdiv::kl(thrust::device, d(off), d(good)), std::domain_error);
  CHECK_THROWS_AS(advdiv::alpha_divergence(thrust::device, d(good), d(good), 1.0), std::domain_error);
  CHECK_THROWS_AS(advdiv::renyi(thrust::device, d(good), d(good), -1.0), std::domain_error);
  CHECK_THROWS_AS(advdiv::kl(thrust::device, d(good), d(good), {.log_base = 1.0}), std::domain_error);
  // Same text as the CPU for every kind of bad input.
  const std::vector<std::vector<double>> cases{good, neg, nan_v, off, two, empty};
  for (const auto& a : cases)
    for (const auto& b : cases) {
      CHECK(message_of([&] { advdiv::kl(thrust::device, d(a), d(b)); }) == message_of([&] { advdiv::kl(a, b); }));
      CHECK(message_of([&] { advdiv::squared_hellinger(thrust::device, d(a), d(b)); }) ==
            message_of([&] { advdiv::squared_hellinger(a, b); }));
      CHECK(message_of([&] { advdiv::entropy(thrust::device, d(a)); }) == message_of([&] { advdiv::entropy(a); }));
    }
}

TEST_CASE_TEMPLATE("thrust batched divergences equal the CPU per row, every strategy", T, float, double) {
  advdiv::random_engine rng(11);
  struct shape { std::size_t rows, cols; };
  for (const shape s : {shape{1, 10000000}, shape{100000, 10}, shape{300, 700}, shape{3, 40000}}) {
    if (std::is_same_v<T, double> && s.cols == 10000000) continue;  // keep memory and time down
    std::vector<T> p, q;
    p.reserve(s.rows * s.cols);
    q.reserve(s.rows * s.cols);
    for (std::size_t r = 0; r < s.rows; ++r) {
      const auto pr = random_distribution<T>(s.cols, rng, 0.05), qr = random_distribution<T>(s.cols, rng);
      p.insert(p.end(), pr.begin(), pr.end());
      q.insert(q.end(), qr.begin(), qr.end());
    }
    const thrust::device_vector<T> dp(p.begin(), p.end()), dq(q.begin(), q.end());
    CAPTURE(s.rows);
    CAPTURE(s.cols);
    for (const auto strategy : {advdiv::batch_strategy::automatic, advdiv::batch_strategy::row_per_thread,
                                advdiv::batch_strategy::segmented, advdiv::batch_strategy::row_by_row}) {
      if (s.rows >= 1000 && strategy == advdiv::batch_strategy::row_by_row) continue;
      thrust::device_vector<T> kl_out, js_out;
      advdiv::rowwise::kl(thrust::device, dp, dq, s.cols, kl_out, {.strategy = strategy});
      advdiv::rowwise::js(thrust::device, dp, dq, s.cols, js_out, {.strategy = strategy});
      REQUIRE(kl_out.size() == s.rows);
      const thrust::host_vector<T> hk = kl_out, hj = js_out;
      int bad = 0;
      for (std::size_t r = 0; r < s.rows; r += std::max<std::size_t>(1, s.rows / 2000)) {
        const std::vector<T> pr(p.begin() + r * s.cols, p.begin() + (r + 1) * s.cols);
        const std::vector<T> qr(q.begin() + r * s.cols, q.begin() + (r + 1) * s.cols);
        const double tk = tolerance(pr, qr, advdiv::f_divergence_term<advdiv::fdiv::kl>{}) +
                          double(std::numeric_limits<T>::epsilon()) * std::abs(double(hk[r]));
        const double tj = tolerance(pr, qr, advdiv::f_divergence_term<advdiv::fdiv::jensen_shannon>{}) +
                          double(std::numeric_limits<T>::epsilon()) * std::abs(double(hj[r]));
        bad += std::abs(double(hk[r]) - double(advdiv::kl(pr, qr))) > tk;
        bad += std::abs(double(hj[r]) - double(advdiv::js(pr, qr))) > tj;
      }
      CHECK(bad == 0);
    }
  }
}

TEST_CASE("thrust batched divergences: bad input") {
  const std::vector<double> p{0.5, 0.5, 0.2, 0.8, 0.1, 0.9}, q{0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
  std::vector<double> neg = p, off = p;
  neg[3] = -0.8;
  off[4] = 0.3;
  const auto d = [](const std::vector<double>& v) { return thrust::device_vector<double>(v.begin(), v.end()); };
  thrust::device_vector<double> out;
  for (const auto strategy : {advdiv::batch_strategy::row_per_thread, advdiv::batch_strategy::segmented,
                              advdiv::batch_strategy::row_by_row}) {
    CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(neg), d(q), 2, out, {.strategy = strategy}),
                         "advdiv::rowwise::kl: p(1, 1) = -0.8 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(advdiv::rowwise::js(thrust::device, d(q), d(off), 2, out, {.strategy = strategy}),
                         "advdiv::rowwise::js: row 2 of q sums to 1.2, not 1 (tolerance 1e-06)",
                         std::domain_error);
  }
  // The same text as the CPU row-wise functions on the B×K matrix.
  using M = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const M> mneg(neg.data(), 3, 2), mq(q.data(), 3, 2), moff(off.data(), 3, 2);
  CHECK(message_of([&] { advdiv::rowwise::kl(thrust::device, d(neg), d(q), 2, out); }) ==
        message_of([&] { advdiv::rowwise::kl(mneg, mq); }));
  CHECK(message_of([&] { advdiv::rowwise::js(thrust::device, d(q), d(off), 2, out); }) ==
        message_of([&] { advdiv::rowwise::js(mq, moff); }));
  CHECK_THROWS_AS(advdiv::rowwise::kl(thrust::device, d(p), d(q), 4, out), std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(p), d(q), 0, out), "advdiv::rowwise::kl: p has no columns",
                       std::invalid_argument);
  CHECK_THROWS_AS(advdiv::rowwise::kl(thrust::device, d({}), d({}), 2, out), std::invalid_argument);
}

TEST_CASE("thrust: the measures without a logarithmic unit refuse a log base other than e (P2)") {
  const std::vector<double> p{0.5, 0.5, 0.2, 0.8}, q{0.25, 0.75, 0.5, 0.5};
  const auto d = [](const std::vector<double>& v) { return thrust::device_vector<double>(v.begin(), v.end()); };
  const std::vector<double> p2{0.5, 0.5}, q2{0.25, 0.75};
  CHECK_THROWS_WITH_AS(advdiv::total_variation(thrust::device, d(p2), d(q2), advdiv::bits),
                       "advdiv::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::squared_hellinger(thrust::device, d(p2), d(q2), advdiv::dits),
                       "advdiv::squared_hellinger: log_base = 10 is not e (squared Hellinger has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::pearson_chi2(thrust::device, d(p2), d(q2), advdiv::bits),
                       "advdiv::pearson_chi2: log_base = 2 is not e (Pearson chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::neyman_chi2(thrust::device, d(p2), d(q2), advdiv::bits),
                       "advdiv::neyman_chi2: log_base = 2 is not e (Neyman chi2 has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::alpha_divergence(thrust::device, d(p2), d(q2), 0.5, advdiv::bits),
                       "advdiv::alpha_divergence: log_base = 2 is not e (the alpha divergence has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::f_divergence(thrust::device, d(p2), d(q2), advdiv::fdiv::total_variation{}, advdiv::bits),
                       "advdiv::f_divergence: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  thrust::device_vector<double> out;
  CHECK_THROWS_WITH_AS(advdiv::rowwise::total_variation(thrust::device, d(p), d(q), 2, out,
                                                        {.divergence = advdiv::bits}),
                       "advdiv::rowwise::total_variation: log_base = 2 is not e (total variation has no logarithmic unit)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::alpha_divergence(thrust::device, d(p), d(q), 2, out, 2.0,
                                                         {.divergence = advdiv::bits}),
                       "advdiv::rowwise::alpha_divergence: log_base = 2 is not e (the alpha divergence has no "
                       "logarithmic unit)",
                       std::invalid_argument);
  // A base that is no base stays a domain_error; e gives the value itself: TV = ¼ by hand.
  CHECK_THROWS_WITH_AS(advdiv::total_variation(thrust::device, d(p2), d(q2), {.log_base = 1.0}),
                       "advdiv::total_variation: log_base = 1 is not finite and > 1", std::domain_error);
  CHECK(advdiv::total_variation(thrust::device, d(p2), d(q2), advdiv::nats) == doctest::Approx(0.25).epsilon(1e-15));
  // The logarithmic ones keep their unit (Rényi's batched path runs its α-divergence in nats).
  advdiv::rowwise::renyi(thrust::device, d(p), d(q), 2, out, 2.0, {.divergence = advdiv::bits});
  CHECK(double(out[0]) == doctest::Approx(std::log2(4.0 / 3.0)).epsilon(1e-14));  // log₂ Σ p²/q by hand
  CHECK(advdiv::renyi(thrust::device, d(p2), d(q2), 0.5, advdiv::bits) > 0);
}

TEST_CASE("thrust variational estimate is tight at the optimal critic") {
  // Samples on 4 atoms with empirical frequencies exactly p and q; the critic V* with
  // g_f(V*) = f'(p/q) makes E_P[T] − E_Q[f*(T)] equal D_f(P‖Q).
  const std::vector<double> p{0.1, 0.2, 0.3, 0.4}, q{0.25, 0.25, 0.25, 0.25};
  const std::vector<int> cp{1, 2, 3, 4}, cq{1, 1, 1, 1};
  const auto samples = [](const std::vector<int>& counts, const std::vector<double>& v) {
    std::vector<double> out;
    for (std::size_t i = 0; i < counts.size(); ++i) out.insert(out.end(), std::size_t(counts[i]) * 25, v[i]);
    return thrust::device_vector<double>(out.begin(), out.end());
  };
  std::vector<double> v_kl(4), v_gan(4);
  for (std::size_t i = 0; i < 4; ++i) {
    v_kl[i] = 1.0 + std::log(p[i] / q[i]);  // g_f = identity, T* = 1 + log(p/q)
    v_gan[i] = std::log(p[i] / q[i]);       // σ(V*) = p/(p + q)
  }
  CHECK(advdiv::variational_estimate(thrust::device, samples(cp, v_kl), samples(cq, v_kl), advdiv::fdiv::kl{}) ==
        doctest::Approx(advdiv::kl(p, q)).epsilon(1e-13));
  CHECK(advdiv::variational_estimate(thrust::device, samples(cp, v_gan), samples(cq, v_gan), advdiv::fdiv::gan{}) ==
        doctest::Approx(2.0 * advdiv::js(p, q) - std::log(4.0)).epsilon(1e-13));
  // A perturbed critic gives less.
  std::vector<double> v2 = v_kl;
  v2[0] += 0.3;
  CHECK(advdiv::variational_estimate(thrust::device, samples(cp, v2), samples(cq, v2), advdiv::fdiv::kl{}) <
        advdiv::kl(p, q));
  const thrust::device_vector<double> ok = std::vector<double>{0.0}, bad = std::vector<double>{0.0, NAN}, none;
  CHECK_THROWS_WITH_AS(advdiv::variational_estimate(thrust::device, ok, bad, advdiv::fdiv::kl{}),
                       "advdiv::variational_estimate: v_q[1] = nan is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::variational_estimate(thrust::device, none, ok, advdiv::fdiv::kl{}),
                       "advdiv::variational_estimate: v_p is empty", std::invalid_argument);
}

namespace {
// The value of a named divergence (catalogue name, alpha_divergence or renyi) for one pair on
// every backend: CPU vectors, CPU rows (row 1 of a 2-row matrix), Thrust containers, Thrust
// iterator ranges, Thrust batches (row 1 of 2). A name missing from a backend fails to compile.
struct backend_values {
  double cpu, cpu_rows, thrust_vector, thrust_range, thrust_rows;
};

backend_values all_backends(const std::string& name, double alpha, const std::vector<double>& p,
                            const std::vector<double>& q, const advdiv::divergence_options& o) {
  using M = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const auto n = static_cast<Eigen::Index>(p.size());
  M P(2, n), Q(2, n);
  P.row(0).setConstant(1.0 / double(n));
  Q.row(0).setConstant(1.0 / double(n));
  P.row(1) = Eigen::Map<const Eigen::RowVectorXd>(p.data(), n);
  Q.row(1) = Eigen::Map<const Eigen::RowVectorXd>(q.data(), n);
  const std::vector<double> bp(P.data(), P.data() + 2 * n), bq(Q.data(), Q.data() + 2 * n);
  const thrust::device_vector<double> dp(p.begin(), p.end()), dq(q.begin(), q.end());
  const thrust::device_vector<double> dbp(bp.begin(), bp.end()), dbq(bq.begin(), bq.end());
  thrust::device_vector<double> out;
  const advdiv::rowwise_options ro{o};
  backend_values v{};
  bool found = false;
#define ADVDIV_TEST_ALL(NAME, TERM, FINISH)                                                      \
  if (name == #NAME) {                                                                           \
    found = true;                                                                                \
    v.cpu = advdiv::NAME(p, q, o);                                                               \
    v.cpu_rows = advdiv::rowwise::NAME(P, Q, o)[1];                                              \
    v.thrust_vector = advdiv::NAME(thrust::device, dp, dq, o);                                   \
    v.thrust_range = advdiv::NAME(thrust::device, dp.begin(), dp.end(), dq.begin(), dq.end(), o); \
    advdiv::rowwise::NAME(thrust::device, dbp, dbq, std::size_t(n), out, ro);                   \
  }
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_ALL)
#undef ADVDIV_TEST_ALL
#define ADVDIV_TEST_ALL(NAME)                                                      \
  if (name == #NAME) {                                                             \
    found = true;                                                                  \
    v.cpu = advdiv::NAME(p, q, alpha, o);                                          \
    v.cpu_rows = advdiv::rowwise::NAME(P, Q, alpha, o)[1];                         \
    v.thrust_vector = advdiv::NAME(thrust::device, dp, dq, alpha, o);              \
    v.thrust_range = v.thrust_vector; /* container form only */                    \
    advdiv::rowwise::NAME(thrust::device, dbp, dbq, std::size_t(n), out, alpha, ro); \
  }
  ADVDIV_PARAMETRISED_DIVERGENCES(ADVDIV_TEST_ALL)
#undef ADVDIV_TEST_ALL
  REQUIRE_MESSAGE(found, "no backend offers " << name);
  REQUIRE(out.size() == 2);
  v.thrust_rows = out[1];
  return v;
}

bool same(double a, double b) { return a == b || std::abs(a - b) <= 1e-14 * std::abs(b); }
}  // namespace

TEST_CASE("every backend offers every name of the catalogue, with the same values") {
  advdiv::random_engine rng(5);
  const auto p = random_distribution<double>(37, rng, 0.2), q = random_distribution<double>(37, rng, 0.2);
  std::vector<std::string> names;
#define ADVDIV_TEST_NAME(NAME, ...) names.push_back(#NAME);
  ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_NAME)
  ADVDIV_PARAMETRISED_DIVERGENCES(ADVDIV_TEST_NAME)
#undef ADVDIV_TEST_NAME
  CHECK(names.size() == 12);
  for (const auto& name : names)
    for (const double alpha : {0.5, 2.0}) {
      INFO(name << ", alpha = " << alpha);
      const auto v = all_backends(name, alpha, p, q, {});
      CHECK(same(v.cpu_rows, v.cpu));
      CHECK(same(v.thrust_vector, v.cpu));
      CHECK(same(v.thrust_range, v.cpu));
      CHECK(same(v.thrust_rows, v.cpu));
    }
}

TEST_CASE("extreme inputs of issue 10 on the Thrust backend: the mpmath references or exact limits") {
  for (const auto& c : advdiv_test::edge_cases()) {
    INFO(c.divergence << "(alpha = " << c.alpha << ") p = {" << c.p[0] << ", " << c.p[1] << ", ...}, q = {"
                      << c.q[0] << ", " << c.q[1] << ", ...}; truth " << static_cast<double>(c.truth()));
    advdiv::divergence_options o;
    if (c.unnormalised) o.sum_tolerance = std::numeric_limits<double>::infinity();
    const auto v = all_backends(c.divergence, c.alpha, c.p, c.q, o);
    CHECK_MESSAGE(advdiv_test::matches(v.thrust_vector, c.truth()), "thrust " << v.thrust_vector);
    CHECK_MESSAGE(advdiv_test::matches(v.thrust_range, c.truth()), "thrust range " << v.thrust_range);
    CHECK_MESSAGE(advdiv_test::matches(v.thrust_rows, c.truth()), "thrust rows " << v.thrust_rows);
  }
}

TEST_CASE("thrust: terms that overflow on their own in different chunks or elements merge to the true sum (D17)") {
  // Only a sum tolerance of inf admits such entries. References: mpmath (as in test_edges.cpp).
  // Cross-entropy of p = (1e308, 1e308), q = (1e308, 4.7e-309): terms −7.09e310 and +7.10e310,
  // true sum 7.5502258427803267998e307. KL of p = (1e308, 6.254e307, 6.254e307), q = (1e307,
  // 1.7e308, 1.7e308): one term of 2.3e308 and two of −6.25e307, true sum
  // 1.0517949930503211534e308. The entries sit at the two ends of 2^14 + 3 values (zeros
  // between), so they fall in different host chunks (contiguous memory) or different elements of
  // one zipped reduction (through a transform iterator), whose merge was inf − inf = NaN (or a
  // wrong +inf) before the merged sums were re-summed scaled.
  constexpr double inf = std::numeric_limits<double>::infinity();
  const advdiv::divergence_options unnormalised{.sum_tolerance = inf};
  constexpr std::size_t n = (std::size_t(1) << 14) + 3;
  std::vector<double> pc(n, 0.0), qc(n, 0.0), pk(n, 0.0), qk(n, 0.0);
  pc[0] = 1e308, qc[0] = 1e308, pc[n - 1] = 1e308, qc[n - 1] = 4.7e-309;
  pk[0] = 1e308, qk[0] = 1e307, pk[n / 2] = 6.254e307, qk[n / 2] = 1.7e308, pk[n - 1] = 6.254e307,
  qk[n - 1] = 1.7e308;
  const double cross_entropy = 7.5502258427803267998e307, kl = 1.0517949930503211534e308;
  const thrust::device_vector<double> dpc(pc.begin(), pc.end()), dqc(qc.begin(), qc.end()),
      dpk(pk.begin(), pk.end()), dqk(qk.begin(), qk.end());
  CHECK(advdiv::cross_entropy(thrust::device, dpc, dqc, unnormalised) ==
        doctest::Approx(cross_entropy).epsilon(1e-13));
  CHECK(advdiv::kl(thrust::device, dpk, dqk, unnormalised) == doctest::Approx(kl).epsilon(1e-13));
  CHECK(advdiv::f_divergence(thrust::device, dpk, dqk, advdiv::fdiv::kl{}, unnormalised) ==
        doctest::Approx(kl).epsilon(1e-13));
  const auto hidden = [](const thrust::device_vector<double>& v) {
    return thrust::make_transform_iterator(v.begin(), pass_through{});
  };
  CHECK(advdiv::cross_entropy(thrust::device, hidden(dpc), hidden(dpc) + n, hidden(dqc), hidden(dqc) + n,
                              unnormalised) == doctest::Approx(cross_entropy).epsilon(1e-13));
  CHECK(advdiv::kl(thrust::device, hidden(dpk), hidden(dpk) + n, hidden(dqk), hidden(dqk) + n, unnormalised) ==
        doctest::Approx(kl).epsilon(1e-13));
  // Rows: a normalised row (exactly 0: p = q) and the KL row, every strategy.
  std::vector<double> p2(2 * n, 0.0), q2(2 * n, 0.0);
  p2[0] = q2[0] = 1.0;
  std::copy(pk.begin(), pk.end(), p2.begin() + n);
  std::copy(qk.begin(), qk.end(), q2.begin() + n);
  const thrust::device_vector<double> dp2(p2.begin(), p2.end()), dq2(q2.begin(), q2.end());
  for (const auto strategy : {advdiv::batch_strategy::automatic, advdiv::batch_strategy::row_per_thread,
                              advdiv::batch_strategy::segmented, advdiv::batch_strategy::row_by_row}) {
    CAPTURE(static_cast<int>(strategy));
    thrust::device_vector<double> out;
    advdiv::rowwise::kl(thrust::device, dp2, dq2, n, out, {.divergence = unnormalised, .strategy = strategy});
    const thrust::host_vector<double> h = out;
    REQUIRE(h.size() == 2);
    CHECK(h[0] == 0.0);
    CHECK(h[1] == doctest::Approx(kl).epsilon(1e-13));
  }
  // A true infinity stays one (q = 0 < p), whatever the other chunk holds.
  std::vector<double> pi = pk, qi = qk;
  pi[n / 2 + 1] = 1e-300;
  const thrust::device_vector<double> dpi(pi.begin(), pi.end()), dqi(qi.begin(), qi.end());
  CHECK(advdiv::kl(thrust::device, dpi, dqi, unnormalised) == inf);
}

TEST_CASE("thrust variational estimate on finite critic outputs near the largest double") {
  const auto d = [](std::vector<double> v) { return thrust::device_vector<double>(v.begin(), v.end()); };
  const double big = 1e308;
  // KL: T = v, f*(T) = e^{v−1}. The mean of {1e308, 1e308} is 1e308 (the sum overflowed before).
  CHECK(advdiv::variational_estimate(thrust::device, d({big, big}), d({-big, -big}), advdiv::fdiv::kl{}) == big);
  // f*(T) = e^{1e308} is +inf in truth: the estimate is −inf (inf − inf = NaN before).
  CHECK(advdiv::variational_estimate(thrust::device, d({big, big}), d({big, big}), advdiv::fdiv::kl{}) ==
        -std::numeric_limits<double>::infinity());
  // Reverse KL: T = −e^{−v} → −0, f*(T) = v − 1: −(1e308 − 1) = −1e308.
  CHECK(advdiv::variational_estimate(thrust::device, d({big, big}), d({big, big}), advdiv::fdiv::reverse_kl{}) ==
        -big);
  // Mixed signs near the largest double: a compensated mean, exactly 0 here.
  CHECK(advdiv::variational_estimate(thrust::device, d({big, -big, big, -big}), d({-big, -big}),
                                     advdiv::fdiv::kl{}) == 0.0);
}
