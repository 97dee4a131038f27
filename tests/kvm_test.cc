// KVM: the model of a memslot over a mapping (data both ways, the guest stopped where the host
// page is gone, read-only slots, stage-2 huge pages following the host's), the oracle failing
// on stale guest data and on a 4 KiB guest mapping where a huge one was due, and the C
// reproducer running the same guest.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fixtures/backing.h"
#include "src/emit_c.h"
#include "src/oracle.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

BackingTraits memfd() {
  BackingTraits t = memfd_model_traits();
  t.kvm_skip = "";
  t.kvm_levels = true;
  t.initial_size = 8 * kMiB;
  return t;
}
BackingTraits hugetlb() {
  BackingTraits t = memfd();
  t.id = "hugetlb_2m";
  t.unit = 2 * kMiB;
  t.huge_rule = BackingTraits::HugeRule::kHugetlb;
  t.huge_pmd = true;
  return t;
}
BackingTraits devdax_1g() {
  BackingTraits t = memfd();
  t.id = "devdax_1g";
  t.unit = kGiB;
  t.unit_rule = BackingTraits::UnitRule::kDeviceDax;
  t.huge_rule = BackingTraits::HugeRule::kDeviceDax;
  t.huge_pud = true;
  t.private_ok = false;
  t.fixed_size = true;
  t.truncate_ok = t.punch_ok = false;
  t.initial_size = kGiB;
  return t;
}
MapOp shared_rw(int h, uint64_t len, uint64_t off = 0) {
  return MapOp{h, len, off, PROT_READ | PROT_WRITE, MAP_SHARED, 0};
}
std::vector<uint8_t> pattern(uint32_t pat, size_t n) {
  std::vector<uint8_t> v(n);
  pattern_fill(pat, 0, v);
  return v;
}
Observation seen(const Expect& e, std::vector<uint64_t> pages = {}) {
  Observation o;
  o.out = e.out;
  o.data = e.data;
  o.out.pages = std::move(pages);
  return o;
}

TEST(KvmModel, GuestAndHostSeeEachOthersBytes) {
  Model m(memfd());
  m.step(shared_rw(0, 4 * kPage));
  ASSERT_EQ(m.step(KvmSlotOp{1, 0, 0, 4 * kPage, false}).out, Outcome::ok());
  m.step(WriteOp{0, 0, 100, 64, 3});
  KvmAccessOp read{1, 100, 64, false, 0};
  Expect e = m.step(read);
  EXPECT_EQ(e.data, pattern(3, 64));
  EXPECT_FALSE(judge(read, e, seen(e)));
  Observation stale = seen(e);
  stale.data.assign(64, 0);  // the guest still reads what was there before the host wrote
  EXPECT_TRUE(judge(read, e, stale));
  ASSERT_EQ(m.step(KvmAccessOp{1, kPage, 32, true, 9}).out.n, 32u);
  EXPECT_EQ(m.step(SysReadOp{kPage, 32}).data, pattern(9, 32));
  // Unaligned slots are refused.
  EXPECT_EQ(m.step(KvmSlotOp{2, 0, 8, kPage, false}).out, Outcome::error(EINVAL));
}

