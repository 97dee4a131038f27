// The executor: applies ops to the kernel and observes what happened. One executor serves the
// properties, `replay`, and (through the same ops) the C emitter.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "src/kvm_guest.h"
#include "src/inflight.h"
#include "src/odirect.h"
#include "src/ops.h"
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
};
std::string inject_name(Inject i);
std::optional<Inject> inject_from_name(std::string_view s);

// Mappings live at fixed, far-apart slots so a hole left by munmap is never reused by another
// mapping of the case: the slot of handle h, and the targets of MREMAP_FIXED moves.
inline constexpr uintptr_t kSlotBase = 0x200000000000ULL;
inline constexpr uintptr_t kMoveBase = 0x300000000000ULL;
inline constexpr uintptr_t kSlotStride = 4ULL << 30;
inline uintptr_t slot_addr(int h) { return kSlotBase + static_cast<uintptr_t>(h) * kSlotStride; }

class Executor {
 public:
  Executor(const BackingTraits& traits, int object_fd, Inject inject);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  Observation execute(const Op& op);

  // Wire format between processes (case process → runner, peer → case process).
  static std::string encode(const Observation& o);
  static bool decode(int fd, Observation& o);

 private:
  struct Slot {
    uint8_t* addr = nullptr;
    uint64_t len = 0;  // as the kernel sized the VMA
  };
  struct Peer {
    pid_t pid = -1;
    int to = -1, from = -1;
  };
  Observation run_local(const Op& op);
  Observation pin(const PinOp& o);
  // The scratch block device, opened by the first op that needs it (od_err_: why it failed).
  bool od_ready();
  Observation kvm(const Op& op);
  Observation syscall_result(long rc, uint64_t n_on_success = UINT64_MAX);
  // A call that returned -errno (liburing, the kvm_guest/odirect helpers) as syscall_result(-1).
  Observation errno_result(long neg);
  Observation access(const Slot& s, uint64_t off, uint64_t len, const uint8_t* wdata);
  Observation on_peer(int proc, const Op& op);
  Observation start_peer(int proc);
  [[noreturn]] void serve_peer(int in, int out);
  uint8_t* addr(int h, uint64_t off) const;

  BackingTraits traits_;
  int fd_;
  Inject inject_;
  std::map<int, Slot> maps_;
  std::map<int, Peer> peers_;
  std::unique_ptr<kg_vm> kvm_;  // the case's KVM guest, made by its first kvm op
  std::map<int, uint64_t> kvm_slot_len_;  // slot -> bytes (for the dirty log's bitmap)
  std::unique_ptr<od_dev> od_;  // the case's scratch block device, made by its first O_DIRECT pin
  int od_err_ = 0;
  std::unique_ptr<if_state> inflight_;  // the held read's gate and ring (src/inflight.c)
  int sibling_fd_ = -1;
  int moves_ = 0;
  bool is_peer_ = false;
};

}  // namespace daxprop
