#pragma once
/// \file
/// Run-time dispatch of hot loops to the widest instruction set the running CPU has, the one
/// mechanism of the library for a consumer built with plain -O2 (no -march): a kernel is
/// written once as a branch-free scalar loop (GCC and Clang vectorise it), compiled a second
/// and third time inside functions marked ADVDIV_DETAIL_TARGET_AVX2 / _AVX512 (the
/// compiler's `target` attribute, so header-only: no translation unit needs other flags), and
/// simd_dispatch() calls the variant best_simd_target() names, which asks the CPU once
/// (`__builtin_cpu_supports`). Tests force a target through the same call.
///
/// xsimd cannot serve here: xsimd 8 picks its batch width from the -m flags of the translation
/// unit and its kernels carry no target attribute, so its AVX2 / AVX-512 code does not
/// compile (or is not even declared) in a default x86-64 build.
///
/// \code
/// using advdiv::detail::simd_target;
/// const simd_target t = advdiv::detail::best_simd_target();  // e.g. simd_target::avx512
/// std::puts(advdiv::detail::to_string(t));
/// \endcode

#include <advdiv/core/config.hpp>

/// \def ADVDIV_DETAIL_NO_UNROLL
/// Internal: keeps the next loop rolled (GCC's `unroll 1`, Clang's `unroll(disable)`; nothing
/// for other compilers, nvcc's front end included, which rejects the GCC pragma).
#if defined(__CUDACC__) || defined(__NVCOMPILER) || defined(__HIPCC__)
#define ADVDIV_DETAIL_NO_UNROLL
#elif defined(__clang__)
#define ADVDIV_DETAIL_NO_UNROLL _Pragma("clang loop unroll(disable)")
#elif defined(__GNUC__)
#define ADVDIV_DETAIL_NO_UNROLL _Pragma("GCC unroll 1")
#else
#define ADVDIV_DETAIL_NO_UNROLL
#endif

/// \def ADVDIV_DETAIL_DISPATCH
/// Internal: 1 where the AVX2 / AVX-512 variants are compiled (GCC or Clang on x86-64, not in
/// CUDA code), else 0 (then every target but simd_target::build runs the build's code).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__) && \
    !defined(__HIPCC__) && !defined(__NVCOMPILER)
#define ADVDIV_DETAIL_DISPATCH 1
/// \def ADVDIV_DETAIL_VECTORIZE
/// GCC: the variants vectorise with the dynamic cost model whatever the -O level (GCC 12's -O2
/// "very cheap" model leaves the exp kernels' loops scalar; a consumer's -O2 then got scalar
/// Sinkhorn kernels). Clang vectorises at -O2 and has no such attribute.
#if defined(__clang__)
#define ADVDIV_DETAIL_VECTORIZE
#else
#define ADVDIV_DETAIL_VECTORIZE optimize("tree-vectorize", "vect-cost-model=dynamic"),
#endif
/// \def ADVDIV_DETAIL_TARGET_AVX2
/// Compiles a function (and, flattened, everything it calls) for AVX2 with FMA.
#define ADVDIV_DETAIL_TARGET_AVX2 __attribute__((ADVDIV_DETAIL_VECTORIZE target("avx2,fma"), flatten))
/// \def ADVDIV_DETAIL_TARGET_AVX512
/// Compiles a function (and everything it calls) for AVX-512F with 512-bit vectors.
#if defined(__clang__)
#define ADVDIV_DETAIL_TARGET_AVX512 __attribute__((target("avx512f,avx2,fma"), flatten, min_vector_width(512)))
#else
#define ADVDIV_DETAIL_TARGET_AVX512 \
  __attribute__((ADVDIV_DETAIL_VECTORIZE target("avx512f,avx2,fma,prefer-vector-width=512"), flatten))
#endif
#else
#define ADVDIV_DETAIL_DISPATCH 0
/// Empty where nothing is dispatched (not x86-64, or CUDA code).
#define ADVDIV_DETAIL_TARGET_AVX2
/// Empty where nothing is dispatched (not x86-64, or CUDA code).
#define ADVDIV_DETAIL_TARGET_AVX512
#endif

namespace advdiv::detail {

/// The instruction sets a dispatched kernel is compiled for. `build` is the translation
/// unit's own flags (SSE2 for a default x86-64 build, AVX-512 under -march=native on such a
/// CPU); avx2 and avx512 are compiled by target attribute whatever the flags.
enum class simd_target { build, avx2, avx512 };

/// Every simd_target, in increasing width.
inline constexpr simd_target all_simd_targets[] = {simd_target::build, simd_target::avx2, simd_target::avx512};

/// "build", "avx2" or "avx512".
constexpr const char* to_string(simd_target t) noexcept {
  return t == simd_target::avx512 ? "avx512" : t == simd_target::avx2 ? "avx2" : "build";
}

/// Whether target t can run here: always for build; for avx2 / avx512 when the variants are
/// compiled (ADVDIV_DETAIL_DISPATCH) and the CPU (with the OS) supports AVX2 and FMA / AVX-512F.
inline bool simd_target_supported(simd_target t) noexcept {
  if (t == simd_target::build) return true;
#if ADVDIV_DETAIL_DISPATCH
  __builtin_cpu_init();
  if (t == simd_target::avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

/// The widest supported target, decided once per program (a function-local static).
inline simd_target best_simd_target() noexcept {
  static const simd_target best = [] {
    if (simd_target_supported(simd_target::avx512)) return simd_target::avx512;
    if (simd_target_supported(simd_target::avx2)) return simd_target::avx2;
    return simd_target::build;
  }();
  return best;
}

}  // namespace advdiv::detail
