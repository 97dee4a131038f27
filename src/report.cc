#include "src/report.h"

#include "suites/capability.h"

#include <sys/stat.h>

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
  }
  return "error";
}

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

std::string ktap_result(const PropertyRun& p, size_t number) {
  std::ostringstream os;
  if (p.status != PropertyRun::Status::kSkip) {
    os << "# " << p.name << ": " << p.cases << " cases, " << p.ops << " ops, " << fmt(p.seconds)
       << " s" << (p.budget_hit ? " (time budget reached)" : "") << "\n";
  }
  if (p.status == PropertyRun::Status::kFail || p.status == PropertyRun::Status::kError) {
    os << diag(p.message);
    if (p.min_failure) os << "# minimal trace: " << p.min_failure->lines.size() << " ops\n";
    if (!p.repro_status.empty()) os << "# C reproducer: " << one_line(p.repro_status) << "\n";
  }
  bool ok = p.status == PropertyRun::Status::kPass || p.status == PropertyRun::Status::kSkip;
  os << (ok ? "ok " : "not ok ") << number << " " << p.name;
  if (p.status == PropertyRun::Status::kSkip) os << " # SKIP " << one_line(p.message);
  os << "\n";
  return os.str();
}

std::string junit_xml(const RunReport& r) {
  int fail = 0, err = 0, skip = 0;
  for (const auto& p : r.results) {
    fail += p.status == PropertyRun::Status::kFail;
    err += p.status == PropertyRun::Status::kError;
    skip += p.status == PropertyRun::Status::kSkip;
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
    switch (p.status) {
      case PropertyRun::Status::kPass: break;
      case PropertyRun::Status::kSkip:
        os << "      <skipped message=\"" << xml_escape(p.message) << "\"/>\n";
        break;
      case PropertyRun::Status::kFail:
      case PropertyRun::Status::kError: {
        const char* tag = p.status == PropertyRun::Status::kFail ? "failure" : "error";
        os << "      <" << tag << " message=\"" << xml_escape(one_line(p.message)) << "\">"
           << xml_escape(p.message);
        if (p.min_failure) os << "\n\nminimal trace:\n" << xml_escape(format_trace(*p.min_failure));
        os << "</" << tag << ">\n";
        break;
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
  os << "], \"minimal_trace_ops\": " << (p.min_failure ? p.min_failure->lines.size() : 0) << "}";
  return os.str();
}

std::string summary_json(const RunReport& r) {
  std::map<std::string, int> counts{{"pass", 0}, {"fail", 0}, {"skip", 0}, {"error", 0}};
  for (const auto& p : r.results) counts[status_word(p.status)]++;
  std::ostringstream os;
  os << "{\n  \"format\": 1,\n  \"run_id\": " << json_str(r.run_id)
     << ",\n  \"kernel\": " << json_str(r.kernel) << ",\n  \"started\": " << json_str(r.started)
     << ",\n  \"duration_s\": " << fmt(r.duration_s) << ",\n  \"seed\": " << r.seed
     << ",\n  \"cases_requested\": " << r.cases << ",\n  \"budget_s\": " << fmt(r.budget_s)
     << ",\n  \"inject\": " << json_str(r.inject) << ",\n  \"kmsg\": {\"available\": "
     << (r.kmsg_available ? "true" : "false") << ", \"reason\": " << json_str(r.kmsg_reason)
     << "},\n  \"counts\": " << json_map(counts) << ",\n  \"backings\": [";
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
  os << "\n  },\n  \"properties\": [";
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
  auto status = [](PropertyRun::Status s) {
    switch (s) {
      case PropertyRun::Status::kPass: return "PASS";
      case PropertyRun::Status::kFail: return "FAIL";
      case PropertyRun::Status::kSkip: return "SKIP";
      case PropertyRun::Status::kError: return "ERROR";
    }
    return "ERROR";
  };
  const std::string id = "daxprop:" + r.run_id;
  std::ostringstream os;
  os << "{\n  \"version\": {\"major\": 5, \"minor\": 0},\n"
     << "  \"checkouts\": [{\"id\": " << json_str(id) << ", \"origin\": \"daxprop\", "
     << "\"comment\": " << json_str("kernel " + r.kernel) << "}],\n"
     << "  \"builds\": [{\"id\": " << json_str(id) << ", \"checkout_id\": " << json_str(id)
     << ", \"origin\": \"daxprop\", \"architecture\": \"x86_64\", \"comment\": "
     << json_str(r.kernel) << ", \"misc\": {\"kernel_release\": " << json_str(r.kernel)
     << "}}],\n  \"tests\": [";
  for (size_t i = 0; i < r.results.size(); i++) {
    const auto& p = r.results[i];
    os << (i ? "," : "") << "\n    {\"id\": " << json_str(id + ":" + p.name)
       << ", \"build_id\": " << json_str(id) << ", \"origin\": \"daxprop\", \"path\": "
       << json_str("daxprop." + p.name) << ", \"status\": \"" << status(p.status) << "\""
       << (r.started.empty() ? "" : ", \"start_time\": " + json_str(r.started))
       << ", \"duration\": " << fmt(p.seconds);
    if (!p.message.empty()) os << ", \"comment\": " << json_str(one_line(p.message));
    os << ", \"misc\": {\"cases\": " << p.cases << ", \"ops\": " << p.ops
       << ", \"seed\": " << p.seed << ", \"reproduce\": " << json_str(p.reproduce)
       << ", \"repro\": " << json_str(p.repro_status) << "}}";
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
  for (const auto& p : r.results) counts[status_word(p.status)]++;
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<title>daxprop " << h(r.run_id) << "</title><style>"
     << "body{font-family:sans-serif;margin:1.5em;color:#222}"
     << "table{border-collapse:collapse;margin:.5em 0 1.5em}"
     << "td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}"
     << "th{background:#eee}.pass{background:#cfc}.fail{background:#f99}.error{background:#fc9}"
     << ".skip{background:#eee;color:#666}pre{background:#f6f6f6;padding:.6em;overflow-x:auto}"
     << "</style></head><body>\n"
     << "<h1>daxprop run " << h(r.run_id) << "</h1>\n<p id=\"verdict\">kernel <b>" << h(r.kernel)
     << "</b>, seed " << r.seed << ", " << fmt(r.duration_s) << " s: " << counts["pass"]
     << " passed, " << counts["fail"] << " failed, " << counts["error"] << " errors, "
     << counts["skip"] << " skipped</p>\n";
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
      std::string w = status_word(p.status);
      os << "<td class=\"" << w << "\" title=\"" << h(one_line(p.message)) << "\">" << w;
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
    if (p.status != PropertyRun::Status::kFail && p.status != PropertyRun::Status::kError) continue;
    any = true;
    os << "<div class=\"failure\"><h3>" << h(p.name) << "</h3>\n<pre>" << h(p.message)
       << "</pre>\n";
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
    os << "</div>\n";
  }
  if (!any) os << "<p>none</p>\n";
  os << "</body></html>\n";
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
    ok &= write_file(fd + "/reproduce.txt", p.reproduce + "\n");
    if (p.first_failure) ok &= write_file(fd + "/trace.txt", format_trace(*p.first_failure));
    if (p.min_failure) ok &= write_file(fd + "/trace.min.txt", format_trace(*p.min_failure));
    if (!p.repro.empty()) ok &= write_file(fd + "/repro.c", p.repro);
  }
  return ok;
}

int run_exit_status(const std::vector<PropertyRun>& results) {
  bool any_pass = false;
  for (const auto& p : results) {
    if (p.status == PropertyRun::Status::kFail || p.status == PropertyRun::Status::kError) return 1;
    any_pass |= p.status == PropertyRun::Status::kPass;
  }
  return any_pass ? 0 : 4;
}

}  // namespace daxprop
