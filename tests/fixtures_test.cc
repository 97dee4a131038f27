// Native-mode rules of the DAX and pfnmap fixtures, on a fake sysfs//dev tree: only what the
// command line names is used, nothing destructive happens without --allow-destroy, and an
// unusable named resource is refused with one clear line. (Provisioning itself needs pmem and
// runs in the VM.)
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generators/ops_gen.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "fixtures/backing.h"
#include "fixtures/ndctl.h"
#include "fixtures/sysfs.h"
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

namespace daxprop {
namespace {

namespace fs = std::filesystem;

// A fake machine: region0 with an fsdax namespace0.0 (pmem0), a 2 MiB devdax namespace0.1
// (dax0.1), a raw namespace0.2 (pmem0.2), a 4 KiB device-dax dax0.7, no PCI devices.
class FakeTree : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/daxprop-fixtures-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    const std::string nd = "sys/bus/nd/devices/";
    attr(nd + "region0/devtype", "nd_pmem");
    ns(nd + "namespace0.0", "memory", "pfn0.0");
    attr(nd + "pfn0.0/align", "2097152");
    dir(nd + "pfn0.0/block/pmem0");
    ns(nd + "namespace0.1", "dax", "dax0.0");
    attr(nd + "dax0.0/align", "2097152");
    dir(nd + "dax0.0/dax0.1");
    dir(nd + "dax0.0/dax_region");
    attr("sys/bus/dax/devices/dax0.1/align", "2097152");
    attr("sys/bus/dax/devices/dax0.1/size", std::to_string(64 * kMiB));
    ns(nd + "namespace0.2", "raw", "");
    dir(nd + "namespace0.2/block/pmem0.2");
    attr("sys/bus/dax/devices/dax0.7/align", "4096");
    attr("sys/bus/dax/devices/dax0.7/size", std::to_string(64 * kMiB));
    dir("sys/bus/pci/devices");
    for (const char* d : {"pmem0", "pmem0.2", "dax0.1", "dax0.7"}) attr(std::string("dev/") + d, "");
    before_ = snapshot();
  }
  void TearDown() override { fs::remove_all(root_); }

  void dir(const std::string& rel) { fs::create_directories(root_ + "/" + rel); }
  void attr(const std::string& rel, const std::string& value) {
    fs::create_directories(fs::path(root_ + "/" + rel).parent_path());
    std::ofstream(root_ + "/" + rel) << value << "\n";
  }
  void ns(const std::string& rel, const std::string& mode, const std::string& holder) {
    attr(rel + "/devtype", "nd_namespace_pmem");
    attr(rel + "/mode", mode);
    attr(rel + "/size", std::to_string(kGiB));
    attr(rel + "/holder", holder);
  }
  // Every path and its contents: a refused or skipped setup must leave this unchanged.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> m;
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      std::string c;
      if (e.is_regular_file()) {
        std::ifstream in(e.path());
        c.assign(std::istreambuf_iterator<char>(in), {});
      }
      m[e.path().string()] = c;
    }
    return m;
  }

  FixtureConfig cfg() const {
    FixtureConfig c;
    c.sysfs_root = root_ + "/sys";
    c.dev_root = root_ + "/dev";
    return c;
  }
  // setup() of one backing, the others untouched.
  std::optional<std::string> setup(const FixtureConfig& c, const std::string& id,
                                   std::map<std::string, std::string>* facts = nullptr) {
    for (auto& b : make_backings(c)) {
      if (b->id() != id) continue;
      auto why = b->setup();
      if (facts) *facts = b->facts();
      return why;
    }
    ADD_FAILURE() << "no backing " << id;
    return std::nullopt;
  }

  std::string root_;
  std::map<std::string, std::string> before_;
};

bool refused(const std::optional<std::string>& why) {
  return why && starts_with(*why, "refused: ");
}

