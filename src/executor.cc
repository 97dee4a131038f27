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
    case Inject::kLateWrite: return "late-write";
  }
  return "none";
}

std::optional<Inject> inject_from_name(std::string_view s) {
  for (Inject i : {Inject::kNone, Inject::kLostWrite, Inject::kNoSigbus, Inject::kWrongErrno,
                   Inject::kHang, Inject::kCrash, Inject::kPanic, Inject::kLateWarn,
                   Inject::kLateWrite}) {
    if (s == inject_name(i)) return i;
  }
  return std::nullopt;
}

Executor::Executor(const BackingTraits& traits, int object_fd, Inject inject) : inject_(inject) {
  rt_ctx_init(&ctx_, object_fd, traits.obj_base, traits.unit);
  ctx_.run = &Executor::run_injected;
  ctx_.user = this;
  rt_guard_install();
}

Executor::~Executor() { rt_ctx_close(&ctx_); }

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

// The simulated kernel bugs, around the runtime's own run of the op (in a forked peer too: the
// child runs this same function).
void Executor::run_injected(rt_ctx* c, const rt_op* op, rt_outcome* o) {
  const Inject inject = static_cast<Executor*>(c->user)->inject_;
  const bool store = op->kind == RT_WRITE, access = store || op->kind == RT_READ;
  if (store && inject == Inject::kHang) {
    while (true) pause();
  }
  if (store && inject == Inject::kCrash) raise(SIGKILL);
  if (store && inject == Inject::kPanic) {
    // Only honoured where daxprop is told it runs in its own VM (runners/vm/boot sets it).
    const char* vm = getenv("DAXPROP_IN_VM");
    if (vm && strcmp(vm, "1") == 0) write_file("/proc/sysrq-trigger", "c");
    raise(SIGKILL);
  }
  if (store && inject == Inject::kLostWrite && writable(rt_addr(c, op->h) + op->off, op->len)) {
    rt_op as_read = *op;  // the same faults (SIGBUS), but nothing is stored
    as_read.kind = RT_READ;
    rt_run_local(c, &as_read, o);
    free(o->data);
    o->data = nullptr;
    o->data_len = 0;
    o->has_data = 0;
    return;
  }
  rt_run_local(c, op, o);
  if (access && o->kind == RT_SIG && o->sig == SIGBUS && inject == Inject::kNoSigbus) {
    // The simulated bug: the access "worked" and read zeros.
    if (!store) {
      o->data = static_cast<uint8_t*>(realloc(o->data, op->len ? op->len : 1));
      memset(o->data + o->data_len, 0, op->len - o->data_len);
      o->data_len = op->len;
    }
    o->kind = RT_OK;
    o->sig = o->code = o->lsb = 0;
    o->fault_off = 0;
  }
  if (o->kind == RT_ERR && inject == Inject::kWrongErrno) o->err = o->err == EINVAL ? ENOMEM : EINVAL;
}

Outcome outcome_of(const rt_outcome& o) {
  Outcome r;
  r.kind = static_cast<Outcome::Kind>(o.kind);
  r.err = o.err;
  r.sig = o.sig;
  r.code = o.code;
  r.lsb = o.lsb;
  r.fault_off = o.fault_off;
  if (o.has_n) r.n = o.n;
  if (o.has_data && o.kind == RT_OK) r.crc = rt_crc32(o.data, o.data_len);
  r.faults.assign(o.faults, o.faults + o.n_faults);
  if (o.has_mmio) r.mmio = o.mmio;
  if (o.has_pages) r.pages.assign(o.pages, o.pages + 3);
  r.dirty.assign(o.dirty, o.dirty + o.n_dirty);
  r.held = o.held != 0;
  return r;
}

Observation observation_of(const rt_outcome& o) {
  Observation r;
  r.out = outcome_of(o);
  if (o.has_data) r.data.assign(o.data, o.data + o.data_len);
  return r;
}

Outcome Executor::run(const Op& op, rt_outcome* raw) {
  const rt_op r = lower(op);
  rt_exec(&ctx_, &r, raw);
  return outcome_of(*raw);
}

Observation Executor::execute(const Op& op) {
  rt_outcome o;
  run(op, &o);
  Observation obs = observation_of(o);
  rt_outcome_free(&o);
  return obs;
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

namespace {
// The header and the arrays of an outcome whose bytes are `data_len` long.
Wire wire_of(const Outcome& o, uint64_t data_len) {
  Wire w{};
  set_outcome_fields(w, o);
  w.has_crc = o.crc.has_value();
  w.crc = o.crc.value_or(0);
  w.data_len = data_len;
  w.n_faults = o.faults.size();
  w.n_pages = o.pages.size();
  w.n_dirty = o.dirty.size();
  return w;
}
void append(std::string& s, const void* p, size_t n) { s.append(static_cast<const char*>(p), n); }
std::string arrays_of(const Outcome& o) {
  std::string s;
  append(s, o.faults.data(), o.faults.size() * sizeof(uint32_t));
  append(s, o.pages.data(), o.pages.size() * sizeof(uint64_t));
  append(s, o.dirty.data(), o.dirty.size() * sizeof(uint64_t));
  return s;
}
}  // namespace

std::string Executor::encode(const Observation& o) {
  const Wire w = wire_of(o.out, o.data.size());
  std::string s(reinterpret_cast<const char*>(&w), sizeof w);
  append(s, o.data.data(), o.data.size());
  return s + arrays_of(o.out);
}

bool Executor::send(int fd, char tag, const Outcome& out, std::span<const uint8_t> data) {
  const Wire w = wire_of(out, data.size());
  std::string head(1, tag);
  append(head, &w, sizeof w);
  const std::string tail = arrays_of(out);
  // Small outcomes in one write; megabytes of bytes are not copied first.
  if (data.size() <= 64 * 1024) {
    append(head, data.data(), data.size());
    head += tail;
    return write_all(fd, head.data(), head.size());
  }
  return write_all(fd, head.data(), head.size()) && write_all(fd, data.data(), data.size()) &&
         write_all(fd, tail.data(), tail.size());
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

}  // namespace daxprop
