#include "src/report.h"

#include "suites/capability.h"

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace daxprop {

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      case '\r': o += "\\r"; break;
      default:
        if (c < 0x20) {
          char b[8];
          snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  return o + "\"";
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped.
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          o += '?';
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  return o;
}

namespace {

const char* status_word(PropertyRun::Status s) {
  switch (s) {
    case PropertyRun::Status::kPass: return "pass";
    case PropertyRun::Status::kFail: return "fail";
    case PropertyRun::Status::kSkip: return "skip";
    case PropertyRun::Status::kError: return "error";
    case PropertyRun::Status::kTimeout: return "timeout";
  }
  return "error";
}

bool is_xfail(const PropertyRun& p) { return p.known == PropertyRun::Known::kXfail; }
bool is_xpass(const PropertyRun& p) { return p.known == PropertyRun::Known::kXpass; }
bool failed(const PropertyRun& p) { return p.status == PropertyRun::Status::kFail && !is_xfail(p); }

std::string fmt(double v) {
  char b[32];
  snprintf(b, sizeof b, "%.3f", v);
  return b;
}

template <typename M>
std::string json_map(const M& m) {
  std::string s = "{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) s += ", ";
    first = false;
    s += json_str(k) + ": ";
    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(v)>>) {
      s += std::to_string(v);
    } else {
      s += json_str(v);
    }
  }
  return s + "}";
}

// One line per diagnostic: KTAP diagnostics may not span lines.
std::string diag(const std::string& text) {
  std::string out;
  for (const auto& l : split(text, '\n')) {
    if (!trim(l).empty()) out += "# " + l + "\n";
  }
  return out;
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '#') c = ' ';
  }
  return trim(s);
}

}  // namespace

std::string ktap_header(const RunReport& r, size_t planned) {
  std::ostringstream os;
  os << "KTAP version 1\n"
     << "# daxprop run " << r.run_id << " kernel " << r.kernel << " seed " << r.seed << "\n"
     << "1.." << planned << "\n";
  return os.str();
}

std::string verdict_word(const PropertyRun& p) {
  if (is_xfail(p)) return "xfail";
  if (is_xpass(p)) return "xpass";
  return status_word(p.status);
}

std::string ktap_result(const PropertyRun& p, size_t number) {
  std::ostringstream os;
  using S = PropertyRun::Status;
  if (p.status != S::kSkip) {
    os << "# " << p.name << ": " << p.cases << " cases, " << p.ops << " ops, " << fmt(p.seconds)
       << " s" << (p.budget_hit ? " (time budget reached)" : "") << "\n";
    if (auto it = p.op_outcomes.find("race: repetitions judged"); it != p.op_outcomes.end()) {
      auto n = [&](const char* k) { auto i = p.op_outcomes.find(k); return i == p.op_outcomes.end() ? 0 : i->second; };
      os << "# " << p.name << ": " << it->second << " repetitions judged, "
         << n("race: orders tried to the end") << " orders tried to the end, "
         << n("race: orders cut short") << " cut short, " << n("race: repetitions undecided (step limit)")
         << " undecided\n";
    }
  }
  if (p.status == S::kFail || p.status == S::kError || p.status == S::kTimeout) {
    os << diag(p.message);
    if (!p.signature.empty()) os << "# signature: " << one_line(p.signature) << "\n";
    if (p.min_failure) {
      os << "# minimal trace: " << trace_ops(*p.min_failure) << " ops";
      if (p.min_failure->race.reps > 0) os << " (" << p.min_failure->race.threads.size() << " threads)";
      os << "\n";
    }
    if (!p.repro_status.empty()) os << "# C reproducer: " << one_line(p.repro_status) << "\n";
  }
  if (is_xpass(p)) {
    os << "# " << (p.message.empty() ? "known issue " + p.known_id + " did not show: fixed?" : one_line(p.message))
       << "\n";
  }
  const bool ok = p.status == S::kPass || p.status == S::kSkip || is_xfail(p);
  os << (ok ? "ok " : "not ok ") << number << " " << p.name;
  if (p.status == S::kSkip) os << " # SKIP " << one_line(p.message);
  if (is_xfail(p)) os << " # XFAIL " << p.known_id;
  if (is_xpass(p)) os << " # XPASS " << p.known_id;
  if (p.status == S::kTimeout) os << " # TIMEOUT " << one_line(p.message);
  os << "\n";
  return os.str();
}

std::string ktap_totals(const std::vector<PropertyRun>& results) {
  std::map<std::string, int> n;
  for (const auto& p : results) {
    std::string w = verdict_word(p);
    n[w == "timeout" ? "error" : w]++;
  }
  return "# Totals: pass:" + std::to_string(n["pass"]) + " fail:" + std::to_string(n["fail"]) +
         " xfail:" + std::to_string(n["xfail"]) + " xpass:" + std::to_string(n["xpass"]) +
         " skip:" + std::to_string(n["skip"]) + " error:" + std::to_string(n["error"]) + "\n";
}

