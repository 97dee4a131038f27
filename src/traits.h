// What the model needs to know about a backing. Properties ask for traits, never for a name.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>

#include "src/common.h"
#include "src/contracts.h"

namespace daxprop {

struct BackingTraits {
  std::string id;
  // Split VMAs merge back once their flags agree again. VM_SPECIAL VMAs (VM_DONTEXPAND:
  // hugetlbfs; VM_PFNMAP/VM_IO) never merge (mm/vma.c: vma_merge_new_range and
  // vma_merge_existing_range bail out on VM_SPECIAL), so every split is for good.
  bool vma_merge = true;
  // A fault through a MAP_PRIVATE mapping on a hole of the file gets a private zeroed page and
  // leaves the page cache alone (mm/hugetlb.c hugetlb_no_page: only VM_MAYSHARE faults call
  // hugetlb_add_to_page_cache), so that mapping no longer sees later writes to the file there.
  bool private_hole_fault_is_anon = false;
  // KERNEL_VERSION of the kernel the case runs on: contracts that changed between releases are
  // gated on it, through the rules of src/contracts.h.
  uint32_t kernel = 0;
  // Rules a release older than their `since` already follows (a distribution's backport), each
  // with the evidence seen on the running kernel (fixtures/backing.cc probe_contracts).
  std::array<bool, kRuleCount> rule_backported{};
  std::array<std::string, kRuleCount> rule_evidence{};
  // No object: every map makes its own (MAP_ANONYMOUS). Shared anonymous memory is a shmem
  // object as long as the first mapping; private anonymous memory has no object at all.
  bool anonymous = false;
  // The backing's page: COW, fault and VMA-split granularity (hugetlb: 2 MiB).
  uint64_t unit = kPage;
  uint64_t initial_size = 16 * kPage;  // object size at the start of a case
  uint64_t capacity = 64 * kPage;      // largest object size the generators aim at
  uint64_t max_map = 32 * kPage;       // longest mapping the generators draw

  bool private_ok = true;  // MAP_PRIVATE accepted
  bool sys_read = true;    // pread(2) is generated at all
  int sys_read_errno = 0;   // pread(2) fails with this errno; 0 = it works
  int sys_write_errno = 0;  // pwrite(2) fails with this errno; 0 = it works
  // ftruncate(2) and fallocate(PUNCH_HOLE) work (false: the object is not a regular file; they
  // are still drawn, now and then, and must fail with truncate_errno / punch_errno).
  bool truncate_ok = true;
  bool punch_ok = true;
  int truncate_errno = EINVAL;  // do_sys_ftruncate: !S_ISREG
  int punch_errno = ENODEV;     // vfs_fallocate: neither a regular file nor a block device
  // The object is a fixed-size device region: pread/pwrite at or past its end fail EINVAL, a
  // transfer crossing it is cut short, and nothing grows it (drivers/vfio/pci/vfio_pci_rdwr.c
  // vfio_pci_bar_rw).
  bool fixed_size = false;
  // Object offset 0 as the object fd sees it: added to every mmap offset and pread/pwrite
  // position. A VFIO device fd multiplexes its regions by offset (VFIO_PCI_INDEX_TO_OFFSET,
  // drivers/vfio/pci/vfio_pci_core.c vfio_pci_core_mmap/vfio_pci_rw); everything else is 0.
  uint64_t obj_base = 0;
  // mmap refuses a range that does not lie within the object (vfio_pci_core_mmap:
  // req_start + req_len > phys_len is -EINVAL); elsewhere such a mapping is made and faults.
  bool map_within_size = false;
  // The file's f_op sets FOP_MMAP_SYNC (ext4, xfs, device-dax), so MAP_SHARED_VALIDATE accepts
  // MAP_SYNC (mm/mmap.c do_mmap flags_mask); elsewhere MAP_SYNC there is -EOPNOTSUPP.
  bool map_sync_ok = false;
  // The file has an ->fsync. Without one (device-dax dax_fops, vfio_device_fops) msync(MS_SYNC)
  // over a shared mapping fails -EINVAL (mm/msync.c -> fs/sync.c vfs_fsync_range).
  bool fsync_ok = true;
  // The VMA is VM_IO|VM_PFNMAP|VM_DONTEXPAND (vfio_pci_core_mmap): MADV_DONTNEED is -EINVAL
  // (mm/madvise.c madvise_dontneed_free_valid_vma), MADV_DOFORK is -EINVAL (madvise_vma_behavior),
  // mremap cannot grow it (-EFAULT, mm/mremap.c vma_to_resize).
  bool pfnmap = false;
  // Longest read/write through a mapping the generators draw (a whole 1 GiB mapping would be a
  // 1 GiB transfer per op); UINT64_MAX = up to the whole mapping.
  uint64_t max_access = UINT64_MAX;
  // ftruncate refuses sizes that are not a multiple of `unit` (hugetlbfs_setattr).
  bool truncate_unit_only = false;
  // Punching a hole zeroes the partial units at its edges (shmem_undo_range; hugetlbfs since
  // 6.1 via hugetlbfs_zero_partial_page).
  bool punch_zeroes_partial = true;
  // Punching a hole also discards private COW copies of the punched pages (hugetlb walks every
  // VMA of the file, shmem passes even_cows=0).
  bool punch_drops_private = false;
  // A writable mmap whose end lies past EOF grows the file (hugetlbfs_file_mmap).
  bool writable_map_extends = false;
  // Splits of a VMA (munmap/mprotect/madvise inside a mapping) must fall on `unit` boundaries,
  // else EINVAL (hugetlb_vm_op_split).
  bool split_unit_only = false;
  // Bytes stored through a shared mapping past EOF in the EOF page are kept as stored and show
  // after the file grows (mm/shmem.c shmem_setattr only zeroes on shrink); else unspecified.
  bool eof_tail_kept = true;
  // Which kernel code enforces `unit` when it is larger than a page.
  enum class UnitRule : uint8_t {
    // hugetlbfs (mm/hugetlb.c, fs/hugetlbfs/inode.c): mmap offsets must be unit aligned,
    // lengths are rounded up to the unit, mremap rounds both lengths and never grows,
    // MADV_DONTNEED needs an aligned start; private COW copies a whole unit.
    kHugetlb,
    // device-dax (drivers/dax/device.c): check_vma wants vm_start and vm_end unit aligned
    // (-EINVAL at mmap, SIGBUS at fault for a VMA that became misaligned, e.g. grown by
    // mremap); the file offset is not checked; a fault maps a whole unit and is SIGBUS unless
    // the unit lies inside the device (dax_pgoff_to_phys). Nothing is rounded.
    kDeviceDax,
  };
  UnitRule unit_rule = UnitRule::kHugetlb;

