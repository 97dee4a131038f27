// The executor: applies ops to the kernel and observes what happened. One runtime (src/rt/)
// serves the properties, `replay` and the C reproducers.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "src/ops.h"
#include "src/rt/rt.h"
#include "src/traits.h"

namespace daxprop {

// Self-test hook: simulate a kernel bug so tests can prove the pipeline catches each kind.
enum class Inject {
  kNone,
  kLostWrite,   // a store through a mapping that would succeed does not land
  kNoSigbus,    // an access that raised SIGBUS is reported as a clean access (reads see zeros)
  kWrongErrno,  // a failing call reports EINVAL as ENOMEM and anything else as EINVAL
  kHang,        // the first store through a mapping never returns (a hung kernel path)
  kCrash,       // the first store through a mapping kills the case process (SIGKILL)
  kPanic,       // the first store through a mapping panics the kernel (sysrq 'c'; VM only)
  kLateWarn,    // a case with an msync leaves a process behind that logs a WARNING 0.3 s
                // after the case process exited (a kernel line that comes late, as one from
                // deferred work does: it must still be blamed on that case)
  kLateWrite,   // a race bug: in a parallel section with a truncate, a store through a shared
                // mapping of the file lands again after the threads ended (as if it reached the
                // file after a truncate that had completed), written with pwrite(2)
};
std::string inject_name(Inject i);
std::optional<Inject> inject_from_name(std::string_view s);

// Mappings live at fixed, far-apart slots (src/rt/rt.h): the slot of handle h, and the targets
// of MREMAP_FIXED moves.
inline constexpr uintptr_t kSlotBase = RT_SLOT_BASE;
inline constexpr uintptr_t kMoveBase = RT_MOVE_BASE;
inline constexpr uintptr_t kSlotStride = RT_SLOT_STRIDE;
inline uintptr_t slot_addr(int h) { return kSlotBase + static_cast<uintptr_t>(h) * kSlotStride; }

// Carries ops out through the runtime (src/rt/rt_exec.c, which the reproducers run too) and
// turns its outcomes into observations; the self-test injections wrap it.
class Executor {
 public:
  Executor(const BackingTraits& traits, int object_fd, Inject inject);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  Observation execute(const Op& op);
  // The same, its bytes left where the runtime put them: *raw (the caller frees it with
  // rt_outcome_free) holds them, the outcome has their CRC.
  Outcome run(const Op& op, rt_outcome* raw);

  // Wire format between processes (case process → runner): `tag`, then the outcome and the
  // bytes, written without copying the bytes.
  static bool send(int fd, char tag, const Outcome& out, std::span<const uint8_t> data);
  static std::string encode(const Observation& o);
  static bool decode(int fd, Observation& o);

 private:
  // What runs an op in this process or a forked peer: the runtime, with the injection.
  static void run_injected(rt_ctx* c, const rt_op* op, rt_outcome* o);

  rt_ctx ctx_;
  Inject inject_;
};

// The outcome of the runtime's (with the CRC of its bytes), and as an observation (its bytes
// copied).
Outcome outcome_of(const rt_outcome& o);
Observation observation_of(const rt_outcome& o);

}  // namespace daxprop
