#pragma once
/// \file
/// The MPI layer (target advdiv::mpi, CMake option ADVDIV_WITH_MPI): the library's
/// divergences, estimators, Sinkhorn and GAN training with the data sharded across the ranks
/// of an MPI communicator. docs/mpi.md says what is sharded, what is replicated and what each
/// call communicates.

#include <advdiv/mpi/communicator.hpp>
#include <advdiv/mpi/divergence.hpp>
#include <advdiv/mpi/knn.hpp>
#include <advdiv/mpi/repetitions.hpp>
#include <advdiv/mpi/rowwise.hpp>
#include <advdiv/mpi/sinkhorn.hpp>
#include <advdiv/mpi/train.hpp>
// advdiv/mpi/thrust.hpp (the sharded divergences reduced by Thrust on each rank) is included
// on its own: it needs advdiv::thrust.