  // SIZE: which rule decides the page-table level of a fault, and which huge levels this
  // kernel offers the backing (feature-gated by the fixture, with the evidence).
  enum class HugeRule : uint8_t {
    // The level follows a policy (THP sysfs knobs, khugepaged), not a contract: not judged.
    kNone,
    // hugetlbfs: always the huge page (2 MiB here), whatever the alignment of the request.
    kHugetlb,
    // device-dax: exactly the device alignment (__dev_dax_pmd_fault/__dev_dax_pud_fault:
    // fault_size < align is SIGBUS, > align falls back), so the level is `unit`.
    kDeviceDax,
    // fs-dax: a PMD where dax_fault_check_fallback (fs/dax.c) lets it: the address and file
    // offset agree modulo 2 MiB, the 2 MiB lies in one VMA and inside i_size, the fault is not
    // a private write, and the file's extent there is one aligned 2 MiB (dax_iomap_pmd_fault).
    kFsDax,
    // VM_PFNMAP with ->huge_fault (vfio-pci since 6.12, vfio_pci_mmap_huge_fault): PMD or PUD
    // where the range lies in the VMA and the pfn is aligned to the size.
    kPfnmap,
  };
  HugeRule huge_rule = HugeRule::kNone;
  bool huge_pmd = false;      // 2 MiB entries offered by this kernel for this backing
  bool huge_pud = false;      // 1 GiB entries offered
  std::string huge_evidence;  // how the fixture decided huge_pmd/huge_pud
  // pfnmap: physical address of object offset 0 (the BAR's start): pfn alignment.
  uint64_t phys_base = 0;
  // fs-dax: msync(MS_SYNC)/fsync write-protects every dirty entry of the synced range in all
  // mappings (fs/dax.c dax_writeback_one -> dax_entry_mkclean), so the next store faults again.
  bool sync_wrprotects = false;
  // MADV_HWPOISON may be injected into this backing's pages (DAX pages; VM or --allow-poison):
  // memory_failure_dev_pagemap (mm/memory-failure.c) unmaps the entry from every process and
  // sends the injecting process SIGBUS/BUS_MCEERR_AR with si_addr_lsb of its entry.
  bool poison_ok = false;
  // Why KVM ops cannot run here (no /dev/kvm, KVM_CREATE_VM refused); empty: they can.
  std::string kvm_skip = "not probed";
  // KVM's pages_4k/2m/1g count the guest's stage-2 mappings here (a guest access made them
  // grow when probed); if not, the mapping level is not judged through them.
  bool kvm_levels = false;
  // Why O_DIRECT pins cannot run here (no loop device to make a scratch block device); empty:
  // they can.
  std::string odirect_skip = "not probed";
  // An fs-dax file (known from construction, before setup): truncate and punch-hole break its
  // DAX layouts first (ext4/xfs_break_layouts wait for pinned pages), and a sibling file can be
  // made in its directory.
  bool dax_file = false;
  // The object is a file of its own kind, neither shmem nor hugetlbfs: device-dax, fs-dax, a
  // VFIO device. Before 6.5 io_uring refused fixed buffers over such a file itself
  // (Rule::kIoUringLeavesFileCheckToGup).
  bool special_file = false;
  // The file has its own get_unmapped_area (device-dax: dax_get_unmapped_area; VFIO:
  // vfio_device_get_unmapped_area): since 6.17 mremap moves several VMAs of a range at once
  // only where vma_multi_allowed(), which such a file is not (Rule::kMremapMovesMultipleVmas).
  bool own_unmapped_area = false;
  // Why a read cannot be held in flight here (src/inflight.c: no device-mapper delay target);
  // empty: it can.
  std::string hold_skip = "not probed";

