// Parameter files (nn::save / nn::load): round trip through a stream and a file, refusal
// of another architecture with both named, every truncation and corrupted byte, and every
// failure path of the file functions with the function's prefix in its message.

#include <advdiv/nn/mlp.hpp>
#include <advdiv/nn/serialize.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <ratio>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace nn = advdiv::nn;

namespace {

using small_net = nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>>;

std::string saved_bytes(const small_net& net) {
  std::ostringstream out;
  nn::save(net, out);
  return out.str();
}

void load_bytes(small_net& net, const std::string& bytes) {
  std::istringstream in(bytes);
  nn::load(net, in);
}

std::vector<double> params_of(const small_net& net) {
  return {net.parameters().begin(), net.parameters().end()};
}

// Rewrites the trailing FNV-1a checksum after a deliberate edit of the body.
void reseal(std::string& bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::uint64_t h = nn::detail::fnv1a(p, bytes.size() - 8);
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = char((h >> (8 * i)) & 0xff);
}

// A fresh folder under the system's temporary directory, removed with everything in it.
struct scratch_dir {
  std::filesystem::path path;
  scratch_dir() {
    const auto base = std::filesystem::temp_directory_path();
    for (unsigned k = 0;; ++k) {
      path = base / ("advdiv_test_nn_" + std::to_string(k));
      if (std::filesystem::create_directory(path)) break;
    }
  }
  ~scratch_dir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
};

// A stream buffer that accepts no byte.
struct refusing_buffer : std::streambuf {
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  int_type overflow(int_type) override { return traits_type::eof(); }
};

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

}  // namespace

