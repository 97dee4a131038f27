// SIZE and write-protect-on-sync: the model's fault-count bounds per backing rule, the oracle
// failing on a wrong level (a 4 KiB mapping where a PMD was due, a PMD where a PUD was due, a
// store that did not fault after msync), the C reproducer doing the same, and feature gating.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fixtures/backing.h"
#include "src/emit_c.h"
#include "src/oracle.h"
#include "suites/properties.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

BackingTraits huge_traits(BackingTraits::HugeRule rule, uint64_t unit, bool pmd, bool pud) {
  BackingTraits t;
  t.id = "test";
  t.kernel = kv(6, 12);
  t.unit = unit;
  t.huge_rule = rule;
  t.huge_pmd = pmd;
  t.huge_pud = pud;
  t.initial_size = 8 * kMiB;
  t.capacity = 8 * kMiB;
  t.max_map = 4 * kMiB;
  return t;
}
BackingTraits fsdax() {
  auto t = huge_traits(BackingTraits::HugeRule::kFsDax, kPage, true, false);
  t.sync_wrprotects = true;
  return t;
}
BackingTraits devdax_1g() {
  auto t = huge_traits(BackingTraits::HugeRule::kDeviceDax, kGiB, false, true);
  t.unit_rule = BackingTraits::UnitRule::kDeviceDax;
  t.split_unit_only = true;
  t.private_ok = false;
  t.initial_size = t.capacity = t.max_map = kGiB;
  t.truncate_ok = t.punch_ok = false;
  t.fixed_size = true;
  return t;
}
BackingTraits pfnmap(uint64_t phys_base) {
  auto t = huge_traits(BackingTraits::HugeRule::kPfnmap, kPage, true, true);
  t.pfnmap = true;
  t.vma_merge = false;
  t.private_ok = false;
  t.phys_base = phys_base;
  t.fixed_size = true;
  t.truncate_ok = t.punch_ok = false;
  return t;
}
MapOp shared_rw(int h, uint64_t len, uint64_t off = 0) {
  return MapOp{h, len, off, PROT_READ | PROT_WRITE, MAP_SHARED, 0};
}
Observation faults(std::vector<uint32_t> f) {
  Observation o;
  o.out.faults = std::move(f);
  return o;
}
std::vector<uint32_t> per_unit(size_t n, uint32_t v) { return std::vector<uint32_t>(n, v); }

TEST(SizeModel, AnAlignedFsdaxMappingMustBePmdMappedAndA4KFallbackFails) {
  Model m(fsdax());
  m.step(shared_rw(0, 4 * kMiB));
  ProbeOp p{0, 0, 0, 4 * kMiB, false};
  Model before = m;
  Expect e = m.step(p);
  EXPECT_EQ(e.units, 2);
  ASSERT_EQ(e.faults.size(), 2u);
  EXPECT_EQ(e.faults[0].max, 3u);  // one fault, and the kernel's own slack
  EXPECT_FALSE(judge(p, e, faults({1, 1})));
  EXPECT_FALSE(judge(p, e, faults({1, 0})));  // already mapped: nothing to fault
  auto why = judge(p, e, faults({512, 1}));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("512 page faults over +0x0"), std::string::npos) << *why;
  EXPECT_NE(why->find("2M entry was due"), std::string::npos) << *why;
  EXPECT_TRUE(judge(p, e, faults({1, 1, 1})));  // a unit too many
  EXPECT_TRUE(judge(p, e, faults({1})));
  (void)before;
}

TEST(SizeModel, ASplitInsideAUnitLeavesItUnjudgedAndTheOtherStillDue) {
  Model m(fsdax());
  m.step(shared_rw(0, 4 * kMiB));
  // mprotect of 4 KiB splits the VMA inside the first 2 MiB: that unit is no longer one VMA.
  ASSERT_EQ(m.step(MprotectOp{0, kPage, kPage, PROT_READ}).out, Outcome::ok());
  ProbeOp p{0, 0, 0, 4 * kMiB, false};
  Expect e = m.step(p);
  ASSERT_EQ(e.faults.size(), 1u);
  EXPECT_EQ(e.faults[0].first, 1u);
  EXPECT_FALSE(judge(p, e, faults({512, 1})));
  EXPECT_TRUE(judge(p, e, faults({512, 512})));
  // Merged back into one VMA: the PTE table built by the 4 KiB faults stays, so the first unit
  // keeps faulting 4 KiB (not judged), the second is still one entry.
  ASSERT_EQ(m.step(MprotectOp{0, kPage, kPage, PROT_READ | PROT_WRITE}).out, Outcome::ok());
  Expect again = m.step(ProbeOp{0, 0, 0, 4 * kMiB, false});
  ASSERT_EQ(again.faults.size(), 1u);
  EXPECT_EQ(again.faults[0].first, 1u);
}

