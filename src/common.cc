#include "src/common.h"

#include "src/rt/rt.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace daxprop {

std::string SysError::str() const { return call + ": " + errno_name(err) + " (" + strerror(err) + ")"; }

SysError last_error(std::string call) { return SysError{errno, std::move(call)}; }

namespace {
struct Named {
  int v;
  const char* n;
};
constexpr std::array kErrnos = {
    Named{EPERM, "EPERM"},   Named{ENOENT, "ENOENT"},   Named{EINTR, "EINTR"},
    Named{EIO, "EIO"},       Named{ENXIO, "ENXIO"},     Named{E2BIG, "E2BIG"},
    Named{EBADF, "EBADF"},   Named{EAGAIN, "EAGAIN"},   Named{ENOMEM, "ENOMEM"},
    Named{EACCES, "EACCES"}, Named{EFAULT, "EFAULT"},   Named{EBUSY, "EBUSY"},
    Named{EEXIST, "EEXIST"}, Named{ENODEV, "ENODEV"},   Named{EINVAL, "EINVAL"},
    Named{ENFILE, "ENFILE"}, Named{EMFILE, "EMFILE"},   Named{ETXTBSY, "ETXTBSY"},
    Named{EFBIG, "EFBIG"},   Named{ENOSPC, "ENOSPC"},   Named{ESPIPE, "ESPIPE"},
    Named{EROFS, "EROFS"},   Named{EPIPE, "EPIPE"},     Named{ERANGE, "ERANGE"},
    Named{ENOSYS, "ENOSYS"}, Named{EOVERFLOW, "EOVERFLOW"}, Named{EOPNOTSUPP, "EOPNOTSUPP"},
    Named{ETIMEDOUT, "ETIMEDOUT"}, Named{EHWPOISON, "EHWPOISON"},
};
constexpr std::array kSignals = {
    Named{SIGSEGV, "SIGSEGV"}, Named{SIGBUS, "SIGBUS"}, Named{SIGKILL, "SIGKILL"},
    Named{SIGABRT, "SIGABRT"}, Named{SIGILL, "SIGILL"}, Named{SIGFPE, "SIGFPE"},
    Named{SIGTERM, "SIGTERM"}, Named{SIGPIPE, "SIGPIPE"}, Named{SIGTRAP, "SIGTRAP"},
};
constexpr std::array kSegvCodes = {Named{SEGV_MAPERR, "SEGV_MAPERR"},
                                   Named{SEGV_ACCERR, "SEGV_ACCERR"},
                                   Named{SEGV_PKUERR, "SEGV_PKUERR"}};
constexpr std::array kBusCodes = {Named{BUS_ADRALN, "BUS_ADRALN"}, Named{BUS_ADRERR, "BUS_ADRERR"},
                                  Named{BUS_OBJERR, "BUS_OBJERR"},
                                  Named{BUS_MCEERR_AR, "BUS_MCEERR_AR"},
                                  Named{BUS_MCEERR_AO, "BUS_MCEERR_AO"}};

template <typename A>
std::string name_of(const A& table, int v, const char* prefix) {
  for (const auto& e : table) {
    if (e.v == v) return e.n;
  }
  return prefix + std::to_string(v);
}
template <typename A>
std::optional<int> value_of(const A& table, std::string_view n, std::string_view prefix) {
  for (const auto& e : table) {
    if (n == e.n) return e.v;
  }
  if (starts_with(n, prefix) && n.size() > prefix.size()) {
    auto v = parse_u64(n.substr(prefix.size()));
    if (v && *v < 4096) return static_cast<int>(*v);
  }
  return std::nullopt;
}
}  // namespace

std::string errno_name(int err) { return name_of(kErrnos, err, "E"); }
std::optional<int> errno_from_name(std::string_view n) { return value_of(kErrnos, n, "E"); }
std::string signal_name(int sig) { return name_of(kSignals, sig, "SIG"); }
std::optional<int> signal_from_name(std::string_view n) { return value_of(kSignals, n, "SIG"); }
std::string sicode_name(int sig, int code) {
  if (sig == SIGSEGV) return name_of(kSegvCodes, code, "CODE");
  if (sig == SIGBUS) return name_of(kBusCodes, code, "CODE");
  return "CODE" + std::to_string(code);
}
std::optional<int> sicode_from_name(int sig, std::string_view n) {
  if (sig == SIGSEGV) return value_of(kSegvCodes, n, "CODE");
  if (sig == SIGBUS) return value_of(kBusCodes, n, "CODE");
  return value_of(std::array<Named, 0>{}, n, "CODE");
}

