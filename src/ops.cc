#include "src/ops.h"

#include <sys/mman.h>

#include <array>
#include <map>
#include <memory>
#include <sstream>

namespace daxprop {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

struct FlagName {
  uint32_t bit;
  const char* name;
};
// MAP_SHARED_VALIDATE is 0x3 = SHARED|PRIVATE: it is matched as a whole before single bits.
constexpr std::array kMapFlags = {
    FlagName{MAP_SHARED_VALIDATE, "shared_validate"}, FlagName{MAP_SHARED, "shared"},
    FlagName{MAP_PRIVATE, "private"},                 FlagName{MAP_ANONYMOUS, "anonymous"},
    FlagName{MAP_SYNC, "sync"},                       FlagName{MAP_POPULATE, "populate"},
    FlagName{MAP_FIXED_NOREPLACE, "fixed_noreplace"}, FlagName{MAP_NORESERVE, "noreserve"},
    FlagName{MAP_FIXED, "fixed"},                     FlagName{MAP_HUGETLB, "hugetlb"},
};
constexpr std::array kAdvice = {
    FlagName{MADV_NORMAL, "normal"},         FlagName{MADV_RANDOM, "random"},
    FlagName{MADV_SEQUENTIAL, "sequential"}, FlagName{MADV_WILLNEED, "willneed"},
    FlagName{MADV_DONTNEED, "dontneed"},     FlagName{MADV_REMOVE, "remove"},
    FlagName{MADV_DONTFORK, "dontfork"},     FlagName{MADV_DOFORK, "dofork"},
    FlagName{MADV_HWPOISON, "hwpoison"},     FlagName{MADV_POPULATE_READ, "populate_read"},
    FlagName{MADV_POPULATE_WRITE, "populate_write"}, FlagName{MADV_COLD, "cold"},
    FlagName{MADV_PAGEOUT, "pageout"},
};
constexpr std::array kMsync = {FlagName{MS_ASYNC, "async"}, FlagName{MS_SYNC, "sync"},
                               FlagName{MS_INVALIDATE, "invalidate"}};

template <typename A>
std::string format_bits(const A& table, uint32_t v) {
  std::vector<std::string> parts;
  for (const auto& f : table) {
    if (f.bit != 0 && (v & f.bit) == f.bit) {
      parts.emplace_back(f.name);
      v &= ~f.bit;
    }
  }
  if (v) parts.push_back(hex(v));
  return parts.empty() ? "0" : join(parts, "|");
}
template <typename A>
std::optional<uint32_t> parse_bits(const A& table, const std::string& s) {
  uint32_t v = 0;
  for (const auto& part : split(s, '|')) {
    bool found = false;
    for (const auto& f : table) {
      if (part == f.name) {
        v |= f.bit;
        found = true;
        break;
      }
    }
    if (!found) {
      auto n = parse_u64(part);
      if (!n || *n > UINT32_MAX) return std::nullopt;
      v |= static_cast<uint32_t>(*n);
    }
  }
  return v;
}

// Advice values are an enumeration, not bits.
template <typename A>
std::string format_enum(const A& table, uint32_t v) {
  for (const auto& f : table) {
    if (f.bit == v) return f.name;
  }
  return std::to_string(v);
}
template <typename A>
std::optional<uint32_t> parse_enum(const A& table, const std::string& s) {
  for (const auto& f : table) {
    if (s == f.name) return f.bit;
  }
  auto n = parse_u64(s);
  if (!n || *n > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*n);
}

std::string target(int h, uint64_t off) { return "m" + std::to_string(h) + "+" + hex(off); }
std::string proc_suffix(int proc) { return proc ? "@p" + std::to_string(proc) : ""; }

}  // namespace

std::string pin_via_name(PinOp::Via v) { return rt_vias[static_cast<int>(v)].name; }

