// The oracle must fail on every kind of wrong observation (and only then).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>

#include "src/oracle.h"

namespace daxprop {
namespace {

BackingTraits traits() {
  BackingTraits t;
  t.id = "memfd";
  return t;
}

struct Fixture {
  Model m{traits()};
  Fixture() {
    m.step(MapOp{0, 4 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
    m.step(WriteOp{0, 0, 0, 64, 42});
  }
};

Observation good_read(Model& m, const ReadOp& r) {
  Expect e = m.step(r);
  Observation o;
  o.out = e.out;
  o.data = e.data;
  return o;
}

TEST(Oracle, AcceptsTheRightObservation) {
  Fixture f;
  Model copy = f.m;
  ReadOp r{0, 0, 0, 64};
  Observation o = good_read(copy, r);
  EXPECT_FALSE(judge(r, f.m.step(r), o));
}

TEST(Oracle, FailsOnAWrongByteAndShowsAHexdump) {
  Fixture f;
  Model copy = f.m;
  ReadOp r{0, 0, 0, 64};
  Observation o = good_read(copy, r);
  o.data[40] ^= 0xff;
  auto why = judge(r, f.m.step(r), o);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("byte at +0x28"), std::string::npos) << *why;
  EXPECT_NE(why->find("first difference"), std::string::npos) << *why;
}

TEST(Oracle, FailsOnAMisplacedPage) {
  // The right bytes at the wrong offset: position-dependent patterns tell them apart.
  Model m(traits());
  m.step(MapOp{0, 4 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  m.step(WriteOp{0, 0, 0, 2 * kPage, 5});
  ReadOp r{0, 0, kPage, kPage};
  Expect e = m.step(r);
  Observation o;
  o.data.resize(kPage);
  pattern_fill(5, 0, o.data);  // page 0's bytes where page 1's belong
  EXPECT_TRUE(judge(r, e, o));
}

TEST(Oracle, FailsOnAMissingSigbus) {
  Model m(traits());
  m.step(MapOp{0, 32 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  ReadOp r{0, 0, 20 * kPage, 8};  // past EOF (16 pages)
  Expect e = m.step(r);
  ASSERT_EQ(e.out.sig, SIGBUS);
  Observation o;
  o.data.assign(8, 0);
  auto why = judge(r, e, o);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("expected sig SIGBUS"), std::string::npos) << *why;
}

TEST(Oracle, FailsOnAnUnexpectedSignalWrongCodeOrWrongPage) {
  Model m(traits());
  m.step(MapOp{0, 32 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  ReadOp r{0, 0, 20 * kPage, 8};
  Expect e = m.step(r);
  Observation o;
  o.out = Outcome::signal(SIGSEGV, SEGV_MAPERR, 20 * kPage);
  EXPECT_TRUE(judge(r, e, o));
  o.out = Outcome::signal(SIGBUS, BUS_ADRALN, 20 * kPage);
  EXPECT_TRUE(judge(r, e, o));
  o.out = Outcome::signal(SIGBUS, BUS_ADRERR, 21 * kPage);
  EXPECT_TRUE(judge(r, e, o));
  o.out = Outcome::signal(SIGBUS, BUS_ADRERR, 20 * kPage);
  EXPECT_FALSE(judge(r, e, o));
}

// A machine-check SIGBUS names the poisoned entry to si_addr_lsb's extent: inside a 2 MiB entry
// any address of it is the entry (6.12 reports the page, 6.18 the entry's start); another
// entry, another lsb or another code is wrong.
TEST(Oracle, AMachineCheckAddressIsJudgedToItsLsb) {
  MadviseOp op{0, 0x14f000, kPage, MADV_HWPOISON};
  Expect e;
  e.out = Outcome::signal(SIGBUS, BUS_MCEERR_AR, 0x14f000);
  e.out.lsb = 21;
  auto got = [](int code, uint64_t off, int lsb) {
    Observation o;
    o.out = Outcome::signal(SIGBUS, code, off);
    o.out.lsb = lsb;
    return o;
  };
  EXPECT_FALSE(judge(op, e, got(BUS_MCEERR_AR, 0x14f000, 21)));
  EXPECT_FALSE(judge(op, e, got(BUS_MCEERR_AR, 0x0, 21)));
  EXPECT_FALSE(judge(op, e, got(BUS_MCEERR_AR, 0x1ff000, 21)));
  std::string sig;
  EXPECT_TRUE(judge(op, e, got(BUS_MCEERR_AR, 0x200000, 21), &sig));
  EXPECT_EQ(sig, "madvise: fault at another page");
  EXPECT_TRUE(judge(op, e, got(BUS_MCEERR_AR, 0x0, 12)));
  EXPECT_TRUE(judge(op, e, got(BUS_MCEERR_AO, 0x14f000, 21)));
  // A 4 KiB entry: its page exactly.
  e.out.lsb = 12;
  EXPECT_FALSE(judge(op, e, got(BUS_MCEERR_AR, 0x14f000, 12)));
  EXPECT_TRUE(judge(op, e, got(BUS_MCEERR_AR, 0x14e000, 12)));
}

TEST(Oracle, FailsOnAWrongErrnoOrASuccessThatShouldHaveFailed) {
  Model m(traits());
  MapOp bad{0, kPage, 1, PROT_READ, MAP_SHARED, 0};
  Expect e = m.step(bad);
  Observation o;
  o.out = Outcome::error(ENOMEM);
  EXPECT_TRUE(judge(bad, e, o));
  o.out = Outcome::ok();
  EXPECT_TRUE(judge(bad, e, o));
  o.out = Outcome::error(EINVAL);
  EXPECT_FALSE(judge(bad, e, o));
}

TEST(Oracle, FailsOnAShortOrLongSyscallCount) {
  Model m(traits());
  SysReadOp r{15 * kPage, 2 * kPage};  // crosses EOF: short read of one page
  Expect e = m.step(r);
  Observation o;
  o.out.n = 2 * kPage;
  o.data.assign(2 * kPage, 0);
  EXPECT_TRUE(judge(r, e, o));
  o.out.n = kPage;
  o.data.assign(kPage, 0);
  EXPECT_FALSE(judge(r, e, o));
}

TEST(Oracle, UnknownBytesAreNotJudgedButKnownOnesAre) {
  BackingTraits t = traits();
  t.eof_tail_kept = false;
  Model m(t);
  m.step(TruncateOp{kPage + 100});
  m.step(MapOp{0, 2 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  m.step(WriteOp{0, 0, kPage + 50, 100, 9});  // 50 bytes past EOF: unspecified for read(2)
  m.step(TruncateOp{2 * kPage});
  SysReadOp r{kPage, 200};
  Expect e = m.step(r);
  Observation o;
  o.out.n = 200;
  o.data = e.data;
  for (size_t i = 100; i < 150; i++) o.data[i] = 0xee;  // the unspecified bytes
  EXPECT_FALSE(judge(r, e, o));
  o.data[10] ^= 1;  // a known byte
  EXPECT_TRUE(judge(r, e, o));
}

// A BAR (or a device) keeps its bytes from case to case and each case zeroes only the part
// the generators aim at: past it, a read judges only the bytes the case itself wrote.
BackingTraits bar(uint64_t unit) {
  BackingTraits t;
  t.id = "bar";
  t.fixed_size = true;
  t.map_within_size = true;
  t.private_ok = false;
  t.truncate_ok = t.punch_ok = false;
  t.unit = unit;
  t.initial_size = kGiB;
  t.capacity = 16 * kMiB;
  t.max_map = 8 * kMiB;
  return t;
}

template <typename R>
bool judged_with(const R& r, const Expect& e, uint8_t garbage, uint64_t from, uint64_t to) {
  Observation o;
  o.out = e.out;
  o.data = e.data;
  for (uint64_t i = from; i < to; i++) o.data[i] = garbage;
  return !judge(r, e, o);
}

TEST(Oracle, BarBytesPastWhatACaseZeroesAreUnknownUntilTheCaseWritesThem) {
  const BackingTraits t = bar(kPage);
  const uint64_t zeroed = t.zeroed_per_case();
  EXPECT_EQ(zeroed, 24 * kMiB + 2 * kPage);
  Model m(t);
  m.step(MapOp{0, kGiB, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  // The last zeroed page: zeros, judged.
  ReadOp in{0, 0, zeroed - kPage, kPage};
  Expect e = m.step(in);
  EXPECT_TRUE(judged_with(in, e, 0, 0, kPage));
  EXPECT_FALSE(judged_with(in, e, 0xa8, 100, 101));
  // The first page past it and the BAR's last: whatever an earlier case left.
  for (uint64_t at : {zeroed, kGiB - kPage}) {
    ReadOp past{0, 0, at, kPage};
    Expect p = m.step(past);
    EXPECT_TRUE(judged_with(past, p, 0xa8, 0, kPage)) << hex(at);
    SysReadOp sys{at, kPage};
    Expect ps = m.step(sys);
    EXPECT_TRUE(judged_with(sys, ps, 0x5c, 0, kPage)) << hex(at);
  }
  // Written by the case, through the mapping or pwrite: judged; the rest of the page is not.
  m.step(WriteOp{0, 0, kGiB - kPage + 16, 32, 7});
  m.step(SysWriteOp{kGiB - 2 * kPage, 8, 9});
  ReadOp tail{0, 0, kGiB - 2 * kPage, 2 * kPage};
  Expect w = m.step(tail);
  EXPECT_TRUE(judged_with(tail, w, 0xa8, 8, kPage + 16));
  EXPECT_TRUE(judged_with(tail, w, 0xa8, kPage + 48, 2 * kPage));
  EXPECT_FALSE(judged_with(tail, w, 0xa8, kPage + 16, kPage + 17));
  EXPECT_FALSE(judged_with(tail, w, 0xa8, 7, 8));
  // A BAR or device of 1 GiB units is zeroed whole: nothing unknown.
  EXPECT_EQ(bar(kGiB).zeroed_per_case(), kGiB);
  Model whole(bar(kGiB));
  whole.step(MapOp{0, kGiB, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  ReadOp end{0, 0, kGiB - kPage, kPage};
  Expect z = whole.step(end);
  EXPECT_FALSE(judged_with(end, z, 0xa8, 4000, 4001));
  // Objects that are not fixed-size start empty every case: zeros everywhere.
  EXPECT_EQ(Model(traits()).file().unknown_from, UINT64_MAX);
}

TEST(Oracle, ZeroingAnUnknownRangeMakesItKnown) {
  ObjectModel o;
  o.size = 4 * kPage;
  o.unknown_from = 2 * kPage;
  o.zero(2 * kPage + 10, 20);  // part of an unknown page
  o.zero(3 * kPage, kPage);    // a whole one
  std::vector<uint8_t> out(2 * kPage);
  std::vector<bool> known(2 * kPage);
  o.read(2 * kPage, 2 * kPage, out.data(), &known, 0);
  for (uint64_t i = 0; i < 2 * kPage; i++) {
    const bool want = (i >= 10 && i < 30) || i >= kPage;
    ASSERT_EQ(known[i], want) << i;
    if (want) {
      ASSERT_EQ(out[i], 0) << i;
    }
  }
  o.zero(0, kPage);  // below unknown_from: still zeros, no page kept
  EXPECT_EQ(o.pages.count(0), 0u);
}

TEST(Oracle, JudgeTraceReportsTheFirstDisagreeingOp) {
  std::vector<Op> ops{MapOp{0, kPage, 0, PROT_READ, MAP_SHARED, 0}, ReadOp{0, 0, 0, 4},
                      ReadOp{0, 0, kPage, 4}};
  std::vector<Observation> obs(3);
  obs[1].data.assign(4, 0);
  obs[2].data.assign(4, 0);  // should have been SIGSEGV SEGV_MAPERR
  Verdict v = judge_trace(traits(), ops, obs);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.op_index, 2u);
  obs[2] = Observation{Outcome::signal(SIGSEGV, SEGV_MAPERR, kPage), {}};
  EXPECT_TRUE(judge_trace(traits(), ops, obs).ok);
}

}  // namespace
}  // namespace daxprop

namespace daxprop {
namespace {

TEST(Patterns, Crc32IsTheIeeeCrcAndPatternsArePositionDependent) {
  const std::string s = "123456789";
  EXPECT_EQ(crc32({reinterpret_cast<const uint8_t*>(s.data()), s.size()}), 0xCBF43926u);
  std::vector<uint8_t> whole(100), tail(90);
  pattern_fill(7, 0, whole);
  pattern_fill(7, 10, tail);  // unaligned start takes the slow path
  EXPECT_TRUE(std::equal(tail.begin(), tail.end(), whole.begin() + 10));
  std::vector<uint8_t> other(100);
  pattern_fill(8, 0, other);
  EXPECT_NE(whole, other);
  std::vector<uint8_t> a(16), b(16);
  pattern_fill(7, 0, a);
  pattern_fill(7, 16, b);
  EXPECT_NE(a, b);  // the same pattern at another offset differs
}

}  // namespace
}  // namespace daxprop
