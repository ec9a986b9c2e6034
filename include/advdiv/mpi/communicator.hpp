#pragma once
/// \file
/// What every function of the MPI layer shares: the communicator it runs on, MPI's types for
/// ours, the checks of MPI's return codes, and collective errors.
///
/// Conventions of the layer (docs/mpi.md):
/// - Every function is collective over its communicator: all ranks call it, in the same order,
///   with the same options; each rank passes its own shard of the data.
/// - Every rank returns the same result (bit for bit: partial results are combined in rank
///   order, never in the order messages arrive).
/// - Errors are collective too: when one rank's shard is invalid, every rank throws the same
///   exception (type and message of the lowest failing rank), so no rank is left waiting in a
///   collective call. Indices in messages are global (the position in the concatenation of the
///   shards in rank order).
/// - The plain MPI C API only (MPI 3.1; Debian's libopenmpi-dev); MPI_Init and MPI_Finalize are
///   the program's (advdiv::mpi::environment does both for programs that have no other use for
///   them).

#include <advdiv/core/summation.hpp>

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace advdiv::mpi {

/// A communicator (MPI_COMM_WORLD by default): which ranks a call runs on. Implicit from
/// MPI_Comm, so `advdiv::mpi::kl(MPI_COMM_WORLD, p, q)` reads as MPI code does.
class communicator {
 public:
  /// MPI_COMM_WORLD.
  communicator() noexcept : comm_(MPI_COMM_WORLD) {}
  /// Any communicator of the program (not MPI_COMM_NULL).
  communicator(MPI_Comm comm) noexcept : comm_(comm) {}  // NOLINT: implicit on purpose

  /// This process's rank in the communicator, 0 ≤ rank < size.
  int rank() const {
    int r = 0;
    MPI_Comm_rank(comm_, &r);
    return r;
  }
  /// The number of ranks.
  int size() const {
    int s = 1;
    MPI_Comm_size(comm_, &s);
    return s;
  }
  /// The MPI handle.
  MPI_Comm native() const noexcept { return comm_; }

 private:
  MPI_Comm comm_;
};

/// MPI_Init_thread (MPI_THREAD_FUNNELED) on construction unless MPI is initialised already, and
/// MPI_Finalize on destruction if this object initialised it: for examples and tests.
/// \code
/// int main(int argc, char** argv) {
///   advdiv::mpi::environment env(argc, argv);
///   ...
/// }
/// \endcode
class environment {
 public:
  /// Initialises MPI with the program's arguments (which mpirun may use).
  environment(int& argc, char**& argv) {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
      int provided = 0;
      MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
      owner_ = true;
    }
  }
  environment(const environment&) = delete;
  environment& operator=(const environment&) = delete;
  ~environment() {
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (owner_ && !finalised) MPI_Finalize();
  }

 private:
  bool owner_ = false;
};

namespace detail {

/// Throws std::runtime_error `function: <call> failed: <MPI's error string>` unless rc is
/// MPI_SUCCESS. (With MPI's default handler, MPI_ERRORS_ARE_FATAL, MPI aborts before returning
/// an error; this matters for communicators set to MPI_ERRORS_RETURN.)
inline void check_mpi(int rc, const char* function, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw std::runtime_error(std::string(function) + ": " + call + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

/// MPI's datatype for T (float, double, long double, the fixed-width integers, std::size_t).
template <class T>
MPI_Datatype datatype() {
  if constexpr (std::is_same_v<T, float>) return MPI_FLOAT;
  else if constexpr (std::is_same_v<T, double>) return MPI_DOUBLE;
  else if constexpr (std::is_same_v<T, long double>) return MPI_LONG_DOUBLE;
  else if constexpr (std::is_same_v<T, int>) return MPI_INT;
  else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T> && sizeof(T) == 8) return MPI_UINT64_T;
  else if constexpr (std::is_integral_v<T> && std::is_signed_v<T> && sizeof(T) == 8) return MPI_INT64_T;
  else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T> && sizeof(T) == 4) return MPI_UINT32_T;
  else static_assert(sizeof(T) == 0, "advdiv::mpi: no MPI datatype for this type");
}

/// Σ over ranks of data[0..n), in place on every rank (MPI_Allreduce, MPI_SUM). The order of
/// the additions is MPI's: for results identical on every rank and reproducible, use
/// sum_in_rank_order.
template <class T>
void allreduce_sum(communicator comm, T* data, std::size_t n, const char* function) {
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(n), datatype<T>(), MPI_SUM, comm.native()), function,
            "MPI_Allreduce");
}

