// The model, GUP and pins: what reaches a mapping's pages through get_user_pages (io_uring fixed
// buffers, O_DIRECT, process_vm_readv/writev, /proc/self/mem, vmsplice) and a read held in flight
// (mm/gup.c, block/fops.c, fs/dax.c dax_break_layout).
#include "src/model.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>

#include "src/model_detail.h"

namespace daxprop {

using namespace model_detail;

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
    // fs-dax's refusal is the slow path's (check_vma_flags sees the VMA). GUP-fast comes first
    // (gup_fast_pte_range, mm/gup.c:2964-2996): it stops at a DAX page (pte_devmap with
    // FOLL_LONGTERM) but pins a private COW copy, ordinary anonymous memory, whose PTE is
    // writable. What it took is kept (gup_fast_fallback, :3479-3486): every page, the pin
    // holds; some, io_pin_pages' short count, -EFAULT; none, the slow path's -EOPNOTSUPP. How
    // far it gets past a leading copy is not the model's to know (a fork write-protects the
    // copies, a migration entry stops it), so each shorter outcome is allowed too.
    const uint64_t copies = t.longterm_pin_errno() == EOPNOTSUPP ? leading_copies(m, first, end) : 0;
    if (const int refused = t.longterm_pin_errno(); refused && copies < end - first) {
      if (copies == 0) return err(refused == EOPNOTSUPP && !first_mapped ? EFAULT : refused);
      Expect e = err(EFAULT);
      e.alt_errs = {EOPNOTSUPP, 0};
      return e;
    }
    // Page by page: FOLL_WRITE faults each writable (a private page is copied on write now)
    // until one has no VMA, no VM_WRITE or a failing fault.
    if (access(0, o.h, first * kPage, (end - first) * kPage, Access::kStoreSame).out.kind ==
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
      e = access(0, o.h, o.off, o.len, Access::kLoad);
      e.units = -1;
      e.faults.clear();
      e.out = Outcome::ok();
    } else {
      // IORING_OP_READ_FIXED stores the source's bytes through the pinned pages.
      std::vector<uint8_t> buf(o.len);
      pattern_fill(o.pat, 0, buf);
      access(0, o.h, o.off, o.len, Access::kStore, buf.data());
    }
    e.out.n = o.len;
    if (copies) {
      // Every page a private copy (above): the pin holds if GUP-fast took them all; if it
      // stopped short, -EFAULT or -EOPNOTSUPP and no byte stored.
      e.alt_errs = {EFAULT, EOPNOTSUPP};
      if (o.via != PinOp::Via::kIoUringWrite) forget_private(o.h, o.off, o.len);
    }
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
      access(0, o.h, o.off, d.n, Access::kStore, buf.data());
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
    Expect g = access(0, o.h, o.off, o.len, force ? Access::kForcedStore : Access::kStore, buf.data());
    e.out.n = done_before_fault(g, o.off, o.len);
  } else {
    // FOLL_FORCE reads a PROT_NONE page (VM_MAYREAD is enough).
    e = access(0, o.h, o.off, o.len, force ? Access::kForcedLoad : Access::kLoad);
    e.out = Outcome::ok();
    e.out.n = e.data.size();  // the bytes before the first page GUP could not give
    e.units = -1;
    e.faults.clear();
  }
  if (*e.out.n == 0 && o.len > 0) return err(force ? EIO : EFAULT);
  return e;
}

// The model follows the held pages through what the generator does meanwhile: stores and
// loads, protection, unmapping, MADV_DONTNEED, file I/O, and truncate/punch of whole units (a
// partial unit is zeroed in place on some backings and freed on others). Moving or copying the
// pages (mremap, fork) is left out, and so is what a pin-held page changes for other observers
// (fault counts, KVM, memory failure, writeback), and a second held read.
bool Model::runs_while_held(int rt_kind) {
  switch (rt_kind) {
    case RT_MREMAP: case RT_FORK: case RT_PROBE: case RT_KVM_SLOT: case RT_KVM_ACCESS:
    case RT_KVM_DIRTY: case RT_MSYNC: case RT_HOLD_READ:
      return false;
    default:
      return true;
  }
}

bool Model::valid_while_held(const Op& op) const {
  // A truncate/punch the pin holds back keeps the file's i_rwsem: nothing on the file or its
  // mappings can run until the release; other files can.
  if (held_->blocked) {
    return std::holds_alternative<ReleaseOp>(op) || std::holds_alternative<SiblingWriteOp>(op) ||
           std::holds_alternative<SiblingReadOp>(op);
  }
  if (!runs_while_held(lower(op).kind)) return false;
  const uint64_t u = traits_->unit;
  if (const auto* m = std::get_if<MadviseOp>(&op)) return m->advice == MADV_DONTNEED;
  if (const auto* t = std::get_if<TruncateOp>(&op)) return t->size % u == 0;
  if (const auto* p = std::get_if<PunchHoleOp>(&op)) return p->off % u == 0 && p->len % u == 0;
  return true;
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
  // kDioAlign: position, length and buffer address.
  if (off % kDioAlign || len % kDioAlign) {
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
  d.g = into ? access(0, h, off, len, Access::kStoreSame) : access(0, h, off, len, Access::kLoad);
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

uint64_t Model::leading_copies(const MappingModel& m, uint64_t first, uint64_t end) const {
  uint64_t p = first;
  while (p < end && p < m.pages.size() && m.pages[p].mapped && m.pages[p].priv &&
         (m.pages[p].prot & PROT_WRITE)) {
    p++;
  }
  return p - first;
}

void Model::forget_private(int h, uint64_t off, uint64_t len) {
  MappingModel& m = procs_[0].maps.at(h);
  for (uint64_t i = 0; i < len;) {
    const uint64_t p = (off + i) / kPage, in = (off + i) % kPage, n = std::min(kPage - in, len - i);
    auto copy = std::make_shared<PageData>(*m.pages[p].priv);
    set_unknown(*copy, in, n, true);
    m.pages[p].priv = std::move(copy);
    i += n;
  }
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

}  // namespace daxprop