std::string junit_xml(const RunReport& r) {
  int fail = 0, err = 0, skip = 0;
  for (const auto& p : r.results) {
    fail += failed(p) || is_xpass(p);
    err += p.status == PropertyRun::Status::kError || p.status == PropertyRun::Status::kTimeout;
    skip += p.status == PropertyRun::Status::kSkip || is_xfail(p);
  }
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     << "<testsuites name=\"daxprop\" tests=\"" << r.results.size() << "\" failures=\"" << fail
     << "\" errors=\"" << err << "\" skipped=\"" << skip << "\" time=\"" << fmt(r.duration_s)
     << "\">\n"
     << "  <testsuite name=\"daxprop\" tests=\"" << r.results.size() << "\" failures=\"" << fail
     << "\" errors=\"" << err << "\" skipped=\"" << skip << "\" time=\"" << fmt(r.duration_s)
     << "\" timestamp=\"" << xml_escape(r.started) << "\">\n"
     << "    <properties>\n"
     << "      <property name=\"kernel\" value=\"" << xml_escape(r.kernel) << "\"/>\n"
     << "      <property name=\"seed\" value=\"" << r.seed << "\"/>\n"
     << "      <property name=\"run_id\" value=\"" << xml_escape(r.run_id) << "\"/>\n"
     << "    </properties>\n";
  for (const auto& p : r.results) {
    auto parts = split(p.name, '.');
    std::string cls = "daxprop." + parts[0] + "." + (parts.size() > 1 ? parts[1] : "");
    std::string name = parts.size() > 2 ? parts[2] : p.name;
    os << "    <testcase classname=\"" << xml_escape(cls) << "\" name=\"" << xml_escape(name)
       << "\" time=\"" << fmt(p.seconds) << "\">\n";
    // JUnit has no XFAIL: a known failure is skipped with type="xfail" (as pytest writes it);
    // an XPASS is a failure of the known-issues file, type="xpass".
    if (is_xfail(p)) {
      os << "      <skipped type=\"xfail\" message=\""
         << xml_escape("known issue " + p.known_id + ": " + p.signature) << "\"/>\n";
    } else if (is_xpass(p)) {
      os << "      <failure type=\"xpass\" message=\""
         << xml_escape("known issue " + p.known_id + " did not show") << "\"/>\n";
    } else {
      switch (p.status) {
        case PropertyRun::Status::kPass: break;
        case PropertyRun::Status::kSkip:
          os << "      <skipped message=\"" << xml_escape(p.message) << "\"/>\n";
          break;
        case PropertyRun::Status::kFail:
        case PropertyRun::Status::kError:
        case PropertyRun::Status::kTimeout: {
          const char* tag = p.status == PropertyRun::Status::kFail ? "failure" : "error";
          os << "      <" << tag
             << (p.status == PropertyRun::Status::kTimeout ? " type=\"timeout\"" : "")
             << " message=\"" << xml_escape(one_line(p.message)) << "\">"
             << xml_escape(p.message);
          if (!p.signature.empty()) os << "\n\nsignature: " << xml_escape(p.signature);
          if (p.min_failure) os << "\n\nminimal trace:\n" << xml_escape(format_trace(*p.min_failure));
          os << "</" << tag << ">\n";
          break;
        }
      }
    }
    os << "      <system-out>" << p.cases << " cases, " << p.ops << " ops</system-out>\n"
       << "    </testcase>\n";
  }
  os << "  </testsuite>\n</testsuites>\n";
  return os.str();
}

std::string result_json(const PropertyRun& p) {
  std::ostringstream os;
  os << "{\"name\": " << json_str(p.name) << ", \"status\": " << json_str(status_word(p.status))
     << ", \"verdict\": " << json_str(verdict_word(p)) << ", \"signature\": " << json_str(p.signature)
     << ", \"known_id\": " << json_str(p.known_id)
     << ", \"message\": " << json_str(p.message) << ", \"cases\": " << p.cases
     << ", \"shrink_cases\": " << p.shrink_cases << ", \"ops\": " << p.ops
     << ", \"seconds\": " << fmt(p.seconds) << ", \"cases_per_second\": "
     << fmt(p.seconds > 0 ? p.cases / p.seconds : 0)
     << ", \"budget_hit\": " << (p.budget_hit ? "true" : "false") << ", \"seed\": " << p.seed
     << ", \"first_failure_s\": " << fmt(p.first_failure_s) << ", \"shrink_s\": " << fmt(p.shrink_s)
     << ", \"reproduce\": " << json_str(p.reproduce) << ", \"repro\": " << json_str(p.repro_status)
     << ", \"op_mix\": " << json_map(p.op_mix)
     << ", \"outcome_mix\": " << json_map(p.outcome_mix)
     << ", \"op_outcomes\": " << json_map(p.op_outcomes)
     << ", \"classes\": " << json_map(p.classes) << ", \"kmsg\": [";
  for (size_t i = 0; i < p.kmsg.size(); i++) os << (i ? ", " : "") << json_str(p.kmsg[i]);
  os << "], \"minimal_trace_ops\": " << (p.min_failure ? trace_ops(*p.min_failure) : 0) << "}";
  return os.str();
}

