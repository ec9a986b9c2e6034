#pragma once
/// \file
/// The MPI layer (target advdiv::mpi, CMake option ADVDIV_WITH_MPI): the library's
/// divergences, estimators, Sinkhorn and GAN training with the data sharded across the ranks
/// of an MPI communicator. docs/mpi.md says what is sharded, what is replicated and what each
/// call communicates.

#include <advdiv/mpi/communicator.hpp>

// Data-parallel GAN training, the k-NN estimators with a split query loop, the repetition harness.
#include <advdiv/mpi/knn.hpp>
#include <advdiv/mpi/repetitions.hpp>
#include <advdiv/mpi/train.hpp>
