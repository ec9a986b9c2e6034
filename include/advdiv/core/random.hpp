#pragma once
/// \file
/// The one source of randomness: a seedable engine and the primitive draws every layer uses (nn
/// initialisers, density sampling, sliced Wasserstein, the trainer's batches, estimators).
///
/// Same seed, same numbers, on every platform, standard library and thread count:
/// - the engine is MT19937-64, whose output sequence the C++ standard fixes (std::mt19937_64;
///   written out here with a branch-free twist, tested draw for draw against the standard's);
/// - uniforms are built from its bits here, normals and exponentials by Boost.Random's
///   ziggurat (a fixed algorithm), never by std::uniform_real_distribution or
///   std::normal_distribution, whose output differs between libstdc++ and libc++;
/// - parallel work draws from `substream(k)` engines, one per task, never one shared engine.
///
/// \code
/// advdiv::random_engine rng(42);
/// double u = advdiv::uniform01(rng);             // in (0, 1), never 0 or 1
/// double z = 2.0 * advdiv::standard_normal(rng);  // N(0, 4)
/// std::size_t k = advdiv::categorical(rng, std::vector<double>{0.2, 0.8});
/// advdiv::random_engine worker = rng.substream(3);  // independent stream for task 3
/// \endcode

#include <advdiv/core/checks.hpp>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <vector>

namespace advdiv {

namespace detail {
/// MT19937-64 ([rand.predef]: the output sequence of std::mt19937_64, bit for bit), with the
/// twist written without a branch. libstdc++'s twist picks the matrix term with a branch on a
/// random bit, which mispredicts half the time: about 9 ns a draw on a 2026 Xeon against ~2
/// ns here, and the draws were a fifth of a GAN training step. Loops split at n − m so that
/// each reads only words it does not write, which the compiler vectorises.
class mt19937_64_state {
 public:
  static constexpr std::size_t n = 312, m = 156;

  explicit mt19937_64_state(std::uint64_t seed) noexcept {
    x_[0] = seed;
    for (std::size_t i = 1; i < n; ++i) x_[i] = 6364136223846793005ull * (x_[i - 1] ^ (x_[i - 1] >> 62)) + i;
  }

  std::uint64_t operator()() noexcept {
    if (i_ == n) twist();
    std::uint64_t z = x_[i_++];
    z ^= (z >> 29) & 0x5555555555555555ull;
    z ^= (z << 17) & 0x71D67FFFEDA60000ull;
    z ^= (z << 37) & 0xFFF7EEE000000000ull;
    return z ^ (z >> 43);
  }

 private:
  static constexpr std::uint64_t next(std::uint64_t lo_word, std::uint64_t hi_word, std::uint64_t far) noexcept {
    constexpr std::uint64_t lower = (std::uint64_t(1) << 31) - 1;
    const std::uint64_t y = (lo_word & ~lower) | (hi_word & lower);
    return far ^ (y >> 1) ^ ((std::uint64_t(0) - (y & 1)) & 0xB5026F5AA96619E9ull);
  }
  void twist() noexcept {
    for (std::size_t k = 0; k < n - m; ++k) x_[k] = next(x_[k], x_[k + 1], x_[k + m]);
    for (std::size_t k = n - m; k < n - 1; ++k) x_[k] = next(x_[k], x_[k + 1], x_[k + m - n]);
    x_[n - 1] = next(x_[n - 1], x_[0], x_[m - 1]);
    i_ = 0;
  }

  std::uint64_t x_[n];
  std::size_t i_ = n;
};
}  // namespace detail

/// The library's engine: MT19937-64 (the sequence of std::mt19937_64, which the C++ standard
/// fixes) seeded with one 64-bit integer, plus independent substreams derived from
/// (seed, index) for parallel tasks. Models std::uniform_random_bit_generator, so it also
/// drives any standard or Boost distribution.
class random_engine {
 public:
  /// The type of one draw: 64 random bits.
  using result_type = std::uint64_t;
  /// The seed used when none is given.
  static constexpr std::uint64_t default_seed = 5489u;

