// The model: a plain-struct picture of what the kernel should be holding after every op, and the
// outcome each op must have. One model serves every backing; traits carry the differences.
//
// Bytes are kept per 4 KiB page, copy-on-write (shared_ptr to immutable pages), so copying a
// model — RapidCheck does it for every command, fork does it for a process — is cheap.
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/ops.h"
#include "src/traits.h"

namespace daxprop {

struct PageData {
  std::array<uint8_t, kPage> bytes{};
  // Bytes whose value the kernel leaves unspecified (stores through a mapping past EOF).
  std::bitset<kPage> unknown;
};
using PagePtr = std::shared_ptr<const PageData>;

// Bytes of one backing object (a file, a memfd, a shmem segment). Missing pages read as zeros.
struct ObjectModel {
  uint64_t size = 0;
  std::map<uint64_t, PagePtr> pages;
  // Units present in the page cache (tracked where a private fault on a hole does not fill the
  // page cache: see BackingTraits::private_hole_fault_is_anon).
  std::set<uint64_t> cached;
  // fs-dax: 2 MiB file units where a PMD fault may fall back: a 4 KiB DAX entry may sit in the
  // mapping's xarray (grab_mapping_entry refuses a PMD over it) or the extent may be split
  // (written/unwritten pieces, reallocated blocks: iomap_length < PMD_SIZE).
  std::set<uint64_t> small_units;
  // Bytes from here on that the case has not written are unknown: a device's or a BAR's past
  // what each case zeroes (BackingTraits::zeroed_per_case). A multiple of the page.
  uint64_t unknown_from = UINT64_MAX;

  void read(uint64_t off, uint64_t len, uint8_t* out, std::vector<bool>* known,
            size_t known_at) const;
  void write(uint64_t off, const uint8_t* data, uint64_t len, bool unknown = false);
  void zero(uint64_t off, uint64_t len);
  PagePtr page(uint64_t index) const;  // a zero (or unknown) page if absent
};

// One 4 KiB page of a mapping as one process sees it.
struct PageState {
  bool mapped = false;
  int prot = 0;
  bool dontfork = false;
  PagePtr priv;  // the private copy of a MAP_PRIVATE page once written (COW), else null
  // A VMA starts here even though the page before is alike: set where a split happened on a
  // backing whose VMAs never merge again (VM_SPECIAL).
  bool vma_start = false;
  // device-dax only: a page-table entry maps this page's unit, so an access does not fault.
  // It matters where a fault would fail (a VMA grown off the unit by mremap): the units that
  // were already mapped keep working (drivers/dax/device.c checks the VMA only in faults).
  bool populated = false;
  // SIZE: a PTE table may exist for the 2 MiB of address space around this page (a fault there
  // was not due at PMD level), so later faults there are 4 KiB (mm/memory.c __handle_mm_fault
  // tries a huge PMD only while pmd_none). pmd_table: the same for the 1 GiB and PUD entries.
  bool pte_table = false;
  bool pmd_table = false;
  // fs-dax: msync(MS_SYNC) write-protected this page's entry and no store through this
  // mapping has faulted it writable since: the next store must fault.
  bool wp_due = false;
  bool operator==(const PageState& o) const {
    return mapped == o.mapped && prot == o.prot && dontfork == o.dontfork && priv == o.priv &&
           vma_start == o.vma_start && populated == o.populated && pte_table == o.pte_table &&
           pmd_table == o.pmd_table && wp_due == o.wp_due;
  }
};

// A mapping's pages in copy-on-write chunks of 512 (2 MiB of address space). Copying a model,
// which RapidCheck does for every command it generates and fork does for a process, copies one
// pointer per chunk instead of a record per page (a 1 GiB mapping: 512 pointers, not 262,144
// records); a change to a page copies its chunk only when another model still shares it. A
// freshly mapped range shares one chunk until its pages start to differ. The interface is a
// vector's (index, size, assign, resize, range-for); a reference returned by the non-const
// operator[] stays valid until the next copy of the container.
class PageVec {
 public:
  static constexpr size_t kChunk = 512;
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const PageState& operator[](size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }
  PageState& operator[](size_t i) { return own(i / kChunk)[i % kChunk]; }
  void assign(size_t n, const PageState& v) {
    chunks_.clear();
    n_ = 0;
    resize(n, v);
  }
  void resize(size_t n, const PageState& v = PageState{}) {
    if (n < n_) {
      chunks_.resize((n + kChunk - 1) / kChunk);
      if (n % kChunk) own(n / kChunk).resize(n % kChunk);
      n_ = n;
      return;
    }
    if (n_ % kChunk && n > n_) {  // fill the last, partial chunk first
      Chunk& last = own(n_ / kChunk);
      const size_t add = std::min(kChunk - last.size(), n - n_);
      last.insert(last.end(), add, v);
      n_ += add;
    }
    std::shared_ptr<Chunk> full;  // the whole chunks added share one until they differ
    while (n_ < n) {
      const size_t k = std::min(kChunk, n - n_);
      if (k == kChunk && !full) full = std::make_shared<Chunk>(kChunk, v);
      chunks_.push_back(k == kChunk ? full : std::make_shared<Chunk>(k, v));
      n_ += k;
    }
  }
  template <typename V, typename C>
  struct Iter {
    C* c;
    size_t i;
    V& operator*() const { return (*c)[i]; }
    Iter& operator++() {
      ++i;
      return *this;
    }
    bool operator!=(const Iter& o) const { return i != o.i; }
  };
  Iter<PageState, PageVec> begin() { return {this, 0}; }
  Iter<PageState, PageVec> end() { return {this, n_}; }
  Iter<const PageState, const PageVec> begin() const { return {this, 0}; }
  Iter<const PageState, const PageVec> end() const { return {this, n_}; }

