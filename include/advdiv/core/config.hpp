#pragma once
/// \file
/// Build configuration: version and the host/device annotation.

#define ADVDIV_VERSION_MAJOR 0
#define ADVDIV_VERSION_MINOR 1
#define ADVDIV_VERSION_PATCH 0

/// \def ADVDIV_HOST_DEVICE
/// Marks a function callable from host and device code. It expands to
/// `__host__ __device__` only under a CUDA compiler (nvcc or clang-cuda), so the
/// per-element functors are written once and run on the CPU and by Thrust.
#if defined(__CUDACC__) || defined(__HIPCC__)
#define ADVDIV_HOST_DEVICE __host__ __device__
#else
#define ADVDIV_HOST_DEVICE
#endif
