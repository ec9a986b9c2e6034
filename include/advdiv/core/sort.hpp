#pragma once
/// \file
/// Internal: an LSD radix sort for floating values (and values carrying a weight), for any
/// layer that sorts large samples (the 1-D Wasserstein solvers today). It orders by the IEEE
/// bit pattern turned into an unsigned key (negative numbers reversed), which is the numeric
/// order for every finite value; NaN must be rejected beforehand. Short inputs fall back to
/// std::sort. Includes nothing but the standard library.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace advdiv::detail {

template <class T>
using float_key_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

/// Monotone map of a finite float/double onto an unsigned integer.
template <class T>
inline float_key_t<T> float_to_key(T x) noexcept {
  using K = float_key_t<T>;
  constexpr K sign = K(1) << (8 * sizeof(K) - 1);
  const K b = std::bit_cast<K>(x);
  return (b & sign) ? ~b : (b | sign);
}

template <class T>
inline T key_to_float(float_key_t<T> k) noexcept {
  using K = float_key_t<T>;
  constexpr K sign = K(1) << (8 * sizeof(K) - 1);
  return std::bit_cast<T>((k & sign) ? (k & ~sign) : ~k);
}

/// Sorts records by `key(record)` (an unsigned integer). 64-bit keys: 11-bit LSD passes
/// over bits 31..63 only, which leaves the records sorted except inside runs that agree on
/// those 33 bits (values within a relative 2^-21 of each other); an insertion pass then
/// finishes the order exactly, falling back to std::sort if it has to move too much
/// (adversarial data clustered below that resolution). 32-bit keys: three full passes.
/// Passes in which every key has the same digit are skipped. `tmp` is scratch.
template <class R, class KeyOf>
void radix_sort_records(std::vector<R>& v, std::vector<R>& tmp, KeyOf key) {
  using K = std::remove_cvref_t<decltype(key(v[0]))>;
  constexpr int digit_bits = 11;
  constexpr std::size_t buckets = std::size_t(1) << digit_bits;
  constexpr int low = sizeof(K) == 8 ? 31 : 0;
  constexpr int passes = (8 * int(sizeof(K)) - low + digit_bits - 1) / digit_bits;
  const std::size_t n = v.size();
  tmp.resize(n);
  std::vector<std::array<std::uint32_t, buckets>> count(passes);
  for (auto& c : count) c.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    const K k = key(v[i]) >> low;
    for (int p = 0; p < passes; ++p) ++count[p][(k >> (p * digit_bits)) & (buckets - 1)];
  }
  for (int p = 0; p < passes; ++p) {
    auto& c = count[p];
    if (std::any_of(c.begin(), c.end(), [n](std::uint32_t x) { return x == n; })) continue;
    std::uint32_t offset = 0;
    for (auto& x : c) {
      const std::uint32_t here = x;
      x = offset;
      offset += here;
    }
    const int shift = low + p * digit_bits;
    for (std::size_t i = 0; i < n; ++i) {
      const K k = key(v[i]);
      tmp[c[(k >> shift) & (buckets - 1)]++] = v[i];
    }
    v.swap(tmp);
  }
  if constexpr (low > 0) {
    std::size_t moves = 0;
    const std::size_t budget = 8 * n + 1024;
    for (std::size_t i = 1; i < n; ++i) {
      if (!(key(v[i]) < key(v[i - 1]))) continue;
      const R r = v[i];
      const K k = key(r);
      std::size_t j = i;
      while (j > 0 && k < key(v[j - 1])) {
        v[j] = v[j - 1];
        --j;
        ++moves;
      }
      v[j] = r;
      if (moves > budget) {
        std::sort(v.begin(), v.end(), [&](const R& x, const R& y) { return key(x) < key(y); });
        return;
      }
    }
  }
}

/// Sorts finite values in increasing order (radix sort from 4096 entries on).
template <class T>
void sort_values(std::vector<T>& x) {
  if (x.size() < 4096 || x.size() > 0xffffffffu) {
    std::sort(x.begin(), x.end());
    return;
  }
  using K = float_key_t<T>;
  std::vector<K> keys(x.size()), tmp;
  for (std::size_t i = 0; i < x.size(); ++i) keys[i] = float_to_key(x[i]);
  radix_sort_records(keys, tmp, [](K k) { return k; });
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = key_to_float<T>(keys[i]);
}

/// The order-preserving keys of finite values, sorted (radix sort from 4096 entries on).
/// `tmp` is scratch that can be shared between calls.
template <class T>
std::vector<float_key_t<T>> sorted_keys(std::span<const T> x, std::vector<float_key_t<T>>& tmp) {
  using K = float_key_t<T>;
  std::vector<K> keys(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) keys[i] = float_to_key(x[i]);
  if (keys.size() < 4096 || keys.size() > 0xffffffffu) std::sort(keys.begin(), keys.end());
  else radix_sort_records(keys, tmp, [](K k) { return k; });
  return keys;
}

/// A value with its weight.
template <class T>
struct weighted_value {
  T x;
  T w;
};

/// Sorts (value, weight) pairs by value.
template <class T>
void sort_weighted(std::vector<weighted_value<T>>& v) {
  if (v.size() < 4096 || v.size() > 0xffffffffu) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
    return;
  }
  std::vector<weighted_value<T>> tmp;
  radix_sort_records(v, tmp, [](const weighted_value<T>& r) { return float_to_key(r.x); });
}

}  // namespace advdiv::detail
