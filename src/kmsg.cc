#include "src/kmsg.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>

#include "src/rt/rt.h"

namespace daxprop {

KmsgCursor::KmsgCursor() {
  fd_.reset(open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd_) {
    why_ = last_error("open(/dev/kmsg)").str();
    return;
  }
  lseek(fd_.get(), 0, SEEK_END);
}

// The runtime's list (src/rt/rt_kmsg.c), which the reproducers judge by too.
const std::vector<std::string>& KmsgCursor::bad_patterns() {
  static const std::vector<std::string> kBad = [] {
    std::vector<std::string> v;
    for (int i = 0; rt_bad_patterns[i]; i++) v.emplace_back(rt_bad_patterns[i]);
    return v;
  }();
  return kBad;
}

bool KmsgCursor::is_bad(const std::string& msg) { return rt_bad_match(msg.c_str()) != nullptr; }

std::vector<std::string> KmsgCursor::bad_lines() { return bad_of(read_all()); }

std::vector<std::string> KmsgCursor::bad_of(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (is_bad(l)) out.push_back(l);
  }
  return out;
}

namespace {

// One record into the kernel log. One open per record: /dev/kmsg rate-limits the writes of one
// open file (printk_devkmsg). Without a kernel log to write to, nothing is lost that the
// journal does not also say.
void write_record(const std::string& rec) {
  UniqueFd k(open("/dev/kmsg", O_WRONLY | O_CLOEXEC));
  if (k && write(k.get(), rec.data(), rec.size()) < 0) {
    // no kernel log to write to
  }
}

}  // namespace

void KmsgCursor::mark(const std::string& text) { write_record("<5>" + text + "\n"); }

void KmsgCursor::mark_op(int n) {
  write_record(n < 0 ? "<7>daxprop: teardown\n" : "<7>daxprop: op " + std::to_string(n) + "\n");
}

int kmsg_op(const std::vector<std::string>& lines) {
  static const std::string kOp = "daxprop: op ", kTeardown = "daxprop: teardown";
  int at = kNoOp;
  for (const auto& l : lines) {
    if (starts_with(l, kOp)) {
      at = static_cast<int>(strtoul(l.c_str() + kOp.size(), nullptr, 10));
    } else if (starts_with(l, kTeardown)) {
      at = kTeardownOp;
    } else if (KmsgCursor::is_bad(l)) {
      return at;
    }
  }
  return kNoOp;
}

std::string kmsg_where(const std::vector<std::string>& lines, const std::vector<std::string>& ops) {
  const int at = kmsg_op(lines);
  if (at == kTeardownOp) return "during the teardown after the last op";
  if (at == kNoOp) return "";
  const size_t n = static_cast<size_t>(at);
  return "during op " + std::to_string(n + 1) + (n < ops.size() ? " (" + ops[n] + ")" : "");
}

std::vector<std::string> KmsgCursor::read_all() {
  std::vector<std::string> out;
  if (!fd_) return out;
  char buf[8192];
  while (true) {
    ssize_t n = read(fd_.get(), buf, sizeof buf - 1);
    if (n < 0 && errno == EPIPE) continue;  // records were overwritten; keep reading
    if (n <= 0) break;
    std::string rec(buf, static_cast<size_t>(n));
    // "prio,seq,usec,flags;message\n CONTINUATION..."
    auto semi = rec.find(';');
    std::string msg = semi == std::string::npos ? rec : rec.substr(semi + 1);
    msg = msg.substr(0, msg.find('\n'));
    if (out.size() < 4000) out.push_back(msg);  // a flood: its start says what it is
  }
  return out;
}

std::string health_verdict(const std::vector<std::string>& bad, const std::string& taint,
                           std::string* signature) {
  if (bad.empty() && taint.empty()) return "";
  *signature = "new taint " + taint;
  return "kernel health: " + (bad.empty() ? "" : "kmsg: " + join(bad, " | ")) +
         (taint.empty() ? "" : " new taint: " + taint);
}

uint64_t read_taint() {
  auto t = read_file("/proc/sys/kernel/tainted");
  return t ? parse_u64(trim(*t)).value_or(0) : 0;
}

std::string new_taint(uint64_t before, uint64_t after) {
  // Documentation/admin-guide/tainted-kernels.rst
  static const char* kFlags = "PFSRMBUDAWCIOELKXTN";
  uint64_t added = after & ~before;
  std::string s;
  for (int b = 0; b < 64; b++) {
    if (!(added & (1ULL << b))) continue;
    if (!s.empty()) s += ' ';
    s += b < 19 ? std::string(1, kFlags[b]) : "bit" + std::to_string(b);
    s += "(" + std::to_string(b) + ")";
  }
  return s;
}

}  // namespace daxprop
