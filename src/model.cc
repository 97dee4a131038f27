// The model's state and its dispatch: the objects' bytes, which ops make sense (valid), each op's
// expectation (step), fork. The rest of the model lives by kernel subsystem: model_vma.cc (VMA
// operations and advice), model_fault.cc (faults and COW), model_size.cc (SIZE: entry levels),
// model_pin.cc (GUP and pins), model_kvm.cc (KVM memslots), model_file.cc (the file: read(2)/
// write(2), truncate, punch-hole, memory failure).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

uint64_t round_down(uint64_t v, uint64_t a) { return v / a * a; }

PagePtr ObjectModel::page(uint64_t index) const {
  auto it = pages.find(index);
  if (it != pages.end()) return it->second;
  if (index < unknown_from / kPage) return zero_page();
  static const PagePtr unknown = [] {
    auto p = std::make_shared<PageData>();
    p->unknown.set();
    return p;
  }();
  return unknown;
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
    // An absent page reads as zeros below unknown_from, as unknown bytes from there on.
    const bool absent_is_zero = idx < unknown_from / kPage;
    if (n == kPage) {
      if (absent_is_zero) {
        pages.erase(idx);
      } else {
        pages[idx] = zero_page();
      }
    } else if (!absent_is_zero || pages.count(idx)) {
      auto p = std::make_shared<PageData>(*page(idx));
      std::fill_n(p->bytes.data() + in, n, 0);
      set_unknown(*p, in, n, false);
      pages[idx] = std::move(p);
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
    if (traits_->fixed_size) objects_[0].unknown_from = traits_->zeroed_per_case();
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
          // Slots are made over live mappings (a deletion needs none); a slot is never
          // re-pointed while it exists (KVM refuses to move a slot's host range: -EINVAL).
          if (o.len == 0) return o.slot >= 1 && o.slot <= 3;
          // Made again while it exists: not a change of its dirty-log flag alone (KVM's
          // flags-only change, not modelled).
          auto it = kvm_slots_.find(o.slot);
          if (it != kvm_slots_.end() && it->second.log_dirty != o.log_dirty) return false;
          // A new slot longer than its GiB of guest-physical space only where it overlaps
          // another (-EEXIST): one that is made would reach host addresses past its mapping,
          // where other mappings may be moved to.
          if (it == kvm_slots_.end() && o.len > kGiB && !overlaps_slot(o.slot, o.len)) return false;
          return mapping(0, o.h) != nullptr;
        } else if constexpr (std::is_same_v<T, KvmAccessOp>) {
          // The guest runs in 32-bit protected mode: a GPA from 4 GiB on wraps to 0 (its own
          // memory), so accesses end below 4 GiB (slot s sits at GPA s GiB).
          // Past its slot's GiB an access reaches the next slot's GPAs: the model follows one
          // slot per access, so not when that slot exists.
          return kvm_slots_.count(o.slot) > 0 && o.len <= 3 * kMiB &&
                 static_cast<uint64_t>(o.slot) * kGiB + o.off + o.len <= 4 * kGiB &&
                 (o.off + o.len <= kGiB || !kvm_slots_.count(o.slot + 1));
        } else if constexpr (std::is_same_v<T, KvmDirtyOp>) {
          return o.slot >= 1 && o.slot <= 3;
        } else if constexpr (std::is_same_v<T, MadviseOp>) {
          // Poison only where it is allowed, and only into shared DAX pages (a private COW
          // page is ordinary RAM: memory_failure would take another path).
          const MappingModel* mm = mapping(0, o.h);
          if (!mm || o.advice != MADV_HWPOISON) return mm != nullptr;
          if (!traits_->poison_ok || !mm->shared) return false;
          // A unit reaching past the device: nothing to poison there (GUP fails the fault;
          // not modelled).
          if (traits_->fixed_size && mm->obj >= 0 &&
              round_down(mm->off + o.off, traits_->unit) + traits_->unit > objects_[mm->obj].size) {
            return false;
          }
          // fs-dax: only a page whose block was written is a pmem page. A hole (or an
          // unwritten extent, as fallocate leaves it) is mapped with the shared zero page or
          // huge zero page (fs/dax.c dax_load_hole/dax_pmd_load_hole), and poisoning that is
          // poisoning ordinary kernel memory ("recovery action for unsplit thp: Failed" for
          // the huge zero page, seen on 6.12): not this property's business.
          if (traits_->poison_needs_written_block()) {
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
          return access(o.proc, o.h, o.off, o.len, Access::kStore, buf.data());
        } else if constexpr (std::is_same_v<T, ReadOp>) {
          return access(o.proc, o.h, o.off, o.len, Access::kLoad);
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
