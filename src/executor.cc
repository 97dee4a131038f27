#include "src/executor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "src/guard.h"
#include "src/gup_copy.h"
#include "src/inflight.h"
#include "src/model.h"

namespace daxprop {

std::string inject_name(Inject i) {
  switch (i) {
    case Inject::kNone: return "none";
    case Inject::kLostWrite: return "lost-write";
    case Inject::kNoSigbus: return "no-sigbus";
    case Inject::kWrongErrno: return "wrong-errno";
    case Inject::kHang: return "hang";
    case Inject::kCrash: return "crash";
    case Inject::kPanic: return "panic";
    case Inject::kLateWarn: return "late-warn";
  }
  return "none";
}

std::optional<Inject> inject_from_name(std::string_view s) {
  for (Inject i : {Inject::kNone, Inject::kLostWrite, Inject::kNoSigbus, Inject::kWrongErrno,
                   Inject::kHang, Inject::kCrash, Inject::kPanic, Inject::kLateWarn}) {
    if (s == inject_name(i)) return i;
  }
  return std::nullopt;
}

Executor::Executor(const BackingTraits& traits, int object_fd, Inject inject)
    : traits_(traits), fd_(object_fd), inject_(inject) {
  guard_install();
}

Executor::~Executor() {
  // The case's pins go first (the held read, the KVM guest), then its mappings.
  if (inflight_) if_close(inflight_.get());
  if (kvm_) kg_close(kvm_.get());
  if (od_) od_close(od_.get());
  if (sibling_fd_ >= 0) close(sibling_fd_);
  for (const auto& [h, s] : maps_) munmap(s.addr, s.len);
  if (is_peer_) return;
  for (auto& [n, p] : peers_) {
    kill(p.pid, SIGKILL);
    waitpid(p.pid, nullptr, 0);
    close(p.to);
    close(p.from);
  }
}

uint8_t* Executor::addr(int h, uint64_t off) const {
  auto it = maps_.find(h);
  uint8_t* base = it == maps_.end() ? reinterpret_cast<uint8_t*>(slot_addr(h)) : it->second.addr;
  return base + off;
}

Observation Executor::syscall_result(long rc, uint64_t n_on_success) {
  Observation o;
  if (rc < 0) {
    int e = errno;
    if (inject_ == Inject::kWrongErrno) e = e == EINVAL ? ENOMEM : EINVAL;
    o.out = Outcome::error(e);
  } else if (n_on_success != UINT64_MAX) {
    o.out.n = static_cast<uint64_t>(rc);
  }
  return o;
}

namespace {
// Is [p, p + len) inside VMAs that allow writing? (/proc/self/maps; self-test use only)
bool writable(const uint8_t* p, uint64_t len) {
  auto maps = read_file("/proc/self/maps");
  if (!maps) return false;
  uintptr_t a = reinterpret_cast<uintptr_t>(p), end = a + len;
  for (const auto& line : split(*maps, '\n')) {
    unsigned long lo = 0, hi = 0;
    char perms[8] = {};
    if (sscanf(line.c_str(), "%lx-%lx %7s", &lo, &hi, perms) != 3) continue;
    if (a >= lo && a < hi) {
      if (perms[1] != 'w') return false;
      a = hi;
      if (a >= end) return true;
    }
  }
  return false;
}
}  // namespace

Observation Executor::access(const Slot& s, uint64_t off, uint64_t len, const uint8_t* wdata) {
  Observation o;
  uint8_t* p = s.addr + off;
  GuardedResult r;
  if (wdata && inject_ == Inject::kHang) {
    while (true) pause();
  }
  if (wdata && inject_ == Inject::kCrash) raise(SIGKILL);
  if (wdata && inject_ == Inject::kPanic) {
    // Only honoured where daxprop is told it runs in its own VM (runners/vm/boot sets it).
    const char* vm = getenv("DAXPROP_IN_VM");
    if (vm && strcmp(vm, "1") == 0) write_file("/proc/sysrq-trigger", "c");
    raise(SIGKILL);
  }
  if (wdata && inject_ == Inject::kLostWrite && writable(p, len)) {
    std::vector<uint8_t> scratch(len);
    r = guarded_read(p, scratch.data(), len);  // same faults (SIGBUS), but nothing is stored
  } else if (wdata) {
    r = guarded_write(p, wdata, len);
  } else {
    o.data.resize(len);
    r = guarded_read(p, o.data.data(), len);
  }
  if (r.fault && r.fault->sig == SIGBUS && inject_ == Inject::kNoSigbus) {
    r.fault.reset();  // the simulated bug: the access "worked" and read zeros
    if (!wdata) std::fill(o.data.begin() + r.done, o.data.end(), 0);
    r.done = len;
  }
  if (r.fault) {
    uint64_t page = r.fault->addr & ~uintptr_t{4095};
    o.out = Outcome::signal(r.fault->sig, r.fault->code,
                            page - reinterpret_cast<uintptr_t>(s.addr));
    if (r.fault->code == BUS_MCEERR_AR || r.fault->code == BUS_MCEERR_AO) {
      o.out.lsb = r.fault->addr_lsb;
    }
    if (!wdata) o.data.resize(r.done);
  }
  if (!wdata && o.out.kind == Outcome::Kind::kOk) o.out.crc = crc32(o.data);
  return o;
}

Observation Executor::execute(const Op& op) {
  int proc = op_proc(op);
  if (proc != 0 && !is_peer_) return on_peer(proc, op);
  if (auto* f = std::get_if<ForkOp>(&op)) return start_peer(f->proc);
  return run_local(op);
}

Observation Executor::run_local(const Op& op) {
  if (auto* o = std::get_if<MapOp>(&op)) {
    int fd = (o->flags & MAP_ANONYMOUS) ? -1 : fd_;
    void* hint = reinterpret_cast<void*>(slot_addr(o->h) + o->misalign);
    // traits_.obj_base: where the object starts in the fd's offset space (a VFIO region).
    off_t off = static_cast<off_t>(o->off + (fd >= 0 ? traits_.obj_base : 0));
    void* a = mmap(hint, o->len, o->prot, static_cast<int>(o->flags), fd, off);
    if (a == MAP_FAILED) return syscall_result(-1);
    maps_[o->h] = Slot{static_cast<uint8_t*>(a), round_up(o->len, traits_.unit)};
    return {};
  }
  if (auto* o = std::get_if<UnmapOp>(&op)) return syscall_result(munmap(addr(o->h, o->off), o->len));
  if (auto* o = std::get_if<MprotectOp>(&op)) {
    return syscall_result(mprotect(addr(o->h, o->off), o->len, o->prot));
  }
  if (auto* o = std::get_if<MadviseOp>(&op)) {
    if (o->advice == MADV_HWPOISON) {
      // memory_failure signals the caller (force_sig_mceerr) before madvise returns: observe
      // the SIGBUS like a fault of an access.
      uint8_t* base = addr(o->h, 0);
      long rc = 0;
      GuardedResult g = guarded_madvise(base + o->off, o->len, o->advice, &rc);
      if (g.fault) {
        Observation r;
        uint64_t page = g.fault->addr & ~uintptr_t{4095};
        r.out = Outcome::signal(g.fault->sig, g.fault->code,
                                page - reinterpret_cast<uintptr_t>(base));
        r.out.lsb = g.fault->addr_lsb;
        return r;
      }
      return syscall_result(rc);
    }
    return syscall_result(madvise(addr(o->h, o->off), o->len, o->advice));
  }
  if (auto* o = std::get_if<MsyncOp>(&op)) {
    return syscall_result(msync(addr(o->h, o->off), o->len, o->flags));
  }
  if (auto* o = std::get_if<MremapOp>(&op)) {
    Slot& s = maps_[o->h];
    const uint64_t old_len = o->old_len ? o->old_len : s.len;
    void* a;
    if (o->fixed) {
      void* target = reinterpret_cast<void*>(kMoveBase + (moves_++) * kSlotStride);
      a = mremap(s.addr, old_len, o->new_len, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    } else {
      a = mremap(s.addr, old_len, o->new_len, MREMAP_MAYMOVE);
    }
    if (a == MAP_FAILED) return syscall_result(-1);
    s = Slot{static_cast<uint8_t*>(a), round_up(o->new_len, kPage)};
    return {};
  }
  if (auto* o = std::get_if<WriteOp>(&op)) {
    std::vector<uint8_t> buf(o->len);
    pattern_fill(o->pat, 0, buf);
    return access(Slot{addr(o->h, 0), 0}, o->off, o->len, buf.data());
  }
  if (auto* o = std::get_if<ReadOp>(&op)) return access(Slot{addr(o->h, 0), 0}, o->off, o->len, nullptr);
  if (auto* o = std::get_if<SysWriteOp>(&op)) {
    std::vector<uint8_t> buf(o->len);
    pattern_fill(o->pat, 0, buf);
    return syscall_result(
        pwrite(fd_, buf.data(), o->len, static_cast<off_t>(o->off + traits_.obj_base)), 0);
  }
  if (auto* o = std::get_if<SysReadOp>(&op)) {
    Observation r;
    r.data.resize(o->len);
    ssize_t n = pread(fd_, r.data.data(), o->len, static_cast<off_t>(o->off + traits_.obj_base));
    if (n < 0) return syscall_result(-1);
    r.data.resize(static_cast<size_t>(n));
    r.out.n = static_cast<uint64_t>(n);
    r.out.crc = crc32(r.data);
    return r;
  }
  if (std::holds_alternative<TruncateOp>(op) || std::holds_alternative<PunchHoleOp>(op)) {
    const auto* t = std::get_if<TruncateOp>(&op);
    const auto* ph = std::get_if<PunchHoleOp>(&op);
    if (inflight_ && inflight_->ring) {
      // A held read's pin may hold it back: on a thread, so the case goes on.
      const int rc = t ? if_run(inflight_.get(), 1, fd_, t->size, 0)
                       : if_run(inflight_.get(), 2, fd_, ph->off, ph->len);
      if (rc < 0) return errno_result(rc);
      Observation r;
      r.out.held = rc == 1;
      return r;
    }
    return syscall_result(t ? ftruncate(fd_, static_cast<off_t>(t->size))
                            : fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                                        static_cast<off_t>(ph->off), static_cast<off_t>(ph->len)));
  }
  if (auto* o = std::get_if<HoldReadOp>(&op)) {
    if (!od_ready()) return errno_result(od_err_);
    if (!inflight_) {
      inflight_ = std::make_unique<if_state>();
      if_init(inflight_.get(), od_.get());
    }
    std::vector<uint8_t> src(o->len);
    pattern_fill(o->pat, 0, src);
    const ssize_t n = if_hold_read(inflight_.get(), addr(o->h, o->off), src.data(), o->len);
    if (n < 0) return errno_result(n);
    Observation r;
    if (!inflight_->ring) r.out.n = static_cast<uint64_t>(n);  // completed at once
    return r;
  }
  if (std::holds_alternative<ReleaseOp>(op)) {
    const ssize_t n = inflight_ ? if_release(inflight_.get()) : -ENOENT;
    if (n < 0) return errno_result(n);
    Observation r;
    r.out.n = static_cast<uint64_t>(n);
    return r;
  }
  if (auto* o = std::get_if<SiblingWriteOp>(&op)) {
    std::vector<uint8_t> buf(o->len);
    pattern_fill(o->pat, 0, buf);
    const ssize_t n = sibling_write(fd_, &sibling_fd_, buf.data(), o->len);
    if (n < 0) return errno_result(n);
    Observation r;
    r.out.n = static_cast<uint64_t>(n);
    return r;
  }
  if (auto* o = std::get_if<SiblingReadOp>(&op)) {
    Observation r;
    r.data.resize(o->len);
    const ssize_t n = sibling_fd_ < 0 ? -EBADF : sibling_read(sibling_fd_, r.data.data(), o->len);
    if (n < 0) return errno_result(n);
    r.data.resize(static_cast<size_t>(n));
    r.out.n = static_cast<uint64_t>(n);
    r.out.crc = crc32(r.data);
    return r;
  }
  if (auto* o = std::get_if<PinOp>(&op)) return pin(*o);
  if (std::holds_alternative<KvmSlotOp>(op) || std::holds_alternative<KvmAccessOp>(op) ||
      std::holds_alternative<KvmDirtyOp>(op)) {
    return kvm(op);
  }
  if (auto* o = std::get_if<ProbeOp>(&op)) {
    Observation r;
    uint8_t* base = addr(o->h, 0);
    GuardedResult g = probe_faults(base + o->off, o->len, o->store, r.out.faults);
    if (g.fault) {
      uint64_t page = g.fault->addr & ~uintptr_t{4095};
      r.out = Outcome::signal(g.fault->sig, g.fault->code,
                              page - reinterpret_cast<uintptr_t>(base));
    }
    return r;
  }
  return syscall_result(-1);  // unreachable: every op kind is handled above
}

Observation Executor::errno_result(long neg) {
  errno = static_cast<int>(-neg);
  return syscall_result(-1);
}

Observation Executor::kvm(const Op& op) {
  if (!kvm_) {
    kvm_ = std::make_unique<kg_vm>();
    int rc = kg_open(kvm_.get());
    if (rc < 0) {
      kg_close(kvm_.get());
      kvm_.reset();
      return errno_result(rc);
    }
  }
  if (auto* o = std::get_if<KvmSlotOp>(&op)) {
    int rc = kg_slot(kvm_.get(), o->slot, o->len ? addr(o->h, o->off) : nullptr, o->len,
                     (o->readonly ? KG_READONLY : 0) | (o->log_dirty ? KG_LOG_DIRTY : 0));
    if (rc < 0) return errno_result(rc);
    kvm_slot_len_[o->slot] = o->len;
    return syscall_result(0);
  }
  if (auto* o = std::get_if<KvmDirtyOp>(&op)) {
    const uint64_t len = kvm_slot_len_[o->slot];
    std::vector<uint64_t> bitmap((len / kPage + 63) / 64 + 1);
    int rc = kg_dirty(kvm_.get(), o->slot, len, bitmap.data());
    if (rc < 0) return errno_result(rc);
    Observation r;
    for (uint64_t p = 0; p < bitmap.size() * 64; p++) {
      if (bitmap[p / 64] >> (p % 64) & 1) r.out.dirty.push_back(p);
    }
    return r;
  }
  const auto& o = std::get<KvmAccessOp>(op);
  uint8_t* buf = kvm_->mem + KG_BUF;
  const uint64_t gpa = kg_gpa(o.slot) + o.off;
  kg_exit x{};
  if (o.write) pattern_fill(o.pat, 0, std::span<uint8_t>(buf, o.len));
  int rc = o.write ? kg_copy(kvm_.get(), gpa, KG_BUF, o.len, &x)
                   : kg_copy(kvm_.get(), KG_BUF, gpa, o.len, &x);
  if (rc < 0) return errno_result(rc);
  Observation r;
  if (x.err) {
    r.out = Outcome::error(x.err);
    r.out.n = x.done;
  } else if (x.mmio) {
    r.out.mmio = x.mmio_gpa - kg_gpa(o.slot);
  } else if (x.other) {
    r.out = Outcome::error(EPROTO);  // an exit no model expects (KVM_EXIT_* in x.other)
  } else {
    r.out.n = x.done;
    if (!o.write) {
      r.data.assign(buf, buf + x.done);
      r.out.crc = crc32(r.data);
    }
  }
  uint64_t pages[3];
  if (kg_pages(kvm_.get(), pages) == 0) r.out.pages = {pages[0], pages[1], pages[2]};
  return r;
}

bool Executor::od_ready() {
  if (od_) return true;
  od_ = std::make_unique<od_dev>();
  od_err_ = od_open(od_.get());
  if (od_err_ == 0) return true;
  od_close(od_.get());
  od_.reset();
  return false;
}

Observation Executor::pin(const PinOp& o) {
  uint8_t* p = addr(o.h, o.off);
  if (o.via == PinOp::Via::kOdirectRead || o.via == PinOp::Via::kOdirectWrite) {
    if (!od_ready()) return errno_result(od_err_);
    std::vector<uint8_t> buf(o.len);
    ssize_t n;
    if (o.via == PinOp::Via::kOdirectRead) {
      pattern_fill(o.pat, 0, buf);
      n = od_read(od_.get(), p, buf.data(), o.len);
    } else {
      n = od_write(od_.get(), p, buf.data(), o.len);
    }
    if (n < 0) return errno_result(n);
    Observation r;
    r.out.n = static_cast<uint64_t>(n);
    if (o.via == PinOp::Via::kOdirectWrite) {
      r.data.assign(buf.begin(), buf.begin() + n);
      r.out.crc = crc32(r.data);
    }
    return r;
  }
  if (o.io_uring()) {
    std::vector<uint8_t> buf(o.len);
    const bool to_file = o.via == PinOp::Via::kIoUringWrite;
    if (!to_file) pattern_fill(o.pat, 0, buf);  // the fixed read's source
    const ssize_t n = gc_io_uring_fixed(p, buf.data(), o.len, to_file);
    if (n < 0) return errno_result(n);
    Observation r;
    r.out.n = static_cast<uint64_t>(n);
    if (to_file) {
      r.data.assign(buf.begin(), buf.begin() + n);
      r.out.crc = crc32(r.data);
    }
    return r;
  }
  int method = GC_PVM_READ;
  switch (o.via) {
    case PinOp::Via::kPvmWrite: method = GC_PVM_WRITE; break;
    case PinOp::Via::kProcMem: method = GC_PROC_MEM_READ; break;
    case PinOp::Via::kProcMemWrite: method = GC_PROC_MEM_WRITE; break;
    case PinOp::Via::kVmsplice: method = GC_VMSPLICE; break;
    default: break;
  }
  std::vector<uint8_t> buf(o.len);
  if (o.stores()) pattern_fill(o.pat, 0, buf);
  const ssize_t n = gc_copy(method, p, buf.data(), o.len);
  if (n < 0) return errno_result(n);
  Observation r;
  r.out.n = static_cast<uint64_t>(n);
  if (o.reads()) {
    r.data.assign(buf.begin(), buf.begin() + n);
    r.out.crc = crc32(r.data);
  }
  return r;
}

namespace {
// An Observation on a pipe: this header, then data_len bytes.
struct Wire {
  uint8_t kind, has_n, has_crc, has_mmio, held;
  int32_t err, sig, code, lsb;
  uint32_t crc;
  uint64_t fault_off, n, data_len, n_faults, mmio, n_pages, n_dirty;
};
}  // namespace

std::string Executor::encode(const Observation& o) {
  Wire w{};
  w.kind = static_cast<uint8_t>(o.out.kind);
  w.err = o.out.err;
  w.sig = o.out.sig;
  w.code = o.out.code;
  w.lsb = o.out.lsb;
  w.fault_off = o.out.fault_off;
  w.has_n = o.out.n.has_value();
  w.n = o.out.n.value_or(0);
  w.has_crc = o.out.crc.has_value();
  w.crc = o.out.crc.value_or(0);
  w.data_len = o.data.size();
  w.n_faults = o.out.faults.size();
  w.has_mmio = o.out.mmio.has_value();
  w.held = o.out.held;
  w.mmio = o.out.mmio.value_or(0);
  w.n_pages = o.out.pages.size();
  w.n_dirty = o.out.dirty.size();
  std::string s(reinterpret_cast<const char*>(&w), sizeof w);
  s.append(reinterpret_cast<const char*>(o.data.data()), o.data.size());
  s.append(reinterpret_cast<const char*>(o.out.faults.data()), o.out.faults.size() * sizeof(uint32_t));
  s.append(reinterpret_cast<const char*>(o.out.pages.data()), o.out.pages.size() * sizeof(uint64_t));
  s.append(reinterpret_cast<const char*>(o.out.dirty.data()), o.out.dirty.size() * sizeof(uint64_t));
  return s;
}

bool Executor::decode(int fd, Observation& o) {
  Wire w{};
  if (!read_all(fd, &w, sizeof w) || w.kind > 2 || w.data_len > (1ULL << 32) ||
      w.n_faults > (1ULL << 20) || w.n_pages > 3 || w.n_dirty > (1ULL << 20)) {
    return false;
  }
  o.out.kind = static_cast<Outcome::Kind>(w.kind);
  o.out.err = w.err;
  o.out.sig = w.sig;
  o.out.code = w.code;
  o.out.lsb = w.lsb;
  o.out.fault_off = w.fault_off;
  o.out.n = w.has_n ? std::optional<uint64_t>(w.n) : std::nullopt;
  o.out.crc = w.has_crc ? std::optional<uint32_t>(w.crc) : std::nullopt;
  o.data.resize(w.data_len);
  o.out.faults.resize(w.n_faults);
  o.out.mmio = w.has_mmio ? std::optional<uint64_t>(w.mmio) : std::nullopt;
  o.out.held = w.held != 0;
  o.out.pages.resize(w.n_pages);
  o.out.dirty.resize(w.n_dirty);
  return read_all(fd, o.data.data(), w.data_len) &&
         read_all(fd, o.out.faults.data(), w.n_faults * sizeof(uint32_t)) &&
         read_all(fd, o.out.pages.data(), w.n_pages * sizeof(uint64_t)) &&
         read_all(fd, o.out.dirty.data(), w.n_dirty * sizeof(uint64_t));
}

Observation Executor::start_peer(int proc) {
  int down[2], up[2];
  if (pipe2(down, O_CLOEXEC) || pipe2(up, O_CLOEXEC)) return syscall_result(-1);
  pid_t pid = fork();
  if (pid < 0) return syscall_result(-1);
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(down[1]);
    close(up[0]);
    for (auto& [n, p] : peers_) {
      close(p.to);
      close(p.from);
    }
    peers_.clear();
    is_peer_ = true;
    serve_peer(down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  peers_[proc] = Peer{pid, down[1], up[0]};
  return {};
}

void Executor::serve_peer(int in, int out) {
  while (true) {
    uint32_t n = 0;
    if (!read_all(in, &n, sizeof n)) _exit(0);
    std::string line(n, '\0');
    if (!read_all(in, line.data(), n)) _exit(0);
    auto parsed = parse_op(line);
    Observation o;
    if (auto* op = std::get_if<Op>(&parsed)) {
      o = run_local(*op);
    } else {
      o.out = Outcome::error(EBADMSG);
    }
    std::string w = encode(o);
    if (!write_all(out, w.data(), w.size())) _exit(1);
  }
}

Observation Executor::on_peer(int proc, const Op& op) {
  auto it = peers_.find(proc);
  Observation o;
  if (it == peers_.end()) {
    o.out = Outcome::error(ESRCH);
    return o;
  }
  std::string line = format_op(op);
  uint32_t n = static_cast<uint32_t>(line.size());
  if (write_all(it->second.to, &n, sizeof n) && write_all(it->second.to, line.data(), n) &&
      decode(it->second.from, o)) {
    return o;
  }
  // The process is gone: report how it ended, which no model ever expects.
  int status = 0;
  waitpid(it->second.pid, &status, 0);
  o = Observation{};
  o.out = Outcome::signal(WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL, 0, 0);
  return o;
}

}  // namespace daxprop
