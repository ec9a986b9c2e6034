#pragma once
/// \file
/// Umbrella header of the CPU library (never includes Thrust; see advdiv/thrust.hpp).

#include <advdiv/core.hpp>
#include <advdiv/divergence.hpp>
