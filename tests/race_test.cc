// Racing cases: the parallel section's text form, the linearizability oracle (every legal order
// of the threads' ops is accepted; outcomes no order explains are not), and an injected race bug
// caught end to end and shrunk.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "fixtures/backing.h"
#include "generators/ops_gen.h"
#include "src/case_runner.h"
#include "src/cli.h"
#include "src/emit_c.h"
#include "src/oracle.h"
#include "src/race.h"
#include "src/signature.h"
#include "suites/properties.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

std::unique_ptr<Backing> backing(const std::string& id) {
  for (auto& b : make_backings()) {
    if (b->id() == id) return std::move(b);
  }
  return nullptr;
}

// What a kernel that ran the threads' ops in `order` (thread numbers) would report: the model's
// own outcomes, bytes included, and the final reads after them.
struct Seen {
  std::vector<std::vector<Observation>> threads;
  std::vector<Observation> reads;
};
Observation as_observed(const Expect& e) {
  Observation o;
  o.out = e.out;
  o.data = e.data;
  return o;
}
Seen run_in_order(Model m, const RaceCase& rc, const std::vector<int>& order) {
  Seen s;
  std::vector<size_t> pos(rc.threads.size());
  for (const auto& t : rc.threads) s.threads.emplace_back(t.size());
  for (int t : order) {
    const size_t i = pos[t]++;
    s.threads[t][i] = as_observed(m.step(rc.threads[t][i]));
  }
  for (const auto& op : rc.final_reads) s.reads.push_back(as_observed(m.step(op)));
  return s;
}
// Every order of the threads' ops (each thread's own in program order).
void orders(const RaceCase& rc, std::vector<size_t>& pos, std::vector<int>& cur,
            std::vector<std::vector<int>>& out) {
  bool done = true;
  for (size_t t = 0; t < rc.threads.size(); t++) {
    if (pos[t] == rc.threads[t].size()) continue;
    done = false;
    pos[t]++;
    cur.push_back(static_cast<int>(t));
    orders(rc, pos, cur, out);
    cur.pop_back();
    pos[t]--;
  }
  if (done) out.push_back(cur);
}

RaceCase make_case(const BackingTraits& traits, std::vector<Op> prefix,
                   std::vector<std::vector<Op>> threads, Model* after) {
  RaceCase rc;
  rc.prefix = std::move(prefix);
  rc.threads = std::move(threads);
  Model m(traits);
  for (const auto& op : rc.prefix) m.step(op);
  rc.final_reads = race_final_reads(m, rc.threads);
  *after = m;
  return rc;
}

TEST(RaceTrace, RoundTripsAndRejectsBadSections) {
  const std::string text =
      "daxprop-trace 1\nbacking memfd\n---\nmap m0 len=0x2000 off=0x0 prot=rw flags=shared\n"
      "parallel reps=7\nt0 truncate size=0x1000  # => ok\nt1 write m0+0x1008 len=0x1 pat=0x5\n"
      "t0 read m0+0x1008 len=0x1\n";
  auto parsed = parse_trace(text);
  ASSERT_TRUE(std::holds_alternative<Trace>(parsed)) << std::get<ParseError>(parsed).str();
  const Trace& t = std::get<Trace>(parsed);
  EXPECT_EQ(t.race.reps, 7);
  ASSERT_EQ(t.race.threads.size(), 2u);
  EXPECT_EQ(t.race.threads[0].size(), 2u);
  EXPECT_TRUE(t.race.threads[0][0].observed);
  EXPECT_EQ(trace_ops(t), 4u);
  auto again = parse_trace(format_trace(t));
  ASSERT_TRUE(std::holds_alternative<Trace>(again));
  EXPECT_EQ(std::get<Trace>(again).lines, t.lines);
  EXPECT_EQ(std::get<Trace>(again).race, t.race);

  const std::string head = "daxprop-trace 1\nbacking memfd\n---\nmap m0 len=0x2000 off=0x0 prot=rw flags=shared\n";
  for (const auto& [body, why] : std::vector<std::pair<std::string, std::string>>{
           {"parallel reps=0\nt0 read m0+0x0 len=0x1\n", "needs reps=N"},
           {"parallel\nt0 read m0+0x0 len=0x1\n", "needs reps=N"},
           {"parallel reps=2\n", "without thread ops"},
           {"parallel reps=2\nread m0+0x0 len=0x1\n", "starts with its thread"},
           {"parallel reps=2\nt1 read m0+0x0 len=0x1\n", "t1 before t0"},
           {"parallel reps=2\nt0 read m0+0x0 len=0x1\nparallel reps=2\n", "a second 'parallel'"},
       }) {
    auto bad = parse_trace(head + body);
    ASSERT_TRUE(std::holds_alternative<ParseError>(bad)) << body;
    EXPECT_NE(std::get<ParseError>(bad).reason.find(why), std::string::npos)
        << std::get<ParseError>(bad).reason;
  }
}