TEST_F(FakeTree, SysfsViewsReadTheTree) {
  SysRoots r{root_ + "/sys", root_ + "/dev"};
  auto f = read_namespace(r, "namespace0.0");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->mode_name(), "fsdax");
  EXPECT_EQ(f->blockdev, "pmem0");
  EXPECT_EQ(f->align, 2 * kMiB);
  auto d = read_namespace(r, "namespace0.1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->mode_name(), "devdax");
  EXPECT_EQ(d->chardev, "dax0.1");
  EXPECT_EQ(read_namespace(r, "namespace0.2")->blockdev, "pmem0.2");
  EXPECT_FALSE(read_namespace(r, "pfn0.0"));  // not a namespace
  EXPECT_EQ(read_dax_device(r, "dax0.7")->align, 4 * kKiB);
  EXPECT_EQ(first_pmem_region(r), "region0");
}

TEST_F(FakeTree, NothingNamedMeansSkipsThatSayWhichOptionWouldEnableThem) {
  auto c = cfg();
  auto ext4 = setup(c, "fsdax_ext4");
  ASSERT_TRUE(ext4);
  EXPECT_FALSE(refused(ext4)) << *ext4;
  EXPECT_NE(ext4->find("--mount"), std::string::npos) << *ext4;
  auto dd = setup(c, "devdax_2m");
  ASSERT_TRUE(dd);
  EXPECT_FALSE(refused(dd)) << *dd;
  EXPECT_NE(dd->find("--dax-device"), std::string::npos) << *dd;
  auto v = setup(c, "pfnmap_vfio");
  ASSERT_TRUE(v);
  EXPECT_NE(v->find("--vfio-device"), std::string::npos) << *v;
  // The devdax namespace0.1 exists, but nobody named it: it is not used.
  EXPECT_EQ(snapshot(), before_);
}

TEST_F(FakeTree, ANamedFsdaxNamespaceIsNotFormattedWithoutAllowDestroy) {
  auto c = cfg();
  c.namespaces = {"namespace0.0"};
  auto why = setup(c, "fsdax_ext4");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("namespace0.0"), std::string::npos) << *why;
  EXPECT_NE(why->find("--allow-destroy"), std::string::npos) << *why;
  EXPECT_EQ(why->find('\n'), std::string::npos) << "one line: " << *why;
  EXPECT_EQ(snapshot(), before_);
  // The fsdax namespace is left to the fsdax backings: devdax_2m does not take it.
  auto dd = setup(c, "devdax_2m");
  ASSERT_TRUE(dd);
  EXPECT_FALSE(refused(dd)) << *dd;
  EXPECT_EQ(snapshot(), before_);
}

TEST_F(FakeTree, ANamedRawNamespaceIsNotReconfiguredWithoutAllowDestroy) {
  auto c = cfg();
  c.namespaces = {"namespace0.2"};
  auto why = setup(c, "devdax_2m");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("namespace0.2 (raw)"), std::string::npos) << *why;
  EXPECT_NE(why->find("--allow-destroy"), std::string::npos) << *why;
  EXPECT_EQ(snapshot(), before_);
}

TEST_F(FakeTree, ANamedDevdaxNamespaceIsUsedAsItIs) {
  auto c = cfg();
  c.namespaces = {"namespace0.1"};
  // The fake device node has to map like the real one does.
  ASSERT_EQ(truncate((root_ + "/dev/dax0.1").c_str(), 64 * kMiB), 0);
  before_ = snapshot();
  std::map<std::string, std::string> facts;
  auto why = setup(c, "devdax_2m", &facts);
  EXPECT_FALSE(why) << *why;
  EXPECT_EQ(facts["device"], "dax0.1");
  EXPECT_EQ(facts["namespace"], "namespace0.1");
  EXPECT_EQ(facts["align"], "2M");
  EXPECT_EQ(snapshot(), before_);
  // Not 1 GiB aligned: devdax_1g has nothing, and says so without refusing.
  auto g = setup(c, "devdax_1g");
  ASSERT_TRUE(g);
  EXPECT_FALSE(refused(g)) << *g;
}

