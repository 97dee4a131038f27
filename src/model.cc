#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

// include/uapi/asm-generic/mman-common.h; glibc does not export it.
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000
#endif

namespace daxprop {

uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
uint64_t round_down(uint64_t v, uint64_t a) { return v / a * a; }

namespace {

const PagePtr& zero_page() {
  static const PagePtr z = std::make_shared<PageData>();
  return z;
}

// Every flag mmap accepts under MAP_SHARED_VALIDATE (include/linux/mman.h LEGACY_MAP_MASK);
// anything else there is EOPNOTSUPP (mm/mmap.c do_mmap). MAP_SYNC is added only for files whose
// f_op sets FOP_MMAP_SYNC (DAX), which no control backing is.
constexpr uint32_t kLegacyMapMask = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
                                    MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED |
                                    MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE |
                                    MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB;

Expect err(int e) {
  Expect x;
  x.out = Outcome::error(e);
  return x;
}

// Byte-mask helpers: most pages have no unknown byte, so these are the hot paths of the model.
void set_unknown(PageData& p, uint64_t in, uint64_t n, bool v) {
  if (!v && p.unknown.none()) return;
  if (n == kPage) {
    v ? p.unknown.set() : p.unknown.reset();
    return;
  }
  for (uint64_t k = 0; k < n; k++) p.unknown[in + k] = v;
}
void copy_known(const PageData& p, uint64_t in, uint64_t n, std::vector<bool>& known,
                size_t at) {
  if (p.unknown.none()) {
    std::fill(known.begin() + static_cast<ptrdiff_t>(at),
              known.begin() + static_cast<ptrdiff_t>(at + n), true);
    return;
  }
  for (uint64_t k = 0; k < n; k++) known[at + k] = !p.unknown[in + k];
}
Expect ok() { return Expect{}; }

}  // namespace

PagePtr ObjectModel::page(uint64_t index) const {
  auto it = pages.find(index);
  return it == pages.end() ? zero_page() : it->second;
}

void ObjectModel::read(uint64_t off, uint64_t len, uint8_t* out, std::vector<bool>* known,
                       size_t known_at) const {
  for (uint64_t i = 0; i < len;) {
    uint64_t idx = (off + i) / kPage, in = (off + i) % kPage;
    uint64_t n = std::min(kPage - in, len - i);
    PagePtr p = page(idx);
    memcpy(out + i, p->bytes.data() + in, n);
    if (known) {
      copy_known(*p, in, n, *known, known_at + i);
    }
    i += n;
  }
}

void ObjectModel::write(uint64_t off, const uint8_t* data, uint64_t len, bool unknown) {
  for (uint64_t i = 0; i < len;) {
    uint64_t idx = (off + i) / kPage, in = (off + i) % kPage;
    uint64_t n = std::min(kPage - in, len - i);
    // A whole page is replaced, not copied first.
    auto p = n == kPage ? std::make_shared<PageData>() : std::make_shared<PageData>(*page(idx));
    memcpy(p->bytes.data() + in, data + i, n);
    set_unknown(*p, in, n, unknown);
    pages[idx] = std::move(p);
    i += n;
  }
}

void ObjectModel::zero(uint64_t off, uint64_t len) {
  for (uint64_t i = 0; i < len;) {
    uint64_t idx = (off + i) / kPage, in = (off + i) % kPage;
    uint64_t n = std::min(kPage - in, len - i);
    auto it = pages.find(idx);
    if (it != pages.end()) {
      if (n == kPage) {
        pages.erase(it);
      } else {
        auto p = std::make_shared<PageData>(*it->second);
        std::fill_n(p->bytes.data() + in, n, 0);
        set_unknown(*p, in, n, false);
        it->second = std::move(p);
      }
    }
    i += n;
  }
}

Model::Model(BackingTraits traits)
    : traits_(std::make_shared<const BackingTraits>(std::move(traits))) {
  procs_.resize(1);
  if (!traits_->anonymous) {
    objects_.resize(1);
    objects_[0].size = traits_->initial_size;
  }
}

const MappingModel* Model::mapping(int proc, int h) const {
  if (proc < 0 || proc >= static_cast<int>(procs_.size())) return nullptr;
  auto it = procs_[proc].maps.find(h);
  return it == procs_[proc].maps.end() ? nullptr : &it->second;
}

bool Model::valid(const Op& op) const {
  if (held_ && !valid_while_held(op)) return false;
  return std::visit(
      [&](const auto& o) -> bool {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, MapOp>) {
          // A map of another kind of memory than the backing's is a different experiment.
          return o.h >= next_handle_ && ((o.flags & MAP_ANONYMOUS) != 0) == traits_->anonymous;
        } else if constexpr (std::is_same_v<T, MremapOp>) {
          // Only whole-mapping remaps: a partial one would leave a piece of the mapping behind
          // at an address no handle names.
          const MappingModel* mm = mapping(0, o.h);
          return mm && (o.old_len == 0 || round_up(o.old_len, kPage) == mm->len());
        } else if constexpr (std::is_same_v<T, WriteOp> || std::is_same_v<T, ReadOp> ||
                             std::is_same_v<T, ProbeOp>) {
          return mapping(o.proc, o.h) != nullptr;
        } else if constexpr (std::is_same_v<T, ForkOp>) {
          return o.proc == next_proc();
        } else if constexpr (std::is_same_v<T, KvmSlotOp>) {
          // Slots are made over live mappings and deleted when present; a slot is never
          // re-pointed while it exists (KVM refuses to move a slot's host range: -EINVAL).
          if (o.len == 0) return kvm_slots_.count(o.slot) > 0;
          return !kvm_slots_.count(o.slot) && mapping(0, o.h) != nullptr;
        } else if constexpr (std::is_same_v<T, KvmAccessOp>) {
          // The guest runs in 32-bit protected mode: a GPA from 4 GiB on wraps to 0 (its own
          // memory), so accesses end below 4 GiB (slot s sits at GPA s GiB).
          return kvm_slots_.count(o.slot) > 0 && o.len <= 3 * kMiB &&
                 static_cast<uint64_t>(o.slot) * kGiB + o.off + o.len <= 4 * kGiB;
        } else if constexpr (std::is_same_v<T, KvmDirtyOp>) {
          auto it = kvm_slots_.find(o.slot);
          return it != kvm_slots_.end() && it->second.log_dirty;
        } else if constexpr (std::is_same_v<T, PinOp>) {
          // io_uring over private fs-dax pages that are already COW copies: GUP-fast pins
          // those and the slow path then refuses the VMA, so the errno depends on how many
          // leading pages GUP-fast takes (a partial pin is -EFAULT, none -EOPNOTSUPP). Not
          // generated; the rest of the contract is.
          const MappingModel* mm = mapping(0, o.h);
          if (!mm) return false;
          const uint64_t p = o.off / kPage;
          return !(o.io_uring() &&
                   traits_->huge_rule == BackingTraits::HugeRule::kFsDax && !mm->shared &&
                   p < mm->pages.size() && mm->pages[p].priv);
        } else if constexpr (std::is_same_v<T, MadviseOp>) {
          // Poison only where it is allowed, and only into shared DAX pages (a private COW
          // page is ordinary RAM: memory_failure would take another path).
          const MappingModel* mm = mapping(0, o.h);
          if (!mm || o.advice != MADV_HWPOISON) return mm != nullptr;
          if (!traits_->poison_ok || !mm->shared) return false;
          // fs-dax: only a page whose block was written is a pmem page. A hole (or an
          // unwritten extent, as fallocate leaves it) is mapped with the shared zero page or
          // huge zero page (fs/dax.c dax_load_hole/dax_pmd_load_hole), and poisoning that is
          // poisoning ordinary kernel memory ("recovery action for unsplit thp: Failed" for
          // the huge zero page, seen on 6.12): not this property's business.
          if (traits_->huge_rule == BackingTraits::HugeRule::kFsDax) {
            const uint64_t fo = mm->off + o.off;
            return o.off % kPage == 0 && objects_[0].pages.count(fo / kPage) &&
                   fo < objects_[0].size;
          }
          return true;
        } else if constexpr (std::is_same_v<T, HoldReadOp>) {
          // One read held at a time, in one bio (BIO_MAX_VECS pages: __blkdev_direct_IO_async).
          const uint64_t pages = (round_up(o.off + o.len, kPage) - round_down(o.off, kPage)) / kPage;
          return !held_ && traits_->hold_skip.empty() && mapping(0, o.h) != nullptr &&
                 pages <= 256;
        } else if constexpr (requires { o.h; }) {
          return mapping(0, o.h) != nullptr;
        } else if constexpr (std::is_same_v<T, ReleaseOp>) {
          return held_.has_value();
        } else if constexpr (std::is_same_v<T, SiblingWriteOp>) {
          return has_file() && traits_->dax_file;
        } else if constexpr (std::is_same_v<T, SiblingReadOp>) {
          return sibling_.has_value();
        } else if constexpr (std::is_same_v<T, SysReadOp>) {
          return has_file() && traits_->sys_read;
        } else if constexpr (std::is_same_v<T, TruncateOp>) {
          return has_file() && traits_->truncate_ok;
        } else if constexpr (std::is_same_v<T, PunchHoleOp>) {
          return has_file() && traits_->punch_ok;
        } else {
          return has_file();
        }
      },
      op);
}

