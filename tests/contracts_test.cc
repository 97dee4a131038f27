// Each release-dependent rule of src/contracts.h, on both sides of its boundary: the model told
// it runs on a release before `since` predicts the older behaviour, at `since` the newer one; a
// backport seen on the running kernel moves an older release forward, never a newer one back.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <regex>
#include <set>

#include "fixtures/backing.h"
#include "src/contracts.h"
#include "src/model.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

BackingTraits anon_on(uint32_t kernel) {
  BackingTraits t = make_anon(kernel)->traits();
  return t;
}

TEST(Contracts, EveryRuleSaysWhenWhatAndWhere) {
  std::set<std::string> ids;
  for (size_t i = 0; i < kRuleCount; i++) {
    const RuleInfo& r = contract_rules()[i];
    EXPECT_EQ(static_cast<size_t>(r.rule), i) << r.id;
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_GE(r.since, kv(5, 0)) << r.id;
    // The upstream commit, pinned: a 12-digit SHA first, then its subject.
    EXPECT_TRUE(std::regex_search(r.commit, std::regex("^[0-9a-f]{12} \\(\""))) << r.id << ": " << r.commit;
    EXPECT_NE(std::string(r.newer), "") << r.id;
    EXPECT_NE(std::string(r.older), "") << r.id;
  }
}

TEST(Contracts, ARuleHoldsFromItsReleaseOn) {
  for (const auto& r : contract_rules()) {
    BackingTraits before = anon_on(r.since - (1 << 8)), at = anon_on(r.since);
    EXPECT_FALSE(holds(before, r.rule)) << r.id;
    EXPECT_TRUE(holds(at, r.rule)) << r.id;
    EXPECT_EQ(rule_reason(at, r.rule), kernel_version_name(r.since) + " >= " + kernel_version_name(r.since));
  }
}

// MADV_POPULATE_WRITE over [a hole, a PROT_NONE page]: 6.10+ stop at the hole (-ENOMEM);
// 6.1's madvise_walk_vmas skips it and fails on the PROT_NONE VMA (-EINVAL), as 6.1.176 did in
// the VM (fault.anon.access).
std::vector<Op> hole_then_protnone() {
  return {MapOp{0, 0x11000, 0, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, 0},
          UnmapOp{0, 0x1000, 0xf000}};
}
Outcome populate_write(uint32_t kernel, std::vector<Op> ops, MadviseOp m) {
  Model model(anon_on(kernel));
  for (const auto& op : ops) model.step(op);
  return model.step(m).out;
}

TEST(Contracts, PopulateStopsAtTheHoleFrom610) {
  const MadviseOp op{0, 0xf000, 0xd000, MADV_POPULATE_WRITE};
  EXPECT_EQ(populate_write(kv(6, 10), hole_then_protnone(), op), Outcome::error(ENOMEM));
  EXPECT_EQ(populate_write(kv(6, 12), hole_then_protnone(), op), Outcome::error(ENOMEM));
  EXPECT_EQ(populate_write(kv(6, 9), hole_then_protnone(), op), Outcome::error(EINVAL));
  EXPECT_EQ(populate_write(kv(6, 1), hole_then_protnone(), op), Outcome::error(EINVAL));
}

// A memfd model on release `k` with 4 shared pages mapped as m0 (the model points at its
// traits: they live beside it).
BackingTraits memfd_on(uint32_t k) {
  BackingTraits t = memfd_model_traits();
  t.kernel = k;
  return t;
}
struct FourPages {
  explicit FourPages(uint32_t k) : traits(memfd_on(k)), model(traits) {
    EXPECT_EQ(model.step(MapOp{0, 4 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}).out, Outcome::ok());
  }
  BackingTraits traits;
  Model model;
};