TEST_F(FakeTree, UnknownOrUnusableNamedResourcesAreRefused) {
  auto c = cfg();
  c.dax_devices = {"dax9.9"};
  auto why = setup(c, "devdax_2m");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("--dax-device dax9.9"), std::string::npos) << *why;

  c = cfg();
  c.dax_devices = {"dax0.7"};  // 4 KiB: no backing can use it
  why = setup(c, "devdax_2m");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("4K"), std::string::npos) << *why;

  c = cfg();
  c.namespaces = {"namespace9.0"};
  why = setup(c, "fsdax_xfs");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("--namespace namespace9.0"), std::string::npos) << *why;

  c = cfg();
  c.mounts = {root_ + "/sys"};  // a directory, but no DAX filesystem
  auto type = fs_type(root_);
  why = setup(c, type == "xfs" ? "fsdax_xfs" : "fsdax_ext4");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("--mount"), std::string::npos) << *why;

  c = cfg();
  c.vfio_devices = {"0000:00:09.0"};
  why = setup(c, "pfnmap_vfio");
  ASSERT_TRUE(refused(why)) << why.value_or("(ready)");
  EXPECT_NE(why->find("--vfio-device 0000:00:09.0"), std::string::npos) << *why;
  EXPECT_EQ(snapshot(), before_);
}

TEST_F(FakeTree, ProvisionWithoutTheVmDevicesSkips) {
  auto c = cfg();
  c.provision = true;
  auto v = setup(c, "pfnmap_vfio");
  ASSERT_TRUE(v);
  EXPECT_FALSE(refused(v)) << *v;
  EXPECT_NE(v->find("ivshmem"), std::string::npos) << *v;
  EXPECT_EQ(snapshot(), before_);
}

TEST(FixtureTraits, DeviceBackingsDeclareWhatTheKernelEnforces) {
  std::map<std::string, BackingTraits> t;
  for (const auto& b : make_backings()) t[b->id()] = b->traits();
  ASSERT_TRUE(t.count("devdax_2m") && t.count("devdax_1g") && t.count("pfnmap_vfio"));
  ASSERT_TRUE(t.count("fsdax_ext4") && t.count("fsdax_xfs"));
  EXPECT_EQ(t["devdax_2m"].unit, 2 * kMiB);
  EXPECT_EQ(t["devdax_1g"].unit, kGiB);
  EXPECT_EQ(t["devdax_2m"].unit_rule, BackingTraits::UnitRule::kDeviceDax);
  EXPECT_FALSE(t["devdax_2m"].private_ok);
  EXPECT_FALSE(t["devdax_2m"].truncate_ok);
  EXPECT_EQ(t["devdax_2m"].sys_write_errno, EINVAL);
  EXPECT_TRUE(t["devdax_2m"].map_sync_ok);
  EXPECT_FALSE(t["devdax_2m"].fsync_ok);
  EXPECT_FALSE(t["pfnmap_vfio"].private_ok);
  EXPECT_TRUE(t["pfnmap_vfio"].pfnmap);
  EXPECT_FALSE(t["pfnmap_vfio"].map_sync_ok);
  EXPECT_TRUE(t["fsdax_xfs"].map_sync_ok);
  EXPECT_TRUE(t["fsdax_ext4"].private_ok);
}

}  // namespace
}  // namespace daxprop