rt_op lower(const Op& op) {
  rt_op r{};
  auto at = [&](int kind, int h, uint64_t off, uint64_t len) {
    r.kind = kind;
    r.h = h;
    r.off = off;
    r.len = len;
  };
  std::visit(Overloaded{
                 [&](const MapOp& o) {
                   at(RT_MAP, o.h, o.off, o.len);
                   r.prot = o.prot;
                   r.flags = o.flags;
                   r.a = o.misalign;
                 },
                 [&](const UnmapOp& o) { at(RT_UNMAP, o.h, o.off, o.len); },
                 [&](const MprotectOp& o) {
                   at(RT_MPROTECT, o.h, o.off, o.len);
                   r.prot = o.prot;
                 },
                 [&](const MremapOp& o) {
                   at(RT_MREMAP, o.h, 0, 0);
                   r.a = o.new_len;
                   r.b = o.old_len;
                   r.arg = o.fixed;
                 },
                 [&](const MadviseOp& o) {
                   at(RT_MADVISE, o.h, o.off, o.len);
                   r.arg = o.advice;
                 },
                 [&](const MsyncOp& o) {
                   at(RT_MSYNC, o.h, o.off, o.len);
                   r.arg = o.flags;
                 },
                 [&](const WriteOp& o) {
                   at(RT_WRITE, o.h, o.off, o.len);
                   r.proc = o.proc;
                   r.pat = o.pat;
                 },
                 [&](const ReadOp& o) {
                   at(RT_READ, o.h, o.off, o.len);
                   r.proc = o.proc;
                 },
                 [&](const SysWriteOp& o) {
                   at(RT_PWRITE, 0, o.off, o.len);
                   r.pat = o.pat;
                 },
                 [&](const SysReadOp& o) { at(RT_PREAD, 0, o.off, o.len); },
                 [&](const TruncateOp& o) {
                   at(RT_TRUNCATE, 0, 0, 0);
                   r.a = o.size;
                 },
                 [&](const PunchHoleOp& o) { at(RT_PUNCH, 0, o.off, o.len); },
                 [&](const ForkOp& o) {
                   at(RT_FORK, 0, 0, 0);
                   r.proc = o.proc;
                 },
                 [&](const ProbeOp& o) {
                   at(RT_PROBE, o.h, o.off, o.len);
                   r.proc = o.proc;
                   r.arg = o.store;
                 },
                 [&](const PinOp& o) {
                   at(RT_PIN, o.h, o.off, o.len);
                   r.arg = static_cast<int>(o.via);
                   r.pat = o.pat;
                 },
                 [&](const KvmSlotOp& o) {
                   at(RT_KVM_SLOT, o.h, o.off, o.len);
                   r.slot = o.slot;
                   r.arg = (o.readonly ? 1 : 0) | (o.log_dirty ? 2 : 0);  // KG_READONLY, KG_LOG_DIRTY
                 },
                 [&](const KvmAccessOp& o) {
                   at(RT_KVM_ACCESS, 0, o.off, o.len);
                   r.slot = o.slot;
                   r.arg = o.write;
                   r.pat = o.pat;
                 },
                 [&](const KvmDirtyOp& o) {
                   at(RT_KVM_DIRTY, 0, 0, 0);
                   r.slot = o.slot;
                 },
                 [&](const HoldReadOp& o) {
                   at(RT_HOLD_READ, o.h, o.off, o.len);
                   r.pat = o.pat;
                 },
                 [&](const ReleaseOp&) { at(RT_RELEASE, 0, 0, 0); },
                 [&](const SiblingWriteOp& o) {
                   at(RT_SIB_WRITE, 0, 0, o.len);
                   r.pat = o.pat;
                 },
                 [&](const SiblingReadOp& o) { at(RT_SIB_READ, 0, 0, o.len); },
             },
             op);
  return r;
}

std::string format_prot(int prot) {
  if (prot == PROT_NONE) return "none";
  std::string s;
  if (prot & PROT_READ) s += 'r';
  if (prot & PROT_WRITE) s += 'w';
  if (prot & PROT_EXEC) s += 'x';
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) s += "|" + hex(prot & ~7);
  return s;
}

std::string format_map_flags(uint32_t flags) { return format_bits(kMapFlags, flags); }

std::string op_kind(const Op& op) {
  return std::visit(Overloaded{
                        [](const MapOp&) { return "map"; },
                        [](const UnmapOp&) { return "unmap"; },
                        [](const MprotectOp&) { return "mprotect"; },
                        [](const MremapOp&) { return "mremap"; },
                        [](const MadviseOp&) { return "madvise"; },
                        [](const MsyncOp&) { return "msync"; },
                        [](const WriteOp&) { return "write"; },
                        [](const ReadOp&) { return "read"; },
                        [](const SysWriteOp&) { return "syswrite"; },
                        [](const SysReadOp&) { return "sysread"; },
                        [](const TruncateOp&) { return "truncate"; },
                        [](const PunchHoleOp&) { return "punch"; },
                        [](const ForkOp&) { return "fork"; },
                        [](const ProbeOp&) { return "probe"; },
                        [](const PinOp&) { return "pin"; },
                        [](const KvmSlotOp& o) { return o.len ? "kvm_slot" : "kvm_unslot"; },
                        [](const KvmAccessOp& o) { return o.write ? "kvm_write" : "kvm_read"; },
                        [](const KvmDirtyOp&) { return "kvm_dirty"; },
                        [](const HoldReadOp&) { return "hold_read"; },
                        [](const ReleaseOp&) { return "release"; },
                        [](const SiblingWriteOp&) { return "sibling_write"; },
                        [](const SiblingReadOp&) { return "sibling_read"; },
                    },
                    op);
}

