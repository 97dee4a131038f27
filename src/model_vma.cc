// The model, VMA operations: mmap, munmap, mprotect, mremap (the splits and merges they make) and
// madvise/msync (mm/mmap.c, mm/vma.c, mm/mprotect.c, mm/mremap.c, mm/madvise.c, mm/msync.c).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

bool Model::same_vma(const MappingModel& m, uint64_t p) const {
  if (p == 0 || p >= m.pages.size()) return false;
  const PageState &a = m.pages[p - 1], &b = m.pages[p];
  return a.mapped && b.mapped && a.prot == b.prot && a.dontfork == b.dontfork &&
         (traits_->vma_merge || !b.vma_start);
}

void Model::mark_split(MappingModel& m, uint64_t p) const {
  if (!traits_->vma_merge && p > 0 && p < m.pages.size()) m.pages[p].vma_start = true;
}

bool Model::bad_split(const MappingModel& m, uint64_t p) const {
  if (!traits_->split_unit_only) return false;
  // Only a boundary strictly inside a VMA splits it.
  return same_vma(m, p) && (p * kPage) % traits_->unit != 0;
}

Model::Holes Model::holes(const MappingModel& m, uint64_t first, uint64_t end) const {
  uint64_t mapped = 0;
  for (uint64_t p = first; p < end; p++) mapped += p < m.pages.size() && m.pages[p].mapped;
  if (mapped == end - first) return Holes::kNone;
  return mapped == 0 ? Holes::kAll : Holes::kSome;
}

