// The model's predictions, op by op, against what the kernel source says (each test names the
// rule it pins down).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>

#include "fixtures/backing.h"
#include "src/model.h"
#include "src/oracle.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

BackingTraits file_traits() { return memfd_model_traits(); }

// The backing's own traits: the model tests pin down what the backing declares.
BackingTraits hugetlb_traits() { return make_hugetlb_2m(kv(6, 12))->traits(); }

MapOp shared_rw(int h, uint64_t len, uint64_t off = 0) {
  return MapOp{h, len, off, PROT_READ | PROT_WRITE, MAP_SHARED, 0};
}

Outcome sig(int s, int code, uint64_t off) { return Outcome::signal(s, code, off); }

TEST(Model, WriteThroughOneMappingIsSeenByAnotherAndByRead) {
  Model m(file_traits());
  ASSERT_EQ(m.step(shared_rw(0, 4 * kPage)).out, Outcome::ok());
  ASSERT_EQ(m.step(shared_rw(1, 2 * kPage, kPage)).out, Outcome::ok());
  m.step(WriteOp{0, 0, kPage + 10, 100, 7});
  Expect e = m.step(ReadOp{0, 1, 10, 100});
  std::vector<uint8_t> want(100);
  pattern_fill(7, 0, want);
  EXPECT_EQ(e.data, want);
  Expect s = m.step(SysReadOp{kPage + 10, 100});
  EXPECT_EQ(s.data, want);
  EXPECT_EQ(s.out.n, 100u);
}

TEST(Model, AccessPastEofIsSigbusAndTruncateUpReadsZeros) {
  Model m(file_traits());  // 16 pages
  m.step(shared_rw(0, 20 * kPage));
  EXPECT_EQ(m.step(ReadOp{0, 0, 16 * kPage, 1}).out, sig(SIGBUS, BUS_ADRERR, 16 * kPage));
  m.step(WriteOp{0, 0, 3 * kPage, 8, 1});
  m.step(TruncateOp{3 * kPage + 4});
  // The EOF page stays mapped; the next page faults.
  EXPECT_EQ(m.step(ReadOp{0, 0, 3 * kPage, 8}).out, Outcome::ok());
  EXPECT_EQ(m.step(WriteOp{0, 0, 4 * kPage, 1, 2}).out, sig(SIGBUS, BUS_ADRERR, 4 * kPage));
  m.step(TruncateOp{8 * kPage});
  Expect e = m.step(ReadOp{0, 0, 3 * kPage, 8});
  std::vector<uint8_t> want(8);
  pattern_fill(1, 0, want);
  std::fill(want.begin() + 4, want.end(), 0);  // the tail was zeroed by the truncate down
  EXPECT_EQ(e.data, want);
}

TEST(Model, AFaultStopsTheAccessOnThePageBoundary) {
  Model m(file_traits());
  m.step(shared_rw(0, 4 * kPage));
  m.step(MprotectOp{0, 2 * kPage, kPage, PROT_READ});
  Expect w = m.step(WriteOp{0, 0, kPage + 5, 3 * kPage, 9});
  EXPECT_EQ(w.out, sig(SIGSEGV, SEGV_ACCERR, 2 * kPage));
  Expect r = m.step(ReadOp{0, 0, kPage + 5, 2 * kPage});
  EXPECT_EQ(r.out, Outcome::ok());
  std::vector<uint8_t> pat(2 * kPage);
  pattern_fill(9, 0, pat);
  // The bytes before the faulting page landed, the rest did not.
  EXPECT_TRUE(std::equal(r.data.begin(), r.data.begin() + (kPage - 5), pat.begin()));
  EXPECT_EQ(r.data[kPage - 5], 0);
}