 private:
  using Chunk = std::vector<PageState>;
  Chunk& own(size_t c) {
    if (chunks_[c].use_count() > 1) chunks_[c] = std::make_shared<Chunk>(*chunks_[c]);
    return *chunks_[c];
  }
  std::vector<std::shared_ptr<Chunk>> chunks_;
  size_t n_ = 0;
};

struct MappingModel {
  int obj = -1;        // object index; -1 for private anonymous memory
  uint64_t off = 0;    // object offset of the mapping's first byte
  bool shared = true;
  bool split = false;  // a sub-range was changed: VMA boundaries are no longer one run
  // Virtual address of the first page modulo 1 GiB (slots are 1 GiB aligned, so it is the
  // map's misalignment; a MREMAP_FIXED move makes it 0): the SIZE rules find 2 MiB/1 GiB
  // boundaries with it.
  uint64_t va = 0;
  int moves = 0;  // MREMAP_FIXED moves so far: a KVM memslot made before one maps nothing now
  bool locked = false;  // VM_LOCKED (MAP_LOCKED, where the backing keeps it): no LRU advice
  PageVec pages;
  uint64_t len() const { return pages.size() * kPage; }
};

struct ProcModel {
  std::map<int, MappingModel> maps;  // by handle
};

// What an op must do: its outcome and, for reads, the bytes (with a mask of the bytes the
// model can vouch for).
// A probe's fault count, summed over `n` consecutive 2 MiB units starting at unit `first`,
// must lie in [min, max].
struct FaultBound {
  size_t first = 0, n = 1;
  uint32_t min = 0, max = UINT32_MAX;
  uint64_t off = 0, len = 0;  // the part of the probed range these units cover (mapping offsets)
  std::string why;
  bool operator==(const FaultBound&) const = default;
};

struct Expect {
  Outcome out;
  std::vector<uint8_t> data;
  std::vector<bool> known;
  // probe: how many 2 MiB units the observation must list (-1: not known to the model) and
  // the bounds on their fault counts.
  int64_t units = -1;
  std::vector<FaultBound> faults;
  // The signal may name another mapping of the same page in this process (memory failure
  // signals the first VMA it finds): fault_off is not judged.
  bool any_fault_off = false;
  // kvm access: lower bounds on KVM's huge stage-2 mappings after it: 2 MiB units (a 1 GiB
  // page counts 512) and 1 GiB pages, from the units the guest touched where the host's own
  // mapping is due huge.
  uint64_t kvm_min_2m = 0, kvm_min_1g = 0;
  // kvm access predicted -EFAULT (the host page is gone or refused): an MMIO exit at the same
  // place also keeps stale data from the guest (seen instead of -EFAULT on a non-upstream KVM).
  bool kvm_stop = false;
  // Errnos the op may fail with instead of `out` (0: none), each leaving the model's state as
  // `out` does: GUP-fast is best effort, and where it takes pages the slow path would refuse,
  // the result depends on how many it took (Model::pin, io_uring over private COW copies).
  std::array<int, 2> alt_errs{};
  // kvm_dirty: pages the log must report (every page the guest wrote), and the slot's size in
  // pages (nothing past it can be reported).
  std::vector<uint64_t> must_dirty;
  uint64_t slot_pages = 0;
  bool operator==(const Expect&) const = default;
};


// A KVM memslot: [off, off + len) of mapping h, as it was when the slot was made.
struct KvmSlotModel {
  int h = 0;
  uint64_t off = 0, len = 0;
  bool readonly = false;
  int moves = 0;
  bool log_dirty = false;
  std::set<uint64_t> dirty;  // slot pages the guest wrote since the last KVM_GET_DIRTY_LOG
};

// A read held in flight (HoldReadOp): its bytes land at `release`, in the pages it pinned at
// submission, wherever those are then. A piece is one page's part of it; it dies when its page
// leaves the file or the mapping (truncate, punch, munmap, MADV_DONTNEED): the I/O then fills
// a page nobody sees.
struct HeldPiece {
  int obj = -1;      // >= 0: a page of that object, at byte `at`; -1: a private page of map h
  int h = 0;
  uint64_t at = 0;   // object offset, or offset in mapping h
  uint64_t len = 0;  // bytes, all in one page
  uint64_t src = 0;  // offset into the read's bytes
  bool live = true;
};
struct HeldRead {
  uint32_t pat = 0;
  uint64_t n = 0;
  std::vector<HeldPiece> pieces;
  bool blocked = false;  // a truncate/punch waits for the pin (fs-dax): the file is busy
};

class Model {
 public:
  explicit Model(BackingTraits traits);

