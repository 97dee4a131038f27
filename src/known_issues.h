// Known issues: kernel bugs daxprop has found that a gate should show as known (kselftest's
// XFAIL) rather than red on every build, and that should say XPASS when a kernel fixes them.
// A bug stays a FAIL in the model; this file only names it. The format is YAML, as the
// LKFT/SQUAD known-issue lists and kselftest skip files people already write:
//
//   format: 1
//   issues:
//     - id: devdax-1g-mremap-bad-pud          # [a-z0-9][a-z0-9_.-]*, unique
//       title: mremap of a 1 GiB device-dax PUD clears it as a "bad pud"
//       tests: ["size.devdax_1g.*", "regress.devdax_1g.*"]      # globs on test names
//       signatures: ["bad pud in mm/pgtable-generic.c:*"]     # globs on signatures
//       kernels: ["6.12.*"]                   # globs on `uname -r` (default: every kernel)
//       upstream: unfixed in mainline         # free text: where the fix stands
//       fixed_by: ""                          # the fixing commit, "<sha> (\"subject\")", if any
//       url: https://lore.kernel.org/...      # a report, thread or tracker entry
//       subsystem: mm/mremap                  # a report's subject (daxprop bugreport):
//       subject: bad pud on mremap of a 1 GiB device-dax mapping   # "[BUG] mm/mremap: bad pud ..."
//       expected: >-                          # the contract the kernel broke, citing its source
//         mremap moves a huge PUD whole (mm/mremap.c move_pgt_entry(HPAGE_PUD, ...))
//       files: [mm/mremap.c]                  # the kernel files involved (their maintainers)
//       finding: devdax-1g-mremap-bad-pud     # its write-up: suites/findings/<finding>/
//
// A failure is XFAIL when its test, its signature and the kernel each match one of an entry's
// globs; a regression trace (regress.*) that passes where an entry's test and kernel match is
// XPASS: the bug did not show, the kernel may have fixed it.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace daxprop {

struct KnownIssue {
  std::string id, title, upstream, fixed_by, url, subsystem, subject, expected, finding;
  std::vector<std::string> tests, signatures, kernels, files;
};

struct KnownIssues {
  std::string path;
  std::vector<KnownIssue> issues;
  // The entry a failure of `test` with `signature` on `kernel` matches, if any.
  const KnownIssue* match_failure(const std::string& test, const std::string& signature,
                                  const std::string& kernel) const;
  // The entry whose test and kernel globs match a passing regression trace, if any.
  const KnownIssue* match_pass(const std::string& test, const std::string& kernel) const;
};

// Parses a known-issues file; on bad input, a one-line reason ("FILE:LINE: ...").
std::variant<KnownIssues, std::string> load_known_issues(const std::string& path);
std::variant<KnownIssues, std::string> parse_known_issues(const std::string& text,
                                                          const std::string& path);

// The file shipped with daxprop: the findings this suite made (suites/known-issues.yaml).
std::string shipped_known_issues();

// fnmatch(3) without flags: '*' also matches '.' and '/'.
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace daxprop
