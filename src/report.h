// Machine-readable verdicts: KTAP (stdout and ktap.txt), JUnit XML, summary.json, and the
// per-failure bundle.
#pragma once

#include <map>
#include <string>
#include <vector>

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

struct RunReport {
  std::string run_id, kernel, started, results_dir, inject = "none";
  uint64_t seed = 0;
  int cases = 0;
  double budget_s = 0, duration_s = 0;
  bool kmsg_available = false;
  std::string kmsg_reason;
  std::vector<BackingReport> backings;
  std::vector<PropertyRun> results;
};

// Minimal JSON string escaping (RFC 8259).
std::string json_str(const std::string& s);
std::string xml_escape(const std::string& s);

std::string ktap_header(const RunReport& r, size_t planned);
// The KTAP lines of one result: diagnostics, then "ok N name" / "not ok N name [# SKIP why]".
std::string ktap_result(const PropertyRun& p, size_t number);
std::string junit_xml(const RunReport& r);
std::string summary_json(const RunReport& r);
std::string result_json(const PropertyRun& p);

// KCIDB I/O schema v5.0 (kernelci/kcidb-io): one checkout, one build (the kernel under test),
// one test per result, path "daxprop.<family>.<backing>.<property>".
std::string kcidb_json(const RunReport& r);
// A static, self-contained HTML page: the backing × property matrix, backings and their facts,
// the op mix per backing, each failure with its minimal trace, reproducer and kmsg lines.
std::string report_html(const RunReport& r);

// Writes ktap.txt, junit.xml, summary.json, kcidb.json, report.html and failures/<name>/ under
// r.results_dir.
bool write_results(const RunReport& r, const std::string& ktap);

// Exit status of a run: 1 on any failure or error, 4 if nothing passed (all skipped), else 0.
int run_exit_status(const std::vector<PropertyRun>& results);

}  // namespace daxprop