  /// Constructs it; the arguments are described in the class comment.
  explicit random_engine(std::uint64_t seed = default_seed) : seed_(seed), engine_(seed) {}

  /// The smallest value a draw can take (0).
  static constexpr result_type min() noexcept { return 0; }
  /// The largest value a draw can take (2^64 − 1).
  static constexpr result_type max() noexcept { return std::numeric_limits<std::uint64_t>::max(); }
  /// The next 64 random bits.
  result_type operator()() noexcept { return engine_(); }

  /// The seed this engine was constructed with.
  std::uint64_t seed() const noexcept { return seed_; }

  /// An engine for task k whose stream is independent of this one's and of every other
  /// task's: seeded with SplitMix64(seed ⊕ SplitMix64(k + 1)). It depends only on the seed
  /// and k, not on how many numbers this engine has drawn.
  random_engine substream(std::uint64_t k) const noexcept {
    return random_engine(splitmix64(seed_ ^ splitmix64(k + 1)));
  }

  /// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
  static constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  }

 private:
  std::uint64_t seed_;
  detail::mt19937_64_state engine_;
};

namespace detail {
/// 64 random bits from an engine that produces 32 or 64 bits per call.
template <std::uniform_random_bit_generator R>
std::uint64_t random_bits64(R& rng) {
  using U = typename R::result_type;
  constexpr std::uint64_t range = static_cast<std::uint64_t>(R::max() - R::min());
  static_assert(range == std::numeric_limits<std::uint64_t>::max() ||
                    range == std::numeric_limits<std::uint32_t>::max(),
                "advdiv: the random engine must produce 32 or 64 uniform bits per call");
  if constexpr (range == std::numeric_limits<std::uint64_t>::max()) {
    return static_cast<std::uint64_t>(static_cast<U>(rng() - R::min()));
  } else {
    const std::uint64_t hi = static_cast<std::uint64_t>(rng() - R::min());
    const std::uint64_t lo = static_cast<std::uint64_t>(rng() - R::min());
    return (hi << 32) | lo;
  }
}
}  // namespace detail

/// A uniform variate in the open interval (0, 1): the 52 top bits b of one 64-bit draw give
/// (b + ½)·2⁻⁵², exactly representable, never 0 or 1, so log(u) and quantile(d, u) are always
/// finite.
template <std::uniform_random_bit_generator R>
double uniform01(R& rng) {
  return (static_cast<double>(detail::random_bits64(rng) >> 12) + 0.5) * 0x1.0p-52;
}

/// A uniform variate in (a, b): a + (b − a)·uniform01.
template <std::uniform_random_bit_generator R>
double uniform_real(R& rng, double a, double b) {
  return a + (b - a) * uniform01(rng);
}

/// A uniform index in {0, …, n−1} (n ≥ 1): ⌊u·n⌋ for u = uniform01, clamped to n − 1 against
/// the rounding of u·n up to n. One 64-bit draw per index.
template <std::uniform_random_bit_generator R>
std::size_t uniform_index(R& rng, std::size_t n) {
  const auto i = static_cast<std::size_t>(uniform01(rng) * static_cast<double>(n));
  return i < n - 1 ? i : n - 1;
}

/// A standard normal variate N(0, 1) (Boost.Random's ziggurat: the same stream everywhere).
/// For N(μ, σ²) use μ + σ·standard_normal(rng), or `sample(advdiv::normal{mu, sigma}, rng)`.
template <std::uniform_random_bit_generator R>
double standard_normal(R& rng) {
  return boost::random::normal_distribution<double>(0.0, 1.0)(rng);
}

namespace detail {
/// A 32-bit engine over a 64-bit stream: each 64-bit draw gives its low half, then its high
/// half, so a float ziggurat (24 mantissa bits + 8 table bits) uses one half per variate.
template <std::uniform_random_bit_generator R>
class half_draws {
 public:
  using result_type = std::uint32_t;
  explicit half_draws(R& rng) noexcept : rng_(rng) {}
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<std::uint32_t>::max(); }
  result_type operator()() {
    if (has_high_) {
      has_high_ = false;
      return static_cast<result_type>(bits_ >> 32);
    }
    bits_ = random_bits64(rng_);
    has_high_ = true;
    return static_cast<result_type>(bits_);
  }