std::optional<int> op_handle(const Op& op) {
  return std::visit(
      [](const auto& o) -> std::optional<int> {
        if constexpr (requires { o.h; }) {
          return o.h;
        } else {
          return std::nullopt;
        }
      },
      op);
}

int op_proc(const Op& op) {
  return std::visit(
      [](const auto& o) -> int {
        if constexpr (requires { o.proc; } && !std::is_same_v<std::decay_t<decltype(o)>, ForkOp>) {
          return o.proc;
        } else {
          return 0;
        }
      },
      op);
}

std::string format_op(const Op& op) {
  std::ostringstream os;
  std::visit(Overloaded{
                 [&](const MapOp& o) {
                   os << "map m" << o.h << " len=" << hex(o.len) << " off=" << hex(o.off)
                      << " prot=" << format_prot(o.prot) << " flags=" << format_map_flags(o.flags);
                   if (o.misalign) os << " misalign=" << hex(o.misalign);
                 },
                 [&](const UnmapOp& o) { os << "unmap " << target(o.h, o.off) << " len=" << hex(o.len); },
                 [&](const MprotectOp& o) {
                   os << "mprotect " << target(o.h, o.off) << " len=" << hex(o.len)
                      << " prot=" << format_prot(o.prot);
                 },
                 [&](const MremapOp& o) {
                   os << "mremap m" << o.h;
                   if (o.old_len) os << " old=" << hex(o.old_len);
                   os << " len=" << hex(o.new_len)
                      << " move=" << (o.fixed ? "fixed" : "maymove");
                 },
                 [&](const MadviseOp& o) {
                   os << "madvise " << target(o.h, o.off) << " len=" << hex(o.len)
                      << " advice=" << format_enum(kAdvice, static_cast<uint32_t>(o.advice));
                 },
                 [&](const MsyncOp& o) {
                   os << "msync " << target(o.h, o.off) << " len=" << hex(o.len)
                      << " flags=" << format_bits(kMsync, static_cast<uint32_t>(o.flags));
                 },
                 [&](const WriteOp& o) {
                   os << "write" << proc_suffix(o.proc) << " " << target(o.h, o.off)
                      << " len=" << hex(o.len) << " pat=" << hex(o.pat);
                 },
                 [&](const ReadOp& o) {
                   os << "read" << proc_suffix(o.proc) << " " << target(o.h, o.off)
                      << " len=" << hex(o.len);
                 },
                 [&](const SysWriteOp& o) {
                   os << "syswrite off=" << hex(o.off) << " len=" << hex(o.len) << " pat=" << hex(o.pat);
                 },
                 [&](const SysReadOp& o) { os << "sysread off=" << hex(o.off) << " len=" << hex(o.len); },
                 [&](const TruncateOp& o) { os << "truncate size=" << hex(o.size); },
                 [&](const PunchHoleOp& o) { os << "punch off=" << hex(o.off) << " len=" << hex(o.len); },
                 [&](const ForkOp& o) { os << "fork p" << o.proc; },
                 [&](const ProbeOp& o) {
                   os << "probe" << proc_suffix(o.proc) << " " << target(o.h, o.off)
                      << " len=" << hex(o.len) << " access=" << (o.store ? "store" : "load");
                 },
                 [&](const KvmSlotOp& o) {
                   if (o.len == 0) {
                     os << "kvm_unslot s" << o.slot;
                   } else {
                     os << "kvm_slot s" << o.slot << " " << target(o.h, o.off) << " len=" << hex(o.len)
                        << " ro=" << (o.readonly ? 1 : 0) << " log=" << (o.log_dirty ? 1 : 0);
                   }
                 },
                 [&](const KvmDirtyOp& o) { os << "kvm_dirty s" << o.slot; },
                 [&](const KvmAccessOp& o) {
                   os << (o.write ? "kvm_write s" : "kvm_read s") << o.slot << "+" << hex(o.off)
                      << " len=" << hex(o.len);
                   if (o.write) os << " pat=" << hex(o.pat);
                 },
                 [&](const PinOp& o) {
                   os << "pin " << target(o.h, o.off) << " len=" << hex(o.len)
                      << " via=" << pin_via_name(o.via);
                   if (o.stores()) os << " pat=" << hex(o.pat);
                 },
                 [&](const HoldReadOp& o) {
                   os << "hold_read " << target(o.h, o.off) << " len=" << hex(o.len)
                      << " pat=" << hex(o.pat);
                 },
                 [&](const ReleaseOp&) { os << "release"; },
                 [&](const SiblingWriteOp& o) {
                   os << "sibling_write len=" << hex(o.len) << " pat=" << hex(o.pat);
                 },
                 [&](const SiblingReadOp& o) { os << "sibling_read len=" << hex(o.len); },
             },
             op);
  return os.str();
}

