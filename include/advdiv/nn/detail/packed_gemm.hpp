#pragma once
/// \file
/// The run-time dispatched matrix product of the nn layer (core/dispatch.hpp): C (+)= op(A)·op(B)
/// for column-major float or double matrices, compiled for AVX2 + FMA and for AVX-512 whatever
/// the build's flags, so a consumer built with plain -O2 does not train on Eigen's SSE2
/// product. Internal; nn/detail/gemm.hpp decides when it runs.
///
/// Method (Goto and van de Geijn's): op(B) is packed by blocks of kc rows into panels of nr
/// columns, op(A) by blocks of mc × kc into panels of mr rows (zero-padded at the edges), and a
/// register-tiled micro-kernel forms each mr × nr tile of C as kc rank-1 updates held in
/// 2·nr vector accumulators (mr = two vectors). The vectors are GCC / Clang vector extensions
/// of the target's width, so one body serves every target and type.
///
/// Each entry of C is Σ_p a_ip·b_pj summed in increasing p within a block of kc, blocks added
/// in order: the same order on both targets and for any flags, so the two differ only where a
/// multiply-add is contracted (both contract under GCC's default -ffp-contract=fast); against
/// an exact product the error is the usual k·ε·Σ|a_ip||b_pj| bound
/// (tests/nn/test_gemm.cpp).

#include <advdiv/core/dispatch.hpp>

#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