std::string summary_json(const RunReport& r) {
  std::map<std::string, int> counts{{"pass", 0}, {"fail", 0}, {"skip", 0}, {"error", 0},
                                    {"xfail", 0}, {"xpass", 0}, {"timeout", 0}};
  for (const auto& p : r.results) counts[verdict_word(p)]++;
  std::ostringstream os;
  os << "{\n";
  for (const auto& member : r.extra_json) os << "  " << member << ",\n";
  os << "  \"format\": 2,\n  \"run_id\": " << json_str(r.run_id)
     << (r.shard.empty() ? "" : ",\n  \"shard\": " + json_str(r.shard))
     << ",\n  \"profile\": " << json_str(r.profile)
     << ",\n  \"daxprop\": {\"version\": " << json_str(r.daxprop_version)
     << ", \"revision\": " << json_str(r.daxprop_revision) << "}"
     << ",\n  \"known_issues\": " << json_str(r.known.path)
     << ",\n  \"kernel\": " << json_str(r.kernel) << ",\n  \"started\": " << json_str(r.started)
     << ",\n  \"duration_s\": " << fmt(r.duration_s) << ",\n  \"seed\": " << r.seed
     << ",\n  \"cases_requested\": " << r.cases << ",\n  \"budget_s\": " << fmt(r.budget_s)
     << ",\n  \"inject\": " << json_str(r.inject) << ",\n  \"kmsg\": {\"available\": "
     << (r.kmsg_available ? "true" : "false") << ", \"reason\": " << json_str(r.kmsg_reason)
     << ", \"between_tests\": [";
  for (size_t i = 0; i < r.stray_kmsg.size(); i++) os << (i ? ", " : "") << json_str(r.stray_kmsg[i]);
  os << "]},\n  \"counts\": " << json_map(counts) << ",\n  \"backings\": [";
  for (size_t i = 0; i < r.backings.size(); i++) {
    const auto& b = r.backings[i];
    os << (i ? "," : "") << "\n    {\"id\": " << json_str(b.id)
       << ", \"description\": " << json_str(b.description)
       << ", \"ready\": " << (b.ready ? "true" : "false")
       << ", \"skip_reason\": " << json_str(b.skip_reason) << ", \"facts\": " << json_map(b.facts)
       << "}";
  }
  // The capability table: what each ready backing's fresh aligned mappings got on this kernel.
  os << "\n  ],\n  \"size_observer\": " << json_str(size_observer()) << ",\n  \"capabilities\": {";
  bool first = true;
  for (const auto& b : r.backings) {
    if (b.capability.empty()) continue;
    os << (first ? "" : ",") << "\n    " << json_str(b.id) << ": " << json_map(b.capability);
    first = false;
  }
  os << "\n  },\n  \"contracts\": " << json_map(r.contracts) << ",\n  \"properties\": [";
  const auto& props = all_properties();
  for (size_t i = 0; i < props.size(); i++) {
    os << (i ? "," : "") << "\n    {\"id\": " << json_str(props[i].id())
       << ", \"summary\": " << json_str(props[i].summary) << "}";
  }
  os << "\n  ],\n  \"results\": [";
  for (size_t i = 0; i < r.results.size(); i++) {
    os << (i ? "," : "") << "\n    " << result_json(r.results[i]);
  }
  os << "\n  ]\n}\n";
  return os.str();
}

