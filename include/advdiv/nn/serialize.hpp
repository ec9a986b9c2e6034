#pragma once
/// \file
/// Saving and loading the parameters of an nn::mlp.
///
/// File format (version 1), all integers and floats little-endian, IEEE 754:
///
/// | bytes    | content                                                        |
/// |----------|----------------------------------------------------------------|
/// | 8        | magic `ADVDIVNN`                                               |
/// | 4        | u32 format version (1)                                         |
/// | 4        | u32 bytes per scalar (4: float, 8: double)                     |
/// | 4        | u32 layer count L                                              |
/// | 20·L     | per layer: u32 inputs, u32 outputs, u32 activation id, f64 activation parameter |
/// | 8        | u64 parameter count P = Σ (in·out + out)                       |
/// | P·size   | the parameters in nn::mlp::parameters() order (W column-major, then b) |
/// | 8        | u64 FNV-1a hash of every preceding byte                        |
///
/// Loading reads and checks everything before it writes a single parameter, so a failed
/// load leaves the network unchanged. Every failure of save and load throws an exception
/// whose message starts with `advdiv::nn::save:` or `advdiv::nn::load:`.

#include <advdiv/core/checks.hpp>
#include <advdiv/nn/activation.hpp>
#include <advdiv/nn/dense.hpp>
#include <advdiv/nn/mlp.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <istream>
#include <iterator>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace advdiv::nn {

/// Version of the parameter file format written by nn::save.
inline constexpr std::uint32_t file_format_version = 1;

namespace detail {

inline constexpr char file_magic[8] = {'A', 'D', 'V', 'D', 'I', 'V', 'N', 'N'};

inline std::uint64_t fnv1a(const unsigned char* p, std::size_t n) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

class byte_writer {
 public:
  template <class U>
  void put_uint(U v) {
    for (std::size_t i = 0; i < sizeof(U); ++i) bytes.push_back((unsigned char)(v >> (8 * i)));
  }
  void put(float v) { put_uint(std::bit_cast<std::uint32_t>(v)); }
  void put(double v) { put_uint(std::bit_cast<std::uint64_t>(v)); }
  std::vector<unsigned char> bytes;
};

class byte_reader {
 public:
  byte_reader(const std::vector<unsigned char>& b, const char* fn) : bytes_(b), fn_(fn) {}
  template <class U>
  U get_uint() {
    need(sizeof(U));
    U v = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) v |= U(bytes_[pos_ + i]) << (8 * i);
    pos_ += sizeof(U);
    return v;
  }
  template <class T>
  T get() {
    if constexpr (std::is_same_v<T, float>)
      return std::bit_cast<float>(get_uint<std::uint32_t>());
    else
      return std::bit_cast<double>(get_uint<std::uint64_t>());
  }
  void need(std::size_t n) const {
    if (bytes_.size() - pos_ < n) truncated();
  }
  [[noreturn]] void truncated() const {
    throw std::runtime_error(std::string(fn_) + ": the file is truncated (" +
                             std::to_string(bytes_.size()) + " bytes)");
  }
  std::size_t position() const noexcept { return pos_; }
  std::size_t size() const noexcept { return bytes_.size(); }

 private:
  const std::vector<unsigned char>& bytes_;
  const char* fn_;
  std::size_t pos_ = 0;
};

inline std::string describe_layer(const layer_shape& s, const std::string& activation) {
  return "dense<" + std::to_string(s.input_dim) + ", " + std::to_string(s.output_dim) + ", " +
         activation + ">";
}

/// The layers of a network type, each activation named by its own trait.
template <class... Layers>
std::string describe_network() {
  std::string out;
  std::size_t i = 0;
  ((out += (i++ ? ", " : "") +
           describe_layer(layer_shape{std::uint32_t(Layers::input_dim),
                                      std::uint32_t(Layers::output_dim)},
                          activation_name<typename Layers::activation_type>())),
   ...);
  return out;
}

