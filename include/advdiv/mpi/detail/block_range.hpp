#pragma once
/// \file
/// Internal: the block split of an index range over the ranks of a communicator.

#include <advdiv/mpi/communicator.hpp>

#include <cstddef>
#include <utility>

namespace advdiv::mpi::detail {

/// Rank r's share of the indices 0 … n−1, contiguous and in rank order: [r·q + min(r, n mod R),
/// …) of q = ⌊n/R⌋ indices, one more for the first n mod R ranks (none when r ≥ n).
inline std::pair<std::size_t, std::size_t> block_range(std::size_t n, int rank, int size) {
  const auto r = static_cast<std::size_t>(rank), s = static_cast<std::size_t>(size);
  const std::size_t q = n / s, extra = n % s;
  const std::size_t first = r * q + (r < extra ? r : extra);
  return {first, first + q + (r < extra ? 1 : 0)};
}

/// This rank's share of 0 … n−1 (see above).
inline std::pair<std::size_t, std::size_t> block_range(communicator comm, std::size_t n) {
  return block_range(n, comm.rank(), comm.size());
}

}  // namespace advdiv::mpi::detail
