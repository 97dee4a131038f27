// The model, the file: read(2)/write(2), truncate, punch-hole and memory failure (mm/filemap.c,
// mm/truncate.c, fs/dax.c, mm/memory-failure.c).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

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
  if (const uint64_t unit = t.poison_unit(); unit > kPage) {
    at = round_down(m.off + p * kPage, unit) - std::min(m.off, round_down(m.off + p * kPage, unit));
    lsb = unit >= kGiB ? 30 : 21;
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

void Model::taint_file(uint64_t from, uint64_t to) {
  if (!traits_->file_entries_per_unit() || objects_.empty() || to <= from) {
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
  if (!traits_->truncate_ok) return err(traits_->truncate_errno);
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
  if (!traits_->punch_ok) return err(traits_->punch_errno);
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

}  // namespace daxprop
