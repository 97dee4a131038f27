#include "suites/properties.h"

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <signal.h>
#include <sys/mman.h>

#include <chrono>

#include "src/case_runner.h"
#include "src/oracle.h"
#include "src/race.h"
#include "src/signature.h"
#include "version.h"

namespace daxprop {

namespace {

std::string needs_file(const BackingTraits& t) {
  if (t.anonymous) {
    return t.id + " has no file: truncate, punch-hole and read(2)/write(2) do not apply";
  }
  if (!t.truncate_ok && !t.punch_ok) {
    return t.id + " has a fixed size: truncate and punch-hole do not apply";
  }
  return "";
}
std::string always(const BackingTraits&) { return ""; }
// SIZE is judged where a contract fixes the level, and the kernel offers the huge level.
std::string huge_levels(const BackingTraits& t) {
  if (t.huge_rule == BackingTraits::HugeRule::kNone) {
    return t.id + " maps huge pages by THP policy (sysfs knobs, khugepaged), not by a contract: "
                  "the capability table records what it did";
  }
  if (!t.huge_pmd && !t.huge_pud) return "not offered by this kernel: " + t.huge_evidence;
  return "";
}
std::string poison(const BackingTraits& t) {
  if (t.huge_rule != BackingTraits::HugeRule::kFsDax &&
      t.huge_rule != BackingTraits::HugeRule::kDeviceDax) {
    return t.id + ": memory failure is exercised on DAX pages only (ZONE_DEVICE: "
                  "memory_failure_dev_pagemap)";
  }
  if (!t.poison_ok) {
    return "MADV_HWPOISON marks the page poisoned until the namespace is re-enabled: runs in "
           "the VM, natively only with --allow-poison";
  }
  return "";
}
std::string kvm_ok(const BackingTraits& t) { return t.kvm_skip; }
std::string hold_ok(const BackingTraits& t) { return t.hold_skip; }
std::string sync_wp(const BackingTraits& t) {
  if (t.sync_wrprotects) return "";
  return t.id + " does not write-protect on sync (only fs-dax tracks dirty entries for "
                "fsync: fs/dax.c dax_writeback_mapping_range)";
}

// The system under test, as the commands see it: the observations the case process sent back,
// consumed in order.
struct Observed {
  const CaseRun* run = nullptr;
  size_t next = 0;
  std::string why;  // the disagreement, for the report (RapidCheck's text adds file:line)
  std::string sig;  // and its signature
  int fault_bounds = 0;  // probe fault-count bounds judged (SIZE, sync): the case asserted levels
  int poisons = 0;       // MADV_HWPOISON signals judged
  int stage2 = 0;        // KVM stage-2 huge mappings judged
};

using Cmd = rc::state::Command<Model, Observed>;

// One op as a RapidCheck command: arguments were drawn from the model by gen_op, preconditions
// are re-checked (shrinking removes earlier commands), run compares the observation with the
// model's prediction, show prints the exact trace line.
class OpCommand : public Cmd {
 public:
  explicit OpCommand(Op op) : op_(std::move(op)) {}
  const Op& op() const { return op_; }
  void checkPreconditions(const Model& m) const override { RC_PRE(m.valid(op_)); }
  void apply(Model& m) const override { m.step(op_); }
  void run(const Model& m, Observed& sut) const override {
    Model next = m;
    Expect want = next.step(op_);
    if (sut.next >= sut.run->obs.size()) {
      sut.why = format_op(op_) + ": no outcome: " + sut.run->detail;
      sut.sig = sut.run->signature;
      RC_FAIL(sut.why);
    }
    if (auto why = judge(op_, want, sut.run->obs[sut.next++], &sut.sig)) {
      sut.why = *why;
      RC_FAIL(sut.why);
    }
    sut.fault_bounds += static_cast<int>(want.faults.size());
    sut.poisons += want.out.code == BUS_MCEERR_AR;
    sut.stage2 += want.kvm_min_2m > 0 || want.kvm_min_1g > 0;
  }
  void show(std::ostream& os) const override { os << format_op(op_); }

