// The model, faults and copy-on-write: what an access through a mapping does, page by page
// (mm/memory.c handle_mm_fault and its DAX, hugetlb and pfnmap paths).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

bool Model::beyond_eof(const MappingModel& m, uint64_t p) const {
  if (m.obj < 0) return false;
  return m.off + p * kPage >= round_up(objects_[m.obj].size, kPage);
}

bool Model::unit_fault_fails(const MappingModel& m, uint64_t p) const {
  const auto& t = *traits_;
  if (m.obj < 0 || t.unit <= kPage || t.unit_rule != BackingTraits::UnitRule::kDeviceDax) {
    return false;
  }
  // drivers/dax/device.c: every fault re-runs check_vma, so a VMA whose start or end is not
  // unit aligned (mremap grew or moved it to such a length) faults SIGBUS everywhere.
  uint64_t first = p, end = p + 1;
  while (same_vma(m, first)) first--;
  while (same_vma(m, end)) end++;
  if ((first * kPage) % t.unit || (end * kPage) % t.unit) return true;
  // __dev_dax_pmd_fault/__dev_dax_pud_fault map the whole unit around the address; the unit's
  // file range must lie inside the device (dax_pgoff_to_phys returns -1 otherwise).
  uint64_t unit_off = m.off + round_down(p * kPage, t.unit);
  return unit_off + t.unit > objects_[m.obj].size;
}

void Model::set_populated(MappingModel& m, uint64_t p, bool on) const {
  const auto& t = *traits_;
  if (t.unit <= kPage || t.unit_rule != BackingTraits::UnitRule::kDeviceDax) return;
  const uint64_t up = t.unit / kPage, u0 = p / up * up;
  for (uint64_t q = u0; q < std::min<uint64_t>(u0 + up, m.pages.size()); q++) {
    if (m.pages[q].mapped) m.pages[q].populated = on;
  }
}

PagePtr Model::backing_page(const MappingModel& m, uint64_t p) const {
  if (m.obj < 0) return zero_page();
  return objects_[m.obj].page((m.off + p * kPage) / kPage);
}

void Model::drop_private(int obj, uint64_t from_off, uint64_t to_off) {
  if (held_) {
    for (auto& pc : held_->pieces) {
      auto it = procs_[0].maps.find(pc.h);
      if (pc.obj >= 0 || it == procs_[0].maps.end() || it->second.obj != obj) continue;
      const uint64_t fo = it->second.off + round_down(pc.at, kPage);
      if (fo >= from_off && fo < to_off) pc.live = false;
    }
  }
  for (auto& proc : procs_) {
    for (auto& [h, m] : proc.maps) {
      if (m.obj != obj || m.shared) continue;
      for (uint64_t p = 0; p < m.pages.size(); p++) {
        uint64_t o = m.off + p * kPage;
        if (o >= from_off && o < to_off) m.pages[p].priv.reset();
      }
    }
  }
}

bool Model::cow_forceable(const MappingModel& m) const {
  // mm/gup.c check_vma_flags: a FOLL_FORCE write without VM_WRITE needs a COW mapping
  // (private: VM_MAYWRITE is always set there) and is refused on hugetlb.
  const bool hugetlb =
      traits_->unit > kPage && traits_->unit_rule == BackingTraits::UnitRule::kHugetlb;
  return !m.shared && !hugetlb;
}

