// Kernel health around every case: new WARN/BUG/Oops/"Bad page" lines in the kernel log and new
// taint bits fail the case that caused them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/common.h"

namespace daxprop {

class KmsgCursor {
 public:
  // Positions the cursor at the end of the log; `available()` says whether /dev/kmsg could be
  // read (it needs CAP_SYSLOG when dmesg_restrict is set).
  KmsgCursor();
  bool available() const { return static_cast<bool>(fd_); }
  const std::string& unavailable_reason() const { return why_; }
  // Log records since the last call that say the kernel is unwell.
  std::vector<std::string> bad_lines();
  // Every log record's message since the last call (a report's RIP and call-trace lines give
  // its signature: src/signature.h).
  std::vector<std::string> read_all();
  // Writes `text` into the kernel log at KERN_NOTICE (it reaches the serial console): the test
  // that begins, so the console of a panicked guest says whose panic it was.
  static void mark(const std::string& text);
  // The records of `lines` that say the kernel is unwell.
  static std::vector<std::string> bad_of(const std::vector<std::string>& lines);
  // Writes "daxprop: op N" (0-based) into the kernel log at KERN_DEBUG, which the console does
  // not print, before a case's op N runs ("daxprop: teardown" for N < 0, after its last op):
  // kmsg_where then names the op a bad record was logged during.
  static void mark_op(int n);
  // The substrings that make a record bad (the C reproducer checks the same list).
  static const std::vector<std::string>& bad_patterns();
  // Classifies one kmsg record's message.
  static bool is_bad(const std::string& msg);

 private:
  UniqueFd fd_;
  std::string why_;
};

// Where the first bad record of `lines` (a case's kernel log, with its mark_op markers) was
// logged: "during op N (<op>)" (1-based), "during the teardown after the last op", or "" when no
// marker precedes it (no markers written, or the record came before the case's first op).
std::string kmsg_where(const std::vector<std::string>& lines, const std::vector<std::string>& ops);
// The same as an index: the op (0-based) the first bad record was logged during, kTeardownOp
// for the teardown, kNoOp when no marker precedes it (or nothing is bad).
constexpr int kNoOp = -1, kTeardownOp = -2;
int kmsg_op(const std::vector<std::string>& lines);

// A case's kernel health: "" when its bad kernel-log lines and new taint bits are none, else
// the verdict, and `signature` gets "new taint ..." (a kernel report's title, kmsg_title, is the
// better signature where there is one: the caller prefers it).
std::string health_verdict(const std::vector<std::string>& bad, const std::string& taint,
                           std::string* signature);

// Taint bits now set that were not set in `before`, as "W(warn) D(die)..." text; empty if none.
uint64_t read_taint();
std::string new_taint(uint64_t before, uint64_t after);

}  // namespace daxprop