TEST(SizeModel, FsdaxRulesMisalignedOffsetPrivateWriteAndEof) {
  {
    Model m(fsdax());
    m.step(shared_rw(0, 4 * kMiB, kPage));  // file offset not 2 MiB aligned: PTEs only
    EXPECT_TRUE(m.step(ProbeOp{0, 0, 0, 4 * kMiB, false}).faults.empty());
  }
  {
    Model m(fsdax());
    m.step(MapOp{0, 4 * kMiB, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0});
    // A private read may be a PMD; a private write copies 4 KiB and builds a PTE table.
    EXPECT_EQ(m.step(ProbeOp{0, 0, 2 * kMiB, 2 * kMiB, false}).faults.size(), 1u);
    m.step(WriteOp{0, 0, 0, 8, 5});
    EXPECT_TRUE(m.step(ProbeOp{0, 0, 0, 2 * kMiB, false}).faults.empty());
  }
  {
    Model m(fsdax());
    m.step(TruncateOp{3 * kMiB});
    m.step(shared_rw(0, 2 * kMiB, 2 * kMiB));  // the PMD would end past EOF: PTEs
    EXPECT_TRUE(m.step(ProbeOp{0, 0, 0, kMiB, false}).faults.empty());
  }
  {
    Model m(fsdax());
    m.step(SysWriteOp{2 * kMiB + 10, 100, 3});  // write(2) splits the extent there
    m.step(shared_rw(0, 4 * kMiB));
    Expect e = m.step(ProbeOp{0, 0, 0, 4 * kMiB, false});
    ASSERT_EQ(e.faults.size(), 1u);
    EXPECT_EQ(e.faults[0].first, 0u);
  }
}

TEST(SizeModel, APudWasDueAndAPmdPerUnitFails) {
  Model m(devdax_1g());
  ASSERT_EQ(m.step(shared_rw(0, kGiB)).out, Outcome::ok());
  ProbeOp p{0, 0, 0, kGiB, false};
  Expect e = m.step(p);
  EXPECT_EQ(e.units, 512);
  ASSERT_EQ(e.faults.size(), 1u);
  EXPECT_EQ(e.faults[0].n, 512u);
  auto pud = per_unit(512, 0);
  pud[0] = 1;
  EXPECT_FALSE(judge(p, e, faults(pud)));
  auto why = judge(p, e, faults(per_unit(512, 1)));  // a PMD per 2 MiB: the PUD is missing
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("1G entry was due"), std::string::npos) << *why;
}

TEST(SizeModel, PfnmapNeedsTheBarPhysicallyAligned) {
  {
    Model m(pfnmap(0xc0000000));
    m.step(shared_rw(0, 4 * kMiB));
    EXPECT_EQ(m.step(ProbeOp{0, 0, 0, 4 * kMiB, false}).faults.size(), 2u);
  }
  {
    Model m(pfnmap(0xc0100000));  // 1 MiB off a PMD: vfio_pci_mmap_huge_fault falls back
    m.step(shared_rw(0, 4 * kMiB));
    EXPECT_TRUE(m.step(ProbeOp{0, 0, 0, 4 * kMiB, false}).faults.empty());
  }
}

TEST(SizeModel, ForkedChildrenInheritTheRulesAndSmallProbesAreNotJudged) {
  Model m(fsdax());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(ForkOp{1});
  EXPECT_EQ(m.step(ProbeOp{1, 0, 0, 4 * kMiB, false}).faults.size(), 2u);
  // Eight pages cannot tell one fault plus noise from eight 4 KiB faults.
  EXPECT_TRUE(m.step(ProbeOp{0, 0, 2 * kMiB, 8 * kPage, false}).faults.empty());
}