 private:
  R& rng_;
  std::uint64_t bits_ = 0;
  bool has_high_ = false;
};
}  // namespace detail

/// Fills `out` with independent N(0, 1) variates: the bulk form of standard_normal, for
/// noise batches (the GAN trainer's samplers) where the draws dominate.
/// - double: exactly the numbers of `standard_normal(rng)` called once per element, in order.
/// - float: Boost.Random's ziggurat in float, fed 32-bit halves of the engine's 64-bit draws
///   (low half first), so one 64-bit draw gives two variates on the ziggurat's fast path
///   (~97 % of variates): a quarter less time than a loop of
///   `static_cast<float>(standard_normal(rng))` (bench/core/bench_random.cpp). It is a
///   different stream from that loop, and each variate is a 24-bit uniform times a table
///   entry. A call uses whole 64-bit draws: a high half left over at the end is dropped, so
///   the stream depends on how a batch is split into calls.
/// Same seed, same numbers, as for every draw here.
/// \code
/// std::vector<float> z(256 * 512);
/// advdiv::fill_standard_normal(rng, std::span(z));
/// Eigen::MatrixXf m(256, 512);
/// advdiv::fill_standard_normal(rng, std::span(m.data(), std::size_t(m.size())));
/// \endcode
template <std::uniform_random_bit_generator R, class T>
  requires std::same_as<T, float> || std::same_as<T, double>
void fill_standard_normal(R& rng, std::span<T> out) {
  if constexpr (std::same_as<T, double>) {
    for (double& v : out) v = standard_normal(rng);
  } else {
    detail::half_draws<R> halves(rng);
    boost::random::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : out) v = normal(halves);
  }
}

/// A standard exponential variate (rate 1; Boost.Random's ziggurat). Divide by λ for rate λ.
template <std::uniform_random_bit_generator R>
double standard_exponential(R& rng) {
  return boost::random::exponential_distribution<double>(1.0)(rng);
}

/// Draws from {0, …, K−1} with probabilities proportional to given non-negative weights, by
/// inverse transform on the cumulative weights (O(log K) per draw after O(K) set-up).
class categorical_distribution {
 public:
  /// \throws std::invalid_argument if weights is empty.
  /// \throws std::domain_error if a weight is negative or not finite, or their sum is 0 or inf.
  explicit categorical_distribution(std::span<const double> weights) : cumulative_(weights.size()) {
    constexpr const char* fn = "advdiv::categorical_distribution";
    check_nonempty(fn, "weights", weights);
    check_nonnegative_finite(fn, "weights", weights);
    double total = 0.0;
    for (std::size_t k = 0; k < weights.size(); ++k) cumulative_[k] = total += weights[k];
    check_parameter(fn, "the sum of weights", total, total > 0.0 && std::isfinite(total),
                    "is not positive and finite");
  }

  /// The number of categories K.
  std::size_t size() const noexcept { return cumulative_.size(); }

  /// One draw: the first k with u·Σw < Σ_{j≤k} w_j; a category of weight 0 is never drawn.
  template <std::uniform_random_bit_generator R>
  std::size_t operator()(R& rng) const {
    const double t = uniform01(rng) * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), t);
    // t rounds up to Σw once in ~2^53 draws: take the last category of positive weight.
    if (it == cumulative_.end()) it = std::lower_bound(cumulative_.begin(), cumulative_.end(), t);
    return static_cast<std::size_t>(it - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

/// One draw from {0, …, K−1} with probabilities proportional to `weights` (see
/// categorical_distribution; build one of those for repeated draws).
template <std::uniform_random_bit_generator R, class W>
std::size_t categorical(R& rng, const W& weights) {
  return categorical_distribution(std::span<const double>(std::data(weights), std::size(weights)))(rng);
}

}  // namespace advdiv