// The model rules these backings' traits switch on, each against the kernel source it cites.
namespace daxprop {
namespace {

BackingTraits devdax_traits() {
  for (const auto& b : make_backings()) {
    if (b->id() == "devdax_2m") {
      BackingTraits t = b->traits();
      t.initial_size = 64 * kMiB;  // as if setup() had read the device size
      return t;
    }
  }
  return {};
}

BackingTraits vfio_traits() {
  for (const auto& b : make_backings()) {
    if (b->id() == "pfnmap_vfio") {
      BackingTraits t = b->traits();
      t.initial_size = 32 * kMiB;
      return t;
    }
  }
  return {};
}

MapOp shared(int h, uint64_t len, uint64_t off = 0, uint32_t flags = MAP_SHARED) {
  return MapOp{h, len, off, PROT_READ | PROT_WRITE, flags, 0};
}

TEST(DevdaxModel, CheckVmaRefusesPrivateAndUnalignedVmas) {
  Model m(devdax_traits());
  EXPECT_EQ(m.step(shared(0, 2 * kMiB, 0, MAP_PRIVATE)).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(shared(1, 2 * kMiB - kPage)).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(shared(2, 2 * kMiB - 1)).out, Outcome::ok());  // vm_end is page-rounded
  // The file offset is not checked by check_vma.
  EXPECT_EQ(m.step(shared(3, 2 * kMiB, kPage)).out, Outcome::ok());
  EXPECT_EQ(m.step(shared(4, 2 * kMiB, 0, MAP_SHARED_VALIDATE | MAP_SYNC)).out, Outcome::ok());
}

// A device is not a regular file: ftruncate, hole punching and read(2) are refused, and the
// generator draws them (now and then) so that a kernel that starts taking them fails.
TEST(DevdaxModel, FileCallsOnTheDeviceAreRefusedAndDrawn) {
  for (const BackingTraits& t : {devdax_traits(), vfio_traits()}) {
    Model m(t);
    ASSERT_TRUE(m.valid(TruncateOp{0}));
    EXPECT_EQ(m.step(TruncateOp{0}).out, Outcome::error(EINVAL)) << t.id;
    EXPECT_EQ(m.step(PunchHoleOp{0, kPage}).out, Outcome::error(ENODEV)) << t.id;
    EXPECT_EQ(m.step(PunchHoleOp{0, 0}).out, Outcome::error(EINVAL)) << t.id;  // len checked first
    EXPECT_EQ(m.file().size, t.initial_size) << t.id;  // nothing changed
    std::map<std::string, int> drawn;
    OpMix mix;
    mix.map = 1, mix.truncate = 4, mix.punch = 4, mix.sysread = 4;
    for (uint64_t seed = 0; seed < 300; seed++) {
      drawn[op_kind(gen_op(m, mix)(rc::Random(seed), 10).value())]++;
    }
    EXPECT_GT(drawn["truncate"], 0) << t.id;
    EXPECT_GT(drawn["punch"], 0) << t.id;
    EXPECT_GT(drawn["sysread"], 0) << t.id;
  }
  EXPECT_EQ(Model(devdax_traits()).step(SysReadOp{0, 8}).out, Outcome::error(EINVAL));
}

TEST(DevdaxModel, SplitsOffTheAlignmentAreRefused) {
  Model m(devdax_traits());
  ASSERT_EQ(m.step(shared(0, 4 * kMiB)).out, Outcome::ok());
  EXPECT_EQ(m.step(UnmapOp{0, kPage, kPage}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MprotectOp{0, 0, kPage, PROT_READ}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MprotectOp{0, 0, 2 * kMiB, PROT_READ}).out, Outcome::ok());
  // Shrinking by mremap splits too (mremap_to / do_vmi_munmap -> dev_dax_may_split).
  EXPECT_EQ(m.step(MremapOp{0, 3 * kMiB, false}).out, Outcome::error(EINVAL));
  // MADV_DONTNEED has no hugetlb alignment rule here: it just zaps.
  EXPECT_EQ(m.step(MadviseOp{0, kPage, kPage, MADV_DONTNEED}).out, Outcome::ok());
}

TEST(DevdaxModel, AGrownVmaOffTheAlignmentFaultsSigbusWhereNothingIsMapped) {
  Model m(devdax_traits());
  ASSERT_EQ(m.step(shared(0, 2 * kMiB)).out, Outcome::ok());
  // vma_merge_extend never asks check_vma; the next fault does.
  ASSERT_EQ(m.step(MremapOp{0, 2 * kMiB + kPage, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, 8}).out, Outcome::signal(SIGBUS, BUS_ADRERR, 0));
  ASSERT_EQ(m.step(MremapOp{0, 4 * kMiB, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 0, 0, 8}).out.kind, Outcome::Kind::kOk);

  // A unit that was already mapped needs no fault and keeps working, until it is zapped.
  ASSERT_EQ(m.step(shared(1, 2 * kMiB)).out, Outcome::ok());
  m.step(WriteOp{0, 1, 0, 8, 3});
  ASSERT_EQ(m.step(MremapOp{1, 2 * kMiB + kPage, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(WriteOp{0, 1, 0x1ff000, 8, 4}).out.kind, Outcome::Kind::kOk);
  EXPECT_EQ(m.step(ReadOp{0, 1, 2 * kMiB, 8}).out,
            Outcome::signal(SIGBUS, BUS_ADRERR, 2 * kMiB));
  ASSERT_EQ(m.step(MadviseOp{1, kPage, kPage, MADV_DONTNEED}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 1, 0, 8}).out, Outcome::signal(SIGBUS, BUS_ADRERR, 0));
  // MAP_POPULATE maps every unit at mmap time; a forked child has no entries at all.
  ASSERT_EQ(m.step(shared(2, 2 * kMiB, 0, MAP_SHARED | MAP_POPULATE)).out, Outcome::ok());
  ASSERT_EQ(m.step(MremapOp{2, 2 * kMiB + kPage, false}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 2, 0, 8}).out.kind, Outcome::Kind::kOk);
  ASSERT_EQ(m.step(ForkOp{1}).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{1, 2, 0, 8}).out, Outcome::signal(SIGBUS, BUS_ADRERR, 0));
}

TEST(DevdaxModel, AUnitPastTheDeviceEndIsSigbusAndMsyncSyncHasNoFsync) {
  Model m(devdax_traits());  // 64 MiB device
  ASSERT_EQ(m.step(shared(0, 4 * kMiB, 62 * kMiB)).out, Outcome::ok());
  EXPECT_EQ(m.step(ReadOp{0, 0, 2 * kMiB, 1}).out, Outcome::signal(SIGBUS, BUS_ADRERR, 2 * kMiB));
  EXPECT_EQ(m.step(MsyncOp{0, 0, kPage, MS_SYNC}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MsyncOp{0, 0, kPage, MS_ASYNC}).out, Outcome::ok());
  EXPECT_EQ(m.step(SysWriteOp{0, 8, 1}).out, Outcome::error(EINVAL));
  // The device is no regular file: read(2), ftruncate and hole punching are refusals to check.
  EXPECT_EQ(m.step(SysReadOp{0, 8}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(TruncateOp{0}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(PunchHoleOp{0, kPage}).out, Outcome::error(ENODEV));
}

TEST(PfnmapModel, VfioMappingContract) {
  Model m(vfio_traits());  // a 32 MiB BAR
  EXPECT_EQ(m.step(shared(0, 2 * kPage, 0, MAP_PRIVATE)).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(shared(1, 2 * kPage, 32 * kMiB - kPage)).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(shared(2, kPage, 0, MAP_SHARED_VALIDATE | MAP_SYNC)).out,
            Outcome::error(EOPNOTSUPP));
  ASSERT_EQ(m.step(shared(3, 4 * kPage)).out, Outcome::ok());
  EXPECT_EQ(m.step(MadviseOp{3, 0, kPage, MADV_DONTNEED}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MadviseOp{3, 0, kPage, MADV_DOFORK}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MadviseOp{3, 0, kPage, MADV_DONTFORK}).out, Outcome::ok());
  EXPECT_EQ(m.step(MsyncOp{3, 0, kPage, MS_SYNC}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(MremapOp{3, 8 * kPage, false}).out, Outcome::error(EFAULT));
  EXPECT_EQ(m.step(MremapOp{3, 2 * kPage, false}).out, Outcome::ok());
}

TEST(PfnmapModel, ReadWriteOfAFixedSizeRegion) {
  Model m(vfio_traits());
  EXPECT_EQ(m.step(SysWriteOp{32 * kMiB - 4, 8, 1}).out.n, 4u);  // cut at the BAR end
  EXPECT_EQ(m.step(SysWriteOp{32 * kMiB, 8, 1}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.step(SysReadOp{32 * kMiB, 8}).out, Outcome::error(EINVAL));
  EXPECT_EQ(m.file().size, 32 * kMiB);
}

TEST(MremapModel, AFixedShrinkKeepsItsTrimWhenTheMoveFails) {
  BackingTraits t;
  t.id = "memfd";
  Model m(t);
  ASSERT_EQ(m.step(shared(0, 8 * kPage)).out, Outcome::ok());
  ASSERT_EQ(m.step(MprotectOp{0, 2 * kPage, kPage, PROT_READ}).out, Outcome::ok());
  // mm/mremap.c mremap_to: the tail is unmapped first, then vma_to_resize finds the VMA at
  // the address shorter than the new length: -EFAULT, with pages 4..7 gone.
  EXPECT_EQ(m.step(MremapOp{0, 4 * kPage, true}).out, Outcome::error(EFAULT));
  EXPECT_EQ(m.step(ReadOp{0, 0, 5 * kPage, 1}).out,
            Outcome::signal(SIGSEGV, SEGV_MAPERR, 5 * kPage));
}

// A filesystem that stays busy after the last case: the teardown says who holds it.
TEST(MountTeardown, ABusyUnmountNamesWhatHoldsIt) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting needs root";
  char tmpl[] = "/var/tmp/daxprop-busy-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  ASSERT_EQ(mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m"), 0) << strerror(errno);
  const int fd = open((dir + "/held").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  Mount m(dir, true);
  const auto why = m.unmount();  // busy: detached, and said why
  close(fd);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("EBUSY"), std::string::npos) << *why;
  EXPECT_NE(why->find("held by pid " + std::to_string(getpid()) + " ("), std::string::npos) << *why;
  EXPECT_NE(why->find(dir + "/held"), std::string::npos) << *why;
  EXPECT_FALSE(fs::exists(dir));  // detached and its mount point removed
}

}  // namespace
}  // namespace daxprop

