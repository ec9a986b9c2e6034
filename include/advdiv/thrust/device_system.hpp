#pragma once
/// \file
/// The Thrust device system, settled before any Thrust header is read: nvcc compiles for CUDA
/// (Thrust's default); any other compiler needs a host system, OMP or CPP. The advdiv::thrust
/// CMake target supplies one for non-CUDA sources (ADVDIV_THRUST_HOST_SYSTEM, CPP unless
/// configured otherwise); a THRUST_DEVICE_SYSTEM the program defines itself always wins.
/// Without either, compilation stops here with one sentence instead of thousands of lines of
/// CUDA errors.

#if !defined(THRUST_DEVICE_SYSTEM) && !defined(__CUDACC__)
#if defined(ADVDIV_THRUST_HOST_SYSTEM)
#define THRUST_DEVICE_SYSTEM ADVDIV_THRUST_HOST_SYSTEM
#else
#error "advdiv/thrust.hpp without nvcc needs a host device system: define THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_OMP (with OpenMP) or THRUST_DEVICE_SYSTEM_CPP, or link the advdiv::thrust CMake target, which defines one"
#endif
#endif