TEST(SyncModel, AStoreAfterMsyncMustFaultInEveryMapping) {
  Model m(fsdax());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(shared_rw(1, 4 * kMiB));
  m.step(WriteOp{0, 0, 0, 64, 9});
  ProbeOp store{0, 0, 0, kPage, true};
  // No sync yet: the entry may be writable, nothing is required.
  Model nosync = m;
  EXPECT_TRUE(nosync.step(store).faults.empty());
  ASSERT_EQ(m.step(MsyncOp{0, 0, 4 * kMiB, MS_SYNC}).out, Outcome::ok());
  Model other = m;
  Expect e = m.step(store);
  ASSERT_EQ(e.faults.size(), 1u);
  EXPECT_EQ(e.faults[0].min, 1u);
  EXPECT_FALSE(judge(store, e, faults({1})));
  auto why = judge(store, e, faults({0}));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("at least 1"), std::string::npos) << *why;
  // The second store does not have to fault; the other mapping's first store does.
  EXPECT_TRUE(m.step(store).faults.empty());
  EXPECT_EQ(other.step(ProbeOp{0, 1, 0, kPage, true}).faults.size(), 1u);
  // MS_ASYNC syncs nothing.
  Model async = nosync;
  async.step(MsyncOp{0, 0, 4 * kMiB, MS_ASYNC});
  EXPECT_TRUE(async.step(store).faults.empty());
}

TEST(SizeModel, AStoreProbeLoadsFirst) {
  BackingTraits t;
  t.id = "memfd";
  Model m(t);
  m.step(MapOp{0, 32 * kPage, 0, PROT_READ, MAP_SHARED, 0});
  // Past EOF the load is SIGBUS before the store could be refused.
  EXPECT_EQ(m.step(ProbeOp{0, 0, 16 * kPage, kPage, true}).out,
            Outcome::signal(SIGBUS, BUS_ADRERR, 16 * kPage));
  EXPECT_EQ(m.step(ProbeOp{0, 0, 0, kPage, true}).out,
            Outcome::signal(SIGSEGV, SEGV_ACCERR, 0));
}

TEST(SizeGating, KernelsWithoutTheFeatureAreNotOfferedWithEvidence) {
  using R = BackingTraits::HugeRule;
  auto old = huge_offer(R::kPfnmap, kPage, kv(6, 11), true, "ffffffffc0000000 t vfio_pci_mmap_fault\n");
  EXPECT_FALSE(old.pmd || old.pud);
  EXPECT_NE(old.evidence.find("no vfio_pci_mmap_huge_fault"), std::string::npos);
  EXPECT_NE(old.evidence.find("6.11"), std::string::npos);
  auto now = huge_offer(R::kPfnmap, kPage, kv(6, 12), true,
                        "0000000000000000 t vfio_pci_mmap_huge_fault\t[vfio_pci_core]\n");
  EXPECT_TRUE(now.pmd && now.pud);
  auto nothp = huge_offer(R::kDeviceDax, 2 * kMiB, kv(6, 12), false, "");
  EXPECT_FALSE(nothp.pmd || nothp.pud);
  EXPECT_NE(nothp.evidence.find("CONFIG_TRANSPARENT_HUGEPAGE"), std::string::npos);
  auto dd = huge_offer(R::kDeviceDax, kGiB, kv(6, 12), true, "");
  EXPECT_TRUE(dd.pud && !dd.pmd);

  // The property says "not offered by this kernel" with the evidence, and judges nothing.
  const PropertySpec* size = nullptr;
  for (const auto& p : all_properties()) {
    if (p.id() == "size.level") size = &p;
  }
  ASSERT_TRUE(size);
  BackingTraits t = pfnmap(0);
  t.huge_pmd = t.huge_pud = false;
  t.huge_evidence = old.evidence;
  EXPECT_EQ(size->not_applicable(t), "not offered by this kernel: " + old.evidence);
  EXPECT_EQ(size->not_applicable(pfnmap(0)), "");
}