TEST(Model, PrivateMappingCopiesOnWriteAndNeverWritesTheFile) {
  Model m(file_traits());
  m.step(MapOp{0, 2 * kPage, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0});
  m.step(shared_rw(1, 2 * kPage));
  m.step(WriteOp{0, 0, 0, 16, 3});
  EXPECT_EQ(m.step(ReadOp{0, 1, 0, 16}).data, std::vector<uint8_t>(16, 0));
  // Not-yet-copied pages of a private mapping follow the file.
  m.step(WriteOp{0, 1, kPage, 16, 4});
  std::vector<uint8_t> four(16);
  pattern_fill(4, 0, four);
  EXPECT_EQ(m.step(ReadOp{0, 0, kPage, 16}).data, four);
  // MADV_DONTNEED drops the private copy: the file shows through again.
  m.step(MadviseOp{0, 0, kPage, MADV_DONTNEED});
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, 16}).data, std::vector<uint8_t>(16, 0));
}

TEST(Model, PopulateOfAWritablePrivateMappingCopiesAtMapTime) {
  Model m(file_traits());
  m.step(shared_rw(1, 2 * kPage));
  m.step(MapOp{0, 2 * kPage, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE, 0});
  m.step(WriteOp{0, 1, 0, 16, 5});
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, 16}).data, std::vector<uint8_t>(16, 0));
}

TEST(Model, ForkSharesSharedCopiesPrivateAndDropsDontfork) {
  Model m(file_traits());
  m.step(shared_rw(0, 2 * kPage));
  m.step(MapOp{1, 2 * kPage, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0});
  EXPECT_EQ(m.step(MadviseOp{0, kPage, kPage, MADV_DONTFORK}).out, Outcome::ok());
  m.step(ForkOp{1});
  m.step(WriteOp{1, 0, 0, 8, 6});   // child writes shared
  m.step(WriteOp{1, 1, 0, 8, 7});   // child writes private
  std::vector<uint8_t> six(8);
  pattern_fill(6, 0, six);
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, 8}).data, six);
  EXPECT_EQ(m.step(ReadOp{0, 1, 0, 8}).data, six);  // parent's private page follows the file
  EXPECT_EQ(m.step(ReadOp{1, 0, kPage, 1}).out, sig(SIGSEGV, SEGV_MAPERR, kPage));
}

TEST(Model, MprotectAppliesUpToAHoleThenFailsEnomem) {
  Model m(file_traits());
  m.step(shared_rw(0, 4 * kPage));
  m.step(UnmapOp{0, 2 * kPage, kPage});
  EXPECT_EQ(m.step(MprotectOp{0, 0, 4 * kPage, PROT_READ}).out, Outcome::error(ENOMEM));
  EXPECT_EQ(m.step(WriteOp{0, 0, kPage, 1, 1}).out, sig(SIGSEGV, SEGV_ACCERR, kPage));
  EXPECT_EQ(m.step(WriteOp{0, 0, 3 * kPage, 1, 1}).out, Outcome::ok());
  // Unmapped start: nothing changes.
  EXPECT_EQ(m.step(MprotectOp{0, 2 * kPage, 2 * kPage, PROT_NONE}).out, Outcome::error(ENOMEM));
  EXPECT_EQ(m.step(WriteOp{0, 0, 3 * kPage, 1, 1}).out, Outcome::ok());
  // len 0 succeeds before the prot is looked at.
  EXPECT_EQ(m.step(MprotectOp{0, 0, 0, 0x100}).out, Outcome::ok());
}