Expect Model::step(const Op& op) {
  return std::visit(
      [&](const auto& o) -> Expect {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, MapOp>) {
          return map(o);
        } else if constexpr (std::is_same_v<T, UnmapOp>) {
          return unmap(o);
        } else if constexpr (std::is_same_v<T, MprotectOp>) {
          return mprotect(o);
        } else if constexpr (std::is_same_v<T, MremapOp>) {
          return mremap(o);
        } else if constexpr (std::is_same_v<T, MadviseOp>) {
          return madvise(o);
        } else if constexpr (std::is_same_v<T, MsyncOp>) {
          return msync(o);
        } else if constexpr (std::is_same_v<T, WriteOp>) {
          std::vector<uint8_t> buf(o.len);
          pattern_fill(o.pat, 0, buf);
          return access(o.proc, o.h, o.off, o.len, buf.data());
        } else if constexpr (std::is_same_v<T, ReadOp>) {
          return access(o.proc, o.h, o.off, o.len, nullptr);
        } else if constexpr (std::is_same_v<T, SysWriteOp>) {
          return sys_write(o);
        } else if constexpr (std::is_same_v<T, SysReadOp>) {
          return sys_read(o);
        } else if constexpr (std::is_same_v<T, TruncateOp>) {
          return truncate(o);
        } else if constexpr (std::is_same_v<T, PunchHoleOp>) {
          return punch(o);
        } else if constexpr (std::is_same_v<T, ProbeOp>) {
          return probe(o);
        } else if constexpr (std::is_same_v<T, PinOp>) {
          return pin(o);
        } else if constexpr (std::is_same_v<T, KvmSlotOp>) {
          return kvm_slot(o);
        } else if constexpr (std::is_same_v<T, KvmAccessOp>) {
          return kvm_access(o);
        } else if constexpr (std::is_same_v<T, KvmDirtyOp>) {
          return kvm_dirty(o);
        } else if constexpr (std::is_same_v<T, HoldReadOp>) {
          return hold_read(o);
        } else if constexpr (std::is_same_v<T, ReleaseOp>) {
          return release();
        } else if constexpr (std::is_same_v<T, SiblingWriteOp>) {
          sibling_ = std::make_pair(o.len, o.pat);
          Expect e;
          e.out.n = o.len;
          return e;
        } else if constexpr (std::is_same_v<T, SiblingReadOp>) {
          Expect e;
          const uint64_t n = std::min(o.len, sibling_->first);
          e.out.n = n;
          e.data.resize(n);
          pattern_fill(sibling_->second, 0, e.data);
          e.known.assign(n, true);
          return e;
        } else {
          return fork(o);
        }
      },
      op);
}

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

