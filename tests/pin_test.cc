// PIN: each backing's GUP contract for io_uring fixed buffers, process_vm_readv and
// /proc/self/mem; the oracle fails on a pin that should have been refused, a refusal with the
// wrong errno, and bytes a pin moved that disagree with the model; the C reproducer too.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fixtures/backing.h"
#include "src/emit_c.h"
#include "src/odirect.h"
#include "src/oracle.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

BackingTraits memfd() { return memfd_model_traits(); }
BackingTraits fsdax() { return fsdax_model_traits(); }
BackingTraits pfnmap() {
  BackingTraits t = memfd();
  t.id = "pfnmap_vfio";
  t.pfnmap = true;
  t.vma_merge = false;
  t.private_ok = false;
  t.fixed_size = true;
  t.truncate_ok = t.punch_ok = false;
  t.initial_size = 16 * kMiB;
  return t;
}
MapOp map(int h, uint64_t len, int prot, uint32_t flags = MAP_SHARED, uint64_t off = 0) {
  return MapOp{h, len, off, prot, flags, 0};
}
constexpr int kRW = PROT_READ | PROT_WRITE;
Observation ok_n(uint64_t n) {
  Observation o;
  o.out.n = n;
  return o;
}
Observation error(int e) {
  Observation o;
  o.out = Outcome::error(e);
  return o;
}

TEST(PinModel, IoUringLongTermPinContractPerBacking) {
  PinOp pin{0, 0, 2 * kPage, PinOp::Via::kIoUring, 7};
  {
    Model m(memfd());  // shmem needs no dirty tracking: a long-term pin is allowed
    m.step(map(0, 4 * kPage, kRW));
    Expect e = m.step(pin);
    EXPECT_EQ(e.out.kind, Outcome::Kind::kOk);
    EXPECT_FALSE(judge(pin, e, ok_n(2 * kPage)));
    EXPECT_TRUE(judge(pin, e, error(EFAULT)));  // refused where it must work
    // The fixed read stored the pattern through the pinned pages.
    std::vector<uint8_t> want(2 * kPage);
    pattern_fill(7, 0, want);
    EXPECT_EQ(m.step(SysReadOp{0, 2 * kPage}).data, want);
  }
  {
    Model m(fsdax());  // check_vma_flags: FOLL_LONGTERM on fs-dax
    m.step(map(0, 4 * kPage, kRW));
    Expect e = m.step(pin);
    EXPECT_EQ(e.out, Outcome::error(EOPNOTSUPP));
    EXPECT_TRUE(judge(pin, e, ok_n(2 * kPage)));  // a pin that should have been refused
    EXPECT_TRUE(judge(pin, e, error(EFAULT)));
    EXPECT_FALSE(judge(pin, e, error(EOPNOTSUPP)));
  }
  {
    Model m(pfnmap());
    m.step(map(0, 4 * kPage, kRW));
    EXPECT_EQ(m.step(pin).out, Outcome::error(EFAULT));
  }
  {
    Model m(memfd());
    m.step(map(0, 4 * kPage, PROT_READ));  // no VM_WRITE for FOLL_WRITE
    EXPECT_EQ(m.step(pin).out, Outcome::error(EFAULT));
    EXPECT_EQ(m.step(PinOp{0, 0, 0, PinOp::Via::kIoUring, 1}).out, Outcome::error(EFAULT));
  }
}

TEST(PinModel, AWritePinOfAPrivateMappingCopiesOnWrite) {
  Model m(memfd());
  m.step(map(0, 4 * kPage, kRW, MAP_PRIVATE));
  ASSERT_EQ(m.step(PinOp{0, 0, kPage, PinOp::Via::kIoUring, 3}).out.n, kPage);
  // The file never saw the pinned bytes; later file writes do not reach the private copy.
  EXPECT_EQ(m.step(SysReadOp{0, 16}).data, std::vector<uint8_t>(16, 0));
  m.step(SysWriteOp{0, 16, 9});
  std::vector<uint8_t> want(16);
  pattern_fill(3, 0, want);
  ReadOp r{0, 0, 0, 16};
  Expect e = m.step(r);
  EXPECT_EQ(e.data, want);
  Observation stale;
  stale.out = e.out;
  stale.data.resize(16);
  pattern_fill(9, 0, stale.data);  // the file's bytes: COW was not broken by the pin
  EXPECT_TRUE(judge(r, e, stale));
}