Expect Model::map(const MapOp& o) {
  next_handle_ = std::max(next_handle_, o.h + 1);
  const auto& t = *traits_;
  // arch/x86/kernel/sys_x86_64.c: offset must be page aligned before anything else.
  if (o.off % kPage) return err(EINVAL);
  if (o.len == 0) return err(EINVAL);  // mm/mmap.c do_mmap: if (!len) return -EINVAL
  // do_mmap asks get_unmapped_area before it looks at the map type and flags: hugetlbfs rounds a
  // hint up to its page, but a fixed address (MAP_FIXED_NOREPLACE is MAP_FIXED there) must be
  // aligned already (hugetlb_get_unmapped_area: prepare_hugepage_range, -EINVAL).
  if (t.unit > kPage && t.unit_rule == BackingTraits::UnitRule::kHugetlb &&
      (o.flags & MAP_FIXED_NOREPLACE) && round_up(o.misalign, kPage) % t.unit) {
    return err(EINVAL);
  }
  uint32_t type = o.flags & MAP_TYPE;
  bool anon = o.flags & MAP_ANONYMOUS;
  if (type == MAP_SHARED_VALIDATE) {
    // do_mmap: anonymous memory knows only MAP_SHARED and MAP_PRIVATE (default: -EINVAL);
    // a file rejects any flag outside LEGACY_MAP_MASK (plus MAP_SYNC where f_op sets
    // FOP_MMAP_SYNC) with -EOPNOTSUPP.
    if (anon) return err(EINVAL);
    if (o.flags & ~(kLegacyMapMask | (t.map_sync_ok ? uint32_t{MAP_SYNC} : 0u))) {
      return err(EOPNOTSUPP);
    }
  } else if (type != MAP_SHARED && type != MAP_PRIVATE) {
    return err(EINVAL);
  }
  bool shared = type != MAP_PRIVATE;
  if (!shared && !t.private_ok) return err(EINVAL);
  const bool hugetlb = t.unit > kPage && t.unit_rule == BackingTraits::UnitRule::kHugetlb;
  const bool devdax = t.unit > kPage && t.unit_rule == BackingTraits::UnitRule::kDeviceDax;
  // hugetlbfs_file_mmap: the file offset must be huge-page aligned.
  if (hugetlb && o.off % t.unit) return err(EINVAL);
  // ksys_mmap_pgoff rounds a hugetlbfs length up to the huge page; others to the base page.
  uint64_t vlen = round_up(o.len, hugetlb ? t.unit : kPage);
  // device-dax check_vma (from dax_mmap): vm_start and vm_end must be unit aligned. The slot
  // addresses are; a misaligned hint (generic placement honours it) or length is -EINVAL. The
  // file offset is not checked at all.
  if (devdax && (vlen % t.unit || round_up(o.misalign, kPage) % t.unit)) return err(EINVAL);
  // vfio_pci_core_mmap: the mapping must lie inside the BAR.
  if (t.map_within_size && !anon && o.off + vlen > objects_[0].size) return err(EINVAL);
  MappingModel m;
  m.shared = shared;
  m.locked = (o.flags & MAP_LOCKED) && t.keeps_vm_locked();
  m.off = anon ? 0 : o.off;
  // The slot hint is honoured (it is free and, for DAX files, thp_get_unmapped_area keeps a
  // free hint); hugetlb_get_unmapped_area aligns it up to the huge page.
  m.va = round_up(o.misalign, hugetlb ? t.unit : kPage) % kGiB;
  m.pages.assign(vlen / kPage, PageState{true, o.prot, false, nullptr});
  if (anon && shared) {
    // MAP_SHARED|MAP_ANONYMOUS is a shmem object exactly as long as the mapping
    // (mm/shmem.c shmem_zero_setup).
    m.obj = static_cast<int>(objects_.size());
    objects_.push_back(ObjectModel{vlen, {}});
  } else if (!anon) {
    m.obj = 0;
    if (t.writable_map_extends && (o.prot & PROT_WRITE) && objects_[0].size < o.off + vlen) {
      objects_[0].size = o.off + vlen;
    }
  }
  if ((o.flags & MAP_POPULATE) && t.private_hole_fault_is_anon && !anon) {
    // Populating faults every page inside EOF in: shared faults fill the page cache, private
    // faults on holes get private zeroed pages (see access()).
    for (uint64_t p = 0; p < m.pages.size(); p++) {
      if (beyond_eof(m, p)) continue;
      uint64_t unit = (m.off + p * kPage) / t.unit;
      if (shared) {
        objects_[0].cached.insert(unit);
      } else if (!objects_[0].cached.count(unit)) {
        m.pages[p].priv = zero_page();
      }
    }
  }
  if ((o.flags & MAP_POPULATE) && !shared && (o.prot & PROT_WRITE)) {
    // mm/gup.c populate_vma_page_range: a writable private mapping is populated with
    // FOLL_WRITE, so MAP_POPULATE breaks COW now: every page inside EOF becomes a private copy
    // of what the object holds at this moment (pages past EOF just fail to populate).
    for (uint64_t p = 0; p < m.pages.size(); p++) {
      if (!beyond_eof(m, p)) m.pages[p].priv = backing_page(m, p);
    }
  }
  if ((o.flags & MAP_POPULATE) && o.prot != PROT_NONE) {
    // device-dax: populating faults every unit the device backs in (a PROT_NONE VMA is not
    // populated: populate_vma_page_range has no FOLL_FORCE for inaccessible VMAs).
    for (uint64_t p = 0; p < m.pages.size(); p += std::max<uint64_t>(t.unit / kPage, 1)) {
      if (!unit_fault_fails(m, p)) set_populated(m, p, true);
    }
    // Every page inside EOF was faulted: FOLL_WRITE only for a writable private mapping.
    const bool write = !shared && (o.prot & PROT_WRITE);
    // One note per 2 MiB, or per 1 GiB where a PUD is due (nothing changes inside it).
    for (uint64_t p = 0; p < m.pages.size();) {
      const bool pud = due_level(m, p, write, nullptr) == kGiB;
      note_fault(m, p, write);
      p = pud ? p + kGiB / kPage - unit_span(m, p, kGiB).back : next_unit(m, p);
    }
  }
  procs_[0].maps[o.h] = std::move(m);
  return ok();
}