TEST(KvmModel, TheGuestNeverReadsAPageTheHostNoLongerHas) {
  Model m(memfd());
  m.step(shared_rw(0, 4 * kPage));
  m.step(KvmSlotOp{1, 0, 0, 4 * kPage, false});
  m.step(WriteOp{0, 0, 0, 4 * kPage, 5});
  m.step(UnmapOp{0, 2 * kPage, 2 * kPage});
  KvmAccessOp read{1, kPage, 2 * kPage, false, 0};
  Expect e = m.step(read);
  Outcome want = Outcome::error(EFAULT);
  want.n = kPage;  // the page before the hole was copied
  EXPECT_EQ(e.out, want);
  EXPECT_TRUE(e.kvm_stop);
  Observation got;
  got.out = want;
  EXPECT_FALSE(judge(read, e, got));
  got.out = Outcome::ok();  // stale bytes from the unmapped page
  got.out.n = 2 * kPage;
  got.data = pattern(5, 2 * kPage);
  EXPECT_TRUE(judge(read, e, got));
  got.out = Outcome::ok();
  got.out.mmio = 2 * kPage;  // an exit exactly at the hole keeps stale data out too
  got.data.clear();
  EXPECT_FALSE(judge(read, e, got));
  got.out.mmio = 3 * kPage;  // but not one past it
  EXPECT_TRUE(judge(read, e, got));
  // mprotect: reads go on, writes stop; a truncated file stops both.
  m.step(MprotectOp{0, 0, 2 * kPage, PROT_READ});
  EXPECT_EQ(m.step(KvmAccessOp{1, 0, 8, true, 1}).out.err, EFAULT);
  EXPECT_EQ(m.step(KvmAccessOp{1, 0, 8, false, 0}).out.n, 8u);
  m.step(TruncateOp{0});
  EXPECT_EQ(m.step(KvmAccessOp{1, 0, 8, false, 0}).out.err, EFAULT);
}

TEST(KvmModel, ReadOnlySlotsAndGpasPastTheSlotExitToUserspace) {
  Model m(memfd());
  m.step(shared_rw(0, 4 * kPage));
  m.step(KvmSlotOp{2, 0, 0, 2 * kPage, true});
  Expect w = m.step(KvmAccessOp{2, 16, 8, true, 1});
  EXPECT_EQ(w.out.mmio, 16u);
  EXPECT_EQ(m.step(SysReadOp{16, 8}).data, std::vector<uint8_t>(8, 0));  // nothing stored
  Expect r = m.step(KvmAccessOp{2, kPage, 2 * kPage, false, 0});
  EXPECT_EQ(r.out.mmio, 2 * kPage);
  Observation no_exit;
  no_exit.out.n = 2 * kPage;
  no_exit.data.assign(2 * kPage, 0);
  EXPECT_TRUE(judge(KvmAccessOp{2, kPage, 2 * kPage, false, 0}, r, no_exit));
}

// Slot s sits at GPA s GiB: past the end of slot 1's GiB is slot 2's first byte, not a gap. The
// model follows one slot per access, so such an access is not drawn while slot 2 exists (it
// once predicted an MMIO exit there, and a guest that read slot 2's bytes failed).
TEST(KvmModel, AnAccessIntoTheNextSlotsGpasIsNotModelled) {
  Model m(memfd());
  m.step(shared_rw(0, 4 * kPage));
  m.step(KvmSlotOp{1, 0, 0, 2 * kPage, false});
  EXPECT_TRUE(m.valid(KvmAccessOp{1, kGiB - 8, 16, false, 0}));  // past slot 1: a gap, MMIO
  EXPECT_TRUE(m.valid(KvmAccessOp{1, kGiB - 16, 16, false, 0}));
  m.step(KvmSlotOp{2, 0, 0, 2 * kPage, false});
  EXPECT_FALSE(m.valid(KvmAccessOp{1, kGiB - 8, 16, false, 0}));
  EXPECT_FALSE(m.valid(KvmAccessOp{1, kGiB, 16, false, 0}));
  EXPECT_TRUE(m.valid(KvmAccessOp{1, kGiB - 16, 16, false, 0}));
}

TEST(KvmModel, StageTwoHugePagesFollowTheHost) {
  Model m(hugetlb());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(KvmSlotOp{1, 0, 0, 4 * kMiB, false});
  KvmAccessOp w{1, 0, 2 * kMiB, true, 4};
  Expect e = m.step(w);
  EXPECT_EQ(e.kvm_min_2m, 1u);
  EXPECT_FALSE(judge(w, e, seen(e, {0, 1, 0})));
  auto why = judge(w, e, seen(e, {512, 0, 0}));  // the guest got 4 KiB pages
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("pages_2m=0"), std::string::npos) << *why;
  EXPECT_TRUE(judge(w, e, seen(e, {})));  // no stats to show it
  // A slot whose host address is not 2 MiB aligned with its GPA: no huge page is due.
  Model off(hugetlb());
  off.step(shared_rw(0, 4 * kMiB));
  off.step(KvmSlotOp{1, 0, kPage, 2 * kMiB, false});
  EXPECT_EQ(off.step(KvmAccessOp{1, 0, 64, true, 1}).kvm_min_2m, 0u);
  // Where the stats do not count stage-2 mappings, nothing is judged through them.
  auto t = hugetlb();
  t.kvm_levels = false;
  Model blind(t);
  blind.step(shared_rw(0, 4 * kMiB));
  blind.step(KvmSlotOp{1, 0, 0, 4 * kMiB, false});
  EXPECT_EQ(blind.step(w).kvm_min_2m, 0u);
}