// Before 6.10 the VMAs after a hole are still faulted in, and a fault that fails there
// (-EFAULT) is reported before the hole's -ENOMEM; from 6.10 on nothing past the hole is
// touched.
TEST(Contracts, PopulateBefore610FaultsInThePagesPastTheHole) {
  for (uint32_t k : {kv(6, 1), kv(6, 12)}) {
    FourPages f(k);
    Model& model = f.model;
    ASSERT_EQ(model.step(UnmapOp{0, 0, kPage}).out, Outcome::ok());
    ASSERT_EQ(model.step(TruncateOp{3 * kPage}).out, Outcome::ok());  // page 3 is past EOF
    const Outcome o = model.step(MadviseOp{0, 0, 4 * kPage, MADV_POPULATE_READ}).out;
    // [hole][page 1][page 2][page 3 past EOF: SIGBUS]: 6.12 stops at the hole (-ENOMEM), 6.1
    // populates pages 1-2 and fails at page 3's fault (-EFAULT) before reporting the hole.
    EXPECT_EQ(o, k >= kv(6, 10) ? Outcome::error(ENOMEM) : Outcome::error(EFAULT)) << kernel_version_name(k);
  }
  FourPages f(kv(6, 1));
  Model& model = f.model;
  model.step(UnmapOp{0, kPage, kPage});
  // A hole in the middle, every VMA populated fine: -ENOMEM at the end, on both sides.
  EXPECT_EQ(model.step(MadviseOp{0, 0, 4 * kPage, MADV_POPULATE_READ}).out, Outcome::error(ENOMEM));
}

TEST(Contracts, MremapFixedSameSizeMovesMultipleVmasFrom617) {
  for (uint32_t k : {kv(6, 12), kv(6, 17)}) {
    FourPages f(k);
    Model& model = f.model;
    ASSERT_EQ(model.step(MprotectOp{0, 2 * kPage, kPage, PROT_READ}).out, Outcome::ok());  // 3 VMAs
    const Outcome o = model.step(MremapOp{0, 4 * kPage, true, 4 * kPage}).out;
    EXPECT_EQ(o, k >= kv(6, 17) ? Outcome::ok() : Outcome::error(EFAULT)) << kernel_version_name(k);
  }
}

// vma_multi_allowed(): a file with its own get_unmapped_area (device-dax, VFIO) is moved one
// VMA at a time on 6.17 too; fs-dax (thp_get_unmapped_area) moves them all.
TEST(Contracts, MremapOfSeveralVmasStaysOneVmaForAFileWithItsOwnUnmappedArea) {
  for (auto& b : make_backings()) {
    if (b->id() != "devdax_2m" && b->id() != "fsdax_ext4" && b->id() != "pfnmap_vfio") continue;
    for (uint32_t k : {kv(6, 12), kv(6, 17)}) {
      BackingTraits t = b->traits();
      t.kernel = k;
      const uint64_t u = std::max<uint64_t>(t.unit, kPage), len = 4 * u;
      if (t.pfnmap) t.capacity = t.initial_size = len;
      Model model(t);
      ASSERT_EQ(model.step(MapOp{0, len, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}).out, Outcome::ok()) << b->id();
      ASSERT_EQ(model.step(MprotectOp{0, 2 * u, u, PROT_READ}).out, Outcome::ok()) << b->id();  // 3 VMAs
      const Outcome o = model.step(MremapOp{0, len, true, len}).out;
      const bool moves = k >= kv(6, 17) && b->id() == "fsdax_ext4";
      EXPECT_EQ(o, moves ? Outcome::ok() : Outcome::error(EFAULT)) << b->id() << " " << kernel_version_name(k);
    }
  }
}

TEST(Contracts, MremapFixedShrinkChecksBeforeItTrimsFrom617) {
  for (uint32_t k : {kv(6, 12), kv(6, 17)}) {
    FourPages f(k);
    Model& model = f.model;
    ASSERT_EQ(model.step(MprotectOp{0, kPage, kPage, PROT_READ}).out, Outcome::ok());
    // Shrink to 3 pages and move: [0,1) is one VMA, so the move fails -EFAULT either way; 6.12
    // has trimmed the tail first, 6.17 has not: page 3 is still there.
    ASSERT_EQ(model.step(MremapOp{0, 3 * kPage, true, 4 * kPage}).out, Outcome::error(EFAULT));
    const Outcome o = model.step(MprotectOp{0, 3 * kPage, kPage, PROT_READ}).out;
    EXPECT_EQ(o, k >= kv(6, 17) ? Outcome::ok() : Outcome::error(ENOMEM)) << kernel_version_name(k);
  }
}

