#pragma once
// Shared pieces of the libFuzzer harnesses: a reader that turns raw bytes into sizes,
// doubles and choices; the check that an exception is one the contract allows, with the
// standard message; and the report that turns a broken invariant into a finding (abort).
//
// A harness defines LLVMFuzzerTestOneInput. It is linked either with libFuzzer
// (clang -fsanitize=fuzzer, scripts/fuzz.sh) or with replay_main.cpp, which runs the
// files of a corpus once (the regression test of tests/fuzz/CMakeLists.txt).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

/// Reads values from the fuzzer's bytes; past the end every read returns 0.
class byte_reader {
 public:
  byte_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::size_t remaining() const noexcept { return size_ - pos_; }
  std::uint8_t u8() noexcept { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint16_t u16() noexcept { return std::uint16_t(u8() | (unsigned(u8()) << 8)); }
  std::uint64_t u64() noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t(u8()) << (8 * i);
    return v;
  }
  /// Any bit pattern: NaN, ±inf, ±0, subnormals included.
  double raw_double() noexcept {
    const std::uint64_t v = u64();
    double d;
    std::memcpy(&d, &v, sizeof d);
    return d;
  }
  /// One of a table of values that sit on the edges of double arithmetic (one byte).
  double special() noexcept {
    static const double table[] = {
        0.0, -0.0, 4.9406564584124654e-324, 1e-323, 2.2250738585072014e-308, 1e-309, 1e-310,
        1e-300, 1e-200, 1e-170, 1e-160, 1e-154, 1e-100, 1e-50, 1e-20, 1e-16, 1e-15, 1e-10,
        1e-5, 1e-3, 0.01, 0.1, 0.2, 0.25, 1.0 / 3.0, 0.5, 2.0 / 3.0, 0.75, 0.9, 0.99,
        1.0 - 1e-15, 1.0 - 1e-9, 1.0, 1.0 + 1e-15, 2.0, 3.0, 10.0, 1e3, 1e10, 1e15, 1e16,
        1e20, 1e100, 1e154, 1e200, 1e300, 1e308, 1.5e308, 1.7976931348623157e308,
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN(), -1.0, -1e-300, -0.5};
    constexpr std::size_t n = sizeof table / sizeof table[0];
    return table[u8() % n];
  }
  /// A value chosen by a selector byte: the table, a raw pattern, or a small grid value.
  double value() noexcept {
    const std::uint8_t sel = u8();
    if (sel < 128) return special();
    if (sel < 224) return raw_double();
    return double(sel - 224) / 8.0;  // 0, 0.125, ..., 3.875
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// What the harness is running, printed with a finding (the decoded input).
inline std::string note;

/// A broken invariant: print what, where and the values, then abort (libFuzzer saves the
/// input as crash-<sha1>).
[[noreturn]] inline void finding(const std::string& function, const std::string& what) {
  std::fprintf(stderr, "\n=== FINDING in %s: %s\n", function.c_str(), what.c_str());
  if (!note.empty()) std::fprintf(stderr, "    input: %s\n", note.c_str());
  std::fflush(stderr);
  std::abort();
}

inline std::string num(long double x) {  // 17 significant digits
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17Lg", x);
  return buf;
}

/// "[x0, x1, ...]" with 17 significant digits.
template <class V>
std::string list(const V& v) {
  std::string s = "[";
  bool first = true;
  for (const auto& x : v) {
    s += (first ? "" : ", ") + num(static_cast<long double>(x));
    first = false;
  }
  return s + "]";
}

/// Does `what` read "<function>: <text>" with a non-empty text?
inline bool standard_message(std::string_view what, std::string_view function) {
  if (what.size() <= function.size() + 2) return false;
  if (what.substr(0, function.size()) != function) return false;
  if (what.substr(function.size(), 2) != ": ") return false;
  return what[function.size() + 2] != ' ';
}

/// The what() of the last contract exception caught by call().
inline std::string last_message;

/// How a call ended.
enum class outcome { value, invalid_argument, domain_error };

/// Runs f(); returns outcome::value or the contract exception that f threw. Any other
/// exception, or a contract exception without "<function>: " in front, is a finding.
/// `allow_runtime_error` allows std::runtime_error too (nn::load's file errors).
template <class F>
outcome call(const std::string& function, F&& f, bool allow_runtime_error = false) {
  try {
    f();
    return outcome::value;
  } catch (const std::invalid_argument& e) {
    last_message = e.what();
    if (!standard_message(e.what(), function))
      finding(function, std::string("invalid_argument without the standard message: ") + e.what());
    return outcome::invalid_argument;
  } catch (const std::domain_error& e) {
    last_message = e.what();
    if (!standard_message(e.what(), function))
      finding(function, std::string("domain_error without the standard message: ") + e.what());
    return outcome::domain_error;
  } catch (const std::runtime_error& e) {
    last_message = e.what();
    if (!allow_runtime_error) finding(function, std::string("unexpected runtime_error: ") + e.what());
    if (!standard_message(e.what(), function))
      finding(function, std::string("runtime_error without the standard message: ") + e.what());
    return outcome::domain_error;
  } catch (const std::exception& e) {
    finding(function, std::string("unexpected exception type: ") + e.what());
  } catch (...) {
    finding(function, "unexpected non-std exception");
  }
}

/// |x − y| ≤ abs + rel·max(|x|, |y|), with inf == inf of the same sign.
inline bool close(long double x, long double y, long double rel, long double abs) {
  if (std::isnan(x) || std::isnan(y)) return false;
  if (std::isinf(x) || std::isinf(y)) return x == y;
  return std::fabs(x - y) <= abs + rel * std::fmax(std::fabs(x), std::fabs(y));
}

}  // namespace fuzz