TEST(KvmModel, APudIsDueForA1GDeviceDaxSlot) {
  Model m(devdax_1g());
  m.step(shared_rw(0, kGiB));
  m.step(KvmSlotOp{3, 0, 0, kGiB, false});
  KvmAccessOp r{3, 5 * kMiB, 64, false, 0};
  Expect e = m.step(r);
  EXPECT_EQ(e.kvm_min_1g, 1u);
  EXPECT_FALSE(judge(r, e, seen(e, {0, 0, 1})));
  EXPECT_TRUE(judge(r, e, seen(e, {0, 1, 0})));  // a 2 MiB guest page under a 1 GiB host one
}

TEST(KvmModel, TheDirtyLogMustReportEveryPageTheGuestWrote) {
  Model m(hugetlb());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(KvmSlotOp{1, 0, 0, 4 * kMiB, false, true});
  Expect w = m.step(KvmAccessOp{1, kPage - 1, 2, true, 1});
  EXPECT_EQ(w.kvm_min_2m, 0u);  // a dirty-logged slot is mapped 4 KiB
  m.step(WriteOp{0, 0, 5 * kPage, 8, 2});  // the host's writes are not the guest's
  m.step(KvmAccessOp{1, 9 * kPage, 8, false, 0});
  KvmDirtyOp d{1};
  Expect e = m.step(d);
  EXPECT_EQ(e.must_dirty, (std::vector<uint64_t>{0, 1}));
  Observation got;
  got.out.dirty = {0, 1};
  EXPECT_FALSE(judge(d, e, got));
  got.out.dirty = {0};  // a written page missing: it could miss the next migration pass
  EXPECT_TRUE(judge(d, e, got));
  got.out.dirty = {0, 1, 1024};  // past the slot
  EXPECT_TRUE(judge(d, e, got));
  EXPECT_TRUE(m.step(d).must_dirty.empty());  // the log starts over
}