// io_uring fixed buffers over device-dax: refused by io_uring itself before 6.5 (it pinned the
// pages, then rejected any file-backed VMA but shmem and hugetlbfs), pinned since; shmem and
// hugetlbfs work on both sides, fs-dax is GUP's -EOPNOTSUPP on both.
TEST(Contracts, IoUringFixedBuffersOverDeviceDaxFrom65) {
  std::unique_ptr<Backing> devdax, memfd;
  for (auto& b : make_backings()) {
    if (b->id() == "devdax_2m") devdax = std::move(b);
    else if (b->id() == "memfd") memfd = std::move(b);
  }
  ASSERT_TRUE(devdax && memfd);
  BackingTraits fsdax = fsdax_model_traits();  // set up: its huge rule is known then
  fsdax.special_file = true;
  auto pin = [](BackingTraits t, uint32_t kernel) {
    t.kernel = kernel;
    Model m(t);
    EXPECT_EQ(m.step(MapOp{0, 2 * kMiB, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}).out, Outcome::ok());
    return m.step(PinOp{0, 0x1000, 0x2000, PinOp::Via::kIoUring, 7}).out;
  };
  EXPECT_EQ(pin(devdax->traits(), kv(6, 1)), Outcome::error(EOPNOTSUPP));
  EXPECT_EQ(pin(devdax->traits(), kv(6, 4)), Outcome::error(EOPNOTSUPP));
  EXPECT_EQ(pin(devdax->traits(), kv(6, 5)).kind, Outcome::Kind::kOk);
  EXPECT_EQ(pin(memfd->traits(), kv(6, 1)).kind, Outcome::Kind::kOk);
  EXPECT_EQ(pin(fsdax, kv(6, 1)), Outcome::error(EOPNOTSUPP));
  EXPECT_EQ(pin(fsdax, kv(6, 12)), Outcome::error(EOPNOTSUPP));
}

// Evidence moves an older release forward (a backport), never a newer one back (a regression
// must still FAIL).
TEST(Contracts, EvidenceOnlyMovesARuleForward) {
  ContractEvidence ev;
  auto& r = ev[static_cast<size_t>(Rule::kPopulateStopsAtHole)];
  r.probed = true;
  r.newer = true;
  r.evidence = "probe: ENOMEM";
  BackingTraits old = anon_on(kv(6, 1));
  apply_contract_evidence(old, ev);
  EXPECT_TRUE(holds(old, Rule::kPopulateStopsAtHole));
  EXPECT_EQ(rule_reason(old, Rule::kPopulateStopsAtHole), "backported to 6.1: probe: ENOMEM");
  r.newer = false;
  r.evidence = "probe: EINVAL";
  BackingTraits fresh = anon_on(kv(6, 12));
  apply_contract_evidence(fresh, ev);
  EXPECT_TRUE(holds(fresh, Rule::kPopulateStopsAtHole));
  BackingTraits old2 = anon_on(kv(6, 1));
  apply_contract_evidence(old2, ev);
  EXPECT_FALSE(holds(old2, Rule::kPopulateStopsAtHole));
}

// The probe agrees with this machine's kernel release (the host runs a release past 6.10).
TEST(Contracts, TheProbeSeesThisKernelsSide) {
  const ContractEvidence ev = probe_contracts();
  const auto& r = ev[static_cast<size_t>(Rule::kPopulateStopsAtHole)];
  ASSERT_TRUE(r.probed);
  const uint32_t k = kernel_version_code(kernel_release());
  if (k >= kv(6, 10)) {
    EXPECT_TRUE(r.newer) << r.evidence;
  }
  EXPECT_NE(r.evidence.find("probe: madvise(MADV_POPULATE_READ)"), std::string::npos);
}

}  // namespace
}  // namespace daxprop