std::string format_outcome(const Outcome& o) {
  std::string s;
  switch (o.kind) {
    case Outcome::Kind::kOk: s = "ok"; break;
    case Outcome::Kind::kErr: s = "err " + errno_name(o.err); break;
    case Outcome::Kind::kSig:
      s = "sig " + signal_name(o.sig) + " " + sicode_name(o.sig, o.code) + " +" + hex(o.fault_off);
      if (o.lsb) s += " lsb=" + std::to_string(o.lsb);
      break;
  }
  if (o.n) s += " n=" + hex(*o.n);
  if (o.crc) s += " crc=" + hex(*o.crc);
  if (!o.faults.empty()) s += " faults=" + format_faults(o.faults);
  if (o.mmio) s += " mmio=+" + hex(*o.mmio);
  if (o.held) s += " held";
  if (!o.dirty.empty()) {
    // Runs: "dirty=0-3,7".
    s += " dirty=";
    for (size_t i = 0; i < o.dirty.size();) {
      size_t j = i;
      while (j + 1 < o.dirty.size() && o.dirty[j + 1] == o.dirty[j] + 1) j++;
      if (i) s += ",";
      s += std::to_string(o.dirty[i]);
      if (j > i) s += "-" + std::to_string(o.dirty[j]);
      i = j + 1;
    }
  }
  if (o.pages.size() == 3) {
    s += " pages=" + std::to_string(o.pages[0]) + "/" + std::to_string(o.pages[1]) + "/" +
         std::to_string(o.pages[2]);
  }
  return s;
}

// Run-length: "1,0*511" is one fault in the first unit and none in the next 511.
std::string format_faults(const std::vector<uint32_t>& f) {
  std::string s;
  for (size_t i = 0; i < f.size();) {
    size_t j = i;
    while (j < f.size() && f[j] == f[i]) j++;
    if (!s.empty()) s += ',';
    s += std::to_string(f[i]);
    if (j - i > 1) s += "*" + std::to_string(j - i);
    i = j;
  }
  return s;
}

std::optional<std::vector<uint32_t>> parse_faults(const std::string& s) {
  std::vector<uint32_t> f;
  for (const auto& part : split(s, ',')) {
    auto star = part.find('*');
    auto v = parse_u64(part.substr(0, star));
    std::optional<uint64_t> n = uint64_t{1};
    if (star != std::string::npos) n = parse_u64(part.substr(star + 1));
    // A probe spans at most a few GiB: 2 MiB units number in the thousands.
    if (!v || *v > UINT32_MAX || !n || *n == 0 || f.size() + *n > (1u << 20)) return std::nullopt;
    f.insert(f.end(), *n, static_cast<uint32_t>(*v));
  }
  if (f.empty()) return std::nullopt;
  return f;
}

