#pragma once
// What every MPI benchmark's main does: Google Benchmark runs on every rank (each benchmark
// makes the same collective calls everywhere, with a fixed iteration count), rank 0 reports,
// the other ranks report nothing and never write --benchmark_out.

#include <advdiv/mpi/communicator.hpp>

#include <benchmark/benchmark.h>

#include <string_view>
#include <vector>

namespace advdiv_bench {

/// Prints nothing: the reporter of the ranks other than 0.
class silent_reporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};

/// Runs the registered benchmarks on every rank of MPI_COMM_WORLD (MPI initialised by the
/// caller); only rank 0 reports.
inline int run_on_every_rank(int argc, char** argv) {
  const bool root = advdiv::mpi::communicator{}.rank() == 0;
  std::vector<char*> args;  // the other ranks drop --benchmark_out* before parsing
  for (int i = 0; i < argc; ++i)
    if (root || std::string_view(argv[i]).rfind("--benchmark_out", 0) != 0) args.push_back(argv[i]);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  char** kept = args.data();
  benchmark::Initialize(&count, kept);
  if (root) {
    benchmark::RunSpecifiedBenchmarks();
  } else {
    silent_reporter quiet;
    benchmark::RunSpecifiedBenchmarks(&quiet);
  }
  benchmark::Shutdown();
  return 0;
}

}  // namespace advdiv_bench
