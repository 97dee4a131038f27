#include "src/oracle.h"

#include <signal.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "src/rt/rt.h"
#include "src/signature.h"

namespace daxprop {

namespace {

// The expectation as the runtime checks it (src/rt/rt_check.c). Pointers into `want`; `known`
// holds the mask's bytes (filled only when the bytes differ: equal bytes need no mask).
rt_expect rt_expect_of(const Expect& want, const std::vector<rt_fbound>& bounds,
                       std::vector<uint8_t>& known, const Observation& got) {
  rt_expect e{};
  set_outcome_fields(e, want.out);
  e.any_off = want.any_fault_off;
  e.data = want.data.data();
  e.data_len = want.data.size();
  if (got.data.size() == want.data.size() && !want.data.empty() &&
      memcmp(want.data.data(), got.data.data(), want.data.size()) != 0) {
    known.assign(want.known.begin(), want.known.end());
    e.known = known.data();
  }
  e.units = want.units;
  e.bounds = bounds.data();
  e.n_bounds = static_cast<int>(bounds.size());
  e.kvm_min_2m = want.kvm_min_2m;
  e.kvm_min_1g = want.kvm_min_1g;
  e.kvm_stop = want.kvm_stop;
  e.alt_err[0] = want.alt_errs[0];
  e.alt_err[1] = want.alt_errs[1];
  e.must_dirty = want.must_dirty.data();
  e.n_must = static_cast<int>(want.must_dirty.size());
  e.slot_pages = want.slot_pages;
  return e;
}

// The observation as the runtime's outcome (pointers into `got`).
rt_outcome rt_outcome_of(const Observation& got) {
  const Outcome& g = got.out;
  rt_outcome o{};
  set_outcome_fields(o, g);
  o.has_data = !got.data.empty();
  o.data = const_cast<uint8_t*>(got.data.data());
  o.data_len = got.data.size();
  o.faults = const_cast<uint32_t*>(g.faults.data());
  o.n_faults = g.faults.size();
  o.has_pages = g.pages.size() == 3;
  for (size_t i = 0; i < 3 && i < g.pages.size(); i++) o.pages[i] = g.pages[i];
  o.dirty = const_cast<uint64_t*>(g.dirty.data());
  o.n_dirty = g.dirty.size();
  return o;
}

}  // namespace

std::vector<rt_fbound> rt_bounds_of(const Expect& want) {
  std::vector<rt_fbound> b;
  for (const FaultBound& f : want.faults) {
    b.push_back(rt_fbound{static_cast<int>(f.first), static_cast<int>(f.n), f.min, f.max, f.why.c_str()});
  }
  return b;
}

std::optional<std::string> judge(const Op& op, const Expect& want, const Observation& got,
                                 std::string* signature) {
  const Outcome &w = want.out, &g = got.out;
  const rt_op r = lower(op);
  const std::vector<rt_fbound> bounds = rt_bounds_of(want);
  std::vector<uint8_t> known;
  const rt_expect e = rt_expect_of(want, bounds, known, got);
  const rt_outcome o = rt_outcome_of(got);
  rt_diff d{};
  if (rt_check(&r, &e, &o, &d) == RT_SAME) return std::nullopt;
  // The runtime decided; say it daxprop's way (and give the signature).
  auto sig = [&](const std::string& how) {
    if (signature) *signature = op_signature(op) + ": " + how;
  };
  std::ostringstream os;
  os << format_op(op) << ": ";
  switch (d.what) {
    case RT_D_OUTCOME: {
      os << "expected " << format_outcome(w);
      for (int a : want.alt_errs) {
        if (a) os << " or " << format_outcome(Outcome::error(a));
      }
      os << ", observed " << format_outcome(g);
      const std::string ws = outcome_signature(w), gs = outcome_signature(g);
      sig(ws != gs ? "expected " + ws + ", got " + gs
          : !d.same_fault ? "fault at another page"
          : w.lsb != g.lsb ? "si_addr_lsb differs"
                           : "outcome differs");
      break;
    }
    case RT_D_COUNT:
      os << "expected n=" << hex(*w.n) << ", observed " << (g.n ? "n=" + hex(*g.n) : std::string("no count"));
      sig("byte count differs");
      break;
    case RT_D_UNITS:
      os << "expected fault counts for " << want.units << " 2 MiB units, observed " << g.faults.size();
      sig("fault counts for another number of units");
      break;
    case RT_D_BOUND: {
      const FaultBound& b = want.faults[d.at];
      os << d.value << " page faults over +" << hex(b.off) << " len=" << hex(b.len) << ", expected ";
      if (b.max == UINT32_MAX) {
        os << "at least " << b.min;
      } else if (b.min == 0) {
        os << "at most " << b.max;
      } else {
        os << b.min << ".." << b.max;
      }
      os << " (" << b.why << ")";
      sig(d.value < b.min ? "fewer page faults than due" : "more page faults than a huge entry takes");
      break;
    }
    case RT_D_NO_PAGES:
      os << "no KVM page stats (pages_4k/2m/1g) to check the huge mapping that was due";
      sig("no KVM page stats");
      break;
    case RT_D_LEVEL:
      os << "KVM maps pages_2m=" << g.pages[1] << " pages_1g=" << g.pages[2]
         << " (pages_4k=" << g.pages[0] << "), expected at least "
         << (want.kvm_min_1g ? std::to_string(want.kvm_min_1g) + " 1 GiB page(s)"
                             : std::to_string(want.kvm_min_2m) + " 2 MiB units")
         << ": the host maps the range with huge entries and the guest's must follow";
      sig("stage-2 level below the host's");
      break;
    case RT_D_NOT_DIRTY:
      os << "page " << d.at << " (+" << hex(d.at * kPage)
         << ") was written by the guest but the dirty log does not report it";
      sig("written page missing from the dirty log");
      break;
    case RT_D_DIRTY_PAST:
      os << "the dirty log reports page " << d.at << ", past the slot's " << want.slot_pages << " pages";
      sig("dirty page past the slot");
      break;
    case RT_D_DATA_LEN:
      os << "expected " << want.data.size() << " bytes, observed " << got.data.size();
      sig("byte count differs");
      break;
    default: {  // RT_D_BYTE (daxprop's own expectations carry bytes, never block CRCs)
      const uint64_t base = r.off;
      os << "byte at +" << hex(base + d.at) << " is " << hex(got.data[d.at]) << ", expected "
         << hex(want.data[d.at]) << "\n"
         << hexdump_diff(want.data, &want.known, got.data, d.at, base);
      sig("bytes differ");
      break;
    }
  }
  return os.str();
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
