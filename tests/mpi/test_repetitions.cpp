// The estimator harness: repetitions split across the ranks give the results of a plain loop
// over random_engine(seed).substream(r), in repetition order, on every rank, for any number of
// ranks (including more ranks than repetitions); failures are raised everywhere.
#include <advdiv/core/random.hpp>
#include <advdiv/estimate/knn.hpp>
#include <advdiv/mpi/repetitions.hpp>

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace am = advdiv::mpi;
namespace est = advdiv::estimate;

namespace {

/// One repetition of an experiment: knn_kl between N(0, 1) and N(1, 1) samples of 200 points
/// drawn from rng; odd repetitions report a status and a message (to gather strings).
est::estimate_result experiment(advdiv::random_engine& rng, std::size_t r) {
  Eigen::MatrixXd X(1, 200), Y(1, 150);
  for (auto& v : X.reshaped()) v = advdiv::standard_normal(rng);
  for (auto& v : Y.reshaped()) v = 1.0 + advdiv::standard_normal(rng);
  est::estimate_result e = est::knn_kl(X, Y, {.k = 2});
  if (r % 2 == 1) {
    e.status = advdiv::solver_status::iteration_limit;
    e.message = "repetition " + std::to_string(r) + " says hello";
    e.std_error = 0.25 * double(r);
  }
  return e;
}

}  // namespace

TEST_CASE("mpi: repeat gathers the results of a plain loop in repetition order, for any number of ranks") {
  const am::communicator comm;
  for (std::size_t reps : {1u, 3u, 10u}) {  // 1 and 3 leave ranks idle at np 4
    CAPTURE(reps);
    const auto runs = am::repeat(comm, reps, 42, experiment);
    REQUIRE(runs.results.size() == reps);
    REQUIRE(runs.seconds.size() == reps);
    const advdiv::random_engine root(42);
    for (std::size_t r = 0; r < reps; ++r) {
      advdiv::random_engine rng = root.substream(r);
      const est::estimate_result e = experiment(rng, r);
      CHECK(runs.results[r].value == e.value);  // same samples, same bits
      CHECK(runs.results[r].std_error == e.std_error);
      CHECK(runs.results[r].n == 200);
      CHECK(runs.results[r].m == 150);
      CHECK(runs.results[r].status == e.status);
      CHECK(runs.results[r].message == e.message);
      CHECK(runs.seconds[r] >= 0.0);
    }
    CHECK(runs.wall_seconds >= 0.0);
    // The gathered values are the same bits on every rank.
    for (std::size_t r = 0; r < reps; ++r)
      for (double v : am::detail::all_gather(comm, runs.results[r].value, "test")) CHECK(v == runs.results[r].value);
  }
}

TEST_CASE("mpi: repeat's mean and sd, with f returning a double") {
  const am::communicator comm;
  // f(r) = r for r = 0 … 9: mean 4.5, sample sd √(n(n + 1)/12) = √(110/12).
  const auto runs = am::repeat(comm, 10, 1, [](advdiv::random_engine&, std::size_t r) { return double(r); });
  CHECK(runs.mean == 4.5);
  CHECK(runs.sd == doctest::Approx(std::sqrt(110.0 / 12.0)).epsilon(1e-15));
  for (std::size_t r = 0; r < 10; ++r) CHECK(runs.results[r] == double(r));
  // The stream of repetition r is random_engine(seed).substream(r) on whichever rank runs it.
  const auto draws = am::repeat(comm, 7, 9, [](advdiv::random_engine& rng, std::size_t) { return advdiv::uniform01(rng); });
  for (std::size_t r = 0; r < 7; ++r) {
    advdiv::random_engine rng = advdiv::random_engine(9).substream(r);
    CHECK(draws.results[r] == advdiv::uniform01(rng));
  }
  const auto one = am::repeat(comm, 1, 1, [](advdiv::random_engine&, std::size_t) { return 2.5; });
  CHECK(one.mean == 2.5);
  CHECK(one.sd == 0.0);
}

TEST_CASE("mpi: a repetition's exception is raised on every rank, the lowest repetition first") {
  const am::communicator comm;
  auto fails = [](advdiv::random_engine&, std::size_t r) -> double {
    if (r == 5 || r == 8) throw std::domain_error("advdiv::test: r = " + std::to_string(r) + " is bad");
    return 1.0;
  };
  CHECK_THROWS_WITH_AS(am::repeat(comm, 10, 1, fails), "advdiv::mpi::repeat: repetition 5: advdiv::test: r = 5 is bad",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::repeat(comm, 0, 1, fails), "advdiv::mpi::repeat: repetitions = 0 is not at least 1",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(am::repeat(comm, 40000000, 1, fails),
                       "advdiv::mpi::repeat: repetitions = 40000000 is not at most 38347922", std::domain_error);
}
