// The operation vocabulary (DESIGN §4) and the text trace format.
//
// Each op kind is in one place besides its struct: its OpDef in ops.cc (keywords, head and the
// key=value fields its text form is both printed and parsed from, and its lowering to the
// runtime's op, src/rt/rt.h); a kind without one does not compile. A new op then touches this
// file (struct, Op), its OpDef, the runtime (RT_KINDS, its case in rt_exec.c), the model and
// the generator.
//
// Ops are plain data with symbolic handles: `m3` names the fourth mapping made in a case, `p1`
// the process made by the first fork. Offsets of memory ops are relative to the mapping's start
// (`m3+0x1000`), so a trace means the same thing in every run, in `replay` and in repro.c.
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "src/common.h"
#include "src/rt/rt.h"

namespace daxprop {

struct MapOp {
  int h = 0;            // handle this mapping gets
  uint64_t len = 0;
  uint64_t off = 0;     // offset into the backing object
  int prot = 0;         // PROT_*
  uint32_t flags = 0;   // MAP_* (without MAP_FIXED: placement is the executor's slot address)
  uint64_t misalign = 0;  // bytes added to the slot address (slots are 1 GiB aligned)
  bool operator==(const MapOp&) const = default;
};
struct UnmapOp {
  int h = 0;
  uint64_t off = 0, len = 0;
  bool operator==(const UnmapOp&) const = default;
};
struct MprotectOp {
  int h = 0;
  uint64_t off = 0, len = 0;
  int prot = 0;
  bool operator==(const MprotectOp&) const = default;
};
struct MremapOp {
  int h = 0;
  uint64_t new_len = 0;
  bool fixed = false;  // MREMAP_FIXED to a fresh slot, else MREMAP_MAYMOVE only
  // old_len as passed to mremap(2); 0: the mapping's whole current length. Generated ops
  // always spell it out: after a failed MREMAP_FIXED shrink the kernel has already trimmed
  // the mapping, so "current length" is the model's knowledge, not the executor's.
  uint64_t old_len = 0;
  bool operator==(const MremapOp&) const = default;
};
struct MadviseOp {
  int h = 0;
  uint64_t off = 0, len = 0;
  int advice = 0;  // MADV_*
  bool operator==(const MadviseOp&) const = default;
};
struct MsyncOp {
  int h = 0;
  uint64_t off = 0, len = 0;
  int flags = 0;  // MS_*
  bool operator==(const MsyncOp&) const = default;
};
// Store `len` pattern bytes through the mapping (pattern index counts from the op's first byte).
struct WriteOp {
  int proc = 0;  // 0: the case process; N: the process made by `fork pN`
  int h = 0;
  uint64_t off = 0, len = 0;
  uint32_t pat = 0;
  bool operator==(const WriteOp&) const = default;
};
struct ReadOp {
  int proc = 0;
  int h = 0;
  uint64_t off = 0, len = 0;
  bool operator==(const ReadOp&) const = default;
};
struct SysWriteOp {  // pwrite(2) on the backing object
  uint64_t off = 0, len = 0;
  uint32_t pat = 0;
  bool operator==(const SysWriteOp&) const = default;
};
struct SysReadOp {  // pread(2) on the backing object
  uint64_t off = 0, len = 0;
  bool operator==(const SysReadOp&) const = default;
};
struct TruncateOp {
  uint64_t size = 0;
  bool operator==(const TruncateOp&) const = default;
};
struct PunchHoleOp {  // fallocate(PUNCH_HOLE|KEEP_SIZE)
  uint64_t off = 0, len = 0;
  bool operator==(const PunchHoleOp&) const = default;
};
// fork(): the child stays alive, inherits the address space, and serves `read@pN`/`write@pN`.
struct ForkOp {
  int proc = 1;
  bool operator==(const ForkOp&) const = default;
};

// Touch one byte of every 4 KiB page of the range (a load, or a store of the byte just loaded)
// and count the page faults this takes per 2 MiB of virtual address space: the SIZE observer.
// A PMD-mapped 2 MiB costs one fault, a PUD-mapped 1 GiB one fault in all, 4 KiB PTEs one per
// page (DESIGN §5 SIZE; see probe_faults in src/guard.h for how faults are counted).
struct ProbeOp {
  int proc = 0;
  int h = 0;
  uint64_t off = 0, len = 0;
  bool store = false;
  bool operator==(const ProbeOp&) const = default;
};

// Another kernel path reaches the mapping's pages through GUP (DESIGN §5 PIN):
//  io_uring: io_uring_register_buffers (a long-term FOLL_WRITE pin), then IORING_OP_READ_FIXED
//            of `len` pattern bytes (`pat`) from a memfd into the registered buffer, unregister;
//  io_uring_write: the same registration, then IORING_OP_WRITE_FIXED of the buffer's bytes
//            to a memfd (reported);
//  pvm_read / pvm_write: process_vm_readv / process_vm_writev of the range from this process
//            (short-term pin; pvm_write stores `len` pattern bytes);
//  proc_mem / proc_mem_write: pread(2) / pwrite(2) of /proc/self/mem at the range (GUP with
//            FOLL_FORCE, as a debugger reads and writes: PROT_NONE and read-only private pages
//            too; proc_mem_write stores pattern bytes);
//  vmsplice: vmsplice(2) of the range into a pipe (the pipe holds page references), read back;
//  odirect_read: O_DIRECT read of `len` pattern bytes (`pat`) from a block device into the range
//            (short-term FOLL_WRITE pin); odirect_write: O_DIRECT write of the range to it.
struct PinOp {
  // One row each in the runtime's table (src/rt/rt_exec.c rt_vias: name, path, method, reads,
  // stores), in its order.
  enum class Via : uint8_t {
    kIoUring = RT_VIA_IO_URING, kPvmRead = RT_VIA_PVM_READ, kProcMem = RT_VIA_PROC_MEM,
    kOdirectRead = RT_VIA_ODIRECT_READ, kOdirectWrite = RT_VIA_ODIRECT_WRITE,
    kPvmWrite = RT_VIA_PVM_WRITE, kProcMemWrite = RT_VIA_PROC_MEM_WRITE,
    kVmsplice = RT_VIA_VMSPLICE, kIoUringWrite = RT_VIA_IO_URING_WRITE
  };
  static constexpr Via kAllVias[] = {Via::kIoUring,      Via::kPvmRead,   Via::kProcMem,
                                     Via::kOdirectRead,  Via::kOdirectWrite, Via::kPvmWrite,
                                     Via::kProcMemWrite, Via::kVmsplice, Via::kIoUringWrite};
  static_assert(std::size(kAllVias) == RT_NVIAS);
  const rt_via_row& row() const { return rt_vias[static_cast<int>(via)]; }
  // Whether the op reports the bytes it read from the mapping.
  bool reads() const { return row().reads != 0; }
  // Whether `pat` is part of the op (it stores pattern bytes into the mapping).
  bool stores() const { return row().stores != 0; }
  bool odirect() const { return row().path == RT_PATH_ODIRECT; }
  bool io_uring() const { return row().path == RT_PATH_IO_URING; }
  int h = 0;
  uint64_t off = 0, len = 0;
  Via via = Via::kIoUring;
  uint32_t pat = 0;  // io_uring: the bytes the fixed read stores
  bool operator==(const PinOp&) const = default;
};
std::string pin_via_name(PinOp::Via v);

// A pin held in flight (src/inflight.c): an io_uring O_DIRECT read of `len` pattern bytes
// (`pat`) into the mapping, held by the device until `release`; the ops in between run with
// its pages pinned. Truncate and punch-hole run on a thread meanwhile: one the pin holds back
// reports `held`, and ends after the release. At most one read is held at a time.
struct HoldReadOp {
  int h = 0;
  uint64_t off = 0, len = 0;
  uint32_t pat = 0;
  bool operator==(const HoldReadOp&) const = default;
};
// Let the held read complete: its outcome is the read's (bytes moved), once it and every held
// truncate/punch have ended.
struct ReleaseOp {
  bool operator==(const ReleaseOp&) const = default;
};
// The sibling file, made next to the backing file (fs-dax), takes blocks the backing file
// frees: write `len` pattern bytes to it from offset 0 (after syncing the file system), or read
// `len` bytes back.
struct SiblingWriteOp {
  uint64_t len = 0;
  uint32_t pat = 0;
  bool operator==(const SiblingWriteOp&) const = default;
};
struct SiblingReadOp {
  uint64_t len = 0;
  bool operator==(const SiblingReadOp&) const = default;
};

// KVM (src/kvm_guest.c): memslot `slot` (1..3, at GPA slot GiB) maps [off, off + len) of a
// mapping of the case process; len 0 deletes it.
struct KvmSlotOp {
  int slot = 1;
  int h = 0;
  uint64_t off = 0, len = 0;
  bool readonly = false;
  bool log_dirty = false;  // KVM_MEM_LOG_DIRTY_PAGES
  bool operator==(const KvmSlotOp&) const = default;
};
// KVM_GET_DIRTY_LOG of a slot made with log_dirty: the pages the guest wrote since the last one.
struct KvmDirtyOp {
  int slot = 1;
  bool operator==(const KvmDirtyOp&) const = default;
};
// The guest copies `len` pattern bytes into the slot at `off` (write), or out of it (read); the
// outcome also carries KVM's pages_4k/2m/1g after the copy.
struct KvmAccessOp {
  int slot = 1;
  uint64_t off = 0, len = 0;
  bool write = false;
  uint32_t pat = 0;
  bool operator==(const KvmAccessOp&) const = default;
};

using Op = std::variant<MapOp, UnmapOp, MprotectOp, MremapOp, MadviseOp, MsyncOp, WriteOp, ReadOp,
                        SysWriteOp, SysReadOp, TruncateOp, PunchHoleOp, ForkOp, ProbeOp, PinOp,
                        KvmSlotOp, KvmAccessOp, KvmDirtyOp, HoldReadOp, ReleaseOp, SiblingWriteOp,
                        SiblingReadOp>;

// The op as the runtime carries it out (src/rt/rt.h): what the executor runs and what a
// reproducer holds as data.
rt_op lower(const Op& op);

// The op's keyword in a trace ("map", "read", ...), also the key of op-mix statistics.
std::string op_kind(const Op& op);
// Mapping handle the op refers to, if any.
std::optional<int> op_handle(const Op& op);
// Process that runs the op (0 = case process).
int op_proc(const Op& op);

// What an op did. Reads also carry the bytes, which the trace summarises as a CRC.
struct Outcome {
  enum class Kind : uint8_t { kOk, kErr, kSig };
  Kind kind = Kind::kOk;
  int err = 0;             // kErr: errno
  int sig = 0, code = 0;   // kSig: signal and si_code
  uint64_t fault_off = 0;  // kSig: faulting 4 KiB page, as an offset from the mapping start
  int lsb = 0;             // kSig, BUS_MCEERR_*: si_addr_lsb (the poisoned entry's size)
  std::optional<uint64_t> n;    // byte count of pread/pwrite, bytes moved before a fault
  std::optional<uint32_t> crc;  // CRC-32 of the bytes read
  // probe: page faults taken in each 2 MiB virtual unit the range touches, in address order.
  std::vector<uint32_t> faults;
  // kvm access: the guest stopped in an MMIO exit at this slot offset.
  std::optional<uint64_t> mmio;
  // kvm access: KVM's pages_4k, pages_2m, pages_1g after it (empty: not read).
  std::vector<uint64_t> pages;
  // kvm_dirty: the slot's pages (4 KiB indexes) the log reported dirty, ascending.
  std::vector<uint64_t> dirty;
  // truncate/punch with a read held in flight: still running after IF_HOLD_MS (the pin holds
  // it back; it ends after `release`).
  bool held = false;
  bool operator==(const Outcome&) const = default;