TEST(PinModel, ReadPathsStopAtTheFirstPageGupCannotGive) {
  Model m(memfd());
  m.step(map(0, 4 * kPage, kRW));
  m.step(WriteOp{0, 0, 0, 4 * kPage, 5});
  m.step(MprotectOp{0, 2 * kPage, kPage, PROT_NONE});
  PinOp pvm{0, 0, 4 * kPage, PinOp::Via::kPvmRead, 0};
  Expect e = m.step(pvm);
  EXPECT_EQ(e.out.n, 2 * kPage);  // PROT_NONE stops it: no FOLL_FORCE
  Observation got;
  got.out.n = 2 * kPage;
  got.data = e.data;
  EXPECT_FALSE(judge(pvm, e, got));
  got.data[kPage] ^= 1;
  EXPECT_TRUE(judge(pvm, e, got));  // a byte the pin read that disagrees
  got.out.n = 4 * kPage;
  EXPECT_TRUE(judge(pvm, e, got));  // read past PROT_NONE
  // /proc/self/mem reads with FOLL_FORCE: PROT_NONE is readable; past EOF it stops.
  EXPECT_EQ(m.step(PinOp{0, 0, 4 * kPage, PinOp::Via::kProcMem, 0}).out.n, 4 * kPage);
  m.step(TruncateOp{kPage});
  EXPECT_EQ(m.step(PinOp{0, 0, 4 * kPage, PinOp::Via::kProcMem, 0}).out.n, kPage);
  EXPECT_EQ(m.step(PinOp{0, 0, 4 * kPage, PinOp::Via::kPvmRead, 0}).out.n, kPage);
  EXPECT_EQ(m.step(PinOp{0, 0, 16, PinOp::Via::kPvmRead, 0}).out.n, 16u);
  EXPECT_EQ(m.step(PinOp{0, 2 * kPage, 16, PinOp::Via::kPvmRead, 0}).out, Outcome::error(EFAULT));
  EXPECT_EQ(m.step(PinOp{0, 2 * kPage, 16, PinOp::Via::kProcMem, 0}).out, Outcome::error(EIO));
}