Expect Model::map(const MapOp& o) {
  next_handle_ = std::max(next_handle_, o.h + 1);
  const auto& t = *traits_;
  // arch/x86/kernel/sys_x86_64.c: offset must be page aligned before anything else.
  if (o.off % kPage) return err(EINVAL);
  if (o.len == 0) return err(EINVAL);  // mm/mmap.c do_mmap: if (!len) return -EINVAL
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

Expect Model::hwpoison(const MadviseOp& o) {
  const auto& t = *traits_;
  // do_madvise: an unaligned start is -EINVAL, an empty range 0, before the advice runs.
  if (o.off % kPage) return err(EINVAL);
  if (o.len == 0) return ok();
  auto& m = procs_[0].maps.at(o.h);
  const uint64_t p = o.off / kPage;
  // madvise_inject_error (mm/madvise.c:1141): get_user_pages_fast on each page first; no VMA,
  // a PROT_NONE VMA or a fault that fails (past EOF, a device-dax unit outside the device)
  // leaves it without a page: -EFAULT.
  if (p >= m.pages.size() || !m.pages[p].mapped || m.pages[p].prot == PROT_NONE ||
      (!m.pages[p].populated && (beyond_eof(m, p) || unit_fault_fails(m, p)))) {
    return err(EFAULT);
  }
  // memory_failure -> memory_failure_dev_pagemap (ZONE_DEVICE pfn) forces
  // MF_ACTION_REQUIRED|MF_MUST_KILL; the injecting process is signalled at once
  // (kill_proc: force_sig_mceerr(BUS_MCEERR_AR) for t == current), with si_addr_lsb the shift
  // of its entry (dev_pagemap_mapping_shift). device-dax pages are compound folios of the
  // alignment and the kill names the head page (mf_generic_kill_procs), so si_addr is the
  // unit's start; fs-dax pages are single pages (add_to_kill_fsdax: the page's address).
  uint64_t at = p * kPage;
  int lsb = 0;
  if (t.huge_rule == BackingTraits::HugeRule::kDeviceDax) {
    at = round_down(m.off + p * kPage, t.unit) - std::min(m.off, round_down(m.off + p * kPage, t.unit));
    lsb = t.unit >= kGiB ? 30 : 21;
  } else if (uint64_t due = due_level(m, p, false, nullptr)) {
    lsb = due >= kGiB ? 30 : 21;  // GUP faults it in at the due level, or it already is
  } else if (m.pages[p].populated) {
    lsb = 0;  // an entry of some size is already there: not judged
  }
  // unmap_and_kill: unmap_mapping_range drops the entry in every process; the bytes stay (no
  // badblocks are recorded for an injected failure: a later fault maps the page again).
  note_fault(m, p, false);
  for (auto& proc : procs_) {
    for (auto& [mh, mm] : proc.maps) {
      if (mm.obj != m.obj) continue;
      for (uint64_t q = 0; q < mm.pages.size(); q++) {
        if (mm.pages[q].populated) set_populated(mm, q, false);
      }
    }
  }
  Expect e;
  e.out = Outcome::signal(SIGBUS, BUS_MCEERR_AR, at);
  e.out.lsb = lsb;
  // collect_procs walks the file's mappings (i_mmap) and the caller is signalled for the first
  // VMA of its own that maps the page: with a second mapping of it in this process, si_addr
  // may point there (seen on 6.12, device-dax).
  const uint64_t fo = m.off + p * kPage;
  for (const auto& [mh, mm] : procs_[0].maps) {
    if (mh == o.h || mm.obj != m.obj) continue;
    for (uint64_t q = 0; q < mm.pages.size() && !e.any_fault_off; q++) {
      const uint64_t qo = mm.off + q * kPage;
      e.any_fault_off = mm.pages[q].mapped && round_down(qo, t.unit) == round_down(fo, t.unit);
    }
  }
  return e;
}

namespace {
// Bytes an access of [off, off + len) got through before the fault that stopped it (the
// fault names the failing page), or all of them.
uint64_t done_before_fault(const Expect& g, uint64_t off, uint64_t len) {
  return g.out.kind == Outcome::Kind::kSig ? g.out.fault_off - std::min(g.out.fault_off, off)
                                           : len;
}
}  // namespace

Expect Model::pin(const PinOp& o) {
  const auto& t = *traits_;
  static const uint8_t kAny = 0;
  if (o.io_uring()) {
    // io_uring/rsrc.c io_buffer_validate: an empty or larger than 1 GiB buffer is -EFAULT.
    if (o.len == 0 || o.len > kGiB) return err(EFAULT);
    const uint64_t first = o.off / kPage, end = round_up(o.off + o.len, kPage) / kPage;
    // io_pin_pages (io_uring/memmap.c:155): pin_user_pages_fast(FOLL_WRITE|FOLL_LONGTERM);
    // anything short of every page is -EFAULT (:160-168), a refusal at the first page is
    // GUP's own errno: check_vma_flags (mm/gup.c:1277-1297) says -EFAULT for VM_IO|VM_PFNMAP,
    // -EOPNOTSUPP for a long-term pin of fs-dax, -EFAULT without VM_WRITE; no VMA or a fault
    // that fails (SIGBUS) is -EFAULT.
    const MappingModel& m = procs_[0].maps.at(o.h);
    const bool first_mapped = first < m.pages.size() && m.pages[first].mapped;
    if (t.pfnmap) return err(EFAULT);
    if (t.huge_rule == BackingTraits::HugeRule::kFsDax) return err(first_mapped ? EOPNOTSUPP : EFAULT);
    // Page by page: FOLL_WRITE faults each writable (a private page is copied on write now)
    // until one has no VMA, no VM_WRITE or a failing fault.
    if (access(0, o.h, first * kPage, (end - first) * kPage, &kAny, true, false).out.kind ==
        Outcome::Kind::kSig) {
      return err(EFAULT);
    }
    // Before 6.5 io_pin_pages refused a pinned range backed by a file that is neither shmem
    // nor hugetlbfs (Rule::kIoUringLeavesFileCheckToGup): device-dax. The pages were faulted
    // in all the same.
    if (!holds(t, Rule::kIoUringLeavesFileCheckToGup) && t.special_file && !t.anonymous) {
      return err(EOPNOTSUPP);
    }
    Expect e;
    if (o.via == PinOp::Via::kIoUringWrite) {
      // IORING_OP_WRITE_FIXED reads the pinned pages as they are now.
      e = access(0, o.h, o.off, o.len, nullptr);
      e.units = -1;
      e.faults.clear();
      e.out = Outcome::ok();
    } else {
      // IORING_OP_READ_FIXED stores the source's bytes through the pinned pages.
      std::vector<uint8_t> buf(o.len);
      pattern_fill(o.pat, 0, buf);
      access(0, o.h, o.off, o.len, buf.data());
    }
    e.out.n = o.len;
    return e;
  }
  if (o.odirect()) {
    const bool into = o.via == PinOp::Via::kOdirectRead;
    const DioPin d = dio_pin(o.h, o.off, o.len, into);
    if (d.err) return err(d.err);
    Expect e;
    e.out.n = d.n;
    if (into) {
      std::vector<uint8_t> buf(d.n);
      pattern_fill(o.pat, 0, buf);
      access(0, o.h, o.off, d.n, buf.data());
    } else {
      const auto n = static_cast<ptrdiff_t>(d.n);
      e.data.assign(d.g.data.begin(), d.g.data.begin() + n);
      e.known.assign(d.g.known.begin(), d.g.known.begin() + n);
    }
    return e;
  }
  // process_vm_readv/writev (mm/process_vm_access.c process_vm_rw_single_vec:
  // pin_user_pages_remote, FOLL_WRITE for a write, no FOLL_FORCE), vmsplice
  // (fs/splice.c iter_to_pipe: iov_iter_get_pages2, no FOLL_FORCE) and /proc/self/mem
  // (fs/proc/base.c mem_rw: access_remote_vm with FOLL_FORCE) copy page by page and stop at
  // the first page GUP cannot give: VM_IO|VM_PFNMAP (vfio has no ->access to fall back to),
  // no VMA, no VM_READ (VM_WRITE for a write) without FOLL_FORCE, a fault that fails. Bytes
  // before it are copied; none is -EFAULT, or -EIO for /proc/self/mem (mem_rw).
  const bool force = o.via == PinOp::Via::kProcMem || o.via == PinOp::Via::kProcMemWrite;
  if (t.pfnmap) return o.len ? err(force ? EIO : EFAULT) : Expect{};
  Expect e;
  if (o.stores()) {
    // A write takes each page as a store would: a private page is copied on write first. With
    // FOLL_FORCE (mm/gup.c check_vma_flags) a private page is written even without
    // VM_WRITE (a COW copy; the file is untouched), a shared one never.
    std::vector<uint8_t> buf(o.len);
    pattern_fill(o.pat, 0, buf);
    Expect g = access(0, o.h, o.off, o.len, buf.data(), false, false, force);
    e.out.n = done_before_fault(g, o.off, o.len);
  } else {
    // FOLL_FORCE reads a PROT_NONE page (VM_MAYREAD is enough).
    e = access(0, o.h, o.off, o.len, nullptr, false, false, force);
    e.out = Outcome::ok();
    e.out.n = e.data.size();  // the bytes before the first page GUP could not give
    e.units = -1;
    e.faults.clear();
  }
  if (*e.out.n == 0 && o.len > 0) return err(force ? EIO : EFAULT);
  return e;
}

bool Model::cow_forceable(const MappingModel& m) const {
  // mm/gup.c check_vma_flags: a FOLL_FORCE write without VM_WRITE needs a COW mapping
  // (private: VM_MAYWRITE is always set there) and is refused on hugetlb.
  const bool hugetlb =
      traits_->unit > kPage && traits_->unit_rule == BackingTraits::UnitRule::kHugetlb;
  return !m.shared && !hugetlb;
}

bool Model::valid_while_held(const Op& op) const {
  // A truncate/punch the pin holds back keeps the file's i_rwsem: nothing on the file or its
  // mappings can run until the release; other files can.
  if (held_->blocked) {
    return std::holds_alternative<ReleaseOp>(op) || std::holds_alternative<SiblingWriteOp>(op) ||
           std::holds_alternative<SiblingReadOp>(op);
  }
  // The model follows the held pages through what the generator does meanwhile: stores and
  // loads, protection, unmapping, MADV_DONTNEED, file I/O, and truncate/punch of whole units
  // (a partial unit is zeroed in place on some backings and freed on others). Moving or
  // copying the pages (mremap, fork) is left out, and so is what a pin-held page changes for
  // other observers (fault counts, KVM, memory failure, writeback).
  return std::visit(
      [&](const auto& o) -> bool {
        using T = std::decay_t<decltype(o)>;
        const uint64_t u = traits_->unit;
        if constexpr (std::is_same_v<T, MadviseOp>) {
          return o.advice == MADV_DONTNEED;
        } else if constexpr (std::is_same_v<T, TruncateOp>) {
          return o.size % u == 0;
        } else if constexpr (std::is_same_v<T, PunchHoleOp>) {
          return o.off % u == 0 && o.len % u == 0;
        } else {
          return !(std::is_same_v<T, MremapOp> || std::is_same_v<T, ForkOp> ||
                   std::is_same_v<T, ProbeOp> || std::is_same_v<T, KvmSlotOp> ||
                   std::is_same_v<T, KvmAccessOp> || std::is_same_v<T, KvmDirtyOp> ||
                   std::is_same_v<T, MsyncOp> || std::is_same_v<T, HoldReadOp>);
        }
      },
      op);
}

bool Model::pin_blocks_layout_change() const {
  // ext4_break_layouts / xfs_break_dax_layouts, called by every size change and every
  // fallocate mode but allocation before anything else (ext4 even before the offset >= i_size
  // check of a punch), wait while dax_layout_busy_page finds a page of the file with an extra
  // reference: the whole file is scanned (fs/dax.c dax_layout_busy_page_range 0..LLONG_MAX),
  // whether or not the file is still mapped: the blocks of a page pinned for DMA are not freed
  // under it. (6.12-6.14 return NULL at once when !mapping_mapped: known issue
  // fsdax-unmapped-truncate-pinned-dma, fixed in 6.15.) Other backings never wait for pins:
  // shmem and hugetlbfs drop the page from the cache and the pin keeps it alive.
  if (!traits_->dax_file) return false;
  for (const auto& pc : held_->pieces) {
    if (pc.live && pc.obj == 0) return true;
  }
  return false;
}

void Model::orphan(int obj, int h, uint64_t from, uint64_t to) {
  if (!held_) return;
  const uint64_t u = obj >= 0 ? traits_->unit : kPage;
  for (auto& pc : held_->pieces) {
    if (pc.obj != obj || (obj < 0 && pc.h != h)) continue;
    // The page (a huge page: the unit) goes only when all of it is in the range.
    const uint64_t b = round_down(pc.at, u);
    if (b >= from && b + u <= to) pc.live = false;
  }
}

Model::DioPin Model::dio_pin(int h, uint64_t off, uint64_t len, bool into) {
  DioPin d;
  // block/fops.c blkdev_dio_invalid: position, length and buffer address must be aligned to
  // the logical block size (512 here), else -EINVAL.
  if (off % 512 || len % 512) {
    d.err = EINVAL;
    return d;
  }
  if (len == 0) return d;
  if (traits_->pfnmap) {
    d.err = EFAULT;  // check_vma_flags: VM_IO|VM_PFNMAP
    return d;
  }
  // __blkdev_direct_IO_simple/_async pin the buffer up front (bio_iov_iter_get_pages,
  // FOLL_PIN, FOLL_WRITE when the device is read into it); a bio with fewer pages than asked
  // is sent as it is (a short transfer), none at all is -EFAULT. Where the pin stops is where
  // an access would fault: no VMA, no permission (no FOLL_FORCE), a fault that fails.
  static const uint8_t kAny = 0;
  d.g = into ? access(0, h, off, len, &kAny, true, false) : access(0, h, off, len, nullptr);
  d.n = done_before_fault(d.g, off, len);
  // More than BIO_MAX_VECS (256) pages take __blkdev_direct_IO, one bio after another: a
  // bio that gets no page at all fails the whole call (found in the VM: a 2 MiB write whose
  // second half was unmapped is -EFAULT, not a short write).
  const uint64_t spanned = (round_up(off + len, kPage) - round_down(off, kPage)) / kPage;
  if (d.n == 0 || (d.n < len && spanned > 256)) d.err = EFAULT;
  return d;
}

Expect Model::hold_read(const HoldReadOp& o) {
  // The read is the O_DIRECT read of Model::pin (block/fops.c): a bad alignment is -EINVAL, a
  // VM_PFNMAP buffer -EFAULT, and the pin (FOLL_WRITE: private pages are copied on write now)
  // stops where an access would fault; nothing pinned is -EFAULT. All of it before the bio is
  // submitted, so these complete at once; a read with pages held waits at the device.
  const DioPin d = dio_pin(o.h, o.off, o.len, true);
  if (d.err) return err(d.err);
  const uint64_t n = d.n;
  if (n == 0) {
    Expect e;
    e.out.n = 0;
    return e;
  }
  const MappingModel& m = procs_[0].maps.at(o.h);
  HeldRead r;
  r.pat = o.pat;
  r.n = n;
  for (uint64_t i = 0; i < n;) {
    const uint64_t pos = o.off + i, len = std::min(kPage - pos % kPage, n - i);
    HeldPiece pc;
    pc.h = o.h;
    pc.len = len;
    pc.src = i;
    if (m.shared && m.obj >= 0) {
      pc.obj = m.obj;
      pc.at = m.off + pos;
    } else {
      pc.at = pos;
    }
    r.pieces.push_back(pc);
    i += len;
  }
  held_ = std::move(r);
  return ok();
}

Expect Model::release() {
  HeldRead r = std::move(*held_);
  held_.reset();
  std::vector<uint8_t> data(r.n);
  pattern_fill(r.pat, 0, data);
  for (const auto& pc : r.pieces) {
    if (!pc.live) continue;
    if (pc.obj >= 0) {
      objects_[pc.obj].write(pc.at, data.data() + pc.src, pc.len);
      continue;
    }
    PageState& ps = procs_[0].maps.at(pc.h).pages[pc.at / kPage];
    auto copy = std::make_shared<PageData>(*ps.priv);
    memcpy(copy->bytes.data() + pc.at % kPage, data.data() + pc.src, pc.len);
    set_unknown(*copy, pc.at % kPage, pc.len, false);
    ps.priv = std::move(copy);
  }
  Expect e;
  e.out.n = r.n;
  return e;
}

Expect Model::kvm_slot(const KvmSlotOp& o) {
  if (o.len == 0) {
    kvm_slots_.erase(o.slot);  // KVM_SET_USER_MEMORY_REGION with memory_size 0 deletes it
    return ok();
  }
  // virt/kvm/kvm_main.c __kvm_set_memory_region: size and host address page aligned, else
  // -EINVAL; the host range is not looked at until the guest faults on it.
  if (o.len % kPage || o.off % kPage) return err(EINVAL);
  const MappingModel& m = procs_[0].maps.at(o.h);
  kvm_slots_[o.slot] = KvmSlotModel{o.h, o.off, o.len, o.readonly, m.moves, o.log_dirty, {}};
  return ok();
}

Expect Model::kvm_dirty(const KvmDirtyOp& o) {
  // KVM_GET_DIRTY_LOG (virt/kvm/kvm_main.c kvm_get_dirty_log_protect): every page the guest
  // wrote since the last call is set; the log starts over. KVM may report more (a page it
  // wrote itself, a whole huge page), never one outside the slot.
  KvmSlotModel& s = kvm_slots_.at(o.slot);
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
  Expect a = access(0, s.h, s.off + o.off, inside, o.write ? pat.data() : nullptr);
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
    static const uint8_t kAny = 0;
    Expect e = access(0, o.h, from * kPage, (to - from) * kPage, write ? &kAny : nullptr, true, !write);
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
  bool known = flag_change || o.advice == MADV_DONTNEED || o.advice == MADV_WILLNEED;
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

// The kernel now and then counts a fault of its own around a first touch (seen on 6.18: two
// faults for one access to a fresh hugetlb page right after fork, 1-2% of the time in a plain C
// loop), so a due huge entry may show up to 1 + kFaultSlack faults. Only bounds that tell the
// levels apart in spite of that slack are kept: a 2 MiB unit with at least kMinPages pages
// touched (a 4 KiB fallback costs that many faults), a 1 GiB group of at least kMinPages units
// (a PMD fallback costs one per unit).
constexpr uint32_t kFaultSlack = 2;
constexpr uint64_t kMinPages = 16;

Expect Model::probe(const ProbeOp& o) {
  static const uint8_t kAny = 0;
  Expect e = access(o.proc, o.h, o.off, o.len, o.store ? &kAny : nullptr, o.store, true);
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

Expect Model::access(int proc, int h, uint64_t off, uint64_t len, const uint8_t* wdata,
                     bool same_bytes, bool probing, bool force) {
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
    if (traits_->huge_rule == BackingTraits::HugeRule::kFsDax && m.obj >= 0) {
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

void Model::taint_file(uint64_t from, uint64_t to) {
  if (traits_->huge_rule != BackingTraits::HugeRule::kFsDax || objects_.empty() || to <= from) {
    return;
  }
  for (uint64_t u = from / (2 * kMiB); u * 2 * kMiB < to; u++) objects_[0].small_units.insert(u);
}

Expect Model::sys_write(const SysWriteOp& o) {
  if (traits_->sys_write_errno) return err(traits_->sys_write_errno);
  auto& obj = objects_[0];
  uint64_t len = o.len;
  if (traits_->fixed_size) {
    if (o.off >= obj.size) return err(EINVAL);  // vfio_pci_bar_rw: pos >= end
    len = std::min(len, obj.size - o.off);
  }
  std::vector<uint8_t> buf(o.len);
  pattern_fill(o.pat, 0, buf);
  obj.write(o.off, buf.data(), len);
  // write(2) on fs-dax converts or allocates blocks for just this range (dax_iomap_rw):
  // the extent around it may be split.
  taint_file(o.off, o.off + len);
  if (len) obj.size = std::max(obj.size, o.off + len);
  Expect e;
  e.out.n = len;
  return e;
}

Expect Model::sys_read(const SysReadOp& o) {
  if (traits_->sys_read_errno) return err(traits_->sys_read_errno);
  const auto& obj = objects_[0];
  if (traits_->fixed_size && o.off >= obj.size) return err(EINVAL);  // vfio_pci_bar_rw
  uint64_t n = o.off < obj.size ? std::min(o.len, obj.size - o.off) : 0;
  Expect e;
  e.out.n = n;
  e.data.resize(n);
  e.known.assign(n, true);
  obj.read(o.off, n, e.data.data(), &e.known, 0);
  return e;
}

Expect Model::truncate(const TruncateOp& o) {
  auto& obj = objects_[0];
  if (traits_->truncate_unit_only && o.size % traits_->unit) return err(EINVAL);
  Expect e;
  e.out.held = held_ && pin_blocks_layout_change();
  if (e.out.held) held_->blocked = true;
  if (o.size <= obj.size) orphan(0, -1, round_up(o.size, kPage), UINT64_MAX);
  if (o.size <= obj.size) {
    // shmem_setattr / truncate_pagecache (newsize <= oldsize): the EOF page's tail is zeroed,
    // whole pages past EOF are freed and unmapped from every mapping, private COW copies
    // included (even_cows = 1). The EOF page itself stays mapped.
    uint64_t keep = round_up(o.size, kPage);
    obj.zero(o.size, keep - o.size);
    obj.pages.erase(obj.pages.lower_bound(keep / kPage), obj.pages.end());
    obj.cached.erase(obj.cached.lower_bound(round_up(o.size, traits_->unit) / traits_->unit),
                     obj.cached.end());
    drop_private(0, keep, UINT64_MAX);
  }
  // Blocks freed past EOF, or a hole grown into: what a later fault finds there is
  // allocated afresh, aligned or not.
  taint_file(std::min(obj.size, o.size), std::max(obj.size, o.size));
  obj.size = o.size;
  return e;
}

Expect Model::punch(const PunchHoleOp& o) {
  // fallocate(2): len <= 0 is -EINVAL (fs/open.c vfs_fallocate).
  if (o.len == 0) return err(EINVAL);
  auto& obj = objects_[0];
  const uint64_t u = traits_->unit;
  uint64_t end = o.off + o.len;
  uint64_t full_b = round_up(o.off, u), full_e = std::max(full_b, round_down(end, u));
  Expect e;
  e.out.held = held_ && pin_blocks_layout_change();
  if (e.out.held) held_->blocked = true;
  orphan(0, -1, full_b, full_e);
  if (traits_->punch_zeroes_partial) {
    obj.zero(o.off, o.len);
  } else {
    obj.zero(full_b, full_e - full_b);
  }
  if (traits_->punch_drops_private) drop_private(0, full_b, full_e);
  taint_file(o.off, end);
  obj.cached.erase(obj.cached.lower_bound(full_b / u), obj.cached.lower_bound(full_e / u));
  return e;
}

Expect Model::fork(const ForkOp&) {
  // dup_mmap skips VM_DONTCOPY (MADV_DONTFORK) VMAs; private pages are shared COW, which for
  // the model is the same as each process having its own copy.
  ProcModel child = procs_[0];
  for (auto& [h, m] : child.maps) {
    for (auto& p : m.pages) {
      if (p.dontfork) p = PageState{};
      // copy_page_range copies no entries of a shared file VMA without anon_vma that is not
      // VM_PFNMAP/VM_MIXEDMAP (device-dax): the child faults everything in again.
      p.populated = false;
    }
  }
  procs_.push_back(std::move(child));
  return ok();
}

}  // namespace daxprop