Expect Model::unmap(const UnmapOp& o) {
  // mm/mmap.c do_vmi_munmap: unaligned start or empty range is -EINVAL.
  if (o.off % kPage || o.len == 0) return err(EINVAL);
  auto& m = procs_[0].maps.at(o.h);
  uint64_t first = o.off / kPage, end = round_up(o.off + o.len, kPage) / kPage;
  if (bad_split(m, first) || bad_split(m, end)) return err(EINVAL);
  orphan(-1, o.h, first * kPage, end * kPage);
  for (uint64_t p = first; p < std::min<uint64_t>(end, m.pages.size()); p++) {
    // Page tables stay (free_pgtables frees only what no VMA shares): keep what they may hold.
    PageState gone;
    gone.pte_table = m.pages[p].pte_table;
    gone.pmd_table = m.pages[p].pmd_table;
    m.pages[p] = gone;
  }
  m.split = true;
  return ok();
}

Expect Model::mprotect(const MprotectOp& o) {
  // mm/mprotect.c do_mprotect_pkey: unaligned start -EINVAL, unknown prot bits -EINVAL,
  // len 0 is a no-op.
  // (len 0 returns before the prot is even validated).
  if (o.off % kPage) return err(EINVAL);
  if (o.len == 0) return ok();
  if (o.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) return err(EINVAL);
  auto& m = procs_[0].maps.at(o.h);
  uint64_t first = o.off / kPage, end = round_up(o.off + o.len, kPage) / kPage;
  // No VMA at start: -ENOMEM before anything changes.
  if (first >= m.pages.size() || !m.pages[first].mapped) return err(ENOMEM);
  // mprotect_fixup: a VMA whose flags do not change is not split (mm/mprotect.c:617).
  if (m.pages[first].prot != o.prot && bad_split(m, first)) return err(EINVAL);
  // VMAs are changed one after another: a hole stops the walk with -ENOMEM after the VMAs
  // before it were changed (mm/mprotect.c:787, and :848 for a trailing hole). An unaligned split
  // at the end fails that last VMA only.
  for (uint64_t p = first; p < end; p++) {
    if (p >= m.pages.size() || !m.pages[p].mapped) {
      if (m.pages[first].prot != o.prot) mark_split(m, first);
      for (uint64_t q = first; q < p; q++) m.pages[q].prot = o.prot;
      m.split = true;
      return err(ENOMEM);
    }
    if (p + 1 == end && m.pages[p].prot != o.prot && bad_split(m, end)) {
      // The VMA containing `end` starts where this run of alike pages starts: undo it.
      uint64_t run = p;
      while (run > first && same_vma(m, run)) run--;
      for (uint64_t q = first; q < run; q++) m.pages[q].prot = o.prot;
      if (m.pages[first].prot != o.prot) mark_split(m, first);
      mark_split(m, run);
      m.split = true;
      return err(EINVAL);
    }
  }
  // mprotect_fixup splits only VMAs whose flags change: at the start if the first one does,
  // at the end if the last one does.
  if (m.pages[first].prot != o.prot) mark_split(m, first);
  if (m.pages[end - 1].prot != o.prot) mark_split(m, end);
  for (uint64_t p = first; p < end; p++) m.pages[p].prot = o.prot;
  m.split = true;
  return ok();
}

