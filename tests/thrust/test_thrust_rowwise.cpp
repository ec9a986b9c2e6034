// Batched Thrust divergences with broadcasting (built with THRUST_DEVICE_SYSTEM OMP and CPP):
// rowwise::NAME(exec, P, q, K, out) with q of K values (every row of P against q) and
// rowwise::NAME(exec, p, Q, K, out), for every name of the catalogue plus f_divergence,
// alpha_divergence and renyi, every batch strategy, float and double. Each value is checked
// against the CPU vector function advdiv::NAME on that row; errors against full message texts
// and against the CPU rowwise form's text.
#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/thrust.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/host_vector.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

template <class T>
std::vector<T> random_distribution(std::size_t n, advdiv::random_engine& rng) {
  std::vector<double> w(n);
  for (auto& x : w) x = advdiv::uniform01(rng) < 0.05 ? 0.0 : advdiv::uniform01(rng) + 1e-3;
  const double s = advdiv::accurate_sum(w);
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(w[i] / s);
  return out;
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}

// The batch reduces in another order than the CPU loop (segmented, row_by_row), in double: the
// difference is a few double epsilons relative to the value, plus the rounding to T.
template <class T>
bool close(double got, double want) {
  if (got == want) return true;
  const double tol = 4.0 * double(std::numeric_limits<T>::epsilon()) * std::abs(want) + 1e-13;
  return std::abs(got - want) <= tol;
}

}  // namespace