  // ---- Contracts the model states in the kernel's terms (from the traits above) ----
  // A long-term pin (FOLL_LONGTERM: io_uring fixed buffers) of this backing's pages is refused
  // by its VMA: mm/gup.c check_vma_flags says -EFAULT for VM_IO|VM_PFNMAP, -EOPNOTSUPP for
  // fs-dax (vma_is_fsdax). The errno; 0 where long-term pins are allowed.
  int longterm_pin_errno() const {
    return pfnmap ? EFAULT : huge_rule == HugeRule::kFsDax ? EOPNOTSUPP : 0;
  }
  // The extent memory failure reports for a poisoned page (si_addr_lsb): device-dax pages are
  // compound folios of the alignment and the kill names the head (mf_generic_kill_procs);
  // fs-dax and the others name the page (add_to_kill_fsdax). Bytes.
  uint64_t poison_unit() const { return huge_rule == HugeRule::kDeviceDax ? unit : kPage; }
  // Only a written block of the file is a pmem page: a hole is mapped with the shared (huge)
  // zero page (fs/dax.c dax_load_hole, dax_pmd_load_hole), ordinary kernel memory.
  bool poison_needs_written_block() const { return huge_rule == HugeRule::kFsDax; }
  // A device's or a BAR's (fixed_size) bytes outlive the case: each case starts by zeroing
  // [0, this) of it, what the generators aim at (capacity) plus the longest mapping and a page
  // either side, in whole units. Past it the bytes are what earlier cases left (a 1 GiB mapping
  // or a pwrite near the end reaches there): unknown until the case writes them.
  uint64_t zeroed_per_case() const {
    const uint64_t n = (capacity + max_map + 2 * kPage + unit - 1) / unit * unit;
    return n < initial_size ? n : initial_size;
  }
  // The file's page cache is DAX's xarray of entries, one size per 2 MiB unit: a 4 KiB fault
  // leaves a 4 KiB entry there for every mapping of the file (fs/dax.c grab_mapping_entry).
  bool file_entries_per_unit() const { return huge_rule == HugeRule::kFsDax; }
  // MADV_COLD and MADV_PAGEOUT refuse a VM_PFNMAP or VM_HUGETLB VMA (mm/madvise.c
  // madvise_cold/madvise_pageout: !can_madv_lru_vma is -EINVAL); elsewhere they only age or
  // reclaim pages and change no byte (DAX entries have no LRU folio: the walk skips them).
  bool lru_advice_refused() const {
    return pfnmap || (unit > kPage && unit_rule == UnitRule::kHugetlb);
  }
  // mmap(MAP_LOCKED) keeps VM_LOCKED only on a VMA that is not VM_SPECIAL, DAX or hugetlb
  // (mm/mmap.c mmap_region clears VM_LOCKED_MASK there).
  bool keeps_vm_locked() const {
    return !pfnmap && !dax_file && huge_rule != HugeRule::kDeviceDax && !(unit > kPage && unit_rule == UnitRule::kHugetlb);
  }
};

}  // namespace daxprop
