// Memory accesses that may fault. SIGSEGV/SIGBUS raised inside a guarded copy are observed
// (signal, si_code, si_addr, si_addr_lsb) and end the copy; anywhere else they stay fatal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace daxprop {

struct FaultInfo {
  int sig = 0;
  int code = 0;
  uintptr_t addr = 0;
  int addr_lsb = 0;
};

struct GuardedResult {
  size_t done = 0;  // bytes moved before the fault (all of them if none)
  std::optional<FaultInfo> fault;
};

// Installs the handlers and this thread's alternate signal stack. Idempotent per thread.
void guard_install();

// Copy through a mapping one 4 KiB page of the mapping at a time, so a fault stops the copy on
// a page boundary and everything before it has been moved.
GuardedResult guarded_read(const uint8_t* mapped, uint8_t* out, size_t n);
GuardedResult guarded_write(uint8_t* mapped, const uint8_t* in, size_t n);

}  // namespace daxprop
