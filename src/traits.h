// What the model needs to know about a backing. Properties ask for traits, never for a name.
#pragma once

#include <cstdint>
#include <string>

#include "src/common.h"

namespace daxprop {

struct BackingTraits {
  std::string id;
  // KERNEL_VERSION of the kernel the case runs on: contracts that changed between releases are
  // gated on it (see kv()).
  uint32_t kernel = 0;
  // No object: every map makes its own (MAP_ANONYMOUS). Shared anonymous memory is a shmem
  // object as long as the first mapping; private anonymous memory has no object at all.
  bool anonymous = false;
  // The backing's page: COW, fault and VMA-split granularity (hugetlb: 2 MiB).
  uint64_t unit = kPage;
  uint64_t initial_size = 16 * kPage;  // object size at the start of a case
  uint64_t capacity = 64 * kPage;      // largest object size the generators aim at
  uint64_t max_map = 32 * kPage;       // longest mapping the generators draw

  bool private_ok = true;  // MAP_PRIVATE accepted
  bool sys_read = true;    // pread(2) works
  int sys_write_errno = 0;  // pwrite(2) fails with this errno; 0 = it works
  bool truncate_ok = true;
  bool punch_ok = true;
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
};

}  // namespace daxprop