std::string kcidb_json(const RunReport& r) {
  auto status = [](const PropertyRun& p) {
    switch (p.status) {
      case PropertyRun::Status::kPass: return "PASS";
      case PropertyRun::Status::kFail: return "FAIL";  // XFAIL too: the issue says it is known
      case PropertyRun::Status::kSkip: return "SKIP";
      case PropertyRun::Status::kError: return "ERROR";
      case PropertyRun::Status::kTimeout: return p.cases > 0 ? "ERROR" : "MISS";
    }
    return "ERROR";
  };
  const std::string& o = r.kcidb.origin;
  const std::string id = o + ":" + r.run_id;
  auto opt = [](const char* key, const std::string& v) {
    return v.empty() ? std::string() : ", \"" + std::string(key) + "\": " + json_str(v);
  };
  const bool vm = getenv("DAXPROP_IN_VM") != nullptr;
  const std::string env = vm ? "daxprop QEMU guest (emulated NVDIMM, ivshmem BAR, vIOMMU)"
                             : "native host (only the devices named on the command line)";
  std::ostringstream os;
  os << "{\n  \"version\": {\"major\": 5, \"minor\": 3},\n"
     << "  \"checkouts\": [{\"id\": " << json_str(id) << ", \"origin\": " << json_str(o)
     << opt("tree_name", r.kcidb.tree_name) << opt("git_repository_url", r.kcidb.git_url)
     << opt("git_repository_branch", r.kcidb.branch) << opt("git_commit_hash", r.kcidb.git_commit)
     << opt("patchset_hash", r.kcidb.patchset_hash)
     << (r.started.empty() ? "" : ", \"start_time\": " + json_str(r.started))
     << ", \"comment\": " << json_str("kernel " + r.kernel) << ", \"valid\": true}],\n"
     << "  \"builds\": [{\"id\": " << json_str(id) << ", \"checkout_id\": " << json_str(id)
     << ", \"origin\": " << json_str(o) << ", \"architecture\": \"x86_64\", \"comment\": "
     << json_str(r.kernel) << ", \"status\": \"PASS\", \"misc\": {\"kernel_release\": "
     << json_str(r.kernel) << "}}],\n  \"tests\": [";
  for (size_t i = 0; i < r.results.size(); i++) {
    const auto& p = r.results[i];
    os << (i ? "," : "") << "\n    {\"id\": " << json_str(id + ":" + p.name)
       << ", \"build_id\": " << json_str(id) << ", \"origin\": " << json_str(o)
       << ", \"path\": " << json_str("daxprop." + p.name) << ", \"status\": \"" << status(p) << "\""
       << (r.started.empty() ? "" : ", \"start_time\": " + json_str(r.started))
       << ", \"duration\": " << fmt(p.seconds);
    if (!p.message.empty()) os << ", \"comment\": " << json_str(one_line(p.message));
    os << ", \"environment\": {\"comment\": " << json_str(env) << ", \"misc\": {\"profile\": "
       << json_str(r.profile) << ", \"run_seed\": " << r.seed << "}}";
    if (p.min_failure) {
      std::string t = format_trace(*p.min_failure);
      if (t.size() > 16384) t = t.substr(0, 16384 - 32) + "\n... (cut: see trace.min.txt)\n";
      os << ", \"log_excerpt\": " << json_str(t);
    }
    os << ", \"misc\": {\"test_source\": \"daxprop\", \"test_revision\": "
       << json_str(r.daxprop_version + " " + r.daxprop_revision) << ", \"verdict\": "
       << json_str(verdict_word(p)) << ", \"signature\": " << json_str(p.signature)
       << ", \"cases\": " << p.cases << ", \"ops\": " << p.ops << ", \"seed\": " << p.seed
       << ", \"reproduce\": " << json_str(p.reproduce) << ", \"repro\": " << json_str(p.repro_status)
       << "}}";
  }
  // The known issues this run met, and one incident per test that met one: present for an
  // XFAIL (the bug showed), absent for an XPASS.
  std::vector<const KnownIssue*> met;
  for (const auto& p : r.results) {
    if (p.known_id.empty()) continue;
    for (const auto& k : r.known.issues) {
      if (k.id == p.known_id && std::find(met.begin(), met.end(), &k) == met.end()) met.push_back(&k);
    }
  }
  os << "\n  ],\n  \"issues\": [";
  for (size_t i = 0; i < met.size(); i++) {
    const KnownIssue& k = *met[i];
    std::string comment = k.upstream + (k.fixed_by.empty() ? "" : "; fixed by " + k.fixed_by);
    os << (i ? "," : "") << "\n    {\"id\": " << json_str(o + ":" + k.id)
       << ", \"version\": 1, \"origin\": " << json_str(o) << opt("report_url", k.url)
       << opt("report_subject", k.title) << opt("comment", comment)
       << ", \"culprit\": {\"code\": true, \"tool\": false, \"harness\": false}"
       << ", \"misc\": {\"signatures\": [";
    for (size_t j = 0; j < k.signatures.size(); j++) os << (j ? ", " : "") << json_str(k.signatures[j]);
    os << "]}}";
  }
  os << "\n  ],\n  \"incidents\": [";
  bool first = true;
  for (const auto& p : r.results) {
    if (p.known_id.empty()) continue;
    os << (first ? "" : ",") << "\n    {\"id\": " << json_str(id + ":" + p.name + ":" + p.known_id)
       << ", \"origin\": " << json_str(o) << ", \"issue_id\": " << json_str(o + ":" + p.known_id)
       << ", \"issue_version\": 1, \"build_id\": " << json_str(id) << ", \"test_id\": "
       << json_str(id + ":" + p.name) << ", \"present\": " << (is_xfail(p) ? "true" : "false")
       << "}";
    first = false;
  }
  os << "\n  ]\n}\n";
  return os.str();
}

