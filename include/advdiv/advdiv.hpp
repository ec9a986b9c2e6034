#pragma once
/// \file
/// Umbrella header of the CPU library (never includes Thrust; see advdiv/thrust.hpp).

#include <advdiv/core.hpp>
#include <advdiv/density.hpp>
#include <advdiv/divergence.hpp>
#include <advdiv/nn.hpp>
#include <advdiv/transport.hpp>
