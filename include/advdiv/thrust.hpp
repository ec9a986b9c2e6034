#pragma once
/// \file
/// Opt-in umbrella of the Thrust backend (target advdiv::thrust): the discrete divergences,
/// their batched (row-wise) forms, 1-D Wasserstein and the variational estimate, each with a
/// Thrust execution policy as first argument. Build with nvcc for CUDA, or with any C++20
/// compiler and THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_OMP / _CPP (see docs/thrust.md).

#include <advdiv/thrust/divergence.hpp>
#include <advdiv/thrust/execution.hpp>
#include <advdiv/thrust/rowwise.hpp>
#include <advdiv/thrust/variational.hpp>
#include <advdiv/thrust/wasserstein.hpp>