std::string report_html(const RunReport& r) {
  auto h = xml_escape;
  std::vector<std::string> backings, props;
  std::map<std::pair<std::string, std::string>, const PropertyRun*> cell;
  for (const auto& p : r.results) {
    auto parts = split(p.name, '.');
    if (parts.size() < 3) continue;
    std::string prop = parts[0] + "." + parts[2];
    if (std::find(backings.begin(), backings.end(), parts[1]) == backings.end()) {
      backings.push_back(parts[1]);
    }
    if (std::find(props.begin(), props.end(), prop) == props.end()) props.push_back(prop);
    cell[{prop, parts[1]}] = &p;
  }
  std::map<std::string, int> counts;
  for (const auto& p : r.results) counts[verdict_word(p)]++;
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<title>daxprop " << h(r.run_id) << "</title><style>"
     << "body{font-family:sans-serif;margin:1.5em;color:#222}"
     << "table{border-collapse:collapse;margin:.5em 0 1.5em}"
     << "td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}"
     << "th{background:#eee}.pass{background:#cfc}.fail{background:#f99}.error{background:#fc9}"
     << ".skip{background:#eee;color:#666}.xfail{background:#fd8}.xpass{background:#9cf}"
     << ".timeout{background:#fc9}pre{background:#f6f6f6;padding:.6em;overflow-x:auto}"
     << "</style></head><body>\n"
     << "<h1>daxprop run " << h(r.run_id) << "</h1>\n<p id=\"verdict\">kernel <b>" << h(r.kernel)
     << "</b>, seed " << r.seed << ", " << fmt(r.duration_s) << " s: " << counts["pass"]
     << " passed, " << counts["fail"] << " failed, " << counts["xfail"]
     << " known kernel bugs (XFAIL), " << counts["xpass"] << " XPASS, " << counts["error"]
     << " errors, " << counts["timeout"] << " cut by the watchdog, " << counts["skip"]
     << " skipped (" << h(r.profile) << " profile"
     << (r.known.path.empty() ? "" : ", known issues: " + h(r.known.path)) << ")</p>\n";
  os << "<h2>Results</h2>\n<table id=\"matrix\"><tr><th>property</th>";
  for (const auto& b : backings) os << "<th>" << h(b) << "</th>";
  os << "</tr>\n";
  for (const auto& prop : props) {
    os << "<tr><th>" << h(prop) << "</th>";
    for (const auto& b : backings) {
      auto it = cell.find({prop, b});
      if (it == cell.end()) {
        os << "<td></td>";
        continue;
      }
      const PropertyRun& p = *it->second;
      std::string w = verdict_word(p);
      os << "<td class=\"" << w << "\" title=\"" << h(one_line(p.message)) << "\">" << w;
      if (!p.known_id.empty()) os << "<br><small>" << h(p.known_id) << "</small>";
      if (p.status == PropertyRun::Status::kSkip) {
        os << "<br><small>" << h(p.message) << "</small>";
      } else {
        os << "<br><small>" << p.cases << " cases</small>";
      }
      os << "</td>";
    }
    os << "</tr>\n";
  }
  os << "</table>\n<h2>Backings</h2>\n<table id=\"backings\"><tr><th>backing</th><th>state</th>"
     << "<th>verified facts and capabilities</th></tr>\n";
  for (const auto& b : r.backings) {
    os << "<tr><td>" << h(b.id) << "<br><small>" << h(b.description) << "</small></td><td class=\""
       << (b.ready ? "pass\">ready" : "skip\">SKIP: " + h(b.skip_reason)) << "</td><td>";
    for (const auto& [k, v] : b.facts) os << h(k) << " = " << h(v) << "<br>";
    for (const auto& [k, v] : b.capability) os << "<b>" << h(k) << "</b> = " << h(v) << "<br>";
    os << "</td></tr>\n";
  }
  // Which ops each backing was actually exercised with, over all its properties.
  std::map<std::string, std::map<std::string, uint64_t>> mix;
  std::map<std::string, std::map<std::string, uint64_t>> outcomes;
  std::vector<std::string> kinds, outs;
  for (const auto& p : r.results) {
    auto parts = split(p.name, '.');
    if (parts.size() < 3) continue;
    for (const auto& [k, n] : p.op_mix) {
      mix[k][parts[1]] += n;
      if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
    }
    for (const auto& [k, n] : p.outcome_mix) {
      outcomes[k][parts[1]] += n;
      if (std::find(outs.begin(), outs.end(), k) == outs.end()) outs.push_back(k);
    }
  }
  std::sort(kinds.begin(), kinds.end());
  std::sort(outs.begin(), outs.end());
  os << "</table>\n<h2>Coverage: ops and outcomes per backing</h2>\n<table id=\"opmix\"><tr><th>"
     << "</th>";
  for (const auto& b : backings) os << "<th>" << h(b) << "</th>";
  os << "</tr>\n";
  for (const auto* rows : {&kinds, &outs}) {
    const auto& table = rows == &kinds ? mix : outcomes;
    for (const auto& k : *rows) {
      os << "<tr><th>" << h(k) << "</th>";
      for (const auto& b : backings) {
        auto it = table.at(k).find(b);
        os << "<td>" << (it == table.at(k).end() ? 0 : it->second) << "</td>";
      }
      os << "</tr>\n";
    }
  }
  os << "</table>\n<h2>Failures</h2>\n";
  bool any = false;
  for (const auto& p : r.results) {
    if (p.status != PropertyRun::Status::kFail && p.status != PropertyRun::Status::kError &&
        p.status != PropertyRun::Status::kTimeout && !is_xpass(p)) {
      continue;
    }
    any = true;
    os << "<div class=\"failure " << verdict_word(p) << "\"><h3>" << h(p.name) << " — "
       << h(verdict_word(p)) << "</h3>\n";
    // A known kernel bug is still a kernel bug: shown in full, with what is known of it.
    for (const auto& k : r.known.issues) {
      if (k.id != p.known_id) continue;
      os << "<p class=\"known\">known kernel bug <b>" << h(k.id) << "</b>: " << h(k.title)
         << (k.upstream.empty() ? "" : "<br>upstream: " + h(k.upstream))
         << (k.fixed_by.empty() ? "" : "<br>fixed by: " + h(k.fixed_by));
      if (!k.url.empty()) os << "<br><a href=\"" << h(k.url) << "\">" << h(k.url) << "</a>";
      os << "</p>\n";
    }
    if (!p.signature.empty()) os << "<p>signature: <code>" << h(p.signature) << "</code></p>\n";
    os << "<pre>" << h(p.message) << "</pre>\n";
    if (p.min_failure) {
      os << "<p>minimal trace (" << p.min_failure->lines.size() << " ops; seed " << p.seed
         << "):</p><pre class=\"trace\">" << h(format_trace(*p.min_failure)) << "</pre>\n";
    }
    if (!p.repro_status.empty()) {
      os << "<p>C reproducer: " << h(p.repro_status) << " — <a href=\"failures/" << h(p.name)
         << "/repro.c\">repro.c</a></p>\n";
    }
    if (!p.kmsg.empty()) {
      os << "<p>kernel log:</p><pre>";
      for (const auto& l : p.kmsg) os << h(l) << "\n";
      os << "</pre>\n";
    }
    if (!p.stacks.empty()) {
      os << "<p>kernel stacks when the first failing case hung (<a href=\"failures/" << h(p.name)
         << "/stacks.txt\">stacks.txt</a>):</p><pre>" << h(p.stacks) << "</pre>\n";
    }
    os << "</div>\n";
  }
  if (!any) os << "<p>none</p>\n";
  os << "</body></html>\n";
  return os.str();
}

