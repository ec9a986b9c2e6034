// Row-partitioned Sinkhorn: advdiv::mpi::sinkhorn against advdiv::sinkhorn on the whole data,
// computed on every rank from the same seed.
#include <advdiv/core/random.hpp>
#include <advdiv/mpi/sinkhorn.hpp>
#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/sinkhorn.hpp>

#include "../transport/random_inputs.hpp"

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

namespace am = advdiv::mpi;
using RM = advdiv::dense_matrix;
using advdiv_test::random_masses;
using advdiv_test::random_points;

namespace {

// How the rows are split: rank r gets a share proportional to r + 1 (the last rank the
// remainder), and with `empty_rank_1` rank 1 gets none (on 2 ranks rank 0 then has them all).
std::vector<std::size_t> row_counts(std::size_t n, int size, bool empty_rank_1 = false) {
  std::vector<std::size_t> counts(static_cast<std::size_t>(size), 0);
  auto weight_of = [&](int r) { return empty_rank_1 && r == 1 ? std::size_t(0) : std::size_t(r + 1); };
  std::size_t weight = 0;
  for (int r = 0; r < size; ++r) weight += weight_of(r);
  std::size_t given = 0;
  for (int r = 0; r + 1 < size; ++r) {
    counts[std::size_t(r)] = n * weight_of(r) / weight;
    given += counts[std::size_t(r)];
  }
  counts.back() = n - given;
  return counts;
}

struct shard {
  std::size_t offset = 0, rows = 0;
};

shard my_shard(std::size_t n, bool empty_rank_1 = false) {
  const am::communicator comm;
  const auto counts = row_counts(n, comm.size(), empty_rank_1);
  shard s;
  for (int r = 0; r < comm.rank(); ++r) s.offset += counts[std::size_t(r)];
  s.rows = counts[std::size_t(comm.rank())];
  return s;
}

struct problem {
  std::vector<double> a, b;
  RM C;
};

// Squared Euclidean costs between two random clouds (d × n and d × m), scaled to max C = 1.
problem point_cloud_problem(std::size_t n, std::size_t m, std::size_t d, std::uint64_t seed) {
  advdiv::random_engine rng(seed);
  problem p;
  const Eigen::MatrixXd X = random_points(d, n, rng), Y = random_points(d, m, rng);
  p.C = advdiv::cost_matrix(X, Y);
  p.C /= p.C.maxCoeff();
  p.a = random_masses(n, rng);
  p.b = random_masses(m, rng);
  return p;
}

double max_abs(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// Every rank's result has the same bits as rank 0's in everything that is not per row.
bool same_on_every_rank(const advdiv::sinkhorn_result& r) {
  std::vector<double> mine{r.cost, r.objective, r.marginal_error, double(r.iterations), double(int(r.status))};
  mine.insert(mine.end(), r.g.begin(), r.g.end());
  std::vector<double> root = mine;
  MPI_Bcast(root.data(), int(root.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  int same = std::memcmp(root.data(), mine.data(), mine.size() * sizeof(double)) == 0 ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &same, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return same == 1;
}

// The bounds of the comparison. The distributed solver runs the same iteration as the
// single-process one; only the sums over rows are associated differently (per-rank partials,
// then combined), which perturbs each column sum by a few ulps. The iteration is a contraction
// up to the constant shift of (f, g), so these perturbations do not grow: the differences
// measured here are ≤ 1e-14 relative to the scale of each quantity on 2 and 4 ranks (and 0 on
// one rank: the same bits); 1e-10 leaves four orders of magnitude of margin.
constexpr double tol = 1e-10;

// The largest differences seen, relative to the scales of the bounds (MESSAGE'd at the end).
double worst_cost = 0, worst_potential = 0, worst_plan = 0;

// Runs both solvers and compares: same status, same iteration count, cost and objective to
// tol (relative), potentials to tol · (max |f| + max |g| + max C) (they are costs: an absolute
// bound in the cost scale), plan rows to tol · max P, marginal error to tol · Σa absolute.
// Both row splits: uneven, and uneven with an empty shard on rank 1.
void check_against_single_process(const problem& p, double eps, const advdiv::sinkhorn_options& o,
                                  bool empty_rank_1) {
  const am::communicator comm;
  const std::size_t n = p.a.size();
  const shard s = my_shard(n, empty_rank_1);
  const auto full = advdiv::sinkhorn(p.a, p.b, p.C, eps, o);
  const std::vector<double> a_local(p.a.begin() + std::ptrdiff_t(s.offset),
                                    p.a.begin() + std::ptrdiff_t(s.offset + s.rows));
  const RM C_local = p.C.middleRows(Eigen::Index(s.offset), Eigen::Index(s.rows));
  const auto dist = am::sinkhorn(comm, a_local, p.b, C_local, eps, o);
  CAPTURE(eps);
  CAPTURE(full.iterations);
  CHECK(dist.status == full.status);
  CHECK(dist.iterations == full.iterations);
  CHECK(std::abs(dist.cost - full.cost) <= tol * std::abs(full.cost));
  CHECK(std::abs(dist.objective - full.objective) <= tol * std::abs(full.objective));
  const double total = std::accumulate(p.a.begin(), p.a.end(), 0.0);
  CHECK(std::abs(dist.marginal_error - full.marginal_error) <= tol * total);
  const double pscale = max_abs(full.f) + max_abs(full.g) + p.C.maxCoeff();
  REQUIRE(dist.g.size() == full.g.size());
  REQUIRE(dist.f.size() == s.rows);
  double dg = 0.0, df = 0.0, dp = 0.0;
  for (std::size_t j = 0; j < full.g.size(); ++j) dg = std::max(dg, std::abs(dist.g[j] - full.g[j]));
  for (std::size_t i = 0; i < s.rows; ++i) df = std::max(df, std::abs(dist.f[i] - full.f[s.offset + i]));
  REQUIRE(dist.plan.rows() == Eigen::Index(s.rows));
  REQUIRE(dist.plan.cols() == full.plan.cols());
  if (s.rows > 0)
    dp = (dist.plan - full.plan.middleRows(Eigen::Index(s.offset), Eigen::Index(s.rows))).cwiseAbs().maxCoeff();
  worst_cost = std::max(worst_cost, std::abs(dist.cost - full.cost) / std::abs(full.cost));
  worst_potential = std::max(worst_potential, std::max(dg, df) / pscale);
  if (s.rows > 0) worst_plan = std::max(worst_plan, dp / full.plan.maxCoeff());
  CHECK(dg <= tol * pscale);
  CHECK(df <= tol * pscale);
  CHECK(dp <= tol * full.plan.maxCoeff());
  CHECK(same_on_every_rank(dist));
}

void check_against_single_process(const problem& p, double eps, const advdiv::sinkhorn_options& o) {
  for (bool empty_rank_1 : {false, true}) {
    CAPTURE(empty_rank_1);
    check_against_single_process(p, eps, o, empty_rank_1);
  }
}

}  // namespace

TEST_CASE("mpi: sinkhorn equals the single-process solver on random point clouds") {
  // n = 60..200 points against m ≠ n, ε from 1 to 1e-3 of the cost scale (max C = 1), with the
  // default options (ε-scaling race, relaxation 1.8) and, down to ε = 1e-2, the plain
  // iteration (at 1e-3 it takes ~4,000 iterations, slow on oversubscribed ranks).
  advdiv::sinkhorn_options plain;
  plain.epsilon_scaling = false;
  plain.relaxation = 1.0;
  struct shape {
    std::size_t n, m, d;
  };
  std::uint64_t seed = 10;
  for (const shape sh : {shape{60, 45, 2}, shape{200, 137, 3}}) {
    const problem p = point_cloud_problem(sh.n, sh.m, sh.d, seed++);
    CAPTURE(sh.n);
    for (double eps : {1.0, 1e-1, 1e-2, 1e-3}) {
      check_against_single_process(p, eps, {});
      if (eps >= 1e-2) check_against_single_process(p, eps, plain);
    }
  }
  MESSAGE("largest relative differences: cost " << worst_cost << ", potentials " << worst_potential << ", plan "
                                                << worst_plan);
}

TEST_CASE("mpi: sinkhorn at the iteration limit, with zero masses, and when annealing wins") {
  const am::communicator comm;
  SUBCASE("iteration_limit") {
    const problem p = point_cloud_problem(120, 90, 2, 20);
    advdiv::sinkhorn_options o;
    o.max_iterations = 30;
    check_against_single_process(p, 1e-3, o);
    CHECK(advdiv::sinkhorn(p.a, p.b, p.C, 1e-3, o).status == advdiv::solver_status::iteration_limit);
  }
  SUBCASE("zero masses on several ranks, zero columns") {
    problem p = point_cloud_problem(80, 70, 2, 21);
    for (std::size_t i : {0, 3, 40, 41, 79}) p.a[i] = 0.0;
    for (std::size_t j : {0, 5, 69}) p.b[j] = 0.0;
    const double sa = std::accumulate(p.a.begin(), p.a.end(), 0.0), sb = std::accumulate(p.b.begin(), p.b.end(), 0.0);
    for (auto& x : p.a) x /= sa;
    for (auto& x : p.b) x /= sb;
    for (double eps : {1e-1, 1e-2}) check_against_single_process(p, eps, {});
  }
  SUBCASE("the epsilon-scaling run wins the race") {
    // tests/transport's large-C/ε problem (uniform costs up to 1e6 ε, 30 × 30, seed 0) and a
    // 64 × 64 one: the plain run stalls (iteration_limit after 5,000 iterations), the race
    // converges through the annealed run (measured: 243 and 543 iterations).
    for (std::size_t n : {30, 64}) {
      advdiv::random_engine g(0);
      problem p;
      p.C.resize(Eigen::Index(n), Eigen::Index(n));
      for (Eigen::Index i = 0; i < p.C.size(); ++i) p.C.data()[i] = 1e6 * advdiv::uniform01(g);
      p.a.assign(n, 1.0 / double(n));
      p.b = p.a;
      advdiv::sinkhorn_options plain;
      plain.epsilon_scaling = false;
      plain.max_iterations = 5000;
      CHECK(advdiv::sinkhorn(p.a, p.b, p.C, 1.0, plain).status == advdiv::solver_status::iteration_limit);
      advdiv::sinkhorn_options race;
      race.max_iterations = 5000;
      CHECK(advdiv::sinkhorn(p.a, p.b, p.C, 1.0, race).status == advdiv::solver_status::converged);
      check_against_single_process(p, 1.0, race);
    }
  }
  SUBCASE("costs of 1e10 epsilon (absorption) and totals of 1e300 (non_finite)") {
    // Uniform costs up to 1e10 ε, 40 × 40 (as tests/transport's 6 × 6 ones; 303 iterations):
    // the potentials are absorbed into the cost, and the first column sums leave the range
    // of the fast update (the exact log-sum-exp over all ranks).
    advdiv::random_engine g(0);
    problem p;
    p.C.resize(40, 40);
    for (Eigen::Index i = 0; i < p.C.size(); ++i) p.C.data()[i] = 1e10 * advdiv::uniform01(g);
    p.a.assign(40, 1.0 / 40);
    p.b = p.a;
    check_against_single_process(p, 1.0, {});
    problem q = point_cloud_problem(60, 50, 2, 23);
    for (auto& x : q.a) x *= 1e300;
    for (auto& x : q.b) x *= 1e300;
    advdiv::sinkhorn_options o;
    o.max_iterations = 200;
    const shard s = my_shard(60);
    const std::vector<double> a_local(q.a.begin() + std::ptrdiff_t(s.offset),
                                      q.a.begin() + std::ptrdiff_t(s.offset + s.rows));
    const RM C_local = q.C.middleRows(Eigen::Index(s.offset), Eigen::Index(s.rows));
    const auto r = am::sinkhorn(comm, a_local, q.b, C_local, 0.1, o);
    CHECK(r.status == advdiv::sinkhorn(q.a, q.b, q.C, 0.1, o).status);
    CHECK(r.status == advdiv::solver_status::non_finite);
    CHECK(same_on_every_rank(r));
  }
}

TEST_CASE("mpi: sinkhorn's errors name global indices and are raised on every rank") {
  const am::communicator comm;
  const int size = comm.size();
  const problem p = point_cloud_problem(60, 20, 2, 30);
  const shard s = my_shard(60);
  auto local_a = [&](const std::vector<double>& a) {
    return std::vector<double>(a.begin() + std::ptrdiff_t(s.offset), a.begin() + std::ptrdiff_t(s.offset + s.rows));
  };
  auto local_C = [&](const RM& C) { return RM(C.middleRows(Eigen::Index(s.offset), Eigen::Index(s.rows))); };
  // Global rows 37 and 41 are on the last rank whatever the number of ranks (≤ 4), row 5 on
  // rank 0.
  std::vector<double> a = p.a;
  a[37] = -1.0;
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(a), p.b, local_C(p.C), 0.1),
                       "advdiv::mpi::sinkhorn: a[37] = -1 is negative", std::domain_error);
  RM C = p.C;
  C(41, 3) = NAN;
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), p.b, local_C(C), 0.1),
                       "advdiv::mpi::sinkhorn: C(41, 3) = nan is not finite", std::domain_error);
  // A bad cost on a lower rank than a bad mass: the mass is reported, as advdiv::sinkhorn does.
  C(5, 0) = -2.0;
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(a), p.b, local_C(C), 0.1),
                       "advdiv::mpi::sinkhorn: a[37] = -1 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), p.b, local_C(C), 0.1),
                       "advdiv::mpi::sinkhorn: C(5, 0) = -2 is negative", std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::sinkhorn(p.a, p.b, C, 0.1), "advdiv::sinkhorn: C(5, 0) = -2 is negative",
                       std::domain_error);
  // The last rank's rows of C have one column too many.
  const std::size_t last_rows = row_counts(60, size).back();
  const RM wide = comm.rank() == size - 1 ? RM(RM::Ones(Eigen::Index(s.rows), 21)) : local_C(p.C);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), p.b, wide, 0.1),
                       ("advdiv::mpi::sinkhorn: C is " + std::to_string(last_rows) + " x 21 on rank " +
                        std::to_string(size - 1) + " but a has " + std::to_string(last_rows) +
                        " entries there and b has 20")
                           .c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), p.b, local_C(p.C), 0.0),
                       "advdiv::mpi::sinkhorn: epsilon = 0 is not positive and finite", std::domain_error);
  advdiv::sinkhorn_options o;
  o.relaxation = 2.0;
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), p.b, local_C(p.C), 0.1, o),
                       "advdiv::mpi::sinkhorn: relaxation = 2 is not in [1, 2)", std::domain_error);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), std::vector<double>{}, RM(s.rows, 0), 0.1),
                       "advdiv::mpi::sinkhorn: b is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, std::vector<double>{}, p.b, RM(0, 20), 0.1),
                       "advdiv::mpi::sinkhorn: a is empty", std::invalid_argument);
  // Replicated arguments that differ between ranks (on one rank there is nothing to differ).
  if (size > 1) {
    std::vector<double> b_r = p.b;
    if (comm.rank() == size - 1) std::swap(b_r[0], b_r[1]);
    CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), b_r, local_C(p.C), 0.1),
                         "advdiv::mpi::sinkhorn: b, epsilon and the options differ between ranks (they must be the "
                         "same on every rank)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), p.b, local_C(p.C), 0.1 + 0.1 * comm.rank()),
                         "advdiv::mpi::sinkhorn: b, epsilon and the options differ between ranks (they must be the "
                         "same on every rank)",
                         std::invalid_argument);
  }
  // Σa = 1 over the ranks, Σb = 1.4.
  std::vector<double> b14 = p.b;
  for (auto& x : b14) x *= 1.4;
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, local_a(p.a), b14, local_C(p.C), 0.1),
                       "advdiv::mpi::sinkhorn: a sums to 1 but b sums to 1.4 (relative tolerance 1e-09)",
                       std::domain_error);
}