 private:
  Op op_;
};

// RapidCheck's global listener prints "Using configuration" and an exit-time reproduce hint;
// daxprop reports through KTAP/JUnit/JSON instead.
class QuietListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

uint64_t mix_seed(uint64_t seed, const std::string& name, uint64_t chunk) {
  uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL;
  for (char c : name) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  h ^= chunk * 0xbf58476d1ce4e5b9ULL;
  return h;
}

// Whether op i runs while a read is held (a hold_read before it with no release between).
bool held_at(const std::vector<Op>& ops, size_t i) {
  for (size_t k = i; k-- > 0;) {
    if (std::holds_alternative<ReleaseOp>(ops[k])) return false;
    if (std::holds_alternative<HoldReadOp>(ops[k])) return true;
  }
  return false;
}

std::string outcome_class(const Outcome& o) {
  switch (o.kind) {
    case Outcome::Kind::kOk: return "ok";
    case Outcome::Kind::kErr: return "err " + errno_name(o.err);
    case Outcome::Kind::kSig: return "sig " + signal_name(o.sig) + " " + sicode_name(o.sig, o.code);
  }
  return "?";
}

}  // namespace

const std::vector<PropertySpec>& all_properties() {
  static const std::vector<PropertySpec> props = [] {
    std::vector<PropertySpec> v;
    OpMix data;
    data.map = 6, data.write = 16, data.read = 16, data.syswrite = 6, data.sysread = 6;
    data.msync = 3, data.mremap = 2, data.madvise = 2, data.mprotect = 1, data.odd_args = 3;
    v.push_back({"data", "coherence",
                 "every view of the same bytes agrees: mappings, read(2)/write(2), after remap",
                 always, data});
    OpMix fault;
    fault.map = 5, fault.mprotect = 8, fault.unmap = 6, fault.read = 12, fault.write = 12;
    fault.truncate = 3, fault.mremap = 2, fault.madvise = 2, fault.odd_args = 5;
    v.push_back({"fault", "access",
                 "an access faults exactly when it must, with the right signal and si_code",
                 always, fault});
    OpMix args;
    args.map = 10, args.unmap = 6, args.mprotect = 6, args.mremap = 4, args.madvise = 6;
    args.msync = 5, args.read = 4, args.write = 4, args.truncate = 2, args.punch = 2;
    args.syswrite = 1, args.sysread = 1, args.odd_args = 60;
    v.push_back({"args", "validation",
                 "mmap/munmap/mprotect/mremap/madvise/msync/truncate argument contracts", always,
                 args});
    OpMix fork;
    fork.map = 5, fork.fork = 3, fork.write = 10, fork.read = 8, fork.child_access = 16;
    fork.madvise = 6, fork.mprotect = 2, fork.unmap = 2, fork.syswrite = 2, fork.sysread = 2;
    fork.odd_args = 3;
    v.push_back({"fork", "visibility",
                 "shared mappings are shared with a child, private ones copied on write, "
                 "MADV_DONTFORK ranges absent",
                 always, fork});
    OpMix file;
    file.map = 4, file.truncate = 8, file.punch = 6, file.write = 10, file.read = 12;
    file.syswrite = 5, file.sysread = 8, file.fork = 1, file.child_access = 4, file.madvise = 2;
    file.odd_args = 10;
    v.push_back({"file", "size",
                 "truncate down/up and punch-hole with live mappings: SIGBUS past EOF, zeros "
                 "in holes, no stale bytes",
                 needs_file, file});
    OpMix size;
    size.map = 6, size.probe = 14, size.read = 4, size.write = 4, size.mprotect = 4;
    size.unmap = 3, size.madvise = 3, size.mremap = 2, size.fork = 2, size.child_access = 2;
    size.syswrite = 1, size.truncate = 1, size.punch = 1, size.odd_args = 3;
    size.huge_maps = 85, size.max_maps = 4;
    v.push_back({"size", "level",
                 "faults use the largest entry alignment permits (PMD 2 MiB, PUD 1 GiB) and "
                 "keep data and protection across partial mprotect/munmap/mremap and fork",
                 huge_levels, size});
    OpMix sync;
    sync.map = 4, sync.write = 8, sync.probe = 12, sync.msync = 8, sync.read = 3, sync.fork = 1;
    sync.child_access = 2, sync.mprotect = 1, sync.syswrite = 1, sync.odd_args = 2;
    sync.huge_maps = 50, sync.max_maps = 3;
    OpMix pin;
    pin.map = 5, pin.pin = 14, pin.write = 6, pin.read = 6, pin.mprotect = 3, pin.unmap = 2;
    pin.madvise = 2, pin.fork = 1, pin.syswrite = 2, pin.sysread = 2, pin.truncate = 2;
    pin.odd_args = 3;
    v.push_back({"pin", "contract",
                 "io_uring fixed buffers (long-term pin), O_DIRECT, process_vm_readv/writev, "
                 "/proc/self/mem reads and forced writes, and vmsplice succeed or fail as the "
                 "backing's GUP contract says, and move the model's bytes",
                 // Twice the cases: a pin over a private mapping's COW copies needs a private
                 // map, a store into it and the pin; in 30 cases of ten ops, 12 gates in 300
                 // drew none on fs-dax (none in 300 at 60).
                 always, pin, false, 200});
    OpMix inflight;
    inflight.map = 4, inflight.hold = 8, inflight.write = 6, inflight.read = 6;
    inflight.unmap = 3, inflight.madvise = 2, inflight.mprotect = 1, inflight.truncate = 2;
    inflight.punch = 2, inflight.syswrite = 2, inflight.sysread = 3, inflight.pin = 2;
    inflight.fork = 1, inflight.child_access = 2, inflight.odd_args = 3, inflight.max_maps = 4;
    v.push_back({"pin", "inflight",
                 "an O_DIRECT read held in flight (io_uring, dm-delay) lands in the pages it "
                 "pinned, whatever truncate, punch-hole, munmap and MADV_DONTNEED did to them "
                 "meanwhile: fs-dax holds a truncate/punch back until the pin drops, and blocks "
                 "a file gives up never take the I/O's bytes (the sibling file's stay intact)",
                 hold_ok, inflight});
    OpMix kvm;
    kvm.map = 4, kvm.kvm = 10, kvm.write = 4, kvm.read = 4, kvm.syswrite = 2, kvm.sysread = 2;
    kvm.mprotect = 2, kvm.unmap = 2, kvm.truncate = 2, kvm.punch = 1, kvm.madvise = 2;
    kvm.mremap = 1, kvm.probe = 2, kvm.huge_maps = 60, kvm.max_maps = 4, kvm.odd_args = 3;
    v.push_back({"kvm", "memslot",
                 "a KVM guest sees the host's bytes through a memslot and the host the guest's; "
                 "stage-2 huge pages follow the host's huge entries; after munmap, mprotect or "
                 "truncate the guest gets -EFAULT or an MMIO exit, never stale data",
                 // Half again the cases: a slot over another's range needs two slots first.
                 kvm_ok, kvm, false, 150});
    OpMix memfail;
    memfail.map = 4, memfail.poison = 4, memfail.write = 6, memfail.read = 6, memfail.fork = 2;
    memfail.child_access = 6, memfail.sysread = 2, memfail.probe = 2, memfail.odd_args = 2;
    memfail.huge_maps = 60, memfail.max_maps = 3;
    v.push_back({"memfail", "poison",
                 "MADV_HWPOISON of a DAX page: the injecting process gets SIGBUS/BUS_MCEERR_AR "
                 "(never SIGKILL) with si_addr_lsb of its entry; every mapper keeps working",
                 poison, memfail});
    OpMix race;
    race.map = 8, race.write = 4, race.syswrite = 2, race.mprotect = 1, race.madvise = 1;
    race.truncate = 1, race.odd_args = 0, race.huge_maps = 50, race.max_maps = 3;
    v.push_back({"race", "linearizable",
                 "threads released together (faults, truncate/punch, mprotect/munmap/madvise, "
                 "msync, GUP, read(2)/write(2) on one spot) see outcomes, and leave bytes, sizes "
                 "and mappings, that some order of their ops explains",
                 always, race, true, 25});
    v.push_back({"sync", "wrprotect",
                 "after msync(MS_SYNC) the next store to each synced page faults again (the "
                 "dirty entry was write-protected), through every mapping",
                 sync_wp, sync});
    return v;
  }();
  return props;
}

namespace {
rc::Gen<rc::state::Commands<Cmd>> commands_gen(const OpMix& mix, const Model& m0) {
  return rc::state::gen::commands(m0, [mix](const Model& m) {
    return rc::gen::map(gen_op(m, mix), [](Op op) {
      return std::shared_ptr<const Cmd>(std::make_shared<const OpCommand>(std::move(op)));
    });
  });
}
rc::Gen<rc::state::Commands<Cmd>> commands_gen(const PropertySpec& spec, const Model& m0) {
  return commands_gen(spec.mix, m0);
}
std::vector<Op> ops_of(const rc::state::Commands<Cmd>& cmds);
// A racing case: a few ops (at least one map where the backing maps anything), the threads of
// a parallel section over the state they leave, and the repetitions (1 to 16).
rc::Gen<RaceCase> race_gen(const PropertySpec& spec, const Model& m0) {
  return rc::gen::exec([&spec, m0] {
    RaceCase rc;
    const std::vector<size_t> shape = *gen_race_shape();
    rc.prefix = ops_of(*rc::gen::resize(6, commands_gen(spec, m0)));
    Model m = m0;
    for (const auto& op : rc.prefix) m.step(op);
    if (m.procs()[0].maps.empty()) {
      OpMix maps;
      maps.map = 1, maps.huge_maps = spec.mix.huge_maps;
      rc.prefix.push_back(*gen_op(m, maps));
      m.step(rc.prefix.back());
    }
    rc.threads = *rc::gen::resize(rc::kNominalSize, gen_race_threads(m, shape));
    rc.reps = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(1, 17));
    rc.final_reads = race_final_reads(m, rc.threads);
    return rc;
  });
}
std::vector<Op> ops_of(const rc::state::Commands<Cmd>& cmds) {
  std::vector<Op> ops;
  ops.reserve(cmds.size());
  for (const auto& c : cmds) ops.push_back(static_cast<const OpCommand&>(*c).op());
  return ops;
}
}  // namespace