namespace {
const char* const kCompareClasses[] = {"regression", "fixed",   "still failing", "new test",
                                       "missing",    "unstable", "unchanged"};
std::string change_line(const TestChange& t) {
  std::string s = t.test + ": " + t.a + " -> " + t.b;
  if (!t.sig_a.empty() && !t.sig_b.empty() && t.sig_a != t.sig_b) {
    s += " (signature " + t.sig_a + " -> " + t.sig_b + ")";
  } else if (!t.sig_b.empty()) {
    s += " (" + t.sig_b + ")";
  } else if (!t.sig_a.empty()) {
    s += " (was " + t.sig_a + ")";
  }
  if (!t.detail.empty()) s += " [" + one_line(t.detail) + "]";
  return s;
}
}  // namespace

std::string compare_text(const CompareResult& c) {
  std::ostringstream os;
  os << "daxprop compare\n  A: " << c.run_a << " (kernel " << c.kernel_a << ", " << c.profile_a
     << ", seed " << c.seed_a << ")\n  B: " << c.run_b << " (kernel " << c.kernel_b << ", "
     << c.profile_b << ", seed " << c.seed_b << ")\n";
  for (const auto& w : c.caveats) os << "  caveat: " << w << "\n";
  os << "\n";
  for (const char* cls : kCompareClasses) os << c.count(cls) << " " << cls << (std::string(cls) == "unchanged" ? "\n" : ", ");
  for (const char* cls : kCompareClasses) {
    if (std::string(cls) == "unchanged" || c.count(cls) == 0) continue;
    os << "\n" << cls << ":\n";
    for (const auto& t : c.tests) {
      if (t.cls == cls) os << "  " << change_line(t) << "\n";
    }
  }
  if (!c.signatures_appeared.empty() || !c.signatures_gone.empty()) {
    os << "\nsignatures:\n";
    for (const auto& s : c.signatures_appeared) os << "  + " << s << "\n";
    for (const auto& s : c.signatures_gone) os << "  - " << s << "\n";
  }
  os << "\ncapabilities:" << (c.capability_changes.empty() ? " no change\n" : "\n");
  for (const auto& l : c.capability_changes) os << "  " << l << "\n";
  os << "\nop outcomes per backing:" << (c.outcome_changes.empty() ? " no change\n" : "\n");
  const size_t shown = std::min<size_t>(c.outcome_changes.size(), 40);
  for (size_t i = 0; i < shown; i++) {
    const auto& e = c.outcome_changes[i];
    os << "  " << e.backing << " " << e.what << ": " << e.a << " -> " << e.b << "\n";
  }
  if (shown < c.outcome_changes.size()) {
    os << "  ... " << c.outcome_changes.size() - shown << " more in compare.json\n";
  }
  os << "\nverdict: " << (c.count("regression") ? std::to_string(c.count("regression")) + " regression(s)" : "no regression") << "\n";
  return os.str();
}