TEST_CASE("mpi: sinkhorn on point clouds (each rank builds its rows of the cost)") {
  const am::communicator comm;
  const int size = comm.size();
  advdiv::random_engine rng(40);
  const std::size_t n = 90, m = 70;
  const Eigen::MatrixXd X = random_points(3, n, rng), Y = random_points(3, m, rng);
  const std::vector<double> a = random_masses(n, rng), b = random_masses(m, rng);
  for (bool empty_rank_1 : {false, true}) {
    const shard s = my_shard(n, empty_rank_1);
    const std::vector<double> a_local(a.begin() + std::ptrdiff_t(s.offset),
                                      a.begin() + std::ptrdiff_t(s.offset + s.rows));
    const Eigen::MatrixXd X_local = X.middleCols(Eigen::Index(s.offset), Eigen::Index(s.rows));  // 3 × n_r
    for (auto metric : {advdiv::ground_metric::sqeuclidean, advdiv::ground_metric::euclidean}) {
      CAPTURE(empty_rank_1);
      // advdiv::cost_matrix computes each entry on its own, so the rows built here have the
      // bits of the whole matrix's: the point form is the matrix form on those rows, and the
      // matrix form equals the single-process solver (the cases above).
      const RM C = advdiv::cost_matrix(X, Y, metric);
      const RM C_local = C.middleRows(Eigen::Index(s.offset), Eigen::Index(s.rows));
      const auto from_points = am::sinkhorn(comm, a_local, b, X_local, Y, metric, 0.05);
      const auto from_costs = am::sinkhorn(comm, a_local, b, C_local, 0.05);
      CHECK(from_points.status == advdiv::solver_status::converged);
      CHECK(from_points.iterations == from_costs.iterations);
      CHECK(from_points.cost == from_costs.cost);
      CHECK(from_points.g == from_costs.g);
      CHECK(from_points.f == from_costs.f);
      CHECK(from_points.plan == from_costs.plan);
      const auto full = advdiv::sinkhorn(a, b, C, 0.05);
      CHECK(std::abs(from_points.cost - full.cost) <= tol * full.cost);
      CHECK(from_points.iterations == full.iterations);
    }
  }
  // Errors with global point indices (point 37 of the whole cloud, on whichever rank holds it),
  // in cost_matrix's order: X before Y.
  const shard s = my_shard(n);
  const std::vector<double> a_local(a.begin() + std::ptrdiff_t(s.offset),
                                    a.begin() + std::ptrdiff_t(s.offset + s.rows));
  Eigen::MatrixXd Xbad = X;
  Xbad(1, 37) = NAN;
  const Eigen::MatrixXd Xbad_local = Xbad.middleCols(Eigen::Index(s.offset), Eigen::Index(s.rows));
  const Eigen::MatrixXd X_local = X.middleCols(Eigen::Index(s.offset), Eigen::Index(s.rows));
  Eigen::MatrixXd Ybad = Y;
  Ybad(0, 3) = INFINITY;
  using advdiv::ground_metric;
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, a_local, b, Xbad_local, Ybad, ground_metric::sqeuclidean, 0.05),
                       "advdiv::mpi::sinkhorn: X(1, 37) = nan is not finite", std::domain_error);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, a_local, b, X_local, Ybad, ground_metric::sqeuclidean, 0.05),
                       "advdiv::mpi::sinkhorn: Y(0, 3) = inf is not finite", std::domain_error);
  const Eigen::MatrixXd Y2 = Y.topRows(2);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, a_local, b, X_local, Y2, ground_metric::sqeuclidean, 0.05),
                       "advdiv::mpi::sinkhorn: X and Y differ in dimension (3 and 2)", std::invalid_argument);
  const std::vector<double> short_a(a_local.begin(), a_local.end() - (comm.rank() == size - 1 ? 1 : 0));
  const std::size_t last_rows = row_counts(n, size).back();
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, short_a, b, X_local, Y, ground_metric::sqeuclidean, 0.05),
                       ("advdiv::mpi::sinkhorn: X has " + std::to_string(last_rows) + " points on rank " +
                        std::to_string(size - 1) + " but a has " + std::to_string(last_rows - 1) + " entries there")
                           .c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(am::sinkhorn(comm, std::vector<double>{}, b, Eigen::MatrixXd(3, 0), Y,
                                    ground_metric::sqeuclidean, 0.05),
                       "advdiv::mpi::sinkhorn: X is empty", std::invalid_argument);
}