/// Gathers one value per rank on every rank (MPI_Allgather), in rank order.
template <class T>
std::vector<T> all_gather(communicator comm, const T& value, const char* function) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<T> all(static_cast<std::size_t>(comm.size()));
  check_mpi(MPI_Allgather(&value, sizeof(T), MPI_BYTE, all.data(), sizeof(T), MPI_BYTE, comm.native()), function,
            "MPI_Allgather");
  return all;
}

/// Σ over ranks of one local value, compensated and in rank order: the same double on every
/// rank, whatever order the messages arrive in.
inline double sum_in_rank_order(communicator comm, double local, const char* function) {
  compensated_sum<double> s;
  for (double x : all_gather(comm, local, function)) s += x;
  return s.value();
}

/// Where this rank's shard starts in the concatenation of all shards in rank order, and the
/// total length: {Σ_{r < rank} n_r, Σ_r n_r}.
struct shard_extent {
  std::size_t offset = 0;  ///< global index of this rank's first element
  std::size_t total = 0;   ///< the global length
};

/// The global offset and length of this rank's shard of n_local elements.
inline shard_extent global_extent(communicator comm, std::size_t n_local, const char* function) {
  shard_extent e;
  const std::vector<std::uint64_t> all = all_gather(comm, static_cast<std::uint64_t>(n_local), function);
  const auto rank = static_cast<std::size_t>(comm.rank());
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (r < rank) e.offset += all[r];
    e.total += all[r];
  }
  return e;
}

/// An exception caught on one rank, to be raised on all of them: its kind and message.
struct local_failure {
  enum kind_t : int { invalid_argument = 1, domain_error = 2, runtime_error = 3 } kind = runtime_error;
  std::string message;
};

/// Runs f() on this rank and returns the exception it threw, if any (std::invalid_argument,
/// std::domain_error, anything else as std::runtime_error).
template <class F>
std::optional<local_failure> capture_failure(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return local_failure{local_failure::invalid_argument, e.what()};
  } catch (const std::domain_error& e) {
    return local_failure{local_failure::domain_error, e.what()};
  } catch (const std::exception& e) {
    return local_failure{local_failure::runtime_error, e.what()};
  }
  return std::nullopt;
}

/// Throws, on every rank, the failure of rank `failing_rank` (broadcast from it); does nothing
/// when failing_rank is negative. Collective when failing_rank ≥ 0 (every rank must agree on it).
inline void raise_failure(communicator comm, int failing_rank, const std::optional<local_failure>& mine,
                          const char* function) {
  if (failing_rank < 0) return;
  int header[2] = {0, 0};  // kind, message length
  std::string message;
  if (comm.rank() == failing_rank && mine) {
    header[0] = mine->kind;
    header[1] = static_cast<int>(mine->message.size());
    message = mine->message;
  }
  check_mpi(MPI_Bcast(header, 2, MPI_INT, failing_rank, comm.native()), function, "MPI_Bcast");
  message.resize(static_cast<std::size_t>(header[1]));
  check_mpi(MPI_Bcast(message.data(), header[1], MPI_CHAR, failing_rank, comm.native()), function, "MPI_Bcast");
  switch (header[0]) {
    case local_failure::invalid_argument: throw std::invalid_argument(message);
    case local_failure::domain_error: throw std::domain_error(message);
    default: throw std::runtime_error(message);
  }
}

/// The lowest rank whose `mine` holds a failure, or −1 (MPI_Allreduce, MPI_MIN).
inline int lowest_failing_rank(communicator comm, const std::optional<local_failure>& mine, const char* function) {
  const int size = comm.size();
  int candidate = mine ? comm.rank() : size;
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, &candidate, 1, MPI_INT, MPI_MIN, comm.native()), function, "MPI_Allreduce");
  return candidate < size ? candidate : -1;
}

/// Runs the local checks f() on every rank; if any rank's checks throw, every rank throws the
/// exception of the lowest failing rank. Costs one MPI_Allreduce of an int (and two broadcasts
/// on failure). Use it before the first collective call that depends on the data.
template <class F>
void collective_checks(communicator comm, const char* function, F&& f) {
  const std::optional<local_failure> mine = capture_failure(f);
  raise_failure(comm, lowest_failing_rank(comm, mine, function), mine, function);
}

}  // namespace detail
}  // namespace advdiv::mpi