Expect Model::access(int proc, int h, uint64_t off, uint64_t len, Access how,
                     const uint8_t* wdata) {
  static const uint8_t kAny = 0;
  const bool same_bytes = how == Access::kStoreSame || how == Access::kProbeStore;
  const bool probing = how == Access::kProbeLoad || how == Access::kProbeStore;
  const bool force = how == Access::kForcedLoad || how == Access::kForcedStore;
  if (same_bytes) wdata = &kAny;
  Expect e;
  const bool collect = !wdata && !probing;
  if (collect) {
    e.data.resize(len);
    e.known.assign(len, true);
  }
  auto& m = procs_.at(proc).maps.at(h);
  const uint64_t unit_pages = traits_->unit / kPage;
  // The 2 MiB virtual unit being walked (page-table effects are the same for all its pages).
  uint64_t unit_end = 0;
  uint64_t group_gib = UINT64_MAX;  // 1 GiB slot of the open PUD bound, if any
  for (uint64_t i = 0; i < len;) {
    uint64_t p = (off + i) / kPage, in = (off + i) % kPage;
    uint64_t n = std::min(kPage - in, len - i);
    // x86: every VMA lookup failure is SEGV_MAPERR, a permission failure SEGV_ACCERR, and a
    // fault the backing cannot serve (past EOF) SIGBUS/BUS_ADRERR (arch/x86/mm/fault.c).
    // A store probe loads the byte first: the load's faults come before the store's.
    const bool store_check = wdata && !(probing && same_bytes);
    if (p >= m.pages.size() || !m.pages[p].mapped) {
      e.out = Outcome::signal(SIGSEGV, SEGV_MAPERR, p * kPage);
    } else if (store_check ? !(m.pages[p].prot & PROT_WRITE) && !(force && cow_forceable(m))
                           : m.pages[p].prot == PROT_NONE && !force) {
      e.out = Outcome::signal(SIGSEGV, SEGV_ACCERR, p * kPage);
    } else if (!m.pages[p].priv &&
               (beyond_eof(m, p) || (!m.pages[p].populated && unit_fault_fails(m, p)))) {
      e.out = Outcome::signal(SIGBUS, BUS_ADRERR, p * kPage);
    } else if (wdata && !(m.pages[p].prot & PROT_WRITE) && !(force && cow_forceable(m))) {
      // A store probe's load went through first: it faulted the page in (on fs-dax a 4 KiB
      // load there can even split the file's 2 MiB zero entry for every mapping of it).
      note_fault(m, p, false);
      e.out = Outcome::signal(SIGSEGV, SEGV_ACCERR, p * kPage);
    }
    if (e.out.kind == Outcome::Kind::kSig) {
      if (collect) {
        e.data.resize(i);
        e.known.resize(i);
      }
      e.faults.clear();
      e.units = -1;
      return e;
    }
    if (p >= unit_end) {
      unit_end = next_unit(m, p);
      // Inside a 1 GiB slot whose PUD was due nothing changes from unit to unit: the
      // 262144-page checks of due_level are made once per slot, not once per 2 MiB.
      const bool same_pud = group_gib == (m.va + p * kPage) / kGiB;
      if (same_pud && probing) {
        e.units++;
        e.faults.back().n++;
        e.faults.back().len = std::min(off + len, unit_end * kPage) - e.faults.back().off;
      } else if (same_pud) {
        // nothing to note: the PUD maps this unit too
      } else if (probing) {
        e.units = e.units < 0 ? 1 : e.units + 1;
        const size_t idx = static_cast<size_t>(e.units - 1);
        const uint64_t span_end = std::min(off + len, unit_end * kPage);
        std::string why;
        const uint64_t lvl = due_level(m, p, wdata != nullptr, &why);
        const uint64_t gib = (m.va + p * kPage) / kGiB;
        if (lvl == kGiB && group_gib == gib && !e.faults.empty()) {
          e.faults.back().n++;
          e.faults.back().len = span_end - e.faults.back().off;
        } else if (lvl) {
          e.faults.push_back(FaultBound{idx, 1, 0, 1, off + i, span_end - (off + i), why});
        }
        group_gib = lvl == kGiB && !e.faults.empty() ? gib : UINT64_MAX;
        if (wdata) {
          for (uint64_t q = p; q < std::min(unit_end, round_up(off + len, kPage) / kPage); q++) {
            if (q < m.pages.size() && m.pages[q].wp_due) {
              e.faults.push_back(FaultBound{
                  idx, 1, 1, UINT32_MAX, q * kPage, kPage,
                  "a store after msync(MS_SYNC) must fault: the sync write-protects the entry "
                  "(fs/dax.c dax_entry_mkclean)"});
              break;
            }
          }
        }
      }
      if (!same_pud) {
        note_fault(m, p, wdata != nullptr);
        if (!probing && due_level(m, p, wdata != nullptr, nullptr) == kGiB) {
          group_gib = (m.va + p * kPage) / kGiB;
        }
      }
    }
    auto& ps = m.pages[p];
    // The access faulted the unit in (a shared device-dax read fault maps it with the VMA's
    // protection, writable if the VMA is: no write-notify for dax_vm_ops).
    if (!ps.populated) set_populated(m, p, true);
    if (traits_->private_hole_fault_is_anon && m.obj >= 0) {
      auto& cached = objects_[m.obj].cached;
      uint64_t unit = (m.off + p * kPage) / traits_->unit;
      if (m.shared) {
        cached.insert(unit);
      } else if (!ps.priv && !cached.count(unit)) {
        // A private page for the hole, zeroed, for every base page of the unit.
        uint64_t u0 = p / unit_pages * unit_pages;
        for (uint64_t q = u0; q < std::min<uint64_t>(u0 + unit_pages, m.pages.size()); q++) {
          if (m.pages[q].mapped && !m.pages[q].priv) m.pages[q].priv = zero_page();
        }
      }
    }
    if (collect) {
      PagePtr src = ps.priv ? ps.priv : backing_page(m, p);
      memcpy(e.data.data() + i, src->bytes.data() + in, n);
      copy_known(*src, in, n, e.known, i);
    } else if (!wdata) {
      // a load probe: nothing to collect
    } else if (m.shared && same_bytes) {
      // a store of the byte that is there changes nothing
    } else if (m.shared) {
      uint64_t obj_off = m.off + p * kPage + in;
      auto& obj = objects_[m.obj];
      // Stores past EOF in the EOF page stay in that page. POSIX leaves what read(2) or a
      // later extend shows of them unspecified; a backing that pins it down says so.
      uint64_t valid = obj_off < obj.size ? std::min(n, obj.size - obj_off) : 0;
      obj.write(obj_off, wdata + i, valid);
      obj.write(obj_off + valid, wdata + i + valid, n - valid, !traits_->eof_tail_kept);
    } else {
      if (!ps.priv) {
        // Copy-on-write copies a whole backing page (a huge page on hugetlb): every base page
        // of that unit gets its private copy now, frozen at the object's current bytes.
        uint64_t u0 = p / unit_pages * unit_pages;
        for (uint64_t q = u0; q < std::min<uint64_t>(u0 + unit_pages, m.pages.size()); q++) {
          if (m.pages[q].mapped && !m.pages[q].priv) m.pages[q].priv = backing_page(m, q);
        }
      }
      if (!same_bytes) {
        auto copy = std::make_shared<PageData>(*ps.priv);
        memcpy(copy->bytes.data() + in, wdata + i, n);
        set_unknown(*copy, in, n, false);
        ps.priv = std::move(copy);
      }
    }
    i += n;
  }
  return e;
}