/// The layers found in a file; activation ids are named by the network's own activation
/// types first, then by the built-in ones.
template <class... Layers>
std::string describe_file(const std::vector<layer_shape>& shapes) {
  std::string out;
  for (std::size_t i = 0; i < shapes.size(); ++i)
    out += (i ? ", " : "") +
           describe_layer(shapes[i],
                          activation_name_of_id<typename Layers::activation_type...>(
                              shapes[i].activation_id, shapes[i].activation_parameter));
  return out;
}

[[noreturn]] inline void throw_read_failure(const char* fn, const std::ios_base::failure& e) {
  throw std::runtime_error(std::string(fn) + ": reading the stream failed (" + e.code().message() +
                           ")");
}

}  // namespace detail

namespace detail {

/// The bytes of the parameter file of `net`.
/// \throws std::domain_error if a parameter is NaN or infinite.
template <class T, class... Layers>
std::vector<unsigned char> encode(const mlp<T, Layers...>& net, const char* fn) {
  const auto params = net.parameters();
  check_finite(fn, "parameters", params);
  byte_writer w;
  w.bytes.insert(w.bytes.end(), std::begin(file_magic), std::end(file_magic));
  w.put_uint(file_format_version);
  w.put_uint(std::uint32_t(sizeof(T)));
  const auto shapes = mlp<T, Layers...>::layer_shapes();
  w.put_uint(std::uint32_t(shapes.size()));
  for (const auto& s : shapes) {
    w.put_uint(s.input_dim);
    w.put_uint(s.output_dim);
    w.put_uint(s.activation_id);
    w.put(s.activation_parameter);
  }
  w.put_uint(std::uint64_t(params.size()));
  for (const T p : params) w.put(p);
  w.put_uint(fnv1a(w.bytes.data(), w.bytes.size()));
  return std::move(w.bytes);
}

inline void write_bytes(const char* fn, const std::vector<unsigned char>& bytes, std::ostream& out) {
  try {
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    out.flush();
  } catch (const std::ios_base::failure& e) {
    throw std::runtime_error(std::string(fn) + ": writing the stream failed (" +
                             e.code().message() + ")");
  }
  if (!out) throw std::runtime_error(std::string(fn) + ": writing the stream failed");
}

}  // namespace detail

/// Writes the parameters of `net` to `out` in the format above.
/// \throws std::domain_error if a parameter is NaN or infinite (nothing is written);
/// std::runtime_error if the stream fails (also when its exceptions are enabled).
/// \code
/// advdiv::nn::save(critic, "critic.advnn");
/// advdiv::nn::load(critic, "critic.advnn");
/// \endcode
template <class T, class... Layers>
void save(const mlp<T, Layers...>& net, std::ostream& out) {
  constexpr const char* fn = "advdiv::nn::save";
  detail::write_bytes(fn, detail::encode(net, fn), out);
}

/// Writes the parameters of `net` to the file `path` (replacing it; a network with a
/// non-finite parameter leaves an existing file as it was).
/// \throws as save(net, std::ostream&); std::runtime_error if the file cannot be opened
/// (a directory, a missing folder, no permission) or closing it fails.
template <class T, class... Layers>
void save(const mlp<T, Layers...>& net, const std::string& path) {
  constexpr const char* fn = "advdiv::nn::save";
  const std::vector<unsigned char> bytes = detail::encode(net, fn);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(std::string(fn) + ": cannot open '" + path + "' for writing");
  detail::write_bytes(fn, bytes, out);
  out.close();
  if (!out) throw std::runtime_error(std::string(fn) + ": writing '" + path + "' failed");
}