namespace {

// Key=value arguments of one op line, each consumed once; leftovers are an error.
class Args {
 public:
  explicit Args(const std::vector<std::string>& toks, size_t from) {
    for (size_t i = from; i < toks.size(); i++) {
      auto eq = toks[i].find('=');
      if (eq == std::string::npos || eq == 0) {
        err_ = "expected key=value, got '" + toks[i] + "'";
        return;
      }
      auto key = toks[i].substr(0, eq);
      if (kv_.count(key)) {
        err_ = "duplicate argument '" + key + "'";
        return;
      }
      kv_[key] = toks[i].substr(eq + 1);
    }
  }
  std::optional<std::string> str(const std::string& key, bool required = true) {
    auto it = kv_.find(key);
    if (it == kv_.end()) {
      if (required && err_.empty()) err_ = "missing argument '" + key + "'";
      return std::nullopt;
    }
    auto v = it->second;
    kv_.erase(it);
    return v;
  }
  uint64_t u64(const std::string& key, bool required = true, uint64_t dflt = 0) {
    auto s = str(key, required);
    if (!s) return dflt;
    auto v = parse_u64(*s);
    if (!v) {
      fail("bad number '" + *s + "' for " + key);
      return dflt;
    }
    return *v;
  }
  uint32_t u32(const std::string& key) {
    uint64_t v = u64(key);
    if (v > UINT32_MAX) fail(key + " out of range");
    return static_cast<uint32_t>(v);
  }
  int prot(const std::string& key) {
    auto s = str(key);
    if (!s) return 0;
    if (*s == "none") return PROT_NONE;
    int p = 0;
    for (char c : *s) {
      if (c == 'r') {
        p |= PROT_READ;
      } else if (c == 'w') {
        p |= PROT_WRITE;
      } else if (c == 'x') {
        p |= PROT_EXEC;
      } else {
        fail("bad prot '" + *s + "'");
        return 0;
      }
    }
    if (s->empty()) fail("empty prot");
    return p;
  }
  template <typename A>
  uint32_t bits(const A& table, const std::string& key) {
    auto s = str(key);
    if (!s) return 0;
    auto v = parse_bits(table, *s);
    if (!v) fail("bad " + key + " '" + *s + "'");
    return v.value_or(0);
  }
  void fail(std::string e) {
    if (err_.empty()) err_ = std::move(e);
  }
  std::string finish() {
    if (err_.empty() && !kv_.empty()) err_ = "unknown argument '" + kv_.begin()->first + "'";
    return err_;
  }

 private:
  std::map<std::string, std::string> kv_;
  std::string err_;
};

bool parse_handle(const std::string& tok, char prefix, int& h) {
  if (tok.size() < 2 || tok[0] != prefix) return false;
  auto v = parse_u64(tok.substr(1));
  if (!v || *v > 1000000 || (tok[1] == '0' && tok.size() > 2)) return false;
  h = static_cast<int>(*v);
  return true;
}

bool parse_target(const std::string& tok, int& h, uint64_t& off) {
  auto plus = tok.find('+');
  if (plus == std::string::npos) return false;
  auto v = parse_u64(tok.substr(plus + 1));
  if (!v) return false;
  off = *v;
  return parse_handle(tok.substr(0, plus), 'm', h);
}

}  // namespace