// KVM's refusals are predicted, not filtered out: a dirty log of a slot without one, or of no
// slot (-ENOENT), and the deletion of a slot that does not exist (-EINVAL).
TEST(KvmModel, ADirtyLogOrADeletionOfNoSuchSlotIsRefused) {
  Model m(memfd());
  m.step(shared_rw(0, 2 * kMiB));
  EXPECT_TRUE(m.valid(KvmDirtyOp{2}));
  EXPECT_EQ(m.step(KvmDirtyOp{2}).out, Outcome::error(ENOENT));
  EXPECT_EQ(m.step(KvmSlotOp{3, 0, 0, 0, false}).out, Outcome::error(EINVAL));
  ASSERT_EQ(m.step(KvmSlotOp{1, 0, 0, 2 * kMiB, false, false}).out, Outcome::ok());
  const KvmDirtyOp unlogged{1};
  const Expect e = m.step(unlogged);
  EXPECT_EQ(e.out, Outcome::error(ENOENT));
  Observation got;  // a kernel that hands out a log nobody asked for
  EXPECT_TRUE(judge(unlogged, e, got));
  got.out = Outcome::error(ENOENT);
  EXPECT_FALSE(judge(unlogged, e, got));
  EXPECT_EQ(m.step(KvmSlotOp{1, 0, 0, 0, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(KvmSlotOp{1, 0, 0, 0, false}).out, Outcome::error(EINVAL));  // gone now
  EXPECT_FALSE(m.valid(KvmDirtyOp{4}));
}

// A slot made again while it exists: the same host range, size and flags change nothing; any
// other is refused (KVM never moves a slot's host range).
TEST(KvmModel, ASlotMadeAgainChangesNothingOrIsRefused) {
  Model m(memfd());
  m.step(shared_rw(0, 2 * kMiB));
  m.step(shared_rw(1, 2 * kMiB));
  const KvmSlotOp slot{1, 0, 0, 2 * kMiB, false, true};
  ASSERT_EQ(m.step(slot).out, Outcome::ok());
  m.step(KvmAccessOp{1, 0, 8, true, 3});
  EXPECT_EQ(m.step(slot).out, Outcome::ok());
  for (KvmSlotOp other : {KvmSlotOp{1, 1, 0, 2 * kMiB, false, true}, KvmSlotOp{1, 0, kPage, kMiB, false, true},
                          KvmSlotOp{1, 0, 0, kMiB, false, true}, KvmSlotOp{1, 0, 0, 2 * kMiB, true, true}}) {
    EXPECT_EQ(m.step(other).out, Outcome::error(EINVAL)) << format_op(other);
  }
  EXPECT_FALSE(m.valid(KvmSlotOp{1, 0, 0, 2 * kMiB, false, false}));  // a flags-only change
  // Nothing changed: the guest's store is still in the log, the slot still over mapping 0.
  EXPECT_EQ(m.step(KvmDirtyOp{1}).must_dirty, (std::vector<uint64_t>{0}));
  EXPECT_EQ(m.kvm_slots().at(1).h, 0);
}

// A new slot over another slot's guest-physical range is refused (-EEXIST); one longer than
// its GiB that overlaps nothing is not drawn (it would reach past its mapping).
TEST(KvmModel, ASlotOverAnotherSlotsGpasIsRefused) {
  Model m(memfd());
  m.step(shared_rw(0, 2 * kMiB));
  ASSERT_EQ(m.step(KvmSlotOp{2, 0, 0, 2 * kMiB, false, true}).out, Outcome::ok());
  const KvmSlotOp over{1, 0, 0, kGiB + kPage, false, false};
  ASSERT_TRUE(m.valid(over));
  const Expect e = m.step(over);
  EXPECT_EQ(e.out, Outcome::error(EEXIST));
  Observation made;  // a kernel that lets two slots share guest-physical pages
  EXPECT_TRUE(judge(over, e, made));
  EXPECT_EQ(m.kvm_slots().count(1), 0u);
  // Up to its GiB, slot 1 fits below slot 2; past slot 3's start it overlaps that one.
  EXPECT_EQ(m.step(KvmSlotOp{1, 0, 0, kGiB, false, false}).out, Outcome::ok());
  EXPECT_FALSE(m.valid(KvmSlotOp{3, 0, 0, kGiB + kPage, false, false}));
  EXPECT_EQ(m.step(KvmSlotOp{1, 0, 0, 0, false}).out, Outcome::ok());
  m.step(KvmSlotOp{3, 0, 0, kPage, false, false});
  EXPECT_EQ(m.step(KvmSlotOp{1, 0, 0, 2 * kGiB + kPage, false, false}).out, Outcome::error(EEXIST));
  EXPECT_EQ(m.step(KvmSlotOp{2, 0, 0, 0, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(KvmSlotOp{1, 0, 0, 2 * kGiB + kPage, false, false}).out, Outcome::error(EEXIST));
  EXPECT_FALSE(m.valid(KvmSlotOp{1, 0, 0, kGiB + kPage, false, false}));
}

TEST(KvmTrace, KvmLinesRoundTrip) {
  for (std::string line : {"kvm_slot s2 m1+0x1000 len=0x2000 ro=1 log=0", "kvm_unslot s3",
                           "kvm_dirty s1",
                           "kvm_write s1+0x10 len=0x20 pat=0x5", "kvm_read s2+0x0 len=0x1"}) {
    auto op = parse_op(line);
    ASSERT_TRUE(std::holds_alternative<Op>(op)) << line;
    EXPECT_EQ(format_op(std::get<Op>(op)), line);
  }
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("kvm_slot s4 m0+0 len=0x1000 ro=0 log=0")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("kvm_slot s1 m0+0 len=0 ro=0 log=0")));
  auto dirty = parse_outcome("ok dirty=0-2,7");
  ASSERT_TRUE(std::holds_alternative<Outcome>(dirty));
  EXPECT_EQ(std::get<Outcome>(dirty).dirty, (std::vector<uint64_t>{0, 1, 2, 7}));
  EXPECT_EQ(format_outcome(std::get<Outcome>(dirty)), "ok dirty=0-2,7");
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_outcome("ok dirty=3,1")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("kvm_read m0+0 len=1")));
  auto out = parse_outcome("ok n=0x10 mmio=+0x3000 pages=1/2/3");
  ASSERT_TRUE(std::holds_alternative<Outcome>(out));
  EXPECT_EQ(std::get<Outcome>(out).pages, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(std::get<Outcome>(out).mmio, 0x3000u);
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_outcome("ok pages=1/2")));
}