namespace advdiv::nn::detail {

/// Shapes and strides of one product: C (m × n, leading dimension ldc) (+)= op(A)·op(B), op(A)
/// m × k, op(B) k × n; A is stored m × k (lda) or, when ta, k × m; B k × n (ldb) or, when tb,
/// n × k; all column-major.
template <class T>
struct gemm_problem {
  std::size_t m, n, k;
  const T* a;
  std::size_t lda;
  bool ta;
  const T* b;
  std::size_t ldb;
  bool tb;
  T* c;
  std::size_t ldc;
  bool accumulate;  ///< C += op(A)·op(B) rather than C = op(A)·op(B)
};

/// The micro-kernel's geometry for vectors of `Bytes` bytes: tiles of mr = 2 vectors × nr.
template <class T, std::size_t Bytes>
struct gemm_geometry {
  typedef T vec __attribute__((vector_size(Bytes)));
  static constexpr std::size_t width = Bytes / sizeof(T);
  static constexpr std::size_t mr = 2 * width;
  /// 2·nr accumulators + 2 rows of A + 1 broadcast fit the 16 (AVX2) or 32 (AVX-512) registers.
  static constexpr std::size_t nr = Bytes == 64 ? 12 : 6;
  static constexpr std::size_t kc = 256;
  /// An mc × kc block of A takes ~128 KiB (fits L2).
  static constexpr std::size_t mc = (128 * 1024 / (kc * sizeof(T))) / mr * mr;
};

/// tile (mr × nr, column-major) = the kc rank-1 updates of a packed panel of A (kc × mr,
/// k-major) and one of B (kc × nr, k-major).
template <class G, class T, std::size_t... J>
[[gnu::always_inline]] inline void gemm_micro_tile(std::size_t kc, const T* pa, const T* pb, T* tile,
                                                   std::index_sequence<J...>) noexcept {
  using vec = typename G::vec;
  constexpr std::size_t w = G::width, nr = sizeof...(J);
  vec c0[nr] = {}, c1[nr] = {};
  for (std::size_t p = 0; p < kc; ++p, pa += 2 * w, pb += nr) {
    vec a0, a1;
    std::memcpy(&a0, pa, sizeof a0);
    std::memcpy(&a1, pa + w, sizeof a1);
    ((c0[J] += a0 * pb[J], c1[J] += a1 * pb[J]), ...);
  }
  ((std::memcpy(tile + J * 2 * w, &c0[J], sizeof(vec)), std::memcpy(tile + J * 2 * w + w, &c1[J], sizeof(vec))),
   ...);
}

/// Rows [r0, r0 + rows) and k-range [p0, p0 + kc) of op(X) into one k-major panel of `width`
/// rows (dst[p·width + i], zero past `rows`), where op(X)(r, p) = x[r + p·ld], or x[p + r·ld]
/// when `transposed`. The loops follow the stored order (no branch per element).
template <class T>
[[gnu::always_inline]] inline void gemm_pack_panel(T* dst, std::size_t width, const T* x, std::size_t ld,
                                                   bool transposed, std::size_t r0, std::size_t rows,
                                                   std::size_t p0, std::size_t kc) noexcept {
  if (!transposed) {
    for (std::size_t p = 0; p < kc; ++p) {
      const T* src = x + r0 + (p0 + p) * ld;
      T* out = dst + p * width;
      for (std::size_t i = 0; i < rows; ++i) out[i] = src[i];
      for (std::size_t i = rows; i < width; ++i) out[i] = T(0);
    }
  } else {
    for (std::size_t i = 0; i < rows; ++i) {
      const T* src = x + p0 + (r0 + i) * ld;
      for (std::size_t p = 0; p < kc; ++p) dst[p * width + i] = src[p];
    }
    for (std::size_t i = rows; i < width; ++i)
      for (std::size_t p = 0; p < kc; ++p) dst[p * width + i] = T(0);
  }
}

/// The packing space packed_gemm_body<G> needs for n columns: op(B)'s block, then op(A)'s.
template <class G>
constexpr std::size_t gemm_scratch_size(std::size_t n) noexcept {
  return ((n + G::nr - 1) / G::nr) * G::nr * G::kc + G::mc * G::kc;
}

/// The whole product with the geometry G (see the file's comment); `scratch` holds
/// gemm_scratch_size<G>(g.n) elements.
template <class G, class T>
[[gnu::always_inline]] inline void packed_gemm_body(const gemm_problem<T>& g, T* scratch) {
  constexpr std::size_t mr = G::mr, nr = G::nr, kc_max = G::kc, mc_max = G::mc;
  const std::size_t n_panels = (g.n + nr - 1) / nr;
  T* const packed_b = scratch;
  T* const packed_a = scratch + n_panels * nr * kc_max;
  alignas(64) T tile[mr * nr];
  for (std::size_t pc = 0; pc < g.k; pc += kc_max) {
    const std::size_t kc = g.k - pc < kc_max ? g.k - pc : kc_max;
    const bool add = g.accumulate || pc > 0;
    // op(B)ᵀ's rows are op(B)'s columns: B is n × k as stored when tb, k × n otherwise.
    for (std::size_t jp = 0; jp < n_panels; ++jp) {
      const std::size_t j0 = jp * nr;
      gemm_pack_panel(packed_b + jp * nr * kc, nr, g.b, g.ldb, !g.tb, j0, g.n - j0 < nr ? g.n - j0 : nr,
                      pc, kc);
    }
    for (std::size_t ic = 0; ic < g.m; ic += mc_max) {
      const std::size_t mc = g.m - ic < mc_max ? g.m - ic : mc_max;
      const std::size_t m_panels = (mc + mr - 1) / mr;
      for (std::size_t ip = 0; ip < m_panels; ++ip) {
        const std::size_t i0 = ip * mr;
        gemm_pack_panel(packed_a + ip * mr * kc, mr, g.a, g.lda, g.ta, ic + i0, mc - i0 < mr ? mc - i0 : mr,
                        pc, kc);
      }
      for (std::size_t jp = 0; jp < n_panels; ++jp) {
        const std::size_t j0 = jp * nr, nj = g.n - j0 < nr ? g.n - j0 : nr;
        for (std::size_t ip = 0; ip < m_panels; ++ip) {
          const std::size_t i0 = ic + ip * mr, ni = ic + mc - i0 < mr ? ic + mc - i0 : mr;
          gemm_micro_tile<G>(kc, packed_a + ip * mr * kc, packed_b + jp * nr * kc, tile,
                             std::make_index_sequence<nr>{});
          for (std::size_t j = 0; j < nj; ++j) {
            T* col = g.c + i0 + (j0 + j) * g.ldc;
            const T* t = tile + j * mr;
            if (add)
              for (std::size_t i = 0; i < ni; ++i) col[i] += t[i];
            else
              for (std::size_t i = 0; i < ni; ++i) col[i] = t[i];
          }
        }
      }
    }
  }
}

#if ADVDIV_DETAIL_DISPATCH
// The product compiled for AVX2 + FMA and for AVX-512 (core/dispatch.hpp), whatever the flags.
template <class T>
ADVDIV_DETAIL_TARGET_AVX2 void packed_gemm_avx2(const gemm_problem<T>& g, T* scratch) {
  packed_gemm_body<gemm_geometry<T, 32>>(g, scratch);
}
template <class T>
ADVDIV_DETAIL_TARGET_AVX512 void packed_gemm_avx512(const gemm_problem<T>& g, T* scratch) {
  packed_gemm_body<gemm_geometry<T, 64>>(g, scratch);
}
#endif

/// The product by the code of `target` (avx2 or avx512, which must be supported:
/// advdiv::detail::simd_target_supported); false, computing nothing, for simd_target::build or
/// where no variant is compiled (then the caller uses Eigen's product).
template <class T>
bool packed_gemm_on(advdiv::detail::simd_target target, const gemm_problem<T>& g) {
#if ADVDIV_DETAIL_DISPATCH
  // One packing buffer per thread, grown as needed: a training loop calls the product with
  // the same shapes at every step, and neither allocates nor zeroes it again.
  thread_local std::vector<T> scratch;
  const auto room = [&](std::size_t size) {
    if (scratch.size() < size) scratch.resize(size);
    return scratch.data();
  };
  if (target == advdiv::detail::simd_target::avx512) {
    packed_gemm_avx512(g, room(gemm_scratch_size<gemm_geometry<T, 64>>(g.n)));
    return true;
  }
  if (target == advdiv::detail::simd_target::avx2) {
    packed_gemm_avx2(g, room(gemm_scratch_size<gemm_geometry<T, 32>>(g.n)));
    return true;
  }
#endif
  (void)target;
  (void)g;
  return false;
}

}  // namespace advdiv::nn::detail