  const BackingTraits& traits() const { return *traits_; }
  bool has_file() const { return !traits_->anonymous; }
  const ObjectModel& file() const { return objects_.at(0); }
  const std::vector<ProcModel>& procs() const { return procs_; }
  const MappingModel* mapping(int proc, int h) const;
  int next_handle() const { return next_handle_; }
  int next_proc() const { return static_cast<int>(procs_.size()); }
  const std::map<int, KvmSlotModel>& kvm_slots() const { return kvm_slots_; }
  // A read is held in flight; a truncate or punch of the file is waiting for it.
  bool holding() const { return held_.has_value(); }
  bool hold_blocked() const { return held_ && held_->blocked; }
  // The op kinds (enum rt_kind) the model follows while a read is held, whole or in part (the
  // generator asks, and valid_while_held says which of their ops).
  static bool runs_while_held(int rt_kind);
  // block/fops.c blkdev_dio_invalid: O_DIRECT wants position, length and buffer aligned to the
  // scratch device's logical block size, else -EINVAL.
  static constexpr uint64_t kDioAlign = 512;
  bool has_sibling() const { return sibling_.has_value(); }

  // Whether the op may appear in this state at all (handles and processes exist, the backing
  // has a file for file ops). Ops that the kernel must refuse are valid: they test ARGS.
  bool valid(const Op& op) const;
  // Predicts the op's outcome and moves the model to the state after it.
  Expect step(const Op& op);