TEST_CASE_TEMPLATE("thrust broadcast: every row against one distribution equals the CPU per row", T, float,
                   double) {
  advdiv::random_engine rng(29);
  struct shape {
    std::size_t rows, cols;
  };
  for (const shape s : {shape{50, 37}, shape{3, 40000}, shape{1, 9}}) {
    std::vector<T> P;
    std::vector<std::vector<T>> rows;
    for (std::size_t r = 0; r < s.rows; ++r) {
      rows.push_back(random_distribution<T>(s.cols, rng));
      P.insert(P.end(), rows.back().begin(), rows.back().end());
    }
    const std::vector<T> q = random_distribution<T>(s.cols, rng);
    const thrust::device_vector<T> dP(P.begin(), P.end()), dq(q.begin(), q.end());
    CAPTURE(s.rows);
    CAPTURE(s.cols);
    for (const auto strategy : {advdiv::batch_strategy::automatic, advdiv::batch_strategy::row_per_thread,
                                advdiv::batch_strategy::segmented, advdiv::batch_strategy::row_by_row}) {
      CAPTURE(int(strategy));
      const advdiv::rowwise_options ro{.strategy = strategy};
      // pq: rows against q; qp: q against rows. `cpu(a, b)` is the vector function.
      const auto check = [&](const char* name, const thrust::device_vector<T>& pq, const thrust::device_vector<T>& qp,
                             const auto& cpu) {
        INFO(name);
        REQUIRE(pq.size() == s.rows);
        REQUIRE(qp.size() == s.rows);
        const thrust::host_vector<T> hpq = pq, hqp = qp;
        for (std::size_t r = 0; r < s.rows; ++r) {
          CHECK(close<T>(double(hpq[r]), double(cpu(rows[r], q))));
          CHECK(close<T>(double(hqp[r]), double(cpu(q, rows[r]))));
        }
      };
      thrust::device_vector<T> pq, qp;
#define ADVDIV_TEST_NAME(NAME, TERM, FINISH)                                                         \
  advdiv::rowwise::NAME(thrust::device, dP, dq, s.cols, pq, ro);                                     \
  advdiv::rowwise::NAME(thrust::device, dq, dP, s.cols, qp, ro);                                     \
  check(#NAME, pq, qp, [](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::NAME(a, b); });
      ADVDIV_NAMED_DIVERGENCES(ADVDIV_TEST_NAME)
#undef ADVDIV_TEST_NAME
      const advdiv::fdiv::gan g{};
      advdiv::rowwise::f_divergence(thrust::device, dP, dq, s.cols, pq, g, ro);
      advdiv::rowwise::f_divergence(thrust::device, dq, dP, s.cols, qp, g, ro);
      check("f_divergence", pq, qp,
            [&](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::f_divergence(a, b, g); });
      advdiv::rowwise::alpha_divergence(thrust::device, dP, dq, s.cols, pq, 0.5, ro);
      advdiv::rowwise::alpha_divergence(thrust::device, dq, dP, s.cols, qp, 0.5, ro);
      check("alpha_divergence", pq, qp,
            [](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::alpha_divergence(a, b, 0.5); });
      for (const double alpha : {0.5, 1.0, 2.0}) {
        advdiv::rowwise::renyi(thrust::device, dP, dq, s.cols, pq, alpha, ro);
        advdiv::rowwise::renyi(thrust::device, dq, dP, s.cols, qp, alpha, ro);
        check("renyi", pq, qp,
              [&](const std::vector<T>& a, const std::vector<T>& b) { return advdiv::renyi(a, b, alpha); });
      }
    }
  }
}

TEST_CASE("thrust broadcast: bad input names the row, the element and the broadcast vector") {
  // P: 3 rows of 2; q: one distribution of 2.
  const std::vector<double> P{0.5, 0.5, 0.2, 0.8, 0.1, 0.9}, q{0.3, 0.7};
  std::vector<double> Pneg = P, Poff = P;
  Pneg[3] = -0.8;
  Poff[4] = 0.3;
  const std::vector<double> qneg{1.2, -0.2}, qoff{0.5, 0.6};
  const auto d = [](const std::vector<double>& v) { return thrust::device_vector<double>(v.begin(), v.end()); };
  thrust::device_vector<double> out;
  for (const auto strategy : {advdiv::batch_strategy::row_per_thread, advdiv::batch_strategy::segmented,
                              advdiv::batch_strategy::row_by_row}) {
    const advdiv::rowwise_options ro{.strategy = strategy};
    CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(P), d(qneg), 2, out, ro),
                         "advdiv::rowwise::kl: q[1] = -0.2 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(qneg), d(P), 2, out, ro),
                         "advdiv::rowwise::kl: p[1] = -0.2 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(advdiv::rowwise::js(thrust::device, d(P), d(qoff), 2, out, ro),
                         "advdiv::rowwise::js: q sums to 1.1, not 1 (tolerance 1e-06)", std::domain_error);
    CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(Pneg), d(q), 2, out, ro),
                         "advdiv::rowwise::kl: p(1, 1) = -0.8 is negative", std::domain_error);
    CHECK_THROWS_WITH_AS(advdiv::rowwise::renyi(thrust::device, d(q), d(Poff), 2, out, 0.5, ro),
                         "advdiv::rowwise::renyi: row 2 of q sums to 1.2, not 1 (tolerance 1e-06)",
                         std::domain_error);
  }
  // The same text as the CPU row-wise functions on the B×K matrix and the vector.
  using M = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const M> mneg(Pneg.data(), 3, 2), moff(Poff.data(), 3, 2), mP(P.data(), 3, 2);
  CHECK(message_of([&] { advdiv::rowwise::kl(thrust::device, d(Pneg), d(q), 2, out); }) ==
        message_of([&] { advdiv::rowwise::kl(mneg, q); }));
  CHECK(message_of([&] { advdiv::rowwise::js(thrust::device, d(q), d(Poff), 2, out); }) ==
        message_of([&] { advdiv::rowwise::js(q, moff); }));
  CHECK(message_of([&] { advdiv::rowwise::kl(thrust::device, d(P), d(qoff), 2, out); }) ==
        message_of([&] { advdiv::rowwise::kl(mP, qoff); }));
  // Shapes: neither the same rows nor rows and one distribution; no rows.
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(P), d({0.2, 0.3, 0.5}), 2, out),
                       "advdiv::rowwise::kl: p and q hold 6 and 3 elements: not the same number of rows of 2, nor "
                       "rows of 2 and one distribution of 2",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d({}), d(q), 2, out), "advdiv::rowwise::kl: p has no rows",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::kl(thrust::device, d(q), d({}), 2, out), "advdiv::rowwise::kl: q has no rows",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(advdiv::rowwise::renyi(thrust::device, d(P), d({0.2, 0.3, 0.5}), 2, out, 2.0),
                       "advdiv::rowwise::renyi: p and q hold 6 and 3 elements: not the same number of rows of 2, "
                       "nor rows of 2 and one distribution of 2",
                       std::invalid_argument);
  // B = 1: one row against one distribution is the plain pair.
  advdiv::rowwise::kl(thrust::device, d(q), d({0.5, 0.5}), 2, out);
  REQUIRE(out.size() == 1);
  const thrust::host_vector<double> one = out;
  CHECK(one[0] == advdiv::kl(q, std::vector<double>{0.5, 0.5}));
}