TEST_CASE("parameter files: round trip through a stream and a file") {
  small_net a(nn::orthogonal{}, 1), b(nn::glorot_uniform{}, 2);
  for (auto& p : a.bias<0>()) p = 0.125;
  const std::string bytes = saved_bytes(a);
  // 8 magic + 12 + 2·20 layers + 8 count + 13 doubles + 8 checksum.
  CHECK(bytes.size() == 8 + 12 + 40 + 8 + 13 * 8 + 8);
  CHECK(bytes.substr(0, 8) == "ADVDIVNN");
  CHECK(params_of(a) != params_of(b));
  load_bytes(b, bytes);
  CHECK(params_of(a) == params_of(b));

  using float_net = nn::mlp<float, nn::dense<4, 8, nn::leaky_relu>, nn::dense<8, 2, nn::elu>>;
  float_net f(nn::he_normal{}, 3), h(nn::he_normal{}, 4);
  const std::string path = "advdiv_test_nn_roundtrip.advnn";
  nn::save(f, path);
  nn::load(h, path);
  std::remove(path.c_str());
  CHECK(std::equal(f.parameters().begin(), f.parameters().end(), h.parameters().begin()));
  CHECK_THROWS_WITH_AS(nn::load(h, std::string("/nonexistent/dir/x.advnn")),
                       "advdiv::nn::load: cannot open '/nonexistent/dir/x.advnn'",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(nn::save(h, std::string("/nonexistent/dir/x.advnn")),
                       "advdiv::nn::save: cannot open '/nonexistent/dir/x.advnn' for writing",
                       std::runtime_error);
}

TEST_CASE("parameter files: another architecture is refused with both shapes named") {
  const small_net a(nn::orthogonal{}, 1);
  const std::string bytes = saved_bytes(a);
  std::istringstream in1(bytes);
  nn::mlp<double, nn::dense<2, 4, nn::relu>, nn::dense<4, 1, nn::sigmoid>> wider;
  CHECK_THROWS_WITH_AS(nn::load(wider, in1),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, relu>, "
                       "dense<3, 1, sigmoid>], the network is [dense<2, 4, relu>, dense<4, 1, "
                       "sigmoid>]",
                       std::invalid_argument);
  std::istringstream in2(bytes);
  nn::mlp<double, nn::dense<2, 3, nn::leaky_relu_with<std::ratio<1, 5>>>, nn::dense<3, 1, nn::sigmoid>> leaky;
  CHECK_THROWS_WITH_AS(nn::load(leaky, in2),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, relu>, "
                       "dense<3, 1, sigmoid>], the network is [dense<2, 3, leaky_relu(0.2)>, "
                       "dense<3, 1, sigmoid>]",
                       std::invalid_argument);
  std::istringstream in3(bytes);
  nn::mlp<float, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>> single;
  CHECK_THROWS_WITH_AS(nn::load(single, in3),
                       "advdiv::nn::load: scalar type mismatch: the file holds double parameters, "
                       "the network float",
                       std::invalid_argument);
  std::istringstream in4(bytes);
  nn::mlp<double, nn::dense<2, 3, nn::relu>, nn::dense<3, 1, nn::sigmoid>, nn::dense<1, 1>> deeper;
  CHECK_THROWS_AS(nn::load(deeper, in4), std::invalid_argument);
}

TEST_CASE("parameter files: every truncation and every corrupted byte throws, net unchanged") {
  const small_net a(nn::orthogonal{}, 1);
  const std::string bytes = saved_bytes(a);
  small_net b(nn::glorot_uniform{}, 2);
  const auto before = params_of(b);

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    const std::string prefix = bytes.substr(0, n);
    if (n < 8)
      CHECK_THROWS_WITH_AS(load_bytes(b, prefix),
                           ("advdiv::nn::load: the file is truncated (" + std::to_string(n) +
                            " bytes)")
                               .c_str(),
                           std::runtime_error);
    else
      CHECK_THROWS_AS(load_bytes(b, prefix), std::runtime_error);
    CHECK(params_of(b) == before);
  }
  CHECK_THROWS_WITH_AS(load_bytes(b, bytes.substr(0, bytes.size() - 1)),
                       ("advdiv::nn::load: the file is truncated (" +
                        std::to_string(bytes.size() - 1) + " bytes)")
                           .c_str(),
                       std::runtime_error);
  for (std::size_t k = 0; k < bytes.size(); ++k)
    for (int bit : {0, 7}) {
      CAPTURE(k);
      std::string bad = bytes;
      bad[k] = char(bad[k] ^ (1 << bit));
      CHECK_THROWS_AS(load_bytes(b, bad), std::runtime_error);
      CHECK(params_of(b) == before);
    }
  CHECK_THROWS_WITH_AS(load_bytes(b, "NOTANNET" + bytes.substr(8)),
                       "advdiv::nn::load: not an advdiv network file (bad magic)",
                       std::runtime_error);
  std::string body = bytes;
  body[70] = char(body[70] ^ 0x10);  // one bit of a parameter
  CHECK_THROWS_WITH_AS(load_bytes(b, body),
                       "advdiv::nn::load: the file is corrupt (checksum mismatch)",
                       std::runtime_error);
  body = bytes;
  body[8] = 9;  // version 9
  CHECK_THROWS_WITH_AS(load_bytes(b, body),
                       "advdiv::nn::load: unsupported file format version 9 (this build reads "
                       "version 1)",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(load_bytes(b, bytes + "x"),
                       "advdiv::nn::load: the file has 1 trailing bytes", std::runtime_error);
  // A NaN parameter with a valid checksum is still refused.
  std::string nan_file = bytes;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::memcpy(&nan_file[8 + 12 + 40 + 8 + 3 * 8], &nan, 8);  // little-endian host
  reseal(nan_file);
  CHECK_THROWS_WITH_AS(load_bytes(b, nan_file),
                       "advdiv::nn::load: parameters[3] = nan is not finite", std::domain_error);
  CHECK(params_of(b) == before);

  small_net c;
  c.parameters()[5] = std::numeric_limits<double>::infinity();
  std::ostringstream out;
  CHECK_THROWS_WITH_AS(nn::save(c, out), "advdiv::nn::save: parameters[5] = inf is not finite",
                       std::domain_error);
  CHECK(out.str().empty());
}

TEST_CASE("parameter files: every failure of the file functions names the function") {
  const scratch_dir dir;
  const small_net a(nn::orthogonal{}, 1);
  small_net b(nn::glorot_uniform{}, 2);
  const auto before = params_of(b);
  const std::string bytes = saved_bytes(a);

  // A directory: load names it (libstdc++ would otherwise throw its own unprefixed
  // "basic_filebuf::underflow" failure), save cannot open it.
  const std::string folder = dir.path.string();
  CHECK_THROWS_WITH_AS(nn::load(b, folder),
                       ("advdiv::nn::load: '" + folder + "' is a directory, not a file").c_str(),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(nn::save(a, folder),
                       ("advdiv::nn::save: cannot open '" + folder + "' for writing").c_str(),
                       std::runtime_error);
  // A directory opened as a stream by the caller.
  std::ifstream dir_stream(folder, std::ios::binary);
  REQUIRE(dir_stream.is_open());
  CHECK_THROWS_WITH_AS(nn::load(b, dir_stream),
                       "advdiv::nn::load: reading the stream failed (Is a directory)",
                       std::runtime_error);
  // A missing file.
  const std::string missing = dir.file("missing.advnn");
  CHECK_THROWS_WITH_AS(nn::load(b, missing),
                       ("advdiv::nn::load: cannot open '" + missing + "'").c_str(),
                       std::runtime_error);
  // A truncated file.
  const std::string truncated = dir.file("truncated.advnn");
  write_file(truncated, bytes.substr(0, 30));
  CHECK_THROWS_WITH_AS(nn::load(b, truncated), "advdiv::nn::load: the file is truncated (30 bytes)",
                       std::runtime_error);
  // Garbage.
  const std::string garbage = dir.file("garbage.advnn");
  write_file(garbage, std::string(200, '\x5a'));
  CHECK_THROWS_WITH_AS(nn::load(b, garbage),
                       "advdiv::nn::load: not an advdiv network file (bad magic)",
                       std::runtime_error);
  // An empty file.
  const std::string empty = dir.file("empty.advnn");
  write_file(empty, "");
  CHECK_THROWS_WITH_AS(nn::load(b, empty), "advdiv::nn::load: the file is truncated (0 bytes)",
                       std::runtime_error);
  // Another architecture, from a file.
  const std::string other = dir.file("other.advnn");
  nn::save(nn::mlp<double, nn::dense<2, 3, nn::tanh>, nn::dense<3, 1, nn::sigmoid>>{}, other);
  CHECK_THROWS_WITH_AS(nn::load(b, other),
                       "advdiv::nn::load: architecture mismatch: the file holds [dense<2, 3, tanh>, "
                       "dense<3, 1, sigmoid>], the network is [dense<2, 3, relu>, dense<3, 1, "
                       "sigmoid>]",
                       std::invalid_argument);
  CHECK(params_of(b) == before);

  // A stream that refuses every byte, quietly and then with its exceptions enabled
  // (std::ios_base::failure, which is itself a std::runtime_error, must not escape raw).
  refusing_buffer refuse;
  std::ostream quiet(&refuse);
  CHECK_THROWS_WITH_AS(nn::save(a, quiet), "advdiv::nn::save: writing the stream failed",
                       std::runtime_error);
  std::ostream loud(&refuse);
  loud.exceptions(std::ios::badbit);
  try {
    nn::save(a, loud);
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).starts_with("advdiv::nn::save: writing the stream failed ("));
  }

  // A non-finite network leaves an existing file as it was.
  const std::string kept = dir.file("kept.advnn");
  nn::save(a, kept);
  small_net nan_net;
  nan_net.parameters()[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(nn::save(nan_net, kept),
                       "advdiv::nn::save: parameters[0] = nan is not finite", std::domain_error);
  nn::load(b, kept);
  CHECK(params_of(b) == params_of(a));
}