std::variant<Op, std::string> parse_op(const std::string& line) {
  std::istringstream is(line);
  std::vector<std::string> toks;
  for (std::string t; is >> t;) toks.push_back(t);
  if (toks.empty()) return std::string("empty op");
  std::string kind = toks[0];
  int proc = 0;
  if (auto at = kind.find('@'); at != std::string::npos) {
    if (!parse_handle(kind.substr(at + 1), 'p', proc) || proc == 0) {
      return "bad process '" + kind.substr(at + 1) + "'";
    }
    kind = kind.substr(0, at);
    if (kind != "read" && kind != "write" && kind != "probe") {
      return "only read, write and probe run in another process";
    }
  }
  auto need_target = [&](int& h, uint64_t& off) -> std::string {
    if (toks.size() < 2 || !parse_target(toks[1], h, off)) {
      return kind + " needs a target mN+OFFSET";
    }
    return "";
  };
  auto need_handle = [&](char prefix, int& h) -> std::string {
    if (toks.size() < 2 || !parse_handle(toks[1], prefix, h)) {
      return kind + " needs a handle " + prefix + "N";
    }
    return "";
  };
  Op op;
  std::string err;
  std::unique_ptr<Args> a;
  if (kind == "map") {
    MapOp o;
    err = need_handle('m', o.h);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    o.off = a->u64("off");
    o.prot = a->prot("prot");
    o.flags = a->bits(kMapFlags, "flags");
    o.misalign = a->u64("misalign", false, 0);
    op = o;
  } else if (kind == "unmap") {
    UnmapOp o;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    op = o;
  } else if (kind == "mprotect") {
    MprotectOp o;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    o.prot = a->prot("prot");
    op = o;
  } else if (kind == "mremap") {
    MremapOp o;
    err = need_handle('m', o.h);
    a = std::make_unique<Args>(toks, 2);
    o.new_len = a->u64("len");
    o.old_len = a->u64("old", false, 0);
    auto mv = a->str("move");
    if (mv && *mv != "fixed" && *mv != "maymove") a->fail("bad move '" + *mv + "'");
    o.fixed = mv && *mv == "fixed";
    op = o;
  } else if (kind == "madvise") {
    MadviseOp o;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    auto adv = a->str("advice");
    auto v = adv ? parse_enum(kAdvice, *adv) : std::nullopt;
    if (adv && !v) a->fail("bad advice '" + *adv + "'");
    o.advice = static_cast<int>(v.value_or(0));
    op = o;
  } else if (kind == "msync") {
    MsyncOp o;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    o.flags = static_cast<int>(a->bits(kMsync, "flags"));
    op = o;
  } else if (kind == "write") {
    WriteOp o;
    o.proc = proc;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    o.pat = a->u32("pat");
    op = o;
  } else if (kind == "read") {
    ReadOp o;
    o.proc = proc;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    op = o;
  } else if (kind == "probe") {
    ProbeOp o;
    o.proc = proc;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    auto acc = a->str("access");
    if (acc && *acc != "load" && *acc != "store") a->fail("bad access '" + *acc + "'");
    o.store = acc && *acc == "store";
    op = o;
  } else if (kind == "kvm_slot" || kind == "kvm_unslot") {
    KvmSlotOp o;
    err = need_handle('s', o.slot);
    if (err.empty() && (o.slot < 1 || o.slot > 3)) err = "kvm slots are s1..s3";
    size_t next = 2;
    if (kind == "kvm_slot") {
      if (err.empty() && (toks.size() < 3 || !parse_target(toks[2], o.h, o.off))) {
        err = "kvm_slot needs a target mN+OFFSET";
      }
      next = 3;
    }
    a = std::make_unique<Args>(toks, next);
    if (kind == "kvm_slot") {
      o.len = a->u64("len");
      o.readonly = a->u64("ro") != 0;
      o.log_dirty = a->u64("log") != 0;
      if (o.len == 0) a->fail("kvm_slot needs len > 0 (kvm_unslot deletes)");
    }
    op = o;
  } else if (kind == "hold_read") {
    HoldReadOp o;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    o.pat = a->u32("pat");
    op = o;
  } else if (kind == "release") {
    a = std::make_unique<Args>(toks, 1);
    op = ReleaseOp{};
  } else if (kind == "sibling_write") {
    SiblingWriteOp o;
    a = std::make_unique<Args>(toks, 1);
    o.len = a->u64("len");
    o.pat = a->u32("pat");
    op = o;
  } else if (kind == "sibling_read") {
    SiblingReadOp o;
    a = std::make_unique<Args>(toks, 1);
    o.len = a->u64("len");
    op = o;
  } else if (kind == "kvm_dirty") {
    KvmDirtyOp o;
    err = need_handle('s', o.slot);
    if (err.empty() && (o.slot < 1 || o.slot > 3)) err = "kvm slots are s1..s3";
    a = std::make_unique<Args>(toks, 2);
    op = o;
  } else if (kind == "kvm_write" || kind == "kvm_read") {
    KvmAccessOp o;
    o.write = kind == "kvm_write";
    auto plus = toks.size() > 1 ? toks[1].find('+') : std::string::npos;
    std::optional<uint64_t> off;
    if (plus != std::string::npos) off = parse_u64(toks[1].substr(plus + 1));
    if (!off || !parse_handle(toks[1].substr(0, plus), 's', o.slot) || o.slot < 1 || o.slot > 3) {
      err = kind + " needs a slot target sN+OFFSET (s1..s3)";
    } else {
      o.off = *off;
    }
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    if (o.write) o.pat = a->u32("pat");
    op = o;
  } else if (kind == "pin") {
    PinOp o;
    err = need_target(o.h, o.off);
    a = std::make_unique<Args>(toks, 2);
    o.len = a->u64("len");
    auto via = a->str("via");
    bool known = false;
    for (auto v : PinOp::kAllVias) {
      if (via && *via == pin_via_name(v)) {
        o.via = v;
        known = true;
      }
    }
    if (via && !known) a->fail("bad via '" + *via + "'");
    if (o.stores()) o.pat = a->u32("pat");
    op = o;
  } else if (kind == "syswrite") {
    SysWriteOp o;
    a = std::make_unique<Args>(toks, 1);
    o.off = a->u64("off");
    o.len = a->u64("len");
    o.pat = a->u32("pat");
    op = o;
  } else if (kind == "sysread") {
    SysReadOp o;
    a = std::make_unique<Args>(toks, 1);
    o.off = a->u64("off");
    o.len = a->u64("len");
    op = o;
  } else if (kind == "truncate") {
    TruncateOp o;
    a = std::make_unique<Args>(toks, 1);
    o.size = a->u64("size");
    op = o;
  } else if (kind == "punch") {
    PunchHoleOp o;
    a = std::make_unique<Args>(toks, 1);
    o.off = a->u64("off");
    o.len = a->u64("len");
    op = o;
  } else if (kind == "fork") {
    ForkOp o;
    err = need_handle('p', o.proc);
    if (err.empty() && o.proc == 0) err = "fork needs p1 or above";
    a = std::make_unique<Args>(toks, 2);
    op = o;
  } else {
    return "unknown op '" + kind + "'";
  }
  if (!err.empty()) return err;
  err = a->finish();
  if (!err.empty()) return err;
  return op;
}

