// libFuzzer harness: nn::load on arbitrary bytes written to a temporary file.
//
// Input layout:
//   byte 0  bits 0-1: the network type loaded into (three architectures, double and float);
//           bit 2: replace the last 8 bytes by the FNV-1a checksum of the rest (so the
//           fuzzer reaches the checks behind the checksum); bits 3-7 = 01011: load a
//           directory instead of a file
//   rest    the file's bytes.
//
// Contract asserted (a violation is a finding, abort()):
//   * a file that is not a valid parameter file for the network throws std::runtime_error
//     (not an advdiv file, truncated, trailing bytes, corrupt), std::invalid_argument
//     (architecture or scalar type mismatch) or std::domain_error (a NaN / inf parameter),
//     each reading "advdiv::nn::load: ..."; no other exception, no crash, no sanitizer report;
//   * on any exception the network is unchanged;
//   * a file that loads has the documented size, the network holds exactly the file's
//     (finite) parameters, and save followed by load gives the same network back.
#include "fuzz_common.hpp"

#include <advdiv/nn.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

namespace nn = advdiv::nn;

std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) {  // the format's checksum (serialize.hpp docs)
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

const std::string& temp_path() {
  static const std::string path = [] {
    const auto dir = std::filesystem::temp_directory_path();
    return (dir / ("advdiv_fuzz_nn_load_" + std::to_string(::getpid()) + ".advnn")).string();
  }();
  return path;
}

template <class Net>
void load_into(const std::vector<std::uint8_t>& bytes, bool directory) {
  const char* fn = "advdiv::nn::load";
  Net net;
  auto params = net.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) params[i] = static_cast<typename Net::scalar_type>(0.25 * double(i) - 1.0);
  const std::vector<typename Net::scalar_type> before(params.begin(), params.end());

  std::string path = temp_path();
  if (directory) {
    path = temp_path() + ".d";
    std::filesystem::create_directories(path);
  } else {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  }
  const fuzz::outcome o = fuzz::call(fn, [&] { nn::load(net, path); }, /*allow_runtime_error=*/true);
  if (directory) std::filesystem::remove(path);
  const auto after = net.parameters();
  if (o != fuzz::outcome::value) {
    if (!std::equal(before.begin(), before.end(), after.begin(), after.end()))
      fuzz::finding(fn, "a failed load changed the network: " + fuzz::last_message);
    return;
  }
  if (directory) fuzz::finding(fn, "loaded a directory");
  for (std::size_t i = 0; i < after.size(); ++i)
    if (!std::isfinite(after[i])) fuzz::finding(fn, "loaded a non-finite parameter");
  // The parameters are the file's, read here from the documented layout: a 20-byte
  // header, 20 bytes per layer, the u64 count, then the little-endian scalars.
  using T = typename Net::scalar_type;
  const std::size_t start = 8 + 4 + 4 + 4 + 20 * Net::layer_shapes().size() + 8;
  if (bytes.size() != start + after.size() * sizeof(T) + 8)
    fuzz::finding(fn, "loaded a file of " + std::to_string(bytes.size()) + " bytes, the layout needs " +
                          std::to_string(start + after.size() * sizeof(T) + 8));
  for (std::size_t i = 0; i < after.size(); ++i) {
    T v;
    std::memcpy(&v, bytes.data() + start + i * sizeof(T), sizeof(T));  // little-endian host
    if (std::memcmp(&v, &after[i], sizeof(T)) != 0)
      fuzz::finding(fn, "parameter " + std::to_string(i) + " differs from the file's");
  }
  // save then load gives the same network back.
  std::stringstream again;
  nn::save(net, again);
  Net copy;
  nn::load(copy, again);
  const auto c = copy.parameters();
  if (!std::equal(c.begin(), c.end(), after.begin(), after.end()))
    fuzz::finding(fn, "save then load does not give the network back");
}

using net0 = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1>>;
using net1 = nn::mlp<float, nn::dense<1, 2, nn::tanh>, nn::dense<2, 1, nn::sigmoid>>;
using net2 = nn::mlp<double, nn::dense<3, 2, nn::leaky_relu>, nn::dense<2, 2, nn::elu>, nn::dense<2, 1>>;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  std::vector<std::uint8_t> bytes(data + 1, data + size);
  if ((flags & 4) && bytes.size() >= 8) {
    const std::uint64_t h = fnv1a(bytes.data(), bytes.size() - 8);
    for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + std::size_t(i)] = std::uint8_t(h >> (8 * i));
  }
  const bool directory = (flags & 0xf8) == 0x58;  // one flags value in 32: the rest explores files
  switch (flags & 3) {
    case 0: load_into<net0>(bytes, directory); break;
    case 1: load_into<net1>(bytes, directory); break;
    default: load_into<net2>(bytes, directory); break;
  }
  return 0;
}