// Every legal order's outcomes are explained; outcomes of no order are not.
class Linearizability : public ::testing::Test {
 protected:
  void SetUp() override {
    b_ = backing("memfd");
    ASSERT_TRUE(b_);
  }
  // Three threads of two ops: truncates, accesses, and a pwrite with an mprotect.
  RaceCase three_threads(Model* m) const {
    return make_case(
        b_->traits(),
        {SysWriteOp{0, 0x3000, 1}, MapOp{0, 0x3000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}},
        {{TruncateOp{0x1000}, TruncateOp{0x3000}},
         {WriteOp{0, 0, 0x1010, 8, 9}, ReadOp{0, 0, 0x2000, 4}},
         {SysWriteOp{0x2040, 2, 4}, MprotectOp{0, 0x1000, 0x1000, PROT_READ}}},
        m);
  }
  std::unique_ptr<Backing> b_;
};

TEST_F(Linearizability, AcceptsEveryOrderOfTruncateAgainstStores) {
  Model m(b_->traits());
  const RaceCase rc = three_threads(&m);
  std::vector<std::vector<int>> all;
  std::vector<size_t> pos(rc.threads.size());
  std::vector<int> cur;
  orders(rc, pos, cur, all);
  ASSERT_EQ(all.size(), 90u);  // 6! / (2! 2! 2!)
  uint64_t tried = 0;
  for (const auto& order : all) {
    const Seen s = run_in_order(m, rc, order);
    const Linearized l = linearize(m, rc.threads, s.threads, rc.final_reads, s.reads);
    EXPECT_TRUE(l.ok) << l.why;
    tried += l.orders + l.cut;
  }
  EXPECT_GT(tried, all.size());  // the search did look at other orders on the way
}

// A kernel record logged inside a parallel section is the section's, whichever thread's op the
// section's one marker names; one logged before it or in the final reads is its op's.
TEST_F(Linearizability, AKernelRecordInsideASectionIsBlamedOnTheSection) {
  Model m(b_->traits());
  RaceCase rc = make_case(
      b_->traits(), {MapOp{0, 0x2000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}, WriteOp{0, 0, 0, 8, 3}},
      {{WriteOp{0, 0, 0x1000, 8, 9}}, {MprotectOp{0, 0, 0x2000, PROT_NONE}, MprotectOp{0, 0, 0x2000, PROT_READ}}}, &m);
  rc.reps = 3;
  const size_t per = race_rep_ops(rc).size();
  ASSERT_EQ(per, 5 + rc.final_reads.size());
  const std::string warn = "WARNING: CPU: 0 PID: 3674 at arch/x86/mm/pgtable.c:649 pudp_invalidate+0x21f/0x2a0";
  const auto mark = [](size_t n) { return "daxprop: op " + std::to_string(n); };
  // Repetition 2's section (its marker is the index of thread 0's write).
  const std::vector<std::string> in_section = {mark(per + 1), mark(per + 2), warn, mark(2 * per - 1)};
  EXPECT_EQ(race_kmsg_signature(in_section, rc), "WARNING in pudp_invalidate during a parallel section");
  EXPECT_EQ(race_kmsg_note(in_section, rc),
            "\n(the kernel logged \"" + warn +
                "\" during repetition 2's a parallel section (write | mprotect, mprotect))");
  // Trimming the section keeps the signature: the shrinker may drop the write.
  RaceCase trimmed = make_case(b_->traits(), rc.prefix,
                                     {{MprotectOp{0, 0, 0x2000, PROT_NONE}}, {MprotectOp{0, 0, 0x2000, PROT_READ}}}, &m);
  trimmed.reps = 1;
  EXPECT_EQ(race_kmsg_signature({mark(2), warn}, trimmed), "WARNING in pudp_invalidate during a parallel section");
  // Before the section: the prefix op whose marker precedes the record, as in a sequential case.
  EXPECT_EQ(race_kmsg_signature({mark(per), mark(per + 1), warn}, rc), "WARNING in pudp_invalidate during write");
  // In the final reads: the last of them, by its op number.
  ASSERT_FALSE(rc.final_reads.empty());
  const std::vector<std::string> in_reads = {mark(2), mark(per - 1), warn};
  EXPECT_EQ(race_kmsg_signature(in_reads, rc),
            "WARNING in pudp_invalidate during " + op_signature(rc.final_reads.back()));
  EXPECT_NE(race_kmsg_note(in_reads, rc).find("during op " + std::to_string(per) + " ("), std::string::npos)
      << race_kmsg_note(in_reads, rc);
  // A wrong blame would not pass: the old one named thread 0's first op.
  EXPECT_NE(race_kmsg_signature(in_section, rc), kmsg_signature(in_section, race_all_ops(rc)));
  EXPECT_EQ(kmsg_signature(in_section, race_all_ops(rc)), "WARNING in pudp_invalidate during write");
}