// process_vm_writev needs VM_WRITE; a forced /proc/self/mem write (FOLL_FORCE) also writes a
// read-only private page, as a copy the file never sees, and never a read-only shared one.
TEST(PinModel, WritePathsAndForcedWrites) {
  Model m(memfd());
  m.step(map(0, 4 * kPage, kRW));
  m.step(map(1, 4 * kPage, PROT_READ, MAP_PRIVATE));
  m.step(map(2, 4 * kPage, PROT_READ));
  m.step(WriteOp{0, 0, 0, 4 * kPage, 5});
  PinOp pvm{1, 100, 64, PinOp::Via::kPvmWrite, 9};
  Expect e = m.step(pvm);
  EXPECT_EQ(e.out, Outcome::error(EFAULT));
  EXPECT_TRUE(judge(pvm, e, ok_n(64)));  // a write through a read-only mapping that landed
  PinOp forced{1, 100, 64, PinOp::Via::kProcMemWrite, 9};
  e = m.step(forced);
  EXPECT_EQ(e.out.n, 64u);
  EXPECT_TRUE(judge(forced, e, error(EIO)));  // a forced COW write refused
  // The private page shows the bytes, the file and its shared mappings do not.
  std::vector<uint8_t> want(64);
  pattern_fill(9, 0, want);
  Expect rd = m.step(ReadOp{0, 1, 100, 64});
  EXPECT_EQ(rd.data, want);
  EXPECT_NE(m.step(SysReadOp{100, 64}).data, want);
  EXPECT_NE(m.step(ReadOp{0, 0, 100, 64}).data, want);
  Observation stale;
  stale.out.n = 64;
  stale.data = m.step(ReadOp{0, 0, 100, 64}).data;
  EXPECT_TRUE(judge(ReadOp{0, 1, 100, 64}, rd, stale));  // the forced write lost
  // Not even FOLL_FORCE writes a read-only shared mapping; PROT_NONE private pages it does.
  EXPECT_EQ(m.step(PinOp{2, 0, 64, PinOp::Via::kProcMemWrite, 9}).out, Outcome::error(EIO));
  m.step(MprotectOp{1, kPage, kPage, PROT_NONE});
  EXPECT_EQ(m.step(PinOp{1, 0, 2 * kPage, PinOp::Via::kProcMemWrite, 9}).out.n, 2 * kPage);
  EXPECT_EQ(m.step(PinOp{1, 0, 2 * kPage, PinOp::Via::kPvmWrite, 9}).out, Outcome::error(EFAULT));
  // hugetlb refuses FOLL_FORCE|FOLL_WRITE without VM_WRITE outright (check_vma_flags).
  {
    BackingTraits ht = memfd();
    ht.unit = 2 * kMiB;
    ht.unit_rule = BackingTraits::UnitRule::kHugetlb;
    ht.initial_size = 2 * kMiB;
    Model hm(ht);
    hm.step(MapOp{0, 2 * kMiB, 0, PROT_READ, MAP_PRIVATE, 0});
    EXPECT_EQ(hm.step(PinOp{0, 0, 64, PinOp::Via::kProcMem, 0}).out.n, 64u);  // reachable
    EXPECT_EQ(hm.step(PinOp{0, 0, 64, PinOp::Via::kProcMemWrite, 9}).out, Outcome::error(EIO));
  }
  // A shared writable mapping: process_vm_writev lands in the file, up to EOF.
  m.step(TruncateOp{2 * kPage + 8});
  EXPECT_EQ(m.step(PinOp{0, kPage, 4 * kPage, PinOp::Via::kPvmWrite, 3}).out.n, 2 * kPage);
  std::vector<uint8_t> w3(8);
  pattern_fill(3, kPage, w3);
  EXPECT_EQ(m.step(SysReadOp{2 * kPage, 8}).data, w3);
  // vmsplice takes the pages as process_vm_readv does: no FOLL_FORCE, stops at PROT_NONE.
  m.step(MprotectOp{0, kPage, kPage, PROT_NONE});
  PinOp vs{0, 0, 2 * kPage, PinOp::Via::kVmsplice, 0};
  e = m.step(vs);
  EXPECT_EQ(e.out.n, kPage);
  Observation past = ok_n(2 * kPage);
  past.data.resize(2 * kPage);
  EXPECT_TRUE(judge(vs, e, past));
}

// IORING_OP_WRITE_FIXED from a registered buffer: the same long-term pin, and the bytes it
// writes are the mapping's.
TEST(PinModel, IoUringFixedWriteReportsTheMappingsBytes) {
  Model m(memfd());
  m.step(map(0, 4 * kPage, kRW));
  m.step(WriteOp{0, 0, kPage, 2 * kPage, 8});
  PinOp w{0, kPage, 2 * kPage, PinOp::Via::kIoUringWrite, 0};
  Expect e = m.step(w);
  std::vector<uint8_t> want(2 * kPage);
  pattern_fill(8, 0, want);
  EXPECT_EQ(e.out.n, 2 * kPage);
  EXPECT_EQ(e.data, want);
  Observation got = ok_n(2 * kPage);
  got.data = want;
  EXPECT_FALSE(judge(w, e, got));
  got.data[5] ^= 0x40;
  EXPECT_TRUE(judge(w, e, got));  // a byte the fixed write took that is not the mapping's
  Model f(fsdax());
  f.step(map(0, 4 * kPage, kRW));
  f.step(WriteOp{0, 0, 0, kPage, 1});
  EXPECT_EQ(f.step(PinOp{0, 0, kPage, PinOp::Via::kIoUringWrite, 0}).out, Outcome::error(EOPNOTSUPP));
}