TEST(Model, ArgumentContracts) {
  Model m(file_traits());
  EXPECT_EQ(m.step(MapOp{0, 0, 0, PROT_READ, MAP_SHARED, 0}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MapOp{1, kPage, 1, PROT_READ, MAP_SHARED, 0}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MapOp{2, kPage, 0, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, 0}).out,
            Outcome::error(EOPNOTSUPP));
  EXPECT_EQ(m.step(MapOp{3, kPage, 0, PROT_READ, MAP_SHARED | MAP_SYNC, 0}).out, Outcome::ok());
  EXPECT_EQ(m.step(MapOp{4, kPage, 0, PROT_READ, 0, 0}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(UnmapOp{3, 1, kPage}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(UnmapOp{3, 0, 0}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MadviseOp{3, 0, kPage, 77}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MsyncOp{3, 0, kPage, MS_SYNC | MS_ASYNC}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MsyncOp{3, 0, 2 * kPage, MS_SYNC}).out, Outcome::error(ENOMEM));
  EXPECT_EQ(m.step(MremapOp{3, 0, false}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(PunchHoleOp{0, 0}).out, Outcome::error(EINVAL));
}

TEST(Model, AnonymousMemory) {
  BackingTraits t;
  t.id = "anon";
  t.anonymous = true;
  t.initial_size = 0;
  Model m(t);
  EXPECT_FALSE(m.valid(SysReadOp{0, 1}));
  EXPECT_FALSE(m.valid(shared_rw(0, kPage)));  // no fd: anon backings map MAP_ANONYMOUS
  EXPECT_EQ(m.step(MapOp{0, kPage, 0, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_SHARED, 0}).out,
            Outcome::ok());
  EXPECT_EQ(m.step(MapOp{1, kPage, 0, PROT_READ, MAP_ANONYMOUS | MAP_SHARED_VALIDATE, 0}).out,
            Outcome::error(EINVAL));
  // A grown shared anonymous mapping's tail is past the shmem object's end.
  EXPECT_EQ(m.step(MremapOp{0, 2 * kPage, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 0, kPage, 1}).out, sig(SIGBUS, BUS_ADRERR, kPage));
}

// MADV_COLD and MADV_PAGEOUT (mm/madvise.c madvise_cold/madvise_pageout): they age or reclaim
// pages and change no byte; a VM_HUGETLB, VM_PFNMAP or VM_LOCKED VMA refuses them
// (can_madv_lru_vma: -EINVAL), holes are -ENOMEM after the VMAs, as for any advice.
TEST(Model, LruAdviceChangesNoByteAndIsRefusedByHugetlbPfnmapAndLocked) {
  for (int advice : {MADV_COLD, MADV_PAGEOUT}) {
    Model m(file_traits());
    ASSERT_EQ(m.step(shared_rw(0, 4 * kPage)).out, Outcome::ok());
    m.step(WriteOp{0, 0, 0, 4 * kPage, 9});
    EXPECT_EQ(m.step(MadviseOp{0, 0, 4 * kPage, advice}).out, Outcome::ok());
    EXPECT_EQ(m.step(MadviseOp{0, 1, kPage, advice}).out, Outcome::error(EINVAL));
    EXPECT_EQ(m.step(MadviseOp{0, 2 * kPage, 4 * kPage, advice}).out, Outcome::error(ENOMEM));
    std::vector<uint8_t> want(4 * kPage);
    pattern_fill(9, 0, want);
    EXPECT_EQ(m.step(ReadOp{0, 0, 0, 4 * kPage}).data, want);
    // MAP_LOCKED keeps VM_LOCKED on a memfd mapping: refused.
    ASSERT_EQ(m.step(MapOp{1, 2 * kPage, 0, PROT_READ, MAP_SHARED | MAP_LOCKED, 0}).out, Outcome::ok());
    EXPECT_EQ(m.step(MadviseOp{1, 0, kPage, advice}).out, Outcome::error(EINVAL));

    Model h(hugetlb_traits());
    const uint64_t u = hugetlb_traits().unit;
    ASSERT_EQ(h.step(shared_rw(0, u)).out, Outcome::ok());
    const MadviseOp refused{0, 0, u, advice};
    const Expect refusal = h.step(refused);
    EXPECT_EQ(refusal.out, Outcome::error(EINVAL));
    // A kernel that accepted it is caught.
    Observation accepted;
    auto why = judge(refused, refusal, accepted);
    ASSERT_TRUE(why.has_value());
    EXPECT_NE(why->find("expected err EINVAL, observed ok"), std::string::npos) << *why;
    // Only holes: no VMA refuses it, the holes are -ENOMEM.
    ASSERT_EQ(h.step(UnmapOp{0, 0, u}).out, Outcome::ok());
    EXPECT_EQ(h.step(MadviseOp{0, 0, u, advice}).out, Outcome::error(ENOMEM));

    BackingTraits pt = file_traits();
    pt.pfnmap = true;
    EXPECT_TRUE(pt.lru_advice_refused());
    EXPECT_FALSE(pt.keeps_vm_locked());
    EXPECT_FALSE(file_traits().lru_advice_refused());
  }
}

TEST(Model, HugetlbRules) {
  const uint64_t u = 2 * kMiB;
  Model m(hugetlb_traits());
  EXPECT_EQ(m.step(SysWriteOp{0, 1, 1}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(TruncateOp{u + kPage}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MapOp{0, kPage, kPage, PROT_READ, MAP_SHARED, 0}).out, Outcome::error(EINVAL));
  // The length is rounded up to the huge page...
  ASSERT_EQ(m.step(MapOp{1, kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 1, u - 1, 1}).out, Outcome::ok());
  // ...so a 4 KiB munmap would split it: EINVAL.
  EXPECT_EQ(m.step(UnmapOp{1, 0, kPage}).out, Outcome::error(EINVAL));
  // An mprotect that changes nothing needs no split.
  EXPECT_EQ(m.step(MprotectOp{1, 0, kPage, PROT_READ | PROT_WRITE}).out, Outcome::ok());
  EXPECT_EQ(m.step(MprotectOp{1, 0, kPage, PROT_READ}).out, Outcome::error(EINVAL));
  // A writable mapping past EOF grows the file.
  ASSERT_EQ(m.step(MapOp{2, u, 6 * u, PROT_READ | PROT_WRITE, MAP_SHARED, 0}).out, Outcome::ok());
  EXPECT_EQ(m.file().size, 7 * u);
  EXPECT_EQ(m.step(MremapOp{2, 2 * u, false}).out, Outcome::error(EINVAL));
  // MADV_DONTNEED aligns the end down: a short length does nothing, successfully.
  EXPECT_EQ(m.step(MadviseOp{2, 0, kPage, MADV_DONTNEED}).out, Outcome::ok());
  EXPECT_EQ(m.step(MadviseOp{2, kPage, u, MADV_DONTNEED}).out, Outcome::error(EINVAL));
  // A hint off the huge page is rounded up; a fixed address off it is refused, before the
  // flags are looked at (get_unmapped_area comes first in do_mmap).
  MapOp hint{3, u, 0, PROT_READ, MAP_SHARED, kMiB};
  EXPECT_EQ(m.step(hint).out, Outcome::ok());
  EXPECT_EQ(m.mapping(0, 3)->va, u);
  MapOp fixed{4, u, 0, PROT_READ, MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE, kMiB};
  EXPECT_EQ(m.step(fixed).out, Outcome::error(EINVAL));
  fixed.misalign = u;
  EXPECT_EQ(m.step(fixed).out, Outcome::error(EOPNOTSUPP));  // aligned: the flag check refuses it
}

TEST(Model, HugetlbPrivateCopyIsAWholeHugePageAndPunchDropsIt) {
  const uint64_t u = 2 * kMiB;
  Model m(hugetlb_traits());
  m.step(MapOp{0, u, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0});
  m.step(MapOp{1, u, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0});
  m.step(WriteOp{0, 1, 0, 1, 1});                // copies the whole huge page now
  m.step(WriteOp{0, 0, u - kPage, 8, 2});        // the file changes afterwards
  EXPECT_EQ(m.step(ReadOp{0, 1, u - kPage, 8}).data, std::vector<uint8_t>(8, 0));
  m.step(PunchHoleOp{0, u});
  m.step(WriteOp{0, 0, 0, 4, 3});
  std::vector<uint8_t> three(4);
  pattern_fill(3, 0, three);
  EXPECT_EQ(m.step(ReadOp{0, 1, 0, 4}).data, three);  // the private copy was discarded
}

}  // namespace
}  // namespace daxprop