std::variant<Outcome, std::string> parse_outcome(const std::string& text) {
  std::istringstream is(text);
  std::vector<std::string> t;
  for (std::string s; is >> s;) t.push_back(s);
  if (t.empty()) return std::string("empty outcome");
  Outcome o;
  size_t i = 1;
  if (t[0] == "ok") {
    o.kind = Outcome::Kind::kOk;
  } else if (t[0] == "err") {
    if (t.size() < 2) return std::string("err needs an errno name");
    auto e = errno_from_name(t[1]);
    if (!e) return "unknown errno '" + t[1] + "'";
    o = Outcome::error(*e);
    i = 2;
  } else if (t[0] == "sig") {
    if (t.size() < 4) return std::string("sig needs SIGNAL CODE +OFFSET");
    auto s = signal_from_name(t[1]);
    if (!s) return "unknown signal '" + t[1] + "'";
    auto c = sicode_from_name(*s, t[2]);
    if (!c) return "unknown si_code '" + t[2] + "'";
    auto off = t[3].size() > 1 && t[3][0] == '+' ? parse_u64(t[3].substr(1)) : std::nullopt;
    if (!off) return "bad fault offset '" + t[3] + "'";
    o = Outcome::signal(*s, *c, *off);
    i = 4;
  } else {
    return "unknown outcome '" + t[0] + "'";
  }
  for (; i < t.size(); i++) {
    std::optional<uint64_t> v;
    if (starts_with(t[i], "n=") && !o.n) {
      v = parse_u64(t[i].substr(2));
      o.n = v;
    } else if (starts_with(t[i], "crc=") && !o.crc) {
      v = parse_u64(t[i].substr(4));
      if (v && *v > UINT32_MAX) v.reset();
      if (v) o.crc = static_cast<uint32_t>(*v);
    } else if (starts_with(t[i], "lsb=") && o.kind == Outcome::Kind::kSig && !o.lsb) {
      v = parse_u64(t[i].substr(4));
      if (v && (*v == 0 || *v > 63)) v.reset();
      if (v) o.lsb = static_cast<int>(*v);
    } else if (t[i] == "held" && !o.held) {
      o.held = true;
      v = 1;
    } else if (starts_with(t[i], "mmio=+") && !o.mmio) {
      v = parse_u64(t[i].substr(6));
      o.mmio = v;
    } else if (starts_with(t[i], "dirty=") && o.dirty.empty()) {
      v = 0;
      for (const auto& run : split(t[i].substr(6), ',')) {
        auto dash = run.find('-');
        auto a = parse_u64(run.substr(0, dash));
        auto b = dash == std::string::npos ? a : parse_u64(run.substr(dash + 1));
        if (!a || !b || *b < *a || *b - *a > (1u << 20) ||
            (!o.dirty.empty() && *a <= o.dirty.back())) {
          v.reset();
          break;
        }
        for (uint64_t k = *a; k <= *b; k++) o.dirty.push_back(k);
      }
    } else if (starts_with(t[i], "pages=") && o.pages.empty()) {
      auto parts = split(t[i].substr(6), '/');
      for (const auto& part : parts) {
        auto n = parse_u64(part);
        if (n) o.pages.push_back(*n);
      }
      v = o.pages.size() == 3 && parts.size() == 3 ? std::optional<uint64_t>(0) : std::nullopt;
    } else if (starts_with(t[i], "faults=") && o.faults.empty()) {
      auto f = parse_faults(t[i].substr(7));
      if (f) o.faults = std::move(*f);
      v = f ? std::optional<uint64_t>(0) : std::nullopt;
    }
    if (!v) return "bad outcome field '" + t[i] + "'";
  }
  return o;
}

