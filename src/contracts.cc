#include "src/contracts.h"

#include "src/common.h"
#include "src/traits.h"

namespace daxprop {

const std::array<RuleInfo, kRuleCount>& contract_rules() {
  static const std::array<RuleInfo, kRuleCount> kRules = {{
      {Rule::kPopulateStopsAtHole, "madvise-populate-stops-at-hole", kv(6, 10),
       "fa9fcd8bb6e4 (\"mm/madvise: don't perform madvise VMA walk for "
       "MADV_POPULATE_(READ|WRITE)\")",
       "MADV_POPULATE_(READ|WRITE) faults the range in address order and stops at the first "
       "failure: a hole is -ENOMEM there (mm/madvise.c madvise_populate over the whole range)",
       "madvise_walk_vmas skips holes (remembering -ENOMEM), populates every VMA of the range, "
       "returns a VMA's error (-EINVAL, -EFAULT) at once and -ENOMEM at the end if there was a "
       "hole"},
      {Rule::kMremapMovesMultipleVmas, "mremap-fixed-moves-multiple-vmas", kv(6, 17),
       "d23cb648e365 (\"mm/mremap: permit mremap() move of multiple VMAs\"), with "
       "7c91e0b91aaa (\"... allow multi-VMA move when filesystem uses thp_get_unmapped_area\") "
       "and d5f416c7c364 (\"... catch invalid multi VMA moves earlier\"), all in 6.17",
       "a same-size MREMAP_FIXED move takes every VMA of the range along, gaps included, where "
       "vma_multi_allowed() (anonymous, shmem, hugetlb, a file mapped by thp_get_unmapped_area: "
       "fs-dax); a file with its own get_unmapped_area (device-dax, VFIO) still moves one VMA",
       "the range must be one VMA (vma_to_resize: -EFAULT otherwise)"},
      {Rule::kMremapChecksBeforeTrim, "mremap-fixed-shrink-checks-first", kv(6, 17),
       "a85dc37186a5 (\"mm/mremap: check remap conditions earlier\")",
       "a MREMAP_FIXED shrink that will fail with -EFAULT trims nothing (do_mremap runs "
       "check_prep_vma before mremap_to)",
       "mremap_to munmaps the tail first and keeps it trimmed when the move then fails "
       "(6.12 mm/mremap.c:978-990)"},
      {Rule::kIoUringLeavesFileCheckToGup, "io-uring-fixed-buffers-over-files", kv(6, 5),
       "34ed8d0dcd69 (\"io_uring: rsrc: delegate VMA file-backed check to GUP\", with \"mm/gup: "
       "remove vmas parameter from pin_user_pages()\")",
       "io_uring registers fixed buffers over any mapping GUP pins long-term (device-dax "
       "included); GUP itself refuses fs-dax (-EOPNOTSUPP) and VM_IO|VM_PFNMAP (-EFAULT)",
       "io_uring/rsrc.c io_pin_pages also refused, after pinning, every VMA backed by a file "
       "that is neither shmem nor hugetlbfs: -EOPNOTSUPP (device-dax)"},
  }};
  return kRules;
}

const RuleInfo& rule_info(Rule r) { return contract_rules()[static_cast<size_t>(r)]; }

bool holds(const BackingTraits& t, Rule r) {
  return t.kernel >= rule_info(r).since || t.rule_backported[static_cast<size_t>(r)];
}

std::string rule_reason(const BackingTraits& t, Rule r) {
  const RuleInfo& i = rule_info(r);
  const std::string rel = kernel_version_name(t.kernel), since = kernel_version_name(i.since);
  if (t.kernel >= i.since) return rel + " >= " + since;
  if (t.rule_backported[static_cast<size_t>(r)]) {
    return "backported to " + rel + ": " + t.rule_evidence[static_cast<size_t>(r)];
  }
  return rel + " < " + since;
}

}  // namespace daxprop