/// Reads parameters saved by nn::save into `net`, which must have the same architecture.
/// \throws std::runtime_error if the stream cannot be read, does not hold an advdiv network
/// file (bad magic, unknown version), is truncated, has trailing bytes, or fails its checksum;
/// std::invalid_argument if the file's layers (widths, activations) or scalar size differ
/// from net's, with both architectures in the message; std::domain_error if a stored
/// parameter is NaN or infinite. On any exception `net` is unchanged.
template <class T, class... Layers>
void load(mlp<T, Layers...>& net, std::istream& in) {
  constexpr const char* fn = "advdiv::nn::load";
  std::vector<unsigned char> bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure& e) {
    detail::throw_read_failure(fn, e);  // e.g. a directory opened as a file
  }
  if (in.bad()) throw std::runtime_error(std::string(fn) + ": reading the stream failed");
  detail::byte_reader r(bytes, fn);
  r.need(sizeof detail::file_magic);
  if (std::memcmp(bytes.data(), detail::file_magic, sizeof detail::file_magic) != 0)
    throw std::runtime_error(std::string(fn) + ": not an advdiv network file (bad magic)");
  for (std::size_t i = 0; i < sizeof detail::file_magic; ++i) r.get_uint<std::uint8_t>();
  const auto version = r.get_uint<std::uint32_t>();
  if (version != file_format_version)
    throw std::runtime_error(std::string(fn) + ": unsupported file format version " +
                             std::to_string(version) + " (this build reads version " +
                             std::to_string(file_format_version) + ")");
  const auto scalar_bytes = r.get_uint<std::uint32_t>();
  const auto layers = r.get_uint<std::uint32_t>();
  r.need(std::size_t(layers) * 20);  // before allocating anything from a corrupt count
  std::vector<layer_shape> shapes(layers);
  for (auto& s : shapes) {
    s.input_dim = r.get_uint<std::uint32_t>();
    s.output_dim = r.get_uint<std::uint32_t>();
    s.activation_id = r.get_uint<std::uint32_t>();
    s.activation_parameter = r.get<double>();
  }
  const auto count = r.get_uint<std::uint64_t>();
  if (scalar_bytes != 4 && scalar_bytes != 8)
    throw std::runtime_error(std::string(fn) + ": the file is corrupt (scalar size " +
                             std::to_string(scalar_bytes) + ")");
  const std::size_t data_start = r.position();
  if (count > (r.size() - data_start) / scalar_bytes) r.truncated();
  const std::size_t end = data_start + std::size_t(count) * scalar_bytes;
  if (r.size() - end < 8) r.truncated();  // the checksum is missing
  if (r.size() - end > 8)
    throw std::runtime_error(std::string(fn) + ": the file has " +
                             std::to_string(r.size() - end - 8) + " trailing bytes");
  std::uint64_t stored = 0;
  for (std::size_t i = 0; i < 8; ++i) stored |= std::uint64_t(bytes[end + i]) << (8 * i);
  if (stored != detail::fnv1a(bytes.data(), end))
    throw std::runtime_error(std::string(fn) + ": the file is corrupt (checksum mismatch)");

  using net_type = mlp<T, Layers...>;
  const auto expected = net_type::layer_shapes();
  if (!std::equal(shapes.begin(), shapes.end(), expected.begin(), expected.end()))
    advdiv::detail::throw_invalid_argument(fn, "architecture mismatch: the file holds [" +
                                           detail::describe_file<Layers...>(shapes) +
                                           "], the network is [" +
                                           detail::describe_network<Layers...>() + "]");
  if (scalar_bytes != sizeof(T))
    advdiv::detail::throw_invalid_argument(
        fn, "scalar type mismatch: the file holds " +
                std::string(scalar_bytes == 4 ? "float" : "double") + " parameters, the network " +
                (sizeof(T) == 4 ? "float" : "double"));
  if (count != net_type::parameter_count)
    throw std::runtime_error(std::string(fn) + ": the file is corrupt (parameter count " +
                             std::to_string(count) + ")");
  std::vector<T> values(net_type::parameter_count);
  for (T& v : values) v = r.get<T>();
  check_finite(fn, "parameters", std::span<const T>(values));
  std::copy(values.begin(), values.end(), net.parameters().begin());
}

/// Reads parameters from the file `path` into `net`.
/// \throws as load(net, std::istream&); std::runtime_error if `path` is a directory or the
/// file cannot be opened.
template <class T, class... Layers>
void load(mlp<T, Layers...>& net, const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw std::runtime_error("advdiv::nn::load: '" + path + "' is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("advdiv::nn::load: cannot open '" + path + "'");
  load(net, in);
}

}  // namespace advdiv::nn
