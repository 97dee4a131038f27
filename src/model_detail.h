// Helpers the model's files share (src/model*.cc); not part of the model's interface.
#pragma once

#include <sys/mman.h>

#include <algorithm>

#include "src/model.h"

// include/uapi/asm-generic/mman-common.h; glibc does not export it.
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000
#endif

namespace daxprop {

namespace model_detail {

inline const PagePtr& zero_page() {
  static const PagePtr z = std::make_shared<PageData>();
  return z;
}

// Every flag mmap accepts under MAP_SHARED_VALIDATE (include/linux/mman.h LEGACY_MAP_MASK);
// anything else there is EOPNOTSUPP (mm/mmap.c do_mmap). MAP_SYNC is added only for files whose
// f_op sets FOP_MMAP_SYNC (DAX), which no control backing is.
inline constexpr uint32_t kLegacyMapMask = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
                                           MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED |
                                           MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE |
                                           MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB;

inline Expect err(int e) {
  Expect x;
  x.out = Outcome::error(e);
  return x;
}

// Byte-mask helpers: most pages have no unknown byte, so these are the hot paths of the model.
inline void set_unknown(PageData& p, uint64_t in, uint64_t n, bool v) {
  if (!v && p.unknown.none()) return;
  if (n == kPage) {
    v ? p.unknown.set() : p.unknown.reset();
    return;
  }
  for (uint64_t k = 0; k < n; k++) p.unknown[in + k] = v;
}
inline void copy_known(const PageData& p, uint64_t in, uint64_t n, std::vector<bool>& known,
                       size_t at) {
  if (p.unknown.none()) {
    std::fill(known.begin() + static_cast<ptrdiff_t>(at),
              known.begin() + static_cast<ptrdiff_t>(at + n), true);
    return;
  }
  for (uint64_t k = 0; k < n; k++) known[at + k] = !p.unknown[in + k];
}
inline Expect ok() { return Expect{}; }

}  // namespace model_detail

}  // namespace daxprop