Expect Model::mremap(const MremapOp& o) {
  auto& m = procs_[0].maps.at(o.h);
  const auto& t = *traits_;
  uint64_t old_len = o.old_len ? round_up(o.old_len, kPage) : m.pages.size() * kPage;
  uint64_t new_len = round_up(o.new_len, kPage);
  // mm/mremap.c: a zero new length is -EINVAL, then no VMA at the address is -EFAULT.
  if (new_len == 0) return err(EINVAL);
  if (m.pages.empty() || !m.pages[0].mapped) return err(EFAULT);
  if (o.fixed && new_len == old_len && holds(t, Rule::kMremapMovesMultipleVmas) &&
      !t.own_unmapped_area) {
    // A same-size MREMAP_FIXED move takes every VMA in the range along, gaps included (since
    // 6.17: src/contracts.cc), where vma_multi_allowed(); a file with its own
    // get_unmapped_area takes the one-VMA path below. "Same size" is judged on the
    // page-aligned lengths, before hugetlb's rounding.
    moved(m);
    return ok();
  }
  if (t.unit > kPage && t.unit_rule == BackingTraits::UnitRule::kHugetlb) {
    // hugetlb: both lengths are rounded up to the huge page, and it never grows (-EINVAL).
    old_len = round_up(old_len, t.unit);
    new_len = round_up(new_len, t.unit);
    if (new_len > old_len) return err(EINVAL);
  }
  // The VMA at the address: the run of alike pages from the mapping's start.
  uint64_t run = 1;
  while (run < m.pages.size() && same_vma(m, run)) run++;
  PageState fresh{true, m.pages[0].prot, m.pages[0].dontfork, nullptr};
  if (new_len < old_len) {
    // Shrinking munmaps the tail first, in place and before a MREMAP_FIXED move alike
    // (mremap_to: do_munmap(addr + new_len, ...) then old_len = new_len). That split must be
    // allowed (device-dax dev_dax_may_split: unit aligned, else -EINVAL with nothing changed);
    // once done, the trim stays even if the move then fails below.
    if (bad_split(m, new_len / kPage)) return err(EINVAL);
    // Since 6.17's mremap rework the move's checks come first: a MREMAP_FIXED shrink that
    // will fail with -EFAULT trims nothing. Observed on 6.18 (an mprotect of the "trimmed"
    // tail still succeeds); 6.12's mremap_to trims first (mm/mremap.c:978-990).
    if (o.fixed && holds(t, Rule::kMremapChecksBeforeTrim) && new_len / kPage > run) return err(EFAULT);
    m.pages.resize(new_len / kPage);
    if (!o.fixed) return ok();
  } else if (!o.fixed && new_len == old_len) {
    return ok();  // same size, no move: nothing to do
  }
  // Growing or moving: vma_to_resize wants [addr, addr + old_len) in one VMA (old_len already
  // trimmed to new_len), else -EFAULT; a VM_DONTEXPAND|VM_PFNMAP VMA never grows (-EFAULT).
  uint64_t need = std::min(old_len, new_len) / kPage;
  if (need > run) return err(EFAULT);
  if (new_len > old_len && t.pfnmap) return err(EFAULT);
  // A grown device-dax VMA may now end off the unit: vma_merge_extend/move_vma never ask
  // check_vma, so the call succeeds and the faults fail (unit_fault_fails).
  m.pages.resize(new_len / kPage, fresh);
  if (o.fixed) moved(m);
  return ok();
}

void Model::moved(MappingModel& m) const {
  // MREMAP_FIXED targets are fresh 1 GiB-aligned slots. move_page_tables carries PMD/PUD
  // entries and whole PTE tables along where source and target agree in alignment
  // (move_pgt_entry); otherwise what the tables hold no longer lines up with the model's.
  for (auto& ps : m.pages) {
    if (m.va % (2 * kMiB)) ps.pte_table = true;
    if (m.va % kGiB) ps.pmd_table = true;
    // Moved entries keep their protection, but a store through them is not the model's
    // business any more: no claim that it faults.
    ps.wp_due = false;
  }
  m.va = 0;
  m.moves++;
}

uint64_t Model::next_unit(const MappingModel& m, uint64_t p) const {
  return p + 2 * kMiB / kPage - unit_span(m, p, 2 * kMiB).back;
}

Model::UnitSpan Model::unit_span(const MappingModel& m, uint64_t p, uint64_t size) const {
  const uint64_t back = ((m.va + p * kPage) % size) / kPage;
  return {back, p - std::min(p, back),
          std::min<uint64_t>(m.pages.size(), p + size / kPage - back)};
}

