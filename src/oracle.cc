#include "src/oracle.h"

#include <signal.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "src/signature.h"

namespace daxprop {

std::optional<std::string> judge(const Op& op, const Expect& want, const Observation& got,
                                 std::string* signature) {
  const Outcome &w = want.out, &g = got.out;
  auto sig = [&](const std::string& how) {
    if (signature) *signature = op_signature(op) + ": " + how;
  };
  std::ostringstream os;
  // A machine-check SIGBUS reports the poisoned entry: si_addr_lsb is "the least significant
  // bit of the reported address and therefore the extent of the corruption" (sigaction(2)),
  // so only si_addr's bits above it name the entry (6.12 reports the faulting page inside a
  // 2 MiB entry, 6.18 the entry's start). Mappings start at 4 GiB-aligned slots: an offset's
  // bits are its address's.
  const bool mce = w.kind == Outcome::Kind::kSig && (w.code == BUS_MCEERR_AR || w.code == BUS_MCEERR_AO) &&
                   w.lsb > 0 && w.lsb == g.lsb && w.lsb < 64;
  const bool same_fault = mce ? (w.fault_off >> w.lsb) == (g.fault_off >> g.lsb) : w.fault_off == g.fault_off;
  bool same_kind = w.kind == g.kind && w.err == g.err && w.sig == g.sig && w.code == g.code &&
                   (same_fault || want.any_fault_off) &&
                   (w.lsb == 0 || w.lsb == g.lsb) && w.mmio == g.mmio && w.held == g.held;
  // KVM: the guest stopped before a host page it could not have; -EFAULT is what the source
  // says, an MMIO exit at that byte keeps stale data out as well.
  if (!same_kind && want.kvm_stop && g.kind == Outcome::Kind::kOk && g.mmio &&
      std::holds_alternative<KvmAccessOp>(op) &&
      *g.mmio == std::get<KvmAccessOp>(op).off + w.n.value_or(0)) {
    return std::nullopt;
  }
  if (!same_kind) {
    os << format_op(op) << ": expected " << format_outcome(w) << ", observed "
       << format_outcome(g);
    const std::string ws = outcome_signature(w), gs = outcome_signature(g);
    sig(ws != gs ? "expected " + ws + ", got " + gs
        : !same_fault                ? "fault at another page"
        : w.lsb != g.lsb             ? "si_addr_lsb differs"
                                     : "outcome differs");
    return os.str();
  }
  if (w.n && g.n != w.n) {
    os << format_op(op) << ": expected n=" << hex(*w.n) << ", observed "
       << (g.n ? "n=" + hex(*g.n) : std::string("no count"));
    sig("byte count differs");
    return os.str();
  }
  if (std::holds_alternative<ProbeOp>(op) && g.kind == Outcome::Kind::kOk) {
    if (want.units >= 0 && g.faults.size() != static_cast<size_t>(want.units)) {
      os << format_op(op) << ": expected fault counts for " << want.units
         << " 2 MiB units, observed " << g.faults.size();
      sig("fault counts for another number of units");
      return os.str();
    }
    for (const FaultBound& b : want.faults) {
      uint64_t sum = 0;
      for (size_t k = b.first; k < b.first + b.n && k < g.faults.size(); k++) sum += g.faults[k];
      if (sum < b.min || sum > b.max) {
        os << format_op(op) << ": " << sum << " page faults over +" << hex(b.off) << " len="
           << hex(b.len) << ", expected ";
        if (b.max == UINT32_MAX) {
          os << "at least " << b.min;
        } else if (b.min == 0) {
          os << "at most " << b.max;
        } else {
          os << b.min << ".." << b.max;
        }
        os << " (" << b.why << ")";
        sig(sum < b.min ? "fewer page faults than due" : "more page faults than a huge entry takes");
        return os.str();
      }
    }
    return std::nullopt;
  }
  const auto* pin = std::get_if<PinOp>(&op);
  const auto* kvm = std::get_if<KvmAccessOp>(&op);
  if (kvm && g.kind == Outcome::Kind::kOk && (want.kvm_min_2m || want.kvm_min_1g)) {
    if (g.pages.size() != 3) {
      sig("no KVM page stats");
      return format_op(op) + ": no KVM page stats (pages_4k/2m/1g) to check the huge mapping "
                             "that was due";
    }
    if (g.pages[1] + 512 * g.pages[2] < want.kvm_min_2m || g.pages[2] < want.kvm_min_1g) {
      os << format_op(op) << ": KVM maps pages_2m=" << g.pages[1] << " pages_1g=" << g.pages[2]
         << " (pages_4k=" << g.pages[0] << "), expected at least "
         << (want.kvm_min_1g ? std::to_string(want.kvm_min_1g) + " 1 GiB page(s)"
                             : std::to_string(want.kvm_min_2m) + " 2 MiB units")
         << ": the host maps the range with huge entries and the guest's must follow";
      sig("stage-2 level below the host's");
      return os.str();
    }
  }
  if (std::holds_alternative<KvmDirtyOp>(op) && g.kind == Outcome::Kind::kOk) {
    for (uint64_t p : want.must_dirty) {
      if (!std::binary_search(g.dirty.begin(), g.dirty.end(), p)) {
        os << format_op(op) << ": page " << p << " (+" << hex(p * kPage)
           << ") was written by the guest but the dirty log does not report it";
        sig("written page missing from the dirty log");
        return os.str();
      }
    }
    if (!g.dirty.empty() && g.dirty.back() >= want.slot_pages) {
      os << format_op(op) << ": the dirty log reports page " << g.dirty.back()
         << ", past the slot's " << want.slot_pages << " pages";
      sig("dirty page past the slot");
      return os.str();
    }
  }
  bool reads = std::holds_alternative<ReadOp>(op) || std::holds_alternative<SysReadOp>(op) ||
               std::holds_alternative<SiblingReadOp>(op) ||
               (pin && pin->reads()) || (kvm && !kvm->write);
  if (!reads) return std::nullopt;
  uint64_t base = std::visit(
      [](const auto& o) -> uint64_t {
        if constexpr (requires { o.off; }) {
          return o.off;
        } else {
          return 0;
        }
      },
      op);
  if (got.data.size() != want.data.size()) {
    os << format_op(op) << ": expected " << want.data.size() << " bytes, observed "
       << got.data.size();
    sig("byte count differs");
    return os.str();
  }
  // Fast path: identical bytes need no look at the mask.
  if (want.data.empty() || memcmp(want.data.data(), got.data.data(), want.data.size()) == 0) {
    return std::nullopt;
  }
  for (size_t i = 0; i < want.data.size(); i++) {
    if (want.known[i] && want.data[i] != got.data[i]) {
      os << format_op(op) << ": byte at +" << hex(base + i) << " is " << hex(got.data[i])
         << ", expected " << hex(want.data[i]) << "\n"
         << hexdump_diff(want.data, &want.known, got.data, i, base);
      sig("bytes differ");
      return os.str();
    }
  }
  return std::nullopt;
}

Verdict judge_trace(const BackingTraits& traits, const std::vector<Op>& ops,
                    const std::vector<Observation>& obs) {
  Model m(traits);
  for (size_t i = 0; i < ops.size() && i < obs.size(); i++) {
    Expect e = m.step(ops[i]);
    std::string sig;
    if (auto why = judge(ops[i], e, obs[i], &sig)) return Verdict{false, i, *why, sig, e.out};
  }
  return {};
}

}  // namespace daxprop
