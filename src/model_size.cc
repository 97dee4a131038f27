// The model, SIZE: the entry level a fault is due (PTE, PMD, PUD) and what a probe observes
// (mm/huge_memory.c, fs/dax.c, drivers/dax/device.c, mm/memory.c).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

namespace {
// The kernel now and then counts a fault of its own around a first touch (seen on 6.18: two
// faults for one access to a fresh hugetlb page right after fork, 1-2% of the time in a plain C
// loop), so a due huge entry may show up to 1 + kFaultSlack faults. Only bounds that tell the
// levels apart in spite of that slack are kept: a 2 MiB unit with at least kMinPages pages
// touched (a 4 KiB fallback costs that many faults), a 1 GiB group of at least kMinPages units
// (a PMD fallback costs one per unit).
constexpr uint32_t kFaultSlack = 2;
constexpr uint64_t kMinPages = 16;
}  // namespace

Expect Model::probe(const ProbeOp& o) {
  Expect e = access(o.proc, o.h, o.off, o.len, o.store ? Access::kProbeStore : Access::kProbeLoad);
  std::vector<FaultBound> kept;
  for (auto& b : e.faults) {
    if (b.max == UINT32_MAX) {
      kept.push_back(std::move(b));  // a lower bound (a store must fault): noise cannot hide it
    } else if (b.n > 1 ? b.n >= kMinPages : b.len >= kMinPages * kPage) {
      b.max += kFaultSlack;
      kept.push_back(std::move(b));
    }
  }
  e.faults = std::move(kept);
  return e;
}

uint64_t Model::due_level(const MappingModel& m, uint64_t p, bool write, std::string* why) const {
  using R = BackingTraits::HugeRule;
  const auto& t = *traits_;
  if (t.huge_rule == R::kNone || m.obj < 0) return 0;
  if (t.huge_rule == R::kHugetlb) {
    if (why) *why = "hugetlbfs maps whole huge pages";
    return t.unit;
  }
  for (uint64_t size : {kGiB, 2 * kMiB}) {
    if (size == kGiB ? !t.huge_pud : !t.huge_pmd) continue;
    if (t.huge_rule == R::kDeviceDax && size != t.unit) continue;
    if (t.huge_rule == R::kFsDax && size != 2 * kMiB) continue;
    const UnitSpan u = unit_span(m, p, size);
    if (u.back > p || u.end - u.first < size / kPage) continue;  // the unit is not all here
    const uint64_t u0 = u.first, u1 = u.end;
    bool fits = true;
    for (uint64_t q = u0; q < u1 && fits; q++) {
      const PageState& ps = m.pages[q];
      fits = ps.mapped && (q == u0 || same_vma(m, q)) && !ps.pte_table &&
             (size != kGiB || !ps.pmd_table) && !ps.priv;
    }
    if (!fits) continue;
    const uint64_t obj_off = m.off + u0 * kPage;
    const ObjectModel& obj = objects_[m.obj];
    if (t.huge_rule == R::kPfnmap) {
      // vfio_pci_mmap_huge_fault: the pfn must be aligned to the entry size.
      if ((t.phys_base + obj_off) % size) continue;
    } else if (obj_off % size) {
      continue;  // dax_fault_check_fallback's colour test; device offsets alike
    }
    if (t.huge_rule == R::kFsDax) {
      if (write && !m.shared) continue;  // a private write copies 4 KiB (fall back to PTEs)
      if (obj_off + size > round_up(obj.size, kPage)) continue;  // the PMD must fit in i_size
      if (obj.small_units.count(obj_off / size)) continue;
    }
    if (why) {
      *why = "a " + size_name(size) + " entry was due: the " + size_name(size) + " at +" +
             hex(u0 * kPage) + " is aligned in address and offset, lies in one VMA" +
             (t.huge_rule == R::kFsDax ? " and inside EOF," : ",") +
             " and no smaller entry was made there";
    }
    return size;
  }
  return 0;
}

}  // namespace daxprop
