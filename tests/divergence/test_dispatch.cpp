// The run-time dispatch of the KL and JS reductions (core/dispatch.hpp): the logarithm kernels
// against mpmath over the whole double range, and every target the running CPU supports
// against the mpmath references of the divergence tests and against each other.
#include <advdiv/core/dispatch.hpp>
#include <advdiv/core/fast_log.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/divergence.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "edge_cases.hpp"
#include "reference_data.hpp"

// File-local names live in namespace test_dispatch: the layer compiles as one translation unit.
namespace test_dispatch {

namespace {

using advdiv::detail::simd_target;

// Reference values: mpmath at 50 digits, rounded to the nearest double, written as hex floats by
//   import mpmath as mp; mp.mp.dps = 50; float(mp.log(mp.mpf(x))).hex()
// (likewise mp.log(mp.mpf(p) / mp.mpf(q)) and mp.log1p(mp.mpf(x))); the arguments are the
// edges of the range (subnormals, DBL_MIN, DBL_MAX, 1e±300, the reduction's boundaries √½ and
// √2, neighbours of 1) and random doubles over every binade (random.seed(14)).
struct log_case {
  double x, log_x;
};
const log_case log_cases[] = {
  {0x0.0000000000001p-1022, -0x1.74385446d71c3p+9},
  {0x0.00000000007e8p-1022, -0x1.7069e3078e52dp+9},
  {0x0.02e055c9a3f6cp-1022, -0x1.64714a9115cd0p+9},
  {0x1.0000000000000p-1022, -0x1.6232bdd7abcd2p+9},
  {0x1.56e1fc2f8f359p-997, -0x1.5963447f87fb5p+9},
  {0x1.87e92154ef7acp-665, -0x1.cc845b54b54f2p+8},
  {0x1.bff2ee48e0530p-333, -0x1.cc845b54b54f2p+7},
  {0x1.79ca10c924223p-67, -0x1.7069e2aa2aa5bp+5},
  {0x1.4f8b588e368f1p-17, -0x1.7069e2aa2aa5bp+3},
  {0x1.999999999999ap-4, -0x1.26bb1bbb55515p+1},
  {0x1.0000000000000p-1, -0x1.62e42fefa39efp-1},
  {0x1.6a09e667f3bccp-1, -0x1.62e42fefa39f1p-2},
  {0x1.6a09e667f3bcdp-1, -0x1.62e42fefa39eep-2},
  {0x1.fffffffffffffp-1, -0x1.0000000000000p-53},
  {0x1.0000000000001p+0, 0x1.fffffffffffffp-53},
  {0x1.0000000000000p+0, 0x0.0p+0},
  {0x1.8000000000000p+0, 0x1.9f323ecbf984cp-2},
  {0x1.6a09e667f3bcdp+0, 0x1.62e42fefa39f0p-2},
  {0x1.6a09e667f3bccp+0, 0x1.62e42fefa39eep-2},
  {0x1.0000000000000p+1, 0x1.62e42fefa39efp-1},
  {0x1.8000000000000p+1, 0x1.193ea7aad030bp+0},
  {0x1.4000000000000p+3, 0x1.26bb1bbb55516p+1},
  {0x1.86a0000000000p+16, 0x1.7069e2aa2aa5bp+3},
  {0x1.5af1d78b58c40p+66, 0x1.7069e2aa2aa5bp+5},
  {0x1.249ad2594c37dp+332, 0x1.cc845b54b54f2p+7},
  {0x1.4e718d7d7625ap+664, 0x1.cc845b54b54f2p+8},
  {0x1.7e43c8800759cp+996, 0x1.5963447f87fb5p+9},
  {0x1.fffffffffffffp+1023, 0x1.62e42fefa39efp+9},
  {0x1.9daa37f67b94ap-637, -0x1.b90e0c4d02cfap+8},
  {0x1.4567ceb786333p-63, -0x1.5b6d514d82b2dp+5},
  {0x1.4a8006577d6a1p-27, -0x1.275a4b31d89c2p+4},
  {0x1.a8902e2e64486p-777, -0x1.0d08e495b1ee8p+9},
  {0x1.77744cd5e53cep+167, 0x1.d08ddd06c679bp+6},
  {0x1.64d0b518e16a7p+550, 0x1.7d90201d88e1fp+8},
  {0x1.4375d02724ff0p-590, -0x1.98b91274e1dbep+8},
  {0x1.5ba80799d9e9ep+218, 0x1.2ed301b6e811dp+7},
  {0x1.5c54e059bcac2p-8, -0x1.4f2e497c7ebd0p+2},
  {0x1.293a9ad1a4846p-461, -0x1.3f643afc553aep+8},
  {0x1.2a3a0c6056e0ep+53, 0x1.271da63d4f6dfp+5},
  {0x1.1f7ea79308cd5p-788, -0x1.110abee940a48p+9},
  {0x1.071d1482a9a3dp+306, 0x1.a842c9c620984p+7},
  {0x1.3454fafb549dap+48, 0x1.0ba8114676842p+5},
  {0x1.67574c12aa45fp+490, 0x1.53fb30c3c6009p+8},
  {0x1.e57b37f370e54p+722, 0x1.f5179c3ca676cp+8},
  {0x1.df62693481f39p-688, -0x1.dc420804b8f09p+8},
  {0x1.942af472d9c70p-618, -0x1.abe886abaede6p+8},
  {0x1.2e62fe9bacd46p+417, 0x1.21357ab32fe0ap+8},
  {0x1.bf3ba33bfe4fdp-687, -0x1.dba25ba4b93c3p+8},
  {0x1.83872e7583120p+919, 0x1.3eb55bfcc109dp+9},
  {0x1.45552a8e7bb4ep-281, -0x1.8511c27ae7b6bp+7},
  {0x1.7c17d8598b32ap-181, -0x1.f441f24781912p+6},
  {0x1.801f772825d9ap+78, 0x1.b3c526b39dba0p+5},
  {0x1.1f05f4da2e1acp-655, -0x1.c5e5a2ef23e28p+8},
  {0x1.47546648fb3d0p-708, -0x1.ea809e2a35fd1p+8},
  {0x1.072ad6852cc62p-590, -0x1.98ede19ddde2ap+8},
  {0x1.1d26e315f554ep+613, 0x1.a901cf184ff48p+8},
  {0x1.6cd92a4f5fbe4p-694, -0x1.e0b0994b8a3a8p+8},
  {0x1.88ebf5ec5fc00p-385, -0x1.0a6ee8434d804p+8},
  {0x1.4f3d014f84100p+790, 0x1.11ed8f567ce28p+9},
  {0x1.6fe205cd5dbf1p+809, 0x1.188f30214a7a2p+9},
  {0x1.41a204ef2f40bp-686, -0x1.db454eb9db697p+8},
  {0x1.3c7bc0ee6022ap+540, 0x1.7682f64f4f8eap+8},
  {0x1.1102c9f236006p+929, 0x1.41ffc097ffbcfp+9},
  {0x1.7d32a83682d56p-488, -0x1.51db911c19f1bp+8},
  {0x1.924a5cce1ffd8p+18, 0x1.9db778455d807p+3},
  {0x1.d34a2c368e7d2p-996, -0x1.58e2ebc250193p+9},
  {0x1.f1a58c3f977a2p+587, 0x1.978ac794e5a80p+8},
  {0x1.0552d4cb1ea46p+659, 0x1.c8cdf88db293cp+8},
};
struct ratio_case {
  double p, q, log_ratio;
};
const ratio_case ratio_cases[] = {
  {0x1.0000000000000p+0, 0x1.8000000000000p+1, -0x1.193ea7aad030bp+0},
  {0x1.0000000000000p-1, 0x0.0b8157268fdafp-1022, 0x1.63671f6d22124p+9},
  {0x1.0000000000000p+0, 0x0.0000000000001p-1022, 0x1.74385446d71c3p+9},
  {0x0.0000000000001p-1022, 0x1.0000000000000p+0, -0x1.74385446d71c3p+9},
  {0x1.56e1fc2f8f359p-997, 0x1.7e43c8800759cp+996, -0x1.5963447f87fb5p+10},
  {0x1.7e43c8800759cp+996, 0x1.56e1fc2f8f359p-997, 0x1.5963447f87fb5p+10},
  {0x1.0000000000000p+0, 0x1.0000000000001p+0, -0x1.fffffffffffffp-53},
  {0x1.3333333333334p-2, 0x1.3333333333333p-2, 0x1.aaaaaaaaaaaaap-53},
  {0x1.6666666666666p-1, 0x1.0000000000000p+0, -0x1.6d3c324e13f50p-2},
  {0x1.8000000000000p-1, 0x1.0000000000000p+0, -0x1.269621134db92p-2},
  {0x1.6666666666666p+0, 0x1.0000000000000p+0, 0x1.588c2d913348fp-2},
  {0x1.8000000000000p+0, 0x1.0000000000000p+0, 0x1.9f323ecbf984cp-2},
  {0x0.0000000000fd0p-1022, 0x0.00000000017b8p-1022, -0x1.9f323ecbf984cp-2},
  {0x0.012688b70e62bp-1022, 0x0.012688ca5bd8cp-1022, -0x1.0c6f70f5fb6f5p-20},
  {0x1.fffffffffffffp+1023, 0x0.0000000000001p-1022, 0x1.6b8e421b3d5d9p+10},
  {0x0.0000000000001p-1022, 0x1.fffffffffffffp+1023, -0x1.6b8e421b3d5d9p+10},
  {0x1.b5b07e1238899p-247, 0x1.f06b36af12ca8p-461, 0x1.286a48c00226bp+7},
  {0x1.5b08b569ac520p+85, 0x1.de0312ac58e5cp+84, 0x1.7de272e612638p-2},
  {0x1.cc3681e831c16p-805, 0x1.634d0cc3216d1p-929, 0x1.58d5fd61f94a1p+6},
  {0x1.31407ca9ff94cp-949, 0x1.3140865317b80p-949, -0x1.03420c61c1653p-21},
  {0x1.8585c65df4c72p+647, 0x1.5bb7f55fac658p-485, 0x1.8860c9162b41bp+9},
  {0x1.1d21cc411fdd6p+958, 0x1.1d21cc3f6e975p+958, 0x1.85018805e70dep-32},
  {0x1.0074bfa75c730p-488, 0x1.df7bae300576fp-459, -0x1.4ba1df5803e5dp+4},
  {0x1.2eb1e047f4894p-575, 0x1.2eb1f4e5bc0c3p-575, -0x1.16f9b700b4d8bp-20},
  {0x1.4a978a7715d37p+559, 0x1.e542b32bccaf2p-936, 0x1.02f7c24b90ca8p+10},
  {0x1.8fa5205d7e0c8p+220, 0x1.8fa5205da775dp+220, -0x1.a86ddd0d408cep-36},
  {0x1.82162cf4a070ep+723, 0x1.3284254bba1f2p+4, 0x1.f29a86724ca63p+8},
  {0x1.62550ba7d5f9ep+966, 0x1.6254f1a89ea5ap+966, 0x1.2c84d524b9e0cp-20},
  {0x1.7ceb1b7d4a101p+950, 0x1.9cdc2141027c6p-494, 0x1.f46979040b046p+9},
  {0x1.a4a6535de05b3p-121, 0x1.a4a64accb634fp-121, 0x1.4dae2e0ac0428p-22},
  {0x1.16f134e868782p+653, 0x1.1a6e564428237p-590, 0x1.aec8e5e4b6628p+9},
  {0x1.0df7ac9626da3p+901, 0x1.0df7abf36311bp+901, 0x1.34affbb2e749dp-25},
  {0x1.7caddf4e50ed2p-743, 0x1.8b70d47cb3bfap-221, -0x1.69dc621ee435bp+8},
  {0x1.0d00baf91f7eep-783, 0x1.0cff0e319020ep-783, 0x1.980ef8740ca29p-16},
  {0x1.8a91042d99a68p-143, 0x1.20fd9aee3c470p-545, 0x1.16f4e11bccde5p+8},
  {0x1.17124624b0026p+655, 0x1.17124624b2b60p+655, -0x1.3d39371b89cb0p-39},
  {0x1.0465553560dcdp+860, 0x1.38d76bdf67a8ap+324, 0x1.7357e8bccc045p+8},
  {0x1.dc301ed5024bcp+679, 0x1.dc301ed5024b0p+679, 0x1.9ce10458e2e7ep-50},
  {0x1.93f0580d024ccp-41, 0x1.441cdb1eb1e4ap-38, -0x1.dbf91466867e1p+0},
  {0x1.529e73fdddd6ep-843, 0x1.529e73fdddd83p-843, -0x1.fc0a4241a9246p-49},
  {0x1.fe9ff855c396fp+314, 0x1.ef27db74bbf8ep+110, 0x1.1add965dbb690p+7},
  {0x1.d2bb0b831898ep+885, 0x1.d471495522614p+885, -0x1.dfde3c92e5e7bp-9},
  {0x1.d6f23f5f60a93p-765, 0x1.dfdd10e1a598dp+697, -0x1.fab33117f41cfp+9},
  {0x1.a5389e7dcca4bp-651, 0x1.a5389291c62cep-651, 0x1.cfb8ea3c335afp-22},
  {0x1.0b7c61245369ep-224, 0x1.e2e35572d851ep-694, 0x1.45303eb3e9d27p+8},
  {0x1.013f5c1c471f0p-80, 0x1.f264db14acc43p-81, 0x1.0476e257b089bp-5},
};
const log_case log1p_cases[] = {
  {0x1.56e1fc2f8f359p-997, 0x1.56e1fc2f8f359p-997},
  {-0x1.56e1fc2f8f359p-997, -0x1.56e1fc2f8f359p-997},
  {0x1.79ca10c924223p-67, 0x1.79ca10c924223p-67},
  {-0x1.79ca10c924223p-67, -0x1.79ca10c924223p-67},
  {0x1.5798ee2308c3ap-27, 0x1.5798ee0636111p-27},
  {-0x1.5798ee2308c3ap-27, -0x1.5798ee3fdb764p-27},
  {0x1.47ae147ae147bp-7, 0x1.460d6ccca3677p-7},
  {-0x1.47ae147ae147bp-7, -0x1.495453e6fd4b7p-7},
  {0x1.999999999999ap-5, 0x1.8fb063ef2c7eap-5},
  {-0x1.999999999999ap-5, -0x1.a431d5bcc1938p-5},
  {0x1.2bec333018866p-2, 0x1.070c359558965p-2},
  {-0x1.2bec333018866p-2, -0x1.62e42fefa39eep-2},
  {0x1.a827999fcef33p-2, 0x1.62e42fefa39f0p-2},
  {-0x1.999999999999ap-2, -0x1.058aefa811452p-1},
  {0x1.0000000000000p-1, 0x1.9f323ecbf984cp-2},
  {-0x1.0000000000000p-1, -0x1.62e42fefa39efp-1},
  {0x1.ccccccccccccdp-1, 0x1.48a11293d785cp-1},
  {-0x1.ccccccccccccdp-1, -0x1.26bb1bbb55516p+1},
  {0x1.fffffffffffffp-1, 0x1.62e42fefa39efp-1},
  {-0x1.fffffffffffffp-1, -0x1.25e4f7b2737fap+5},
  {0x1.0000000000000p+0, 0x1.62e42fefa39efp-1},
  {0x1.0000000000000p+1, 0x1.193ea7aad030bp+0},
  {0x1.2a05f20000000p+33, 0x1.7069e2aa3184ep+4},
  {0x1.7e43c8800759cp+996, 0x1.5963447f87fb5p+9},
};

/// |got − want| in units of the last place of want (a correctly rounded double).
double ulps(double got, double want) {
  if (got == want) return 0;
  const double a = std::abs(want);
  const double ulp = a == 0 ? std::numeric_limits<double>::denorm_min()
                            : std::nextafter(a, std::numeric_limits<double>::infinity()) - a;
  return std::abs(got - want) / ulp;
}

std::vector<simd_target> supported_targets() {
  std::vector<simd_target> out;
  for (const simd_target t : advdiv::detail::all_simd_targets)
    if (advdiv::detail::simd_target_supported(t)) out.push_back(t);
  return out;
}

using kl_term = advdiv::f_divergence_term<advdiv::fdiv::kl>;
using js_term = advdiv::f_divergence_term<advdiv::fdiv::jensen_shannon>;

template <class Term>
double reduce_on(simd_target t, const std::vector<double>& p, const std::vector<double>& q) {
  return advdiv::detail::sum_blocks_on(t, p.data(), q.data(), 0, p.size(), Term{}).term.value();
}

double rel_err(double got, long double want) {
  return static_cast<double>(std::abs((static_cast<long double>(got) - want) / want));
}

}  // namespace

TEST_CASE("dispatch: kernel_log is within 1 ulp of mpmath from 5e-324 to DBL_MAX, with C's special values") {
  double worst = 0;
  for (const auto& c : log_cases) {
    INFO(c.x);
    const double e = ulps(advdiv::detail::kernel_log(c.x), c.log_x);
    CHECK(e <= 1.0);
    worst = std::max(worst, e);
  }
  MESSAGE("kernel_log: worst error " << worst << " ulp over " << std::size(log_cases) << " mpmath values");
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(advdiv::detail::kernel_log(0.0) == -inf);
  CHECK(advdiv::detail::kernel_log(-0.0) == -inf);
  CHECK(advdiv::detail::kernel_log(inf) == inf);
  CHECK(std::isnan(advdiv::detail::kernel_log(-1.0)));
  CHECK(std::isnan(advdiv::detail::kernel_log(-inf)));
  CHECK(std::isnan(advdiv::detail::kernel_log(-5e-324)));
  CHECK(std::isnan(advdiv::detail::kernel_log(std::numeric_limits<double>::quiet_NaN())));
  CHECK(advdiv::detail::kernel_log(1.0) == 0.0);
}

TEST_CASE("dispatch: kernel_log over 10^6 random doubles of every binade is within 1 ulp of the long double log") {
  // The long double logarithm (64-bit significand) is accurate to ~1e-19 relative, far below
  // the double ulp measured here.
  advdiv::random_engine rng(14);
  double worst = 0;
  for (int i = 0; i < 1000000; ++i) {
    const int e = static_cast<int>(advdiv::uniform01(rng) * 2098) - 1074;
    const double x = std::ldexp(1.0 + advdiv::uniform01(rng), e);
    if (!(x > 0) || std::isinf(x)) continue;
    const long double t = std::log(static_cast<long double>(x));
    worst = std::max(worst, ulps(advdiv::detail::kernel_log(x), static_cast<double>(t)));
  }
  MESSAGE("kernel_log: worst error " << worst << " ulp (vs long double, 10^6 samples)");
  CHECK(worst <= 1.0);
}

TEST_CASE("dispatch: kernel_log_ratio is within 3 ulps of mpmath, never overflows, keeps p -> q accurate") {
  double worst = 0;
  for (const auto& c : ratio_cases) {
    INFO(c.p << " / " << c.q);
    const double e = ulps(advdiv::detail::kernel_log_ratio(c.p, c.q), c.log_ratio);
    CHECK(e <= 3.0);
    worst = std::max(worst, e);
    const bool tame = c.p >= advdiv::detail::tame_min && c.p <= advdiv::detail::tame_max &&
                      c.q >= advdiv::detail::tame_min && c.q <= advdiv::detail::tame_max;
    if (tame) CHECK(ulps(advdiv::detail::kernel_log_ratio_tame(c.p, c.q), c.log_ratio) <= 3.0);
  }
  MESSAGE("kernel_log_ratio: worst error " << worst << " ulp over " << std::size(ratio_cases) << " mpmath values");
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(advdiv::detail::kernel_log_ratio(0.0, 1.0) == -inf);
  CHECK(advdiv::detail::kernel_log_ratio(1.0, 0.0) == inf);
  CHECK(advdiv::detail::kernel_log_ratio(5e-324, 0.0) == inf);
  CHECK(std::isnan(advdiv::detail::kernel_log_ratio(0.0, 0.0)));
  CHECK(std::isnan(advdiv::detail::kernel_log_ratio(std::numeric_limits<double>::quiet_NaN(), 1.0)));
  CHECK(advdiv::detail::kernel_log_ratio(0.25, 0.25) == 0.0);
}

TEST_CASE("dispatch: kernel_log1p is within 2 ulps of mpmath") {
  for (const auto& c : log1p_cases) {
    INFO(c.x);
    CHECK(ulps(advdiv::detail::kernel_log1p(c.x), c.log_x) <= 2.0);
  }
  CHECK(advdiv::detail::kernel_log1p(-1.0) == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(advdiv::detail::kernel_log1p(-2.0)));
}

TEST_CASE("dispatch: the running CPU's best target is supported, and build always is") {
  CHECK(advdiv::detail::simd_target_supported(simd_target::build));
  CHECK(advdiv::detail::simd_target_supported(advdiv::detail::best_simd_target()));
  MESSAGE("best target here: " << std::string(advdiv::detail::to_string(advdiv::detail::best_simd_target())));
}

TEST_CASE("dispatch: every supported target gives KL and JS of the mpmath references to 1e-12") {
  using advdiv_test::reference_values;
  for (const std::string key : {"mixed 10", "mixed 1000", "close 1000", "sparse 999", "mixed 100000",
                                "mixed 1000000"}) {
    const std::string family = key.substr(0, key.find(' '));
    const auto [p, q] = advdiv_test::reference_vectors(family, std::stoll(key.substr(key.find(' ') + 1)));
    for (const simd_target t : supported_targets()) {
      INFO(key << " on " << advdiv::detail::to_string(t));
      CHECK(rel_err(reduce_on<kl_term>(t, p, q), reference_values().at(key + " double kl")) <= 1e-12);
      CHECK(rel_err(reduce_on<js_term>(t, p, q), reference_values().at(key + " double js")) <= 1e-12);
    }
  }
}

TEST_CASE("dispatch: targets agree to 4e-16 * sum |term| (random, sparse and extreme entries, float input)") {
  // The documented tolerance across targets (discrete.hpp, sum_blocks_on): the kernels use
  // different logarithms and sum orders, each term within a few ulps.
  advdiv::random_engine rng(2026);
  for (int round = 0; round < 40; ++round) {
    const std::size_t n = 1 + static_cast<std::size_t>(advdiv::uniform01(rng) * 3000);
    std::vector<double> p(n), q(n);
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = advdiv::uniform01(rng);
      q[i] = advdiv::uniform01(rng);
      const double u = advdiv::uniform01(rng);
      // Zeros (also −0.0), subnormals, 1e±300 and nearly equal pairs among ordinary entries, so
      // blocks take both the tame and the general lane kernel.
      if (u < 0.02) p[i] = 0.0;
      else if (u < 0.03) q[i] = -0.0;
      else if (u < 0.04) p[i] = 5e-324 * (1 + i % 1000);
      else if (u < 0.05) q[i] = 1e-310;
      else if (u < 0.06) p[i] = 1e-300;
      else if (u < 0.07) q[i] = 1e300;
      else if (u < 0.10) q[i] = p[i] * (1 + 1e-9 * (advdiv::uniform01(rng) - 0.5));
    }
    double abs_kl = 0, abs_js = 0;
    for (std::size_t i = 0; i < n; ++i) {
      abs_kl += std::abs(advdiv::math::rel_entr(p[i], q[i]));
      abs_js += std::abs(js_term{}(p[i], q[i]));
    }
    const double kl0 = reduce_on<kl_term>(simd_target::build, p, q);
    const double js0 = reduce_on<js_term>(simd_target::build, p, q);
    for (const simd_target t : supported_targets()) {
      INFO("round " << round << ", n = " << n << ", " << advdiv::detail::to_string(t));
      const double kl = reduce_on<kl_term>(t, p, q), js = reduce_on<js_term>(t, p, q);
      if (std::isinf(kl0)) {
        CHECK(kl == kl0);
      } else {
        CHECK(std::abs(kl - kl0) <= 4e-16 * abs_kl + 1e-300);
      }
      CHECK(std::abs(js - js0) <= 4e-16 * abs_js + 1e-300);
    }
    // Float input is widened to double in the kernel; 1e300 overflows a float, so those
    // entries become 1 (the subnormals become 0, also valid).
    std::vector<float> pf(n), qf(n);
    double abs_kl_f = 0;
    for (std::size_t i = 0; i < n; ++i) {
      pf[i] = std::isinf(static_cast<float>(p[i])) ? 1.0f : static_cast<float>(p[i]);
      qf[i] = std::isinf(static_cast<float>(q[i])) ? 1.0f : static_cast<float>(q[i]);
      abs_kl_f += std::abs(advdiv::math::rel_entr(static_cast<double>(pf[i]), static_cast<double>(qf[i])));
    }
    const auto kl_f0 = advdiv::detail::sum_blocks_on(simd_target::build, pf.data(), qf.data(), 0, n, kl_term{});
    for (const simd_target t : supported_targets()) {
      const auto kl_f = advdiv::detail::sum_blocks_on(t, pf.data(), qf.data(), 0, n, kl_term{});
      CHECK(kl_f.p == doctest::Approx(kl_f0.p).epsilon(1e-15));
      if (std::isinf(kl_f0.term.value())) {
        CHECK(kl_f.term.value() == kl_f0.term.value());
      } else {
        CHECK(std::abs(kl_f.term.value() - kl_f0.term.value()) <= 4e-16 * abs_kl_f + 1e-300);
      }
    }
  }
}