  static Outcome ok() { return {}; }
  static Outcome error(int e) {
    Outcome o;
    o.kind = Kind::kErr;
    o.err = e;
    return o;
  }
  static Outcome signal(int s, int c, uint64_t off) {
    Outcome o;
    o.kind = Kind::kSig;
    o.sig = s;
    o.code = c;
    o.fault_off = off;
    return o;
  }
};

// Copies an outcome's scalar fields into a struct that names them the same way (the runtime's
// rt_outcome and rt_expect, the case process's wire header).
template <class T>
void set_outcome_fields(T& x, const Outcome& o) {
  x.kind = static_cast<decltype(x.kind)>(o.kind);
  x.err = o.err;
  x.sig = o.sig;
  x.code = o.code;
  x.lsb = o.lsb;
  x.fault_off = o.fault_off;
  x.has_n = o.n.has_value();
  x.n = o.n.value_or(0);
  x.has_mmio = o.mmio.has_value();
  x.mmio = o.mmio.value_or(0);
  x.held = o.held;
}

struct Observation {
  Outcome out;
  std::vector<uint8_t> data;  // bytes read (reads), up to the fault if one stopped the read
};

std::string format_prot(int prot);
std::string format_map_flags(uint32_t flags);
std::string format_op(const Op& op);
std::string format_outcome(const Outcome& o);
std::string format_faults(const std::vector<uint32_t>& faults);
std::optional<std::vector<uint32_t>> parse_faults(const std::string& s);

struct TraceHeader {
  int format = 1;
  std::string daxprop_version;
  std::string property;
  std::string backing;
  uint64_t seed = 0;
  std::string reproduce = "-";  // RapidCheck reproduce string
  std::string kernel;
  std::string inject = "none";  // self-test fault injection active when the trace was made
  bool operator==(const TraceHeader&) const = default;
};

struct TraceLine {
  Op op;
  std::optional<Outcome> observed;
  bool operator==(const TraceLine&) const = default;
};

// A parallel section (DESIGN §5 RACE): after the case's ops (`lines`), each thread's ops run at
// once, the threads released together; the whole case, on a fresh object, is repeated `reps`
// times. Its text form follows the ops: a line `parallel reps=N`, then each thread's ops as
// `tK <op>` lines. An observed outcome on a `tK` line is the one of the failing repetition.
struct RaceSection {
  int reps = 0;  // 0: no parallel section
  std::vector<std::vector<TraceLine>> threads;
  bool operator==(const RaceSection&) const = default;
};

struct Trace {
  TraceHeader header;
  std::vector<TraceLine> lines;
  RaceSection race;
  bool operator==(const Trace&) const = default;
};

// Its ops: the sequential ones and a parallel section's.
size_t trace_ops(const Trace& t);

std::string format_trace_header(const TraceHeader& h);
std::string format_trace_line(const TraceLine& l);
std::string format_trace(const Trace& t);

// Parse errors carry the 1-based line number and the reason.
struct ParseError {
  int line = 0;
  std::string reason;
  std::string str() const { return "line " + std::to_string(line) + ": " + reason; }
};
std::variant<Trace, ParseError> parse_trace(const std::string& text);
std::variant<Op, std::string> parse_op(const std::string& line);
std::variant<Outcome, std::string> parse_outcome(const std::string& text);

}  // namespace daxprop