 private:
  Expect map(const MapOp& o);
  Expect unmap(const UnmapOp& o);
  Expect mprotect(const MprotectOp& o);
  Expect mremap(const MremapOp& o);
  Expect madvise(const MadviseOp& o);
  Expect hwpoison(const MadviseOp& o);
  Expect populate(const MadviseOp& o);
  Expect pin(const PinOp& o);
  Expect kvm_slot(const KvmSlotOp& o);
  Expect kvm_access(const KvmAccessOp& o);
  Expect kvm_dirty(const KvmDirtyOp& o);
  Expect hold_read(const HoldReadOp& o);
  // O_DIRECT's pin of [off, off + len) of mapping h (block/fops.c), for a read into it or a
  // write from it: the errno it fails with, or the bytes the transfer gets (n) and what an
  // access saw up to the fault (g).
  struct DioPin {
    int err = 0;
    uint64_t n = 0;
    Expect g;
  };
  DioPin dio_pin(int h, uint64_t off, uint64_t len, bool into);
  Expect release();
  // Would a truncate/punch wait for the held read now? fs-dax only (fs/dax.c
  // dax_layout_busy_page: a mapped file with a page of it pinned).
  bool pin_blocks_layout_change() const;
  // Would a new KVM slot `slot` of `len` bytes overlap another slot's guest-physical range?
  bool overlaps_slot(int slot, uint64_t len) const;
  // How many pages from `first` (before `end`) GUP-fast may pin for a long-term write pin:
  // mapped, writable private COW copies (a DAX page stops it).
  uint64_t leading_copies(const MappingModel& m, uint64_t first, uint64_t end) const;
  // The bytes [off, off + len) of mapping h's private copies (proc 0) are no longer known.
  void forget_private(int h, uint64_t off, uint64_t len);
  // Would a FOLL_FORCE write take a page of m without VM_WRITE (as a COW copy)?
  bool cow_forceable(const MappingModel& m) const;
  // The ops the model can follow while a read is held (valid() says no to the rest).
  bool valid_while_held(const Op& op) const;
  // The held read's pieces in object `obj` bytes [from, to), or in mapping h's private pages
  // [from, to) (obj -1), die.
  void orphan(int obj, int h, uint64_t from, uint64_t to);
  Expect msync(const MsyncOp& o);
  // How an access reaches a mapping's pages.
  enum class Access {
    kLoad,         // loads through the mapping: the bytes read are the expectation's
    kStore,        // stores of `wdata`
    kStoreSame,    // stores of the bytes already there (a pin for writing, MADV_POPULATE_WRITE):
                   // they fault and copy on write like any store, and change no byte
    kProbeLoad,    // one load per page, the fault counts predicted (a ProbeOp, a populate)
    kProbeStore,   // one store of the byte there per page, the fault counts predicted
    kForcedLoad,   // FOLL_FORCE (/proc/self/mem): a PROT_NONE page is readable
    kForcedStore,  // FOLL_FORCE stores of `wdata`: a private page without PROT_WRITE is written
                   // (copied on write)
  };
  Expect access(int proc, int h, uint64_t off, uint64_t len, Access how,
                const uint8_t* wdata = nullptr);
  Expect probe(const ProbeOp& o);
  // SIZE: the page-table level (2 MiB or 1 GiB) a fault on page p must use now, or 0 when
  // the model does not require a huge one. `why` says what made it due.
  uint64_t due_level(const MappingModel& m, uint64_t p, bool write, std::string* why) const;
  // A fault on page p happened (or may have): record the page tables it may have built.
  void note_fault(MappingModel& m, uint64_t p, bool write);
  void taint_range(MappingModel& m, uint64_t p, uint64_t size, bool PageState::*flag) const;
  // MREMAP_FIXED moved the mapping to a fresh 1 GiB-aligned slot.
  void moved(MappingModel& m) const;
  // First page of the next 2 MiB virtual unit after page p.
  uint64_t next_unit(const MappingModel& m, uint64_t p) const;
  // The `size`-aligned unit of virtual address space around page p: it starts `back` pages
  // before p (back > p: before the mapping), and [first, end) are its pages in the mapping.
  struct UnitSpan {
    uint64_t back, first, end;
  };
  UnitSpan unit_span(const MappingModel& m, uint64_t p, uint64_t size) const;
  // fs-dax: file units [from, to) may no longer take PMD faults.
  void taint_file(uint64_t from, uint64_t to);
  Expect sys_write(const SysWriteOp& o);
  Expect sys_read(const SysReadOp& o);
  Expect truncate(const TruncateOp& o);
  Expect punch(const PunchHoleOp& o);
  Expect fork(const ForkOp& o);

  // Would splitting the mapping's VMA at page index `p` be refused (hugetlb unit rule)?
  bool bad_split(const MappingModel& m, uint64_t p) const;
  // Are pages p - 1 and p in one VMA? Alike neighbours merge, unless the backing's VMAs never
  // merge and a split was made between them.
  bool same_vma(const MappingModel& m, uint64_t p) const;
  // A split was made before page p (remembered where VMAs never merge back).
  void mark_split(MappingModel& m, uint64_t p) const;
  // Pages [first, end) of a mapping, each mapped, for a range op; the hole status of the range.
  enum class Holes { kNone, kSome, kAll };
  Holes holes(const MappingModel& m, uint64_t first, uint64_t end) const;
  // Object bytes a page of the mapping shows when it has no private copy.
  PagePtr backing_page(const MappingModel& m, uint64_t p) const;
  bool beyond_eof(const MappingModel& m, uint64_t p) const;
  // Would a fault on page p fail for a reason of the unit (device-dax: misaligned VMA, or the
  // unit around p not inside the device)?
  bool unit_fault_fails(const MappingModel& m, uint64_t p) const;
  // device-dax: mark (or clear) the page-table population of the unit around page p.
  void set_populated(MappingModel& m, uint64_t p, bool on) const;
  void drop_private(int obj, uint64_t from_off, uint64_t to_off);

  std::shared_ptr<const BackingTraits> traits_;
  std::vector<ObjectModel> objects_;
  std::vector<ProcModel> procs_;
  int next_handle_ = 0;
  std::map<int, KvmSlotModel> kvm_slots_;
  std::optional<HeldRead> held_;
  std::optional<std::pair<uint64_t, uint32_t>> sibling_;  // the sibling file: length, pattern
};

uint64_t round_up(uint64_t v, uint64_t a);
uint64_t round_down(uint64_t v, uint64_t a);

}  // namespace daxprop
