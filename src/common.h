// Small shared vocabulary: Result<T>, errno/signal names, byte patterns, hexdumps.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace daxprop {

inline constexpr uint64_t kKiB = 1024;
inline constexpr uint64_t kMiB = 1024 * kKiB;
inline constexpr uint64_t kGiB = 1024 * kMiB;
inline constexpr uint64_t kPage = 4096;  // base page; huge backings declare their own unit

// An error from a system call: errno and the call as it was made, formatted.
struct SysError {
  int err = 0;
  std::string call;
  std::string str() const;
};

// Fallible factories return Result<T>: a value or the failed call with its errno.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  Result(SysError e) : v_(std::move(e)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const SysError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, SysError> v_;
};

// errno of the last failed call, with the call spelled out for the message.
SysError last_error(std::string call);

// "EINVAL" for EINVAL; "E123" for anything unnamed. Parses back with errno_from_name.
std::string errno_name(int err);
std::optional<int> errno_from_name(std::string_view name);
std::string signal_name(int sig);
std::optional<int> signal_from_name(std::string_view name);
// si_code names for SIGSEGV/SIGBUS ("SEGV_MAPERR", "BUS_ADRERR", ...).
std::string sicode_name(int sig, int code);
std::optional<int> sicode_from_name(int sig, std::string_view name);

std::string hex(uint64_t v);
// Parses 0x.., decimal, or a size with K/M/G suffix ("2M"). Nothing on garbage or overflow.
std::optional<uint64_t> parse_u64(std::string_view s);
// "2M", "1G", "4K", or the number of bytes.
std::string size_name(uint64_t bytes);
// Parses a duration: "90", "90s", "10m", "1h". Seconds.
std::optional<double> parse_duration(std::string_view s);

// Position-dependent bytes: every 8-byte word differs by pattern id and by its index, so a page
// that lands at the wrong offset is told apart from the right one.
void pattern_fill(uint32_t pat, uint64_t first_index, std::span<uint8_t> out);
uint32_t crc32(std::span<const uint8_t> data);

// Two columns of hex around `at`: expected (with ?? for bytes the model cannot know) vs seen.
std::string hexdump_diff(std::span<const uint8_t> expected, const std::vector<bool>* known,
                         std::span<const uint8_t> seen, size_t at, uint64_t base_off);

std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& v, std::string_view sep);
std::string trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view p);

// Writes the whole buffer or fails; retries on EINTR and short writes.
bool write_all(int fd, const void* buf, size_t n);
// Reads exactly n bytes; false on EOF or error.
bool read_all(int fd, void* buf, size_t n);
Result<std::string> read_file(const std::string& path);
// The file's bytes, or "" if it cannot be read (a log or report that may be missing).
std::string slurp(const std::string& path);
bool write_file(const std::string& path, std::string_view content);
std::string kernel_release();
// KERNEL_VERSION(a, b, c) of a release string ("6.12.117-amd64" -> 0x060c75); 0 if unparsable.
uint32_t kernel_version_code(const std::string& release);
// "6.12" for a KERNEL_VERSION code.
std::string kernel_version_name(uint32_t code);
constexpr uint32_t kv(uint32_t a, uint32_t b) { return (a << 16) | (b << 8); }

// Move-only owner of a file descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  explicit operator bool() const { return fd_ >= 0; }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

}  // namespace daxprop
