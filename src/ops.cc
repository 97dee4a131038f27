#include "src/ops.h"

#include <sys/mman.h>

#include <array>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>

namespace daxprop {

namespace {

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

namespace {

// ---- Each op kind in one place: its text form (keyword, head, key=value fields; read and
// written from the same table) and its lowering to the runtime's op (src/rt/rt.h) ----

// Fields of the text form: each is printed (" key=value") and read back from the same entry.
template <class T, class M = uint64_t>
struct Hex {  // key=0x...; `optional`: left out when 0, 0 when missing
  const char* key;
  M T::*m;
  bool optional = false;
  void put(std::ostream& os, const T& o) const {
    if (!optional || o.*m) os << " " << key << "=" << hex(static_cast<uint64_t>(o.*m));
  }
  void get(Args& a, T& o) const {
    if constexpr (std::is_same_v<M, uint32_t>) {
      o.*m = a.u32(key);
    } else {
      o.*m = a.u64(key, !optional, 0);
    }
  }
};
template <class T>
struct Prot {
  const char* key;
  int T::*m;
  void put(std::ostream& os, const T& o) const { os << " " << key << "=" << format_prot(o.*m); }
  void get(Args& a, T& o) const { o.*m = a.prot(key); }
};
template <class T, class M, class Tab>
struct Bits {  // a|b|0x..
  const char* key;
  M T::*m;
  const Tab* table;
  void put(std::ostream& os, const T& o) const {
    os << " " << key << "=" << format_bits(*table, static_cast<uint32_t>(o.*m));
  }
  void get(Args& a, T& o) const { o.*m = static_cast<M>(a.bits(*table, key)); }
};
template <class T, class Tab>
struct Enum {  // one name of the table, or a number
  const char* key;
  int T::*m;
  const Tab* table;
  void put(std::ostream& os, const T& o) const {
    os << " " << key << "=" << format_enum(*table, static_cast<uint32_t>(o.*m));
  }
  void get(Args& a, T& o) const {
    auto s = a.str(key);
    auto v = s ? parse_enum(*table, *s) : std::nullopt;
    if (s && !v) a.fail("bad " + std::string(key) + " '" + *s + "'");
    o.*m = static_cast<int>(v.value_or(0));
  }
};
template <class T>
struct Choice {  // a bool spelled by one of two names
  const char* key;
  bool T::*m;
  const char* off_name;
  const char* on_name;
  void put(std::ostream& os, const T& o) const { os << " " << key << "=" << (o.*m ? on_name : off_name); }
  void get(Args& a, T& o) const {
    auto s = a.str(key);
    if (s && *s != off_name && *s != on_name) a.fail("bad " + std::string(key) + " '" + *s + "'");
    o.*m = s && *s == on_name;
  }
};
template <class T>
struct Bit {  // a bool spelled 0 or 1
  const char* key;
  bool T::*m;
  void put(std::ostream& os, const T& o) const { os << " " << key << "=" << (o.*m ? 1 : 0); }
  void get(Args& a, T& o) const { o.*m = a.u64(key) != 0; }
};
template <class T, class F>
struct When {  // a field only some ops of the kind have
  bool (*has)(const T&);
  F f;
  void put(std::ostream& os, const T& o) const {
    if (has(o)) f.put(os, o);
  }
  void get(Args& a, T& o) const {
    if (has(o)) f.get(a, o);
  }
};

// Heads: what comes right after the keyword.
struct NoHead {
  template <class T> void put(std::ostream&, const T&) const {}
  template <class T> std::string get(const std::vector<std::string>&, const std::string&, T&) const { return ""; }
  size_t args_from() const { return 1; }
};
template <class T>
struct Target {  // mN+OFFSET
  void put(std::ostream& os, const T& o) const { os << " " << target(o.h, o.off); }
  std::string get(const std::vector<std::string>& toks, const std::string& kw, T& o) const {
    return toks.size() < 2 || !parse_target(toks[1], o.h, o.off) ? kw + " needs a target mN+OFFSET" : "";
  }
  size_t args_from() const { return 2; }
};
template <class T>
struct Handle {  // mN, sN (s1..s3) or pN (p1 and above)
  char prefix;
  int T::*m;
  void put(std::ostream& os, const T& o) const { os << " " << prefix << o.*m; }
  std::string get(const std::vector<std::string>& toks, const std::string& kw, T& o) const {
    if (toks.size() < 2 || !parse_handle(toks[1], prefix, o.*m)) {
      return kw + " needs a handle " + prefix + "N";
    }
    if (prefix == 's' && (o.*m < 1 || o.*m > 3)) return "kvm slots are s1..s3";
    if (prefix == 'p' && o.*m == 0) return kw + " needs p1 or above";
    return "";
  }
  size_t args_from() const { return 2; }
};

// One op kind: keywords, head, fields (OpDef<T>::fields, in text order), how it lowers.
template <class T> struct OpDef;

template <> struct OpDef<MapOp> {
  static constexpr const char* kKeywords[] = {"map"};
  static constexpr Handle<MapOp> kHead{'m', &MapOp::h};
  static constexpr auto kFields = std::make_tuple(
      Hex<MapOp>{"len", &MapOp::len}, Hex<MapOp>{"off", &MapOp::off}, Prot<MapOp>{"prot", &MapOp::prot},
      Bits<MapOp, uint32_t, decltype(kMapFlags)>{"flags", &MapOp::flags, &kMapFlags},
      Hex<MapOp>{"misalign", &MapOp::misalign, true});
  static void lower(const MapOp& o, rt_op& r) {
    r = {.kind = RT_MAP, .h = o.h, .prot = o.prot, .flags = o.flags, .off = o.off, .len = o.len, .a = o.misalign};
  }
};
template <> struct OpDef<UnmapOp> {
  static constexpr const char* kKeywords[] = {"unmap"};
  static constexpr Target<UnmapOp> kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<UnmapOp>{"len", &UnmapOp::len});
  static void lower(const UnmapOp& o, rt_op& r) { r = {.kind = RT_UNMAP, .h = o.h, .off = o.off, .len = o.len}; }
};
template <> struct OpDef<MprotectOp> {
  static constexpr const char* kKeywords[] = {"mprotect"};
  static constexpr Target<MprotectOp> kHead{};
  static constexpr auto kFields =
      std::make_tuple(Hex<MprotectOp>{"len", &MprotectOp::len}, Prot<MprotectOp>{"prot", &MprotectOp::prot});
  static void lower(const MprotectOp& o, rt_op& r) {
    r = {.kind = RT_MPROTECT, .h = o.h, .prot = o.prot, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<MremapOp> {
  static constexpr const char* kKeywords[] = {"mremap"};
  static constexpr Handle<MremapOp> kHead{'m', &MremapOp::h};
  static constexpr auto kFields = std::make_tuple(Hex<MremapOp>{"old", &MremapOp::old_len, true},
                                                  Hex<MremapOp>{"len", &MremapOp::new_len},
                                                  Choice<MremapOp>{"move", &MremapOp::fixed, "maymove", "fixed"});
  static void lower(const MremapOp& o, rt_op& r) {
    r = {.kind = RT_MREMAP, .h = o.h, .arg = o.fixed, .a = o.new_len, .b = o.old_len};
  }
};
template <> struct OpDef<MadviseOp> {
  static constexpr const char* kKeywords[] = {"madvise"};
  static constexpr Target<MadviseOp> kHead{};
  static constexpr auto kFields = std::make_tuple(
      Hex<MadviseOp>{"len", &MadviseOp::len},
      Enum<MadviseOp, decltype(kAdvice)>{"advice", &MadviseOp::advice, &kAdvice});
  static void lower(const MadviseOp& o, rt_op& r) {
    r = {.kind = RT_MADVISE, .h = o.h, .arg = o.advice, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<MsyncOp> {
  static constexpr const char* kKeywords[] = {"msync"};
  static constexpr Target<MsyncOp> kHead{};
  static constexpr auto kFields = std::make_tuple(
      Hex<MsyncOp>{"len", &MsyncOp::len}, Bits<MsyncOp, int, decltype(kMsync)>{"flags", &MsyncOp::flags, &kMsync});
  static void lower(const MsyncOp& o, rt_op& r) {
    r = {.kind = RT_MSYNC, .h = o.h, .arg = o.flags, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<WriteOp> {
  static constexpr const char* kKeywords[] = {"write"};
  static constexpr Target<WriteOp> kHead{};
  static constexpr auto kFields =
      std::make_tuple(Hex<WriteOp>{"len", &WriteOp::len}, Hex<WriteOp, uint32_t>{"pat", &WriteOp::pat});
  static void lower(const WriteOp& o, rt_op& r) {
    r = {.kind = RT_WRITE, .proc = o.proc, .h = o.h, .pat = o.pat, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<ReadOp> {
  static constexpr const char* kKeywords[] = {"read"};
  static constexpr Target<ReadOp> kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<ReadOp>{"len", &ReadOp::len});
  static void lower(const ReadOp& o, rt_op& r) {
    r = {.kind = RT_READ, .proc = o.proc, .h = o.h, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<SysWriteOp> {
  static constexpr const char* kKeywords[] = {"syswrite"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<SysWriteOp>{"off", &SysWriteOp::off},
                                                  Hex<SysWriteOp>{"len", &SysWriteOp::len},
                                                  Hex<SysWriteOp, uint32_t>{"pat", &SysWriteOp::pat});
  static void lower(const SysWriteOp& o, rt_op& r) { r = {.kind = RT_PWRITE, .pat = o.pat, .off = o.off, .len = o.len}; }
};
template <> struct OpDef<SysReadOp> {
  static constexpr const char* kKeywords[] = {"sysread"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields =
      std::make_tuple(Hex<SysReadOp>{"off", &SysReadOp::off}, Hex<SysReadOp>{"len", &SysReadOp::len});
  static void lower(const SysReadOp& o, rt_op& r) { r = {.kind = RT_PREAD, .off = o.off, .len = o.len}; }
};
template <> struct OpDef<TruncateOp> {
  static constexpr const char* kKeywords[] = {"truncate"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<TruncateOp>{"size", &TruncateOp::size});
  static void lower(const TruncateOp& o, rt_op& r) { r = {.kind = RT_TRUNCATE, .a = o.size}; }
};
template <> struct OpDef<PunchHoleOp> {
  static constexpr const char* kKeywords[] = {"punch"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields =
      std::make_tuple(Hex<PunchHoleOp>{"off", &PunchHoleOp::off}, Hex<PunchHoleOp>{"len", &PunchHoleOp::len});
  static void lower(const PunchHoleOp& o, rt_op& r) { r = {.kind = RT_PUNCH, .off = o.off, .len = o.len}; }
};
template <> struct OpDef<ForkOp> {
  static constexpr const char* kKeywords[] = {"fork"};
  static constexpr Handle<ForkOp> kHead{'p', &ForkOp::proc};
  static constexpr auto kFields = std::make_tuple();
  static void lower(const ForkOp& o, rt_op& r) { r = {.kind = RT_FORK, .proc = o.proc}; }
};
template <> struct OpDef<ProbeOp> {
  static constexpr const char* kKeywords[] = {"probe"};
  static constexpr Target<ProbeOp> kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<ProbeOp>{"len", &ProbeOp::len},
                                                  Choice<ProbeOp>{"access", &ProbeOp::store, "load", "store"});
  static void lower(const ProbeOp& o, rt_op& r) {
    r = {.kind = RT_PROBE, .proc = o.proc, .h = o.h, .arg = o.store, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<PinOp> {
  static constexpr const char* kKeywords[] = {"pin"};
  static constexpr Target<PinOp> kHead{};
  struct Via {  // via=NAME, one row of the runtime's table
    void put(std::ostream& os, const PinOp& o) const { os << " via=" << pin_via_name(o.via); }
    void get(Args& a, PinOp& o) const {
      auto s = a.str("via");
      bool known = false;
      for (auto v : PinOp::kAllVias) {
        if (s && *s == pin_via_name(v)) {
          o.via = v;
          known = true;
        }
      }
      if (s && !known) a.fail("bad via '" + *s + "'");
    }
  };
  static bool stores(const PinOp& o) { return o.stores(); }
  static constexpr auto kFields =
      std::make_tuple(Hex<PinOp>{"len", &PinOp::len}, Via{},
                      When<PinOp, Hex<PinOp, uint32_t>>{&stores, {"pat", &PinOp::pat}});
  static void lower(const PinOp& o, rt_op& r) {
    r = {.kind = RT_PIN, .h = o.h, .arg = static_cast<int>(o.via), .pat = o.pat, .off = o.off, .len = o.len};
  }
};
// kvm_slot sN mH+OFF len=.. ro=.. log=..; kvm_unslot sN (len 0 deletes the slot).
template <> struct OpDef<KvmSlotOp> {
  static constexpr const char* kKeywords[] = {"kvm_slot", "kvm_unslot"};
  static bool made(const KvmSlotOp& o) { return o.len != 0; }
  static const char* keyword(const KvmSlotOp& o) { return made(o) ? "kvm_slot" : "kvm_unslot"; }
  static void init(KvmSlotOp& o, const std::string& kw) { o.len = kw == "kvm_slot" ? 1 : 0; }
  struct Head {
    void put(std::ostream& os, const KvmSlotOp& o) const {
      os << " s" << o.slot;
      if (made(o)) os << " " << target(o.h, o.off);
    }
    std::string get(const std::vector<std::string>& toks, const std::string& kw, KvmSlotOp& o) const {
      std::string err = Handle<KvmSlotOp>{'s', &KvmSlotOp::slot}.get(toks, kw, o);
      if (err.empty() && made(o) && (toks.size() < 3 || !parse_target(toks[2], o.h, o.off))) {
        err = "kvm_slot needs a target mN+OFFSET";
      }
      return err;
    }
  };
  static constexpr Head kHead{};
  static size_t args_from(const KvmSlotOp& o) { return made(o) ? 3 : 2; }
  struct Len {
    void put(std::ostream& os, const KvmSlotOp& o) const { os << " len=" << hex(o.len); }
    void get(Args& a, KvmSlotOp& o) const {
      o.len = a.u64("len");
      if (o.len == 0) a.fail("kvm_slot needs len > 0 (kvm_unslot deletes)");
    }
  };
  static constexpr auto kFields = std::make_tuple(When<KvmSlotOp, Len>{&made, {}},
                                                  When<KvmSlotOp, Bit<KvmSlotOp>>{&made, {"ro", &KvmSlotOp::readonly}},
                                                  When<KvmSlotOp, Bit<KvmSlotOp>>{&made, {"log", &KvmSlotOp::log_dirty}});
  static void lower(const KvmSlotOp& o, rt_op& r) {
    r = {.kind = RT_KVM_SLOT, .h = o.h, .slot = o.slot,
         .arg = (o.readonly ? 1 : 0) | (o.log_dirty ? 2 : 0),  // KG_READONLY, KG_LOG_DIRTY
         .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<KvmDirtyOp> {
  static constexpr const char* kKeywords[] = {"kvm_dirty"};
  static constexpr Handle<KvmDirtyOp> kHead{'s', &KvmDirtyOp::slot};
  static constexpr auto kFields = std::make_tuple();
  static void lower(const KvmDirtyOp& o, rt_op& r) { r = {.kind = RT_KVM_DIRTY, .slot = o.slot}; }
};
// kvm_read sN+OFF len=..; kvm_write sN+OFF len=.. pat=..
template <> struct OpDef<KvmAccessOp> {
  static constexpr const char* kKeywords[] = {"kvm_read", "kvm_write"};
  static const char* keyword(const KvmAccessOp& o) { return o.write ? "kvm_write" : "kvm_read"; }
  static void init(KvmAccessOp& o, const std::string& kw) { o.write = kw == "kvm_write"; }
  struct Head {
    void put(std::ostream& os, const KvmAccessOp& o) const { os << " s" << o.slot << "+" << hex(o.off); }
    std::string get(const std::vector<std::string>& toks, const std::string& kw, KvmAccessOp& o) const {
      auto plus = toks.size() > 1 ? toks[1].find('+') : std::string::npos;
      std::optional<uint64_t> off;
      if (plus != std::string::npos) off = parse_u64(toks[1].substr(plus + 1));
      if (!off || !parse_handle(toks[1].substr(0, plus), 's', o.slot) || o.slot < 1 || o.slot > 3) {
        return kw + " needs a slot target sN+OFFSET (s1..s3)";
      }
      o.off = *off;
      return "";
    }
    size_t args_from() const { return 2; }
  };
  static constexpr Head kHead{};
  static bool writes(const KvmAccessOp& o) { return o.write; }
  static constexpr auto kFields = std::make_tuple(
      Hex<KvmAccessOp>{"len", &KvmAccessOp::len},
      When<KvmAccessOp, Hex<KvmAccessOp, uint32_t>>{&writes, {"pat", &KvmAccessOp::pat}});
  static void lower(const KvmAccessOp& o, rt_op& r) {
    r = {.kind = RT_KVM_ACCESS, .slot = o.slot, .arg = o.write, .pat = o.pat, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<HoldReadOp> {
  static constexpr const char* kKeywords[] = {"hold_read"};
  static constexpr Target<HoldReadOp> kHead{};
  static constexpr auto kFields =
      std::make_tuple(Hex<HoldReadOp>{"len", &HoldReadOp::len}, Hex<HoldReadOp, uint32_t>{"pat", &HoldReadOp::pat});
  static void lower(const HoldReadOp& o, rt_op& r) {
    r = {.kind = RT_HOLD_READ, .h = o.h, .pat = o.pat, .off = o.off, .len = o.len};
  }
};
template <> struct OpDef<ReleaseOp> {
  static constexpr const char* kKeywords[] = {"release"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields = std::make_tuple();
  static void lower(const ReleaseOp&, rt_op& r) { r = {.kind = RT_RELEASE}; }
};
template <> struct OpDef<SiblingWriteOp> {
  static constexpr const char* kKeywords[] = {"sibling_write"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<SiblingWriteOp>{"len", &SiblingWriteOp::len},
                                                  Hex<SiblingWriteOp, uint32_t>{"pat", &SiblingWriteOp::pat});
  static void lower(const SiblingWriteOp& o, rt_op& r) { r = {.kind = RT_SIB_WRITE, .pat = o.pat, .len = o.len}; }
};
template <> struct OpDef<SiblingReadOp> {
  static constexpr const char* kKeywords[] = {"sibling_read"};
  static constexpr NoHead kHead{};
  static constexpr auto kFields = std::make_tuple(Hex<SiblingReadOp>{"len", &SiblingReadOp::len});
  static void lower(const SiblingReadOp& o, rt_op& r) { r = {.kind = RT_SIB_READ, .len = o.len}; }
};

// The generic parts, from OpDef<T>.
template <class T>
const char* keyword_of(const T& o) {
  if constexpr (requires { OpDef<T>::keyword(o); }) {
    return OpDef<T>::keyword(o);
  } else {
    return OpDef<T>::kKeywords[0];
  }
}
template <class T>
size_t args_from(const T& o) {
  if constexpr (requires { OpDef<T>::args_from(o); }) {
    return OpDef<T>::args_from(o);
  } else if constexpr (requires { OpDef<T>::kHead.args_from(); }) {
    return OpDef<T>::kHead.args_from();
  } else {
    return 2;
  }
}
// read, write and probe run in another process (`read@p1`): the ops with a `proc` of their own
// (fork's names the process it makes).
template <class T>
constexpr bool kRunsInPeer = requires(T o) { o.proc; } && !std::is_same_v<T, ForkOp>;

template <class T>
void format_one(std::ostream& os, const T& o) {
  os << keyword_of(o);
  if constexpr (kRunsInPeer<T>) os << proc_suffix(o.proc);
  OpDef<T>::kHead.put(os, o);
  std::apply([&](const auto&... f) { (f.put(os, o), ...); }, OpDef<T>::kFields);
}

// Parses an op of kind T from its tokens (keyword `kw`, process `proc`), if kw is T's.
template <class T>
bool parse_one(const std::vector<std::string>& toks, const std::string& kw, int proc,
               std::variant<Op, std::string>& out) {
  bool mine = false;
  for (const char* k : OpDef<T>::kKeywords) mine |= kw == k;
  if (!mine) return false;
  if (proc && !kRunsInPeer<T>) {
    out = std::string("only read, write and probe run in another process");
    return true;
  }
  T o{};
  if constexpr (requires { OpDef<T>::init(o, kw); }) OpDef<T>::init(o, kw);
  if constexpr (kRunsInPeer<T>) o.proc = proc;
  std::string err = OpDef<T>::kHead.get(toks, kw, o);
  Args a(toks, args_from(o));
  std::apply([&](const auto&... f) { (f.get(a, o), ...); }, OpDef<T>::kFields);
  if (err.empty()) err = a.finish();
  if (err.empty()) {
    out = Op(o);
  } else {
    out = err;
  }
  return true;
}

template <class... Ts>
bool parse_any(const std::vector<std::string>& toks, const std::string& kw, int proc,
               std::variant<Op, std::string>& out, std::variant<Ts...>*) {
  return (parse_one<Ts>(toks, kw, proc, out) || ...);
}

}  // namespace

rt_op lower(const Op& op) {
  rt_op r{};
  std::visit([&](const auto& o) { OpDef<std::decay_t<decltype(o)>>::lower(o, r); }, op);
  return r;
}

std::string op_kind(const Op& op) {
  return std::visit([](const auto& o) -> std::string { return keyword_of(o); }, op);
}

std::string format_op(const Op& op) {
  std::ostringstream os;
  std::visit([&](const auto& o) { format_one(os, o); }, op);
  return os.str();
}

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
  }
  std::variant<Op, std::string> out;
  if (!parse_any(toks, kind, proc, out, static_cast<Op*>(nullptr))) return "unknown op '" + kind + "'";
  return out;
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

size_t trace_ops(const Trace& t) {
  size_t n = t.lines.size();
  for (const auto& th : t.race.threads) n += th.size();
  return n;
}

std::string format_trace(const Trace& t) {
  std::string s = format_trace_header(t.header);
  for (const auto& l : t.lines) s += format_trace_line(l) + "\n";
  if (t.race.reps > 0) {
    s += "parallel reps=" + std::to_string(t.race.reps) + "\n";
    for (size_t k = 0; k < t.race.threads.size(); k++) {
      for (const auto& l : t.race.threads[k]) s += "t" + std::to_string(k) + " " + format_trace_line(l) + "\n";
    }
  }
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
    if (starts_with(l, "parallel")) {
      if (t.race.reps > 0) return fail("a second 'parallel' line");
      const auto reps = starts_with(l, "parallel reps=") ? parse_u64(trim(l.substr(14))) : std::nullopt;
      if (!reps || *reps < 1 || *reps > 100000) return fail("'parallel' needs reps=N (1..100000)");
      t.race.reps = static_cast<int>(*reps);
      continue;
    }
    std::vector<TraceLine>* into = &t.lines;
    if (t.race.reps > 0) {
      // tK <op>: thread K's next op (threads are numbered from 0, in order of appearance).
      const auto sp = l.find(' ');
      const auto k = l[0] == 't' && sp != std::string::npos ? parse_u64(l.substr(1, sp - 1)) : std::nullopt;
      if (!k) return fail("after 'parallel' each op line starts with its thread: tK <op>");
      if (*k > t.race.threads.size()) {
        return fail("thread t" + std::to_string(*k) + " before t" + std::to_string(t.race.threads.size()));
      }
      if (*k >= 8) return fail("at most 8 threads (t0..t7)");
      if (*k == t.race.threads.size()) t.race.threads.emplace_back();
      into = &t.race.threads[*k];
      l = trim(l.substr(sp + 1));
    }
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
    into->push_back(std::move(tl));
  }
  if (t.race.reps > 0 && t.race.threads.empty()) return ParseError{static_cast<int>(i), "'parallel' without thread ops"};
  return t;
}

}  // namespace daxprop