// A hang inside a section is the section's, with a signature that does not name its ops (a
// shrink that trims them keeps the finding); the detail says which ops and which repetition.
TEST_F(Linearizability, AHangInsideASectionIsBlamedOnTheSection) {
  Model m(b_->traits());
  RaceCase rc = make_case(b_->traits(),
                          {SysWriteOp{0, 0x2000, 1}, MapOp{0, 0x2000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}},
                          {{ReadOp{0, 0, 0x1000, 8}}, {WriteOp{0, 0, 0, 8, 9}, ReadOp{0, 0, 0, 8}}}, &m);
  rc.reps = 3;
  CaseOptions co;
  co.inject = Inject::kHang;  // the section's store never returns
  co.timeout_s = 0.5;
  const CaseRun run = run_race_case(*b_, rc, co);
  EXPECT_EQ(run.end, CaseRun::End::kTimedOut) << run.detail;
  EXPECT_EQ(run.signature, "hang in a parallel section");
  EXPECT_NE(run.detail.find("[repetition 1, in a parallel section (read | write, read)]"), std::string::npos)
      << run.detail;
}

TEST_F(Linearizability, RejectsAStoreThatLandsAfterTheTruncateThatCutItsPage) {
  Model m(b_->traits());
  const RaceCase rc = make_case(b_->traits(),
                                {SysWriteOp{0, 0x2000, 1}, MapOp{0, 0x2000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}},
                                {{TruncateOp{0x1000}}, {WriteOp{0, 0, 0x1008, 8, 9}}}, &m);
  // Legal: the store before the truncate (the page goes, its bytes too) or after (SIGBUS).
  Seen legal = run_in_order(m, rc, {1, 0});
  ASSERT_EQ(legal.threads[1][0].out.kind, Outcome::Kind::kOk);
  EXPECT_TRUE(linearize(m, rc.threads, legal.threads, rc.final_reads, legal.reads).ok);
  // The store reported done, and the file still holds its page with the store's bytes after the
  // truncate: what Inject::kLateWrite simulates. No order gives a file that long.
  Seen bad = legal;
  Model late = m;
  late.step(TruncateOp{0x1000});
  late.step(SysWriteOp{0x1008, 8, 9});
  for (size_t i = 0; i < rc.final_reads.size(); i++) bad.reads[i] = as_observed(late.step(rc.final_reads[i]));
  const Linearized l = linearize(m, rc.threads, bad.threads, rc.final_reads, bad.reads);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.orders, 2u);  // both orders ran to the final reads, and neither explains them
  EXPECT_NE(l.why.find("final read"), std::string::npos) << l.why;
  EXPECT_FALSE(l.tried.empty());
}