// io_uring's long-term pin over a private fs-dax mapping whose leading pages are COW copies
// (ordinary anonymous memory): GUP-fast pins the copies and stops at the first DAX page, then
// the slow path refuses the VMA. A short pin is -EFAULT; nothing taken, -EOPNOTSUPP; every
// page a copy, the pin may hold. Anything else is a FAIL.
TEST(PinModel, IoUringOverPrivateCopiesOnFsdax) {
  Model m(fsdax());
  m.step(map(0, 4 * kPage, kRW, MAP_PRIVATE));
  m.step(WriteOp{0, 0, 0, 2 * kPage, 4});  // pages 0 and 1: private copies
  const PinOp part{0, 0, 3 * kPage, PinOp::Via::kIoUring, 7};
  Expect e = m.step(part);
  EXPECT_EQ(e.out, Outcome::error(EFAULT));
  EXPECT_FALSE(judge(part, e, error(EFAULT)));
  EXPECT_FALSE(judge(part, e, error(EOPNOTSUPP)));  // GUP-fast took none
  EXPECT_TRUE(judge(part, e, ok_n(3 * kPage)));     // page 2 is fs-dax: never long-term pinned
  auto why = judge(part, e, error(EIO));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("or err EOPNOTSUPP"), std::string::npos) << *why;
  // The refusal stored nothing: the copies keep the bytes written.
  std::vector<uint8_t> want(2 * kPage);
  pattern_fill(4, 0, want);
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, 2 * kPage}).data, want);

  // Every page a copy: the pin may hold, or GUP-fast may stop short. The fixed read's bytes
  // then may or may not be there: not judged, the rest is.
  const PinOp all{0, 0, 2 * kPage, PinOp::Via::kIoUring, 7};
  e = m.step(all);
  EXPECT_EQ(e.out.n, 2 * kPage);
  EXPECT_FALSE(judge(all, e, ok_n(2 * kPage)));
  EXPECT_FALSE(judge(all, e, error(EFAULT)));
  EXPECT_FALSE(judge(all, e, error(EOPNOTSUPP)));
  EXPECT_TRUE(judge(all, e, error(EIO)));
  Expect r = m.step(ReadOp{0, 0, 0, 3 * kPage});
  ASSERT_EQ(r.known.size(), 3 * kPage);
  EXPECT_FALSE(r.known[0]);
  EXPECT_FALSE(r.known[2 * kPage - 1]);
  EXPECT_TRUE(r.known[2 * kPage]);
  // The fixed write stores nothing: its bytes stay known.
  const PinOp wr{0, 0, kPage, PinOp::Via::kIoUringWrite, 0};
  m.step(WriteOp{0, 0, 0, kPage, 9});
  e = m.step(wr);
  std::vector<uint8_t> nine(kPage);
  pattern_fill(9, 0, nine);
  EXPECT_EQ(e.data, nine);
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, kPage}).data, nine);

  // A copy without PROT_WRITE: GUP-fast stops at it, the slow path refuses: -EOPNOTSUPP only.
  m.step(MprotectOp{0, 0, kPage, PROT_READ});
  e = m.step(part);
  EXPECT_EQ(e.out, Outcome::error(EOPNOTSUPP));
  EXPECT_TRUE(judge(part, e, error(EFAULT)));
  // A DAX page first: -EOPNOTSUPP only.
  const PinOp dax{0, 2 * kPage, kPage, PinOp::Via::kIoUring, 7};
  e = m.step(dax);
  EXPECT_EQ(e.out, Outcome::error(EOPNOTSUPP));
  EXPECT_TRUE(judge(dax, e, error(EFAULT)));
}