void Model::taint_range(MappingModel& m, uint64_t p, uint64_t size, bool PageState::*flag) const {
  const UnitSpan u = unit_span(m, p, size);
  if (u.first < u.end && m.pages[u.first].*flag && m.pages[u.end - 1].*flag) return;
  for (uint64_t q = u.first; q < u.end; q++) m.pages[q].*flag = true;
}

void Model::note_fault(MappingModel& m, uint64_t p, bool write) {
  // Page-table history only matters where a huge level is ever due (and wp_due only on fs-dax,
  // whose rule is not kNone): the other backings skip this on every access.
  if (traits_->huge_rule == BackingTraits::HugeRule::kNone) return;
  const uint64_t lvl = due_level(m, p, write, nullptr);
  if (lvl < kGiB) taint_range(m, p, kGiB, &PageState::pmd_table);
  if (lvl < 2 * kMiB) {
    taint_range(m, p, 2 * kMiB, &PageState::pte_table);
    if (traits_->file_entries_per_unit() && m.obj >= 0) {
      // A 4 KiB DAX fault leaves a 4 KiB entry in the file's xarray (and a 4 KiB store
      // converts just that block).
      taint_file(m.off + unit_span(m, p, 2 * kMiB).first * kPage, m.off + next_unit(m, p) * kPage);
    }
  }
  if (write) {
    // The store made the entry around p writable: a huge one covers the whole unit.
    const UnitSpan u = unit_span(m, p, 2 * kMiB);
    for (uint64_t q = u.first; q < u.end; q++) m.pages[q].wp_due = false;
  }
}

}  // namespace daxprop