TEST_F(Linearizability, RejectsOutcomesEveryOrderDisagreesWith) {
  Model m(b_->traits());
  const RaceCase rc = make_case(
      b_->traits(), {MapOp{0, 0x2000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}, SysWriteOp{0, 0x2000, 1}},
      {{WriteOp{0, 0, 0x10, 4, 5}, ReadOp{0, 0, 0x10, 4}}, {MprotectOp{0, 0, 0x1000, PROT_READ}}}, &m);
  const Seen legal = run_in_order(m, rc, {0, 0, 1});
  ASSERT_TRUE(linearize(m, rc.threads, legal.threads, rc.final_reads, legal.reads).ok);
  // A read after the thread's own store that does not see it (nothing else writes there).
  Seen lost = legal;
  lost.threads[0][1].data.assign(4, 0);
  EXPECT_FALSE(linearize(m, rc.threads, lost.threads, rc.final_reads, lost.reads).ok);
  // A refusal nobody's order gives.
  Seen refused = legal;
  refused.threads[1][0].out = Outcome::error(EINVAL);
  EXPECT_FALSE(linearize(m, rc.threads, refused.threads, rc.final_reads, refused.reads).ok);
  // The store faulted, yet its bytes are in the file.
  Seen ghost = legal;
  ghost.threads[0][0].out = Outcome::signal(SIGSEGV, SEGV_ACCERR, 0);
  EXPECT_FALSE(linearize(m, rc.threads, ghost.threads, rc.final_reads, ghost.reads).ok);
}

// A layout change is not one step for everyone: until munmap returns, a store from another CPU
// may still go through an entry it has not zapped, after a syscall of that CPU's thread already
// saw the VMA gone. Accepted only while the change is in flight.
TEST_F(Linearizability, AStoreMayReachAPageAMunmapInFlightHasNotZappedYet) {
  Model m(b_->traits());
  const RaceCase rc = make_case(
      b_->traits(), {SysWriteOp{0, 0x2000, 1}, MapOp{0, 0x2000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}},
      {{MsyncOp{0, 0, 0x1000, MS_ASYNC}, WriteOp{0, 0, 0x10, 4, 5}}, {UnmapOp{0, 0, 0x1000}}}, &m);
  // msync saw the VMA gone (ENOMEM), the store then went through: the store lands before the
  // munmap's zap (the bytes are in the file), though its thread saw the munmap first.
  Seen s = run_in_order(m, rc, {1, 0, 0});
  ASSERT_EQ(s.threads[0][0].out.err, ENOMEM);
  Model landed = m;
  landed.step(WriteOp{0, 0, 0x10, 4, 5});
  landed.step(UnmapOp{0, 0, 0x1000});
  s.threads[0][1] = Observation{};
  for (size_t i = 0; i < rc.final_reads.size(); i++) s.reads[i] = as_observed(landed.step(rc.final_reads[i]));
  const Linearized l = linearize(m, rc.threads, s.threads, rc.final_reads, s.reads);
  EXPECT_TRUE(l.ok) << l.why;
  EXPECT_GT(l.stale, 0u);
  // But a store that went through reached the file: reported done with its bytes missing, no
  // order (stale or not) explains it.
  Seen lost = s;
  Model unwritten = m;
  unwritten.step(UnmapOp{0, 0, 0x1000});
  for (size_t i = 0; i < rc.final_reads.size(); i++) lost.reads[i] = as_observed(unwritten.step(rc.final_reads[i]));
  EXPECT_FALSE(linearize(m, rc.threads, lost.threads, rc.final_reads, lost.reads).ok);
}

