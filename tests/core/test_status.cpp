#include <advdiv/core/status.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_CASE("solver_status names") {
  using advdiv::solver_status;
  CHECK(std::string(advdiv::to_string(solver_status::converged)) == "converged");
  CHECK(std::string(advdiv::to_string(solver_status::iteration_limit)) == "iteration_limit");
  CHECK(std::string(advdiv::to_string(solver_status::infeasible)) == "infeasible");
  CHECK(std::string(advdiv::to_string(solver_status::unbounded)) == "unbounded");
  CHECK(std::string(advdiv::to_string(solver_status::non_finite)) == "non_finite");
  static_assert(advdiv::to_string(solver_status::converged)[0] == 'c');  // usable at compile time
}