TEST_CASE("dispatch: the extreme inputs of the edge tests give their references on every target") {
  for (const auto& c : advdiv_test::edge_cases()) {
    if (c.divergence != "kl" && c.divergence != "js") continue;
    for (const simd_target t : supported_targets()) {
      INFO(c.divergence << " " << c.key << " on " << advdiv::detail::to_string(t));
      const double got = c.divergence == "kl" ? reduce_on<kl_term>(t, c.p, c.q) : reduce_on<js_term>(t, c.p, c.q);
      CHECK(advdiv_test::matches(got, c.truth()));
    }
  }
  // p > 0 = q is +inf; p = 0 contributes 0 whatever q (0·log 0 = 0): never NaN.
  const double inf = std::numeric_limits<double>::infinity();
  for (const simd_target t : supported_targets()) {
    CHECK(reduce_on<kl_term>(t, {0.5, 0.5, 0.0}, {0.5, 0.0, 0.5}) == inf);
    CHECK(reduce_on<kl_term>(t, {0.0, 1.0}, {0.0, 1.0}) == 0.0);
    CHECK(reduce_on<kl_term>(t, {0.0, 1.0}, {1.0, 0.0}) == inf);
    CHECK(reduce_on<js_term>(t, {0.0, 1.0}, {1.0, 0.0}) == doctest::Approx(std::log(2.0)).epsilon(1e-15));
  }
}

TEST_CASE("dispatch: invalid entries are reported on every target (the validity check runs in the kernel)") {
  for (const simd_target t : supported_targets()) {
    INFO(advdiv::detail::to_string(t));
    for (const double bad : {-1.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
      std::vector<double> p(1000, 1e-3), q(1000, 1e-3);
      p[517] = bad;
      CHECK(advdiv::detail::sum_blocks_on(t, p.data(), q.data(), 0, p.size(), kl_term{}).invalid);
      CHECK(advdiv::detail::sum_blocks_on(t, q.data(), p.data(), 0, p.size(), js_term{}).invalid);
    }
  }
  CHECK_THROWS_WITH(advdiv::kl(std::vector<double>{0.5, -0.5, 1.0}, std::vector<double>{0.5, 0.25, 0.25}),
                    "advdiv::kl: p[1] = -0.5 is negative");
}

}  // namespace test_dispatch