Expect Model::populate(const MadviseOp& o) {
  // do_madvise: unaligned start -EINVAL, empty range 0; then madvise_populate (mm/madvise.c:952)
  // faults the range in page by page through GUP (faultin_page_range) and stops at the first
  // failure: no VMA -ENOMEM; a VMA GUP refuses (VM_IO|VM_PFNMAP, no VM_READ, no VM_WRITE for
  // POPULATE_WRITE: check_vma_flags) -EINVAL (mm/gup.c:1459); a fault that fails (SIGBUS) -EFAULT.
  // Before 6.10 (Rule::kPopulateStopsAtHole) madvise_walk_vmas skipped the holes instead,
  // populated every VMA of the range, returned a VMA's error at once and -ENOMEM at the end if
  // there was a hole.
  if (o.off % kPage) return err(EINVAL);
  if (o.len == 0) return ok();
  const bool write = o.advice == MADV_POPULATE_WRITE;
  const uint64_t first = o.off / kPage, end = round_up(o.off + o.len, kPage) / kPage;
  const MappingModel& m = procs_[0].maps.at(o.h);
  // Pages [from, to), as a store of the bytes there (a private page is copied on write) or a
  // load, stopping where GUP would: the first signal an access would get says how.
  auto fault_in = [&](uint64_t from, uint64_t to) -> std::optional<Expect> {
    if (traits_->pfnmap && from < m.pages.size() && m.pages[from].mapped) return err(EINVAL);
    Expect e = access(0, o.h, from * kPage, (to - from) * kPage, write ? Access::kStoreSame : Access::kProbeLoad);
    if (e.out.kind != Outcome::Kind::kSig) return std::nullopt;
    if (e.out.sig == SIGBUS) return err(EFAULT);
    return err(e.out.code == SEGV_MAPERR ? ENOMEM : EINVAL);
  };
  if (holds(*traits_, Rule::kPopulateStopsAtHole)) return fault_in(first, end).value_or(ok());
  const auto mapped = [&](uint64_t p) { return p < m.pages.size() && m.pages[p].mapped; };
  bool hole = false;
  for (uint64_t p = first; p < end;) {
    if (!mapped(p)) {
      hole = true;
      p++;
      continue;
    }
    uint64_t q = p;
    while (q < end && mapped(q)) q++;
    if (auto failed = fault_in(p, q)) return *failed;
    p = q;
  }
  return hole ? err(ENOMEM) : ok();
}

Expect Model::madvise(const MadviseOp& o) {
  if (o.advice == MADV_HWPOISON && traits_->poison_ok) return hwpoison(o);
  if (o.advice == MADV_POPULATE_READ || o.advice == MADV_POPULATE_WRITE) return populate(o);
  bool flag_change = o.advice == MADV_DONTFORK || o.advice == MADV_DOFORK;
  const bool lru = o.advice == MADV_COLD || o.advice == MADV_PAGEOUT;
  bool known = flag_change || lru || o.advice == MADV_DONTNEED || o.advice == MADV_WILLNEED;
  // mm/madvise.c do_madvise: unknown advice, unaligned start -EINVAL; empty range is 0.
  if (!known || o.off % kPage) return err(EINVAL);
  if (o.len == 0) return ok();
  auto& m = procs_[0].maps.at(o.h);
  uint64_t first = o.off / kPage, end = round_up(o.off + o.len, kPage) / kPage;
  Holes h = holes(m, first, end);
  // A VM_PFNMAP VMA refuses MADV_DONTNEED (madvise_dontneed_free_valid_vma) and a VM_IO one
  // MADV_DOFORK (madvise_vma_behavior): the first VMA of the range fails the call before any
  // change; holes are only reported when no VMA failed (madvise_walk_vmas).
  if (traits_->pfnmap && (o.advice == MADV_DONTNEED || o.advice == MADV_DOFORK) &&
      h != Holes::kAll) {
    return err(EINVAL);
  }
  // MADV_COLD/MADV_PAGEOUT: the first VMA that refuses them (can_madv_lru_vma) fails the call;
  // the rest only age or reclaim pages, which changes no byte a view shows.
  if (lru && h != Holes::kAll && (traits_->lru_advice_refused() || m.locked)) return err(EINVAL);
  if (lru) return h == Holes::kNone ? ok() : err(ENOMEM);
  if (flag_change) {
    // madvise_update_vma: a VMA that already has the flag is not split.
    bool want = o.advice == MADV_DONTFORK;
    auto splits = [&](uint64_t at, uint64_t page) {
      return page < m.pages.size() && m.pages[page].dontfork != want && bad_split(m, at);
    };
    if (splits(first, first) || (end > 0 && splits(end, end - 1))) return err(EINVAL);
  }
  if (o.advice == MADV_DONTNEED && traits_->unit > kPage &&
      traits_->unit_rule == BackingTraits::UnitRule::kHugetlb) {
    // madvise_dontneed_free_valid_vma: hugetlb needs an aligned start, the end is aligned down.
    // The check is made per VMA at max(start, vma start); hugetlb VMAs start aligned, so only
    // a range that starts inside a VMA can fail it.
    if ((o.off % traits_->unit) && first < m.pages.size() && m.pages[first].mapped) {
      return err(EINVAL);
    }
    end = round_down(end * kPage, traits_->unit) / kPage;
  }
  if (flag_change) {
    bool want = o.advice == MADV_DONTFORK;
    uint64_t last = std::min<uint64_t>(end, m.pages.size());
    if (first < last && m.pages[first].mapped && m.pages[first].dontfork != want) {
      mark_split(m, first);
    }
    if (first < last && m.pages[last - 1].mapped && m.pages[last - 1].dontfork != want) {
      mark_split(m, last);
    }
  }
  for (uint64_t p = first; p < std::min<uint64_t>(end, m.pages.size()); p++) {
    auto& ps = m.pages[p];
    if (!ps.mapped) continue;
    if (o.advice == MADV_DONTNEED) {
      if (ps.priv) orphan(-1, o.h, p * kPage, (p + 1) * kPage);
      ps.priv.reset();  // private pages are zapped, shared stay
      // A zap of part of a huge entry drops the whole entry (__split_huge_pmd_locked on a DAX
      // VMA only clears it): the unit is faulted in again on the next access.
      if (ps.populated) set_populated(m, p, false);
    }
    if (o.advice == MADV_DONTFORK) ps.dontfork = true;
    if (o.advice == MADV_DOFORK) ps.dontfork = false;
  }
  if (flag_change) m.split = true;
  // madvise_walk_vmas applies the advice to every VMA in the range and reports holes last.
  return h == Holes::kNone ? ok() : err(ENOMEM);
}