namespace daxprop {
namespace {

// A device or a BAR ends far past the part a case starts as zeros (capacity + max_map). Odd
// arguments reach its end, where only a refusal can come back (a BAR's mapping or read(2) past
// its end: EINVAL; a fault past the device: SIGBUS), and no op that goes through ever shows a
// byte from the part a case does not zero.
TEST(DevdaxModel, TheObjectsEndIsReachedOnlyWhereARefusalComesBack) {
  for (BackingTraits t : {devdax_traits(), vfio_traits()}) {
    t.initial_size = kGiB;
    const uint64_t zeroed = t.capacity + t.max_map;
    OpMix mix;
    mix.map = 4, mix.read = 4, mix.write = 2, mix.sysread = 2, mix.syswrite = 2, mix.unmap = 1;
    mix.odd_args = 60;
    int at_end = 0, refused = 0;
    for (uint64_t seed = 0; seed < 300; seed++) {
      Model m(t);
      for (int i = 0; i < 12; i++) {
        const Op op = gen_op(m, mix)(rc::Random(seed * 100 + i), 20).value();
        if (!m.valid(op)) continue;
        const MapOp* map = std::get_if<MapOp>(&op);
        const auto* sr = std::get_if<SysReadOp>(&op);
        const auto* sw = std::get_if<SysWriteOp>(&op);
        const auto* rd = std::get_if<ReadOp>(&op);
        const MappingModel* mm = rd ? m.mapping(rd->proc, rd->h) : nullptr;
        const uint64_t from = map ? map->off : sr ? sr->off : sw ? sw->off : mm ? mm->off + rd->off : 0;
        const Expect e = m.step(op);
        const bool far = from >= zeroed;
        at_end += far && (map || sr || sw);
        if (far && e.out.kind != Outcome::Kind::kOk) refused++;
        if (e.out.kind != Outcome::Kind::kOk) continue;
        if (sr) {
          EXPECT_LE(sr->off + e.out.n.value_or(0), zeroed) << t.id << " " << format_op(op);
        }
        if (rd) {
          EXPECT_LE(from + rd->len, zeroed) << t.id << " " << format_op(op);
        }
      }
    }
    EXPECT_GT(at_end, 20) << t.id;
    EXPECT_GT(refused, 20) << t.id;
  }
}

}  // namespace
}  // namespace daxprop