std::string compare_json(const CompareResult& c) {
  std::ostringstream os;
  auto list = [&](const std::vector<std::string>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); i++) s += (i ? ", " : "") + json_str(v[i]);
    return s + "]";
  };
  os << "{\n  \"format\": 1,\n  \"a\": {\"run\": " << json_str(c.run_a) << ", \"kernel\": "
     << json_str(c.kernel_a) << ", \"profile\": " << json_str(c.profile_a) << ", \"seed\": " << c.seed_a
     << ", \"daxprop\": " << json_str(c.daxprop_a) << "},\n  \"b\": {\"run\": " << json_str(c.run_b)
     << ", \"kernel\": " << json_str(c.kernel_b) << ", \"profile\": " << json_str(c.profile_b)
     << ", \"seed\": " << c.seed_b << ", \"daxprop\": " << json_str(c.daxprop_b) << "},\n  \"caveats\": "
     << list(c.caveats) << ",\n  \"counts\": {";
  bool first = true;
  for (const char* cls : kCompareClasses) {
    os << (first ? "" : ", ") << json_str(cls) << ": " << c.count(cls);
    first = false;
  }
  os << "},\n  \"regressions\": " << c.count("regression") << ",\n  \"tests\": [";
  for (size_t i = 0; i < c.tests.size(); i++) {
    const auto& t = c.tests[i];
    os << (i ? "," : "") << "\n    {\"test\": " << json_str(t.test) << ", \"class\": " << json_str(t.cls)
       << ", \"a\": " << json_str(t.a) << ", \"b\": " << json_str(t.b) << ", \"signature_a\": "
       << json_str(t.sig_a) << ", \"signature_b\": " << json_str(t.sig_b) << ", \"detail\": "
       << json_str(t.detail) << "}";
  }
  os << "\n  ],\n  \"signatures_appeared\": " << list(c.signatures_appeared)
     << ",\n  \"signatures_gone\": " << list(c.signatures_gone)
     << ",\n  \"capability_changes\": " << list(c.capability_changes) << ",\n  \"outcome_changes\": [";
  for (size_t i = 0; i < c.outcome_changes.size(); i++) {
    const auto& e = c.outcome_changes[i];
    os << (i ? "," : "") << "\n    {\"backing\": " << json_str(e.backing) << ", \"what\": "
       << json_str(e.what) << ", \"a\": " << e.a << ", \"b\": " << e.b << "}";
  }
  os << "\n  ]\n}\n";
  return os.str();
}

std::string compare_html(const CompareResult& c, bool page) {
  auto h = xml_escape;
  std::ostringstream os;
  if (page) {
    os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>daxprop compare"
       << "</title><style>body{font-family:sans-serif;margin:1.5em}td,th{border:1px solid #bbb;"
       << "padding:.3em .6em;text-align:left}table{border-collapse:collapse}"
       << ".regression{background:#f99}.fixed{background:#cfc}</style></head><body>\n";
  }
  os << "<section id=\"compare\"><h2>Compared with " << h(c.run_a) << "</h2>\n<p>A: kernel <b>"
     << h(c.kernel_a) << "</b>, B: kernel <b>" << h(c.kernel_b) << "</b>: ";
  for (const char* cls : kCompareClasses) os << c.count(cls) << " " << cls << "; ";
  os << "</p>\n";
  for (const auto& w : c.caveats) os << "<p>caveat: " << h(w) << "</p>\n";
  os << "<table id=\"changes\"><tr><th>class</th><th>test</th><th>A</th><th>B</th><th>signature</th></tr>\n";
  for (const auto& t : c.tests) {
    if (t.cls == "unchanged") continue;
    std::string cls = t.cls;
    std::replace(cls.begin(), cls.end(), ' ', '-');
    os << "<tr class=\"" << h(cls) << "\"><td>" << h(t.cls) << "</td><td>" << h(t.test) << "</td><td>"
       << h(t.a) << "</td><td>" << h(t.b) << "</td><td>" << h(t.sig_b.empty() ? t.sig_a : t.sig_b)
       << "</td></tr>\n";
  }
  os << "</table>\n<h3>Capabilities</h3>\n<ul>";
  for (const auto& l : c.capability_changes) os << "<li>" << h(l) << "</li>";
  if (c.capability_changes.empty()) os << "<li>no change</li>";
  os << "</ul>\n<h3>Op outcomes per backing</h3>\n<table><tr><th>backing</th><th>outcome</th><th>A</th>"
     << "<th>B</th></tr>\n";
  for (const auto& e : c.outcome_changes) {
    os << "<tr><td>" << h(e.backing) << "</td><td>" << h(e.what) << "</td><td>" << e.a << "</td><td>"
       << e.b << "</td></tr>\n";
  }
  os << "</table></section>\n";
  if (page) os << "</body></html>\n";
  return os.str();
}

