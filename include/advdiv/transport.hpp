#pragma once
/// \file
/// Umbrella header of the transport layer: 1-D Wasserstein, exact EMD (network simplex),
/// log-domain Sinkhorn and the Sinkhorn divergence, sliced Wasserstein. Point clouds are
/// d × n matrices, one column per point.

#include <advdiv/transport/cost.hpp>
#include <advdiv/transport/emd.hpp>
#include <advdiv/transport/sinkhorn.hpp>
#include <advdiv/transport/sliced.hpp>
#include <advdiv/transport/wasserstein_1d.hpp>
#include <advdiv/transport/wasserstein_normal.hpp>
#include <advdiv/transport/wasserstein_term.hpp>
