#pragma once
/// \file
/// Opt-in umbrella of the Thrust backend (target advdiv::thrust): the discrete divergences,
/// their batched (row-wise) forms, 1-D Wasserstein and the variational estimate, each with a
/// Thrust execution policy as first argument (thrust::device, thrust::host: the header brings
/// <thrust/execution_policy.h>). Build with nvcc for CUDA, or with any C++20 compiler: the
/// advdiv::thrust target then defines the CPP system unless THRUST_DEVICE_SYSTEM is given
/// (thrust/device_system.hpp, docs/thrust.md).

#include <advdiv/thrust/device_system.hpp>  // first: before any Thrust header

#include <advdiv/thrust/divergence.hpp>
#include <advdiv/thrust/execution.hpp>
#include <advdiv/thrust/rowwise.hpp>
#include <advdiv/thrust/variational.hpp>
#include <advdiv/thrust/wasserstein.hpp>
