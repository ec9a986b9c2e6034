#include <advdiv/core/random.hpp>

#include <doctest/doctest.h>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

TEST_CASE("random_engine is std::mt19937_64: the standard's own check value") {
  // [rand.predef]: the 10000th output of a default-constructed mt19937_64.
  advdiv::random_engine e;
  std::uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = e();
  CHECK(x == 9981545732273789042ull);
  static_assert(std::uniform_random_bit_generator<advdiv::random_engine>);
}

TEST_CASE("the first draws for seed 42 are pinned (same on every standard library)") {
  advdiv::random_engine raw(42);
  const std::uint64_t first = raw();
  CHECK(first == 13930160852258120406ull);
  advdiv::random_engine r(42);
  const double u0 = advdiv::uniform01(r);
  CHECK(u0 == (static_cast<double>(first >> 12) + 0.5) * 0x1.0p-52);  // the documented map
  CHECK(u0 == 0x1.82a3befaddcbdp-1);
  CHECK(advdiv::uniform01(r) == 0x1.472f1f73724a1p-1);
  CHECK(advdiv::uniform01(r) == 0x1.81192cfe1cbcfp-1);
  advdiv::random_engine s(42);
  CHECK(advdiv::standard_normal(s) == -0.69018591622748071);
  CHECK(advdiv::standard_normal(s) == -0.80723593464514476);
  CHECK(advdiv::standard_normal(s) == -2.1769669541929053);
}

TEST_CASE("uniform01 never returns 0 or 1; a 32-bit engine is accepted") {
  struct all_zero {  // worst case for the open interval
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type(0); }
    result_type operator()() { return 0; }
  } zero;
  struct all_ones {
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type(0); }
    result_type operator()() { return ~result_type(0); }
  } ones;
  CHECK(advdiv::uniform01(zero) > 0.0);
  CHECK(advdiv::uniform01(ones) < 1.0);
  std::mt19937 r32(1);
  const double u = advdiv::uniform01(r32);
  CHECK((u > 0.0 && u < 1.0));
}

TEST_CASE("moments of uniform, normal and exponential draws") {
  advdiv::random_engine r(123);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0, se = 0;
  for (int i = 0; i < n; ++i) {
    su += advdiv::uniform_real(r, -1.0, 3.0);
    const double z = 2.0 + 0.5 * advdiv::standard_normal(r);
    sn += z;
    sn2 += (z - 2.0) * (z - 2.0);
    se += advdiv::standard_exponential(r) / 4.0;
  }
  // Five standard errors of each mean.
  CHECK(std::abs(su / n - 1.0) < 5 * std::sqrt(16.0 / 12 / n));
  CHECK(std::abs(sn / n - 2.0) < 5 * 0.5 / std::sqrt(n));
  CHECK(std::abs(sn2 / n - 0.25) < 5 * 0.25 * std::sqrt(2.0 / n));
  CHECK(std::abs(se / n - 0.25) < 5 * 0.25 / std::sqrt(n));
}

TEST_CASE("categorical draws follow the weights and never pick a zero weight") {
  const std::vector<double> w{1.0, 0.0, 3.0, 0.0};
  advdiv::categorical_distribution d(w);
  advdiv::random_engine r(9);
  std::vector<int> count(4, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++count[d(r)];
  CHECK(count[1] == 0);
  CHECK(count[3] == 0);
  CHECK(std::abs(count[0] / double(n) - 0.25) < 5 * std::sqrt(0.25 * 0.75 / n));
  CHECK_THROWS_WITH_AS(advdiv::categorical_distribution(std::vector<double>{0.5, -1.0}),
                       "advdiv::categorical_distribution: weights[1] = -1 is negative",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::categorical_distribution(std::vector<double>{0.0, 0.0}),
                       "advdiv::categorical_distribution: the sum of weights = 0 is not positive and finite",
                       std::domain_error);
  CHECK_THROWS_WITH_AS(advdiv::categorical_distribution(std::vector<double>{}),
                       "advdiv::categorical_distribution: weights is empty", std::invalid_argument);
}

TEST_CASE("substreams depend only on (seed, k) and differ from each other") {
  advdiv::random_engine a(42), b(42);
  for (int i = 0; i < 5; ++i) a();  // drawing from the parent does not change its substreams
  auto a3 = a.substream(3), b3 = b.substream(3), b4 = b.substream(4);
  const auto x = a3();
  CHECK(x == b3());
  CHECK(x != b4());
  CHECK(b.substream(0)() != advdiv::random_engine(42)());
}

TEST_CASE("uniform_index: floor(u·n) on the same stream, always in {0, ..., n-1}") {
  advdiv::random_engine a(3), b(3);
  for (std::size_t n : {std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(1000)})
    for (int t = 0; t < 200; ++t) {
      const std::size_t i = advdiv::uniform_index(a, n);
      CHECK(i < n);
      CHECK(i == static_cast<std::size_t>(advdiv::uniform01(b) * static_cast<double>(n)));
    }
}

TEST_CASE("random_engine draws the words of std::mt19937_64, across many twists and from every seed") {
  for (std::uint64_t seed : {std::uint64_t(0), std::uint64_t(1), std::uint64_t(42), std::uint64_t(5489),
                             ~std::uint64_t(0), advdiv::random_engine::splitmix64(7)}) {
    advdiv::random_engine ours(seed);
    std::mt19937_64 standard(seed);
    int mismatches = 0;
    for (int i = 0; i < 20 * 312 + 5; ++i) mismatches += ours() != standard();
    CHECK_MESSAGE(mismatches == 0, "seed " << seed);
    advdiv::random_engine copy = ours;  // a copy continues the same stream, independently
    std::mt19937_64 standard_copy = standard;
    for (int i = 0; i < 400; ++i) mismatches += ours() != standard();
    for (int i = 0; i < 400; ++i) mismatches += copy() != standard_copy();
    CHECK_MESSAGE(mismatches == 0, "seed " << seed);
  }
}

TEST_CASE("fill_standard_normal: double is standard_normal element by element") {
  advdiv::random_engine a(11), b(11);
  std::vector<double> z(1001);
  advdiv::fill_standard_normal(a, std::span(z));
  int mismatches = 0;
  for (double v : z) mismatches += v != advdiv::standard_normal(b);
  CHECK(mismatches == 0);
  CHECK(a() == b());  // and leaves the engine where the loop does
}

namespace {
// A 32-bit engine replaying given words: the float stream's definition written out.
struct replay32 {
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type(0); }
  const std::vector<std::uint32_t>* words;
  std::size_t next = 0;
  result_type operator()() { return (*words).at(next++); }
};
}  // namespace