std::string hex(uint64_t v) {
  char b[24];
  snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

std::optional<uint64_t> parse_u64(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t mult = 1;
  int base = 10;
  if (starts_with(s, "0x") || starts_with(s, "0X")) {
    base = 16;
    s.remove_prefix(2);
  } else {
    switch (s.back()) {
      case 'K': mult = kKiB; break;
      case 'M': mult = kMiB; break;
      case 'G': mult = kGiB; break;
      default: break;
    }
    if (mult != 1) s.remove_suffix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (v > (UINT64_MAX - d) / base) return std::nullopt;
    v = v * base + d;
  }
  if (v > UINT64_MAX / mult) return std::nullopt;
  return v * mult;
}

std::optional<double> parse_duration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double mult = 1;
  switch (s.back()) {
    case 's': s.remove_suffix(1); break;
    case 'm': mult = 60; s.remove_suffix(1); break;
    case 'h': mult = 3600; s.remove_suffix(1); break;
    default: break;
  }
  if (s.empty()) return std::nullopt;
  std::string str(s);
  char* end = nullptr;
  errno = 0;
  double v = strtod(str.c_str(), &end);
  if (errno != 0 || end != str.c_str() + str.size() || !(v > 0) || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v * mult;
}

// The bytes and the CRC are the runtime's (src/rt/rt_data.c): the reproducers compute the same.
void pattern_fill(uint32_t pat, uint64_t first_index, std::span<uint8_t> out) {
  rt_pattern_fill(pat, first_index, out.data(), out.size());
}

uint32_t crc32(std::span<const uint8_t> data) { return rt_crc32(data.data(), data.size()); }

std::string hexdump_diff(std::span<const uint8_t> expected, const std::vector<bool>* known,
                         std::span<const uint8_t> seen, size_t at, uint64_t base_off) {
  std::ostringstream os;
  size_t start = at >= 32 ? ((at - 32) & ~size_t{15}) : 0;
  size_t end = std::min(std::max(expected.size(), seen.size()), start + 80);
  os << "      offset   expected                                          | seen\n";
  for (size_t row = start; row < end; row += 16) {
    char b[32];
    snprintf(b, sizeof b, "  %10llx ", static_cast<unsigned long long>(base_off + row));
    os << b;
    for (size_t i = row; i < row + 16; i++) {
      if (i >= expected.size()) {
        os << "   ";
      } else if (known && !(*known)[i]) {
        os << " ??";
      } else {
        snprintf(b, sizeof b, " %02x", expected[i]);
        os << b;
      }
    }
    os << " |";
    for (size_t i = row; i < row + 16; i++) {
      if (i >= seen.size()) {
        os << "   ";
      } else {
        bool diff = i < expected.size() && (!known || (*known)[i]) && expected[i] != seen[i];
        snprintf(b, sizeof b, "%c%02x", diff ? '*' : ' ', seen[i]);
        os << b;
      }
    }
    os << (row <= at && at < row + 16 ? "   <- first difference" : "") << "\n";
  }
  return os.str();
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t b = 0;
  while (true) {
    size_t e = s.find(sep, b);
    out.emplace_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); i++) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool write_all(int fd, const void* buf, size_t n) {
  const auto* p = static_cast<const char*>(buf);
  while (n > 0) {
    ssize_t r = write(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool read_all(int fd, void* buf, size_t n) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

Result<std::string> read_file(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return last_error("open(" + path + ")");
  std::string out;
  char buf[8192];
  while (true) {
    ssize_t r = read(fd.get(), buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return last_error("read(" + path + ")");
    if (r == 0) break;
    out.append(buf, static_cast<size_t>(r));
  }
  return out;
}

std::string slurp(const std::string& path) {
  auto t = read_file(path);
  return t ? *t : "";
}

bool write_file(const std::string& path, std::string_view content) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  return fd && write_all(fd.get(), content.data(), content.size());
}

std::string kernel_release() {
  struct utsname u {};
  uname(&u);
  return u.release;
}

uint32_t kernel_version_code(const std::string& release) {
  unsigned a = 0, b = 0, c = 0;
  if (sscanf(release.c_str(), "%u.%u.%u", &a, &b, &c) < 2) return 0;
  return (a << 16) | (b << 8) | std::min(c, 255u);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) reset(o.release());
  return *this;
}
UniqueFd::~UniqueFd() { reset(); }
void UniqueFd::reset(int fd) {
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
}

std::string size_name(uint64_t b) {
  if (b && b % kGiB == 0) return std::to_string(b / kGiB) + "G";
  if (b && b % kMiB == 0) return std::to_string(b / kMiB) + "M";
  if (b && b % kKiB == 0) return std::to_string(b / kKiB) + "K";
  return std::to_string(b);
}

std::string kernel_version_name(uint32_t code) {
  return std::to_string(code >> 16) + "." + std::to_string((code >> 8) & 0xff);
}

}  // namespace daxprop
