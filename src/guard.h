// Memory accesses that may fault. SIGSEGV/SIGBUS raised inside a guarded copy are observed
// (signal, si_code, si_addr, si_addr_lsb) and end the copy; anywhere else they stay fatal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

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

// Touches the first byte of every 4 KiB page in [mapped, mapped + n) in address order (a load;
// with `store`, a store of the byte just loaded) and appends to `faults` the page faults this
// thread took for each 2 MiB-aligned unit of virtual address space the range overlaps. Faults
// are counted with getrusage(RUSAGE_THREAD) (ru_minflt + ru_majflt: mm/memory.c
// mm_account_fault charges every completed fault to current), read around each unit's loop;
// nothing else is touched inside the loop, so the count is the probe's own. A signal ends the
// probe as in a guarded copy; `faults` then holds the units completed before it.
GuardedResult probe_faults(uint8_t* mapped, size_t n, bool store, std::vector<uint32_t>& faults);
uint64_t thread_faults();
// madvise(2) under the guard: MADV_HWPOISON sends the caller SIGBUS/BUS_MCEERR_AR during the
// call. *rc is madvise's return value (-1 with errno) when no signal came.
GuardedResult guarded_madvise(uint8_t* a, size_t len, int advice, long* rc);

}  // namespace daxprop