TEST(PinModel, PfnmapIsNotReachableThroughGup) {
  Model m(pfnmap());
  m.step(map(0, 4 * kPage, kRW));
  EXPECT_EQ(m.step(PinOp{0, 0, 64, PinOp::Via::kPvmRead, 0}).out, Outcome::error(EFAULT));
  // vfio_pci_mmap_ops has no ->access for access_remote_vm to fall back to.
  EXPECT_EQ(m.step(PinOp{0, 0, 64, PinOp::Via::kProcMem, 0}).out, Outcome::error(EIO));
  EXPECT_EQ(m.step(PinOp{0, 0, 64, PinOp::Via::kProcMemWrite, 1}).out, Outcome::error(EIO));
  EXPECT_EQ(m.step(PinOp{0, 0, 64, PinOp::Via::kPvmWrite, 1}).out, Outcome::error(EFAULT));
  EXPECT_EQ(m.step(PinOp{0, 0, 64, PinOp::Via::kVmsplice, 0}).out, Outcome::error(EFAULT));
}

TEST(PinModel, ODirectPinsShortTermEvenOnFsdax) {
  PinOp rd{0, 0, 2 * kPage, PinOp::Via::kOdirectRead, 6};
  PinOp wr{0, 0, 2 * kPage, PinOp::Via::kOdirectWrite, 0};
  {
    Model m(fsdax());  // FOLL_PIN without FOLL_LONGTERM: fs-dax pages may be pinned
    m.step(map(0, 4 * kPage, kRW));
    Expect e = m.step(rd);
    EXPECT_EQ(e.out.n, 2 * kPage);
    EXPECT_TRUE(judge(rd, e, error(EOPNOTSUPP)));  // refused as if it were long-term
    EXPECT_EQ(m.step(SysReadOp{0, 2 * kPage}).data, std::vector<uint8_t>([] {
                std::vector<uint8_t> v(2 * kPage);
                pattern_fill(6, 0, v);
                return v;
              }()));
    Expect w = m.step(wr);  // the device gets the mapping's bytes
    EXPECT_EQ(w.out.n, 2 * kPage);
    Observation got;
    got.out = w.out;
    got.data = w.data;
    EXPECT_FALSE(judge(wr, w, got));
    got.data[7] ^= 1;
    EXPECT_TRUE(judge(wr, w, got));
  }
  {
    Model m(pfnmap());
    m.step(map(0, 4 * kPage, kRW));
    EXPECT_EQ(m.step(rd).out, Outcome::error(EFAULT));
  }
  {
    Model m(memfd());
    m.step(map(0, 4 * kPage, PROT_READ));
    EXPECT_EQ(m.step(rd).out, Outcome::error(EFAULT));  // the device cannot store into it
    EXPECT_EQ(m.step(wr).out.n, 2 * kPage);               // but can take from it
    EXPECT_EQ(m.step(PinOp{0, 100, 512, PinOp::Via::kOdirectWrite, 0}).out, Outcome::error(EINVAL));
    m.step(UnmapOp{0, kPage, kPage});  // a short transfer: the bio ends at the hole
    EXPECT_EQ(m.step(wr).out.n, kPage);
  }
  {
    // Past 256 pages the I/O is several bios, and one that gets no page fails it all.
    BackingTraits big = memfd();
    big.initial_size = 2 * kMiB;
    Model m(big);
    m.step(map(0, kMiB, kRW));
    EXPECT_EQ(m.step(PinOp{0, 0, kMiB + kPage, PinOp::Via::kOdirectWrite, 0}).out,
              Outcome::error(EFAULT));
    EXPECT_EQ(m.step(PinOp{0, kPage, kMiB, PinOp::Via::kOdirectWrite, 0}).out.n, kMiB - kPage);
  }
}