std::string format_trace_header(const TraceHeader& h) {
  // Every header value is one token; an unknown one is written "-".
  auto v = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::ostringstream os;
  os << "daxprop-trace " << h.format << "\n"
     << "version " << v(h.daxprop_version) << "\n"
     << "property " << v(h.property) << "\n"
     << "backing " << v(h.backing) << "\n"
     << "seed " << h.seed << "\n"
     << "reproduce " << v(h.reproduce) << "\n"
     << "kernel " << v(h.kernel) << "\n"
     << "inject " << v(h.inject) << "\n"
     << "---\n";
  return os.str();
}

std::string format_trace_line(const TraceLine& l) {
  std::string s = format_op(l.op);
  if (l.observed) s += "  # => " + format_outcome(*l.observed);
  return s;
}

std::string format_trace(const Trace& t) {
  std::string s = format_trace_header(t.header);
  for (const auto& l : t.lines) s += format_trace_line(l) + "\n";
  return s;
}

std::variant<Trace, ParseError> parse_trace(const std::string& text) {
  Trace t;
  auto lines = split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t i = 0;
  auto fail = [&](std::string why) { return ParseError{static_cast<int>(i + 1), std::move(why)}; };
  if (lines.empty()) return ParseError{1, "empty trace"};
  if (trim(lines[0]) != "daxprop-trace 1") {
    return fail(starts_with(lines[0], "daxprop-trace ")
                    ? "unsupported trace format '" + lines[0].substr(14) + "' (this daxprop reads 1)"
                    : "not a daxprop trace (first line must be 'daxprop-trace 1')");
  }
  std::map<std::string, bool> seen;
  for (i = 1; i < lines.size(); i++) {
    std::string l = trim(lines[i]);
    if (l == "---") break;
    if (l.empty() || l[0] == '#') continue;
    auto sp = l.find(' ');
    std::string key = l.substr(0, sp);
    std::string val = sp == std::string::npos ? "" : trim(l.substr(sp + 1));
    if (seen[key]) return fail("duplicate header '" + key + "'");
    seen[key] = true;
    if (val.empty() || val.find(' ') != std::string::npos) {
      return fail("header '" + key + "' needs exactly one value");
    }
    if (key == "version") {
      t.header.daxprop_version = val;
    } else if (key == "property") {
      t.header.property = val;
    } else if (key == "backing") {
      t.header.backing = val;
    } else if (key == "seed") {
      auto v = parse_u64(val);
      if (!v) return fail("bad seed '" + val + "'");
      t.header.seed = *v;
    } else if (key == "reproduce") {
      t.header.reproduce = val;
    } else if (key == "kernel") {
      t.header.kernel = val;
    } else if (key == "inject") {
      t.header.inject = val;
    } else {
      return fail("unknown header '" + key + "'");
    }
  }
  if (i == lines.size()) return fail("missing '---' after the header");
  if (!seen["backing"]) return fail("header has no 'backing'");
  for (i++; i < lines.size(); i++) {
    std::string l = trim(lines[i]);
    if (l.empty() || l[0] == '#') continue;
    TraceLine tl;
    auto hash = l.find('#');
    std::string op_text = trim(l.substr(0, hash));
    auto op = parse_op(op_text);
    if (auto* e = std::get_if<std::string>(&op)) return fail(*e);
    tl.op = std::get<Op>(op);
    if (hash != std::string::npos) {
      std::string ann = trim(l.substr(hash + 1));
      if (!starts_with(ann, "=>")) return fail("annotation must start with '=>'");
      auto o = parse_outcome(ann.substr(2));
      if (auto* e = std::get_if<std::string>(&o)) return fail(*e);
      tl.observed = std::get<Outcome>(o);
    }
    t.lines.push_back(std::move(tl));
  }
  return t;
}

}  // namespace daxprop