// The simulated race bug (a store that lands after a truncate completed) is caught by the
// property and shrunk to a small racing trace that `daxprop replay` fails again.
TEST(RaceProperty, CatchesAndShrinksALateWriteAfterTruncate) {
  auto b = backing("memfd");
  ASSERT_TRUE(b);
  ASSERT_FALSE(b->setup());
  const PropertySpec* spec = nullptr;
  for (const auto& p : all_properties()) {
    if (p.id() == "race.linearizable") spec = &p;
  }
  ASSERT_TRUE(spec);
  RunSettings s;
  s.seed = 3;
  s.cases = 300;
  s.inject = Inject::kLateWrite;
  s.case_timeout_s = 10;
  KmsgCursor kmsg;
  PropertyRun r = run_property(*spec, *b, s, kmsg, nullptr);
  ASSERT_EQ(r.status, PropertyRun::Status::kFail) << r.message;
  EXPECT_EQ(r.signature.rfind("race: ", 0), 0u) << r.signature;
  ASSERT_TRUE(r.min_failure);
  const Trace& t = *r.min_failure;
  EXPECT_GT(t.race.reps, 0);
  EXPECT_LE(t.race.threads.size(), 3u) << format_trace(t);
  EXPECT_LE(trace_ops(t), trace_ops(*r.first_failure)) << format_trace(t);
  bool truncates = false;
  for (const auto& th : t.race.threads) {
    for (const auto& l : th) truncates |= std::holds_alternative<TruncateOp>(l.op);
  }
  EXPECT_TRUE(truncates) << format_trace(t);
  EXPECT_NE(r.message.find("no order of the parallel section"), std::string::npos) << r.message;
  EXPECT_GT(r.op_outcomes["race: repetitions judged"], 0u);

  // Without the injection the same seed passes.
  s.inject = Inject::kNone;
  s.cases = 100;
  PropertyRun clean = run_property(*spec, *b, s, kmsg, nullptr);
  EXPECT_EQ(clean.status, PropertyRun::Status::kPass) << clean.message;
  EXPECT_GT(clean.op_outcomes["race: orders tried to the end"], 0u);
}

}  // namespace
}  // namespace daxprop

namespace daxprop {
namespace {

// A device or a BAR is bigger than the part of it a case starts as zeros (capacity + max_map).
// A section's spot, and so what its threads and final reads touch, stays in that part even
// when a mapping reaches far past it (a 64 MiB mapping of the BAR).
TEST(RaceGen, TheSpotStaysInTheAimedPartOfTheObject) {
  auto b = backing("pfnmap_vfio");
  ASSERT_TRUE(b);
  BackingTraits t = b->traits();
  t.initial_size = kGiB;  // the BAR's size, as setup() reads it in the VM
  Model m(t);
  const uint64_t len = 64 * kMiB;
  ASSERT_GT(len, t.capacity + t.max_map);
  ASSERT_TRUE(m.valid(MapOp{0, len, 0, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE}));
  ASSERT_EQ(m.step(MapOp{0, len, 0, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE}).out.kind,
            Outcome::Kind::kOk);
  int reads = 0;
  for (uint64_t seed = 0; seed < 200; seed++) {
    const auto threads = gen_race_threads(m, {2, 2})(rc::Random(seed), 100).value();
    for (const Op& op : race_final_reads(m, threads)) {
      const auto* r = std::get_if<ReadOp>(&op);
      if (!r) continue;
      reads++;
      EXPECT_LE(r->off + r->len, t.capacity + t.max_map) << "seed " << seed << ": " << format_op(op);
    }
  }
  EXPECT_GE(reads, 200);  // a read of the spot at least, each case
}

// Swarm testing: each case's mix keeps map and about half of the other kinds, reweighted; over
// many cases every kind still comes up, and a case never loses every kind but map.
TEST(Swarm, EachCaseDrawsItsOwnSubsetOfKinds) {
  OpMix mix;
  mix.map = 5, mix.write = 4, mix.read = 4, mix.truncate = 2, mix.punch = 2, mix.pin = 3;
  std::map<std::string, int> kept;
  int narrower = 0;
  for (uint64_t seed = 0; seed < 400; seed++) {
    const OpMix m = gen_swarm(mix)(rc::Random(seed), 10).value();
    EXPECT_EQ(m.map, mix.map);
    EXPECT_EQ(m.kvm, 0);  // a kind the property never draws stays out
    const int others = (m.write > 0) + (m.read > 0) + (m.truncate > 0) + (m.punch > 0) + (m.pin > 0);
    EXPECT_GT(others, 0);
    narrower += others < 5;
    for (auto [name, w, base] : {std::tuple{"write", m.write, mix.write}, {"read", m.read, mix.read},
                                 {"truncate", m.truncate, mix.truncate}, {"punch", m.punch, mix.punch},
                                 {"pin", m.pin, mix.pin}}) {
      if (w > 0) {
        kept[name]++;
        EXPECT_EQ(w % base, 0);
        EXPECT_LE(w, 4 * base);
      }
    }
  }
  EXPECT_GT(narrower, 300);
  for (const char* k : {"write", "read", "truncate", "punch", "pin"}) {
    EXPECT_GT(kept[k], 120) << k;
    EXPECT_LT(kept[k], 280) << k;
  }
}

}  // namespace
}  // namespace daxprop