std::vector<Op> generate_ops(const PropertySpec& spec, const BackingTraits& traits, uint64_t seed,
                             int size) {
  const Model m0(traits);
  return ops_of(commands_gen(spec, m0)(rc::Random(seed), size).value());
}

RaceCase generate_race(const PropertySpec& spec, const BackingTraits& traits, uint64_t seed, int size) {
  const Model m0(traits);
  return race_gen(spec, m0)(rc::Random(seed), size).value();
}

PropertyRun run_property(const PropertySpec& spec, const Backing& backing,
                         const RunSettings& settings, KmsgCursor& kmsg, const Progress& progress) {
  using Clock = std::chrono::steady_clock;
  PropertyRun pr;
  pr.name = spec.test_name(backing.id());
  pr.seed = mix_seed(settings.seed, pr.name, 0);
  if (auto why = spec.not_applicable(backing.traits()); !why.empty()) {
    pr.status = PropertyRun::Status::kSkip;
    pr.message = why;
    return pr;
  }
  const auto t0 = Clock::now();
  const BackingTraits& traits = backing.traits();

  CaseOptions copts;
  copts.timeout_s = settings.case_timeout_s;
  copts.inject = settings.inject;
  copts.header.daxprop_version = DAXPROP_VERSION;
  copts.header.property = spec.id();
  copts.header.backing = backing.id();
  copts.header.kernel = settings.kernel.empty() ? kernel_release() : settings.kernel;
  copts.header.inject = inject_name(settings.inject);
  copts.kmsg_marks = kmsg.available();
  if (!settings.journal_dir.empty()) copts.journal_path = settings.journal_dir + "/" + pr.name + ".journal";

  bool failing_seen = false;
  std::string min_why, first_sig;
  // A first failure the kernel reported itself (a log record, a hang, a crash) is shrunk on that
  // report: a smaller case counts as failing only if the kernel says the same thing again.
  std::string kernel_finding;
  int runs_this_chunk = 0, passed = 0, shrinks_left = settings.max_shrinks;
  int hung_left = settings.max_hung_shrinks;
  bool known_first = false;  // the first failure is a known issue that hung the case: not shrunk
  // Cases that failed with a known issue and ran to their end: the test goes on past them (a
  // known failure must not hide an unknown one among the other cases). The first is the trace.
  struct KnownSeen {
    Trace trace;
    std::string sig, why, stacks;
    std::vector<std::string> kmsg;
    double at_s = 0;
    uint64_t seed = 0;
  };
  std::optional<KnownSeen> known_seen;
  int known_cases = 0;
  uint64_t chunk_seed = 0;
  bool cut = false;          // the watchdog cut the test short
  std::optional<RaceCase> min_race;  // the minimal failure's racing case
  // A racing case's trace: its ops with the first repetition's outcomes, its section with the
  // outcomes of the repetition that failed.
  std::vector<std::vector<Outcome>> race_seen;
  auto race_trace = [&](const RaceCase& rc, const CaseRun& run) {
    Trace t;
    t.header = copts.header;
    for (size_t i = 0; i < rc.prefix.size(); i++) {
      TraceLine l{rc.prefix[i], std::nullopt};
      if (i < run.obs.size()) l.observed = run.obs[i].out;
      t.lines.push_back(std::move(l));
    }
    t.race.reps = rc.reps;
    for (size_t k = 0; k < rc.threads.size(); k++) {
      t.race.threads.emplace_back();
      for (size_t i = 0; i < rc.threads[k].size(); i++) {
        TraceLine l{rc.threads[k][i], std::nullopt};
        if (k < race_seen.size() && i < race_seen[k].size()) l.observed = race_seen[k][i];
        t.race.threads.back().push_back(std::move(l));
      }
    }
    race_seen.clear();
    return t;
  };
  auto to_trace = [&](const std::vector<Op>& ops, const CaseRun& run) {
    Trace t;
    t.header = copts.header;
    for (size_t i = 0; i < ops.size(); i++) {
      TraceLine l{ops[i], std::nullopt};
      if (i < run.obs.size()) l.observed = run.obs[i].out;
      t.lines.push_back(std::move(l));
    }
    return t;
  };

  // Shrinking has no end of its own: on a slow backing (a 1 GiB device under TCG) it can take
  // far longer than the search. Past this limit (a count of steps in a gate, time when
  // exploring) every further shrink candidate is passed over, and the last failing case
  // stands as the minimal one.
  const double shrink_limit = settings.budget_s > 0 ? std::max(30.0, settings.budget_s) : 600.0;
  bool shrink_capped = false;
  auto property = [&] {
    if (cut) return;
    if (Clock::now() >= settings.deadline) {
      // Past the watchdog nothing more runs: a search cut short is a TIMEOUT (a pass here is no
      // verdict), a shrink cut short leaves the failure found so far.
      (failing_seen ? shrink_capped : cut) = true;
      return;
    }
    if (known_first) return;  // a known issue's first failing case is its trace
    if (failing_seen && hung_left <= 0) {
      shrink_capped = true;
      return;
    }
    if (failing_seen && (settings.max_shrinks > 0
                             ? shrinks_left-- <= 0
                             : std::chrono::duration<double>(Clock::now() - t0).count() -
                                       pr.first_failure_s > shrink_limit)) {
      shrink_capped = true;
      return;
    }
    const Model m0(traits);
    std::optional<rc::state::Commands<Cmd>> cmds;
    RaceCase race;
    if (spec.race) {
      race = *race_gen(spec, m0);
      RC_PRE(!race.threads.empty());  // nothing to race on (no mapping, no file)
    } else {
      // Swarm: this case's own mix first (a draw of its own, shrunk like the others).
      const OpMix mix = settings.swarm ? *gen_swarm(spec.mix) : spec.mix;
      cmds = settings.fixed_size > 0 ? *rc::gen::resize(settings.fixed_size, commands_gen(mix, m0))
                                     : *commands_gen(mix, m0);
    }
    const std::vector<Op> ops = spec.race ? race_all_ops(race) : ops_of(*cmds);

    uint64_t taint0 = read_taint();
    CaseOptions co = copts;
    const double left = std::chrono::duration<double>(settings.deadline - Clock::now()).count();
    const bool clamped = left < co.timeout_s;
    if (clamped) co.timeout_s = std::max(0.001, left);
    CaseRun run = spec.race ? run_race_case(backing, race, co) : run_case(backing, ops, co);
    // The kernel's lines since the case began are the case's, however it ended: run_case has
    // waited for everything the case left running.
    const std::vector<std::string> klines = kmsg.read_all();
    const std::vector<std::string> bad = KmsgCursor::bad_of(klines);
    if (clamped && run.end == CaseRun::End::kTimedOut) {
      cut = true;  // the watchdog, not the case's own timeout: no verdict on this case
      return;
    }
    if (failing_seen && run.end == CaseRun::End::kTimedOut) hung_left--;
    runs_this_chunk++;
    if (!failing_seen) {
      pr.ops += ops.size();
      for (const auto& op : ops) pr.op_mix[op_kind(op)]++;
      for (const auto& o : run.obs) pr.outcome_mix[outcome_class(o.out)]++;
      // io_uring pins over a private mapping's COW copies on fs-dax, where the model allows
      // more than one outcome (Model::pin), are counted apart: the model, stepped again, tells
      // them.
      std::vector<bool> over_copies(ops.size());
      if (!spec.race && traits.longterm_pin_errno() == EOPNOTSUPP &&
          std::any_of(ops.begin(), ops.end(), [](const Op& op) {
            const auto* p = std::get_if<PinOp>(&op);
            return p && p->io_uring();
          })) {
        Model again(m0);
        for (size_t i = 0; i < ops.size() && i < run.obs.size(); i++) {
          over_copies[i] = again.step(ops[i]).alt_errs[0] != 0;
        }
      }
      for (size_t i = 0; i < ops.size() && i < run.obs.size(); i++) {
        std::string what;
        if (auto* p = std::get_if<PinOp>(&ops[i])) {
          what = "pin " + pin_via_name(p->via) + (over_copies[i] ? " (COW copies)" : "");
        }
        // MAP_PRIVATE of a file, where the backing's contract is to refuse it (device-dax, VFIO).
        if (auto* m = std::get_if<MapOp>(&ops[i]); m && !(m->flags & MAP_ANONYMOUS) &&
                                                   (m->flags & MAP_TYPE) == MAP_PRIVATE) {
          what = "map private";
        }
        if (std::holds_alternative<KvmAccessOp>(ops[i]) || std::holds_alternative<KvmDirtyOp>(ops[i]) ||
            std::holds_alternative<HoldReadOp>(ops[i]) || std::holds_alternative<ReleaseOp>(ops[i])) {
          what = op_kind(ops[i]);
        }
        // While a read is held: the truncates and punches, and whether the pin held them back.
        if ((std::holds_alternative<TruncateOp>(ops[i]) || std::holds_alternative<PunchHoleOp>(ops[i])) &&
            held_at(ops, i)) {
          what = op_kind(ops[i]) + " (read held)";
        }
        const Outcome& out = run.obs[i].out;
        // Every refusal and fault the kernel gave (and the model predicted, or the case fails):
        // how often the default run exercises each contract's negative side.
        if (out.kind != Outcome::Kind::kOk) pr.op_outcomes["refused: " + op_kind(ops[i]) + " => " + outcome_class(out)]++;
        if (what.empty()) continue;
        std::string how = outcome_class(out);
        if (out.mmio) how += " (MMIO exit)";
        if (out.held) how += " held";
        if (out.pages.size() == 3 && (out.pages[1] || out.pages[2])) {
          how += out.pages[2] ? " (stage-2 1G)" : " (stage-2 2M)";
        }
        pr.op_outcomes[what + " => " + how]++;
      }
    } else {
      pr.shrink_cases++;
    }
    bool has_fork = false, has_sigbus = false;
    for (const auto& op : ops) has_fork |= std::holds_alternative<ForkOp>(op);
    for (const auto& o : run.obs) has_sigbus |= o.out.sig == SIGBUS;
    RC_CLASSIFY(has_fork, "forks");
    RC_CLASSIFY(has_sigbus, "sigbus");
    RC_CLASSIFY(ops.size() >= 20, "20+ ops");
    bool held_back = false;
    for (const auto& o : run.obs) held_back |= o.out.held;
    RC_CLASSIFY(held_back, "truncate/punch held by a pin");

    Observed sut{&run, 0, "", ""};
    try {
      if (run.end == CaseRun::End::kSetupFailed) {
        sut.why = "case setup: " + run.detail;
        sut.sig = "case setup failed";
        RC_FAIL(sut.why);
      }
      if (spec.race) {
        const RaceVerdict v = judge_race(traits, race, run.obs);
        if (!failing_seen) {
          // The linearizability check's work, in the test's counters (reports, merge).
          pr.op_outcomes["race: repetitions judged"] += static_cast<uint64_t>(v.reps_judged);
          pr.op_outcomes["race: orders tried to the end"] += v.orders;
          pr.op_outcomes["race: orders cut short"] += v.cut;
          pr.op_outcomes["race: stale or copy-on-write placements"] += v.stale;
          if (v.undecided_reps) pr.op_outcomes["race: repetitions undecided (step limit)"] += static_cast<uint64_t>(v.undecided_reps);
        }
        RC_CLASSIFY(race.threads.size() > 2, "3+ threads");
        if (!v.ok) {
          sut.why = v.message;
          sut.sig = v.signature;
          race_seen = v.in_section ? v.section_seen : std::vector<std::vector<Outcome>>{};
          RC_FAIL(sut.why);
        }
      } else {
        rc::state::runAll(*cmds, m0, sut);
      }
      RC_CLASSIFY(sut.fault_bounds > 0, "fault counts judged");
      RC_CLASSIFY(sut.poisons > 0, "poison signal judged");
      RC_CLASSIFY(sut.stage2 > 0, "stage-2 level judged");
      if (run.end != CaseRun::End::kCompleted) {
        sut.why = run.detail;
        sut.sig = run.signature;
        RC_FAIL(sut.why);
      }
      sut.why = health_verdict(bad, new_taint(taint0, read_taint()), &sut.sig);
      if (!sut.why.empty()) RC_FAIL(sut.why);
      passed += !failing_seen;
    } catch (...) {
      // The kernel's own report, if it made one, names the failure before anything the model
      // saw (the op that disagreed may only be its consequence).
      const std::string title = spec.race ? race_kmsg_signature(klines, race) : kmsg_signature(klines, ops);
      if (!title.empty()) sut.sig = title;
      const std::string kernel_said =
          !title.empty() ? title : run.end == CaseRun::End::kCompleted ? "" : run.signature;
      if (failing_seen && !kernel_finding.empty() && kernel_said != kernel_finding) {
        return;  // a shrink candidate that lost the kernel's report: not this finding
      }
      const bool known = settings.known && (!failing_seen || sut.sig != first_sig) &&
                         settings.known(sut.sig);
      if (failing_seen && known) return;  // a shrink candidate that became a known issue
      sut.why += spec.race ? race_kmsg_note(klines, race) : kmsg_note(klines, ops);
      Trace t = spec.race ? race_trace(race, run) : to_trace(ops, run);
      // A known issue in a case that ran to its end: noted, and the test goes on. One that hung
      // or crashed the case ends the test here (its first failing case is the trace): each
      // further one would cost a case timeout or leave the device held.
      if (known && run.end == CaseRun::End::kCompleted) {
        if (!known_seen) {
          known_seen = KnownSeen{std::move(t), sut.sig, sut.why, run.stacks, bad,
                                 std::chrono::duration<double>(Clock::now() - t0).count(), chunk_seed};
        }
        known_cases++;
        passed++;
        return;
      }
      if (!failing_seen) {
        pr.first_failure = t;
        pr.first_failure_s = std::chrono::duration<double>(Clock::now() - t0).count();
        first_sig = sut.sig;
        kernel_finding = kernel_said;
        known_first = known;
      }
      if (!bad.empty() || !failing_seen) pr.kmsg = bad;
      if (!failing_seen) pr.stacks = run.stacks;
      pr.min_failure = std::move(t);
      if (spec.race) min_race = race;
      min_why = sut.why;
      failing_seen = true;
      throw;
    }
  };

  int chunks = 0;
  while (passed < settings.cases && !cut) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    if (settings.budget_s > 0 && elapsed >= settings.budget_s) {
      pr.budget_hit = true;
      break;
    }
    // RapidCheck runs a chunk to its end: size chunks so one cannot overrun the budget by much
    // (a few cases first, then as many as the cases so far say fit).
    int chunk = 25;
    if (settings.budget_s > 0) {
      chunk = passed == 0 ? 3
                          : static_cast<int>(std::clamp((settings.budget_s - elapsed) /
                                                            (elapsed / passed),
                                                        1.0, 25.0));
    }
    rc::detail::TestParams params;
    params.seed = mix_seed(settings.seed, pr.name, chunks++);
    chunk_seed = params.seed;
    params.maxSuccess = std::min(chunk, settings.cases - passed);
    params.maxSize = settings.max_size;
    params.maxDiscardRatio = 10;
    rc::detail::TestMetadata meta;
    meta.id = pr.name;
    meta.description = spec.summary;
    runs_this_chunk = 0;
    QuietListener quiet;
    auto result = rc::detail::checkProperty(rc::detail::toProperty(property), meta, params, quiet,
                                            {});
    rc::detail::SuccessResult ok;
    rc::detail::FailureResult fail;
    rc::detail::GaveUpResult gave;
    rc::detail::Error error;
    if (result.match(ok)) {
      for (const auto& [tags, n] : ok.distribution) {
        pr.classes[tags.empty() ? "(none)" : join(tags, ", ")] += n;
      }
    } else if (result.match(fail)) {
      pr.status = PropertyRun::Status::kFail;
      pr.message = min_why.empty() ? fail.description : min_why;
      pr.signature = first_sig.empty() ? "property failed" : first_sig;
      if (shrink_capped) {
        pr.message += hung_left <= 0
                          ? "\n(shrinking stopped after " + std::to_string(settings.max_hung_shrinks) +
                                " shrink cases that hung: the trace may not be minimal)"
                      : settings.max_shrinks > 0 || Clock::now() >= settings.deadline
                          ? "\n(shrinking stopped after " + std::to_string(pr.shrink_cases) +
                                " cases: the trace may not be minimal)"
                          : "\n(shrinking stopped after " +
                                std::to_string(static_cast<int>(shrink_limit)) +
                                " s: the trace may not be minimal)";
      }
      if (known_first) pr.message += "\n(a known issue: the first failing case, not shrunk)";
      rc::detail::Configuration conf;
      conf.reproduce[pr.name] = fail.reproduce;
      // Keep only the reproduce=... key (the minimal config string may carry seed=... too).
      for (const auto& tok : split(rc::detail::configToMinimalString(conf), ' ')) {
        if (starts_with(tok, "reproduce=")) pr.reproduce = tok;
      }
      pr.seed = params.seed;
      break;
    } else if (result.match(gave)) {
      pr.status = PropertyRun::Status::kError;
      pr.message = "RapidCheck gave up: " + gave.description;
      break;
    } else if (result.match(error)) {
      pr.status = PropertyRun::Status::kError;
      pr.message = "RapidCheck error: " + error.description;
      break;
    }
    if (progress) progress(pr.name, passed, settings.cases);
  }
  if (min_race && pr.status == PropertyRun::Status::kFail && !known_first &&
      starts_with(first_sig, "race: ")) {
    // RapidCheck shrinks a racing case by its draws: taking a thread away draws the others'
    // ops anew, which seldom keeps the race. Then, one at a time, whole threads and single
    // ops are taken out of the minimal case as they are; a smaller case that still fails the
    // same way (no order explains it) is kept. A count of candidates: the same on any machine.
    int left = settings.max_shrinks > 0 ? settings.max_shrinks : 60;
    auto fails = [&](const RaceCase& c) {
      RaceCase cand = c;
      if (!race_fit(traits, cand).empty()) return false;
      // RapidCheck may have shrunk the repetitions to the one that happened to fail: a race
      // needs a few chances to show again.
      cand.reps = std::max(cand.reps, 8);
      if (left-- <= 0 || Clock::now() >= settings.deadline) return false;
      pr.shrink_cases++;
      CaseRun run = run_race_case(backing, cand, copts);
      if (!KmsgCursor::bad_of(kmsg.read_all()).empty() || run.end != CaseRun::End::kCompleted) return false;
      const RaceVerdict v = judge_race(traits, cand, run.obs);
      if (v.ok || !v.in_section) return false;
      race_seen = v.section_seen;
      pr.min_failure = race_trace(cand, run);
      min_why = v.message;
      min_race = cand;
      return true;
    };
    for (bool smaller = true; smaller && left > 0;) {
      smaller = false;
      const RaceCase cur = *min_race;
      for (size_t k = 0; !smaller && cur.threads.size() > 2 && k < cur.threads.size(); k++) {
        RaceCase c = cur;
        c.threads.erase(c.threads.begin() + static_cast<long>(k));
        smaller = fails(c);
      }
      for (size_t k = 0; !smaller && k < cur.threads.size(); k++) {
        for (size_t i = 0; !smaller && cur.threads[k].size() > 1 && i < cur.threads[k].size(); i++) {
          RaceCase c = cur;
          c.threads[k].erase(c.threads[k].begin() + static_cast<long>(i));
          smaller = fails(c);
        }
      }
      for (size_t i = 0; !smaller && i < cur.prefix.size(); i++) {
        RaceCase c = cur;
        c.prefix.erase(c.prefix.begin() + static_cast<long>(i));
        smaller = fails(c);
      }
    }
    pr.message = min_why;
  }
  pr.cases = passed;
  pr.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (pr.first_failure) pr.shrink_s = pr.seconds - pr.first_failure_s;
  if (cut && pr.status == PropertyRun::Status::kPass) {
    pr.status = PropertyRun::Status::kTimeout;
    pr.message = "the run's watchdog fired after " + std::to_string(passed) + " of " +
                 std::to_string(settings.cases) + " cases";
  }
  if (pr.status == PropertyRun::Status::kPass && pr.cases == 0) {
    pr.status = PropertyRun::Status::kSkip;
    pr.message = pr.budget_hit ? "time budget exhausted before the first case" : "no cases run";
  }
  if (known_seen) {
    const std::string counted = "a known issue in " + std::to_string(known_cases) + " of " +
                                std::to_string(passed) + " cases";
    if (pr.status == PropertyRun::Status::kPass) {
      // Only the known issue: the test fails with its signature (XFAIL where it is matched).
      pr.status = PropertyRun::Status::kFail;
      pr.signature = known_seen->sig;
      pr.message = known_seen->why + "\n(" + counted +
                   ", the others passed: the first one's trace, not shrunk)";
      pr.first_failure = known_seen->trace;
      pr.min_failure = std::move(known_seen->trace);
      pr.first_failure_s = known_seen->at_s;
      pr.shrink_s = 0;
      pr.kmsg = known_seen->kmsg;
      pr.stacks = known_seen->stacks;
      pr.seed = known_seen->seed;
    } else {
      pr.message += "\n(besides, " + counted + ": " + known_seen->sig + ")";
    }
  }
  if (pr.min_failure) {
    pr.min_failure->header.seed = pr.seed;
    pr.min_failure->header.reproduce = pr.reproduce.empty() ? "-" : pr.reproduce;
    pr.first_failure->header.seed = pr.seed;
  }
  return pr;
}

}  // namespace daxprop