// The reproducer carries the bounds: a memfd that claims hugetlb's rule must fail them (its
// pages are 4 KiB), and the honest memfd must pass.
TEST(SizeRepro, TheCReproducerFailsOnAWrongLevel) {
  // The honest memfd is 4 KiB only while shmem THP is off (Debian's default).
  auto shmem = read_file("/sys/kernel/mm/transparent_hugepage/shmem_enabled");
  if (shmem && shmem->find("[never]") == std::string::npos &&
      shmem->find("[deny]") == std::string::npos) {
    GTEST_SKIP() << "shmem THP is on here (" << trim(*shmem) << "): memfd may map 2 MiB";
  }
  BackingTraits honest = make_memfd(kernel_version_code(kernel_release()))->traits();
  BackingTraits claims = honest;
  claims.huge_rule = BackingTraits::HugeRule::kHugetlb;
  claims.unit = 2 * kMiB;
  Trace t;
  t.header.backing = "memfd";
  t.header.property = "size.level";
  std::vector<Op> ops{MapOp{0, 4 * kMiB, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0},
                      ProbeOp{0, 0, 0, 4 * kMiB, true}};
  for (auto& op : ops) t.lines.push_back(TraceLine{op, std::nullopt});
  const CSetup setup = memfd_c_setup(4 * kMiB);
  auto run = [&](const BackingTraits& tr) {
    BackingTraits sized = tr;
    sized.initial_size = 4 * kMiB;
    return build_and_run_c(emit_c(t, sized, setup, expectations(sized, ops)));
  };
  Cmd ok = run(honest);
  EXPECT_EQ(ok.status, 0) << ok.out;
  Cmd bad = run(claims);
  EXPECT_EQ(bad.status, 1) << bad.out;
  EXPECT_NE(bad.out.find("REPRO: op 2"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("page faults in units 0..0"), std::string::npos) << bad.out;
}

TEST(SizeTrace, ProbeLinesRoundTrip) {
  auto op = parse_op("probe@p2 m3+0x200000 len=0x400000 access=store");
  ASSERT_TRUE(std::holds_alternative<Op>(op));
  EXPECT_EQ(std::get<Op>(op), (Op{ProbeOp{2, 3, 2 * kMiB, 4 * kMiB, true}}));
  auto out = parse_outcome("ok faults=1,0*511,3");
  ASSERT_TRUE(std::holds_alternative<Outcome>(out));
  auto f = std::get<Outcome>(out).faults;
  ASSERT_EQ(f.size(), 513u);
  EXPECT_EQ(f[0], 1u);
  EXPECT_EQ(f[511], 0u);
  EXPECT_EQ(f[512], 3u);
  EXPECT_EQ(format_outcome(std::get<Outcome>(out)), "ok faults=1,0*511,3");
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_outcome("ok faults=1,*3")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_outcome("ok faults=1*0")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("probe m0+0 len=1 access=poke")));
}


BackingTraits devdax_2m_poison() {
  auto t = huge_traits(BackingTraits::HugeRule::kDeviceDax, 2 * kMiB, true, false);
  t.unit_rule = BackingTraits::UnitRule::kDeviceDax;
  t.split_unit_only = true;
  t.private_ok = false;
  t.initial_size = t.capacity = 16 * kMiB;
  t.truncate_ok = t.punch_ok = false;
  t.fixed_size = true;
  t.poison_ok = true;
  return t;
}

TEST(MemfailModel, TheInjectingProcessGetsMceerrArWithTheEntrySize) {
  Model m(devdax_2m_poison());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(WriteOp{0, 0, 2 * kMiB, 64, 4});
  m.step(ForkOp{1});
  MadviseOp poison{0, 2 * kMiB + 8 * kPage, kPage, MADV_HWPOISON};
  ASSERT_TRUE(m.valid(poison));
  Model before = m;
  Expect e = m.step(poison);
  Outcome want = Outcome::signal(SIGBUS, BUS_MCEERR_AR, 2 * kMiB);  // the folio's head
  want.lsb = 21;
  EXPECT_EQ(e.out, want);
  Observation got;
  got.out = want;
  EXPECT_FALSE(judge(poison, e, got));
  got.out.lsb = 12;  // a 4 KiB entry where the device maps 2 MiB
  EXPECT_TRUE(judge(poison, e, got));
  got.out = Outcome::signal(SIGKILL, 0, 0);  // killed instead of signalled
  EXPECT_TRUE(judge(poison, e, got));
  EXPECT_TRUE(judge(poison, e, Observation{}));  // no signal at all
  // Every mapper keeps the bytes: the entry is gone, a fault maps the page again.
  Expect r = m.step(ReadOp{1, 0, 2 * kMiB, 64});
  EXPECT_EQ(r.out.kind, Outcome::Kind::kOk);
  std::vector<uint8_t> four(64);
  pattern_fill(4, 0, four);
  EXPECT_EQ(r.data, four);
}

TEST(MemfailModel, NoPageNoPoisonAndOnlyWhereAllowed) {
  Model m(devdax_2m_poison());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(MprotectOp{0, 2 * kMiB, 2 * kMiB, PROT_NONE});
  EXPECT_EQ(m.step(MadviseOp{0, 2 * kMiB, kPage, MADV_HWPOISON}).out, Outcome::error(EFAULT));
  EXPECT_EQ(m.step(MadviseOp{0, 4 * kMiB, kPage, MADV_HWPOISON}).out, Outcome::error(EFAULT));
  auto t = devdax_2m_poison();
  t.poison_ok = false;
  Model no(t);
  no.step(shared_rw(0, 2 * kMiB));
  EXPECT_FALSE(no.valid(MadviseOp{0, 0, kPage, MADV_HWPOISON}));
  Model fs(fsdax());
  fs.step(MapOp{0, 2 * kMiB, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0});
  EXPECT_FALSE(fs.valid(MadviseOp{0, 0, kPage, MADV_HWPOISON}));
}