namespace daxprop {
namespace {

// Does some world of w explain these outcomes (the section's, thread by thread, then the reads)?
bool world_explains(const RaceWorlds& w, const std::vector<Observation>& seen) {
  for (const auto& row : w.worlds) {
    bool all = true;
    for (size_t at = 0; all && at < w.ops.size(); at++) {
      all = !judge(w.ops[at], w.alts[at][static_cast<size_t>(row[at])], seen[at], nullptr);
    }
    if (all) return true;
  }
  return false;
}
std::vector<Observation> flat(const Seen& s) {
  std::vector<Observation> v;
  for (const auto& t : s.threads) v.insert(v.end(), t.begin(), t.end());
  v.insert(v.end(), s.reads.begin(), s.reads.end());
  return v;
}

// The worlds a racing reproducer checks: every order's outcomes are one of them; what the
// simulated late store leaves (no order gives it) is none of them.
TEST_F(Linearizability, TheReproducersWorldsHoldEveryOrderAndNotALateStore) {
  Model m(b_->traits());
  RaceCase rc = three_threads(&m);
  rc.reps = 1;
  const RaceWorlds w = race_worlds(b_->traits(), rc);
  ASSERT_TRUE(w.why.empty()) << w.why;
  std::vector<std::vector<int>> all;
  std::vector<size_t> pos(rc.threads.size());
  std::vector<int> cur;
  orders(rc, pos, cur, all);
  // The program-order interleavings, and more: a store or read may come before its own
  // thread's earlier ops while another thread changes the layout.
  EXPECT_GT(w.orders, all.size());
  EXPECT_LE(w.worlds.size(), w.orders);
  for (const auto& order : all) EXPECT_TRUE(world_explains(w, flat(run_in_order(m, rc, order))));

  RaceCase two = make_case(b_->traits(),
                           {SysWriteOp{0, 0x2000, 1}, MapOp{0, 0x2000, 0, PROT_READ | PROT_WRITE, MAP_SHARED}},
                           {{TruncateOp{0x1000}}, {WriteOp{0, 0, 0x1008, 8, 9}}}, &m);
  two.reps = 1;
  const RaceWorlds w2 = race_worlds(b_->traits(), two);
  ASSERT_TRUE(w2.why.empty()) << w2.why;
  Seen bad = run_in_order(m, two, {1, 0});
  ASSERT_TRUE(world_explains(w2, flat(bad)));
  Model late = m;
  late.step(TruncateOp{0x1000});
  late.step(SysWriteOp{0x1008, 8, 9});
  for (size_t i = 0; i < two.final_reads.size(); i++) bad.reads[i] = as_observed(late.step(two.final_reads[i]));
  EXPECT_FALSE(world_explains(w2, flat(bad)));
}

Trace race_trace(const RaceCase& rc) {
  Trace t;
  t.header.backing = "memfd";
  t.header.property = "race.linearizable";
  for (const auto& op : rc.prefix) t.lines.push_back(TraceLine{op, std::nullopt});
  t.race.reps = rc.reps;
  for (const auto& th : rc.threads) {
    t.race.threads.emplace_back();
    for (const auto& op : th) t.race.threads.back().push_back(TraceLine{op, std::nullopt});
  }
  return t;
}

// The racing reproducer: on this kernel a store racing a truncate is explained in every
// repetition; with the simulated late store (REPRO_SELFTEST_LATE_WRITE) every repetition whose
// store went through before the truncate is not, and the program says how many.
TEST_F(Linearizability, TheRacingReproducerCountsTheRepetitionsNoOrderExplains) {
  Model m(b_->traits());
  const MapOp map{0, 0x8000, 0, PROT_READ | PROT_WRITE, MAP_SHARED};
  RaceCase racing = make_case(b_->traits(), {SysWriteOp{0, 0x8000, 1}, map},
                              {{WriteOp{0, 0, 0x6018, 4, 9}}, {TruncateOp{0}}}, &m);
  racing.reps = 40;
  const CSetup setup = memfd_c_setup(0x10000);
  auto src = emit_race_c(race_trace(racing), b_->traits(), setup);
  ASSERT_TRUE(std::holds_alternative<std::string>(src)) << std::get<RaceCError>(src).why;
  Cmd r = build_and_run_c(std::get<std::string>(src));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("OK: reproduced 0/40"), std::string::npos) << r.out;

