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
  // Classifies one kmsg record's message.
  static bool is_bad(const std::string& msg);

 private:
  UniqueFd fd_;
  std::string why_;
};

// Taint bits now set that were not set in `before`, as "W(warn) D(die)..." text; empty if none.
uint64_t read_taint();
std::string new_taint(uint64_t before, uint64_t after);

}  // namespace daxprop