// Found in the VM (device-dax): /proc/self/mem reads a PROT_NONE device-dax mapping; the
// model's FOLL_FORCE read must not look like a VMA split (device-dax faults on a split VMA are
// SIGBUS).
TEST(PinModel, ProcMemReadsAProtNoneDeviceDaxMapping) {
  BackingTraits t = memfd();
  t.id = "devdax_2m";
  t.unit = 2 * kMiB;
  t.unit_rule = BackingTraits::UnitRule::kDeviceDax;
  t.split_unit_only = true;
  t.private_ok = false;
  t.fixed_size = true;
  t.truncate_ok = t.punch_ok = false;
  t.initial_size = 16 * kMiB;
  Model m(t);
  m.step(MapOp{0, 2 * kMiB, 0, PROT_NONE, MAP_SHARED | MAP_POPULATE, 0});
  Expect e = m.step(PinOp{0, 0x1001, 0x1fefff, PinOp::Via::kProcMem, 0});
  EXPECT_EQ(e.out.n, 0x1fefffu);
  EXPECT_EQ(m.step(PinOp{0, 0, 64, PinOp::Via::kPvmRead, 0}).out, Outcome::error(EFAULT));
}

TEST(PinTrace, PinLinesRoundTrip) {
  for (std::string line : {"pin m1+0x10 len=0x2000 via=io_uring pat=0x7",
                           "pin m0+0x200 len=0x400 via=odirect_read pat=0x9",
                           "pin m0+0x200 len=0x400 via=odirect_write",
                           "pin m0+0x0 len=0x10 via=pvm_read", "pin m0+0x0 len=0x10 via=proc_mem",
                           "pin m0+0x0 len=0x10 via=pvm_write pat=0x3",
                           "pin m0+0x0 len=0x10 via=proc_mem_write pat=0x4",
                           "pin m0+0x0 len=0x10 via=vmsplice",
                           "pin m0+0x0 len=0x1000 via=io_uring_write"}) {
    auto op = parse_op(line);
    ASSERT_TRUE(std::holds_alternative<Op>(op)) << line;
    EXPECT_EQ(format_op(std::get<Op>(op)), line);
  }
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("pin m0+0 len=1 via=splice")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("pin m0+0 len=1 via=io_uring")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_op("pin m0+0 len=1 via=pvm_write")));
}