  // The store always goes through first (its own thread truncates after it): 40 of 40.
  RaceCase late = make_case(b_->traits(), {SysWriteOp{0, 0x8000, 1}, map},
                            {{WriteOp{0, 0, 0x6018, 4, 9}, TruncateOp{0}}, {ReadOp{0, 0, 0x10, 4}}}, &m);
  late.reps = 40;
  src = emit_race_c(race_trace(late), b_->traits(), setup);
  ASSERT_TRUE(std::holds_alternative<std::string>(src)) << std::get<RaceCError>(src).why;
  r = build_and_run_c(std::get<std::string>(src), "", "REPRO_REPS=25 REPRO_SELFTEST_LATE_WRITE=1 ");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("REPRO: reproduced 25/25"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("REPRO: repetition 1: no order of the ops of the parallel section (write, truncate | read)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<- the closest order's first disagreement"), std::string::npos) << r.out;
  r = build_and_run_c(std::get<std::string>(src), "", "REPRO_REPS=x ");
  EXPECT_EQ(r.status, 125) << r.out;
  EXPECT_NE(r.out.find("REPRO_REPS: not a number"), std::string::npos) << r.out;
}

// Generated sections on memfd, each as a racing reproducer run on this kernel: no repetition
// goes unexplained (the worlds hold whatever order the threads took).
TEST_F(Linearizability, GeneratedSectionsReproduceNothingOnAKernelThatBehaves) {
  const std::vector<Op> prefix = {SysWriteOp{0, 0x6000, 3},
                                  MapOp{0, 0x6000, 0, PROT_READ | PROT_WRITE, MAP_SHARED},
                                  MapOp{1, 0x4000, 0x1000, PROT_READ | PROT_WRITE, MAP_PRIVATE}};
  Model m(b_->traits());
  for (const auto& op : prefix) m.step(op);
  int run = 0;
  for (uint64_t seed = 0; run < 6 && seed < 40; seed++) {
    RaceCase rc;
    rc.prefix = prefix;
    rc.threads = gen_race_threads(m, {2, 2})(rc::Random(seed), 100).value();
    rc.reps = 30;
    if (rc.threads.empty() || !race_fit(b_->traits(), rc).empty()) continue;
    auto src = emit_race_c(race_trace(rc), b_->traits(), memfd_c_setup(0x10000));
    if (!std::holds_alternative<std::string>(src)) continue;  // too many orders to carry
    run++;
    Cmd r = build_and_run_c(std::get<std::string>(src), "-luring");
    EXPECT_EQ(r.status, 0) << "seed " << seed << ": " << section_name(rc.threads) << "\n" << r.out;
  }
  EXPECT_EQ(run, 6);
}

}  // namespace
}  // namespace daxprop