Expect Model::msync(const MsyncOp& o) {
  // mm/msync.c: unknown flags, unaligned start, MS_ASYNC|MS_SYNC together: -EINVAL.
  if (o.flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return err(EINVAL);
  if (o.off % kPage) return err(EINVAL);
  if ((o.flags & MS_ASYNC) && (o.flags & MS_SYNC)) return err(EINVAL);
  if (o.len == 0) return ok();
  const auto& m = procs_[0].maps.at(o.h);
  uint64_t first = o.off / kPage, end = round_up(o.off + o.len, kPage) / kPage;
  Holes h = holes(m, first, end);
  // MS_SYNC on a shared VMA calls vfs_fsync_range, which is -EINVAL for a file without
  // ->fsync; the first VMA in the range decides, ahead of any hole.
  if (!traits_->fsync_ok && (o.flags & MS_SYNC) && m.shared && h != Holes::kAll) {
    return err(EINVAL);
  }
  if (h != Holes::kNone) return err(ENOMEM);  // any unmapped part of the range
  if (traits_->sync_wrprotects && (o.flags & MS_SYNC) && m.shared && m.obj >= 0) {
    // msync -> vfs_fsync_range(file, fstart, fend) -> dax_writeback_mapping_range: each dirty
    // entry of the range is flushed and write-protected in every mapping of the file
    // (fs/dax.c dax_writeback_one -> dax_entry_mkclean). Entries never dirtied are read-only
    // already (a DAX read fault maps with the write-notify protection), so after the sync no
    // mapping of any process can store to these pages without a fault.
    const uint64_t from = m.off + first * kPage, to = m.off + end * kPage;
    for (auto& proc : procs_) {
      for (auto& [mh, mm] : proc.maps) {
        if (mm.obj != m.obj || !mm.shared) continue;
        for (uint64_t p = 0; p < mm.pages.size(); p++) {
          const uint64_t fo = mm.off + p * kPage;
          if (mm.pages[p].mapped && fo >= from && fo < to) mm.pages[p].wp_due = true;
        }
      }
    }
  }
  return ok();
}

}  // namespace daxprop