// The reproducer runs the same pins: it passes on this kernel, and an expectation that a
// long-term pin is refused (as on fs-dax) makes it print REPRO.
TEST(PinRepro, TheCReproducerRunsPinsAndFailsOnAWrongContract) {
  BackingTraits t = make_memfd(kernel_version_code(kernel_release()))->traits();
  Trace tr;
  tr.header.backing = "memfd";
  tr.header.property = "pin.contract";
  std::vector<Op> ops{map(0, 8 * kPage, kRW), PinOp{0, kPage, 2 * kPage, PinOp::Via::kIoUring, 5},
                      PinOp{0, 100, 3 * kPage, PinOp::Via::kPvmRead, 0},
                      MprotectOp{0, 0, kPage, PROT_NONE},
                      PinOp{0, 0, 2 * kPage, PinOp::Via::kProcMem, 0},
                      PinOp{0, 0, 2 * kPage, PinOp::Via::kPvmRead, 0},
                      map(1, 4 * kPage, PROT_READ, MAP_PRIVATE),
                      PinOp{1, 10, 2 * kPage, PinOp::Via::kProcMemWrite, 4},
                      PinOp{1, 10, 2 * kPage, PinOp::Via::kPvmWrite, 4},
                      PinOp{0, kPage, 3 * kPage, PinOp::Via::kPvmWrite, 6},
                      PinOp{0, kPage + 100, 3 * kPage, PinOp::Via::kVmsplice, 0},
                      ReadOp{0, 1, 0, 4 * kPage},
                      PinOp{0, 0, 2 * kPage, PinOp::Via::kVmsplice, 0},
                      PinOp{0, kPage, 2 * kPage, PinOp::Via::kIoUringWrite, 0}};
  for (auto& op : ops) tr.lines.push_back(TraceLine{op, std::nullopt});
  const CSetup setup = memfd_c_setup(0x10000);
  auto run = [&](const std::vector<Expect>& exp) {
    return build_and_run_c(emit_c(tr, t, setup, exp), "-luring");
  };
  od_dev dev;
  const bool odirect = od_open(&dev) == 0;
  od_close(&dev);
  if (odirect) {
    // O_DIRECT through a loop device: the device's bytes into the mapping and back out.
    ops.push_back(PinOp{0, 4 * kPage, 2 * kPage, PinOp::Via::kOdirectRead, 8});
    ops.push_back(PinOp{0, 3 * kPage, 3 * kPage, PinOp::Via::kOdirectWrite, 0});
    tr.lines.push_back(TraceLine{ops[ops.size() - 2], std::nullopt});
    tr.lines.push_back(TraceLine{ops.back(), std::nullopt});
  }
  auto exp = expectations(t, ops);
  ASSERT_EQ(exp[5].out, Outcome::error(EFAULT));
  ASSERT_EQ(exp[7].out.n, 2 * kPage);
  ASSERT_EQ(exp[8].out, Outcome::error(EFAULT));
  ASSERT_EQ(exp[12].out, Outcome::error(EFAULT));
  Cmd ok = run(exp);
  EXPECT_EQ(ok.status, 0) << ok.out;
  auto wrong = [&](size_t k, Outcome o) {
    auto bad_exp = exp;
    bad_exp[k].out = o;
    Cmd bad = run(bad_exp);
    EXPECT_EQ(bad.status, 1) << bad.out;
    EXPECT_NE(bad.out.find("REPRO: op " + std::to_string(k + 1)), std::string::npos) << bad.out;
  };
  wrong(1, Outcome::error(EOPNOTSUPP));
  wrong(7, Outcome::error(EIO));  // a forced COW write that the kernel did
  // The private copy the forced write made, read back: a lost byte is a REPRO too.
  ASSERT_EQ(exp[13].out.n, 2 * kPage);
  auto other = exp;
  other[13].data[7] ^= 1;  // the fixed write's bytes, off by one bit
  Cmd wr = run(other);
  EXPECT_EQ(wr.status, 1) << wr.out;
  EXPECT_NE(wr.out.find("REPRO: op 14"), std::string::npos) << wr.out;
  auto lost = exp;
  lost[11].data[12] ^= 1;
  Cmd bad = run(lost);
  EXPECT_EQ(bad.status, 1) << bad.out;
  EXPECT_NE(bad.out.find("REPRO: op 12"), std::string::npos) << bad.out;
  // Another errno allowed in its place (as for io_uring over private COW copies on fs-dax):
  // op 6 fails EFAULT here; expected EOPNOTSUPP alone it is a REPRO, with EFAULT allowed too
  // it is not.
  auto alt = exp;
  alt[5].out = Outcome::error(EOPNOTSUPP);
  Cmd one = run(alt);
  EXPECT_EQ(one.status, 1) << one.out;
  EXPECT_NE(one.out.find("REPRO: op 6"), std::string::npos) << one.out;
  alt[5].alt_errs = {EIO, EFAULT};
  Cmd either = run(alt);
  EXPECT_EQ(either.status, 0) << either.out;
  alt[5].alt_errs = {EIO, 0};
  Cmd other_errno = run(alt);
  EXPECT_EQ(other_errno.status, 1) << other_errno.out;
  EXPECT_NE(other_errno.out.find("or errno 5"), std::string::npos) << other_errno.out;
}

}  // namespace
}  // namespace daxprop