namespace daxprop {
namespace {

// Generation reaches the states two planted bugs need (mutants/README.md), in fs-dax cases of
// the properties that own them, and the last two refusals that were filtered instead of drawn:
// counted over the model's states as the cases are generated, seeds 1..300. The generator
// before its aims at them reached the first two 0 and 3 times (now 7 and 16), the others never.
struct Reach {
  int eof_tail = 0, fork_copy = 0, pin_copies = 0, slot_overlap = 0;
};
Reach reach(const std::string& property, int cases) {
  const PropertySpec* spec = nullptr;
  for (const auto& p : all_properties()) {
    if (p.id() == property) spec = &p;
  }
  EXPECT_TRUE(spec) << property;
  Reach r;
  if (!spec) return r;
  // fs-dax as the VM has it (this machine may have none: its DAX traits are set here).
  const auto b = backing("fsdax_ext4");
  EXPECT_TRUE(b);
  if (!b) return r;
  BackingTraits t = b->traits();
  t.huge_rule = BackingTraits::HugeRule::kFsDax;
  t.huge_pmd = true;
  t.dax_file = true;
  t.kvm_skip = "";
  for (int i = 1; i <= cases; i++) {
    Model m(t);
    uint64_t eof = 0;  // an unaligned EOF with written bytes after it in its page (0: none)
    std::set<std::pair<int, uint64_t>> copied;          // (h, page) private copies at a fork
    std::map<std::pair<int, uint64_t>, int> written_by;  // ... and who wrote them since
    bool tail = false, fork = false, pin = false, slot = false;
    for (const Op& op : generate_ops(*spec, t, static_cast<uint64_t>(i), 40)) {
      if (const auto* tr = std::get_if<TruncateOp>(&op)) {
        eof = 0;
        const uint64_t end = round_up(tr->size, kPage);
        if (tr->size % kPage && tr->size < m.file().size) {
          std::vector<uint8_t> past(end - tr->size);
          std::vector<bool> known(past.size());
          m.file().read(tr->size, past.size(), past.data(), &known, 0);
          if (std::any_of(past.begin(), past.end(), [](uint8_t c) { return c != 0; })) eof = tr->size;
        }
      }
      if (const auto* rd = std::get_if<ReadOp>(&op)) {
        const MappingModel* mm = m.mapping(rd->proc, rd->h);
        const uint64_t lo = mm ? mm->off + rd->off : 0;
        tail |= eof && mm && mm->obj == 0 && mm->shared && lo < round_up(eof, kPage) &&
                lo + rd->len > eof;
        for (uint64_t p = rd->off / kPage; p * kPage < rd->off + rd->len; p++) {
          auto w = written_by.find({rd->h, p});
          fork |= w != written_by.end() && w->second != rd->proc;
        }
      }
      if (std::holds_alternative<ForkOp>(op)) {
        for (const auto& [h, mm] : m.procs()[0].maps) {
          for (uint64_t p = 0; p < mm.pages.size(); p++) {
            if (mm.pages[p].priv) copied.insert({h, p});
          }
        }
      }
      if (const auto* w = std::get_if<WriteOp>(&op)) {
        for (uint64_t p = w->off / kPage; p * kPage < w->off + w->len; p++) {
          if (copied.count({w->h, p})) written_by[{w->h, p}] = w->proc;
        }
      }
      const uint64_t size = m.file().size;
      const Expect e = m.step(op);
      if (m.file().size != size && !std::holds_alternative<TruncateOp>(op)) eof = 0;
      pin |= std::holds_alternative<PinOp>(op) && e.alt_errs[0] != 0;
      slot |= std::holds_alternative<KvmSlotOp>(op) && e.out == Outcome::error(EEXIST);
    }
    r.eof_tail += tail, r.fork_copy += fork, r.pin_copies += pin, r.slot_overlap += slot;
  }
  return r;
}

TEST(GenReach, RareStatesOfTheSurvivingMutantsAndTheLastFilteredRefusals) {
  const Reach file = reach("file.size", 300), fork = reach("fork.visibility", 300);
  const Reach pin = reach("pin.contract", 300), kvm = reach("kvm.memslot", 300);
  std::printf("file.size: EOF tail read %d/300; fork.visibility: copy written, read by the other %d/300; "
              "pin.contract: io_uring over COW copies %d/300; kvm.memslot: overlapping slot %d/300\n",
              file.eof_tail, fork.fork_copy, pin.pin_copies, kvm.slot_overlap);
  EXPECT_GE(file.eof_tail, 4);
  EXPECT_GE(fork.fork_copy, 10);
  EXPECT_GE(pin.pin_copies, 20);
  EXPECT_GE(kvm.slot_overlap, 20);
}

}  // namespace
}  // namespace daxprop