TEST(MemfailModel, FsdaxLsbFollowsTheDueLevel) {
  auto t = fsdax();
  t.poison_ok = true;
  Model m(t);
  m.step(shared_rw(0, 4 * kMiB));
  // A page that reads as a hole is the zero page, not pmem: not poisoned here.
  EXPECT_FALSE(m.valid(MadviseOp{0, 0, kPage, MADV_HWPOISON}));
  m.step(WriteOp{0, 0, 0, 8, 1});
  m.step(WriteOp{0, 0, 2 * kMiB, 8, 1});
  ASSERT_TRUE(m.valid(MadviseOp{0, 0, kPage, MADV_HWPOISON}));
  EXPECT_EQ(m.step(MadviseOp{0, 0, 3 * kPage, MADV_HWPOISON}).out.lsb, 21);
  m.step(MprotectOp{0, 2 * kMiB + kPage, kPage, PROT_READ});  // splits the second unit
  m.step(ReadOp{0, 0, 2 * kMiB, 8});
  Expect e = m.step(MadviseOp{0, 2 * kMiB, kPage, MADV_HWPOISON});
  EXPECT_EQ(e.out.code, BUS_MCEERR_AR);
  EXPECT_EQ(e.out.fault_off, 2 * kMiB);
  EXPECT_EQ(e.out.lsb, 0);  // 4 KiB most likely, but not the model's to say
  auto out = parse_outcome("sig SIGBUS BUS_MCEERR_AR +0x200000 lsb=21");
  ASSERT_TRUE(std::holds_alternative<Outcome>(out));
  EXPECT_EQ(std::get<Outcome>(out).lsb, 21);
  EXPECT_EQ(format_outcome(std::get<Outcome>(out)), "sig SIGBUS BUS_MCEERR_AR +0x200000 lsb=21");
}


// Found on 6.12 (xfs): a store probe's load faults a 4 KiB entry into a read-only split VMA,
// which splits the file's 2 MiB entry for every mapping; the load must count as a fault.
TEST(SizeModel, AStoreProbesLoadFaultCountsEvenWhenTheStoreIsRefused) {
  Model m(fsdax());
  m.step(MapOp{0, 2 * kMiB, 0, PROT_READ, MAP_PRIVATE | MAP_POPULATE, 0});
  m.step(UnmapOp{0, kPage, kPage});
  m.step(MapOp{1, 2 * kMiB, 0, PROT_READ, MAP_PRIVATE | MAP_POPULATE, 0});
  EXPECT_EQ(m.step(ProbeOp{0, 0, 0, 4 * kMiB, true}).out, Outcome::signal(SIGSEGV, SEGV_ACCERR, 0));
  EXPECT_TRUE(m.step(ProbeOp{0, 1, 0, 2 * kMiB, false}).faults.empty());
}


// Found on 6.12 (device-dax): with two mappings of the poisoned page in the injecting process,
// si_addr names the first one memory failure finds, not necessarily the madvised one.
TEST(MemfailModel, ASecondMappingOfThePageMakesTheSignalAddressEitherOne) {
  Model m(devdax_2m_poison());
  m.step(shared_rw(0, 4 * kMiB));
  m.step(shared_rw(2, 2 * kMiB));
  MadviseOp poison{2, 0, kPage, MADV_HWPOISON};
  Expect e = m.step(poison);
  EXPECT_TRUE(e.any_fault_off);
  Observation got;
  got.out = Outcome::signal(SIGBUS, BUS_MCEERR_AR, 0xfffffffe00000000ULL);
  got.out.lsb = 21;
  EXPECT_FALSE(judge(poison, e, got));
  got.out.code = BUS_MCEERR_AO;  // an action-optional signal is not what the caller gets
  EXPECT_TRUE(judge(poison, e, got));
  Model one(devdax_2m_poison());
  one.step(shared_rw(0, 4 * kMiB));
  EXPECT_FALSE(one.step(MadviseOp{0, 0, kPage, MADV_HWPOISON}).any_fault_off);
}

}  // namespace
}  // namespace daxprop