bool write_results(const RunReport& r, const std::string& ktap) {
  const std::string& d = r.results_dir;
  bool ok = write_file(d + "/ktap.txt", ktap) && write_file(d + "/junit.xml", junit_xml(r)) &&
            write_file(d + "/summary.json", summary_json(r)) &&
            write_file(d + "/kcidb.json", kcidb_json(r)) &&
            write_file(d + "/report.html", report_html(r));
  for (const auto& p : r.results) {
    if (!p.min_failure && p.status != PropertyRun::Status::kFail) continue;
    std::string fd = d + "/failures/" + p.name;
    mkdir((d + "/failures").c_str(), 0755);
    mkdir(fd.c_str(), 0755);
    ok &= write_file(fd + "/result.json", result_json(p) + "\n");
    // RapidCheck's reproduce string, where RapidCheck found the failure (a known issue the test
    // went on past has none: its trace is the way back).
    if (!p.reproduce.empty()) ok &= write_file(fd + "/reproduce.txt", p.reproduce + "\n");
    if (p.first_failure) ok &= write_file(fd + "/trace.txt", format_trace(*p.first_failure));
    if (p.min_failure) ok &= write_file(fd + "/trace.min.txt", format_trace(*p.min_failure));
    if (!p.repro.empty()) ok &= write_file(fd + "/repro.c", p.repro);
    if (!p.stacks.empty()) ok &= write_file(fd + "/stacks.txt", p.stacks);
  }
  return ok;
}

int run_exit_status(const std::vector<PropertyRun>& results) {
  bool any_verdict = false;
  for (const auto& p : results) {
    if (failed(p) || is_xpass(p) || p.status == PropertyRun::Status::kError ||
        p.status == PropertyRun::Status::kTimeout) {
      return 1;
    }
    any_verdict |= p.status == PropertyRun::Status::kPass || is_xfail(p);
  }
  return any_verdict ? 0 : 4;
}

std::string progress_json(const PropertyRun& p) {
  std::string j = result_json(p);
  j.pop_back();  // the closing brace
  j += ", \"known\": " + std::to_string(static_cast<int>(p.known)) +
       ", \"first_failure_trace\": " + json_str(p.first_failure ? format_trace(*p.first_failure) : "") +
       ", \"min_failure_trace\": " + json_str(p.min_failure ? format_trace(*p.min_failure) : "") +
       ", \"repro_text\": " + json_str(p.repro) + ", \"stacks\": " + json_str(p.stacks) + "}";
  return j;
}

std::optional<PropertyRun> parse_progress_json(const std::string& line) {
  try {
    YAML::Node n = YAML::Load(line);
    PropertyRun p;
    p.name = n["name"].as<std::string>();
    const std::string st = n["status"].as<std::string>();
    bool found = false;
    for (auto s : {PropertyRun::Status::kPass, PropertyRun::Status::kFail, PropertyRun::Status::kSkip,
                   PropertyRun::Status::kError, PropertyRun::Status::kTimeout}) {
      if (st == status_word(s)) p.status = s, found = true;
    }
    if (!found) return std::nullopt;
    p.signature = n["signature"].as<std::string>();
    p.known_id = n["known_id"].as<std::string>();
    p.known = static_cast<PropertyRun::Known>(n["known"].as<int>());
    p.message = n["message"].as<std::string>();
    p.cases = n["cases"].as<int>();
    p.shrink_cases = n["shrink_cases"].as<int>();
    p.ops = n["ops"].as<uint64_t>();
    p.seconds = n["seconds"].as<double>();
    p.budget_hit = n["budget_hit"].as<bool>();
    p.seed = n["seed"].as<uint64_t>();
    p.first_failure_s = n["first_failure_s"].as<double>();
    p.shrink_s = n["shrink_s"].as<double>();
    p.reproduce = n["reproduce"].as<std::string>();
    p.repro_status = n["repro"].as<std::string>();
    p.repro = n["repro_text"].as<std::string>();
    p.stacks = n["stacks"].as<std::string>();
    for (auto [key, dst] : {std::pair{"op_mix", &p.op_mix}, std::pair{"outcome_mix", &p.outcome_mix},
                            std::pair{"op_outcomes", &p.op_outcomes}}) {
      for (const auto& kv : n[key]) (*dst)[kv.first.as<std::string>()] = kv.second.as<uint64_t>();
    }
    for (const auto& kv : n["classes"]) p.classes[kv.first.as<std::string>()] = kv.second.as<int>();
    for (const auto& l : n["kmsg"]) p.kmsg.push_back(l.as<std::string>());
    for (auto [key, dst] : {std::pair{"first_failure_trace", &p.first_failure},
                            std::pair{"min_failure_trace", &p.min_failure}}) {
      std::string text = n[key].as<std::string>();
      if (text.empty()) continue;
      auto t = parse_trace(text);
      if (auto* tr = std::get_if<Trace>(&t)) *dst = *tr;
    }
    return p;
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

}  // namespace daxprop
