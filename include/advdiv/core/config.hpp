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

/// \def ADVDIV_DETAIL_KERNEL_INLINE
/// Internal: forces a per-element formula inline, so that it vectorises inside the run-time
/// dispatched kernels (core/dispatch.hpp) at -O2, whose inliner would otherwise keep it out
/// of line. Empty in CUDA code.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__) && !defined(__HIPCC__)
#define ADVDIV_DETAIL_KERNEL_INLINE __attribute__((always_inline)) inline
#else
#define ADVDIV_DETAIL_KERNEL_INLINE inline
#endif
