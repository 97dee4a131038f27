// Machine-readable verdicts: KTAP (stdout and ktap.txt), JUnit XML, summary.json, and the
// per-failure bundle.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "src/compare.h"
#include "src/known_issues.h"
#include "suites/properties.h"

namespace daxprop {

struct BackingReport {
  std::string id, description;
  bool ready = false;
  std::string skip_reason;
  std::map<std::string, std::string> facts;
  // The capability table row (suites/capability.h): empty if the backing is not ready.
  std::map<std::string, std::string> capability;
};

// What a KCIDB submitter knows that daxprop cannot: whose CI it is and what was checked out.
struct KcidbOptions {
  std::string origin = "daxprop";  // ^[a-z0-9_]+$: the submitter's KCIDB origin
  std::string git_url, git_commit, patchset_hash, tree_name, branch;
};

struct RunReport {
  std::string run_id, kernel, started, results_dir, inject = "none";
  // "gate" (fixed seed and cases, the budget a watchdog) or "explore" (random seed, the budget
  // decides how many cases run: finds bugs, judges nothing).
  std::string profile = "gate";
  std::string daxprop_version, daxprop_revision;
  KnownIssues known;  // the known-issues file applied (empty path: none)
  KcidbOptions kcidb;
  uint64_t seed = 0;
  int cases = 0;
  double budget_s = 0, duration_s = 0;
  std::vector<std::string> stray_kmsg;  // bad kernel-log lines between tests (no test blamed)
  bool kmsg_available = false;
  std::string kmsg_reason;
  std::vector<BackingReport> backings;
  std::vector<PropertyRun> results;
  // Rule id -> "newer (6.12 >= 6.10)" / "older (6.1 < 6.10); probe: ...": which side of each
  // release-dependent contract this kernel is on (src/contracts.h).
  std::map<std::string, std::string> contracts;
  std::string shard;  // "I/N" for a part of a sharded run (daxprop run --shard), else empty
  // A merged run (daxprop merge): more top-level members of summary.json, as JSON text
  // ("\"shards\": [...]"), each ending without a comma.
  std::vector<std::string> extra_json;
};

// Minimal JSON string escaping (RFC 8259).
std::string json_str(const std::string& s);
std::string xml_escape(const std::string& s);

std::string ktap_header(const RunReport& r, size_t planned);
// The KTAP lines of one result: diagnostics, then "ok N name", "not ok N name",
// "ok N name # SKIP why", "ok N name # XFAIL id", "ok N name # XPASS id" or
// "not ok N name # TIMEOUT why" (kselftest's directives).
std::string ktap_result(const PropertyRun& p, size_t number);
// kselftest's closing line: "# Totals: pass:N fail:N xfail:N xpass:N skip:N error:N" (a
// TIMEOUT counts as an error: the run's watchdog is no verdict on the kernel).
std::string ktap_totals(const std::vector<PropertyRun>& results);
// One word for a result as a gate reads it: pass fail xfail xpass skip error timeout.
std::string verdict_word(const PropertyRun& p);
// A result as one JSON object, and back (the runs a resumed VM run has already made).
std::string progress_json(const PropertyRun& p);
std::optional<PropertyRun> parse_progress_json(const std::string& line);
std::string junit_xml(const RunReport& r);
std::string summary_json(const RunReport& r);
std::string result_json(const PropertyRun& p);

// KCIDB I/O schema v5.0 (kernelci/kcidb-io): one checkout, one build (the kernel under test),
// one test per result, path "daxprop.<family>.<backing>.<property>".
std::string kcidb_json(const RunReport& r);
// A static, self-contained HTML page: the backing × property matrix, backings and their facts,
// the op mix per backing, each failure with its minimal trace, reproducer and kmsg lines.
std::string report_html(const RunReport& r);

// A comparison of two runs (src/compare.h): text for a maintainer's mail, JSON for machines,
// HTML (a whole page, or a section for a run's report.html).
std::string compare_text(const CompareResult& c);
std::string compare_json(const CompareResult& c);
std::string compare_html(const CompareResult& c, bool page);

// Writes ktap.txt, junit.xml, summary.json, kcidb.json, report.html and failures/<name>/ under
// r.results_dir.
bool write_results(const RunReport& r, const std::string& ktap);

// Exit status of a run: 1 on a failure that is not a known issue, an error, a TIMEOUT or an
// XPASS (a known issue's trace passed: the known-issues file needs a look, as kselftest's
// ksft_finished() counts it); 4 if nothing passed (all skipped); else 0 (XFAIL included).
int run_exit_status(const std::vector<PropertyRun>& results);

}  // namespace daxprop