TEST_CASE("fill_standard_normal: float is Boost's float ziggurat on the halves of each 64-bit draw, low first") {
  advdiv::random_engine rng(5), raw(5);
  std::vector<std::uint32_t> halves;
  for (int i = 0; i < 4000; ++i) {
    const std::uint64_t w = raw();
    halves.push_back(static_cast<std::uint32_t>(w));
    halves.push_back(static_cast<std::uint32_t>(w >> 32));
  }
  std::vector<float> z(5001);  // odd: the last draw's high half is dropped
  advdiv::fill_standard_normal(rng, std::span(z));
  replay32 replay{&halves};
  boost::random::normal_distribution<float> normal(0.0f, 1.0f);
  int mismatches = 0;
  for (float v : z) mismatches += v != normal(replay);
  CHECK(mismatches == 0);
  const std::size_t draws_used = (replay.next + 1) / 2;
  advdiv::random_engine after(5);
  for (std::size_t i = 0; i < draws_used; ++i) after();
  CHECK(rng() == after());  // whole draws consumed, none skipped
  CHECK(replay.next > z.size());  // a few rejections took more than one half
  CHECK(replay.next < z.size() * 21 / 20);  // ~97 % of variates are one half each
}

TEST_CASE("fill_standard_normal: float variates are N(0, 1), and the two of one draw are independent") {
  advdiv::random_engine rng(2026);
  const std::size_t n = 1 << 20;
  std::vector<float> z(n);
  advdiv::fill_standard_normal(rng, std::span(z));
  const boost::math::normal_distribution<double> phi;
  // Kolmogorov–Smirnov distance to Φ; 1.95/√n is the 0.1 % critical value.
  std::vector<double> sorted(z.begin(), z.end());
  std::sort(sorted.begin(), sorted.end());
  double ks = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double F = boost::math::cdf(phi, sorted[i]);
    ks = std::max({ks, F - double(i) / n, double(i + 1) / n - F});
  }
  CHECK(ks < 1.95 / std::sqrt(double(n)));
  // The tails, where a ziggurat's base strip and wedges live: counts within 5 binomial sd.
  for (double t : {2.0, 3.0, 4.0}) {
    const double p = 2.0 * boost::math::cdf(boost::math::complement(phi, t));
    const auto beyond = std::count_if(z.begin(), z.end(), [t](float v) { return std::abs(v) > t; });
    CHECK_MESSAGE(std::abs(double(beyond) - n * p) < 5 * std::sqrt(n * p * (1 - p)), "t = " << t);
  }
  // Neighbours come from the two halves of one 64-bit draw: uncorrelated, signs independent.
  double s_xy = 0.0;
  std::size_t same_sign = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) {
    s_xy += double(z[i]) * z[i + 1];
    same_sign += (z[i] > 0) == (z[i + 1] > 0);
  }
  const double pairs = n / 2;
  CHECK(std::abs(s_xy / pairs) < 5 / std::sqrt(pairs));
  CHECK(std::abs(same_sign / pairs - 0.5) < 5 * 0.5 / std::sqrt(pairs));
}