// The reproducer runs the same guest (src/kvm_guest.c pasted in): it passes, and an altered
// expectation of what the host reads after the guest wrote makes it print REPRO.
TEST(KvmRepro, TheCReproducerRunsTheGuest) {
  bool levels = false;
  const std::string why = kvm_unavailable(&levels);
  if (!why.empty()) GTEST_SKIP() << why;
  BackingTraits t = make_memfd(kernel_version_code(kernel_release()))->traits();
  t.kvm_skip = "";
  t.kvm_levels = levels;
  Trace tr;
  tr.header.backing = "memfd";
  tr.header.property = "kvm.memslot";
  std::vector<Op> ops{shared_rw(0, 8 * kPage), KvmSlotOp{1, 0, 0, 8 * kPage, false},
                      KvmAccessOp{1, 100, 300, true, 7}, SysReadOp{0, 512},
                      WriteOp{0, 0, 4096, 64, 2}, KvmAccessOp{1, 4096, 64, false, 0},
                      KvmSlotOp{2, 0, 0, 8 * kPage, false, true},
                      KvmAccessOp{2, 3 * kPage + 5, 2 * kPage, true, 3}, KvmDirtyOp{2},
                      KvmSlotOp{1, 0, 0, 0, false}, KvmSlotOp{1, 0, 0, kGiB + kPage, false}};
  for (auto& op : ops) tr.lines.push_back(TraceLine{op, std::nullopt});
  const CSetup setup = memfd_c_setup(0x10000);
  auto run = [&](const std::vector<Expect>& exp) {
    return build_and_run_c(emit_c(tr, t, setup, exp));
  };
  auto exp = expectations(t, ops);
  ASSERT_EQ(exp[10].out, Outcome::error(EEXIST));
  Cmd ok = run(exp);
  EXPECT_EQ(ok.status, 0) << ok.out;
  ASSERT_EQ(exp[8].must_dirty, (std::vector<uint64_t>{3, 4, 5}));
  auto altered = exp;
  altered[3].data[150] ^= 0xff;  // a byte the guest wrote, seen otherwise by read(2)
  Cmd bad = run(altered);
  EXPECT_EQ(bad.status, 1) << bad.out;
  EXPECT_NE(bad.out.find("REPRO: op 4"), std::string::npos) << bad.out;
  altered = exp;
  altered[8].must_dirty.push_back(7);  // a page the guest never wrote cannot be in the log
  Cmd undirty = run(altered);
  EXPECT_EQ(undirty.status, 1) << undirty.out;
  EXPECT_NE(undirty.out.find("does not report it"), std::string::npos) << undirty.out;
  altered = exp;
  altered[10].out = Outcome::ok();  // the overlapping slot, expected made
  Cmd overlap = run(altered);
  EXPECT_EQ(overlap.status, 1) << overlap.out;
  EXPECT_NE(overlap.out.find("REPRO: op 11"), std::string::npos) << overlap.out;
}

}  // namespace
}  // namespace daxprop
