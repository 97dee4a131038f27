// The model, KVM: memslots over a mapping, the guest's accesses and the dirty log
// (virt/kvm/kvm_main.c, arch/x86/kvm/mmu).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

Expect Model::kvm_slot(const KvmSlotOp& o) {
  if (o.len == 0) {
    // KVM_SET_USER_MEMORY_REGION with memory_size 0 deletes the slot; a slot that does not
    // exist is -EINVAL (__kvm_set_memory_region: !old).
    if (!kvm_slots_.erase(o.slot)) return err(EINVAL);
    return ok();
  }
  // virt/kvm/kvm_main.c __kvm_set_memory_region: size and host address page aligned, else
  // -EINVAL; the host range is not looked at until the guest faults on it.
  if (o.len % kPage || o.off % kPage) return err(EINVAL);
  const MappingModel& m = procs_[0].maps.at(o.h);
  if (auto it = kvm_slots_.find(o.slot); it != kvm_slots_.end()) {
    // An existing slot: the same host address, size and read-only flag is no change (0);
    // anything else -EINVAL (a slot's host range never moves: __kvm_set_memory_region). The
    // host address is the same only through the same mapping, not moved since, at the same
    // offset.
    const KvmSlotModel& s = it->second;
    const bool same = o.h == s.h && o.off == s.off && m.moves == s.moves && o.len == s.len &&
                      o.readonly == s.readonly;
    return same ? ok() : err(EINVAL);
  }
  // A new slot's guest-physical range may not overlap another slot's: -EEXIST
  // (kvm_check_memslot_overlap). Slot s sits at s GiB, so only one longer than a GiB can.
  if (overlaps_slot(o.slot, o.len)) return err(EEXIST);
  kvm_slots_[o.slot] = KvmSlotModel{o.h, o.off, o.len, o.readonly, m.moves, o.log_dirty, {}};
  return ok();
}

bool Model::overlaps_slot(int slot, uint64_t len) const {
  const uint64_t from = static_cast<uint64_t>(slot) * kGiB, to = from + len;
  for (const auto& [t, k] : kvm_slots_) {
    const uint64_t at = static_cast<uint64_t>(t) * kGiB;
    if (t != slot && at < to && from < at + k.len) return true;
  }
  return false;
}

Expect Model::kvm_dirty(const KvmDirtyOp& o) {
  // KVM_GET_DIRTY_LOG (virt/kvm/kvm_main.c kvm_get_dirty_log_protect): every page the guest
  // wrote since the last call is set; the log starts over. KVM may report more (a page it
  // wrote itself, a whole huge page), never one outside the slot.
  // A slot that does not exist or keeps no log: -ENOENT (!memslot || !memslot->dirty_bitmap).
  auto it = kvm_slots_.find(o.slot);
  if (it == kvm_slots_.end() || !it->second.log_dirty) return err(ENOENT);
  KvmSlotModel& s = it->second;
  Expect e;
  e.must_dirty.assign(s.dirty.begin(), s.dirty.end());
  e.slot_pages = s.len / kPage;
  s.dirty.clear();
  return e;
}

Expect Model::kvm_access(const KvmAccessOp& o) {
  const KvmSlotModel s = kvm_slots_.at(o.slot);
  Expect e;
  // A store to a read-only slot (KVM_MEM_READONLY) exits to userspace as MMIO at once, and so
  // does any access to a GPA past the slot (no memory there).
  if (o.len && (o.off >= s.len || (o.write && s.readonly))) {
    e.out.mmio = o.off;
    return e;
  }
  const uint64_t inside = std::min(o.len, s.len - std::min(s.len, o.off));
  // The host page behind each GPA, through GUP (hva_to_pfn) or, for VM_PFNMAP, the page table
  // (hva_to_pfn_remapped): no mapping there any more (munmap, a remap moved it), no
  // permission, or a fault that fails (past EOF) leaves KVM without a pfn: KVM_RUN fails
  // -EFAULT after the bytes before it were copied (arch/x86/kvm/mmu/mmu.c
  // kvm_handle_error_pfn). The host side of that is exactly what an access of the range
  // through the mapping would meet, page by page.
  auto it = procs_[0].maps.find(s.h);
  MappingModel* m = it == procs_[0].maps.end() ? nullptr : &it->second;
  if (!m || m->moves != s.moves) {
    e.out = Outcome::error(EFAULT);
    e.out.n = 0;
    e.kvm_stop = true;
    return e;
  }
  // Stage-2 huge pages (arch/x86/kvm/mmu/mmu.c kvm_mmu_max_mapping_level): the host's own
  // level (host_pfn_mapping_level) where guest and host addresses agree modulo that size and
  // the huge page lies inside the slot (lpage_info). The host's due level, taken before this
  // access faults the range in.
  const uint64_t first = (s.off + o.off) / kPage;
  const uint64_t last = (s.off + o.off + std::max<uint64_t>(inside, 1) - 1) / kPage;
  uint64_t last_gib = UINT64_MAX;
  for (uint64_t p = first; p <= last && p < m->pages.size(); p = next_unit(*m, p)) {
    const uint64_t lvl = due_level(*m, p, o.write, nullptr);
    if (!lvl || (m->va + s.off) % lvl) continue;
    const UnitSpan u = unit_span(*m, p, lvl);
    if (u.back > p) continue;
    if (u.first * kPage < s.off || u.first * kPage + lvl > s.off + s.len) continue;
    if (lvl == kGiB) {
      const uint64_t gib = (m->va + p * kPage) / kGiB;
      if (gib != last_gib) e.kvm_min_1g++;
      last_gib = gib;
    } else {
      e.kvm_min_2m++;
    }
  }
  std::vector<uint8_t> pat;
  if (o.write) {
    pat.resize(inside);
    pattern_fill(o.pat, 0, pat);
  }
  Expect a = o.write ? access(0, s.h, s.off + o.off, inside, Access::kStore, pat.data())
                     : access(0, s.h, s.off + o.off, inside, Access::kLoad);
  const bool stopped = a.out.kind == Outcome::Kind::kSig;
  const uint64_t done = stopped ? a.out.fault_off - std::min(a.out.fault_off, s.off + o.off) : inside;
  if (o.write) {
    for (uint64_t b = 0; b < done; b += kPage - (o.off + b) % kPage) {
      kvm_slots_.at(o.slot).dirty.insert((o.off + b) / kPage);
    }
  }
  if (stopped) {
    e.out = Outcome::error(EFAULT);
    e.out.n = done;
    e.kvm_stop = true;
    e.kvm_min_2m = e.kvm_min_1g = 0;
    return e;
  }
  if (inside < o.len) {
    e.out.mmio = o.off + inside;  // the rest lies past the slot
    e.kvm_min_2m = e.kvm_min_1g = 0;
    return e;
  }
  if (!o.write) {
    e.data = std::move(a.data);
    e.known = std::move(a.known);
  }
  e.out.n = o.len;
  e.kvm_min_2m += 512 * e.kvm_min_1g;
  // A dirty-logged slot is mapped 4 KiB only (kvm_mmu_max_mapping_level: lpage disallowed).
  if (!traits_->kvm_levels || s.log_dirty) e.kvm_min_2m = e.kvm_min_1g = 0;
  return e;
}

}  // namespace daxprop
